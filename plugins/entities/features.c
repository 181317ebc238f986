/*
 * Token features: the core of each token (without brackets, quotes,
 * possessive and end punctuation), its shape, and its gazetteer entry
 * through a small per-worker cache.
 */
#include <stdlib.h>
#include <string.h>

#include "ner_int.h"
#include "weft/unicode.h"
#include "weft/utf8.h"

/* 1 capital letter (Lu, Lt), 2 lower-case letter (Ll), 0 anything else:
 * letters without case (Lo, Lm) give a word no name shape. From the shared
 * Unicode table, so every cased script counts, Latin Extended-A included. */
static int letter_case(int32_t cp) {
    uint32_t c = (uint32_t)cp; /* an invalid byte (-1) is past U+10FFFF: no case */
    if (c < 0x80) return c - 'A' < 26u ? 1 : c - 'a' < 26u ? 2 : 0;
    unsigned p = weft_uc_props(c);
    return (p & WEFT_UC_UPPER) ? 1 : (p & WEFT_UC_LOWER) ? 2 : 0;
}

int ner_is_word(const char *text, const ent_tok *t, const char *w) {
    size_t n = strlen(w), tn = t->ce - t->cb, k = 0;
    /* w is ASCII: each of its characters folds from 1 byte (ASCII) to 3
     * (U+212A KELVIN SIGN is k), so most tokens are ruled out by length */
    if (tn < n || tn > 3 * n) return 0;
    return gaz_fold_eq(text + t->cb, tn, w, n, &k) && k == n;
}

int ner_is_any(const char *text, const ent_tok *t, const char *const *words) {
    /* ner_is_word for each word, with the token folded once: it is w when
     * its fold is w's bytes (and its length within the bounds of
     * ner_is_word, which then hold for every word that can match) */
    char f[64];
    const size_t tn = t->ce - t->cb;
    size_t from = 0; /* no word before it can match */
    if (tn && (unsigned char)text[t->cb] < 0x80) {
        /* an ASCII first byte folds to one byte, the first of the token's
         * fold: no word opening with it, no match (and no fold to make);
         * the words before the first that opens with it cannot match */
        const unsigned char b0 = (unsigned char)text[t->cb];
        const char c =
            (char)(b0 >= 'A' && b0 <= 'Z' ? b0 + 32 : b0); /* gaz_fold of one ASCII byte */
        while (words[from] && words[from][0] != c) from++;
        if (!words[from]) return 0;
    }
    const size_t fl = gaz_fold(text + t->cb, tn, f, sizeof f - 1);
    if (fl == SIZE_MAX || memchr(f, '\0', fl)) { /* long, or a NUL byte: word by word */
        for (size_t i = 0; words[i]; i++)
            if (ner_is_word(text, t, words[i])) return 1;
        return 0;
    }
    if (tn < fl || tn > 3 * fl) return 0;
    f[fl] = '\0';
    for (size_t i = from; words[i]; i++)
        if (words[i][0] == f[0] && !strcmp(words[i], f)) return 1;
    return 0;
}

const gaz_entry *ner_find1(const gaz *g, const char *s, size_t n, uint64_t *h) {
    *h = gaz_hash_tok(GAZ_SEED, s, n, 1);
    gaz_tok t = {s, (uint32_t)n};
    return gaz_find(g, *h, &t, 1);
}

/* "Vienna-based", "Moscow-backed": a name turned adjective (MISC in news
 * annotation). */
int ner_adj_compound(const char *text, uint32_t b, uint32_t e) {
#define SFX(x)                                                                                     \
    { x, sizeof x - 1 }
    static const struct {
        const char *s;
        size_t n;
    } sfx[] = {SFX("-based"), SFX("-born"), SFX("-led"),   SFX("-backed"), SFX("-sponsored"),
               SFX("-owned"), SFX("-made"), SFX("-style"), SFX("-bound"),  SFX("-controlled")};
#undef SFX
    /* every suffix holds one hyphen, its first byte: only the suffix of
     * the token from its last hyphen (within the longest suffix) can match */
    uint32_t h = e, lim = e - b > 11 ? e - 11 : b;
    while (h > lim && text[h - 1] != '-') h--;
    if (h == lim) return 0;
    size_t k = e - --h;
    if (h < b + 2) return 0; /* a name before it: more than the suffix and a byte */
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
        if (sfx[i].n == k && !memcmp(text + h, sfx[i].s, k)) return 1;
    return 0;
}

#define CACHE_SIZE 8192 /* power of two */

/* find1 through the per-worker cache (key 0 marks an empty slot). A hit
 * trusts the 64-bit hash: two words colliding in one worker's cache is a
 * risk of about 1e-19 per pair, far below any tagging error. */
static const gaz_entry *find1c(const gaz *g, ner_scratch *s, const char *str, size_t n,
                               uint64_t *h) {
    *h = gaz_hash_tok(GAZ_SEED, str, n, 1);
    uint64_t k = *h ? *h : 1;
    size_t i = (size_t)(k ^ (k >> 29)) & (CACHE_SIZE - 1);
    if (s->ckey[i] == k) return s->cval[i];
    gaz_tok t = {str, (uint32_t)n};
    const gaz_entry *e = gaz_find(g, *h, &t, 1);
    s->ckey[i] = k;
    s->cval[i] = e;
    return e;
}

/* strchr(",;:!?\")]", c) for a byte c other than NUL, without the call:
 * every token asks it */
static inline int trailing_punct(char c) {
    switch (c) {
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '"':
    case ')':
    case ']':
        return 1;
    default:
        return 0;
    }
}

int ner_features(const gaz *g, ner_scratch *s, const char *text, ent_tok *t) {
    if (!s->ckey) {
        s->ckey = calloc(CACHE_SIZE, sizeof *s->ckey);
        s->cval = calloc(CACHE_SIZE, sizeof *s->cval);
        if (!s->ckey || !s->cval) return -1;
    }
    uint32_t b = t->b, e = t->e;
    t->cut = 0;
    t->used = 0;
    t->sstart = 0;
    /* leading brackets and quotes */
    while (b < e && (text[b] == '(' || text[b] == '"' || text[b] == '[' || text[b] == '\'')) b++;
    while (e - b >= 3 && (unsigned char)text[b] == 0xE2 && (unsigned char)text[b + 1] == 0x80 &&
           ((unsigned char)text[b + 2] == 0x9C || (unsigned char)text[b + 2] == 0x98))
        b += 3;
    /* trailing punctuation, closing quotes, possessive; a final dot goes
     * unless the word is an abbreviation ("Inc." "U.S." "J.") */
    uint64_t h = 0;
    const gaz_entry *ge = NULL;
    for (int poss = 0;;) {
        if (e > b + 1 && trailing_punct(text[e - 1])) {
            e--, t->cut = 1;
        } else if (e >= b + 4 && (unsigned char)text[e - 3] == 0xE2 &&
                   (unsigned char)text[e - 2] == 0x80 &&
                   ((unsigned char)text[e - 1] == 0x9D || (unsigned char)text[e - 1] == 0x99)) {
            e -= 3, t->cut = 1;
        } else if (!poss && e >= b + 3 && (text[e - 1] == 's' || text[e - 1] == 'S') &&
                   text[e - 2] == '\'') {
            e -= 2, t->cut = 1, poss = 1;
        } else if (!poss && e >= b + 5 && (text[e - 1] == 's' || text[e - 1] == 'S') &&
                   (unsigned char)text[e - 4] == 0xE2 && (unsigned char)text[e - 3] == 0x80 &&
                   (unsigned char)text[e - 2] == 0x99) {
            e -= 4, t->cut = 1, poss = 1;
        } else if (!poss && e >= b + 3 && text[e - 1] == '\'' &&
                   (text[e - 2] == 's' || text[e - 2] == 'S')) {
            e -= 1, t->cut = 1, poss = 1; /* players' */
        } else if (e > b + 1 && text[e - 1] == '.') {
            ge = find1c(g, s, text + b, e - b, &h);
            if (ge || e - b == 2 || memchr(text + b, '.', e - b - 1)) break;
            ge = NULL;
            e--, t->cut = 1;
        } else {
            break;
        }
    }
    t->cb = b;
    t->ce = e;
    if (!ge) ge = find1c(g, s, text + b, e - b, &h);
    t->h = h;
    t->g = ge;
    t->gf = ge ? ge->flags : 0;
    /* shape from the first character and whether any lower-case letter follows */
    t->letters = 0;
    if (b == e) {
        t->shape = SH_PUNCT;
        return 0; /* no "-based" either */
    }
    const unsigned char *u = (const unsigned char *)text;
    int32_t cp;
    size_t l = weft_utf8_decode(u + b, e - b, &cp);
    int c0 = letter_case(cp), lower = 0, alnum = c0 != 0;
    unsigned letters = c0 != 0;
    /* the walk over the core's characters notes its last '-' after the
     * first character: ner_adj_compound needs one */
    uint32_t hy = 0;
    for (uint32_t i = b + (uint32_t)l; i < e; i += (uint32_t)l) {
        int32_t c;
        int k;
        if (u[i] < 0x80) { /* letter_case and weft_utf8_decode of an ASCII byte */
            c = u[i];
            l = 1;
            k = (uint32_t)c - 'A' < 26u ? 1 : (uint32_t)c - 'a' < 26u ? 2 : 0;
            if (c == '-') hy = i;
        } else {
            l = weft_utf8_decode(u + i, e - i, &c);
            k = letter_case(c);
        }
        if (k) letters++;
        if (k == 2) lower = 1;
        if (k || (c >= '0' && c <= '9')) alnum = 1;
    }
    if (hy && ner_adj_compound(text, b, e)) t->cut = 1; /* "Vienna-based" stands alone */
    t->letters = (uint8_t)(letters > 255 ? 255 : letters);
    if (c0 == 1)
        t->shape = lower ? SH_CAP : SH_UPPER;
    else if (c0 == 2)
        t->shape = SH_LOWER;
    else if (cp >= '0' && cp <= '9')
        t->shape = SH_NUM;
    else
        t->shape = alnum ? SH_OTHER : SH_PUNCT;
    return 0;
}
