/*
 * Input: files, directories (recursively, sorted by name), stdin ("-"), and
 * JSON Lines records. Yields one document at a time into a weft_doc.
 */
#ifndef WEFT_READER_H
#define WEFT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

typedef enum { WEFT_IN_AUTO = 0, WEFT_IN_TEXT, WEFT_IN_HTML, WEFT_IN_JSONL } weft_input;

typedef struct weft_reader_opts {
    weft_input input;       /* AUTO: .jsonl/.ndjson files are JSON Lines */
    const char *id_field;   /* JSON Lines; default "id" */
    const char *text_field; /* JSON Lines; default "text" */
    size_t max_doc_bytes;   /* 0 = no limit; larger documents are errors */
    /* Glob filters (fnmatch) for files found inside folders; files named on
     * the command line are always read. A pattern without '/' matches the
     * file name, one with '/' the whole path. With includes, a file must
     * match one; it must match no exclude. Excludes also prune folders. The
     * arrays must outlive the reader. */
    const char *const *include;
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
} weft_reader_opts;

typedef struct weft_reader weft_reader;

weft_reader *weft_reader_new(const char *const *inputs, size_t ninputs, const weft_reader_opts *o);
void weft_reader_free(weft_reader *r);

/* Fill d (already reset) with the next document.
 * Returns 1: a document is ready;
 *         2: an input could not be read as a document (unreadable file,
 *            malformed JSON line, missing field): d has an id naming the
 *            file (and line) and one error (stage "input") explaining it;
 *            write it out as a failed document and go on;
 *         0: no more input. */
int weft_reader_next(weft_reader *r, weft_doc *d);

/* Bytes of input read so far, for progress reports. */
uint64_t weft_reader_consumed(const weft_reader *r);

int weft_input_parse(const char *s); /* "auto|text|html|jsonl"; -1 if unknown */

#endif
