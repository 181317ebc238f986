/* UTF-8 validation, decoding and offset conversion. */
#ifndef WEFT_UTF8_H
#define WEFT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "weft/run.h" /* weft_offunit */

/* Length of the longest valid UTF-8 prefix (== len when all valid).
 * Rejects overlongs, surrogates and code points past U+10FFFF. */
size_t weft_utf8_valid_prefix(const char *s, size_t len);
int weft_utf8_is_valid(const char *s, size_t len);
/* Decode one code point at s (len > 0 bytes available). Returns the bytes
 * consumed (1..4) and sets *cp; an invalid or truncated sequence consumes
 * exactly 1 byte and sets *cp = -1 (it is shown as U+FFFD). */
size_t weft_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);
/* Is byte offset off at a character boundary? In invalid text every byte
 * outside a valid sequence counts as a character, as in weft_utf8_decode. */
int weft_utf8_boundary(const char *s, size_t len, size_t off);

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
