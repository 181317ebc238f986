/* Output formats: one call per finished document, in input order. The
 * formats, options and functions are public (include/weft/run.h). */
#ifndef WEFT_WRITER_H
#define WEFT_WRITER_H

#include <stdio.h>
#include <sys/uio.h>

#include "doc.h"
#include "outnames.h"
#include "utf8.h"
#include "outbuf.h"
#include "weft/run.h"

/* Rendering apart from writing, for weft_run's workers: each renders its
 * finished documents into memory with a weft_render of its own, and the
 * thread that writes copies the bytes out in input order. The bytes are
 * those weft_writer_doc would have written for the document at the same
 * position of the output. */
typedef struct weft_render weft_render;

/* A renderer with w's options; NULL when out of memory. */
weft_render *weft_render_new(const weft_writer *w);
void weft_render_free(weft_render *r);
/* Append to o what w would write for d as its document number index
 * (0 for the first: separators and the tsv header depend on it). 0, or
 * o->error (ENOMEM, E2BIG past o->limit). */
int weft_render_doc(weft_render *r, weft_outbuf *o, const weft_doc *d, uint64_t index);
/* Write out what the writer holds now (before a read that may wait for
 * input). 0 or an errno value (sticky). */
int weft_writer_flush(weft_writer *w);
/* Documents written so far (rendered ones included). */
uint64_t weft_writer_count(const weft_writer *w);
/* Write len rendered bytes holding ndocs documents, as weft_writer_doc
 * would have written them one by one. 0 or an errno value. */
int weft_writer_put_rendered(weft_writer *w, const char *buf, size_t len, uint64_t ndocs);
/* The n runs of rendered bytes iov[] holding ndocs documents in all, as
 * weft_writer_put_rendered one after the other, for a caller whose buffers
 * stay valid until the call returns (weft_run's batches, --isolate's
 * shared segments: the one path that writes a caller's bytes without a
 * copy, #17). When they add up to
 * WEFT_WRITER_DIRECT_AT or more and the stream has a file descriptor,
 * they go out with writev straight from the caller's memory, after what
 * the writer holds (flushed first), instead of being copied into the
 * writer's buffer: on short texts that copy was a tenth of what only the
 * writing thread of weft_run does (#17). Fewer bytes are copied, as
 * before, so that small runs still cost one write per 256 KiB. 0 or an
 * errno value (sticky, as for every write). */
#define WEFT_WRITER_DIRECT_AT ((size_t)64 << 10)
int weft_writer_put_iov(weft_writer *w, const struct iovec *iov, size_t n, uint64_t ndocs);

#endif
