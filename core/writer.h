/* Output formats: one call per finished document, in input order. */
#ifndef WEFT_WRITER_H
#define WEFT_WRITER_H

#include <stdio.h>

#include "doc.h"
#include "outnames.h"
#include "utf8.h"

typedef enum {
    WEFT_FMT_JSONL = 0,
    WEFT_FMT_JSON,
    WEFT_FMT_TEXT,
    WEFT_FMT_TSV,  /* one entity per line: id, label, begin, end, text, score, source */
    WEFT_FMT_CONLL /* one token per line with its BIO entity tag, sentences apart */
} weft_format;

typedef struct weft_writer_opts {
    weft_format format;
    weft_offunit offsets;
    int span_text;    /* add "text" to each record */
    int color;        /* text format: ANSI colours */
    const char *view; /* view to write; NULL = "text" if present else "raw" */
    /* Layers and attributes tsv, conll and text read; NULL fields take the
     * defaults of outnames.h. Borrowed: they must outlive the writer. */
    weft_output_names names;
} weft_writer_opts;

typedef struct weft_writer weft_writer;

weft_writer *weft_writer_new(FILE *f, const weft_writer_opts *o);
/* 0 or an errno value (write error, e.g. EPIPE or ENOSPC). */
int weft_writer_doc(weft_writer *w, const weft_doc *d);
/* Closes a JSON array, flushes. 0 or errno. */
int weft_writer_finish(weft_writer *w);
void weft_writer_free(weft_writer *w);

/* Parse "jsonl|json|text|tsv|conll" and "bytes|codepoints|utf16"; -1 if unknown. */
int weft_format_parse(const char *s);
int weft_offunit_parse(const char *s);

#endif
