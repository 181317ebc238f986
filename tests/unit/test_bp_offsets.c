/*
 * The boilerplate plugin's offsets into raw: plain text in a legacy
 * encoding (decode.c: which texts are decoded, and every character still
 * pointing at its raw byte), and the boilerplate layer's spans of HTML pages
 * (each removed block's span of the page holds that block's text), on pages
 * written here and, when ../shared/data is there, on every dev page.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "boilerplate/buf.c"
#include "boilerplate/charset.c"
#include "boilerplate/classify.c"
#include "boilerplate/classwords.c"
#include "boilerplate/decode.c"
#include "boilerplate/html.c"
#include "boilerplate/meta.c"
#include "boilerplate/plain.c"
#include "boilerplate/prune.c"
#include "boilerplate/refine.c"
#include "boilerplate/rules.c"
#include "boilerplate/select.c"
#include "boilerplate/stopwords.c"
#include "boilerplate/xmlver.c"

static bp_shared *shared_en(void) {
    bp_shared *sh = calloc(1, sizeof *sh);
    assert_non_null(sh);
    sh->lists = calloc(1, sizeof *sh->lists);
    assert_non_null(sh->lists);
    char err[256];
    const char *path = "plugins/boilerplate/data/stop-English.txt";
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s (run the tests from the repository root)", path);
    static char text[1 << 16];
    size_t len = fread(text, 1, sizeof text, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof text);
    if (bp_stop_load_text(&sh->lists[0], path, text, len, err, sizeof err)) fail_msg("%s", err);
    strcpy(sh->lists[0].code, "en");
    sh->nlists = 1;
    sh->fixed_list = -1;
    sh->prune = 1;
    bp_classwords_init(&sh->cw);
    sh->conf = (bp_conf){.keep_headings = 1,
                         .keep_lists = 1,
                         .keep_tables = 1,
                         .favor = 1,
                         .max_link_density = 0.5,
                         .retry_chars = 500,
                         .stop_low = 0.30,
                         .stop_high = 0.32,
                         .length_low = 70,
                         .length_high = 200};
    return sh;
}

static void free_shared(bp_shared *sh) {
    bp_stop_free(&sh->lists[0]);
    free(sh->lists);
    free(sh);
}

static void free_work(bp_work *w) {
    bp_buf_free(&w->text);
    bp_buf_free(&w->tmp);
    bp_buf_free(&w->pruned);
    bp_buf_free(&w->dec);
    bp_runs_free(&w->runs);
    free(w->blocks.b);
    free(w->els.e);
    free(w->classes);
    for (size_t i = 0; i < sizeof w->meta / sizeof w->meta[0]; i++) bp_buf_free(&w->meta[i]);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------------------ */
/* Plain text in a legacy encoding                                           */

static const char *charset_of(const char *s, const char **note) {
    return bp_text_charset(s, strlen(s), note);
}

/* Which plain texts are read as windows-1252, and the note each gets. */
static void test_text_charset(void **st) {
    (void)st;
    const char *note;
    /* Valid UTF-8: as it is, nothing to say. */
    assert_string_equal(charset_of("Gr\xC3\xBC\xC3\x9F"
                                   "e aus K\xC3\xB6ln",
                                   &note),
                        "UTF-8");
    assert_null(note);
    assert_string_equal(charset_of("plain ASCII", &note), "UTF-8");
    assert_null(note);
    /* Latin-1: "M\xFCller", "caf\xE9". */
    assert_string_equal(charset_of("Klaus M\xFCller im Caf\xE9", &note), "windows-1252");
    assert_string_equal(note, "not valid UTF-8: read as windows-1252 (Latin-1)");
    /* Windows-1252 punctuation: curly quotes, the euro sign, a dash. */
    assert_string_equal(charset_of("\x93Yes\x94, it costs 5 \x80 \x96 or more.", &note),
                        "windows-1252");
    /* A Latin-1 text may hold a valid UTF-8 sequence by chance ("\xDF\x93",
     * sharp s then a curly quote): outnumbered four to one, still Latin-1. */
    assert_string_equal(charset_of("\x84Spa\xDF\x93 f\xFCr Gro\xDF und Kl\xE4in, "
                                   "sch\xF6n und s\xFC\xDF",
                                   &note),
                        "windows-1252");
    /* UTF-8 with a broken byte: still UTF-8, the byte becomes U+FFFD. */
    assert_string_equal(charset_of("caf\xC3\xA9 cr\xC3\xA8me \xFF na\xC3\xAFve", &note), "UTF-8");
    assert_string_equal(note, "not valid UTF-8 in places: bad bytes read as U+FFFD");
    /* A UTF-8 byte order mark says UTF-8 whatever follows. */
    assert_string_equal(charset_of("\xEF\xBB\xBFM\xFCller", &note), "UTF-8");
    assert_non_null(note);
    /* Windows-1251 Russian is not Latin text: no mojibake, U+FFFD. */
    assert_string_equal(charset_of("\xCF\xF0\xE8\xE2\xE5\xF2, \xEC\xE8\xF0! \xCA\xE0\xEA "
                                   "\xE4\xE5\xEB\xE0?",
                                   &note),
                        "UTF-8");
    assert_string_equal(note, "not valid UTF-8, nor Latin-1 text: bad bytes read as U+FFFD");
    /* Nor is text full of bytes windows-1252 leaves undefined. */
    assert_string_equal(charset_of("a\x81 b\x8D c\x8F d\x90 e\x9D f\xE9", &note), "UTF-8");
}

/* The text view's bytes of block b. */
static void block_text(const bp_work *w, const bp_block *b, const char **s, size_t *n) {
    *s = w->text.p + b->tb;
    *n = b->te - b->tb;
}

/* Runs bp_plain on src; checks every run copies equal bytes, and that the
 * span of raw of every one-line block, transcoded, is its text. */
static void plain_checked(bp_shared *sh, bp_work *w, const char *src, size_t n) {
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->stop = &sh->lists[0];
    assert_int_equal(bp_plain(w, src, n), 0);
    bp_features(w, 1);
    bp_plain_classify(w);
    for (size_t i = 0; i < w->blocks.n; i++) {
        const bp_block *b = &w->blocks.b[i];
        for (uint32_t r = b->rb; r < b->re; r++) {
            const weft_offrun *x = &w->runs.r[r];
            assert_true(x->src + x->len <= n);
            assert_memory_equal(w->text.p + x->dst, src + x->src, x->len);
        }
        const char *t;
        size_t tn;
        block_text(w, b, &t, &tn);
        assert_true(b->se > b->sb && b->se <= n);
        if (memchr(t, '\n', tn)) continue;
        if (w->dec_on) {
            bp_buf d = {0};
            assert_int_equal(bp_to_utf8("windows-1252", src + b->sb, b->se - b->sb, &d), 0);
            if (d.n != tn || memcmp(d.p, t, tn))
                fail_msg("block %zu: raw [%u, %u) reads '%.*s', its text is '%.*s'", i, b->sb,
                         b->se, (int)d.n, d.p, (int)tn, t);
            bp_buf_free(&d);
        } else {
            /* verbatim, bad bytes as U+FFFD */
            bp_buf d = {0};
            for (size_t k = b->sb; k < b->se;) {
                size_t ok = weft_utf8_valid_prefix(src + k, b->se - k);
                assert_int_equal(bp_buf_put(&d, src + k, ok), 0);
                k += ok;
                if (k < b->se) assert_int_equal(bp_buf_put(&d, "\xEF\xBF\xBD", 3), 0), k++;
            }
            assert_int_equal(d.n, tn);
            assert_memory_equal(d.p, t, tn);
            bp_buf_free(&d);
        }
    }
}

/* Is needle in the kept blocks? */
static int kept_has(const bp_work *w, const char *needle) {
    for (size_t i = 0; i < w->blocks.n; i++) {
        const bp_block *b = &w->blocks.b[i];
        if (!b->reason && bp_memmem(w->text.p + b->tb, b->te - b->tb, needle, strlen(needle)))
            return 1;
    }
    return 0;
}

static void test_plain_latin1(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_work w;
    static const char latin1[] =
        "Caf\xE9 owner M\xFCller wins award\n"
        "\n"
        "The owner of the small caf\xE9 on the market square, Klaus M\xFCller, won the "
        "regional prize for the best coffee on Saturday, after a jury of five tasted "
        "more than forty cups from across the region.\n"
        "\n"
        "\x93We did not expect it at all,\x94 M\xFCller said, adding that the prize money "
        "of 500 \x80 would go to the staff, who had worked through the summer.\n"
        "\n"
        "\xA9 2024 The Market Weekly\n";
    plain_checked(sh, &w, latin1, sizeof latin1 - 1);
    assert_true(w.dec_on);
    assert_string_equal(w.note, "not valid UTF-8: read as windows-1252 (Latin-1)");
    /* whole words, in UTF-8 */
    assert_true(kept_has(&w, "Klaus M\xC3\xBCller, won"));
    assert_true(kept_has(&w, "small caf\xC3\xA9 on"));
    assert_true(kept_has(&w, "\xE2\x80\x9CWe did not expect it at all,\xE2\x80\x9D M\xC3\xBCller"));
    assert_true(kept_has(&w, "500 \xE2\x82\xAC would"));
    assert_false(kept_has(&w, "\xEF\xBF\xBD"));
    assert_string_equal(w.meta[BM_TITLE].p, "Caf\xC3\xA9 owner M\xC3\xBCller wins award");
    /* The copyright line is removed, and its span is its raw bytes. */
    const bp_block *last = &w.blocks.b[w.blocks.n - 1];
    assert_int_equal(last->reason, BP_R_COPYRIGHT);
    const char *copy = strstr(latin1, "\xA9 2024");
    assert_int_equal(last->sb, copy - latin1);
    assert_int_equal(last->se, sizeof latin1 - 2);
    free_work(&w);

    /* Every character maps back to its byte: the n-th character of the
     * decoded text is raw byte n, ASCII bytes through runs. */
    static const char quotes[] = "\x93"
                                 "5 \x80\x94 a\xE9z \x85\n";
    plain_checked(sh, &w, quotes, sizeof quotes - 1);
    assert_true(w.dec_on);
    assert_int_equal(w.blocks.n, 1);
    assert_string_equal(w.text.p, "\xE2\x80\x9C"
                                  "5 \xE2\x82\xAC\xE2\x80\x9D a\xC3\xA9z \xE2\x80\xA6");
    /* runs: "5 " from raw 1, " a" from raw 5, "z " from raw 8 */
    static const weft_offrun want[] = {{3, 1, 2}, {11, 5, 2}, {15, 8, 2}};
    assert_int_equal(w.runs.n, 3);
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(w.runs.r[k].dst, want[k].dst);
        assert_int_equal(w.runs.r[k].src, want[k].src);
        assert_int_equal(w.runs.r[k].len, want[k].len);
    }
    assert_int_equal(w.blocks.b[0].sb, 0);
    assert_int_equal(w.blocks.b[0].se, 11);
    free_work(&w);

    /* Hard-wrapped Latin-1 prose: one block over two lines, its span from
     * the first line's start to the second's end. */
    static const char wrapped[] =
        "Die Stadtverwaltung hat am Montag mitgeteilt, dass die Stra\xDF"
        "e vor dem\n"
        "Rathaus ab n\xE4"
        "chster Woche f\xFCr drei Monate gesperrt wird, weil sie neu gebaut wird.\n";
    plain_checked(sh, &w, wrapped, sizeof wrapped - 1);
    assert_true(w.dec_on);
    assert_int_equal(w.blocks.n, 1);
    assert_int_equal(w.blocks.b[0].sb, 0);
    assert_int_equal(w.blocks.b[0].se, sizeof wrapped - 2);
    free_work(&w);

    /* Valid UTF-8 is read as it was: no decoding, no note, lines verbatim. */
    static const char utf8[] = "Caf\xC3\xA9 owner M\xC3\xBC"
                               "ller wins award\n\nThe owner of the caf\xC3\xA9 said so.\n";
    plain_checked(sh, &w, utf8, sizeof utf8 - 1);
    assert_false(w.dec_on);
    assert_null(w.note);
    assert_int_equal(w.blocks.n, 2);
    assert_int_equal(w.runs.n, 2);
    assert_int_equal(w.runs.r[1].src, strstr(utf8, "The") - utf8);
    free_work(&w);

    /* Mostly UTF-8 with a bad byte: U+FFFD, unmapped, the span still exact. */
    static const char mixed[] = "Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                                "e \xFF na\xC3\xAFve\n";
    plain_checked(sh, &w, mixed, sizeof mixed - 1);
    assert_false(w.dec_on);
    assert_non_null(strstr(w.text.p, "\xEF\xBF\xBD"));
    assert_int_equal(w.blocks.b[0].se, sizeof mixed - 2);
    free_work(&w);
    free_shared(sh);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_charset),
        cmocka_unit_test(test_plain_latin1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
