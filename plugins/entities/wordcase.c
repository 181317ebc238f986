/*
 * The word list with case (wordcase.h): its loader.
 */
#include "wordcase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gaz.h"
#include "weft/unicode.h"
#include "weft/utf8.h"

void wc_free(wc_table *t) {
    free(t->slot);
    memset(t, 0, sizeof *t);
}

size_t wc_bytes(const wc_table *t) {
    return t->slot ? ((size_t)t->mask + 1) * sizeof *t->slot : 0;
}

/* Is the line's first character an upper-case letter (ASCII or not)? Its
 * class is WC_CAP then, else WC_LOWER. */
static uint32_t line_class(const char *s, size_t n) {
    const unsigned char c = (unsigned char)s[0];
    if (c < 0x80) return c >= 'A' && c <= 'Z' ? WC_CAP : WC_LOWER;
    int32_t cp;
    size_t l = weft_utf8_decode((const unsigned char *)s, n, &cp);
    if (!l || cp < 0) return WC_LOWER;
    return (weft_uc_props((uint32_t)cp) & WEFT_UC_UPPER) ? WC_CAP : WC_LOWER;
}

int wc_load_mem(wc_table *t, const char *name, const char *buf, size_t len, char *err,
                size_t errsz) {
    memset(t, 0, sizeof *t);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++) lines += buf[i] == '\n';
    lines += len && buf[len - 1] != '\n';
    size_t cap = 64;
    while (cap < lines + lines / 2) cap *= 2; /* at most two thirds full */
    if (cap > ((size_t)1 << 30)) {
        snprintf(err, errsz, "%s: too many words", name);
        return -1;
    }
    t->slot = calloc(cap, sizeof *t->slot);
    if (!t->slot) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    t->mask = (uint32_t)(cap - 1);
    size_t lineno = 0;
    for (size_t p = 0; p < len;) {
        const char *s = buf + p, *nl = memchr(s, '\n', len - p);
        size_t n = nl ? (size_t)(nl - s) : len - p;
        p += n + 1;
        lineno++;
        if (n && s[n - 1] == '\r') n--;
        if (!n || s[0] == '#') continue;
        if (memchr(s, ' ', n) || memchr(s, '\t', n)) {
            wc_free(t);
            snprintf(err, errsz, "%s:%zu: one word a line", name, lineno);
            return -1;
        }
        uint64_t h = gaz_hash_tok(GAZ_SEED, s, n, 1);
        uint32_t fp = (uint32_t)(h >> 34), i = (uint32_t)h & t->mask, cls = line_class(s, n);
        while (t->slot[i] && t->slot[i] >> 2 != fp) i = (i + 1) & t->mask;
        if (!t->slot[i]) t->n++;
        t->slot[i] |= fp << 2 | cls;
    }
    return 0;
}
