/*
 * Per-document hash sets keyed by gazetteer hashes: the words a document
 * writes in lower case, and the labels its certain mentions taught.
 */
#include <stdlib.h>
#include <string.h>

#include "ner_int.h"

/* Room for one more key; log holds the slots in use (room for half the
 * table: a set holds fewer keys than that). */
static int set_grow(uint64_t **keys, uint32_t **vals, uint32_t **log, size_t *cap, size_t n) {
    if ((n + 1) * 2 <= *cap) return 0;
    size_t nc = *cap ? *cap * 2 : 1024;
    if (nc > UINT32_MAX) return -1; /* slots are logged as uint32_t */
    uint64_t *nk = calloc(nc, sizeof *nk);
    uint32_t *nv = vals ? calloc(nc, sizeof *nv) : NULL;
    uint32_t *nl = malloc(nc / 2 * sizeof *nl);
    if (!nk || (vals && !nv) || !nl) {
        free(nk);
        free(nv);
        free(nl);
        return -1;
    }
    size_t j = 0;
    for (size_t i = 0; i < *cap; i++) {
        if (!(*keys)[i]) continue;
        size_t p = (*keys)[i] & (nc - 1);
        while (nk[p]) p = (p + 1) & (nc - 1);
        nk[p] = (*keys)[i];
        nl[j++] = (uint32_t)p;
        if (vals) nv[p] = (*vals)[i];
    }
    free(*keys);
    *keys = nk;
    free(*log);
    *log = nl;
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
    if (set_grow(&s->lower, NULL, &s->lowerlog, &s->caplower, s->nlower)) return -1;
    uint64_t k = key_of(h);
    size_t p = k & (s->caplower - 1);
    while (s->lower[p]) {
        if (s->lower[p] == k) return 0;
        p = (p + 1) & (s->caplower - 1);
    }
    s->lower[p] = k;
    s->lowerlog[s->nlower++] = (uint32_t)p;
    return 0;
}

void ner_lower_clear(ner_scratch *s) {
    for (size_t i = 0; i < s->nlower; i++) s->lower[s->lowerlog[i]] = 0;
    s->nlower = 0;
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
    if (set_grow(&s->mem, &s->memlab, &s->memlog, &s->capmem, s->nmem)) return -1;
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
    s->memlog[s->nmem++] = (uint32_t)p;
    return 0;
}

void ner_mem_clear(ner_scratch *s) {
    for (size_t i = 0; i < s->nmem; i++) s->mem[s->memlog[i]] = 0;
    s->nmem = 0;
}

uint32_t ner_mem_get(const ner_scratch *s, uint64_t h) {
    if (!s->capmem) return 0;
    uint64_t k = key_of(h);
    for (size_t p = k & (s->capmem - 1); s->mem[p]; p = (p + 1) & (s->capmem - 1))
        if (s->mem[p] == k) return s->memlab[p];
    return 0;
}
