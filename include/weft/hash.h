/*
 * weft/hash.h: FNV-1a hashing and open-addressing hash tables, for the core
 * and for plugins.
 *
 * Header-only (static inline) so that a plugin can use it without linking
 * any weft symbol; tables are malloc'ed and owned by whoever made them.
 *
 * Two levels:
 * - weft_hindex maps a 64-bit hash to the numbers of the entries that may
 *   have it; the caller keeps the entries (any struct, any key) and decides
 *   which candidate is equal. That suits tables whose keys are compared in a
 *   special way (folded case, token sequences) or whose entries carry their
 *   own payload. A slot holds 32 bits of the hash beside the entry number,
 *   so a probe that misses never touches the entries: one cache line per
 *   lookup, not two.
 * - weft_strmap is a complete map from byte strings to a uint32_t value (a
 *   set when the value is unused), keys copied into a pool it owns.
 *
 * Both keep at most half their slots used and check every size computation
 * for overflow; neither is safe for concurrent writers, both are safe for
 * concurrent readers once built.
 *
 * Self-contained C11: includes only standard headers and weft/grow.h.
 */
#ifndef WEFT_HASH_H
#define WEFT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "weft/grow.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* FNV-1a, 64 bit                                                            */

/* Streamable: weft_fnv64(weft_fnv64(WEFT_FNV64_INIT, a, n), b, m) is the
 * hash of a followed by b, so phrases can be hashed a word at a time and
 * keys folded a byte at a time (weft_fnv64_byte). */
#define WEFT_FNV64_INIT  0xcbf29ce484222325ull
#define WEFT_FNV64_PRIME 0x100000001b3ull

static inline uint64_t weft_fnv64_byte(uint64_t h, unsigned char c) {
    return (h ^ c) * WEFT_FNV64_PRIME;
}

static inline uint64_t weft_fnv64(uint64_t h, const void *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * WEFT_FNV64_PRIME;
    return h;
}

/* ------------------------------------------------------------------------ */
/* weft_hindex: hash -> entry numbers                                        */

typedef struct weft_hindex {
    uint64_t *slots; /* 0: empty; else key << 32 | (entry + 1) */
    size_t mask;     /* slot count - 1 (a power of two); 0 while slots is NULL */
    size_t n;        /* entries indexed */
} weft_hindex;

#define WEFT_HINDEX_NONE SIZE_MAX
#define WEFT_HINDEX_MAX  (UINT32_MAX - 1u) /* most entries one index can hold */

/* A probe sequence in progress (see weft_hindex_next). */
typedef struct weft_hprobe {
    size_t pos;
    uint32_t key;
} weft_hprobe;

/* The 32 bits of a hash an index keeps: both halves of a 64-bit FNV-1a
 * hash, so the low bits that choose the slot depend on every input byte. */
static inline uint32_t weft_hkey(uint64_t h) {
    return (uint32_t)(h ^ (h >> 32));
}

static inline void weft_hindex_init(weft_hindex *x) {
    x->slots = NULL;
    x->mask = 0;
    x->n = 0;
}

static inline void weft_hindex_free(weft_hindex *x) {
    free(x->slots);
    weft_hindex_init(x);
}

/* Forget every entry, keeping the slots for reuse. */
static inline void weft_hindex_clear(weft_hindex *x) {
    if (x->slots) memset(x->slots, 0, (x->mask + 1) * sizeof *x->slots);
    x->n = 0;
}

static inline void weft_hindex_place_(uint64_t *slots, size_t mask, uint64_t s) {
    size_t i = (uint32_t)(s >> 32) & mask;
    while (slots[i]) i = (i + 1) & mask;
    slots[i] = s;
}

/* Room for `entries` entries without a rehash (at least 16 slots, at most
 * half used). The slots keep what placing needs, so growing never asks the
 * caller for its keys. Returns 0, or -1 when out of memory or too large. */
static inline int weft_hindex_reserve(weft_hindex *x, size_t entries) {
    if (entries > WEFT_HINDEX_MAX) return -1;
    size_t want = 16;
    while (want / 2 < entries) {
        if (want > SIZE_MAX / 2 / sizeof(uint64_t)) return -1;
        want *= 2;
    }
    if (x->slots && want <= x->mask + 1) return 0;
    /* Zeroed by writing, not by calloc: fresh pages calloc leaves to the
     * kernel are read first by the placing below (the kernel maps its shared
     * zero page) and written next, a second page fault per page that also
     * flushes the page from every CPU's TLB. One write fault per page instead. */
    uint64_t *slots = (uint64_t *)malloc(want * sizeof *slots);
    if (!slots) return -1;
#if defined(__GNUC__)
    /* else the compiler turns malloc and memset back into calloc */
    __asm__ volatile("" : : "r"(slots) : "memory");
#endif
    memset(slots, 0, want * sizeof *slots);
    if (x->slots)
        for (size_t i = 0; i <= x->mask; i++)
            if (x->slots[i]) weft_hindex_place_(slots, want - 1, x->slots[i]);
    free(x->slots);
    x->slots = slots;
    x->mask = want - 1;
    return 0;
}

/* Record that entry number `entry` has hash h. The caller has checked that
 * no equal entry is indexed (weft_hindex_next). Returns 0, or -1 when out of
 * memory or when entry is past WEFT_HINDEX_MAX. */
static inline int weft_hindex_add(weft_hindex *x, uint64_t h, size_t entry) {
    if (entry >= WEFT_HINDEX_MAX || x->n >= WEFT_HINDEX_MAX) return -1;
    /* Doubles the slots: reserving as many entries as there are slots. */
    if ((!x->slots || (x->n + 1) * 2 > x->mask + 1) &&
        weft_hindex_reserve(x, x->slots ? x->mask + 1 : 8))
        return -1;
    weft_hindex_place_(x->slots, x->mask, (uint64_t)weft_hkey(h) << 32 | (uint64_t)(entry + 1));
    x->n++;
    return 0;
}

static inline weft_hprobe weft_hindex_probe(const weft_hindex *x, uint64_t h) {
    weft_hprobe p;
    p.key = weft_hkey(h);
    p.pos = p.key & x->mask;
    return p;
}

/* The next entry whose stored hash bits match the probe's, or
 * WEFT_HINDEX_NONE when there is none left. Usage:
 *   for (weft_hprobe p = weft_hindex_probe(&ix, h);;) {
 *       size_t i = weft_hindex_next(&ix, &p);
 *       if (i == WEFT_HINDEX_NONE) return NULL;
 *       if (equal(&entries[i], key)) return &entries[i];
 *   } */
static inline size_t weft_hindex_next(const weft_hindex *x, weft_hprobe *p) {
    if (!x->slots) return WEFT_HINDEX_NONE;
    for (;;) {
        uint64_t s = x->slots[p->pos];
        if (!s) return WEFT_HINDEX_NONE;
        p->pos = (p->pos + 1) & x->mask;
        if ((uint32_t)(s >> 32) == p->key) return (size_t)(uint32_t)s - 1;
    }
}

/* ------------------------------------------------------------------------ */
/* weft_strmap: byte strings -> uint32_t                                     */

typedef struct weft_strmap_entry {
    uint32_t off, len; /* key bytes at pool + off (NUL-terminated there) */
    uint32_t value;
} weft_strmap_entry;

typedef struct weft_strmap {
    weft_hindex ix;
    weft_strmap_entry *e;
    size_t n, cap;
    char *pool;
    size_t pool_len, pool_cap;
    size_t maxlen; /* longest key: a longer string needs no lookup */
} weft_strmap;

static inline void weft_strmap_init(weft_strmap *m) {
    memset(m, 0, sizeof *m);
}

static inline void weft_strmap_free(weft_strmap *m) {
    weft_hindex_free(&m->ix);
    free(m->e);
    free(m->pool);
    weft_strmap_init(m);
}

static inline uint64_t weft_strmap_hash(const char *s, size_t n) {
    return weft_fnv64(WEFT_FNV64_INIT, s, n);
}

/* The entry for s[0, n) whose hash is h (weft_strmap_hash), or NULL. For
 * looking one string up in several maps with one hash. */
static inline weft_strmap_entry *weft_strmap_find_hashed(const weft_strmap *m, const char *s,
                                                         size_t n, uint64_t h) {
    if (n > m->maxlen || !m->n) return NULL;
    for (weft_hprobe p = weft_hindex_probe(&m->ix, h);;) {
        size_t i = weft_hindex_next(&m->ix, &p);
        if (i == WEFT_HINDEX_NONE) return NULL;
        weft_strmap_entry *e = &m->e[i];
        if (e->len == n && memcmp(m->pool + e->off, s, n) == 0) return e;
    }
}

static inline weft_strmap_entry *weft_strmap_find(const weft_strmap *m, const char *s, size_t n) {
    if (n > m->maxlen || !m->n) return NULL;
    return weft_strmap_find_hashed(m, s, n, weft_strmap_hash(s, n));
}

/* The entry for s[0, n), added with value 0 when absent (*added says
 * which, when not NULL). NULL when out of memory or when the pool would pass
 * 4 GiB. The pointer is valid until the next add. */
static inline weft_strmap_entry *weft_strmap_add(weft_strmap *m, const char *s, size_t n,
                                                 int *added) {
    uint64_t h = weft_strmap_hash(s, n);
    weft_strmap_entry *e = weft_strmap_find_hashed(m, s, n, h);
    if (added) *added = e == NULL;
    if (e) return e;
    if (n >= UINT32_MAX - m->pool_len) return NULL;
    if (weft_grow((void **)&m->pool, &m->pool_cap, m->pool_len + n + 1, 1) ||
        weft_grow((void **)&m->e, &m->cap, m->n + 1, sizeof *m->e) ||
        weft_hindex_add(&m->ix, h, m->n))
        return NULL;
    memcpy(m->pool + m->pool_len, s, n);
    m->pool[m->pool_len + n] = '\0';
    e = &m->e[m->n++];
    e->off = (uint32_t)m->pool_len;
    e->len = (uint32_t)n;
    e->value = 0;
    m->pool_len += n + 1;
    if (n > m->maxlen) m->maxlen = n;
    return e;
}

/* Room for `entries` more keys holding `bytes` more key bytes (without their
 * NULs) before the next growth. Optional: a map whose size is known up front
 * (a word list of so many lines) is then built in one allocation of each part
 * instead of by doubling, where every step copies into fresh memory and each
 * page touched the first time is a page fault (on a virtual machine, one of
 * the costliest things a plugin's open() does). Returns 0, or -1 when out of
 * memory or past the limits of weft_strmap_add (the map is unchanged then,
 * except for what was already reserved). */
static inline int weft_strmap_reserve(weft_strmap *m, size_t entries, size_t bytes) {
    if (entries > WEFT_HINDEX_MAX - m->n || bytes > SIZE_MAX - entries ||
        bytes + entries > UINT32_MAX - m->pool_len)
        return -1;
    if (weft_hindex_reserve(&m->ix, m->n + entries) ||
        weft_grow((void **)&m->e, &m->cap, m->n + entries, sizeof *m->e) ||
        weft_grow((void **)&m->pool, &m->pool_cap, m->pool_len + bytes + entries, 1))
        return -1;
    return 0;
}

/* Point m at a map's three arrays as they lie in memory it does not own (a
 * table file, weft/tabfile.h): slots[0, nslots), e[0, ne), pool[0, npool),
 * after checking everything a lookup relies on: a power of two of slots,
 * at least 16 and at most half used (so every probe ends), each used slot
 * naming an entry, as many used slots as entries, and every key inside the
 * pool with its NUL. m is then for lookups only: never add to it or free
 * it (the arrays are not its). Returns 0, or -1 (m left empty) when the
 * arrays do not check out. Reads nothing outside the arrays. */
static inline int weft_strmap_view(weft_strmap *m, const uint64_t *slots, size_t nslots,
                                   const weft_strmap_entry *e, size_t ne, const char *pool,
                                   size_t npool) {
    weft_strmap_init(m);
    if (nslots < 16 || (nslots & (nslots - 1)) || ne > nslots / 2 || ne > WEFT_HINDEX_MAX ||
        npool > UINT32_MAX || (ne && !npool))
        return -1;
    size_t used = 0, maxlen = 0;
    for (size_t i = 0; i < nslots; i++) {
        if (!slots[i]) continue;
        uint32_t k = (uint32_t)slots[i];
        if (!k || k > ne) return -1;
        used++;
    }
    if (used != ne) return -1;
    for (size_t i = 0; i < ne; i++) {
        if (e[i].off >= npool || e[i].len > npool - e[i].off - 1 || pool[e[i].off + e[i].len])
            return -1;
        if (e[i].len > maxlen) maxlen = e[i].len;
    }
    m->ix.slots = (uint64_t *)(uintptr_t)slots;
    m->ix.mask = nslots - 1;
    m->ix.n = ne;
    m->e = (weft_strmap_entry *)(uintptr_t)e;
    m->n = m->cap = ne;
    m->pool = (char *)(uintptr_t)pool;
    m->pool_len = m->pool_cap = npool;
    m->maxlen = maxlen;
    return 0;
}

/* The key of an entry, NUL-terminated. */
static inline const char *weft_strmap_key(const weft_strmap *m, const weft_strmap_entry *e) {
    return m->pool + e->off;
}

#ifdef __cplusplus
}
#endif
#endif /* WEFT_HASH_H */
