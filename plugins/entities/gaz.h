/*
 * The gazetteer: every phrase the tagger knows (places, names, titles, org
 * head words, user lists), as one open-addressing hash table keyed by the
 * case-folded token sequence (weft_uc_fold: every cased script). Built once in open(), read-only
 * afterwards, so all workers share it without locks.
 */
#ifndef ENTITIES_GAZ_H
#define ENTITIES_GAZ_H

#include <stddef.h>
#include <stdint.h>

#include "weft/hash.h"

/* What a phrase is known as; one phrase may carry several flags. */
enum {
    G_PREFIX = 1u << 0,    /* a proper prefix of a longer phrase */
    G_FIRST = 1u << 1,     /* given name */
    G_LAST = 1u << 2,      /* surname (rank in .rank) */
    G_TITLE = 1u << 3,     /* honorific before a name: Mr., Sen., President */
    G_ROLE = 1u << 4,      /* lower-case role noun before a name: striker, coach */
    G_COUNTRY = 1u << 5,   /* country name */
    G_ADMIN1 = 1u << 6,    /* state, province, region */
    G_CITY = 1u << 7,      /* populated place (population in .pop) */
    G_DEMONYM = 1u << 8,   /* nationality adjective: German, Indian */
    G_ORGHEAD = 1u << 9,   /* last word of an org name: Party, Ministry */
    G_LEGAL = 1u << 10,    /* company legal form: Inc., Ltd, GmbH */
    G_ORGPRE = 1u << 11,   /* first word of "X of Y" orgs: Bank, University */
    G_MISCHEAD = 1u << 12, /* last word of event/work names: Cup, Open, Prize */
    G_LOCHEAD = 1u << 13,  /* last word of place names: River, Island, Street */
    G_STOP = 1u << 14,     /* capitalised word that is not a name: The, However */
    G_MONTH = 1u << 15,
    G_DAY = 1u << 16,
    G_ORG = 1u << 17,      /* known organisation */
    G_LOC = 1u << 18,      /* known place not in GeoNames: continents, seas */
    G_MISC = 1u << 19,     /* known MISC: religions, languages, events */
    G_PER = 1u << 20,      /* known person */
    G_USER = 1u << 21,     /* from a user list: label in .user */
    G_UNIT = 1u << 22,     /* unit of measure: km, tonnes */
    G_CURRENCY = 1u << 23, /* currency word or code: dollars, yen, DM */
    G_NUMWORD = 1u << 24,  /* million, billion, dozen */
    G_CONN = 1u << 25,     /* may join name parts: of, de, van, al */
    G_SPORT = 1u << 26,    /* club words: United, Rovers, FC */
    G_SPORTCTX = 1u << 27, /* words of sports reports: innings, goals, beat */
    G_ORGCUE = 1u << 28,   /* nouns naming a firm or body before or after its name */
    G_EVENTPRE = 1u << 29, /* first word of "X of Y" events and treaties: Battle, Siege, Treaty */
};

/* Longest phrase kept, in tokens (a longer one never matches a span). */
#define GAZ_MAXTOK 12

typedef struct gaz_entry {
    uint64_t hash;
    uint32_t key; /* offset of the case-folded phrase in the pool */
    uint32_t flags;
    uint32_t pop;  /* largest population of a place of this name */
    uint16_t rank; /* surname rank, 1 = most frequent; 0 = none */
    uint16_t user; /* index of the user label + 1; 0 = none */
    uint16_t keylen;
    uint8_t ntok;
    uint8_t pad;
} gaz_entry;

typedef struct gaz {
    gaz_entry *e;
    size_t n, cap;  /* entries used / allocated */
    weft_hindex ix; /* hash -> entry */
    char *pool;     /* case-folded phrases, NUL-separated */
    size_t npool, cappool;
    char **labels; /* user labels */
    size_t nlabels;
    unsigned maxtok;   /* longest phrase in tokens */
    uint32_t anyflags; /* the flags of every entry or'ed: a lookup that wants a flag no entry
                        * has (G_USER without user lists) need not be made */
    /* Set when e, ix.slots and pool point into a table file (gazfile.h)
     * instead of owned memory: gaz_free then frees none of them and unmaps
     * unmap[0, unmap_len) when unmap is set. */
    int view;
    void *unmap;
    size_t unmap_len;
    /* The word list with case (wordcase.h), set by its owner after the
     * lists are loaded and freed by it: the tagger's, not the rules'. NULL
     * when not loaded (every word then reads as unknown). */
    const struct wc_table *wc;
} gaz;

/* Hash of a case-folded token sequence: tokens are fed one by one, from
 * GAZ_SEED (FNV-1a of the folded UTF-8, a space between tokens). Any case
 * of a phrase hashes alike. */
#define GAZ_SEED WEFT_FNV64_INIT
uint64_t gaz_hash_tok(uint64_t h, const char *s, size_t n, int first);
/* Does s[0..n), case-folded, equal key[*k..*k + its folded length)? On a
 * match *k is advanced past it (key is already folded, as the pool's keys
 * are; a lower-case ASCII word is folded). The fold of gaz_hash_tok. */
int gaz_fold_eq(const char *s, size_t n, const char *key, size_t keylen, size_t *k);

/* s[0..n) case-folded as gaz_fold_eq folds it into out[0, cap): its
 * length, or SIZE_MAX when it does not fit. */
size_t gaz_fold(const char *s, size_t n, char *out, size_t cap);

void gaz_init(gaz *g);
void gaz_free(gaz *g);
/* Adds a phrase (tokens separated by single spaces in `phrase`, any case)
 * with flags; merges with an existing entry. Returns 0, or -1 out of memory. */
int gaz_add(gaz *g, const char *phrase, size_t len, uint32_t flags, uint32_t pop, uint16_t rank,
            uint16_t user);
/* Entry for a token sequence whose hash is h (from gaz_hash_tok); toks are
 * the tokens' texts for the final comparison. NULL when unknown. */
typedef struct gaz_tok {
    const char *s;
    uint32_t n;
} gaz_tok;
const gaz_entry *gaz_find(const gaz *g, uint64_t h, const gaz_tok *toks, size_t ntok);
/* Index of a user label (interned in the gazetteer), adding it; -1 on OOM. */
int gaz_label(gaz *g, const char *label);

/* Loaders. Each returns 0 or -1 with a message "FILE:LINE: what" in err. */
typedef enum {
    GAZ_FMT_LINES,     /* one phrase a line, '#' comments: flags given */
    GAZ_FMT_CENSUS,    /* "NAME freq cum rank": flags given, rank kept */
    GAZ_FMT_LOCATIONS, /* GeoNames locations.tsv: name kind cc admin1 pop id */
    GAZ_FMT_COUNTRIES, /* country_names.tsv: name kind cca2 common */
    GAZ_FMT_FIRSTCOL,  /* first TAB column is the phrase: flags given */
    GAZ_FMT_LEXICON,   /* phrase TAB CLASS[,CLASS] (our own word lists) */
    GAZ_FMT_USER       /* phrase TAB LABEL (user lists) */
} gaz_fmt;
/* Load a data file's contents (read by the host); name is the file, for
 * messages. */
int gaz_load_mem(gaz *g, const char *name, const char *buf, size_t len, gaz_fmt fmt, uint32_t flags,
                 char *err, size_t errsz);
/* Room in the index and the entries for `phrases` more phrases before any
 * growth: a table built from several files is sized once for the lines of
 * them all (gaz_count_lines), not grown again for each. The pool of keys is
 * a fraction of the files' bytes and still grows by doubling (reserving the
 * files' bytes for it saved no page fault). Returns 0, or -1 out of memory. */
int gaz_reserve(gaz *g, size_t phrases);
/* Lines of buf[0, len): gaz_load_mem adds a phrase for each at most (and
 * one for each proper prefix of a phrase of several words). */
size_t gaz_count_lines(const char *buf, size_t len);
/* Bytes held by the structure. */
size_t gaz_bytes(const gaz *g);

#endif
