/* JSON output: outbuf escaping and numbers, and the writer's formats. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "outbuf.h"
#include "symtab.h"
#include "utf8.h"
#include "writer.h"
#include "writer_mem.h"

/* ------------------------------------------------------------------------ */
/* outbuf                                                                    */

/* JSON string for len bytes of s, as a NUL-terminated malloc'd copy. */
static char *json_of(const char *s, size_t len) {
    weft_outbuf o;
    weft_outbuf_init(&o, NULL);
    weft_outbuf_json_str(&o, s, len);
    weft_outbuf_putc(&o, '\0');
    assert_int_equal(o.error, 0);
    char *r = strdup(o.buf);
    weft_outbuf_free(&o);
    return r;
}

static void check_str(const char *in, size_t len, const char *want) {
    char *got = json_of(in, len);
    assert_string_equal(got, want);
    free(got);
}

#define CHECK_STR(lit, want) check_str(lit, sizeof(lit) - 1, want)

static void test_escape_controls(void **state) {
    (void)state;
    static const char *const want[32] = {
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",     "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
        "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    };
    for (int c = 0; c < 32; c++) {
        char in[3] = {'a', (char)c, 'b'};
        char expect[16];
        snprintf(expect, sizeof expect, "\"a%sb\"", want[c]);
        char *got = json_of(in, 3);
        if (strcmp(got, expect) != 0) fail_msg("control %d: got %s want %s", c, got, expect);
        free(got);
        /* and jansson reads it back as the same byte */
        json_error_t e;
        json_t *v = json_loads(expect, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
        assert_non_null(v);
        assert_int_equal(json_string_length(v), 3);
        assert_memory_equal(json_string_value(v), in, 3);
        json_decref(v);
    }
}

static void test_escape_specials(void **state) {
    (void)state;
    CHECK_STR("", "\"\"");
    CHECK_STR("say \"hi\"", "\"say \\\"hi\\\"\"");
    CHECK_STR("C:\\dir", "\"C:\\\\dir\"");
    CHECK_STR("/", "\"/\"");
    CHECK_STR("del\x7F", "\"del\x7F\""); /* DEL stays raw */
    CHECK_STR("caf\xC3\xA9 \xF0\x9F\x98\x80", "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"");
    CHECK_STR("a\xE2\x80\xA8"
              "b\xE2\x80\xA9"
              "c",
              "\"a\\u2028b\\u2029c\"");
    CHECK_STR("\xE2\x80\xAF", "\"\xE2\x80\xAF\""); /* U+202F is not special */
}

static void test_escape_invalid(void **state) {
    (void)state;
    /* One U+FFFD per invalid byte, never a raw invalid byte. */
    CHECK_STR("a\xFF"
              "b",
              "\"a\xEF\xBF\xBD"
              "b\"");
    CHECK_STR("\xE2\x82", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    CHECK_STR("\xC0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
    CHECK_STR("\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
    CHECK_STR("x\x80\"", "\"x\xEF\xBF\xBD\\\"\"");
    /* Whatever goes in, jansson (strict UTF-8) accepts what comes out. */
    unsigned char all[256];
    for (int i = 0; i < 256; i++) all[i] = (unsigned char)i;
    char *got = json_of((const char *)all, sizeof all);
    json_error_t e;
    json_t *v = json_loads(got, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    if (!v) fail_msg("jansson rejected escaped bytes: %s", e.text);
    /* 128 ASCII + 128 invalid bytes written as 3-byte U+FFFD */
    assert_int_equal(json_string_length(v), 128 + 128 * 3);
    json_decref(v);
    free(got);
}

static char *num_of(double d) {
    weft_outbuf o;
    weft_outbuf_init(&o, NULL);
    weft_outbuf_json_num(&o, d);
    weft_outbuf_putc(&o, '\0');
    char *r = strdup(o.buf);
    weft_outbuf_free(&o);
    return r;
}

static void check_num(double d, const char *want) {
    char *got = num_of(d);
    if (want) assert_string_equal(got, want);
    if (isfinite(d)) {
        double back = strtod(got, NULL);
        if (memcmp(&back, &d, sizeof d) != 0) fail_msg("%s does not read back as %.17g", got, d);
        /* a valid JSON number for jansson too */
        json_error_t e;
        json_t *v = json_loads(got, JSON_DECODE_ANY, &e);
        if (!v) fail_msg("%s: %s", got, e.text);
        assert_true(json_is_real(v));
        json_decref(v);
    }
    free(got);
}

static void test_numbers(void **state) {
    (void)state;
    check_num(0.1, "0.1");
    check_num(1e300, "1e+300");
    check_num(-0.0, "-0.0");
    check_num(0.0, "0.0");
    check_num(3.0, "3.0");
    check_num(-2.5, "-2.5");
    check_num(1.0 / 3.0, "0.3333333333333333");
    check_num(2.0 / 3.0, "0.6666666666666666");
    check_num(0.1 + 0.2, "0.30000000000000004");
    check_num(5e-324, "4.94065645841247e-324"); /* 15 digits suffice */
    check_num(1.7976931348623157e308, "1.7976931348623157e+308");
    check_num(123456789012345.0, "123456789012345.0");
    check_num(NAN, "null");
    check_num(INFINITY, "null");
    check_num(-INFINITY, "null");

    weft_outbuf o;
    weft_outbuf_init(&o, NULL);
    weft_outbuf_json_float(&o, 0.97f);
    weft_outbuf_putc(&o, ' ');
    weft_outbuf_json_float(&o, 0.1f);
    weft_outbuf_putc(&o, ' ');
    weft_outbuf_json_float(&o, 1.0f);
    weft_outbuf_putc(&o, ' ');
    weft_outbuf_json_float(&o, NAN);
    weft_outbuf_putc(&o, ' ');
    weft_outbuf_json_float(&o, 16777217.0f); /* rounds to 16777216 */
    weft_outbuf_putc(&o, ' ');
    weft_outbuf_json_int(&o, INT64_MIN);
    weft_outbuf_putc(&o, ' ');
    weft_outbuf_json_int(&o, 42);
    weft_outbuf_putc(&o, '\0');
    assert_string_equal(o.buf, "0.97 0.1 1.0 null 16777216.0 -9223372036854775808 42");
    weft_outbuf_free(&o);
}

/* A borrowed buffer is filled in place while the bytes fit; past it they
 * move to memory of the outbuf's own, and writing goes on there
 * (--isolate renders into a segment shared with the parent this way). */
static void test_borrowed_buffer(void **state) {
    (void)state;
    char mem[16];
    memset(mem, '#', sizeof mem);
    weft_outbuf o;
    weft_outbuf_borrow(&o, mem, 12);
    weft_outbuf_put(&o, "0123456789", 10);
    weft_outbuf_putc(&o, 'a');
    weft_outbuf_putc(&o, 'b');
    assert_ptr_equal(o.buf, mem);
    assert_int_equal(o.len, 12);
    assert_memory_equal(mem, "0123456789ab####", 16); /* not a byte past cap */
    weft_outbuf_json_str(&o, "xyz", 3);
    assert_ptr_not_equal(o.buf, mem);
    assert_int_equal(o.error, 0);
    assert_int_equal(o.len, 17);
    assert_memory_equal(o.buf, "0123456789ab\"xyz\"", 17);
    assert_memory_equal(mem, "0123456789ab####", 16); /* left as it was */
    weft_outbuf_free(&o);                             /* frees its own buffer only */
    /* a buffer of no room at all moves at the first byte */
    weft_outbuf_borrow(&o, mem, 0);
    weft_outbuf_putc(&o, 'z');
    assert_ptr_not_equal(o.buf, mem);
    assert_int_equal(o.len, 1);
    assert_int_equal(o.buf[0], 'z');
    weft_outbuf_free(&o);
    /* what fits exactly stays */
    weft_outbuf_borrow(&o, mem, 4);
    weft_outbuf_put(&o, "wxyz", 4);
    assert_ptr_equal(o.buf, mem);
    weft_outbuf_free(&o);
    assert_memory_equal(mem, "wxyz", 4);
}

static void test_flush_and_errors(void **state) {
    (void)state;
    /* Big output goes through the FILE in slices, intact. */
    FILE *f = tmpfile();
    assert_non_null(f);
    weft_outbuf o;
    weft_outbuf_init(&o, f);
    size_t n = 5 * WEFT_OUTBUF_FLUSH_AT;
    char *big = malloc(n);
    for (size_t i = 0; i < n; i++) big[i] = (char)('a' + i % 26);
    weft_outbuf_json_str(&o, big, n);
    assert_true(o.cap <= 2 * WEFT_OUTBUF_FLUSH_AT + 4096); /* bounded, not n */
    weft_outbuf_printf(&o, "|%d|%s", 7, "end");
    assert_int_equal(weft_outbuf_flush(&o), 0);
    assert_int_equal(o.len, 0);
    long size = ftell(f);
    assert_int_equal(size, (long)n + 2 + 6);
    rewind(f);
    char *back = malloc(n + 16);
    assert_int_equal(fread(back, 1, n + 8, f), n + 8);
    assert_int_equal(back[0], '"');
    assert_memory_equal(back + 1, big, n);
    assert_memory_equal(back + n + 1, "\"|7|end", 7);
    free(back);
    free(big);
    weft_outbuf_free(&o);
    fclose(f);

    /* A write error is sticky and reported with its errno. */
    FILE *full = fopen("/dev/full", "w");
    if (!full) {
        skip();
        return;
    }
    weft_outbuf_init(&o, full);
    weft_outbuf_puts(&o, "hello");
    assert_int_equal(weft_outbuf_flush(&o), ENOSPC);
    weft_outbuf_puts(&o, "more");
    assert_int_equal(o.len, 0);
    assert_int_equal(weft_outbuf_flush(&o), ENOSPC);
    weft_outbuf_free(&o);
    fclose(full);
}

static void test_printf_growth(void **state) {
    (void)state;
    weft_outbuf o;
    weft_outbuf_init(&o, NULL);
    char longs[10000];
    memset(longs, 'z', sizeof longs - 1);
    longs[sizeof longs - 1] = 0;
    weft_outbuf_printf(&o, "[%s]", longs);
    weft_outbuf_printf(&o, "%d", 12345);
    assert_int_equal(o.len, sizeof longs - 1 + 2 + 5);
    assert_int_equal(o.buf[0], '[');
    assert_memory_equal(o.buf + o.len - 6, "]12345", 6);
    weft_outbuf_free(&o);
}

/* ------------------------------------------------------------------------ */
/* writer                                                                    */

typedef struct fixture {
    weft_symtab *g;
    weft_doc *d;
} fixture;

static weft_sym S(fixture *fx, const char *name) {
    weft_sym s = weft_symtab_find(fx->g, name, strlen(name));
    if (!s) s = weft_doc_sym(fx->d, name, strlen(name));
    assert_int_not_equal(s, 0);
    return s;
}

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    fx->g = weft_symtab_new(0);
    /* The engine interns these first so their ids are fixed. */
    assert_int_equal(weft_symtab_intern(fx->g, "raw", 3), WEFT_SYM_RAW);
    assert_int_equal(weft_symtab_intern(fx->g, "text", 4), WEFT_SYM_TEXT);
    static const char *const names[] = {"sentence", "token", "entity", "PER",
                                        "source",   "title", "word",   "n"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        assert_int_not_equal(weft_symtab_intern(fx->g, names[i], strlen(names[i])), 0);
    weft_symtab_freeze(fx->g);
    fx->d = weft_doc_new(fx->g);
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    weft_doc_free(fx->d);
    weft_symtab_free(fx->g);
    free(fx);
    return 0;
}

/* Everything a writer printed into a memory stream, NUL-terminated. */
static char *write_docs(const weft_writer_opts *opts, weft_doc **docs, size_t n) {
    return write_mem(opts, docs, n, 0, NULL);
}

static json_t *parse(const char *s) {
    json_error_t e;
    json_t *v = json_loads(s, JSON_DECODE_ANY, &e);
    if (!v) fail_msg("output is not JSON (%s at %d): %s", e.text, e.position, s);
    return v;
}

static const char *str_field(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v)) fail_msg("field %s is not a string", key);
    return json_string_value(v);
}

static json_int_t int_field(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) fail_msg("field %s is not an integer", key);
    return json_integer_value(v);
}

/* A document with a text view, three layers (one over raw), attributes of
 * every type and two errors. */
static void build_news(fixture *fx) {
    weft_doc *d = fx->d;
    const char *raw = "<p>Sen. Rand Paul met officials in Moscow.</p>";
    const char *text = "Sen. Rand Paul met officials in Moscow.";
    assert_int_equal(weft_doc_set_id(d, "page-1"), 0);
    assert_int_equal(weft_doc_set_raw(d, raw, strlen(raw), 1), 0);
    weft_offrun run = {0, 3, (uint32_t)strlen(text)};
    assert_int_equal(weft_doc_view_add(d, WEFT_SYM_TEXT, text, strlen(text), WEFT_SYM_RAW, &run, 1),
                     0);
    const char *why = NULL;
    assert_int_equal(weft_doc_add(d, S(fx, "sentence"), 0, 39, 0, NAN, &why), 0);
    assert_int_equal(weft_doc_add(d, S(fx, "token"), 0, 4, S(fx, "abbreviation"), NAN, &why), 0);
    assert_int_equal(weft_doc_add(d, S(fx, "token"), 5, 9, S(fx, "word"), NAN, &why), 1);
    int64_t e = weft_doc_add(d, S(fx, "entity"), 5, 14, S(fx, "PER"), 0.97f, &why);
    assert_int_equal(e, 0);
    weft_value v = {.type = WEFT_V_SYM, .u.sym = S(fx, "rule")};
    assert_int_equal(weft_doc_ann_set(d, S(fx, "entity"), e, S(fx, "source"), &v), 0);
    v = (weft_value){.type = WEFT_V_INT, .u.i = -7};
    assert_int_equal(weft_doc_ann_set(d, S(fx, "entity"), e, S(fx, "n"), &v), 0);
    v = (weft_value){.type = WEFT_V_BOOL, .u.b = 1};
    assert_int_equal(weft_doc_ann_set(d, S(fx, "entity"), e, S(fx, "ok"), &v), 0);
    /* a layer over raw: the <p> tag */
    assert_int_equal(weft_doc_layer_new(d, S(fx, "markup"), WEFT_SYM_RAW, NULL), 0);
    assert_int_equal(weft_doc_add(d, S(fx, "markup"), 0, 3, S(fx, "p"), NAN, &why), 0);

    v = (weft_value){.type = WEFT_V_STR, .u.str = "A \"title\"\n", .len = 10};
    assert_int_equal(weft_doc_attr_set(d, S(fx, "title"), &v), 0);
    v = (weft_value){.type = WEFT_V_NUM, .u.d = -0.12};
    assert_int_equal(weft_doc_attr_set(d, S(fx, "sentiment.compound"), &v), 0);
    assert_int_equal(weft_doc_error_add(d, "entities", WEFT_EDATA, 12, "bad thing"), 0);
    assert_int_equal(weft_doc_error_add(d, "other", WEFT_EIO, -1, "no position"), 0);
}

static void test_jsonl_document(void **state) {
    fixture *fx = *state;
    build_news(fx);
    weft_writer_opts opts = {0};
    char *out = write_docs(&opts, &fx->d, 1);
    /* Key order, exactly as documented. */
    const char *head =
        "{\"id\":\"page-1\",\"view\":\"text\",\"offsets\":\"bytes\","
        "\"text\":\"Sen. Rand Paul met officials in Moscow.\",\"layers\":{"
        "\"sentence\":[{\"begin\":0,\"end\":39}],"
        "\"token\":[{\"begin\":0,\"end\":4,\"label\":\"abbreviation\"},"
        "{\"begin\":5,\"end\":9,\"label\":\"word\"}],"
        "\"entity\":[{\"begin\":5,\"end\":14,\"label\":\"PER\",\"score\":0.97,"
        "\"attrs\":{\"source\":\"rule\",\"n\":-7,\"ok\":true}}],"
        "\"markup\":[{\"begin\":0,\"end\":3,\"view\":\"raw\",\"label\":\"p\"}]},"
        "\"attrs\":{\"title\":\"A \\\"title\\\"\\n\",\"sentiment.compound\":-0.12},"
        "\"errors\":[{\"stage\":\"entities\",\"message\":\"bad thing\",\"offset\":12},"
        "{\"stage\":\"other\",\"message\":\"no position\"}]}\n";
    assert_string_equal(out, head);

    /* And field by field through a real parser. */
    json_t *root = parse(out);
    assert_string_equal(str_field(root, "id"), "page-1");
    assert_string_equal(str_field(root, "view"), "text");
    json_t *layers = json_object_get(root, "layers");
    assert_int_equal(json_object_size(layers), 4);
    json_t *ent = json_array_get(json_object_get(layers, "entity"), 0);
    assert_int_equal(int_field(ent, "begin"), 5);
    assert_int_equal(int_field(ent, "end"), 14);
    assert_string_equal(str_field(ent, "label"), "PER");
    assert_true(fabs(json_real_value(json_object_get(ent, "score")) - 0.97) < 1e-9);
    json_t *attrs = json_object_get(root, "attrs");
    assert_string_equal(str_field(attrs, "title"), "A \"title\"\n");
    assert_true(json_real_value(json_object_get(attrs, "sentiment.compound")) == -0.12);
    json_t *errors = json_object_get(root, "errors");
    assert_int_equal(json_array_size(errors), 2);
    assert_int_equal(int_field(json_array_get(errors, 0), "offset"), 12);
    assert_null(json_object_get(json_array_get(errors, 1), "offset"));
    json_decref(root);
    free(out);
}

static void test_jsonl_minimal(void **state) {
    fixture *fx = *state;
    weft_doc *d = fx->d;
    weft_doc_set_id(d, "empty");
    weft_doc_set_raw(d, "", 0, 0);
    weft_writer_opts opts = {0};
    char *out = write_docs(&opts, &d, 1);
    assert_string_equal(out,
                        "{\"id\":\"empty\",\"view\":\"raw\",\"offsets\":\"bytes\",\"text\":\"\","
                        "\"layers\":{},\"attrs\":{},\"errors\":[]}\n");
    free(out);
    /* A document with no view at all (an unreadable input). */
    weft_doc_reset(d);
    weft_doc_set_id(d, "gone.txt");
    weft_doc_error_add(d, "input", WEFT_EIO, -1, "gone.txt: No such file or directory");
    out = write_docs(&opts, &d, 1);
    assert_string_equal(out,
                        "{\"id\":\"gone.txt\",\"view\":\"raw\",\"offsets\":\"bytes\",\"text\":\"\","
                        "\"layers\":{},\"attrs\":{},\"errors\":[{\"stage\":\"input\","
                        "\"message\":\"gone.txt: No such file or directory\"}]}\n");
    free(out);
}

/* Byte range [*b, *e) of the written text for offsets [ob, oe) in a unit. */
static void unit_to_bytes(const char *t, size_t len, weft_offunit unit, size_t ob, size_t oe,
                          size_t *b, size_t *e) {
    if (unit == WEFT_OFF_BYTES) {
        *b = ob;
        *e = oe;
        return;
    }
    size_t pos = 0, u = 0;
    *b = *e = (size_t)-1;
    for (;;) {
        if (u == ob && *b == (size_t)-1) *b = pos;
        if (u == oe) {
            *e = pos;
            break;
        }
        if (pos >= len) break;
        int32_t cp;
        size_t n = weft_utf8_decode((const unsigned char *)t + pos, len - pos, &cp);
        assert_true(cp >= 0); /* written text is valid UTF-8 */
        u += (unit == WEFT_OFF_UTF16 && cp >= 0x10000) ? 2 : 1;
        pos += n;
    }
    if (*b == (size_t)-1 || *e == (size_t)-1) fail_msg("offsets %zu..%zu do not land", ob, oe);
}

static void test_offsets_over_invalid_bytes(void **state) {
    fixture *fx = *state;
    weft_doc *d = fx->d;
    /* raw view with invalid bytes; no text view, so raw is written. */
    static const char raw[] = "\xFF"
                              "ab \xF0\x9F\x98\x80 caf\xC3\xA9\xE2\x82 x\x80y end";
    const char *spans[][3] = {
        /* begin..end in raw bytes, and the expected span as written */
        {"1", "3", "ab"},
        {"4", "8", "\xF0\x9F\x98\x80"},
        {"9", "14", "caf\xC3\xA9"},
        {"14", "16", "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"17", "20", "x\xEF\xBF\xBDy"},
        {"21", "24", "end"},
        {"0", "24", NULL},
    };
    size_t nspans = sizeof spans / sizeof *spans;
    for (int unit = WEFT_OFF_BYTES; unit <= WEFT_OFF_UTF16; unit++) {
        weft_doc_reset(d);
        weft_doc_set_id(d, "bad-bytes");
        assert_int_equal(weft_doc_set_raw(d, raw, sizeof raw - 1, 0), 0);
        const char *why;
        for (size_t i = 0; i < nspans; i++)
            if (weft_doc_add(d, S(fx, "token"), (uint32_t)atoi(spans[i][0]),
                             (uint32_t)atoi(spans[i][1]), 0, NAN, &why) < 0)
                fail_msg("add %zu: %s", i, why);
        assert_int_equal(weft_doc_sort_layers(d), 0); /* as the engine does after a stage */
        assert_int_equal(weft_doc_error_add(d, "x", WEFT_EDATA, 21, "at end"), 0);
        weft_writer_opts opts = {.offsets = (weft_offunit)unit, .span_text = 1};
        char *out = write_docs(&opts, &d, 1);
        json_t *root = parse(out);
        const char *text = str_field(root, "text");
        size_t tlen = strlen(text);
        assert_int_equal(tlen, sizeof raw - 1 + 2 * 4); /* 4 invalid bytes, +2 each */
        json_t *tok = json_object_get(json_object_get(root, "layers"), "token");
        assert_int_equal(json_array_size(tok), nspans);
        /* The layer is sorted: [0,24) comes first. */
        for (size_t i = 0; i < nspans; i++) {
            json_t *rec = json_array_get(tok, i);
            size_t b, e;
            unit_to_bytes(text, tlen, (weft_offunit)unit, (size_t)int_field(rec, "begin"),
                          (size_t)int_field(rec, "end"), &b, &e);
            const char *st = str_field(rec, "text");
            /* offsets index the written text: its slice is the span text */
            if (e - b != strlen(st) || memcmp(text + b, st, e - b) != 0)
                fail_msg("unit %d record %zu: slice [%zu,%zu) != \"%s\"", unit, i, b, e, st);
            size_t want = i == 0 ? nspans - 1 : i - 1;
            if (spans[want][2]) assert_string_equal(st, spans[want][2]);
        }
        json_t *err = json_array_get(json_object_get(root, "errors"), 0);
        size_t eb, ee;
        unit_to_bytes(text, tlen, (weft_offunit)unit, (size_t)int_field(err, "offset"),
                      (size_t)int_field(err, "offset"), &eb, &ee);
        assert_memory_equal(text + eb, "end", 3);
        assert_string_equal(str_field(root, "offsets"), unit == 0   ? "bytes"
                                                        : unit == 1 ? "codepoints"
                                                                    : "utf16");
        json_decref(root);
        free(out);
    }
}

static void test_json_array(void **state) {
    fixture *fx = *state;
    weft_writer_opts opts = {.format = WEFT_FMT_JSON};
    char *out = write_docs(&opts, NULL, 0);
    json_t *root = parse(out);
    assert_true(json_is_array(root));
    assert_int_equal(json_array_size(root), 0);
    json_decref(root);
    free(out);

    weft_doc *d2 = weft_doc_new(fx->g);
    build_news(fx);
    weft_doc_set_id(d2, "second");
    weft_doc_set_raw(d2, "hi", 2, 0);
    weft_doc *docs[] = {fx->d, d2};
    out = write_docs(&opts, docs, 2);
    root = parse(out);
    assert_int_equal(json_array_size(root), 2);
    assert_string_equal(str_field(json_array_get(root, 0), "id"), "page-1");
    assert_string_equal(str_field(json_array_get(root, 1), "id"), "second");
    /* one object per line */
    assert_non_null(strstr(out, "},\n{\"id\":\"second\""));
    json_decref(root);
    free(out);
    weft_doc_free(d2);
}

static void test_view_option(void **state) {
    fixture *fx = *state;
    build_news(fx);
    weft_writer_opts opts = {.view = "raw"};
    char *out = write_docs(&opts, &fx->d, 1);
    json_t *root = parse(out);
    assert_string_equal(str_field(root, "view"), "raw");
    assert_string_equal(str_field(root, "text"), "<p>Sen. Rand Paul met officials in Moscow.</p>");
    json_t *layers = json_object_get(root, "layers");
    /* layers over text now say so; the raw one does not */
    assert_string_equal(str_field(json_array_get(json_object_get(layers, "token"), 0), "view"),
                        "text");
    assert_null(json_object_get(json_array_get(json_object_get(layers, "markup"), 0), "view"));
    json_decref(root);
    free(out);
}

static void test_text_format(void **state) {
    fixture *fx = *state;
    build_news(fx);
    weft_writer_opts opts = {.format = WEFT_FMT_TEXT};
    char *out = write_docs(&opts, &fx->d, 1);
    assert_non_null(strstr(out, "== page-1 ==\n"));
    assert_non_null(strstr(out, "Sen. Rand Paul met officials in Moscow.\n"));
    assert_non_null(strstr(out, "token: 2 records\n"));
    assert_non_null(strstr(out, "  [5,14) PER 0.97 \"Rand Paul\" source=rule n=-7 ok=true\n"));
    assert_non_null(strstr(out, "markup: 1 record (over view raw)\n"));
    assert_non_null(strstr(out, "sentiment.compound: -0.12\n"));
    assert_non_null(strstr(out, "error: entities: bad thing (at 12)\n"));
    assert_null(strstr(out, "\033["));
    free(out);
    opts.color = 1;
    out = write_docs(&opts, &fx->d, 1);
    assert_non_null(strstr(out, "\033[1m== page-1 ==\033[0m"));
    free(out);
}

/* The layers and attributes tsv, conll and text read are options. */
/* The reference the fast number paths must agree with: the shortest %g
 * that reads back, and ".0" after an integral text (put_number_text). */
static void ref_number(char *buf, size_t size, double v, int is_float) {
    for (int prec = is_float ? 6 : 15; prec <= (is_float ? 9 : 17); prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (is_float ? strtof(buf, NULL) == (float)v : strtod(buf, NULL) == v) break;
    }
    if (strspn(buf, "-0123456789") == strlen(buf)) strcat(buf, ".0");
}

static void check_number(double v, int is_float) {
    char want[64];
    if (is_float) v = (double)(float)v;
    if (!isfinite(v)) return; /* null: test_numbers */
    ref_number(want, sizeof want, v, is_float);
    weft_outbuf o;
    weft_outbuf_init(&o, NULL);
    if (is_float)
        weft_outbuf_json_float(&o, (float)v);
    else
        weft_outbuf_json_num(&o, v);
    weft_outbuf_putc(&o, '\0');
    if (strcmp(o.buf, want) != 0)
        fail_msg("%.17g (%s): got %s, want %s", v, is_float ? "float" : "double", o.buf, want);
    weft_outbuf_free(&o);
}

/* Scores with four decimals take a fast path; every other number the
 * printf loop. Both must write exactly what the loop alone wrote. */
static void test_number_fast_paths(void **state) {
    (void)state;
    for (int64_t k = -20000; k <= 20000; k++) {
        check_number((double)k / 10000.0, 0);
        check_number((double)(float)((double)k / 10000.0), 1);
    }
    static const double odd[] = {0.0,
                                 -0.0,
                                 1e-4,
                                 -1e-4,
                                 9.9999e-5,
                                 99.9999,
                                 100.0,
                                 999999.5,
                                 1e6,
                                 1e9,
                                 1e13,
                                 123456.7891,
                                 1e-300,
                                 5e-324,
                                 1.5e300,
                                 1.0 / 3,
                                 2.0 / 3,
                                 0.1 + 0.2,
                                 -7.25,
                                 1234.5678,
                                 99999.99,
                                 0.00015,
                                 4503599627370497.0,
                                 65504.0,
                                 16777217.0,
                                 3.4e38,
                                 -3.4e38};
    for (size_t i = 0; i < sizeof odd / sizeof odd[0]; i++) {
        check_number(odd[i], 0);
        check_number(odd[i], 1);
    }
    uint64_t x = 88172645463325252ull; /* xorshift: random bit patterns */
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double d;
        memcpy(&d, &x, sizeof d);
        if (isfinite(d)) check_number(d, 0);
        uint32_t u = (uint32_t)x;
        float f;
        memcpy(&f, &u, sizeof f);
        if (isfinite(f)) check_number((double)f, 1);
        /* near four-decimal values, a few ulps off */
        double near = (double)((int64_t)(x % 2000000) - 1000000) / 10000.0;
        check_number(nextafter(near, 1e9), 0);
        check_number((double)nextafterf((float)near, 1e9f), 1);
    }
}

static void test_int_fast_path(void **state) {
    (void)state;
    static const int64_t v[] = {0,   1,    -1,        9,         10,        99,
                                100, -100, 123456789, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)v[i]);
        weft_outbuf o;
        weft_outbuf_init(&o, NULL);
        weft_outbuf_json_int(&o, v[i]);
        weft_outbuf_putc(&o, '\0');
        assert_string_equal(o.buf, want);
        weft_outbuf_free(&o);
    }
}

/* Plain ASCII is copied eight bytes at a time: an escape, a control byte,
 * a multi-byte or an invalid sequence at any position of a word, and
 * strings long enough to leave the fast path, are written as before. */
static void test_str_fast_path(void **state) {
    (void)state;
    static const char *const odd[] = {"\"",   "\\",       "\n",   "\x01",
                                      "\x7f", "\xc3\xa9", "\xff", "\xe2\x80\xa8"};
    static const char *const want[] = {"\\\"", "\\\\",     "\\n",          "\\u0001",
                                       "\x7f", "\xc3\xa9", "\xef\xbf\xbd", "\\u2028"};
    for (size_t k = 0; k < sizeof odd / sizeof odd[0]; k++)
        for (size_t pos = 0; pos < 20; pos++) {
            char in[64], exp[80];
            memset(in, 'a', pos);
            strcpy(in + pos, odd[k]);
            strcat(in, "bcdefghijklmnop");
            exp[0] = '"';
            memset(exp + 1, 'a', pos);
            strcpy(exp + 1 + pos, want[k]);
            strcat(exp, "bcdefghijklmnop\"");
            check_str(in, strlen(in), exp);
        }
    size_t big = 40000; /* past the fast path's length */
    char *s = malloc(big + 1);
    assert_non_null(s);
    memset(s, 'x', big);
    s[big - 1] = '"';
    s[big] = '\0';
    char *got = json_of(s, big);
    assert_int_equal(strlen(got), big + 3);
    assert_memory_equal(got + big, "\\\"\"", 3);
    free(got);
    free(s);
}

/* With a file behind it, the buffer is flushed before the inline writers
 * would pass the flush threshold; in memory with a limit, passing the
 * limit is E2BIG and truncate() takes it back. */
static void test_outbuf_limit(void **state) {
    (void)state;
    weft_outbuf o;
    weft_outbuf_init(&o, NULL);
    o.limit = 10000;
    for (int i = 0; i < 999; i++) weft_outbuf_put(&o, "0123456789", 10);
    assert_int_equal(o.error, 0);
    size_t mark = o.len;
    weft_outbuf_json_str(&o, "0123456789abcdefghij", 20);
    assert_int_equal(o.error, E2BIG);
    weft_outbuf_truncate(&o, mark);
    assert_int_equal(o.error, 0);
    assert_int_equal(o.len, 9990);
    weft_outbuf_put(&o, "0123456789", 10);
    assert_int_equal(o.error, 0);
    assert_int_equal(o.len, 10000);
    weft_outbuf_putc(&o, 'x');
    assert_int_equal(o.error, E2BIG);
    weft_outbuf_free(&o);
}

static void test_writer_names(void **state) {
    fixture *fx = *state;
    build_news(fx);
    weft_writer_opts opts = {.format = WEFT_FMT_TSV};
    char *out = write_docs(&opts, &fx->d, 1);
    assert_non_null(strstr(out, "page-1\tPER\t5\t14\tRand Paul\t0.97\t\n"));
    free(out);
    opts.names.entity_layer = "token";
    out = write_docs(&opts, &fx->d, 1);
    assert_non_null(strstr(out, "page-1\tabbreviation\t0\t4\tSen.\t\t\n"));
    assert_null(strstr(out, "PER"));
    free(out);
    /* conll: the "markup" layer is over raw, so it is not a token layer of
     * the text's entities; tokens from "entity" get their own B- tags */
    opts = (weft_writer_opts){.format = WEFT_FMT_CONLL};
    opts.names.token_layer = "entity";
    opts.names.entity_layer = "token";
    out = write_docs(&opts, &fx->d, 1);
    assert_non_null(strstr(out, "Rand Paul\tO\n"));
    free(out);
    opts.names.entity_layer = "entity";
    out = write_docs(&opts, &fx->d, 1);
    assert_non_null(strstr(out, "Rand Paul\tB-PER\n"));
    free(out);
    opts = (weft_writer_opts){.format = WEFT_FMT_TEXT};
    opts.names.report_attr = "title";
    out = write_docs(&opts, &fx->d, 1);
    assert_string_equal(out, "A \"title\"\n");
    free(out);
}

static void test_output_names(void **state) {
    (void)state;
    assert_true(weft_output_name_valid("ne"));
    assert_true(weft_output_name_valid("my.layer-2_x"));
    assert_false(weft_output_name_valid(""));
    assert_false(weft_output_name_valid(NULL));
    assert_false(weft_output_name_valid("a b"));
    assert_false(weft_output_name_valid("view:text"));
    assert_false(weft_output_name_valid("caf\xc3\xa9"));
    char longname[130];
    memset(longname, 'a', 129);
    longname[129] = '\0';
    assert_false(weft_output_name_valid(longname));
    longname[128] = '\0';
    assert_true(weft_output_name_valid(longname));
    /* options over the script's declaration over the defaults */
    weft_output_names opt = {.token_layer = "a"};
    weft_output_names script = {.token_layer = "b", .entity_layer = "c"};
    weft_output_names_resolve(&opt, &script);
    assert_string_equal(opt.token_layer, "a");
    assert_string_equal(opt.entity_layer, "c");
    assert_string_equal(opt.sentence_layer, WEFT_OUT_SENTENCE_LAYER);
    assert_string_equal(opt.source_attr, "source");
    assert_string_equal(opt.report_attr, "report");
    weft_output_names none = {0};
    weft_output_names_resolve(&none, NULL);
    assert_string_equal(none.entity_layer, "entity");
    assert_string_equal(none.token_layer, "token");
}

static void test_write_error(void **state) {
    fixture *fx = *state;
    build_news(fx);
    FILE *full = fopen("/dev/full", "w");
    if (!full) {
        skip();
        return;
    }
    weft_writer_opts opts = {0};
    weft_writer *w = weft_writer_new(full, &opts);
    int rc = weft_writer_doc(w, fx->d);
    if (rc == 0) rc = weft_writer_finish(w);
    assert_int_equal(rc, ENOSPC);
    assert_int_equal(weft_writer_doc(w, fx->d), ENOSPC); /* sticky */
    weft_writer_free(w);
    fclose(full);
}

static void test_parse_names(void **state) {
    (void)state;
    assert_int_equal(weft_format_parse("jsonl"), WEFT_FMT_JSONL);
    assert_int_equal(weft_format_parse("json"), WEFT_FMT_JSON);
    assert_int_equal(weft_format_parse("text"), WEFT_FMT_TEXT);
    assert_int_equal(weft_format_parse("xml"), -1);
    assert_int_equal(weft_offunit_parse("bytes"), WEFT_OFF_BYTES);
    assert_int_equal(weft_offunit_parse("codepoints"), WEFT_OFF_CODEPOINTS);
    assert_int_equal(weft_offunit_parse("utf16"), WEFT_OFF_UTF16);
    assert_int_equal(weft_offunit_parse("utf-16"), -1);
}

static int reset_doc(void **state) {
    fixture *fx = *state;
    weft_doc_reset(fx->d);
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape_controls),
        cmocka_unit_test(test_escape_specials),
        cmocka_unit_test(test_escape_invalid),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_borrowed_buffer),
        cmocka_unit_test(test_number_fast_paths),
        cmocka_unit_test(test_int_fast_path),
        cmocka_unit_test(test_str_fast_path),
        cmocka_unit_test(test_outbuf_limit),
        cmocka_unit_test(test_flush_and_errors),
        cmocka_unit_test(test_printf_growth),
        cmocka_unit_test(test_parse_names),
        cmocka_unit_test_setup(test_jsonl_document, reset_doc),
        cmocka_unit_test_setup(test_jsonl_minimal, reset_doc),
        cmocka_unit_test_setup(test_offsets_over_invalid_bytes, reset_doc),
        cmocka_unit_test_setup(test_json_array, reset_doc),
        cmocka_unit_test_setup(test_view_option, reset_doc),
        cmocka_unit_test_setup(test_text_format, reset_doc),
        cmocka_unit_test_setup(test_writer_names, reset_doc),
        cmocka_unit_test(test_output_names),
        cmocka_unit_test_setup(test_write_error, reset_doc),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
