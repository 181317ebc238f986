/* Rendered runs written straight from the caller's memory
 * (weft_writer_put_iov, as weft_run's writing thread writes finished
 * batches): the bytes are those weft_writer_doc writes, in every format,
 * whether the runs go out with writev (a stream with a file descriptor,
 * 64 KiB or more) or are copied (less, or no descriptor), with empty runs
 * and what the writer held before. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "doc.h"
#include "symtab.h"
#include "writer.h"
#include "writer_mem.h"

#define NDOCS 400

typedef struct fixture {
    weft_symtab *g;
    weft_doc *d[NDOCS];
} fixture;

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->g = weft_symtab_new(0);
    assert_int_equal(weft_symtab_intern(fx->g, "raw", 3), WEFT_SYM_RAW);
    assert_int_equal(weft_symtab_intern(fx->g, "text", 4), WEFT_SYM_TEXT);
    weft_symtab_freeze(fx->g);
    char text[600];
    for (int i = 0; i < NDOCS; i++) {
        fx->d[i] = weft_doc_new(fx->g);
        assert_non_null(fx->d[i]);
        char id[16];
        snprintf(id, sizeof id, "d%d", i);
        size_t n = 1 + (size_t)i * 53 % (sizeof text - 1);
        for (size_t k = 0; k < n; k++) text[k] = k % 6 == 5 ? ' ' : (char)('a' + (i + k) % 26);
        assert_int_equal(weft_doc_set_id(fx->d[i], id), WEFT_OK);
        assert_int_equal(weft_doc_set_raw(fx->d[i], text, n, 1), WEFT_OK);
        weft_sym tok = weft_doc_sym(fx->d[i], "token", 5);
        weft_sym word = weft_doc_sym(fx->d[i], "word", 4);
        weft_layer *l;
        const char *why = NULL;
        assert_int_equal(weft_doc_layer_new(fx->d[i], tok, WEFT_SYM_RAW, &l), WEFT_OK);
        for (size_t k = 0; k + 5 <= n; k += 6)
            assert_true(
                weft_doc_add(fx->d[i], tok, (uint32_t)k, (uint32_t)k + 5, word, 0.25f, &why) >= 0);
    }
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    for (int i = 0; i < NDOCS; i++) weft_doc_free(fx->d[i]);
    weft_symtab_free(fx->g);
    free(fx);
    return 0;
}

/* The n documents rendered apart and put with weft_writer_put_iov into f,
 * runs of 1 to `per` documents, an empty run after every third, `per`
 * runs in every other call and one in the others; the first document
 * with weft_writer_doc. */
static void put_iov_docs(FILE *f, const weft_writer_opts *o, weft_doc **docs, size_t n,
                         size_t per) {
    weft_writer *w = weft_writer_new(f, o);
    assert_non_null(w);
    weft_render *r = weft_render_new(w);
    assert_non_null(r);
    weft_outbuf *bufs = calloc(per, sizeof *bufs);
    struct iovec *iov = calloc(per, sizeof *iov);
    assert_non_null(bufs);
    assert_non_null(iov);
    for (size_t k = 0; k < per; k++) weft_outbuf_init(&bufs[k], NULL);
    size_t i = 0;
    if (n) assert_int_equal(weft_writer_doc(w, docs[i++]), 0);
    for (size_t call = 0; i < n; call++) {
        /* every other call one run: copied, held by the writer when the
         * next call writes */
        size_t nio = 0, ndocs = 0, runs = call % 2 ? per : 1;
        for (size_t k = 0; k < runs && i < n; k++) {
            weft_outbuf_truncate(&bufs[k], 0);
            size_t take = k % 3 == 2 ? 0 : 1 + (i + k) % per;
            for (size_t j = 0; j < take && i < n; j++, ndocs++)
                assert_int_equal(weft_render_doc(r, &bufs[k], docs[i], i), 0), i++;
            iov[nio].iov_base = bufs[k].buf;
            iov[nio].iov_len = bufs[k].len;
            nio++;
        }
        assert_int_equal(weft_writer_put_iov(w, iov, nio, ndocs), 0);
    }
    assert_int_equal(weft_writer_count(w), n);
    assert_int_equal(weft_writer_finish(w), 0);
    for (size_t k = 0; k < per; k++) weft_outbuf_free(&bufs[k]);
    free(bufs);
    free(iov);
    weft_render_free(r);
    weft_writer_free(w);
}

static char *slurp(FILE *f, size_t *len) {
    assert_int_equal(fflush(f), 0);
    long end = ftell(f);
    assert_true(end >= 0);
    rewind(f);
    char *s = malloc((size_t)end + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)end, f), (size_t)end);
    s[end] = '\0';
    *len = (size_t)end;
    return s;
}

static void test_iov_same_bytes(void **state) {
    fixture *fx = *state;
    const size_t counts[] = {0, 1, 2, 30, NDOCS};
    const size_t pers[] = {1, 4, 16};
    for (int fmt = WEFT_FMT_JSONL; fmt <= WEFT_FMT_HTML; fmt++)
        for (size_t c = 0; c < sizeof counts / sizeof *counts; c++)
            for (size_t p = 0; p < sizeof pers / sizeof *pers; p++) {
                weft_writer_opts o = {.format = (weft_format)fmt};
                size_t n = counts[c], alen = 0, blen = 0, clen = 0;
                char *a = write_mem(&o, fx->d, n, 0, &alen);
                /* a file: runs of 64 KiB or more go out with writev */
                FILE *f = tmpfile();
                assert_non_null(f);
                put_iov_docs(f, &o, fx->d, n, pers[p]);
                char *b = slurp(f, &blen);
                fclose(f);
                /* no file descriptor: copied */
                char *mem = NULL;
                FILE *m = open_memstream(&mem, &clen);
                assert_non_null(m);
                put_iov_docs(m, &o, fx->d, n, pers[p]);
                assert_int_equal(fclose(m), 0);
                if (alen != blen || memcmp(a, b, alen) != 0)
                    fail_msg("format %d, %zu documents, %zu a call: %zu bytes through writev, "
                             "%zu one by one",
                             fmt, n, pers[p], blen, alen);
                if (alen != clen || memcmp(a, mem, alen) != 0)
                    fail_msg("format %d, %zu documents, %zu a call: copied differ", fmt, n,
                             pers[p]);
                free(a);
                free(b);
                free(mem);
            }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_iov_same_bytes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
