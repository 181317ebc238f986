/*
 * How English writes a word (data/wordcase.txt, derived from SCOWL's
 * American English word list by data/derive_wordcase.py): only in lower case
 * (an ordinary word: "railway", "album"), only capitalised (a name or an
 * acronym: "Aberdeen", "NASA"), both ("Bath"/"bath", "Mars"/"mars"), or not
 * at all. The entity tagger reads it as a feature of a token and its
 * neighbours: knowledge of the language, not of the training set's
 * vocabulary, so it holds on text unlike Reuters (docs/design-notes.md,
 * "A word list with case for the tagger").
 *
 * Two bits a word in a table of 32-bit slots, keyed by the gazetteer hash
 * of the case-folded word (gaz_hash_tok, as ner_features hashes a token's
 * core): the slot is chosen by the hash's low bits and holds its high 30
 * bits, the class in the low two. Two words whose 64-bit hashes share both
 * would share a class; with about 290,000 words that is a risk far below any
 * tagging error. Built once at open(), read-only afterwards.
 */
#ifndef ENTITIES_WORDCASE_H
#define ENTITIES_WORDCASE_H

#include <stddef.h>
#include <stdint.h>

/* Classes: 0 unknown, or a bit mask of these. */
enum { WC_LOWER = 1u, WC_CAP = 2u };

#define WC_FILE_NAME "entities/wordcase.txt"

typedef struct wc_table {
    uint32_t *slot; /* 0 = empty, else (hash >> 34) << 2 | class */
    uint32_t mask;  /* slots - 1 (a power of two) */
    size_t n;       /* words */
} wc_table;

/* Builds t from the file's bytes: one word a line, its first letter's case
 * its class (a word in both cases has two lines); blank lines and lines
 * opening with '#' are skipped. 0, or -1 with a message (out of memory, or a
 * line that is not a word: "NAME:LINE: ..."). */
int wc_load_mem(wc_table *t, const char *name, const char *buf, size_t len, char *err,
                size_t errsz);
void wc_free(wc_table *t);
size_t wc_bytes(const wc_table *t);

/* The class of the word whose gazetteer hash is h; 0 when unknown or when t
 * is NULL or empty. */
static inline uint32_t wc_class(const wc_table *t, uint64_t h) {
    if (!t || !t->slot) return 0;
    uint32_t fp = (uint32_t)(h >> 34), i = (uint32_t)h & t->mask;
    for (;;) {
        uint32_t s = t->slot[i];
        if (!s) return 0;
        if (s >> 2 == fp) return s & 3u;
        i = (i + 1) & t->mask;
    }
}

#endif
