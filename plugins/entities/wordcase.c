/*
 * The word list with case (wordcase.h): its loader, and its table file.
 */
#include "wordcase.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gaz.h"
#include "weft/tabfile.h"
#include "weft/unicode.h"
#include "weft/utf8.h"

void wc_free(wc_table *t) {
    if (!t->view) free((void *)(uintptr_t)t->slot);
    if (t->unmap) weft_tab_unmap(t->unmap, t->unmap_len);
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
    uint32_t *slot = calloc(cap, sizeof *slot);
    if (!slot) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    t->slot = slot;
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
        while (slot[i] && slot[i] >> 2 != fp) i = (i + 1) & t->mask;
        if (!slot[i]) t->n++;
        slot[i] |= fp << 2 | cls;
    }
    return 0;
}

/* The table file: a weft/tabfile.h container of two sections, the sizes (u64
 * words, u64 slots) and the slots as they are in memory (u32 each). */
static const char wc_magic[8] = {'w', 'e', 'f', 't', 'w', 'c', 0, 0};
#define WC_FILE_VERSION 1u

int wc_file_write(const wc_table *t, uint64_t src, unsigned char **out, size_t *len) {
    unsigned char sizes[16];
    size_t nslot = t->slot ? (size_t)t->mask + 1 : 0;
    weft_tab_put_le(sizes, t->n, 8);
    weft_tab_put_le(sizes + 8, nslot, 8);
    const weft_tab_sect s[2] = {{sizes, sizeof sizes}, {t->slot, nslot * sizeof *t->slot}};
    return weft_tab_write(wc_magic, WC_FILE_VERSION, src, s, 2, out, len);
}

static int wc_refuse(wc_table *t, const char **why, const char *w) {
    memset(t, 0, sizeof *t);
    *why = w;
    return -1;
}

int wc_file_view(wc_table *t, const void *p, size_t n, uint64_t src, const char **why) {
    weft_tab_sect s[2];
    memset(t, 0, sizeof *t);
    if (weft_tab_view(p, n, wc_magic, WC_FILE_VERSION, src, s, 2, why)) return -1;
    if (s[0].n != 16) return wc_refuse(t, why, "bad sizes");
    const unsigned char *z = s[0].p;
    uint64_t words = weft_tab_le64(z), nslot = weft_tab_le64(z + 8);
    /* a power of two that a u32 mask holds, the slots' bytes exactly, and
     * an empty slot left (a probe for an unknown word ends there) */
    if (nslot < 1 || nslot > ((uint64_t)1 << 30) || (nslot & (nslot - 1)) ||
        s[1].n != nslot * sizeof(uint32_t) || words >= nslot)
        return wc_refuse(t, why, "bad sizes");
    const uint32_t *slot = s[1].p;
    size_t used = 0;
    for (size_t i = 0; i < nslot; i++) used += slot[i] != 0;
    if (used != words) return wc_refuse(t, why, "bad slot count");
    t->slot = slot;
    t->mask = (uint32_t)(nslot - 1);
    t->n = (size_t)words;
    t->view = 1;
    return 0;
}
