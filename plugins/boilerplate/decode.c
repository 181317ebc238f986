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
 */
#include <string.h>

#include "bp.h"

int bp_text_decode(bp_work *w, const char *raw, size_t n, const char **text, size_t *len) {
    *text = raw;
    *len = n;
    w->dec_on = 0;
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
    *text = w->dec.p;
    *len = w->dec.n;
    return 0;
}

/* The raw offset of byte p of the decoded text (a character boundary):
 * the characters before it. Lines are copied in order, so counting goes on
 * from the last offset asked for. */
static size_t raw_at(bp_work *w, size_t p) {
    if (p < w->dec_at) w->dec_at = w->dec_raw = 0;
    w->dec_raw += bp_count_chars(w->dec.p + w->dec_at, p - w->dec_at);
    w->dec_at = p;
    return w->dec_raw;
}

int bp_text_copy(bp_work *w, size_t b, size_t e) {
    bp_block *blk = &w->blocks.b[w->blocks.n - 1];
    size_t src = raw_at(w, b);
    if (w->text.n == blk->tb) blk->sb = (uint32_t)src;
    if (bp_buf_reserve(&w->text, e - b + 1)) return -1;
    const unsigned char *u = (const unsigned char *)w->dec.p;
    for (size_t i = b; i < e; src++) {
        uint32_t dst = (uint32_t)w->text.n;
        size_t l = 1;
        if (u[i] < 0x80) {
            if (bp_runs_add(&w->runs, dst, (uint32_t)src, 1)) return -1;
        } else {
            while (i + l < e && (u[i + l] & 0xC0) == 0x80) l++;
        }
        if (bp_buf_put(&w->text, w->dec.p + i, l)) return -1;
        i += l;
    }
    w->dec_at = e;
    w->dec_raw = src;
    blk->se = (uint32_t)src;
    return 0;
}
