/* Isolated runs: what a worker process renders (weft_render_doc at the
 * document's place) and the parent writes (weft_writer_put_rendered) is byte for byte
 * what weft_writer_doc writes, in every format, including what only the
 * first document gets (no JSON comma, the TSV header) and an empty run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "symtab.h"
#include "writer.h"
#include "writer_mem.h"

#define NDOCS 3

typedef struct fixture {
    weft_symtab *g;
    weft_doc *d[NDOCS];
} fixture;

static weft_sym sym(weft_doc *d, const char *s) {
    return weft_doc_sym(d, s, strlen(s));
}

/* Three documents: tokens, entities and a sentence; a failed one; one with
 * a report (the text format prints it instead of its summary). */
static void build(weft_doc *d, int i) {
    static const char *const texts[NDOCS] = {"Ada Lovelace wrote.", "Bad \xff input", "Report"};
    char id[16];
    snprintf(id, sizeof id, "doc-%d", i);
    assert_int_equal(weft_doc_set_id(d, id), WEFT_OK);
    assert_int_equal(weft_doc_set_raw(d, texts[i], strlen(texts[i]), 1), WEFT_OK);
    const char *why = NULL;
    weft_layer *l;
    assert_int_equal(weft_doc_layer_new(d, sym(d, "token"), WEFT_SYM_RAW, &l), WEFT_OK);
    assert_true(weft_doc_add(d, sym(d, "token"), 0, 3, sym(d, "word"), NAN, &why) >= 0);
    assert_true(weft_doc_add(d, sym(d, "token"), 4, 6, sym(d, "word"), 0.5f, &why) >= 0);
    if (i == 0) {
        assert_int_equal(weft_doc_layer_new(d, sym(d, "entity"), WEFT_SYM_RAW, &l), WEFT_OK);
        assert_true(weft_doc_add(d, sym(d, "entity"), 0, 12, sym(d, "PER"), 0.97f, &why) >= 0);
        assert_int_equal(weft_doc_layer_new(d, sym(d, "sentence"), WEFT_SYM_RAW, &l), WEFT_OK);
        assert_true(weft_doc_add(d, sym(d, "sentence"), 0, 19, 0, NAN, &why) >= 0);
    }
    if (i == 1) weft_doc_error_add(d, "stage", WEFT_EDATA, 4, "bad byte");
    if (i == 2) {
        weft_value v = {.type = WEFT_V_STR, .len = 9, .u.str = "a report\n"};
        assert_int_equal(weft_doc_attr_set(d, sym(d, "report"), &v), WEFT_OK);
    }
}

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->g = weft_symtab_new(0);
    assert_int_equal(weft_symtab_intern(fx->g, "raw", 3), WEFT_SYM_RAW);
    assert_int_equal(weft_symtab_intern(fx->g, "text", 4), WEFT_SYM_TEXT);
    weft_symtab_freeze(fx->g);
    for (int i = 0; i < NDOCS; i++) {
        fx->d[i] = weft_doc_new(fx->g);
        assert_non_null(fx->d[i]);
        build(fx->d[i], i);
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

/* n documents written directly (twin == 0) or rendered apart, as a worker
 * process does, and put by the parent's writer; returns the bytes,
 * NUL-terminated. */
static char *write_docs(weft_doc **docs, size_t n, const weft_writer_opts *o, int twin) {
    return write_mem(o, docs, n, twin ? 1 : 0, NULL);
}

static void test_rendered_same_bytes(void **state) {
    fixture *fx = *state;
    for (int fmt = WEFT_FMT_JSONL; fmt <= WEFT_FMT_CONLL; fmt++)
        for (int off = WEFT_OFF_BYTES; off <= WEFT_OFF_UTF16; off++)
            for (size_t n = 0; n <= NDOCS; n++) {
                weft_writer_opts o = {.format = (weft_format)fmt,
                                      .offsets = (weft_offunit)off,
                                      .span_text = off == 1};
                char *a = write_docs(fx->d, n, &o, 0);
                char *b = write_docs(fx->d, n, &o, 1);
                if (strcmp(a, b) != 0)
                    fail_msg("format %d, offsets %d, %zu documents:\n%s\n---\n%s", fmt, off, n, a,
                             b);
                free(a);
                free(b);
            }
}

/* The first document written may be any of them (a crash can take the
 * first one away): each order gives the same bytes both ways. */
static void test_rendered_any_first(void **state) {
    fixture *fx = *state;
    weft_doc *order[NDOCS] = {fx->d[2], fx->d[1], fx->d[0]};
    for (int fmt = WEFT_FMT_JSONL; fmt <= WEFT_FMT_CONLL; fmt++) {
        weft_writer_opts o = {.format = (weft_format)fmt};
        char *a = write_docs(order, NDOCS, &o, 0);
        char *b = write_docs(order, NDOCS, &o, 1);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rendered_same_bytes),
        cmocka_unit_test(test_rendered_any_first),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
