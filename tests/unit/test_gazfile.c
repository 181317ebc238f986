/*
 * Unit tests of the entities plugin's prebuilt gazetteer (gazfile.h): a
 * table written and viewed again answers every lookup as the table it was
 * written from, the shipped lists included; and the viewer refuses, without
 * reading outside the bytes it was given, every truncation and every
 * one-byte change of a file, a file built from other lists, another version
 * and a table with user labels. A viewed table is read-only. The same for
 * the word list with case's table file (wordcase.h): the same class for
 * every word, the shipped list included, and every damage refused. And the
 * WordNet noun table (wordnet.h), a gazetteer table file of its own.
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
#include "entities/wordcase.c"
#include "entities/wordnet.c"

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
    assert_int_equal(v.anyflags, g.anyflags); /* the entries' flags or'ed, from the file */
    assert_true(v.anyflags & G_CITY);
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

/* The word list with case: a table viewed from its file gives every word
 * of the list (and a word not in it) the class the built table gives. */
static void same_classes(const wc_table *a, const wc_table *b, const char *list, size_t len) {
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->mask, b->mask);
    for (size_t p = 0; p < len;) {
        const char *s = list + p, *nl = memchr(s, '\n', len - p);
        size_t n = nl ? (size_t)(nl - s) : len - p;
        p += n + 1;
        if (!n || s[0] == '#') continue;
        uint64_t h = gaz_hash_tok(GAZ_SEED, s, n, 1);
        assert_int_not_equal(wc_class(a, h), 0);
        assert_int_equal(wc_class(a, h), wc_class(b, h));
    }
    uint64_t h = gaz_hash_tok(GAZ_SEED, "qzxwvjkq", 8, 1);
    assert_int_equal(wc_class(b, h), 0);
}

static const char words[] = "Bath\nbath\nrailway\nNASA\n# a comment\n\nÉcole\nécole\nAberdeen\n";

static void test_wc_round_trip(void **st) {
    (void)st;
    wc_table t, v;
    char err[256];
    assert_int_equal(wc_load_mem(&t, "t", words, sizeof words - 1, err, sizeof err), 0);
    assert_int_equal(t.n, 5); /* Bath and bath, École and école: one word each */
    unsigned char *f;
    size_t n;
    assert_int_equal(wc_file_write(&t, 42, &f, &n), 0);
    unsigned char *c = copy(f, n);
    const char *why = NULL;
    assert_int_equal(wc_file_view(&v, c, n, 42, &why), 0);
    assert_true(v.view);
    same_classes(&t, &v, words, sizeof words - 1);
    assert_int_equal(wc_class(&v, gaz_hash_tok(GAZ_SEED, "BATH", 4, 1)), WC_LOWER | WC_CAP);
    assert_int_equal(wc_class(&v, gaz_hash_tok(GAZ_SEED, "Railway", 7, 1)), WC_LOWER);
    assert_int_equal(wc_class(&v, gaz_hash_tok(GAZ_SEED, "nasa", 4, 1)), WC_CAP);
    assert_int_equal(wc_class(&v, gaz_hash_tok(GAZ_SEED, "ÉCOLE", strlen("ÉCOLE"), 1)),
                     WC_LOWER | WC_CAP);
    wc_free(&v); /* frees nothing of c */
    assert_null(v.slot);
    /* every truncation and every one-byte change refused */
    for (size_t k = 0; k < n; k++) {
        unsigned char *d = copy(f, k);
        assert_int_equal(wc_file_view(&v, d, k, 42, &why), -1);
        assert_null(v.slot);
        free(d);
        d = copy(f, n);
        d[k] ^= (unsigned char)(1u << (k % 8));
        if (wc_file_view(&v, d, n, 42, &why) != -1) fail_msg("byte %zu changed, accepted", k);
        assert_null(v.slot);
        free(d);
    }
    /* made from another list */
    assert_int_equal(wc_file_view(&v, c, n, 43, &why), -1);
    assert_string_equal(why, "made from other data files");
    /* a full table (no empty slot: a probe would never end), its checksums right */
    wc_table full = t;
    uint32_t *fs = malloc(((size_t)t.mask + 1) * sizeof *fs);
    assert_non_null(fs);
    for (size_t i = 0; i <= t.mask; i++)
        fs[i] = t.slot[i] ? t.slot[i] : (uint32_t)(i + 1) << 2 | 1u;
    full.slot = fs;
    full.n = (size_t)t.mask + 1;
    unsigned char *g;
    size_t gn;
    assert_int_equal(wc_file_write(&full, 42, &g, &gn), 0);
    assert_int_equal(wc_file_view(&v, g, gn, 42, &why), -1);
    assert_string_equal(why, "bad sizes");
    /* a word count that is not the table's */
    full.slot = t.slot;
    full.n = t.n + 1;
    free(g);
    assert_int_equal(wc_file_write(&full, 42, &g, &gn), 0);
    assert_int_equal(wc_file_view(&v, g, gn, 42, &why), -1);
    assert_string_equal(why, "bad slot count");
    free(g);
    free(fs);
    free(c);
    free(f);
    wc_free(&t);
}

/* The shipped list (from the source tree) and its table: the same class for
 * all its words. */
static void test_wc_shipped_list(void **st) {
    (void)st;
    size_t len;
    char *text = slurp("plugins/entities/data/wordcase.txt", &len), err[256];
    wc_table t, v;
    assert_int_equal(wc_load_mem(&t, "wordcase.txt", text, len, err, sizeof err), 0);
    assert_true(t.n > 200000);
    uint64_t src = weft_tab_sum(WEFT_TAB_SUM_INIT, text, len);
    unsigned char *f;
    size_t n;
    assert_int_equal(wc_file_write(&t, src, &f, &n), 0);
    const char *why = NULL;
    assert_int_equal(wc_file_view(&v, f, n, src, &why), 0);
    same_classes(&t, &v, text, len);
    wc_free(&v);
    free(f);
    wc_free(&t);
    free(text);
}

/* The shipped WordNet noun table, built by wn_load and viewed from its
 * table file: the same entries for all its phrases. */
static void test_wordnet_table(void **st) {
    (void)st;
    size_t len;
    char *text = slurp("plugins/entities/data/wordnet_nouns.tsv", &len), err[256];
    gaz g, v;
    gaz_init(&g);
    assert_int_equal(wn_load(&g, "wordnet_nouns.tsv", text, len, err, sizeof err), 0);
    assert_true(g.n > 50000);
    uint64_t src = weft_tab_sum(WEFT_TAB_SUM_INIT, text, len);
    unsigned char *f;
    size_t n;
    assert_int_equal(gaz_file_write(&g, src, &f, &n), 0);
    const char *why = NULL;
    gaz_init(&v);
    assert_int_equal(gaz_file_view(&v, f, n, src, &why), 0);
    same_lookups(&g, &v);
    gaz_free(&v);
    free(f);
    gaz_free(&g);
    free(text);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_refuses_damage),
        cmocka_unit_test(test_shipped_lists),   cmocka_unit_test(test_wc_round_trip),
        cmocka_unit_test(test_wc_shipped_list), cmocka_unit_test(test_wordnet_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
