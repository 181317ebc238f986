/*
 * Offset conversion. Decoding and validation are the strict, header-only
 * ones of weft/utf8.h, shared with every plugin.
 *
 * Invalid input is never rejected by the output side: each byte that does
 * not start a valid sequence (weft_utf8_decode returns 1 and cp -1) is
 * written as one U+FFFD. weft_offconv counts in exactly that model, so the
 * offsets it returns index the text as the writer emits it.
 */
#include "utf8.h"

#include <string.h>

#include "weft/plugin.h"

#define HIGH_BITS 0x8080808080808080ull

/* ------------------------------------------------------------------------ */
/* Offset conversion                                                         */

/*
 * checkpoint[k] describes byte 64k: the converted offset of the start of the
 * character containing byte 64k, shifted left by 2, with 64k minus that start
 * (0..3) in the low two bits. A query walks forward from there, so it decodes
 * at most 64 + 3 bytes.
 */
#define CP_SHIFT 6
#define CP_STEP  ((size_t)1 << CP_SHIFT)

/* Converted size of one character: n bytes decoded as cp (-1 = invalid). */
static inline uint64_t weight(weft_offunit unit, size_t n, int32_t cp) {
    switch (unit) {
    case WEFT_OFF_BYTES:
        return cp < 0 ? 3 : n; /* U+FFFD is 3 bytes */
    case WEFT_OFF_CODEPOINTS:
        return 1;
    case WEFT_OFF_UTF16:
        return cp >= 0x10000 ? 2 : 1;
    }
    return n;
}

int weft_offconv_init(weft_offconv *c, const char *text, size_t len, weft_offunit unit,
                      weft_arena *arena) {
    c->text = text;
    c->len = len;
    c->unit = unit;
    c->identity = 0;
    c->checkpoint = NULL;
    if (unit == WEFT_OFF_BYTES && weft_utf8_is_valid(text, len)) {
        c->identity = 1;
        return WEFT_OK;
    }
    if (!arena) return WEFT_EINVAL;
    size_t ncp = len / CP_STEP + 1;
    uint64_t *cpt = weft_arena_alloc(arena, ncp * sizeof *cpt);
    if (!cpt) return WEFT_ENOMEM;

    const unsigned char *s = (const unsigned char *)text;
    size_t pos = 0, k = 0;
    uint64_t conv = 0;
    while (pos < len) {
        /* ASCII: 8 characters of weight 1 each, all of them boundaries. */
        if (pos + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + pos, 8);
            if (!(w & HIGH_BITS)) {
                for (; k * CP_STEP < pos + 8; k++) cpt[k] = (conv + (k * CP_STEP - pos)) << 2;
                conv += 8;
                pos += 8;
                continue;
            }
        }
        int32_t cp;
        size_t n = weft_utf8_decode(s + pos, len - pos, &cp);
        for (; k * CP_STEP < pos + n; k++) cpt[k] = (conv << 2) | (uint64_t)(k * CP_STEP - pos);
        conv += weight(unit, n, cp);
        pos += n;
    }
    for (; k < ncp; k++) cpt[k] = conv << 2; /* 64k == len */
    c->checkpoint = cpt;
    return WEFT_OK;
}

/*
 * Offsets past the end are clamped to the end. An offset inside a multi-byte
 * character (not a boundary) maps to the converted offset of that
 * character's start, so a span never points into the middle of a character
 * of the written text.
 */
uint64_t weft_offconv_get(const weft_offconv *c, size_t off) {
    if (off > c->len) off = c->len;
    if (c->identity) return off;
    size_t k = off >> CP_SHIFT;
    uint64_t e = c->checkpoint[k];
    size_t pos = k * CP_STEP - (size_t)(e & 3);
    uint64_t conv = e >> 2;
    const unsigned char *s = (const unsigned char *)c->text;
    while (pos < off) {
        int32_t cp;
        size_t n = weft_utf8_decode(s + pos, c->len - pos, &cp);
        if (pos + n > off) break;
        conv += weight(c->unit, n, cp);
        pos += n;
    }
    return conv;
}
