/*
 * The WordNet noun table's loader and the tagger's fields from it
 * (wordnet.h, tagger.h).
 */
#include "wordnet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner_int.h"
#include "tagger.h"

static const char *const lexfiles[] = {
    "tops",          "act",    "animal",     "artifact",  "attribute",  "body",     "cognition",
    "communication", "event",  "feeling",    "food",      "group",      "location", "motive",
    "object",        "person", "phenomenon", "plant",     "possession", "process",  "quantity",
    "relation",      "shape",  "state",      "substance", "time"};

static int word_is(const char *s, size_t n, const char *w) {
    return strlen(w) == n && !memcmp(s, w, n);
}

/* Lexicographer file number (3..28) of a name; 0 for "-", -1 unknown. */
static int lexfile(const char *s, size_t n) {
    if (word_is(s, n, "-")) return 0;
    for (size_t k = 0; k < sizeof lexfiles / sizeof lexfiles[0]; k++)
        if (word_is(s, n, lexfiles[k])) return (int)k + 3;
    return -1;
}

/* Class bits of "PER,LOC" or "-"; -1 unknown. */
static int classes(const char *s, size_t n) {
    if (word_is(s, n, "-")) return 0;
    static const char *const names[] = {"PER", "LOC", "ORG", "MISC"};
    int out = 0;
    size_t b = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ',') continue;
        size_t k;
        for (k = 0; k < 4; k++)
            if (word_is(s + b, i - b, names[k])) break;
        if (k == 4) return -1;
        out |= 1 << k;
        b = i + 1;
    }
    return out;
}

int wn_load(gaz *wn, const char *name, const char *text, size_t len, char *err, size_t errlen) {
    size_t line = 0;
    for (size_t b = 0; b < len;) {
        const char *nl = memchr(text + b, '\n', len - b);
        size_t e = nl ? (size_t)(nl - text) : len, t1, t2;
        line++;
        const char *s = text + b;
        size_t n = e - b;
        b = e + 1;
        if (!n || s[0] == '#') continue;
        const char *p1 = memchr(s, '\t', n),
                   *p2 = p1 ? memchr(p1 + 1, '\t', n - (size_t)(p1 + 1 - s)) : NULL;
        if (!p2) {
            snprintf(err, errlen, "%s:%zu: want phrase TAB supersense TAB classes", name, line);
            return -1;
        }
        t1 = (size_t)(p1 - s);
        t2 = (size_t)(p2 - s);
        int ss = lexfile(p1 + 1, t2 - t1 - 1), cl = classes(p2 + 1, n - t2 - 1);
        if (ss < 0 || cl < 0 || !t1) {
            snprintf(err, errlen, "%s:%zu: %s", name, line,
                     !t1      ? "empty phrase"
                     : ss < 0 ? "unknown supersense"
                              : "unknown class");
            return -1;
        }
        uint32_t flags = (uint32_t)ss << WN_SS_SHIFT | (uint32_t)cl << WN_CLS_SHIFT;
        if (flags && gaz_add(wn, s, t1, flags, 0, 0, 0)) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
    }
    return 0;
}

#define WNC_SIZE 8192 /* power of two */

/* The one-token entry of the table for token x (gaz_find with its hash
 * x->h), through the scratch's cache: most tokens of a document are words
 * seen before, and a probe of the table compares the folded key too. A hit
 * trusts the 64-bit hash, as the rules' cache of the gazetteer does
 * (features.c: find1c). Without a cache (allocation failed) it probes. */
static const gaz_entry *find_one(const gaz *wn, tg_scratch *t, const gaz_tok *tok, uint64_t h) {
    if (!t->wnc_key) return gaz_find(wn, h, tok, 1);
    uint64_t k = h ? h : 1;
    size_t i = (size_t)(k ^ (k >> 29)) & (WNC_SIZE - 1);
    if (t->wnc_key[i] == k) return t->wnc_val[i];
    const gaz_entry *e = gaz_find(wn, h, tok, 1);
    t->wnc_key[i] = k;
    t->wnc_val[i] = e;
    return e;
}

/* The cache for table wn: allocated once, emptied when the table changes;
 * left NULL (no cache) when memory is short. */
static void cache_for(const gaz *wn, tg_scratch *t) {
    if (!t->wnc_key) {
        t->wnc_key = calloc(WNC_SIZE, sizeof *t->wnc_key);
        t->wnc_val = calloc(WNC_SIZE, sizeof *t->wnc_val);
        if (!t->wnc_key || !t->wnc_val) {
            free(t->wnc_key);
            free(t->wnc_val);
            t->wnc_key = NULL;
            t->wnc_val = NULL;
            return;
        }
        t->wnc_tab = wn;
    }
    if (t->wnc_tab != wn) {
        memset(t->wnc_key, 0, WNC_SIZE * sizeof *t->wnc_key);
        t->wnc_tab = wn;
    }
}

/* The entry of the longest phrase of the table from token i of [i, se):
 * its length in tokens into *len (0 when none). */
static const gaz_entry *longest(const gaz *wn, tg_scratch *t, const char *text, const ent_tok *T,
                                uint32_t i, uint32_t se, uint32_t *len) {
    gaz_tok toks[WN_MAXTOK];
    const gaz_entry *best = NULL;
    uint64_t h = GAZ_SEED;
    *len = 0;
    for (uint32_t k = 0; k < WN_MAXTOK && i + k < se; k++) {
        const ent_tok *x = &T[i + k];
        if (x->ce <= x->cb) break;
        toks[k] = (gaz_tok){text + x->cb, x->ce - x->cb};
        h = ner_hash_next(h, text, x, k == 0);
        const gaz_entry *e = k == 0 ? find_one(wn, t, toks, h) : gaz_find(wn, h, toks, k + 1);
        if (!e) break;
        if (e->flags & ~(uint32_t)G_PREFIX) best = e, *len = k + 1;
        if (!(e->flags & G_PREFIX)) break;
    }
    return best;
}

/* Is token i part of a word a tokenizer cut at its hyphens ("Saint" of
 * "Saint-Etienne")? Such a part gets no WordNet field: the model learns
 * from CoNLL-2003, whose tokens keep hyphenated words whole, so it never
 * saw a part's noun class ("saint": person) and reads it as a word of its
 * own (a title before a name, not part of a place). */
static int glued(const char *text, const ent_tok *T, size_t ntok, uint32_t i) {
    const ent_tok *x = &T[i];
    if (i > 0 && T[i - 1].e == x->b && x->b > 0 && text[x->b - 1] == '-') return 1;
    return i + 1 < ntok && T[i + 1].b == x->e && text[x->e] == '-';
}

void tg_wordnet(const gaz *wn, const char *text, const ner_scratch *s, tg_scratch *t) {
    const ent_tok *T = s->tok;
    tg_tokf *F = t->f;
    cache_for(wn, t);
    for (size_t k = 0; k < s->nsent; k++) {
        uint32_t sb = s->sent[k], se = s->sent[k + 1];
        /* each token's supersense, and named-instance phrases from capitalised tokens */
        for (uint32_t i = sb; i < se;) {
            uint32_t n = 0;
            const gaz_entry *e =
                glued(text, T, s->ntok, i) ? NULL : longest(wn, t, text, T, i, se, &n);
            if (!e) {
                i++;
                continue;
            }
            if (n == 1) F[i].wss = (uint8_t)((e->flags >> WN_SS_SHIFT) & WN_SS_MASK);
            uint32_t cl = (e->flags >> WN_CLS_SHIFT) & WN_CLS_MASK;
            if (cl && F[i].cap)
                for (uint32_t j = 0; j < n; j++) F[i + j].wcls = (uint8_t)(cl * 2 + (j ? 1 : 0));
            if (n > 1 && !cl) n = 1;
            /* a phrase's inner tokens have their own supersense */
            for (uint32_t j = 1; j < n; j++) {
                uint32_t m = 0;
                const gaz_entry *w = longest(wn, t, text, T, i + j, i + j + 1, &m);
                if (w) F[i + j].wss = (uint8_t)((w->flags >> WN_SS_SHIFT) & WN_SS_MASK);
            }
            i += n;
        }
        /* capitalised runs: what the nouns at and around their ends name */
        for (uint32_t i = sb; i < se;) {
            if (!F[i].cap) {
                i++;
                continue;
            }
            uint32_t j = i;
            while (j + 1 < se && F[j + 1].cap) j++;
            uint8_t head = F[j].wss, next = j + 1 < se ? F[j + 1].wss : 0,
                    prev = i > sb ? F[i - 1].wss : 0;
            for (uint32_t q = i; q <= j; q++) {
                F[q].wrhead = j > i ? head : 0; /* a single word: its own wss */
                F[q].wrnext = next;
                F[q].wrprev = prev;
            }
            i = j + 1;
        }
    }
}
