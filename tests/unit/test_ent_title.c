/*
 * The entities stage's title splitter (entities/title.h) against the
 * tokenizer plugin's own scanner with its default options (uax29 style,
 * English refinements, hyphens auto): the title's names must hash as the
 * body's do, so the two must cut headlines into the same tokens. Headlines
 * written for this test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entities/title.c"
#include "tokenizer/abbrev.c"
#include "tokenizer/tokens.c"
#include "tokenizer/wordbreak.c"

typedef struct toks {
    uint32_t b[256], e[256];
    unsigned kind[256];
    size_t n;
} toks;

static int collect(void *ctx, uint32_t b, uint32_t e, unsigned info) {
    toks *t = ctx;
    assert_true(t->n < 256);
    t->b[t->n] = b;
    t->e[t->n] = e;
    t->kind[t->n++] = info & TI_KIND_MASK;
    return 0;
}

/* The tokenizer's tokens of s and the splitter's are the same spans, and
 * the splitter's kinds are what the stage reads of the tokenizer's. */
static void same(const tok_opts *o, const char *s) {
    toks t = {.n = 0};
    size_t n = strlen(s);
    assert_int_equal(tok_scan(o, (const unsigned char *)s, n, collect, &t), 0);
    ent_tok out[256];
    size_t k = ent_title_split(s, n, out, 256);
    if (k != t.n) fprintf(stderr, "%s: %zu tokens, the tokenizer %zu\n", s, k, t.n);
    for (size_t i = 0; i < k && i < t.n; i++) {
        if (out[i].b != t.b[i] || out[i].e != t.e[i])
            fprintf(stderr, "%s: token %zu is [%u, %u), the tokenizer's [%u, %u)\n", s, i, out[i].b,
                    out[i].e, t.b[i], t.e[i]);
        assert_int_equal(out[i].b, t.b[i]);
        assert_int_equal(out[i].e, t.e[i]);
        unsigned want = t.kind[i] == TK_WORD     ? K_WORD
                        : t.kind[i] == TK_NUMBER ? K_NUMBER
                        : t.kind[i] == TK_PUNCT  ? K_PUNCT
                                                 : K_OTHER;
        assert_int_equal(out[i].kind, want);
    }
    assert_int_equal(k, t.n);
}

static void t_like_tokenizer(void **state) {
    (void)state;
    tok_abbrev ab;
    char msg[128];
    assert_int_equal(tok_abbrev_init(&ab, NULL, 0, msg, sizeof msg), 0);
    tok_opts o = {.ptb = 0, .refine = 1, .hyphens = TOK_HYPHENS_AUTO, .abbrev = &ab};
    static const char *const heads[] = {"Olympic champion Tamsin Okoro retires at 31",
                                        "Mayor O'Donnell's plan: \"no new taxes\" (for now)",
                                        "U.S. and E.U. agree on 3.5% tariff cut, 1,200 jobs saved",
                                        "Jean-Luc Moreau wins Tour stage \xe2\x80\x93 again",
                                        "\xe2\x80\x9c"
                                        "Enough\xe2\x80\x9d, says M\xc3\xbcller after 2-1 loss",
                                        "Why Zo\xc3\xab Laine left Rivertown?",
                                        "Floods cut off Lincoln as the river rises!",
                                        "Storm Edda: what we know so far",
                                        NULL};
    for (size_t i = 0; heads[i]; i++) same(&o, heads[i]);
    tok_abbrev_free(&ab);
}

static void t_split_edges(void **state) {
    (void)state;
    ent_tok out[4];
    /* the count may exceed max; only max are written */
    assert_int_equal(ent_title_split("a b c d e f", 11, out, 4), 6);
    assert_int_equal(out[3].b, 6);
    assert_int_equal(ent_title_split("", 0, out, 4), 0);
    assert_int_equal(ent_title_split(" \t\n ", 4, out, 4), 0);
    /* invalid UTF-8: each bad byte a token of its own ("Ab", ff, "cd", e2,
     * 80), never read past the end */
    static const char bad[] = "Ab\xff"
                              "cd\xe2\x80";
    assert_int_equal(ent_title_split(bad, sizeof bad - 1, out, 4), 5);
    assert_int_equal(out[1].b, 2);
    assert_int_equal(out[1].e, 3);
    assert_int_equal(out[1].kind, K_PUNCT);
    assert_true(ent_title_has_letter("12 Okoro", 8));
    assert_false(ent_title_has_letter("12 - 3 !", 8));
    assert_false(ent_title_has_letter("", 0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_like_tokenizer),
        cmocka_unit_test(t_split_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
