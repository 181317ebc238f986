/*
 * The document model: immutable UTF-8 views, sorted annotation layers,
 * attributes, and a per-document arena. One weft_doc per worker, reset
 * between documents so its arrays keep their capacity.
 */
#ifndef WEFT_DOC_H
#define WEFT_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "symtab.h"
#include "weft/plugin.h"

/* Names every engine interns first, so their ids are fixed. */
/* decoded: raw as UTF-8 when raw is not (decode.h). */
enum { WEFT_SYM_RAW = 1, WEFT_SYM_TEXT = 2, WEFT_SYM_DECODED = 3 };

typedef struct weft_view {
    weft_sym name;
    const char *text; /* in the arena, or borrowed for raw */
    size_t len;
    weft_sym base; /* view this one was derived from, 0 for raw */
    const weft_offrun *runs;
    size_t nruns;
} weft_view;

typedef struct weft_layer {
    weft_sym name;
    weft_sym view;
    weft_ann *a;
    size_t n, cap;
    const char *vtext; /* the view's text and length, for add()'s checks */
    size_t vlen;
    int sorted;      /* 1 while appends kept (begin asc, end desc) order */
    uint32_t maxlen; /* longest span, bounds the covering search */
} weft_layer;

typedef struct weft_doc_error {
    const char *stage; /* in the arena */
    int code;
    int64_t offset; /* into view, -1 if none */
    weft_sym view;
    const char *msg; /* in the arena */
} weft_doc_error;

typedef void (*weft_doc_log_fn)(void *ud, const struct weft_doc *d, int level, const char *msg);

struct weft_doc {
    const weft_symtab *global;
    weft_symtab *local;
    weft_arena arena;

    const char *id; /* in the arena */
    uint64_t seq;   /* position in the input, from 0 */

    weft_view *views;
    size_t nviews, capviews;
    weft_layer *layers;
    size_t nlayers, caplayers;
    weft_attr *pool; /* attributes of annotations */
    size_t npool, cappool;
    weft_attr *dattrs; /* document attributes, in order of first set */
    size_t ndattrs, capdattrs;
    weft_doc_error *errors;
    size_t nerrors, caperrors;
    weft_ann *scratch; /* merge-sort buffer, kept across documents */
    size_t capscratch;

    size_t hot;        /* index of the layer added to last: add() checks it first */
    const char *stage; /* name of the stage running now, for messages */
    weft_doc_log_fn log;
    void *log_ud;
    int failed; /* a stage failed: later stages are skipped */
};
typedef struct weft_doc weft_doc;

weft_doc *weft_doc_new(const weft_symtab *global);
void weft_doc_free(weft_doc *d);
/* Forget the previous document; keeps the capacity of every array and one
 * arena chunk, up to a cap (a huge document's memory is given back). */
void weft_doc_reset(weft_doc *d);
/* Bytes the document holds in its arena and arrays (their capacity, not
 * what is used): after a reset, what it keeps between documents. */
size_t weft_doc_held(const weft_doc *d);

int weft_doc_set_id(weft_doc *d, const char *id);
/* text must outlive the document unless copy is set. Any bytes allowed. */
int weft_doc_set_raw(weft_doc *d, const char *text, size_t len, int copy);

/* Symbols, global first then document-local. */
const char *weft_doc_sym_name(const weft_doc *d, weft_sym sym);
weft_sym weft_doc_sym(weft_doc *d, const char *name, size_t len);
weft_sym weft_doc_sym_find(const weft_doc *d, const char *name, size_t len);

const weft_view *weft_doc_view(const weft_doc *d, weft_sym name);
weft_sym weft_doc_default_view(const weft_doc *d);
/* Copies text into the arena. WEFT_EINVAL if it exists, WEFT_EDATA if not UTF-8. */
int weft_doc_view_add(weft_doc *d, weft_sym name, const char *text, size_t len, weft_sym base,
                      const weft_offrun *runs, size_t nruns);

weft_layer *weft_doc_layer(const weft_doc *d, weft_sym name);
/* Create (or check) a layer over a view. */
int weft_doc_layer_new(weft_doc *d, weft_sym name, weft_sym view, weft_layer **out);
/* Append; -1 and *why set on failure (out of memory, bad span). */
int64_t weft_doc_add(weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end, weft_sym label,
                     float score, const char **why);
/* weft_doc_add's per-record hot path (a tokenizer adds a record per word),
 * inline so that the host's add() takes it without a call: the layer added
 * to last, a span inside its view on character starts (no continuation
 * byte at either edge), room, and a record before it. Returns the new
 * record's index, or -1 when any of that does not hold; weft_doc_add then
 * decides with every check (the first record, another layer, the end of
 * the view, growing, the errors). */
static inline int64_t weft_doc_add_hot(weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end,
                                       weft_sym label, float score) {
    if (d->hot >= d->nlayers) return -1;
    weft_layer *l = &d->layers[d->hot];
    const unsigned char *t = (const unsigned char *)l->vtext;
    size_t n = l->n;
    if (l->name != layer || begin > end || end >= l->vlen || !n || n >= l->cap ||
        (t[begin] & 0xC0) == 0x80 || (t[end] & 0xC0) == 0x80)
        return -1;
    const weft_ann *last = &l->a[n - 1];
    if (begin < last->begin || (begin == last->begin && end > last->end)) l->sorted = 0;
    if (end - begin > l->maxlen) l->maxlen = end - begin;
    l->a[n] = (weft_ann){begin, end, label, score, 0, 0, 0};
    l->n = n + 1;
    return (int64_t)n;
}
/* Append n records in order; the index of the first, or -1 with *why and
 * *bad (the index in spans of the first bad one, n when out of memory) set
 * and none of them added. */
int64_t weft_doc_add_many(weft_doc *d, weft_sym layer, const weft_span *spans, size_t n,
                          const char **why, size_t *bad);
int weft_doc_ann_set(weft_doc *d, weft_sym layer, int64_t idx, weft_sym key, const weft_value *v);
size_t weft_doc_ann_attrs(const weft_doc *d, const weft_ann *a, const weft_attr **out);
/* Restore (begin asc, end desc) order of layers a stage appended out of order
 * (stable, so equal spans keep their order). Indices from add() change. */
int weft_doc_sort_layers(weft_doc *d);

/* Binary searches on a sorted layer. */
size_t weft_layer_starting_in(const weft_layer *l, uint32_t begin, uint32_t end, size_t *first);
/* Records that lie inside [begin, end): writes up to max indices, returns count. */
size_t weft_layer_contained(const weft_layer *l, uint32_t begin, uint32_t end, size_t *idx,
                            size_t max);
/* Records that cover [begin, end) (begin <= begin and end >= end). */
size_t weft_layer_covering(const weft_layer *l, uint32_t begin, uint32_t end, size_t *idx,
                           size_t max);

int weft_doc_attr_set(weft_doc *d, weft_sym key, const weft_value *v);
const weft_value *weft_doc_attr_get(const weft_doc *d, weft_sym key);

/* Record a failure of the current stage; the message is copied. */
int weft_doc_error_add(weft_doc *d, const char *stage, int code, int64_t offset, const char *msg);

/* The document's first error as a run's summary names it, "STAGE: MESSAGE"
 * up to the message's first line break, cut to fit out; "" when it has
 * none (weft_run_stats.failed_msg, with or without --isolate). */
void weft_doc_first_error(const weft_doc *d, char *out, size_t outsz);

#endif
