/*
 * The entities plugin's table-file viewer (plugins/entities/gazfile.h): bytes
 * as a gazetteer table file, read at open() from the data folder. The
 * source checksum the viewer wants is taken from the input itself (else
 * nearly every input stops there). A refused file must leave the table
 * empty; an accepted one must answer lookups of each of its own keys (and
 * of a few tokens made from the input) without reading outside the bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/entities/gaz.c"
#include "../../plugins/entities/gazfile.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the file is mapped, so page-aligned: an exact-size copy, aligned */
    unsigned char *p = malloc(size ? size : 1);
    if (!p) return 0;
    if (size) memcpy(p, data, size);
    uint64_t src = size >= 56 ? weft_tab_le64(p + 48) : 0;
    gaz g;
    gaz_init(&g);
    const char *why = NULL;
    if (gaz_file_view(&g, p, size, src, &why) != 0) {
        if (!why || g.e || g.n) abort();
    } else {
        for (size_t i = 0; i < g.n && i < 4096; i++) {
            const gaz_entry *e = &g.e[i];
            const char *key = g.pool + e->key;
            gaz_tok t[GAZ_MAXTOK];
            size_t nt = 0, s = 0;
            uint64_t h = GAZ_SEED;
            for (size_t k = 0; k <= e->keylen && nt < GAZ_MAXTOK; k++)
                if (k == e->keylen || key[k] == ' ') {
                    t[nt] = (gaz_tok){key + s, (uint32_t)(k - s)};
                    h = gaz_hash_tok(h, t[nt].s, t[nt].n, nt == 0);
                    nt++;
                    s = k + 1;
                }
            (void)gaz_find(&g, h, t, nt);
        }
        gaz_tok t = {(const char *)data, (uint32_t)(size < 16 ? size : 16)};
        (void)gaz_find(&g, gaz_hash_tok(GAZ_SEED, t.s, t.n, 1), &t, 1);
        if (gaz_add(&g, "x", 1, 0, 0, 0, 0) != -1) abort();
    }
    gaz_free(&g);
    free(p);
    return 0;
}
