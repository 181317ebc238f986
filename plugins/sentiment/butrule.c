/*
 * The "but" rule in O(n log n). Zeros never change (0 times anything is 0
 * and the reference compares with ==, so -0.0 and 0.0 are one value), so
 * only nonzero slots enter the structure. Each nonzero value owns a pairing
 * heap of the positions currently holding it; step k pops the smallest
 * position j of S[k]'s heap, scales S[j], and pushes j onto the heap of the
 * new value. Values never become NaN: lexicon valences are finite.
 */
#include "butrule.h"

#include <stdlib.h>
#include <string.h>

#define NAIVE_MAX 64

void vader_but_rule_naive(double *s, size_t n, size_t bi) {
    for (size_t k = 0; k < n; k++) {
        double x = s[k];
        size_t j = 0;
        while (s[j] != x) j++; /* stops at k at the latest */
        if (j < bi)
            s[j] = x * 0.5;
        else if (j > bi)
            s[j] = x * 1.5;
    }
}

void vader_but_scratch_free(vader_but_scratch *bs) {
    free(bs->pos);
    free(bs->child);
    free(bs->sib);
    free(bs->stack);
    free(bs->keys);
    free(bs->roots);
    memset(bs, 0, sizeof *bs);
}

static int but_reserve(vader_but_scratch *bs, size_t nodes) {
    if (nodes > INT32_MAX / 4) return -1;
    if (nodes > bs->node_cap) {
        int32_t *p[4];
        for (int i = 0; i < 4; i++) {
            p[i] = malloc(nodes * sizeof(int32_t));
            if (!p[i]) {
                for (int k = 0; k < i; k++) free(p[k]);
                return -1;
            }
        }
        free(bs->pos);
        free(bs->child);
        free(bs->sib);
        free(bs->stack);
        bs->pos = p[0], bs->child = p[1], bs->sib = p[2], bs->stack = p[3];
        bs->node_cap = nodes;
    }
    /* Every step may introduce one new value: room for 2 * nodes keys at
     * most half full. */
    size_t cap = 16;
    while (cap < 4 * nodes) cap *= 2;
    if (cap > bs->map_cap) {
        uint64_t *k = malloc(cap * sizeof *k);
        int32_t *r = malloc(cap * sizeof *r);
        if (!k || !r) {
            free(k);
            free(r);
            return -1;
        }
        free(bs->keys);
        free(bs->roots);
        bs->keys = k, bs->roots = r;
        bs->map_cap = cap;
    }
    return 0;
}

#define NO_KEY 0 /* the bits of +0.0: never a key, zeros stay out */

static uint64_t bits_of(double v) {
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

/* Slot of value v's heap root, claimed when absent. */
static size_t slot(vader_but_scratch *bs, size_t cap, double v) {
    uint64_t b = bits_of(v);
    uint64_t h = b * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 20) & (cap - 1);
    while (bs->keys[i] != NO_KEY && bs->keys[i] != b) i = (i + 1) & (cap - 1);
    if (bs->keys[i] == NO_KEY) {
        bs->keys[i] = b;
        bs->roots[i] = -1;
    }
    return i;
}

static int32_t meld(vader_but_scratch *bs, int32_t a, int32_t b) {
    if (a < 0) return b;
    if (b < 0) return a;
    if (bs->pos[b] < bs->pos[a]) {
        int32_t t = a;
        a = b;
        b = t;
    }
    bs->sib[b] = bs->child[a];
    bs->child[a] = b;
    return a;
}

/* Remove the root; returns the new root (two-pass pairing). */
static int32_t pop(vader_but_scratch *bs, int32_t root) {
    size_t n = 0;
    int32_t c = bs->child[root];
    while (c >= 0) {
        int32_t a = c, b = bs->sib[a];
        int32_t next = b >= 0 ? bs->sib[b] : -1;
        bs->sib[a] = -1;
        if (b >= 0) bs->sib[b] = -1;
        bs->stack[n++] = meld(bs, a, b);
        c = next;
    }
    int32_t r = -1;
    while (n > 0) r = meld(bs, bs->stack[--n], r);
    return r;
}

int vader_but_rule(double *s, size_t n, size_t bi, vader_but_scratch *bs) {
    if (n <= NAIVE_MAX) {
        vader_but_rule_naive(s, n, bi);
        return 0;
    }
    size_t nz = 0;
    for (size_t k = 0; k < n; k++) nz += s[k] != 0;
    if (nz == 0) return 0;
    if (n > INT32_MAX || but_reserve(bs, nz)) return -1;
    size_t cap = 16;
    while (cap < 4 * nz) cap *= 2;
    memset(bs->keys, 0, cap * sizeof *bs->keys);
    int32_t node = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] == 0) continue;
        bs->pos[node] = (int32_t)k;
        bs->child[node] = bs->sib[node] = -1;
        size_t i = slot(bs, cap, s[k]);
        bs->roots[i] = meld(bs, bs->roots[i], node);
        node++;
    }
    for (size_t k = 0; k < n; k++) {
        double x = s[k];
        if (x == 0) continue;
        size_t i = slot(bs, cap, x);
        int32_t top = bs->roots[i];
        size_t j = (size_t)bs->pos[top];
        if (j == bi) continue;
        double y = x * (j < bi ? 0.5 : 1.5);
        bs->roots[i] = pop(bs, top);
        s[j] = y;
        if (y == 0) continue; /* underflow: a zero never changes again */
        bs->child[top] = bs->sib[top] = -1;
        size_t t = slot(bs, cap, y);
        bs->roots[t] = meld(bs, bs->roots[t], top);
    }
    return 0;
}
