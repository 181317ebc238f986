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

/* 1 when the next document may have to wait for input that has not come
 * yet: a JSON Lines stream from a pipe or a terminal with nothing ready
 * in the kernel (what stdio or zlib buffered is not seen: a 1 may be
 * wrong, a 0 is not). weft_run then hands over the documents it holds
 * rather than keep them back to fill a batch. */
int weft_reader_may_wait(const weft_reader *r);

#endif
