/*
 * Code point properties for the tokenizer: Word_Break class plus a few flags,
 * from a two-stage table generated at build time (gen/gen_tables.py, Unicode
 * 15.1.0), and a UTF-8 decoder that never reads past the buffer.
 */
#ifndef TOK_UPROPS_H
#define TOK_UPROPS_H

#include <stddef.h>
#include <stdint.h>

/* Word_Break values, in the generator's order. */
enum tok_wb {
    WB_OTHER,
    WB_CR,
    WB_LF,
    WB_NEWLINE,
    WB_EXTEND,
    WB_ZWJ,
    WB_RI,
    WB_FORMAT,
    WB_KATAKANA,
    WB_HLETTER,
    WB_ALETTER,
    WB_SQUOTE,
    WB_DQUOTE,
    WB_MIDNUMLET,
    WB_MIDLETTER,
    WB_MIDNUM,
    WB_NUMERIC,
    WB_EXTENDNUMLET,
    WB_WSEGSPACE
};

#define UP_WB_MASK 31u
#define UP_EXTPICT (1u << 5)
#define UP_SPACE   (1u << 6)  /* White_Space */
#define UP_PUNCT   (1u << 7)  /* General_Category P* */
#define UP_UPPER   (1u << 8)  /* Lu, Lt */
#define UP_LOWER   (1u << 9)  /* Ll */
#define UP_CNTRL   (1u << 10) /* Cc that is not White_Space */
#define UP_EMOPRES (1u << 11) /* Emoji_Presentation */
#define UP_LETTER  (1u << 12) /* General_Category L* */
#define UP_DIGIT   (1u << 13) /* General_Category N* */

extern const uint16_t tok_uprop_stage1[0x110000 >> 7];
extern const uint16_t tok_uprop_stage2[];

static inline unsigned tok_uprop(uint32_t cp) {
    return tok_uprop_stage2[(size_t)tok_uprop_stage1[cp >> 7] * 128 + (cp & 127)];
}

/* Marks a byte that does not start a valid UTF-8 sequence; its properties
 * are those of Other (it becomes a `symbol` token or joins the token before
 * it, see README). */
#define TOK_INVALID 0xFFFFFFFFu

/*
 * Decode the character at s[i] (i < len); *n gets its length in bytes
 * (1 for an invalid byte). Rejects overlong forms, surrogates, values above
 * U+10FFFF and sequences cut off by the end of the buffer.
 */
static inline uint32_t tok_decode(const unsigned char *s, size_t len, size_t i, size_t *n) {
    unsigned c = s[i];
    size_t left = len - i;
    if (c < 0x80) {
        *n = 1;
        return c;
    }
    *n = 1;
    if (c < 0xC2) return TOK_INVALID;
    if (c < 0xE0) {
        if (left < 2 || (s[i + 1] & 0xC0) != 0x80) return TOK_INVALID;
        *n = 2;
        return ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
    }
    if (c < 0xF0) {
        if (left < 3 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80) return TOK_INVALID;
        uint32_t cp =
            ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) return TOK_INVALID;
        *n = 3;
        return cp;
    }
    if (c < 0xF5) {
        if (left < 4 || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80 ||
            (s[i + 3] & 0xC0) != 0x80)
            return TOK_INVALID;
        uint32_t cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[i + 1] & 0x3F) << 12) |
                      ((uint32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF) return TOK_INVALID;
        *n = 4;
        return cp;
    }
    return TOK_INVALID;
}

/* Properties of a decoded character (an invalid byte is Other). */
static inline unsigned tok_uprop_of(uint32_t cp) {
    return cp == TOK_INVALID ? WB_OTHER : tok_uprop(cp);
}

#endif
