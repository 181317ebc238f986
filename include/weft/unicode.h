/*
 * Unicode character properties and case mappings for plugins, from one table generated at
 * build time (scripts/gen_unicode.py) from the UCD files pinned in data/unicode/: Unicode
 * 15.0.0, with Word_Break and the emoji properties from 15.1.0 (see data/unicode/SOURCES.md).
 * Nothing is taken from the build machine, so every host builds the same table.
 *
 * Header-only: the tables live in static inline functions, so a plugin links no weft symbol
 * and carries the data only if it looks something up. A class lookup is two array reads.
 *
 * Arguments are code points; anything past U+10FFFF (such as a decoder's invalid marker
 * cast to uint32_t) has the properties of an unassigned code point and maps to itself.
 */
#ifndef WEFT_UNICODE_H
#define WEFT_UNICODE_H

#include <stddef.h>
#include <stdint.h>

#include "weft/unicode_table.h"

/* Bits of weft_uc_props(): the classes hot loops test, one load away. */
#define WEFT_UC_WB_MASK        31u        /* Word_Break value, enum weft_uc_wb */
#define WEFT_UC_EXTPICT        (1u << 5)  /* Extended_Pictographic */
#define WEFT_UC_SPACE          (1u << 6)  /* White_Space */
#define WEFT_UC_PUNCT          (1u << 7)  /* General_Category P* */
#define WEFT_UC_UPPER          (1u << 8)  /* General_Category Lu or Lt */
#define WEFT_UC_LOWER          (1u << 9)  /* General_Category Ll */
#define WEFT_UC_CNTRL          (1u << 10) /* Cc that is not White_Space */
#define WEFT_UC_EMOPRES        (1u << 11) /* Emoji_Presentation */
#define WEFT_UC_LETTER         (1u << 12) /* General_Category L* */
#define WEFT_UC_NUMBER         (1u << 13) /* General_Category N* */
#define WEFT_UC_CASED          (1u << 14) /* Cased (final-sigma rule, D135) */
#define WEFT_UC_CASE_IGNORABLE (1u << 15) /* Case_Ignorable (D136) */

/* Word_Break values (UAX #29), as stored in the low bits of weft_uc_props(). */
enum weft_uc_wb {
    WEFT_WB_OTHER,
    WEFT_WB_CR,
    WEFT_WB_LF,
    WEFT_WB_NEWLINE,
    WEFT_WB_EXTEND,
    WEFT_WB_ZWJ,
    WEFT_WB_REGIONAL_INDICATOR,
    WEFT_WB_FORMAT,
    WEFT_WB_KATAKANA,
    WEFT_WB_HEBREW_LETTER,
    WEFT_WB_ALETTER,
    WEFT_WB_SINGLE_QUOTE,
    WEFT_WB_DOUBLE_QUOTE,
    WEFT_WB_MIDNUMLET,
    WEFT_WB_MIDLETTER,
    WEFT_WB_MIDNUM,
    WEFT_WB_NUMERIC,
    WEFT_WB_EXTENDNUMLET,
    WEFT_WB_WSEGSPACE
};

/* General_Category values, in UnicodeData.txt's two-letter names. */
enum weft_uc_gc {
    WEFT_GC_CN, /* unassigned */
    WEFT_GC_LU,
    WEFT_GC_LL,
    WEFT_GC_LT,
    WEFT_GC_LM,
    WEFT_GC_LO,
    WEFT_GC_MN,
    WEFT_GC_MC,
    WEFT_GC_ME,
    WEFT_GC_ND,
    WEFT_GC_NL,
    WEFT_GC_NO,
    WEFT_GC_PC,
    WEFT_GC_PD,
    WEFT_GC_PS,
    WEFT_GC_PE,
    WEFT_GC_PI,
    WEFT_GC_PF,
    WEFT_GC_PO,
    WEFT_GC_SM,
    WEFT_GC_SC,
    WEFT_GC_SK,
    WEFT_GC_SO,
    WEFT_GC_ZS,
    WEFT_GC_ZL,
    WEFT_GC_ZP,
    WEFT_GC_CC,
    WEFT_GC_CF,
    WEFT_GC_CS,
    WEFT_GC_CO
};

/* Flags of weft_uc_record.flags, the rarer properties. */
#define WEFT_UC_R_UPPERCASE  1u /* Uppercase (Lu + Other_Uppercase) */
#define WEFT_UC_R_LOWERCASE  2u /* Lowercase (Ll + Other_Lowercase) */
#define WEFT_UC_R_BIDI_SPACE 4u /* Bidi_Class WS, B or S */

/* Per-code-point class bits (WEFT_UC_* above). */
static inline uint32_t weft_uc_props(uint32_t cp) {
    return cp <= 0x10FFFF ? weft_uc_class_(cp) : 0;
}

/* Everything else about cp: category, age, flags, case mappings. */
static inline const weft_uc_record *weft_uc_info(uint32_t cp) {
    return weft_uc_record_(cp <= 0x10FFFF ? weft_uc_recidx_(cp) : 0);
}

static inline enum weft_uc_wb weft_uc_wb(uint32_t cp) {
    return (enum weft_uc_wb)(weft_uc_props(cp) & WEFT_UC_WB_MASK);
}
static inline enum weft_uc_gc weft_uc_gc(uint32_t cp) {
    return (enum weft_uc_gc)weft_uc_info(cp)->gc;
}
/* The version cp was assigned in (major << 8 | minor, DerivedAge), 0 if unassigned: lets a
 * caller that must match an older Unicode treat newer characters as unassigned. */
static inline unsigned weft_uc_age(uint32_t cp) {
    return weft_uc_info(cp)->age;
}

static inline int weft_uc_is_letter(uint32_t cp) {
    return (weft_uc_props(cp) & WEFT_UC_LETTER) != 0;
}
/* Lu or Lt: a capital letter as a name or sentence starts. */
static inline int weft_uc_is_upper(uint32_t cp) {
    return (weft_uc_props(cp) & WEFT_UC_UPPER) != 0;
}
static inline int weft_uc_is_lower(uint32_t cp) {
    return (weft_uc_props(cp) & WEFT_UC_LOWER) != 0;
}
static inline int weft_uc_is_title(uint32_t cp) {
    return weft_uc_gc(cp) == WEFT_GC_LT;
}
/* General_Category N* (digits, letter-like and other numbers). */
static inline int weft_uc_is_number(uint32_t cp) {
    return (weft_uc_props(cp) & WEFT_UC_NUMBER) != 0;
}
static inline int weft_uc_is_digit(uint32_t cp) {
    return weft_uc_gc(cp) == WEFT_GC_ND;
}
static inline int weft_uc_is_punct(uint32_t cp) {
    return (weft_uc_props(cp) & WEFT_UC_PUNCT) != 0;
}
/* White_Space. */
static inline int weft_uc_is_space(uint32_t cp) {
    return (weft_uc_props(cp) & WEFT_UC_SPACE) != 0;
}

/* Simple (one-to-one) case mappings of UnicodeData.txt and CaseFolding.txt (C + S). */
static inline uint32_t weft_uc_tolower(uint32_t cp) {
    if (cp < 0x80) return cp - 'A' < 26u ? cp + 32 : cp; /* most text, no table */
    return cp <= 0x10FFFF ? (uint32_t)((int32_t)cp + weft_uc_info(cp)->lower) : cp;
}
static inline uint32_t weft_uc_toupper(uint32_t cp) {
    if (cp < 0x80) return cp - 'a' < 26u ? cp - 32 : cp;
    return cp <= 0x10FFFF ? (uint32_t)((int32_t)cp + weft_uc_info(cp)->upper) : cp;
}
static inline uint32_t weft_uc_totitle(uint32_t cp) {
    return cp <= 0x10FFFF ? (uint32_t)((int32_t)cp + weft_uc_info(cp)->title) : cp;
}
static inline uint32_t weft_uc_fold(uint32_t cp) {
    return cp <= 0x10FFFF ? (uint32_t)((int32_t)cp + weft_uc_info(cp)->fold) : cp;
}

enum { WEFT_UC_MAP_LOWER, WEFT_UC_MAP_UPPER, WEFT_UC_MAP_TITLE, WEFT_UC_MAP_FOLD };

/*
 * Full case mapping of one code point into out[3] (WEFT_UC_MAP_*): SpecialCasing.txt's
 * unconditional entries (U+0130 lower-cases to "i" + U+0307, U+00DF upper-cases to "SS"),
 * CaseFolding.txt's F entries, else the simple mapping. Returns how many code points (1..3).
 * The context-dependent rules (final sigma, language rules) are the caller's: U+03A3 gives
 * U+03C3 here; WEFT_UC_CASED and WEFT_UC_CASE_IGNORABLE are what the final-sigma rule needs.
 * A full lower case never takes more than twice the UTF-8 bytes of cp (the generator checks
 * it), so a buffer of twice the input holds any lower-cased text.
 */
static inline size_t weft_uc_full_map(uint32_t cp, int which, uint32_t out[3]) {
    const weft_uc_record *r = weft_uc_info(cp);
    if (r->full) {
        const weft_uc_full *f = weft_uc_full_(r->full);
        for (unsigned i = 0; i < f->n[which]; i++) out[i] = f->cp[which][i];
        return f->n[which];
    }
    int32_t d = which == WEFT_UC_MAP_LOWER   ? r->lower
                : which == WEFT_UC_MAP_UPPER ? r->upper
                : which == WEFT_UC_MAP_TITLE ? r->title
                                             : r->fold;
    out[0] = cp <= 0x10FFFF ? (uint32_t)((int32_t)cp + d) : cp;
    return 1;
}

static inline size_t weft_uc_lower_full(uint32_t cp, uint32_t out[3]) {
    return weft_uc_full_map(cp, WEFT_UC_MAP_LOWER, out);
}
static inline size_t weft_uc_upper_full(uint32_t cp, uint32_t out[3]) {
    return weft_uc_full_map(cp, WEFT_UC_MAP_UPPER, out);
}
static inline size_t weft_uc_fold_full(uint32_t cp, uint32_t out[3]) {
    return weft_uc_full_map(cp, WEFT_UC_MAP_FOLD, out);
}

#endif
