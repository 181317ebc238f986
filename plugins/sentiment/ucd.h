/*
 * The slice of Unicode the VADER port needs to behave like Python str:
 * UTF-8 decoding, str.isspace(), the per-code-point classes behind
 * str.isupper(), and str.lower(). The tables are generated at build time by
 * gen/unicode_tables.py from the build machine's Python (see plugin.mk).
 */
#ifndef VADER_UCD_H
#define VADER_UCD_H

#include <stddef.h>
#include <stdint.h>

/* What decoding yields for a byte that does not start a valid UTF-8
 * sequence: the byte stands alone, like the U+FFFD weft writes for it, and
 * is neither space, nor cased, nor punctuation. */
#define VADER_CP_INVALID 0x110000u

enum { VADER_CASE_NONE = 0, VADER_CASE_UPPER = 1, VADER_CASE_LOWERISH = 2 };

typedef struct vader_case_range {
    uint32_t lo, hi;
    uint32_t cls;
} vader_case_range;

typedef struct vader_lower_map {
    uint32_t cp;
    uint32_t n; /* code points in to[] */
    uint32_t to[3];
} vader_lower_map;

extern const char vader_ucd_version[];
extern const uint32_t vader_ucd_space[];
extern const size_t vader_ucd_nspace;
extern const vader_case_range vader_ucd_case[];
extern const size_t vader_ucd_ncase;
extern const vader_lower_map vader_ucd_lower[];
extern const size_t vader_ucd_nlower;
/* cls 1: case-ignorable, 2: cased (and not case-ignorable) */
extern const vader_case_range vader_ucd_sigma[];
extern const size_t vader_ucd_nsigma;

/* Decode one code point at s[0..len) (len > 0); returns the bytes used
 * (1 for an invalid byte, with *cp = VADER_CP_INVALID). */
size_t vader_utf8_next(const unsigned char *s, size_t len, uint32_t *cp);
/* Encode cp (< 0x110000) into out; returns the bytes written (1-4). */
size_t vader_utf8_put(uint32_t cp, unsigned char *out);
/* Python str.isspace() of one code point. */
int vader_is_space(uint32_t cp);
/* VADER_CASE_* of a code point (ASCII included). */
int vader_case_class(uint32_t cp);
/* str.lower() of one code point into out[3]; returns how many code points.
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
