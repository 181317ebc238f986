/* -f html: escaping, span nesting, odd documents, the index (core/html.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "doc.h"
#include "html.h"
#include "outbuf.h"
#include "rawtext.h"
#include "symtab.h"
#include "weft/utf8.h"
#include "writer.h"
#include "writer_mem.h"

typedef struct fixture {
    weft_symtab *g;
    weft_doc *d[3];
} fixture;

static weft_sym S(weft_doc *d, const char *name) {
    weft_sym s = weft_doc_sym(d, name, strlen(name));
    assert_int_not_equal(s, 0);
    return s;
}

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    fx->g = weft_symtab_new(0);
    assert_int_equal(weft_symtab_intern(fx->g, "raw", 3), WEFT_SYM_RAW);
    assert_int_equal(weft_symtab_intern(fx->g, "text", 4), WEFT_SYM_TEXT);
    weft_symtab_freeze(fx->g);
    for (int i = 0; i < 3; i++) fx->d[i] = weft_doc_new(fx->g);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    for (int i = 0; i < 3; i++) weft_doc_free(fx->d[i]);
    weft_symtab_free(fx->g);
    free(fx);
    return 0;
}

static int reset(void **state) {
    fixture *fx = *state;
    for (int i = 0; i < 3; i++) weft_doc_reset(fx->d[i]);
    return 0;
}

static char *escaped(const char *s, size_t len) {
    weft_outbuf o;
    weft_outbuf_init(&o, NULL);
    weft_html_text(&o, s, len);
    weft_outbuf_putc(&o, '\0');
    assert_int_equal(o.error, 0);
    char *r = strdup(o.buf);
    weft_outbuf_free(&o);
    return r;
}

#define CHECK_ESC(lit, want)                                                                       \
    do {                                                                                           \
        char *got_ = escaped(lit, sizeof(lit) - 1);                                                \
        assert_string_equal(got_, want);                                                           \
        free(got_);                                                                                \
    } while (0)

static void test_escape(void **state) {
    (void)state;
    CHECK_ESC("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    CHECK_ESC("a & \"b\"", "a &amp; &quot;b&quot;");
    CHECK_ESC("tab\tnl\ncr\r", "tab\tnl\ncr\r");
    CHECK_ESC("nul\0bel\a", "nul\xEF\xBF\xBD"
                            "bel\xEF\xBF\xBD");
    /* invalid bytes: one U+FFFD each; a C1 control (U+0085): one */
    CHECK_ESC("a\xFF\xC3z", "a\xEF\xBF\xBD\xEF\xBF\xBDz");
    CHECK_ESC("x\xC2\x85y", "x\xEF\xBF\xBDy");
    CHECK_ESC("caf\xC3\xA9 \xE2\x82\xAC", "caf\xC3\xA9 \xE2\x82\xAC");
}

/* The page's elements nest: every closing tag closes the innermost open one,
 * and nothing is left open at the end. Void elements and the doctype aside. */
static void assert_well_nested(const char *html) {
    static const char *const voids[] = {"meta", "!DOCTYPE", "br"};
    char stack[64][16];
    int depth = 0;
    for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
        int closing = p[1] == '/';
        const char *n = p + 1 + closing;
        size_t k = strcspn(n, " >\n");
        assert_true(k > 0 && k < 16);
        char name[16];
        memcpy(name, n, k);
        name[k] = '\0';
        int is_void = 0;
        for (size_t v = 0; v < sizeof voids / sizeof *voids; v++)
            is_void |= !strcmp(name, voids[v]);
        if (is_void) continue;
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                fail_msg("</%s> closes <%s>: %s", name, depth ? stack[depth - 1] : "nothing",
                         p > html + 80 ? p - 80 : html);
            depth--;
        } else {
            assert_true(depth < 64);
            strcpy(stack[depth++], name);
        }
    }
    if (depth) fail_msg("<%s> left open", stack[depth - 1]);
}

/* The whole page for n documents, written one by one. */
static char *page(const weft_writer_opts *opts, weft_doc **docs, size_t n) {
    size_t size;
    char *mem = write_mem(opts, docs, n, 0, &size);
    assert_true(weft_utf8_is_valid(mem, size));
    assert_int_equal(strlen(mem), size);
    assert_well_nested(mem);
    return mem;
}

static void text_doc(weft_doc *d, const char *id, const char *text) {
    assert_int_equal(weft_doc_set_id(d, id), 0);
    assert_int_equal(weft_doc_set_raw(d, text, strlen(text), 1), 0);
    assert_int_equal(weft_doc_view_add(d, WEFT_SYM_TEXT, text, strlen(text), WEFT_SYM_RAW, NULL, 0),
                     0);
}

static void add(weft_doc *d, const char *layer, uint32_t b, uint32_t e, const char *label,
                float score) {
    const char *why = NULL;
    int64_t i = weft_doc_add(d, S(d, layer), b, e, label ? S(d, label) : 0, score, &why);
    if (i < 0) fail_msg("add %s [%u,%u): %s", layer, b, e, why ? why : "?");
}

static void set_str(weft_doc *d, const char *key, const char *s) {
    weft_value v = {.type = WEFT_V_STR, .u.str = s, .len = (uint32_t)strlen(s)};
    assert_int_equal(weft_doc_attr_set(d, S(d, key), &v), 0);
}

/* Does s hold needle, ignoring ASCII case? (a browser reads <SCRIPT> too) */
static int has_ci(const char *s, const char *needle) {
    size_t n = strlen(needle);
    for (; *s; s++) {
        size_t k = 0;
        while (k < n && s[k] && tolower((unsigned char)s[k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n) return 1;
    }
    return 0;
}

static const weft_writer_opts html_opts = {.format = WEFT_FMT_HTML};

static void test_hostile(void **state) {
    fixture *fx = *state;
    weft_doc *d = fx->d[0];
    const char *text = "<script>document.title='pwned'</script> <img src=x onerror=alert(1)> "
                       "\"><svg onload=alert(2)>";
    text_doc(d, "\"><svg onload=alert(3)>'", text);
    set_str(d, "title", "<img src=x onerror=alert(4)>");
    set_str(d, "author", "</dd></dl><script>alert(5)</script>");
    add(d, "entity", 0, 8, "<b onmouseover=alert(6)>", 0.5f);
    assert_int_equal(weft_doc_sort_layers(d), 0);
    char *out = page(&html_opts, &d, 1);
    /* nothing of the document became markup */
    assert_false(has_ci(out, "<script"));
    assert_false(has_ci(out, "<img"));
    assert_false(has_ci(out, "<svg"));
    assert_false(has_ci(out, "<b "));
    assert_non_null(
        strstr(out, "&lt;script&gt;</mark>document.title=&#39;pwned&#39;&lt;/script&gt;"));
    assert_non_null(strstr(out, "data-id=\"&quot;&gt;&lt;svg onload=alert(3)&gt;&#39;\""));
    assert_non_null(strstr(out, "&lt;img src=x onerror=alert(4)&gt;</h2>"));
    assert_non_null(strstr(out, "data-label=\"&lt;b onmouseover=alert(6)&gt;\""));
    /* the index copies the escaped values */
    assert_non_null(strstr(out, "<li><a href=\"#d0\" title=\"&quot;&gt;&lt;svg onload=alert(3)&gt;"
                                "&#39;\">&lt;img src=x onerror=alert(4)&gt;</a></li>"));
    /* and no script can run even so */
    assert_non_null(strstr(out, "Content-Security-Policy\" content=\"default-src 'none'; "
                                "style-src 'unsafe-inline'; img-src data:\""));
    free(out);
}

/* The text part of the first article. */
static char *text_div(const char *out) {
    const char *b = strstr(out, "<div class=\"text\">");
    assert_non_null(b);
    b += strlen("<div class=\"text\">");
    const char *e = strstr(b, "</div>");
    assert_non_null(e);
    return strndup(b, (size_t)(e - b));
}

static void test_nested_and_crossing(void **state) {
    fixture *fx = *state;
    weft_doc *d = fx->d[0];
    /*             0123456789012345678901234 */
    text_doc(d, "n", "Bank of Leeds Ltd met. Ok");
    add(d, "sentence", 0, 22, NULL, NAN);
    add(d, "sentence", 23, 25, NULL, 0.7f);
    add(d, "entity", 0, 17, "ORG", 0.9f);  /* Bank of Leeds Ltd */
    add(d, "entity", 8, 13, "LOC", NAN);   /* Leeds, nested */
    add(d, "entity", 10, 21, "PER", NAN);  /* crosses both: clipped to 13 */
    add(d, "entity", 19, 25, "MISC", NAN); /* crosses the sentence end */
    assert_int_equal(weft_doc_sort_layers(d), 0);
    char *out = page(&html_opts, &d, 1);
    char *t = text_div(out);
    assert_string_equal(
        t,
        "<span class=\"s t-\"><mark data-label=\"ORG\" title=\"ORG \xC2\xB7 score 0.9\">Bank of "
        "<mark data-label=\"LOC\" title=\"LOC\">Le<mark class=\"clip\" data-label=\"PER\" "
        "title=\"PER \xC2\xB7 cut here: the entity goes on past the one around it\">eds"
        "</mark></mark> Ltd</mark> m<mark class=\"clip\" data-label=\"MISC\" title=\"MISC \xC2\xB7 "
        "cut here: the entity goes on past this sentence\">et.</mark></span> "
        "<span class=\"s tp2\" title=\"tone +0.70\">Ok</span>");
    assert_non_null(strstr(out, "<b>4 entities</b>: 1 ORG, 1 LOC, 1 PER, 1 MISC"));
    free(t);
    free(out);
}

static void test_entity_across_sentence_start(void **state) {
    fixture *fx = *state;
    weft_doc *d = fx->d[0];
    text_doc(d, "x", "ab cd");
    add(d, "sentence", 3, 5, NULL, NAN);
    add(d, "entity", 0, 5, "ORG", NAN);
    assert_int_equal(weft_doc_sort_layers(d), 0);
    char *out = page(&html_opts, &d, 1);
    char *t = text_div(out);
    /* cut at the sentence start, and said so */
    assert_string_equal(
        t, "<mark class=\"clip\" data-label=\"ORG\" title=\"ORG \xC2\xB7 cut here: the "
           "entity goes on past this sentence\">ab </mark><span class=\"s t-\">"
           "cd</span>");
    free(t);
    free(out);
}

static void test_empty_and_invalid(void **state) {
    fixture *fx = *state;
    weft_doc *docs[3] = {fx->d[0], fx->d[1], fx->d[2]};
    /* no view at all (an input that could not be read) */
    assert_int_equal(weft_doc_set_id(docs[0], "gone"), 0);
    assert_int_equal(weft_doc_error_add(docs[0], "reader", WEFT_EIO, -1, "cannot <read>"), 0);
    /* an empty text */
    text_doc(docs[1], "empty", "");
    /* raw only, invalid UTF-8, an entity ending inside a character */
    const char raw[] = "caf\xC3\xA9 \xFF<x>";
    assert_int_equal(weft_doc_set_id(docs[2], "bad\xFF"), 0);
    assert_int_equal(weft_doc_set_raw(docs[2], raw, sizeof raw - 1, 1), 0);
    assert_int_equal(weft_doc_layer_new(docs[2], S(docs[2], "entity"), WEFT_SYM_RAW, NULL), 0);
    const char *why = NULL;
    weft_doc_add(docs[2], S(docs[2], "entity"), 0, 4, S(docs[2], "LOC"), NAN, &why);
    char *out = page(&html_opts, docs, 3);
    assert_non_null(strstr(out, "<li>error: reader: cannot &lt;read&gt;</li>"));
    assert_non_null(strstr(out, "id=\"d1\" data-id=\"empty\""));
    assert_non_null(strstr(out, "<div class=\"text\"></div>"));
    /* an empty text says so; a document with errors has them to say why */
    assert_non_null(
        strstr(out, "<p class=\"empty\">Empty document.</p>\n<div class=\"text\"></div>"));
    const char *first = strstr(out, "Empty document.");
    assert_non_null(first);
    assert_null(strstr(first + 1, "Empty document.")); /* not for "gone" */
    assert_non_null(strstr(out, "data-id=\"bad\xEF\xBF\xBD\""));
    assert_non_null(strstr(out, "\xEF\xBF\xBD&lt;x&gt;</div>"));
    assert_non_null(strstr(out, "<p>3 documents</p>"));
    free(out);
}

/* Rendered apart (as workers do) and copied in: the same page. */
static void test_rendered_same_as_written(void **state) {
    fixture *fx = *state;
    for (int i = 0; i < 3; i++) {
        char id[16];
        snprintf(id, sizeof id, "doc-%d", i);
        text_doc(fx->d[i], id, "Some text & more.");
        add(fx->d[i], "entity", 0, 4, "MISC", NAN);
    }
    set_str(fx->d[1], "title", "Second");
    char *want = page(&html_opts, fx->d, 3);
    assert_non_null(strstr(want, "<li><a href=\"#d1\" title=\"doc-1\">Second</a></li>\n"
                                 "<li><a href=\"#d2\" title=\"doc-2\">doc-2</a></li>\n</ol>"));

    /* rendered apart as workers do, two documents in the first batch */
    char *mem = write_mem(&html_opts, fx->d, 3, 2, NULL);
    assert_string_equal(mem, want);
    free(mem);
    free(want);
}

static void test_removed_blocks(void **state) {
    fixture *fx = *state;
    weft_doc *d = fx->d[0];
    /* raw: "NAV\nBody text.\nFOOT"; text keeps "Body text." */
    const char *raw = "NAV\nBody text.\nFOOT";
    assert_int_equal(weft_doc_set_id(d, "r"), 0);
    assert_int_equal(weft_doc_set_raw(d, raw, strlen(raw), 1), 0);
    weft_offrun run = {0, 4, 10};
    assert_int_equal(weft_doc_view_add(d, WEFT_SYM_TEXT, raw + 4, 10, WEFT_SYM_RAW, &run, 1), 0);
    assert_int_equal(weft_doc_layer_new(d, S(d, "boilerplate"), WEFT_SYM_RAW, NULL), 0);
    add(d, "boilerplate", 0, 3, "nav", NAN);
    add(d, "boilerplate", 15, 19, "footer", NAN);
    char *out = page(&html_opts, &d, 1);
    assert_null(strstr(out, "class=\"removed\""));
    free(out);
    weft_writer_opts show = {.format = WEFT_FMT_HTML, .show_removed = 1};
    out = page(&show, &d, 1);
    char *t = text_div(out);
    assert_string_equal(t, "<span class=\"removed\" title=\"removed: nav\">NAV</span>Body text."
                           "<span class=\"removed\" title=\"removed: footer\">FOOT</span>");
    free(t);
    free(out);
    /* nothing kept: the note says what to do, or that it is shown */
    weft_doc_reset(d);
    assert_int_equal(weft_doc_set_id(d, "all-gone"), 0);
    assert_int_equal(weft_doc_set_raw(d, raw, strlen(raw), 1), 0);
    assert_int_equal(weft_doc_view_add(d, WEFT_SYM_TEXT, raw, 0, WEFT_SYM_RAW, NULL, 0), 0);
    assert_int_equal(weft_doc_layer_new(d, S(d, "boilerplate"), WEFT_SYM_RAW, NULL), 0);
    add(d, "boilerplate", 0, 19, "nav", NAN);
    out = page(&html_opts, &d, 1);
    assert_non_null(strstr(out, "<p class=\"empty\">No text kept of the document's 19 bytes "
                                "(--show-removed shows what was removed).</p>"));
    free(out);
    out = page(&show, &d, 1);
    assert_non_null(strstr(out, "<p class=\"empty\">No text kept of the document's 19 bytes: "
                                "what was removed is struck through.</p>"));
    free(out);
    /* no offset map: listed apart */
    weft_doc_reset(d);
    text_doc(d, "r2", "Body text.");
    assert_int_equal(weft_doc_layer_new(d, S(d, "boilerplate"), WEFT_SYM_RAW, NULL), 0);
    add(d, "boilerplate", 0, 4, "<nav>", NAN);
    out = page(&show, &d, 1);
    assert_non_null(strstr(out, "<details class=\"removed-list\"><summary>1 removed block</summary>"
                                "<p><span class=\"removed\" title=\"removed: &lt;nav&gt;\">Body"
                                "</span></p></details>"));
    free(out);
}

/* Removed text as the page showed it: transcoded, tags as spaces, character
 * references decoded; anything that is not a reference kept as it is. */
static void raw_is(const char *raw, const char *charset, int html, const char *want) {
    size_t n;
    char *t = weft_raw_text(raw, strlen(raw), charset, html, &n);
    assert_non_null(t);
    assert_int_equal(n, strlen(t));
    assert_string_equal(t, want);
    free(t);
}

static void test_raw_text(void **state) {
    (void)state;
    raw_is("<p>&copy; 2026 AT&amp;T &#8217;s &#x41;&#X42; caf&eacute;</p>", NULL, 1,
           " \xC2\xA9 2026 AT&T \xE2\x80\x99s AB caf\xC3\xA9 ");
    /* not references: kept */
    raw_is("R&D &nosuch; & x &#xZZ; &#; &amp", NULL, 1, "R&D &nosuch; & x &#xZZ; &#; &amp");
    /* not characters: U+FFFD, as a browser shows them */
    raw_is("&#0;&#xD800;&#x110000;", NULL, 1, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* an unclosed tag ends the text */
    raw_is("a<b", NULL, 1, "a ");
    /* plain text: nothing decoded */
    raw_is("<b>&amp;</b>", NULL, 0, "<b>&amp;</b>");
    /* the page's charset */
    raw_is("M\xFCnchen \x80 5", "windows-1252", 1, "M\xC3\xBCnchen \xE2\x82\xAC 5");
    raw_is("M\xC3\xBCnchen", "UTF-8", 1, "M\xC3\xBCnchen");
    /* a charset iconv does not know: the bytes as they are */
    raw_is("M\xFCnchen", "x-no-such-charset", 1, "M\xFCnchen");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_raw_text),
        cmocka_unit_test_setup(test_hostile, reset),
        cmocka_unit_test_setup(test_nested_and_crossing, reset),
        cmocka_unit_test_setup(test_entity_across_sentence_start, reset),
        cmocka_unit_test_setup(test_empty_and_invalid, reset),
        cmocka_unit_test_setup(test_rendered_same_as_written, reset),
        cmocka_unit_test_setup(test_removed_blocks, reset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
