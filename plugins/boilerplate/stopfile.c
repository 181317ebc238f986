/*
 * The stop lists as a prebuilt table file ("weftstp 1", a weft/tabfile.h
 * container): what open() builds from the twenty shipped lists, made once
 * at `make` time (pack/stoppack.c) and mapped read-only, because building
 * it wrote about 5 MB of fresh memory, a page fault a page: half of the
 * page faults of opening the news profile (#17). Sections, in order:
 *
 *   for each list of bp_stop_langs: its map's slots (u64), entries
 *     (weft_strmap_entry, 12 bytes), key pool; its short keys (u64; none
 *     for an empty list); lens (256 x u32); pairs (1024 x u64)
 *   then the all-lists index (stop_any): slots, entries, pool
 *
 * The file is checked whole before any of it is used (weft_tab_view, then
 * each map with weft_strmap_view and each short-key table here), and it is
 * used only when the lists open() would read have the checksum it records.
 */
#include <string.h>

#include "bp.h"
#include "weft/tabfile.h"

static const char stop_magic[8] = {'w', 'e', 'f', 't', 's', 't', 'p', 0};

#define SECT_PER_LIST 6
#define NSECT         (BP_STOP_NLANGS * SECT_PER_LIST + 3)

_Static_assert(sizeof(weft_strmap_entry) == 12, "weft_strmap_entry is 12 bytes in weftstp 1");
_Static_assert(sizeof(((bp_stoplist *)0)->lens) == 1024 &&
                   sizeof(((bp_stoplist *)0)->pairs) == 8192,
               "bp_stoplist's filters are the sizes weftstp 1 has");

const bp_stop_lang bp_stop_langs[BP_STOP_NLANGS] = {
    {"English", "en"},          {"German", "de"},     {"French", "fr"},    {"Spanish", "es"},
    {"Italian", "it"},          {"Portuguese", "pt"}, {"Dutch", "nl"},     {"Polish", "pl"},
    {"Russian", "ru"},          {"Czech", "cs"},      {"Swedish", "sv"},   {"Danish", "da"},
    {"Norwegian_Bokmal", "nb"}, {"Finnish", "fi"},    {"Turkish", "tr"},   {"Hungarian", "hu"},
    {"Romanian", "ro"},         {"Greek", "el"},      {"Ukrainian", "uk"}, {"Arabic", "ar"}};

void bp_stop_file_names(char names[BP_STOP_NLANGS][64]) {
    for (size_t i = 0; i < BP_STOP_NLANGS; i++)
        snprintf(names[i], 64, "boilerplate/stop-%s.txt", bp_stop_langs[i].name);
}

static void map_sects(const weft_strmap *m, weft_tab_sect *s) {
    s[0] = (weft_tab_sect){m->ix.slots, m->ix.slots ? (m->ix.mask + 1) * 8 : 0};
    s[1] = (weft_tab_sect){m->e, m->n * sizeof *m->e};
    s[2] = (weft_tab_sect){m->pool, m->pool_len};
}

int bp_stop_file_write(const bp_shared *sh, uint64_t src, unsigned char **out, size_t *len) {
    *out = NULL;
    *len = 0;
    if (sh->nlists != BP_STOP_NLANGS || !sh->stop_any.n) return -1;
    weft_tab_sect s[NSECT];
    for (size_t i = 0; i < BP_STOP_NLANGS; i++) {
        const bp_stoplist *l = &sh->lists[i];
        weft_tab_sect *q = s + i * SECT_PER_LIST;
        map_sects(&l->words, q);
        q[3] = (weft_tab_sect){l->short_keys, l->short_keys ? ((size_t)l->short_mask + 1) * 8 : 0};
        q[4] = (weft_tab_sect){l->lens, sizeof l->lens};
        q[5] = (weft_tab_sect){l->pairs, sizeof l->pairs};
    }
    map_sects(&sh->stop_any, s + BP_STOP_NLANGS * SECT_PER_LIST);
    return weft_tab_write(stop_magic, BP_STOP_FILE_VER, src, s, NSECT, out, len);
}

/* A map from its three sections. */
static int view_map(weft_strmap *m, const weft_tab_sect *s) {
    if (s[0].n % 8 || s[1].n % sizeof(weft_strmap_entry)) return -1;
    return weft_strmap_view(m, s[0].p, s[0].n / 8, s[1].p, s[1].n / sizeof(weft_strmap_entry),
                            s[2].p, s[2].n);
}

/* A short-key table: a power of two of slots (none: no table), at least
 * one of them empty so that every probe ends. */
static int view_short(bp_stoplist *l, const weft_tab_sect *s) {
    if (!s->n) return 0;
    size_t n = s->n / 8;
    if (s->n % 8 || n < 16 || (n & (n - 1)) || n - 1 > UINT32_MAX) return -1;
    const uint64_t *k = s->p;
    size_t empty = 0;
    for (size_t i = 0; i < n; i++) empty += !k[i];
    if (!empty) return -1;
    l->short_keys = (uint64_t *)(uintptr_t)k;
    l->short_mask = (uint32_t)(n - 1);
    return 0;
}

int bp_stop_file_view(bp_shared *sh, const void *p, size_t n, uint64_t src, const char **why) {
    weft_tab_sect s[NSECT];
    if (weft_tab_view(p, n, stop_magic, BP_STOP_FILE_VER, src, s, NSECT, why)) return -1;
    for (size_t i = 0; i < BP_STOP_NLANGS; i++) {
        bp_stoplist *l = &sh->lists[i];
        const weft_tab_sect *q = s + i * SECT_PER_LIST;
        if (view_map(&l->words, q) || view_short(l, q + 3) || q[4].n != sizeof l->lens ||
            q[5].n != sizeof l->pairs) {
            *why = "bad stop list";
            memset(sh->lists, 0, BP_STOP_NLANGS * sizeof *sh->lists);
            return -1;
        }
        memcpy(l->lens, q[4].p, sizeof l->lens);
        memcpy(l->pairs, q[5].p, sizeof l->pairs);
        bp_stop_long_build(l);
        snprintf(l->name, sizeof l->name, "%s", bp_stop_langs[i].name);
        snprintf(l->code, sizeof l->code, "%s", bp_stop_langs[i].code);
    }
    if (view_map(&sh->stop_any, s + BP_STOP_NLANGS * SECT_PER_LIST)) {
        *why = "bad index";
        memset(sh->lists, 0, BP_STOP_NLANGS * sizeof *sh->lists);
        return -1;
    }
    sh->nlists = BP_STOP_NLANGS;
    return 0;
}
