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

/* "Hi é😀." in UTF-16 (be: big-endian), with a byte order mark when bom. */
static size_t utf16_sample(char *out, int be, int bom) {
    static const uint16_t units[] = {'H', 'i', ' ', 0x00E9, 0xD83D, 0xDE00, '.'};
    size_t n = 0;
    if (bom) {
        out[n++] = (char)(be ? 0xFE : 0xFF);
        out[n++] = (char)(be ? 0xFF : 0xFE);
    }
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        out[n++] = (char)(be ? units[i] >> 8 : units[i] & 0xFF);
        out[n++] = (char)(be ? units[i] & 0xFF : units[i] >> 8);
    }
    return n;
}

static void utf16_is_decoded_with_runs_to_code_units(void **st) {
    const char *want = "Hi \xc3\xa9\xf0\x9f\x98\x80.";
    for (int be = 0; be < 2; be++) {
        char s[64];
        size_t n = utf16_sample(s, be, 1);
        const char *note = NULL;
        const weft_view *v = decode(*st, s, n, &note);
        assert_non_null(v);
        assert_non_null(note);
        assert_non_null(strstr(note, be ? "UTF-16BE" : "UTF-16LE"));
        assert_null(strstr(note, "1252"));
        assert_int_equal(v->len, strlen(want));
        assert_memory_equal(v->text, want, v->len);
        check_runs(v, s, n);
        /* one run a character of ASCII, on its code unit's byte that
         * holds it: "H" is the unit after the mark */
        assert_int_equal(v->nruns, 4);
        assert_int_equal(v->runs[0].dst, 0);
        assert_int_equal(v->runs[0].src, 2 + (size_t)be);
        /* "." after the pair: decoded byte 9, raw unit at 2 + 2*6 */
        assert_int_equal(v->runs[3].dst, 9);
        assert_int_equal(v->runs[3].src, 14 + (size_t)be);
    }
}

/* Longer text with no mark: told by its NULs on one side. */
static void utf16_without_mark_is_told_by_nuls(void **st) {
    const char *text = "The council met on Monday. Schools reopen on Wednesday, caf\xc3\xa9s too.";
    for (int be = 0; be < 2; be++) {
        char s[256];
        size_t n = 0;
        for (const unsigned char *p = (const unsigned char *)text; *p;) {
            int32_t cp;
            size_t l = weft_utf8_decode(p, strlen((const char *)p), &cp);
            s[n++] = (char)(be ? (uint32_t)cp >> 8 : (uint32_t)cp & 0xFF);
            s[n++] = (char)(be ? (uint32_t)cp & 0xFF : (uint32_t)cp >> 8);
            p += l;
        }
        const char *note;
        const weft_view *v = decode(*st, s, n, &note);
        assert_non_null(v);
        assert_non_null(strstr(note, be ? "read as UTF-16BE" : "read as UTF-16LE"));
        assert_int_equal(v->len, strlen(text));
        assert_memory_equal(v->text, text, v->len);
        check_runs(v, s, n);
        int b2;
        assert_int_equal(weft_utf16_sniff(s, n, &b2), 1);
        assert_int_equal(b2, be);
    }
}

static void utf16_bad_units_become_fffd(void **st) {
    /* LE mark, "A", a lone high surrogate, "B", a lone low one, a last odd byte */
    const char s[] = "\xff\xfe"
                     "A\x00\x3d\xd8"
                     "B\x00\x00\xdc"
                     "C";
    const char *note;
    const weft_view *v = decode(*st, s, sizeof s - 1, &note);
    assert_non_null(v);
    const char *want = "A\xef\xbf\xbd"
                       "B\xef\xbf\xbd\xef\xbf\xbd";
    assert_int_equal(v->len, strlen(want));
    assert_memory_equal(v->text, want, v->len);
    check_runs(v, s, sizeof s - 1);
}

static void nuls_that_are_not_utf16(void **st) {
    (void)st;
    int be;
    /* zeros on both sides (binary) */
    unsigned char bin[400];
    for (size_t i = 0; i < sizeof bin; i++) bin[i] = (unsigned char)((i * 7) % 5 * 40);
    assert_int_equal(weft_utf16_sniff((const char *)bin, sizeof bin, &be), 0);
    /* zeros on one side, but most units are control characters (a table
     * of small 16-bit numbers) */
    unsigned char nums[400];
    for (size_t i = 0; i < sizeof nums; i += 2) {
        nums[i] = (unsigned char)(i % 17);
        nums[i + 1] = 0;
    }
    assert_int_equal(weft_utf16_sniff((const char *)nums, sizeof nums, &be), 0);
    /* UTF-8 text with one stray NUL */
    const char t[] = "A line of text.\0And another line after a NUL byte, in UTF-8.";
    assert_int_equal(weft_utf16_sniff(t, sizeof t - 1, &be), 0);
    const char *note;
    assert_int_equal(weft_textenc_guess(t, sizeof t - 1, &note), WEFT_TEXTENC_UTF8);
}

/* Binary data is told from text by its share of NULs and control bytes;
 * UTF-16 (marked or not) and text with tabs, form feeds and
 * ANSI escapes is not binary. */
static void binary_is_told_from_text(void **st) {
    (void)st;
    size_t at = 99;
    const char elf[] = "\x7f"
                       "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0";
    assert_int_equal(weft_text_binary(elf, sizeof elf - 1, &at), 1);
    assert_int_equal(at, 4); /* 0x02, the first control byte */
    /* a stray NUL in a text is not binary (the text is read) */
    char late[3000];
    memset(late, 'a', sizeof late);
    late[2500] = '\0';
    assert_int_equal(weft_text_binary(late, sizeof late, &at), 0);
    /* the first NUL or control is named, not the first one of a run */
    const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01";
    assert_int_equal(weft_text_binary(png, sizeof png - 1, &at), 1);
    assert_int_equal(at, 6);
    /* no NUL, but control bytes in more than one in twenty */
    char ctl[200];
    for (size_t i = 0; i < sizeof ctl; i++) ctl[i] = (char)(i % 8 == 0 ? 0x01 : 'x');
    assert_int_equal(weft_text_binary(ctl, sizeof ctl, &at), 1);
    assert_int_equal(at, 0);
    /* one stray control byte in a text is not binary */
    const char one[] =
        "Report\x0b of the year, with a vertical tab the scraper left in a long line.";
    assert_int_equal(weft_text_binary(one, sizeof one - 1, NULL), 0);
    const char ok[] = "Tabs\tand\r\nnew lines,\fform feeds and \x1b[1mbold\x1b[0m are text.";
    assert_int_equal(weft_text_binary(ok, sizeof ok - 1, NULL), 0);
    const char u16[] = "\xff\xfeH\0i\0 \0t\0h\0e\0r\0e\0";
    assert_int_equal(weft_text_binary(u16, sizeof u16 - 1, NULL), 0);
    const char u16nobom[] = "H\0e\0l\0l\0o\0,\0 \0w\0o\0r\0l\0d\0.\0 \0A\0g\0a\0i\0n\0.\0";
    assert_int_equal(weft_text_binary(u16nobom, sizeof u16nobom - 1, NULL), 0);
    assert_int_equal(weft_text_binary("", 0, NULL), 0);
    /* too few bytes to tell: a file of one control byte is read */
    assert_int_equal(weft_text_binary("\x1f", 1, NULL), 0);
    assert_int_equal(weft_text_binary("\x01\x02\x03", 3, NULL), 0);
    assert_int_equal(weft_text_binary("\x01\x02\x03\x04", 4, NULL), 1);
}

/* weft_looks_html: the sniff the core's "looks like HTML" warning and the
 * boilerplate stage share. */
static void html_is_told_from_text(void **st) {
    (void)st;
    static const char page[] = "\xEF\xBB\xBF  \n<!DOCTYPE HTML><HTML><Body>Hi</Body></HTML>";
    assert_true(weft_looks_html(page, sizeof page - 1));
    assert_true(weft_looks_html("<DIV class=x><P>Short</P></DIV>", 31));
    assert_true(weft_looks_html("Intro line\n<html><body>x</body></html>", 38));
    /* prose that mentions a tag, or a comparison, is text */
    assert_false(weft_looks_html("Use <b> for bold; 3 < 4 and <p is fine.", 39));
    assert_false(weft_looks_html("No markup at all.", 17));
    assert_false(weft_looks_html("", 0));
    assert_false(weft_looks_html("<", 1));
    /* a tag cut at the end of the bytes is not one */
    assert_false(weft_looks_html("text <htm", 9));
    /* UTF-16 with its byte order mark, markup in its ASCII code units */
    static const char u16[] = "\xFF\xFE<\0h\0t\0m\0l\0>\0x\0";
    assert_true(weft_looks_html(u16, sizeof u16 - 1));
    static const char u16t[] = "\xFF\xFEp\0l\0a\0i\0n\0";
    assert_false(weft_looks_html(u16t, sizeof u16t - 1));
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
        cmocka_unit_test_setup_teardown(utf16_is_decoded_with_runs_to_code_units, setup, teardown),
        cmocka_unit_test_setup_teardown(utf16_without_mark_is_told_by_nuls, setup, teardown),
        cmocka_unit_test_setup_teardown(utf16_bad_units_become_fffd, setup, teardown),
        cmocka_unit_test(nuls_that_are_not_utf16),
        cmocka_unit_test(binary_is_told_from_text),
        cmocka_unit_test(html_is_told_from_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
