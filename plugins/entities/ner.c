/*
 * Names in news text without a trained model: capitalised token runs,
 * split and trimmed by titles, connectors, possessives and punctuation,
 * then typed by gazetteer evidence, head words and context, and finally
 * made consistent within the document (a later "Putin" is the "Vladimir
 * Putin" of the first paragraph; an all-caps headline is read through what
 * the body says).
 */
#include "ner.h"

#include <stdlib.h>
#include <string.h>

#include "pat.h"
#include "utf8.h"

const char *const ent_label_names[L_NBUILTIN] = {"",      "PER",  "ORG",   "LOC",     "MISC",
                                                 "DATE",  "TIME", "MONEY", "PERCENT", "QUANTITY",
                                                 "EMAIL", "URL",  "PHONE"};
const char *const ent_source_names[SRC_NSOURCES] = {"gazetteer", "rule", "pattern", "user"};

#define ENTITY_FLAGS                                                                               \
    (G_COUNTRY | G_ADMIN1 | G_CITY | G_DEMONYM | G_ORG | G_LOC | G_MISC | G_PER | G_USER)
/* Evidence that outweighs a capitalised word's being common: a town called
 * Police or a region called Mobile does not make "Police said" a place. */
#define STRONG_FLAGS (G_COUNTRY | G_DEMONYM | G_ORG | G_LOC | G_MISC | G_PER | G_USER)

void ner_scratch_free(ner_scratch *s) {
    free(s->tok);
    free(s->sent);
    free(s->sp);
    free(s->lower);
    free(s->mem);
    free(s->memlab);
    free(s->ckey);
    free(s->cval);
    memset(s, 0, sizeof *s);
}

int ner_reserve(ner_scratch *s, size_t n, size_t m) {
    if (n > s->captok) {
        ent_tok *t = realloc(s->tok, n * sizeof *t);
        if (!t) return -1;
        s->tok = t;
        s->captok = n;
    }
    if (m + 1 > s->capsent) {
        uint32_t *x = realloc(s->sent, (m + 1) * sizeof *x);
        if (!x) return -1;
        s->sent = x;
        s->capsent = m + 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Token features                                                            */

static int is_word(const char *text, const ent_tok *t, const char *w) {
    size_t n = strlen(w);
    if (t->ce - t->cb != n) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[t->cb + i];
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c != w[i]) return 0;
    }
    return 1;
}

static const gaz_entry *find1(const gaz *g, const char *s, size_t n, uint64_t *h) {
    *h = gaz_hash_tok(GAZ_SEED, s, n, 1);
    gaz_tok t = {s, (uint32_t)n};
    return gaz_find(g, *h, &t, 1);
}

/* "Vienna-based", "Moscow-backed": a name turned adjective (MISC in news
 * annotation). */
static int adj_compound(const char *text, uint32_t b, uint32_t e) {
    static const char *const sfx[] = {"-based",     "-born",       "-led",  "-backed",
                                      "-sponsored", "-owned",      "-made", "-style",
                                      "-bound",     "-controlled", NULL};
    size_t n = e - b;
    for (int i = 0; sfx[i]; i++) {
        size_t k = strlen(sfx[i]);
        if (n > k + 1 && !memcmp(text + e - k, sfx[i], k)) return 1;
    }
    return 0;
}

#define CACHE_SIZE 8192 /* power of two */

/* find1 through the per-worker cache (key 0 marks an empty slot). A hit
 * trusts the 64-bit hash: two words colliding in one worker's cache is a
 * risk of about 1e-19 per pair, far below any tagging error. */
static const gaz_entry *find1c(const gaz *g, ner_scratch *s, const char *str, size_t n,
                               uint64_t *h) {
    *h = gaz_hash_tok(GAZ_SEED, str, n, 1);
    uint64_t k = *h ? *h : 1;
    size_t i = (size_t)(k ^ (k >> 29)) & (CACHE_SIZE - 1);
    if (s->ckey[i] == k) return s->cval[i];
    gaz_tok t = {str, (uint32_t)n};
    const gaz_entry *e = gaz_find(g, *h, &t, 1);
    s->ckey[i] = k;
    s->cval[i] = e;
    return e;
}

int ner_features(const gaz *g, ner_scratch *s, const char *text, ent_tok *t) {
    if (!s->ckey) {
        s->ckey = calloc(CACHE_SIZE, sizeof *s->ckey);
        s->cval = calloc(CACHE_SIZE, sizeof *s->cval);
        if (!s->ckey || !s->cval) return -1;
    }
    uint32_t b = t->b, e = t->e;
    t->cut = 0;
    t->used = 0;
    t->sstart = 0;
    /* leading brackets and quotes */
    while (b < e && (text[b] == '(' || text[b] == '"' || text[b] == '[' || text[b] == '\'')) b++;
    while (e - b >= 3 && (unsigned char)text[b] == 0xE2 && (unsigned char)text[b + 1] == 0x80 &&
           ((unsigned char)text[b + 2] == 0x9C || (unsigned char)text[b + 2] == 0x98))
        b += 3;
    /* trailing punctuation, closing quotes, possessive; a final dot goes
     * unless the word is an abbreviation ("Inc." "U.S." "J.") */
    uint64_t h = 0;
    const gaz_entry *ge = NULL;
    for (int poss = 0;;) {
        if (e > b + 1 && text[e - 1] && strchr(",;:!?\")]", text[e - 1])) {
            e--, t->cut = 1;
        } else if (e >= b + 4 && (unsigned char)text[e - 3] == 0xE2 &&
                   (unsigned char)text[e - 2] == 0x80 &&
                   ((unsigned char)text[e - 1] == 0x9D || (unsigned char)text[e - 1] == 0x99)) {
            e -= 3, t->cut = 1;
        } else if (!poss && e >= b + 3 && (text[e - 1] == 's' || text[e - 1] == 'S') &&
                   text[e - 2] == '\'') {
            e -= 2, t->cut = 1, poss = 1;
        } else if (!poss && e >= b + 5 && (text[e - 1] == 's' || text[e - 1] == 'S') &&
                   (unsigned char)text[e - 4] == 0xE2 && (unsigned char)text[e - 3] == 0x80 &&
                   (unsigned char)text[e - 2] == 0x99) {
            e -= 4, t->cut = 1, poss = 1;
        } else if (!poss && e >= b + 3 && text[e - 1] == '\'' &&
                   (text[e - 2] == 's' || text[e - 2] == 'S')) {
            e -= 1, t->cut = 1, poss = 1; /* players' */
        } else if (e > b + 1 && text[e - 1] == '.') {
            ge = find1c(g, s, text + b, e - b, &h);
            if (ge || e - b == 2 || memchr(text + b, '.', e - b - 1)) break;
            ge = NULL;
            e--, t->cut = 1;
        } else {
            break;
        }
    }
    t->cb = b;
    t->ce = e;
    if (adj_compound(text, b, e)) t->cut = 1; /* "Vienna-based" stands alone */
    if (!ge) ge = find1c(g, s, text + b, e - b, &h);
    t->h = h;
    t->g = ge;
    t->gf = ge ? ge->flags : 0;
    /* shape from the first character and whether any lower-case letter follows */
    t->letters = 0;
    if (b == e) {
        t->shape = SH_PUNCT;
        return 0;
    }
    size_t l;
    uint32_t cp = ent_utf8_cp(text + b, e - b, &l);
    int c0 = ent_letter_case(cp), lower = 0, alnum = c0 != 0;
    unsigned letters = c0 != 0;
    for (uint32_t i = b + (uint32_t)l; i < e; i += (uint32_t)l) {
        uint32_t c = ent_utf8_cp(text + i, e - i, &l);
        int k = ent_letter_case(c);
        if (k) letters++;
        if (k == 2) lower = 1;
        if (k || (c >= '0' && c <= '9')) alnum = 1;
    }
    t->letters = (uint8_t)(letters > 255 ? 255 : letters);
    if (c0 == 1)
        t->shape = lower ? SH_CAP : SH_UPPER;
    else if (c0 == 2)
        t->shape = SH_LOWER;
    else if (cp >= '0' && cp <= '9')
        t->shape = SH_NUM;
    else
        t->shape = alnum ? SH_OTHER : SH_PUNCT;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Small hash sets keyed by gazetteer hashes                                 */

static int set_grow(uint64_t **keys, uint32_t **vals, size_t *cap, size_t n) {
    if ((n + 1) * 2 <= *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 1024;
    uint64_t *nk = calloc(nc, sizeof *nk);
    uint32_t *nv = vals ? calloc(nc, sizeof *nv) : NULL;
    if (!nk || (vals && !nv)) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < *cap; i++) {
        if (!(*keys)[i]) continue;
        size_t p = (*keys)[i] & (nc - 1);
        while (nk[p]) p = (p + 1) & (nc - 1);
        nk[p] = (*keys)[i];
        if (vals) nv[p] = (*vals)[i];
    }
    free(*keys);
    *keys = nk;
    if (vals) {
        free(*vals);
        *vals = nv;
    }
    *cap = nc;
    return 0;
}

/* 0 is the empty key, so keys are forced odd-or-nonzero. */
static uint64_t key_of(uint64_t h) {
    return h ? h : 1;
}

static int lower_add(ner_scratch *s, uint64_t h) {
    if (set_grow(&s->lower, NULL, &s->caplower, s->nlower)) return -1;
    uint64_t k = key_of(h);
    size_t p = k & (s->caplower - 1);
    while (s->lower[p]) {
        if (s->lower[p] == k) return 0;
        p = (p + 1) & (s->caplower - 1);
    }
    s->lower[p] = k;
    s->nlower++;
    return 0;
}

static int lower_has(const ner_scratch *s, uint64_t h) {
    if (!s->caplower) return 0;
    uint64_t k = key_of(h);
    for (size_t p = k & (s->caplower - 1); s->lower[p]; p = (p + 1) & (s->caplower - 1))
        if (s->lower[p] == k) return 1;
    return 0;
}

/* Document memory: value = label | MEM_WHOLE for whole mentions. */
#define MEM_WHOLE 0x10000u
static int mem_put(ner_scratch *s, uint64_t h, uint32_t v) {
    if (set_grow(&s->mem, &s->memlab, &s->capmem, s->nmem)) return -1;
    uint64_t k = key_of(h);
    size_t p = k & (s->capmem - 1);
    while (s->mem[p]) {
        if (s->mem[p] == k) {
            /* a whole mention outranks a part; otherwise first come wins */
            if ((v & MEM_WHOLE) && !(s->memlab[p] & MEM_WHOLE)) s->memlab[p] = v;
            return 0;
        }
        p = (p + 1) & (s->capmem - 1);
    }
    s->mem[p] = k;
    s->memlab[p] = v;
    s->nmem++;
    return 0;
}

static uint32_t mem_get(const ner_scratch *s, uint64_t h) {
    if (!s->capmem) return 0;
    uint64_t k = key_of(h);
    for (size_t p = k & (s->capmem - 1); s->mem[p]; p = (p + 1) & (s->capmem - 1))
        if (s->mem[p] == k) return s->memlab[p];
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Spans                                                                     */

static uint64_t span_hash(const ent_tok *T, uint32_t b, uint32_t e, const char *text) {
    if (e == b + 1) return T[b].h;
    uint64_t h = GAZ_SEED;
    for (uint32_t i = b; i < e; i++) h = gaz_hash_tok(h, text + T[i].cb, T[i].ce - T[i].cb, i == b);
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
        h = gaz_hash_tok(h, tk[k].s, tk[k].n, k == 0);
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
    if (s->nsp == s->capsp) {
        size_t c = s->capsp ? s->capsp * 2 : 256;
        ent_span *n = realloc(s->sp, c * sizeof *n);
        if (!n) return -1;
        s->sp = n;
        s->capsp = c;
    }
    s->sp[s->nsp++] = *sp;
    for (uint32_t i = sp->tb; i < sp->te; i++) s->tok[i].used = 1;
    return 0;
}

typedef struct ctx {
    const gaz *g;
    const char *text;
    ner_scratch *s;
    uint32_t sb, se;
    int table;  /* the sentence looks like a results table row */
    int sports; /* the document is a sports report */
} ctx;

static int set(ent_span *sp, uint32_t label, float score, int source, int strong) {
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

static const gaz_entry *whole_entry(const ctx *c, uint32_t b, uint32_t e) {
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
    const gaz_entry *e = find1(c->g, c->text + t->cb, t->ce - t->cb - 1, &h);
    return e && (e->flags & G_DEMONYM);
}

static int has_digit(const ctx *c, const ent_tok *t) {
    for (uint32_t i = t->cb; i < t->ce; i++)
        if (c->text[i] >= '0' && c->text[i] <= '9') return 1;
    return 0;
}

static int loc_prep(const ctx *c, const ent_tok *p) {
    return p && (is_word(c->text, p, "in") || is_word(c->text, p, "at") ||
                 is_word(c->text, p, "near") || is_word(c->text, p, "from") ||
                 is_word(c->text, p, "to") || is_word(c->text, p, "outside"));
}

static int hyphen_adj(const ctx *c, const ent_tok *t) {
    return adj_compound(c->text, t->cb, t->ce);
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

static int classify(const ctx *c, ent_span *sp) {
    const ent_tok *T = c->s->tok;
    const char *text = c->text;
    uint32_t b = sp->tb, e = sp->te, n = e - b;
    const gaz_entry *w = whole_entry(c, b, e);
    uint32_t wf = w ? w->flags : 0, ff = T[b].gf, lf = T[e - 1].gf;
    uint32_t any = 0;
    for (uint32_t i = b; i < e; i++) any |= T[i].gf;
    int cue = person_cue(c, b);
    /* "Bank of ...", "National Bank of ...", "Organisation for ..." */
    int has_of = 0;
    for (uint32_t i = b + 1; i + 1 < e; i++)
        has_of |=
            (T[i - 1].gf & G_ORGPRE) && (is_word(text, &T[i], "of") || is_word(text, &T[i], "for"));
    const ent_tok *next = e < c->se ? &T[e] : NULL;

    if (wf & G_USER) return set(sp, L_NBUILTIN + (uint32_t)w->user - 1, 0.95f, SRC_USER, 1);
    if (wf & G_PER) return set(sp, L_PER, 0.9f, SRC_GAZETTEER, 1);
    if (wf & G_ORG) return set(sp, L_ORG, 0.9f, SRC_GAZETTEER, 1);
    if (wf & G_MISC) return set(sp, L_MISC, 0.9f, SRC_GAZETTEER, 1);
    if (wf & G_LOC) return set(sp, L_LOC, 0.9f, SRC_GAZETTEER, 1);
    if ((wf & G_DEMONYM) || (n == 1 && plural_demonym(c, &T[b])))
        return set(sp, L_MISC, 0.85f, SRC_GAZETTEER, 1);
    if (wf & G_COUNTRY) return set(sp, L_LOC, 0.9f, SRC_GAZETTEER, 1);
    if (cue) return set(sp, L_PER, 0.85f, SRC_RULE, 1);
    if (n >= 2 && hyphen_adj(c, &T[e - 1])) return set(sp, L_MISC, 0.6f, SRC_RULE, 0);
    if (n >= 2 && (lf & (G_LEGAL | G_ORGHEAD))) return set(sp, L_ORG, 0.85f, SRC_RULE, 1);
    if (n >= 2 && has_of) return set(sp, L_ORG, 0.85f, SRC_RULE, 1);
    if (n >= 2 && (lf & G_MISCHEAD)) return set(sp, L_MISC, 0.8f, SRC_RULE, 1);
    if (n >= 2 && ((lf | ff) & G_LOCHEAD)) return set(sp, L_LOC, 0.8f, SRC_RULE, 1);
    /* words this document also writes in lower case are common nouns:
     * "Lincoln Reservoir", "Meyer Music" are not people */
    int common = 0;
    for (uint32_t i = b + 1; i < e; i++) common |= !(T[i].gf & G_LAST) && lower_has(c->s, T[i].h);
    uint32_t heads = G_STOP | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_ORGPRE | G_SPORT;
    int personish = n >= 2 && (ff & G_FIRST) && !(lf & (G_COUNTRY | G_ADMIN1 | heads)) && !common;
    const ent_tok *prev = b > c->sb ? &T[b - 1] : NULL;
    /* fixtures and results: "Barnsley v Stoke", "Barnsley 1 Stoke 0",
     * "Pete Sampras ( U.S. ) 6-3" */
    int versus =
        (next &&
         (is_word(text, next, "v") || is_word(text, next, "vs") || is_word(text, next, "vs."))) ||
        (prev &&
         (is_word(text, prev, "v") || is_word(text, prev, "vs") || is_word(text, prev, "vs.")));
    if ((c->table && next && (next->shape == SH_NUM || is_word(text, next, "("))) || versus) {
        if (!versus && (personish || is_word(text, next, "(")))
            return set(sp, L_PER, 0.7f, SRC_RULE, 0);
        if (!(wf & G_COUNTRY)) return set(sp, L_ORG, 0.7f, SRC_RULE, 0);
    }
    /* a place and a plural: "Philadelphia Eagles", "Colorado Rockies" */
    int place_first = (ff & (G_CITY | G_ADMIN1 | G_COUNTRY)) != 0;
    if (n >= 2 && !w && (place_first || (T[b].g && (T[b].g->flags & G_PREFIX))) &&
        c->text[T[e - 1].ce - 1] == 's' && !(lf & (G_CITY | G_ADMIN1 | G_COUNTRY | G_LAST)) &&
        T[e - 1].shape == SH_CAP) {
        const gaz_entry *pl = whole_entry(c, b, e - 1);
        if (pl && (pl->flags & (G_CITY | G_ADMIN1 | G_COUNTRY)))
            return set(sp, L_ORG, 0.75f, SRC_RULE, 1);
    }
    /* in a sports report a town or county that is not where something
     * happens is the team: "Surrey beat Kent", "Leicestershire extended" */
    if (c->sports && (wf & (G_CITY | G_ADMIN1)) && !(wf & STRONG_FLAGS) && !loc_prep(c, prev) &&
        !(prev && (is_word(text, prev, "of") || is_word(text, prev, ","))) &&
        !(T[b].sstart && next && next->used)) /* "LONDON 1996-08-30": a dateline */
        return set(sp, L_ORG, 0.65f, SRC_RULE, 0);
    if (n >= 2 && (lf & G_SPORT) && !(wf & (G_CITY | G_ADMIN1)))
        return set(sp, L_ORG, 0.8f, SRC_RULE, 1);
    if (wf & (G_ADMIN1 | G_CITY)) {
        if (personish && w->pop < 100000) return set(sp, L_PER, 0.7f, SRC_RULE, 1);
        float sc = (wf & G_ADMIN1) || w->pop >= 1000000 ? 0.85f : w->pop >= 100000 ? 0.75f : 0.6f;
        /* a small town that is also a common name: "Mitchell said" */
        if (n == 1 && sc < 0.75f && (wf & (G_FIRST | G_LAST)) && !loc_prep(c, prev))
            return set(sp, L_PER, 0.5f, SRC_RULE, 0);
        return set(sp, L_LOC, sc, SRC_GAZETTEER, sc >= 0.75f);
    }
    if ((any & G_DEMONYM) && !(any & (G_ORGHEAD | G_LEGAL)))
        return set(sp, L_MISC, 0.7f, SRC_RULE, 0);
    if (personish) return set(sp, L_PER, 0.8f, SRC_RULE, 1);
    uint32_t nouns = G_STOP | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_ORGPRE | G_TITLE;
    if (n >= 2 && (lf & G_LAST) && T[e - 1].g->rank <= 20000 && !(any & (G_CITY | G_COUNTRY)) &&
        !((ff | lf) & nouns))
        return set(sp, L_PER, 0.75f, SRC_RULE, 1);
    if (n >= 2) {
        if (T[b].sstart && (ff & G_STOP)) return set(sp, L_NONE, 0, SRC_RULE, 0);
        int digits = 0, upper = 0;
        for (uint32_t i = b; i < e; i++) {
            digits |= has_digit(c, &T[i]);
            upper |= T[i].shape == SH_UPPER && T[i].letters >= 2;
        }
        /* models and products: "F-16 Falcon", "Boeing 747" */
        if (digits) return set(sp, L_MISC, 0.5f, SRC_RULE, 0);
        /* a place or an acronym inside makes an organisation more likely
         * than a person: "Chicago Purchasing Managers", "CITIC Pacific" */
        if ((any & (G_CITY | G_ADMIN1 | G_COUNTRY)) || upper || common)
            return set(sp, L_ORG, 0.5f, SRC_RULE, 0);
        return set(sp, L_PER, 0.5f, SRC_RULE, 0);
    }
    /* one token */
    const ent_tok *t = &T[b];
    if (t->shape == SH_UPPER && t->letters >= 2 && t->letters <= 5 && !(ff & (G_FIRST | G_LAST)))
        return set(sp, L_ORG, 0.6f, SRC_RULE, 0);
    if (has_digit(c, t)) return set(sp, L_MISC, 0.55f, SRC_RULE, 0);
    if (hyphen_adj(c, t)) return set(sp, L_MISC, 0.6f, SRC_RULE, 0);
    if (loc_prep(c, prev)) return set(sp, L_LOC, 0.5f, SRC_RULE, 0);
    if (ff & G_FIRST) return set(sp, L_PER, 0.55f, SRC_RULE, 0);
    if ((ff & G_LAST) && t->g->rank <= 5000) return set(sp, L_PER, 0.5f, SRC_RULE, 0);
    /* nationality-like adjectives: "Scottish seats", "Bosnian President" */
    if (adj_suffix(c, t) && next && (next->shape == SH_LOWER || (next->gf & G_TITLE)))
        return set(sp, L_MISC, 0.5f, SRC_RULE, 0);
    /* no evidence: a candidate the document memory may still name */
    return set(sp, L_NONE, 0.0f, SRC_RULE, 0);
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
            else if (t->shape == SH_PUNCT && !is_word(text, t, "-") && !is_word(text, t, ":"))
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
        const gaz_entry *w = whole_entry(c, b, e);
        if ((w && (w->flags & (ENTITY_FLAGS | G_STOP))) || (e == b + 1 && T[b].gf)) {
            i = j;
            continue;
        }
        ent_span sp = {.tb = b, .te = e, .b = T[b].cb, .e = T[e - 1].ce};
        (void)set(&sp, L_MISC, 0.6f, SRC_RULE, 0);
        if (push(c->s, &sp)) return -1;
        i = j;
    }
    return 0;
}

/* Longest run of capitalised words taken for one name. */
#define MAX_RUN 10

/* Non-headline sentence: capitalised runs -> classified spans. */
static int sentence(ctx *c) {
    ent_tok *T = c->s->tok;
    const char *text = c->text;
    c->table = table_row(T, c->sb, c->se);
    if (quoted_titles(c)) return -1;
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
            int head_noun =
                (T[i].gf & (G_ORGPRE | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD)) && i + 2 < c->se &&
                (cap(&T[i + 1]) || ((T[i + 1].gf & G_CONN) || is_word(text, &T[i + 1], "of")));
            /* mid-sentence, "The" or "National" may open a name: kept
             * below only if the whole turns out an organisation or event */
            lead = (T[i].gf & G_STOP) && !(T[i].gf & (STRONG_FLAGS | G_MONTH | G_DAY | G_TITLE)) &&
                   !head_noun && !T[i].sstart && i + 1 < c->se && cap(&T[i + 1]);
            if ((T[i].gf & (G_STOP | G_MONTH | G_DAY)) && !(T[i].gf & STRONG_FLAGS) && !head_noun &&
                !lead)
                continue;
            if (T[i].gf & G_TITLE && !(T[i].gf & ENTITY_FLAGS)) continue;
            if (T[i].sstart && !(T[i].gf & STRONG_FLAGS) && lower_has(c->s, T[i].h)) continue;
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
                    if ((t->gf & (G_MONTH | G_DAY)) && !(t->gf & ENTITY_FLAGS)) break;
                    j++;
                    if (t->cut) break;
                    continue;
                }
                if (t->used || j + 1 >= c->se || !cap(&T[j + 1]) || t->cut) break;
                int ok = 0;
                if (t->gf & G_CONN) ok = 1;
                if (is_word(text, t, "&")) ok = 1;
                if (is_word(text, t, "of") || is_word(text, t, "for")) {
                    uint32_t f = 0;
                    for (uint32_t k = i; k < j; k++) f |= T[k].gf;
                    ok = (f & (G_ORGPRE | G_ORGHEAD | G_LOCHEAD | G_MISCHEAD)) != 0;
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
        while (j > i + 1 && T[j - 1].shape == SH_LOWER) j--;
        ent_span sp = {.tb = i, .te = j, .b = T[i].cb, .e = T[j - 1].ce};
        classify(c, &sp);
        if (lead && !((sp.label == L_ORG && sp.score >= 0.85f) ||
                      (sp.label == L_MISC && (sp.score >= 0.8f || hyphen_adj(c, &T[j - 1])))))
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
            h = gaz_hash_tok(h, c->text + t->cb, t->ce - t->cb, k == 0);
            uint32_t m = mem_get(c->s, h);
            if (m) best = k + 1, lab = m & 0xFFFF;
            if (t->cut) break;
        }
        ent_span sp = {0};
        if (best) {
            sp = (ent_span){.tb = i, .te = i + best, .b = T[i].cb, .e = T[i + best - 1].ce};
            (void)set(&sp, lab, 0.7f, SRC_RULE, 0);
        } else {
            const gaz_entry *ge = NULL;
            uint32_t gl = gaz_longest(c->g, c->text, T, i, c->se, ENTITY_FLAGS, &ge);
            if (!gl && (T[i].gf & ENTITY_FLAGS) &&
                ((T[i].gf & STRONG_FLAGS) || !(T[i].gf & (G_STOP | G_FIRST | G_LAST))))
                gl = 1;
            if (!gl) continue;
            sp = (ent_span){.tb = i, .te = i + gl, .b = T[i].cb, .e = T[i + gl - 1].ce};
            classify(c, &sp);
            if (!sp.label || (sp.source != SRC_GAZETTEER && !(c->table && sp.label == L_ORG)))
                continue;
            if ((T[i].gf & G_CITY) && gl == 1 && T[i].g->pop < 100000) continue;
        }
        if (push(c->s, &sp)) return -1;
        i = sp.te - 1;
    }
    return 0;
}

/* User phrases first: they override every rule. */
static int user_spans(ctx *c) {
    ent_tok *T = c->s->tok;
    for (uint32_t i = c->sb; i < c->se; i++) {
        if (T[i].used) continue;
        const gaz_entry *ge = NULL;
        uint32_t gl = gaz_longest(c->g, c->text, T, i, c->se, G_USER, &ge);
        if (!gl && (T[i].gf & G_USER)) gl = 1, ge = T[i].g;
        if (!gl) continue;
        ent_span sp = {.tb = i, .te = i + gl, .b = T[i].cb, .e = T[i + gl - 1].ce};
        (void)set(&sp, L_NBUILTIN + (uint32_t)ge->user - 1, 0.95f, SRC_USER, 1);
        if (push(c->s, &sp)) return -1;
        i += gl - 1;
    }
    return 0;
}

static int cmp_span(const void *a, const void *b) {
    const ent_span *x = a, *y = b;
    return x->b < y->b ? -1 : x->b > y->b ? 1 : 0;
}

int ner_run(const gaz *g, const char *text, ner_scratch *s) {
    ent_tok *T = s->tok;
    s->nsp = 0;
    s->nlower = 0;
    s->nmem = 0;
    /* after one huge document, small ones should not clear its big tables */
    if (s->caplower > 8192 && s->caplower > 8 * s->ntok) {
        free(s->lower);
        s->lower = NULL;
        s->caplower = 0;
    }
    if (s->capmem > 8192 && s->capmem > 8 * s->ntok) {
        free(s->mem);
        free(s->memlab);
        s->mem = NULL;
        s->memlab = NULL;
        s->capmem = 0;
    }
    if (s->caplower) memset(s->lower, 0, s->caplower * sizeof *s->lower);
    if (s->capmem) memset(s->mem, 0, s->capmem * sizeof *s->mem);
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
        if (T[i].shape == SH_LOWER && lower_add(s, T[i].h)) return -1;
        sportw += (T[i].gf & G_SPORTCTX) != 0;
    }

    ctx c = {.g = g, .text = text, .s = s, .sports = sportw >= 3 && sportw * 50 >= s->ntok};
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
            if (!multi && mem_get(s, h)) continue;
            if (mem_put(s, h, sp->label | MEM_WHOLE)) goto oom;
            if (sp->label == L_PER && multi)
                for (uint32_t i = sp->tb; i < sp->te; i++)
                    if (T[i].shape != SH_LOWER && mem_put(s, T[i].h, L_PER)) goto oom;
        }
    }
    for (size_t k = 0; k < s->nsp; k++) {
        ent_span *sp = &s->sp[k];
        if (sp->label > L_MISC && sp->label != L_NONE) continue;
        uint32_t m = mem_get(s, span_hash(T, sp->tb, sp->te, text));
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
    free(head);
    if (s->nsp > 1) qsort(s->sp, s->nsp, sizeof *s->sp, cmp_span);
    return 0;
oom:
    free(head);
    return -1;
}
