/*
 * Input: files, directories (recursively, sorted by name), stdin ("-"), and
 * JSON Lines records. Yields one document at a time into a weft_doc.
 */
#ifndef WEFT_READER_H
#define WEFT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "weft/run.h"

/* weft_input, weft_reader_opts, weft_reader_new/free/consumed and
 * weft_input_parse are public: include/weft/run.h. */

/* Fill d (already reset) with the next document.
 * Returns 1: a document is ready;
 *         2: an input could not be read as a document (unreadable file,
 *            malformed JSON line, missing field): d has an id naming the
 *            file (and line) and one error (stage "input") explaining it;
 *            write it out as a failed document and go on;
 *         0: no more input. */
int weft_reader_next(weft_reader *r, weft_doc *d);

#endif
