/*
 * open()'s way to the prebuilt gazetteer (gazfile.h): find the table file
 * beside the shipped lists, check it against the lists the host would read
 * (their checksum) and map it read-only, with one mmap (weft/tabfile.h, as
 * the boilerplate plugin's stop lists). Plain POSIX calls on paths the host
 * resolved: reading the lists whole through read_file is
 * what the table exists to avoid (a copy of seven megabytes into fresh
 * memory), and mapping them only to checksum them costs page-cache pages.
 */
#include "gazmap.h"

#include <stdio.h>

#include "gazfile.h"

/* Checksum of the lists the host would read for the table. */
static int lists_sum(const weft_host *h, weft_setup *setup, uint64_t *sum, const char **why) {
    char rel[GAZ_NLISTS][128];
    const char *names[GAZ_NLISTS];
    for (size_t i = 0; i < GAZ_NLISTS; i++) {
        snprintf(rel[i], sizeof rel[i], "entities/%s", gaz_lists[i].file);
        names[i] = rel[i];
    }
    if (weft_tab_files_sum(h, setup, names, GAZ_NLISTS, sum, why) == 0) return 0;
    *why = "a list is missing";
    return -1;
}

int gaz_map_lists(const weft_host *h, weft_setup *setup, gaz *g) {
    char path[4096];
    const char *why = NULL;
    void *p = NULL;
    size_t len = 0;
    uint64_t src;
    if (h->resolve_path(setup, GAZ_FILE_NAME, path, sizeof path)) {
        why = "no table file";
    } else if (lists_sum(h, setup, &src, &why) == 0) {
        if (weft_tab_map(path, &p, &len))
            why = "cannot map it";
        else if (gaz_file_view(g, p ? p : "", len, src, &why) == 0) {
            g->unmap = p;
            g->unmap_len = len;
            return 0;
        }
    }
    weft_tab_unmap(p, len);
    h->setup_log(setup, WEFT_LOG_INFO, "entities: gazetteer built from the lists (%s: %s)",
                 GAZ_FILE_NAME, why);
    return -1;
}
