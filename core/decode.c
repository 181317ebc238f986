/* decode.h. Each decoded character maps back to raw through the view's
 * offset runs: a stretch copied verbatim (ASCII, valid UTF-8) is one run; a
 * transcoded character (windows-1252, or U+FFFD for a bad byte) gets none,
 * as its bytes are not raw's, but the runs on either side pin it to its raw
 * bytes, so the writers map a span of the view back exactly. */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

#include "weft/textenc.h"

static void run_add(weft_offrun *runs, size_t *nruns, size_t dst, size_t src, size_t len) {
    if (!len) return;
    weft_offrun *last = *nruns ? &runs[*nruns - 1] : NULL;
    if (last && last->dst + last->len == dst && last->src + last->len == src) {
        last->len += (uint32_t)len;
        return;
    }
    runs[(*nruns)++] = (weft_offrun){(uint32_t)dst, (uint32_t)src, (uint32_t)len};
}

/* UTF-16 (byte order mark dropped): no character is raw's bytes, but an
 * ASCII one is one of its code unit's two bytes (the first in little-endian,
 * the second in big-endian), and that byte gets a run: every character is
 * pinned to its code unit, as a windows-1252 one is to its byte. */
static int decode_utf16(weft_doc *d, const unsigned char *u, size_t n, int be) {
    int bebom = 0;
    size_t i = weft_utf16_bom((const char *)u, n, &bebom);
    if (i && bebom != be) i = 0;
    /* 2 bytes in are at most 3 out, 4 (a pair) 4; a last odd byte 3 */
    char *out = malloc(n / 2 * 3 + 4);
    weft_offrun *runs = malloc((n / 2 + 1) * sizeof *runs);
    if (!out || !runs) {
        free(out);
        free(runs);
        return WEFT_ENOMEM;
    }
    size_t o = 0, nruns = 0;
    while (i < n) {
        size_t l;
        uint32_t cp = weft_utf16_next(u + i, n - i, be, &l);
        if (cp < 0x80 && l == 2) run_add(runs, &nruns, o, i + (size_t)be, 1);
        o += weft_utf8_encode(cp, (unsigned char *)out + o);
        i += l;
    }
    int rc = weft_doc_view_add(d, WEFT_SYM_DECODED, out, o, WEFT_SYM_RAW, runs, nruns);
    free(out);
    free(runs);
    return rc;
}

int weft_doc_decode_raw(weft_doc *d, const char **note) {
    *note = NULL;
    const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
    if (!raw || weft_doc_view(d, WEFT_SYM_DECODED)) return WEFT_OK;
    const unsigned char *u = (const unsigned char *)raw->text;
    size_t n = raw->len;
    weft_textenc enc = weft_textenc_guess(raw->text, n, note);
    int bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    if (enc == WEFT_TEXTENC_UTF8 && !bom) return WEFT_OK;
    if (n > UINT32_MAX / 3) return WEFT_ELIMIT; /* each byte is at most 3 of UTF-8 */
    if (enc == WEFT_TEXTENC_UTF16LE || enc == WEFT_TEXTENC_UTF16BE)
        return decode_utf16(d, u, n, enc == WEFT_TEXTENC_UTF16BE);

    /* A character is at most 3 bytes out and at most one run in. */
    char *out = malloc(n * 3 + 1);
    weft_offrun *runs = malloc((n + 1) * sizeof *runs);
    if (!out || !runs) {
        free(out);
        free(runs);
        return WEFT_ENOMEM;
    }
    size_t o = 0, nruns = 0;
    for (size_t i = bom ? 3 : 0; i < n;) {
        int32_t cp = u[i];
        size_t l = 1;
        if (u[i] >= 0x80) {
            if (enc == WEFT_TEXTENC_CP1252) {
                cp = (int32_t)weft_cp1252(u[i]);
            } else {
                l = weft_utf8_decode(u + i, n - i, &cp);
                if (cp < 0) {
                    cp = 0xFFFD;
                    l = 1;
                } else {
                    memcpy(out + o, u + i, l); /* valid: verbatim */
                    run_add(runs, &nruns, o, i, l);
                    o += l;
                    i += l;
                    continue;
                }
            }
            o += weft_utf8_encode((uint32_t)cp, (unsigned char *)out + o);
        } else {
            out[o] = (char)u[i];
            run_add(runs, &nruns, o, i, 1);
            o++;
        }
        i += l;
    }
    int rc = weft_doc_view_add(d, WEFT_SYM_DECODED, out, o, WEFT_SYM_RAW, runs, nruns);
    free(out);
    free(runs);
    return rc;
}
