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
