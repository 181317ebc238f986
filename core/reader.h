/*
 * Input: files, directories (recursively, sorted by name), stdin ("-"), and
 * JSON Lines records. Yields one document at a time into a weft_doc.
 */
#ifndef WEFT_READER_H
#define WEFT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "jsonl_fast.h"
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
 * yet: a JSON Lines stream from a pipe or a terminal with no whole line in
 * stdio's buffer (with glibc) and nothing ready in the kernel (what zlib
 * buffered is not seen: a 1 may be wrong, a 0 is not). weft_run then
 * hands over the documents it holds rather than keep them back to fill a
 * batch, and --isolate writes what is in flight before it reads. */
int weft_reader_may_wait(const weft_reader *r);

/*
 * Reading split in two, so that with several workers the reading thread
 * only finds where a document is (splits JSON Lines, walks folders) and the
 * workers do the costly part: decoding a JSON Lines record, opening,
 * reading and inflating a file. On short texts the reading thread decoding
 * every record was the bottleneck at -j 2 (issue #17).
 *
 * weft_reader_next_raw fills d as weft_reader_next does, except that with
 * defer set a JSON Lines record or a regular file found by the walk is
 * left pending: pd->kind is then not WEFT_PEND_NONE, d is untouched but for
 * its seq, and pd->bytes (a record) and pd->path point into the reader,
 * valid until the next call: the caller copies what it keeps. Any thread
 * may then finish the document with weft_reader_decode, into any reset
 * doc, while the reading thread reads on: decoding reads only what the
 * reader's options fixed, and decodes in the caller's scratch. The return
 * value (1 or 2) is final for a document that is not pending; a pending one
 * is 1 until decoded. A note (a warning that goes with a document) found
 * while decoding is left in pd->note[], in d's arena: the reading thread
 * passes it on with weft_reader_note, since notes come from the thread
 * that reads (weft_reader_opts).
 */
enum { WEFT_PEND_NONE, WEFT_PEND_LINE, WEFT_PEND_FILE };

typedef struct weft_pending {
    int kind;
    const char *path; /* the stream of a record, or the file */
    char *bytes;      /* a record, not blank (decoding may rewrite it in place) */
    size_t len;
    size_t lineno;       /* a record */
    int gz;              /* a file: read through zlib */
    size_t size;         /* bytes to expect (the record, the file on disk): the ring's budget */
    const char *note[2]; /* out of weft_reader_decode: a record read with lone surrogates
                            may also fail after */
} weft_pending;

int weft_reader_next_raw(weft_reader *r, weft_doc *d, weft_pending *pd, int defer);

/* Finish a pending document into d (reset; its seq is the caller's to
 * set): 1 or 2 as weft_reader_next. sc is the caller's (one per thread);
 * the reader is only read, but for its count of bytes read (atomic). */
int weft_reader_decode(weft_reader *r, weft_jsonl_scratch *sc, weft_doc *d, weft_pending *pd);

/* From now on weft_reader_next_raw leaves the notes it finds on the
 * reading thread (an input that cannot be read, stdin that looks like JSON
 * Lines) in pd->note[], as decoding does, for the caller to pass on when
 * it writes their document: a run that reads ahead must not say anything
 * of a document it never writes (--fail-fast). */
void weft_reader_keep_notes(weft_reader *r, int keep);

/* Pass a note on as the reader's options say; on the reading thread. */
void weft_reader_note(const weft_reader *r, const char *msg);

/* Add n to the bytes consumed: what another process decoded for this
 * reader (--isolate's children read files), so progress counts it. */
void weft_reader_count(weft_reader *r, uint64_t n);

#endif
