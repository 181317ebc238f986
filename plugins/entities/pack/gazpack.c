/*
 * gazpack: the entities plugin's prebuilt gazetteer (gazfile.h), made at
 * `make` time from the shipped lists and installed beside them, so that
 * open() maps a table instead of building one (#17).
 *   gazpack DATA_DIR OUT     (DATA_DIR holds the lists, as plugins/entities/data)
 *   gazpack --wordnet TSV OUT  (the WordNet noun table, wordnet.h, in the same format)
 * Builds with the plugin's own loader (gaz_build_lists, wn_load), so the
 * table is the one open() would build, and writes OUT through OUT.tmp and a
 * rename.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazfile.h"
#include "wordnet.h"

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

/* The table g (made from lists whose checksum is src) to path. 0 or 1. */
static int write_table(const gaz *g, uint64_t src, const char *path) {
    unsigned char *f;
    size_t flen;
    if (gaz_file_write(g, src, &f, &flen)) {
        fprintf(stderr, "gazpack: out of memory or table too large\n");
        return 1;
    }
    int rc = 0;
    if (weft_tab_write_file(path, f, flen)) {
        fprintf(stderr, "gazpack: cannot write %s\n", path);
        rc = 1;
    }
    free(f);
    return rc;
}

static int wordnet(const char *tsv, const char *out) {
    size_t len;
    char *text = slurp(tsv, &len), err[512];
    if (!text) {
        fprintf(stderr, "gazpack: cannot read %s\n", tsv);
        return 1;
    }
    gaz g;
    gaz_init(&g);
    int rc = 1;
    if (wn_load(&g, tsv, text, len, err, sizeof err))
        fprintf(stderr, "gazpack: %s\n", err);
    else
        rc = write_table(&g, weft_tab_sum(WEFT_TAB_SUM_INIT, text, len), out);
    gaz_free(&g);
    free(text);
    return rc;
}

int main(int argc, char **argv) {
    if (argc == 4 && !strcmp(argv[1], "--wordnet")) return wordnet(argv[2], argv[3]);
    if (argc != 3) {
        fprintf(stderr, "usage: gazpack DATA_DIR OUT | gazpack --wordnet TSV OUT\n");
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
    rc = write_table(&g, src, argv[2]);
out:
    for (size_t i = 0; i < GAZ_NLISTS; i++) free(text[i]);
    gaz_free(&g);
    return rc;
}
