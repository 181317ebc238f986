/*
 * weft/linear.h: learned linear models for plugins: feature hashing, scoring, training
 * (averaged perceptron, logistic regression), and a text model-file format with a strict
 * loader.
 *
 * Header-only (static inline) so that a plugin can use it without linking any weft symbol:
 * the boilerplate line classifier, the tokenizer's sentence boundaries and the entity tagger
 * all score with the same code and read the same file format, written and fuzzed once.
 *
 * - Features are hashed, not interned: a feature is a 32-bit hash of its name (and value),
 *   and a model folds it onto its own table of 2^bits rows (id & mask). Feature code needs
 *   no vocabulary, scoring allocates nothing, and the table size is the model's business.
 *   Collisions are what a hashed model pays for that; 2^18 rows keep them rare for a few
 *   thousand live features.
 * - Rows hold one weight per class, side by side (w[row * nclass + c]), so a feature costs one
 *   cache line for every class at once, binary (nclass 2) and multiclass alike.
 * - Training is deterministic: the random generator is seeded by the caller (no rand(), no
 *   clock), floating point is summed in a fixed order, and the same seed and data give the
 *   same model bytes. Across machines that also needs the same float arithmetic: no fused
 *   multiply-add contraction (none on baseline x86-64; elsewhere build trainer and plugin with
 *   -ffp-contract=off, as the sentiment plugin does), and for logistic regression the same
 *   libm exp and log (the perceptron calls no libm function).
 *
 * Model file (text: sparse, diffable, small; see weft_lin_save and weft_lin_load):
 *
 *     weft-linear 1
 *     # comment lines (and blank lines) are ignored
 *     meta licence CC-BY-SA-4.0
 *     classes 2 keep drop
 *     bits 18
 *     bias 0.125 -0.125
 *     w 12345 0.5 -0.5
 *     end
 *
 * Threads: a loaded model is read-only while scoring, so workers may share one; a feature
 * vector, a trainer and a random generator belong to one thread.
 *
 * Self-contained C11: includes only standard headers and weft/grow.h. The loader and the
 * writer are independent of the C locale's decimal point.
 */
#ifndef WEFT_LINEAR_H
#define WEFT_LINEAR_H

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/grow.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Limits and format constants                                               */

#define WEFT_LIN_VERSION     1 /* the model-file version this header reads and writes */
#define WEFT_LIN_BITS_MIN    8 /* a table has 2^bits rows, bits in [MIN, MAX] */
#define WEFT_LIN_BITS_MAX    24
#define WEFT_LIN_MAX_CLASSES 1024  /* scoring scratch sits on the stack: keep it bounded */
#define WEFT_LIN_MAX_LABEL   48    /* bytes of a class name or a meta key */
#define WEFT_LIN_MAX_LINE    65536 /* bytes of one model-file line */
/* Most weights (rows * classes) a model may hold: 1 GiB of floats. weft_lin_load_max takes a
 * smaller cap (a fuzzer, a host with a memory budget). */
#define WEFT_LIN_MAX_WEIGHTS ((size_t)1 << 28)

/* ------------------------------------------------------------------------ */
/* Feature hashing                                                           */

#define WEFT_LIN_HASH_INIT 0x811c9dc5u /* the FNV-1a 32 offset basis */

/* The final avalanche of weft_lin_hash below, alone: for callers that mix
 * their bytes in an unrolled loop of their own and must get the same values. */
static inline uint32_t weft_lin_hash_finish(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* FNV-1a 32 over the bytes s[0, n), starting from the state h, then MurmurHash3's fmix32
 * avalanche so that the low bits a table keeps depend on every byte:
 *
 *     for each byte b: h = (h ^ b) * 16777619
 *     h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16
 *
 * Chainable: weft_lin_hash(val, vn, weft_lin_hash(name, nn, WEFT_LIN_HASH_INIT)) hashes the
 * pair (name, val), and differs from the hash of the concatenation ("suf" + "fix3ing" is not
 * "suffix3" + "ing"). Model files depend on these exact values: this function never changes
 * (a different hash would be a new file version). Pure 32-bit unsigned arithmetic, the same
 * on every platform. */
static inline uint32_t weft_lin_hash(const void *s, size_t n, uint32_t h) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return weft_lin_hash_finish(h);
}

/* ------------------------------------------------------------------------ */
/* Feature vectors                                                           */

typedef struct weft_lin_feat {
    uint32_t id; /* full 32-bit hash; a model keeps id & mask */
    float v;     /* value (1 for an indicator feature) */
} weft_lin_feat;

/* A growable list of features. Duplicate ids are allowed: their values add up. Reuse one
 * vector per thread (weft_lin_fv_clear keeps its memory) so that building features does not
 * allocate once it has grown. */
typedef struct weft_lin_fv {
    weft_lin_feat *f;
    size_t n, cap;
} weft_lin_fv;

static inline void weft_lin_fv_init(weft_lin_fv *fv) {
    fv->f = NULL;
    fv->n = fv->cap = 0;
}

static inline void weft_lin_fv_clear(weft_lin_fv *fv) {
    fv->n = 0;
}

static inline void weft_lin_fv_free(weft_lin_fv *fv) {
    free(fv->f);
    weft_lin_fv_init(fv);
}

/* Appends (id, v). Returns 0, or -1 when out of memory (the vector is unchanged). */
static inline int weft_lin_fv_add(weft_lin_fv *fv, uint32_t id, float v) {
    if (fv->n == fv->cap && weft_grow((void **)&fv->f, &fv->cap, fv->n + 1, sizeof *fv->f))
        return -1;
    fv->f[fv->n].id = id;
    fv->f[fv->n].v = v;
    fv->n++;
    return 0;
}

/* The feature named by the NUL-terminated name: weft_lin_hash(name, strlen(name), INIT). */
static inline int weft_lin_fv_add_str(weft_lin_fv *fv, const char *name, float v) {
    return weft_lin_fv_add(fv, weft_lin_hash(name, strlen(name), WEFT_LIN_HASH_INIT), v);
}

/* The feature (name, val[0, vn)): a template and its value, "suffix3" and "ing". val may hold
 * any bytes (NUL too). On a hot path, hash the template once (p = weft_lin_hash(name,
 * strlen(name), WEFT_LIN_HASH_INIT), in open()) and add weft_lin_hash(val, vn, p): the same
 * id, without rehashing the name per token. */
static inline int weft_lin_fv_add_kv(weft_lin_fv *fv, const char *name, const char *val, size_t vn,
                                     float v) {
    uint32_t h = weft_lin_hash(name, strlen(name), WEFT_LIN_HASH_INIT);
    return weft_lin_fv_add(fv, weft_lin_hash(val, vn, h), v);
}

/* ------------------------------------------------------------------------ */
/* Models                                                                    */

typedef struct weft_lin_model {
    uint32_t nclass; /* >= 2; binary models have 2 classes */
    uint32_t bits;   /* table of 2^bits rows, WEFT_LIN_BITS_MIN..WEFT_LIN_BITS_MAX */
    float *w;        /* (1 << bits) * nclass weights, row = id & mask */
    float *bias;     /* nclass */
    char **label;    /* nclass class names (NUL-terminated, owned) */
    size_t nmeta;    /* provenance, licence, feature-set version... in insertion order */
    char **meta_key, **meta_val;
} weft_lin_model;

static inline uint32_t weft_lin_mask(const weft_lin_model *m) {
    return (uint32_t)(((uint64_t)1 << m->bits) - 1);
}

/* Rows * classes, the length of m->w. */
static inline size_t weft_lin_nweights(const weft_lin_model *m) {
    return ((size_t)1 << m->bits) * m->nclass;
}

static inline char *weft_lin_strndup_(const char *s, size_t n) {
    char *d = (char *)malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* A class name or meta key: 1..WEFT_LIN_MAX_LABEL bytes, none of them a space, a control
 * byte or DEL (the file separates them by blanks). UTF-8 is fine. */
static inline int weft_lin_name_ok_(const char *s, size_t n) {
    if (n == 0 || n > WEFT_LIN_MAX_LABEL) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= 0x20 || c == 0x7f) return 0;
    }
    return 1;
}

/* A meta value: any bytes but NUL, CR and LF (it is the rest of a line), not starting with a
 * blank (the blanks after the key separate it), possibly empty; its line "meta KEY VALUE"
 * must fit in WEFT_LIN_MAX_LINE bytes. */
static inline int weft_lin_meta_val_ok_(const char *key, const char *s) {
    if (s[0] == ' ' || s[0] == '\t') return 0;
    return strpbrk(s, "\r\n") == NULL && strlen(s) + strlen(key) + 6 <= WEFT_LIN_MAX_LINE;
}

static inline void weft_lin_model_free(weft_lin_model *m) {
    if (m->label)
        for (uint32_t c = 0; c < m->nclass; c++) free(m->label[c]);
    for (size_t i = 0; i < m->nmeta; i++) {
        if (m->meta_key) free(m->meta_key[i]);
        if (m->meta_val) free(m->meta_val[i]);
    }
    free(m->w);
    free(m->bias);
    free(m->label);
    free(m->meta_key);
    free(m->meta_val);
    memset(m, 0, sizeof *m);
}

/* Allocates the table, biases and labels of a model whose meta may already be set; labels[c]
 * is a name of lens[c] bytes (lens NULL: NUL-terminated). -1: bad argument (the caller said
 * which), -2: out of memory or over max_weights. Leaves w/bias/label NULL on failure. */
static inline int weft_lin_model_alloc_(weft_lin_model *m, uint32_t bits, uint32_t nclass,
                                        const char *const *labels, const size_t *lens,
                                        size_t max_weights) {
    if (bits < WEFT_LIN_BITS_MIN || bits > WEFT_LIN_BITS_MAX || nclass < 2 ||
        nclass > WEFT_LIN_MAX_CLASSES)
        return -1;
    size_t rows = (size_t)1 << bits;
    if (rows > SIZE_MAX / sizeof(float) / nclass || rows * nclass > max_weights) return -2;
    m->w = (float *)calloc(rows * nclass, sizeof(float));
    m->bias = (float *)calloc(nclass, sizeof(float));
    m->label = (char **)calloc(nclass, sizeof(char *));
    int rc = 0;
    if (!m->w || !m->bias || !m->label) {
        rc = -2;
    } else {
        m->nclass = nclass;
        m->bits = bits;
        for (uint32_t c = 0; c < nclass && !rc; c++) {
            char num[16];
            const char *s = labels ? labels[c] : NULL;
            size_t n;
            if (!s) {
                snprintf(num, sizeof num, "%u", (unsigned)c);
                s = num;
                n = strlen(num);
            } else {
                n = lens ? lens[c] : strlen(s);
            }
            if (!weft_lin_name_ok_(s, n)) {
                rc = -1;
                break;
            }
            for (uint32_t d = 0; d < c; d++)
                if (strlen(m->label[d]) == n && memcmp(m->label[d], s, n) == 0) rc = -1;
            if (!rc && !(m->label[c] = weft_lin_strndup_(s, n))) rc = -2;
        }
    }
    if (rc) {
        if (m->label)
            for (uint32_t c = 0; c < m->nclass; c++) free(m->label[c]);
        free(m->w);
        free(m->bias);
        free(m->label);
        m->w = m->bias = NULL;
        m->label = NULL;
        m->nclass = m->bits = 0;
    }
    return rc;
}

/* A zeroed model of 2^bits rows and nclass classes named labels[0..nclass) (NULL: "0", "1",
 * ...). Returns 0, or -1 (the model zeroed) when bits is outside 8..24, nclass outside
 * 2..WEFT_LIN_MAX_CLASSES, a label is empty, longer than WEFT_LIN_MAX_LABEL, holds a blank or
 * control byte or is repeated, the table would pass WEFT_LIN_MAX_WEIGHTS, or out of memory. */
static inline int weft_lin_model_init(weft_lin_model *m, uint32_t bits, uint32_t nclass,
                                      const char *const *labels) {
    memset(m, 0, sizeof *m);
    return weft_lin_model_alloc_(m, bits, nclass, labels, NULL, WEFT_LIN_MAX_WEIGHTS) ? -1 : 0;
}

/* The value of a meta key, or NULL. */
static inline const char *weft_lin_model_meta(const weft_lin_model *m, const char *key) {
    for (size_t i = 0; i < m->nmeta; i++)
        if (strcmp(m->meta_key[i], key) == 0) return m->meta_val[i];
    return NULL;
}

/* Sets (or replaces) a meta entry; entries keep their first insertion's order. Returns 0, or
 * -1 when the key is not a name (see weft_lin_model_init's labels), the value holds CR or LF
 * or starts with a blank, or out of memory (the model unchanged). */
static inline int weft_lin_model_set_meta(weft_lin_model *m, const char *key, const char *val) {
    if (!weft_lin_name_ok_(key, strlen(key)) || !weft_lin_meta_val_ok_(key, val)) return -1;
    char *v = weft_lin_strndup_(val, strlen(val));
    if (!v) return -1;
    for (size_t i = 0; i < m->nmeta; i++)
        if (strcmp(m->meta_key[i], key) == 0) {
            free(m->meta_val[i]);
            m->meta_val[i] = v;
            return 0;
        }
    char *k = weft_lin_strndup_(key, strlen(key));
    char **nk = k ? (char **)realloc(m->meta_key, (m->nmeta + 1) * sizeof *nk) : NULL;
    if (nk) m->meta_key = nk;
    char **nv = nk ? (char **)realloc(m->meta_val, (m->nmeta + 1) * sizeof *nv) : NULL;
    if (!nv) {
        free(k);
        free(v);
        return -1;
    }
    m->meta_val = nv;
    m->meta_key[m->nmeta] = k;
    m->meta_val[m->nmeta] = v;
    m->nmeta++;
    return 0;
}

/* The class called label, or -1. */
static inline int weft_lin_model_class(const weft_lin_model *m, const char *label) {
    for (uint32_t c = 0; c < m->nclass; c++)
        if (strcmp(m->label[c], label) == 0) return (int)c;
    return -1;
}

/* A deep copy of src into dst (dst's old contents are not freed): a trainer keeps its best
 * epoch this way. Returns 0, or -1 when out of memory (dst zeroed). */
static inline int weft_lin_model_copy(weft_lin_model *dst, const weft_lin_model *src) {
    if (weft_lin_model_init(dst, src->bits, src->nclass, (const char *const *)src->label))
        return -1;
    memcpy(dst->w, src->w, weft_lin_nweights(src) * sizeof(float));
    memcpy(dst->bias, src->bias, src->nclass * sizeof(float));
    for (size_t i = 0; i < src->nmeta; i++)
        if (weft_lin_model_set_meta(dst, src->meta_key[i], src->meta_val[i])) {
            weft_lin_model_free(dst);
            return -1;
        }
    return 0;
}

/* Rows with a nonzero weight: the `w` lines weft_lin_save writes. */
static inline size_t weft_lin_model_rows(const weft_lin_model *m) {
    size_t rows = (size_t)1 << m->bits, k = m->nclass, n = 0;
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < k; c++)
            if (m->w[r * k + c] != 0.0f) {
                n++;
                break;
            }
    return n;
}

/* Sets every weight with |w| < eps to 0 (biases are kept): shrinks the file and loses little
 * when eps is small against the weights. Returns how many nonzero weights it zeroed. */
static inline size_t weft_lin_prune(weft_lin_model *m, float eps) {
    size_t n = weft_lin_nweights(m), z = 0;
    for (size_t i = 0; i < n; i++)
        if (m->w[i] != 0.0f && fabsf(m->w[i]) < eps) {
            m->w[i] = 0.0f;
            z++;
        }
    return z;
}

/* Multiplies every weight and bias by scale and rounds it to the nearest integer (halves away
 * from zero): a model whose scores only rank classes (a perceptron's) keeps its decisions up
 * to rounding, and its file holds short integers, with every |w * scale| < 0.5 dropped.
 * Deterministic (roundf, no rounding-mode dependence). Returns how many nonzero weights
 * became 0. */
static inline size_t weft_lin_quantize(weft_lin_model *m, float scale) {
    size_t n = weft_lin_nweights(m), z = 0;
    for (size_t i = 0; i < n; i++) {
        if (m->w[i] == 0.0f) continue;
        m->w[i] = roundf(m->w[i] * scale) + 0.0f; /* + 0.0f: -0 becomes 0 */
        z += m->w[i] == 0.0f;
    }
    for (uint32_t c = 0; c < m->nclass; c++) m->bias[c] = roundf(m->bias[c] * scale) + 0.0f;
    return z;
}

/* Bagging: sum models of the same shape (weft_lin_add), then divide by how many
 * (weft_lin_div); training orders (seeds) move a perceptron's held-out scores by a point or
 * more, their mean far less. Division, not multiplication by 1/n, so that a model retrained
 * anywhere is the same bits. */
static inline void weft_lin_add(weft_lin_model *dst, const weft_lin_model *src) {
    size_t n = weft_lin_nweights(dst);
    for (size_t i = 0; i < n; i++) dst->w[i] += src->w[i];
    for (uint32_t c = 0; c < dst->nclass; c++) dst->bias[c] += src->bias[c];
}

static inline void weft_lin_div(weft_lin_model *m, float d) {
    size_t n = weft_lin_nweights(m);
    for (size_t i = 0; i < n; i++) m->w[i] /= d;
    for (uint32_t c = 0; c < m->nclass; c++) m->bias[c] /= d;
}

/* ------------------------------------------------------------------------ */
/* Scoring (hot path: no allocation, no branches per class)                  */

/* out[c] = bias[c] + sum over features of w[id & mask][c] * v, for c < nclass. Features are
 * summed in vector order, so a score is the same on every run. */
static inline void weft_lin_scores(const weft_lin_model *m, const weft_lin_fv *fv, float *out) {
    const uint32_t mask = weft_lin_mask(m), k = m->nclass;
    const float *w = m->w;
    if (k == 2) {
        float s0 = m->bias[0], s1 = m->bias[1];
        for (size_t i = 0; i < fv->n; i++) {
            const float *r = w + (size_t)(fv->f[i].id & mask) * 2;
            s0 += r[0] * fv->f[i].v;
            s1 += r[1] * fv->f[i].v;
        }
        out[0] = s0;
        out[1] = s1;
        return;
    }
    memcpy(out, m->bias, k * sizeof *out);
    for (size_t i = 0; i < fv->n; i++) {
        const float *r = w + (size_t)(fv->f[i].id & mask) * k;
        const float v = fv->f[i].v;
        for (uint32_t c = 0; c < k; c++) out[c] += r[c] * v;
    }
}

/* The nclass weights feature id scores with (row id & mask). */
static inline const float *weft_lin_row(const weft_lin_model *m, uint32_t id) {
    return m->w + (size_t)(id & weft_lin_mask(m)) * m->nclass;
}

/* Adds one feature's weights times v to out[nclass]: for scores built in parts, as a tagger
 * does when it scores a token's features once and adds a previous-tag feature per hypothesis.
 * weft_lin_scores(m, fv, out) is the bias plus this for each feature in order. */
static inline void weft_lin_scores_add(const weft_lin_model *m, uint32_t id, float v, float *out) {
    const float *r = weft_lin_row(m, id);
    for (uint32_t c = 0; c < m->nclass; c++) out[c] += r[c] * v;
}

/* The index of the largest of s[0, n) (ties and NaN: the lowest index). */
static inline uint32_t weft_lin_argmax(const float *s, uint32_t n) {
    uint32_t best = 0;
    for (uint32_t c = 1; c < n; c++)
        if (s[c] > s[best]) best = c;
    return best;
}

/* The best class (ties to the lowest); the scores go to out[nclass] unless out is NULL. */
static inline uint32_t weft_lin_predict(const weft_lin_model *m, const weft_lin_fv *fv,
                                        float *out) {
    float buf[WEFT_LIN_MAX_CLASSES];
    float *s = out ? out : buf;
    weft_lin_scores(m, fv, s);
    return weft_lin_argmax(s, m->nclass);
}

/* score[1] - score[0]: a binary model's decision value (> 0 means class 1). Only the first two
 * columns are read, whatever nclass is. */
static inline float weft_lin_margin(const weft_lin_model *m, const weft_lin_fv *fv) {
    const uint32_t mask = weft_lin_mask(m), k = m->nclass;
    float s0 = m->bias[0], s1 = m->bias[1];
    for (size_t i = 0; i < fv->n; i++) {
        const float *r = m->w + (size_t)(fv->f[i].id & mask) * k;
        s0 += r[0] * fv->f[i].v;
        s1 += r[1] * fv->f[i].v;
    }
    return s1 - s0;
}

static inline float weft_lin_sigmoid(float x) {
    if (x >= 0) return 1.0f / (1.0f + expf(-x));
    float e = expf(x); /* no overflow for very negative x */
    return e / (1.0f + e);
}

/* Scores to probabilities, in place (shifted by the maximum, so no overflow). */
static inline void weft_lin_softmax(float *s, uint32_t n) {
    if (n == 0) return;
    float mx = s[weft_lin_argmax(s, n)], sum = 0.0f;
    for (uint32_t c = 0; c < n; c++) {
        s[c] = expf(s[c] - mx);
        sum += s[c];
    }
    for (uint32_t c = 0; c < n; c++) s[c] /= sum;
}

/* ------------------------------------------------------------------------ */
/* Deterministic random numbers: xoshiro256** seeded through splitmix64      */

typedef struct weft_lin_rng {
    uint64_t s[4];
} weft_lin_rng;

static inline uint64_t weft_lin_splitmix64_(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Any seed, 0 included, gives a good state; the same seed the same sequence everywhere. */
static inline void weft_lin_rng_seed(weft_lin_rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++) r->s[i] = weft_lin_splitmix64_(&seed);
}

static inline uint64_t weft_lin_rotl_(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

static inline uint64_t weft_lin_rng_next(weft_lin_rng *r) {
    uint64_t *s = r->s;
    uint64_t out = weft_lin_rotl_(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = weft_lin_rotl_(s[3], 45);
    return out;
}

/* Uniform in [0, n) without bias (Lemire's multiply and reject); 0 when n is 0. */
static inline uint32_t weft_lin_rng_below(weft_lin_rng *r, uint32_t n) {
    if (n == 0) return 0;
    uint64_t m = (weft_lin_rng_next(r) >> 32) * (uint64_t)n;
    if ((uint32_t)m < n) {
        uint32_t t = (uint32_t)(-n) % n;
        while ((uint32_t)m < t) m = (weft_lin_rng_next(r) >> 32) * (uint64_t)n;
    }
    return (uint32_t)(m >> 32);
}

/* Uniform in [0, 1), 53 bits. */
static inline double weft_lin_rng_double(weft_lin_rng *r) {
    return (double)(weft_lin_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Fisher-Yates: a uniform permutation of idx[0, n) (n below 2^32). */
static inline void weft_lin_shuffle(weft_lin_rng *r, uint32_t *idx, size_t n) {
    for (size_t i = n; i > 1; i--) {
        uint32_t j = weft_lin_rng_below(r, (uint32_t)i);
        uint32_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

/* ------------------------------------------------------------------------ */
/* Averaged perceptron                                                       */

/*
 * Multiclass perceptron (Collins 2002) whose final weights are the average of the weights after
 * every example, which is what makes it generalise. Averaging naively costs the whole table per
 * example; here it costs O(active features) per update (Daume's form of the lazy trick): each
 * update of d to a weight at time t (examples ticked so far) also adds t * d to a shadow sum u,
 * and the average after T examples is (T * w - u) / T, exactly the mean of the T weight vectors.
 * The shadow sums are doubles (t * d outgrows a float's 24 bits), so training costs three times
 * the model's memory: w, u and a copy of the raw weights kept while averaged.
 *
 *     weft_lin_ap ap; weft_lin_ap_init(&ap, &model);
 *     for each epoch, for each example (in weft_lin_shuffle order):
 *         guess = weft_lin_predict(&model, &fv, NULL);
 *         weft_lin_ap_update(&ap, &fv, gold, guess, 1.0f);
 *         weft_lin_ap_tick(&ap);
 *     weft_lin_ap_average(&ap);  (evaluate, save, or weft_lin_model_copy the model)
 *     weft_lin_ap_unaverage(&ap); (and train on; an update does it by itself)
 *     weft_lin_ap_free(&ap);      (the model keeps whichever weights it holds)
 */
typedef struct weft_lin_ap {
    weft_lin_model *m;
    double *u, *ub;    /* shadow sums of t * d: per weight, per class bias */
    float *raw, *rawb; /* the raw weights while the model holds the averaged ones */
    uint64_t t;        /* examples ticked */
    int averaged;
} weft_lin_ap;

/* Trains m (already initialised, usually zero) in place. Returns 0, or -1 when out of
 * memory (ap zeroed). */
static inline int weft_lin_ap_init(weft_lin_ap *ap, weft_lin_model *m) {
    size_t n = weft_lin_nweights(m);
    memset(ap, 0, sizeof *ap);
    ap->m = m;
    ap->u = (double *)calloc(n, sizeof(double));
    ap->ub = (double *)calloc(m->nclass, sizeof(double));
    ap->raw = (float *)malloc(n * sizeof(float));
    ap->rawb = (float *)malloc(m->nclass * sizeof(float));
    if (!ap->u || !ap->ub || !ap->raw || !ap->rawb) {
        free(ap->u);
        free(ap->ub);
        free(ap->raw);
        free(ap->rawb);
        memset(ap, 0, sizeof *ap);
        return -1;
    }
    return 0;
}

static inline void weft_lin_ap_free(weft_lin_ap *ap) {
    free(ap->u);
    free(ap->ub);
    free(ap->raw);
    free(ap->rawb);
    memset(ap, 0, sizeof *ap);
}

/* Puts the raw (training) weights back after weft_lin_ap_average; a no-op otherwise. */
static inline void weft_lin_ap_unaverage(weft_lin_ap *ap) {
    if (!ap->averaged) return;
    memcpy(ap->m->w, ap->raw, weft_lin_nweights(ap->m) * sizeof(float));
    memcpy(ap->m->bias, ap->rawb, ap->m->nclass * sizeof(float));
    ap->averaged = 0;
}

/* A mistake: adds weight * v of every feature (and weight to the bias) to class gold and
 * takes it from class guess. A no-op when gold == guess or either is not a class. Unaverages
 * first if needed. */
static inline void weft_lin_ap_update(weft_lin_ap *ap, const weft_lin_fv *fv, uint32_t gold,
                                      uint32_t guess, float weight) {
    weft_lin_model *m = ap->m;
    const uint32_t k = m->nclass, mask = weft_lin_mask(m);
    if (gold == guess || gold >= k || guess >= k) return;
    weft_lin_ap_unaverage(ap);
    const double t = (double)ap->t;
    m->bias[gold] += weight;
    ap->ub[gold] += t * weight;
    m->bias[guess] -= weight;
    ap->ub[guess] -= t * weight;
    for (size_t i = 0; i < fv->n; i++) {
        size_t r = (size_t)(fv->f[i].id & mask) * k;
        float d = weight * fv->f[i].v;
        m->w[r + gold] += d;
        ap->u[r + gold] += t * d;
        m->w[r + guess] -= d;
        ap->u[r + guess] -= t * d;
    }
}

/* Adds d * v of every feature, and d to the bias, to class cls (nothing when cls is not a
 * class): one half of an update, for learners whose gold and guessed structures have
 * different features (a structured perceptron over tag sequences adds the gold path's
 * features with +1 and the predicted path's with -1). Unaverages first if needed. */
static inline void weft_lin_ap_add(weft_lin_ap *ap, const weft_lin_fv *fv, uint32_t cls, float d) {
    weft_lin_model *m = ap->m;
    const uint32_t k = m->nclass, mask = weft_lin_mask(m);
    if (cls >= k) return;
    weft_lin_ap_unaverage(ap);
    const double t = (double)ap->t;
    m->bias[cls] += d;
    ap->ub[cls] += t * d;
    for (size_t i = 0; i < fv->n; i++) {
        size_t r = (size_t)(fv->f[i].id & mask) * k + cls;
        float x = d * fv->f[i].v;
        m->w[r] += x;
        ap->u[r] += t * x;
    }
}

/* One example done (whether or not it was a mistake). */
static inline void weft_lin_ap_tick(weft_lin_ap *ap) {
    ap->t++;
}

/* Writes the average of the weights after each ticked example into the model (O(table));
 * the raw weights are kept for weft_lin_ap_unaverage. A no-op before the first tick or when
 * already averaged. */
static inline void weft_lin_ap_average(weft_lin_ap *ap) {
    if (ap->averaged || ap->t == 0) return;
    weft_lin_model *m = ap->m;
    const double T = (double)ap->t;
    size_t n = weft_lin_nweights(m);
    memcpy(ap->raw, m->w, n * sizeof(float));
    memcpy(ap->rawb, m->bias, m->nclass * sizeof(float));
    for (size_t i = 0; i < n; i++)
        if (m->w[i] != 0.0f || ap->u[i] != 0.0)
            m->w[i] = (float)((T * (double)m->w[i] - ap->u[i]) / T);
    for (uint32_t c = 0; c < m->nclass; c++)
        m->bias[c] = (float)((T * (double)m->bias[c] - ap->ub[c]) / T);
    ap->averaged = 1;
}

/* ------------------------------------------------------------------------ */
/* Logistic regression by SGD                                                */

/* The learning rate of step t under the schedule lr0 / (1 + decay * t). */
static inline float weft_lin_lr_rate(float lr0, float decay, uint64_t t) {
    return (float)((double)lr0 / (1.0 + (double)decay * (double)t));
}

/*
 * One SGD step of multinomial logistic regression (softmax loss; for 2 classes the same as
 * binary logistic regression) on one example of class gold, weighted by weight (for class
 * imbalance): for every class c, with p = softmax(scores) and g_c = weight * (p_c - [c ==
 * gold]), each feature's w[row][c] -= lr * (g_c * v + l2 * w[row][c]) and bias[c] -= lr * g_c.
 * L2 shrinks only the rows this example touches (the usual sparse approximation: exact
 * shrinking would touch the whole table every step); biases are not shrunk.
 * Returns the example's weighted loss before the step, weight * -log p_gold (>= 0), or -1 when
 * gold is not a class.
 */
static inline float weft_lin_lr_step(weft_lin_model *m, const weft_lin_fv *fv, uint32_t gold,
                                     float lr, float l2, float weight) {
    const uint32_t k = m->nclass, mask = weft_lin_mask(m);
    if (gold >= k) return -1.0f;
    float g[WEFT_LIN_MAX_CLASSES];
    weft_lin_scores(m, fv, g);
    float mx = g[weft_lin_argmax(g, k)];
    double sum = 0.0;
    for (uint32_t c = 0; c < k; c++) sum += exp((double)(g[c] - mx));
    double logz = log(sum) + (double)mx;
    float loss = (float)((double)weight * (logz - (double)g[gold]));
    for (uint32_t c = 0; c < k; c++)
        g[c] = weight * ((float)exp((double)g[c] - logz) - (c == gold ? 1.0f : 0.0f));
    for (size_t i = 0; i < fv->n; i++) {
        float *r = m->w + (size_t)(fv->f[i].id & mask) * k;
        const float v = fv->f[i].v;
        for (uint32_t c = 0; c < k; c++) r[c] -= lr * (g[c] * v + l2 * r[c]);
    }
    for (uint32_t c = 0; c < k; c++) m->bias[c] -= lr * g[c];
    return loss < 0 ? 0.0f : loss;
}

/* ------------------------------------------------------------------------ */
/* Evaluation                                                                */

typedef struct weft_lin_prf {
    uint64_t tp, fp, fn;
} weft_lin_prf;

/* Counts one binary decision: gold and pred are "positive?" flags. Span-level evaluation adds
 * to tp, fp and fn directly. */
static inline void weft_lin_prf_count(weft_lin_prf *s, int gold, int pred) {
    if (gold && pred)
        s->tp++;
    else if (pred)
        s->fp++;
    else if (gold)
        s->fn++;
}

/* Precision, recall and F1 in [0, 1]; 0 when undefined (nothing predicted, nothing gold). */
static inline double weft_lin_prf_p(const weft_lin_prf *s) {
    return s->tp + s->fp ? (double)s->tp / (double)(s->tp + s->fp) : 0.0;
}

static inline double weft_lin_prf_r(const weft_lin_prf *s) {
    return s->tp + s->fn ? (double)s->tp / (double)(s->tp + s->fn) : 0.0;
}

static inline double weft_lin_prf_f1(const weft_lin_prf *s) {
    uint64_t d = 2 * s->tp + s->fp + s->fn;
    return d ? 2.0 * (double)s->tp / (double)d : 0.0;
}

/* ------------------------------------------------------------------------ */
/* Saving                                                                    */

/* %.9g (enough for any float to read back to the same bits), with the C locale's decimal
 * point whatever the current locale says; zero (and -0) as "0". */
static inline void weft_lin_fmt_(char *buf, size_t len, float v, const char *dp) {
    if (v == 0.0f) {
        snprintf(buf, len, "0");
        return;
    }
    snprintf(buf, len, "%.9g", (double)v);
    if (dp[0] == '.' && dp[1] == '\0') return;
    size_t dl = strlen(dp);
    char *p = dl ? strstr(buf, dp) : NULL;
    if (p) {
        *p = '.';
        memmove(p + 1, p + dl, strlen(p + dl) + 1);
    }
}

/* Writes the model file: the magic line, meta in insertion order, classes, bits, biases, one
 * `w` line per row holding a nonzero weight, rows ascending, and `end`. The same model gives
 * the same bytes. Returns 0, or -1 on a write error. */
static inline int weft_lin_save(const weft_lin_model *m, FILE *f) {
    const char *dp = localeconv()->decimal_point;
    char num[48];
    const size_t k = m->nclass, rows = (size_t)1 << m->bits;
    int bad = fprintf(f, "weft-linear %d\n", WEFT_LIN_VERSION) < 0;
    for (size_t i = 0; i < m->nmeta && !bad; i++)
        bad = fprintf(f, "meta %s %s\n", m->meta_key[i], m->meta_val[i]) < 0;
    if (!bad) bad = fprintf(f, "classes %u", (unsigned)k) < 0;
    for (size_t c = 0; c < k && !bad; c++) bad = fprintf(f, " %s", m->label[c]) < 0;
    if (!bad) bad = fprintf(f, "\nbits %u\nbias", (unsigned)m->bits) < 0;
    for (size_t c = 0; c < k && !bad; c++) {
        weft_lin_fmt_(num, sizeof num, m->bias[c], dp);
        bad = fprintf(f, " %s", num) < 0;
    }
    if (!bad) bad = fputc('\n', f) == EOF;
    for (size_t r = 0; r < rows && !bad; r++) {
        const float *w = m->w + r * k;
        size_t c = 0;
        while (c < k && w[c] == 0.0f) c++;
        if (c == k) continue;
        bad = fprintf(f, "w %zu", r) < 0;
        for (c = 0; c < k && !bad; c++) {
            weft_lin_fmt_(num, sizeof num, w[c], dp);
            bad = fprintf(f, " %s", num) < 0;
        }
        if (!bad) bad = fputc('\n', f) == EOF;
    }
    if (!bad) bad = fputs("end\n", f) == EOF;
    return bad || ferror(f) ? -1 : 0;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                   */

/* The next blank-separated token of [*p, e), or 0 when none is left. */
static inline int weft_lin_tok_(const char **p, const char *e, const char **ts, size_t *tn) {
    const char *s = *p;
    while (s < e && (*s == ' ' || *s == '\t')) s++;
    if (s == e) {
        *p = s;
        return 0;
    }
    const char *t = s;
    while (t < e && *t != ' ' && *t != '\t') t++;
    *ts = s;
    *tn = (size_t)(t - s);
    *p = t;
    return 1;
}

static inline int weft_lin_tok_is_(const char *s, size_t n, const char *word) {
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* An unsigned decimal of at most 10 digits, no sign; -1 when not one or past UINT32_MAX. */
static inline int weft_lin_parse_u32_(const char *s, size_t n, uint32_t *out) {
    if (n == 0 || n > 10) return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (v > UINT32_MAX) return -1;
    *out = (uint32_t)v;
    return 0;
}

/* The float nearest m * 10^e (m < 2^53, |e| <= 22) when one double operation finds it: both
 * operands are exact doubles, so the double is correctly rounded, and rounding it again to a
 * float gives the float nearest the decimal unless the double fell exactly on the midpoint
 * between two floats (then the decimal may lie on either side). Returns 0, or -1 to leave it
 * to strtof (a midpoint, outside the normal float range). */
static inline int weft_lin_fast_float_(uint64_t m, int e, float *out) {
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (m > ((uint64_t)1 << 53) || e < -22 || e > 22) return -1;
    double d = e < 0 ? (double)m / p10[-e] : (double)m * p10[e];
    if (d == 0.0) {
        *out = 0.0f;
        return 0;
    }
    if (d < 1.1754943508222875e-38 || d > 3.4028234663852886e+38) return -1;
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    if ((bits & ((UINT64_C(1) << 29) - 1)) == (UINT64_C(1) << 28)) return -1;
    *out = (float)d;
    return 0;
}

/* A finite decimal number as %g writes it: -?D+(.D*)?([eE][+-]?D+)? (no inf, nan, hex, '+'
 * or blanks), at most 40 bytes, correctly rounded to a float whatever the locale: most
 * numbers (up to 19 significant digits, exponents that keep them near 10^+-22) by one exact
 * double operation, the rest by strtof after swapping in the locale's decimal point. Loading
 * a large model is mostly this function. -1: not such a number; -2: out of float range.
 * -0 reads as 0. */
static inline int weft_lin_parse_float_(const char *s, size_t n, const char *dp, float *out) {
    size_t i = 0;
    uint64_t m = 0;
    int sig = 0, e = 0, ev = 0, eneg = 0;
    if (n == 0 || n > 40) return -1;
    const int neg = s[0] == '-';
    i += (size_t)neg;
    size_t d0 = i;
    for (; i < n && (unsigned)(s[i] - '0') < 10; i++) {
        if (sig < 19) {
            m = m * 10 + (uint64_t)(s[i] - '0');
            sig += m != 0;
        } else {
            sig = 99; /* past 19 significant digits: strtof decides */
        }
    }
    if (i == d0) return -1;
    if (i < n && s[i] == '.')
        for (i++; i < n && (unsigned)(s[i] - '0') < 10; i++) {
            if (sig < 19) {
                m = m * 10 + (uint64_t)(s[i] - '0');
                sig += m != 0;
                e--;
            } else {
                sig = 99;
            }
        }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
        size_t e0 = i;
        for (; i < n && (unsigned)(s[i] - '0') < 10; i++)
            if (ev < 10000) ev = ev * 10 + (s[i] - '0');
        if (i == e0) return -1;
    }
    if (i != n) return -1;
    e += eneg ? -ev : ev;
    float v;
    if (sig <= 19 && weft_lin_fast_float_(m, e, &v) == 0) {
        *out = neg && v != 0.0f ? -v : v;
        return 0;
    }
    /* strtof, on a copy holding the locale's decimal point */
    char buf[64];
    size_t o = 0, dl = strlen(dp);
    if (dl == 0 || dl > 8) return -1;
    for (i = 0; i < n; i++)
        if (s[i] == '.') {
            memcpy(buf + o, dp, dl);
            o += dl;
        } else {
            buf[o++] = s[i];
        }
    buf[o] = '\0';
    char *end;
    errno = 0;
    v = strtof(buf, &end);
    if (end != buf + o) return -1;
    if (!isfinite(v) || (errno == ERANGE && fabsf(v) > 1.0f)) return -2;
    *out = v == 0.0f ? 0.0f : v;
    return 0;
}

/* Up to 32 bytes of a token for a message, bytes outside printable ASCII as '?'. */
static inline void weft_lin_quote_(char *buf, size_t len, const char *s, size_t n) {
    size_t o = 0;
    for (size_t i = 0; i < n && i < 32 && o + 1 < len; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[o++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    if (n > 32 && o + 3 < len) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    if (len) buf[o < len ? o : len - 1] = '\0';
}

/* Reads a whole row of nclass numbers from [*p, e) into out. */
static inline int weft_lin_parse_row_(const char **p, const char *e, uint32_t k, const char *dp,
                                      float *out, char *err, size_t errlen, size_t line) {
    const char *ts;
    size_t tn;
    char q[40];
    for (uint32_t c = 0; c < k; c++) {
        if (!weft_lin_tok_(p, e, &ts, &tn)) {
            snprintf(err, errlen, "line %zu: %u values expected, found %u", line, (unsigned)k,
                     (unsigned)c);
            return -1;
        }
        int rc = weft_lin_parse_float_(ts, tn, dp, &out[c]);
        if (rc) {
            weft_lin_quote_(q, sizeof q, ts, tn);
            snprintf(err, errlen, "line %zu: %s number '%s'", line,
                     rc == -2 ? "non-finite" : "unparsable", q);
            return -1;
        }
    }
    if (weft_lin_tok_(p, e, &ts, &tn)) {
        snprintf(err, errlen, "line %zu: more than %u values", line, (unsigned)k);
        return -1;
    }
    return 0;
}

/* weft_lin_load with a cap on the table's weights (rows * classes) below
 * WEFT_LIN_MAX_WEIGHTS: a model asking for more is an error, before any allocation. */
static inline int weft_lin_load_max(weft_lin_model *m, const char *buf, size_t n,
                                    size_t max_weights, char *err, size_t errlen) {
    char dummy[1];
    if (!err || errlen == 0) {
        err = dummy;
        errlen = sizeof dummy;
    }
    err[0] = '\0';
    memset(m, 0, sizeof *m);
    if (max_weights > WEFT_LIN_MAX_WEIGHTS) max_weights = WEFT_LIN_MAX_WEIGHTS;
    const char *dp = localeconv()->decimal_point;
    enum { MAGIC, CLASSES, BITS, BIAS, ROWS, END } st = MAGIC;
    const char *cls = NULL, *cls_e = NULL; /* the classes line, tokenised again at `bits` */
    size_t cls_line = 0, line = 0;
    uint32_t nclass = 0, rows = 0;
    int64_t last_row = -1;
    const char *p = buf, *e = buf + n;
    char q[40];
    if (n == 0) {
        snprintf(err, errlen, "line 1: empty file, not a weft-linear model");
        goto fail;
    }
    while (p < e) {
        line++;
        const char *nl = (const char *)memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        const char *next = nl ? nl + 1 : e;
        if ((size_t)(le - p) > WEFT_LIN_MAX_LINE) {
            snprintf(err, errlen, "line %zu: longer than %d bytes", line, WEFT_LIN_MAX_LINE);
            goto fail;
        }
        if (memchr(p, '\0', (size_t)(le - p))) {
            snprintf(err, errlen, "line %zu: NUL byte", line);
            goto fail;
        }
        if (le > p && le[-1] == '\r') le--; /* CRLF line ends */
        const char *lp = p, *ts;
        size_t tn;
        p = next;
        if (st == END) {
            snprintf(err, errlen, "line %zu: text after 'end'", line);
            goto fail;
        }
        if (st == MAGIC) {
            const char *vs;
            size_t vn;
            uint32_t ver;
            if (!weft_lin_tok_(&lp, le, &ts, &tn) || !weft_lin_tok_is_(ts, tn, "weft-linear") ||
                !weft_lin_tok_(&lp, le, &vs, &vn) || weft_lin_tok_(&lp, le, &ts, &tn) ||
                weft_lin_parse_u32_(vs, vn, &ver)) {
                snprintf(err, errlen,
                         "line %zu: not a weft-linear model (expected 'weft-linear %d')", line,
                         WEFT_LIN_VERSION);
                goto fail;
            }
            if (ver != WEFT_LIN_VERSION) {
                snprintf(err, errlen, "line %zu: version %u, this reader knows %d", line,
                         (unsigned)ver, WEFT_LIN_VERSION);
                goto fail;
            }
            st = CLASSES;
            continue;
        }
        if (lp < le && lp[0] == '#') continue;
        if (!weft_lin_tok_(&lp, le, &ts, &tn)) continue; /* blank */
        if (weft_lin_tok_is_(ts, tn, "w") && st == ROWS) {
            const char *rs;
            size_t rn;
            uint32_t row;
            if (!weft_lin_tok_(&lp, le, &rs, &rn) || weft_lin_parse_u32_(rs, rn, &row)) {
                snprintf(err, errlen, "line %zu: expected 'w ROW VALUE...'", line);
                goto fail;
            }
            if (row >= rows) {
                snprintf(err, errlen, "line %zu: row %u outside 2^%u rows", line, (unsigned)row,
                         (unsigned)m->bits);
                goto fail;
            }
            if ((int64_t)row <= last_row) {
                snprintf(err, errlen, "line %zu: row %u %s", line, (unsigned)row,
                         (int64_t)row == last_row ? "repeated" : "out of order (rows ascend)");
                goto fail;
            }
            last_row = row;
            if (weft_lin_parse_row_(&lp, le, nclass, dp, m->w + (size_t)row * nclass, err, errlen,
                                    line))
                goto fail;
        } else if (weft_lin_tok_is_(ts, tn, "meta")) {
            const char *ks;
            size_t kn;
            char key[WEFT_LIN_MAX_LABEL + 1];
            if (!weft_lin_tok_(&lp, le, &ks, &kn) || !weft_lin_name_ok_(ks, kn)) {
                snprintf(err, errlen,
                         "line %zu: expected 'meta KEY VALUE' (a key of 1 to %d bytes)", line,
                         WEFT_LIN_MAX_LABEL);
                goto fail;
            }
            memcpy(key, ks, kn);
            key[kn] = '\0';
            while (lp < le && (*lp == ' ' || *lp == '\t')) lp++;
            if (weft_lin_model_meta(m, key)) {
                snprintf(err, errlen, "line %zu: meta '%s' repeated", line, key);
                goto fail;
            }
            char *val = weft_lin_strndup_(lp, (size_t)(le - lp));
            int rc = val ? weft_lin_model_set_meta(m, key, val) : -1;
            if (rc) {
                snprintf(err, errlen, "line %zu: %s", line,
                         val ? "meta value holds a CR" : "out of memory");
                free(val);
                goto fail;
            }
            free(val);
        } else if (weft_lin_tok_is_(ts, tn, "classes") && st == CLASSES) {
            const char *cs;
            size_t cn;
            if (!weft_lin_tok_(&lp, le, &cs, &cn) || weft_lin_parse_u32_(cs, cn, &nclass) ||
                nclass < 2 || nclass > WEFT_LIN_MAX_CLASSES) {
                snprintf(err, errlen, "line %zu: expected 'classes N NAME...' with N from 2 to %d",
                         line, WEFT_LIN_MAX_CLASSES);
                goto fail;
            }
            uint32_t got = 0;
            cls = lp;
            cls_e = le;
            cls_line = line;
            while (weft_lin_tok_(&lp, le, &ts, &tn)) {
                if (!weft_lin_name_ok_(ts, tn)) {
                    weft_lin_quote_(q, sizeof q, ts, tn);
                    snprintf(err, errlen,
                             "line %zu: class name '%s' is not 1 to %d bytes without control bytes",
                             line, q, WEFT_LIN_MAX_LABEL);
                    goto fail;
                }
                got++;
            }
            if (got != nclass) {
                snprintf(err, errlen, "line %zu: %u classes declared, %u named", line,
                         (unsigned)nclass, (unsigned)got);
                goto fail;
            }
            st = BITS;
        } else if (weft_lin_tok_is_(ts, tn, "bits") && st == BITS) {
            const char *bs;
            size_t bn;
            uint32_t bits;
            if (!weft_lin_tok_(&lp, le, &bs, &bn) || weft_lin_parse_u32_(bs, bn, &bits) ||
                weft_lin_tok_(&lp, le, &ts, &tn)) {
                snprintf(err, errlen, "line %zu: expected 'bits N'", line);
                goto fail;
            }
            if (bits < WEFT_LIN_BITS_MIN || bits > WEFT_LIN_BITS_MAX) {
                snprintf(err, errlen, "line %zu: bits %u outside %d..%d", line, (unsigned)bits,
                         WEFT_LIN_BITS_MIN, WEFT_LIN_BITS_MAX);
                goto fail;
            }
            if (((size_t)1 << bits) * nclass > max_weights) {
                snprintf(err, errlen,
                         "line %zu: 2^%u rows of %u classes exceed the limit of %zu weights", line,
                         (unsigned)bits, (unsigned)nclass, max_weights);
                goto fail;
            }
            const char *names[WEFT_LIN_MAX_CLASSES];
            size_t lens[WEFT_LIN_MAX_CLASSES];
            const char *cp = cls;
            for (uint32_t c = 0; c < nclass; c++) weft_lin_tok_(&cp, cls_e, &names[c], &lens[c]);
            int rc = weft_lin_model_alloc_(m, bits, nclass, names, lens, max_weights);
            if (rc == -1) {
                snprintf(err, errlen, "line %zu: a class name is repeated", cls_line);
                goto fail;
            }
            if (rc) {
                snprintf(err, errlen, "line %zu: out of memory for 2^%u rows of %u classes", line,
                         (unsigned)bits, (unsigned)nclass);
                goto fail;
            }
            rows = (uint32_t)1 << bits;
            st = BIAS;
        } else if (weft_lin_tok_is_(ts, tn, "bias") && st == BIAS) {
            if (weft_lin_parse_row_(&lp, le, nclass, dp, m->bias, err, errlen, line)) goto fail;
            st = ROWS;
        } else if (weft_lin_tok_is_(ts, tn, "end") && st == ROWS) {
            if (weft_lin_tok_(&lp, le, &ts, &tn)) {
                snprintf(err, errlen, "line %zu: text after 'end'", line);
                goto fail;
            }
            st = END;
        } else {
            static const char *const want[] = {"", "classes", "bits", "bias", "w' or 'end", ""};
            weft_lin_quote_(q, sizeof q, ts, tn);
            int known = weft_lin_tok_is_(ts, tn, "classes") || weft_lin_tok_is_(ts, tn, "bits") ||
                        weft_lin_tok_is_(ts, tn, "bias") || weft_lin_tok_is_(ts, tn, "w") ||
                        weft_lin_tok_is_(ts, tn, "end");
            snprintf(err, errlen, "line %zu: %s '%s' where '%s' was expected", line,
                     known ? "misplaced" : "unknown directive", q, want[st]);
            goto fail;
        }
    }
    if (st != END) {
        snprintf(err, errlen, "line %zu: the file ends before 'end'", line);
        goto fail;
    }
    return 0;
fail:
    weft_lin_model_free(m);
    return -1;
}

/*
 * Reads a model file from buf[0, n) (not NUL-terminated; never read past n), strictly:
 *   weft-linear 1                 first line, exactly
 *   meta KEY VALUE                any number, anywhere before end; VALUE is the rest of the
 *                                 line after the blanks following KEY; a key at most once
 *   classes N NAME...             once, N names of 1..48 bytes, distinct
 *   bits B                        once, after classes, 8..24
 *   bias V...                     once, after bits, N numbers
 *   w ROW V...                    N numbers, ROW < 2^B, rows strictly ascending
 *   end                           then nothing
 * Blank lines and lines starting with '#' are ignored; fields are separated by spaces or tabs;
 * lines end in LF or CRLF. Numbers are finite decimals (%g's syntax: no inf, nan or hex).
 * m is overwritten (not freed first). Returns 0, or -1 with the model zeroed and err holding
 * "line N: what is wrong" (err may be NULL). A model of more than WEFT_LIN_MAX_WEIGHTS weights is
 * refused.
 */
static inline int weft_lin_load(weft_lin_model *m, const char *buf, size_t n, char *err,
                                size_t errlen) {
    return weft_lin_load_max(m, buf, n, WEFT_LIN_MAX_WEIGHTS, err, errlen);
}

#ifdef __cplusplus
}
#endif
#endif /* WEFT_LINEAR_H */
