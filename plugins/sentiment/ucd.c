/*
 * Python 3.11's view of the shared Unicode table (weft/unicode.h). CPython
 * builds its str methods from its own UCD (14.0.0 for 3.11); the shared table
 * is 15.0.0, so a code point assigned later than 14.0 is unassigned here:
 * not space, uncased, not case-ignorable, its own lower case; and five older
 * modifier letters 15.0 made Lowercase are not (lowercase_since_15). Callers
 * take the ASCII fast path themselves.
 */
#include "ucd.h"

#include "weft/unicode.h"

/* Record of cp as Python 3.11 sees it, NULL when it did not exist then. */
static const weft_uc_record *py_record(uint32_t cp) {
    const weft_uc_record *r = weft_uc_info(cp);
    return r->age && r->age <= 0x0E00 ? r : NULL;
}

/* The one change Unicode 15.0 made to older characters that Python's str
 * methods see: these modifier letters (Lm, assigned before 14.0) joined
 * Other_Lowercase, so they are Lowercase in the table but not for Python
 * 3.11. Found, and kept honest, by tests/unit/test_sentiment_ucd.c. (They
 * are Case_Ignorable in both versions, so the final-sigma rule is unmoved.) */
static int lowercase_since_15(uint32_t cp) {
    return cp == 0x10FC || (cp >= 0xA7F2 && cp <= 0xA7F4) || cp == 0xAB69;
}

/* CPython's makeunicodedata.py: bidirectional class WS, B or S, or
 * General_Category Zs (so U+001C..U+001F are spaces, U+200B is not). */
int vader_is_space(uint32_t cp) {
    const weft_uc_record *r = py_record(cp);
    return r && ((r->flags & WEFT_UC_R_BIDI_SPACE) || r->gc == WEFT_GC_ZS);
}

/* str.isupper() fails on any lower-case or title-case character and needs
 * an upper-case one: per code point, the Uppercase property against
 * Lowercase or General_Category Lt. */
int vader_case_class(uint32_t cp) {
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return VADER_CASE_UPPER;
        if (cp >= 'a' && cp <= 'z') return VADER_CASE_LOWERISH;
        return VADER_CASE_NONE;
    }
    const weft_uc_record *r = py_record(cp);
    if (!r || lowercase_since_15(cp)) return VADER_CASE_NONE;
    if (r->flags & WEFT_UC_R_UPPERCASE) return VADER_CASE_UPPER;
    if ((r->flags & WEFT_UC_R_LOWERCASE) || r->gc == WEFT_GC_LT) return VADER_CASE_LOWERISH;
    return VADER_CASE_NONE;
}

/* Called for every character of a token, ASCII included: the class bits
 * first, the age check only for the few cased or ignorable non-ASCII ones. */
int vader_sigma_class(uint32_t cp) {
    uint32_t p = weft_uc_props(cp);
    if (!(p & (WEFT_UC_CASED | WEFT_UC_CASE_IGNORABLE))) return VADER_SIGMA_OTHER;
    if (cp >= 0x80 && !py_record(cp)) return VADER_SIGMA_OTHER;
    return (p & WEFT_UC_CASE_IGNORABLE) ? VADER_SIGMA_IGNORABLE : VADER_SIGMA_CASED;
}

/* Full lower case (SpecialCasing's unconditional entries), as str.lower(). */
size_t vader_lower_cp(uint32_t cp, uint32_t out[3]) {
    if (cp < 0x80) {
        out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
        return 1;
    }
    if (!py_record(cp)) {
        out[0] = cp;
        return 1;
    }
    return weft_uc_lower_full(cp, out);
}

/* Length of the whitespace character ending at s + n, or 0. */
static size_t space_before(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t p = n - 1;
    while (p > 0 && n - p < 4 && (u[p] & 0xC0) == 0x80) p--;
    uint32_t cp;
    size_t k = vader_utf8_next(u + p, n - p, &cp);
    return (p + k == n && vader_is_space(cp)) ? k : 0;
}

void vader_strip_space(const char *s, size_t *b, size_t *e) {
    while (*b < *e) {
        uint32_t cp;
        size_t k = vader_utf8_next((const unsigned char *)s + *b, *e - *b, &cp);
        if (!vader_is_space(cp)) break;
        *b += k;
    }
    while (*e > *b) {
        size_t k = space_before(s + *b, *e - *b);
        if (!k) break;
        *e -= k;
    }
}

int vader_is_lower_form(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        uint32_t cp, lo[3];
        i += vader_utf8_next((const unsigned char *)s + i, n - i, &cp);
        if (cp == VADER_CP_INVALID) continue;
        if (vader_lower_cp(cp, lo) != 1 || lo[0] != cp) return 0;
    }
    return 1;
}
