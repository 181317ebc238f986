/*
 * open()'s way to the prebuilt gazetteer (gazfile.h): find the table file
 * beside the shipped lists, check it against the lists the host would read
 * (their checksum) and map it read-only, with one mmap. Plain POSIX calls on
 * paths the host resolved: reading the lists whole through read_file is
 * what the table exists to avoid (a copy of seven megabytes into fresh
 * memory), and mapping them only to checksum them costs page-cache pages.
 */
#include "gazmap.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gazfile.h"

#ifdef MAP_POPULATE
/* Every page is read at once to check it: map them all in one call
 * instead of one page fault per 16 pages. */
#define GAZ_MAP_FLAGS (MAP_PRIVATE | MAP_POPULATE)
#else
#define GAZ_MAP_FLAGS MAP_PRIVATE
#endif

/* Map a whole regular file read-only; *p NULL for an empty one. 0 or -1. */
static int map_file(const char *path, void **p, size_t *len) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat st;
    int rc = -1;
    *p = NULL;
    *len = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size <= SIZE_MAX) {
        *len = (size_t)st.st_size;
        if (!*len) {
            rc = 0;
        } else {
            void *m = mmap(NULL, *len, PROT_READ, GAZ_MAP_FLAGS, fd, 0);
            if (m != MAP_FAILED) {
                *p = m;
                rc = 0;
            }
        }
    }
    close(fd);
    return rc;
}

/* Checksum of the lists the host would read for the table (gaz_sum). */
static int lists_sum(const weft_host *h, weft_setup *setup, uint64_t *sum, const char **why) {
    uint64_t s = GAZ_SUM_INIT;
    for (size_t i = 0; i < GAZ_NLISTS; i++) {
        char rel[128], path[4096];
        void *p;
        size_t len;
        snprintf(rel, sizeof rel, "entities/%s", gaz_lists[i].file);
        if (h->resolve_path(setup, rel, path, sizeof path) || map_file(path, &p, &len)) {
            *why = "a list is missing";
            return -1;
        }
        s = gaz_sum(s, p ? p : "", len);
        if (p) (void)munmap(p, len);
    }
    *sum = s;
    return 0;
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
        if (map_file(path, &p, &len))
            why = "cannot map it";
        else if (gaz_file_view(g, p ? p : "", len, src, &why) == 0) {
            g->unmap = p;
            g->unmap_len = len;
            return 0;
        }
    }
    if (p) (void)munmap(p, len);
    h->setup_log(setup, WEFT_LOG_INFO, "entities: gazetteer built from the lists (%s: %s)",
                 GAZ_FILE_NAME, why);
    return -1;
}
