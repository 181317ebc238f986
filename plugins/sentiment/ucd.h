/*
 * The slice of Unicode the VADER port needs to behave like Python str: UTF-8
 * decoding, str.isspace(), the per-code-point classes behind str.isupper(),
 * and str.lower(). The reference ran on CPython <= 3.11, whose database is
 * Unicode 14.0.0, so this is weft's shared table (weft/unicode.h, pinned UCD
 * 15.0.0 files) seen as Python 3.11 sees it: code points assigned after 14.0
 * are unassigned here. tests/unit/test_sentiment_ucd.c checks every code
 * point against a Python whose unicodedata is 14.0.0.
 */
#ifndef VADER_UCD_H
#define VADER_UCD_H

#include <stddef.h>
#include <stdint.h>

#include "weft/utf8.h"

/* What decoding yields for a byte that does not start a valid UTF-8
 * sequence: the byte stands alone, like the U+FFFD weft writes for it, and
 * is neither space, nor cased, nor punctuation. */
#define VADER_CP_INVALID 0x110000u

/* The Unicode version of the reference's Python (unicodedata.unidata_version). */
#define VADER_UCD_VERSION "14.0.0"

enum { VADER_CASE_NONE = 0, VADER_CASE_UPPER = 1, VADER_CASE_LOWERISH = 2 };

/* Decode one code point at s[0..len) (len > 0); returns the bytes used
 * (1 for an invalid byte, with *cp = VADER_CP_INVALID). */
static inline size_t vader_utf8_next(const unsigned char *s, size_t len, uint32_t *cp) {
    int32_t c;
    size_t n = weft_utf8_decode(s, len, &c);
    *cp = c < 0 ? VADER_CP_INVALID : (uint32_t)c;
    return n;
}

/* Python str.isspace() of one code point. */
int vader_is_space(uint32_t cp);
/* VADER_CASE_* of a code point (ASCII included). */
int vader_case_class(uint32_t cp);
/* str.lower() of one code point into out[3]; returns how many code points.
 * Never more than twice the UTF-8 bytes of cp (the generator checks it).
 * U+03A3 gives U+03C3 here: the final form depends on the neighbours, see
 * vader_sigma_class. */
size_t vader_lower_cp(uint32_t cp, uint32_t out[3]);
enum { VADER_SIGMA_OTHER = 0, VADER_SIGMA_IGNORABLE = 1, VADER_SIGMA_CASED = 2 };
/* Case_Ignorable / Cased as CPython's final-sigma rule sees them. */
int vader_sigma_class(uint32_t cp);

/* Python str.strip() of s[*b..*e): moves *b and *e past whitespace. */
void vader_strip_space(const char *s, size_t *b, size_t *e);
/* Is s[0..n) its own str.lower() (per code point)? */
int vader_is_lower_form(const char *s, size_t n);

#endif
