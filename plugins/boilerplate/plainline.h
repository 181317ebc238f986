/*
 * plainline.c's interface: one pass over a plain-text block that computes
 * every byte- and word-level count the later readers need (the stopword
 * counts of bp_stop_count, the shape counts of the learned classifier, the
 * caption cues and prefix key of plaincue.c, the hints the rules and the
 * prose guard read), so that no reader scans the line again for them.
 *
 * Each count keeps the exact definition of the reader it serves (the
 * readers split words differently: stopword words keep apostrophes and
 * digits, shape words are letters and digits, caption words are letters
 * only); the pass tracks those definitions side by side instead of
 * unifying them, so features and model files keep their meaning. A new
 * per-line quantity belongs here, as a field and a few lines of the loop.
 */
#ifndef BP_PLAINLINE_H
#define BP_PLAINLINE_H

#include <stddef.h>
#include <stdint.h>

#include "bp.h"

/* What one pass read of a block's text. */
typedef struct bp_line {
    /* bp_stop_count's: words (letters, digits, apostrophes) and those in
     * the document's stoplist */
    uint32_t nwords, nstop;
    /* the classifier's shape counts (plainml.c): CJK characters, digits,
     * punctuation, words (runs of letters and digits) and those opening
     * with a capital, sentence ends, separators ('|', '/', '·', '•') and
     * commas (also the CJK and Arabic ones) */
    uint32_t cjk, digits, punct, upper, words, ends, seps, commas;
    uint32_t hash;   /* of the bytes (equal lines, equal hashes), for repeated lines */
    uint32_t key;    /* plaincue.c's prefix key (first 24 letters and digits) */
    uint32_t lead3;  /* bytes from 0xE0: lead bytes of 3- and 4-byte UTF-8 */
    uint32_t nchars; /* bp_count_chars: the bytes that continue no UTF-8 sequence */
    uint8_t url;     /* "http", "www." (ASCII case folded) or '@' somewhere */
    uint8_t cap;     /* plaincue.h's BP_CUE_CAP_* bits */
    uint8_t bracket; /* a '[' somewhere (plaincue.c reads the tokens then) */
    uint8_t send;    /* bp_sentence_end of the line, read by several rules */
    /* bp_lines_read only: the block's runs in w->vruns that may hold a
     * content word (bp_line_vocab): the first, and how many */
    uint32_t vfirst, vn;
} bp_line;

/* Reads s[0, n) into *out; stop: the document's stoplist, or NULL (then
 * nstop is 0). */
void bp_line_scan(const bp_stoplist *stop, const char *s, size_t n, bp_line *out);

/* Every block's bp_line (w->lines) and its nchars, nwords and nstop, for
 * plain text. 0, or -1 out of memory. */
int bp_lines_read(bp_work *w);

/* The content words of block i (plainml.c's shared words, after
 * bp_lines_read and with w->stop as it is now): for each run of letters
 * (not of a script written without spaces), lowered, of 4 letters or more
 * and not in w->stop, (hash << 32 | i) is written to out, the hash FNV-1a
 * of the lowered UTF-8. out has room for (block's bytes) / 4 + 1 values.
 * The number written. */
size_t bp_line_vocab(const bp_work *w, size_t i, uint64_t *out);

#endif
