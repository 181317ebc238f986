/*
 * The gazetteer table file: writing it (the packer, at `make` time) and
 * checking and viewing it (open()). Layout, all little-endian, offsets from
 * the start of the file:
 *
 *   0  "weftgaz\0"           8  u32 version      12 u32 byte-order mark 0x01020304
 *  16  u32 entry size (32)   20 u32 longest phrase in tokens
 *  24  u64 entries n         32 u64 index slots (a power of two, >= 2n)
 *  40  u64 pool bytes        48 u64 checksum of the source lists
 *  56  u64 checksum of the header's first 56 bytes and of the body
 *  64  u64 file size         72..95 zero
 *  96  n entries of 32 bytes (gaz_entry as a little-endian host lays it out)
 *      slots of 8 bytes (weft_hindex: key << 32 | entry + 1, 0 when empty)
 *      the pool: case-folded phrases, each NUL-terminated
 *
 * The entries and slots are the in-memory arrays, so a little-endian host
 * maps them as they are; a big-endian one refuses the file and builds the
 * table from the lists (the format stays one, and readable anywhere).
 */
#include "gazfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* gaz_entry's layout is the file's: a change of the struct is a new version. */
_Static_assert(sizeof(gaz_entry) == 32, "gaz_entry is 32 bytes in weftgaz 1");
_Static_assert(offsetof(gaz_entry, key) == 8 && offsetof(gaz_entry, flags) == 12 &&
                   offsetof(gaz_entry, pop) == 16 && offsetof(gaz_entry, rank) == 20 &&
                   offsetof(gaz_entry, user) == 22 && offsetof(gaz_entry, keylen) == 24 &&
                   offsetof(gaz_entry, ntok) == 26 && offsetof(gaz_entry, pad) == 27,
               "gaz_entry's fields where weftgaz 1 has them");

static const unsigned char magic[8] = {'w', 'e', 'f', 't', 'g', 'a', 'z', 0};

const gaz_list gaz_lists[GAZ_NLISTS] = {
    {"geonames_locations.tsv", GAZ_FMT_LOCATIONS, 0},
    {"geonames_endonyms.tsv", GAZ_FMT_LOCATIONS, 0},
    {"country_names.tsv", GAZ_FMT_COUNTRIES, 0},
    {"demonyms.tsv", GAZ_FMT_FIRSTCOL, G_DEMONYM},
    {"census1990.dist.male.first", GAZ_FMT_CENSUS, G_FIRST},
    {"census1990.dist.female.first", GAZ_FMT_CENSUS, G_FIRST},
    {"census1990.dist.all.last", GAZ_FMT_CENSUS, G_LAST},
    {"moby.male_first.txt", GAZ_FMT_LINES, G_FIRST},
    {"moby.female_first.txt", GAZ_FMT_LINES, G_FIRST},
    {"person_titles.txt", GAZ_FMT_LINES, G_TITLE},
    {"org_head_words.txt", GAZ_FMT_LINES, G_ORGHEAD},
    {"legal_suffixes.tsv", GAZ_FMT_FIRSTCOL, G_LEGAL},
    {"lexicon.tsv", GAZ_FMT_LEXICON, 0},
};

int gaz_build_lists(gaz *g, const char *const *names, const char *const *text, const size_t *len,
                    char *err, size_t errsz) {
    size_t lines = 0;
    for (size_t i = 0; i < GAZ_NLISTS; i++) lines += gaz_count_lines(text[i], len[i]);
    if (gaz_reserve(g, lines)) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < GAZ_NLISTS; i++)
        if (gaz_load_mem(g, names[i], text[i], len[i], gaz_lists[i].fmt, gaz_lists[i].flags, err,
                         errsz))
            return -1;
    return 0;
}

/* The checksum field's value: the header before it, then the body. */
static uint64_t file_sum(const unsigned char *f, size_t body) {
    return weft_tab_sum(weft_tab_sum(WEFT_TAB_SUM_INIT, f, 56), f + GAZ_FILE_HEADER, body);
}

int gaz_file_write(const gaz *g, uint64_t src, unsigned char **out, size_t *len) {
    *out = NULL;
    *len = 0;
    size_t nslots = g->ix.slots ? g->ix.mask + 1 : 0;
    if (g->nlabels || !nslots || g->n != g->ix.n || g->n > UINT32_MAX ||
        nslots > SIZE_MAX / 8 / 4 || g->npool > UINT32_MAX || g->n > (SIZE_MAX / 4) / 32)
        return -1;
    size_t body = g->n * 32 + nslots * 8 + g->npool, total = GAZ_FILE_HEADER + body;
    unsigned char *f = calloc(1, total);
    if (!f) return -1;
    unsigned char *q = f + GAZ_FILE_HEADER;
    for (size_t i = 0; i < g->n; i++, q += 32) {
        const gaz_entry *e = &g->e[i];
        weft_tab_put_le(q, e->hash, 8);
        weft_tab_put_le(q + 8, e->key, 4);
        weft_tab_put_le(q + 12, e->flags, 4);
        weft_tab_put_le(q + 16, e->pop, 4);
        weft_tab_put_le(q + 20, e->rank, 2);
        weft_tab_put_le(q + 22, e->user, 2);
        weft_tab_put_le(q + 24, e->keylen, 2);
        q[26] = e->ntok; /* 27..31: zero */
    }
    for (size_t i = 0; i < nslots; i++, q += 8) weft_tab_put_le(q, g->ix.slots[i], 8);
    if (g->npool) memcpy(q, g->pool, g->npool);
    memcpy(f, magic, 8);
    weft_tab_put_le(f + 8, GAZ_FILE_VERSION, 4);
    weft_tab_put_le(f + 12, 0x01020304u, 4);
    weft_tab_put_le(f + 16, 32, 4);
    weft_tab_put_le(f + 20, g->maxtok, 4);
    weft_tab_put_le(f + 24, g->n, 8);
    weft_tab_put_le(f + 32, nslots, 8);
    weft_tab_put_le(f + 40, g->npool, 8);
    weft_tab_put_le(f + 48, src, 8);
    weft_tab_put_le(f + 64, total, 8);
    weft_tab_put_le(f + 56, file_sum(f, body), 8);
    *out = f;
    *len = total;
    return 0;
}

static int refuse(const char **why, const char *what) {
    *why = what;
    return -1;
}

int gaz_file_view(gaz *g, const void *data, size_t n, uint64_t src, const char **why) {
    const unsigned char *p = data;
    if (n < GAZ_FILE_HEADER || memcmp(p, magic, 8)) return refuse(why, "not a weftgaz file");
    if (weft_tab_le32(p + 8) != GAZ_FILE_VERSION) return refuse(why, "another format version");
    if (weft_tab_le32(p + 12) != 0x01020304u || weft_tab_le32(p + 16) != 32)
        return refuse(why, "bad header");
    if (!weft_tab_little_endian()) return refuse(why, "big-endian host");
    if ((uintptr_t)p % 8) return refuse(why, "misaligned");
    uint64_t ne = weft_tab_le64(p + 24), ns = weft_tab_le64(p + 32), np = weft_tab_le64(p + 40);
    uint32_t maxtok = weft_tab_le32(p + 20);
    if (weft_tab_le64(p + 64) != n) return refuse(why, "truncated or padded");
    if (weft_tab_le64(p + 48) != src) return refuse(why, "built from other lists");
    for (size_t i = 72; i < GAZ_FILE_HEADER; i++)
        if (p[i]) return refuse(why, "bad header");
    /* sizes before any product: each bounded by the file, so none overflows */
    if (ne > n / 32 || ns > n / 8 || np > n || maxtok > GAZ_MAXTOK || ns < 16 || (ns & (ns - 1)) ||
        ne > ns / 2 || ne > UINT32_MAX || np > UINT32_MAX)
        return refuse(why, "bad sizes");
    size_t body = n - GAZ_FILE_HEADER;
    if ((size_t)ne * 32 + (size_t)ns * 8 + (size_t)np != body) return refuse(why, "bad sizes");
    if (file_sum(p, body) != weft_tab_le64(p + 56)) return refuse(why, "checksum mismatch");
    const gaz_entry *e = (const gaz_entry *)(const void *)(p + GAZ_FILE_HEADER);
    const uint64_t *slots = (const uint64_t *)(const void *)(p + GAZ_FILE_HEADER + ne * 32);
    const char *pool = (const char *)(p + GAZ_FILE_HEADER + ne * 32 + ns * 8);
    /* What lookups rely on: every key inside the pool and ending there with
     * a NUL, token counts the matcher can hold, one slot per entry (so half
     * the slots are empty and every probe ends), indices in range. */
    uint32_t anyflags = 0;
    for (size_t i = 0; i < ne; i++) {
        anyflags |= e[i].flags;
        if (!e[i].keylen || e[i].key >= np || e[i].keylen > np - e[i].key - 1 ||
            pool[e[i].key + e[i].keylen] != '\0' || !e[i].ntok || e[i].ntok > maxtok || e[i].user)
            return refuse(why, "bad entry");
    }
    size_t used = 0;
    for (size_t i = 0; i < ns; i++) {
        if (!slots[i]) continue;
        uint32_t ei = (uint32_t)slots[i];
        if (!ei || ei > ne) return refuse(why, "bad slot");
        used++;
    }
    if (used != ne) return refuse(why, "bad slot count");
    gaz_init(g);
    g->view = 1;
    g->e = (gaz_entry *)(uintptr_t)e;
    g->n = g->cap = (size_t)ne;
    g->ix.slots = (uint64_t *)(uintptr_t)slots;
    g->ix.mask = (size_t)ns - 1;
    g->ix.n = (size_t)ne;
    g->pool = (char *)(uintptr_t)pool;
    g->npool = g->cappool = (size_t)np;
    g->maxtok = maxtok;
    g->anyflags = anyflags;
    return 0;
}
