/*
 * Typing one capitalised span: gazetteer evidence, head words, titles and
 * roles, sports tables, and the shape of the words, most certain first.
 * The rules are the table ner_rules, tried in order; the first that matches
 * gives the span its label, score, source and strength. Each rule's match
 * holds on its own (it does not rely on an earlier row having failed), so a
 * row can be moved, tested (ner_rule_try) and reported (ner_rule_name) alone.
 */
#include <string.h>

#include "ner_int.h"

int ner_set(ent_span *sp, uint32_t label, float score, int source, int strong) {
    sp->label = label;
    sp->score = score;
    sp->source = (uint8_t)source;
    sp->strong = (uint8_t)strong;
    return 0;
}

/* Is there a person cue (title or role word) just before token i? */
static int person_cue(const ctx *c, uint32_t i) {
    const ent_tok *T = c->s->tok;
    if (i <= c->sb) return 0;
    const ent_tok *p = &T[i - 1];
    return (p->gf & (G_TITLE | G_ROLE)) && !(p->gf & ENTITY_FLAGS & ~G_CITY);
}

const gaz_entry *ner_whole_entry(const ctx *c, uint32_t b, uint32_t e) {
    const ent_tok *T = c->s->tok;
    if (e == b + 1) return T[b].g;
    gaz_tok tk[16];
    if (e - b > 16) return NULL;
    uint64_t h = GAZ_SEED;
    for (uint32_t i = b; i < e; i++) {
        tk[i - b] = (gaz_tok){c->text + T[i].cb, T[i].ce - T[i].cb};
        h = ner_hash_next(h, c->text, &T[i], i == b);
    }
    return gaz_find(c->g, h, tk, e - b);
}

/* Demonym in the plural: "Germans", "Americans". */
static int plural_demonym(const ctx *c, const ent_tok *t) {
    if (t->ce - t->cb < 4 || c->text[t->ce - 1] != 's') return 0;
    uint64_t h;
    const gaz_entry *e = ner_find1(c->g, c->text + t->cb, t->ce - t->cb - 1, &h);
    return e && (e->flags & G_DEMONYM);
}

static int has_digit(const ctx *c, const ent_tok *t) {
    for (uint32_t i = t->cb; i < t->ce; i++)
        if (c->text[i] >= '0' && c->text[i] <= '9') return 1;
    return 0;
}

static int loc_prep(const ctx *c, const ent_tok *p) {
    static const char *const preps[] = {"in", "at", "near", "from", "to", "outside", NULL};
    return p && ner_is_any(c->text, p, preps);
}

int ner_hyphen_adj(const ctx *c, const ent_tok *t) {
    return ner_adj_compound(c->text, t->cb, t->ce);
}

static int adj_suffix(const ctx *c, const ent_tok *t) {
    static const char *const sfx[] = {"ish", "ese", "ian", "ean", "ic", NULL};
    size_t n = t->ce - t->cb;
    for (int i = 0; sfx[i]; i++) {
        size_t k = strlen(sfx[i]);
        if (n > k + 2 && !memcmp(c->text + t->ce - k, sfx[i], k)) return 1;
    }
    return 0;
}

/* What the rules look at, computed in stages as the table needs them (a
 * span the gazetteer names needs no context). */
typedef struct span_facts {
    int stage; /* stages computed so far */
    /* stage 0: the span and its words */
    uint32_t b, e, n;
    const gaz_entry *w; /* the whole span's gazetteer entry */
    uint32_t wf, ff, lf, any;
    int cue;      /* a title or role word before it */
    int has_of;   /* "Bank of ...", "Organisation for ..." */
    int event_of; /* "Battle of ...", "Treaty of ...": the first word, then "of" */
    const ent_tok *next, *prev;
    /* stage 1: context */
    int common; /* a word after the first the document writes in lower case */
    int personish, versus;
    int fixture; /* a results table row or "A v B" */
    /* stage 2: several words */
    int digits, upper;
    /* stage 3: one word */
    const ent_tok *after; /* next token, past a possessive "'s" */
} span_facts;

enum { FACTS_SPAN, FACTS_CONTEXT, FACTS_WORDS, FACTS_ONE_WORD };

static void facts_span(const ctx *c, const ent_span *sp, span_facts *f) {
    const ent_tok *T = c->s->tok;
    const char *text = c->text;
    uint32_t b = sp->tb, e = sp->te;
    f->stage = FACTS_SPAN;
    f->b = b, f->e = e, f->n = e - b;
    f->w = ner_whole_entry(c, b, e);
    f->wf = f->w ? f->w->flags : 0, f->ff = T[b].gf, f->lf = T[e - 1].gf;
    f->any = 0;
    for (uint32_t i = b; i < e; i++) f->any |= T[i].gf;
    f->cue = person_cue(c, b);
    f->has_of = 0;
    f->event_of = e >= b + 3 && (T[b].gf & G_EVENTPRE) && ner_is_word(text, &T[b + 1], "of");
    for (uint32_t i = b + 1; i + 1 < e; i++)
        f->has_of |= (T[i - 1].gf & G_ORGPRE) &&
                     (ner_is_word(text, &T[i], "of") || ner_is_word(text, &T[i], "for"));
    f->next = e < c->se ? &T[e] : NULL;
    f->prev = b > c->sb ? &T[b - 1] : NULL;
}

static void facts_context(const ctx *c, span_facts *f) {
    const ent_tok *T = c->s->tok;
    const char *text = c->text;
    /* words this document also writes in lower case are common nouns:
     * "Lincoln Reservoir", "Meyer Music" are not people */
    f->common = 0;
    for (uint32_t i = f->b + 1; i < f->e; i++)
        f->common |= !(T[i].gf & G_LAST) && ner_lower_has(c->s, T[i].h);
    uint32_t heads = G_STOP | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_ORGPRE | G_SPORT;
    f->personish =
        f->n >= 2 && (f->ff & G_FIRST) && !(f->lf & (G_COUNTRY | G_ADMIN1 | heads)) && !f->common;
    /* fixtures and results: "Barnsley v Stoke", "Barnsley 1 Stoke 0",
     * "Pete Sampras ( U.S. ) 6-3" */
    static const char *const vs[] = {"v", "vs", "vs.", NULL};
    const ent_tok *next = f->next, *prev = f->prev;
    f->versus = (next && ner_is_any(text, next, vs)) || (prev && ner_is_any(text, prev, vs));
    f->fixture =
        (c->table && next && (next->shape == SH_NUM || ner_is_word(text, next, "("))) || f->versus;
}

static void facts_words(const ctx *c, span_facts *f) {
    const ent_tok *T = c->s->tok;
    f->digits = 0, f->upper = 0;
    if (f->n < 2) return; /* only the rules over several words read these */
    for (uint32_t i = f->b; i < f->e; i++) {
        f->digits |= has_digit(c, &T[i]);
        f->upper |= T[i].shape == SH_UPPER && T[i].letters >= 2;
    }
}

static void facts_one_word(const ctx *c, span_facts *f) {
    f->after = f->next;
    if (f->next && ner_is_word(c->text, f->next, "'s") && f->e + 1 < c->se)
        f->after = &c->s->tok[f->e + 1];
}

/* Brings f up to the given stage. */
static void facts_need(const ctx *c, span_facts *f, int stage) {
    if (f->stage < FACTS_CONTEXT && stage >= FACTS_CONTEXT) facts_context(c, f);
    if (f->stage < FACTS_WORDS && stage >= FACTS_WORDS) facts_words(c, f);
    if (f->stage < FACTS_ONE_WORD && stage >= FACTS_ONE_WORD) facts_one_word(c, f);
    if (stage > f->stage) f->stage = stage;
}

#define TOK(i) (&c->s->tok[(i)])
#define PLACE  (G_CITY | G_ADMIN1)

/* -- gazetteer evidence for the whole span ------------------------------ */
static int m_user(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & G_USER) != 0;
}
static int m_gaz_per(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & G_PER) != 0;
}
static int m_gaz_org(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & G_ORG) != 0;
}
static int m_gaz_misc(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & G_MISC) != 0;
}
static int m_gaz_loc(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & G_LOC) != 0;
}
static int m_demonym(const ctx *c, const span_facts *f) {
    return (f->wf & G_DEMONYM) || (f->n == 1 && plural_demonym(c, TOK(f->b)));
}
static int m_country(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & G_COUNTRY) != 0;
}

/* -- cues and head words ------------------------------------------------ */
static int m_person_cue(const ctx *c, const span_facts *f) {
    (void)c;
    return f->cue;
}
static int m_hyphen_adj_last(const ctx *c, const span_facts *f) {
    return ner_hyphen_adj(c, TOK(f->e - 1));
}
static int m_org_head(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->lf & (G_LEGAL | G_ORGHEAD));
}
static int m_event_of(const ctx *c, const span_facts *f) {
    (void)c;
    return f->event_of;
}
static int m_org_of(const ctx *c, const span_facts *f) {
    (void)c;
    return f->has_of;
}
static int m_misc_head(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->lf & G_MISCHEAD);
}
static int m_loc_head(const ctx *c, const span_facts *f) {
    (void)c;
    return ((f->lf | f->ff) & G_LOCHEAD);
}

/* -- sports: fixtures, results and teams -------------------------------- */
static int m_fixture_person(const ctx *c, const span_facts *f) {
    return f->fixture && !f->versus && (f->personish || ner_is_word(c->text, f->next, "("));
}
static int m_fixture_team(const ctx *c, const span_facts *f) {
    (void)c;
    return f->fixture && !(f->wf & G_COUNTRY);
}
/* a place and a plural: "Philadelphia Eagles", "Colorado Rockies" */
static int m_place_plural(const ctx *c, const span_facts *f) {
    const ent_tok *first = TOK(f->b), *last = TOK(f->e - 1);
    int place_first = (f->ff & (PLACE | G_COUNTRY)) != 0;
    if (!(!f->w && (place_first || (first->g && (first->g->flags & G_PREFIX))) &&
          c->text[last->ce - 1] == 's' && !(f->lf & (PLACE | G_COUNTRY | G_LAST)) &&
          last->shape == SH_CAP))
        return 0;
    const gaz_entry *pl = ner_whole_entry(c, f->b, f->e - 1);
    return pl && (pl->flags & (PLACE | G_COUNTRY));
}
/* in a sports report a town or county that is not where something
 * happens is the team: "Surrey beat Kent", "Leicestershire extended" */
static int m_sports_place_team(const ctx *c, const span_facts *f) {
    const ent_tok *prev = f->prev;
    return c->sports && (f->wf & PLACE) && !(f->wf & STRONG_FLAGS) && !loc_prep(c, prev) &&
           !(prev && (ner_is_word(c->text, prev, "of") || ner_is_word(c->text, prev, ","))) &&
           !(TOK(f->b)->sstart && f->next && f->next->used); /* "LONDON 1996-08-30" */
}
static int m_sport_head(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->lf & G_SPORT) && !(f->wf & PLACE);
}

/* -- towns and regions, by population ----------------------------------- */
static int m_place_person(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & PLACE) && f->personish && f->w->pop < 100000;
}
static int big_place(const span_facts *f) {
    return (f->wf & G_ADMIN1) || f->w->pop >= 1000000;
}
/* a small town that is also a common name: "Mitchell said" */
static int m_small_place_name(const ctx *c, const span_facts *f) {
    return (f->wf & PLACE) && !big_place(f) && f->w->pop < 100000 && (f->wf & (G_FIRST | G_LAST)) &&
           !loc_prep(c, f->prev);
}
static int m_big_place(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & PLACE) && big_place(f);
}
static int m_town(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & PLACE) && !big_place(f) && f->w->pop >= 100000;
}
static int m_small_town(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->wf & PLACE) && !big_place(f) && f->w->pop < 100000;
}

/* -- names -------------------------------------------------------------- */
static int m_demonym_inside(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->any & G_DEMONYM) && !(f->any & (G_ORGHEAD | G_LEGAL));
}
static int m_personish(const ctx *c, const span_facts *f) {
    (void)c;
    return f->personish;
}
static int m_surname_last(const ctx *c, const span_facts *f) {
    uint32_t nouns = G_STOP | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_ORGPRE | G_TITLE;
    return (f->lf & G_LAST) && TOK(f->e - 1)->g->rank <= 20000 &&
           !(f->any & (G_CITY | G_COUNTRY)) && !((f->ff | f->lf) & nouns);
}

/* -- several words without other evidence ------------------------------- */
static int m_stopword_start(const ctx *c, const span_facts *f) {
    return TOK(f->b)->sstart && (f->ff & G_STOP);
}
/* models and products: "F-16 Falcon", "Boeing 747" */
static int m_model_number(const ctx *c, const span_facts *f) {
    (void)c;
    return f->digits;
}
/* an unknown given name before a small town's name, followed by a verb
 * people do: "Barack Obama visited", "Ngozi Kaduna said". One small place
 * match is weaker evidence than the person context, so this row comes
 * before place-or-acronym-inside. */
static int person_verb(const ctx *c, const ent_tok *t) {
    static const char *const vs[] = {"said",    "says",   "told",    "visited", "visits",
                                     "met",     "added",  "asked",   "wrote",   "announced",
                                     "argued",  "warned", "denied",  "urged",   "insisted",
                                     "thanked", "spoke",  "replied", NULL};
    return t && t->shape == SH_LOWER && ner_is_any(c->text, t, vs);
}
static int m_person_context(const ctx *c, const span_facts *f) {
    const ent_tok *first = TOK(f->b), *last = TOK(f->e - 1);
    uint32_t heads = G_STOP | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_ORGPRE | G_SPORT | G_TITLE;
    return f->n == 2 && !f->w && !f->upper && !f->digits && !f->common && first->shape == SH_CAP &&
           !(f->ff & ~G_PREFIX) && last->shape == SH_CAP && (f->lf & G_CITY) &&
           !(f->lf & (G_COUNTRY | G_ADMIN1 | STRONG_FLAGS | heads)) && last->g->pop < 100000 &&
           person_verb(c, f->next);
}
/* a place or an acronym inside makes an organisation more likely than a
 * person: "Chicago Purchasing Managers", "CITIC Pacific" */
static int m_place_or_acronym_inside(const ctx *c, const span_facts *f) {
    (void)c;
    return ((f->any & (PLACE | G_COUNTRY)) || f->upper || f->common);
}
static int m_words(const ctx *c, const span_facts *f) {
    (void)c, (void)f;
    return 1;
}

/* -- one word ----------------------------------------------------------- */
/* "the carmaker Quorvo", "shares in Quorvo", "Quorvo('s) shares fell" */
static int m_org_cue(const ctx *c, const span_facts *f) {
    const char *text = c->text;
    const ent_tok *prev = f->prev, *next = f->after;
    uint32_t b = f->b;
    return !(f->ff & (G_FIRST | G_LAST | PLACE)) &&
           ((prev && prev->shape == SH_LOWER && (prev->gf & G_ORGCUE)) ||
            (prev && b >= c->sb + 2 && ner_is_word(text, prev, "in") &&
             (ner_is_word(text, TOK(b - 2), "shares") || ner_is_word(text, TOK(b - 2), "stake"))) ||
            (next && next->shape == SH_LOWER &&
             (ner_is_word(text, next, "shares") || ner_is_word(text, next, "stock") ||
              ner_is_word(text, next, "spokesman") || ner_is_word(text, next, "spokeswoman"))));
}
static int m_acronym(const ctx *c, const span_facts *f) {
    const ent_tok *t = TOK(f->b);
    return t->shape == SH_UPPER && t->letters >= 2 && t->letters <= 5 &&
           !(f->ff & (G_FIRST | G_LAST));
}
static int m_digit(const ctx *c, const span_facts *f) {
    return has_digit(c, TOK(f->b));
}
static int m_hyphen_adj(const ctx *c, const span_facts *f) {
    return ner_hyphen_adj(c, TOK(f->b));
}
static int m_after_loc_prep(const ctx *c, const span_facts *f) {
    return loc_prep(c, f->prev);
}
static int m_first_name(const ctx *c, const span_facts *f) {
    (void)c;
    return (f->ff & G_FIRST);
}
static int m_common_surname(const ctx *c, const span_facts *f) {
    return (f->ff & G_LAST) && TOK(f->b)->g->rank <= 5000;
}
/* nationality-like adjectives: "Scottish seats", "Bosnian President" */
static int m_adj_suffix(const ctx *c, const span_facts *f) {
    const ent_tok *next = f->after;
    return adj_suffix(c, TOK(f->b)) && next && (next->shape == SH_LOWER || (next->gf & G_TITLE));
}
/* no evidence: a candidate the document memory may still name */
static int m_none(const ctx *c, const span_facts *f) {
    (void)c, (void)f;
    return 1;
}

#undef TOK
#undef PLACE

/* The label of the user list that names the span. */
#define L_USER_LIST UINT32_MAX

/* How many words a rule's span has: any, exactly one, two or more. */
enum { ANY, ONE, MANY };

/* One rule: when the span has the right number of words and match holds,
 * the span gets label, score, source and strength (strong evidence is not
 * overruled by the document memory). */
typedef struct ner_rule {
    const char *name;
    uint8_t words; /* ANY, ONE or MANY */
    uint8_t stage; /* the facts match reads (FACTS_*) */
    int (*match)(const ctx *c, const span_facts *f);
    uint32_t label;
    float score;
    uint8_t source, strong;
} ner_rule;

/* Most certain first; the last rule always matches. */
static const ner_rule ner_rules[] = {
    {"user-list", ANY, FACTS_SPAN, m_user, L_USER_LIST, 0.95f, SRC_USER, 1},
    {"gazetteer-person", ANY, FACTS_SPAN, m_gaz_per, L_PER, 0.9f, SRC_GAZETTEER, 1},
    {"gazetteer-org", ANY, FACTS_SPAN, m_gaz_org, L_ORG, 0.9f, SRC_GAZETTEER, 1},
    {"gazetteer-misc", ANY, FACTS_SPAN, m_gaz_misc, L_MISC, 0.9f, SRC_GAZETTEER, 1},
    {"gazetteer-loc", ANY, FACTS_SPAN, m_gaz_loc, L_LOC, 0.9f, SRC_GAZETTEER, 1},
    {"demonym", ANY, FACTS_SPAN, m_demonym, L_MISC, 0.85f, SRC_GAZETTEER, 1},
    {"country", ANY, FACTS_SPAN, m_country, L_LOC, 0.9f, SRC_GAZETTEER, 1},
    {"person-cue", ANY, FACTS_SPAN, m_person_cue, L_PER, 0.85f, SRC_RULE, 1},
    {"hyphen-adjective-last", MANY, FACTS_SPAN, m_hyphen_adj_last, L_MISC, 0.6f, SRC_RULE, 0},
    {"event-of", MANY, FACTS_SPAN, m_event_of, L_MISC, 0.8f, SRC_RULE, 1},
    {"org-head", MANY, FACTS_SPAN, m_org_head, L_ORG, 0.85f, SRC_RULE, 1},
    {"org-of", MANY, FACTS_SPAN, m_org_of, L_ORG, 0.85f, SRC_RULE, 1},
    {"misc-head", MANY, FACTS_SPAN, m_misc_head, L_MISC, 0.8f, SRC_RULE, 1},
    {"loc-head", MANY, FACTS_SPAN, m_loc_head, L_LOC, 0.8f, SRC_RULE, 1},
    {"fixture-person", ANY, FACTS_CONTEXT, m_fixture_person, L_PER, 0.7f, SRC_RULE, 0},
    {"fixture-team", ANY, FACTS_CONTEXT, m_fixture_team, L_ORG, 0.7f, SRC_RULE, 0},
    {"place-plural-team", MANY, FACTS_CONTEXT, m_place_plural, L_ORG, 0.75f, SRC_RULE, 1},
    {"sports-place-team", ANY, FACTS_CONTEXT, m_sports_place_team, L_ORG, 0.65f, SRC_RULE, 0},
    {"sport-head", MANY, FACTS_CONTEXT, m_sport_head, L_ORG, 0.8f, SRC_RULE, 1},
    {"place-person", ANY, FACTS_CONTEXT, m_place_person, L_PER, 0.7f, SRC_RULE, 1},
    {"small-place-name", ONE, FACTS_CONTEXT, m_small_place_name, L_PER, 0.5f, SRC_RULE, 0},
    {"big-place", ANY, FACTS_CONTEXT, m_big_place, L_LOC, 0.85f, SRC_GAZETTEER, 1},
    {"town", ANY, FACTS_CONTEXT, m_town, L_LOC, 0.75f, SRC_GAZETTEER, 1},
    {"small-town", ANY, FACTS_CONTEXT, m_small_town, L_LOC, 0.6f, SRC_GAZETTEER, 0},
    {"demonym-inside", ANY, FACTS_CONTEXT, m_demonym_inside, L_MISC, 0.7f, SRC_RULE, 0},
    {"personish", ANY, FACTS_CONTEXT, m_personish, L_PER, 0.8f, SRC_RULE, 1},
    {"surname-last", MANY, FACTS_CONTEXT, m_surname_last, L_PER, 0.75f, SRC_RULE, 1},
    {"stopword-start", MANY, FACTS_CONTEXT, m_stopword_start, L_NONE, 0.0f, SRC_RULE, 0},
    {"model-number", MANY, FACTS_WORDS, m_model_number, L_MISC, 0.5f, SRC_RULE, 0},
    {"person-context", MANY, FACTS_WORDS, m_person_context, L_PER, 0.6f, SRC_RULE, 0},
    {"place-or-acronym-inside", MANY, FACTS_WORDS, m_place_or_acronym_inside, L_ORG, 0.5f, SRC_RULE,
     0},
    {"words", MANY, FACTS_WORDS, m_words, L_PER, 0.5f, SRC_RULE, 0},
    {"org-cue", ONE, FACTS_ONE_WORD, m_org_cue, L_ORG, 0.6f, SRC_RULE, 0},
    {"acronym", ONE, FACTS_ONE_WORD, m_acronym, L_ORG, 0.6f, SRC_RULE, 0},
    {"digit", ONE, FACTS_ONE_WORD, m_digit, L_MISC, 0.55f, SRC_RULE, 0},
    {"hyphen-adjective", ONE, FACTS_ONE_WORD, m_hyphen_adj, L_MISC, 0.6f, SRC_RULE, 0},
    {"after-loc-prep", ONE, FACTS_ONE_WORD, m_after_loc_prep, L_LOC, 0.5f, SRC_RULE, 0},
    {"first-name", ONE, FACTS_ONE_WORD, m_first_name, L_PER, 0.55f, SRC_RULE, 0},
    {"common-surname", ONE, FACTS_ONE_WORD, m_common_surname, L_PER, 0.5f, SRC_RULE, 0},
    {"adjective-suffix", ONE, FACTS_ONE_WORD, m_adj_suffix, L_MISC, 0.5f, SRC_RULE, 0},
    {"no-evidence", ANY, FACTS_ONE_WORD, m_none, L_NONE, 0.0f, SRC_RULE, 0},
};

#define NRULES (sizeof ner_rules / sizeof ner_rules[0])

static int fits(const ner_rule *r, uint32_t n) {
    return r->words == ANY || (r->words == ONE ? n == 1 : n >= 2);
}

static void apply(const ner_rule *r, const span_facts *f, ent_span *sp) {
    uint32_t label = r->label == L_USER_LIST ? L_NBUILTIN + (uint32_t)f->w->user - 1 : r->label;
    ner_set(sp, label, r->score, r->source, r->strong);
}

size_t ner_classify_rule(const ctx *c, ent_span *sp) {
    span_facts f;
    facts_span(c, sp, &f);
    size_t k = 0;
    for (;; k++) {
        const ner_rule *r = &ner_rules[k];
        if (!fits(r, f.n)) continue;
        if (r->stage > f.stage) facts_need(c, &f, r->stage);
        if (r->match(c, &f)) break;
    }
    apply(&ner_rules[k], &f, sp);
    return k;
}

int ner_rule_try(const ctx *c, ent_span *sp, size_t k) {
    if (k >= NRULES) return -1;
    span_facts f;
    facts_span(c, sp, &f);
    facts_need(c, &f, ner_rules[k].stage);
    if (!fits(&ner_rules[k], f.n) || !ner_rules[k].match(c, &f)) return 0;
    apply(&ner_rules[k], &f, sp);
    return 1;
}

size_t ner_rule_count(void) {
    return NRULES;
}

const char *ner_rule_name(size_t k) {
    return k < NRULES ? ner_rules[k].name : NULL;
}

size_t ner_rule_find(const char *name) {
    for (size_t k = 0; k < NRULES; k++)
        if (!strcmp(ner_rules[k].name, name)) return k;
    return SIZE_MAX;
}

int ner_classify(const ctx *c, ent_span *sp) {
    ner_classify_rule(c, sp);
    return 0;
}
