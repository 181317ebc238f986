/* Small UTF-8 helpers: validation and the case of a word's first letter. */
#ifndef ENTITIES_UTF8_H
#define ENTITIES_UTF8_H

#include <stddef.h>
#include <stdint.h>

static inline int ent_utf8_valid(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF)
            k = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            k = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            k = 3, cp = c & 0x07;
        else
            return 0;
        if (i + k >= n) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((p[i + j] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* Decode one code point at s (n > 0 bytes left); sets *len. Invalid bytes
 * decode as themselves with length 1, which is all case tests need. */
static inline uint32_t ent_utf8_cp(const char *s, size_t n, size_t *len) {
    const unsigned char *p = (const unsigned char *)s;
    unsigned c = p[0];
    *len = 1;
    if (c < 0x80 || n < 2) return c;
    size_t k = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (!k || k >= n) return c;
    uint32_t cp = c & (0x3F >> k);
    for (size_t j = 1; j <= k; j++) {
        if ((p[j] & 0xC0) != 0x80) return c;
        cp = (cp << 6) | (p[j] & 0x3F);
    }
    *len = k + 1;
    return cp;
}

/* 1 upper-case letter, 2 lower-case letter, 0 anything else. Covers ASCII,
 * Latin-1, Latin Extended-A, Greek and Cyrillic: the scripts of names in
 * English news. */
static inline int ent_letter_case(uint32_t cp) {
    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z') return 1;
        if (cp >= 'a' && cp <= 'z') return 2;
        return 0;
    }
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return 1;
    if (cp >= 0xDF && cp <= 0xFF && cp != 0xF7) return 2;
    if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) ? 2 : 1;
    if (cp >= 0x391 && cp <= 0x3A9) return 1;
    if (cp >= 0x3B1 && cp <= 0x3C9) return 2;
    if (cp >= 0x400 && cp <= 0x42F) return 1;
    if (cp >= 0x430 && cp <= 0x45F) return 2;
    return 0;
}

#endif
