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

/* Before cmocka.h, whose fail() macro would rename host->fail. */
#include "boilerplate/out.c"

#include <cmocka.h>
#include <zlib.h>

#include "boilerplate/sources.inc"

#include "bp_fixture.h"

static void free_work(bp_work *w) {
    bp_work_release(w);
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

/* The raw offset of byte off of the text, through the runs; -1 when no
 * run covers it. */
static long text_to_raw(const bp_work *w, size_t off) {
    for (size_t r = 0; r < w->runs.n; r++) {
        const weft_offrun *x = &w->runs.r[r];
        if (off >= x->dst && off < (size_t)x->dst + x->len) return (long)(x->src + (off - x->dst));
    }
    return -1;
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
    /* A token of the text, "M\xC3\xBCller" (as the tokenizer and the
     * entities would mark it): its first and last bytes map through the runs
     * to raw, and raw between them is the word in Latin-1. */
    const char *word = strstr(w.text.p, "Klaus M\xC3\xBCller") + 6;
    size_t wb = (size_t)(word - w.text.p), we = wb + 7;
    long rb = text_to_raw(&w, wb), rl = text_to_raw(&w, we - 1);
    assert_true(rb >= 0 && rl >= 0);
    assert_int_equal(rl + 1 - rb, 6);
    assert_memory_equal(latin1 + rb, "M\xFCller", 6);
    assert_int_equal(rb, strstr(latin1, "Klaus M\xFCller") + 6 - latin1);
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

/* ------------------------------------------------------------------------ */
/* HTML: the boilerplate layer's spans                                       */

/* s[0, n) less whitespace (Unicode's, as the walk splits words). */
static void squeeze(const char *s, size_t n, bp_buf *out) {
    out->n = 0;
    assert_int_equal(bp_buf_put(out, "", 0), 0);
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = bp_next_cp(u + i, n - i, &cp);
        if (!bp_is_space_cp(cp)) assert_int_equal(bp_buf_put(out, s + i, l), 0);
        i += l;
    }
}

/* The text of a slice as the walk reads it: not inside elements it drops
 * (script, style, title, buttons, ...). */
typedef struct slice {
    bp_buf text;
    int dropped;
} slice;

static void collect_text(void *ctx, const xmlChar *s, int len) {
    slice *c = ctx;
    if (len > 0 && !c->dropped)
        assert_int_equal(bp_buf_put(&c->text, (const char *)s, (size_t)len), 0);
}
static void collect_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
    slice *c = ctx;
    (void)atts;
    if (c->dropped || (lookup(name)->flags & (F_DROP | F_HIDE))) c->dropped++;
}
static void collect_end(void *ctx, const xmlChar *name) {
    slice *c = ctx;
    (void)name;
    if (c->dropped) c->dropped--;
}

/* The text of a piece of a page: in UTF-8 (transcoded as the stage would),
 * tags left out, references decoded, whitespace left out. */
static void slice_text(const char *enc, const char *s, size_t n, bp_buf *out) {
    bp_buf u = {0};
    slice t = {0};
    if (strcmp(enc, "UTF-8") != 0) {
        assert_int_equal(bp_to_utf8(enc, s, n, &u), 0);
    } else {
        for (size_t i = 0; i < n;) {
            size_t ok = weft_utf8_valid_prefix(s + i, n - i);
            assert_int_equal(bp_buf_put(&u, s + i, ok), 0);
            i += ok;
            if (i < n) assert_int_equal(bp_buf_put(&u, "\xEF\xBF\xBD", 3), 0), i++;
        }
    }
    assert_int_equal(bp_buf_put(&t.text, "", 0), 0);
    assert_int_equal(
        bp_sax_parse(u.p ? u.p : "", u.n, &t, collect_start, collect_end, collect_text), 0);
    squeeze(t.text.p, t.text.n, out);
    bp_buf_free(&u);
    bp_buf_free(&t.text);
}

/* Runs the HTML mode on a page and checks every record the boilerplate
 * layer would get: the page's bytes it spans, as text, begin with the
 * block's first character, end with its last and hold all of it. Returns
 * the number of records; *blocks counts the removed blocks. */
static size_t check_html_spans(bp_shared *sh, const char *name, const char *page, size_t n,
                               size_t *blocks) {
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    char msg[256];
    size_t records = 0;
    if (bp_html(&w, page, n, msg, sizeof msg) != WEFT_OK) {
        free_work(&w);
        return 0;
    }
    w.stop = bp_stop_pick(sh, w.meta[BM_LANGUAGE].p, w.meta[BM_LANGUAGE].n, w.text.p,
                          w.text.n < 4096 ? w.text.n : 4096);
    bp_features(&w, 0);
    bp_select(&w, &sh->conf);
    bp_refine(&w);
    const char *note;
    const char *enc = bp_sniff_charset(page, n, &note);
    bp_buf want = {0}, got = {0};
    for (size_t i = 0; i < w.blocks.n; i++) {
        const bp_block *b = &w.blocks.b[i];
        uint32_t begin, end;
        if (!b->reason) continue;
        (*blocks)++;
        if (!bp_block_span(b, n, &begin, &end)) continue;
        records++;
        squeeze(w.text.p + b->tb, b->te - b->tb, &want);
        slice_text(enc, page + begin, end - begin, &got);
        size_t first = 1, last = 1;
        while (first < want.n && (want.p[first] & 0xC0) == 0x80) first++;
        while (last < want.n && (want.p[want.n - last] & 0xC0) == 0x80) last++;
        int ok = want.n == 0
                     ? got.n == 0
                     : got.n >= want.n && memcmp(got.p, want.p, first) == 0 &&
                           memcmp(got.p + got.n - last, want.p + want.n - last, last) == 0 &&
                           bp_memmem(got.p, got.n, want.p, want.n);
        if (!ok)
            fail_msg("%s: block %zu (%s) spans [%u, %u) of the page, which reads\n  '%.*s'\n"
                     "but the block is\n  '%.*s'",
                     name, i, bp_reason_names[b->reason], begin, end,
                     (int)(got.n > 300 ? 300 : got.n), got.p, (int)(want.n > 300 ? 300 : want.n),
                     want.p);
    }
    bp_buf_free(&want);
    bp_buf_free(&got);
    free_work(&w);
    return records;
}

/* Pages where a removed block's words occur earlier, where the layer used
 * to point (the first occurrence of its first word): in the <title>, an
 * attribute, a comment, a script, a dropped element; blocks that begin or
 * end with a reference; other charsets. */
static const char *const span_pages[] = {
    "<html><head><title>Breaking news: storm hits the coast</title></head><body>"
    "<nav><a href=/>Breaking news</a> <a href=/s>Sport</a></nav>"
    "<article><h1>Storm hits the coast</h1><p>A storm hit the coast on Monday, cutting power "
    "to thousands of homes and closing the main road for most of the day, officials said, "
    "while crews worked through the night to clear fallen trees.</p>"
    "<p>Schools will reopen on Wednesday, the council said in a statement, and the ferry "
    "will run to its normal timetable again from Thursday morning.</p></article>"
    "<footer>Breaking news from the coast, every day</footer></body></html>",
    "<html><body><img src=a.jpg alt=\"Share this story\" title=\"Related stories\">"
    "<!-- Related stories --><script>var t = 'Subscribe now'; // Share this story</script>"
    "<noscript>Subscribe now to read on</noscript><button>Share this story</button>"
    "<div class=share>Share this story</div><div class=content><p>The council agreed on "
    "Tuesday to build a new library beside the station, after three years of debate over "
    "its cost, its size and whether the town needed one at all.</p><p>Work will start in "
    "the spring and the building should open two years later, the mayor said, adding that "
    "the old library would become a youth centre.</p></div>"
    "<aside class=related><h3>Related stories</h3><ul><li><a href=/x>Town hall to close "
    "early</a></li></ul></aside><div class=subscribe>Subscribe now to read on</div>"
    "</body></html>",
    "<html><body><div class=story><p>The harbour office will stop printing its tide tables "
    "next year &amp; publish them online instead, the port authority said on Monday, citing "
    "the cost of paper and postage.</p><p>Fishermen said they would miss the booklets, which "
    "have been handed out for free since 1962.</p></div>"
    "<p class=copyright>&copy; 2024 Coast Post &amp; Partners &#8212; all rights reserved "
    "&raquo;</p><div class=credit>&ldquo;Photo&rdquo;: A.&nbsp;Smith</div></body></html>",
    "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xE9 M\xFCller</title></head><body>"
    "<nav><a href=/>Caf\xE9 M\xFCller</a></nav><div class=article><p>Der Inhaber des "
    "Caf\xE9s am Markt, Klaus M\xFCller, hat am Samstag den Preis f\xFCr den besten Kaffee "
    "der Region gewonnen, nachdem eine Jury mehr als vierzig Tassen probiert hatte.</p>"
    "<p>\x93Wir haben nicht damit gerechnet\x94, sagte M\xFCller, und das Preisgeld von 500 "
    "\x80 gehe an die Mitarbeiter.</p></div><footer>\xA9 2024 M\xFCller &amp; S\xF6hne</footer>"
    "</body></html>",
    "<html><body><div class=nav>M\xC3\xBCnchen \xFF Home</div><div class=text><p>Die Stadt "
    "M\xC3\xBCnchen hat am Montag beschlossen, die Stra\xC3\x9F"
    "e vor dem Rathaus f\xC3\xBCr drei Monate zu sperren, weil sie neu gebaut werden muss, "
    "und die Busse fahren in dieser Zeit eine Umleitung.</p></div>"
    "<footer>\xC2\xA9 M\xC3\xBCnchen \xFF</footer></body></html>",
};

static void test_html_spans(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    for (int prune = 1; prune >= 0; prune--) {
        sh->prune = prune;
        for (size_t i = 0; i < sizeof span_pages / sizeof *span_pages; i++) {
            size_t blocks = 0;
            size_t records =
                check_html_spans(sh, span_pages[i], span_pages[i], strlen(span_pages[i]), &blocks);
            /* every removed block has its record */
            if (records != blocks || !records)
                fail_msg("page %zu: %zu records for %zu removed blocks", i, records, blocks);
        }
    }
    sh->prune = 1;
    /* The nav of the first page: its record is its links' text, not the
     * title's "Breaking news". */
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    char msg[256];
    const char *p = span_pages[0];
    assert_int_equal(bp_html(&w, p, strlen(p), msg, sizeof msg), WEFT_OK);
    assert_true(w.blocks.n > 0);
    const char *nav = strstr(p, ">Breaking news</a>") + 1;
    assert_int_equal(w.blocks.b[0].sb, nav - p);
    assert_int_equal(w.blocks.b[0].se, strstr(p, "Sport</a>") + 5 - p);
    free_work(&w);
    /* A block that begins and ends with a reference spans it whole. */
    memset(&w, 0, sizeof w);
    w.sh = sh;
    p = span_pages[2];
    assert_int_equal(bp_html(&w, p, strlen(p), msg, sizeof msg), WEFT_OK);
    const bp_block *copy = NULL;
    for (size_t i = 0; i < w.blocks.n; i++)
        if (strncmp(w.text.p + w.blocks.b[i].tb, "\xC2\xA9 2024", 7) == 0) copy = &w.blocks.b[i];
    assert_non_null(copy);
    assert_int_equal(copy->sb, strstr(p, "&copy;") - p);
    assert_int_equal(copy->se, strstr(p, "&raquo;") + 7 - p);
    free_work(&w);
    free_shared(sh);
}

/* A site's copyright notice in a "copyright" class is labelled copyright,
 * not caption; a photo credit stays a caption. */
static void test_copyright_class(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    const char *page =
        "<html><body><div class=article><p>The council agreed on Tuesday to build a new "
        "library beside the station, after three years of debate over its cost, its size and "
        "whether the town needed one at all.</p><figure><img src=a.jpg><span class=credit>"
        "Photo: A. Smith</span></figure><p>Work will start in the spring and the building "
        "should open two years later, the mayor said, adding that the old library would "
        "become a youth centre.</p><p>The new building will have two floors, a reading room "
        "for children, a cafe and space for the town archive, which is now kept in the "
        "basement of the town hall and can only be seen by appointment.</p><p>Residents who "
        "opposed the plan said the money would have been better spent on the roads, but a "
        "survey last year found that most people in the town wanted a larger library.</p>"
        "</div><div class=copyright-wrp><p>The contents of this site "
        "are \xC2\xA9 2019 Example Publishing Corp.</p></div></body></html>";
    char msg[256];
    assert_int_equal(bp_html(&w, page, strlen(page), msg, sizeof msg), WEFT_OK);
    w.stop = &sh->lists[0];
    bp_features(&w, 0);
    bp_select(&w, &sh->conf);
    bp_refine(&w);
    int copyright = 0, credit = 0;
    for (size_t i = 0; i < w.blocks.n; i++) {
        const bp_block *b = &w.blocks.b[i];
        const char *t = w.text.p + b->tb;
        if (strncmp(t, "The contents", 12) == 0) copyright = b->reason;
        if (strncmp(t, "Photo:", 6) == 0) credit = b->reason;
    }
    assert_int_equal(copyright, BP_R_COPYRIGHT);
    assert_int_equal(credit, BP_R_CAPTION);
    free_work(&w);
    free_shared(sh);
}

/* A page of the dev set, decompressed; NULL when it cannot be read. */
static char *read_gz(const char *path, size_t *n) {
    gzFile f = gzopen(path, "rb");
    if (!f) return NULL;
    bp_buf b = {0};
    char chunk[1 << 16];
    int got;
    while ((got = gzread(f, chunk, sizeof chunk)) > 0)
        assert_int_equal(bp_buf_put(&b, chunk, (size_t)got), 0);
    gzclose(f);
    *n = b.n;
    if (!b.p) bp_buf_put(&b, "", 0);
    return b.p;
}

#define DEV "../shared/data/boilerplate/dev/"

/* Every dev page: every record of the layer spans its block exactly. */
static void test_html_spans_dev(void **st) {
    (void)st;
    static const char *const sets[] = {DEV "aeb/html", DEV "trafilatura-eval/html"};
    DIR *probe = opendir(sets[0]);
    if (!probe) skip();
    closedir(probe);
    bp_shared *sh = shared_en();
    size_t pages = 0, records = 0, blocks = 0;
    for (size_t s = 0; s < sizeof sets / sizeof *sets; s++) {
        DIR *d = opendir(sets[s]);
        assert_non_null(d);
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", sets[s], e->d_name);
            size_t n;
            char *page = read_gz(path, &n);
            assert_non_null(page);
            records += check_html_spans(sh, path, page, n, &blocks);
            pages++;
            free(page);
        }
        closedir(d);
    }
    assert_true(pages >= 400);
    /* every removed block has its record */
    print_message("%zu dev pages: %zu of %zu removed blocks have an exact record\n", pages, records,
                  blocks);
    assert_int_equal(records, blocks);
    free_shared(sh);
}

/* A table row comes out as one paragraph, its cells joined by " | ", and
 * every byte of the text view the map covers is the page's byte; a
 * paragraph inside a cell stays a paragraph of its own. bp_emit is run
 * with a host that only records the view. */
typedef struct view_rec {
    char text[4096];
    size_t len;
    weft_offrun runs[256];
    size_t nruns;
} view_rec;
static view_rec got_view;

static int rec_view_add(weft_doc *d, weft_sym view, const char *text, size_t len, weft_sym base,
                        const weft_offrun *runs, size_t nruns) {
    (void)d, (void)view, (void)base;
    if (!weft_utf8_is_valid(text, len)) return WEFT_EDATA; /* as the host's (plugin.h) */
    assert_true(len < sizeof got_view.text && nruns <= 256);
    memcpy(got_view.text, text, len);
    got_view.text[len] = '\0';
    got_view.len = len;
    memcpy(got_view.runs, runs, nruns * sizeof *runs);
    got_view.nruns = nruns;
    return 0;
}
static int rec_layer_new(weft_doc *d, weft_sym layer, weft_sym view) {
    (void)d, (void)layer, (void)view;
    return 0;
}
static int64_t rec_add(weft_doc *d, weft_sym layer, uint32_t b, uint32_t e, weft_sym label,
                       float score) {
    (void)d, (void)layer, (void)b, (void)e, (void)label, (void)score;
    return 0;
}
static int rec_doc_set(weft_doc *d, weft_sym key, const weft_value *v) {
    (void)d, (void)key, (void)v;
    return 0;
}

static void test_table_rows(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    const char *page =
        "<html><head><title>Rainfall in the towns</title></head><body><article>"
        "<p>Heavy rain fell across the south-west on Sunday night, and several rivers burst their "
        "banks before dawn, flooding roads and homes in three towns.</p>"
        "<table><tr><th>Town</th><th>Rain (mm)</th><th>Homes</th></tr>"
        "<tr><td>Portwell</td><td><b>84</b></td><td>120 &amp; more</td></tr>"
        "<tr><td>Easton Bay</td><td>61</td><td>45</td></tr>"
        "<tr><td><p>The figures for the bay are provisional and may change.</p></td></tr></table>"
        "<p>Forecasters said more rain was expected later in the week and urged people living "
        "near the rivers to keep an eye on the warnings.</p></article></body></html>";
    size_t n = strlen(page);
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    char msg[256];
    assert_int_equal(bp_html(&w, page, n, msg, sizeof msg), WEFT_OK);
    w.stop = &sh->lists[0];
    bp_features(&w, 0);
    bp_select(&w, &sh->conf);
    bp_refine(&w);
    weft_host host = {.view_add = rec_view_add,
                      .layer_new = rec_layer_new,
                      .add = rec_add,
                      .doc_set = rec_doc_set};
    weft_error err;
    assert_int_equal(bp_emit(&host, &w, NULL, &err, n), WEFT_OK);
    const char *t = got_view.text;
    assert_non_null(strstr(t, "\n\nTown | Rain (mm) | Homes\n\n"));
    assert_non_null(strstr(t, "\n\nPortwell | 84 | 120 & more\n\n"));
    assert_non_null(strstr(t, "\n\nEaston Bay | 61 | 45\n\n"));
    assert_non_null(strstr(t, "\n\nThe figures for the bay are provisional and may change.\n\n"));
    /* the map: every run is the page's bytes, and each cell's first word
     * starts one (the separators are no bytes of the page) */
    for (size_t i = 0; i < got_view.nruns; i++) {
        const weft_offrun *r = &got_view.runs[i];
        assert_true(r->dst + r->len <= got_view.len && r->src + r->len <= n);
        assert_memory_equal(t + r->dst, page + r->src, r->len);
    }
    static const char *const cells[] = {"Portwell |", "| 84 |", "| 120 &",
                                        "Easton Bay", "| 61 |", "| 45"};
    for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
        const char *at = strstr(t, cells[c]);
        assert_non_null(at);
        uint32_t dst = (uint32_t)(at - t) + (cells[c][0] == '|' ? 2 : 0);
        int mapped = 0;
        for (size_t i = 0; i < got_view.nruns; i++)
            if (got_view.runs[i].dst == dst) mapped = 1;
        if (!mapped) fail_msg("cell '%s' is not mapped", cells[c]);
    }
    free_work(&w);
    free_shared(sh);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_charset),   cmocka_unit_test(test_plain_latin1),
        cmocka_unit_test(test_html_spans),     cmocka_unit_test(test_copyright_class),
        cmocka_unit_test(test_html_spans_dev), cmocka_unit_test(test_table_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
