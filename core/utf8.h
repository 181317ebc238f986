/* Offset conversion for the writers; decoding, validation and the boundary
 * test are the header-only ones every plugin uses too (weft/utf8.h). */
#ifndef WEFT_CORE_UTF8_H
#define WEFT_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "weft/run.h" /* weft_offunit */
#include "weft/utf8.h"

/* Converts byte offsets of a view to offsets in the text as written out:
 * the view with every invalid byte replaced by U+FFFD, counted in bytes,
 * code points or UTF-16 units. Queries may come in any order. */
typedef struct weft_offconv {
    const char *text;
    size_t len;
    weft_offunit unit;
    int identity;         /* valid text counted in bytes: nothing to do */
    uint64_t *checkpoint; /* converted offset at every 64th byte, NULL if identity */
} weft_offconv;

int weft_offconv_init(weft_offconv *c, const char *text, size_t len, weft_offunit unit,
                      weft_arena *arena);
uint64_t weft_offconv_get(const weft_offconv *c, size_t byte_off);

#endif
