/*
 * Gazetteer hash table and loaders. Phrases are stored lower-cased (ASCII
 * and Latin-1 letters) so that headlines in capitals find them too; the
 * rules, not the table, decide what capitalisation means.
 */
#include "gaz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/utf8.h"

uint64_t gaz_hash_tok(uint64_t h, const char *s, size_t n, int first) {
    if (!first) h = weft_fnv64_byte(h, ' ');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            c += 32;
        } else if (c == 0xC3 && i + 1 < n) {
            /* fold the second byte of a Latin-1 capital (U+00C0..U+00DE) */
            h = weft_fnv64_byte(h, c);
            c = (unsigned char)s[++i];
            if (c >= 0x80 && c <= 0x9E && c != 0x97) c += 0x20;
        }
        h = weft_fnv64_byte(h, c);
    }
    return h;
}

/* Folded bytes of s equal key[0..n)? Advances *k past the compared bytes. */
static int fold_eq(const char *s, size_t n, const char *key, size_t keylen, size_t *k) {
    size_t j = *k;
    for (size_t i = 0; i < n; i++, j++) {
        if (j >= keylen) return 0;
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') {
            c += 32;
        } else if (c == 0xC3 && i + 1 < n) {
            if ((unsigned char)key[j] != c) return 0;
            j++;
            if (j >= keylen) return 0;
            c = (unsigned char)s[++i];
            if (c >= 0x80 && c <= 0x9E && c != 0x97) c += 0x20;
        }
        if ((unsigned char)key[j] != c) return 0;
    }
    *k = j;
    return 1;
}

void gaz_init(gaz *g) {
    memset(g, 0, sizeof *g);
    weft_hindex_init(&g->ix);
}

void gaz_free(gaz *g) {
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
            if (!fold_eq(toks[i].s, toks[i].n, key, e->keylen, &k)) break;
        }
        if (i == ntok && k == e->keylen) return e;
    }
}

/* Insert or merge one (already tokenised) phrase. */
static int put(gaz *g, const gaz_tok *t, size_t nt, uint32_t flags, uint32_t pop, uint16_t rank,
               uint16_t user) {
    uint64_t h = GAZ_SEED;
    for (size_t i = 0; i < nt; i++) h = gaz_hash_tok(h, t[i].s, t[i].n, i == 0);
    gaz_entry *e = (gaz_entry *)gaz_find(g, h, t, nt);
    if (e) {
        e->flags |= flags;
        if (pop > e->pop) e->pop = pop;
        if (rank && (!e->rank || rank < e->rank)) e->rank = rank;
        if (user) e->user = user;
        return 0;
    }
    if (weft_grow((void **)&g->e, &g->cap, g->n + 1, sizeof *g->e)) return -1;
    size_t klen = nt - 1;
    for (size_t i = 0; i < nt; i++) klen += t[i].n;
    if (klen > UINT16_MAX) return 0; /* absurd phrase: not worth a slot */
    if (g->npool + klen + 1 > UINT32_MAX ||
        weft_grow((void **)&g->pool, &g->cappool, g->npool + klen + 1, 1))
        return -1;
    char *k = g->pool + g->npool;
    size_t j = 0;
    for (size_t i = 0; i < nt; i++) {
        if (i) k[j++] = ' ';
        for (size_t b = 0; b < t[i].n; b++) {
            unsigned char c = (unsigned char)t[i].s[b];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            } else if (c == 0xC3 && b + 1 < t[i].n) {
                k[j++] = (char)c;
                c = (unsigned char)t[i].s[++b];
                if (c >= 0x80 && c <= 0x9E && c != 0x97) c += 0x20;
            }
            k[j++] = (char)c;
        }
    }
    k[j] = '\0';
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

#define GAZ_MAXTOK 12

int gaz_add(gaz *g, const char *phrase, size_t len, uint32_t flags, uint32_t pop, uint16_t rank,
            uint16_t user) {
    gaz_tok t[GAZ_MAXTOK];
    size_t nt = 0, b = 0;
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
    {"SPORTCTX", G_SPORTCTX}, {"ORGCUE", G_ORGCUE},
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

int gaz_load_mem(gaz *g, const char *name, const char *buf, size_t len, gaz_fmt fmt, uint32_t flags,
                 char *err, size_t errsz) {
    size_t line = 0, pos = 0;
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
