/*
 * weft/tabfile.h: prebuilt read-only table files for plugins, mapped at
 * open() instead of built from the data files they come from.
 *
 * Why: a table built at open() (a hash index over a word list, a lexicon)
 * is written all over once into fresh memory, one page fault per page, and
 * on a virtual machine those faults were most of the system time of a
 * short run (#17). The same table made at `make` time and mapped read-only
 * comes from the page cache. Such a file is a cache, never a second source
 * of truth: it records a checksum of the data files it was made from, and
 * a plugin uses it only when the files it would read now have that
 * checksum, its own format version matches and every part of it checks
 * out; else it builds the table as before.
 *
 * Two levels, for the plugins that have a table file:
 * - the pieces every format needs: the checksum (weft_tab_sum),
 *   little-endian fields, mapping a whole file (weft_tab_map) and the
 *   checksum of data files found through the host (weft_tab_files_sum),
 *   and open()'s whole way to a table file, the plugin's own check of its
 *   contents as a callback (weft_tab_open_mapped);
 * - a container of sections (weft_tab_write, weft_tab_view), for a table
 *   made of several arrays: the caller says what each section holds and
 *   checks its contents; the container checks everything about the file
 *   itself. Layout, all little-endian, offsets from the start of the file:
 *
 *     0  magic (8 bytes, the format's)   8 u32 version   12 u32 0x01020304
 *    16 u64 checksum of the data files  24 u64 checksum of the file
 *    32 u64 file size                   40 u32 sections  44 u32 zero
 *    48 sections x { u64 offset, u64 bytes }
 *       then each section at an offset that is a multiple of 8, the gaps
 *       zero. The file's checksum covers bytes 0-23, 32 to the end.
 *
 *   A section is an array as a little-endian host lays it out, so such a
 *   host maps it as it is; a big-endian one is refused (the plugin builds
 *   the table then, and the format stays one, readable anywhere).
 *
 * Header-only (static inline) so that a plugin uses it without linking any
 * weft symbol. Needs POSIX (open, mmap) and weft/plugin.h for the host.
 */
#ifndef WEFT_TABFILE_H
#define WEFT_TABFILE_H

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Pieces                                                                    */

/* Written out, not as a loop: gcc -O2 makes the expression one load (and a
 * byte swap on a big-endian host); the loop it kept byte by byte, which was
 * most of the checksum's cost when a table file is opened. */
static inline uint64_t weft_tab_le64(const unsigned char *p) {
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static inline uint32_t weft_tab_le32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void weft_tab_put_le(unsigned char *p, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; i++, v >>= 8) p[i] = (unsigned char)v;
}

/* Whether this host lays integers out as the files do. */
static inline int weft_tab_little_endian(void) {
    const uint32_t one = 1;
    return *(const unsigned char *)&one == 1;
}

/* Checksum of bytes: start from WEFT_TAB_SUM_INIT and feed each piece.
 * Little-endian 64-bit words (the tail zero-padded) and the length, so any
 * host computes the same. Each step is a bijection of h, so a single
 * changed word always changes the sum; eight bytes a step keeps a few
 * megabytes to a millisecond or two. Not a defence against a forged file:
 * the views check every offset themselves. */
#define WEFT_TAB_SUM_INIT 0x9e3779b97f4a7c15ull

static inline uint64_t weft_tab_rotl_(uint64_t x, int r) {
    return x << r | x >> (64 - r);
}

static inline uint64_t weft_tab_sum(uint64_t h, const void *data, size_t n) {
    const unsigned char *p = (const unsigned char *)data;
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        h = (weft_tab_rotl_(h, 23) ^ weft_tab_le64(p + i)) * 0xff51afd7ed558ccdull;
    unsigned char tail[8] = {0};
    if (n > i) memcpy(tail, p + i, n - i);
    h = (weft_tab_rotl_(h, 23) ^ weft_tab_le64(tail)) * 0xff51afd7ed558ccdull;
    return (weft_tab_rotl_(h, 23) ^ (uint64_t)n) * 0xc4ceb9fe1a85ec53ull;
}

#ifndef O_CLOEXEC /* a strict C build without POSIX 2008's names: the flag is only hygiene */
#define O_CLOEXEC 0
#endif

#ifdef MAP_POPULATE
/* A table file is read whole at once to check it: map every page in one
 * call instead of one page fault per 16 pages. */
#define WEFT_TAB_MAP_FLAGS (MAP_PRIVATE | MAP_POPULATE)
#else
#define WEFT_TAB_MAP_FLAGS MAP_PRIVATE
#endif

/* Map a whole regular file read-only (page-aligned, so 8-byte aligned);
 * *p is NULL for an empty one. 0, or -1 when it cannot be opened or mapped.
 * Release with weft_tab_unmap. */
static inline int weft_tab_map(const char *path, void **p, size_t *len) {
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
            void *m = mmap(NULL, *len, PROT_READ, WEFT_TAB_MAP_FLAGS, fd, 0);
            if (m != MAP_FAILED) {
                *p = m;
                rc = 0;
            }
        }
    }
    close(fd);
    return rc;
}

static inline void weft_tab_unmap(void *p, size_t len) {
    if (p) (void)munmap(p, len);
}

/* Write a table file f[0, n) to path whole or not at all (through
 * "path.tmp" and a rename, so a reader never maps half a file): for the
 * build-time packers. 0, or -1 (the temporary file removed). */
static inline int weft_tab_write_file(const char *path, const unsigned char *f, size_t n) {
    size_t pl = strlen(path);
    char *tmp = malloc(pl + 5);
    if (!tmp) return -1;
    memcpy(tmp, path, pl);
    memcpy(tmp + pl, ".tmp", 5);
    FILE *o = fopen(tmp, "wb");
    int ok = o && fwrite(f, 1, n, o) == n;
    if (o && fclose(o)) ok = 0;
    if (ok && rename(tmp, path) == 0) {
        free(tmp);
        return 0;
    }
    if (o) remove(tmp);
    free(tmp);
    return -1;
}

/* Checksum of the data files names[0, n) (as "plugin/file", found as the
 * host's resolve_path finds them), in that order: what a table file must
 * say it was made from. Files are mapped, not read: reading them whole
 * into memory is what the table file exists to avoid. 0, or -1 with *why
 * set when one is missing or cannot be mapped. Only inside open(). */
static inline int weft_tab_files_sum(const weft_host *h, weft_setup *setup,
                                     const char *const *names, size_t n, uint64_t *sum,
                                     const char **why) {
    uint64_t s = WEFT_TAB_SUM_INIT;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        void *p;
        size_t len;
        if (h->resolve_path(setup, names[i], path, sizeof path) || weft_tab_map(path, &p, &len)) {
            *why = "a data file is missing";
            return -1;
        }
        s = weft_tab_sum(s, p ? p : "", len);
        weft_tab_unmap(p, len);
    }
    *sum = s;
    return 0;
}

/* A plugin's check of a mapped table file p[0, n) (p never NULL), made
 * from data files whose checksum is src: 0 when it takes the file (its
 * tables may then point into p), else -1 with *why set (a static string)
 * and nothing of p kept. */
typedef int (*weft_tab_view_fn)(void *ctx, const void *p, size_t n, uint64_t src, const char **why);

/* open()'s way to a table file: find file (as "plugin/file") through the
 * host, checksum the data files names[0, n) it must have been made from
 * (weft_tab_files_sum), map it whole (weft_tab_map) and hand it to view.
 * 0 when view took it: *map and *map_len are the mapping, for
 * weft_tab_unmap when the tables that point into it go. Else -1, nothing
 * left mapped, *map and *map_len untouched, and an info line "WHAT built from the lists (FILE:
 * why)": the caller builds its tables from the data files instead. */
static inline int weft_tab_open_mapped(const weft_host *h, weft_setup *setup, const char *file,
                                       const char *const *names, size_t n, weft_tab_view_fn view,
                                       void *ctx, const char *what, void **map, size_t *map_len) {
    char path[4096];
    const char *why = NULL;
    void *p = NULL;
    size_t len = 0;
    uint64_t src;
    if (h->resolve_path(setup, file, path, sizeof path)) {
        why = "no table file";
    } else if (weft_tab_files_sum(h, setup, names, n, &src, &why) == 0) {
        if (weft_tab_map(path, &p, &len))
            why = "cannot map it";
        else if (view(ctx, p ? p : "", len, src, &why) == 0) {
            *map = p;
            *map_len = len;
            return 0;
        }
    }
    weft_tab_unmap(p, len);
    h->setup_log(setup, WEFT_LOG_INFO, "%s built from the lists (%s: %s)", what, file,
                 why ? why : "not taken");
    return -1;
}

/* ------------------------------------------------------------------------ */
/* A container of sections                                                   */

#define WEFT_TAB_HEADER 48u

/* One section: its bytes (where the writer takes them from, or where the
 * view found them in the file). */
typedef struct weft_tab_sect {
    const void *p;
    size_t n;
} weft_tab_sect;

/* The file's checksum field's value: bytes 0-23, then 32 to the end. */
static inline uint64_t weft_tab_file_sum_(const unsigned char *f, size_t n) {
    return weft_tab_sum(weft_tab_sum(WEFT_TAB_SUM_INIT, f, 24), f + 32, n - 32);
}

/* The file's bytes for sections s[0, ns) of format magic (8 bytes) and
 * version, made from data files whose checksum is src: *out malloc'ed,
 * *len its size. 0, or -1 when out of memory or too large. */
static inline int weft_tab_write(const char magic[8], uint32_t version, uint64_t src,
                                 const weft_tab_sect *s, size_t ns, unsigned char **out,
                                 size_t *len) {
    *out = NULL;
    *len = 0;
    if (ns > UINT32_MAX || ns > (SIZE_MAX - WEFT_TAB_HEADER) / 16) return -1;
    size_t total = WEFT_TAB_HEADER + ns * 16;
    for (size_t i = 0; i < ns; i++) {
        total = (total + 7) & ~(size_t)7;
        if (s[i].n > SIZE_MAX - 8 - total) return -1;
        total += s[i].n;
    }
    unsigned char *f = (unsigned char *)calloc(1, total ? total : 1);
    if (!f) return -1;
    size_t at = WEFT_TAB_HEADER + ns * 16;
    for (size_t i = 0; i < ns; i++) {
        at = (at + 7) & ~(size_t)7;
        weft_tab_put_le(f + WEFT_TAB_HEADER + 16 * i, at, 8);
        weft_tab_put_le(f + WEFT_TAB_HEADER + 16 * i + 8, s[i].n, 8);
        if (s[i].n) memcpy(f + at, s[i].p, s[i].n);
        at += s[i].n;
    }
    memcpy(f, magic, 8);
    weft_tab_put_le(f + 8, version, 4);
    weft_tab_put_le(f + 12, 0x01020304u, 4);
    weft_tab_put_le(f + 16, src, 8);
    weft_tab_put_le(f + 32, total, 8);
    weft_tab_put_le(f + 40, ns, 4);
    weft_tab_put_le(f + 24, weft_tab_file_sum_(f, total), 8);
    *out = f;
    *len = total;
    return 0;
}

/* Check p[0, n) as a file of format magic and version, made from data
 * files whose checksum is src, with exactly ns sections; fill s[0, ns)
 * with where each is in p (8-byte aligned, inside p, none overlapping the
 * header or another). p must be 8-byte aligned (a mapping is). 0, or -1
 * with *why saying what did not check out (a static string). Never reads
 * outside p[0, n). The sections' contents are the caller's to check. */
static inline int weft_tab_view(const void *data, size_t n, const char magic[8], uint32_t version,
                                uint64_t src, weft_tab_sect *s, size_t ns, const char **why) {
    const unsigned char *p = (const unsigned char *)data;
    *why = NULL;
    if (n < WEFT_TAB_HEADER || memcmp(p, magic, 8))
        *why = "not a table file of this kind";
    else if (weft_tab_le32(p + 8) != version)
        *why = "another format version";
    else if (weft_tab_le32(p + 12) != 0x01020304u || weft_tab_le32(p + 44))
        *why = "bad header";
    else if (!weft_tab_little_endian())
        *why = "big-endian host";
    else if ((uintptr_t)p % 8)
        *why = "misaligned";
    else if (weft_tab_le64(p + 32) != n)
        *why = "truncated or padded";
    else if (weft_tab_le64(p + 16) != src)
        *why = "made from other data files";
    else if (weft_tab_le32(p + 40) != ns || ns > (n - WEFT_TAB_HEADER) / 16)
        *why = "bad sections";
    else if (weft_tab_file_sum_(p, n) != weft_tab_le64(p + 24))
        *why = "checksum mismatch";
    if (*why) return -1;
    size_t at = WEFT_TAB_HEADER + ns * 16; /* sections in order, after the table */
    for (size_t i = 0; i < ns; i++) {
        uint64_t off = weft_tab_le64(p + WEFT_TAB_HEADER + 16 * i);
        uint64_t len = weft_tab_le64(p + WEFT_TAB_HEADER + 16 * i + 8);
        if (off % 8 || off < at || off > n || len > n - off) {
            *why = "bad section";
            return -1;
        }
        s[i].p = p + off;
        s[i].n = (size_t)len;
        at = (size_t)(off + len);
    }
    return 0;
}

#ifdef __cplusplus
}
#endif
#endif /* WEFT_TABFILE_H */
