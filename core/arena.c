/* Bump allocator: one malloc per chunk, everything freed or reset at once. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN 16

struct weft_arena_chunk {
    weft_arena_chunk *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

void weft_arena_init(weft_arena *a, size_t chunk_size, size_t limit) {
    a->head = NULL;
    a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
    a->used = 0;
    a->limit = limit;
    a->keep = a->chunk_size > WEFT_ARENA_KEEP ? a->chunk_size : WEFT_ARENA_KEEP;
    a->held = 0;
}

static size_t round_up(size_t n) {
    return (n + (ARENA_ALIGN - 1)) & ~(size_t)(ARENA_ALIGN - 1);
}

void *weft_arena_alloc(weft_arena *a, size_t size) {
    if (size == 0) size = 1;
    if (size > SIZE_MAX / 2) return NULL;
    size_t need = round_up(size);
    if (a->limit && a->used + need > a->limit) return NULL;
    weft_arena_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        /* Oversized requests get a chunk of their own so the normal chunk
         * size stays small for the common case. */
        size_t csize = need > a->chunk_size ? need : a->chunk_size;
        c = malloc(sizeof *c + csize);
        if (!c) return NULL;
        c->size = csize;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->held += csize;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->used += need;
    return p;
}

void *weft_arena_calloc(weft_arena *a, size_t n, size_t size) {
    if (size && n > SIZE_MAX / size) return NULL;
    void *p = weft_arena_alloc(a, n * size);
    if (p) memset(p, 0, n * size);
    return p;
}

char *weft_arena_strndup(weft_arena *a, const char *s, size_t len) {
    if (len == SIZE_MAX) return NULL;
    char *p = weft_arena_alloc(a, len + 1);
    if (!p) return NULL;
    if (len) memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *weft_arena_strdup(weft_arena *a, const char *s) {
    return weft_arena_strndup(a, s, strlen(s));
}

void *weft_arena_realloc(weft_arena *a, void *p, size_t old_size, size_t new_size) {
    if (!p) return weft_arena_alloc(a, new_size);
    if (new_size <= old_size) return p;
    weft_arena_chunk *c = a->head;
    size_t old_need = round_up(old_size), new_need = round_up(new_size);
    if (c && (unsigned char *)p + old_need == c->data + c->used &&
        c->size - c->used >= new_need - old_need &&
        (!a->limit || a->used + (new_need - old_need) <= a->limit)) {
        c->used += new_need - old_need;
        a->used += new_need - old_need;
        return p;
    }
    void *q = weft_arena_alloc(a, new_size);
    if (q) memcpy(q, p, old_size);
    return q;
}

void weft_arena_reset(weft_arena *a) {
    /* Keep the largest chunk within the cap: a document that needed it once
     * will likely be followed by similar ones, but a huge one is given back. */
    weft_arena_chunk *keep = NULL, *c = a->head;
    while (c) {
        weft_arena_chunk *next = c->next;
        if (c->size <= a->keep && (!keep || c->size > keep->size)) {
            if (keep) free(keep);
            keep = c;
        } else {
            free(c);
        }
        c = next;
    }
    if (keep) {
        keep->used = 0;
        keep->next = NULL;
    }
    a->head = keep;
    a->used = 0;
    a->held = keep ? keep->size : 0;
}

size_t weft_arena_held(const weft_arena *a) {
    return a->held;
}

void weft_arena_free(weft_arena *a) {
    weft_arena_chunk *c = a->head;
    while (c) {
        weft_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used = 0;
    a->held = 0;
}
