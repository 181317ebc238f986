/*
 * Typing one capitalised span: gazetteer evidence, head words, titles and
 * roles, sports tables, and the shape of the words, most certain first.
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
        h = gaz_hash_tok(h, tk[i - b].s, tk[i - b].n, i == b);
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

int ner_classify(const ctx *c, ent_span *sp) {
    const ent_tok *T = c->s->tok;
    const char *text = c->text;
    uint32_t b = sp->tb, e = sp->te, n = e - b;
    const gaz_entry *w = ner_whole_entry(c, b, e);
    uint32_t wf = w ? w->flags : 0, ff = T[b].gf, lf = T[e - 1].gf;
    uint32_t any = 0;
    for (uint32_t i = b; i < e; i++) any |= T[i].gf;
    int cue = person_cue(c, b);
    /* "Bank of ...", "National Bank of ...", "Organisation for ..." */
    int has_of = 0;
    for (uint32_t i = b + 1; i + 1 < e; i++)
        has_of |= (T[i - 1].gf & G_ORGPRE) &&
                  (ner_is_word(text, &T[i], "of") || ner_is_word(text, &T[i], "for"));
    const ent_tok *next = e < c->se ? &T[e] : NULL;

    if (wf & G_USER) return ner_set(sp, L_NBUILTIN + (uint32_t)w->user - 1, 0.95f, SRC_USER, 1);
    if (wf & G_PER) return ner_set(sp, L_PER, 0.9f, SRC_GAZETTEER, 1);
    if (wf & G_ORG) return ner_set(sp, L_ORG, 0.9f, SRC_GAZETTEER, 1);
    if (wf & G_MISC) return ner_set(sp, L_MISC, 0.9f, SRC_GAZETTEER, 1);
    if (wf & G_LOC) return ner_set(sp, L_LOC, 0.9f, SRC_GAZETTEER, 1);
    if ((wf & G_DEMONYM) || (n == 1 && plural_demonym(c, &T[b])))
        return ner_set(sp, L_MISC, 0.85f, SRC_GAZETTEER, 1);
    if (wf & G_COUNTRY) return ner_set(sp, L_LOC, 0.9f, SRC_GAZETTEER, 1);
    if (cue) return ner_set(sp, L_PER, 0.85f, SRC_RULE, 1);
    if (n >= 2 && ner_hyphen_adj(c, &T[e - 1])) return ner_set(sp, L_MISC, 0.6f, SRC_RULE, 0);
    if (n >= 2 && (lf & (G_LEGAL | G_ORGHEAD))) return ner_set(sp, L_ORG, 0.85f, SRC_RULE, 1);
    if (n >= 2 && has_of) return ner_set(sp, L_ORG, 0.85f, SRC_RULE, 1);
    if (n >= 2 && (lf & G_MISCHEAD)) return ner_set(sp, L_MISC, 0.8f, SRC_RULE, 1);
    if (n >= 2 && ((lf | ff) & G_LOCHEAD)) return ner_set(sp, L_LOC, 0.8f, SRC_RULE, 1);
    /* words this document also writes in lower case are common nouns:
     * "Lincoln Reservoir", "Meyer Music" are not people */
    int common = 0;
    for (uint32_t i = b + 1; i < e; i++)
        common |= !(T[i].gf & G_LAST) && ner_lower_has(c->s, T[i].h);
    uint32_t heads = G_STOP | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_ORGPRE | G_SPORT;
    int personish = n >= 2 && (ff & G_FIRST) && !(lf & (G_COUNTRY | G_ADMIN1 | heads)) && !common;
    const ent_tok *prev = b > c->sb ? &T[b - 1] : NULL;
    /* fixtures and results: "Barnsley v Stoke", "Barnsley 1 Stoke 0",
     * "Pete Sampras ( U.S. ) 6-3" */
    static const char *const vs[] = {"v", "vs", "vs.", NULL};
    int versus = (next && ner_is_any(text, next, vs)) || (prev && ner_is_any(text, prev, vs));
    if ((c->table && next && (next->shape == SH_NUM || ner_is_word(text, next, "("))) || versus) {
        if (!versus && (personish || ner_is_word(text, next, "(")))
            return ner_set(sp, L_PER, 0.7f, SRC_RULE, 0);
        if (!(wf & G_COUNTRY)) return ner_set(sp, L_ORG, 0.7f, SRC_RULE, 0);
    }
    /* a place and a plural: "Philadelphia Eagles", "Colorado Rockies" */
    int place_first = (ff & (G_CITY | G_ADMIN1 | G_COUNTRY)) != 0;
    if (n >= 2 && !w && (place_first || (T[b].g && (T[b].g->flags & G_PREFIX))) &&
        c->text[T[e - 1].ce - 1] == 's' && !(lf & (G_CITY | G_ADMIN1 | G_COUNTRY | G_LAST)) &&
        T[e - 1].shape == SH_CAP) {
        const gaz_entry *pl = ner_whole_entry(c, b, e - 1);
        if (pl && (pl->flags & (G_CITY | G_ADMIN1 | G_COUNTRY)))
            return ner_set(sp, L_ORG, 0.75f, SRC_RULE, 1);
    }
    /* in a sports report a town or county that is not where something
     * happens is the team: "Surrey beat Kent", "Leicestershire extended" */
    if (c->sports && (wf & (G_CITY | G_ADMIN1)) && !(wf & STRONG_FLAGS) && !loc_prep(c, prev) &&
        !(prev && (ner_is_word(text, prev, "of") || ner_is_word(text, prev, ","))) &&
        !(T[b].sstart && next && next->used)) /* "LONDON 1996-08-30": a dateline */
        return ner_set(sp, L_ORG, 0.65f, SRC_RULE, 0);
    if (n >= 2 && (lf & G_SPORT) && !(wf & (G_CITY | G_ADMIN1)))
        return ner_set(sp, L_ORG, 0.8f, SRC_RULE, 1);
    if (wf & (G_ADMIN1 | G_CITY)) {
        if (personish && w->pop < 100000) return ner_set(sp, L_PER, 0.7f, SRC_RULE, 1);
        float sc = (wf & G_ADMIN1) || w->pop >= 1000000 ? 0.85f : w->pop >= 100000 ? 0.75f : 0.6f;
        /* a small town that is also a common name: "Mitchell said" */
        if (n == 1 && sc < 0.75f && (wf & (G_FIRST | G_LAST)) && !loc_prep(c, prev))
            return ner_set(sp, L_PER, 0.5f, SRC_RULE, 0);
        return ner_set(sp, L_LOC, sc, SRC_GAZETTEER, sc >= 0.75f);
    }
    if ((any & G_DEMONYM) && !(any & (G_ORGHEAD | G_LEGAL)))
        return ner_set(sp, L_MISC, 0.7f, SRC_RULE, 0);
    if (personish) return ner_set(sp, L_PER, 0.8f, SRC_RULE, 1);
    uint32_t nouns = G_STOP | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_ORGPRE | G_TITLE;
    if (n >= 2 && (lf & G_LAST) && T[e - 1].g->rank <= 20000 && !(any & (G_CITY | G_COUNTRY)) &&
        !((ff | lf) & nouns))
        return ner_set(sp, L_PER, 0.75f, SRC_RULE, 1);
    if (n >= 2) {
        if (T[b].sstart && (ff & G_STOP)) return ner_set(sp, L_NONE, 0, SRC_RULE, 0);
        int digits = 0, upper = 0;
        for (uint32_t i = b; i < e; i++) {
            digits |= has_digit(c, &T[i]);
            upper |= T[i].shape == SH_UPPER && T[i].letters >= 2;
        }
        /* models and products: "F-16 Falcon", "Boeing 747" */
        if (digits) return ner_set(sp, L_MISC, 0.5f, SRC_RULE, 0);
        /* a place or an acronym inside makes an organisation more likely
         * than a person: "Chicago Purchasing Managers", "CITIC Pacific" */
        if ((any & (G_CITY | G_ADMIN1 | G_COUNTRY)) || upper || common)
            return ner_set(sp, L_ORG, 0.5f, SRC_RULE, 0);
        return ner_set(sp, L_PER, 0.5f, SRC_RULE, 0);
    }
    /* one token */
    const ent_tok *t = &T[b];
    /* "the carmaker Quorvo", "shares in Quorvo", "Quorvo('s) shares fell" */
    if (next && ner_is_word(text, next, "'s") && e + 1 < c->se) next = &T[e + 1];
    if (!(ff & (G_FIRST | G_LAST | G_CITY | G_ADMIN1)) &&
        ((prev && prev->shape == SH_LOWER && (prev->gf & G_ORGCUE)) ||
         (prev && b >= c->sb + 2 && ner_is_word(text, prev, "in") &&
          (ner_is_word(text, &T[b - 2], "shares") || ner_is_word(text, &T[b - 2], "stake"))) ||
         (next && next->shape == SH_LOWER &&
          (ner_is_word(text, next, "shares") || ner_is_word(text, next, "stock") ||
           ner_is_word(text, next, "spokesman") || ner_is_word(text, next, "spokeswoman")))))
        return ner_set(sp, L_ORG, 0.6f, SRC_RULE, 0);
    if (t->shape == SH_UPPER && t->letters >= 2 && t->letters <= 5 && !(ff & (G_FIRST | G_LAST)))
        return ner_set(sp, L_ORG, 0.6f, SRC_RULE, 0);
    if (has_digit(c, t)) return ner_set(sp, L_MISC, 0.55f, SRC_RULE, 0);
    if (ner_hyphen_adj(c, t)) return ner_set(sp, L_MISC, 0.6f, SRC_RULE, 0);
    if (loc_prep(c, prev)) return ner_set(sp, L_LOC, 0.5f, SRC_RULE, 0);
    if (ff & G_FIRST) return ner_set(sp, L_PER, 0.55f, SRC_RULE, 0);
    if ((ff & G_LAST) && t->g->rank <= 5000) return ner_set(sp, L_PER, 0.5f, SRC_RULE, 0);
    /* nationality-like adjectives: "Scottish seats", "Bosnian President" */
    if (adj_suffix(c, t) && next && (next->shape == SH_LOWER || (next->gf & G_TITLE)))
        return ner_set(sp, L_MISC, 0.5f, SRC_RULE, 0);
    /* no evidence: a candidate the document memory may still name */
    return ner_set(sp, L_NONE, 0.0f, SRC_RULE, 0);
}
