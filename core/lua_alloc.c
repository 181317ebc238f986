/*
 * The Lua states' allocator: the memory limit, and free lists for small
 * blocks.
 *
 * A Lua stage that walks records makes a table (two blocks) and often a
 * string per record, garbage a moment later; through malloc and free that
 * was a third of doc:each's time. Blocks of up to WL_SMALL_MAX bytes are
 * carved from slabs of the state and recycled through one free list per
 * 16-byte size class, without a lock (a state belongs to one thread).
 * Every block starts with a 16-byte header holding its class (0: a block
 * of malloc's; a free block keeps its class and links the next free one), so a block is freed where
 * it came from whatever size Lua gives back, and a shrink never fails (Lua assumes it cannot).
 * Freed small blocks stay with the state until it closes; the limit counts what Lua holds, as
 * before.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lua_internal.h"

#define HDR         16
#define LINK        8 /* a free block's next, in its header after the class */
#define SLAB_BYTES  ((size_t)64 * 1024)
#define CLASS_BYTES 16

typedef struct wl_slab {
    struct wl_slab *next;
    _Alignas(16) unsigned char data[];
} wl_slab;

static size_t class_of(size_t n) {
    return (n + CLASS_BYTES - 1) / CLASS_BYTES;
}

static unsigned block_class(const void *p) {
    unsigned c;
    memcpy(&c, (const unsigned char *)p - HDR, sizeof c);
    return c;
}

/* A new block of n bytes (n > 0), or NULL. */
static void *block_new(wl_mem *m, size_t n) {
    unsigned char *b;
    size_t c = class_of(n);
    if (n <= WL_SMALL_MAX) {
        if (m->free[c]) {
            b = m->free[c];
            memcpy(&m->free[c], b + LINK, sizeof(void *));
            return b + HDR;
        }
        size_t need = HDR + c * CLASS_BYTES;
        if (m->slab_left < need) {
            wl_slab *s = malloc(sizeof *s + SLAB_BYTES);
            if (s) {
                s->next = m->slabs;
                m->slabs = s;
                m->slab_cur = s->data;
                m->slab_left = SLAB_BYTES;
            }
        }
        if (m->slab_left >= need) {
            b = m->slab_cur;
            m->slab_cur += need;
            m->slab_left -= need;
            unsigned cc = (unsigned)c;
            memcpy(b, &cc, sizeof cc);
            return b + HDR;
        }
        /* no slab: a block of malloc's will do */
    }
    if (n > SIZE_MAX - HDR) return NULL;
    b = malloc(HDR + n);
    if (!b) return NULL;
    unsigned zero = 0;
    memcpy(b, &zero, sizeof zero);
    return b + HDR;
}

static void block_free(wl_mem *m, void *p) {
    unsigned char *b = (unsigned char *)p - HDR;
    unsigned c = block_class(p);
    if (c) {
        memcpy(b + LINK, &m->free[c], sizeof(void *));
        m->free[c] = b;
    } else {
        free(b);
    }
}

/* Growth past the limit fails (Lua then collects and retries once, and
 * raises LUA_ERRMEM if that is not enough); shrinking never fails. */
void *wl_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    wl_mem *m = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        if (ptr) block_free(m, ptr);
        m->used -= old;
        return NULL;
    }
    if (nsize > old && m->limit && nsize - old > m->limit - m->used) {
        m->hit = 1;
        return NULL;
    }
    void *p;
    if (!ptr) {
        p = block_new(m, nsize);
    } else {
        unsigned c = block_class(ptr);
        if (c && nsize <= (size_t)c * CLASS_BYTES) {
            p = ptr; /* fits its class: nothing moves */
        } else if (!c && nsize > WL_SMALL_MAX) {
            unsigned char *q = realloc((unsigned char *)ptr - HDR, HDR + nsize);
            p = q ? q + HDR : NULL;
        } else {
            p = block_new(m, nsize);
            if (p) {
                memcpy(p, ptr, old < nsize ? old : nsize);
                block_free(m, ptr);
            }
        }
    }
    if (!p) {
        if (nsize <= old) return ptr; /* a failed shrink keeps the block */
        m->hit = 1;
        return NULL;
    }
    m->used = m->used - old + nsize;
    return p;
}

void wl_mem_free(wl_mem *m) {
    wl_slab *s = m->slabs;
    while (s) {
        wl_slab *next = s->next;
        free(s);
        s = next;
    }
    memset(m->free, 0, sizeof m->free);
    m->slabs = NULL;
    m->slab_cur = NULL;
    m->slab_left = 0;
}
