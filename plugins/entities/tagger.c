/*
 * The statistical tagger's features and greedy decoder (see tagger.h).
 * Compiled into the plugin, which both tags with it and trains it
 * (train.c), so the trainer cannot compute a feature differently.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_int.h"
#include "tagger.h"
#include "wordcase.h"
#include "weft/grow.h"
#include "weft/unicode.h"
#include "weft/utf8.h"

#define BOS 0xFFFFFFFFu /* no token before: the sentence begins */
#define EOS 0xFFFFFFFEu /* no token after */

/* Hash of a 32-bit value into a 32-bit state: the pair as one 64-bit
 * number times an odd constant (a bijection), its high half folded into
 * the low one (a bijection too), the low half kept. Two multiplies fewer
 * than hashing the value's four bytes and finishing: tg_features makes
 * about sixty of these a token. Plain integer arithmetic, so a model file
 * means the same on every machine. */
static inline uint32_t h32(uint32_t h, uint32_t v) {
    uint64_t x = (((uint64_t)h << 32) | v) * 0x9E3779B97F4A7C15ull;
    x ^= x >> 29;
    x *= 0xBF58476D1CE4E5B9ull;
    return (uint32_t)(x >> 32);
}

/* Feature templates: the seed of each is its number hashed, once per
 * scratch (t->seed). */
static inline uint32_t tmpl(uint32_t k) {
    return h32(WEFT_LIN_HASH_INIT, k);
}

static void seeds(tg_scratch *t) {
    for (uint32_t k = 0; k < TG_NTMPL; k++) {
        t->seed[k] = tmpl(k);
        for (uint32_t v = 0; v < TG_SMALLV; v++) t->sv[k][v] = h32(t->seed[k], v);
    }
    for (uint32_t c = 0; c < TG_PREVCLS; c++) {
        t->pseed[0][c] = h32(t->seed[28], c);
        t->pseed[1][c] = h32(t->seed[29], c);
    }
    if (!t->seed[0]) t->seed[0] = 1; /* marks the table set; template 0 is unused */
}

/* Feature adders: tg_features reserves TG_MAXF slots first, and adds
 * fewer. The writer holds in locals what every feature reads (where the
 * next one goes, the packed index to prefetch from), which the compiler
 * would otherwise load again after each store; seeds are tmpl(k) of a
 * constant k, folded at compile time. */
typedef struct fvw {
    weft_lin_feat *o;     /* the next feature's slot */
    const uint32_t *pidx; /* packed index lines to prefetch (a dummy without) */
    uint32_t pmask;
} fvw;

static const uint32_t no_idx[1];

static inline fvw fvw_open(const tg_scratch *t, weft_lin_fv *fv) {
    fvw w = {fv->f + fv->n, no_idx, 0};
    if (t->pf) w.pidx = t->pf->idx, w.pmask = t->pf->mask;
    return w;
}

static inline void fvw_close(const fvw *w, weft_lin_fv *fv) {
    fv->n = (size_t)(w->o - fv->f);
}

static inline void fvw_put(fvw *w, uint32_t id) {
#if defined(__GNUC__)
    /* its packed index line, to be there when the features are scored */
    __builtin_prefetch(w->pidx + (id & w->pmask));
#endif
    w->o->id = id;
    w->o->v = 1.0f;
    w->o++;
}

/* h32(tmpl(k), v), from the table when v is small (t->sv: the same value) */
static inline uint32_t hv(const tg_scratch *t, uint32_t k, uint32_t v) {
    return v < TG_SMALLV ? t->sv[k][v] : h32(t->seed[k], v);
}

/* add1(w, tmpl(k), a) and add2(w, tmpl(k), a, b) through hv */
static inline void add1v(fvw *w, const tg_scratch *t, uint32_t k, uint32_t a) {
    fvw_put(w, hv(t, k, a));
}

static inline void add2v(fvw *w, const tg_scratch *t, uint32_t k, uint32_t a, uint32_t b) {
    fvw_put(w, h32(hv(t, k, a), b));
}

static inline void add1(fvw *w, uint32_t seed, uint32_t a) {
    fvw_put(w, h32(seed, a));
}

static inline void add2(fvw *w, uint32_t seed, uint32_t a, uint32_t b) {
    fvw_put(w, h32(h32(seed, a), b));
}

void tg_scratch_free(tg_scratch *t) {
    free(t->f);
    free(t->lab);
    free(t->prob);
    free(t->hkey);
    free(t->hval);
    free(t->bent);
    free(t->bpp);
    free(t->base);
    free(t->mn);
    free(t->wnc_key);
    free(t->wnc_val);
    free(t->tc);
    weft_lin_fv_free(&t->fv);
    weft_lin_fv_free(&t->fv2);
    memset(t, 0, sizeof *t);
}

int tg_model_init(tg_model *tm, uint32_t bits, size_t ntype, const char *const *types) {
    memset(tm, 0, sizeof *tm);
    if (ntype == 0 || ntype > (WEFT_LIN_MAX_CLASSES - 1) / 2) return -1;
    size_t nc = 1 + 2 * ntype;
    char **names = calloc(nc, sizeof *names);
    int rc = -1;
    if (!names) return -1;
    if (!(names[0] = strdup("O"))) goto out;
    for (size_t i = 0; i < ntype; i++) {
        size_t n = strlen(types[i]);
        for (int k = 0; k < 2; k++) {
            char *s = malloc(n + 3);
            if (!s) goto out;
            s[0] = k ? 'I' : 'B';
            s[1] = '-';
            memcpy(s + 2, types[i], n + 1);
            names[1 + 2 * i + (size_t)k] = s;
        }
    }
    if (weft_lin_model_init(&tm->m, bits, (uint32_t)nc, (const char *const *)names)) goto out;
    if (weft_lin_model_set_meta(&tm->m, "features", TG_FEATURES)) goto out;
    rc = tg_model_bind(tm, NULL, 0);
out:
    for (size_t i = 0; i < nc; i++) free(names[i]);
    free(names);
    if (rc) tg_model_free(tm);
    return rc;
}

int tg_model_bind(tg_model *tm, char *err, size_t errlen) {
    char dummy[1];
    if (!err) err = dummy, errlen = sizeof dummy;
    const char *f = weft_lin_model_meta(&tm->m, "features");
    if (!f || (strcmp(f, TG_FEATURES) && strcmp(f, TG_FEATURES_WC))) {
        snprintf(err, errlen,
                 "not an entity tagger model of this version (features '%s', want '%s' or "
                 "'%s'): retrain it with this version's weft train entities",
                 f ? f : "(none)", TG_FEATURES, TG_FEATURES_WC);
        return -1;
    }
    tm->wordcase = !strcmp(f, TG_FEATURES_WC);
    uint32_t nc = tm->m.nclass;
    if (nc < 3 || nc % 2 == 0 || strcmp(tm->m.label[0], "O")) {
        snprintf(err, errlen, "classes must be O then B-X I-X pairs");
        return -1;
    }
    tm->ntype = (nc - 1) / 2;
    tm->inv_scale = 1.0f;
    tm->beam = 1;
    const char *bm = weft_lin_model_meta(&tm->m, "beam");
    if (bm) {
        char *end;
        long v = strtol(bm, &end, 10);
        if (end == bm || *end || v < 1 || v > TG_MAXBEAM) {
            snprintf(err, errlen, "bad meta beam '%s' (1..%d)", bm, TG_MAXBEAM);
            return -1;
        }
        tm->beam = (uint32_t)v;
    }
    const char *sc = weft_lin_model_meta(&tm->m, "scale");
    if (sc) {
        char *end;
        double v = strtod(sc, &end);
        if (end == sc || *end || !(v >= 1e-6 && v <= 1e6)) {
            snprintf(err, errlen, "bad meta scale '%s'", sc);
            return -1;
        }
        tm->inv_scale = (float)(1.0 / v);
    }
    free((void *)tm->type);
    tm->type = calloc(tm->ntype, sizeof *tm->type);
    if (!tm->type) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (uint32_t t = 0; t < tm->ntype; t++) {
        const char *b = tm->m.label[1 + 2 * t], *i = tm->m.label[2 + 2 * t];
        if (strncmp(b, "B-", 2) || strncmp(i, "I-", 2) || strcmp(b + 2, i + 2) || !b[2]) {
            snprintf(err, errlen, "classes %s and %s are not a B-X I-X pair", b, i);
            return -1;
        }
        tm->type[t] = tm->m.label[1 + 2 * t] + 2;
    }
    return 0;
}

void tg_model_free(tg_model *tm) {
    weft_lin_model_free(&tm->m);
    tg_packed_free(&tm->pk);
    free(tm->trans);
    free((void *)tm->type);
    memset(tm, 0, sizeof *tm);
}

int tg_model_pack(tg_model *tm) {
    int rc = tg_pack(&tm->pk, &tm->m, TG_MAXF);
    if (rc < 0) return -1;
    if (tm->beam > 1 && tm->m.nclass <= TG_PREVCLS) { /* the transition templates' sums, once */
        const uint32_t nc = tm->m.nclass;
        /* TGP_STRIDE floats more: the beam reads that many from any row */
        const size_t ntr = (size_t)nc * nc * nc;
        float *tr = malloc((ntr + TGP_STRIDE) * sizeof *tr);
        if (!tr) return -1;
        for (size_t k = ntr; k < ntr + TGP_STRIDE; k++) tr[k] = 0.0f;
        for (uint32_t a = 0; a < nc; a++)
            for (uint32_t b = 0; b < nc; b++)
                tg_model_trans(tm, b, a, tr + ((size_t)a * nc + b) * nc);
        tm->trans = tr;
    }
    if (rc == 0) { /* the float table is no longer read */
        free(tm->m.w);
        tm->m.w = NULL;
    }
    return 0;
}

void tg_model_scores(const tg_model *tm, const weft_lin_fv *fv, float *sc) {
    if (tm->pk.idx)
        tg_packed_scores(&tm->pk, fv, sc);
    else
        weft_lin_scores(&tm->m, fv, sc);
}

void tg_model_scores_add(const tg_model *tm, const weft_lin_fv *fv, float *sc) {
    if (tm->pk.idx) {
        tg_packed_add(&tm->pk, fv, sc);
        return;
    }
    for (size_t i = 0; i < fv->n; i++) weft_lin_scores_add(&tm->m, fv->f[i].id, fv->f[i].v, sc);
}

void tg_model_trans(const tg_model *tm, uint32_t prev, uint32_t prev2, float *sc) {
    const uint32_t nc = tm->m.nclass;
    if (tm->trans) {
        memcpy(sc, tm->trans + ((size_t)prev2 * nc + prev) * nc, nc * sizeof *sc);
        return;
    }
    uint32_t id[2];
    tg_trans_ids(prev, prev2, id);
    memset(sc, 0, nc * sizeof *sc);
    if (tm->pk.idx) {
        weft_lin_fv fv = {.f = (weft_lin_feat[2]){{id[0], 1.0f}, {id[1], 1.0f}}, .n = 2, .cap = 2};
        tg_packed_add(&tm->pk, &fv, sc);
        return;
    }
    weft_lin_scores_add(&tm->m, id[0], 1.0f, sc);
    weft_lin_scores_add(&tm->m, id[1], 1.0f, sc);
}

/* Collapsed word shape: X upper, x lower, d digit, other ASCII as itself,
 * o for other characters; runs of one kind count once; 8 at most. */
static uint32_t shape_hash(const char *s, size_t n) {
    char buf[8];
    size_t k = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n && k < sizeof buf;) {
        char c;
        if (u[i] < 0x80) {
            unsigned char x = u[i++];
            c = x >= 'A' && x <= 'Z'   ? 'X'
                : x >= 'a' && x <= 'z' ? 'x'
                : x >= '0' && x <= '9' ? 'd'
                                       : (char)x;
        } else {
            int32_t cp;
            size_t l = weft_utf8_decode(u + i, n - i, &cp);
            i += l ? l : 1;
            unsigned p = cp < 0 ? 0 : weft_uc_props((uint32_t)cp);
            c = (p & WEFT_UC_UPPER) ? 'X' : (p & WEFT_UC_LOWER) ? 'x' : 'o';
        }
        if (k && buf[k - 1] == c) continue;
        buf[k++] = c;
    }
    return weft_lin_hash(buf, k, WEFT_LIN_HASH_INIT);
}

static int reserve(tg_scratch *t, size_t n) {
    if (weft_grow((void **)&t->f, &t->capf, n + 1, sizeof *t->f) ||
        weft_grow((void **)&t->lab, &t->caplab, n + 1, sizeof *t->lab) ||
        weft_grow((void **)&t->prob, &t->capprob, n + 1, sizeof *t->prob))
        return -1;
    return 0;
}

/* Multi-word gazetteer phrases over [sb, se): the longest naming a person,
 * org, place or other entity from each start marks its tokens. */
#define PHRASE_FLAGS (G_PER | G_ORG | G_COUNTRY | G_ADMIN1 | G_CITY | G_LOC | G_MISC | G_DEMONYM)
static uint32_t phrase_group(uint32_t f) {
    return ((f & G_PER) ? 1u : 0) | ((f & G_ORG) ? 2u : 0) |
           ((f & (G_COUNTRY | G_ADMIN1 | G_CITY | G_LOC)) ? 4u : 0) | ((f & G_MISC) ? 8u : 0) |
           ((f & G_DEMONYM) ? 16u : 0);
}

static void phrases(const gaz *g, const char *text, const ner_scratch *s, tg_scratch *t,
                    uint32_t sb, uint32_t se) {
    enum { MAXT = 8 };
    gaz_tok toks[MAXT];
    for (uint32_t i = sb; i < se;) {
        const ent_tok *T = s->tok;
        uint64_t h = GAZ_SEED;
        uint32_t best = 0, bf = 0;
        for (uint32_t k = 0; k < MAXT && i + k < se; k++) {
            const ent_tok *x = &T[i + k];
            if (x->ce <= x->cb) break;
            toks[k] = (gaz_tok){text + x->cb, x->ce - x->cb};
            h = ner_hash_next(h, text, x, k == 0);
            const gaz_entry *e = k == 0 ? x->g : gaz_find(g, h, toks, k + 1);
            if (!e) break;
            if (k && (e->flags & PHRASE_FLAGS)) best = k + 1, bf = e->flags;
            if (!(e->flags & G_PREFIX)) break;
        }
        if (best < 2) {
            i++;
            continue;
        }
        uint32_t grp = phrase_group(bf);
        for (uint32_t k = 0; k < best; k++) t->f[i + k].phr = grp * 2 + (k ? 1 : 0);
        i += best;
    }
}

/* The word list with case (wordcase.h) for each token of [0, n): its class,
 * and for a capitalised token the class of the last word of its run of
 * capitalised words in the sentence (the head of a name: "Saco River
 * Railroad", "Best Rock Video") and its place in the run. */
static void wc_prepare(const gaz *g, const ner_scratch *s, tg_scratch *t) {
    for (size_t i = 0; i < s->ntok; i++) {
        const ent_tok *x = &s->tok[i];
        t->f[i].wc = (uint8_t)(x->letters ? wc_class(g->wc, x->h) : TG_WC_NONE);
    }
    for (size_t k = 0; k < s->nsent; k++) {
        uint32_t sb = s->sent[k], se = s->sent[k + 1];
        for (uint32_t i = sb; i < se;) {
            if (!t->f[i].cap) {
                i++;
                continue;
            }
            uint32_t e = i + 1;
            while (e < se && t->f[e].cap) e++;
            const uint32_t head = t->f[e - 1].wc;
            uint32_t mix = 0;
            for (uint32_t j = i; j < e; j++) mix |= 1u << t->f[j].wc;
            mix |= (e - i > 4 ? 4u : e - i) << 5;
            for (uint32_t j = i; j < e; j++) {
                t->f[j].wmix = (uint8_t)mix;
                uint32_t pos = e - i == 1 ? 0u : j == i ? 1u : j + 1 == e ? 3u : 2u;
                t->f[j].wrun = (uint8_t)(1u + (head << 2 | pos));
            }
            i = e;
        }
    }
}

/* The text fields of token x (raw, shape, prefixes, suffixes) into f. */
static void text_fields(const char *text, const ent_tok *x, tg_tokf *f) {
    f->raw = weft_lin_hash(text + x->b, x->e - x->b, WEFT_LIN_HASH_INIT);
    f->shape = shape_hash(text + x->b, x->e - x->b);
    char buf[4];
    size_t cn = x->ce - x->cb, m = cn < 4 ? cn : 4;
    for (size_t k = 0; k < m; k++) {
        unsigned char c = (unsigned char)text[x->cb + k];
        buf[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    /* weft_lin_hash(buf, k + 1, 1): one FNV-1a pass, finished at each length */
    uint32_t hp = 1;
    for (size_t k = 0; k < 4; k++) {
        if (k < m) hp = (hp ^ (unsigned char)buf[k]) * 16777619u;
        f->pre[k] = k < m ? weft_lin_hash_finish(hp) : 0;
    }
    for (size_t k = 0; k < m; k++) {
        unsigned char c = (unsigned char)text[x->ce - m + k];
        buf[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (size_t k = 0; k < 4; k++) f->suf[k] = k < m ? weft_lin_hash(buf + m - k - 1, k + 1, 2) : 0;
}

/* text_fields through the cache tc (TG_TCACHE slots; NULL: none). The key
 * is the 64-bit FNV-1a hash of the token's bytes and of its core's place
 * in them, which is all text_fields reads; a hit trusts it, as the rules'
 * gazetteer cache trusts the core's hash (features.c: find1c). */
static void text_fields_c(tg_tcache *tc, const char *text, const ent_tok *x, tg_tokf *f) {
    if (!tc) {
        text_fields(text, x, f);
        return;
    }
    uint64_t k = weft_fnv64(WEFT_FNV64_INIT, text + x->b, x->e - x->b);
    k = (k ^ (x->cb - x->b)) * WEFT_FNV64_PRIME;
    k = (k ^ (x->ce - x->b)) * WEFT_FNV64_PRIME;
    k = k ? k : 1;
    tg_tcache *c = &tc[(size_t)(k ^ (k >> 29)) & (TG_TCACHE - 1)];
    if (c->key == k) {
        f->raw = c->raw;
        f->shape = c->shape;
        memcpy(f->pre, c->pre, sizeof f->pre);
        memcpy(f->suf, c->suf, sizeof f->suf);
        return;
    }
    text_fields(text, x, f);
    c->key = k;
    c->raw = f->raw;
    c->shape = f->shape;
    memcpy(c->pre, f->pre, sizeof c->pre);
    memcpy(c->suf, f->suf, sizeof c->suf);
}

int tg_prepare(const gaz *g, const char *text, const ner_scratch *s, tg_scratch *t) {
    size_t n = s->ntok;
    if (reserve(t, n)) return -1;
    /* the cache is an optimisation: without the memory for it, none */
    if (!t->tc) t->tc = calloc(TG_TCACHE, sizeof *t->tc);
    for (size_t i = 0; i < n; i++) {
        const ent_tok *x = &s->tok[i];
        tg_tokf *f = &t->f[i];
        memset(f, 0, sizeof *f);
        f->low = (uint32_t)(x->h ^ (x->h >> 32));
        text_fields_c(t->tc, text, x, f);
        f->gf = x->gf;
        f->sstart = x->sstart;
        f->cap = x->shape == SH_CAP || x->shape == SH_UPPER;
        f->lower_seen = f->cap && ner_lower_has(s, x->h);
    }
    for (size_t k = 0; k < s->nsp; k++) {
        const ent_span *sp = &s->sp[k];
        if (!sp->label) continue;
        for (uint32_t i = sp->tb; i < sp->te && i < n; i++)
            t->f[i].rule = 2 * sp->label + (i > sp->tb ? 1u : 0u);
    }
    for (size_t k = 0; k < s->nsent; k++) {
        uint32_t sb = s->sent[k], se = s->sent[k + 1];
        size_t words = 0, upper = 0;
        for (uint32_t i = sb; i < se; i++) {
            if (s->tok[i].letters < 2) continue;
            words++;
            upper += s->tok[i].shape == SH_UPPER;
        }
        uint8_t u = words >= 2 && upper == words;
        for (uint32_t i = sb; i < se; i++) t->f[i].upper_sent = u;
        phrases(g, text, s, t, sb, se);
    }
    if (t->wn) tg_wordnet(t->wn, text, s, t);
    if (t->wordcase) wc_prepare(g, s, t);
    return tg_history_reset(t, n);
}

int tg_history_reset(tg_scratch *t, size_t ntok) {
    size_t want = 64;
    while (want < 2 * ntok) want *= 2;
    if (want > t->caph || t->caph > 16 * want) {
        free(t->hkey);
        free(t->hval);
        t->hkey = calloc(want, sizeof *t->hkey);
        t->hval = calloc(want, sizeof *t->hval);
        t->caph = want;
        if (!t->hkey || !t->hval) {
            free(t->hkey);
            free(t->hval);
            t->hkey = NULL;
            t->hval = NULL;
            t->caph = 0;
            return -1;
        }
        return 0;
    }
    memset(t->hkey, 0, t->caph * sizeof *t->hkey);
    return 0;
}

static size_t hslot(const tg_scratch *t, uint32_t key) {
    size_t mask = t->caph - 1, i = (size_t)(key * 0x9E3779B1u) & mask;
    while (t->hkey[i] && t->hkey[i] != key) i = (i + 1) & mask;
    return i;
}

static uint32_t history(const tg_scratch *t, uint32_t low) {
    if (!t->caph) return 0;
    uint32_t key = low ? low : 1;
    size_t i = hslot(t, key);
    return t->hkey[i] ? t->hval[i] : 0;
}

void tg_history_note(tg_scratch *t, const tg_tokf *f, uint32_t cls) {
    if (!cls || !f->cap || !t->caph) return;
    uint32_t key = f->low ? f->low : 1;
    size_t k = hslot(t, key);
    t->hkey[k] = key; /* at most ntok keys in a table of 2 * ntok or more: always a free slot */
    t->hval[k] = (uint16_t)(tg_class_type(cls) + 1);
}

/* The templates that read the previous class and the token (28, 29, 34),
 * for a beam that scores a token's other features once and these once per
 * previous class; the two transition templates (26, 27) read only the
 * classes (tg_trans_ids). */
int tg_features_prev(tg_scratch *t, const tg_tokf *F, size_t i, uint32_t prev, weft_lin_fv *fv) {
    const tg_tokf *x = &F[i];
    if (!t->seed[0]) seeds(t);
    if (fv->cap < fv->n + TG_NPREV &&
        weft_grow((void **)&fv->f, &fv->cap, fv->n + TG_NPREV, sizeof *fv->f))
        return -1;
    fvw w = fvw_open(t, fv);
    add2(&w, tmpl(28), prev, x->low);
    add2(&w, tmpl(29), prev, x->shape);
    add2(&w, tmpl(34), x->rule, prev);
    fvw_close(&w, fv);
    return 0;
}

_Static_assert(TG_NPREV == 3, "tg_prev_ids writes three ids a class");

void tg_prev_ids(tg_scratch *t, const tg_tokf *x, const uint32_t *cls, uint32_t n, uint32_t *id) {
    if (!t->seed[0]) seeds(t);
    const uint32_t r34 = hv(t, 34, x->rule), low = x->low, shape = x->shape;
    /* the index lines, prefetched (in locals: the stores to id may alias t) */
    const uint32_t *const pidx = t->pf ? t->pf->idx : NULL, pmask = t->pf ? t->pf->mask : 0;
    const uint32_t *const ps0 = t->pseed[0], *const ps1 = t->pseed[1];
    for (uint32_t q = 0; q < n; q++, id += TG_NPREV) {
        const uint32_t prev = cls[q];
        const uint32_t a = h32(ps0[prev], low), b = h32(ps1[prev], shape), c = h32(r34, prev);
        id[0] = a;
        id[1] = b;
        id[2] = c;
#if defined(__GNUC__)
        if (pidx) {
            __builtin_prefetch(pidx + (a & pmask));
            __builtin_prefetch(pidx + (b & pmask));
            __builtin_prefetch(pidx + (c & pmask));
        }
#endif
    }
}

void tg_trans_ids(uint32_t prev, uint32_t prev2, uint32_t id[2]) {
    id[0] = h32(tmpl(26), prev);
    id[1] = h32(h32(tmpl(27), prev2), prev);
}

/* The WordNet templates (44-50, tg_wordnet): what the token, its
 * neighbours and the nouns around its capitalised run name. */
static inline void wordnet_features(fvw *w, const tg_scratch *t, const tg_tokf *x,
                                    const tg_tokf *p1, const tg_tokf *n1) {
    if (x->wss) add2v(w, t, 44, x->wss, x->cap);
    if (n1 && n1->wss) add2v(w, t, 45, n1->wss, x->cap);
    if (p1 && p1->wss) add2v(w, t, 46, p1->wss, x->cap);
    if (x->wcls) add2v(w, t, 47, x->wcls, x->cap);
    if (x->wrhead) add1v(w, t, 48, x->wrhead);
    if (x->wrnext) add1v(w, t, 49, x->wrnext);
    if (x->wrprev) add1v(w, t, 50, x->wrprev);
}

/* The word list with case (templates 52-58): the token's class with its
 * capitalisation and sentence start ("The", "Railway" opening a heading are
 * ordinary words, "Aberdeen" a name, an unknown capitalised word most likely
 * a name); the classes of the words before and after, with the token's
 * capitalisation; for a capitalised token, the class of its capitalised
 * run's last word with its place in the run, which classes the run's words
 * have with its length, and the pairs of its own class with the class and
 * case of the word before and after ("Killing Joke": two ordinary words). */
static inline void wc_features(fvw *w, const tg_scratch *t, const tg_tokf *x, const tg_tokf *p1,
                               const tg_tokf *n1) {
    add2v(w, t, 52, x->wc, x->cap | (uint32_t)x->sstart << 1);
    add2v(w, t, 53, p1 ? (uint32_t)(p1->wc | p1->cap << 3) : BOS, x->cap);
    add2v(w, t, 54, n1 ? (uint32_t)(n1->wc | n1->cap << 3) : EOS, x->cap);
    if (x->wrun) {
        add2v(w, t, 55, x->wrun, x->wc);
        add2v(w, t, 56, x->wmix, (x->wrun - 1u) & 3u);
    }
    if (x->cap) {
        add2v(w, t, 57, p1 ? (uint32_t)(p1->wc | p1->cap << 3) : BOS, x->wc);
        add2v(w, t, 58, n1 ? (uint32_t)(n1->wc | n1->cap << 3) : EOS, x->wc);
    }
}

/* Both optional sets at once stay within the packed scores' bound. */
_Static_assert(TG_MAXF_BASE + TG_MAXF_WN + TG_MAXF_WC <= TG_MAXF,
               "TG_MAXF below the features one token can add");

/* Every template of tg_features (below) but those of tg_features_prev, in
 * the same order; with prev set, the whole of tg_features in its order. */
static int features(tg_scratch *t, const tg_tokf *F, size_t i, uint32_t sb, uint32_t end,
                    int with_prev, uint32_t prev, uint32_t prev2, weft_lin_fv *fv) {
    const tg_tokf *x = &F[i];
    const tg_tokf *p1 = i >= sb + 1 ? &F[i - 1] : NULL, *p2 = i >= sb + 2 ? &F[i - 2] : NULL;
    const tg_tokf *n1 = i + 1 < end ? &F[i + 1] : NULL, *n2 = i + 2 < end ? &F[i + 2] : NULL;
    uint32_t lp1 = p1 ? p1->low : BOS, lp2 = p2 ? p2->low : BOS;
    uint32_t ln1 = n1 ? n1->low : EOS, ln2 = n2 ? n2->low : EOS;
    uint32_t sp1 = p1 ? p1->shape : BOS, sn1 = n1 ? n1->shape : EOS;
    uint32_t hist = history(t, x->low);
    if (!t->seed[0]) seeds(t);
    weft_lin_fv_clear(fv);
    if (fv->cap < TG_MAXF && weft_grow((void **)&fv->f, &fv->cap, TG_MAXF, sizeof *fv->f))
        return -1;
    fvw w = fvw_open(t, fv);
    add1(&w, tmpl(1), x->low);
    add1(&w, tmpl(2), x->raw);
    add1(&w, tmpl(3), x->shape);
    for (uint32_t k = 0; k < 4; k++) {
        if (x->pre[k]) add1(&w, t->seed[4 + k], x->pre[k]);
        if (x->suf[k]) add1(&w, t->seed[8 + k], x->suf[k]);
    }
    add1(&w, tmpl(12), lp1);
    add1(&w, tmpl(13), ln1);
    add1(&w, tmpl(14), lp2);
    add1(&w, tmpl(15), ln2);
    add2(&w, tmpl(16), sp1, x->shape);
    add2(&w, tmpl(17), x->shape, sn1);
    add2(&w, tmpl(18), lp1, x->low);
    add2(&w, tmpl(19), x->low, ln1);
    add2v(&w, t, 20, x->sstart, x->shape);
    /* flags 0..28 in order, each of the token, then the one before and after */
    const uint32_t low29 = (1u << 29) - 1, gx = x->gf & low29, gp = p1 ? p1->gf & low29 : 0,
                   gn = n1 ? n1->gf & low29 : 0;
    for (uint32_t m = gx | gp | gn; m; m &= m - 1) {
        uint32_t b = tg_low_bit(m), bit = 1u << b;
        if (gx & bit) add2v(&w, t, 21, b, x->cap);
        if (gp & bit) add1v(&w, t, 22, b);
        if (gn & bit) add1v(&w, t, 23, b);
    }
    if (x->phr) add1v(&w, t, 24, x->phr);
    add2v(&w, t, 25, x->upper_sent, x->shape);
    if (with_prev) {
        add1v(&w, t, 26, prev);
        add2v(&w, t, 27, prev2, prev);
        add2v(&w, t, 28, prev, x->low);
        add2v(&w, t, 29, prev, x->shape);
    }
    add1v(&w, t, 30, x->rule);
    add1v(&w, t, 31, p1 ? p1->rule : BOS);
    add1v(&w, t, 32, n1 ? n1->rule : EOS);
    add2v(&w, t, 33, x->rule, x->shape);
    if (with_prev) add2v(&w, t, 34, x->rule, prev);
    if (hist) {
        add1v(&w, t, 35, hist);
        add2v(&w, t, 36, hist, x->shape);
    }
    if (x->cap) add2v(&w, t, 37, x->lower_seen, x->sstart);
    add1(&w, tmpl(38), sp1);
    add1(&w, tmpl(39), sn1);
    if (n1 && n1->phr) add1v(&w, t, 40, n1->phr);
    if (p1 && p1->phr) add1v(&w, t, 41, p1->phr);
    /* the shapes of the token and the two after it: what follows a name
     * ("Xx Xx ,", "Xx d", "Xx ( X )") tells its type and where it ends.
     * Numbered 43, not 42: see docs/design-notes.md (issue 16, shape
     * trigram) for why, and for the mirror (two before) that measured no gain */
    add2(&w, tmpl(43), h32(x->shape, sn1), n2 ? n2->shape : EOS);
    if (t->wn) wordnet_features(&w, t, x, p1, n1);
    if (t->wordcase) wc_features(&w, t, x, p1, n1);
    fvw_close(&w, fv);
    return 0;
}

int tg_features(tg_scratch *t, const tg_tokf *F, size_t i, uint32_t sb, uint32_t end, uint32_t prev,
                uint32_t prev2, weft_lin_fv *fv) {
    return features(t, F, i, sb, end, 1, prev, prev2, fv);
}

int tg_features_static(tg_scratch *t, const tg_tokf *F, size_t i, uint32_t sb, uint32_t end,
                       weft_lin_fv *fv) {
    return features(t, F, i, sb, end, 0, 0, 0, fv);
}

uint32_t tg_best(const tg_model *tm, const float *sc, uint32_t prev) {
    uint32_t best = 0;
    for (uint32_t c = 1; c < tm->m.nclass; c++) {
        if (!tg_class_begin(c) && tg_class_type(c) != tg_class_type(prev)) continue;
        if (sc[c] > sc[best]) best = c;
    }
    return best;
}

uint32_t tg_decide(const tg_model *tm, const float *sc, uint32_t prev) {
    uint32_t c = tg_best(tm, sc, prev);
    if (prev && tg_class_begin(c) && tg_class_type(c) == tg_class_type(prev)) c++;
    return c;
}

/* Each token of the best path's entities: its probability (t->prob, the
 * share of the beam's final paths that agree with it) times the local
 * probability of its entity type given the path's two previous classes,
 * a softmax over the classes allowed there of the scores in trained units
 * divided by TG_CONF_TEMP (the sum of its B- and I- classes, so that a
 * B-X the decoder turned into I-X counts as X). With a beam of four the
 * final paths agree on nearly every token, and the share alone is 1.0 for
 * 99.6% of CoNLL-2003 dev's entities; the local type probability is what
 * tells a sure span from a guess (design-notes: entity scores). */
static int local_conf(const tg_model *tm, tg_scratch *t, uint32_t sb, uint32_t se) {
    float sc[WEFT_LIN_MAX_CLASSES];
    const float k_scale = tm->inv_scale / TG_CONF_TEMP;
    /* the beam kept each token's scores without the previous classes'
     * features (packed model, t->base) */
    const int fast = t->base_se == se && t->base_sb == sb && se > sb && tm->pk.idx && tm->trans;
    for (uint32_t i = sb; i < se; i++) {
        uint32_t c = t->lab[i];
        if (!c) continue;
        uint32_t prev = i > sb ? t->lab[i - 1] : 0, prev2 = i > sb + 1 ? t->lab[i - 2] : 0;
        if (fast) {
            /* the beam's base scores of the token plus the features of
             * (prev2, prev): the sums of tg_features' weights, integers
             * below 2^24 (tgpack.h), so the same floats to the bit */
            uint32_t id[TG_NPREV];
            float pp[TGP_STRIDE];
            tg_prev_ids(t, &t->f[i], &prev, 1, id);
            tg_packed_base_add(&tm->pk, id, TG_NPREV, t->base + (size_t)(i - sb) * TGP_STRIDE, pp);
            const float *trp = tm->trans + ((size_t)prev2 * tm->m.nclass + prev) * tm->m.nclass;
            for (uint32_t k = 0; k < tm->m.nclass; k++) sc[k] = pp[k] + trp[k];
        } else {
            if (tg_features(t, t->f, i, sb, se, prev, prev2, &t->fv)) return -1;
            tg_model_scores(tm, &t->fv, sc);
        }
        for (uint32_t k = 0; k < tm->m.nclass; k++)
            sc[k] = tg_class_begin(k) || k == 0 || tg_class_type(k) == tg_class_type(prev)
                        ? sc[k] * k_scale
                        : -1e30f;
        weft_lin_softmax(sc, tm->m.nclass);
        float p = 0;
        for (uint32_t k = 1; k < tm->m.nclass; k++)
            if (tg_class_type(k) == tg_class_type(c)) p += sc[k];
        t->prob[i] *= p;
    }
    return 0;
}

int tg_tag(const tg_model *tm, const ner_scratch *s, tg_scratch *t) {
    float sc[WEFT_LIN_MAX_CLASSES];
    int rc = 0;
    t->pf = tm->pk.idx ? &tm->pk : NULL;
    if (tm->beam > 1) {
        for (size_t k = 0; k < s->nsent && !rc; k++) {
            uint32_t sb = s->sent[k], se = s->sent[k + 1];
            rc = tg_beam_sentence(tm, t, t->f, sb, se, NULL, NULL, 1);
            if (!rc) rc = local_conf(tm, t, sb, se);
            for (uint32_t i = sb; i < se; i++) tg_history_note(t, &t->f[i], t->lab[i]);
        }
        t->pf = NULL;
        return rc;
    }
    for (size_t k = 0; k < s->nsent; k++) {
        uint32_t sb = s->sent[k], se = s->sent[k + 1], prev = 0, prev2 = 0;
        for (uint32_t i = sb; i < se; i++) {
            if (tg_features(t, t->f, i, sb, se, prev, prev2, &t->fv)) {
                rc = -1;
                goto out;
            }
            tg_model_scores(tm, &t->fv, sc);
            uint32_t c = tg_decide(tm, sc, prev);
            t->lab[i] = (uint16_t)c;
            if (c) {
                /* the probability among the classes allowed here, at the
                 * temperature of local_conf */
                for (uint32_t k = 0; k < tm->m.nclass; k++)
                    sc[k] = tg_class_begin(k) || k == 0 || tg_class_type(k) == tg_class_type(prev)
                                ? sc[k] * (tm->inv_scale / TG_CONF_TEMP)
                                : -1e30f;
                weft_lin_softmax(sc, tm->m.nclass);
                t->prob[i] = sc[c];
            } else {
                t->prob[i] = 1.0f;
            }
            tg_history_note(t, &t->f[i], c);
            prev2 = prev;
            prev = c;
        }
    }
out:
    t->pf = NULL; /* the scratch may outlive this model */
    return rc;
}

/* One sense per document as a vote of the model's own scores (tagger.h,
 * issue 16 section 2). A mention the model is unsure of was read from a
 * context it weighs wrongly ("Ruch" LOC 0.5 in a results line, beside
 * sure ORG mentions of the club in the report); it takes the type of the
 * sure mentions of the same words when they outweigh all the mentions of
 * its own type, unsure ones included, so that a few sure mistakes do not
 * overturn a name the document mostly types otherwise. A sure span is
 * never changed, and a name the document types two ways with confidence
 * (a club and its town) keeps both. The thresholds were chosen on one half
 * of wikigold dev by document and held on the other, in both directions
 * (docs/design-notes.md). Spans are grouped by a hash of their tokens'
 * folded cores, sorted: O(m log m) for m spans. */
static int cmp_mention(const void *pa, const void *pb) {
    const tg_mention *a = pa, *b = pb;
    if (a->key != b->key) return a->key < b->key ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

int tg_defer_to_sure(tg_scratch *t, const ent_tok *T, size_t n, uint32_t ntype) {
    uint16_t *lab = t->lab;
    const float *prob = t->prob;
    size_t nm = 0;
    for (size_t i = 0; i < n; i++) nm += tg_class_begin(lab[i]);
    if (nm < 2) return 0;
    if (weft_grow((void **)&t->mn, &t->capmn, nm, sizeof *t->mn)) return -1;
    tg_mention *m = t->mn;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!tg_class_begin(lab[i])) continue;
        size_t e = i + 1;
        while (e < n && lab[e] == lab[i] + 1) e++;
        uint64_t key = 0xCBF29CE484222325ull;
        float p = 0;
        for (size_t x = i; x < e; x++) {
            key = (key ^ T[x].h) * 0x100000001B3ull;
            p += prob[x];
        }
        m[k++] =
            (tg_mention){key, (uint32_t)i, (uint32_t)e, p / (float)(e - i), tg_class_type(lab[i])};
        i = e - 1;
    }
    qsort(m, nm, sizeof *m, cmp_mention);
    for (size_t g = 0; g < nm;) {
        size_t h = g + 1;
        while (h < nm && m[h].key == m[g].key) h++;
        float sure[WEFT_LIN_MAX_CLASSES], all[WEFT_LIN_MAX_CLASSES];
        for (uint32_t ty = 0; ty < ntype; ty++) sure[ty] = all[ty] = 0;
        int unsure = 0;
        for (size_t j = g; j < h && h - g >= 2; j++) {
            if (m[j].score >= DEFER_SURE) sure[m[j].ty] += m[j].score;
            all[m[j].ty] += m[j].score;
            unsure |= m[j].score < DEFER_UNSURE;
        }
        int best = -1;
        for (uint32_t ty = 0; ty < ntype && unsure; ty++)
            if (sure[ty] > 0 && (best < 0 || sure[ty] > sure[best])) best = (int)ty;
        /* the sure spans outweigh every mention of the unsure one's type */
        for (size_t j = g; j < h && best >= 0; j++)
            if (m[j].score < DEFER_UNSURE && m[j].ty != best && sure[best] > all[m[j].ty])
                for (uint32_t x = m[j].b; x < m[j].e; x++)
                    lab[x] = (uint16_t)(x == m[j].b ? 1 + 2 * best : 2 + 2 * best);
        g = h;
    }
    return 0;
}
