/*
 * Sentence boundaries over a token sequence: UAX #29-style terminators and
 * closers, plus English rules for abbreviations, initials, ellipses, lists,
 * decimal numbers, quotations and lines without final punctuation.
 */
#ifndef TOK_SENTENCES_H
#define TOK_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

enum tok_newlines {
    TOK_NL_AUTO,   /* a line break ends a sentence when the next line looks like a new one */
    TOK_NL_SINGLE, /* every line break ends a sentence */
    TOK_NL_BLANK   /* only blank lines do */
};

/* The tokens: begin/end pairs at base + i * stride (the layout of both
 * weft_ann and the tests' records starts with uint32_t begin, end), and
 * their info words from tok_scan. */
typedef struct tok_seq {
    const unsigned char *text;
    size_t len; /* of text */
    const void *base;
    size_t stride, n;
    const uint16_t *info;
} tok_seq;

typedef int (*tok_sent_fn)(void *ctx, uint32_t begin, uint32_t end);

/* Emits each sentence [first token begin, last token end) in order;
 * returns the first non-zero emit result or 0. */
int tok_sentences(const tok_seq *q, int newlines, tok_sent_fn emit, void *ctx);

#endif
