/*
 * stoppack: the boilerplate plugin's prebuilt stop lists (stopfile.c), made
 * at `make` time from the shipped lists and installed beside them, so that
 * open() maps the tables instead of building them (#17).
 *   stoppack DATA_DIR OUT     (DATA_DIR holds the lists, as plugins/boilerplate/data)
 * Builds with the plugin's own loader (bp_stop_load_text, bp_stop_index), so
 * the tables are the ones open() would build, and writes OUT through OUT.tmp
 * and a rename.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sources.inc"

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    bp_buf b = {0};
    char chunk[1 << 16];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (bp_buf_put(&b, chunk, r)) {
            bp_buf_free(&b);
            fclose(f);
            return NULL;
        }
    int bad = ferror(f);
    fclose(f);
    if (bad || (!b.p && bp_buf_put(&b, "", 0))) {
        bp_buf_free(&b);
        return NULL;
    }
    *len = b.n;
    return b.p;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: stoppack DATA_DIR OUT\n");
        return 2;
    }
    char names[BP_STOP_NLANGS][64], path[4096], err[512];
    bp_stoplist lists[BP_STOP_NLANGS];
    bp_shared sh;
    memset(&sh, 0, sizeof sh);
    memset(lists, 0, sizeof lists);
    sh.lists = lists;
    sh.fixed_list = -1;
    uint64_t src = WEFT_TAB_SUM_INIT;
    int rc = 1;
    bp_stop_file_names(names);
    for (size_t i = 0; i < BP_STOP_NLANGS; i++) {
        /* names are "boilerplate/stop-NAME.txt": the file is in DATA_DIR */
        snprintf(path, sizeof path, "%s/%s", argv[1], strchr(names[i], '/') + 1);
        size_t len;
        char *text = slurp(path, &len);
        if (!text) {
            fprintf(stderr, "stoppack: cannot read %s\n", path);
            goto out;
        }
        src = weft_tab_sum(src, text, len);
        int bad = bp_stop_load_text(&lists[i], path, text, len, err, sizeof err);
        free(text);
        if (bad) {
            fprintf(stderr, "stoppack: %s\n", err);
            goto out;
        }
        sh.nlists++;
    }
    if (bp_stop_index(&sh)) {
        fprintf(stderr, "stoppack: out of memory\n");
        goto out;
    }
    unsigned char *f;
    size_t flen;
    if (bp_stop_file_write(&sh, src, &f, &flen)) {
        fprintf(stderr, "stoppack: out of memory\n");
        goto out;
    }
    if (weft_tab_write_file(argv[2], f, flen) == 0)
        rc = 0;
    else
        fprintf(stderr, "stoppack: cannot write %s\n", argv[2]);
    free(f);
out:
    for (size_t i = 0; i < sh.nlists; i++) bp_stop_free(&lists[i]);
    weft_strmap_free(&sh.stop_any);
    return rc;
}
