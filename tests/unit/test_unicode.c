/*
 * The header-only helpers plugins share: weft/utf8.h's encoder against its
 * decoder over every code point, and weft/unicode.h's classes and case
 * mappings on characters whose properties the UCD fixes (and that the old
 * per-plugin rules got wrong, such as the Latin Extended-A capitals).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "weft/unicode.h"
#include "weft/utf8.h"

static void test_encode_decode_round_trip(void **state) {
    (void)state;
    unsigned char b[4];
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        size_t n = weft_utf8_encode(cp, b);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
        int32_t got;
        assert_int_equal(weft_utf8_decode(b, n, &got), n);
        assert_int_equal(got, (int32_t)cp);
        assert_true(weft_utf8_is_valid((const char *)b, n));
        /* cut short, it is invalid and consumes one byte */
        if (n > 1) assert_int_equal(weft_utf8_decode(b, n - 1, &got), 1), assert_int_equal(got, -1);
    }
    assert_int_equal(weft_utf8_encode(0x110000, b), 0);
    /* overlong and surrogate forms stay invalid */
    int32_t cp;
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xC1\x81", 2, &cp), 1);
    assert_int_equal(cp, WEFT_UTF8_INVALID);
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xE0\x81\x81", 3, &cp), 1);
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xED\xA0\x80", 3, &cp), 1);
    assert_int_equal(weft_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 4, &cp), 1);
}

static void test_classes(void **state) {
    (void)state;
    /* Latin Extended-A capitals are capitals whatever their parity */
    static const uint32_t upper[] = {'A',   0xC0,  0x100, 0x139, 0x141, 0x143, 0x178,
                                     0x179, 0x17B, 0x218, 0x386, 0x391, 0x410, 0x1C5 /* Lt */};
    static const uint32_t lower[] = {'a',   0xDF,  0x101, 0x138, 0x13A, 0x142,
                                     0x17C, 0x17E, 0x219, 0x3AC, 0x3C2, 0x430};
    for (size_t i = 0; i < sizeof upper / sizeof *upper; i++) {
        if (!weft_uc_is_upper(upper[i])) fail_msg("U+%04X is not upper", upper[i]);
        assert_true(weft_uc_is_letter(upper[i]));
        assert_false(weft_uc_is_lower(upper[i]));
    }
    for (size_t i = 0; i < sizeof lower / sizeof *lower; i++) {
        if (!weft_uc_is_lower(lower[i])) fail_msg("U+%04X is not lower", lower[i]);
        assert_false(weft_uc_is_upper(lower[i]));
    }
    assert_true(weft_uc_is_title(0x1C5));
    assert_int_equal(weft_uc_gc(0x6771), WEFT_GC_LO); /* CJK: a letter without case */
    assert_false(weft_uc_is_upper(0x6771) || weft_uc_is_lower(0x6771));
    assert_true(weft_uc_is_digit('7') && weft_uc_is_digit(0x0663));
    assert_true(weft_uc_is_number(0xBD) && !weft_uc_is_digit(0xBD)); /* ½ */
    assert_true(weft_uc_is_punct('!') && weft_uc_is_punct(0x201C) && !weft_uc_is_punct('$'));
    assert_true(weft_uc_is_space(' ') && weft_uc_is_space(0x3000) && weft_uc_is_space(0x85));
    assert_false(weft_uc_is_space(0x200B) || weft_uc_is_space(0x1C));
    assert_true(weft_uc_props(0) & WEFT_UC_CNTRL);
    assert_int_equal(weft_uc_wb('a'), WEFT_WB_ALETTER);
    assert_int_equal(weft_uc_wb('\''), WEFT_WB_SINGLE_QUOTE);
    assert_int_equal(weft_uc_wb(0x30A2), WEFT_WB_KATAKANA);
    assert_int_equal(weft_uc_wb(0x1F1E6), WEFT_WB_REGIONAL_INDICATOR);
    assert_true(weft_uc_props(0x1F600) & WEFT_UC_EXTPICT);
    assert_true(weft_uc_props(0x3C3) & WEFT_UC_CASED);
    assert_true(weft_uc_props(0x301) & WEFT_UC_CASE_IGNORABLE);
    assert_true(weft_uc_info(0x1C)->flags & WEFT_UC_R_BIDI_SPACE);
    assert_int_equal(weft_uc_age('A'), 0x0101);
    assert_int_equal(weft_uc_age(0x20AC), 0x0201);
    assert_int_equal(weft_uc_age(0x1E030), 0x0F00);
    assert_int_equal(weft_uc_age(0xE0080), 0); /* unassigned */
    assert_int_equal(weft_uc_gc(0xE0080), WEFT_GC_CN);
    /* past U+10FFFF (a decoder's -1): nothing, and its own case */
    assert_int_equal(weft_uc_props(0xFFFFFFFFu), 0);
    assert_int_equal(weft_uc_gc(0x110000), WEFT_GC_CN);
    assert_int_equal(weft_uc_tolower(0xFFFFFFFFu), 0xFFFFFFFFu);
}

static void test_case_mappings(void **state) {
    (void)state;
    assert_int_equal(weft_uc_tolower(0x141), 0x142); /* Ł ł */
    assert_int_equal(weft_uc_tolower(0x17B), 0x17C); /* Ż ż */
    assert_int_equal(weft_uc_tolower(0x178), 0xFF);  /* Ÿ ÿ */
    assert_int_equal(weft_uc_toupper(0x17C), 0x17B);
    assert_int_equal(weft_uc_tolower(0x138), 0x138); /* ĸ has no upper case */
    assert_int_equal(weft_uc_toupper(0x138), 0x138);
    assert_int_equal(weft_uc_tolower(0x410), 0x430);
    assert_int_equal(weft_uc_totitle(0x1C6), 0x1C5); /* dž → Dž */
    assert_int_equal(weft_uc_toupper(0x1C6), 0x1C4);
    assert_int_equal(weft_uc_fold(0x3C2), 0x3C3); /* ς folds to σ */
    assert_int_equal(weft_uc_fold(0x1E9E), 0xDF); /* simple fold of ẞ */
    uint32_t o[3];
    assert_int_equal(weft_uc_upper_full(0xDF, o), 2);
    assert_true(o[0] == 'S' && o[1] == 'S');
    assert_int_equal(weft_uc_lower_full(0x130, o), 2);
    assert_true(o[0] == 'i' && o[1] == 0x307);
    assert_int_equal(weft_uc_fold_full(0x1E9E, o), 2);
    assert_true(o[0] == 's' && o[1] == 's');
    assert_int_equal(weft_uc_upper_full(0x390, o), 3);
    assert_true(o[0] == 0x399 && o[1] == 0x308 && o[2] == 0x301);
    assert_int_equal(weft_uc_lower_full(0x3A3, o), 1); /* final sigma is the caller's */
    assert_int_equal(o[0], 0x3C3);
    assert_int_equal(weft_uc_lower_full('Q', o), 1);
    assert_int_equal(o[0], 'q');
    /* a full lower case never more than doubles the UTF-8 bytes */
    unsigned char b[4];
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        size_t in = weft_utf8_encode(cp, b), out = 0;
        if (!in) continue;
        size_t n = weft_uc_lower_full(cp, o);
        for (size_t i = 0; i < n; i++) out += weft_utf8_encode(o[i], b);
        if (out > 2 * in) fail_msg("U+%04X lower-cases to %zu bytes", cp, out);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_decode_round_trip),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_case_mappings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
