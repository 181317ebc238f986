/* Bump allocator for everything that dies with one document (or one pipeline). */
#ifndef WEFT_ARENA_H
#define WEFT_ARENA_H

#include <stddef.h>

typedef struct weft_arena_chunk weft_arena_chunk;

/* What reset keeps by default: one chunk of at most this many bytes. */
#define WEFT_ARENA_KEEP ((size_t)1 << 20)

typedef struct weft_arena {
    weft_arena_chunk *head; /* current chunk; older ones follow */
    size_t chunk_size;      /* size of a normal chunk's payload */
    size_t used;            /* bytes handed out since the last reset */
    size_t limit;           /* 0 = unlimited, else alloc fails past it */
    size_t keep;            /* reset keeps one chunk of at most this payload */
    size_t held;            /* payload bytes of the chunks held now */
} weft_arena;

/* keep starts at WEFT_ARENA_KEEP (or chunk_size, if larger). */
void weft_arena_init(weft_arena *a, size_t chunk_size, size_t limit);
/* 16-byte aligned; NULL when out of memory or past the limit. */
void *weft_arena_alloc(weft_arena *a, size_t size);
void *weft_arena_calloc(weft_arena *a, size_t n, size_t size);
char *weft_arena_strndup(weft_arena *a, const char *s, size_t len);
char *weft_arena_strdup(weft_arena *a, const char *s);
/* Grow the most recent allocation when possible, else copy. */
void *weft_arena_realloc(weft_arena *a, void *p, size_t old_size, size_t new_size);
/* Forget every allocation. Keeps one chunk so the next document reuses it:
 * the largest one no bigger than a->keep, so one huge document does not pin
 * its memory for the rest of the run (as a huge layer array does not). */
void weft_arena_reset(weft_arena *a);
/* Chunk payload bytes the arena holds (after a reset: what it kept). */
size_t weft_arena_held(const weft_arena *a);
void weft_arena_free(weft_arena *a);

#endif
