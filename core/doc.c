/* The document model: views, sorted layers, attribute pools, errors. */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "weft/grow.h"
#include "weft/sorted.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* A layer array (or the attribute pool, or the sort buffer) larger than this
 * many entries is freed on reset rather than kept, so one huge document does
 * not pin its memory for the rest of the run; the arena caps its chunk the
 * same way (WEFT_ARENA_KEEP). */
#define KEEP_LAYER_CAP (1u << 20)

weft_doc *weft_doc_new(const weft_symtab *global) {
    weft_doc *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->global = global;
    d->local = weft_symtab_new(WEFT_SYM_LOCAL);
    if (!d->local) {
        free(d);
        return NULL;
    }
    weft_arena_init(&d->arena, 64 * 1024, 0);
    d->id = "";
    return d;
}

void weft_doc_free(weft_doc *d) {
    if (!d) return;
    for (size_t i = 0; i < d->caplayers; i++) free(d->layers[i].a);
    free(d->layers);
    free(d->views);
    free(d->pool);
    free(d->dattrs);
    free(d->errors);
    free(d->scratch);
    weft_symtab_free(d->local);
    weft_arena_free(&d->arena);
    free(d);
}

void weft_doc_reset(weft_doc *d) {
    weft_arena_reset(&d->arena);
    weft_symtab_clear(d->local);
    for (size_t i = 0; i < d->nlayers; i++) {
        weft_layer *l = &d->layers[i];
        if (l->cap > KEEP_LAYER_CAP) {
            free(l->a);
            l->a = NULL;
            l->cap = 0;
        }
        l->n = 0;
    }
    if (d->cappool > KEEP_LAYER_CAP) {
        free(d->pool);
        d->pool = NULL;
        d->cappool = 0;
    }
    if (d->capscratch > KEEP_LAYER_CAP) {
        free(d->scratch);
        d->scratch = NULL;
        d->capscratch = 0;
    }
    d->nlayers = 0;
    d->nviews = 0;
    d->npool = 0;
    d->ndattrs = 0;
    d->nerrors = 0;
    d->id = "";
    d->seq = 0;
    d->hot = 0;
    d->stage = NULL;
    d->failed = 0;
}

size_t weft_doc_held(const weft_doc *d) {
    size_t n = weft_arena_held(&d->arena);
    for (size_t i = 0; i < d->caplayers; i++) n += d->layers[i].cap * sizeof(weft_ann);
    n += d->caplayers * sizeof *d->layers + d->capviews * sizeof *d->views;
    n += d->cappool * sizeof *d->pool + d->capdattrs * sizeof *d->dattrs;
    n += d->caperrors * sizeof *d->errors + d->capscratch * sizeof *d->scratch;
    return n;
}

int weft_doc_set_id(weft_doc *d, const char *id) {
    const char *copy = weft_arena_strdup(&d->arena, id);
    if (!copy) return WEFT_ENOMEM;
    d->id = copy;
    return WEFT_OK;
}

static weft_view *view_slot(weft_doc *d, weft_sym name) {
    for (size_t i = 0; i < d->nviews; i++)
        if (d->views[i].name == name) return &d->views[i];
    return NULL;
}

int weft_doc_set_raw(weft_doc *d, const char *text, size_t len, int copy) {
    if (len > UINT32_MAX) return WEFT_ELIMIT; /* offsets are 32-bit */
    if (copy) {
        char *p = weft_arena_strndup(&d->arena, text, len);
        if (!p) return WEFT_ENOMEM;
        text = p;
    }
    weft_view *v = view_slot(d, WEFT_SYM_RAW);
    if (!v) {
        if (weft_grow((void **)&d->views, &d->capviews, d->nviews + 1, sizeof *d->views))
            return WEFT_ENOMEM;
        v = &d->views[d->nviews++];
    }
    *v = (weft_view){WEFT_SYM_RAW, text, len, 0, NULL, 0};
    return WEFT_OK;
}

const char *weft_doc_sym_name(const weft_doc *d, weft_sym sym) {
    if (sym == 0) return NULL;
    if (sym > WEFT_SYM_LOCAL) return weft_symtab_name(d->local, sym);
    return weft_symtab_name(d->global, sym);
}

weft_sym weft_doc_sym_find(const weft_doc *d, const char *name, size_t len) {
    weft_sym s = weft_symtab_find(d->global, name, len);
    return s ? s : weft_symtab_find(d->local, name, len);
}

weft_sym weft_doc_sym(weft_doc *d, const char *name, size_t len) {
    weft_sym s = weft_symtab_find(d->global, name, len);
    return s ? s : weft_symtab_intern(d->local, name, len);
}

const weft_view *weft_doc_view(const weft_doc *d, weft_sym name) {
    for (size_t i = 0; i < d->nviews; i++)
        if (d->views[i].name == name) return &d->views[i];
    return NULL;
}

weft_sym weft_doc_default_view(const weft_doc *d) {
    if (weft_doc_view(d, WEFT_SYM_TEXT)) return WEFT_SYM_TEXT;
    return weft_doc_view(d, WEFT_SYM_DECODED) ? WEFT_SYM_DECODED : WEFT_SYM_RAW;
}

int weft_doc_view_add(weft_doc *d, weft_sym name, const char *text, size_t len, weft_sym base,
                      const weft_offrun *runs, size_t nruns) {
    if (name == 0 || weft_doc_view(d, name)) return WEFT_EINVAL;
    if (len > UINT32_MAX) return WEFT_ELIMIT;
    if (!weft_utf8_is_valid(text, len)) return WEFT_EDATA;
    const weft_view *bv = base ? weft_doc_view(d, base) : NULL;
    if (base && !bv) return WEFT_EINVAL;
    for (size_t i = 0; i < nruns; i++) {
        const weft_offrun *r = &runs[i];
        if ((uint64_t)r->dst + r->len > len || (uint64_t)r->src + r->len > bv->len)
            return WEFT_EINVAL;
    }
    char *t = weft_arena_strndup(&d->arena, text, len);
    weft_offrun *rc = NULL;
    if (nruns) {
        rc = weft_arena_alloc(&d->arena, nruns * sizeof *rc);
        if (rc) memcpy(rc, runs, nruns * sizeof *rc);
    }
    if (!t || (nruns && !rc)) return WEFT_ENOMEM;
    if (weft_grow((void **)&d->views, &d->capviews, d->nviews + 1, sizeof *d->views))
        return WEFT_ENOMEM;
    d->views[d->nviews++] = (weft_view){name, t, len, base, rc, nruns};
    return WEFT_OK;
}

weft_layer *weft_doc_layer(const weft_doc *d, weft_sym name) {
    for (size_t i = 0; i < d->nlayers; i++)
        if (d->layers[i].name == name) return &d->layers[i];
    return NULL;
}

int weft_doc_layer_new(weft_doc *d, weft_sym name, weft_sym view, weft_layer **out) {
    weft_layer *l = weft_doc_layer(d, name);
    if (l) {
        if (out) *out = l;
        return l->view == view ? WEFT_OK : WEFT_EINVAL;
    }
    if (name == 0 || !weft_doc_view(d, view)) return WEFT_EINVAL;
    if (d->nlayers == d->caplayers) {
        size_t old = d->caplayers;
        if (weft_grow((void **)&d->layers, &d->caplayers, d->nlayers + 1, sizeof *d->layers))
            return WEFT_ENOMEM;
        memset(d->layers + old, 0, (d->caplayers - old) * sizeof *d->layers);
    }
    l = &d->layers[d->nlayers++];
    const weft_view *v = weft_doc_view(d, view);
    l->name = name;
    l->view = view;
    l->vtext = v->text;
    l->vlen = v->len;
    l->n = 0;
    l->sorted = 1;
    l->maxlen = 0;
    if (out) *out = l;
    return WEFT_OK;
}

static int is_cont(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

/* weft_doc_add runs once per record: its rare paths stay out of line, so
 * that inlining the shared decoder and growth helper into it does not cost
 * every record (it did: 6 instructions a record on the tokenizer bench). */
#if defined(__GNUC__)
#define WEFT_COLD     __attribute__((noinline, cold))
#define WEFT_NOINLINE __attribute__((noinline))
#else
#define WEFT_COLD
#define WEFT_NOINLINE
#endif
/* Only a span edge on a continuation byte gets here. */
static WEFT_COLD int off_boundary(const char *s, size_t len, size_t off) {
    return weft_utf8_boundary(s, len, off);
}
static WEFT_COLD int grow_records(weft_layer *l) {
    return weft_grow((void **)&l->a, &l->cap, l->n + 1, sizeof *l->a);
}

/* The layer an add goes to, the one added to last first, created over the
 * default view when new; it becomes the hot one. NULL with *why set. */
static weft_layer *layer_to_add(weft_doc *d, weft_sym layer, const char **why) {
    weft_layer *l = d->hot < d->nlayers && d->layers[d->hot].name == layer
                        ? &d->layers[d->hot]
                        : weft_doc_layer(d, layer);
    if (!l && weft_doc_layer_new(d, layer, weft_doc_default_view(d), &l) != WEFT_OK) {
        *why = layer ? "out of memory" : "no layer name";
        return NULL;
    }
    d->hot = (size_t)(l - d->layers);
    return l;
}

/* weft_doc_add with every check: the first record of a layer, another
 * layer than the last one added to, a span edge on a continuation byte or
 * at the end of the view, full records, and the errors. */
static WEFT_NOINLINE int64_t add_checked(weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end,
                                         weft_sym label, float score, const char **why) {
    weft_layer *l = layer_to_add(d, layer, why);
    if (!l) return -1;
    if (begin > end) {
        *why = "span ends before it begins";
        return -1;
    }
    size_t vlen = l->vlen;
    if (end > vlen) {
        *why = "span is outside the view";
        return -1;
    }
    const unsigned char *t = (const unsigned char *)l->vtext;
    /* The full check only for a continuation byte: a stray one in invalid
     * text is a character of its own and may start or end a span. */
    if ((begin < vlen && is_cont(t[begin]) && !off_boundary(l->vtext, vlen, begin)) ||
        (end < vlen && is_cont(t[end]) && !off_boundary(l->vtext, vlen, end))) {
        *why = "span does not start and end on UTF-8 character boundaries";
        return -1;
    }
    if (l->n == l->cap) {
        if (grow_records(l)) {
            *why = "out of memory";
            return -1;
        }
    }
    if (l->n) {
        const weft_ann *last = &l->a[l->n - 1];
        if (begin < last->begin || (begin == last->begin && end > last->end)) l->sorted = 0;
    }
    if (end - begin > l->maxlen) l->maxlen = end - begin;
    l->a[l->n] = (weft_ann){begin, end, label, score, 0, 0, 0};
    return (int64_t)l->n++;
}

/* The hot path inline (doc.h), everything else checked out of line, so
 * that the common case saves no registers for the rare ones. */
int64_t weft_doc_add(weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end, weft_sym label,
                     float score, const char **why) {
    int64_t idx = weft_doc_add_hot(d, layer, begin, end, label, score);
    return idx >= 0 ? idx : add_checked(d, layer, begin, end, label, score, why);
}

_Static_assert(offsetof(weft_ann, begin) == offsetof(weft_span, begin) &&
                   offsetof(weft_ann, end) == offsetof(weft_span, end) &&
                   offsetof(weft_ann, label) == offsetof(weft_span, label) &&
                   offsetof(weft_ann, score) == offsetof(weft_span, score) &&
                   offsetof(weft_ann, attrs) == sizeof(weft_span),
               "weft_span is the head of weft_ann");
/* add_four zeroes attrs, nattrs and flags with one 8-byte store */
_Static_assert(sizeof(weft_span) == 16 &&
                   offsetof(weft_ann, flags) + sizeof(uint16_t) == offsetof(weft_ann, attrs) + 8,
               "attrs, nattrs and flags are the 8 bytes after the span");

#if defined(__SSE2__) && defined(__GNUC__)
/* add_many's common case four records at a time: spans[0, 4) in bounds
 * (begin <= end < vlen, vlen < 2^32) with no continuation byte at an edge
 * are copied to out[0, 4); *ord (lanes of all ones: each span after the one
 * before it, in (begin asc, end desc) order) and *len (the longest, each
 * lane's length with its top bit flipped) take the block, and *pb and *pe its
 * last span. Returns 0, writing nothing, when any of the four is not so:
 * the caller checks them one by one. The same tests as the scalar loop's,
 * as lane masks; unsigned comparisons are signed ones with the top bit
 * flipped. */
static inline int add_four(const weft_span *spans, weft_ann *out, const unsigned char *t,
                           __m128i vlen, __m128i *ord, __m128i *len, uint32_t *pb, uint32_t *pe) {
    const __m128i top = _mm_set1_epi32((int)0x80000000u);
    __m128i r0 = _mm_loadu_si128((const __m128i *)(const void *)&spans[0]),
            r1 = _mm_loadu_si128((const __m128i *)(const void *)&spans[1]),
            r2 = _mm_loadu_si128((const __m128i *)(const void *)&spans[2]),
            r3 = _mm_loadu_si128((const __m128i *)(const void *)&spans[3]);
    __m128i lo = _mm_unpacklo_epi32(r0, r1), hi = _mm_unpacklo_epi32(r2, r3);
    __m128i b = _mm_xor_si128(_mm_unpacklo_epi64(lo, hi), top), /* begins, flipped */
        e = _mm_xor_si128(_mm_unpackhi_epi64(lo, hi), top);     /* ends, flipped */
    /* begin <= end < vlen in every lane */
    __m128i in = _mm_andnot_si128(_mm_cmpgt_epi32(b, e), _mm_cmpgt_epi32(vlen, e));
    if (_mm_movemask_epi8(in) != 0xFFFF) return 0;
    /* no continuation byte (0x80-0xBF: below -64 as a signed char) at an
     * edge: the least of the eight edge bytes */
    const signed char *st = (const signed char *)t;
    int m0 = st[spans[0].begin], m1 = st[spans[0].end], m2 = st[spans[1].begin],
        m3 = st[spans[1].end], m4 = st[spans[2].begin], m5 = st[spans[2].end],
        m6 = st[spans[3].begin], m7 = st[spans[3].end];
    m0 = m1 < m0 ? m1 : m0;
    m2 = m3 < m2 ? m3 : m2;
    m4 = m5 < m4 ? m5 : m4;
    m6 = m7 < m6 ? m7 : m6;
    m0 = m2 < m0 ? m2 : m0;
    m4 = m6 < m4 ? m6 : m4;
    if ((m4 < m0 ? m4 : m0) < -64) return 0;
    /* the order: begin > the last begin, or equal with end <= the last end */
    /* the span before each: lanes 1-3 the block's, lane 0 the last one added */
    __m128i pbv = _mm_or_si128(_mm_slli_si128(b, 4), _mm_cvtsi32_si128((int)(*pb ^ 0x80000000u))),
            pev = _mm_or_si128(_mm_slli_si128(e, 4), _mm_cvtsi32_si128((int)(*pe ^ 0x80000000u)));
    __m128i after =
        _mm_or_si128(_mm_cmpgt_epi32(b, pbv),
                     _mm_andnot_si128(_mm_cmpgt_epi32(e, pev), _mm_cmpeq_epi32(b, pbv)));
    *ord = _mm_and_si128(*ord, after);
    /* the lengths, flipped for the signed maximum */
    __m128i n = _mm_xor_si128(_mm_sub_epi32(e, b), top);
    __m128i gt = _mm_cmpgt_epi32(n, *len);
    *len = _mm_or_si128(_mm_and_si128(gt, n), _mm_andnot_si128(gt, *len));
    /* weft_span is weft_ann's first 16 bytes; the rest is zero */
    const __m128i z = _mm_setzero_si128();
    _mm_storeu_si128((__m128i *)(void *)&out[0], r0);
    _mm_storel_epi64((__m128i *)(void *)&out[0].attrs, z);
    _mm_storeu_si128((__m128i *)(void *)&out[1], r1);
    _mm_storel_epi64((__m128i *)(void *)&out[1].attrs, z);
    _mm_storeu_si128((__m128i *)(void *)&out[2], r2);
    _mm_storel_epi64((__m128i *)(void *)&out[2].attrs, z);
    _mm_storeu_si128((__m128i *)(void *)&out[3], r3);
    _mm_storel_epi64((__m128i *)(void *)&out[3].attrs, z);
    *pb = spans[3].begin;
    *pe = spans[3].end;
    return 1;
}
#endif

/* One layer lookup, one growth and one loop for the whole batch; sorted
 * and maxlen are committed only when every span passed, so that a refused
 * batch leaves the layer as it was. */
int64_t weft_doc_add_many(weft_doc *d, weft_sym layer, const weft_span *spans, size_t n,
                          const char **why, size_t *bad) {
    *bad = n;
    weft_layer *l = layer_to_add(d, layer, why);
    if (!l) return -1;
    size_t first = l->n;
    if (n > SIZE_MAX / sizeof *l->a - first ||
        weft_grow((void **)&l->a, &l->cap, first + n, sizeof *l->a)) {
        *why = "out of memory";
        return -1;
    }
    const unsigned char *t = (const unsigned char *)l->vtext;
    size_t vlen = l->vlen;
    int sorted = l->sorted;
    uint32_t maxlen = l->maxlen;
    uint32_t pb = first ? l->a[first - 1].begin : 0, pe = first ? l->a[first - 1].end : UINT32_MAX;
    weft_ann *out = l->a + first;
    size_t i = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    /* blocks of four that pass every check at once (add_four); a block
     * that does not, and the last few records, go through the loop below
     * one by one. ord and len gather the order flag and the longest span
     * of the blocks, merged at the end (both commute). */
    const __m128i top = _mm_set1_epi32((int)0x80000000u);
    __m128i ord = _mm_set1_epi32(-1), len = top; /* length 0, flipped */
    int four = vlen > 0 && vlen <= UINT32_MAX;
    __m128i vl = _mm_xor_si128(_mm_set1_epi32((int)(uint32_t)vlen), top);
#endif
    while (i < n) {
#if defined(__SSE2__) && defined(__GNUC__)
        while (four && i + 4 <= n && add_four(spans + i, out + i, t, vl, &ord, &len, &pb, &pe))
            i += 4;
#endif
        for (size_t stop = n - i > 4 ? i + 4 : n; i < stop; i++) {
            uint32_t b = spans[i].begin, e = spans[i].end;
            if (b > e || e >= vlen) {
                if (b > e || e > vlen) {
                    *why = b > e ? "span ends before it begins" : "span is outside the view";
                    *bad = i;
                    return -1;
                }
            } else if (((t[b] ^ 0x80) < 0x40) | ((t[e] ^ 0x80) < 0x40)) {
                /* a continuation byte at an edge: the full test, rarely */
            } else
                goto checked;
            if ((b < vlen && is_cont(t[b]) && !off_boundary(l->vtext, vlen, b)) ||
                (e < vlen && is_cont(t[e]) && !off_boundary(l->vtext, vlen, e))) {
                *why = "span does not start and end on UTF-8 character boundaries";
                *bad = i;
                return -1;
            }
        checked:
            sorted &= b > pb || (b == pb && e <= pe);
            maxlen = e - b > maxlen ? e - b : maxlen;
            /* weft_span is weft_ann's first 16 bytes (checked above) */
            memcpy(&out[i], &spans[i], sizeof *spans);
            out[i].attrs = 0;
            out[i].nattrs = 0;
            out[i].flags = 0;
            pb = b;
            pe = e;
        }
    }
#if defined(__SSE2__) && defined(__GNUC__)
    sorted &= _mm_movemask_epi8(ord) == 0xFFFF;
    uint32_t lens[4];
    _mm_storeu_si128((__m128i *)(void *)lens, _mm_xor_si128(len, top));
    for (int j = 0; j < 4; j++) maxlen = lens[j] > maxlen ? lens[j] : maxlen;
#endif
    l->sorted = sorted;
    l->maxlen = maxlen;
    l->n = first + n;
    return (int64_t)first;
}

static int copy_value(weft_doc *d, weft_value *dst, const weft_value *src) {
    *dst = *src;
    if (src->type == WEFT_V_STR) {
        char *s = weft_arena_strndup(&d->arena, src->u.str ? src->u.str : "", src->len);
        if (!s) return WEFT_ENOMEM;
        dst->u.str = s;
    }
    return WEFT_OK;
}

int weft_doc_ann_set(weft_doc *d, weft_sym layer, int64_t idx, weft_sym key, const weft_value *v) {
    weft_layer *l = weft_doc_layer(d, layer);
    if (!l || idx < 0 || (size_t)idx >= l->n || key == 0) return WEFT_EINVAL;
    weft_ann *a = &l->a[idx];
    for (uint32_t i = 0; i < a->nattrs; i++) {
        weft_attr *at = &d->pool[a->attrs + i];
        if (at->key == key) return copy_value(d, &at->value, v);
    }
    if (a->nattrs == UINT16_MAX) return WEFT_ELIMIT;
    if (d->npool >= UINT32_MAX - (size_t)a->nattrs - 1) return WEFT_ELIMIT;
    size_t need = d->npool + a->nattrs + 1;
    if (weft_grow((void **)&d->pool, &d->cappool, need, sizeof *d->pool)) return WEFT_ENOMEM;
    if (a->nattrs && a->attrs + a->nattrs != d->npool) {
        /* Not at the end of the pool: move the run there (the old slots are
         * abandoned until the next document). */
        memmove(d->pool + d->npool, d->pool + a->attrs, a->nattrs * sizeof *d->pool);
        a->attrs = (uint32_t)d->npool;
        d->npool += a->nattrs;
    } else if (a->nattrs == 0) {
        a->attrs = (uint32_t)d->npool;
    }
    weft_attr *at = &d->pool[d->npool];
    at->key = key;
    at->reserved = 0;
    if (copy_value(d, &at->value, v) != WEFT_OK) return WEFT_ENOMEM;
    d->npool++;
    a->nattrs++;
    return WEFT_OK;
}

size_t weft_doc_ann_attrs(const weft_doc *d, const weft_ann *a, const weft_attr **out) {
    *out = a->nattrs ? &d->pool[a->attrs] : NULL;
    return a->nattrs;
}

static int ann_less(const weft_ann *x, const weft_ann *y) {
    return x->begin < y->begin || (x->begin == y->begin && x->end > y->end);
}

/* Bottom-up merge sort: stable, O(n log n), no recursion. */
static void merge_sort(weft_ann *a, weft_ann *tmp, size_t n) {
    weft_ann *src = a, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) dst[k++] = ann_less(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid) dst[k++] = src[i++];
            while (j < hi) dst[k++] = src[j++];
        }
        weft_ann *t = src;
        src = dst;
        dst = t;
    }
    if (src != a) memcpy(a, src, n * sizeof *a);
}

int weft_doc_sort_layers(weft_doc *d) {
    for (size_t i = 0; i < d->nlayers; i++) {
        weft_layer *l = &d->layers[i];
        if (l->sorted) continue;
        if (weft_grow((void **)&d->scratch, &d->capscratch, l->n, sizeof *d->scratch))
            return WEFT_ENOMEM;
        merge_sort(l->a, d->scratch, l->n);
        l->sorted = 1;
    }
    return WEFT_OK;
}

#define ANN_BEGIN_LESS(rec, key) ((rec).begin < (key))
WEFT_LOWER_BOUND(first_begin_at, weft_ann, uint32_t, ANN_BEGIN_LESS)

/* First index whose begin >= key. */
static size_t lower_begin(const weft_layer *l, uint32_t key) {
    return first_begin_at(l->a, l->n, key);
}

size_t weft_layer_starting_in(const weft_layer *l, uint32_t begin, uint32_t end, size_t *first) {
    if (!l || begin >= end) {
        *first = 0;
        return 0;
    }
    size_t lo = lower_begin(l, begin), hi = lower_begin(l, end);
    *first = lo;
    return hi - lo;
}

size_t weft_layer_contained(const weft_layer *l, uint32_t begin, uint32_t end, size_t *idx,
                            size_t max) {
    if (!l) return 0;
    size_t count = 0;
    for (size_t i = lower_begin(l, begin); i < l->n && l->a[i].begin <= end; i++) {
        if (l->a[i].end > end) continue;
        if (count < max) idx[count] = i;
        count++;
    }
    return count;
}

size_t weft_layer_covering(const weft_layer *l, uint32_t begin, uint32_t end, size_t *idx,
                           size_t max) {
    if (!l) return 0;
    /* A covering record starts at or before begin and no earlier than
     * end - maxlen: that window is all we scan. */
    uint32_t from = end > l->maxlen ? end - l->maxlen : 0;
    size_t count = 0;
    for (size_t i = lower_begin(l, from); i < l->n && l->a[i].begin <= begin; i++) {
        if (l->a[i].end < end) continue;
        if (count < max) idx[count] = i;
        count++;
    }
    return count;
}

int weft_doc_attr_set(weft_doc *d, weft_sym key, const weft_value *v) {
    if (key == 0) return WEFT_EINVAL;
    for (size_t i = 0; i < d->ndattrs; i++)
        if (d->dattrs[i].key == key) return copy_value(d, &d->dattrs[i].value, v);
    if (weft_grow((void **)&d->dattrs, &d->capdattrs, d->ndattrs + 1, sizeof *d->dattrs))
        return WEFT_ENOMEM;
    weft_attr *a = &d->dattrs[d->ndattrs];
    a->key = key;
    a->reserved = 0;
    if (copy_value(d, &a->value, v) != WEFT_OK) return WEFT_ENOMEM;
    d->ndattrs++;
    return WEFT_OK;
}

const weft_value *weft_doc_attr_get(const weft_doc *d, weft_sym key) {
    for (size_t i = 0; i < d->ndattrs; i++)
        if (d->dattrs[i].key == key) return &d->dattrs[i].value;
    return NULL;
}

int weft_doc_error_add(weft_doc *d, const char *stage, int code, int64_t offset, const char *msg) {
    if (weft_grow((void **)&d->errors, &d->caperrors, d->nerrors + 1, sizeof *d->errors))
        return WEFT_ENOMEM;
    const char *s = weft_arena_strdup(&d->arena, stage ? stage : "");
    const char *m = weft_arena_strdup(&d->arena, msg ? msg : "");
    /* Keep the error even when the arena is exhausted: the fixed text is
     * better than silently dropping the failure. */
    d->errors[d->nerrors++] = (weft_doc_error){s ? s : "?", code, offset, weft_doc_default_view(d),
                                               m ? m : "out of memory"};
    return WEFT_OK;
}

void weft_doc_first_error(const weft_doc *d, char *out, size_t outsz) {
    if (!outsz) return;
    out[0] = '\0';
    if (!d->nerrors || !d->errors[0].msg) return;
    const weft_doc_error *er = &d->errors[0];
    const char *nl = strchr(er->msg, '\n');
    int len = nl ? (int)(nl - er->msg) : (int)strlen(er->msg);
    snprintf(out, outsz, "%s%s%.*s", er->stage ? er->stage : "", er->stage ? ": " : "", len,
             er->msg);
}
