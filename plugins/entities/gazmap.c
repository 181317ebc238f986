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

static int view(void *g, const void *p, size_t n, uint64_t src, const char **why) {
    return gaz_file_view(g, p, n, src, why);
}

int gaz_map_lists(const weft_host *h, weft_setup *setup, gaz *g) {
    char rel[GAZ_NLISTS][128];
    const char *names[GAZ_NLISTS];
    for (size_t i = 0; i < GAZ_NLISTS; i++) {
        snprintf(rel[i], sizeof rel[i], "entities/%s", gaz_lists[i].file);
        names[i] = rel[i];
    }
    return weft_tab_open_mapped(h, setup, GAZ_FILE_NAME, names, GAZ_NLISTS, view, g,
                                "entities: gazetteer", &g->unmap, &g->unmap_len);
}
