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
 * tagging error. Read-only once made.
 *
 * Made at `make` time into a table file (pack/wcpack.c, "weftwc", a
 * weft/tabfile.h container) that open() maps when it was made from the list
 * it finds (wc_file_view), as the gazetteer's (gazfile.h): building it at
 * open() hashed every word of the list, about 17 ms and 2 MiB of fresh pages
 * on every start of a stage with a model. Else it is built from the list.
 */
#ifndef ENTITIES_WORDCASE_H
#define ENTITIES_WORDCASE_H

#include <stddef.h>
#include <stdint.h>

/* Classes: 0 unknown, or a bit mask of these. */
enum { WC_LOWER = 1u, WC_CAP = 2u };

#define WC_FILE_NAME  "entities/wordcase.txt"
#define WC_TABLE_NAME "entities/wordcase.weftwc"

typedef struct wc_table {
    const uint32_t *slot; /* 0 = empty, else (hash >> 34) << 2 | class */
    uint32_t mask;        /* slots - 1 (a power of two) */
    size_t n;             /* words */
    int view;             /* slot points into a table file's bytes (not malloc'ed) */
    void *unmap;          /* the mapping to release with the table, or NULL */
    size_t unmap_len;
} wc_table;

/* Builds t from the file's bytes: one word a line, its first letter's case
 * its class (a word in both cases has two lines); blank lines and lines
 * opening with '#' are skipped. 0, or -1 with a message (out of memory, or a
 * line that is not a word: "NAME:LINE: ..."). */
int wc_load_mem(wc_table *t, const char *name, const char *buf, size_t len, char *err,
                size_t errsz);
/* Frees a built table or unmaps a mapped one; t is empty afterwards. */
void wc_free(wc_table *t);
size_t wc_bytes(const wc_table *t);

/* The table file's bytes for t (built from a list whose weft_tab_sum from
 * WEFT_TAB_SUM_INIT is src): *out malloc'ed, *len its size. 0 or -1. */
int wc_file_write(const wc_table *t, uint64_t src, unsigned char **out, size_t *len);

/* Point t at the table in p[0, n) without copying, after checking all of
 * it: the container (weft_tab_view: magic, version, the list's checksum src,
 * the file's checksum), a power-of-two slot count and as many words in it
 * as the file says, fewer than the slots (so every probe ends at an empty
 * slot). p must be 8-byte aligned and outlive t; t->unmap is left NULL for
 * the caller to set (wc_free unmaps it then). 0, or -1 with *why set (a static string) and t empty.
 * Never reads outside p[0, n). */
int wc_file_view(wc_table *t, const void *p, size_t n, uint64_t src, const char **why);

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
