/*
 * Unit tests of the boilerplate plugin's internals: charset sniffing, input
 * sniffing, phrase rules, stopword lists, plain-text splitting and
 * classification. The stage as a whole (HTML, map, layer, bad input) is
 * tested end to end in tests/e2e/test_boilerplate.sh.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

#include <cmocka.h>

#include "boilerplate/sources.inc"
#include "fuzz/html_events.h"

/* Session 16 (helper H): the shapes behind bylines in other forms, update
 * notices, standards labels, live timestamps and bullets. */
static size_t name_len(const char *s) {
    return bp_byline_name_len(s, strlen(s));
}

static void test_byline_shapes(void **st) {
    (void)st;
    /* a name of two to four capitalised words, small words inside */
    assert_int_equal(name_len("Julie Martin, le 3 mars 2027"), strlen("Julie Martin"));
    assert_int_equal(name_len("Marco Rossi"), strlen("Marco Rossi"));
    assert_int_equal(name_len("Ana de la Cruz | Madrid"), strlen("Ana de la Cruz"));
    assert_int_equal(name_len("[Jane Doe](https://x.org/jd)"), strlen("[Jane Doe"));
    assert_int_equal(name_len("Anna Schmidt und Peter Weber"),
                     strlen("Anna Schmidt und Peter Weber"));
    /* ordinary words after "Von", "Di": no name */
    assert_int_equal(name_len("der Leyen lobt den Plan"), 0);
    assert_int_equal(name_len("fronte alle proteste"), 0);
    assert_int_equal(name_len("Maio ha detto"), 0);
    assert_int_equal(name_len("Schmidt"), 0);
    assert_int_equal(name_len("One Two Three Four Five"), 0);
    assert_true(bp_byline_word_ambiguous("Par", 3) && bp_byline_word_ambiguous("von", 3));
    assert_false(bp_byline_word_ambiguous("By", 2));

    /* update notices: the date before them */
    const char *u1 = "4 March 2027 \xC2\xB7 Updated 2 hours ago";
    assert_int_equal(before_update(u1, strlen(u1)), strlen("4 March 2027"));
    const char *u2 = "Published 4 March 2027 | Last updated: 10:15";
    assert_int_equal(before_update(u2, strlen(u2)), strlen("Published 4 March 2027"));
    const char *u3 = "Veröffentlicht am 3. März 2027, zuletzt aktualisiert vor 2 Stunden";
    assert_int_equal(before_update(u3, strlen(u3)), strlen("Veröffentlicht am 3. März 2027"));
    const char *u4 = "Outdated maps 4 March 2027";
    assert_int_equal(before_update(u4, strlen(u4)), strlen(u4));
    assert_int_equal(dated_update_line(u1, strlen(u1)), strlen("4 March 2027"));
    const char *u5 = "By Jane Doe | Updated 2 hours ago";
    assert_int_equal(dated_update_line(u5, strlen(u5)), 0);

    /* standards labels, not sentences that hold the words */
#define LABEL(x) standards_label(x, strlen(x))
    assert_true(LABEL("Our Standards: The Thomson Reuters Trust Principles."));
    assert_true(LABEL("Editorial standards"));
    assert_true(LABEL("The Harbour News Trust Principles"));
    assert_false(LABEL("Our standards for the crossing are higher than ever: every boat"));
    assert_false(LABEL("The newspaper said its editorial standards required it"));
    assert_false(LABEL("We broke the trust principles"));
#undef LABEL

    /* live timestamps */
#define STAMP(x) stamp_line(x, strlen(x))
    assert_true(STAMP("10:42 GMT") && STAMP("14:05") && STAMP("9:15am") && STAMP("2 hours ago"));
    assert_true(STAMP("35 mins ago") && STAMP("14.05 BST"));
    assert_false(STAMP("10:42 the ferry left") || STAMP("2 hours") || STAMP("2024") ||
                 STAMP("12:345") || STAMP("1 ago"));
#undef STAMP

    /* bullets: lynx's o and # only where it indents */
    assert_int_equal(bp_norm_bullet("* item", 6, 0), 1);
    assert_int_equal(bp_norm_bullet("\xE2\x80\xA2 item", 8, 0), 3);
    assert_int_equal(bp_norm_bullet("o item", 6, 1), 1);
    assert_int_equal(bp_norm_bullet("o item", 6, 0), 0);
    assert_int_equal(bp_norm_bullet("*item", 5, 0), 0);
    assert_int_equal(bp_norm_bullet("- item", 6, 0), 0);
}

/* plain_list_alike: a run of list items of which three quarters (and at
 * least two) are kept keeps the items dropped for their shape; a rule's
 * verdict stays, and a list mostly dropped stays dropped. */
static void test_list_alike(void **st) {
    (void)st;
    bp_block b[9];
    memset(b, 0, sizeof b);
    bp_work w;
    memset(&w, 0, sizeof w);
    w.blocks.b = b;
    w.blocks.n = 9;
    w.blocks.cap = 9;
    w.text.p = "x";
    /* 0: prose; 1-4: items, one dropped for shape; 5: prose; 6-8: items,
     * two dropped (one of three kept is under three quarters) */
    for (size_t i = 1; i <= 4; i++) b[i].mark = BP_MK_ITEM;
    for (size_t i = 6; i <= 8; i++) b[i].mark = BP_MK_ITEM;
    b[0].mark = b[5].mark = 0;
    b[0].te = b[5].te = 1; /* "x": no item mark */
    b[4].reason = BP_R_SHORT;
    b[7].reason = BP_R_SHORT;
    b[8].reason = BP_R_LOW_TEXT;
    plain_list_alike(&w);
    assert_int_equal(b[4].reason, BP_KEEP);
    assert_int_equal(b[7].reason, BP_R_SHORT);
    assert_int_equal(b[8].reason, BP_R_LOW_TEXT);
    /* a rule's verdict (a share line among items) is not undone */
    b[4].reason = BP_R_SHARE;
    plain_list_alike(&w);
    assert_int_equal(b[4].reason, BP_R_SHARE);
}

static void test_charset(void **st) {
    (void)st;
    const char *note;
    /* Declared Latin-1 but valid UTF-8 with accents: the bytes win. */
    const char *a = "<meta charset=\"iso-8859-1\"><p>Gr\xC3\xBC\xC3\x9F"
                    "e</p>";
    assert_string_equal(bp_sniff_charset(a, strlen(a), &note), "UTF-8");
    assert_non_null(note);
    /* Declared UTF-8 but Latin-1 bytes: windows-1252. */
    const char *b = "<meta charset=utf-8><p>Gr\xFC\xDF"
                    "e</p>";
    assert_string_equal(bp_sniff_charset(b, strlen(b), &note), "windows-1252");
    assert_non_null(note);
    /* A declaration that fits is honoured. */
    const char *c = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1250\">"
                    "<p>\xB9\xE6</p>";
    assert_string_equal(bp_sniff_charset(c, strlen(c), &note), "windows-1250");
    assert_null(note);
    /* Pure ASCII with a declaration: the declaration. */
    const char *d = "<meta charset='koi8-r'><p>abc</p>";
    assert_string_equal(bp_sniff_charset(d, strlen(d), &note), "KOI8-R");
    /* BOMs. */
    assert_string_equal(bp_sniff_charset("\xEF\xBB\xBF<p>x", 7, &note), "UTF-8");
    assert_string_equal(bp_sniff_charset("\xFF\xFE<\0p\0", 6, &note), "UTF-16LE");
    /* No declaration, invalid UTF-8: windows-1252. */
    assert_string_equal(bp_sniff_charset("<p>caf\xE9</p>", 12, &note), "windows-1252");
}

/* The class/id words, found in one pass, give what a strstr() per word
 * gives. */
static void test_classwords(void **st) {
    (void)st;
    bp_classwords cw;
    bp_classwords_init(&cw);
    assert_true(bp_classwords_count() <= BP_CW_MAX);
    for (size_t i = 0; i < bp_classwords_count(); i++) {
        const char *w = words[i].word;
        assert_true(strlen(w) >= 3); /* the matcher tests the second byte first */
        for (const char *c = w; *c; c++) assert_false(*c >= 'A' && *c <= 'Z');
    }
    const char *cases[] = {"post-content entry",
                           "site-footer",
                           "share-bar",
                           "menu",
                           "x",
                           "",
                           "ab",
                           "article-header",
                           "mod-ad-slot",
                           "hid",
                           "cookiebar ",
                           "related-articles"};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint32_t want = 0;
        for (size_t i = 0; i < bp_classwords_count(); i++)
            if (strstr(cases[c], words[i].word)) want |= words[i].groups;
        assert_int_equal(bp_classwords_match(&cw, cases[c], strlen(cases[c])), want);
    }
    assert_true(bp_classwords_match(&cw, "site-footer", 11) & BP_CW_FOOTER);
    assert_true(bp_classwords_match(&cw, "post-content", 12) & BP_CW_MAIN);
    assert_int_equal(bp_classwords_match(&cw, "sidebar", 4), 0); /* "side" only */
}

static const char *pruned(bp_buf *b, const char *html) {
    assert_int_equal(bp_prune(html, strlen(html), b), 0);
    return b->p;
}

/* What libxml2 is given: same markup and text, less what is never read. */
static void test_prune(void **st) {
    (void)st;
    bp_buf b = {0};
    assert_string_equal(pruned(&b, "<p class=\"a\" data-x=\"1\" id=b>Hi</p>"),
                        "<p class=\"a\"  id=b>Hi</p>");
    /* values with '>' and the other quote inside */
    assert_string_equal(pruned(&b, "<img alt='a > b' src=\"x'y\"><a HREF=\"#\">x</a>"),
                        "<img  ><a href=\"#\">x</a>");
    /* a link's target only says whether it stays on the page */
    assert_string_equal(pruned(&b, "<a href=\"https://e.org/x\">x</a><a href=\"&#35;t\">y</a>"),
                        "<a href=\"x\">x</a><a href=\"&#35;t\">y</a>");
    assert_string_equal(pruned(&b, "<link rel=canonical href=\"https://e.org/x\">"),
                        "<link rel=canonical href=\"https://e.org/x\">");
    /* attributes read on some elements only */
    assert_string_equal(pruned(&b, "<meta name=a content=b><input name=q><html lang=en>"),
                        "<meta name=a content=b><input ><html lang=en>");
    /* a style is kept only when it may hide the element */
    assert_string_equal(pruned(&b, "<p style=\"color:red\">a<p style=\"DISPLAY: none\">b"),
                        "<p >a<p style=\"DISPLAY: none\">b");
    assert_string_equal(pruned(&b, "<p style=\"visibility&#58;hidden\">c"),
                        "<p style=\"visibility&#58;hidden\">c");
    /* comments leave an empty one, so the text around stays two nodes */
    assert_string_equal(pruned(&b, "one<!-- two -->three"), "one<!---->three");
    assert_string_equal(pruned(&b, "a<script>if (a<b) x='</p>';</script>b"), "a<script></script>b");
    assert_string_equal(pruned(&b, "<STYLE>p{}</style ><p>x"), "<STYLE></style ><p>x");
    /* JSON-LD is read for the metadata */
    assert_string_equal(pruned(&b, "<script type=\"application/ld+json\">{\"a\":1}</script>"),
                        "<script type=\"application/ld+json\">{\"a\":1}</script>");
    assert_string_equal(pruned(&b, "<script type=\"application/LD+JSON\">{}</script>"),
                        "<script type=\"application/LD+JSON\">{}</script>");
    assert_string_equal(pruned(&b, "<script src=x />after"), "<script  />after");
    /* text, end tags, doctype and stray '<' pass as written */
    assert_string_equal(pruned(&b, "<!DOCTYPE html><b>1 < 2</b ><br/>"),
                        "<!DOCTYPE html><b>1 < 2</b ><br/>");
    /* whatever runs to the end of the page is left for libxml2 to recover */
    assert_string_equal(pruned(&b, "x<!-- open"), "x<!-- open");
    assert_string_equal(pruned(&b, "x<script>never closed"), "x<script>never closed");
    assert_string_equal(pruned(&b, "x<div class=\"open"), "x<div class=\"open");
    assert_string_equal(pruned(&b, "x<div"), "x<div");
    assert_string_equal(pruned(&b, ""), "");
    /* an XHTML doctype (quoted literals) or a template in a script does not
     * stop the pruning; a body opening with a tag that ends the script does */
    assert_string_equal(
        pruned(&b, "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x>.dtd\"><p data-x=1>t"),
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x>.dtd\"><p >t");
    assert_string_equal(pruned(&b, "<script type=\"text/template\"><div class=a>x</div></script>"),
                        "<script type=\"text/template\"></script>");
    assert_string_equal(pruned(&b, "<script><p data-x=1>x</script>"),
                        "<script><p data-x=1>x</script>");
    /* the element tree libxml2 builds keeps its shape */
    assert_string_equal(pruned(&b, "<div hidden style=\"display:none\" onclick=\"f()\">t</div>"),
                        "<div hidden style=\"display:none\" >t</div>");
    bp_buf_free(&b);
}

/* Pages where a scanner that does not follow libxml2's own rules would
 * change what libxml2 builds (most found by review and differential
 * testing): libxml2 must see the same thing in the pruned page. */
static const char *const same_tree_pages[] = {
    "<script type=\"application/ld+json\">{\"a\":\"<img alt='x>\"}</script><p class=c>Hello</p>"
    "<p title='y'>World</p>",
    "<script type=\"application/ld+json\">{\"a\":\"<!-- \"}</script><p>Hello</p><!-- x -->"
    "<p>World</p>",
    "<script type=\"application/ld+json\">{\"h\":\"<a "
    "href=\\\"https://e.org\\\">x</a>\"}</script>",
    "<script src=a.js/>document.write('<!--');</script><p>Visible</p><!-- c --><p>after</p>",
    "<div @click=\"a>b\" class=x>text</div>",
    "<div a$b=\"x>y\">text</div>",
    "<div\fdata-x=\"a>b\">text</div>",
    "<p>1 <2 and <script>var s='<!--';</script><p>x</p><!-- y -->",
    "<a class\"m\">t</a>",
    "<script$x>var a='<p>';</script><p>t</p>",
    "<script src=\"x\" / ><p>t</p></script><p>u</p>",
    "<p>a<!-- x --!>b</p><p>c</p><!-- d --><p>e</p>",
    "<p>a<!--> b</p><p>c</p><!-- d --><p>e</p>",
    "<a href=\"#x\"class=y>x</a><a href=\"#x\"/>-<b/</b>",
    "<style><body><!x></style><p>t</p>",
    "<script></div></p></ p>x<textarea></script>y",
    "<script>\n<!--\nvar a = '<p>';\n//--></script><p>z</p>",
    "</ p>t<!DOCTYPE html PUBLIC \"a>b\"><p>u</p>",
    "<?xml version=\"1.0\"?><p class=a>t</p><?x <p>?>",
    "<p>\xc3\xa9<!---->\xc3\xa9</p><STYLE>p{}</style ><p style=\"DISPLAY: none\">h</p>",
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x>.dtd\"><p class=a>t</p>",
    "<script type=\"text/template\"><div class=a>x</div></script><p>y</p>",
    "<script><p class=a>x</script><p>y</p>",
    "<style><body class=b>x</style><p>y</p>",
    "<script type=\"application/ld+json\">{}</script:x><style>p{}</style></script><p>y</p>",
    "<script>a</scripts><style>p{}</style></script><p class=c>y</p>",
    "<div style=\"color:red\" style=\"display:none\" class=a class=b>t</div>",
    "<p>a<?.x <b class=\"c>d\">e</b>",
    "t<!DOCTYPE></l<!DOCTYPEl PUBLIC\"><N\">w",
    "t<!DOCTYPE x><!DOCTYPE y PUBLIC \"><b c=\">w",
    "<!DOCTYPE html></p><b class=x d=y>w</b>",
    "<style><body.</style",
    "<script><p.x class=a>t</script><p>u</p>",
};

static void test_prune_same_tree(void **st) {
    (void)st;
    const char *const *pages = same_tree_pages;
    for (size_t i = 0; i < sizeof same_tree_pages / sizeof *same_tree_pages; i++) {
        bp_buf b = {0};
        assert_int_equal(bp_prune(pages[i], strlen(pages[i]), &b), 0);
        sax_log x, y;
        assert_int_equal(sax_events(pages[i], strlen(pages[i]), &x), 0);
        assert_int_equal(sax_events(b.p, b.n, &y), 0);
        if (strcmp(x.ev.p, y.ev.p) != 0)
            fail_msg(
                "page %zu: libxml2 sees\n  %s\nin the original, but\n  %s\nin the pruned\n  %s", i,
                x.ev.p, y.ev.p, b.p);
        bp_buf_free(&x.ev);
        bp_buf_free(&y.ev);
        bp_buf_free(&b);
    }
}

static void test_sniff_input(void **st) {
    (void)st;
    assert_true(bp_looks_html("<!DOCTYPE html><html>", 21));
    assert_true(bp_looks_html("  \n<div><p>x</p></div>", 22));
    assert_true(bp_looks_html("Some text\n<html><body>x", 23));
    assert_false(bp_looks_html("A plain line.\nAnother <b>one</b>.", 33));
    assert_false(bp_looks_html("", 0));
    char bin[256];
    for (int i = 0; i < 256; i++) bin[i] = (char)i;
    assert_true(bp_looks_binary(bin, sizeof bin));
    assert_false(bp_looks_binary("Plain text\twith tabs\r\n", 22));
    assert_false(bp_looks_binary("\xFF\xFEh\0i\0", 6)); /* UTF-16 with a BOM */
}

#define RULE(s, short_) bp_rule_line(ph, (s), strlen(s), (short_))

/* The compiled phrase lists the rules read (bp_shared holds them). */
static bp_phrases *new_phrases(void) {
    bp_phrases *ph = malloc(sizeof *ph);
    assert_non_null(ph);
    bp_phrases_init(ph);
    return ph;
}

static void test_rules(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    assert_int_equal(RULE("Share this article", 1), BP_R_SHARE);
    assert_int_equal(RULE("  Facebook  ", 1), BP_R_SHARE);
    assert_int_equal(RULE("\xE2\x80\xA2 Twitter", 1), BP_R_SHARE);
    assert_int_equal(RULE("\xC2\xA9 2024 Example Media. All rights reserved.", 1), BP_R_COPYRIGHT);
    assert_int_equal(RULE("Copyright 2023 Valley Radio Ltd", 1), BP_R_COPYRIGHT);
    assert_int_equal(RULE("Read more: Five places to get breakfast", 1), BP_R_RELATED);
    assert_int_equal(RULE("Lesen Sie auch: Busse fahren ab Mai", 1), BP_R_RELATED);
    assert_int_equal(RULE("We use cookies to improve your experience.", 1), BP_R_COOKIE);
    assert_int_equal(RULE("Sign up for our newsletter", 1), BP_R_SUBSCRIBE);
    assert_int_equal(RULE("By Jane Doe", 1), BP_R_BYLINE);
    assert_int_equal(RULE("Advertisement", 1), BP_R_AD);
    assert_int_equal(RULE("Tags: budget, economy", 1), BP_R_NAV);
    assert_int_equal(RULE("Photo: John Smith", 1), BP_R_CAPTION);
    /* Prose that mentions the same words is kept. */
    assert_int_equal(RULE("By the end of the day, the council had agreed to the plan.", 1),
                     BP_KEEP);
    assert_int_equal(RULE("Share prices rose sharply after the announcement on Monday, "
                          "lifting the index to a record.",
                          1),
                     BP_KEEP);
    assert_int_equal(RULE("Read more books, the librarian said, and the children laughed.", 0),
                     BP_KEEP);
    /* Long lines (past the lower-cased copy) still match whole-line words. */
    char longline[1400];
    memset(longline, '-', sizeof longline);
    memcpy(longline + 600, "Facebook", 8);
    assert_int_equal(bp_rule_line(ph, longline, sizeof longline, 1), BP_R_SHARE);
    memcpy(longline + 600, "Face book", 9);
    assert_int_equal(bp_rule_line(ph, longline, sizeof longline, 1), BP_KEEP);
    assert_int_equal(RULE("SHARE THIS", 1), BP_R_SHARE);
    /* phrases with letters beyond ASCII, compared byte for byte */
    assert_int_equal(RULE("Das könnte Sie auch interessieren!", 1), BP_R_RELATED);
    /* NUL bytes inside a line (a fuzzer's find): compared, never read past */
    assert_int_equal(bp_rule_line(ph, "Comment\0\0s", 10, 1), BP_KEEP);
    assert_int_equal(bp_rule_line(ph, "Share\0", 6, 1), BP_R_SHARE);
    /* a line longer than the lower-cased copy but short in characters
     * (invalid UTF-8: continuation bytes count for none) */
    char cont[1400];
    memcpy(cont, "\xC2\xA9 ", 3);
    memset(cont + 3, 0x80, sizeof cont - 3);
    assert_int_equal(bp_rule_line(ph, cont, sizeof cont, 0), BP_R_COPYRIGHT);
    assert_int_equal(RULE("ALL RIGHTS RESERVED", 1), BP_R_COPYRIGHT);
    /* The one-pass phrase search (needles chained by first byte): a needle
     * at the very end, in any case, beside another with the same first
     * bytes, one cut off by the end of the line, one past a false start. */
    assert_int_equal(RULE("Weekly: SIGN UP TO", 1), BP_R_SUBSCRIBE);
    assert_int_equal(RULE("x sign up fo", 1), BP_KEEP);
    assert_int_equal(RULE("x sisisign up for", 1), BP_R_SUBSCRIBE);
    assert_int_equal(RULE("Our partners use a CoOkIe here and there, it seems", 0), BP_R_COOKIE);
    assert_int_equal(RULE("Our partners use a cooki", 0), BP_KEEP);
    assert_int_equal(RULE("Weekly &COPY; Example", 0), BP_R_COPYRIGHT);
    assert_int_equal(RULE("x \xC2\xA9", 0), BP_R_COPYRIGHT);
    assert_int_equal(RULE("x \xC2", 0), BP_KEEP);
    /* whole-line words and prefixes, first byte folded: every word sharing
     * it is tried, and only those */
    assert_int_equal(RULE("PREVIOUS", 1), BP_R_SHARE);
    assert_int_equal(RULE("previousl", 1), BP_KEEP);
    assert_int_equal(RULE("Sponsored Content", 1), BP_R_AD);
    assert_int_equal(RULE("Weiterf\xC3\xBChrende Links: Haus", 1), BP_R_RELATED);
    assert_int_equal(RULE("Zum Weiterlesen", 1), BP_R_RELATED);
    assert_int_equal(RULE("Zum Artikel", 1), BP_R_RELATED);
    assert_int_equal(RULE("Zum Thema", 1), BP_KEEP);
    assert_true(bp_find_ci("aaAB", 4, "ab") != NULL);
    const char *url = "xHTTPS://a";
    assert_ptr_equal(bp_find_ci(url, 10, "https://"), url + 1);
    assert_null(bp_find_ci(url, 9, "https://a"));
    assert_null(bp_find_ci(url, 10, ""));
    /* found by a byte case does not touch (':'): a false candidate first,
     * a needle at the very start and at the very end */
    const char *colon = "x: AB:";
    assert_ptr_equal(bp_find_ci(colon, 6, "b:"), colon + 4);
    assert_ptr_equal(bp_find_ci(colon, 6, "X:"), colon);
    assert_null(bp_find_ci(colon, 5, "b:"));
    const char *www = "see WWW.";
    assert_ptr_equal(bp_find_ci(www, 8, "www."), www + 4);
    assert_null(bp_find_ci(www, 7, "www."));
    /* a needle of letters: its first letter in either case, the first
     * match wins, at the start, at the end, never past n */
    const char *yy = "Your YOUyou yoU";
    assert_ptr_equal(bp_find_ci(yy, 15, "you"), yy);
    assert_ptr_equal(bp_find_ci(yy + 1, 14, "you"), yy + 5);
    assert_ptr_equal(bp_find_ci(yy + 9, 6, "YOU"), yy + 12);
    assert_null(bp_find_ci(yy + 9, 5, "you"));
    assert_null(bp_find_ci("yYyYo", 5, "yoy"));
    {
        /* against the byte-by-byte search on random lines of few letters */
        uint32_t x = 7;
        char h[40];
        static const char *const nd[] = {"ab", "Ba", "abA", "b", "aaab"};
        for (int r = 0; r < 3000; r++) {
            x = x * 1103515245u + 12345u;
            size_t n = (x >> 16) % 40;
            for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                h[i] = "aAbB x"[(x >> 16) % 6];
            }
            const char *w = nd[r % 5];
            size_t k = strlen(w);
            const char *want = NULL;
            for (size_t i = 0; !want && i + k <= n; i++) {
                size_t j = 0;
                while (j < k && (h[i + j] | 0x20) == (w[j] | 0x20)) j++;
                if (j == k) want = h + i;
            }
            assert_ptr_equal(bp_find_ci(h, n, w), want);
        }
    }
    assert_true(bp_is_copyright(ph, "Tous droits réservés", strlen("Tous droits réservés")));
    assert_true(bp_same_words("Rare orchid found!", 18, "rare ORCHID found", 17));
    assert_false(bp_same_words("Rare orchid", 11, "Rare orchids", 12));
    /* any script folds as ASCII does: Polish, Greek (final sigma), Cyrillic */
#define SAME(a, b) bp_same_words(a, sizeof a - 1, b, sizeof b - 1)
    assert_true(SAME("ŁÓDŹ NEWS", "Łódź News"));
    assert_true(SAME("ΝΊΚΟΣ ΠΑΠΑΣ", "Νίκος Παπάς") == 0); /* accents differ: ά vs Α */
    assert_true(SAME("ΝΊΚΟΣ", "Νίκος"));
    assert_true(SAME("Борис — Квашнин", "борис квашнин") == 0); /* a non-ASCII dash counts */
    assert_true(SAME("Борис: Квашнин!", "борис квашнин"));
    assert_false(SAME("Łódź", "Lodz"));      /* letters stay distinct from their base letters */
    assert_true(SAME("a\xff b", "A\xff-B")); /* an invalid byte matches itself */
    assert_false(SAME("a\xff", "a\xfe"));
    assert_false(SAME("ab", "ab\xc3\xa9"));
#undef SAME
    assert_true(bp_sentence_end("He left.\xE2\x80\x9D", 11));
    assert_true(bp_sentence_end("Really?\"", 8));
    assert_false(bp_sentence_end("Main menu", 9));
    free(ph);
}

#include "bp_fixture.h"

/* prose.c: sentences, tweets and spaceless scripts read as prose; labels,
 * headlines and link lists do not. */
static int prose(const bp_stoplist *l, const char *s) {
    bp_prose p;
    bp_prose_scan(l, s, strlen(s), &p);
    return bp_prose_is(&p);
}

static void test_prose(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    const bp_stoplist *en = &sh->lists[0];
    assert_true(prose(en, "The minister declined to comment on the report."));
    assert_true(prose(en, "@maria @dan thanks for coming tonight, it was the best gig! #live"));
    assert_true(prose(en, "i wish it would do the same for movies but that is one rare feature"));
    assert_false(prose(en, "Home | News | Sport | Weather"));
    assert_false(prose(en, "How to sleep better in summer"));
    assert_false(prose(en, "http://a.example/ http://b.example/ http://c.example/"));
    /* Japanese: no spaces, no stoplist; characters and the full stop count. */
    assert_true(prose(NULL, "\xE4\xBB\x8A\xE6\x97\xA5\xE3\x81\xAF\xE9\x9B\xA8\xE3\x81"
                            "\x8C\xE9\x99\x8D\xE3\x81\xA3\xE3\x81\x9F\xE3\x80\x82"));
    assert_false(prose(NULL, "\xE3\x83\x9B\xE3\x83\xBC\xE3\x83\xA0")); /* ホーム */
    /* Tags are counted apart; an initial or an abbreviation's dot is not a
     * sentence end. */
    bp_prose p;
    const char *t = "Great post by A. Writer http://x.example #tag @you";
    bp_prose_scan(en, t, strlen(t), &p);
    assert_int_equal(p.tags, 3);
    assert_int_equal(p.urls, 1);
    assert_int_equal(p.ends, 0);
    /* bp_prose_spaceless, which stops counting a long run of Han once it
     * knows, answers as the whole scan does: random blocks of Han, kana,
     * full stops, Hangul, Thai, accented and Cyrillic letters, box-drawing
     * rules, English words and bad bytes (cut sequences, a lone
     * continuation byte), against every block length around the half and
     * around 30 characters. */
    static const char *const piece[] = {
        "\xE4\xBB\x8A", "\xE3\x83\x9B", "\xE3\x80\x82", " the ",    "rain ",    ". ",
        "\xED\x95\x9C", "\xC3\xA9",     "\xFF",         "!",        "\xE4\xBB", "a",
        "\xE2\x94\x80", "\xE2\x94",     "\xE0\xB8\x81", "\xD0\xA4", "\x80",     "\xC2"};
    char buf[90 * 5];
    uint32_t x = 4242;
    size_t agree_kept = 0;
    for (int r = 0; r < 3000; r++) {
        x = x * 1103515245u + 12345u;
        size_t np = (x >> 8) % 90, n = 0;
        for (size_t k = 0; k < np; k++) {
            x = x * 1103515245u + 12345u;
            /* mostly Han in some blocks, mixed in others */
            size_t q = (r & 1) && (x >> 20) % 4 ? 0 : (x >> 8) % (sizeof piece / sizeof *piece);
            size_t m = strlen(piece[q]);
            memcpy(buf + n, piece[q], m);
            n += m;
        }
        for (size_t nchars = 0; nchars <= 2 * np + 4; nchars++) {
            const bp_stoplist *l = r % 3 ? en : NULL;
            bp_prose_scan(l, buf, n, &p);
            int want = p.cjk * 2 >= nchars && bp_prose_is(&p);
            assert_int_equal(bp_prose_spaceless(l, buf, n, nchars), want);
            agree_kept += (size_t)want;
        }
    }
    assert_true(agree_kept > 1000); /* both answers were seen */
    free_shared(sh);
}

/* The phrases found anywhere in a line (cookie, subscribe, copyright) are
 * searched for with a skip table (rules.c's plist_contains): a phrase at the
 * very start or end, in any case, next to another, or inside a word is
 * still found, and the answer for a line is that of its pieces put
 * together (a piece longer than any phrase starting at each byte). */
#define RCLS(s) bp_rule_classes(ph, (s), strlen(s))
static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* bp_sort_hi32 orders (key << 32 | index) pairs as a stable sort by key,
 * which is the order of the whole values: also when some of the key's
 * bytes are the same in every pair (the sort skips their passes), all of
 * them are, or there is one pair or none. */
static void test_sort_hi32(void **st) {
    (void)st;
    enum { N = 300 };
    uint64_t a[N], tmp[N], want[N];
    static const uint32_t masks[] = {0xFFFFFFFFu, 0x00FF00FFu, 0xFF000000u, 0x000000FFu, 0};
    uint32_t x = 12345;
    for (size_t m = 0; m < sizeof masks / sizeof masks[0]; m++)
        for (size_t n = 0; n <= N; n += n < 3 ? 1 : 97) {
            for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                uint32_t key = ((x >> 3) & masks[m]) | 0x01020304u;
                a[i] = want[i] = (uint64_t)key << 32 | (uint32_t)i;
            }
            qsort(want, n, sizeof *want, cmp_u64);
            uint64_t *got = bp_sort_hi32(a, tmp, n);
            assert_true(got == a || got == tmp);
            if (n) assert_memory_equal(got, want, n * sizeof *want);
        }
}

/* bp_group_hi32 puts equal keys side by side: every pair once, and a key's
 * pairs in one run, for few and many keys, one pair or none, and past the
 * table's size (then sorted). */
static void test_group_hi32(void **st) {
    (void)st;
    enum { N = 700 };
    static uint64_t a[N], tmp[N], got_sorted[N], want[N];
    /* keys from a set of few (m > 0: 1, 2, 7, 50 keys of random bits,
     * which then share slots of the table) or of any */
    static const size_t few[] = {0, 1, 2, 7, 50};
    uint32_t x = 777, set[50];
    for (size_t k = 0; k < 50; k++) set[k] = x = x * 1103515245u + 12345u;
    for (size_t m = 0; m < sizeof few / sizeof few[0]; m++)
        for (size_t n = 0; n <= N; n += n < 3 ? 1 : 37) {
            for (size_t i = 0; i < n; i++) {
                x = x * 1103515245u + 12345u;
                uint32_t key = few[m] ? set[(x >> 8) % few[m]] : x;
                a[i] = want[i] = (uint64_t)key << 32 | (uint32_t)i;
            }
            uint64_t *got = bp_group_hi32(a, tmp, n);
            assert_true(got == a || got == tmp);
            /* a key that ended its run does not come back */
            for (size_t i = 1; i < n; i++)
                if (got[i] >> 32 != got[i - 1] >> 32)
                    for (size_t j = i; j < n; j++) assert_true(got[j] >> 32 != got[i - 1] >> 32);
            memcpy(got_sorted, got, n * sizeof *got);
            qsort(got_sorted, n, sizeof *got_sorted, cmp_u64);
            qsort(want, n, sizeof *want, cmp_u64);
            if (n) assert_memory_equal(got_sorted, want, n * sizeof *want);
        }
}

/* The start lists in one table (rules.c's bp_pstart): share words and ads
 * must be the whole trimmed line, the prefix lists open it; the line's case
 * is folded, in and outside ASCII ("ZURÜCK" is "zurück"); a one-byte
 * phrase ("x") is a whole line only. */
static void test_rules_start_table(void **st) {
    (void)st;
    bp_phrases *ph = malloc(sizeof *ph);
    assert_non_null(ph);
    bp_phrases_init(ph);
    static const struct {
        const char *line;
        unsigned classes;
    } cases[] = {
        {"X", BP_RC_SHARE},
        {"Xy", 0},
        {"ADVERTISEMENT", BP_RC_AD},
        {"Advertisements galore", 0},
        {"Share this story", BP_RC_SHARE},
        {"Sharer of the year", 0},
        {"READ MORE about the vote", BP_RC_RELATED},
        {"By Jane Doe", BP_RC_BYLINE},
        {"Photo: Jane Doe", BP_RC_CAPTION},
        {"Tags: news", BP_RC_MISC},
        {"> Zur\xC3\xBC"
         "ck",
         BP_RC_SHARE},
        {"ZUR\xC3\x9C"
         "CK",
         BP_RC_SHARE},
        {"Zur\xC3\xBC"
         "ck zu den Nachrichten",
         BP_RC_MISC},
        {"Zurich", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *l = cases[i].line;
        if (bp_rule_classes(ph, l, strlen(l)) != cases[i].classes)
            fail_msg("\"%s\": classes %#x, expected %#x", l, bp_rule_classes(ph, l, strlen(l)),
                     cases[i].classes);
    }
    free(ph);
}

static void test_rules_contains(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    const unsigned want = BP_RC_COOKIE | BP_RC_SUBSCRIBE;
    assert_int_equal(RCLS("cookie") & want, BP_RC_COOKIE);
    assert_int_equal(RCLS("x COOKIES") & want, BP_RC_COOKIE);
    assert_int_equal(RCLS("fortunecookie") & want, BP_RC_COOKIE);
    assert_int_equal(RCLS("gdpr") & want, BP_RC_COOKIE);
    assert_int_equal(RCLS("gdp") & want, 0);
    assert_int_equal(RCLS("a GDPR") & want, BP_RC_COOKIE);
    assert_int_equal(RCLS("cookienewsletter") & want, BP_RC_COOKIE | BP_RC_SUBSCRIBE);
    assert_int_equal(RCLS("Join the Newsletter") & want, BP_RC_SUBSCRIBE);
    assert_int_equal(RCLS("cooki newslette gdp subscrib") & want, 0);
    assert_true(RCLS("Photo \xC2\xA9 Agency") & BP_RC_COPYRIGHT);
    assert_true(RCLS("\xC2\xA9 2024") & BP_RC_COPYRIGHT);
    assert_true(RCLS("2024 &COPY; x") & BP_RC_COPYRIGHT);
    assert_true(RCLS("Text. All Rights Reserved") & BP_RC_COPYRIGHT);
    assert_false(RCLS("All rights reserve") & BP_RC_COPYRIGHT);
    assert_true(bp_is_copyright(ph, "x \xC2\xA9", 4));
    assert_false(bp_is_copyright(ph, "x \xC2", 3));
    /* pseudo-random lines of phrase pieces and filler */
    static const char *const bits[] = {
        "cook",     "ie",      "gd",         "pr",    "Subscri",
        "be",       "news",    "letter",     "GDPR",  " ",
        "x",        "COOKIE",  "sign up to", "e",     "Enter your email",
        "\xC2\xA9", "ab",      "Our App",    "&Copy", "eINWILLIGUNG",
        "\xC3\xA9", "\xC3\x89"};
    uint32_t seed = 12345;
    for (int round = 0; round < 2000; round++) {
        char line[256];
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t parts = 1 + (seed >> 16) % 12;
        for (size_t k = 0; k < parts; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *b = bits[(seed >> 16) % (sizeof bits / sizeof bits[0])];
            size_t l = strlen(b);
            if (n + l >= sizeof line) break;
            memcpy(line + n, b, l);
            n += l;
        }
        line[n] = '\0';
        /* the raw-pair table finds what the folded-pair hash does, from
         * every start (each window's last pair somewhere else) */
        for (size_t p = 0; p < n; p++)
            assert_int_equal(
                plist_contains_at(&ph->l[BP_PL_CONTAINS], ph->shift16, line + p, n - p, 7, 0),
                plist_contains_at(&ph->l[BP_PL_CONTAINS], NULL, line + p, n - p, 7, 0));
        unsigned whole = bp_rule_classes(ph, line, n) & want, pieces = 0;
        for (size_t p = 0; p < n; p++) {
            size_t l = n - p < 40 ? n - p : 40;
            pieces |= bp_rule_classes(ph, line + p, l) & want;
        }
        assert_int_equal(whole, pieces);
    }
    free(ph);
}

#define PRULE(s) bp_rule_line_plain(ph, (s), strlen(s))

/* A sentence that opens with, or holds, a phrase word is the user's text
 * on both paths: only the label, the banner or the prompt goes. */
static void test_rules_sentences_keep(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    static const char *const keep[] = {
        "Newsletter publishers have seen advertising revenue fall sharply this year, the report "
        "said.",
        "Related companies in the group also reported losses, according to the filing.",
        "Copyright holders of the bank's old logo also sued it last year, a case that is still "
        "running.",
        "Subscribers to the firm's premium plan grew by 40% to 1.2 million.",
        "Management said the new cookie factory would open in the spring of next year.",
        "Registered voters in the district received the council's newsletter by post last week.",
        "Researchers found that tracking cookies follow users across websites.",
        /* reported speech: a sentence that names its source, whatever it quotes */
        "Readers can subscribe to the paper for 5 dollars a month, the editor said.",
        "Our cookie policy has not changed, a spokesman for the regulator said on Monday.",
        "We use cookies and other tracking tools, the company admitted in court filings on "
        "Tuesday.",
        "All rights reserved, the lawyer said, meaning the company could still sue.",
        "Click here, the hacker told victims in a fake email, and your account is safe.",
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        assert_int_equal(PRULE(keep[i]), BP_KEEP);
        assert_int_equal(RULE(keep[i], 1), BP_KEEP);
    }
    /* The notices and prompts themselves still go, on both paths. */
    assert_int_equal(PRULE("Copyright 2026 Example Media."), BP_R_COPYRIGHT);
    assert_int_equal(RULE("Copyright: Reuters", 1), BP_R_COPYRIGHT);
    assert_int_equal(PRULE("Copyright reserved"), BP_R_COPYRIGHT);
    assert_int_equal(PRULE("Related: Fed raises rates again after a long pause in the spring."),
                     BP_R_RELATED);
    assert_int_equal(RULE("Related Articles", 1), BP_R_RELATED);
    assert_int_equal(PRULE("Newsletter: sign up for our free morning briefing"), BP_R_SUBSCRIBE);
    assert_int_equal(PRULE("Subscribe now for full access to every story on the site."),
                     BP_R_SUBSCRIBE);
    assert_int_equal(RULE("Subscribe now for full access to every story on the site.", 1),
                     BP_R_SUBSCRIBE);
    assert_int_equal(RULE("We use cookies to improve your experience on this website.", 1),
                     BP_R_COOKIE);
    /* a prompt that speaks of what a source said is still a prompt when short
     * or unfinished */
    assert_int_equal(PRULE("Subscribe: what the experts said"), BP_R_SUBSCRIBE);
    assert_int_equal(PRULE("We use cookies to improve your experience. By continuing you accept "
                           "our cookie policy."),
                     BP_R_COOKIE);
    free(ph);
}

/* A cue of a prompt ("subscribe to", "log in", "free trial") inside a
 * sentence of running text is a verb or a noun of the story: only where it
 * opens the line or a clause does it ask the reader. */
static void test_rules_cue_in_prose(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    static const char *const keep[] = {
        "Investors rushed to subscribe to the new bond issue, which was four times covered by "
        "noon.",
        "Thousands of customers could not log in to the bank's app for most of Monday morning.",
        "Readers who sign up for the paper's free trial this month will get a tote bag as well.",
        "Pension funds that subscribe to the index will have to sell the shares by the end of May.",
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        assert_int_equal(PRULE(keep[i]), BP_KEEP);
        assert_int_equal(RULE(keep[i], 1), BP_KEEP);
    }
    static const char *const prompt[] = {
        "To keep reading this article and many others, log in or subscribe today.",
        "To read the rest of this article and many more, subscribe to The Daily Herald today.",
        "Already a member of the club? Log in to read the whole of this story.",
        "Subscribe to the Daily Herald for the latest local news and sport.",
    };
    for (size_t i = 0; i < sizeof prompt / sizeof prompt[0]; i++)
        assert_int_equal(PRULE(prompt[i]), BP_R_SUBSCRIBE);
    free(ph);
}

/* A short sentence that opens with a cue word used as a word of the story
 * ("Subscribe numbers", "Related firms") is prose: a finite verb comes
 * after the cue and another word. Prompts, labels and the site's status
 * lines keep their verdict. */
static void test_rules_cue_word_sentence(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    static const char *const keep[] = {
        "Subscribe numbers fell sharply in May.",
        "Related stories appeared in three papers.",
        "Related firms were fined by the regulator.",
        "Subscribe rates have doubled since the spring.",
        "Trending topics were slow this week.",
        "Recommended doses were halved after the trial.",
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
        assert_int_equal(PRULE(keep[i]), BP_KEEP);
    static const struct {
        const char *s;
        int want;
    } prompt[] = {
        {"Subscribe to our newsletter.", BP_R_SUBSCRIBE},
        {"Subscribe now for full access.", BP_R_SUBSCRIBE},
        {"Subscribe, it only takes a minute.", BP_R_SUBSCRIBE},
        {"Subscribe numbers fell.", BP_R_SUBSCRIBE}, /* three words: a label's length */
        {"Related stories", BP_R_RELATED},
        {"Related: Fed raises rates.", BP_R_RELATED},
        {"Related coverage from our partners.", BP_R_RELATED},
        /* a phrase of two words is the prompt, whatever verb follows */
        {"Read more stories that appeared in print.", BP_R_RELATED},
        {"See also stories that were in print.", BP_R_RELATED},
    };
    for (size_t i = 0; i < sizeof prompt / sizeof prompt[0]; i++) {
        if (PRULE(prompt[i].s) != prompt[i].want) fail_msg("%s", prompt[i].s);
    }
    free(ph);
}

/* A prompt's words used as the subject of a sentence about the prompt
 * ("Allow all cookies was ...", "\"Join our newsletter\" boxes were ...")
 * are the user's text on both paths: the mention ends at a finite verb of
 * the clause, and the rest speaks of the prompt, not to the reader, with
 * more clause structure. Prompts and banners, in several languages, go. */
static void test_rules_prompt_in_prose(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    static const char *const keep[] = {
        "Allow all cookies was the default answer on nine sites in ten, the study showed, and "
        "users rarely changed it.",
        "Manage cookie settings links were placed in the footer, where few visitors looked for "
        "them.",
        "\"Join our newsletter\" boxes were the most common kind of pop-up in the sample, "
        "followed by chat windows.",
        "\xE2\x80\x9C"
        "Accept cookies\xE2\x80\x9D was printed in grey on a grey button, which the court called "
        "a deliberate trick.",
        "Subscribe to our newsletter prompts have become so common that many readers close them "
        "without looking.",
        "'Sign up for our newsletter' windows were shown to every visitor within two seconds, "
        "the auditors wrote.",
        "Sign in to comment boxes were removed from the site last year after a flood of spam "
        "posts.",
        "\xE2\x80\x9E"
        "Alle akzeptieren\xE2\x80\x9C war die einzige Schaltfl\xC3\xA4"
        "che auf der ersten Seite, und die Ablehnung lag zwei Men\xC3\xBC"
        "s tiefer.",
        "\xC2\xAB"
        "Accepter les cookies\xC2\xBB \xC3\xA9tait le seul bouton visible, et le refus "
        "\xC3\xA9tait cach\xC3\xA9 dans un menu.",
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        if (PRULE(keep[i]) != BP_KEEP) fail_msg("plain: %s", keep[i]);
        if (RULE(keep[i], 1) != BP_KEEP) fail_msg("html: %s", keep[i]);
        assert_false(bp_rule_asks(ph, keep[i], strlen(keep[i])));
    }
    static const char *const prompt[] = {
        "Accept all cookies",
        "We use cookies. Accept | Reject",
        "Subscribe to our newsletter for the latest news.",
        "Subscribe now and get 50% off your first year.",
        "By continuing to browse you accept our use of cookies.",
        "This site uses cookies to improve your experience. Learn more",
        /* a prompt that goes on with a clause of its own */
        "Subscribe to our newsletter, which is sent every Friday with the best stories of the "
        "week.",
        "Sign up for our newsletter which was voted the best in the country, and never miss a "
        "story.",
        "Accept all cookies and the site will remember your choices for the next twelve months.",
        "Subscribe to the newsletter sent to two million readers every Friday, which is free of "
        "charge.",
        "Subscribe today \xE2\x80\x94 it is the best way to support independent local "
        "journalism, and it takes a minute.",
        "By clicking \"Accept all cookies\", you agree to the storing of cookies on your device "
        "to enhance site navigation.",
        "\"Accept all cookies\" is the button to press if you want the full experience of the "
        "site, and it is quick.",
        "\"Accept\" was what most readers chose last month, click here to manage your own "
        "cookie choices.",
        "Accept cookies was never easier: one click and all of our content is yours, for free.",
        "Wenn Sie auf \xE2\x80\x9E"
        "Alle akzeptieren\xE2\x80\x9C klicken, stimmen Sie der Verwendung von Cookies zu.",
        "Alle akzeptieren war nie einfacher, und Sie k\xC3\xB6nnen die Cookies sp\xC3\xA4ter "
        "verwalten.",
        "En cliquant sur \xC2\xAB"
        "Accepter\xC2\xBB, vous acceptez l'utilisation de cookies sur ce site.",
        "Aceptar todas las cookies es la opci\xC3\xB3n recomendada, y usted puede cambiarla "
        "cuando quiera.",
    };
    for (size_t i = 0; i < sizeof prompt / sizeof prompt[0]; i++) {
        int v = PRULE(prompt[i]);
        if (v != BP_R_COOKIE && v != BP_R_SUBSCRIBE) fail_msg("plain kept: %s", prompt[i]);
        v = RULE(prompt[i], 1);
        if (v != BP_R_COOKIE && v != BP_R_SUBSCRIBE) fail_msg("html kept: %s", prompt[i]);
    }
    free(ph);
}

/* A headline names a phrase word as its topic; a banner's label or a
 * prompt does not (bp_rule_topic_line: plain.c takes the first kind as the
 * title where an article's sentence follows it). */
static void test_rules_topic_line(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
#define TOPIC(s) bp_rule_topic_line(ph, (s), strlen(s))
    assert_true(TOPIC("Newsletter publisher fined"));
    assert_true(TOPIC("Regulator fines retailer over cookie banner"));
    assert_true(TOPIC("Copyright ruling hits music publishers"));
    assert_false(TOPIC("Cookie settings"));
    assert_false(TOPIC("Cookie policy and privacy settings"));
    assert_false(TOPIC("Manage cookie preferences"));
    assert_false(TOPIC("Daily newsletter sign-up form"));
    assert_false(TOPIC("Subscribe to our newsletter"));
    assert_false(TOPIC("Newsletter: the week in sport"));
    assert_false(TOPIC("Copyright 2026 Valley Media"));
    assert_false(TOPIC("\xC2\xA9 Valley Media all rights reserved"));
    assert_false(TOPIC("The minister resigned on Friday")); /* no rule removes it */
#undef TOPIC
    free(ph);
}

/* An ad break in the running text ("Story continues below advertisement")
 * goes on both paths, in its several wordings; a sentence about a story
 * that goes on, or a "Continue reading" link, is no ad break. */
static void test_rules_ad_break(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    static const char *const ad[] = {
        "Story continues below advertisement",
        "ARTICLE CONTINUES AFTER THIS AD",
        "Advertisement - Scroll to continue",
        "Scroll down to continue reading",
        "The story continues below.",
        "- Content continues after the advert -",
        "Weiterlesen nach der Anzeige",
        "La suite après la publicité",
        "L’articolo continua dopo la pubblicità",
    };
    for (size_t i = 0; i < sizeof ad / sizeof ad[0]; i++) {
        assert_int_equal(PRULE(ad[i]), BP_R_AD);
        assert_int_equal(RULE(ad[i], 1), BP_R_AD);
    }
    static const char *const keep[] = {
        "The story continues after the war, when the family moves to Lyon.",
        "Continue reading",
        "Story continues to unfold as police search the area",
        "Sales of advertising continue to fall below last year's level.",
        "Talks continue after a break for lunch.",
    };
    for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
        assert_int_not_equal(PRULE(keep[i]), BP_R_AD);
        assert_int_not_equal(RULE(keep[i], 1), BP_R_AD);
    }
    free(ph);
}

/* The plain-text phrase rules name prompts, not sentences that mention
 * their word. */
/* A caption that ends in its picture's credit is a caption (plain text);
 * a colon that closes a sentence, or a credit word inside the prose, is no
 * credit. Related-list headings in other languages, the capitalised forms
 * of those that open with a letter outside ASCII among them. */
static void test_rules_trailing_credit(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    assert_int_equal(PRULE("Der neue Teich im Stadtgarten. Foto: Stadt Musterhausen"),
                     BP_R_CAPTION);
    assert_int_equal(
        PRULE("The minister arrives at the summit in Lisbon. (Photo: A. Writer/Agency)"),
        BP_R_CAPTION);
    assert_int_equal(PRULE("Bauarbeiten am Bahnhof (Foto: dpa)"), BP_R_CAPTION);
    assert_int_equal(PRULE("Pormestari puhui torilla keskiviikkona. Kuva: JANE DOE"), BP_R_CAPTION);
    assert_int_equal(PRULE("The old mill on the river. Image: Lee Park | CC BY-SA 2.0"),
                     BP_R_CAPTION);
    assert_int_equal(PRULE("The old mill on the river | Image: Lee Park"), BP_R_CAPTION);
    /* no sentence end, bracket or bar before the label; or a sentence after */
    assert_int_equal(PRULE("She showed us the photo: a small house by the sea"), BP_KEEP);
    assert_int_equal(PRULE("He took one more photo. Photo: it was the last one of the trip."),
                     BP_KEEP);
    assert_int_equal(PRULE("Here is what we found. Foto: siehe unten!"), BP_KEEP);
    assert_int_equal(PRULE("Ein Bild: Der Himmel über der Stadt war am Abend rot und still"),
                     BP_KEEP);
    /* related-list headings */
    assert_int_equal(PRULE("Ähnliche Beiträge"), BP_R_RELATED);
    assert_int_equal(PRULE("Ähnliche Artikel"), BP_R_RELATED);
    assert_int_equal(PRULE("À lire aussi"), BP_R_RELATED);
    assert_int_equal(PRULE("Über den Autor"), BP_R_RELATED);
    assert_int_equal(PRULE("Temas relacionados"), BP_R_RELATED);
    assert_int_equal(PRULE("Veja também"), BP_R_RELATED);
    assert_int_equal(PRULE("Articles similaires"), BP_R_RELATED);
    assert_int_equal(PRULE("Twittern"), BP_R_SHARE);
    assert_int_equal(PRULE("Diese Geschichte teilen"), BP_R_SHARE);
    free(ph);
}

/* The phrase lists fold the line's case outside ASCII too: a capital
 * letter of Latin-1, Latin Extended, Greek or Cyrillic opens a heading, or
 * a heading is in capitals; the phrases are written once, in lower case. */
static void test_rules_utf8_case(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    assert_int_equal(PRULE("ÄHNLICHE ARTIKEL"), BP_R_RELATED);
    assert_int_equal(PRULE("À LIRE AUSSI"), BP_R_RELATED);
    assert_int_equal(PRULE("ÜBER DIE AUTORIN"), BP_R_RELATED);
    assert_int_equal(PRULE("DAS KÖNNTE SIE AUCH INTERESSIEREN"), BP_R_RELATED);
    assert_int_equal(PRULE("ARTÍCULOS RELACIONADOS"), BP_R_RELATED);
    assert_int_equal(PRULE("PODOBNE ARTYKUŁY"), BP_R_RELATED); /* Ł, Latin Extended-A */
    assert_int_equal(PRULE("Читайте также"), BP_R_RELATED);    /* Ч: the lead byte changes */
    assert_int_equal(PRULE("ЧИТАЙТЕ ТАКЖЕ"), BP_R_RELATED);
    assert_int_equal(PRULE("Διαβάστε επίσης"), BP_R_RELATED);
    assert_int_equal(PRULE("SCHLIEẞEN"), BP_KEEP); /* ẞ lower-cases to ß, one byte shorter */
    assert_int_equal(PRULE("ZURÜCK"), BP_R_SHARE);
    assert_int_equal(PRULE("MENÜ"), BP_R_SHARE);
    /* a sentence that opens with the words is still prose */
    assert_int_equal(PRULE("Ähnliche Artikel erschienen im Frühjahr in drei Zeitungen der Region."),
                     BP_KEEP);
    /* an invalid byte in the line compares as itself */
    assert_int_equal(PRULE("\xC3Hnliche Artikel"), BP_KEEP);
    assert_int_equal(PRULE("\xC3"), BP_KEEP);
    free(ph);
}

/* The site's notices about its comments, and links that say where they
 * open, are furniture; an article's sentence about comments is not. */
static void test_rules_comment_policy_links(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    assert_int_equal(PRULE("Comments are moderated and may take a while to appear."), BP_R_NAV);
    assert_int_equal(PRULE("Comments are closed."), BP_R_NAV);
    assert_int_equal(PRULE("We welcome comments that stay on topic and respect other readers."),
                     BP_R_NAV);
    assert_int_equal(PRULE("Kommentare sind geschlossen."), BP_R_NAV);
    assert_int_equal(PRULE("Die Kommentarfunktion ist für diesen Artikel deaktiviert."), BP_R_NAV);
    assert_int_equal(PRULE("Les commentaires sont fermés."), BP_R_NAV);
    assert_int_equal(PRULE("Residents sent hundreds of comments to the council about the plan."),
                     BP_KEEP);
    assert_int_equal(PRULE("The minister declined to comment on the report."), BP_KEEP);
    assert_int_equal(
        PRULE("Comments are closed on most news sites these days, the researchers said."), BP_KEEP);
    assert_int_equal(PRULE("Timetable PDF (opens in a new window)"), BP_R_NAV);
    assert_int_equal(PRULE("Harbour authority website (opens in new tab)"), BP_R_NAV);
    assert_int_equal(PRULE("Email Preferences this link opens in a new tab"), BP_R_NAV);
    assert_int_equal(PRULE("Fahrplan als PDF (öffnet in neuem Fenster)"), BP_R_NAV);
    assert_int_equal(PRULE("Horaires (s'ouvre dans une nouvelle fenêtre)"), BP_R_NAV);
    /* a sentence before the suffix, or text after it, is prose */
    assert_int_equal(PRULE("The report is online. (opens in a new window)"), BP_KEEP);
    assert_int_equal(PRULE("The report (opens in a new window) lists every stop on the line."),
                     BP_KEEP);
    assert_int_equal(PRULE("The door opens in a new window frame"), BP_KEEP);
    assert_int_equal(PRULE("It opens in a new window"), BP_KEEP); /* no bracket or dash */
    free(ph);
}

static void test_rules_plain(void **st) {
    (void)st;
    bp_phrases *ph = new_phrases();
    assert_int_equal(PRULE("Accept all cookies"), BP_R_COOKIE);
    assert_int_equal(PRULE("We use cookies to improve your experience on our website."),
                     BP_R_COOKIE);
    assert_int_equal(PRULE("Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten."),
                     BP_R_COOKIE);
    assert_int_equal(PRULE("It's a cookie cutter movie, a cut and paste job."), BP_KEEP);
    assert_int_equal(PRULE("Subscribe to our newsletter"), BP_R_SUBSCRIBE);
    assert_int_equal(PRULE("Log in to comment"), BP_R_SUBSCRIBE);
    assert_int_equal(PRULE("The minister declined to comment on the report."), BP_KEEP);
    assert_int_equal(PRULE("Your appetite for the film will depend on your patience."), BP_KEEP);
    assert_int_equal(PRULE("I was an AT&T subscriber for three years before I switched."), BP_KEEP);
    /* The HTML path counts a needle inside a word, but not in a running
     * sentence that speaks of a third party. */
    assert_int_equal(RULE("It's a cookie cutter movie, a cut and paste job.", 1), BP_KEEP);
    assert_int_equal(RULE("Cookie-cutter plot", 1), BP_R_COOKIE);
    assert_int_equal(PRULE("Share on Facebook"), BP_R_SHARE);
    assert_int_equal(PRULE("Skip to main content"), BP_R_NAV);
    /* Sentences of an article about cookies or newsletters speak of third
     * parties; a banner or a prompt speaks to the reader or for the site. */
    assert_int_equal(
        PRULE("The regulator said the company's cookie consent banner violated GDPR rules."),
        BP_KEEP);
    assert_int_equal(PRULE("Researchers found that tracking cookies follow users across websites."),
                     BP_KEEP);
    assert_int_equal(
        PRULE("Critics say the new browser settings make it harder to block third-party cookies."),
        BP_KEEP);
    assert_int_equal(PRULE("The bakery agreed to accept cookie orders until Friday."), BP_KEEP);
    assert_int_equal(PRULE("The newsletter, which has two million readers, said in an email that "
                           "it would close."),
                     BP_KEEP);
    assert_int_equal(PRULE("This website uses cookies. By continuing to browse it you agree."),
                     BP_R_COOKIE);
    assert_int_equal(PRULE("By clicking Accept, you consent to the use of cookies."), BP_R_COOKIE);
    assert_int_equal(PRULE("Nous utilisons des cookies pour améliorer votre expérience."),
                     BP_R_COOKIE);
    assert_int_equal(PRULE("Diese Website verwendet Cookies zur Analyse der Zugriffe."),
                     BP_R_COOKIE);
    assert_int_equal(PRULE("Diese Cookies sind notwendig, damit Sie die Seite nutzen können."),
                     BP_R_COOKIE);
    assert_int_equal(PRULE("Sie sagte, die Behörde prüfe Cookies von Werbefirmen seit Jahren."),
                     BP_KEEP);
    assert_int_equal(PRULE("Get the latest headlines in our free newsletter every morning"),
                     BP_R_SUBSCRIBE);
    assert_int_equal(PRULE("Already a subscriber? Log in to keep reading this story"),
                     BP_R_SUBSCRIBE);
    /* One reading of a line gives both the verdict and the classes, as the
     * two separate calls do; a phrase list that is searched together with
     * others (copyright, cookie, subscribe) still answers for itself. */
    const char *lines[] = {
        "Accept all cookies",
        "\xC2\xA9 2024 Example. All rights reserved. Subscribe to our newsletter",
        "Copyright 2023 Valley Radio: we use cookies",
        "Related: Subscribe",
        "By Jane Doe",
        "Photo: Getty Images",
        "Tags: politics, cookies",
        "Facebook",
        "Advertisement",
        "The minister declined to comment on the report.",
        "",
        " -- ",
        NULL};
    for (size_t i = 0; lines[i]; i++) {
        unsigned c = 99;
        size_t n = strlen(lines[i]);
        assert_int_equal(
            bp_rule_scan_plain(ph, lines[i], n, (uint32_t)bp_count_chars(lines[i], n), &c),
            PRULE(lines[i]));
        assert_int_equal(c, bp_rule_classes(ph, lines[i], n));
    }
    assert_int_equal(bp_rule_classes(ph, lines[1], strlen(lines[1])),
                     BP_RC_COPYRIGHT | BP_RC_SUBSCRIBE);
    assert_int_equal(bp_rule_classes(ph, lines[2], strlen(lines[2])),
                     BP_RC_COPYRIGHT | BP_RC_COOKIE);
    assert_int_equal(bp_rule_classes(ph, lines[3], strlen(lines[3])),
                     BP_RC_RELATED | BP_RC_SUBSCRIBE);
    assert_int_equal(bp_rule_classes(ph, lines[6], strlen(lines[6])), BP_RC_COOKIE | BP_RC_MISC);
    /* a line too long to be a prompt has no classes */
    char longl[1400];
    memset(longl, 'a', sizeof longl);
    memcpy(longl, "Subscribe ", 10);
    assert_int_equal(bp_rule_classes(ph, longl, sizeof longl), 0);
    free(ph);
}

/* The pick's one-lookup index: every word of every list maps to exactly the
 * lists holding it, and the pick is the same with or without it. Also the
 * word splitter's lower-casing at the edge of its buffer. */
/* plainline.c's content word hash of the lowered bytes w[0, n), written
 * out byte by byte: each eight bytes a little-endian number (the last
 * padded with zeros) mixed in, then the length. */
static uint32_t vocab_ref_hash(const unsigned char *w, size_t n) {
    const uint64_t mul = 0xFF51AFD7ED558CCDu;
    uint64_t h = 0x9E3779B97F4A7C15u;
    for (size_t q = 0; q < n; q += 8) {
        uint64_t x = 0;
        for (size_t j = 0; j < 8 && q + j < n; j++) x |= (uint64_t)w[q + j] << (8 * j);
        h = (h ^ x) * mul;
        h ^= h >> 29;
    }
    h = (h ^ (uint64_t)n) * mul;
    return (uint32_t)(h ^ (h >> 32));
}

/* The shared words' content words of block i as plainml.c read them
 * before the line pass found their runs (a loop over every byte of the
 * block): runs of letters of no spaceless script, lowered, of 4 letters or
 * more and not in the list, as (vocab_ref_hash << 32 | i). */
static size_t vocab_ref(const bp_work *w, size_t i, uint64_t *out) {
    const bp_block *b = &w->blocks.b[i];
    const unsigned char *u = (const unsigned char *)w->text.p + b->tb;
    size_t len = b->te - b->tb, k = 0, lb = 0, letters = 0, hb = 0;
    unsigned char low[64 + 8];
    unsigned char all[4096];
    int over = 0;
    for (size_t at = 0; at <= len;) {
        unsigned char e[4];
        size_t el = 0, step = 1;
        if (at < len && u[at] < 0x80) {
            unsigned c = u[at] | 0x20u;
            if (c - 'a' < 26u) e[0] = (unsigned char)c, el = 1;
        } else if (at < len) {
            int32_t cp;
            step = weft_utf8_decode(u + at, len - at, &cp);
            int spaceless = (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                            (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x3FFFF);
            if (cp > 0 && weft_uc_is_letter((uint32_t)cp) && !spaceless)
                el = weft_utf8_encode(weft_uc_tolower((uint32_t)cp), e);
        }
        if (el) {
            assert_true(hb + el <= sizeof all);
            memcpy(all + hb, e, el), hb += el;
            if (lb + el <= 64)
                memcpy(low + lb, e, el), lb += el;
            else
                over = 1;
            letters++;
        } else if (letters) {
            if (letters >= 4 && (over || !w->stop || !bp_stop_has(w->stop, (char *)low, lb)))
                out[k++] = (uint64_t)vocab_ref_hash(all, hb) << 32 | (uint32_t)i;
            letters = 0, lb = 0, over = 0, hb = 0;
        }
        at += step;
    }
    return k;
}

/* Every block's bp_line_vocab against vocab_ref (after bp_features). */
static void vocab_check(const bp_work *w) {
    for (size_t i = 0; i < w->blocks.n; i++) {
        size_t n = w->blocks.b[i].te - w->blocks.b[i].tb;
        uint64_t *a = calloc(n / 4 + 1, sizeof *a), *b = calloc(n + 1, sizeof *b);
        assert_non_null(a);
        assert_non_null(b);
        size_t na = bp_line_vocab(w, i, a), nr = vocab_ref(w, i, b);
        assert_true(na <= n / 4 + 1);
        assert_int_equal(na, nr);
        assert_memory_equal(a, b, na * sizeof *a);
        free(a);
        free(b);
    }
}

/* The shared words from the line pass's runs (bp_line_vocab) are those of
 * a read of every byte (vocab_ref), on texts of random pieces laid out as
 * blocks of random lengths that run on with no byte between them: words of
 * 3, 4 and more letters, stopwords in any case, words of 64 letters and
 * more, digits and apostrophes inside words, accented and Cyrillic letters,
 * letters from U+0080 that end no word of the stopword count (the ordinal
 * signs, the micro sign), CJK, box-drawing rules, curly quotes and bad
 * bytes, each block's runs cut by its 64-byte chunks anywhere. */
static void test_plain_vocab_words(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    static const char *const parts[] = {
        "The ",
        "which ",
        "WHICH",
        "their",
        "Their ",
        "about",
        "fish ",
        "cat",
        "dogs",
        "x",
        "Garden",
        "gardening ",
        "ENORMOUSLY ",
        "don't ",
        "o'clock",
        "abc123defg",
        "2024 ",
        "\xC3\xA9t\xC3\xA9",
        "M\xC3\xBCller ",
        "STRA\xC3\x9F"
        "E",
        "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 ",
        "1\xC2\xAA"
        "abcd",
        "\xC2\xB5"
        "gram",
        "\xC2\xBA"
        "test",
        "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80",
        "\xE6\x97\xA5\xE6\x9c\xac\xE8\xAA\x9E",
        "\xE2\x80\x9Cquoted\xE2\x80\x9D",
        "won\xE2\x80\x99t ",
        "\xFF",
        "\xE2\x80",
        "\xC3",
        " ",
        "\n",
        ", ",
        ". ",
        "--",
        "'",
        "|",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopq",
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
        "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3"
        "\xA9"
        "a"};
    static char big[9000];
    uint32_t seed = 777;
    for (int round = 0; round < 300; round++) {
        bp_work w = {0};
        w.sh = sh;
        w.stop = round % 3 == 2 ? NULL : &sh->lists[0];
        size_t n = 0, len = 100 + (size_t)round * 29;
        while (n + 80 < len) {
            seed = seed * 1103515245u + 12345u;
            const char *p = parts[(seed >> 16) % (sizeof parts / sizeof parts[0])];
            memcpy(big + n, p, strlen(p));
            n += strlen(p);
        }
        assert_int_equal(bp_buf_put(&w.text, big, n), 0);
        /* blocks of 1 to 300 bytes, at any byte (a character may be cut) */
        for (size_t at = 0; at < n;) {
            seed = seed * 1103515245u + 12345u;
            size_t l = 1 + (seed >> 16) % 300;
            if (l > n - at) l = n - at;
            bp_block *b = bp_blocks_push(&w.blocks);
            assert_non_null(b);
            memset(b, 0, sizeof *b);
            b->tb = (uint32_t)at;
            b->te = (uint32_t)(at + l);
            at += l;
        }
        assert_int_equal(bp_features(&w, 1), 0);
        vocab_check(&w);
        bp_work_release(&w);
    }
    /* a word the list holds is no content word, in any case; four letters
     * make one, three do not */
    bp_work w = {0};
    w.sh = sh;
    w.stop = &sh->lists[0];
    const char *t = "Which gardens THEIR cats dog \xC3\x89t\xC3\xA9s";
    assert_int_equal(bp_buf_put(&w.text, t, strlen(t)), 0);
    bp_block *b = bp_blocks_push(&w.blocks);
    assert_non_null(b);
    memset(b, 0, sizeof *b);
    b->te = (uint32_t)strlen(t);
    assert_int_equal(bp_features(&w, 1), 0);
    uint64_t out[16];
    assert_int_equal(bp_line_vocab(&w, 0, out), 3); /* gardens, cats, étés */
    vocab_check(&w);
    bp_work_release(&w);
    free_shared(sh);
}

static void test_stop_index(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_stoplist *two = realloc(sh->lists, 2 * sizeof *sh->lists);
    assert_non_null(two);
    sh->lists = two;
    memset(&sh->lists[1], 0, sizeof sh->lists[1]);
    char w125[126], w126[127];
    memset(w125, 'q', 125);
    w125[125] = 0;
    memset(w126, 'q', 126);
    w126[126] = 0;
    char text[600];
    snprintf(text, sizeof text, "der\ndie\nthe\n\xC3\x84rger\nund\n%s\n%s\n", w125, w126);
    char err[256];
    assert_int_equal(bp_stop_load_text(&sh->lists[1], "t", text, strlen(text), err, sizeof err),
                     WEFT_OK);
    strcpy(sh->lists[1].code, "de");
    sh->nlists = 2;
    /* without the index first */
    const char *de = "Der Hund und die Katze, \xC3\x84RGER und der Mann; die Frau und der Tag";
    const char *en = "this is a sentence that is written in the English language for you";
    const bp_stoplist *pde = bp_stop_pick(sh, NULL, 0, de, strlen(de));
    const bp_stoplist *pen = bp_stop_pick(sh, NULL, 0, en, strlen(en));
    assert_ptr_equal(pde, &sh->lists[1]);
    assert_ptr_equal(pen, &sh->lists[0]);
    assert_int_equal(bp_stop_index(sh), WEFT_OK);
    size_t distinct = 0;
    for (size_t l = 0; l < 2; l++) {
        const weft_strmap *w = &sh->lists[l].words;
        for (size_t k = 0; k < w->n; k++) {
            const char *key = weft_strmap_key(w, &w->e[k]);
            const weft_strmap_entry *e = weft_strmap_find(&sh->stop_any, key, w->e[k].len);
            assert_non_null(e);
            uint32_t want = 0;
            for (size_t m = 0; m < 2; m++)
                if (bp_stop_has(&sh->lists[m], key, w->e[k].len)) want |= 1u << m;
            assert_int_equal(e->value, want);
            if (l == 0 || !(want & 1)) distinct++;
        }
    }
    assert_int_equal(sh->stop_any.n, distinct); /* and no other word */
    assert_null(weft_strmap_find(&sh->stop_any, "hund", 4));
    assert_int_equal(weft_strmap_find(&sh->stop_any, "the", 3)->value, 3);
    assert_ptr_equal(bp_stop_pick(sh, NULL, 0, de, strlen(de)), pde);
    assert_ptr_equal(bp_stop_pick(sh, NULL, 0, en, strlen(en)), pen);
    const char *other = "zzz qqq vvv www kkk jjj";
    assert_null(bp_stop_pick(sh, NULL, 0, other, strlen(other)));
    /* A word is looked up while its lower case fits in 128 bytes with 3 to
     * spare: 125 ASCII letters are, 126 are not; a non-ASCII word is
     * lower-cased too; an apostrophe does not start a word. */
    char line[400];
    snprintf(line, sizeof line, "%s %s \xC3\x84RGER 'Und D'er", w125, w126);
    for (size_t k = 0; k < 252; k++)
        if (line[k] == 'q') line[k] = 'Q';
    uint32_t words, stops;
    bp_stop_count(&sh->lists[1], line, strlen(line), &words, &stops);
    assert_int_equal(words, 5);
    assert_int_equal(stops, 3);
    bp_stop_count(NULL, line, strlen(line), &words, &stops);
    assert_int_equal(words, 5);
    assert_int_equal(stops, 0);
    /* The fast index (short words by key, the lists' filters): the same
     * counts as stop_any's, for short and long words, upper case, a word
     * from U+0080 and a short word too near the end for one 8-byte load. */
    uint32_t slow[32] = {0}, fast[32] = {0}, nw_slow = 0, nw_fast = 0;
    char rich[600];
    snprintf(rich, sizeof rich, "%s The DER x \xC3\x84RGER %s und'  D'er THE dIe", w125, w125);
    for (size_t k = 0; k < 125; k++) rich[k] = 'Q';
    bp_stop_count_any(sh, rich, strlen(rich), &nw_slow, slow);
    assert_int_equal(bp_stop_any_fast(sh), WEFT_OK);
    assert_non_null(sh->any_fast.keys);
    bp_stop_count_any(sh, rich, strlen(rich), &nw_fast, fast);
    assert_int_equal(nw_fast, nw_slow);
    assert_memory_equal(fast, slow, sizeof fast);
    /* Q x 125, The, DER, ÄRGER, q x 125, THE, dIe (not "und'", "D'er") */
    assert_int_equal(slow[1], 7);
    assert_int_equal(slow[0], 2); /* The, THE */
    /* The pick's own scan: 25 words, three of them German stopwords (upper
     * case, from U+0080, the last one short near the end): 3 / 25 is above
     * the pick's 0.08, 2 / 25 is not. */
    const char *pick = "qx1 qx2 qx3 qx4 qx5 qx6 qx7 qx8 qx9 qx10 qx11 qx12 qx13 qx14 qx15 "
                       "qx16 qx17 qx18 qx19 qx20 qx21 qx22 DER \xC3\x84RGER Und";
    assert_ptr_equal(bp_stop_pick(sh, NULL, 0, pick, strlen(pick)), &sh->lists[1]);
    /* ...and long words, read sixteen bytes a step: the three stopwords of
     * 125 letters (any case) and not the longer or shorter word */
    char longp[1024];
    snprintf(longp, sizeof longp,
             "qx1 qx2 qx3 qx4 qx5 qx6 qx7 qx8 qx9 qx10 qx11 qx12 qx13 qx14 qx15 qx16 qx17 qx18 "
             "qx19 qx20 %s, %sq %.124s (%s) %s.",
             w125, w125, w125, w125, w125);
    for (char *q = strchr(longp, ','); q > longp; q--)
        if (*q == 'q') *q = 'Q';
    assert_ptr_equal(bp_stop_pick(sh, NULL, 0, longp, strlen(longp)), &sh->lists[1]);
    longp[strlen(longp) - 3] = 'x'; /* the last one no longer a stopword: 2 / 25 */
    assert_null(bp_stop_pick(sh, NULL, 0, longp, strlen(longp)));
    assert_ptr_equal(bp_stop_pick(sh, NULL, 0, de, strlen(de)), pde);
    assert_ptr_equal(bp_stop_pick(sh, NULL, 0, en, strlen(en)), pen);
    assert_null(bp_stop_pick(sh, NULL, 0, other, strlen(other)));
    /* The pick's masked scan (64 bytes a step) against the word splitter
     * the lists are read with (bp_stop_count_any): the same words and hits
     * on texts of stopwords in any case, words from U+0080, apostrophes
     * opening and inside words, a 3-byte character and a bad byte, at every
     * offset across the steps' edges, cut at every length. */
    static const char *const parts[] = {"The",
                                        "der",
                                        "\xC3\x84RGER",
                                        "'und",
                                        "D'er",
                                        "x",
                                        "qqqqqqqqqqqq",
                                        "\xE2\x80\x99",
                                        "''",
                                        "\xFF",
                                        "THE ",
                                        ", ",
                                        " ",
                                        "\n",
                                        "7'",
                                        "die\xC3\xA9",
                                        "\xC3\xA9"
                                        "die",
                                        "--"};
    char mix[400];
    uint32_t seed = 12345;
    for (int round = 0; round < 300; round++) {
        size_t n = 0;
        while (n + 16 < sizeof mix) {
            seed = seed * 1103515245u + 12345u;
            const char *w = parts[(seed >> 16) % (sizeof parts / sizeof parts[0])];
            memcpy(mix + n, w, strlen(w));
            n += strlen(w);
        }
        for (size_t cut = n - 70; cut <= n; cut += 7) {
            uint32_t h1[64] = {0}, h2[32] = {0}, w2 = 0;
            uint32_t w1 = bp_stop_pick_count(sh, mix, cut, 2, h1);
            bp_stop_count_any(sh, mix, cut, &w2, h2);
            assert_int_equal(w1, w2);
            assert_int_equal(h1[0], h2[0]);
            assert_int_equal(h1[1], h2[1]);
        }
    }
    /* The pick taken by the line pass (pick_in_pass, bp_lines_read) against
     * bp_stop_pick over the sample and bp_line_scan with the list it
     * picks: the same count, list and lines, on texts of about the
     * sample's length (its end cutting words and characters) laid out as
     * blocks that run on with no byte between them (a word, an apostrophe
     * or a character from U+0080 on both sides of a meeting). */
    static const char *const bparts[] = {"The ",
                                         "der ",
                                         "die",
                                         "the",
                                         "und",
                                         "'",
                                         "''",
                                         "D'er",
                                         "\xC3\x84RGER",
                                         "\xE4\xB8\xAD\xE6\x96\x87",
                                         "x ",
                                         "qqqqqqqqqqqq",
                                         ", ",
                                         "\n",
                                         "\xC3\xA9",
                                         "7'",
                                         "--"};
    static char big[BP_PICK_SAMPLE + 2048];
    for (int round = 0; round < 400; round++) {
        bp_work w = {0};
        w.sh = sh;
        size_t n = 0, len = BP_PICK_SAMPLE - 600 + (size_t)round * 3;
        if (round % 5 == 0) len = 40 + (size_t)round; /* all of it the sample */
        while (n + 16 < len) {
            seed = seed * 1103515245u + 12345u;
            const char *p = bparts[(seed >> 16) % (sizeof bparts / sizeof bparts[0])];
            memcpy(big + n, p, strlen(p));
            n += strlen(p);
        }
        assert_int_equal(bp_buf_put(&w.text, big, n), 0);
        /* blocks of 1 to 40 bytes, at any byte (a character may be cut) */
        for (size_t at = 0; at < n;) {
            seed = seed * 1103515245u + 12345u;
            size_t l = 1 + (seed >> 16) % 40;
            if (l > n - at) l = n - at;
            bp_block *b = bp_blocks_push(&w.blocks);
            assert_non_null(b);
            memset(b, 0, sizeof *b);
            b->tb = (uint32_t)at;
            b->te = (uint32_t)(at + l);
            at += l;
        }
        size_t S = n < BP_PICK_SAMPLE ? n : BP_PICK_SAMPLE;
        uint32_t hits[64] = {0};
        uint32_t words = bp_stop_pick_count(sh, big, S, 2, hits);
        const bp_stoplist *ref = bp_stop_pick(sh, NULL, 0, big, S);
        w.pick_in_pass = 1;
        assert_int_equal(bp_features(&w, 1), 0);
        assert_int_equal(w.pick_words, words);
        assert_int_equal(w.pick_hits[0], hits[0]);
        assert_int_equal(w.pick_hits[1], hits[1]);
        assert_ptr_equal(w.stop, ref);
        for (size_t i = 0; i < w.blocks.n; i++) {
            const bp_block *b = &w.blocks.b[i];
            bp_line o;
            bp_line_scan(ref, big + b->tb, b->te - b->tb, &o);
            assert_int_equal(w.lines[i].nwords, o.nwords);
            assert_int_equal(w.lines[i].nstop, o.nstop);
            assert_int_equal(b->nstop, o.nstop);
            /* the runs for the shared words are bp_lines_read's alone */
            o.vfirst = w.lines[i].vfirst;
            o.vn = w.lines[i].vn;
            assert_memory_equal(&w.lines[i], &o, sizeof o);
        }
        vocab_check(&w);
        bp_work_release(&w);
    }
    bp_stop_any_free(sh);
    assert_ptr_equal(bp_stop_pick(sh, NULL, 0, pick, strlen(pick)), &sh->lists[1]);
    bp_stop_free(&sh->lists[1]);
    weft_strmap_free(&sh->stop_any);
    free_shared(sh);
}

static void test_stopwords(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    const char *s = "The cat sat on the mat, and THE dog didn't.";
    uint32_t words, stops;
    bp_stop_count(&sh->lists[0], s, strlen(s), &words, &stops);
    assert_int_equal(words, 10);
    assert_true(stops >= 5); /* the, on, the, and, the */
    assert_true(bp_stop_has(&sh->lists[0], "the", 3));
    assert_false(bp_stop_has(&sh->lists[0], "mat", 3));
    /* A declared code picks the list; an unknown one falls back to the sample. */
    assert_ptr_equal(bp_stop_pick(sh, "en-GB", 5, "", 0), &sh->lists[0]);
    const char *sample = "this is a sentence that is written in the English language for you";
    assert_ptr_equal(bp_stop_pick(sh, "xx", 2, sample, strlen(sample)), &sh->lists[0]);
    const char *other = "zzz qqq vvv www kkk jjj";
    assert_null(bp_stop_pick(sh, NULL, 0, other, strlen(other)));
    char err[256];
    bp_stoplist l = {0};
    const char bad[] = "der\ndie\nd\xff\n";
    assert_int_equal(bp_stop_load_text(&l, "stop.txt", bad, sizeof bad - 1, err, sizeof err),
                     WEFT_EDATA);
    assert_string_equal(err, "stop.txt:3: not valid UTF-8");
    char longl[300];
    memset(longl, 'a', sizeof longl);
    assert_int_equal(bp_stop_load_text(&l, "stop.txt", longl, sizeof longl, err, sizeof err),
                     WEFT_EDATA);
    assert_string_equal(err, "stop.txt:1: line too long for a stopword");
    /* CRLF lines and blank lines; words are lower-cased */
    const char crlf[] = "Der\r\n\r\ndie\r\nsiebens\r\nachtacht\r\n";
    assert_int_equal(bp_stop_load_text(&l, "stop.txt", crlf, sizeof crlf - 1, err, sizeof err),
                     WEFT_OK);
    assert_true(bp_stop_has(&l, "der", 3));
    assert_true(bp_stop_has(&l, "die", 3));
    assert_false(bp_stop_has(&l, "das", 3));
    /* BP_STOP_SHORT bytes (the short table) and one more (the map) */
    assert_true(bp_stop_has(&l, "siebens", 7));
    assert_false(bp_stop_has(&l, "siebent", 7));
    assert_false(bp_stop_has(&l, "sieben", 6));
    assert_true(bp_stop_has(&l, "achtacht", 8));
    assert_false(bp_stop_has(&l, "achtach", 7));
    bp_stop_free(&l);
    /* The filters before the lookup (first byte and length, first two
     * bytes) refuse only words the list does not hold: a long word, a
     * non-ASCII one and a one-byte one are still found. */
    char list[128], w40[41];
    memset(w40, 'q', 40);
    w40[40] = 0;
    snprintf(list, sizeof list,
             "a\n\xC3\x9C"
             "ber\nzz\n%s\n",
             w40);
    assert_int_equal(bp_stop_load_text(&l, "stop.txt", list, strlen(list), err, sizeof err),
                     WEFT_OK);
    assert_true(bp_stop_has(&l, "a", 1));
    assert_false(bp_stop_has(&l, "ab", 2));
    assert_false(bp_stop_has(&l, "", 0));
    assert_true(bp_stop_has(&l,
                            "\xC3\xBC"
                            "ber",
                            5));
    assert_false(bp_stop_has(&l,
                             "\xC3\xBC"
                             "bel",
                             5));
    assert_true(bp_stop_has(&l, "zz", 2));
    assert_false(bp_stop_has(&l, "zy", 2));
    /* short words are keyed by bytes and length: "a" and "a\0" differ */
    assert_false(bp_stop_has(&l, "a\0", 2));
    assert_false(bp_stop_has(&l, "zz\0", 3));
    assert_true(bp_stop_has(&l, w40, 40));
    w40[39] = 'r';
    assert_false(bp_stop_has(&l, w40, 40));
    bp_stop_free(&l);
    /* every word of every shipped list passes its list's filters */
    DIR *dir = opendir("plugins/boilerplate/data");
    assert_non_null(dir);
    size_t lists = 0;
    for (struct dirent *de; (de = readdir(dir));) {
        if (strncmp(de->d_name, "stop-", 5) != 0) continue;
        char path[512];
        snprintf(path, sizeof path, "plugins/boilerplate/data/%s", de->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static char text[1 << 17];
        size_t len = fread(text, 1, sizeof text, f);
        fclose(f);
        assert_true(len > 0 && len < sizeof text);
        assert_int_equal(bp_stop_load_text(&l, path, text, len, err, sizeof err), WEFT_OK);
        const weft_strmap *m = &l.words;
        assert_true(m->n > 0);
        for (size_t e = 0; e < m->n; e++)
            assert_true(bp_stop_has(&l, weft_strmap_key(m, &m->e[e]), m->e[e].len));
        bp_stop_free(&l);
        lists++;
    }
    closedir(dir);
    assert_true(lists >= 20);
    free_shared(sh);
}

/* Runs the plain-text mode on src; returns the kept blocks joined by '|'. */
static char *plain(bp_shared *sh, bp_work *w, const char *src) {
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->stop = &sh->lists[0];
    assert_int_equal(bp_plain(w, src, strlen(src)), 0);
    bp_features(w, 1);
    bp_plain_classify(w);
    bp_buf out = {0};
    for (size_t i = 0; i < w->blocks.n; i++) {
        const bp_block *b = &w->blocks.b[i];
        if (b->reason) continue;
        if (out.n) bp_buf_putc(&out, '|');
        bp_buf_put(&out, w->text.p + b->tb, b->te - b->tb);
        /* Every run maps bytes that are equal in raw. */
        for (uint32_t r = b->rb; r < b->re; r++) {
            const weft_offrun *x = &w->runs.r[r];
            assert_memory_equal(w->text.p + x->dst, src + x->src, x->len);
        }
    }
    if (!out.p) bp_buf_put(&out, "", 0);
    return out.p;
}

static void free_work(bp_work *w) {
    bp_buf_free(&w->text);
    bp_buf_free(&w->pruned);
    bp_runs_free(&w->prune_map);
    bp_buf_free(&w->dec);
    bp_runs_free(&w->runs);
    free(w->blocks.b);
    free(w->lines);
    w->lines = NULL;
    w->lines_cap = 0;
    free(w->vruns); /* the line pass's vocabulary runs */
    w->vruns = NULL;
    w->vruns_cap = 0;
    for (size_t i = 0; i < sizeof w->meta / sizeof w->meta[0]; i++) bp_buf_free(&w->meta[i]);
}

/* plainline.c's one pass against the readers it replaces, each written the
 * plain way: the stopword counts of bp_stop_count, the caption cues and
 * key of bp_cue_line, and the shape counts below (plainml.c's loop before
 * the pass took it over). */
/* plainline.c's line hash, eight bytes at a time with the last ones
 * padded by zeros, written as one loop. */
static uint32_t ref_hash(const unsigned char *u, size_t n) {
    const uint64_t k = 0xFF51AFD7ED558CCDu;
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)n;
    for (size_t i = 0; i < n; i += 8) {
        unsigned char b[8] = {0};
        memcpy(b, u + i, n - i < 8 ? n - i : 8);
        uint64_t x;
        memcpy(&x, b, 8);
        h = (h ^ x) * k;
        h ^= h >> 29;
    }
    h *= k;
    return (uint32_t)(h ^ (h >> 32));
}

static void ref_shape(const char *s, size_t n, bp_line *o) {
    const unsigned char *u = (const unsigned char *)s;
    int inword = 0;
    memset(o, 0, sizeof *o);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = bp_next_cp(u + i, n - i, &cp);
        if (!o->url && (u[i] == '@' || (n - i >= 4 && ((bp_starts_with_ci(s + i, n - i, "http")) ||
                                                       bp_starts_with_ci(s + i, n - i, "www.")))))
            o->url = 1;
        int letter = cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : weft_uc_is_letter(cp);
        if (cp >= '0' && cp <= '9') {
            o->digits++;
            letter = 1;
        } else if (cp >= 0x80 &&
                   ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
                    (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF))) {
            o->cjk++;
        } else if (!letter && !bp_is_space_cp(cp) && cp != '\n') {
            o->punct++;
            int stop = cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 ||
                       cp == 0xFF1F || cp == 0x06D4 || cp == 0x2026;
            if (stop && (i + l == n || u[i + l] == ' ' || cp >= 0x80)) o->ends++;
            if (cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == 0x060C) o->commas++;
            if (cp == '|' || cp == 0xB7 || cp == 0x2022 || cp == '/') o->seps++;
        }
        if (letter && !inword) {
            o->words++;
            if (cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : weft_uc_is_upper(cp)) o->upper++;
        }
        inword = letter;
        i += l;
    }
    o->hash = ref_hash(u, n);
    for (size_t i = 0; i < n; i++) o->lead3 += u[i] >= 0xE0;
}

static void check_line(const bp_stoplist *l, const char *s, size_t n) {
    bp_line got, want;
    bp_line_scan(l, s, n, &got);
    ref_shape(s, n, &want);
    bp_stop_count(l, s, n, &want.nwords, &want.nstop);
    bp_cueb cue;
    bp_cue_line(s, n, 0, 0, 0, 0, &cue);
    if (got.nwords != want.nwords || got.nstop != want.nstop || got.cjk != want.cjk ||
        got.digits != want.digits || got.punct != want.punct || got.upper != want.upper ||
        got.words != want.words || got.ends != want.ends || got.seps != want.seps ||
        got.commas != want.commas || got.hash != want.hash || got.lead3 != want.lead3 ||
        got.url != want.url || got.cap != cue.cap || got.key != cue.key ||
        got.bracket != (memchr(s, '[', n) != NULL) || got.nchars != bp_count_chars(s, n) ||
        got.send != bp_sentence_end(s, n))
        fail_msg("bp_line_scan differs on \"%.*s\"", (int)n, s);
}

static void test_plain_line(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    static const char *const lines[] = {
        "",
        "The cat's whiskers, and the dog's 3rd bone.",
        "'tis the season | News / Sport \xC2\xB7 Weather \xE2\x80\xA2 More",
        "Photo: Jane Doe/Reuters",
        "A man walks past (Getty Images)",
        "Image caption Protesters gathered (AFP) [IMG] [how-to-ret]",
        "M\xC3\xBC"
        "ller sagte, dass die Stra\xC3\x9F"
        "e \xE2\x80\x9Cgesperrt\xE2\x80\x9D sei.",
        "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7\xE9\x9B\xA8\xE3\x80\x82\xE6\x98\x8E\xE6\x97\xA5\xEF"
        "\xBC"
        "\x81",
        "\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE: \xD0\x90\xD1\x80\xD1\x85\xD0\xB8\xD0\xB2 "
        "\xD0\xA2\xD0\x90\xD0\xA1\xD0\xA1",
        "Visit http://example.com or WWW.EXAMPLE.ORG, @someone #tag",
        "bad \xFF bytes \xE2\x80 cut \xC3",
        "ALL CAPS HEADLINE WITH 2024 NUMBERS!!! End.",
        "tab\tsep\rcarriage\fform\vvert",
        /* stopwords in any case, read eight bytes at a time, before other
         * bytes (ASCII ones, UTF-8, brackets) */
        "THE And tHe OF To iN Where WHICH because[it] WITH\xC3\xA9 is@ The\xE2\x80\x9Cthe the",
        /* words of eight bytes and more, listed or one byte off, turned
         * away or not by the list's filter of their first eight bytes */
        "Including AMERICAN university National released POPULATION following December "
        "Nationals nationa includingx Governments government",
        "x" /* a word longer than the lowering buffer comes next */,
    };
    /* the caption words' first-, second- and last-byte filters let every
     * listed word through, in lower and in upper case */
    for (size_t k = 0; k < sizeof cue_first / sizeof cue_first[0]; k++) {
        char up[CUE_MAXN + 1];
        size_t n = strlen(cue_first[k]);
        for (size_t j = 0; j <= n; j++)
            up[j] = (char)(cue_first[k][j] >= 'a' && cue_first[k][j] <= 'z' ? cue_first[k][j] - 32
                                                                            : cue_first[k][j]);
        assert_true(bp_cue_word(cue_first[k], n, 1) & BP_CUE_WORD_FIRST);
        assert_true(bp_cue_word(up, n, 1) & BP_CUE_WORD_FIRST);
    }
    for (size_t k = 0; k < sizeof cue_credit / sizeof cue_credit[0]; k++) {
        char up[CUE_MAXN + 1];
        size_t n = strlen(cue_credit[k]);
        for (size_t j = 0; j <= n; j++)
            up[j] =
                (char)(cue_credit[k][j] >= 'a' && cue_credit[k][j] <= 'z' ? cue_credit[k][j] - 32
                                                                          : cue_credit[k][j]);
        assert_true(bp_cue_word(cue_credit[k], n, 0) & BP_CUE_WORD_CREDIT);
        assert_true(bp_cue_word(up, n, 0) & BP_CUE_WORD_CREDIT);
    }
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        check_line(&sh->lists[0], lines[k], strlen(lines[k]));
        check_line(NULL, lines[k], strlen(lines[k]));
    }
    /* repeated lines are found by the hash: equal lines hash alike, and a
     * byte changed anywhere (either side of an 8-byte step, in the padded
     * tail) or a byte more changes it */
    {
        char a[] = "Read more about the harbour and the bridge", b[sizeof a];
        size_t n = strlen(a);
        bp_line la, lb;
        memcpy(b, a, sizeof a);
        bp_line_scan(NULL, a, n, &la);
        bp_line_scan(NULL, b, n, &lb);
        assert_int_equal(la.hash, lb.hash);
        for (size_t i = 0; i < n; i++) {
            b[i] ^= 1;
            bp_line_scan(NULL, b, n, &lb);
            assert_int_not_equal(la.hash, lb.hash);
            b[i] ^= 1;
        }
        bp_line_scan(NULL, a, n - 1, &lb);
        assert_int_not_equal(la.hash, lb.hash);
    }
    /* long words, and a caption word across the 600 bytes read for captions */
    char big[1400];
    memset(big, 'a', sizeof big);
    memcpy(big + 590, " credit photo reuters ", 22);
    big[200] = ' ';
    check_line(&sh->lists[0], big, sizeof big);
    memcpy(big + 596, "getty", 5);
    check_line(&sh->lists[0], big, sizeof big);
    /* random lines from pieces every reader splits differently */
    static const char *const bits[] = {"the",
                                       "The",
                                       "and",
                                       " ",
                                       "  ",
                                       "'",
                                       "s",
                                       "3",
                                       "2024",
                                       ".",
                                       "!",
                                       "?",
                                       ",",
                                       "/",
                                       "|",
                                       "(",
                                       ")",
                                       "[",
                                       "]",
                                       "@",
                                       "h",
                                       "http",
                                       "www.",
                                       "Foto",
                                       "AFP",
                                       "getty",
                                       "image",
                                       "\xC3\xA9",
                                       "\xC3\x89",
                                       "\xE2\x80\x99",
                                       "\xE2\x80\xA6",
                                       "\xE3\x80\x82",
                                       "\xE6\x9D\xB1",
                                       "\xEF\xBC\x8C",
                                       "\xD0\xA4",
                                       "\xC2\xB7",
                                       "\xE2\x80\xA2",
                                       "\xF0\x9F\x98\x80",
                                       "\xFF",
                                       "\t",
                                       "\n",
                                       "Photo",
                                       "of",
                                       "courtesy",
                                       "x"};
    uint32_t seed = 12345;
    char buf[900];
    for (int r = 0; r < 4000; r++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t parts = (seed >> 16) % 120;
        for (size_t p = 0; p < parts; p++) {
            seed = seed * 1103515245u + 12345u;
            const char *b = bits[(seed >> 16) % (sizeof bits / sizeof bits[0])];
            size_t bl = strlen(b);
            if (n + bl > sizeof buf) break;
            memcpy(buf + n, b, bl);
            n += bl;
        }
        check_line(&sh->lists[0], buf, n);
        check_line(NULL, buf, n);
    }
    /* the pass reads 64 bytes at a time: long lines of the same pieces
     * (words, characters and runs across every block boundary and the
     * caption region's end), and bytes of any value */
    char lng[1500];
    for (int r = 0; r < 600; r++) {
        size_t n = 0;
        for (;;) {
            seed = seed * 1103515245u + 12345u;
            const char *b = bits[(seed >> 16) % (sizeof bits / sizeof bits[0])];
            size_t bl = strlen(b);
            if (n + bl > sizeof lng - (size_t)(r % 97)) break;
            memcpy(lng + n, b, bl);
            n += bl;
        }
        check_line(&sh->lists[0], lng, n);
        check_line(NULL, lng, n);
    }
    for (int r = 0; r < 600; r++) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % 300;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly letters and spaces, some bytes from 0x80 and others */
            unsigned v = (seed >> 16) & 0xFF;
            lng[i] = (char)(v < 128 ? 'a' + v % 26 : v < 160 ? ' ' : v < 176 ? v % 64 : v);
        }
        check_line(&sh->lists[0], lng, n);
        check_line(NULL, lng, n);
    }
    free_shared(sh);
}

/* The text of line s (one line, no newline) once plainnorm.c has stripped
 * its marks, spans joined; every span must lie inside the line. */
static void norm(const char *s, size_t indent, char *out, unsigned *marks) {
    size_t n = strlen(s), b = indent, e = n;
    while (e > b && s[e - 1] == ' ') e--;
    bp_span sp[8];
    size_t k = bp_norm_line(s, 0, b, e, sp, 8, BP_NORM_LYNX, marks), o = 0;
    for (size_t i = 0; i < k; i++) {
        assert_true(sp[i].b >= b && sp[i].e <= e && sp[i].b < sp[i].e);
        if (i) assert_true(sp[i].b >= sp[i - 1].e);
        memcpy(out + o, s + sp[i].b, sp[i].e - sp[i].b);
        o += sp[i].e - sp[i].b;
    }
    out[o] = '\0';
}

static void test_plain_norm(void **st) {
    (void)st;
    /* next_mark (sixteen bytes a step) against the byte loop: a mark byte, or
     * none, at every offset of lines of every length to 48, read from every
     * start */
    {
        static const char marks[] = "*_[\\";
        for (size_t k = 0; k <= 4; k++)
            for (size_t at = 0; at < 48; at++) {
                unsigned char buf[48];
                memset(buf, 'a', sizeof buf);
                buf[at] = k < 4 ? (unsigned char)marks[k] : (unsigned char)'(';
                for (size_t e = 0; e <= 48; e++)
                    for (size_t i = 0; i <= e; i += 5) {
                        size_t want = i;
                        while (want < e && !opens_mark[buf[want]]) want++;
                        assert_int_equal(next_mark(buf, i, e), want);
                    }
            }
    }
    char out[256];
    unsigned m;
    /* html2text: headings, items, emphasis, links */
    norm("## The harbour reopens", 0, out, &m);
    assert_string_equal(out, "The harbour reopens");
    assert_true(m & BP_MK_HEADING);
    norm("  * **Bold** start and _italic_ words", 2, out, &m);
    assert_string_equal(out, "Bold start and italic words");
    assert_true((m & BP_MK_ITEM) && (m & BP_MK_EMPH));
    norm("See [the report](https://example.org/r) today", 0, out, &m);
    assert_string_equal(out, "See the report today");
    assert_true(m & BP_MK_LINK);
    norm("  *   *   * Subscribe", 2, out, &m);
    assert_string_equal(out, "Subscribe");
    /* quote marks, nested, before a heading; a '>' in the text stays */
    norm("> We waited a long time, said the mayor.", 0, out, &m);
    assert_string_equal(out, "We waited a long time, said the mayor.");
    norm("> > ## Quoted heading", 0, out, &m);
    assert_string_equal(out, "Quoted heading");
    assert_true(m & BP_MK_HEADING);
    norm(">> nested", 0, out, &m);
    assert_string_equal(out, "nested");
    norm(">not a quote -> 3 > 2", 0, out, &m);
    assert_string_equal(out, ">not a quote -> 3 > 2");
    /* short text is read past its quote and heading marks only */
    m = 0;
    const char *sh_line = "## Bridge repairs";
    assert_int_equal(bp_norm_lead(sh_line, 0, strlen(sh_line), &m), 3);
    assert_true(m & BP_MK_HEADING);
    m = 0;
    const char *tag = "#tag * item";
    assert_int_equal(bp_norm_lead(tag, 0, strlen(tag), &m), 0);
    assert_int_equal(m, 0);
    /* snake_case and a lone star stay */
    norm("set max_link_density to 2 * 3", 0, out, &m);
    assert_string_equal(out, "set max_link_density to 2 * 3");
    assert_int_equal(m, 0);
    /* lynx: nested bullets only where it indents; form fields */
    norm("         o Contact us", 9, out, &m);
    assert_string_equal(out, "Contact us");
    assert_true((m & BP_MK_ITEM) && (m & BP_MK_INDENT));
    norm("o dear, said the cat", 0, out, &m);
    assert_string_equal(out, "o dear, said the cat");
    norm("   ____________________ Go (BUTTON)", 3, out, &m);
    assert_true(m & BP_MK_FORM);
    norm("   #alternate", 3, out, &m);
    assert_true(m & BP_MK_FORM);
    norm("#hashtag", 0, out, &m);
    assert_false(m & BP_MK_FORM);
    /* lynx's link numbers run into the link's text go; a footnote after a
     * word or before a full stop, a list number and a lone "[3] " stay */
    norm("   [2]Home [3]World [14]Sport", 3, out, &m);
    assert_string_equal(out, "Home World Sport");
    assert_true(m & BP_MK_LINK);
    norm("the [9]road authority said ([10]\"in a statement\")", 0, out, &m);
    assert_string_equal(out, "the road authority said (\"in a statement\")");
    norm("as reported[4] and by visitors [2].", 0, out, &m);
    assert_string_equal(out, "as reported[4] and by visitors [2].");
    assert_false(m & BP_MK_LINK);
    norm("[1] See the notes [2][3] below [123456]x", 0, out, &m);
    assert_string_equal(out, "[1] See the notes [2][3] below [123456]x");
    /* ...only in a text that has three of them at least, line starts
     * included: a lone "[4141]Name" stays */
    const char *lx = "[1]Home [2]News\n   [3]Sport\n";
    assert_true(bp_norm_lynx_doc(lx, strlen(lx)));
    assert_false(bp_norm_lynx_doc(lx, 16));
    const char *one = "[4141]Dresden, 2 May - The plan, as [5] says, [6]. and x[7]y";
    assert_false(bp_norm_lynx_doc(one, strlen(one)));
    /* numbers that do not rise from a small one, or before a no-break space */
    const char *ids = "[424]14. 01. 2020\n[2116]13. 01.\n[4304]12. 01.\n[2021]Vienna [2021]Graz";
    assert_false(bp_norm_lynx_doc(ids, strlen(ids)));
    const char *nbsp = "[1]\xC2\xA0See [2]\xC2\xA0Read [3]\xC2\xA0Note";
    assert_false(bp_norm_lynx_doc(nbsp, strlen(nbsp)));
    const char *late = "[3]Home [1]News [12]Sport [40]Weather";
    assert_true(bp_norm_lynx_doc(late, strlen(late)));
    m = 0;
    const char *home = "[2]Home";
    bp_span sp1[4];
    assert_int_equal(bp_norm_line(home, 0, 0, strlen(home), sp1, 4, 0, &m), 1);
    assert_int_equal(sp1[0].b, 0);
    /* w3m: bullets and markers */
    norm("  \xE2\x80\xA2 Weather", 2, out, &m);
    assert_string_equal(out, "Weather");
    norm("        \xE2\x98\x86 Archives", 8, out, &m);
    assert_string_equal(out, "Archives");
    norm("[svg] [logo]", 0, out, &m);
    assert_true(m & BP_MK_FORM);
    norm("[INS::INS]", 0, out, &m);
    assert_true(m & BP_MK_FORM);
    /* an image without alt text, printed as its file name */
    norm("[harbour-storm-ferry-terminal-2019-11-18.jpg]", 0, out, &m);
    assert_true(m & BP_MK_FORM);
    norm("   [ferry-terminal-night-3-1] [ferry-terminal-night-4-1]", 3, out, &m);
    assert_true(m & BP_MK_FORM);
    /* a long bracket with spaces is text */
    norm("[Updated at noon: the ferries run again from Monday]", 0, out, &m);
    assert_false(m & BP_MK_FORM);
    /* html2text's images: the alt text is no text of the line, a line of
     * images alone is a form line kept whole (its place in raw exact) */
    norm("The old dam ![the dam at dusk](/img/dam.jpg) holds, the engineer said.", 0, out, &m);
    assert_string_equal(out, "The old dam holds, the engineer said.");
    assert_false(m & BP_MK_FORM);
    norm("![Rhone glacier](/img/rhone.jpg)", 0, out, &m);
    assert_string_equal(out, "![Rhone glacier](/img/rhone.jpg)");
    assert_true(m & BP_MK_FORM);
    norm("  * [![](/img/map-small.png)](/img/map.png) ", 2, out, &m);
    assert_string_equal(out, "* [![](/img/map-small.png)](/img/map.png)");
    assert_true(m & BP_MK_FORM);
    norm("[![Logo](/logo.png)](/) [Home](/)", 0, out, &m);
    assert_string_equal(out, "Home");
    assert_false(m & BP_MK_FORM);
    /* not an image: an exclamation before a link, an unclosed mark */
    norm("Wow! [the report](/r) is out", 0, out, &m);
    assert_string_equal(out, "Wow! the report is out");
    norm("see ![unclosed (no end", 0, out, &m);
    assert_string_equal(out, "see ![unclosed (no end");
    /* a table rule has no text; cells are marked */
    assert_int_equal(bp_norm_line("---|---", 0, 0, 7, (bp_span[4]){{0, 0}}, 4, 0, &m), 0);
    assert_true(m & BP_MK_TABLE);
    norm("Year | Sales | Profit", 0, out, &m);
    assert_true(m & BP_MK_TABLE);
    /* unclosed marks are text */
    norm("**not closed and _open", 0, out, &m);
    assert_string_equal(out, "**not closed and _open");
    /* a mark's byte anywhere, also in the last bytes the pass over the
     * line reads one at a time (lengths 4k + 1..3), still counts */
    norm("Go (BUTTON)", 0, out, &m);
    assert_true(m & BP_MK_FORM);
    norm("Send ____", 0, out, &m);
    assert_true(m & BP_MK_FORM);
    norm("old [DEL::x]", 0, out, &m);
    assert_true(m & BP_MK_FORM);
    norm("ab|c|", 0, out, &m);
    assert_true(m & BP_MK_TABLE);
    norm("a plain line of prose, with (brackets) and no mark at all.", 0, out, &m);
    assert_int_equal(m, 0);
    assert_string_equal(out, "a plain line of prose, with (brackets) and no mark at all.");
    norm("Now _in_", 0, out, &m);
    assert_string_equal(out, "Now in");
    assert_true(m & BP_MK_EMPH);
    norm("See [x](y)", 0, out, &m);
    assert_string_equal(out, "See x");
    assert_true(m & BP_MK_LINK);
    /* each mark's byte at every offset of a line of up to 52 bytes: in the
     * sixteen-byte steps of the pass and in the bytes after them */
    static const struct {
        const char *token;
        unsigned mark;
    } tokens[] = {
        {"(BUTTON)", BP_MK_FORM}, {"____", BP_MK_FORM},
        {"[DEL::x]", BP_MK_FORM}, {"**b**", BP_MK_EMPH},
        {"|a|", BP_MK_TABLE},     {"at 11\\. Put", 0}}; /* 0: the escape's backslash is gone */
    for (size_t t = 0; t < sizeof tokens / sizeof tokens[0]; t++)
        for (size_t pad = 1; pad <= 40; pad++) {
            char line[64];
            memset(line, 'x', pad);
            line[pad - 1] = ' ';
            strcpy(line + pad, tokens[t].token);
            norm(line, 0, out, &m);
            if (tokens[t].mark ? !(m & tokens[t].mark) : strstr(out, "\\.") != NULL)
                fail_msg("\"%s\": marks %#x, \"%s\"", line, m, out);
        }
    /* html2text's escapes of what would read as a list mark */
    norm("12\\. Fold the dough twice.", 0, out, &m);
    assert_string_equal(out, "12. Fold the dough twice.");
    assert_true(m & BP_MK_ITEM);
    norm("\\- Notice to members", 0, out, &m);
    assert_string_equal(out, "- Notice to members");
    norm("the line wrapped at 11\\. Put the plan aside", 0, out, &m);
    assert_string_equal(out, "the line wrapped at 11. Put the plan aside");
    assert_false(m & BP_MK_ITEM);
    /* other backslashes are the writer's: a path, a regular expression,
     * and an escaped star opens no emphasis */
    norm("C:\\Users\\ann and [0-9]\\.[0-9] and 3\\.5", 0, out, &m);
    assert_string_equal(out, "C:\\Users\\ann and [0-9]\\.[0-9] and 3\\.5");
    norm("a \\**star** here", 0, out, &m);
    assert_string_equal(out, "a \\**star** here");
}

/* A page of marks through the reader: the text view holds no mark, and
 * every run maps text bytes to the same bytes of raw. Short text is read
 * as written. */
static void test_plain_norm_reader(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_work w;
    bp_buf src = {0};
    const char *top = "# Harbour reopens\n\n  * Home\n  * News\n\n";
    bp_buf_put(&src, top, strlen(top));
    for (int i = 0; i < 12; i++) {
        const char *p = "The **harbour** reopened on _Thursday_ after two days of storms, and "
                        "[ferries](https://example.org/f) ran again.\n\n";
        bp_buf_put(&src, p, strlen(p));
    }
    bp_buf_putc(&src, '\0');
    src.n--;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    assert_int_equal(bp_plain(&w, src.p, src.n), 0);
    assert_null(bp_memmem(w.text.p, w.text.n, "**", 2));
    assert_null(bp_memmem(w.text.p, w.text.n, "](", 2));
    assert_null(bp_memmem(w.text.p, w.text.n, "_Thursday", 9));
    assert_non_null(bp_memmem(w.text.p, w.text.n, "The harbour reopened on Thursday", 32));
    assert_int_equal(w.blocks.b[0].mark & BP_MK_HEADING, BP_MK_HEADING);
    assert_int_equal(w.blocks.b[1].mark & BP_MK_ITEM, BP_MK_ITEM);
    for (size_t r = 0; r < w.runs.n; r++) {
        const weft_offrun *x = &w.runs.r[r];
        assert_true(x->src + x->len <= src.n);
        assert_memory_equal(w.text.p + x->dst, src.p + x->src, x->len);
    }
    free_work(&w);
    /* short: as written */
    const char *tweet = "* great phone, **love** it";
    memset(&w, 0, sizeof w);
    w.sh = sh;
    assert_int_equal(bp_plain(&w, tweet, strlen(tweet)), 0);
    assert_int_equal(w.text.n, strlen(tweet));
    assert_memory_equal(w.text.p, tweet, w.text.n);
    free_work(&w);
    bp_buf_free(&src);
    free_shared(sh);
}

/* The model file: its meta must name this feature set and both stages. */
static void test_plain_model_check(void **st) {
    (void)st;
    const char *good = "weft-linear 1\nmeta features " BP_ML_FEATURES
                       "\nmeta stage1-scale-milli 1500\nmeta stage2-salt 0\n"
                       "classes 2 drop keep\nbits 8\nbias 0 0\nend\n";
    weft_lin_model m;
    char err[128];
    assert_int_equal(weft_lin_load(&m, good, strlen(good), err, sizeof err), 0);
    assert_null(bp_ml_check(&m));
    float scale;
    uint32_t salt;
    bp_ml_params(&m, &scale, &salt);
    assert_true(scale > 1.49f && scale < 1.51f);
    assert_int_equal(salt, 0);
    weft_lin_model_free(&m);
    static const char *const bad[] = {
        "weft-linear 1\nmeta features plain-0\nmeta stage1-scale-milli 1\nmeta stage2-salt "
        "0\nclasses 2 drop keep\nbits 8\nbias 0 0\nend\n",
        "weft-linear 1\nmeta features " BP_ML_FEATURES
        "\nmeta stage1-scale-milli 1\nmeta stage2-salt 0\nclasses 2 keep drop\nbits 8\nbias 0 "
        "0\nend\n",
        "weft-linear 1\nmeta features " BP_ML_FEATURES
        "\nmeta stage1-scale-milli x\nmeta stage2-salt 0\nclasses 2 drop keep\nbits 8\nbias 0 "
        "0\nend\n",
        "weft-linear 1\nmeta features " BP_ML_FEATURES
        "\nclasses 2 drop keep\nbits 8\nbias 0 0\nend\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(weft_lin_load(&m, bad[i], strlen(bad[i]), err, sizeof err), 0);
        assert_non_null(bp_ml_check(&m));
        weft_lin_model_free(&m);
    }
}

/* The model's table (bp_mlc) scores every block as the feature vectors and
 * weft_lin_margin do, to the bit, in both stages: the table is only a
 * faster way to the same float. A model of random weights, so that no
 * feature's weight is zero by chance. */
static void test_plain_model_table(void **st) {
    (void)st;
    const char *hdr = "weft-linear 1\nmeta features " BP_ML_FEATURES
                      "\nmeta stage1-scale-milli 2000\nmeta stage2-salt 7\n"
                      "classes 2 drop keep\nbits 10\nbias 0.25 -0.5\nend\n";
    weft_lin_model m;
    char err[128];
    assert_int_equal(weft_lin_load(&m, hdr, strlen(hdr), err, sizeof err), 0);
    uint32_t x = 12345;
    for (size_t i = 0; i < weft_lin_nweights(&m); i++) {
        x = x * 1664525u + 1013904223u;
        m.w[i] = (float)((x >> 8) & 0xFFFF) / 32768.0f - 1.0f;
    }
    bp_mlc *c = bp_mlc_new(&m);
    assert_non_null(c);
    static const char *const lines[] = {
        "Home",
        "The council said on Tuesday that the new bridge would open next spring, after two "
        "years of delays and a long dispute over its cost.",
        "Share this | Tweet | Email",
        "Photo: Reuters",
        "Read more: http://news.example/bridge",
        "## Local news",
        "* Weather",
        "Residents who live near the river were told the works would be quiet at night.",
        "\xC2\xA9 2024 Example Times",
        "12 comments",
        "Council approves budget for new library [council-li]",
        "Photo: John Smith/Getty Images",
    };
    bp_buf doc = {0};
    for (int r = 0; r < 12; r++)
        for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
            assert_int_equal(bp_buf_put(&doc, lines[k], strlen(lines[k])), 0);
            if (r % 3 == 0 && k % 4 == 1) assert_int_equal(bp_buf_put(&doc, " Again.", 7), 0);
            assert_int_equal(bp_buf_putc(&doc, '\n'), 0);
        }
    bp_shared *sh = shared_en();
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    w.stop = &sh->lists[0];
    assert_int_equal(bp_plain(&w, doc.p, doc.n), 0);
    bp_features(&w, 1);
    /* renderer lines the form rule removed (unseen by stage 2's sides),
     * alone and two together, and blocks another rule removed */
    for (size_t i = 0; i < w.blocks.n; i++)
        if (i % 13 == 4 || i % 13 == 5 || i % 17 == 9)
            w.blocks.b[i].reason = BP_R_FORM;
        else if (i % 11 == 7)
            w.blocks.b[i].reason = BP_R_NAV;
    assert_int_equal(bp_ml_prepare(&w), 0);
    uint32_t seed = bp_ml_seed2(7);
    size_t scored = 0;
    for (int stage = 0; stage < 2; stage++) {
        if (stage == 1) {
            assert_int_equal(bp_ml_stage1(&w, &m, NULL, 2.0f, w.ml->p), 0);
            /* the windows from the per-block terms are windows()'s floats */
            for (size_t i = 0; i < w.blocks.n; i++) {
                float a[3], b[3];
                windows(w.ml->p, w.ml->len, w.blocks.n, i, a);
                windows_pre(w.ml->wt, w.ml->wp, w.blocks.n, i, b);
                assert_memory_equal(a, b, sizeof a);
                /* and the bins from the running sums are theirs */
                unsigned bins[3];
                window_bins(w.ml, w.blocks.n, i, bins);
                for (unsigned r = 0; r < 3; r++) assert_int_equal(bins[r], pbin(b[r]));
                /* and stage 2's values laid out in two walks are the
                 * trainer's, block by block */
                if (w.blocks.b[i].reason) continue;
                ml_s2 v;
                context_values(w.ml->p, w.ml->len, w.blocks.n, i, &v);
                assert_memory_equal(&v, &w.ml->s2[i], sizeof v);
            }
        }
        for (size_t i = 0; i < w.blocks.n; i++) {
            if (w.blocks.b[i].reason) continue;
            float a, b;
            assert_int_equal(margin_of(&w, &m, c, i, seed, stage, &a), 0);
            assert_int_equal(margin_of(&w, &m, NULL, i, seed, stage, &b), 0);
            assert_memory_equal(&a, &b, sizeof a);
            if (stage == 1) {
                /* the trainer's feature vector (bp_ml_context) scores the same */
                weft_lin_fv_clear(&w.ml->fv);
                assert_int_equal(
                    bp_ml_context(w.ml->p, w.ml->len, w.ml->code, w.blocks.n, i, seed, &w.ml->fv),
                    0);
                float t = weft_lin_margin(&m, &w.ml->fv);
                assert_memory_equal(&a, &t, sizeof a);
                /* in the order the shipped model was trained with (the
                 * order of the adds is the margin's): the left side
                 * nearest first */
                const ml_s2 *v = &w.ml->s2[i];
                const uint8_t *cd = w.ml->code;
                const unsigned want[][2] = {
                    {S2_BIAS, 0},
                    {S2_OWN, v->own},
                    {S2_OWN_LEN, v->own * 16u + v->len},
                    {S2_SIDE + 2, v->side[2]},
                    {S2_SIDE + 1, v->side[1]},
                    {S2_SIDE + 0, v->side[0]},
                    {S2_SIDE + 3, v->side[3]},
                    {S2_SIDE + 4, v->side[4]},
                    {S2_SIDE + 5, v->side[5]},
                    {S2_W2, v->win[0]},
                    {S2_W5, v->win[1]},
                    {S2_W12, v->win[2]},
                    {S2_OWN_W5, v->own * 16u + v->win[1]},
                    {S2_CUE, v->own * 16u + cd[i]},
                    {S2_CUE_NB,
                     (i > 0 ? cd[i - 1] : 0u) * 16u + (i + 1 < w.blocks.n ? cd[i + 1] : 0u)},
                };
                assert_int_equal(w.ml->fv.n, sizeof want / sizeof want[0]);
                for (size_t k = 0; k < w.ml->fv.n; k++)
                    assert_int_equal(w.ml->fv.f[k].id,
                                     feature_id(F_STAGE2 + want[k][0], want[k][1], seed));
            }
            scored++;
        }
    }
    assert_true(scored > 40);
    bp_ml_free(w.ml);
    free_work(&w);
    free_shared(sh);
    bp_buf_free(&doc);
    bp_mlc_free(c);
    weft_lin_model_free(&m);
}

/* The ids of a feature vector, sorted (its features as a multiset). */
static int cmp_feat_id(const void *a, const void *b) {
    uint32_t x = ((const weft_lin_feat *)a)->id, y = ((const weft_lin_feat *)b)->id;
    return x < y ? -1 : x > y;
}

/* Stage 1's features of every kept block of doc (one block a line), ids
 * sorted per block, into out (n blocks at most); returns how many kept. */
static size_t kept_feats(bp_shared *sh, const char *doc, weft_lin_fv *out, size_t n) {
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    w.stop = &sh->lists[0];
    assert_int_equal(bp_plain(&w, doc, strlen(doc)), 0);
    assert_int_equal(bp_features(&w, 1), 0);
    assert_int_equal(bp_ml_prepare(&w), 0);
    size_t k = 0;
    for (size_t i = 0; i < w.blocks.n; i++) {
        if (w.blocks.b[i].reason) continue;
        assert_true(k < n);
        weft_lin_fv_init(&out[k]);
        assert_int_equal(bp_ml_block(&w, i, &out[k]), 0);
        /* but the caption cue of the blocks either side, which reads an
         * image next to a line on purpose (a caption under a picture) */
        size_t kept = 0;
        for (size_t j = 0; j < out[k].n; j++) {
            int near = 0;
            for (unsigned v = 0; v < 16; v++)
                near |= out[k].f[j].id == feature_id(F_CUE + BP_CUE_F_NEAR, v, WEFT_LIN_HASH_INIT);
            if (!near) out[k].f[kept++] = out[k].f[j];
        }
        out[k].n = kept;
        qsort(out[k].f, out[k].n, sizeof *out[k].f, cmp_feat_id);
        k++;
    }
    bp_ml_free(w.ml);
    free_work(&w);
    return k;
}

/* The form rule's lines (an image's file name, "[INS::INS]", a button)
 * are what w3m and lynx print where an html-text rendering prints nothing:
 * the model's context looks past them, so the paragraphs of a page have
 * the same features with and without them (stage 1; plaincue.c's cue of
 * the lines either side is the one exception, by design), and stage 2's
 * nearest blocks are the nearest others. */
static void test_plain_unseen(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    /* five paragraphs (over 1,000 bytes: a page, read with the renderer
     * marks), and the same with a renderer's line between every two, so
     * that each paragraph keeps its place as a fraction of the page */
    static const char *const paras[] = {
        "The council said on Tuesday that the new bridge would open next spring, after two "
        "years of delays and a long dispute over its cost, which had doubled since the first "
        "plans were shown to the public in a packed town hall.",
        "Residents who live near the river were told that the works would be quiet at night "
        "and that the road would stay open, although some of them said that they had heard "
        "the same promise before and did not believe it.",
        "The mayor said that the bridge was the largest project of the city in a decade and "
        "that it had been worth the wait, because it would take most of the lorries out of "
        "the old centre and its narrow streets.",
        "A spokesman for the builders said that the last part of the deck would be lifted "
        "into place in March, if the weather allowed it, and that the lights and the rails "
        "would follow in the weeks after that.",
        "Traffic on the old bridge will be limited to buses and bicycles from the summer, and "
        "the council has asked for ideas on how the space that is freed there could be used "
        "by the people who live on both banks.",
    };
    static const char *const between[] = {"[bridge-works-2024-photo.jpg]", "[INS::INS]",
                                          "____ Go (BUTTON)", "[svg]"};
    /* and with all four renderer lines above the first paragraph: the
     * position of a block on the page and its distance to the prose are
     * counted in the blocks a reader sees, so they do not move either */
    bp_buf plain_doc = {0}, rendered_doc = {0}, top_doc = {0};
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(bp_buf_put(&top_doc, between[k], strlen(between[k])), 0);
        assert_int_equal(bp_buf_putc(&top_doc, '\n'), 0);
    }
    for (size_t k = 0; k < 5; k++) {
        assert_int_equal(bp_buf_put(&top_doc, paras[k], strlen(paras[k])), 0);
        assert_int_equal(bp_buf_putc(&top_doc, '\n'), 0);
        if (k) {
            assert_int_equal(bp_buf_put(&rendered_doc, between[k - 1], strlen(between[k - 1])), 0);
            assert_int_equal(bp_buf_putc(&rendered_doc, '\n'), 0);
        }
        assert_int_equal(bp_buf_put(&plain_doc, paras[k], strlen(paras[k])), 0);
        assert_int_equal(bp_buf_putc(&plain_doc, '\n'), 0);
        assert_int_equal(bp_buf_put(&rendered_doc, paras[k], strlen(paras[k])), 0);
        assert_int_equal(bp_buf_putc(&rendered_doc, '\n'), 0);
    }
    assert_int_equal(bp_buf_putc(&plain_doc, '\0'), 0);
    assert_int_equal(bp_buf_putc(&rendered_doc, '\0'), 0);
    assert_int_equal(bp_buf_putc(&top_doc, '\0'), 0);
    const char *plain = plain_doc.p;
    assert_true(strlen(plain) > BP_ML_MIN_CHARS);
    const char *const others[] = {rendered_doc.p, top_doc.p};
    for (size_t o = 0; o < 2; o++) {
        weft_lin_fv a[8], b[8];
        assert_int_equal(kept_feats(sh, plain, a, 8), 5);
        assert_int_equal(kept_feats(sh, others[o], b, 8), 5);
        for (size_t k = 0; k < 5; k++) {
            assert_int_equal(a[k].n, b[k].n);
            for (size_t j = 0; j < a[k].n; j++) {
                assert_int_equal(a[k].f[j].id, b[k].f[j].id);
                assert_true(a[k].f[j].v == b[k].f[j].v);
            }
            weft_lin_fv_free(&a[k]);
            weft_lin_fv_free(&b[k]);
        }
    }
    /* stage 2: an unseen block at each end of five (the windows weigh it
     * nothing, so they are the same as without it) */
    const float p5[] = {BP_ML_UNSEEN, 0.9f, 0.2f, 0.7f, BP_ML_UNSEEN};
    const float p3[] = {0.9f, 0.2f, 0.7f};
    const uint32_t len5[] = {20, 120, 90, 300, 10}, len3[] = {120, 90, 300};
    const uint8_t code5[] = {0, 0, 0, 0, 0}, code3[] = {0, 0, 0};
    for (size_t k = 0; k < 3; k++) {
        weft_lin_fv x, y, z;
        weft_lin_fv_init(&x);
        weft_lin_fv_init(&y);
        weft_lin_fv_init(&z);
        assert_int_equal(bp_ml_context(p3, len3, code3, 3, k, 7, &x), 0);
        assert_int_equal(bp_ml_context(p5, len5, code5, 5, k + 1, 7, &y), 0);
        qsort(x.f, x.n, sizeof *x.f, cmp_feat_id);
        qsort(y.f, y.n, sizeof *y.f, cmp_feat_id);
        assert_int_equal(x.n, y.n);
        for (size_t j = 0; j < x.n; j++) assert_int_equal(x.f[j].id, y.f[j].id);
        /* a block a rule removed for another reason stays a neighbour */
        const float q5[] = {-1.0f, 0.9f, 0.2f, 0.7f, -1.0f};
        assert_int_equal(bp_ml_context(q5, len5, code5, 5, k + 1, 7, &z), 0);
        qsort(z.f, z.n, sizeof *z.f, cmp_feat_id);
        int same = z.n == x.n;
        for (size_t j = 0; same && j < x.n; j++) same = z.f[j].id == x.f[j].id;
        assert_false(same);
        weft_lin_fv_free(&x);
        weft_lin_fv_free(&y);
        weft_lin_fv_free(&z);
    }
    bp_buf_free(&plain_doc);
    bp_buf_free(&rendered_doc);
    bp_buf_free(&top_doc);
    free_shared(sh);
}

/* window_bins against windows_pre on terms made to put the windows' means
 * on a bin's edge (p of tenths, and halves: 0.5 * 10 is an edge) or a hair
 * off it, removed blocks among them, over a long document. */
static void test_plain_window_bins(void **st) {
    (void)st;
    enum { NB = 3000 };
    bp_ml ml;
    memset(&ml, 0, sizeof ml);
    ml.wt = calloc(NB, sizeof *ml.wt);
    ml.wp = calloc(NB, sizeof *ml.wp);
    ml.ct = calloc(NB + 1, sizeof *ml.ct);
    ml.cp = calloc(NB + 1, sizeof *ml.cp);
    assert_true(ml.wt && ml.wp && ml.ct && ml.cp);
    static const float ps[] = {0.5f,  0.1f, 0.3f, 0.2f, 0.9f,     1.0f,     0.0f,
                               0.25f, 0.7f, -1,   0.6f, 0.49999f, 0.30001f, 0.8999999f};
    uint32_t x = 99;
    size_t slow = 0;
    for (int round = 0; round < 4; round++) {
        size_t nb = round == 3 ? 7 : NB;
        for (size_t i = 0; i < nb; i++) {
            x = x * 1664525u + 1013904223u;
            float p = ps[(x >> 8) % (sizeof ps / sizeof ps[0])];
            double wt = round == 0 ? 1 : 1 + (x >> 20) % 15;
            ml.wt[i] = p < 0 ? 0 : wt;
            ml.wp[i] = p < 0 ? 0 : wt * p;
        }
        window_sums(&ml, nb);
        for (size_t i = 0; i < nb; i++) {
            float f[3];
            unsigned bins[3];
            windows_pre(ml.wt, ml.wp, nb, i, f);
            window_bins(&ml, nb, i, bins);
            for (unsigned r = 0; r < 3; r++) {
                assert_int_equal(bins[r], pbin(f[r]));
                /* means on an edge: the case window_bins hands back */
                slow += f[r] >= 0 && f[r] * 10.0f == (float)(int)(f[r] * 10.0f);
            }
        }
    }
    assert_true(slow > 100);
    free(ml.wt);
    free(ml.wp);
    free(ml.ct);
    free(ml.cp);
}

/* Does fv hold feature (name, value) of stage 1? */
static int fv_has(const weft_lin_fv *fv, unsigned name, unsigned v) {
    uint32_t id = feature_id(name, v, WEFT_LIN_HASH_INIT);
    for (size_t k = 0; k < fv->n; k++)
        if (fv->f[k].id == id) return 1;
    return 0;
}

/* plain-9: the share of a block's content words (4 letters or more, not
 * stopwords) that the prose of the page's largest island uses in another
 * block. A list of the article's own things shares them, a menu does not;
 * a paragraph does not count its own words; spaceless scripts have no
 * words to count. */
static void test_plain_vocab(void **st) {
    (void)st;
    static const char *const lines[] = {
        /* 0, 1, 5: the article, one island of prose */
        "This spiced pear jam is cooked slowly with honey and ground ginger until the fruit turns "
        "soft and golden, and it keeps for a year in sealed jars.",
        "Choose ripe pears that are firm, because soft ones fall apart in the pot, and cook them "
        "with the honey and ginger: the jam sets badly if the pears are soft, however long it is "
        "cooked.",
        /* 2-4: its ingredients, as a renderer prints a list */
        "* 8 ripe pears, firm",
        "* honey, 2 jars",
        "* 1 tsp ground ginger",
        "My grandmother won a village prize with it in nineteen fifty, and the judges asked her "
        "for "
        "the recipe, which she never gave to anybody.",
        /* 6-8: a menu */
        "* Gardening",
        "* Holidays",
        "* Motoring",
        /* 9: Japanese, no words to count */
        "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87\xe7\xab\xa0\xe3\x81\xa7\xe3"
        "\x81\x99",
    };
    bp_buf doc = {0};
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        assert_int_equal(bp_buf_put(&doc, lines[k], strlen(lines[k])), 0);
        assert_int_equal(bp_buf_put(&doc, "\n\n", 2), 0);
    }
    bp_shared *sh = shared_en();
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    w.stop = &sh->lists[0];
    assert_int_equal(bp_plain(&w, doc.p, doc.n), 0);
    assert_int_equal(w.blocks.n, 10);
    bp_features(&w, 1);
    assert_int_equal(bp_ml_prepare(&w), 0);
    const bp_mlb *m = w.ml->b;
    assert_true(m[0].prose && m[1].prose && m[5].prose);
    assert_true(m[0].island == m[5].island);
    /* the two jam paragraphs share "cooked", "soft", "honey", "ginger";
     * the grandmother's shares nothing with them */
    assert_true(m[0].vshared >= 4 && m[0].vshared < m[0].vwords);
    assert_true(m[1].vshared >= 4 && m[1].vshared < m[1].vwords);
    assert_int_equal(m[5].vshared, 0);
    assert_true(m[5].vwords >= 8);
    assert_int_equal(m[9].vwords, 0);
    /* an ingredient's words are all the article's (pears, firm, jars,
     * ground...), a menu item's none; the list and the menu are runs */
    for (size_t i = 2; i < 9; i++) {
        if (i == 5 || w.blocks.b[i].reason) continue;
        assert_true(m[i].vwords >= 1);
        assert_true(m[i].rsize >= 1 && m[i].rwords >= m[i].vwords);
        if (i < 5) {
            assert_int_equal(m[i].vshared, m[i].vwords);
            assert_int_equal(m[i].rshared, m[i].rwords);
        } else {
            assert_int_equal(m[i].vshared, 0);
            assert_int_equal(m[i].rshared, 0);
        }
    }
    assert_int_equal(m[0].rsize, 0); /* prose is no run */
    /* the features: an ingredient and a menu item of the same length
     * read differently */
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    assert_int_equal(bp_ml_block(&w, 3, &fv), 0);
    unsigned len = bucket_log2(m[3].len);
    assert_true(fv_has(&fv, F_VOCAB, 5 * 16 + (len > 9 ? 9 : len)));
    assert_int_equal(m[3].rsize, 3);
    assert_true(
        fv_has(&fv, F_VOCAB_RUN, (5 * 4 + 1) * 2 + (w.blocks.b[3].mark & BP_MK_ITEM ? 1u : 0u)));
    assert_int_equal(w.blocks.b[7].reason, 0);
    {
        weft_lin_fv_clear(&fv);
        assert_int_equal(bp_ml_block(&w, 7, &fv), 0);
        len = bucket_log2(m[7].len);
        assert_true(fv_has(&fv, F_VOCAB, 1 * 16 + (len > 9 ? 9 : len)));
    }
    /* the words' table is not cleared between documents (its slots of
     * earlier ones read as empty): the same counts on the next document,
     * with the last one's words still in it, and where the block numbers
     * would pass 32 bits (the table is cleared then) */
    {
        uint16_t vw[10], vs[10];
        uint32_t rw[10], rs[10];
        for (size_t i = 0; i < 10; i++)
            vw[i] = m[i].vwords, vs[i] = m[i].vshared, rw[i] = m[i].rwords, rs[i] = m[i].rshared;
        static const uint32_t bases[] = {UINT32_MAX - 40, UINT32_MAX - 12, UINT32_MAX - 11,
                                         UINT32_MAX - 3};
        for (size_t r = 0; r < 2 * sizeof bases / sizeof bases[0]; r++) {
            if (r % 2) w.ml->vbase = bases[r / 2];
            assert_int_equal(bp_ml_prepare(&w), 0);
            m = w.ml->b;
            for (size_t i = 0; i < 10; i++) {
                assert_int_equal(m[i].vwords, vw[i]);
                assert_int_equal(m[i].vshared, vs[i]);
                assert_int_equal(m[i].rwords, rw[i]);
                assert_int_equal(m[i].rshared, rs[i]);
            }
        }
    }
    weft_lin_fv_free(&fv);
    bp_ml_free(w.ml);
    free_work(&w);
    free_shared(sh);
    bp_buf_free(&doc);
}

/* plain-6: a text printed twice, as lynx (with a space) and w3m (run
 * together) print an image's alt and title; a rule of one byte is not. */
static void test_plain_doubled(void **st) {
    (void)st;
    static const struct {
        const char *s;
        int doubled;
    } cases[] = {
        {"Ferry at dawn Ferry at dawn", 1},
        {"The new ferry at dawnThe new ferry at dawn", 1},
        {"Fähre im MorgengrauenFähre im Morgengrauen", 1},
        {"________________________________", 0},
        {"-=-=-=-=-=-=-=-=-=-=", 0},
        {"hahahaha", 0}, /* too short to be two captions */
        {"The ferry left at dawn and the ferry came back at dusk.", 0},
        {"Ferry at dawn Ferry at dusk", 0},
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(bp_ml_doubled((const unsigned char *)cases[i].s, strlen(cases[i].s)),
                         cases[i].doubled);
}

/* plain-5: a block's repeat count goes with its length (F_REP_LEN), so a
 * long promo printed under every picture reads apart from a short label
 * said twice; a block that does not repeat has no such feature. */
static void test_plain_rep_len(void **st) {
    (void)st;
    static const char *const promo =
        "Pin it for later and find hundreds more seasonal recipes like this one online";
    static const char *const lines[] = {
        "Plum butter is jam cooked for longer and more slowly, until the fruit turns dark.",
        "PROMO",
        "Wash and halve two kilos of ripe plums and take out the stones before cooking.",
        "Stir well.",
        "PROMO",
        "Cook the plums over a low heat for about an hour, stirring now and then.",
        "Stir well.",
        "PROMO",
    };
    bp_buf doc = {0};
    for (size_t k = 0; k < sizeof lines / sizeof lines[0]; k++) {
        const char *l = strcmp(lines[k], "PROMO") ? lines[k] : promo;
        assert_int_equal(bp_buf_put(&doc, l, strlen(l)), 0);
        assert_int_equal(bp_buf_put(&doc, "\n\n", 2), 0);
    }
    bp_shared *sh = shared_en();
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    w.stop = &sh->lists[0];
    assert_int_equal(bp_plain(&w, doc.p, doc.n), 0);
    assert_int_equal(w.blocks.n, 8);
    bp_features(&w, 1);
    assert_int_equal(bp_ml_prepare(&w), 0);
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    for (size_t i = 0; i < w.blocks.n; i++) {
        weft_lin_fv_clear(&fv);
        assert_int_equal(bp_ml_block(&w, i, &fv), 0);
        unsigned len = bucket_log2(w.ml->b[i].len);
        if (!strcmp(lines[i], "PROMO")) {
            assert_int_equal(w.ml->b[i].rep, 2);
            assert_true(fv_has(&fv, F_REP_LEN, 2 * 16 + len));
        } else if (!strcmp(lines[i], "Stir well.")) {
            assert_true(fv_has(&fv, F_REP_LEN, 1 * 16 + len));
            assert_true(len < bucket_log2(w.ml->b[1].len));
        } else {
            for (unsigned v = 0; v < 64; v++) assert_false(fv_has(&fv, F_REP_LEN, v));
        }
    }
    weft_lin_fv_free(&fv);
    bp_ml_free(w.ml);
    free_work(&w);
    free_shared(sh);
    bp_buf_free(&doc);
}

/* is_link_list counts every separator in one pass over the spaces: the
 * same counts as a search per separator from the end of its last match. */
static int link_list_by_search(const char *s, size_t n) {
    static const char *const seps[] = {
        " | ", " \xC2\xB7 ", " \xE2\x80\xA2 ", " / ", " :: ", " \xE2\x80\x93 ", " - ", NULL};
    for (size_t k = 0; seps[k]; k++) {
        size_t cnt = 0, sl = strlen(seps[k]);
        int hyphen = !strcmp(seps[k], " - ");
        const char *from = s;
        for (const char *p = s; (p = bp_memmem(p, n - (size_t)(p - s), seps[k], sl)) != NULL;
             p += sl) {
            /* " - " separates items only after one with a letter */
            int letter = 0;
            for (const char *q = from; q < p; q++)
                letter |= (unsigned char)*q >= 0x80 || isalpha((unsigned char)*q);
            cnt += !hyphen || letter;
            from = p + sl;
        }
        if (hyphen ? cnt >= 3 && n / (cnt + 1) < 20 : cnt >= 2 && n / (cnt + 1) < 30)
            if (!bp_sentence_end(s, n)) return 1;
    }
    return bp_find_ci(s, n, "http://") || bp_find_ci(s, n, "https://") ||
           (bp_starts_with_ci(s, n, "www.") && !memchr(s, ' ', n));
}

/* link_list_by_search less the bare-link tests (is_link_list with
 * may_url 0). */
static int link_list_by_search_nourl(const char *s, size_t n) {
    return !(bp_find_ci(s, n, "http://") || bp_find_ci(s, n, "https://") ||
             (bp_starts_with_ci(s, n, "www.") && !memchr(s, ' ', n))) &&
           link_list_by_search(s, n);
}

static void test_plain_link_list(void **st) {
    (void)st;
    static const char *const lines[] = {
        "Home | News | Sport | Weather",
        "Home | | News",
        "Home  |  News | Sport",
        "A | B.",
        "World \xC2\xB7 Business \xC2\xB7 Tech",
        "One \xE2\x80\xA2 Two \xE2\x80\xA2 Three \xE2\x80\x93 Four \xE2\x80\x93 Five",
        "Politics / Economy / Culture",
        "Home - News - Sport - Weather",
        "Home - News - Sport",
        "1.  -  -  -  -  o  o  xo",
        "The plan - which was late - is back - or so they say - again",
        "a - - b - c - d",
        "a :: b :: c :: d",
        "a :: b ::",
        "Read it at https://example.org/x",
        "www.example.org",
        "www.example.org and more",
        "A sentence / with a slash | and a bar, that is long enough to be a sentence.",
        " | | | | ",
        "x \xE2\x80",
        "x \xC2",
        "",
        /* longer than the sixteen places link_sep_next tests a step: every
         * cut puts the separators at another place of a step */
        "Home | News | Sport | Weather | Business | Culture | Travel | Opinion | Video",
        "Startseite :: Politik :: Wirtschaft :: Kultur :: Sport :: Wissen :: Reisen",
        "World \xC2\xB7 Business \xC2\xB7 Tech \xC2\xB7 Science \xC2\xB7 Health \xC2\xB7 Arts",
        "One \xE2\x80\xA2 Two \xE2\x80\xA2 Three \xE2\x80\x93 Four \xE2\x80\x93 Five \xE2\x80\xA2 "
        "Six",
        "a-b a/b a|b a:b -- // || ::: x - y / z | w - v - u - t - s - r - q / p / o | n | m",
        "               -               -               -               -               -",
        "Politics/Economy / Culture/Science / Sport/Travel / Opinion/Letters / Video/Audio x",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        size_t n = strlen(lines[i]);
        for (size_t cut = 0; cut <= n; cut++)
            assert_int_equal(is_link_list(lines[i], cut, bp_sentence_end(lines[i], cut), 1),
                             link_list_by_search(lines[i], cut));
    }
    /* random lines of separator bytes, spaces and letters, against the
     * search, read from every start (the chunks fall elsewhere) */
    {
        static const char *const pieces[] = {" ",
                                             " ",
                                             "a",
                                             "b",
                                             "|",
                                             "/",
                                             "-",
                                             ":",
                                             "x.",
                                             "\xC2\xB7",
                                             "\xE2\x80\xA2",
                                             "\xE2\x80\x93",
                                             "\xC2",
                                             "\xE2\x80"};
        uint32_t r = 12345;
        char line[200];
        for (int t = 0; t < 3000; t++) {
            size_t n = 0;
            r = r * 1103515245u + 12345u;
            size_t want = 20 + (r >> 16) % 150;
            while (n < want) {
                r = r * 1103515245u + 12345u;
                const char *pc = pieces[(r >> 16) % (sizeof pieces / sizeof pieces[0])];
                size_t k = strlen(pc);
                if (n + k >= sizeof line) break;
                memcpy(line + n, pc, k);
                n += k;
            }
            for (size_t from = 0; from < 17 && from < n; from++)
                assert_int_equal(
                    is_link_list(line + from, n - from, bp_sentence_end(line + from, n - from), 0),
                    link_list_by_search_nourl(line + from, n - from));
        }
    }
}

/* plaincue.c's cues: a caption or credit by its words and where they
 * stand, a bracketed image name by its place, a footnote number apart, and
 * over a document the runs of headline-like lines and the lines that
 * repeat with another tail. A sentence that only mentions a photo is not a
 * caption. */
static void test_plain_cues(void **st) {
    (void)st;
    static const struct {
        const char *s;
        unsigned cap, brk;
    } cases[] = {
        {"Photo: John Smith/Getty Images",
         BP_CUE_CAP_FIRST | BP_CUE_CAP_LAST | BP_CUE_CAP_PAREN | BP_CUE_CAP_ANY, 0},
        {"Firefighters at the scene on Sunday (Getty Images)",
         BP_CUE_CAP_LAST | BP_CUE_CAP_PAREN | BP_CUE_CAP_ANY, 0},
        {"Image caption About 40 people were at the funeral", BP_CUE_CAP_FIRST | BP_CUE_CAP_ANY, 0},
        {"\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE:", BP_CUE_CAP_FIRST | BP_CUE_CAP_ANY | BP_CUE_CAP_LAST,
         0},
        {"\xC2\xA9 2024 Example Times", 0, 0},
        {"The photo shows the mayor at the opening of the new library.", BP_CUE_CAP_ANY, 0},
        {"The council met on Tuesday to discuss the budget.", 0, 0},
        {"How to retire early on your own schedule [how-to-ret]", 0, BP_CUE_BRK_END},
        {"[IMG] Harbour at dawn", 0, BP_CUE_BRK_START | BP_CUE_BRK_IMG},
        {"The study [3] found no effect.", 0, BP_CUE_BRK_NUM},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        bp_cueb c;
        const char *s = cases[k].s;
        size_t n = strlen(s);
        bp_cue_line(s, n, bp_count_chars(s, n), (uint32_t)bp_count_words(s, n),
                    bp_sentence_end(s, n), 0, &c);
        if (c.cap != cases[k].cap || c.brk != cases[k].brk)
            fail_msg("%s: cap %u brk %u, want %u %u", s, c.cap, c.brk, cases[k].cap, cases[k].brk);
    }
    /* a document: a sentence, three teaser titles, a sentence, and a title
     * printed twice with another tail */
    static const char *const doc[] = {
        "The bridge opened on Friday after three years of work on the river.",
        "Council approves budget for new library",
        "Harbour festival returns after two years",
        "Storm closes coastal road for the weekend",
        "Engineers said the work went well and ended ahead of schedule.",
        "How to retire early on your own schedule 1",
        "How to retire early on your own schedule 2",
    };
    bp_cueb c[7];
    uint64_t scratch[7], spare[7];
    for (size_t k = 0; k < 7; k++) {
        size_t n = strlen(doc[k]);
        bp_cue_line(doc[k], n, bp_count_chars(doc[k], n), (uint32_t)bp_count_words(doc[k], n),
                    bp_sentence_end(doc[k], n), 0, &c[k]);
    }
    bp_cue_doc(c, 7, scratch, spare);
    assert_int_equal(c[0].run, 0);
    assert_int_equal(c[1].run, 3);
    assert_int_equal(c[3].run, 3);
    assert_int_equal(c[4].run, 0);
    assert_int_equal(c[5].prep, 1);
    assert_int_equal(c[6].prep, 1);
    assert_int_equal(c[1].prep, 0);
    /* the word lists are indexed by length: every word where its length says */
    static const struct {
        const char *const *l;
        const unsigned char *at;
    } lists[] = {{cue_first, cue_first_at}, {cue_credit, cue_credit_at}, {cue_img, cue_img_at}};
    for (size_t k = 0; k < 3; k++)
        for (unsigned n = 0; n <= CUE_MAXN; n++)
            for (unsigned j = lists[k].at[n]; j < lists[k].at[n + 1]; j++) {
                assert_int_equal(strlen(lists[k].l[j]), n);
                assert_true(cue_in(lists[k].l, lists[k].at, lists[k].l[j], n));
            }
    bp_cue_kv kv[BP_CUE_MAX_KV];
    size_t nk = bp_cue_feats(c, 7, 5, 6, kv);
    assert_true(nk <= BP_CUE_MAX_KV);
    for (size_t k = 0; k < nk; k++) assert_true(kv[k].name < BP_CUE_F_COUNT && kv[k].value < 256);
}

static void test_plain(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_work w;
    const char *doc = "Ferry service resumes after storm\r\n"
                      "Home\n"
                      "News\n"
                      "Ferry service resumes after storm\n"
                      "By Lee Park\n"
                      "  \n"
                      "The island ferry returned to its normal timetable on Thursday after two "
                      "days of cancellations caused by high winds and heavy seas.\n"
                      "\"We are back,\" the captain said.\n"
                      "Operators said the boats had not been damaged and that all tickets bought "
                      "for the cancelled crossings would be refunded in full.\n"
                      "Share this\n"
                      "\xC2\xA9 2024 Island Times\n";
    char *got = plain(sh, &w, doc);
    assert_string_equal(got, "The island ferry returned to its normal timetable on Thursday after "
                             "two days of cancellations caused by high winds and heavy seas.|"
                             "\"We are back,\" the captain said.|"
                             "Operators said the boats had not been damaged and that all tickets "
                             "bought for the cancelled crossings would be refunded in full.");
    assert_string_equal(w.meta[BM_TITLE].p, "Ferry service resumes after storm");
    assert_string_equal(w.meta[BM_AUTHOR].p, "Lee Park");
    assert_int_equal(w.blocks.b[0].reason, BP_R_DUP_TITLE);
    assert_int_equal(w.blocks.b[3].reason, BP_R_DUP_TITLE);
    free(got);
    free_work(&w);

    /* Invalid UTF-8 in a UTF-8 text (a valid "\xC3\xA9" says it is one)
     * becomes U+FFFD in the text, unmapped. Latin-1 text is decoded:
     * test_bp_offsets.c. */
    got = plain(sh, &w,
                "A line with a bad \xFF byte that is long enough to be a paragraph of "
                "its own, and it ends like a sentence with a period at the caf\xC3\xA9.\n");
    assert_non_null(strstr(got, "bad \xEF\xBF\xBD byte"));
    free(got);
    free_work(&w);

    /* Empty and blank input: no blocks. */
    got = plain(sh, &w, "\n \n\t\n");
    assert_string_equal(got, "");
    assert_int_equal(w.blocks.n, 0);
    free(got);
    free_work(&w);
    free_shared(sh);
}

/* A page where the classifier kept only a label ("Back") and removed the
 * one paragraph among a long menu has lost its text: the prose guard
 * treats it as a page where nothing was kept and gives the paragraph back,
 * while the menu lines stay out. A page that kept more than a few labels
 * keeps its verdicts. */
static void test_prose_guard_lost_text(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    w.stop = &sh->lists[0];
    bp_buf doc = {0};
    for (int i = 0; i < 120; i++) {
        char line[64];
        snprintf(line, sizeof line, "Council services menu item %d\n\n", i);
        bp_buf_put(&doc, line, strlen(line));
    }
    const char *para = "The health team of the Amizade district reported on Tuesday that two "
                       "cars parked in front of the clinic were broken into during the night, "
                       "and the police have asked anyone who saw it to come forward.";
    bp_buf_put(&doc, para, strlen(para));
    bp_buf_put(&doc, "\n\nBack\n", 8);
    assert_int_equal(bp_plain(&w, doc.p, doc.n), 0);
    bp_features(&w, 1);
    size_t np = w.blocks.n, back = w.blocks.n;
    for (size_t i = 0; i < w.blocks.n; i++) {
        const bp_block *b = &w.blocks.b[i];
        size_t n = b->te - b->tb;
        if (n == strlen(para) && memcmp(w.text.p + b->tb, para, n) == 0) np = i;
        if (n == 4 && memcmp(w.text.p + b->tb, "Back", 4) == 0) back = i;
    }
    assert_true(np < w.blocks.n && back < w.blocks.n);
    /* the classifier's verdicts: everything low-text but the label */
    for (size_t i = 0; i < w.blocks.n; i++) w.blocks.b[i].reason = i == back ? 0 : BP_R_LOW_TEXT;
    bp_prose_guard(&w);
    assert_int_equal(w.blocks.b[np].reason, 0);
    assert_int_equal(w.blocks.b[back].reason, 0);
    for (size_t i = 0; i < w.blocks.n; i++)
        if (i != np && i != back) assert_int_equal(w.blocks.b[i].reason, BP_R_LOW_TEXT);
    /* more kept than a few labels (here twenty menu lines, as a table or a
     * list would be) is a verdict that stands */
    for (size_t i = 0; i < w.blocks.n; i++)
        w.blocks.b[i].reason = i < 20 || i == back ? 0 : BP_R_LOW_TEXT;
    bp_prose_guard(&w);
    assert_int_equal(w.blocks.b[np].reason, BP_R_LOW_TEXT);
    free(doc.p);
    free_work(&w);
    free_shared(sh);
}

/* The one line rule of plain.c's table called name. */
static const plain_rule *plain_rule_named(const char *name) {
    for (size_t k = 0; k < sizeof plain_rules / sizeof plain_rules[0]; k++)
        if (strcmp(plain_rules[k].name, name) == 0) return &plain_rules[k];
    fail_msg("no plain rule %s", name);
    return NULL;
}

/* Runs the plain rule called name alone over one line, starting from the
 * verdict given; returns its verdict. The line's metadata is left in w. */
static int plain_rule_one(bp_shared *sh, bp_work *w, const char *name, const char *line,
                          int verdict) {
    memset(w, 0, sizeof *w);
    w->sh = sh;
    w->stop = &sh->lists[0];
    assert_int_equal(bp_plain(w, line, strlen(line)), 0);
    bp_features(w, 1);
    assert_int_equal(w->blocks.n, 1);
    return plain_rule_apply(plain_rule_named(name), w, &w->blocks.b[0], verdict);
}

/* Each line rule of plain.c on its own: what it matches, what it leaves,
 * the verdicts it may replace and the metadata it takes. */
static void test_plain_rules(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_work w;
    /* Declared order is the order of evaluation. */
    assert_string_equal(plain_rules[0].name, "phrase");
    assert_string_equal(plain_rules[1].name, "date-line");
    assert_string_equal(plain_rules[2].name, "link-list");

    /* phrase: rules.c's verdicts, and the author of a byline. */
    assert_int_equal(plain_rule_one(sh, &w, "phrase", "Share this", BP_KEEP), BP_R_SHARE);
    free_work(&w);
    assert_int_equal(
        plain_rule_one(sh, &w, "phrase", "By Mara Quint, Staff Writer | Tuesday", BP_KEEP),
        BP_R_BYLINE);
    assert_string_equal(w.meta[BM_AUTHOR].p, "Mara Quint");
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "phrase", "Written by Olek Brandt - editor", BP_KEEP),
                     BP_R_BYLINE);
    assert_string_equal(w.meta[BM_AUTHOR].p, "Olek Brandt");
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "phrase",
                                    "The harbour master counted forty boats at dawn.", BP_KEEP),
                     BP_KEEP);
    assert_null(w.meta[BM_AUTHOR].p);
    free_work(&w);
    /* A verdict already reached is not the phrase rule's to replace. */
    assert_int_equal(plain_rule_one(sh, &w, "phrase", "Share this", BP_R_NAV), BP_R_NAV);
    free_work(&w);

    /* date-line: a line that is only a date, kept as the date. */
    assert_int_equal(plain_rule_one(sh, &w, "date-line", "March 3, 2021 9:15 am", BP_KEEP),
                     BP_R_BYLINE);
    assert_string_equal(w.meta[BM_DATE].p, "March 3, 2021 9:15 am");
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "date-line", "2021-03-03", BP_KEEP), BP_R_BYLINE);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "date-line", "07.11.2022, 14:05 Uhr", BP_KEEP),
                     BP_R_BYLINE);
    free_work(&w);
    /* It refines a byline verdict but replaces no other. */
    assert_int_equal(plain_rule_one(sh, &w, "date-line", "Posted on June 9, 2020", BP_R_BYLINE),
                     BP_R_BYLINE);
    /* the date attribute is the date, without the words before it */
    assert_string_equal(w.meta[BM_DATE].p, "June 9, 2020");
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "date-line", "June 9, 2020", BP_R_COOKIE), BP_R_COOKIE);
    assert_null(w.meta[BM_DATE].p);
    free_work(&w);
    /* A sentence with a year in it is no date line; nor is a year alone. */
    assert_int_equal(plain_rule_one(sh, &w, "date-line",
                                    "The bridge opened in 1998 after a long delay.", BP_KEEP),
                     BP_KEEP);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "date-line", "2020", BP_KEEP), BP_KEEP);
    free_work(&w);

    /* link-list: menus and bare links. */
    assert_int_equal(
        plain_rule_one(sh, &w, "link-list", "Ports | Ferries | Tides | Weather", BP_KEEP),
        BP_R_NAV);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "link-list", "www.harbour-news.example", BP_KEEP),
                     BP_R_NAV);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "link-list", "See https://example.org/tides", BP_KEEP),
                     BP_R_NAV);
    free_work(&w);
    /* Menu items between hyphens, four at least; not a table's empty cells. */
    assert_int_equal(
        plain_rule_one(sh, &w, "link-list", "Ports - Ferries - Tides - Weather", BP_KEEP),
        BP_R_NAV);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "link-list", "Ports - Ferries - Tides", BP_KEEP),
                     BP_KEEP);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "link-list", "1.  -  -  -  -  o  o  xo", BP_KEEP),
                     BP_KEEP);
    free_work(&w);
    /* lynx's numbered references: the number is no sentence end. */
    assert_int_equal(plain_rule_one(sh, &w, "link-list", "1. http://ex.org/", BP_KEEP), BP_R_NAV);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "link-list", "[12] https://ex.org/a", BP_KEEP),
                     BP_R_NAV);
    free_work(&w);
    /* A sentence citing a link is still one. */
    assert_int_equal(plain_rule_one(sh, &w, "link-list",
                                    "1. The tide tables are at http://ex.org/tides today.",
                                    BP_KEEP),
                     BP_KEEP);
    free_work(&w);
    /* Prose with separators in it is not a menu. */
    assert_int_equal(plain_rule_one(sh, &w, "link-list",
                                    "Red / green / blue lights mark the channel at night.",
                                    BP_KEEP),
                     BP_KEEP);
    free_work(&w);
    assert_int_equal(plain_rule_one(sh, &w, "link-list", "Ports | Ferries | Tides", BP_R_BYLINE),
                     BP_R_BYLINE);
    free_work(&w);
    free_shared(sh);
}

/* A container of the given tag with text, paragraphs and commas, for
 * select.c's clean_reason. */
static bp_el container(uint8_t tag, uint32_t text, uint32_t np, uint32_t commas) {
    bp_el e;
    memset(&e, 0, sizeof e);
    e.tag = tag;
    e.text = text;
    e.np = np;
    e.commas = commas;
    return e;
}

/* select.c's conditional cleaning, one verdict at a time, in the order the
 * cascade tries them. */
static void test_clean_reason(void **st) {
    (void)st;
    const int all = FL_STRIP | FL_WEIGHT | FL_CLEAN;
    /* Plain prose stays. */
    bp_el e = container(T_DIV, 600, 4, 3);
    assert_int_equal(clean_reason(&e, all), 0);
    /* A negative class weight drops it, but only while weights count. */
    e.weight = -1;
    assert_int_equal(clean_reason(&e, all), BP_R_UNLIKELY);
    assert_int_equal(clean_reason(&e, FL_CLEAN), 0);
    /* Images outnumbering paragraphs two to one. */
    e = container(T_DIV, 600, 1, 0);
    e.nimg = 3;
    assert_int_equal(clean_reason(&e, all), BP_R_LOW_TEXT);
    /* ...but ten commas are real prose, whatever else. */
    e.commas = 10;
    assert_int_equal(clean_reason(&e, all), 0);
    /* Far more list items than paragraphs, outside a list. */
    e = container(T_DIV, 3000, 2, 0);
    e.nli = 103;
    assert_int_equal(clean_reason(&e, all), BP_R_LIST);
    e.nli = 102;
    assert_int_equal(clean_reason(&e, all), 0);
    /* More inputs than a third of the paragraphs: a form. */
    e = container(T_DIV, 600, 3, 0);
    e.ninput = 2;
    assert_int_equal(clean_reason(&e, all), BP_R_FORM);
    /* A little text that is partly links. */
    e = container(T_DIV, 20, 1, 0);
    e.link10 = 10;
    assert_int_equal(clean_reason(&e, all), BP_R_LINK_DENSE);
    /* Over a fifth links without a positive weight; a positive weight
     * allows up to half. */
    e = container(T_DIV, 600, 4, 0);
    e.link10 = 10 * 200;
    assert_int_equal(clean_reason(&e, all), BP_R_LINK_DENSE);
    e.weight = 1;
    assert_int_equal(clean_reason(&e, all), 0);
    e.link10 = 10 * 400;
    assert_int_equal(clean_reason(&e, all), BP_R_LINK_DENSE);
    /* A list may be link-heavy up to half. */
    e = container(T_UL, 600, 0, 0);
    e.link10 = 10 * 250;
    assert_int_equal(clean_reason(&e, all), 0);
    e.link10 = 10 * 400;
    assert_int_equal(clean_reason(&e, all), BP_R_LINK_DENSE);
    /* Embeds with little text. */
    e = container(T_DIV, 60, 2, 0);
    e.nembed = 1;
    assert_int_equal(clean_reason(&e, all), BP_R_LOW_TEXT);
    e.text = 80;
    assert_int_equal(clean_reason(&e, all), 0);
    e.nembed = 2;
    assert_int_equal(clean_reason(&e, all), BP_R_LOW_TEXT);
    /* A table only goes for its links. */
    e = container(T_TABLE, 600, 1, 0);
    e.nimg = 3;
    assert_int_equal(clean_reason(&e, all), 0);
    e = container(T_TABLE, 600, 4, 0);
    e.link10 = 10 * 200;
    assert_int_equal(clean_reason(&e, all), BP_R_LINK_DENSE);
}

/* HTML: the map claims only bytes that are equal in raw, entity-decoded
 * text has no run, metadata comes out, and the article is chosen. */
static void test_html(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    const char *page =
        "<html lang=en><head><title>Tide tables | Coast Post</title>"
        "<meta property=\"og:title\" content=\"Tide tables move online\">"
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"author\":"
        "{\"@type\":\"Person\",\"name\":\"Ada Lin\"},\"datePublished\":\"2024-05-02\"}</script>"
        "</head><body><nav><a href=/>Home</a> <a href=/n>News</a></nav>"
        "<div class=story-body><h1>Tide tables move online</h1>"
        "<p>The harbour office will stop printing its tide tables next year &amp; publish them "
        "online instead, the port authority said on Monday, citing the cost of paper.</p>"
        "<p>Fishermen said they would miss the booklets, which have been handed out for free "
        "since 1962, but most agreed that the website is easier to keep up to date.</p>"
        "<p class=share><a href=#>Share on Facebook</a></p></div>"
        "<footer>&copy; Coast Post</footer></body></html>";
    char msg[256];
    assert_int_equal(bp_html(&w, page, strlen(page), msg, sizeof msg), WEFT_OK);
    w.stop = &sh->lists[0];
    bp_features(&w, 0);
    bp_select(&w, &sh->conf);
    bp_refine(&w);
    size_t kept = 0;
    for (size_t i = 0; i < w.blocks.n; i++) {
        const bp_block *b = &w.blocks.b[i];
        for (uint32_t r = b->rb; r < b->re; r++) {
            const weft_offrun *x = &w.runs.r[r];
            assert_true(x->src + x->len <= strlen(page));
            assert_memory_equal(w.text.p + x->dst, page + x->src, x->len);
            /* "&" came from "&amp;": never claimed as copied */
            assert_null(memchr(w.text.p + x->dst, '&', x->len));
        }
        if (!b->reason) {
            kept++;
            assert_true(strncmp(w.text.p + b->tb, "The harbour", 11) == 0 ||
                        strncmp(w.text.p + b->tb, "Fishermen", 9) == 0);
        }
    }
    assert_int_equal(kept, 2);
    assert_string_equal(w.meta[BM_TITLE].p, "Tide tables move online");
    assert_string_equal(w.meta[BM_AUTHOR].p, "Ada Lin");
    assert_string_equal(w.meta[BM_DATE].p, "2024-05-02");
    assert_string_equal(w.meta[BM_LANGUAGE].p, "en");
    bp_buf_free(&w.tmp);
    free(w.els.e);
    free(w.classes);
    free_work(&w);
    free_shared(sh);
}

/* Kept text of an HTML page through select and refine, paragraphs joined
 * by '|', into out (cap bytes). */
static void html_kept(bp_shared *sh, const char *page, char *out, size_t cap) {
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    char msg[256];
    assert_int_equal(bp_html(&w, page, strlen(page), msg, sizeof msg), WEFT_OK);
    w.stop = &sh->lists[0];
    bp_features(&w, 0);
    bp_select(&w, &sh->conf);
    bp_refine(&w);
    size_t o = 0;
    for (size_t i = 0; i < w.blocks.n; i++) {
        const bp_block *b = &w.blocks.b[i];
        if (b->reason) continue;
        size_t n = b->te - b->tb;
        assert_true(o + n + 2 < cap);
        if (o) out[o++] = '|';
        memcpy(out + o, w.text.p + b->tb, n);
        o += n;
    }
    out[o] = '\0';
    bp_buf_free(&w.tmp);
    free(w.els.e);
    free(w.classes);
    free_work(&w);
}

/* A short story in <article> under many reader comments: the retries that
 * let unlikely classes count must not pick the comments for being longer.
 * A forum thread whose posts sit in a comments container under <main> is
 * still read. */
static void test_html_comments_not_story(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    static char page[16384], kept[16384];
    static const char *const hosts[] = {"<section id=\"comments\">", "<div class=\"comments\">"};
    for (size_t h = 0; h < 2; h++) {
        int n = snprintf(page, sizeof page,
                         "<html><head><title>Ferry service ends</title></head><body>"
                         "<div class=wrap><article><p>The island ferry will stop running in "
                         "March, the operator confirmed on Friday, after ninety years.</p>"
                         "<p>Its two boats will be sold. The council said it was looking for a "
                         "new operator.</p></article>%s<h2>Comments</h2>",
                         hosts[h]);
        for (int c = 0; c < 12; c++)
            n += snprintf(page + n, sizeof page - (size_t)n,
                          "<div class=\"comment\"><p class=\"author\">reader%d</p><p>I have "
                          "taken that ferry every week for %d years and I think closing it is a "
                          "terrible mistake that the whole island will regret for a long time "
                          "to come.</p></div>",
                          c, c + 3);
        snprintf(page + n, sizeof page - (size_t)n, "</%s></div></body></html>",
                 h ? "div" : "section");
        html_kept(sh, page, kept, sizeof kept);
        assert_non_null(strstr(kept, "The island ferry will stop running"));
        assert_non_null(strstr(kept, "Its two boats will be sold."));
        assert_null(strstr(kept, "terrible mistake"));
    }
    /* A forum thread: no story markup, the posts are the content. */
    int n = snprintf(page, sizeof page,
                     "<html><head><title>Printer will not wake up</title></head><body>"
                     "<main><h1>Printer will not wake up from sleep</h1><div id=\"comments\">");
    for (int c = 0; c < 6; c++)
        n += snprintf(page + n, sizeof page - (size_t)n,
                      "<div class=\"comment\"><p>Post %d: my printer stays asleep after the "
                      "update, and I have tried turning it off and on, a new cable and another "
                      "computer, but nothing helps at all.</p></div>",
                      c);
    snprintf(page + n, sizeof page - (size_t)n, "</div></main></body></html>");
    html_kept(sh, page, kept, sizeof kept);
    assert_non_null(strstr(kept, "Post 0: my printer stays asleep"));
    free_shared(sh);
}

/* Everything the HTML mode decided about a page, as text: its return code
 * and note, each block's verdict, text and map to the raw page, and the
 * metadata. */
static char *html_result(bp_shared *sh, const char *page, size_t n, size_t *pruned_len) {
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = sh;
    char msg[256] = "", line[512];
    bp_buf out = {0};
    int rc = bp_html(&w, page, n, msg, sizeof msg);
    *pruned_len = w.pruned.n; /* 0 when the pre-pass did not run */
    snprintf(line, sizeof line, "rc %d, note '%s'\n", rc, msg);
    assert_int_equal(bp_buf_put(&out, line, strlen(line)), 0);
    if (rc == WEFT_OK) {
        w.stop = bp_stop_pick(sh, w.meta[BM_LANGUAGE].p, w.meta[BM_LANGUAGE].n, w.text.p,
                              w.text.n < 4096 ? w.text.n : 4096);
        bp_features(&w, 0);
        bp_select(&w, &sh->conf);
        bp_refine(&w);
        for (size_t i = 0; i < w.blocks.n; i++) {
            const bp_block *b = &w.blocks.b[i];
            snprintf(line, sizeof line, "block %zu: %s: [%u, %u) ", i, bp_reason_names[b->reason],
                     b->sb, b->se);
            assert_int_equal(bp_buf_put(&out, line, strlen(line)), 0);
            assert_int_equal(bp_buf_put(&out, w.text.p + b->tb, b->te - b->tb), 0);
            for (uint32_t r = b->rb; r < b->re; r++) {
                const weft_offrun *x = &w.runs.r[r];
                snprintf(line, sizeof line, " [%u %u %u]", x->dst, x->src, x->len);
                assert_int_equal(bp_buf_put(&out, line, strlen(line)), 0);
            }
            assert_int_equal(bp_buf_put(&out, "\n", 1), 0);
        }
        for (size_t m = 0; m < sizeof w.meta / sizeof w.meta[0]; m++) {
            snprintf(line, sizeof line, "meta %zu: ", m);
            assert_int_equal(bp_buf_put(&out, line, strlen(line)), 0);
            assert_int_equal(bp_buf_put(&out, w.meta[m].p ? w.meta[m].p : "", w.meta[m].n), 0);
            assert_int_equal(bp_buf_put(&out, "\n", 1), 0);
        }
    }
    bp_buf_free(&w.tmp);
    free(w.els.e);
    free(w.classes);
    free_work(&w);
    return out.p;
}

/* The bypass of the pre-pass (libxml2 outside 2.9) gives the same result
 * as the pre-pass: on the test pages, the example and fuzz corpus pages,
 * the pre-pass's own tricky pages, and a few more; and the pre-pass did
 * run (it changed what libxml2 was given) on the ones that have something
 * to leave out. */
static void check_bypass(bp_shared *sh, const char *name, const char *page, size_t n,
                         size_t *pruned_some) {
    size_t with_len, without_len;
    sh->prune = 1;
    char *with = html_result(sh, page, n, &with_len);
    sh->prune = 0;
    char *without = html_result(sh, page, n, &without_len);
    sh->prune = 1;
    /* the switch is what decides */
    if (n > 0 && with_len == 0) fail_msg("%s: the pre-pass did not run", name);
    assert_int_equal(without_len, 0);
    if (strcmp(with, without) != 0)
        fail_msg("%s: the pre-pass and its bypass differ:\n--- with\n%s\n--- without\n%s", name,
                 with, without);
    bp_buf b = {0};
    assert_int_equal(bp_prune(page, n, &b), 0);
    *pruned_some += b.n != n;
    bp_buf_free(&b);
    free(with);
    free(without);
}

static size_t bypass_dir(bp_shared *sh, const char *dir, size_t *pruned_some) {
    DIR *d = opendir(dir);
    if (!d) fail_msg("cannot open %s (run the tests from the repository root)", dir);
    size_t files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        size_t l = strlen(e->d_name);
        if (strstr(dir, "examples") && (l < 5 || strcmp(e->d_name + l - 5, ".html"))) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        bp_buf page = {0};
        char chunk[4096];
        size_t got;
        while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
            assert_int_equal(bp_buf_put(&page, chunk, got), 0);
        fclose(f);
        check_bypass(sh, path, page.p ? page.p : "", page.n, pruned_some);
        bp_buf_free(&page);
        files++;
    }
    closedir(d);
    return files;
}

static void test_prune_bypass(void **st) {
    (void)st;
    bp_shared *sh = shared_en();
    size_t files = 0, pruned_some = 0;
    static const char *const dirs[] = {"tests/boilerplate/html", "examples/news",
                                       "tests/fuzz/corpus/boilerplate_html",
                                       "tests/fuzz/corpus/prune"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++)
        files += bypass_dir(sh, dirs[i], &pruned_some);
    assert_true(files >= 10);
    static const char *const own[] = {
        "<html><head><title>Rates held | Daily</title><style>.a{color:red}</style>"
        "<script>var x = '<p>not text</p>'; // <!--</script>"
        "<meta property=\"og:title\" content=\"Rates held again\"></head><body>"
        "<!-- header --><nav class=menu><a href=/ data-track=1>Home</a></nav>"
        "<article><h1 data-x=\"1\">Rates held again</h1>"
        "<p onclick=\"go()\" srcset=\"a.jpg 1x\">The central bank kept its main rate at four "
        "per cent on Thursday, as officials said inflation was easing more slowly than hoped "
        "and wages were still rising in most sectors of the economy.</p>"
        "<p>Markets had expected the decision; the currency barely moved after the "
        "announcement, and bond yields ended the day almost unchanged.</p></article>"
        "<aside class=related><a href=/x>Related: rates</a></aside>"
        "<footer>&copy; Daily <script src=t.js></script></footer></body></html>",
        "<p>no head, <b>bold</b> and <!-- a comment --> text, <script>if(a<b)</script> end</p>",
        "<div id=main><p>caf\xc3\xa9 \xe2\x82\xac 5 <img src=x.png alt=\"a > b\"></p></div>",
        "<table><tr><td>cell one is long enough to count as text in a table</td></tr></table>",
    };
    for (size_t i = 0; i < sizeof own / sizeof *own; i++)
        check_bypass(sh, own[i], own[i], strlen(own[i]), &pruned_some);
    for (size_t i = 0; i < sizeof same_tree_pages / sizeof *same_tree_pages; i++)
        check_bypass(sh, same_tree_pages[i], same_tree_pages[i], strlen(same_tree_pages[i]),
                     &pruned_some);
    /* the comparison means something only if the pre-pass left things out */
    assert_true(pruned_some >= files);
    free_shared(sh);
}

/* The version guard: libxml2 2.9 at build and run time, else no pre-pass. */
static void test_prune_version(void **st) {
    (void)st;
    assert_true(bp_prune_tested(20914, "20914"));
    assert_true(bp_prune_tested(20900, "20999"));
    assert_true(bp_prune_tested(20914, "20914-GITv2.9.14"));
    assert_false(bp_prune_tested(21400, "21400")); /* 2.14 rewrote the tokenizer */
    assert_false(bp_prune_tested(20914, "21400")); /* library upgraded under the plugin */
    assert_false(bp_prune_tested(21400, "20914"));
    assert_false(bp_prune_tested(21000, "20914"));
    assert_false(bp_prune_tested(20899, "20914"));
    assert_false(bp_prune_tested(20914, "20899"));
    assert_false(bp_prune_tested(20914, "21000"));
    assert_false(bp_prune_tested(20914, NULL));
    assert_false(bp_prune_tested(20914, ""));
    assert_false(bp_prune_tested(20914, "2.9.14"));
    assert_false(bp_prune_tested(20914, "209140"));
    const char *runtime = NULL;
    long built = 0;
    int usable = bp_prune_usable(&runtime, &built);
    assert_non_null(runtime);
    assert_int_equal(built, LIBXML_VERSION);
    assert_int_equal(usable, bp_prune_tested(LIBXML_VERSION, xmlParserVersion));
    /* this machine's libxml2 (2.9.14) is the tested one */
    if (LIBXML_VERSION >= 20900 && LIBXML_VERSION < 21000) assert_true(usable);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_charset),
        cmocka_unit_test(test_sniff_input),
        cmocka_unit_test(test_classwords),
        cmocka_unit_test(test_prune),
        cmocka_unit_test(test_prune_same_tree),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_stopwords),
        cmocka_unit_test(test_stop_index),
        cmocka_unit_test(test_prose),
        cmocka_unit_test(test_prose_guard_lost_text),
        cmocka_unit_test(test_sort_hi32),
        cmocka_unit_test(test_group_hi32),
        cmocka_unit_test(test_rules_start_table),
        cmocka_unit_test(test_rules_contains),
        cmocka_unit_test(test_rules_sentences_keep),
        cmocka_unit_test(test_rules_cue_in_prose),
        cmocka_unit_test(test_rules_cue_word_sentence),
        cmocka_unit_test(test_rules_prompt_in_prose),
        cmocka_unit_test(test_rules_topic_line),
        cmocka_unit_test(test_rules_ad_break),
        cmocka_unit_test(test_rules_plain),
        cmocka_unit_test(test_rules_trailing_credit),
        cmocka_unit_test(test_rules_utf8_case),
        cmocka_unit_test(test_rules_comment_policy_links),
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_plain_rules),
        cmocka_unit_test(test_plain_norm),
        cmocka_unit_test(test_plain_doubled),
        cmocka_unit_test(test_plain_norm_reader),
        cmocka_unit_test(test_plain_model_check),
        cmocka_unit_test(test_plain_model_table),
        cmocka_unit_test(test_plain_unseen),
        cmocka_unit_test(test_plain_window_bins),
        cmocka_unit_test(test_plain_link_list),
        cmocka_unit_test(test_plain_cues),
        cmocka_unit_test(test_plain_rep_len),
        cmocka_unit_test(test_plain_vocab),
        cmocka_unit_test(test_plain_vocab_words),
        cmocka_unit_test(test_plain_line),
        cmocka_unit_test(test_clean_reason),
        cmocka_unit_test(test_html_comments_not_story),
        cmocka_unit_test(test_html),
        cmocka_unit_test(test_prune_bypass),
        cmocka_unit_test(test_prune_version),
        cmocka_unit_test(test_byline_shapes),
        cmocka_unit_test(test_list_alike),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
