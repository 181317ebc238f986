/*
 * Building the VADER model: the built-in word lists of the reference
 * implementation, lexicon and emoji files (read by the host) parsed line by
 * line with the reference's quirks (later duplicates win, lines are stripped
 * before the TAB split), and the hash tables the scorer probes.
 */
#include "model.h"
#include "weft/sorted.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ucd.h"

/* VADER_SPEC.md §3: the lists exactly as the reference defines them. */
static const char *const negate_words[] = {
    "aint",   "arent",    "cannot",  "cant",     "couldnt",  "darent",   "didnt",   "doesnt",
    "ain't",  "aren't",   "can't",   "couldn't", "daren't",  "didn't",   "doesn't", "dont",
    "hadnt",  "hasnt",    "havent",  "isnt",     "mightnt",  "mustnt",   "neither", "don't",
    "hadn't", "hasn't",   "haven't", "isn't",    "mightn't", "mustn't",  "neednt",  "needn't",
    "never",  "none",     "nope",    "nor",      "not",      "nothing",  "nowhere", "oughtnt",
    "shant",  "shouldnt", "uhuh",    "wasnt",    "werent",   "oughtn't", "shan't",  "shouldn't",
    "uh-uh",  "wasn't",   "weren't", "without",  "wont",     "wouldnt",  "won't",   "wouldn't",
    "rarely", "seldom",   "despite"};

static const char *const boost_incr[] = {
    "absolutely",    "amazingly",    "awfully",       "completely", "considerable", "considerably",
    "decidedly",     "deeply",       "effing",        "enormous",   "enormously",   "entirely",
    "especially",    "exceptional",  "exceptionally", "extreme",    "extremely",    "fabulously",
    "flipping",      "flippin",      "frackin",       "fracking",   "fricking",     "frickin",
    "frigging",      "friggin",      "fully",         "fuckin",     "fucking",      "fuggin",
    "fugging",       "greatly",      "hella",         "highly",     "hugely",       "incredible",
    "incredibly",    "intensely",    "major",         "majorly",    "more",         "most",
    "particularly",  "purely",       "quite",         "really",     "remarkably",   "so",
    "substantially", "thoroughly",   "total",         "totally",    "tremendous",   "tremendously",
    "uber",          "unbelievably", "unusually",     "utter",      "utterly",      "very"};

static const char *const boost_decr[] = {
    "almost",     "barely",       "hardly",  "just enough", "kind of",  "kinda",
    "kindof",     "kind-of",      "less",    "little",      "marginal", "marginally",
    "occasional", "occasionally", "partly",  "scarce",      "scarcely", "slight",
    "slightly",   "somewhat",     "sort of", "sorta",       "sortof",   "sort-of"};

static const struct {
    const char *key;
    double v;
} special_cases[] = {{"the shit", 3},         {"the bomb", 3},   {"bad ass", 1.5},
                     {"badass", 1.5},         {"bus stop", 0.0}, {"yeah right", -2},
                     {"kiss of death", -1.5}, {"to die for", 3}, {"beating heart", 3.1},
                     {"broken heart", -2.9}};

static const struct {
    const char *word;
    uint16_t wid;
} named_words[] = {{"no", VW_NO},           {"or", VW_OR},       {"nor", VW_NOR},
                   {"never", VW_NEVER},     {"so", VW_SO},       {"this", VW_THIS},
                   {"without", VW_WITHOUT}, {"doubt", VW_DOUBT}, {"least", VW_LEAST},
                   {"at", VW_AT},           {"very", VW_VERY},   {"kind", VW_KIND},
                   {"of", VW_OF},           {"but", VW_BUT}};

#define B_INCR 0.293
#define B_DECR -0.293

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------ */
/* Hash tables                                                               */

const vader_entry *vader_table_find(const vader_table *t, const char *pool, const char *key,
                                    size_t len, uint64_t h) {
    if (len > t->maxlen) return NULL;
    for (weft_hprobe p = weft_hindex_probe(&t->ix, h);;) {
        size_t i = weft_hindex_next(&t->ix, &p);
        if (i == WEFT_HINDEX_NONE) return NULL;
        const vader_entry *e = &t->entries[i];
        if (e->len == len && memcmp(pool + e->key, key, len) == 0) return e;
    }
}

/* Room for `entries` keys before the index grows. */
static int table_init(vader_table *t, size_t entries) {
    memset(t, 0, sizeof *t);
    weft_hindex_init(&t->ix);
    return weft_hindex_reserve(&t->ix, entries);
}

static void table_free(vader_table *t) {
    weft_hindex_free(&t->ix);
    free(t->entries);
}

/* Append bytes to the pool; returns their offset or -1. */
static int64_t pool_add(vader_model *m, const char *s, size_t n) {
    if (n > UINT32_MAX / 2 || m->pool_len + n > UINT32_MAX / 2) return -1;
    if (weft_grow((void **)&m->pool, &m->pool_cap, m->pool_len + n, 1)) return -1;
    memcpy(m->pool + m->pool_len, s, n);
    m->pool_len += n;
    return (int64_t)(m->pool_len - n);
}

/* The entry for key, created empty when absent; NULL when out of memory.
 * The pointer is valid until the next upsert into the same table. */
static vader_entry *upsert(vader_model *m, vader_table *t, const char *key, size_t len) {
    uint64_t h = weft_fnv64(WEFT_FNV64_INIT, key, len);
    vader_entry *found = (vader_entry *)vader_table_find(t, m->pool, key, len, h);
    if (found) return found;
    if (weft_grow((void **)&t->entries, &t->ecap, t->n + 1, sizeof *t->entries)) return NULL;
    int64_t off = pool_add(m, key, len);
    if (off < 0 || weft_hindex_add(&t->ix, h, t->n)) return NULL;
    vader_entry *e = &t->entries[t->n++];
    *e = (vader_entry){.key = (uint32_t)off, .len = (uint32_t)len};
    if (len > t->maxlen) t->maxlen = len;
    return e;
}

/* A phrase-table key: its first word is marked in the word table so the
 * scorer can skip building phrases that cannot match. */
static vader_entry *upsert_phrase(vader_model *m, const char *key, size_t len) {
    const char *sp = memchr(key, ' ', len);
    size_t head = sp ? (size_t)(sp - key) : len;
    vader_entry *h = upsert(m, &m->words, key, head);
    if (!h) return NULL;
    h->flags |= VADER_F_HEAD;
    return upsert(m, &m->phrases, key, len);
}

int vader_model_set_valence(vader_model *m, const char *key, size_t len, double v) {
    /* The reference looks single tokens up in its lexicon, so a lexicon key
     * always lives in the word table, even one that can never match. */
    vader_entry *e = upsert(m, &m->words, key, len);
    if (!e) return -1;
    e->flags |= VADER_F_LEX;
    e->lex = v;
    return 0;
}

int vader_model_set_booster(vader_model *m, const char *key, size_t len, double v) {
    /* Keys with a space can only ever be matched by the phrase checks. */
    vader_entry *e =
        memchr(key, ' ', len) ? upsert_phrase(m, key, len) : upsert(m, &m->words, key, len);
    if (!e) return -1;
    e->flags |= VADER_F_BOOST;
    e->boost = v;
    return 0;
}

int vader_model_add_negation(vader_model *m, const char *key, size_t len) {
    vader_entry *e = upsert(m, &m->words, key, len);
    if (!e) return -1;
    e->flags |= VADER_F_NEGATE;
    return 0;
}

int vader_model_init(vader_model *m) {
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < 128; i++) m->ascii_emoji[i] = -1;
    m->emoji_min_cp = UINT32_MAX;
    if (table_init(&m->words, 8192) || table_init(&m->phrases, 32)) goto oom;
    for (size_t i = 0; i < NELEM(negate_words); i++)
        if (vader_model_add_negation(m, negate_words[i], strlen(negate_words[i]))) goto oom;
    for (size_t i = 0; i < NELEM(boost_incr); i++)
        if (vader_model_set_booster(m, boost_incr[i], strlen(boost_incr[i]), B_INCR)) goto oom;
    for (size_t i = 0; i < NELEM(boost_decr); i++)
        if (vader_model_set_booster(m, boost_decr[i], strlen(boost_decr[i]), B_DECR)) goto oom;
    for (size_t i = 0; i < NELEM(special_cases); i++) {
        const char *k = special_cases[i].key;
        vader_entry *e = upsert_phrase(m, k, strlen(k));
        if (!e) goto oom;
        e->flags |= VADER_F_SPECIAL;
        e->special = special_cases[i].v;
    }
    for (size_t i = 0; i < NELEM(named_words); i++) {
        vader_entry *e = upsert(m, &m->words, named_words[i].word, strlen(named_words[i].word));
        if (!e) goto oom;
        e->wid = named_words[i].wid;
    }
    return 0;
oom:
    vader_model_free(m);
    return -1;
}

void vader_model_free(vader_model *m) {
    table_free(&m->words);
    table_free(&m->phrases);
    free(m->pool);
    free(m->emoji);
    memset(m, 0, sizeof *m);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                     */

static int errf(char *err, size_t errsz, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    return -1;
}

static int valid_utf8(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += vader_utf8_next((const unsigned char *)s + i, n - i, &cp);
        if (cp == VADER_CP_INVALID) return 0;
    }
    return 1;
}

/* Python float() on a field, finite values only: [ws][+-]digits[.digits][e[+-]digits][ws].
 * strtod then gives the correctly rounded double, as float() does. */
static int parse_valence(const char *s, size_t n, double *out) {
    size_t b = 0, e = n;
    vader_strip_space(s, &b, &e);
    char buf[64];
    if (e - b == 0 || e - b >= sizeof buf) return -1;
    size_t i = b, digits = 0;
    if (s[i] == '+' || s[i] == '-') i++;
    while (i < e && s[i] >= '0' && s[i] <= '9') i++, digits++;
    if (i < e && s[i] == '.') {
        i++;
        while (i < e && s[i] >= '0' && s[i] <= '9') i++, digits++;
    }
    if (!digits) return -1;
    if (i < e && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < e && (s[i] == '+' || s[i] == '-')) i++;
        size_t ed = 0;
        while (i < e && s[i] >= '0' && s[i] <= '9') i++, ed++;
        if (!ed) return -1;
    }
    if (i != e) return -1;
    memcpy(buf, s + b, e - b);
    buf[e - b] = '\0';
    errno = 0;
    double v = strtod(buf, NULL);
    if (!isfinite(v)) return -1;
    *out = v;
    return 0;
}

typedef int (*line_fn)(vader_model *m, const char *name, size_t lineno, const char *key,
                       size_t klen, const char *val, size_t vlen, char *err, size_t errsz);

/* The reference's reader: drop trailing newlines of the whole text, split
 * on \n, (optionally) skip empty lines, strip each line, split it on TAB and
 * use the first two fields. */
static int each_line(vader_model *m, const char *name, const char *text, size_t len, int skip_empty,
                     const char *what, line_fn fn, char *err, size_t errsz, size_t *nlines) {
    while (len > 0 && text[len - 1] == '\n') len--;
    size_t lineno = 0, pos = 0;
    *nlines = 0;
    while (len > 0 && pos <= len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        lineno++;
        if (!(skip_empty && end == pos)) {
            if (!valid_utf8(text + pos, end - pos))
                return errf(err, errsz, "%s:%zu: invalid UTF-8", name, lineno);
            size_t b = pos, e = end;
            vader_strip_space(text, &b, &e);
            const char *tab = memchr(text + b, '\t', e - b);
            if (!tab)
                return errf(err, errsz, "%s:%zu: expected %s (two TAB-separated fields)", name,
                            lineno, what);
            size_t klen = (size_t)(tab - (text + b));
            const char *val = tab + 1;
            const char *tab2 = memchr(val, '\t', (size_t)(text + e - val));
            size_t vlen = tab2 ? (size_t)(tab2 - val) : (size_t)(text + e - val);
            if (fn(m, name, lineno, text + b, klen, val, vlen, err, errsz)) return -1;
            (*nlines)++;
        }
        if (!nl) break;
        pos = end + 1;
    }
    return 0;
}

static int lexicon_line(vader_model *m, const char *name, size_t lineno, const char *key,
                        size_t klen, const char *val, size_t vlen, char *err, size_t errsz) {
    double v;
    if (parse_valence(val, vlen, &v)) {
        int shown = vlen > 40 ? 40 : (int)vlen;
        return errf(err, errsz, "%s:%zu: valence '%.*s%s' of '%.*s' is not a finite number", name,
                    lineno, shown, val, vlen > 40 ? "..." : "", klen > 40 ? 40 : (int)klen, key);
    }
    if (vader_model_set_valence(m, key, klen, v))
        return errf(err, errsz, "%s:%zu: out of memory", name, lineno);
    return 0;
}

static int emoji_line(vader_model *m, const char *name, size_t lineno, const char *key, size_t klen,
                      const char *val, size_t vlen, char *err, size_t errsz) {
    uint32_t cp = VADER_CP_INVALID;
    size_t used = klen ? vader_utf8_next((const unsigned char *)key, klen, &cp) : 0;
    if (used != klen || klen == 0) {
        m->emoji_unused++; /* the reference scans code points: never matches */
        return 0;
    }
    if (weft_grow((void **)&m->emoji, &m->emoji_cap, m->nemoji + 1, sizeof *m->emoji))
        return errf(err, errsz, "%s:%zu: out of memory", name, lineno);
    int64_t off = pool_add(m, val, vlen);
    if (off < 0) return errf(err, errsz, "%s:%zu: out of memory", name, lineno);
    m->emoji[m->nemoji++] = (vader_emoji){cp, (uint32_t)off, (uint32_t)vlen};
    return 0;
}

int vader_model_load_lexicon_text(vader_model *m, const char *name, const char *text, size_t len,
                                  char *err, size_t errsz) {
    return each_line(m, name, text, len, 1, "WORD<TAB>VALENCE", lexicon_line, err, errsz,
                     &m->lexicon_lines);
}

int vader_model_load_emoji_text(vader_model *m, const char *name, const char *text, size_t len,
                                char *err, size_t errsz) {
    return each_line(m, name, text, len, 0, "EMOJI<TAB>DESCRIPTION", emoji_line, err, errsz,
                     &m->emoji_lines);
}

/* Descriptions are appended to the pool in line order, so (cp, desc) orders
 * duplicates by line and the last of each run is the line that wins. */
static int cmp_emoji(const void *a, const void *b) {
    const vader_emoji *x = a, *y = b;
    if (x->cp != y->cp) return (x->cp > y->cp) - (x->cp < y->cp);
    return (x->desc > y->desc) - (x->desc < y->desc);
}

void vader_model_finish(vader_model *m) {
    for (size_t i = 0; i < 128; i++) m->ascii_emoji[i] = -1;
    m->emoji_min_cp = UINT32_MAX;
    m->has_ascii_emoji = 0;
    if (m->nemoji == 0) return;
    qsort(m->emoji, m->nemoji, sizeof *m->emoji, cmp_emoji);
    size_t n = 0;
    for (size_t i = 0; i < m->nemoji; i++) {
        if (i + 1 < m->nemoji && m->emoji[i + 1].cp == m->emoji[i].cp) continue;
        m->emoji[n++] = m->emoji[i];
    }
    m->nemoji = n;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = m->emoji[i].cp;
        if (cp < 128) {
            m->ascii_emoji[cp] = (int32_t)i;
            m->has_ascii_emoji = 1;
        } else if (cp < m->emoji_min_cp) {
            m->emoji_min_cp = cp;
        }
    }
}

#define EMOJI_CP_LESS(rec, key) ((rec).cp < (key))
WEFT_LOWER_BOUND(first_emoji_at, vader_emoji, uint32_t, EMOJI_CP_LESS)

const vader_emoji *vader_model_emoji(const vader_model *m, uint32_t cp) {
    if (cp < 128) return m->ascii_emoji[cp] >= 0 ? &m->emoji[m->ascii_emoji[cp]] : NULL;
    if (cp < m->emoji_min_cp) return NULL;
    size_t lo = first_emoji_at(m->emoji, m->nemoji, cp);
    return lo < m->nemoji && m->emoji[lo].cp == cp ? &m->emoji[lo] : NULL;
}
