/* The readable text of a span of a document's raw bytes, for showing what a
 * stage removed (the -f html report's --show-removed): raw as the page had
 * it is neither UTF-8 nor plain text in general. */
#ifndef WEFT_RAWTEXT_H
#define WEFT_RAWTEXT_H

#include <stddef.h>

/* s[0..n) of raw as UTF-8 text, malloc'ed and NUL-terminated, its length in
 * *outlen: transcoded from charset (the boilerplate stage's "charset"
 * attribute; NULL or "UTF-8": as it is) and, when html, with each tag as one
 * space and character references (&amp; &#8217; &copy;) decoded. Bytes that
 * do not decode stay as they are (the writer shows them as U+FFFD). NULL
 * when out of memory. */
char *weft_raw_text(const char *s, size_t n, const char *charset, int html, size_t *outlen);

#endif
