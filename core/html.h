/*
 * -f html: one self-contained HTML report (no script, no outside asset).
 *
 * The report is a header written once, one <article> per document rendered
 * wherever the other formats are (workers, --isolate children), and a
 * footer with the index of all documents. The index is the only thing that
 * needs every document at the end, so the writer keeps a small line per
 * document in a temporary file (weft_html_index), never the documents.
 */
#ifndef WEFT_HTML_H
#define WEFT_HTML_H

#include <stdint.h>
#include <stdio.h>

#include "doc.h"
#include "outbuf.h"
#include "weft/run.h"

/* The page start: doctype, the Content-Security-Policy that forbids any
 * script, the style sheet, the opening of the main column. */
void weft_html_header(weft_outbuf *o);

/* One document as the article of number index (its anchor "d<index>"),
 * showing view vs. */
void weft_html_doc(weft_outbuf *o, const weft_doc *d, weft_sym vs, uint64_t index,
                   const weft_writer_opts *opts);

/* Escaped text: & < > " ' as character references, invalid UTF-8 and
 * control characters other than tab, LF and CR as U+FFFD, so the output is
 * valid UTF-8 and valid HTML whatever the bytes, in text and attributes. */
void weft_html_text(weft_outbuf *o, const char *s, size_t len);

typedef struct weft_html_index {
    FILE *spool; /* one <li> per document, opened at the first */
    uint64_t n;  /* entries spooled */
    int error;   /* errno of the first failure, sticky */
} weft_html_index;

/* Add the index entries of the articles in buf[0..len) (whole documents as
 * weft_html_doc wrote them). Document text reaches the output only escaped,
 * so "<article " starts one of ours and nothing else. 0 or errno. */
int weft_html_index_scan(weft_html_index *ix, const char *buf, size_t len);
/* The index, then the page end; closes the spool. */
void weft_html_footer(weft_outbuf *o, weft_html_index *ix);
void weft_html_index_free(weft_html_index *ix);

#endif
