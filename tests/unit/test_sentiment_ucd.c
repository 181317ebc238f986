/*
 * The sentiment plugin's Unicode (plugins/sentiment/ucd.c: the shared table of
 * weft/unicode.h seen as Python 3.11 sees it) against Python itself, for every
 * code point: str.isspace(), the per-code-point isupper() classes, the
 * final-sigma classes and str.lower(). Runs when the machine's python3 (or
 * $WEFT_PYTHON) has unicodedata.unidata_version 14.0.0, the database of the
 * reference's Python; skipped otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sentiment/ucd.c"

#define NCP 0x110000u

/* Prints "VERSION" and then, for each code point that is not "no space,
 * uncased, not sigma-relevant, its own lower case", one line
 * "CP SPACE CASE SIGMA LOWER..." in hex. The classes are asked of str the way
 * VADER uses it; the final-sigma classes are probed through lower(), since
 * Python exposes neither Cased nor Case_Ignorable. */
static const char *py_script =
    "import sys, unicodedata\n"
    "w = sys.stdout.write\n"
    "w(unicodedata.unidata_version + '\\n')\n"
    "for cp in range(0x110000):\n"
    "    if 0xD800 <= cp <= 0xDFFF: continue\n"
    "    c = chr(cp)\n"
    "    sp = 1 if c.isspace() else 0\n"
    "    if c.isupper(): k = 1\n"
    "    elif c.islower() or unicodedata.category(c) == 'Lt': k = 2\n"
    "    else: k = 0\n"
    "    a = ('A' + c + '\\u03a3').lower()[-1] == '\\u03c2'\n"
    "    b = ('A\\u03a3' + c).lower()[1] == '\\u03c2'\n"
    "    s = 1 if a and b else 2 if a else 0\n"
    "    low = c.lower()\n"
    "    if sp or k or s or low != c:\n"
    "        w('%x %d %d %d %s\\n' % (cp, sp, k, s, ' '.join('%x' % ord(x) for x in low)))\n";

typedef struct {
    uint8_t space, cls, sigma, nlow;
    uint32_t low[3];
} py_char;

static void test_every_code_point_matches_python(void **state) {
    (void)state;
    const char *py = getenv("WEFT_PYTHON");
    if (!py || !*py) py = "python3";
    char script[] = "/tmp/weft-test-ucd-XXXXXX";
    int fd = mkstemp(script);
    assert_true(fd >= 0);
    FILE *sf = fdopen(fd, "w");
    assert_non_null(sf);
    assert_true(fputs(py_script, sf) >= 0);
    assert_int_equal(fclose(sf), 0);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s %s 2>/dev/null", py, script);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[256];
    if (!fgets(line, sizeof line, p) || strcmp(line, VADER_UCD_VERSION "\n") != 0) {
        pclose(p);
        remove(script);
        print_message("skipped: %s has no Unicode " VADER_UCD_VERSION " database\n", py);
        skip();
    }
    py_char *want = calloc(NCP, sizeof *want);
    assert_non_null(want);
    for (uint32_t cp = 0; cp < NCP; cp++) want[cp].nlow = 1, want[cp].low[0] = cp;
    size_t rows = 0;
    while (fgets(line, sizeof line, p)) {
        unsigned cp, sp, k, s, l[3];
        int n = sscanf(line, "%x %u %u %u %x %x %x", &cp, &sp, &k, &s, &l[0], &l[1], &l[2]);
        if (n < 5 || cp >= NCP) fail_msg("cannot parse Python's line '%s'", line);
        want[cp] = (py_char){(uint8_t)sp, (uint8_t)k, (uint8_t)s, (uint8_t)(n - 4), {0}};
        for (int i = 0; i < n - 4; i++) want[cp].low[i] = l[i];
        rows++;
    }
    assert_int_equal(pclose(p), 0);
    remove(script);
    assert_true(rows > 2000); /* Python answered for the whole range */

    size_t bad = 0;
    for (uint32_t cp = 0; cp < NCP; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const py_char *w = &want[cp];
        uint32_t low[3];
        size_t nl = vader_lower_cp(cp, low);
        int ok = vader_is_space(cp) == w->space && vader_case_class(cp) == w->cls &&
                 vader_sigma_class(cp) == w->sigma && nl == w->nlow;
        for (size_t i = 0; ok && i < nl; i++) ok = low[i] == w->low[i];
        if (!ok && bad++ < 20)
            print_message("U+%04X: space %d/%d case %d/%d sigma %d/%d lower %zu cps (%X) / %u "
                          "(%X)\n",
                          cp, vader_is_space(cp), w->space, vader_case_class(cp), w->cls,
                          vader_sigma_class(cp), w->sigma, nl, low[0], w->nlow, w->low[0]);
    }
    free(want);
    if (bad) fail_msg("%zu code points differ from Python (weft / Python shown)", bad);
}

/* The invalid-byte marker is nothing at all. */
static void test_invalid_marker(void **state) {
    (void)state;
    uint32_t low[3];
    assert_false(vader_is_space(VADER_CP_INVALID));
    assert_int_equal(vader_case_class(VADER_CP_INVALID), VADER_CASE_NONE);
    assert_int_equal(vader_sigma_class(VADER_CP_INVALID), VADER_SIGMA_OTHER);
    assert_int_equal(vader_lower_cp(VADER_CP_INVALID, low), 1);
    assert_int_equal(low[0], VADER_CP_INVALID);
    uint32_t cp;
    assert_int_equal(vader_utf8_next((const unsigned char *)"\xC0\x80", 2, &cp), 1);
    assert_int_equal(cp, VADER_CP_INVALID);
}

/* Characters new in Unicode 15.0 do not exist for Python 3.11, whatever the
 * shared table says about them. */
static void test_newer_characters_are_unassigned(void **state) {
    (void)state;
    /* U+1E030 MODIFIER LETTER CYRILLIC SMALL A (15.0): Lm, Lowercase. */
    assert_true(weft_uc_is_letter(0x1E030));
    assert_int_equal(weft_uc_age(0x1E030), 0x0F00);
    assert_int_equal(vader_case_class(0x1E030), VADER_CASE_NONE);
    assert_int_equal(vader_sigma_class(0x1E030), VADER_SIGMA_OTHER);
    /* U+0130 lower-cases to two code points, as in Python. */
    uint32_t low[3];
    assert_int_equal(vader_lower_cp(0x130, low), 2);
    assert_int_equal(low[0], 'i');
    assert_int_equal(low[1], 0x307);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_point_matches_python),
        cmocka_unit_test(test_invalid_marker),
        cmocka_unit_test(test_newer_characters_are_unassigned),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
