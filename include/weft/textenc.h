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

#include "weft/utf8.h"

typedef enum weft_textenc {
    WEFT_TEXTENC_UTF8,  /* valid UTF-8 (a byte order mark allowed) */
    WEFT_TEXTENC_BAD8,  /* UTF-8 with bad bytes: each is U+FFFD */
    WEFT_TEXTENC_CP1252 /* windows-1252: one character a byte */
} weft_textenc;

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
 * Anything else is UTF-8 with U+FFFD for each bad byte. */
static inline weft_textenc weft_textenc_guess(const char *raw, size_t n, const char **note) {
    const unsigned char *u = (const unsigned char *)raw;
    *note = NULL;
    size_t valid = weft_utf8_valid_prefix(raw, n);
    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
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
