/*
 * The VADER model: every word the scorer looks up (lexicon valences,
 * boosters, negators and the handful of words the rules test by name) in one
 * hash table, multi-word keys ("kind of", "the shit") in a second one, and
 * the emoji descriptions. Built once in open(), read-only afterwards.
 */
#ifndef VADER_MODEL_H
#define VADER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "weft/hash.h"

/* Words the rules compare against by name (VADER_SPEC.md §6, §7). */
enum vader_wid {
    VW_NONE = 0,
    VW_NO,
    VW_OR,
    VW_NOR,
    VW_NEVER,
    VW_SO,
    VW_THIS,
    VW_WITHOUT,
    VW_DOUBT,
    VW_LEAST,
    VW_AT,
    VW_VERY,
    VW_KIND,
    VW_OF,
    VW_BUT
};

#define VADER_F_LEX     0x1u  /* lex holds a lexicon valence */
#define VADER_F_BOOST   0x2u  /* boost holds a booster/dampener increment */
#define VADER_F_NEGATE  0x4u  /* in the negation word list */
#define VADER_F_SPECIAL 0x8u  /* special holds a SPECIAL_CASES valence */
#define VADER_F_HEAD    0x10u /* first word of some phrase-table key */

typedef struct vader_entry {
    uint32_t key, len; /* key bytes at pool + key */
    uint16_t flags, wid;
    double lex, boost, special;
} vader_entry;

/* Entries indexed by the FNV-1a hash of their key (weft/hash.h). */
typedef struct vader_table {
    weft_hindex ix;
    vader_entry *entries;
    size_t n, ecap;
    size_t maxlen; /* longest key: longer probes cannot match */
} vader_table;

typedef struct vader_emoji {
    uint32_t cp;        /* the single code point the key consists of */
    uint32_t desc, len; /* description at pool + desc */
} vader_emoji;

typedef struct vader_model {
    vader_table words, phrases;
    char *pool;
    size_t pool_len, pool_cap;
    vader_emoji *emoji; /* sorted by cp */
    size_t nemoji, emoji_cap;
    int32_t ascii_emoji[128];                        /* index into emoji for ASCII keys, or -1 */
    uint32_t emoji_min_cp;                           /* no non-ASCII key below this */
    int has_ascii_emoji;                             /* any key below 0x80 */
    size_t lexicon_lines, emoji_lines, emoji_unused; /* for the log */
} vader_model;

/* An empty model with the built-in word lists (negators, boosters, special
 * idioms, named words) and no lexicon. Returns 0 or -1 when out of memory. */
int vader_model_init(vader_model *m);
void vader_model_free(vader_model *m);

/* Load a lexicon (word TAB valence ...), read by the host from the file
 * name, the way reference VADER does; later lines win. On error returns -1
 * with "NAME:LINE: why" in err. */
int vader_model_load_lexicon_text(vader_model *m, const char *name, const char *text, size_t len,
                                  char *err, size_t errsz);
/* Load an emoji lexicon (emoji TAB description); only single-code-point keys
 * can ever match (VADER_SPEC.md §1.2). */
int vader_model_load_emoji_text(vader_model *m, const char *name, const char *text, size_t len,
                                char *err, size_t errsz);
/* Call once after the last load: sorts the emoji table. */
void vader_model_finish(vader_model *m);

/* Overrides from the stage's parameters; key is used as written. Return 0,
 * or -1 when out of memory. */
int vader_model_set_valence(vader_model *m, const char *key, size_t len, double v);
int vader_model_set_booster(vader_model *m, const char *key, size_t len, double v);
int vader_model_add_negation(vader_model *m, const char *key, size_t len);

/* Lookups. h must be weft_fnv64(WEFT_FNV64_INIT, key, len), which can be
 * computed piece by piece for phrases. */
const vader_entry *vader_table_find(const vader_table *t, const char *pool, const char *key,
                                    size_t len, uint64_t h);
/* Description of an emoji code point, or NULL. */
const vader_emoji *vader_model_emoji(const vader_model *m, uint32_t cp);

#endif
