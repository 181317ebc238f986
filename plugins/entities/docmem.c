/*
 * Per-document hash sets keyed by gazetteer hashes: the words a document
 * writes in lower case, and the labels its certain mentions taught.
 */
#include <stdlib.h>
#include <string.h>

#include "ner_int.h"

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

int ner_lower_add(ner_scratch *s, uint64_t h) {
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

int ner_lower_has(const ner_scratch *s, uint64_t h) {
    if (!s->caplower) return 0;
    uint64_t k = key_of(h);
    for (size_t p = k & (s->caplower - 1); s->lower[p]; p = (p + 1) & (s->caplower - 1))
        if (s->lower[p] == k) return 1;
    return 0;
}

/* Document memory: value = label | MEM_WHOLE for whole mentions. */
int ner_mem_put(ner_scratch *s, uint64_t h, uint32_t v) {
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

uint32_t ner_mem_get(const ner_scratch *s, uint64_t h) {
    if (!s->capmem) return 0;
    uint64_t k = key_of(h);
    for (size_t p = k & (s->capmem - 1); s->mem[p]; p = (p + 1) & (s->capmem - 1))
        if (s->mem[p] == k) return s->memlab[p];
    return 0;
}
