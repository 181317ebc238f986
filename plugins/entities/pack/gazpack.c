/*
 * gazpack: the entities plugin's prebuilt gazetteer (gazfile.h), made at
 * `make` time from the shipped lists and installed beside them, so that
 * open() maps a table instead of building one (#17).
 *   gazpack DATA_DIR OUT     (DATA_DIR holds the lists, as plugins/entities/data)
 * Builds with the plugin's own loader (gaz_build_lists), so the table is the
 * one open() would build, and writes OUT through OUT.tmp and a rename.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazfile.h"

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap + 1);
    for (size_t r; b && (r = fread(b + n, 1, cap - n, f)) > 0;) {
        n += r;
        if (n == cap) {
            char *nb = cap > SIZE_MAX / 4 ? NULL : realloc(b, 2 * cap + 1);
            if (!nb) {
                free(b);
                b = NULL;
                break;
            }
            b = nb;
            cap *= 2;
        }
    }
    if (b && ferror(f)) {
        free(b);
        b = NULL;
    }
    fclose(f);
    if (b) b[n] = '\0';
    *len = n;
    return b;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: gazpack DATA_DIR OUT\n");
        return 2;
    }
    char *text[GAZ_NLISTS] = {0}, names[GAZ_NLISTS][4096], err[512];
    const char *np[GAZ_NLISTS];
    size_t len[GAZ_NLISTS];
    uint64_t src = WEFT_TAB_SUM_INIT;
    int rc = 1;
    gaz g;
    gaz_init(&g);
    for (size_t i = 0; i < GAZ_NLISTS; i++) {
        snprintf(names[i], sizeof names[i], "%s/%s", argv[1], gaz_lists[i].file);
        np[i] = names[i];
        if (!(text[i] = slurp(names[i], &len[i]))) {
            fprintf(stderr, "gazpack: cannot read %s\n", names[i]);
            goto out;
        }
        src = weft_tab_sum(src, text[i], len[i]);
    }
    if (gaz_build_lists(&g, np, (const char *const *)text, len, err, sizeof err)) {
        fprintf(stderr, "gazpack: %s\n", err);
        goto out;
    }
    unsigned char *f;
    size_t flen;
    if (gaz_file_write(&g, src, &f, &flen)) {
        fprintf(stderr, "gazpack: out of memory or table too large\n");
        goto out;
    }
    if (weft_tab_write_file(argv[2], f, flen) == 0)
        rc = 0;
    else
        fprintf(stderr, "gazpack: cannot write %s\n", argv[2]);
    free(f);
out:
    for (size_t i = 0; i < GAZ_NLISTS; i++) free(text[i]);
    gaz_free(&g);
    return rc;
}
