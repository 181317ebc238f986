/*
 * Plain text in a legacy encoding. Scraped text saved as Latin-1 or
 * windows-1252 is not valid UTF-8; read byte by byte as UTF-8, every
 * accented letter would become U+FFFD and cut words in two ("M\xFCller").
 * When charset.c finds the text reads as windows-1252, it is transcoded once
 * (by the HTML path's transcoder) and the plain-text reader splits the
 * decoded text instead of raw.
 *
 * Windows-1252 is one character per byte, so the decoded text still maps
 * back exactly: its i-th character is raw byte i. Bytes copied unchanged
 * (ASCII) get runs in the offset map like any verbatim text; a transcoded
 * character gets none (a run is a verbatim copy, and "ü" is two bytes for
 * one of raw), but it sits between runs that pin it to its one raw byte, and
 * each block records its exact span of raw for the boilerplate layer.
 *
 * UTF-16 (weft/textenc.h tells it, with or without a byte order mark) is
 * decoded here by the core's own decoder, so the stage and the core read the
 * same characters: each is a code unit of raw (two bytes, four for a
 * surrogate pair), an ASCII one gets a run of its one byte that holds it
 * (the first in little-endian, the second in big-endian), and the blocks'
 * spans of raw are whole code units.
 */
#include <string.h>

#include "bp.h"
#include "weft/textenc.h"

static int decode_utf16(bp_work *w, const char *enc, const char *raw, size_t n, const char **text,
                        size_t *len) {
    int be = strcmp(enc, "UTF-16BE") == 0, bombe = 0;
    size_t i = weft_utf16_bom(raw, n, &bombe);
    if (i && bombe != be) i = 0;
    w->dec.n = 0;
    if (bp_buf_reserve(&w->dec, n / 2 * 3 + 8)) return -1;
    const unsigned char *u = (const unsigned char *)raw;
    unsigned char *o = (unsigned char *)w->dec.p;
    size_t k = 0;
    for (size_t l; i < n; i += l) {
        uint32_t cp = weft_utf16_next(u + i, n - i, be, &l);
        k += weft_utf8_encode(cp, o + k);
    }
    w->dec.n = k;
    w->dec.p[k] = '\0';
    w->dec_base = weft_utf16_bom(raw, n, &bombe) && bombe == be ? 2 : 0;
    w->dec_utf16 = be ? 2 : 1;
    w->dec_on = 1;
    w->valid = 1;
    if (bp_set_meta(&w->meta[BM_CHARSET], enc, strlen(enc))) return -1;
    w->dec_at = 0;
    w->dec_raw = w->dec_base;
    w->dec_rawlen = n;
    *text = w->dec.p;
    *len = w->dec.n;
    return 0;
}

int bp_text_decode(bp_work *w, const char *raw, size_t n, const char **text, size_t *len) {
    *text = raw;
    *len = n;
    w->dec_on = 0;
    w->dec_base = 0;
    w->dec_utf16 = 0;
    if (w->raw_utf8) {
        /* the core's decision on the same bytes (bp_work.raw_utf8): what
         * bp_text_charset would answer, without a second validation pass */
        w->valid = 1;
        w->note = NULL;
        return 0;
    }
    const char *enc = bp_text_charset(raw, n, &w->note);
    w->valid = !w->note; /* a note means bad bytes */
    if (strcmp(enc, "UTF-8") == 0) return 0;
    if (strncmp(enc, "UTF-16", 6) == 0) return decode_utf16(w, enc, raw, n, text, len);
    int rc = bp_to_utf8(enc, raw, n, &w->dec);
    if (rc == -2) return -1;
    if (rc || bp_count_chars(w->dec.p, w->dec.n) != n) {
        /* No iconv for it, or not one character a byte: as UTF-8. */
        w->note = "not valid UTF-8 and not transcoded: bad bytes read as U+FFFD";
        return 0;
    }
    w->dec_on = 1;
    if (bp_set_meta(&w->meta[BM_CHARSET], enc, strlen(enc))) return -1;
    w->dec_at = w->dec_raw = 0;
    w->dec_rawlen = n;
    *text = w->dec.p;
    *len = w->dec.n;
    return 0;
}

/* The raw offset of byte p of the decoded text (a character boundary):
 * the characters before it. Lines are copied in order, so counting goes on
 * from the last offset asked for. */
static size_t raw_at(bp_work *w, size_t p) {
    if (p < w->dec_at) {
        w->dec_at = 0;
        w->dec_raw = w->dec_base;
    }
    if (!w->dec_utf16) {
        w->dec_raw += bp_count_chars(w->dec.p + w->dec_at, p - w->dec_at);
    } else {
        /* a code unit a character, two for one of 4 UTF-8 bytes; a last odd
         * byte of raw (U+FFFD) is one byte, hence the clamp */
        const unsigned char *u = (const unsigned char *)w->dec.p;
        for (size_t i = w->dec_at; i < p; i++)
            if ((u[i] & 0xC0) != 0x80) w->dec_raw += u[i] >= 0xF0 ? 4 : 2;
        if (w->dec_raw > w->dec_rawlen) w->dec_raw = w->dec_rawlen;
    }
    w->dec_at = p;
    return w->dec_raw;
}

int bp_text_copy(bp_work *w, size_t b, size_t e) {
    bp_block *blk = &w->blocks.b[w->blocks.n - 1];
    size_t src = raw_at(w, b);
    if (w->text.n == blk->tb) blk->sb = (uint32_t)src;
    if (bp_buf_reserve(&w->text, e - b + 1)) return -1;
    const unsigned char *u = (const unsigned char *)w->dec.p;
    for (size_t i = b; i < e;) {
        uint32_t dst = (uint32_t)w->text.n;
        size_t l = 1, in = w->dec_utf16 ? 2 : 1;
        if (u[i] < 0x80) {
            /* the raw byte that holds it: the second of a big-endian unit */
            size_t at = src + (w->dec_utf16 == 2);
            if (at < w->dec_rawlen && bp_runs_add(&w->runs, dst, (uint32_t)at, 1)) return -1;
        } else {
            while (i + l < e && (u[i + l] & 0xC0) == 0x80) l++;
            if (w->dec_utf16 && u[i] >= 0xF0) in = 4;
        }
        if (bp_buf_put(&w->text, w->dec.p + i, l)) return -1;
        i += l;
        src += in;
        if (src > w->dec_rawlen) src = w->dec_rawlen;
    }
    w->dec_at = e;
    w->dec_raw = src;
    blk->se = (uint32_t)src;
    return 0;
}
