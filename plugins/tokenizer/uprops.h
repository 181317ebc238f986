/*
 * Code point properties for the tokenizer: the Word_Break class plus a few
 * flags, straight from weft's shared Unicode table (weft/unicode.h: UCD
 * 15.0.0, Word_Break and emoji data 15.1.0), and the shared strict UTF-8
 * decoder (weft/utf8.h). The names below are the tokenizer's own spelling of
 * the same bits.
 */
#ifndef TOK_UPROPS_H
#define TOK_UPROPS_H

#include <stddef.h>
#include <stdint.h>

#include "weft/unicode.h"
#include "weft/utf8.h"

/* Word_Break values (enum weft_uc_wb). */
enum tok_wb {
    WB_OTHER = WEFT_WB_OTHER,
    WB_CR = WEFT_WB_CR,
    WB_LF = WEFT_WB_LF,
    WB_NEWLINE = WEFT_WB_NEWLINE,
    WB_EXTEND = WEFT_WB_EXTEND,
    WB_ZWJ = WEFT_WB_ZWJ,
    WB_RI = WEFT_WB_REGIONAL_INDICATOR,
    WB_FORMAT = WEFT_WB_FORMAT,
    WB_KATAKANA = WEFT_WB_KATAKANA,
    WB_HLETTER = WEFT_WB_HEBREW_LETTER,
    WB_ALETTER = WEFT_WB_ALETTER,
    WB_SQUOTE = WEFT_WB_SINGLE_QUOTE,
    WB_DQUOTE = WEFT_WB_DOUBLE_QUOTE,
    WB_MIDNUMLET = WEFT_WB_MIDNUMLET,
    WB_MIDLETTER = WEFT_WB_MIDLETTER,
    WB_MIDNUM = WEFT_WB_MIDNUM,
    WB_NUMERIC = WEFT_WB_NUMERIC,
    WB_EXTENDNUMLET = WEFT_WB_EXTENDNUMLET,
    WB_WSEGSPACE = WEFT_WB_WSEGSPACE
};

#define UP_WB_MASK WEFT_UC_WB_MASK
#define UP_EXTPICT WEFT_UC_EXTPICT
#define UP_SPACE   WEFT_UC_SPACE   /* White_Space */
#define UP_PUNCT   WEFT_UC_PUNCT   /* General_Category P* */
#define UP_UPPER   WEFT_UC_UPPER   /* Lu, Lt */
#define UP_LOWER   WEFT_UC_LOWER   /* Ll */
#define UP_CNTRL   WEFT_UC_CNTRL   /* Cc that is not White_Space */
#define UP_EMOPRES WEFT_UC_EMOPRES /* Emoji_Presentation */
#define UP_LETTER  WEFT_UC_LETTER  /* General_Category L* */
#define UP_DIGIT   WEFT_UC_NUMBER  /* General_Category N* */

static inline unsigned tok_uprop(uint32_t cp) {
    return weft_uc_props(cp);
}

/* Marks a byte that does not start a valid UTF-8 sequence (WEFT_UTF8_INVALID
 * as uint32_t); its properties are those of Other (it becomes a `symbol`
 * token or joins the token before it, see README). */
#define TOK_INVALID 0xFFFFFFFFu

/* Decode the character at s[i] (i < len); *n gets its length in bytes (1 for
 * an invalid byte, which decodes as TOK_INVALID). */
static inline uint32_t tok_decode(const unsigned char *s, size_t len, size_t i, size_t *n) {
    int32_t cp;
    *n = weft_utf8_decode(s + i, len - i, &cp);
    return (uint32_t)cp;
}

/* Properties of a decoded character (an invalid byte is Other: past
 * U+10FFFF, the table answers 0). */
static inline unsigned tok_uprop_of(uint32_t cp) {
    return weft_uc_props(cp);
}

#endif
