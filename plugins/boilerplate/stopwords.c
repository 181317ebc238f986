/* Stopword lists (jusText's, one word a line) as hash sets, and language
 * choice for a document. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bp.h"
#include "weft/unicode.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* Letters, digits and the apostrophe make words; everything else splits. */
static int is_word_cp(uint32_t c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '\'';
    return bp_stop_word_cp(c);
}

/* Lowercases s[0,n) into out (at most cap bytes); 0 when it does not fit.
 * Simple (one-to-one) lower case of the shared Unicode table: every script
 * the lists may use, without language rules. */
size_t bp_stop_lower(const char *s, size_t n, char *out, size_t cap) {
    size_t o = 0, i = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (i < n) {
        if (o + 4 > cap) return 0;
        if (u[i] < 0x80) { /* most words are ASCII */
            out[o++] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] + 32 : u[i]);
            i++;
            continue;
        }
        uint32_t c;
        i += bp_next_cp(u + i, n - i, &c);
        o += weft_utf8_encode(weft_uc_tolower(c), (unsigned char *)out + o);
    }
    return o;
}

const unsigned char bp_word_mask[BP_STOP_SHORT + 1][8] = {
    {0},
    {0xFF},
    {0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
    {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};

static uint32_t len_bit(size_t n) {
    return n >= 32 ? 1u << 31 : 1u << (n - 1);
}

/* Bit of the pair of first bytes (a, b) in bp_stoplist.pairs. */
static size_t pair_at(unsigned char a, unsigned char b) {
    return (size_t)a << 8 | b;
}

/* Notes a word of the list in its filters. */
static void filter_add(bp_stoplist *l, const char *w, size_t n) {
    const unsigned char *u = (const unsigned char *)w;
    l->lens[u[0]] |= len_bit(n);
    if (n >= 2) l->pairs[pair_at(u[0], u[1]) >> 6] |= (uint64_t)1 << (pair_at(u[0], u[1]) & 63);
}

/* A word of 1 to BP_STOP_SHORT bytes as its key in short_keys: never 0. */
static uint64_t short_key(const char *w, size_t n) {
    uint64_t k = 0;
    memcpy(&k, w, n); /* the bytes' order in k is the machine's: same for every key */
    return k | (uint64_t)n << 56;
}

/* Lays the short words of l->words out in l->short_keys (load at most
 * one half). 0, or -1 out of memory. */
static int short_build(bp_stoplist *l) {
    size_t cnt = 0;
    for (size_t k = 0; k < l->words.n; k++) cnt += l->words.e[k].len <= BP_STOP_SHORT;
    size_t slots = 16;
    while (slots < 2 * cnt) slots *= 2;
    l->short_keys = calloc(slots, sizeof *l->short_keys);
    if (!l->short_keys) return -1;
    l->short_mask = (uint32_t)(slots - 1);
    for (size_t k = 0; k < l->words.n; k++) {
        const weft_strmap_entry *e = &l->words.e[k];
        if (e->len > BP_STOP_SHORT) continue;
        uint64_t key = short_key(weft_strmap_key(&l->words, e), e->len);
        size_t i = bp_stop_slot(key, l->short_mask);
        while (l->short_keys[i] && l->short_keys[i] != key) i = (i + 1) & l->short_mask;
        l->short_keys[i] = key;
    }
    return 0;
}

void bp_stop_long_build(bp_stoplist *l) {
    memset(l->long_bits, 0, sizeof l->long_bits);
    for (size_t k = 0; k < l->words.n; k++) {
        const weft_strmap_entry *e = &l->words.e[k];
        if (e->len <= BP_STOP_SHORT) continue;
        uint64_t x;
        memcpy(&x, weft_strmap_key(&l->words, e), 8);
        unsigned h = bp_stop_long_bit(x, e->len);
        l->long_bits[h >> 6] |= (uint64_t)1 << (h & 63);
    }
}

int bp_stop_has(const bp_stoplist *l, const char *w, size_t n) {
    if (!l || !n) return 0;
    const unsigned char *u = (const unsigned char *)w;
    if (!(l->lens[u[0]] & len_bit(n))) return 0;
    if (n >= 2 && !(l->pairs[pair_at(u[0], u[1]) >> 6] >> (pair_at(u[0], u[1]) & 63) & 1)) return 0;
    if (n <= BP_STOP_SHORT && l->short_keys) {
        uint64_t key = short_key(w, n);
        for (size_t i = bp_stop_slot(key, l->short_mask);; i = (i + 1) & l->short_mask) {
            if (l->short_keys[i] == key) return 1;
            if (!l->short_keys[i]) return 0;
        }
    }
    if (n > BP_STOP_SHORT) {
        uint64_t x;
        memcpy(&x, w, 8);
        unsigned h = bp_stop_long_bit(x, n);
        if (!(l->long_bits[h >> 6] >> (h & 63) & 1)) return 0;
    }
    return weft_strmap_find(&l->words, w, n) != NULL;
}

/* Longest line taken as a stopword (longer lines are an error). */
#define STOP_LINE_MAX 254

int bp_stop_load_text(bp_stoplist *l, const char *name, const char *text, size_t len, char *err,
                      size_t errsz) {
    weft_strmap_init(&l->words);
    l->short_keys = NULL;
    l->short_mask = 0;
    memset(l->lens, 0, sizeof l->lens);
    memset(l->pairs, 0, sizeof l->pairs);
    /* A word a line: the map is sized for them all at once (#17). Lowering
     * may lengthen a word, so the pool is a guess; adding still grows it. */
    size_t lines = 1;
    for (const char *p = text, *e = text + len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        lines++;
    if (weft_strmap_reserve(&l->words, lines, len)) {
        snprintf(err, errsz, "%s: out of memory", name);
        goto fail;
    }
    size_t lineno = 0;
    for (size_t pos = 0; pos < len;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - line) : len - pos;
        pos += end + 1;
        lineno++;
        size_t n = 0;
        while (n < end && line[n] != '\r' && line[n] != '\0') n++;
        if (n > STOP_LINE_MAX) {
            snprintf(err, errsz, "%s:%zu: line too long for a stopword", name, lineno);
            goto fail;
        }
        if (!n) continue;
        if (weft_utf8_valid_prefix(line, n) != n) {
            snprintf(err, errsz, "%s:%zu: not valid UTF-8", name, lineno);
            goto fail;
        }
        char low[(STOP_LINE_MAX + 2) * 2];
        size_t m = bp_stop_lower(line, n, low, sizeof low);
        if (!m || !weft_strmap_add(&l->words, low, m, NULL)) {
            snprintf(err, errsz, "%s:%zu: out of memory", name, lineno);
            goto fail;
        }
        filter_add(l, low, m);
    }
    bp_stop_long_build(l);
    if (short_build(l)) {
        snprintf(err, errsz, "%s: out of memory", name);
        goto fail;
    }
    return WEFT_OK;
fail:
    weft_strmap_free(&l->words);
    return WEFT_EDATA;
}

void bp_stop_free(bp_stoplist *l) {
    weft_strmap_free(&l->words);
    free(l->short_keys);
    l->short_keys = NULL;
}

int bp_stop_any_fast(bp_shared *sh) {
    bp_stop_fast *f = &sh->any_fast;
    bp_stop_any_free(sh);
    size_t nl = sh->nlists < 32 ? sh->nlists : 32;
    for (size_t l = 0; l < nl; l++) {
        for (size_t c = 0; c < 256; c++) f->lens[c] |= sh->lists[l].lens[c];
        for (size_t k = 0; k < 1024; k++) f->pairs[k] |= sh->lists[l].pairs[k];
    }
    const weft_strmap *m = &sh->stop_any;
    size_t cnt = 0;
    for (size_t k = 0; k < m->n; k++) cnt += m->e[k].len <= BP_STOP_SHORT;
    size_t slots = 16;
    while (slots < 2 * cnt) slots *= 2;
    f->keys = calloc(slots, sizeof *f->keys);
    f->bits = calloc(slots, sizeof *f->bits);
    if (!f->keys || !f->bits) {
        bp_stop_any_free(sh);
        return WEFT_ENOMEM;
    }
    f->mask = (uint32_t)(slots - 1);
    for (size_t k = 0; k < m->n; k++) {
        const weft_strmap_entry *e = &m->e[k];
        if (e->len > BP_STOP_SHORT) {
            uint64_t x;
            memcpy(&x, weft_strmap_key(m, e), 8);
            unsigned h = bp_stop_any_long_bit(x, e->len);
            f->long_bits[h >> 6] |= (uint64_t)1 << (h & 63);
            continue;
        }
        if (e->len == 0) continue;
        uint64_t key = short_key(weft_strmap_key(m, e), e->len);
        size_t i = bp_stop_slot(key, f->mask);
        while (f->keys[i] && f->keys[i] != key) i = (i + 1) & f->mask;
        f->keys[i] = key;
        f->bits[i] |= e->value;
    }
    return WEFT_OK;
}

void bp_stop_any_free(bp_shared *sh) {
    free(sh->any_fast.keys);
    free(sh->any_fast.bits);
    memset(&sh->any_fast, 0, sizeof sh->any_fast);
}

/* The lists holding the lowered word w[0, m) (m > 0), as stop_any's bits,
 * past any_fast's filters on its first bytes and length: its short key in
 * any_fast (built), else stop_any. */
static inline uint32_t any_find(const bp_shared *sh, const char *w, size_t m) {
    const bp_stop_fast *f = &sh->any_fast;
    if (f->keys && m <= BP_STOP_SHORT) {
        uint64_t key = short_key(w, m);
        for (size_t i = bp_stop_slot(key, f->mask);; i = (i + 1) & f->mask) {
            if (f->keys[i] == key) return f->bits[i];
            if (!f->keys[i]) return 0;
        }
    }
    const weft_strmap_entry *e = weft_strmap_find(&sh->stop_any, w, m);
    return e ? e->value : 0;
}

/* The lists holding the lowered word w[0, m) (m > 0), as stop_any's bits:
 * through any_fast when built. */
static inline uint32_t any_bits(const bp_shared *sh, const char *w, size_t m) {
    const bp_stop_fast *f = &sh->any_fast;
    if (f->keys) {
        const unsigned char *u = (const unsigned char *)w;
        if (!(f->lens[u[0]] & len_bit(m))) return 0;
        if (m >= 2 && !(f->pairs[pair_at(u[0], u[1]) >> 6] >> (pair_at(u[0], u[1]) & 63) & 1))
            return 0;
    }
    return any_find(sh, w, m);
}

/* is_word_cp for an ASCII byte, folded: the byte in lower case for letters,
 * digits and the apostrophe, 0 for a byte that splits words. */
static const unsigned char ascii_word_low[128] = {
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,
    0,   39,  0,   0,   0,   0,   0,   0,   0,   0,   48,  49,  50,  51,  52,  53,  54,  55,  56,
    57,  0,   0,   0,   0,   0,   0,   0,   97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107,
    108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0,   0,   0,   0,
    0,   0,   97,  98,  99,  100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113,
    114, 115, 116, 117, 118, 119, 120, 121, 122, 0,   0,   0,   0,   0,
};

/* Size of the buffer a word is lower-cased into (a power of two). */
#define WORD_CAP 128

/* Where the next word starts at or after p (a word character other than
 * '), or n. */
static inline size_t skip_to_word(const unsigned char *u, size_t n, size_t p) {
    while (p < n) {
        if (u[p] < 0x80) {
            unsigned char v = ascii_word_low[u[p]];
            if (v && v != '\'') return p;
            p++;
        } else {
            uint32_t c;
            size_t k = bp_next_cp(u + p, n - p, &c);
            if (bp_stop_word_cp(c)) return p;
            p += k;
        }
    }
    return n;
}

/* The next word of s at or after *i: sets [*b, *i) and returns 1, or 0 at
 * the end. A word is a run of word characters not starting with '. The
 * word is also lower-cased into low (WORD_CAP bytes) as bp_stop_lower would:
 * *m is its length, or 0 when it does not fit. An ASCII word is lowered
 * while it is read, any other by bp_stop_lower. */
static inline int next_word(const char *s, size_t n, size_t *i, size_t *b, char *low, size_t *m) {
    const unsigned char *u = (const unsigned char *)s;
    size_t p = skip_to_word(u, n, *i);
    if (p < n) {
        uint32_t c;
        size_t start = p, o = 0;
        int ascii = 1;
        while (p < n) {
            unsigned char x = u[p];
            if (x < 0x80) {
                unsigned char v = ascii_word_low[x];
                if (!v) break;
                /* Past the buffer the bytes are dropped (the word does not
                 * fit then): the index wraps instead of testing. */
                low[o & (WORD_CAP - 1)] = (char)v;
                o++;
                p++;
            } else {
                size_t k = bp_next_cp(u + p, n - p, &c);
                if (!is_word_cp(c)) break;
                ascii = 0;
                p += k;
            }
        }
        *b = start;
        *i = p;
        /* bp_stop_lower gives up before a character when 4 more bytes would
         * not fit: an ASCII word of o bytes fits when o + 3 <= WORD_CAP. */
        *m = ascii ? (o + 3 <= WORD_CAP ? o : 0)
                   : bp_stop_lower(s + start, p - start, low, WORD_CAP);
        return 1;
    }
    *i = p;
    return 0;
}

/* A block's words are read here for every block of every plain-text
 * document: next_word is inlined (no call per word), and an ASCII word is
 * lowered while it is read. */
void bp_stop_count(const bp_stoplist *l, const char *s, size_t n, uint32_t *words,
                   uint32_t *stops) {
    uint32_t nw = 0, ns = 0;
    char low[WORD_CAP];
    size_t i = 0, b, m;
    while (next_word(s, n, &i, &b, low, &m)) {
        nw++;
        if (l && m && bp_stop_has(l, low, m)) ns++;
    }
    *words = nw;
    *stops = ns;
}

void bp_stop_count_any(const bp_shared *sh, const char *s, size_t n, uint32_t *words,
                       uint32_t stops[32]) {
    uint32_t nw = 0;
    char low[WORD_CAP];
    size_t i = 0, b, m;
    while (next_word(s, n, &i, &b, low, &m)) {
        nw++;
        if (!m) continue;
        for (uint32_t bits = any_bits(sh, low, m); bits; bits &= bits - 1)
            stops[__builtin_ctz(bits)]++;
    }
    *words += nw;
}

int bp_stop_index(bp_shared *sh) {
    weft_strmap_init(&sh->stop_any);
    size_t nl = sh->nlists < 32 ? sh->nlists : 32;
    /* Sized for every word of every list at once (words shared by lists
     * make it larger than needed): no rehash by doubling (#17). */
    size_t words = 0, bytes = 0;
    for (size_t l = 0; l < nl; l++) {
        words += sh->lists[l].words.n;
        bytes += sh->lists[l].words.pool_len;
    }
    if (weft_strmap_reserve(&sh->stop_any, words, bytes)) {
        weft_strmap_free(&sh->stop_any);
        return WEFT_ENOMEM;
    }
    for (size_t l = 0; l < nl; l++) {
        const weft_strmap *w = &sh->lists[l].words;
        for (size_t k = 0; k < w->n; k++) {
            weft_strmap_entry *e =
                weft_strmap_add(&sh->stop_any, weft_strmap_key(w, &w->e[k]), w->e[k].len, NULL);
            if (!e) {
                weft_strmap_free(&sh->stop_any);
                return WEFT_ENOMEM;
            }
            e->value |= (uint32_t)1 << l;
        }
    }
    return WEFT_OK;
}

/* Can the ASCII word u[0, m) (m > BP_STOP_SHORT) be in a list? Its first
 * eight bytes lowered and its length in any_fast's long_bits. */
static inline int any_long_may(const bp_stop_fast *f, const unsigned char *u, size_t m) {
    uint64_t x;
    memcpy(&x, u, 8);
    unsigned h = bp_stop_any_long_bit(bp_fold8(x), m);
    return (int)(f->long_bits[h >> 6] >> (h & 63) & 1);
}

/* One word of bp_stop_pick's sample, s[start, p) (s[0, n) may be read),
 * looked up in every list at once (any_fast): a short ASCII word is read
 * with one 8-byte load, lowered by bp_fold8 and found by its key; any other
 * is lowered as next_word lowers it. Returns the bits of the lists holding
 * it; pick_word adds list l's hit to hits[l]. */
static inline uint32_t any_word_bits(const bp_shared *sh, const char *s, size_t n, size_t start,
                                     size_t p, int ascii) {
    const bp_stop_fast *f = &sh->any_fast;
    const unsigned char *u = (const unsigned char *)s;
    char low[WORD_CAP];
    size_t m = p - start;
    uint32_t bits;
    if (ascii && m <= BP_STOP_SHORT && start + 8 <= n) {
        uint64_t x;
        memcpy(&x, u + start, 8);
        bits = bp_stop_any_short(f, x, m);
    } else if (ascii) {
        /* what bp_stop_lower would not fit (and no word is empty) */
        if (m + 3 > WORD_CAP || !m) return 0;
        /* most long words are in no list: their first eight bytes and
         * length, then the filters on the first two bytes and the length,
         * before lowering */
        if (m > BP_STOP_SHORT && start + 8 <= n && f->keys && !any_long_may(f, u + start, m))
            return 0;
        unsigned char f0 = ascii_word_low[u[start]];
        if (!(f->lens[f0] & len_bit(m))) return 0;
        if (m >= 2) {
            unsigned char f1 = ascii_word_low[u[start + 1]];
            if (!(f->pairs[pair_at(f0, f1) >> 6] >> (pair_at(f0, f1) & 63) & 1)) return 0;
        }
        for (size_t j = 0; j < m; j++) low[j] = (char)ascii_word_low[u[start + j]];
        /* the filters were read on the bytes as lowered */
        bits = f->keys ? any_find(sh, low, m) : any_bits(sh, low, m);
    } else {
        m = bp_stop_lower(s + start, m, low, WORD_CAP);
        if (!m) return 0;
        bits = any_bits(sh, low, m);
    }
    return bits;
}

static inline void pick_word(const bp_shared *sh, const char *s, size_t n, size_t start, size_t p,
                             int ascii, uint32_t hits[32]) {
    for (uint32_t bits = any_word_bits(sh, s, n, start, p, ascii); bits; bits &= bits - 1)
        hits[__builtin_ctz(bits)]++;
}

uint32_t bp_stop_any_word(const bp_shared *sh, const char *s, size_t n, size_t start, size_t p,
                          int ascii) {
    return any_word_bits(sh, s, n, start, p, ascii);
}

#if defined(__SSE2__) && defined(__GNUC__)
/* Bytes of x in [lo, lo + span], as bits. */
static inline unsigned pick_in(__m128i x, char lo, char span) {
    __m128i t = _mm_sub_epi8(x, _mm_set1_epi8(lo));
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(span)), t));
}

/* bp_stop_pick's count over the sample when every list is in any_fast: the
 * words next_word would split, each looked up once (pick_word). The sample
 * is read 64 bytes at a time as bit masks (bit k: the byte at base + k) of
 * its ASCII word bytes, its apostrophes and its bytes from 0x80, as
 * plainline.c's pass reads a line: a word is a run of word bytes less the
 * apostrophes that open it, and only the characters from U+0080 are
 * decoded (each once, its word class spread over its bytes). Returns the
 * words. */
static uint32_t pick_count_fast(const bp_shared *sh, const char *s, size_t n, uint32_t hits[32]) {
    const unsigned char *u = (const unsigned char *)s;
    uint32_t words = 0;
    /* runs going on from the chunk before: word bytes, their leading
     * apostrophes, words */
    bp_run_carry runs = {0, 0, 0};
    /* a word still open at the chunk's end: its start, and whether it is
     * ASCII so far */
    int wopen = 0, wascii = 1;
    size_t wat = 0;
    /* the bytes of a character begun in the chunk before, and its class */
    unsigned skip = 0;
    int skip_word = 0;
    unsigned char tail[64];
    for (size_t base = 0; base < n; base += 64) {
        size_t len = n - base < 64 ? n - base : 64;
        const unsigned char *p = u + base;
        if (len & 15) {
            /* whole 16-byte chunks: the last ones padded with zeros */
            size_t whole = len & ~(size_t)15;
            memset(tail + whole, 0, 16);
            memcpy(tail + whole, p + whole, len - whole);
            if (whole) memcpy(tail, p, whole);
            p = tail;
        }
        uint64_t W = 0, apos = 0, hi = 0;
        for (size_t k = 0; k * 16 < len; k++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + k * 16));
            __m128i f = _mm_or_si128(x, _mm_set1_epi8(0x20));
            unsigned a = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
            unsigned sh16 = (unsigned)k * 16;
            W |= (uint64_t)(pick_in(f, 'a', 25) | pick_in(x, '0', 9) | a) << sh16;
            apos |= (uint64_t)a << sh16;
            hi |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << sh16;
        }
        uint64_t valid = len < 64 ? (1ull << len) - 1 : ~0ull;
        hi &= valid;
        uint64_t ahi = hi; /* the bytes that make a word not ASCII */
        if (skip) {
            uint64_t sm = (1ull << skip) - 1;
            hi &= ~sm;
            if (skip_word) W |= sm;
            skip = 0;
        }
        /* characters from U+0080: each decoded once, its class set on all
         * its bytes */
        while (hi) {
            unsigned r = (unsigned)__builtin_ctzll(hi);
            size_t i = base + r;
            uint32_t cp;
            size_t l = bp_next_cp(u + i, n - i, &cp);
            unsigned e = r + (unsigned)l;
            uint64_t cm = (e < 64 ? (1ull << e) - 1 : ~0ull) & ~((1ull << r) - 1);
            int word = bp_stop_word_cp(cp);
            if (e > 64) skip = e - 64, skip_word = word;
            hi &= ~cm;
            if (word) W |= cm;
        }
        /* words: runs of word bytes less the apostrophes that open them */
        uint64_t me, ms = bp_stop_runs(&runs, W, apos, &me);
        words += bp_pop64(ms);
        if (wopen) {
            if (!me) {
                wascii = wascii && !ahi;
                continue;
            }
            unsigned e = (unsigned)__builtin_ctzll(me);
            me &= me - 1;
            wascii = wascii && !(ahi & ((1ull << e) - 1));
            pick_word(sh, s, n, wat, base + e, wascii, hits);
            wopen = 0;
        }
        while (ms) {
            unsigned a = (unsigned)__builtin_ctzll(ms);
            ms &= ms - 1;
            if (!me) {
                wopen = 1;
                wat = base + a;
                wascii = !(ahi >> a);
                break;
            }
            unsigned e = (unsigned)__builtin_ctzll(me);
            me &= me - 1;
            pick_word(sh, s, n, base + a, base + e, !(ahi & ((1ull << e) - (1ull << a))), hits);
        }
    }
    if (wopen) pick_word(sh, s, n, wat, n, wascii, hits);
    return words;
}
#else
/* The end of the run of ASCII word bytes (letters, digits, the apostrophe)
 * from u[p]: the first other byte (maybe one from 0x80), or n. */
static size_t ascii_word_end(const unsigned char *u, size_t n, size_t p) {
    while (p < n && u[p] < 0x80 && ascii_word_low[u[p]]) p++;
    return p;
}

/* bp_stop_pick's count over the sample when every list is in any_fast:
 * the words next_word would split, each looked up once (pick_word).
 * Returns the words. */
static uint32_t pick_count_fast(const bp_shared *sh, const char *s, size_t n, uint32_t hits[32]) {
    const unsigned char *u = (const unsigned char *)s;
    uint32_t words = 0;
    for (size_t p = skip_to_word(u, n, 0); p < n; p = skip_to_word(u, n, p)) {
        uint32_t c;
        size_t start = p;
        int ascii = 1;
        p = ascii_word_end(u, n, p);
        while (p < n) {
            if (u[p] < 0x80) {
                if (!ascii_word_low[u[p]]) break;
                p++;
                continue;
            }
            size_t k = bp_next_cp(u + p, n - p, &c);
            if (!bp_stop_word_cp(c)) break;
            ascii = 0;
            p += k;
        }
        words++;
        pick_word(sh, s, n, start, p, ascii, hits);
    }
    return words;
}
#endif

/* The words of the sample, and in hits[l] those list l holds (the first
 * nl lists, nl <= 64). Each word is split and lowercased once and looked
 * up in every list. */
uint32_t bp_stop_pick_count(const bp_shared *sh, const char *sample, size_t n, size_t nl,
                            uint32_t hits[64]) {
    uint32_t words = 0;
    /* Lists 0..31 in one lookup (bp_stop_index) when the index is built. */
    size_t first = sh->stop_any.n ? (nl < 32 ? nl : 32) : 0;
    size_t i = 0, b, m;
    char low[WORD_CAP];
    int fast = first == nl && sh->any_fast.keys;
    if (fast) return pick_count_fast(sh, sample, n, hits);
    while (next_word(sample, n, &i, &b, low, &m)) {
        words++;
        if (!m) continue;
        if (first)
            for (uint32_t bits = any_bits(sh, low, m); bits; bits &= bits - 1)
                hits[__builtin_ctz(bits)]++;
        if (first == nl) continue;
        uint64_t h = weft_strmap_hash(low, m);
        for (size_t l = first; l < nl; l++)
            if (weft_strmap_find_hashed(&sh->lists[l].words, low, m, h)) hits[l]++;
    }
    return words;
}

int bp_stop_pick_declared(const bp_shared *sh, const char *lang, size_t langlen,
                          const bp_stoplist **list) {
    if (sh->fixed_list >= 0) {
        *list = &sh->lists[sh->fixed_list];
        return 1;
    }
    if (lang && langlen >= 2) {
        char code[3] = {(char)(lang[0] | 0x20), (char)(lang[1] | 0x20), 0};
        if (langlen == 2 || lang[2] == '-' || lang[2] == '_')
            for (size_t i = 0; i < sh->nlists; i++)
                if (strcmp(sh->lists[i].code, code) == 0) {
                    *list = &sh->lists[i];
                    return 1;
                }
    }
    return 0;
}

int bp_stop_pick_by_any(const bp_shared *sh) {
    return sh->stop_any.n && sh->nlists && sh->nlists <= 32 && sh->any_fast.keys;
}

const bp_stoplist *bp_stop_pick(const bp_shared *sh, const char *lang, size_t langlen,
                                const char *sample, size_t n) {
    const bp_stoplist *l;
    if (bp_stop_pick_declared(sh, lang, langlen, &l)) return l;
    /* No usable declaration: the list that covers most of the sample. */
    uint32_t hits[64] = {0};
    size_t nl = sh->nlists < 64 ? sh->nlists : 64;
    uint32_t words = bp_stop_pick_count(sh, sample, n, nl, hits);
    return bp_stop_pick_best(sh, words, hits);
}

const bp_stoplist *bp_stop_pick_best(const bp_shared *sh, uint32_t words, const uint32_t hits[64]) {
    size_t nl = sh->nlists < 64 ? sh->nlists : 64;
    if (words < 5) return sh->nlists ? &sh->lists[0] : NULL;
    const bp_stoplist *best = NULL;
    double best_ratio = 0.08;
    for (size_t l = 0; l < nl; l++) {
        double r = (double)hits[l] / words;
        if (r > best_ratio) best_ratio = r, best = &sh->lists[l];
    }
    return best;
}

/* Does a list with `lead` words in a sample lead one with `other` clearly? */
static int pick_leads(uint32_t lead, uint32_t other) {
    return lead >= other + BP_PICK_CLEAR_LEAD && lead * 4 >= other * 5;
}

const bp_stoplist *bp_stop_pick_report(const bp_shared *sh, const bp_stoplist *picked,
                                       const char *sample, size_t n) {
    if (!picked || sh->fixed_list >= 0 || n > BP_PICK_CLEAR_BYTES || !sh->nlists) return picked;
    uint32_t hits[64] = {0};
    size_t nl = sh->nlists < 64 ? sh->nlists : 64;
    uint32_t words = bp_stop_pick_count(sh, sample, n, nl, hits);
    return bp_stop_pick_report_counts(sh, picked, n, words, hits);
}

const bp_stoplist *bp_stop_pick_report_counts(const bp_shared *sh, const bp_stoplist *picked,
                                              size_t n, uint32_t words, const uint32_t hits[64]) {
    if (!picked || sh->fixed_list >= 0 || n > BP_PICK_CLEAR_BYTES || !sh->nlists) return picked;
    size_t nl = sh->nlists < 64 ? sh->nlists : 64;
    if (words < 5) return picked; /* the default list, as bp_stop_pick gives it */
    uint32_t best = 0, second = 0;
    for (size_t l = 0; l < nl; l++) {
        if (&sh->lists[l] == picked)
            best = hits[l];
        else if (hits[l] > second)
            second = hits[l];
    }
    if (pick_leads(best, second)) return picked;
    /* no clear leader: the default list when the pick does not lead it
     * either, else none */
    return pick_leads(best, hits[0]) ? NULL : &sh->lists[0];
}
