/*
 * The entity tagger's two word tables, read at open() with read_file (so a
 * folder "entities" next to a user's script can stand in for the shipped
 * files): the first byte picks the loader, the rest is the file.
 *  - even: WordNet's noun table (plugins/entities/wordnet.h, wn_load);
 *  - odd: the word list with case (plugins/entities/wordcase.h).
 * A refused file must say why with the file's name (and leave the word
 * list empty); an accepted one must answer lookups of each of its lines'
 * first words (the word list: each line's word, with its class) without
 * reading outside the bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/entities/gaz.c"
#include "../../plugins/entities/wordcase.c"
#include "../../plugins/entities/wordnet.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Each line's text up to its first tab or space (whole: without one last
 * CR), at most 64 lines. */
static void each_line(const char *s, size_t n, int whole, void (*f)(void *, const char *, size_t),
                      void *ud) {
    size_t lines = 0;
    for (size_t p = 0; p < n && lines < 64; lines++) {
        const char *nl = memchr(s + p, '\n', n - p);
        size_t e = nl ? (size_t)(nl - s) : n, k = p;
        if (whole)
            k = e > p && s[e - 1] == '\r' ? e - 1 : e;
        else
            while (k < e && s[k] != '\t' && s[k] != ' ') k++;
        if (k > p) f(ud, s + p, k - p);
        p = e + 1;
    }
}

static void wn_probe(void *ud, const char *w, size_t n) {
    const gaz *wn = ud;
    gaz_tok t = {w, (uint32_t)(n > 0xFFFFu ? 0xFFFFu : n)};
    (void)gaz_find(wn, gaz_hash_tok(GAZ_SEED, t.s, t.n, 1), &t, 1);
}

static void wc_probe(void *ud, const char *w, size_t n) {
    const wc_table *wc = ud;
    if (w[0] == '#') return;
    /* a word the list accepted is found with some class */
    if (!wc_class(wc, gaz_hash_tok(GAZ_SEED, w, n, 1))) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!size) return 0;
    const int which = data[0] & 1;
    size--;
    /* an exact-size copy, so reading past the end is caught */
    char *p = malloc(size ? size : 1);
    if (!p) return 0;
    if (size) memcpy(p, data + 1, size);
    char err[256] = "";
    if (!which) {
        gaz wn;
        gaz_init(&wn);
        if (wn_load(&wn, "wn.tsv", p, size, err, sizeof err)) {
            if (strncmp(err, "wn.tsv:", 7) && strcmp(err, "out of memory")) abort();
        } else {
            each_line(p, size, 0, wn_probe, &wn);
        }
        gaz_free(&wn);
    } else {
        wc_table wc;
        if (wc_load_mem(&wc, "wc.txt", p, size, err, sizeof err)) {
            if (wc.slot || (strncmp(err, "wc.txt", 6) && strcmp(err, "out of memory"))) abort();
        } else {
            /* a line with a space or tab is refused, so each line of an accepted list is one word
             */
            each_line(p, size, 1, wc_probe, &wc);
            wc_free(&wc);
        }
    }
    free(p);
    return 0;
}
