/*
 * User patterns: PCRE2 regular expressions from the script, compiled once
 * in open() (JIT when available), matched per worker with bounded work.
 */
#ifndef ENTITIES_UPAT_H
#define ENTITIES_UPAT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

typedef struct upat {
    pcre2_code *re;
    char *label;
    char *source; /* the regex text, for messages */
} upat;

typedef struct upat_set {
    upat *p;
    size_t n;
    pcre2_match_context *mctx; /* holds the limits; read-only once built */
} upat_set;

struct weft_node;
/* Compile the `patterns` table: a list of {label = "X", regex = "..."}.
 * On error returns -1 with a message naming the entry, the PCRE2 error and
 * its offset. */
int upat_compile(upat_set *u, const struct weft_node *tbl, uint32_t match_limit,
                 uint32_t depth_limit, int jit, char *err, size_t errsz);
void upat_free(upat_set *u);

/* Callback per match: [b, e) bytes, pattern index. Nonzero stops the
 * search and makes upat_match return 1 (the callback's failure). */
typedef int (*upat_fn)(void *ud, size_t pat, size_t b, size_t e);
/* Match every pattern over text. Returns 0, or -1 with a message in err
 * (match or depth limit hit: names the pattern and the byte offset, which
 * is stored in *where). */
int upat_match(const upat_set *u, pcre2_match_data *md, const char *text, size_t len, upat_fn fn,
               void *ud, char *err, size_t errsz, size_t *where);

#endif
