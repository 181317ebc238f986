/* Growable buffers and text helpers for the boilerplate plugin. */
#include <stdlib.h>
#include <string.h>

#include "bp.h"
#include "weft/grow.h"

int bp_buf_reserve(bp_buf *b, size_t extra) {
    if (extra > SIZE_MAX - b->n) return -1;
    return weft_grow((void **)&b->p, &b->cap, b->n + extra, 1);
}

int bp_buf_put(bp_buf *b, const char *s, size_t n) {
    if (bp_buf_reserve(b, n + 1)) return -1;
    if (n) memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

int bp_buf_putc(bp_buf *b, char c) {
    return bp_buf_put(b, &c, 1);
}

void bp_buf_free(bp_buf *b) {
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

int bp_runs_add(bp_runs *r, uint32_t dst, uint32_t src, uint32_t len) {
    if (!len) return 0;
    if (r->n) {
        /* Adjacent in both texts: extend instead of adding a run. */
        weft_offrun *l = &r->r[r->n - 1];
        if (l->dst + l->len == dst && l->src + l->len == src) {
            l->len += len;
            return 0;
        }
    }
    if (weft_grow((void **)&r->r, &r->cap, r->n + 1, sizeof *r->r)) return -1;
    r->r[r->n++] = (weft_offrun){dst, src, len};
    return 0;
}

void bp_runs_free(bp_runs *r) {
    free(r->r);
    r->r = NULL;
    r->n = r->cap = 0;
}

bp_block *bp_blocks_push(bp_blocks *bl) {
    if (weft_grow((void **)&bl->b, &bl->cap, bl->n + 1, sizeof *bl->b)) return NULL;
    bp_block *b = &bl->b[bl->n++];
    memset(b, 0, sizeof *b);
    b->el = b->anchor = -1;
    return b;
}

/* Bytes that do not continue a UTF-8 sequence, eight at a time: a
 * continuation byte has its top bit set and the next one clear. */
uint32_t bp_count_chars(const char *s, size_t n) {
    const uint64_t ones = 0x0101010101010101ull;
    size_t i = 0, cont = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        uint64_t t = (x >> 7) & ~(x >> 6) & ones;
        cont += (size_t)((t * ones) >> 56);
    }
    for (; i < n; i++) cont += ((unsigned char)s[i] & 0xC0) == 0x80;
    return (uint32_t)(n - cont);
}

int bp_is_space_cp(uint32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Stores a metadata value once (the first source found wins), with
 * whitespace collapsed and trimmed. */
int bp_set_meta(bp_buf *m, const char *s, size_t n) {
    if (m->n || !s) return 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int space = 0;
    while (i < n) {
        int32_t cp;
        size_t k = weft_utf8_decode(u + i, n - i, &cp);
        if (cp < 0) {
            i++;
            continue;
        }
        if (bp_is_space_cp((uint32_t)cp)) {
            space = 1;
        } else {
            if (space && m->n && bp_buf_putc(m, ' ')) return -1;
            space = 0;
            if (bp_buf_put(m, s + i, k)) return -1;
        }
        i += k;
    }
    return 0;
}

/* memmem is a GNU extension; the plugin builds with _DEFAULT_SOURCE only.
 * The first occurrence, found by the needle's first byte that is not a
 * space: " | " is looked for at each '|', not at each space. */
const char *bp_memmem(const char *h, size_t hn, const char *nd, size_t nn) {
    if (!nn) return h;
    if (hn < nn) return NULL;
    size_t k = 0;
    while (k + 1 < nn && nd[k] == ' ') k++;
    /* Candidates start at h + i for i in [0, hn - nn]: their byte k lies in
     * [h + k, h + k + hn - nn]. */
    const char *p = h + k, *last = h + k + (hn - nn);
    while (p <= last) {
        p = memchr(p, nd[k], (size_t)(last - p) + 1);
        if (!p) return NULL;
        if (memcmp(p - k, nd, nn) == 0) return p - k;
        p++;
    }
    return NULL;
}

uint64_t *bp_sort_hi32(uint64_t *a, uint64_t *tmp, size_t n) {
    /* the four bytes' counts in one read; a byte all keys share moves
     * nothing and its pass is skipped (the order stays a stable sort's) */
    uint32_t counts[4][256] = {{0}};
    for (size_t i = 0; i < n; i++) {
        uint32_t k = (uint32_t)(a[i] >> 32);
        counts[0][k & 0xFF]++;
        counts[1][k >> 8 & 0xFF]++;
        counts[2][k >> 16 & 0xFF]++;
        counts[3][k >> 24]++;
    }
    for (unsigned shift = 32; shift < 64; shift += 8) {
        uint32_t *count = counts[(shift - 32) / 8];
        if (n && count[(a[0] >> shift) & 0xFF] == n) continue;
        size_t at = 0;
        for (size_t k = 0; k < 256; k++) {
            size_t c = count[k];
            count[k] = (uint32_t)at;
            at += c;
        }
        for (size_t i = 0; i < n; i++) tmp[count[(a[i] >> shift) & 0xFF]++] = a[i];
        uint64_t *t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

/* Pairs bp_group_hi32 groups through its table; more are sorted. */
#define GROUP_MAX 512

uint64_t *bp_group_hi32(uint64_t *a, uint64_t *tmp, size_t n) {
    if (n > GROUP_MAX) return bp_sort_hi32(a, tmp, n);
    /* an open-addressing table of the keys, at most half full: each pair
     * finds its key's slot once, the slots' counts become the groups'
     * offsets, and each pair goes to its group's next place */
    uint32_t key[2 * GROUP_MAX], at[2 * GROUP_MAX];
    uint16_t slot[GROUP_MAX];
    unsigned bits = 4;
    while ((1u << bits) < 2 * n) bits++;
    size_t size = (size_t)1 << bits, mask = size - 1;
    memset(at, 0, size * sizeof at[0]);
    for (size_t i = 0; i < n; i++) {
        uint32_t k = (uint32_t)(a[i] >> 32);
        size_t h = (uint32_t)(k * 0x9E3779B1u) >> (32 - bits);
        while (at[h] && key[h] != k) h = (h + 1) & mask;
        key[h] = k;
        at[h]++;
        slot[i] = (uint16_t)h;
    }
    uint32_t off = 0;
    for (size_t h = 0; h < size; h++) {
        uint32_t c = at[h];
        at[h] = off;
        off += c;
    }
    for (size_t i = 0; i < n; i++) tmp[at[slot[i]]++] = a[i];
    return tmp;
}
