/*
 * Documents through a writer into memory, for the writer tests (JSON,
 * HTML, --isolate's rendering): either written one by one, or rendered
 * apart as workers and --isolate children do and put `batch` documents at
 * a time, which must give the same bytes. Include after cmocka.h.
 */
#ifndef WEFT_TEST_WRITER_MEM_H
#define WEFT_TEST_WRITER_MEM_H

#include <stdio.h>

#include "outbuf.h"
#include "writer.h"

/* The bytes, NUL-terminated (free them); *size (if not NULL) their count.
 * batch == 0: weft_writer_doc per document. */
static char *write_mem(const weft_writer_opts *o, weft_doc **docs, size_t n, size_t batch,
                       size_t *size) {
    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    weft_writer *w = weft_writer_new(f, o);
    assert_non_null(w);
    weft_render *r = batch ? weft_render_new(w) : NULL;
    if (batch) assert_non_null(r);
    weft_outbuf rendered;
    weft_outbuf_init(&rendered, NULL);
    for (size_t i = 0; i < n; i++) {
        if (!batch) {
            assert_int_equal(weft_writer_doc(w, docs[i]), 0);
            continue;
        }
        assert_int_equal(weft_render_doc(r, &rendered, docs[i], i), 0);
        size_t in = i % batch + 1;
        if (in == batch || i + 1 == n) {
            assert_int_equal(
                weft_writer_put_rendered(w, rendered.buf ? rendered.buf : "", rendered.len, in), 0);
            rendered.len = 0;
        }
    }
    assert_int_equal(weft_writer_finish(w), 0);
    weft_outbuf_free(&rendered);
    weft_render_free(r);
    weft_writer_free(w);
    assert_int_equal(fclose(f), 0);
    if (size) *size = len;
    return mem;
}

#endif
