/*
 * The entities plugin's word-list table file (plugins/entities/wordcase.h,
 * a weft/tabfile.h container): bytes as the file, read at open() from the
 * data folder. The list's checksum the viewer wants is taken from the input
 * itself (else nearly every input stops there). A refused file must leave
 * the table empty with a reason; an accepted one must answer lookups (every
 * probe ends) of words made from the input without reading outside it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/entities/gaz.c"
#include "../../plugins/entities/wordcase.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the file is mapped, so page-aligned: an exact-size copy, aligned */
    unsigned char *p = malloc(size ? size : 1);
    if (!p) abort();
    if (size) memcpy(p, data, size);
    uint64_t src = size >= 24 ? weft_tab_le64(p + 16) : 0;
    wc_table t;
    const char *why = NULL;
    if (wc_file_view(&t, p, size, src, &why) != 0) {
        if (!why || t.slot || t.n) abort();
    } else {
        if (!t.view || t.n > t.mask) abort();
        for (size_t i = 0; i + 4 <= size && i < 4096; i += 4) {
            uint32_t c = wc_class(&t, gaz_hash_tok(GAZ_SEED, (const char *)data + i, 4, 1));
            if (c > 3) abort();
        }
        for (size_t i = 0; i <= t.mask && i < 4096; i++) /* the words of the file itself */
            if (t.slot[i] && wc_class(&t, (uint64_t)(t.slot[i] >> 2) << 34 | i) != (t.slot[i] & 3u))
                abort();
    }
    wc_free(&t);
    free(p);
    return 0;
}
