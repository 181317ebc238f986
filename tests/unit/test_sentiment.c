/*
 * Unit tests of the sentiment plugin's VADER scorer, one group per rule of
 * VADER_SPEC.md, on sentences written for these tests. Expected per-token
 * valences are spelled out as the arithmetic the rule prescribes, in the
 * reference's operation order, so a test fails on the last bit.
 */
#include "test_sentiment_fixture.h"

static vader_model M;
static vader_scratch S;

static int setup(void **state) {
    (void)state;
    memset(&S, 0, sizeof S);
    return shipped_model(&M);
}

static int teardown(void **state) {
    (void)state;
    vader_scratch_free(&S);
    vader_model_free(&M);
    return 0;
}

static vader_scores score(const char *text) {
    vader_scores r;
    assert_int_equal(vader_score(&M, &S, text, strlen(text), &r), 0);
    return r;
}

/* Score text and compare its per-token valences (after the "but" rule). */
static void valences(const char *text, size_t n, const double *want) {
    vader_scores r;
    assert_int_equal(vader_score(&M, &S, text, strlen(text), &r), 0);
    (void)r;
    size_t ntok, ex_, qu_;
    /* tokenize again to learn the count: vader_score leaves S.s filled */
    const char *t;
    size_t tl;
    assert_int_equal(expand(&M, &S, text, strlen(text), &t, &tl), 0);
    double copy[64];
    assert_true(n <= 64);
    memcpy(copy, S.s, n * sizeof *copy);
    assert_int_equal(tokenize(&M, &S, t, tl, &ntok, &ex_, &qu_), 0);
    if (ntok != n) fail_msg("\"%s\": %zu tokens, expected %zu", text, ntok, n);
    for (size_t i = 0; i < n; i++)
        if (copy[i] != want[i])
            fail_msg("\"%s\": token %zu valence %.17g, expected %.17g", text, i, copy[i], want[i]);
}

#define V(text, ...)                                                                               \
    do {                                                                                           \
        const double w_[] = {__VA_ARGS__};                                                         \
        valences(text, sizeof w_ / sizeof w_[0], w_);                                              \
    } while (0)

/* The tokens after emoji expansion and punctuation stripping, " | "-joined,
 * as written (not lower-cased): re-derived from the token spans. */
static const char *tokens(const char *text) {
    static char out[4096];
    const char *t;
    size_t tl;
    assert_int_equal(expand(&M, &S, text, strlen(text), &t, &tl), 0);
    /* Rebuild the original-case tokens with the same split and strip. */
    const unsigned char *u = (const unsigned char *)t;
    size_t i = 0, k, o = 0;
    out[0] = '\0';
    while (i < tl) {
        if (space_at(u, i, tl, &k)) {
            i += k;
            continue;
        }
        size_t b = i;
        i += k;
        while (i < tl && !space_at(u, i, tl, &k)) i += k;
        size_t e = i, sb = b, se = e, cps = 0;
        while (sb < se && (cls[u[sb]] & PU)) sb++;
        while (se > sb && (cls[u[se - 1]] & PU)) se--;
        for (size_t p = sb; p < se && cps < 3; cps++) {
            uint32_t cp;
            p += vader_utf8_next(u + p, se - p, &cp);
        }
        if (cps <= 2) sb = b, se = e;
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", o ? " | " : "", (int)(se - sb),
                              t + sb);
        assert_true(o < sizeof out);
    }
    return out;
}

static double norm(double x) {
    return x / sqrt(x * x + 15);
}

/* ------------------------------------------------------------------------ */
/* §6.1 tokens and §8 aggregation                                            */

static void test_basic_and_aggregation(void **state) {
    (void)state;
    V("The soup tastes good", 0, 0, 0, 1.9);
    vader_scores r = score("The soup tastes good");
    assert_true(r.compound == norm(1.9));
    double total = (1.9 + 1) + 0.0 + 3;
    assert_true(r.pos == fabs((1.9 + 1) / total));
    assert_true(r.neu == fabs(3 / total));
    assert_true(r.neg == 0.0);
    /* nothing scored: neu is 1, compound 0 */
    r = score("The soup is in the pot");
    assert_true(r.neu == 1.0 && r.compound == 0.0 && r.pos == 0.0);
    /* no token at all: every score is 0, neu included */
    r = score(" \t\n ");
    assert_true(r.neu == 0.0 && r.compound == 0.0);
    r = score("");
    assert_true(r.neu == 0.0 && r.compound == 0.0);
}

static void test_strip_rule(void **state) {
    (void)state;
    /* stripping that leaves <= 2 code points keeps the token as written */
    assert_string_equal(tokens("Fine, ok. \"okay!!\" (x) :-) -"),
                        "Fine | ok. | okay | (x) | :-) | -");
    V("Fine, ok.", 0.8, 0);
    V("\"okay!!\"", 0.9 + 2 * 0.292 - 2 * 0.292); /* the valence itself is unchanged */
    /* non-ASCII punctuation is never stripped, lengths are in code points */
    assert_string_equal(tokens("\xe2\x80\x9cnice\xe2\x80\x9d \xc3\xa9t\xc3\xa9."),
                        "\xe2\x80\x9cnice\xe2\x80\x9d | \xc3\xa9t\xc3\xa9");
    assert_string_equal(tokens("\xc3\xa9\xc3\xa9."), "\xc3\xa9\xc3\xa9.");
}

static void test_unicode_whitespace_and_case(void **state) {
    (void)state;
    /* NBSP, U+2003 and U+3000 split; U+200B does not */
    assert_string_equal(tokens("nice\xc2\xa0good\xe2\x80\x83sad\xe3\x80\x80joy"),
                        "nice | good | sad | joy");
    assert_string_equal(tokens("nice\xe2\x80\x8bgood"), "nice\xe2\x80\x8bgood");
    /* U+001C..U+001F and U+0085 are Python whitespace too */
    assert_string_equal(tokens("nice\x1fgood\xc2\x85sad"), "nice | good | sad");
    /* KELVIN SIGN lower-cases to ASCII k: "\u212Aind of" is "kind of" */
    V("The soup is \xe2\x84\xaaind of bad", 0, 0, 0, 0, 0, -2.5 + -0.293);
    /* accented capitals are upper case: a cap differential */
    V("\xc3\x89T\xc3\x89 is GOOD but", 0, 0, (1.9 + 0.733) * 0.5, 0);
    V("\xc3\xa9t\xc3\xa9 is GOOD", 0, 0, 1.9 + 0.733);
}

/* The lower-cased tokens, " | "-joined. */
static const char *lowered(const char *text) {
    static char out[4096];
    vader_scores r;
    assert_int_equal(vader_score(&M, &S, text, strlen(text), &r), 0);
    const char *t;
    size_t tl, n, ex, qu, o = 0;
    assert_int_equal(expand(&M, &S, text, strlen(text), &t, &tl), 0);
    assert_int_equal(tokenize(&M, &S, t, tl, &n, &ex, &qu), 0);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%.*s", i ? " | " : "", (int)S.tok[i].len,
                              S.tok[i].lo);
        assert_true(o < sizeof out);
    }
    return out;
}

static void test_final_sigma(void **state) {
    (void)state;
    /* str.lower(): capital sigma after a cased letter and before none is
     * final (U+03C2), case-ignorable characters skipped both ways */
    assert_string_equal(lowered("\xce\x9a\xce\x91\xce\x9b\xce\x9f\xce\xa3"),
                        "\xce\xba\xce\xb1\xce\xbb\xce\xbf\xcf\x82");
    assert_string_equal(lowered("\xce\xa3"), "\xcf\x83");       /* alone */
    assert_string_equal(lowered("A\xce\xa3.x"), "a\xcf\x83.x"); /* '.' skipped, x cased */
    assert_string_equal(lowered("A\xce\xa3.1"), "a\xcf\x82.1"); /* 1 is not cased */
    assert_string_equal(lowered("1\xce\xa3x"), "1\xcf\x83x");   /* nothing cased before */
    assert_string_equal(lowered("A'\xce\xa3\xce\xa3"), "a'\xcf\x83\xcf\x82");
    /* İ lower-cases to two code points, KELVIN SIGN to ASCII k */
    assert_string_equal(lowered("\xc4\xb0\xe2\x84\xaa"), "i\xcc\x87k");
}

/* ------------------------------------------------------------------------ */
/* §6.3: boosters, caps, "kind of"                                           */

static void test_boosters(void **state) {
    (void)state;
    V("The soup is really good", 0, 0, 0, 0, 1.9 + 0.293);
    V("The soup is somewhat good", 0, 0, 0, 0, 1.9 + -0.293);
    /* the increment follows the sign of the word: "really bad" is worse */
    V("The soup is really bad", 0, 0, 0, 0, -2.5 + 0.293 * -1);
    /* distance 2 and 3 damp the increment by 0.95 and 0.9 */
    V("The soup is really very good", 0, 0, 0, 0, 0, ((1.9 + 0.293) + 0.293 * 0.95) + 0.0);
    V("extremely the soup good", 0, 0, 0, ((1.9 + 0.0) + 0.0) + 0.293 * 0.9);
    /* a lexicon word skips the window at its own position only */
    V("really good soup sweet", 0, 1.9 + 0.293, 0, (2.0 + 0.0) + 0.293 * 0.9);
    /* a booster is itself 0 */
    V("really", 0);
}

static void test_caps(void **state) {
    (void)state;
    V("The soup is GOOD", 0, 0, 0, 1.9 + 0.733);
    V("The soup is REALLY good", 0, 0, 0, 0, 1.9 + (0.293 + 0.733));
    /* the caps increment joins the booster before the distance damping */
    V("The soup REALLY is good", 0, 0, 0, 0, (1.9 + 0.0) + (0.293 + 0.733) * 0.95);
    /* "I" is upper case: this is a cap differential */
    V("I think it is GOOD", 0, 0, 0, 0, 1.9 + 0.733);
    /* all upper case: no differential, no emphasis */
    V("THE SOUP IS REALLY GOOD", 0, 0, 0, 0, 1.9 + 0.293);
    /* a negative word in caps gets more negative */
    V("the soup is BAD", 0, 0, 0, -2.5 - 0.733);
}

static void test_kind_of(void **state) {
    (void)state;
    /* "kind" before "of" is 0; "kind of" as a trigram dampens without the
     * sign flip, so "kind of bad" is worse than "bad" */
    V("The soup is kind of bad", 0, 0, 0, 0, 0, ((-2.5 + 0.0) + 0.0) + -0.293);
    V("The soup is kind of good", 0, 0, 0, 0, 0, ((1.9 + 0.0) + 0.0) + -0.293);
    V("The soup is sort of good", 0, 0, 0, 0, 0, ((1.9 + 0.0) + 0.0) + -0.293);
    /* at the start (i < 3) nothing dampens */
    V("Kind of bad", 0, 0, -2.5);
    /* "kind" elsewhere is a lexicon word */
    V("They were kind", 0, 0, 2.4);
}

/* ------------------------------------------------------------------------ */
/* §6.4: negation                                                            */

static void test_negation(void **state) {
    (void)state;
    V("The soup is not good", 0, 0, 0, 0, 1.9 * -0.74);
    V("The soup isn't good", 0, 0, 0, 1.9 * -0.74);
    V("The soup aint good", 0, 0, 0, 1.9 * -0.74);
    /* distance 2 and 3 */
    V("The soup is not very good", 0, 0, 0, 0, 0, (1.9 + 0.293) * -0.74);
    V("The soup is never that hot good", 0, 0, 0, 0, 0, 0, ((1.9 + 0.0) + 0.0) * -0.74);
    /* "n't" anywhere in the word; only the ASCII apostrophe */
    V("Couldn't've been good", 0, 0, 1.9 * -0.74);
    V("The soup isn\xe2\x80\x99t good", 0, 0, 0, 1.9);
    /* the window is three tokens */
    V("Not that the soup tastes good", 0, 0, 0, 0, 0, 1.9);
    /* two negators flip twice */
    V("not never good", 0, 0, (1.9 * -0.74) * -0.74);
    /* "without doubt": "doubt" is a lexicon word (blocking distance 1) and
     * is itself negated by "without" */
    V("Without doubt lovely", 0, -1.5 * -0.74, 2.8);
    V("Without a doubt lovely", 0, 0, -1.5 * -0.74, ((2.8 + 0.0) + 0.0));
}

static void test_never_so_this(void **state) {
    (void)state;
    V("The day was never so lovely", 0, 0, 0, 0, 0, (((2.8 + 0.293) * 1.25) + 0.0) * 1.25);
    V("The day was never this lovely", 0, 0, 0, 0, 0, ((2.8 + 0.0) * 1.25 + 0.0) * 1.25);
    /* precedence quirk: "so" or "this" right before the word is enough at
     * distance 3, without any "never" */
    V("It is so lovely", 0, 0, 0, ((2.8 + 0.293) + 0.0 + 0.0) * 1.25);
    V("We think this lovely", 0, 0, 0, ((2.8 + 0.0) + 0.0 + 0.0) * 1.25);
    /* ... but needs i >= 3 */
    V("so lovely", 0, 2.8 + 0.293);
}

/* ------------------------------------------------------------------------ */
/* "no" and "least"                                                          */

static void test_no(void **state) {
    (void)state;
    /* "no" before a lexicon word is 0 and negates it */
    V("There is no joy", 0, 0, 0.0, 2.8 * -0.74);
    /* an upper-case NO with a cap differential: 0 - 0.733 */
    V("There is NO joy", 0, 0, 0.0 - 0.733, 2.8 * -0.74);
    /* "no" as the last word keeps its own valence */
    V("The answer was no", 0, 0, 0, -1.2);
    /* "no" two back, and three back through "or"/"nor" */
    V("There is no cold joy", 0, 0, -1.2, 0, 2.8 * -0.74);
    V("There is no fun or joy", 0, 0, 0.0, 2.3 * -0.74, 0, 2.8 * -0.74);
    /* "No," keeps its comma (short token) and is not "no" */
    V("No, joy", 0, 2.8);
}

static void test_least(void **state) {
    (void)state;
    V("It is the least pleasant room", 0, 0, 0, 0, 2.3 * -0.74, 0);
    V("It is at least pleasant", 0, 0, 0, 0, 2.3);
    V("It was the very least pleasant", 0, 0, 0, 0, 0, (2.3 + 0.0 + 0.293 * 0.95 + 0.0));
    V("Least pleasant", 0, 2.3 * -0.74);
}

/* ------------------------------------------------------------------------ */
/* §6.5: special idioms                                                      */

static void test_idioms(void **state) {
    (void)state;
    /* a special phrase replaces the valence */
    V("This soup was the bomb", 0, 0, 0, 0, 3.0);
    /* ... unless the word three back is a lexicon word ("party") */
    V("This party was the bomb", 0, 1.7, 0, 0, -2.2);
    /* ... only from i >= 3 */
    V("the bomb", 0, -2.2);
    /* a special phrase before a word overwrites that word */
    V("Then oh yeah right nice", 0, 0, 1.2, 0, -2.0);
    /* look-ahead from the word: "yeah right" after position 3 */
    V("We said then yeah right", 0, 0, 0, -2.0, 0);
    /* "to die for" can never fire */
    V("The cake here is to die for", 0, 0, 0, 0, 0, -2.9, 0);
}

/* ------------------------------------------------------------------------ */
/* §7: "but"                                                                 */

static void test_but(void **state) {
    (void)state;
    V("The view was lovely but the room was ugly", 0, 0, 0, 2.8 * 0.5, 0, 0, 0, 0, -2.3 * 1.5);
    V("The view was lovely BUT the room was ugly", 0, 0, 0, 2.8 * 0.5, 0, 0, 0, 0, -2.3 * 1.5);
    /* only the first "but" counts */
    V("Nice but sad but nice", 1.8 * 0.5, 0, -2.1 * 1.5, 0, 1.8 * 1.5);
    /* the index quirk: "ok" (1.2) finds the slot of kind*0.5 (1.2) first */
    V("They were kind but it is ok", 0, 0, (2.4 * 0.5) * 0.5, 0, 0, 0, 1.2);
}

static void test_but_rule_fast_equals_naive(void **state) {
    (void)state;
    /* Few distinct values make the list.index() collisions frequent. */
    static const double vals[] = {0, 0, 1.2, 2.4, 0.6, 1.8, -1.2, -0.6, 0.9, 3.6, 2.7};
    vader_but_scratch bs = {0};
    unsigned seed = 12345;
    for (int round = 0; round < 300; round++) {
        size_t n = 65 + (size_t)(round * 7 % 400);
        double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
        assert_non_null(a);
        assert_non_null(b);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            a[i] = b[i] = vals[(seed >> 16) % (sizeof vals / sizeof vals[0])];
        }
        size_t bi = (size_t)(seed >> 8) % n;
        vader_but_rule_naive(a, n, bi);
        assert_int_equal(vader_but_rule(b, n, bi, &bs), 0);
        for (size_t i = 0; i < n; i++)
            if (memcmp(&a[i], &b[i], sizeof a[i]) != 0)
                fail_msg("round %d, n %zu, bi %zu: slot %zu %.17g != %.17g", round, n, bi, i, a[i],
                         b[i]);
        free(a);
        free(b);
    }
    vader_but_scratch_free(&bs);
}

/* ------------------------------------------------------------------------ */
/* §8 punctuation, §5 emoji                                                  */

static void test_punctuation(void **state) {
    (void)state;
    assert_true(score("Lovely!!").compound == norm(2.8 + (2 * 0.292 + 0.0)));
    assert_true(score("Lovely!!!!!!").compound == norm(2.8 + (4 * 0.292 + 0.0)));
    assert_true(score("Lovely?").compound == norm(2.8));
    assert_true(score("Lovely???").compound == norm(2.8 + (0 * 0.292 + 3 * 0.18)));
    assert_true(score("Lovely?????").compound == norm(2.8 + (0.0 + 0.96)));
    assert_true(score("Ugly!").compound == norm(-2.3 - (0.292 + 0.0)));
    /* counted anywhere in the text, even in a neutral word */
    assert_true(score("soup!!?? lovely").compound == norm(2.8 + (2 * 0.292 + 2 * 0.18)));
    /* no sentiment: no emphasis */
    assert_true(score("Where is the soup?!?!").compound == 0.0);
}

static void test_emoji(void **state) {
    (void)state;
    assert_string_equal(tokens("Dinner \xf0\x9f\x98\x80"), "Dinner | grinning | face");
    /* glued before a word: the space goes before, never after */
    assert_string_equal(tokens("I \xf0\x9f\x98\x80soup"), "I | grinning | facesoup");
    assert_string_equal(tokens("soup\xf0\x9f\x98\x80"), "soup | grinning | face");
    assert_string_equal(tokens("\xf0\x9f\x98\x80\xf0\x9f\x98\x80"),
                        "grinning | face | grinning | face");
    /* VS16 sticks to the description: "heart\uFE0F" is not "heart" */
    assert_string_equal(tokens("a \xe2\x9d\xa4\xef\xb8\x8f b"), "a | red | heart\xef\xb8\x8f | b");
    V("a \xe2\x9d\xa4 b", 0, 0, 3.2, 0);
    V("a \xe2\x9d\xa4\xef\xb8\x8f b", 0, 0, 0, 0);
    /* multi-code-point keys never match: thumbs up + skin tone = two */
    assert_string_equal(tokens("\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd"),
                        "thumbs | up | medium | skin | tone");
}

/* ------------------------------------------------------------------------ */
/* §9 rounding                                                               */

static void test_rounding(void **state) {
    (void)state;
    /* exact binary ties go to even, as Python round() and printf do */
    assert_true(vader_round_digits(0.3125, 3) == 0.312);
    assert_true(vader_round_digits(0.1875, 3) == 0.188);
    assert_true(vader_round_digits(0.0625, 3) == 0.062);
    assert_true(vader_round_digits(-0.00004, 4) == 0.0);
    assert_true(signbit(vader_round_digits(-0.00004, 4)));
    /* the fast path agrees with the printf path everywhere */
    unsigned seed = 7;
    for (int i = 0; i < 200000; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = (double)(seed % 2000001) / 1000000.0 - 1.0;
        if (i % 3 == 0) x = (double)(seed % 20001) / 20000.0; /* many exact quarters */
        for (int nd = 3; nd <= 4; nd++) {
            char buf[64];
            snprintf(buf, sizeof buf, "%.*f", nd, x);
            double want = strtod(buf, NULL), got = vader_round_digits(x, nd);
            if (memcmp(&want, &got, sizeof got) != 0)
                fail_msg("round(%.17g, %d) = %.17g, printf says %.17g", x, nd, got, want);
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Lexicon files                                                             */

static vader_model scratch_model(void) {
    vader_model m;
    assert_int_equal(vader_model_init(&m), 0);
    return m;
}

static void lex_error(const char *text, const char *want) {
    vader_model m = scratch_model();
    char err[512] = "";
    assert_int_equal(
        vader_model_load_lexicon_text(&m, "my.tsv", text, strlen(text), err, sizeof err), -1);
    if (!strstr(err, want)) fail_msg("expected \"%s\" in \"%s\"", want, err);
    vader_model_free(&m);
}

static void test_lexicon_errors(void **state) {
    (void)state;
    lex_error("good\t1.9\nbad\tvery\t0.5\n",
              "my.tsv:2: valence 'very' of 'bad' is not a finite number");
    lex_error("good 1.9\n", "my.tsv:1: expected WORD<TAB>VALENCE");
    /* empty lines are skipped but counted */
    lex_error("good\t1.9\n\n\nmeh\tnan\n", "my.tsv:4:");
    lex_error("a\tinf\n", "my.tsv:1:");
    lex_error("a\t1e999\n", "my.tsv:1:");
    lex_error("a\t0x1p3\n", "my.tsv:1:");
    lex_error("a\t\n", "my.tsv:1:");
    lex_error("good\t1\nb\xff\t1\n", "my.tsv:2: invalid UTF-8");
    lex_error("   \n", "my.tsv:1: expected");
    /* a missing file is the host's to report: test_sentiment_stage and
     * test_toolkit check it */
}

static const vader_entry *word(const vader_model *m, const char *w) {
    return vader_table_find(&m->words, m->pool, w, strlen(w),
                            weft_fnv64(WEFT_FNV64_INIT, w, strlen(w)));
}

static void test_lexicon_reading(void **state) {
    (void)state;
    vader_model m = scratch_model();
    char err[512];
    const char *text = "meh\t-0.5\t0.1\t[1]\r\n  yay\t +2.25e0 \n\nmeh\t-0.75\nLOUD\t1\n\n\n";
    assert_int_equal(vader_model_load_lexicon_text(&m, "t", text, strlen(text), err, sizeof err),
                     0);
    assert_int_equal(m.lexicon_lines, 4);
    assert_true(word(&m, "meh")->lex == -0.75); /* the later line wins */
    assert_true(word(&m, "yay")->lex == 2.25);  /* lines are stripped */
    assert_non_null(word(&m, "LOUD"));          /* keys are kept as written */
    vader_model_finish(&m);
    vader_scratch s = {0};
    vader_scores r;
    /* ... so an upper-case key never matches a (lower-cased) token */
    assert_int_equal(vader_score(&m, &s, "LOUD", 4, &r), 0);
    assert_true(r.compound == 0.0);
    assert_int_equal(vader_score(&m, &s, "yay", 3, &r), 0);
    assert_true(r.compound == norm(2.25));
    vader_scratch_free(&s);
    vader_model_free(&m);
    /* the shipped file: 7,520 lines, the 14 duplicates resolved to the later value */
    assert_int_equal(M.lexicon_lines, 7520);
    assert_true(word(&M, "lol")->lex == 1.8);
    assert_true(word(&M, "d:")->lex == 1.2);
    assert_int_equal(M.nemoji, 1212);
}

static void test_emoji_file(void **state) {
    (void)state;
    vader_model m = scratch_model();
    char err[512];
    const char *text = "\xe2\x98\x85\tstar\n&\tand happy\n\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd\tx\n"
                       "\xe2\x98\x85\tgood star\n";
    assert_int_equal(vader_model_load_emoji_text(&m, "e", text, strlen(text), err, sizeof err), 0);
    assert_int_equal(
        vader_model_load_lexicon_text(&m, "l", "happy\t2\ngood\t1\n", 15, err, sizeof err), 0);
    vader_model_finish(&m);
    assert_int_equal(m.nemoji, 2);
    assert_int_equal(m.emoji_unused, 1);
    vader_scratch s = {0};
    vader_scores r;
    /* an ASCII key works too, and the later line of a duplicate wins */
    assert_int_equal(vader_score(&m, &s, "&", 1, &r), 0);
    assert_true(r.compound == norm(2.0));
    assert_int_equal(vader_score(&m, &s, "\xe2\x98\x85", 3, &r), 0);
    assert_true(r.compound == norm(1.0));
    vader_scratch_free(&s);
    const char *bad = "\xe2\x98\x85\tstar\n\n&\tand\n";
    assert_int_equal(vader_model_load_emoji_text(&m, "e.txt", bad, strlen(bad), err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "e.txt:2: expected EMOJI<TAB>DESCRIPTION"));
    vader_model_free(&m);
}

/* ------------------------------------------------------------------------ */
/* Bad input: correct, linear, no crash (also run under ASan by make asan)   */

static char *repeat(const char *unit, size_t times, size_t *len) {
    size_t u = strlen(unit);
    char *s = malloc(u * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++) memcpy(s + i * u, unit, u);
    s[u * times] = '\0';
    *len = u * times;
    return s;
}

static void test_bad_input(void **state) {
    (void)state;
    vader_scores r;
    size_t len;
    /* only punctuation: one neutral token */
    r = score("?!.,;:");
    assert_true(r.neu == 1.0 && r.compound == 0.0);
    /* 1 MB of "!": one token, emphasis counted but nothing to emphasise */
    char *s = repeat("!!!!", 1 << 18, &len);
    assert_int_equal(vader_score(&M, &S, s, len, &r), 0);
    assert_true(r.neu == 1.0 && r.compound == 0.0);
    free(s);
    /* 100,000 emoji: 200,000 tokens of which "grinning" scores 1.5 */
    s = repeat("\xf0\x9f\x98\x80", 100000, &len);
    assert_int_equal(vader_score(&M, &S, s, len, &r), 0);
    assert_true(r.compound > 0.999 && r.compound <= 1.0);
    assert_true(fabs(r.pos + r.neu - 1.0) < 1e-12);
    free(s);
    /* invalid UTF-8: each bad byte is one uncased, non-space character */
    V("good \xff\xfe bad \xc3", 1.9, 0, -2.5, 0);
    V("\xed\xa0\x80 nice \xc0\xaf", 0, 1.8, 0);
    /* a word longer than 64 KB, upper case, next to a lexicon word */
    s = repeat("A", 100000, &len);
    char *t = malloc(len + 16);
    assert_non_null(t);
    memcpy(t, s, len);
    memcpy(t + len, " good", 6);
    assert_int_equal(vader_score(&M, &S, t, len + 5, &r), 0);
    assert_true(S.s[1] == 1.9); /* the capital word is upper, "good" is not */
    free(s);
    free(t);
    /* many "but"s and repeated values: the O(n log n) rule agrees with
     * the reference's quadratic one on a size both can do */
    s = repeat("nice but good ugly nice kind ", 2000, &len);
    assert_int_equal(vader_score(&M, &S, s, len, &r), 0);
    size_t n = 12000;
    double *fast = malloc(n * sizeof *fast);
    assert_non_null(fast);
    memcpy(fast, S.s, n * sizeof *fast);
    /* recompute the pre-"but" valences and run the naive rule */
    const char *tt;
    size_t tl, ntok, ex_, qu_;
    assert_int_equal(expand(&M, &S, s, len, &tt, &tl), 0);
    assert_int_equal(tokenize(&M, &S, tt, tl, &ntok, &ex_, &qu_), 0);
    assert_int_equal(ntok, n);
    ctx c = {&M, &S, S.tok, n, 0};
    for (size_t i = 0; i < n; i++) S.s[i] = valence(&c, i);
    vader_but_rule_naive(S.s, n, 1);
    assert_memory_equal(fast, S.s, n * sizeof *fast);
    free(fast);
    free(s);
    /* 200,000 tokens with "but": finishes (a quadratic rule would not) */
    s = repeat("nice but ", 100000, &len);
    assert_int_equal(vader_score(&M, &S, s, len, &r), 0);
    assert_true(r.compound > 0.99);
    free(s);
    /* the scratch a huge text left behind can be given back */
    vader_scratch_trim(&S, (size_t)1 << 30);
    assert_non_null(S.lower);
    vader_scratch_trim(&S, (size_t)1 << 20);
    assert_null(S.lower);
    assert_null(S.tok);
    V("still good", 0, 1.9);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_and_aggregation),
        cmocka_unit_test(test_strip_rule),
        cmocka_unit_test(test_unicode_whitespace_and_case),
        cmocka_unit_test(test_final_sigma),
        cmocka_unit_test(test_boosters),
        cmocka_unit_test(test_caps),
        cmocka_unit_test(test_kind_of),
        cmocka_unit_test(test_negation),
        cmocka_unit_test(test_never_so_this),
        cmocka_unit_test(test_no),
        cmocka_unit_test(test_least),
        cmocka_unit_test(test_idioms),
        cmocka_unit_test(test_but),
        cmocka_unit_test(test_but_rule_fast_equals_naive),
        cmocka_unit_test(test_punctuation),
        cmocka_unit_test(test_emoji),
        cmocka_unit_test(test_rounding),
        cmocka_unit_test(test_lexicon_errors),
        cmocka_unit_test(test_lexicon_reading),
        cmocka_unit_test(test_emoji_file),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
