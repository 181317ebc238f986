/* Raw bytes that are not plain UTF-8 (a legacy encoding, bad bytes, a byte
 * order mark) as a UTF-8 view of their own, "decoded", for the stages that
 * read the default view: the tokenizer would otherwise cut "M\xFCller" at
 * the bad byte. raw stays as read, for stages (boilerplate) that decode it
 * themselves. */
#ifndef WEFT_DECODE_H
#define WEFT_DECODE_H

#include "doc.h"

/* Adds view "decoded" over raw when raw is not valid UTF-8 or starts with
 * a byte order mark; *note (NULL when none) says how it was read. Valid
 * UTF-8 costs one validation pass. WEFT_OK, or WEFT_ENOMEM / WEFT_ELIMIT. */
int weft_doc_decode_raw(weft_doc *d, const char **note);

#endif
