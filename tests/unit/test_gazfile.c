/*
 * Unit tests of the entities plugin's prebuilt gazetteer (gazfile.h): a
 * table written and viewed again answers every lookup as the table it was
 * written from, the shipped lists included; and the viewer refuses, without
 * reading outside the bytes it was given, every truncation and every
 * one-byte change of a file, a file built from other lists, another version
 * and a table with user labels. A viewed table is read-only.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "entities/gaz.c"
#include "entities/gazfile.c"

static const char lines[] = "Paris\nNew York City\nSan Francisco\n# comment\nÉcole Normale\n"
                            "ΝΙΚΟΣ\nde la Cruz\n";

static void small(gaz *g) {
    char err[256];
    gaz_init(g);
    assert_int_equal(
        gaz_load_mem(g, "t", lines, sizeof lines - 1, GAZ_FMT_LINES, G_CITY, err, sizeof err), 0);
    assert_int_equal(gaz_add(g, "Smith", 5, G_LAST, 0, 7, 0), 0);
}

/* A copy in 8-byte aligned memory of its own, so ASan sees any overread. */
static unsigned char *copy(const unsigned char *f, size_t n) {
    unsigned char *c = malloc(n ? n : 1);
    assert_non_null(c);
    memcpy(c, f, n);
    return c;
}

/* Every entry of a is found in b with the same payload, and the other way. */
static void same_lookups(const gaz *a, const gaz *b) {
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->maxtok, b->maxtok);
    for (size_t i = 0; i < a->n; i++) {
        const gaz_entry *e = &a->e[i];
        const char *key = a->pool + e->key;
        gaz_tok t[GAZ_MAXTOK];
        size_t nt = 0, s = 0;
        uint64_t h = GAZ_SEED;
        for (size_t k = 0; k <= e->keylen; k++)
            if (k == e->keylen || key[k] == ' ') {
                t[nt] = (gaz_tok){key + s, (uint32_t)(k - s)};
                h = gaz_hash_tok(h, t[nt].s, t[nt].n, nt == 0);
                nt++;
                s = k + 1;
            }
        const gaz_entry *fa = gaz_find(a, h, t, nt), *fb = gaz_find(b, h, t, nt);
        assert_ptr_equal(fa, e);
        assert_non_null(fb);
        assert_int_equal(fb->flags, e->flags);
        assert_int_equal(fb->pop, e->pop);
        assert_int_equal(fb->rank, e->rank);
        assert_int_equal(fb->keylen, e->keylen);
        assert_int_equal(fb->ntok, e->ntok);
        assert_memory_equal(b->pool + fb->key, key, e->keylen);
    }
    gaz_tok miss[] = {{"Qzxwvjkq", 8}};
    uint64_t h = gaz_hash_tok(GAZ_SEED, "Qzxwvjkq", 8, 1);
    assert_null(gaz_find(b, h, miss, 1));
}

static void test_round_trip(void **st) {
    (void)st;
    gaz g, v;
    small(&g);
    unsigned char *f;
    size_t n;
    assert_int_equal(gaz_file_write(&g, 42, &f, &n), 0);
    unsigned char *c = copy(f, n);
    const char *why = NULL;
    gaz_init(&v);
    assert_int_equal(gaz_file_view(&v, c, n, 42, &why), 0);
    same_lookups(&g, &v);
    /* any case finds it, as in the built table */
    gaz_tok t[] = {{"NEW", 3}, {"york", 4}, {"City", 4}};
    uint64_t h = GAZ_SEED;
    for (size_t i = 0; i < 3; i++) h = gaz_hash_tok(h, t[i].s, t[i].n, i == 0);
    const gaz_entry *e = gaz_find(&v, h, t, 3);
    assert_non_null(e);
    assert_true(e->flags & G_CITY);
    /* read-only: adding fails instead of writing into the file's bytes */
    assert_int_equal(gaz_add(&v, "Lyon", 4, G_CITY, 0, 0, 0), -1);
    assert_int_equal(gaz_reserve(&v, 10), -1);
    gaz_free(&v); /* frees nothing of c */
    assert_null(v.e);
    free(c);
    free(f);
    gaz_free(&g);
}

static void test_refuses_damage(void **st) {
    (void)st;
    gaz g, v;
    small(&g);
    unsigned char *f;
    size_t n;
    const char *why;
    assert_int_equal(gaz_file_write(&g, 42, &f, &n), 0);
    /* every truncation */
    for (size_t k = 0; k < n; k++) {
        unsigned char *c = copy(f, k);
        gaz_init(&v);
        assert_int_equal(gaz_file_view(&v, c, k, 42, &why), -1);
        assert_null(v.e);
        free(c);
    }
    /* every one-byte change */
    for (size_t k = 0; k < n; k++) {
        unsigned char *c = copy(f, n);
        c[k] ^= (unsigned char)(1u << (k % 8));
        gaz_init(&v);
        if (gaz_file_view(&v, c, n, 42, &why) != -1) fail_msg("byte %zu changed, accepted", k);
        free(c);
    }
    /* built from other lists */
    unsigned char *c = copy(f, n);
    gaz_init(&v);
    assert_int_equal(gaz_file_view(&v, c, n, 43, &why), -1);
    assert_string_equal(why, "built from other lists");
    /* another version, its checksum right */
    c[8] = 2;
    weft_tab_put_le(c + 56, file_sum(c, n - GAZ_FILE_HEADER), 8);
    assert_int_equal(gaz_file_view(&v, c, n, 42, &why), -1);
    assert_string_equal(why, "another format version");
    /* an entry whose key runs past the pool, checksum made right */
    c[8] = 1;
    weft_tab_put_le(c + GAZ_FILE_HEADER + 24, 60000, 2);
    weft_tab_put_le(c + 56, file_sum(c, n - GAZ_FILE_HEADER), 8);
    assert_int_equal(gaz_file_view(&v, c, n, 42, &why), -1);
    assert_string_equal(why, "bad entry");
    free(c);
    free(f);
    /* user labels are not the file's to carry */
    assert_int_equal(gaz_label(&g, "DRUG"), 0);
    assert_int_equal(gaz_file_write(&g, 42, &f, &n), -1);
    gaz_free(&g);
}

/* The shipped lists (from the source tree), built as open() builds them,
 * and their table file: the same answers for all 145,000 phrases. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long sz = ftell(f);
    assert_true(sz >= 0);
    rewind(f);
    char *b = malloc((size_t)sz + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)sz, f), (size_t)sz);
    b[sz] = '\0';
    fclose(f);
    *len = (size_t)sz;
    return b;
}

static void test_shipped_lists(void **st) {
    (void)st;
    char *text[GAZ_NLISTS], names[GAZ_NLISTS][256], err[512];
    const char *np[GAZ_NLISTS];
    size_t len[GAZ_NLISTS];
    uint64_t src = WEFT_TAB_SUM_INIT;
    for (size_t i = 0; i < GAZ_NLISTS; i++) {
        snprintf(names[i], sizeof names[i], "plugins/entities/data/%s", gaz_lists[i].file);
        np[i] = names[i];
        text[i] = slurp(names[i], &len[i]);
        src = weft_tab_sum(src, text[i], len[i]);
    }
    gaz g, v;
    gaz_init(&g);
    assert_int_equal(gaz_build_lists(&g, np, (const char *const *)text, len, err, sizeof err), 0);
    assert_true(g.n > 100000);
    unsigned char *f;
    size_t n;
    assert_int_equal(gaz_file_write(&g, src, &f, &n), 0);
    const char *why = NULL;
    gaz_init(&v);
    assert_int_equal(gaz_file_view(&v, f, n, src, &why), 0);
    same_lookups(&g, &v);
    /* one byte of one list changed: another checksum */
    text[11][0] ^= 1;
    uint64_t other = WEFT_TAB_SUM_INIT;
    for (size_t i = 0; i < GAZ_NLISTS; i++) other = weft_tab_sum(other, text[i], len[i]);
    assert_true(other != src);
    gaz_free(&v);
    free(f);
    gaz_free(&g);
    for (size_t i = 0; i < GAZ_NLISTS; i++) free(text[i]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_refuses_damage),
        cmocka_unit_test(test_shipped_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
