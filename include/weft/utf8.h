/*
 * Strict UTF-8 for the core and every plugin: decoding, validation, encoding and the
 * boundary test, header-only so plugins use it without linking weft symbols.
 *
 * Strict means RFC 3629 / Unicode table 3-7: overlong forms, surrogates (U+D800..U+DFFF),
 * code points past U+10FFFF, truncated sequences, lone continuation bytes and the bytes C0,
 * C1, F5..FF are all invalid. An invalid byte is one character of its own: decoding consumes
 * exactly that byte, and weft writes it out as one U+FFFD. Everyone counts the same way, so an
 * offset a plugin computes is an offset the core agrees with.
 */
#ifndef WEFT_UTF8_H
#define WEFT_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* What weft_utf8_decode yields for a byte that does not start a valid sequence. */
#define WEFT_UTF8_INVALID (-1)

/*
 * Decode the character at s (len > 0 bytes available). Returns the bytes consumed (1..4) and
 * sets *cp; an invalid or truncated sequence consumes exactly 1 byte and sets
 * *cp = WEFT_UTF8_INVALID. Never reads past s + len.
 */
static inline size_t weft_utf8_decode(const unsigned char *s, size_t len, int32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    *cp = WEFT_UTF8_INVALID;
    if (c < 0xC2) return 1; /* continuation byte, or overlong lead C0/C1 */
    if (c < 0xE0) {
        if (len < 2 || (s[1] & 0xC0) != 0x80) return 1;
        *cp = ((int32_t)(c & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    if (c < 0xF0) {
        if (len < 3) return 1;
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80; /* overlong */
        unsigned hi = c == 0xED ? 0x9F : 0xBF; /* surrogates */
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80) return 1;
        *cp = ((int32_t)(c & 0x0F) << 12) | ((int32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        return 3;
    }
    if (c < 0xF5) {
        if (len < 4) return 1;
        unsigned lo = c == 0xF0 ? 0x90 : 0x80; /* overlong */
        unsigned hi = c == 0xF4 ? 0x8F : 0xBF; /* past U+10FFFF */
        if (s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80) return 1;
        *cp = ((int32_t)(c & 0x07) << 18) | ((int32_t)(s[1] & 0x3F) << 12) |
              ((int32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        return 4;
    }
    return 1; /* F5..FF never appear in UTF-8 */
}

/* Length of the longest valid prefix of s[0..len) (len when all of it is valid). ASCII is
 * checked 16 bytes at a time (SSE2; else 8): most text is ASCII and validation sits on input
 * paths. A step that finds a byte from 0x80 goes straight to its decoding, and the characters
 * from U+0080 that follow one another (a rule of box-drawing characters, a word of a script
 * other than Latin) are decoded one after the other before the ASCII steps resume. */
static inline size_t weft_utf8_valid_prefix(const char *str, size_t len) {
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
#if defined(__SSE2__) && defined(__GNUC__)
        while (i + 16 <= len) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            unsigned hi = (unsigned)_mm_movemask_epi8(x);
            if (hi) {
                i += (size_t)__builtin_ctz(hi);
                goto multi;
            }
            i += 16;
        }
#endif
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= len) break;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
#if defined(__SSE2__) && defined(__GNUC__)
    multi:
#endif
        do {
            int32_t cp;
            size_t n = weft_utf8_decode(s + i, len - i, &cp);
            if (cp < 0) return i;
            i += n;
        } while (i < len && s[i] >= 0x80);
    }
    return len;
}

static inline int weft_utf8_is_valid(const char *s, size_t len) {
    return weft_utf8_valid_prefix(s, len) == len;
}

/* Encode cp (a Unicode scalar value: < 0x110000, not a surrogate) into out[0..4); returns
 * the bytes written, or 0 (nothing written) for anything else. */
static inline size_t weft_utf8_encode(uint32_t cp, unsigned char *out) {
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
        if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF) return 0;
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Is byte offset off of s[0..len) at a character boundary? Only the inside of a valid
 * multi-byte sequence is not: a stray continuation byte of invalid text is a character of
 * its own (one U+FFFD when written), so a span may end right before it.
 */
static inline int weft_utf8_boundary(const char *s, size_t len, size_t off) {
    if (off > len) return 0;
    if (off == 0 || off == len || ((unsigned char)s[off] & 0xC0) != 0x80) return 1;
    for (size_t k = 1; k <= 3 && k <= off; k++) {
        const unsigned char *lead = (const unsigned char *)s + off - k;
        if ((*lead & 0xC0) == 0x80) continue;
        int32_t cp;
        return weft_utf8_decode(lead, len - (off - k), &cp) <= k;
    }
    return 1;
}

#endif
