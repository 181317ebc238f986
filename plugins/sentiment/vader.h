/*
 * The VADER scorer: one string in, neg/neu/pos/compound out, bit-for-bit as
 * reference vaderSentiment 3.3.x (commit 44fc044) under CPython <= 3.11
 * computes them. VADER_SPEC.md in the shared data is the contract; the
 * section numbers in comments refer to it.
 *
 * Build with -ffp-contract=off and without -ffast-math: every operation must
 * round as the reference's binary64 arithmetic does.
 */
#ifndef VADER_VADER_H
#define VADER_VADER_H

#include <stddef.h>
#include <stdint.h>

#include "butrule.h"
#include "model.h"

typedef struct vader_scores {
    double neg, neu, pos, compound;
} vader_scores;

typedef struct vader_tok {
    const char *lo; /* lower-cased token (UTF-8), in the scratch buffer */
    size_t len;
    const vader_entry *e; /* its word-table entry, or NULL */
    uint8_t upper;        /* Python str.isupper() of the token as written */
    int8_t nt;            /* contains "n't": -1 not computed yet */
} vader_tok;

/* Per-thread buffers, grown on demand and reused between calls. */
typedef struct vader_scratch {
    char *exp; /* emoji-expanded text */
    size_t exp_cap;
    char *lower; /* lower-cased tokens */
    size_t lower_cap;
    vader_tok *tok;
    size_t tok_cap;
    double *s; /* one valence per token */
    size_t s_cap;
    char *phrase; /* phrase keys for the idiom checks */
    size_t phrase_cap;
    vader_but_scratch but;
} vader_scratch;

void vader_scratch_free(vader_scratch *s);
/* Free the buffers when they hold more than limit bytes, so one huge text
 * does not pin its memory for the rest of a run. */
void vader_scratch_trim(vader_scratch *s, size_t limit);

/* Score text[0..len) (UTF-8; a byte that is not valid UTF-8 counts as one
 * uncased, non-space, non-punctuation character). Fills the unrounded
 * values. Returns 0, or -1 when out of memory. Time and memory are linear
 * in len (the "but" rule is O(n log n) in tokens). */
int vader_score(const vader_model *m, vader_scratch *s, const char *text, size_t len,
                vader_scores *out);
/* The values the reference returns: neg/neu/pos rounded to 3 decimals and
 * compound to 4, as Python round() does (exact binary value, ties to even). */
void vader_round(const vader_scores *raw, vader_scores *out);
/* Python round(x, ndigits) for 0 <= ndigits <= 6. */
double vader_round_digits(double x, int ndigits);

#endif
