/* Stopword lists (jusText's, one word a line) as hash sets, and language
 * choice for a document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bp.h"
#include "weft/unicode.h"

static uint32_t hash(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Letters, digits and the apostrophe make words; everything else splits. */
static int is_word_cp(uint32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '\'';
    if (c <= 0xBF || c == 0xD7 || c == 0xF7) return 0;
    if (c >= 0x2000 && c <= 0x206F) return 0; /* general punctuation */
    if (c >= 0x3000 && c <= 0x303F) return 0; /* CJK punctuation */
    if (c >= 0xFF00 && c <= 0xFF0F) return 0;
    if (c == 0x060C || c == 0x061B || c == 0x061F || c == 0x06D4) return 0; /* Arabic */
    return !bp_is_space_cp(c) && c != 0xFFFD;
}

/* Lowercases s[0,n) into out (at most cap bytes); 0 when it does not fit.
 * Simple (one-to-one) lower case of the shared Unicode table: every script
 * the lists may use, without language rules. */
static size_t lower_word(const char *s, size_t n, char *out, size_t cap) {
    size_t o = 0, i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < n) {
        uint32_t c;
        i += bp_next_cp(u + i, n - i, &c);
        if (o + 4 > cap) return 0;
        o += weft_utf8_encode(weft_uc_tolower(c), (unsigned char *)out + o);
    }
    return o;
}

static int has_hashed(const bp_stoplist *l, const char *w, size_t n, uint32_t hv) {
    if (!l->slots) return 0;
    for (uint32_t h = hv & l->mask;; h = (h + 1) & l->mask) {
        uint32_t s = l->slots[h];
        if (!s) return 0;
        const char *p = l->pool + s - 1;
        if (strncmp(p, w, n) == 0 && p[n] == '\0') return 1;
    }
}

int bp_stop_has(const bp_stoplist *l, const char *w, size_t n) {
    if (!l || !l->slots) return 0;
    for (uint32_t h = hash(w, n) & l->mask;; h = (h + 1) & l->mask) {
        uint32_t s = l->slots[h];
        if (!s) return 0;
        const char *p = l->pool + s - 1;
        if (strncmp(p, w, n) == 0 && p[n] == '\0') return 1;
    }
}

int bp_stop_load(bp_stoplist *l, const char *path, char *err, size_t errsz) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsz, "cannot open stopword list %s", path);
        return WEFT_EIO;
    }
    char line[256];
    size_t words = 0, bytes = 0, lineno = 0;
    bp_buf pool = {0};
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strcspn(line, "\r\n");
        if (n == sizeof line - 1) {
            snprintf(err, errsz, "%s:%zu: line too long for a stopword", path, lineno);
            goto fail;
        }
        if (!n) continue;
        if (weft_utf8_valid_prefix(line, n) != n) {
            snprintf(err, errsz, "%s:%zu: not valid UTF-8", path, lineno);
            goto fail;
        }
        char low[256 * 2];
        size_t m = lower_word(line, n, low, sizeof low);
        if (!m || bp_buf_put(&pool, low, m) || bp_buf_putc(&pool, '\0')) {
            snprintf(err, errsz, "%s:%zu: out of memory", path, lineno);
            goto fail;
        }
        words++;
        bytes += m + 1;
    }
    if (ferror(f)) {
        snprintf(err, errsz, "%s: read error", path);
        goto fail;
    }
    fclose(f);
    f = NULL;
    uint32_t cap = 64;
    while (cap < words * 2 + 1) cap *= 2;
    l->slots = calloc(cap, sizeof *l->slots);
    if (!l->slots) {
        snprintf(err, errsz, "out of memory loading %s", path);
        goto fail;
    }
    l->mask = cap - 1;
    l->pool = pool.p;
    for (size_t off = 0; off < bytes;) {
        size_t n = strlen(pool.p + off);
        if (!bp_stop_has(l, pool.p + off, n)) {
            uint32_t h = hash(pool.p + off, n) & l->mask;
            while (l->slots[h]) h = (h + 1) & l->mask;
            l->slots[h] = (uint32_t)off + 1;
        }
        off += n + 1;
    }
    return WEFT_OK;
fail:
    if (f) fclose(f);
    bp_buf_free(&pool);
    free(l->slots);
    l->slots = NULL;
    return WEFT_EDATA;
}

void bp_stop_free(bp_stoplist *l) {
    free(l->pool);
    free(l->slots);
    l->pool = NULL;
    l->slots = NULL;
}

/* The next word of s at or after *i: sets [*b, *i) and returns 1, or 0 at
 * the end. A word is a run of word characters not starting with '. */
static int next_word(const char *s, size_t n, size_t *i, size_t *b) {
    const unsigned char *u = (const unsigned char *)s;
    while (*i < n) {
        uint32_t c;
        size_t k = bp_next_cp(u + *i, n - *i, &c);
        if (!is_word_cp(c) || c == '\'') {
            *i += k;
            continue;
        }
        *b = *i;
        while (*i < n) {
            k = bp_next_cp(u + *i, n - *i, &c);
            if (!is_word_cp(c)) break;
            *i += k;
        }
        return 1;
    }
    return 0;
}

void bp_stop_count(const bp_stoplist *l, const char *s, size_t n, uint32_t *words,
                   uint32_t *stops) {
    uint32_t nw = 0, ns = 0;
    size_t i = 0, b;
    while (next_word(s, n, &i, &b)) {
        nw++;
        if (l) {
            char low[128];
            size_t m = lower_word(s + b, i - b, low, sizeof low);
            if (m && bp_stop_has(l, low, m)) ns++;
        }
    }
    *words = nw;
    *stops = ns;
}

const bp_stoplist *bp_stop_pick(const bp_shared *sh, const char *lang, size_t langlen,
                                const char *sample, size_t n) {
    if (sh->fixed_list >= 0) return &sh->lists[sh->fixed_list];
    if (lang && langlen >= 2) {
        char code[3] = {(char)(lang[0] | 0x20), (char)(lang[1] | 0x20), 0};
        if (langlen == 2 || lang[2] == '-' || lang[2] == '_')
            for (size_t i = 0; i < sh->nlists; i++)
                if (strcmp(sh->lists[i].code, code) == 0) return &sh->lists[i];
    }
    /* No usable declaration: the list that covers most of the sample. Each
     * word is split and lowercased once and looked up in every list. */
    uint32_t hits[64] = {0}, words = 0;
    size_t nl = sh->nlists < 64 ? sh->nlists : 64;
    size_t i = 0, b;
    while (next_word(sample, n, &i, &b)) {
        words++;
        char low[128];
        size_t m = lower_word(sample + b, i - b, low, sizeof low);
        if (!m) continue;
        uint32_t h = hash(low, m);
        for (size_t l = 0; l < nl; l++)
            if (has_hashed(&sh->lists[l], low, m, h)) hits[l]++;
    }
    if (words < 5) return sh->nlists ? &sh->lists[0] : NULL;
    const bp_stoplist *best = NULL;
    double best_ratio = 0.08;
    for (size_t l = 0; l < nl; l++) {
        double r = (double)hits[l] / words;
        if (r > best_ratio) best_ratio = r, best = &sh->lists[l];
    }
    return best;
}
