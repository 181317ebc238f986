/* Raw that is not plain UTF-8 decoded into view "decoded" (core/decode.c,
 * weft/textenc.h): what is decoded, how, and that every verbatim byte maps
 * back to its raw offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decode.h"
#include "doc.h"
#include "weft/textenc.h"

typedef struct {
    weft_symtab *g;
    weft_doc *d;
} fixture;

static int setup(void **st) {
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    f->g = weft_symtab_new(0);
    weft_symtab_intern(f->g, "raw", 3);
    weft_symtab_intern(f->g, "text", 4);
    weft_symtab_intern(f->g, "decoded", 7);
    f->d = weft_doc_new(f->g);
    *st = f;
    return f->d ? 0 : -1;
}

static int teardown(void **st) {
    fixture *f = *st;
    weft_doc_free(f->d);
    weft_symtab_free(f->g);
    free(f);
    return 0;
}

/* Decodes raw (len n) and returns the view, or NULL when none was made. */
static const weft_view *decode(fixture *f, const char *raw, size_t n, const char **note) {
    weft_doc_reset(f->d);
    assert_int_equal(weft_doc_set_raw(f->d, raw, n, 1), WEFT_OK);
    assert_int_equal(weft_doc_decode_raw(f->d, note), WEFT_OK);
    return weft_doc_view(f->d, WEFT_SYM_DECODED);
}

/* Every byte the runs say was copied is the raw byte they name. */
static void check_runs(const weft_view *v, const char *raw, size_t n) {
    for (size_t i = 0; i < v->nruns; i++) {
        const weft_offrun *r = &v->runs[i];
        assert_true(r->dst + r->len <= v->len);
        assert_true(r->src + r->len <= n);
        assert_memory_equal(v->text + r->dst, raw + r->src, r->len);
    }
}

static void valid_utf8_makes_no_view(void **st) {
    const char *note = "x";
    const char *s = "Caf\xc3\xa9 in M\xc3\xbcnchen, plain ASCII besides.";
    assert_null(decode(*st, s, strlen(s), &note));
    assert_null(note);
    assert_int_equal(weft_doc_default_view(((fixture *)*st)->d), WEFT_SYM_RAW);
}

static void latin1_is_decoded_a_character_a_byte(void **st) {
    const char s[] = "M\xfcller sagte in M\xfcnchen: \x93Gut\x94 \x80"
                     "5.";
    const char *note;
    const weft_view *v = decode(*st, s, sizeof s - 1, &note);
    assert_non_null(v);
    assert_string_equal(note, "not valid UTF-8: read as windows-1252 (Latin-1)");
    const char *want = "M\xc3\xbcller sagte in M\xc3\xbcnchen: \xe2\x80\x9cGut\xe2\x80\x9d "
                       "\xe2\x82\xac"
                       "5.";
    assert_int_equal(v->len, strlen(want));
    assert_memory_equal(v->text, want, v->len);
    assert_int_equal(v->base, WEFT_SYM_RAW);
    check_runs(v, s, sizeof s - 1);
    /* "ller" after the first u-umlaut: decoded byte 3 is raw byte 2 */
    assert_int_equal(v->runs[1].dst, 3);
    assert_int_equal(v->runs[1].src, 2);
    assert_int_equal(weft_doc_default_view(((fixture *)*st)->d), WEFT_SYM_DECODED);
}

static void bom_is_dropped(void **st) {
    const char s[] = "\xef\xbb\xbfHello, caf\xc3\xa9.";
    const char *note = "x";
    const weft_view *v = decode(*st, s, sizeof s - 1, &note);
    assert_non_null(v);
    assert_null(note);
    assert_int_equal(v->len, sizeof s - 1 - 3);
    assert_memory_equal(v->text, s + 3, v->len);
    assert_int_equal(v->nruns, 1);
    assert_int_equal(v->runs[0].dst, 0);
    assert_int_equal(v->runs[0].src, 3);
    assert_int_equal(v->runs[0].len, v->len);
}

static void bad_bytes_in_utf8_become_fffd(void **st) {
    /* many valid sequences, one stray byte: UTF-8 with a bad byte */
    const char s[] = "\xc3\xa9t\xc3\xa9 \xc3\xa0 \xc3\xa7"
                     "a \xc3\xa8re \xc3\xaf\xc3\xae\xc3\xb4 \xff"
                     "!";
    const char *note;
    const weft_view *v = decode(*st, s, sizeof s - 1, &note);
    assert_non_null(v);
    assert_string_equal(note, WEFT_TEXTENC_NOTE_FFFD);
    const char *fffd = strstr(v->text, "\xef\xbf\xbd!");
    assert_non_null(fffd);
    assert_int_equal(v->len, sizeof s - 1 + 2); /* one byte became three */
    check_runs(v, s, sizeof s - 1);
}

static void non_latin_legacy_text_is_not_latin1(void **st) {
    /* windows-1251 Russian: stretches of high bytes, not Latin text */
    const char s[] = "\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0, \xea\xe0\xea \xe4\xe5\xeb\xe0?";
    const char *note;
    const weft_view *v = decode(*st, s, sizeof s - 1, &note);
    assert_non_null(v);
    assert_string_equal(note, "not valid UTF-8, nor Latin-1 text: bad bytes read as U+FFFD");
    assert_true(weft_utf8_is_valid(v->text, v->len));
    check_runs(v, s, sizeof s - 1);
}

static void text_view_wins_over_decoded(void **st) {
    fixture *f = *st;
    const char s[] = "na\xefve";
    const char *note;
    assert_non_null(decode(f, s, sizeof s - 1, &note));
    assert_int_equal(weft_doc_view_add(f->d, WEFT_SYM_TEXT, "naive", 5, 0, NULL, 0), WEFT_OK);
    assert_int_equal(weft_doc_default_view(f->d), WEFT_SYM_TEXT);
}

static void cp1252_undefined_bytes_are_fffd(void **st) {
    (void)st;
    assert_int_equal(weft_cp1252(0x81), 0xFFFD);
    assert_int_equal(weft_cp1252(0x80), 0x20AC);
    assert_int_equal(weft_cp1252(0x9F), 0x0178);
    assert_int_equal(weft_cp1252(0xE9), 0xE9);
    assert_int_equal(weft_cp1252('a'), 'a');
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(valid_utf8_makes_no_view, setup, teardown),
        cmocka_unit_test_setup_teardown(latin1_is_decoded_a_character_a_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(bom_is_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_bytes_in_utf8_become_fffd, setup, teardown),
        cmocka_unit_test_setup_teardown(non_latin_legacy_text_is_not_latin1, setup, teardown),
        cmocka_unit_test_setup_teardown(text_view_wins_over_decoded, setup, teardown),
        cmocka_unit_test(cp1252_undefined_bytes_are_fffd),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
