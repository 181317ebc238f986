/*
 * Packing a quantised tagger model and scoring with it (see tgpack.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tgpack.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

void tg_packed_free(tg_packed *p) {
    free(p->idx);
    free(p->row);
    free(p->big);
    free(p->bias);
    memset(p, 0, sizeof *p);
}

size_t tg_packed_bytes(const tg_packed *p) {
    if (!p->idx) return 0;
    return ((size_t)p->mask + 1) * sizeof *p->idx + p->nrow * TGP_STRIDE * sizeof *p->row +
           p->nbig * TGP_STRIDE * sizeof *p->big + TGP_STRIDE * sizeof *p->bias;
}

static int is_int(float v, double lim) {
    return v == floorf(v) && fabs((double)v) <= lim;
}

int tg_pack(tg_packed *p, const weft_lin_model *m, size_t maxfeat) {
    memset(p, 0, sizeof *p);
    const uint32_t k = m->nclass;
    const size_t rows = (size_t)1 << m->bits;
    if (k < 2 || k > TGP_STRIDE - 1) return 1;
    /* exactness: every weight and bias an integer, and no partial sum of
     * a bias and maxfeat weights past 2^24 (floats count integers exactly
     * up to there, whatever the order of the additions) */
    double maxw = 0, maxb = 0;
    size_t nrow = 1, nbig = 0;
    for (uint32_t c = 0; c < k; c++) {
        if (!is_int(m->bias[c], 16777216.0)) return 1;
        if (fabs((double)m->bias[c]) > maxb) maxb = fabs((double)m->bias[c]);
    }
    for (size_t r = 0; r < rows; r++) {
        const float *w = m->w + r * k;
        int nz = 0, big = 0;
        for (uint32_t c = 0; c < k; c++) {
            if (!is_int(w[c], 16777216.0)) return 1;
            double a = fabs((double)w[c]);
            if (a > maxw) maxw = a;
            nz |= w[c] != 0.0f;
            big |= a > TGP_SMALL;
        }
        nrow += (size_t)nz;
        nbig += (size_t)big;
    }
    if (maxb + (double)maxfeat * maxw > 16777216.0 || nbig > 32767) return 1;
    p->idx = calloc(rows, sizeof *p->idx);
    /* 32-byte aligned rows: one cache line each (size a multiple of 32) */
    p->row = aligned_alloc(32, nrow * TGP_STRIDE * sizeof *p->row);
    p->big = aligned_alloc(16, (nbig ? nbig : 1) * TGP_STRIDE * sizeof *p->big);
    p->bias = calloc(TGP_STRIDE, sizeof *p->bias); /* zeros past nclass (tg_packed_scores_all) */
    if (!p->idx || !p->row || !p->big || !p->bias) {
        tg_packed_free(p);
        return -1;
    }
    p->mask = weft_lin_mask(m);
    p->nclass = k;
    for (uint32_t c = 0; c < k; c++) p->bias[c] = (int32_t)m->bias[c];
    memset(p->row, 0, nrow * TGP_STRIDE * sizeof *p->row);
    size_t n = 1, b = 0;
    for (size_t r = 0; r < rows; r++) {
        const float *w = m->w + r * k;
        int nz = 0, big = 0;
        for (uint32_t c = 0; c < k; c++) {
            nz |= w[c] != 0.0f;
            big |= fabsf(w[c]) > (float)TGP_SMALL;
        }
        if (!nz) continue;
        int16_t *o = p->row + n * TGP_STRIDE;
        if (big) {
            for (uint32_t c = 0; c < TGP_STRIDE; c++)
                p->big[b * TGP_STRIDE + c] = c < k ? (int32_t)w[c] : 0;
            o[TGP_STRIDE - 1] = (int16_t)(++b);
        } else {
            for (uint32_t c = 0; c < k; c++) o[c] = (int16_t)w[c];
        }
        p->idx[r] = (uint32_t)n++;
    }
    p->nrow = nrow;
    p->nbig = nbig;
    return 0;
}

#if !(defined(__SSE2__) && defined(__GNUC__))
/* The packed row of each of n features (n <= CHUNK), prefetched. Their
 * index lines are not: tg_features prefetched them as it made the ids. */
enum { CHUNK = 64 };
static void rows_of(const tg_packed *p, const weft_lin_feat *f, size_t n, const int16_t **r) {
    const uint32_t mask = p->mask, *const idx = p->idx;
    const int16_t *const row = p->row;
    size_t i = 0;
    for (; i + 2 <= n; i += 2) { /* two a turn: half the loop's tests */
        const int16_t *a = row + (size_t)idx[f[i].id & mask] * TGP_STRIDE,
                      *b = row + (size_t)idx[f[i + 1].id & mask] * TGP_STRIDE;
        r[i] = a;
        r[i + 1] = b;
#if defined(__GNUC__)
        __builtin_prefetch(a);
        __builtin_prefetch(b);
#endif
    }
    if (i < n) {
        r[i] = row + (size_t)idx[f[i].id & mask] * TGP_STRIDE;
#if defined(__GNUC__)
        __builtin_prefetch(r[i]);
#endif
    }
}

#endif

/* The rows r[0, n) summed into acc (integers: exact in any order). With
 * SSE2, up to TGP_GROUP int16 rows are added in int16 lanes (each weight
 * at most TGP_SMALL in size: no lane overflows), then the group widened
 * into the int32 sums by unpacking and an arithmetic shift; a big row
 * (int32, TGP_STRIDE slots) is added to the int32 sums straight. */
#if defined(__SSE2__) && defined(__GNUC__)
/* The int32 sums of the TGP_STRIDE slots, and the int16 sums of the group
 * of small rows being added. */
typedef struct acc4 {
    __m128i a[4], s[2];
} acc4;

/* One row into the sums; 1 when it was a small row (one more in the group). */
static inline int add_row(const tg_packed *p, const int16_t *x, acc4 *acc) {
    if (x[TGP_STRIDE - 1]) {
        const __m128i *w =
            (const __m128i *)(const void *)(p->big + (size_t)(x[TGP_STRIDE - 1] - 1) * TGP_STRIDE);
        for (int q = 0; q < 4; q++) acc->a[q] = _mm_add_epi32(acc->a[q], _mm_load_si128(w + q));
        return 0;
    }
    for (int q = 0; q < 2; q++)
        acc->s[q] =
            _mm_add_epi16(acc->s[q], _mm_load_si128((const __m128i *)(const void *)(x + 8 * q)));
    return 1;
}

/* The group's int16 sums widened into the int32 sums (unpack, then an
 * arithmetic shift), and the group emptied. */
static inline void widen_group(acc4 *acc) {
    for (int q = 0; q < 2; q++) {
        __m128i s = acc->s[q];
        acc->a[2 * q] = _mm_add_epi32(acc->a[2 * q], _mm_srai_epi32(_mm_unpacklo_epi16(s, s), 16));
        acc->a[2 * q + 1] =
            _mm_add_epi32(acc->a[2 * q + 1], _mm_srai_epi32(_mm_unpackhi_epi16(s, s), 16));
        acc->s[q] = _mm_setzero_si128();
    }
}

#else
static inline void add_rows(const tg_packed *p, const int16_t *const *r, size_t n, int32_t *acc) {
    for (size_t i = 0; i < n; i++) {
        const int16_t *x = r[i];
        if (x[TGP_STRIDE - 1]) {
            const int32_t *w = p->big + (size_t)(x[TGP_STRIDE - 1] - 1) * TGP_STRIDE;
            for (uint32_t c = 0; c < TGP_STRIDE; c++) acc[c] += w[c];
            continue;
        }
        for (uint32_t c = 0; c < TGP_STRIDE; c++) acc[c] += x[c];
    }
}
#endif

/* The features' weights summed into acc[TGP_STRIDE] (zeroed by the caller).
 * With SSE2 each feature's row is found and added in one pass, two a turn,
 * a group of TGP_GROUP at a time: no list of row pointers stored and read
 * back (their lines are not prefetched first, but no load waits on an
 * add, so the core overlaps the misses of the next rows with the adds). */
static inline void accumulate(const tg_packed *p, const weft_lin_fv *fv, int32_t *acc) {
#if defined(__SSE2__) && defined(__GNUC__)
    const uint32_t mask = p->mask, *const idx = p->idx;
    const int16_t *const row = p->row;
    const weft_lin_feat *const f = fv->f;
    const size_t n = fv->n;
    acc4 a;
    for (int q = 0; q < 4; q++) a.a[q] = _mm_setzero_si128();
    a.s[0] = a.s[1] = _mm_setzero_si128();
    for (size_t i = 0; i < n;) {
        const size_t end = n - i < TGP_GROUP ? n : i + TGP_GROUP;
        for (; i + 2 <= end; i += 2) { /* two a turn: half the loop's tests */
            const int16_t *x0 = row + (size_t)idx[f[i].id & mask] * TGP_STRIDE,
                          *x1 = row + (size_t)idx[f[i + 1].id & mask] * TGP_STRIDE;
            add_row(p, x0, &a);
            add_row(p, x1, &a);
        }
        if (i < end) {
            add_row(p, row + (size_t)idx[f[i].id & mask] * TGP_STRIDE, &a);
            i++;
        }
        widen_group(&a);
    }
    for (int q = 0; q < 4; q++) _mm_storeu_si128((__m128i *)(void *)(acc + 4 * q), a.a[q]);
#else
    const int16_t *rows[CHUNK];
    for (size_t at = 0; at < fv->n; at += CHUNK) {
        size_t n = fv->n - at < CHUNK ? fv->n - at : CHUNK;
        rows_of(p, fv->f + at, n, rows);
        add_rows(p, rows, n, acc);
    }
#endif
}

void tg_packed_scores(const tg_packed *p, const weft_lin_fv *fv, float *out) {
    int32_t acc[TGP_STRIDE] = {0};
    accumulate(p, fv, acc);
    uint32_t c = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    for (; c + 4 <= p->nclass; c += 4) {
        const __m128i s =
            _mm_add_epi32(_mm_loadu_si128((const __m128i *)(const void *)(acc + c)),
                          _mm_loadu_si128((const __m128i *)(const void *)(p->bias + c)));
        _mm_storeu_ps(out + c, _mm_cvtepi32_ps(s));
    }
#endif
    for (; c < p->nclass; c++) out[c] = (float)(p->bias[c] + acc[c]);
}

void tg_packed_scores_all(const tg_packed *p, const weft_lin_fv *fv, float *out) {
    int32_t acc[TGP_STRIDE] = {0};
    accumulate(p, fv, acc);
#if defined(__SSE2__) && defined(__GNUC__)
    for (uint32_t c = 0; c < TGP_STRIDE; c += 4) {
        const __m128i s =
            _mm_add_epi32(_mm_loadu_si128((const __m128i *)(const void *)(acc + c)),
                          _mm_loadu_si128((const __m128i *)(const void *)(p->bias + c)));
        _mm_storeu_ps(out + c, _mm_cvtepi32_ps(s));
    }
#else
    for (uint32_t c = 0; c < TGP_STRIDE; c++) out[c] = (float)(p->bias[c] + acc[c]);
#endif
}

void tg_packed_add(const tg_packed *p, const weft_lin_fv *fv, float *out) {
    int32_t acc[TGP_STRIDE] = {0};
    accumulate(p, fv, acc);
    for (uint32_t c = 0; c < p->nclass; c++) out[c] += (float)acc[c];
}

void tg_packed_base_add(const tg_packed *p, const uint32_t *id, size_t n, const float *base,
                        float *out) {
#if defined(__SSE2__) && defined(__GNUC__)
    if (n == 3) {
        /* the beam's case (tg_prev_ids: three features a previous class):
         * three small rows sum within int16 (3 * TGP_SMALL < 32768), their
         * slot TGP_STRIDE - 1 is 0, so one widening; a big row among them
         * takes the general loop below */
        const uint32_t m = p->mask;
        const int16_t *x0 = p->row + (size_t)p->idx[id[0] & m] * TGP_STRIDE,
                      *x1 = p->row + (size_t)p->idx[id[1] & m] * TGP_STRIDE,
                      *x2 = p->row + (size_t)p->idx[id[2] & m] * TGP_STRIDE;
        if (!(x0[TGP_STRIDE - 1] | x1[TGP_STRIDE - 1] | x2[TGP_STRIDE - 1])) {
            for (int q = 0; q < 2; q++) {
                const __m128i s = _mm_add_epi16(
                    _mm_add_epi16(_mm_load_si128((const __m128i *)(const void *)(x0 + 8 * q)),
                                  _mm_load_si128((const __m128i *)(const void *)(x1 + 8 * q))),
                    _mm_load_si128((const __m128i *)(const void *)(x2 + 8 * q)));
                const __m128i lo = _mm_srai_epi32(_mm_unpacklo_epi16(s, s), 16),
                              hi = _mm_srai_epi32(_mm_unpackhi_epi16(s, s), 16);
                _mm_storeu_ps(out + 8 * q,
                              _mm_add_ps(_mm_loadu_ps(base + 8 * q), _mm_cvtepi32_ps(lo)));
                _mm_storeu_ps(out + 8 * q + 4,
                              _mm_add_ps(_mm_loadu_ps(base + 8 * q + 4), _mm_cvtepi32_ps(hi)));
            }
            return;
        }
    }
    /* add_rows without the row pointers: a beam's few features a class */
    acc4 a;
    for (int q = 0; q < 4; q++) a.a[q] = _mm_setzero_si128();
    a.s[0] = a.s[1] = _mm_setzero_si128();
    for (size_t i = 0, g = 0; i < n; i++) {
        const int16_t *x = p->row + (size_t)p->idx[id[i] & p->mask] * TGP_STRIDE;
        if (add_row(p, x, &a) && ++g == TGP_GROUP) {
            widen_group(&a);
            g = 0;
        }
    }
    widen_group(&a); /* the last group */
    for (int q = 0; q < 4; q++)
        _mm_storeu_ps(out + 4 * q, _mm_add_ps(_mm_loadu_ps(base + 4 * q), _mm_cvtepi32_ps(a.a[q])));
#else
    int32_t acc[TGP_STRIDE] = {0};
    const int16_t *rows[CHUNK];
    for (size_t at = 0; at < n; at += CHUNK) {
        const size_t m = n - at < CHUNK ? n - at : CHUNK;
        for (size_t i = 0; i < m; i++)
            rows[i] = p->row + (size_t)p->idx[id[at + i] & p->mask] * TGP_STRIDE;
        add_rows(p, rows, m, acc);
    }
    for (uint32_t c = 0; c < TGP_STRIDE; c++) out[c] = base[c] + (float)acc[c];
#endif
}
