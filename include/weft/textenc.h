/*
 * weft/textenc.h: which encoding a plain text (no declaration) is in, and
 * windows-1252 decoding, header-only.
 *
 * Scraped text saved as Latin-1 or windows-1252 is not valid UTF-8: read
 * byte by byte as UTF-8, every accented letter is a bad byte and cuts its
 * word in two ("M\xFCller"). The core decodes such a document into a view of
 * its own before the first stage; the boilerplate stage, which reads raw
 * itself, decides the same way, so both say the same of the same bytes.
 */
#ifndef WEFT_TEXTENC_H
#define WEFT_TEXTENC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "weft/utf8.h"

typedef enum weft_textenc {
    WEFT_TEXTENC_UTF8,    /* valid UTF-8 (a byte order mark allowed) */
    WEFT_TEXTENC_BAD8,    /* UTF-8 with bad bytes: each is U+FFFD */
    WEFT_TEXTENC_CP1252,  /* windows-1252: one character a byte */
    WEFT_TEXTENC_UTF16LE, /* UTF-16, little-endian (a byte order mark allowed) */
    WEFT_TEXTENC_UTF16BE  /* UTF-16, big-endian (a byte order mark allowed) */
} weft_textenc;

/* Bytes of a UTF-16 byte order mark at the start of raw (FF FE little-
 * endian, FE FF big-endian): 2, or 0 for none. */
static inline size_t weft_utf16_bom(const char *raw, size_t n, int *be) {
    const unsigned char *u = (const unsigned char *)raw;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        *be = u[0] == 0xFE;
        return 2;
    }
    return 0;
}

/* The next character of UTF-16 text u (n bytes left, n > 0), big-endian
 * when be; *len is the bytes it takes (2, 4 for a surrogate pair). A lone
 * surrogate is U+FFFD for its 2 bytes, a last odd byte U+FFFD for 1. */
static inline uint32_t weft_utf16_next(const unsigned char *u, size_t n, int be, size_t *len) {
    if (n < 2) {
        *len = n;
        return 0xFFFD;
    }
    uint32_t c = be ? (uint32_t)u[0] << 8 | u[1] : (uint32_t)u[1] << 8 | u[0];
    *len = 2;
    if (c < 0xD800 || c > 0xDFFF) return c;
    if (c <= 0xDBFF && n >= 4) {
        uint32_t d = be ? (uint32_t)u[2] << 8 | u[3] : (uint32_t)u[3] << 8 | u[2];
        if (d >= 0xDC00 && d <= 0xDFFF) {
            *len = 4;
            return 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00);
        }
    }
    return 0xFFFD;
}

/* UTF-16 without a byte order mark, told by its NULs: text in a Latin
 * script has a zero high byte in most code units (every ASCII character),
 * so zeros pile up on one side of each pair, the odd bytes for little-
 * endian and the even ones for big-endian. It is UTF-16 when, over the
 * first 64 KiB, at least a quarter of the code units have a zero byte on one
 * side, at most one in sixteen of that count on the other side, and at most
 * one unit in sixteen is a C0 control other than tab, newline, form feed and
 * carriage return, or a lone surrogate (binary data with zeros at even
 * strides fails one of these). Text in a script with no zero high bytes
 * (CJK, Cyrillic) has no such sign and is not told. 1 when UTF-16 (*be set),
 * else 0. */
static inline int weft_utf16_sniff(const char *raw, size_t n, int *be) {
    const unsigned char *u = (const unsigned char *)raw;
    size_t m = n < 65536 ? n : 65536;
    size_t units = m / 2, z0 = 0, z1 = 0;
    if (units < 4) return 0;
    for (size_t i = 0; i + 1 < m; i += 2) {
        z0 += u[i] == 0;
        z1 += u[i + 1] == 0;
    }
    size_t hi = z0 > z1 ? z0 : z1, lo = z0 > z1 ? z1 : z0;
    if (hi * 4 < units || lo * 16 > hi) return 0;
    int b = z0 > z1;
    size_t odd = 0;
    for (size_t i = 0; i + 1 < m;) {
        size_t l;
        uint32_t c = weft_utf16_next(u + i, m - i, b, &l);
        uint32_t unit = b ? (uint32_t)u[i] << 8 | u[i + 1] : (uint32_t)u[i + 1] << 8 | u[i];
        int lone = unit >= 0xD800 && unit <= 0xDFFF && l == 2 && i + 4 <= m; /* not cut */
        odd += (c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r') || lone;
        i += l;
    }
    if (odd * 16 > units) return 0;
    *be = b;
    return 1;
}

/* needle (lower case, starting with '<') in s[0..n), ASCII letters
 * compared without case: 1 when found. */
static inline int weft_markup_has(const char *s, size_t n, const char *needle) {
    size_t k = strlen(needle);
    for (const char *p = s; k <= n && (size_t)(p - s) <= n - k;) {
        p = memchr(p, '<', n - k - (size_t)(p - s) + 1);
        if (!p) return 0;
        size_t j = 1;
        while (j < k && (p[j] | (p[j] >= 'A' && p[j] <= 'Z' ? 0x20 : 0)) == needle[j]) j++;
        if (j == k) return 1;
        p++;
    }
    return 0;
}

static inline int weft_looks_html_ascii(const char *raw, size_t n) {
    size_t i = 0;
    if (n >= 3 && (unsigned char)raw[0] == 0xEF && (unsigned char)raw[1] == 0xBB) i = 3;
    while (i < n && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n')) i++;
    size_t m = n - i < 8192 ? n - i : 8192;
    const char *s = raw + i;
    static const char *const strong[] = {"<!doctype html", "<html", "<body", "<head>", NULL};
    static const char *const weak[] = {"<p>",     "<p ",   "<div",   "<br",    "<span",
                                       "<a href", "<meta", "<title", "<table", "<ul",
                                       "<h1",     "<h2",   NULL};
    for (size_t k = 0; strong[k]; k++)
        if (weft_markup_has(s, m, strong[k])) return 1;
    if (m && s[0] == '<')
        for (size_t k = 0; weak[k]; k++)
            if (weft_markup_has(s, m, weak[k])) return 1;
    return 0;
}

/* An HTML page rather than text, by its first 8 KiB: a doctype, <html>,
 * <body> or <head> anywhere in them, or, when they start with markup
 * (after spaces and a byte order mark), a common tag (<p>, <div>, <br>,
 * <span>, <a href, <meta, <title, <table, <ul, <h1, <h2). A line of
 * prose that mentions <b> is text. UTF-16 (by its byte order mark or its
 * NULs, weft_utf16_sniff) is looked at through its ASCII code units. The
 * boilerplate stage's input=auto decides with it, and the core with it
 * warns of a page given to a pipeline that does not read HTML. */
static inline int weft_looks_html(const char *raw, size_t n) {
    const unsigned char *u = (const unsigned char *)raw;
    /* no '<' byte at all: no markup in any encoding; a short plain text,
     * the common case, costs a memchr */
    if (n <= 16384 && !memchr(raw, '<', n)) return 0;
    int be;
    size_t skip = weft_utf16_bom(raw, n, &be);
    if (skip || (memchr(raw, 0, n < 8192 ? n : 8192) && weft_utf16_sniff(raw, n, &be))) {
        char narrow[8192];
        size_t k = 0;
        for (size_t i = skip; i + 1 < n && k < sizeof narrow; i += 2) {
            unsigned lo = be ? u[i + 1] : u[i], hi = be ? u[i] : u[i + 1];
            narrow[k++] = hi == 0 && lo < 0x80 ? (char)lo : '?';
        }
        return weft_looks_html_ascii(narrow, k);
    }
    return weft_looks_html_ascii(raw, n);
}

/* How far into a text the binary test looks: a file's header tells. */
#define WEFT_TEXT_SNIFF_BYTES 8192

/* Binary data (an image, an archive, a program), not text: not UTF-16 (by
 * its byte order mark or its NULs, weft_utf16_sniff), and in its first
 * WEFT_TEXT_SNIFF_BYTES more than one byte in twenty, and at least four
 * bytes, a NUL or another C0 control than tab, newline, carriage return,
 * form feed and escape. (A stray NUL or two in a scraped text is not
 * enough: the text is read.)
 * 1 and *at (when not NULL) the offset of the first such byte, else 0. */
static inline int weft_text_binary(const char *raw, size_t n, size_t *at) {
    const unsigned char *u = (const unsigned char *)raw;
    int be;
    if (weft_utf16_bom(raw, n, &be)) return 0;
    size_t m = n < WEFT_TEXT_SNIFF_BYTES ? n : WEFT_TEXT_SNIFF_BYTES, ctrl = 0, first = 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = u[i];
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x1B) continue;
        if (!ctrl++) first = i;
    }
    if (ctrl < 4 || ctrl * 20 <= m || weft_utf16_sniff(raw, n, &be)) return 0;
    if (at) *at = first;
    return 1;
}

/* What the bytes of a text hold beyond ASCII. */
typedef struct weft_utf8_counts {
    size_t multi;     /* valid multi-byte UTF-8 sequences */
    size_t bad;       /* bytes that are not part of one */
    size_t high;      /* bytes >= 0x80 */
    size_t runs;      /* stretches of consecutive bytes >= 0x80 */
    size_t long_runs; /* ...of three bytes or more */
    size_t undefined; /* bytes windows-1252 does not define */
} weft_utf8_counts;

static inline weft_utf8_counts weft_utf8_count(const unsigned char *u, size_t n) {
    weft_utf8_counts k = {0, 0, 0, 0, 0, 0};
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            run = 0;
            continue;
        }
        int32_t cp;
        size_t l = weft_utf8_decode(u + i, n - i, &cp);
        if (cp >= 0) {
            k.multi++;
        } else {
            k.bad++;
            l = 1;
        }
        for (size_t j = i; j < i + l; j++) {
            k.high++;
            k.runs += run == 0;
            k.long_runs += ++run == 3;
            k.undefined +=
                u[j] == 0x81 || u[j] == 0x8D || u[j] == 0x8F || u[j] == 0x90 || u[j] == 0x9D;
        }
        i += l;
    }
    return k;
}

#define WEFT_TEXTENC_NOTE_FFFD "not valid UTF-8 in places: bad bytes read as U+FFFD"

/* The encoding of a text with no declaration; *note says why when it is not
 * plain valid UTF-8 (NULL otherwise). Valid UTF-8, or a UTF-8 byte order
 * mark, is UTF-8. Otherwise the text is windows-1252 (ISO-8859-1 as browsers
 * read it) when that is plausible:
 * - the bytes that are not UTF-8 outnumber the valid multi-byte sequences
 *   at least four to one (a Latin-1 text holds one by chance: "ß" before a
 *   curly quote is one; a UTF-8 text with a few broken bytes holds many);
 * - they read as Latin text: accented letters and punctuation among ASCII
 *   letters, so at most one stretch of such bytes in eight is three bytes or
 *   longer (Cyrillic, Greek or CJK legacy text is all such stretches), and
 *   at most one such byte in eight is one windows-1252 leaves undefined.
 * Anything else is UTF-8 with U+FFFD for each bad byte. Before all that, a
 * UTF-16 byte order mark means UTF-16, and so do NULs on one side of the
 * code units (weft_utf16_sniff) in a text with none of the other marks. */
static inline weft_textenc weft_textenc_guess(const char *raw, size_t n, const char **note) {
    const unsigned char *u = (const unsigned char *)raw;
    *note = NULL;
    int be = 0;
    if (weft_utf16_bom(raw, n, &be)) {
        *note = be ? "UTF-16BE (byte order mark): decoded to UTF-8"
                   : "UTF-16LE (byte order mark): decoded to UTF-8";
        return be ? WEFT_TEXTENC_UTF16BE : WEFT_TEXTENC_UTF16LE;
    }
    int utf8_bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    if (!utf8_bom && memchr(raw, 0, n) && weft_utf16_sniff(raw, n, &be)) {
        *note = be ? "no byte order mark, but NULs in every other byte: read as UTF-16BE"
                   : "no byte order mark, but NULs in every other byte: read as UTF-16LE";
        return be ? WEFT_TEXTENC_UTF16BE : WEFT_TEXTENC_UTF16LE;
    }
    size_t valid = weft_utf8_valid_prefix(raw, n);
    if (utf8_bom) {
        if (valid != n) {
            *note = WEFT_TEXTENC_NOTE_FFFD;
            return WEFT_TEXTENC_BAD8;
        }
        return WEFT_TEXTENC_UTF8;
    }
    if (valid == n) return WEFT_TEXTENC_UTF8;
    weft_utf8_counts k = weft_utf8_count(u, n);
    if (k.bad >= 4 * k.multi && k.long_runs * 8 <= k.runs && k.undefined * 8 <= k.high) {
        *note = "not valid UTF-8: read as windows-1252 (Latin-1)";
        return WEFT_TEXTENC_CP1252;
    }
    *note = k.bad >= 4 * k.multi ? "not valid UTF-8, nor Latin-1 text: bad bytes read as U+FFFD"
                                 : WEFT_TEXTENC_NOTE_FFFD;
    return WEFT_TEXTENC_BAD8;
}

/* The code point of windows-1252 byte b; U+FFFD for the five bytes it leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
static inline uint32_t weft_cp1252(unsigned char b) {
    static const uint16_t c1[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    return b >= 0x80 && b < 0xA0 ? c1[b - 0x80] : b;
}

#endif
