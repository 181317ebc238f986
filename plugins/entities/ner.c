/*
 * Names in news text without a trained model: capitalised token runs,
 * split and trimmed by titles, connectors, possessives and punctuation,
 * then typed by gazetteer evidence, head words and context, and finally
 * made consistent within the document (a later "Putin" is the "Vladimir
 * Putin" of the first paragraph; an all-caps headline is read through what
 * the body says).
 */
#include "ner_int.h"

#include <stdlib.h>
#include <string.h>

#include "pat.h"
#include "weft/grow.h"

const char *const ent_label_names[L_NBUILTIN + 2] = {
    "",        "PER",      "ORG",   "LOC", "MISC",  "DATE", "TIME", "MONEY",
    "PERCENT", "QUANTITY", "EMAIL", "URL", "PHONE", "*",    NULL};
const char *const ent_token_kinds[6] = {"word", "number", "punct", "url", "email", NULL};
const char *const ent_source_names[SRC_NSOURCES] = {"gazetteer", "rule", "pattern", "user",
                                                    "model"};

void ner_scratch_free(ner_scratch *s) {
    free(s->tok);
    free(s->sent);
    free(s->sp);
    free(s->lower);
    free(s->lowerlog);
    free(s->mem);
    free(s->memlab);
    free(s->memlog);
    free(s->ckey);
    free(s->cval);
    memset(s, 0, sizeof *s);
}

int ner_reserve(ner_scratch *s, size_t n, size_t m) {
    if (m == SIZE_MAX) return -1;
    return weft_grow((void **)&s->tok, &s->captok, n, sizeof *s->tok) ||
                   weft_grow((void **)&s->sent, &s->capsent, m + 1, sizeof *s->sent)
               ? -1
               : 0;
}

/* ------------------------------------------------------------------------ */
/* Spans                                                                     */

static uint64_t span_hash(const ent_tok *T, uint32_t b, uint32_t e, const char *text) {
    if (e == b + 1) return T[b].h;
    uint64_t h = GAZ_SEED;
    for (uint32_t i = b; i < e; i++) h = ner_hash_next(h, text, &T[i], i == b);
    return h;
}

/* Longest gazetteer phrase of 2+ tokens starting at i within [i, se) whose
 * flags intersect want; returns its length (0 if none). */
static uint32_t gaz_longest(const gaz *g, const char *text, const ent_tok *T, uint32_t i,
                            uint32_t se, uint32_t want, const gaz_entry **out) {
    gaz_tok tk[16];
    uint64_t h = GAZ_SEED;
    uint32_t best = 0;
    unsigned max = g->maxtok < 16 ? g->maxtok : 16;
    for (uint32_t k = 0; k < max && i + k < se; k++) {
        const ent_tok *t = &T[i + k];
        if (t->used || t->shape == SH_PUNCT) break;
        tk[k] = (gaz_tok){text + t->cb, t->ce - t->cb};
        h = ner_hash_next(h, text, t, k == 0);
        const gaz_entry *e = k == 0 ? t->g : gaz_find(g, h, tk, k + 1);
        if (!e) break;
        if (k > 0 && (e->flags & want)) {
            best = k + 1;
            *out = e;
        }
        if (!(e->flags & G_PREFIX) || (t->cut && k > 0)) break;
        if (t->cut) break;
    }
    return best;
}

static int cap(const ent_tok *t) {
    return !t->used && (t->shape == SH_CAP || t->shape == SH_UPPER);
}

static int push(ner_scratch *s, const ent_span *sp) {
    if (weft_grow((void **)&s->sp, &s->capsp, s->nsp + 1, sizeof *s->sp)) return -1;
    s->sp[s->nsp++] = *sp;
    for (uint32_t i = sp->tb; i < sp->te; i++) s->tok[i].used = 1;
    return 0;
}

/* Sentence in capitals (a headline): capitalisation says nothing there. */
static int headline(const ent_tok *T, uint32_t sb, uint32_t se) {
    unsigned words = 0, upper = 0;
    for (uint32_t i = sb; i < se; i++) {
        if (T[i].letters < 2) continue;
        words++;
        upper += T[i].shape == SH_UPPER;
    }
    return words >= 2 && upper * 10 >= words * 7;
}

static int table_row(const ent_tok *T, uint32_t sb, uint32_t se) {
    unsigned nums = 0, lower = 0;
    for (uint32_t i = sb; i < se; i++) {
        nums += T[i].shape == SH_NUM;
        lower += T[i].shape == SH_LOWER;
        if (T[i].gf & G_MONTH) return 0; /* "on 24 July 1943": a date, not a score */
    }
    return nums >= 2 && lower * 3 <= (se - sb);
}

static int quote_tok(const char *text, const ent_tok *t) {
    uint32_t n = t->e - t->b;
    const unsigned char *p = (const unsigned char *)text + t->b;
    return (n == 1 && p[0] == '"') || (n == 2 && (!memcmp(p, "``", 2) || !memcmp(p, "''", 2))) ||
           (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D));
}

/* Titles of works in quotes: " A Beautiful Lie ", " Sleeping Bread ". Every
 * word capitalised but short function words; a quoted sentence fails that. */
/* A title of a work in quotes, tokens [b, e): MISC, kept with a model. */
static int push_title(ner_scratch *s, const ent_tok *T, uint32_t b, uint32_t e) {
    ent_span sp = {.tb = b, .te = e, .b = T[b].cb, .e = T[e - 1].ce};
    (void)ner_set(&sp, L_MISC, 0.6f, SRC_RULE, 0);
    sp.keep = 1;
    return push(s, &sp);
}

static int quoted_titles(ctx *c) {
    ent_tok *T = c->s->tok;
    const char *text = c->text;
    for (uint32_t i = c->sb; i + 2 < c->se; i++) {
        if (!quote_tok(text, &T[i])) continue;
        uint32_t j = i + 1, caps = 0;
        int ok = 1;
        while (j < c->se && j <= i + 9 && !quote_tok(text, &T[j])) {
            const ent_tok *t = &T[j];
            if (t->used) ok = 0;
            if (t->shape == SH_CAP || t->shape == SH_UPPER || t->shape == SH_NUM)
                caps++;
            else if (t->shape == SH_LOWER && t->ce - t->cb > 3)
                ok = 0;
            else if (t->shape == SH_PUNCT && !ner_is_word(text, t, "-") &&
                     !ner_is_word(text, t, ":"))
                ok = 0;
            j++;
        }
        if (j >= c->se || !quote_tok(text, &T[j]) || j == i + 1) continue;
        uint32_t b = i + 1, e = j;
        if (!ok || !caps ||
            !(T[b].shape == SH_CAP || T[b].shape == SH_UPPER || T[b].shape == SH_NUM) ||
            T[e - 1].shape == SH_LOWER) {
            i = j - 1;
            continue;
        }
        /* a quoted name the gazetteer knows is that name, not a title */
        const gaz_entry *w = ner_whole_entry(c, b, e);
        if ((w && (w->flags & (ENTITY_FLAGS | G_STOP))) || (e == b + 1 && T[b].gf)) {
            i = j;
            continue;
        }
        if (push_title(c->s, T, b, e)) return -1;
        i = j;
    }
    return 0;
}

/* A single quote mark: ' or a curly one (open: ‘, close: ’). */
static int squote_tok(const char *text, const ent_tok *t, int open) {
    uint32_t n = t->e - t->b;
    const unsigned char *p = (const unsigned char *)text + t->b;
    return (n == 1 && p[0] == '\'') ||
           (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == (open ? 0x98 : 0x99));
}

/* Words of a conversation, not of a headline: a chat line has no end
 * mark either ("say hi to 'Jessica' for me"), but a headline speaks of
 * third persons. */
static const char *const chat_words[] = {"i",  "me", "my",  "you", "your", "u",
                                         "we", "us", "our", "lol", NULL};

/* A sentence that reads as a headline: no end mark after its last token
 * ("'Dune' tops box office for a second weekend"), its first word (after
 * opening quote marks) capitalised, and no first- or second-person word in
 * lower case (a chat line: "say hi to 'Jessica' for me", "Saw 'Sam' with
 * my brother"). */
static int headline_like(const char *text, const ent_tok *T, uint32_t sb, uint32_t se) {
    if (se - sb < 3) return 0;
    const ent_tok *z = &T[se - 1];
    if (z->shape == SH_PUNCT) {
        unsigned char c = (unsigned char)text[z->b];
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == ',') return 0;
    }
    uint32_t f = sb;
    while (f < se && T[f].shape == SH_PUNCT) f++;
    if (f == se || (T[f].shape != SH_CAP && T[f].shape != SH_UPPER && T[f].shape != SH_NUM))
        return 0;
    for (uint32_t i = sb; i < se; i++)
        if (T[i].shape == SH_LOWER && ner_is_any(text, &T[i], chat_words)) return 0;
    return 1;
}

/* Nouns of works before a one-word title in single quotes: "the film
 * 'Wicked'", "her novel 'Beloved'". */
static const char *const work_nouns[] = {"film",        "movie",   "song",   "single",   "album",
                                         "book",        "novel",   "play",   "musical",  "opera",
                                         "show",        "series",  "sitcom", "poem",     "painting",
                                         "track",       "episode", "game",   "magazine", "paper",
                                         "documentary", "record",  "hit",    "title",    NULL};

/* Titles of works in quotes that quoted_titles leaves: in single quotes,
 * as headlines and British text quote them ("'Dune' tops box office",
 * "the film ‘Wicked’ opened"), and, in a headline, a title that is a
 * single word the gazetteer knows only as a given name or a surname
 * ("'Barbie' beats 'Oppenheimer'": a headline quotes a work's title, not
 * a person's name). A single quote opens a title only glued to the
 * capitalised word after it and closes it glued to the word before it, and
 * a quoted word between two capitalised words is a nickname ("Earvin
 * 'Magic' Johnson"), no title. The words inside are a title's as in
 * quoted_titles: capitalised but short function words, at most nine. */
static int quoted_titles_more(ctx *c) {
    ent_tok *T = c->s->tok;
    const char *text = c->text;
    int head = headline_like(text, T, c->sb, c->se);
    const uint32_t person_part = G_FIRST | G_LAST | G_PREFIX;
    for (uint32_t i = c->sb; i + 2 < c->se; i++) {
        int single = squote_tok(text, &T[i], 1);
        if (!single && !(head && quote_tok(text, &T[i]))) continue;
        if (single && T[i + 1].b != T[i].e) continue;
        uint32_t j = i + 1, caps = 0, mixed = 0;
        int ok = 1;
        while (j < c->se && j <= i + 9 &&
               !(single ? squote_tok(text, &T[j], 0) : quote_tok(text, &T[j]))) {
            const ent_tok *t = &T[j];
            if (t->used) ok = 0;
            if (t->shape == SH_CAP || t->shape == SH_UPPER || t->shape == SH_NUM) {
                caps++;
                mixed += t->shape == SH_CAP && t->letters >= 2;
            } else if (t->shape == SH_LOWER && t->ce - t->cb > 3)
                ok = 0;
            else if (t->shape == SH_PUNCT && !ner_is_word(text, t, "-") &&
                     !ner_is_word(text, t, ":"))
                ok = 0;
            j++;
        }
        if (j >= c->se || j == i + 1 ||
            !(single ? squote_tok(text, &T[j], 0) : quote_tok(text, &T[j])))
            continue;
        uint32_t b = i + 1, e = j;
        /* a key, a letter, a number or a word in capitals quoted in
         * running text ("press 'Q'", "prints '0'", "the 'SEE ALSO'
         * header") is no title: a title has a capitalised word; a single
         * word in single quotes outside a headline is one only after a
         * work's noun ("the film 'Wicked'"; "set it to 'Installed'" quotes
         * a word) */
        if (!mixed || (single && !head && e == b + 1 &&
                       !(i > c->sb && ner_is_any(text, &T[i - 1], work_nouns)))) {
            i = j - 1;
            continue;
        }
        if (!ok || !caps || (single && T[j].b != T[j - 1].e) ||
            !(T[b].shape == SH_CAP || T[b].shape == SH_UPPER || T[b].shape == SH_NUM) ||
            T[e - 1].shape == SH_LOWER) {
            i = j - 1;
            continue;
        }
        /* a nickname between a given name and a surname */
        if (i > c->sb && j + 1 < c->se && cap(&T[i - 1]) && cap(&T[j + 1])) {
            i = j;
            continue;
        }
        /* a quoted name the gazetteer knows is that name; in a headline a
         * lone given name or surname in quotes is a title */
        const gaz_entry *w = ner_whole_entry(c, b, e);
        uint32_t wf = w ? w->flags : 0, tf = e == b + 1 ? T[b].gf : 0;
        int known = (wf & (ENTITY_FLAGS | G_STOP)) || tf;
        if (known && head && e == b + 1 && !(tf & ~person_part) && !(wf & ~person_part)) known = 0;
        if (known || (!single && !head)) {
            i = j;
            continue;
        }
        if (push_title(c->s, T, b, e)) return -1;
        i = j;
    }
    return 0;
}

/* Legal forms written in lower case after a name ("Acme Holdings plc");
 * the full legal-form list has words like "as" and "and" that would glue
 * the next word on. */
static int lower_legal(const char *text, const ent_tok *t) {
    static const char *const forms[] = {"plc",   "ltd", "ltd.", "inc", "inc.", "llc", "corp",
                                        "corp.", "co.", "gmbh", "pty", "bhd",  NULL};
    return ner_is_any(text, t, forms);
}

/* Longest run of capitalised words taken for one name. */
#define MAX_RUN 10

/* Non-headline sentence: capitalised runs -> classified spans. */
static int sentence(ctx *c) {
    ent_tok *T = c->s->tok;
    const char *text = c->text;
    c->table = table_row(T, c->sb, c->se);
    if (quoted_titles(c) || quoted_titles_more(c)) return -1;
    for (uint32_t i = c->sb; i < c->se; i++) {
        if (!cap(&T[i])) continue;
        /* a phrase the gazetteer knows wins over the run it sits in */
        const gaz_entry *ge = NULL;
        int lead = 0;
        uint32_t gl = gaz_longest(c->g, text, T, i, c->se, ENTITY_FLAGS | G_TITLE, &ge);
        if (gl && (ge->flags & G_TITLE) && !(ge->flags & ENTITY_FLAGS)) {
            i += gl - 1; /* "Prime Minister": a cue, not a name */
            continue;
        }
        if (!gl) {
            /* titles and sentence-initial function words are not names */
            if ((T[i].gf & G_TITLE) && !(T[i].gf & ENTITY_FLAGS) && i + 1 < c->se && cap(&T[i + 1]))
                continue;
            /* "Economist Tomas Berg said": a role word, capitalised only
             * because it opens the sentence, is a cue like a title */
            if (T[i].sstart && (T[i].gf & G_ROLE) && !(T[i].gf & ENTITY_FLAGS) && i + 1 < c->se &&
                cap(&T[i + 1]))
                continue;
            int head_noun =
                (T[i].gf & (G_ORGPRE | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD)) && i + 2 < c->se &&
                (cap(&T[i + 1]) || ((T[i + 1].gf & G_CONN) || ner_is_word(text, &T[i + 1], "of")));
            /* mid-sentence, "The" or "National" may open a name: kept
             * below only if the whole turns out an organisation or event */
            lead = (T[i].gf & G_STOP) && !(T[i].gf & (STRONG_FLAGS | G_MONTH | G_DAY | G_TITLE)) &&
                   !head_noun && !T[i].sstart && i + 1 < c->se && cap(&T[i + 1]);
            if ((T[i].gf & (G_STOP | G_MONTH | G_DAY)) && !(T[i].gf & STRONG_FLAGS) && !head_noun &&
                !lead)
                continue;
            if (T[i].gf & G_TITLE && !(T[i].gf & ENTITY_FLAGS)) continue;
            if (T[i].sstart && !(T[i].gf & STRONG_FLAGS) && ner_lower_has(c->s, T[i].h)) continue;
        }
        uint32_t j = i + (gl ? gl : 1);
        /* "Australian Tom Moody": the nationality stands apart from the name */
        int split = (T[j - 1].gf & G_DEMONYM) && j < c->se && cap(&T[j]) && (T[j].gf & G_FIRST) &&
                    !(T[j].gf & (G_ORGHEAD | G_MISCHEAD));
        if (!T[j - 1].cut && !split) {
            while (j < c->se && j - i <= MAX_RUN) {
                const ent_tok *t = &T[j];
                uint32_t l2 = gaz_longest(c->g, text, T, j, c->se, ENTITY_FLAGS, &ge);
                if (l2) {
                    j += l2;
                    if (T[j - 1].cut) break;
                    continue;
                }
                uint32_t tl = gaz_longest(c->g, text, T, j, c->se, G_TITLE, &ge);
                if (tl && !(ge->flags & ENTITY_FLAGS) && j + tl < c->se && cap(&T[j + tl]))
                    break; /* "Pakistani Prime Minister Benazir Bhutto" */
                if (cap(t)) {
                    if ((t->gf & G_TITLE) && !(t->gf & ENTITY_FLAGS) && j + 1 < c->se &&
                        cap(&T[j + 1]))
                        break; /* "Pakistan Prime Minister Benazir Bhutto" */
                    /* "on Friday", "May 5" end a name; "Theresa May" does not */
                    if ((t->gf & G_DAY) && !(t->gf & ENTITY_FLAGS)) break;
                    if ((t->gf & G_MONTH) && !(t->gf & ENTITY_FLAGS) &&
                        (j + 1 >= c->se || T[j + 1].shape == SH_NUM || !(T[j - 1].gf & G_FIRST)))
                        break;
                    j++;
                    if (t->cut) break;
                    continue;
                }
                /* "Rolls-Royce Holdings plc": a lower-case legal form ends it */
                if (!t->used && t->shape == SH_LOWER && lower_legal(text, t)) {
                    j++;
                    break;
                }
                /* "Battle of the Bulge", "Treaty of the Pyrenees": an event's
                 * name goes on through "of the" */
                if ((T[i].gf & G_EVENTPRE) && j == i + 1 && !t->used && !t->cut &&
                    ner_is_word(text, t, "of") && j + 2 < c->se &&
                    ner_is_word(text, &T[j + 1], "the") && !T[j + 1].cut && cap(&T[j + 2])) {
                    j += 2;
                    continue;
                }
                if (t->used || j + 1 >= c->se || !cap(&T[j + 1]) || t->cut) break;
                /* a hyphen inside a word the tokenizer split: Rolls-Royce */
                if (ner_is_word(text, t, "-") && t->b == T[j - 1].e && T[j + 1].b == t->e) {
                    j++;
                    continue;
                }
                int ok = 0;
                if (t->gf & G_CONN) ok = 1;
                if (ner_is_word(text, t, "&")) ok = 1;
                if (ner_is_word(text, t, "of") || ner_is_word(text, t, "for")) {
                    uint32_t f = 0;
                    for (uint32_t k = i; k < j; k++) f |= T[k].gf;
                    ok = (f & (G_ORGPRE | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_EVENTPRE)) != 0;
                }
                if (!ok) break;
                j++;
            }
        }
        if (j - i > MAX_RUN) {
            /* a title-case line, not a name: skip all of it (linear time
             * even for a million capitalised tokens) */
            while (j < c->se && (cap(&T[j]) || T[j].gf & G_CONN)) j++;
            i = j - 1;
            continue;
        }
        /* trailing connectors never end a name */
        while (j > i + 1 && T[j - 1].shape == SH_LOWER && !lower_legal(text, &T[j - 1])) j--;
        ent_span sp = {.tb = i, .te = j, .b = T[i].cb, .e = T[j - 1].ce};
        ner_classify(c, &sp);
        if (lead && !((sp.label == L_ORG && sp.score >= 0.85f) ||
                      (sp.label == L_MISC && (sp.score >= 0.8f || ner_hyphen_adj(c, &T[j - 1])))))
            continue; /* try again from the next word */
        /* a lone sentence-initial word we know nothing about is more often
         * an ordinary word than a name */
        if (sp.label && j == i + 1 && T[i].sstart &&
            sp.score < (T[i].gf || c->table ? 0.6f : 0.75f))
            sp.label = L_NONE;
        /* unlabelled spans stay as candidates the document memory may name */
        if (push(c->s, &sp)) return -1;
        i = j - 1;
    }
    return 0;
}

/* Headline: only what the gazetteer or the document body knows. */
static int headline_spans(ctx *c) {
    ent_tok *T = c->s->tok;
    for (uint32_t i = c->sb; i < c->se; i++) {
        if (T[i].used || T[i].letters == 0) continue;
        uint32_t best = 0, lab = 0;
        uint64_t h = GAZ_SEED;
        for (uint32_t k = 0; k < 5 && i + k < c->se; k++) {
            const ent_tok *t = &T[i + k];
            if (t->used || t->letters == 0) break;
            h = ner_hash_next(h, c->text, t, k == 0);
            uint32_t m = ner_mem_get(c->s, h);
            if (m) best = k + 1, lab = m & 0xFFFF;
            if (t->cut) break;
        }
        ent_span sp = {0};
        if (best) {
            sp = (ent_span){.tb = i, .te = i + best, .b = T[i].cb, .e = T[i + best - 1].ce};
            (void)ner_set(&sp, lab, 0.7f, SRC_RULE, 0);
        } else {
            const gaz_entry *ge = NULL;
            uint32_t gl = gaz_longest(c->g, c->text, T, i, c->se, ENTITY_FLAGS, &ge);
            if (!gl && (T[i].gf & ENTITY_FLAGS) &&
                ((T[i].gf & STRONG_FLAGS) || !(T[i].gf & (G_STOP | G_FIRST | G_LAST))))
                gl = 1;
            if (!gl) continue;
            sp = (ent_span){.tb = i, .te = i + gl, .b = T[i].cb, .e = T[i + gl - 1].ce};
            ner_classify(c, &sp);
            if (!sp.label || (sp.source != SRC_GAZETTEER && !(c->table && sp.label == L_ORG)))
                continue;
            if ((T[i].gf & G_CITY) && gl == 1 && T[i].g->pop < 100000) continue;
        }
        if (push(c->s, &sp)) return -1;
        i = sp.te - 1;
    }
    return 0;
}

/* User phrases first: they override every rule. Without user lists no
 * entry has G_USER (gaz.anyflags), so there is no phrase to look for. */
static int user_spans(ctx *c) {
    if (!(c->g->anyflags & G_USER)) return 0;
    ent_tok *T = c->s->tok;
    for (uint32_t i = c->sb; i < c->se; i++) {
        if (T[i].used) continue;
        const gaz_entry *ge = NULL;
        uint32_t gl = gaz_longest(c->g, c->text, T, i, c->se, G_USER, &ge);
        if (!gl && (T[i].gf & G_USER)) gl = 1, ge = T[i].g;
        if (!gl) continue;
        ent_span sp = {.tb = i, .te = i + gl, .b = T[i].cb, .e = T[i + gl - 1].ce};
        (void)ner_set(&sp, L_NBUILTIN + (uint32_t)ge->user - 1, 0.95f, SRC_USER, 1);
        if (push(c->s, &sp)) return -1;
        i += gl - 1;
    }
    return 0;
}

static int upper_first(const ent_tok *t) {
    return t->shape == SH_CAP || t->shape == SH_UPPER;
}

/* Same token core, byte for byte (case included). */
static int same_core(const char *text, const ent_tok *a, const ent_tok *b) {
    return a->ce - a->cb == b->ce - b->cb && !memcmp(text + a->cb, text + b->cb, a->ce - a->cb);
}

/* A title the document quotes once (" A Beautiful Lie ", found by
 * quoted_titles) is the same work where the document names it again
 * without the quotes ("Because A Beautiful Lie was leaked"): the same
 * words, case and all, standing alone (no capitalised word right before or
 * after, which would make them part of a longer name) become the title's
 * span, kept as the quoted one is, and the rule spans they overlap are
 * dropped. Only titles of two words or more: one word ("Hero") is too
 * often a name or a word of its own; and none that ends like the name of a
 * team, firm or place. */
/* Titles looked for again in one document, at most: the work is this many
 * scans of the tokens, whatever the number of quotes. */
#define MAX_TITLES 32

static int title_ok(const ent_tok *T, const ent_span *q) {
    /* "Montreal HC", "Acme Ltd" in quotes: a name whose last word ends
     * names of teams, firms or places, or is an acronym, is no work to
     * repeat */
    return q->keep && q->label != L_NONE && q->te - q->tb >= 2 &&
           !(T[q->te - 1].gf & (G_ORGHEAD | G_SPORT | G_LEGAL | G_LOCHEAD)) &&
           T[q->te - 1].shape != SH_UPPER;
}

static int same_words(const char *text, const ent_tok *T, uint32_t a, uint32_t b, uint32_t len) {
    for (uint32_t m = 0; m < len; m++)
        if (!same_core(text, &T[a + m], &T[b + m]) || (m + 1 < len && T[a + m].cut)) return 0;
    return 1;
}

static int title_recurrences(const char *text, ner_scratch *s) {
    const ent_tok *T = s->tok;
    ent_span q[MAX_TITLES];
    size_t nq = 0;
    for (size_t k = 0; k < s->nsp && nq < MAX_TITLES; k++) {
        const ent_span *x = &s->sp[k];
        if (!title_ok(T, x)) continue;
        int dup = 0;
        for (size_t j = 0; j < nq && !dup; j++)
            dup = q[j].te - q[j].tb == x->te - x->tb &&
                  same_words(text, T, q[j].tb, x->tb, x->te - x->tb);
        if (!dup) q[nq++] = *x;
    }
    if (!nq) return 0;
    /* the span over each token (rule spans do not overlap here; the last wins) */
    uint32_t *own = malloc(s->ntok * sizeof *own);
    if (!own) return -1;
    for (size_t i = 0; i < s->ntok; i++) own[i] = UINT32_MAX;
    for (size_t k = 0; k < s->nsp; k++)
        for (uint32_t i = s->sp[k].tb; i < s->sp[k].te && i < s->ntok; i++) own[i] = (uint32_t)k;
    int rc = 0;
    for (size_t k = 0; k < nq && !rc; k++) {
        uint32_t len = q[k].te - q[k].tb;
        for (uint32_t i = 0; i + len <= s->ntok; i++) {
            if (!same_words(text, T, i, q[k].tb, len)) continue;
            /* "Because A Beautiful Lie was leaked": a capitalised function
             * word opening the sentence is no part of a name */
            if (i > 0 && upper_first(&T[i - 1]) && !T[i - 1].cut && !T[i].sstart &&
                !(T[i - 1].sstart && (T[i - 1].gf & G_STOP)))
                continue;
            if (i + len < s->ntok && upper_first(&T[i + len]) && !T[i + len - 1].cut) continue;
            int kept = 0; /* the quoted mention itself, or one found already */
            for (uint32_t x = i; x < i + len && !kept; x++)
                kept = own[x] != UINT32_MAX && s->sp[own[x]].keep && s->sp[own[x]].label != L_NONE;
            if (kept) continue;
            for (uint32_t x = i; x < i + len; x++)
                if (own[x] != UINT32_MAX) s->sp[own[x]].label = L_NONE;
            ent_span sp = q[k];
            sp.tb = i;
            sp.te = i + len;
            sp.b = T[i].cb;
            sp.e = T[i + len - 1].ce;
            if (push(s, &sp)) {
                rc = -1;
                break;
            }
            T = s->tok;
            for (uint32_t x = i; x < i + len; x++) own[x] = (uint32_t)(s->nsp - 1);
            i += len - 1;
        }
    }
    free(own);
    return rc;
}

static int cmp_span(const void *a, const void *b) {
    const ent_span *x = a, *y = b;
    return x->b < y->b ? -1 : x->b > y->b ? 1 : 0;
}

int ner_run(const gaz *g, const char *text, ner_scratch *s) {
    ent_tok *T = s->tok;
    s->nsp = 0;
    /* the last document's keys go, slot by slot */
    ner_lower_clear(s);
    ner_mem_clear(s);
    /* after one huge document, small ones should not keep its big tables */
    if (s->caplower > 8192 && s->caplower > 8 * s->ntok) {
        free(s->lower);
        free(s->lowerlog);
        s->lower = NULL;
        s->lowerlog = NULL;
        s->caplower = 0;
    }
    if (s->capmem > 8192 && s->capmem > 8 * s->ntok) {
        free(s->mem);
        free(s->memlab);
        free(s->memlog);
        s->mem = NULL;
        s->memlab = NULL;
        s->memlog = NULL;
        s->capmem = 0;
    }
    /* sentence starts, and words this document writes in lower case */
    for (size_t k = 0; k < s->nsent; k++) {
        for (uint32_t i = s->sent[k]; i < s->sent[k + 1]; i++) {
            if (T[i].shape == SH_PUNCT) continue;
            T[i].sstart = 1;
            break;
        }
    }
    size_t sportw = 0;
    for (size_t i = 0; i < s->ntok; i++) {
        if (T[i].shape == SH_LOWER && ner_lower_add(s, T[i].h)) return -1;
        sportw += (T[i].gf & G_SPORTCTX) != 0;
    }

    ctx c = {.g = g, .text = text, .s = s, .sports = sportw >= 3 && sportw * 50 >= s->ntok};
    s->sports = c.sports;
    char *head = NULL;
    if (s->nsent) {
        head = calloc(s->nsent, 1);
        if (!head) return -1;
    }
    for (size_t k = 0; k < s->nsent; k++) {
        c.sb = s->sent[k];
        c.se = s->sent[k + 1];
        if (user_spans(&c) || pat_sentence(text, s, c.sb, c.se)) goto oom;
        head[k] = (char)headline(T, c.sb, c.se);
        if (!head[k] && sentence(&c)) goto oom;
    }
    /* what the document says for certain teaches its weaker mentions; full
     * names first, so "Paul" of "Rand Paul" outranks a town called Paul */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < s->nsp; k++) {
            const ent_span *sp = &s->sp[k];
            if (!sp->strong || sp->label == L_NONE || sp->label > L_MISC) continue;
            int multi = sp->te > sp->tb + 1;
            if (multi != (pass == 0)) continue;
            uint64_t h = span_hash(T, sp->tb, sp->te, text);
            if (!multi && ner_mem_get(s, h)) continue;
            if (ner_mem_put(s, h, sp->label | MEM_WHOLE)) goto oom;
            /* the parts of a person's name name the person later ("Paul" of
             * "Rand Paul"), but a given name that is a place stays the place:
             * "Paris" after "Paris Hilton" is the city; later mentions of a
             * person go by the surname */
            if (sp->label == L_PER && multi)
                for (uint32_t i = sp->tb; i < sp->te; i++)
                    if (T[i].shape != SH_LOWER &&
                        (i + 1 == sp->te || !(T[i].gf & (G_CITY | G_COUNTRY | G_ADMIN1 | G_LOC))) &&
                        ner_mem_put(s, T[i].h, L_PER))
                        goto oom;
        }
    }
    for (size_t k = 0; k < s->nsp; k++) {
        ent_span *sp = &s->sp[k];
        if (sp->label > L_MISC && sp->label != L_NONE) continue;
        uint32_t m = ner_mem_get(s, span_hash(T, sp->tb, sp->te, text));
        /* "Paul" after "Rand Paul" is the person, whatever town shares it */
        int part = m == L_PER && sp->te == sp->tb + 1 && !(T[sp->tb].gf & STRONG_FLAGS) &&
                   sp->source != SRC_USER;
        if (m && (!sp->strong || part) && (m & 0xFFFF) != sp->label) {
            sp->label = m & 0xFFFF;
            sp->score = (m & MEM_WHOLE) ? 0.75f : 0.7f;
            sp->source = SRC_RULE;
        }
    }
    for (size_t k = 0; k < s->nsent; k++) {
        if (!head[k]) continue;
        c.sb = s->sent[k];
        c.se = s->sent[k + 1];
        c.table = table_row(T, c.sb, c.se);
        if (headline_spans(&c)) goto oom;
    }
    if (title_recurrences(text, s)) goto oom;
    free(head);
    if (s->nsp > 1) qsort(s->sp, s->nsp, sizeof *s->sp, cmp_span);
    return 0;
oom:
    free(head);
    return -1;
}

/* German (and Austrian, Swiss) place names name a town by the river,
 * region or hill it lies on: "Frankfurt am Main", "Freiburg im Breisgau",
 * "Mülheim an der Ruhr", "Rothenburg ob der Tauber". Tagged word by word,
 * the town comes out a place and the river a person or an organisation.
 * The connectors are lower-case German words; after a place (a LOC span,
 * or one ending in a gazetteer place) "am"/"im" suffice, after any other
 * name only a two-word one ("an der", ...). One or two capitalised words
 * follow, in the same sentence; the whole is one LOC. */
static uint32_t place_link(const char *text, const ent_tok *T, uint32_t n, uint32_t x, int place) {
    static const char *const one[] = {"am", "im", NULL};
    static const char *const art[] = {"an", "ob", "vor", "in", "auf", "unter", NULL};
    uint32_t j = x;
    if (j < n && !T[j].cut && !T[j].sstart && ner_is_any(text, &T[j], one)) {
        if (!place) return 0;
        j++;
    } else if (j + 1 < n && !T[j].cut && !T[j + 1].cut && !T[j].sstart && !T[j + 1].sstart &&
               ner_is_any(text, &T[j], art) && ner_is_word(text, &T[j + 1], "der") &&
               T[j].shape == SH_LOWER) {
        j += 2;
    } else {
        return 0;
    }
    uint32_t e = j;
    while (e < n && e < j + 2 && !T[e].sstart && T[e].shape == SH_CAP && T[e].letters >= 2) {
        e++;
        if (T[e - 1].cut) break;
    }
    return e > j ? e : 0;
}

void ner_place_links(const char *text, ner_scratch *s) {
    const ent_tok *T = s->tok;
    const uint32_t n = (uint32_t)s->ntok;
    const uint32_t places = G_CITY | G_ADMIN1 | G_COUNTRY | G_LOC;
    for (size_t k = 0; k < s->nsp; k++) {
        ent_span *sp = &s->sp[k];
        if (sp->label < L_PER || sp->label > L_MISC || sp->te >= n || !sp->te) continue;
        const ent_tok *last = &T[sp->te - 1];
        if (last->cut || T[sp->te].shape != SH_LOWER) continue;
        int place = sp->label == L_LOC || (last->gf & places);
        uint32_t e = place_link(text, T, n, sp->te, place);
        if (!e) continue;
        for (size_t q = 0; q < s->nsp; q++) /* what the new part held goes */
            if (q != k && s->sp[q].tb < e && s->sp[q].te > sp->te) s->sp[q].label = L_NONE;
        const ent_tok *z = &T[e - 1];
        sp->te = e;
        sp->e = z->cb < z->ce ? z->ce : z->e;
        sp->label = L_LOC;
    }
}
