/*
 * The shipped gazetteer as a prebuilt table file (docs/design-notes.md,
 * "Entities plugin", format "weftgaz 1"): the entries, the index and the key
 * pool that gaz_load_mem builds from the shipped lists, written once at
 * `make` time (plugins/entities/pack/gazpack.c) and mapped read-only by
 * open(), so that opening the plugin touches only pages it reads, and those
 * come from the page cache instead of being zeroed and written (#17: the
 * built table was half of the page faults of a news run over one page).
 *
 * The file says which lists it was built from (a checksum of their bytes);
 * the plugin uses it only when the lists it would read have that checksum,
 * the format version is this one and every offset and index in it checks
 * out, else it builds the table in memory as before: the file is a cache,
 * never a second source of truth.
 */
#ifndef ENTITIES_GAZFILE_H
#define ENTITIES_GAZFILE_H

#include <stddef.h>
#include <stdint.h>

#include "gaz.h"
#include "weft/tabfile.h"

#define GAZ_FILE_NAME    "entities/gazetteer.weftgaz"
#define GAZ_FILE_VERSION 1u
#define GAZ_FILE_HEADER  96u

/* One shipped list: its name under the plugin's data folder, how it reads. */
typedef struct gaz_list {
    const char *file;
    gaz_fmt fmt;
    uint32_t flags;
} gaz_list;

/* The shipped lists, in the order they are loaded (order decides the
 * table's layout, so the plugin and the packer share this one array). */
#define GAZ_NLISTS 13
extern const gaz_list gaz_lists[GAZ_NLISTS];

/* Build the table from the shipped lists' bytes (text[i], len[i] for
 * gaz_lists[i]; names for messages): the table sized once for all their
 * lines, then each list loaded. Returns 0 or -1 with a message in err. */
int gaz_build_lists(gaz *g, const char *const *names, const char *const *text, const size_t *len,
                    char *err, size_t errsz);

/* Checksum of the lists the table is built from: weft_tab_sum from
 * WEFT_TAB_SUM_INIT over each list's bytes in gaz_lists order. */

/* The table file's bytes for g (built from lists whose gaz_sum is src).
 * *out is malloc'ed, *len its size. Refuses (-1) a table with user labels
 * or one too large for the format. */
int gaz_file_write(const gaz *g, uint64_t src, unsigned char **out, size_t *len);

/* Point g (initialised, empty) at the table in p[0, n) without copying,
 * after checking all of it: magic, version, byte order, sizes, the body's
 * checksum, every slot and entry in range; src is the checksum the lists
 * must have. p must be 8-byte aligned and stay valid while g is used;
 * gaz_free leaves it alone. Returns 0, or -1 with *why saying what did not
 * check out (a static string). Never reads outside p[0, n). */
int gaz_file_view(gaz *g, const void *p, size_t n, uint64_t src, const char **why);

#endif
