/*
 * UAX #29 word boundaries (Unicode 15.1.0 default rules, no tailoring).
 */
#ifndef TOK_WORDBREAK_H
#define TOK_WORDBREAK_H

#include <stddef.h>

/*
 * End of the word-break segment that starts at byte i (i < len), treating
 * i as a boundary (start of text). Never returns more than len, never
 * less than i + 1, and never reads outside s[0, len).
 */
size_t tok_wb_next(const unsigned char *s, size_t len, size_t i);

#endif
