/* UTF-8 validation, decoding (weft/utf8.h) and offset conversion (core/utf8.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "utf8.h"

typedef struct {
    const char *s;
    size_t len;
    const char *what;
} sample;

#define S(lit, what)                                                                               \
    { lit, sizeof(lit) - 1, what }

static const sample valid[] = {
    S("", "empty"),
    S("a", "ASCII"),
    S("\x7F", "U+007F"),
    S("\xC2\x80", "U+0080"),
    S("\xC3\xA9", "e acute"),
    S("\xDF\xBF", "U+07FF"),
    S("\xE0\xA0\x80", "U+0800"),
    S("\xE2\x82\xAC", "euro"),
    S("\xED\x9F\xBF", "U+D7FF"),
    S("\xEE\x80\x80", "U+E000"),
    S("\xEF\xBF\xBF", "U+FFFF"),
    S("\xF0\x90\x80\x80", "U+10000"),
    S("\xF0\x9F\x98\x80", "grinning face"),
    S("\xF4\x8F\xBF\xBF", "U+10FFFF"),
    S("plain ASCII longer than eight bytes, twice over", "long ASCII"),
};

static const sample invalid[] = {
    S("\xC0\x80", "overlong NUL"),
    S("\xC1\xBF", "overlong 2-byte"),
    S("\xE0\x80\x80", "overlong 3-byte"),
    S("\xE0\x9F\xBF", "overlong 3-byte high"),
    S("\xF0\x80\x80\x80", "overlong 4-byte"),
    S("\xF0\x8F\xBF\xBF", "overlong 4-byte high"),
    S("\xED\xA0\x80", "surrogate D800"),
    S("\xED\xBF\xBF", "surrogate DFFF"),
    S("\xF4\x90\x80\x80", "past U+10FFFF"),
    S("\x80", "lone continuation"),
    S("\xBF", "lone continuation BF"),
    S("\xE2\x82", "truncated at end"),
    S("\xE2\x82"
      "A",
      "truncated before ASCII"),
    S("\xF0\x9F\x98", "truncated 4-byte"),
    S("\xC2", "lead alone"),
    S("\xF5\x80\x80\x80", "F5"),
    S("\xF8\x88\x80\x80\x80", "F8 (5-byte form)"),
    S("\xFC\x84\x80\x80\x80\x80", "FC (6-byte form)"),
    S("\xFE", "FE"),
    S("\xFF", "FF"),
};

static void test_valid(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
        const sample *t = &valid[i];
        if (!weft_utf8_is_valid(t->s, t->len)) fail_msg("rejected valid %s", t->what);
        assert_int_equal(weft_utf8_valid_prefix(t->s, t->len), t->len);
    }
}

static void test_invalid(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof invalid / sizeof *invalid; i++) {
        const sample *t = &invalid[i];
        if (weft_utf8_is_valid(t->s, t->len)) fail_msg("accepted invalid %s", t->what);
        assert_int_equal(weft_utf8_valid_prefix(t->s, t->len), 0);
        int32_t cp = 0;
        /* An invalid sequence is consumed one byte at a time. */
        assert_int_equal(weft_utf8_decode((const unsigned char *)t->s, t->len, &cp), 1);
        assert_int_equal(cp, -1);
    }
    /* Every byte F5..FF on its own. */
    for (int b = 0xF5; b <= 0xFF; b++) {
        char c = (char)b;
        assert_false(weft_utf8_is_valid(&c, 1));
    }
    /* Every byte C0, C1 as a lead before a continuation. */
    assert_false(weft_utf8_is_valid("\xC0\xAF", 2));
    assert_false(weft_utf8_is_valid("\xC1\x81", 2));
}

static void test_decode(void **state) {
    (void)state;
    int32_t cp;
    assert_int_equal(weft_utf8_decode((const unsigned char *)"A", 1, &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 3, &cp), 3);
    assert_int_equal(cp, 0x20AC);
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xF4\x8F\xBF\xBF", 4, &cp), 4);
    assert_int_equal(cp, 0x10FFFF);
    /* len limits what may be read: a valid sequence cut short is invalid. */
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xE2\x82\xAC", 2, &cp), 1);
    assert_int_equal(cp, -1);
}

static void test_prefix_position(void **state) {
    (void)state;
    /* Invalid bytes after ASCII runs that the 8-byte path skips. */
    const char s1[] = "0123456789abc\xFF"
                      "def";
    assert_int_equal(weft_utf8_valid_prefix(s1, sizeof s1 - 1), 13);
    const char s2[] = "01234567\xE2\x82\xAC"
                      "01234567\xED\xA0\x80";
    assert_int_equal(weft_utf8_valid_prefix(s2, sizeof s2 - 1), 19);
    const char s3[] = "0123456789abcdef\xE2\x82";
    assert_int_equal(weft_utf8_valid_prefix(s3, sizeof s3 - 1), 16);
    /* A character or a bad byte at every offset of the 16- and 8-byte steps,
     * in strings of every length to 48: the answer of a walk by
     * weft_utf8_decode. */
    static const char *const ins[] = {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xFF",
                                      "\xE2\x82", "\x80",         "\xED\xA0\x80"};
    for (size_t k = 0; k < sizeof ins / sizeof ins[0]; k++)
        for (size_t at = 0; at < 40; at++)
            for (size_t len = at; len <= 48; len++) {
                char buf[64];
                memset(buf, 'a', sizeof buf);
                size_t m = strlen(ins[k]);
                memcpy(buf + at, ins[k], m);
                size_t n = len < at + m ? at + m : len, want = 0;
                while (want < n) {
                    int32_t cp;
                    size_t l = weft_utf8_decode((const unsigned char *)buf + want, n - want, &cp);
                    if (cp < 0) break;
                    want += l;
                }
                assert_int_equal(weft_utf8_valid_prefix(buf, n), want);
            }
    /* Two of them side by side (characters from U+0080 in a run are decoded one after the
     * other: a bad byte or a cut character ending or inside the run), at every offset. */
    for (size_t k1 = 0; k1 < sizeof ins / sizeof ins[0]; k1++)
        for (size_t k2 = 0; k2 < sizeof ins / sizeof ins[0]; k2++)
            for (size_t at = 0; at < 36; at++) {
                char buf[64];
                memset(buf, 'a', sizeof buf);
                size_t m1 = strlen(ins[k1]), m2 = strlen(ins[k2]);
                memcpy(buf + at, ins[k1], m1);
                memcpy(buf + at + m1, ins[k2], m2);
                for (size_t n = at + m1; n <= at + m1 + m2 + 1; n++) {
                    size_t want = 0;
                    while (want < n) {
                        int32_t cp;
                        size_t l =
                            weft_utf8_decode((const unsigned char *)buf + want, n - want, &cp);
                        if (cp < 0) break;
                        want += l;
                    }
                    assert_int_equal(weft_utf8_valid_prefix(buf, n), want);
                }
            }
}

static void test_boundary(void **state) {
    (void)state;
    const char *s = "a\xE2\x82\xAC"
                    "b";
    assert_true(weft_utf8_boundary(s, 5, 0));
    assert_true(weft_utf8_boundary(s, 5, 1));
    assert_false(weft_utf8_boundary(s, 5, 2));
    assert_false(weft_utf8_boundary(s, 5, 3));
    assert_true(weft_utf8_boundary(s, 5, 4));
    assert_true(weft_utf8_boundary(s, 5, 5));
    assert_false(weft_utf8_boundary(s, 5, 6));
    /* Stray continuation bytes are characters of their own (found by
     * fuzz_boilerplate_text: "h\x8a" could not be split before the 0x8a). */
    const char *t = "h\x8a\x80\xE2\x82\xE2\x82\xAC";
    assert_true(weft_utf8_boundary(t, 8, 1));
    assert_true(weft_utf8_boundary(t, 8, 2));
    assert_true(weft_utf8_boundary(t, 8, 3));
    assert_true(weft_utf8_boundary(t, 8, 4)); /* E2 82 is truncated */
    assert_true(weft_utf8_boundary(t, 8, 5));
    assert_false(weft_utf8_boundary(t, 8, 6));
    assert_false(weft_utf8_boundary(t, 8, 7));
    assert_true(weft_utf8_boundary(t, 8, 8));
}

/* "a" "é" "€" "😀" FF "b" E2 82 "c":
 *  byte: 0  1    3    6     10 11  12 13 14  end 15 */
static const char mixed[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xFF"
                            "b\xE2\x82"
                            "c";

typedef struct {
    size_t off;
    uint64_t bytes, cps, utf16;
} expect_row;

static const expect_row mixed_expect[] = {
    {0, 0, 0, 0},    {1, 1, 1, 1},   {2, 1, 1, 1}, /* inside é: its start */
    {3, 3, 2, 2},    {4, 3, 2, 2},                 /* inside € */
    {5, 3, 2, 2},    {6, 6, 3, 3},   {8, 6, 3, 3}, /* inside the emoji */
    {10, 10, 4, 5},                                /* emoji = 2 UTF-16 units */
    {11, 13, 5, 6},                                /* FF became U+FFFD: 3 bytes */
    {12, 14, 6, 7},  {13, 17, 7, 8},               /* E2 alone is one U+FFFD */
    {14, 20, 8, 9},                                /* and 82 another */
    {15, 21, 9, 10},                               /* end */
    {99, 21, 9, 10},                               /* past the end: clamped */
};

static void test_offconv_mixed(void **state) {
    (void)state;
    weft_arena a;
    weft_arena_init(&a, 4096, 0);
    weft_offconv cb, cc, cu;
    size_t len = sizeof mixed - 1;
    assert_int_equal(weft_offconv_init(&cb, mixed, len, WEFT_OFF_BYTES, &a), 0);
    assert_int_equal(weft_offconv_init(&cc, mixed, len, WEFT_OFF_CODEPOINTS, &a), 0);
    assert_int_equal(weft_offconv_init(&cu, mixed, len, WEFT_OFF_UTF16, &a), 0);
    assert_false(cb.identity); /* invalid bytes: not the identity */
    for (size_t i = 0; i < sizeof mixed_expect / sizeof *mixed_expect; i++) {
        const expect_row *r = &mixed_expect[i];
        assert_int_equal(weft_offconv_get(&cb, r->off), r->bytes);
        assert_int_equal(weft_offconv_get(&cc, r->off), r->cps);
        assert_int_equal(weft_offconv_get(&cu, r->off), r->utf16);
    }
    weft_arena_free(&a);
}

static void test_offconv_identity(void **state) {
    (void)state;
    weft_arena a;
    weft_arena_init(&a, 4096, 0);
    const char *s = "caf\xC3\xA9 \xF0\x9F\x98\x80";
    weft_offconv c;
    assert_int_equal(weft_offconv_init(&c, s, strlen(s), WEFT_OFF_BYTES, &a), 0);
    assert_true(c.identity);
    assert_int_equal(weft_offconv_get(&c, 5), 5);
    assert_int_equal(weft_offconv_get(&c, 1000), strlen(s));
    assert_int_equal(weft_offconv_init(&c, s, strlen(s), WEFT_OFF_UTF16, &a), 0);
    assert_false(c.identity);
    assert_int_equal(weft_offconv_get(&c, strlen(s)), 7); /* c a f é ' ' + 2 */
    weft_arena_free(&a);
}

/* The obvious O(n) conversion, to check the checkpointed one against. */
static uint64_t naive(const char *s, size_t len, weft_offunit unit, size_t off) {
    if (off > len) off = len;
    size_t pos = 0;
    uint64_t conv = 0;
    while (pos < off) {
        int32_t cp;
        size_t n = weft_utf8_decode((const unsigned char *)s + pos, len - pos, &cp);
        if (pos + n > off) break;
        if (unit == WEFT_OFF_BYTES)
            conv += cp < 0 ? 3 : n;
        else if (unit == WEFT_OFF_UTF16)
            conv += cp >= 0x10000 ? 2 : 1;
        else
            conv += 1;
        pos += n;
    }
    return conv;
}

static void test_offconv_long(void **state) {
    (void)state;
    /* Pieces of odd lengths so characters straddle the 64-byte checkpoints
     * in every possible way. */
    static const char *const pieces[] = {
        "abcdefg",  "\xF0\x9F\x98\x80", "\xE2\x82\xAC",   "\xFF",         "x",
        "\xC3\xA9", "\xE2\x82",         "0123456789abcd", "\xED\xA0\x80", "\xF4\x8F\xBF\xBF",
        "\x80\x80"};
    char buf[2000];
    size_t len = 0;
    for (unsigned i = 0; len < sizeof buf - 32; i = (i * 7 + 3) % 11) {
        size_t n = strlen(pieces[i]);
        memcpy(buf + len, pieces[i], n);
        len += n;
    }
    weft_arena a;
    weft_arena_init(&a, 4096, 0);
    for (int unit = WEFT_OFF_BYTES; unit <= WEFT_OFF_UTF16; unit++) {
        weft_offconv c;
        assert_int_equal(weft_offconv_init(&c, buf, len, (weft_offunit)unit, &a), 0);
        /* Queries in reverse order: any order must work. */
        for (size_t off = len + 2; off-- > 0;) {
            uint64_t want = naive(buf, len, (weft_offunit)unit, off);
            uint64_t got = weft_offconv_get(&c, off);
            if (want != got)
                fail_msg("unit %d offset %zu: got %llu want %llu", unit, off,
                         (unsigned long long)got, (unsigned long long)want);
        }
    }
    weft_arena_free(&a);
}

static void test_offconv_ascii_exact_multiple(void **state) {
    (void)state;
    /* len a multiple of 64: the last checkpoint sits at the end. */
    char buf[128];
    memset(buf, 'x', sizeof buf);
    buf[70] = (char)0xFF;
    weft_arena a;
    weft_arena_init(&a, 4096, 0);
    weft_offconv c;
    assert_int_equal(weft_offconv_init(&c, buf, sizeof buf, WEFT_OFF_BYTES, &a), 0);
    assert_int_equal(weft_offconv_get(&c, 64), 64);
    assert_int_equal(weft_offconv_get(&c, 70), 70);
    assert_int_equal(weft_offconv_get(&c, 71), 73);
    assert_int_equal(weft_offconv_get(&c, 128), 130);
    weft_arena_free(&a);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_decode),
        cmocka_unit_test(test_prefix_position),
        cmocka_unit_test(test_boundary),
        cmocka_unit_test(test_offconv_mixed),
        cmocka_unit_test(test_offconv_identity),
        cmocka_unit_test(test_offconv_long),
        cmocka_unit_test(test_offconv_ascii_exact_multiple),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
