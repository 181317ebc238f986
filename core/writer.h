/* Output formats: one call per finished document, in input order. The
 * formats, options and functions are public (include/weft/run.h). */
#ifndef WEFT_WRITER_H
#define WEFT_WRITER_H

#include <stdio.h>

#include "doc.h"
#include "outnames.h"
#include "utf8.h"
#include "weft/run.h"

/* Isolated runs (core/isolate.c): a worker process renders each document
 * with a twin of the run's writer, and the parent writes those bytes in
 * input order, so the output is byte for byte that of weft_writer_doc. */

/* A writer with w's options that keeps its bytes in memory. */
weft_writer *weft_writer_twin(const weft_writer *w);
/* d as weft_writer_doc would write it after some other document; *out and
 * *len stay valid until the next call. 0 or an errno value. */
int weft_writer_render(weft_writer *w, const weft_doc *d, const char **out, size_t *len);
/* Bytes a twin rendered, written as w's next document (the first one gets
 * what only the first has). 0 or an errno value. */
int weft_writer_put_rendered(weft_writer *w, const char *bytes, size_t len);

#endif
