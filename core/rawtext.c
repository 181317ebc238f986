/* rawtext.h. Transcoding goes through iconv (what the boilerplate stage
 * used to read the page: the same charset names), references through
 * libxml2's table of HTML's named entities (the parser that read the page
 * knows the same names), so what is shown is what the stage saw. */
#include "rawtext.h"

#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "weft/utf8.h"

/* s in charset as UTF-8 (malloc'ed), or NULL when iconv does not know it
 * or fails (the caller keeps the bytes). */
static char *transcode(const char *s, size_t n, const char *charset, size_t *outlen) {
    iconv_t cd = iconv_open("UTF-8", charset);
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = n * 4 + 1; /* a byte of a legacy charset is at most 4 bytes of UTF-8 */
    char *out = malloc(cap), *in = (char *)s, *o = out;
    size_t inleft = n, outleft = cap - 1;
    int ok = out && iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1 &&
             iconv(cd, NULL, NULL, &o, &outleft) != (size_t)-1;
    iconv_close(cd);
    if (!ok) {
        free(out);
        return NULL;
    }
    *o = '\0';
    *outlen = (size_t)(o - out);
    return out;
}

/* The code point of the reference at s[0] == '&' (length n), its length in
 * *len; -1 when it is none (a lone '&'). */
static int32_t reference(const char *s, size_t n, size_t *len) {
    size_t semi = 1;
    while (semi < n && semi < 40 && s[semi] != ';' && s[semi] != '&' && s[semi] != '<') semi++;
    if (semi >= n || s[semi] != ';' || semi < 2) return -1;
    *len = semi + 1;
    if (s[1] == '#') {
        int hex = semi > 2 && (s[2] == 'x' || s[2] == 'X');
        uint32_t v = 0;
        size_t i = hex ? 3 : 2;
        if (i >= semi) return -1;
        for (; i < semi; i++) {
            char c = s[i];
            int d = c >= '0' && c <= '9'          ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
            if (d < 0) return -1;
            v = v * (hex ? 16u : 10u) + (uint32_t)d;
            if (v > 0x10FFFF) return 0xFFFD;
        }
        /* NUL and surrogates are not characters: as browsers do */
        return v == 0 || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (int32_t)v;
    }
    char name[40];
    memcpy(name, s + 1, semi - 1);
    name[semi - 1] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e ? (int32_t)e->value : -1;
}

char *weft_raw_text(const char *s, size_t n, const char *charset, int html, size_t *outlen) {
    size_t tn = n;
    char *dec = NULL;
    if (charset && strcmp(charset, "UTF-8") != 0 && (dec = transcode(s, n, charset, &tn))) s = dec;
    /* A reference is never shorter than the UTF-8 it stands for, a tag
     * becomes one byte: the text never grows. */
    char *out = malloc(tn + 1);
    if (!out) {
        free(dec);
        return NULL;
    }
    size_t k = 0;
    for (size_t i = 0; i < tn;) {
        if (html && s[i] == '<') {
            const char *gt = memchr(s + i, '>', tn - i);
            out[k++] = ' ';
            i = gt ? (size_t)(gt - s) + 1 : tn;
            continue;
        }
        size_t len;
        int32_t cp;
        if (html && s[i] == '&' && (cp = reference(s + i, tn - i, &len)) >= 0) {
            k += weft_utf8_encode((uint32_t)cp, (unsigned char *)out + k);
            i += len;
            continue;
        }
        out[k++] = s[i++];
    }
    out[k] = '\0';
    *outlen = k;
    free(dec);
    return out;
}
