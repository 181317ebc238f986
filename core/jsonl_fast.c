/* Flat JSON Lines records of ASCII strings, without jansson (jsonl_fast.h). */
#include "jsonl_fast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "weft/utf8.h"

static size_t skip_ws(const char *s, size_t i, size_t len) {
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

static int hex4(const char *s, uint32_t *v) {
    uint32_t x = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        x <<= 4;
        if (c >= '0' && c <= '9')
            x |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            x |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            x |= (uint32_t)(c - 'A' + 10);
        else
            return -1;
    }
    *v = x;
    return 0;
}

/* The string starting after the quote at s[*i]: decoded into out (when not
 * NULL), *i past the closing quote. Length, or -1 to leave the record to
 * jansson (non-ASCII or control bytes, \u0000, a lone surrogate, a bad
 * escape, no closing quote). With utf8, bytes past ASCII are copied as they
 * are (the caller checks the result). */
static long string_at(const char *s, size_t len, size_t *i, char *out, int utf8) {
    size_t k = *i, n = 0;
    while (k < len) {
        unsigned char c = (unsigned char)s[k];
        if (c == '"') {
            *i = k + 1;
            return (long)n;
        }
        if (c < 0x20 || (c >= 0x80 && !utf8)) return -1;
        if (c != '\\') {
            if (out) out[n] = (char)c;
            n++;
            k++;
            continue;
        }
        if (k + 1 >= len) return -1;
        char e = s[k + 1];
        const char *simple = "\"\\/bfnrt", *means = "\"\\/\b\f\n\r\t";
        const char *p = e ? strchr(simple, e) : NULL;
        if (p) {
            if (out) out[n] = means[p - simple];
            n++;
            k += 2;
            continue;
        }
        if (e != 'u' || k + 6 > len) return -1;
        uint32_t cp;
        if (hex4(s + k + 2, &cp)) return -1;
        k += 6;
        if (cp == 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return -1;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (k + 6 > len || s[k] != '\\' || s[k + 1] != 'u' || hex4(s + k + 2, &lo) ||
                lo < 0xDC00 || lo > 0xDFFF)
                return -1;
            k += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        unsigned char u[4];
        size_t m;
        if (cp < 0x80) {
            u[0] = (unsigned char)cp;
            m = 1;
        } else if (cp < 0x800) {
            u[0] = (unsigned char)(0xC0 | (cp >> 6));
            u[1] = (unsigned char)(0x80 | (cp & 0x3F));
            m = 2;
        } else if (cp < 0x10000) {
            u[0] = (unsigned char)(0xE0 | (cp >> 12));
            u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (unsigned char)(0x80 | (cp & 0x3F));
            m = 3;
        } else {
            u[0] = (unsigned char)(0xF0 | (cp >> 18));
            u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
            u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
            u[3] = (unsigned char)(0x80 | (cp & 0x3F));
            m = 4;
        }
        if (out) memcpy(out + n, u, m);
        n += m;
    }
    return -1;
}

/* Room in sc for the strings of a line of len bytes: decoded strings are
 * never longer than their JSON, plus two NULs. 1, or 0 out of memory. */
static int scratch_fit(weft_jsonl_scratch *sc, size_t len) {
    if (sc->cap >= len + 2) return 1;
    char *p = realloc(sc->buf, len + 2);
    if (!p) return 0;
    sc->buf = p;
    sc->cap = len + 2;
    return 1;
}

int weft_jsonl_flat(const char *s, size_t len, const char *id_field, const char *text_field,
                    weft_jsonl_scratch *sc, const char **id, const char **text, size_t *tlen) {
    if (len > ((size_t)1 << 30)) return 0;
    if (!scratch_fit(sc, len)) return 0;
    size_t idl = strlen(id_field), txl = strlen(text_field), used = 0;
    const char *idv = NULL, *txv = NULL;
    size_t txn = 0;
    size_t i = skip_ws(s, 0, len);
    if (i >= len || s[i] != '{') return 0;
    i = skip_ws(s, i + 1, len);
    if (i < len && s[i] == '}') return 0; /* no text field: jansson says so */
    for (;;) {
        if (i >= len || s[i] != '"') return 0;
        size_t k0 = ++i;
        long kn = string_at(s, len, &i, NULL, 0);
        if (kn < 0) return 0;
        /* a key with escapes is compared raw: only plain keys can match */
        int is_id = (size_t)kn == idl && i - 1 - k0 == idl && memcmp(s + k0, id_field, idl) == 0;
        int is_tx = (size_t)kn == txl && i - 1 - k0 == txl && memcmp(s + k0, text_field, txl) == 0;
        if (!is_id && !is_tx && memchr(s + k0, '\\', i - 1 - k0)) return 0;
        i = skip_ws(s, i, len);
        if (i >= len || s[i] != ':') return 0;
        i = skip_ws(s, i + 1, len);
        if (i >= len || s[i] != '"') return 0;
        i++;
        if ((is_id && idv) || (is_tx && txv)) return 0; /* a repeated key: jansson's rules */
        char *out = is_id || is_tx ? sc->buf + used : NULL;
        long vn = string_at(s, len, &i, out, 0);
        if (vn < 0) return 0;
        if (out) {
            out[vn] = '\0';
            used += (size_t)vn + 1;
            if (is_id) idv = out;
            if (is_tx) {
                txv = out;
                txn = (size_t)vn;
            }
        }
        i = skip_ws(s, i, len);
        if (i >= len) return 0;
        if (s[i] == '}') break;
        if (s[i] != ',') return 0;
        i = skip_ws(s, i + 1, len);
    }
    if (skip_ws(s, i + 1, len) != len || !txv) return 0;
    *id = idv;
    *text = txv;
    *tlen = txn;
    return 1;
}

int weft_jsonl_lead_id(const char *s, size_t len, const char *id_field, weft_jsonl_scratch *sc,
                       const char **id) {
    if (len > ((size_t)1 << 30)) return 0;
    if (!scratch_fit(sc, len)) return 0;
    size_t idl = strlen(id_field);
    size_t i = skip_ws(s, 0, len);
    if (i >= len || s[i] != '{') return 0;
    i = skip_ws(s, i + 1, len);
    for (;;) {
        if (i >= len || s[i] != '"') return 0;
        size_t k0 = ++i;
        long kn = string_at(s, len, &i, NULL, 1);
        if (kn < 0) return 0;
        int is_id = i - 1 - k0 == idl && memcmp(s + k0, id_field, idl) == 0;
        i = skip_ws(s, i, len);
        if (i >= len || s[i] != ':') return 0;
        i = skip_ws(s, i + 1, len);
        if (i >= len) return 0;
        if (s[i] == '"') {
            i++;
            long vn = string_at(s, len, &i, is_id ? sc->buf : NULL, 1);
            if (vn < 0) return 0;
            if (is_id) {
                sc->buf[vn] = '\0';
                /* one that is no UTF-8, or holds a NUL, is not taken */
                if (weft_utf8_valid_prefix(sc->buf, (size_t)vn) != (size_t)vn ||
                    strlen(sc->buf) != (size_t)vn)
                    return 0;
                *id = sc->buf;
                return 1;
            }
        } else {
            /* a number, true, false or null: skipped; anything else ends it */
            if (is_id) return 0;
            size_t b = i;
            while (i < len &&
                   (s[i] == '-' || s[i] == '+' || s[i] == '.' || (s[i] >= '0' && s[i] <= '9') ||
                    (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
                i++;
            if (i == b) return 0;
        }
        i = skip_ws(s, i, len);
        if (i >= len || s[i] != ',') return 0;
        i = skip_ws(s, i + 1, len);
    }
}
