/*
 * The boilerplate plugin's stop-list table file (plugins/boilerplate/stopfile.c,
 * a weft/tabfile.h container): bytes as the file, read at open() from the
 * data folder. The data files' checksum the viewer wants is taken from the
 * input itself (else nearly every input stops there). A refused file must
 * leave the lists empty with a reason; an accepted one must answer lookups
 * of each of its keys, in every list and through the index, without reading
 * outside the bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/boilerplate/buf.c"
#include "../../plugins/boilerplate/stopfile.c"
#include "../../plugins/boilerplate/stopwords.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the file is mapped, so page-aligned: an exact-size copy, aligned */
    unsigned char *p = malloc(size ? size : 1);
    bp_stoplist *lists = calloc(BP_STOP_NLANGS, sizeof *lists);
    if (!p || !lists) abort();
    if (size) memcpy(p, data, size);
    uint64_t src = size >= 24 ? weft_tab_le64(p + 16) : 0;
    bp_shared sh;
    memset(&sh, 0, sizeof sh);
    sh.lists = lists;
    sh.fixed_list = -1;
    const char *why = NULL;
    if (bp_stop_file_view(&sh, p, size, src, &why) != 0) {
        if (!why || sh.nlists || sh.stop_any.n) abort();
        for (size_t i = 0; i < BP_STOP_NLANGS; i++)
            if (lists[i].words.e || lists[i].short_keys) abort();
    } else {
        for (size_t i = 0; i < sh.nlists; i++) {
            const weft_strmap *m = &lists[i].words;
            for (size_t k = 0; k < m->n && k < 4096; k++) {
                const char *w = weft_strmap_key(m, &m->e[k]);
                (void)bp_stop_has(&lists[i], w, m->e[k].len);
                (void)weft_strmap_find(&sh.stop_any, w, m->e[k].len);
            }
            (void)bp_stop_has(&lists[i], (const char *)data, size < 12 ? size : 12);
        }
        uint32_t words = 0, stops[32] = {0};
        bp_stop_count_any(&sh, (const char *)data, size < 256 ? size : 256, &words, stops);
        (void)bp_stop_pick(&sh, NULL, 0, (const char *)data, size < 256 ? size : 256);
    }
    free(lists);
    free(p);
    return 0;
}
