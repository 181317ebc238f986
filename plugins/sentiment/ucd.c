/*
 * UTF-8 decoding and Unicode property lookups over the generated tables.
 * Callers take the ASCII fast path themselves; these functions are for the
 * rare non-ASCII character, so plain binary searches are enough.
 */
#include "ucd.h"

size_t vader_utf8_next(const unsigned char *s, size_t len, uint32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        *cp = VADER_CP_INVALID;
        return 1;
    }
    if (n > len) {
        *cp = VADER_CP_INVALID;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = VADER_CP_INVALID;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are not text. */
    if (v < min || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
        *cp = VADER_CP_INVALID;
        return 1;
    }
    *cp = v;
    return n;
}

size_t vader_utf8_put(uint32_t cp, unsigned char *out) {
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int vader_is_space(uint32_t cp) {
    size_t lo = 0, hi = vader_ucd_nspace;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vader_ucd_space[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < vader_ucd_nspace && vader_ucd_space[lo] == cp;
}

int vader_case_class(uint32_t cp) {
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return VADER_CASE_UPPER;
        if (cp >= 'a' && cp <= 'z') return VADER_CASE_LOWERISH;
        return VADER_CASE_NONE;
    }
    size_t lo = 0, hi = vader_ucd_ncase;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vader_ucd_case[mid].hi < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < vader_ucd_ncase && vader_ucd_case[lo].lo <= cp) return (int)vader_ucd_case[lo].cls;
    return VADER_CASE_NONE;
}

static int range_class(const vader_case_range *r, size_t n, uint32_t cp) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].hi < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && r[lo].lo <= cp ? (int)r[lo].cls : 0;
}

int vader_sigma_class(uint32_t cp) {
    if (cp == VADER_CP_INVALID) return VADER_SIGMA_OTHER;
    return range_class(vader_ucd_sigma, vader_ucd_nsigma, cp);
}

size_t vader_lower_cp(uint32_t cp, uint32_t out[3]) {
    if (cp < 0x80) {
        out[0] = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
        return 1;
    }
    size_t lo = 0, hi = vader_ucd_nlower;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vader_ucd_lower[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < vader_ucd_nlower && vader_ucd_lower[lo].cp == cp) {
        const vader_lower_map *m = &vader_ucd_lower[lo];
        for (uint32_t i = 0; i < m->n; i++) out[i] = m->to[i];
        return m->n;
    }
    out[0] = cp;
    return 1;
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
