/*
 * wcpack: the entities plugin's word list with case as a table file
 * (wordcase.h), made at `make` time from the shipped list and installed
 * beside it, so that open() maps the table instead of hashing every word.
 *   wcpack LIST OUT     (LIST is data/wordcase.txt)
 * Builds with the plugin's own loader (wc_load_mem), so the table is the
 * one open() would build, and writes OUT through OUT.tmp and a rename.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wordcase.h"
#include "weft/tabfile.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: wcpack LIST OUT\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        fprintf(stderr, "wcpack: cannot read %s\n", argv[1]);
        return 1;
    }
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    for (size_t r; b && (r = fread(b + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *nb = cap > SIZE_MAX / 4 ? NULL : realloc(b, 2 * cap);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    int bad = !b || ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        fprintf(stderr, "wcpack: cannot read %s\n", argv[1]);
        return 1;
    }
    char err[512];
    wc_table t;
    if (wc_load_mem(&t, argv[1], b, n, err, sizeof err)) {
        free(b);
        fprintf(stderr, "wcpack: %s\n", err);
        return 1;
    }
    uint64_t src = weft_tab_sum(WEFT_TAB_SUM_INIT, b, n);
    free(b);
    unsigned char *out;
    size_t len;
    int rc = 1;
    if (wc_file_write(&t, src, &out, &len)) {
        fprintf(stderr, "wcpack: out of memory\n");
    } else {
        if (weft_tab_write_file(argv[2], out, len) == 0)
            rc = 0;
        else
            fprintf(stderr, "wcpack: cannot write %s\n", argv[2]);
        free(out);
    }
    wc_free(&t);
    return rc;
}
