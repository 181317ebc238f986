/*
 * Gazetteer hash table and loaders. Phrases are stored case-folded (simple
 * case folding of the shared Unicode table, weft/unicode.h) so that
 * headlines in capitals find them too, in every cased script; the rules,
 * not the table, decide what capitalisation means.
 *
 * Folding, not lower-casing: Greek final sigma folds like sigma, so ΝΙΚΟΣ
 * finds Νίκος. The hash, the key comparison and the stored keys all go
 * through fold_ascii() and fold_other(), so they cannot fold differently.
 */
#include "gaz.h"

#include <stdio.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

#include "weft/unicode.h"
#include "weft/utf8.h"

/* ASCII case folding: the table's fold for U+0000..U+007F, without it. */
static inline unsigned char fold_ascii(unsigned c) {
    return (unsigned char)(c - 'A' < 26u ? c + 32 : c);
}

/*
 * Case-fold the non-ASCII character at s[*i] (i < n) into out, advance *i
 * past it and return the folded bytes (1..4). An invalid byte is kept as it
 * is (gazetteer keys are valid UTF-8, so such a token never matches, but it
 * hashes the same way everywhere).
 */
static inline size_t fold_other(const unsigned char *s, size_t n, size_t *i, unsigned char out[4]) {
    int32_t cp;
    size_t k = weft_utf8_decode(s + *i, n - *i, &cp);
    if (cp < 0) {
        out[0] = s[*i];
        *i += 1;
        return 1;
    }
    *i += k;
    /* a valid scalar folds to a valid scalar, so this never returns 0 */
    return weft_utf8_encode(weft_uc_fold((uint32_t)cp), out);
}

uint64_t gaz_hash_tok(uint64_t h, const char *str, size_t n, int first) {
    const unsigned char *s = (const unsigned char *)str;
    if (!first) h = weft_fnv64_byte(h, ' ');
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            h = weft_fnv64_byte(h, fold_ascii(s[i++]));
        } else {
            unsigned char f[4];
            h = weft_fnv64(h, f, fold_other(s, n, &i, f));
        }
    }
    return h;
}

int gaz_fold_eq(const char *str, size_t n, const char *keystr, size_t keylen, size_t *k) {
    const unsigned char *s = (const unsigned char *)str, *key = (const unsigned char *)keystr;
    size_t j = *k;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            if (j >= keylen || key[j] != fold_ascii(s[i])) return 0;
            i++, j++;
        } else {
            unsigned char f[4];
            size_t m = fold_other(s, n, &i, f);
            if (m > keylen - j || memcmp(key + j, f, m)) return 0;
            j += m;
        }
    }
    *k = j;
    return 1;
}

size_t gaz_fold(const char *str, size_t n, char *out, size_t cap) {
    const unsigned char *s = (const unsigned char *)str;
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            if (j >= cap) return SIZE_MAX;
            out[j++] = (char)fold_ascii(s[i++]);
        } else {
            unsigned char f[4];
            size_t m = fold_other(s, n, &i, f);
            if (m > cap - j) return SIZE_MAX;
            memcpy(out + j, f, m);
            j += m;
        }
    }
    return j;
}

void gaz_init(gaz *g) {
    memset(g, 0, sizeof *g);
    weft_hindex_init(&g->ix);
}

void gaz_free(gaz *g) {
    if (g->view) {
        if (g->unmap) (void)munmap(g->unmap, g->unmap_len);
        gaz_init(g);
        return;
    }
    free(g->e);
    weft_hindex_free(&g->ix);
    free(g->pool);
    for (size_t i = 0; i < g->nlabels; i++) free(g->labels[i]);
    free(g->labels);
    gaz_init(g);
}

size_t gaz_bytes(const gaz *g) {
    return g->cap * sizeof *g->e + (g->ix.slots ? (g->ix.mask + 1) * sizeof *g->ix.slots : 0) +
           g->cappool + g->nlabels * sizeof *g->labels;
}

const gaz_entry *gaz_find(const gaz *g, uint64_t h, const gaz_tok *toks, size_t ntok) {
    for (weft_hprobe p = weft_hindex_probe(&g->ix, h);;) {
        size_t ei = weft_hindex_next(&g->ix, &p);
        if (ei == WEFT_HINDEX_NONE) return NULL;
        const gaz_entry *e = &g->e[ei];
        if (e->hash != h || e->ntok != ntok) continue;
        const char *key = g->pool + e->key;
        size_t k = 0, i;
        for (i = 0; i < ntok; i++) {
            if (i) {
                if (k >= e->keylen || key[k] != ' ') break;
                k++;
            }
            if (!gaz_fold_eq(toks[i].s, toks[i].n, key, e->keylen, &k)) break;
        }
        if (i == ntok && k == e->keylen) return e;
    }
}

/* Entry whose folded key is key[0..klen) (hash h), or NULL. */
static gaz_entry *find_key(const gaz *g, uint64_t h, const unsigned char *key, size_t klen) {
    for (weft_hprobe p = weft_hindex_probe(&g->ix, h);;) {
        size_t ei = weft_hindex_next(&g->ix, &p);
        if (ei == WEFT_HINDEX_NONE) return NULL;
        gaz_entry *e = &g->e[ei];
        if (e->hash == h && e->keylen == klen && !memcmp(g->pool + e->key, key, klen)) return e;
    }
}

/* Insert or merge one (already tokenised) phrase, folded into kb (room for
 * twice the phrase's bytes: no character's fold takes more) and hashed as
 * gaz_hash_tok hashes its tokens. */
static int put_folded(gaz *g, const gaz_tok *t, size_t nt, unsigned char *kb, uint32_t flags,
                      uint32_t pop, uint16_t rank, uint16_t user) {
    size_t klen = 0;
    uint64_t h = GAZ_SEED;
    for (size_t i = 0; i < nt; i++) {
        if (i) h = weft_fnv64_byte(h, kb[klen++] = ' ');
        const unsigned char *s = (const unsigned char *)t[i].s;
        for (size_t b = 0; b < t[i].n;) {
            if (s[b] < 0x80) {
                h = weft_fnv64_byte(h, kb[klen++] = fold_ascii(s[b++]));
            } else {
                size_t m = fold_other(s, t[i].n, &b, kb + klen);
                h = weft_fnv64(h, kb + klen, m);
                klen += m;
            }
        }
    }
    g->anyflags |= flags;
    gaz_entry *e = find_key(g, h, kb, klen);
    if (e) {
        e->flags |= flags;
        if (pop > e->pop) e->pop = pop;
        if (rank && (!e->rank || rank < e->rank)) e->rank = rank;
        if (user) e->user = user;
        return 0;
    }
    if (weft_grow((void **)&g->e, &g->cap, g->n + 1, sizeof *g->e)) return -1;
    if (klen > UINT16_MAX) return 0; /* absurd phrase: not worth a slot */
    if (g->npool + klen + 1 > UINT32_MAX ||
        weft_grow((void **)&g->pool, &g->cappool, g->npool + klen + 1, 1))
        return -1;
    memcpy(g->pool + g->npool, kb, klen);
    g->pool[g->npool + klen] = '\0';
    e = &g->e[g->n];
    *e = (gaz_entry){.hash = h,
                     .key = (uint32_t)g->npool,
                     .flags = flags,
                     .pop = pop,
                     .rank = rank,
                     .user = user,
                     .keylen = (uint16_t)klen,
                     .ntok = (uint8_t)nt};
    if (weft_hindex_add(&g->ix, h, g->n)) return -1;
    g->npool += klen + 1;
    g->n++;
    if (nt > g->maxtok) g->maxtok = (unsigned)nt;
    return 0;
}

static int put(gaz *g, const gaz_tok *t, size_t nt, uint32_t flags, uint32_t pop, uint16_t rank,
               uint16_t user) {
    unsigned char stack[512];
    size_t raw = nt - 1;
    for (size_t i = 0; i < nt; i++) raw += t[i].n;
    if (raw <= sizeof stack / 2) return put_folded(g, t, nt, stack, flags, pop, rank, user);
    if (raw > SIZE_MAX / 2) return -1;
    unsigned char *kb = malloc(2 * raw);
    if (!kb) return -1;
    int rc = put_folded(g, t, nt, kb, flags, pop, rank, user);
    free(kb);
    return rc;
}

int gaz_add(gaz *g, const char *phrase, size_t len, uint32_t flags, uint32_t pop, uint16_t rank,
            uint16_t user) {
    gaz_tok t[GAZ_MAXTOK];
    size_t nt = 0, b = 0;
    if (g->view) return -1; /* a mapped table is read-only */
    for (size_t i = 0; i <= len; i++) {
        if (i == len || phrase[i] == ' ') {
            if (i > b) {
                if (nt == GAZ_MAXTOK) return 0; /* too long to ever match a span */
                t[nt++] = (gaz_tok){phrase + b, (uint32_t)(i - b)};
            }
            b = i + 1;
        }
    }
    if (!nt) return 0;
    /* Prefixes let the matcher stop extending a span early. */
    for (size_t k = 1; k < nt; k++)
        if (put(g, t, k, G_PREFIX, 0, 0, 0)) return -1;
    return put(g, t, nt, flags, pop, rank, user);
}

int gaz_label(gaz *g, const char *label) {
    for (size_t i = 0; i < g->nlabels; i++)
        if (!strcmp(g->labels[i], label)) return (int)i;
    if (g->nlabels >= UINT16_MAX - 1) return -1;
    char **nl = realloc(g->labels, (g->nlabels + 1) * sizeof *nl);
    if (!nl) return -1;
    g->labels = nl;
    if (!(nl[g->nlabels] = strdup(label))) return -1;
    return (int)g->nlabels++;
}

static const struct {
    const char *name;
    uint32_t flag;
} lex_classes[] = {
    {"STOP", G_STOP},         {"TITLE", G_TITLE},   {"ROLE", G_ROLE},
    {"ORGHEAD", G_ORGHEAD},   {"ORGPRE", G_ORGPRE}, {"MISCHEAD", G_MISCHEAD},
    {"LOCHEAD", G_LOCHEAD},   {"MONTH", G_MONTH},   {"DAY", G_DAY},
    {"ORG", G_ORG},           {"LOC", G_LOC},       {"MISC", G_MISC},
    {"PER", G_PER},           {"UNIT", G_UNIT},     {"CURRENCY", G_CURRENCY},
    {"NUMWORD", G_NUMWORD},   {"CONN", G_CONN},     {"SPORT", G_SPORT},
    {"FIRST", G_FIRST},       {"LAST", G_LAST},     {"DEMONYM", G_DEMONYM},
    {"COUNTRY", G_COUNTRY},   {"LEGAL", G_LEGAL},   {"CITY", G_CITY},
    {"SPORTCTX", G_SPORTCTX}, {"ORGCUE", G_ORGCUE}, {"EVENTPRE", G_EVENTPRE},
};

static int lex_flags(const char *s, size_t n, uint32_t *out) {
    *out = 0;
    size_t b = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',') continue;
        size_t k, w = i - b;
        for (k = 0; k < sizeof lex_classes / sizeof lex_classes[0]; k++)
            if (strlen(lex_classes[k].name) == w && !memcmp(lex_classes[k].name, s + b, w)) break;
        if (k == sizeof lex_classes / sizeof lex_classes[0]) return -1;
        *out |= lex_classes[k].flag;
        b = i + 1;
    }
    return 0;
}

/* Field f (0-based) of a TAB-separated line; NULL when absent. */
static const char *field(const char *s, size_t n, int f, size_t *len) {
    size_t b = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t') continue;
        if (f-- == 0) {
            *len = i - b;
            return s + b;
        }
        b = i + 1;
    }
    return NULL;
}

static int fail_line(char *err, size_t errsz, const char *name, size_t line, const char *what) {
    snprintf(err, errsz, "%s:%zu: %s", name, line, what);
    return -1;
}

size_t gaz_count_lines(const char *buf, size_t len) {
    size_t lines = 0;
    for (const char *p = buf, *e = buf + len; p < e; lines++) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        p = nl ? nl + 1 : e;
    }
    return lines;
}

/*
 * Ask for huge pages (2 MiB) for the whole pages of [p, p + n) when it spans
 * more than one: the index and the entries are written all over once, at
 * open(), and then only read, so 4 KiB pages cost one page fault each (about
 * 3,500 of them, 14 MiB) where huge pages cost a few. Only advice: where the
 * kernel has none to give (or transparent huge pages are off, or this is not
 * Linux) the table gets ordinary pages, the same bytes either way. The range
 * is what malloc gave us, so advising it is ours to do; glibc serves blocks
 * this large with a mapping of their own, which free() unmaps whole.
 */
static void advise_huge(void *p, size_t n) {
#ifdef MADV_HUGEPAGE
    const uintptr_t page = 4096, huge = (uintptr_t)2 << 20;
    uintptr_t a = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t b = ((uintptr_t)p + n) & ~(page - 1);
    if (b > a && b - a > huge) (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}

int gaz_reserve(gaz *g, size_t phrases) {
    if (g->view) return -1; /* a mapped table is read-only */
    if (phrases > SIZE_MAX / 2 - g->n) return -1;
    void *e = g->e, *slots = g->ix.slots;
    if (weft_hindex_reserve(&g->ix, g->ix.n + phrases) ||
        weft_grow((void **)&g->e, &g->cap, g->n + phrases, sizeof *g->e))
        return -1;
    /* before the first write into new blocks: that is when pages are chosen */
    if (g->e != e) advise_huge(g->e, g->cap * sizeof *g->e);
    if (g->ix.slots != slots) advise_huge(g->ix.slots, (g->ix.mask + 1) * sizeof *g->ix.slots);
    return 0;
}

int gaz_load_mem(gaz *g, const char *name, const char *buf, size_t len, gaz_fmt fmt, uint32_t flags,
                 char *err, size_t errsz) {
    size_t line = 0, pos = 0;
    /* Room for a phrase per line at once: grown by doubling, the index was
     * rebuilt a dozen times into fresh memory, a quarter of the page faults
     * (and most of the system time) of a news run over 453 pages (#17). A
     * caller loading several files reserves for all of them first
     * (gaz_reserve): then this does nothing. */
    if (gaz_reserve(g, gaz_count_lines(buf, len)))
        return fail_line(err, errsz, name, 0, "out of memory");
    while (pos < len) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + 1;
        line++;
        if (n && s[n - 1] == '\r') n--;
        if (!weft_utf8_is_valid(s, n)) return fail_line(err, errsz, name, line, "invalid UTF-8");
        if (!n || s[0] == '#') continue;
        size_t fl = 0;
        const char *f0;
        int rc = 0;
        switch (fmt) {
        case GAZ_FMT_LINES:
            rc = gaz_add(g, s, n, flags, 0, 0, 0);
            break;
        case GAZ_FMT_CENSUS: {
            size_t w = 0;
            while (w < n && s[w] != ' ' && s[w] != '\t') w++;
            const char *r = s + n;
            while (r > s + w && (r[-1] >= '0' && r[-1] <= '9')) r--;
            long rank = strtol(r, NULL, 10);
            if (rank <= 0) return fail_line(err, errsz, name, line, "no rank in the last column");
            rc = gaz_add(g, s, w, flags, 0, (uint16_t)(rank > 65535 ? 65535 : rank), 0);
            break;
        }
        case GAZ_FMT_LOCATIONS: {
            size_t kl = 0, pl = 0;
            f0 = field(s, n, 0, &fl);
            const char *kind = field(s, n, 1, &kl);
            const char *popf = field(s, n, 4, &pl);
            if (!kind || !popf) return fail_line(err, errsz, name, line, "expected 6 TAB fields");
            uint32_t f = G_CITY;
            if (kl == 7 && !memcmp(kind, "country", 7)) f = G_COUNTRY;
            if (kl == 6 && !memcmp(kind, "admin1", 6)) f = G_ADMIN1;
            long pop = pl ? strtol(popf, NULL, 10) : 0;
            rc = gaz_add(g, f0, fl, f,
                         (uint32_t)(pop < 0             ? 0
                                    : pop > 4000000000L ? 4000000000L
                                                        : pop),
                         0, 0);
            break;
        }
        case GAZ_FMT_COUNTRIES: {
            size_t kl = 0;
            f0 = field(s, n, 0, &fl);
            const char *kind = field(s, n, 1, &kl);
            if (!kind) return fail_line(err, errsz, name, line, "missing TAB");
            uint32_t f = (kl == 7 && !memcmp(kind, "capital", 7)) ? G_CITY : G_COUNTRY;
            rc = gaz_add(g, f0, fl, f, f == G_CITY ? 1000000 : 0, 0, 0);
            break;
        }
        case GAZ_FMT_FIRSTCOL:
            f0 = field(s, n, 0, &fl);
            rc = gaz_add(g, f0, fl, flags, 0, 0, 0);
            break;
        case GAZ_FMT_LEXICON:
        case GAZ_FMT_USER: {
            size_t ll = 0;
            f0 = field(s, n, 0, &fl);
            const char *lab = field(s, n, 1, &ll);
            if (!lab)
                return fail_line(err, errsz, name, line, "missing TAB between phrase and label");
            if (!fl) return fail_line(err, errsz, name, line, "empty phrase");
            if (!ll) return fail_line(err, errsz, name, line, "empty label");
            if (fmt == GAZ_FMT_LEXICON) {
                uint32_t f;
                if (lex_flags(lab, ll, &f))
                    return fail_line(err, errsz, name, line, "unknown word class");
                rc = gaz_add(g, f0, fl, f, 0, 0, 0);
            } else {
                char lb[64];
                if (ll >= sizeof lb)
                    return fail_line(err, errsz, name, line, "label longer than 63 bytes");
                memcpy(lb, lab, ll);
                lb[ll] = '\0';
                int li = gaz_label(g, lb);
                if (li < 0) return fail_line(err, errsz, name, line, "out of memory");
                rc = gaz_add(g, f0, fl, G_USER | flags, 0, 0, (uint16_t)(li + 1));
            }
            break;
        }
        }
        if (rc) return fail_line(err, errsz, name, line, "out of memory");
    }
    return 0;
}
