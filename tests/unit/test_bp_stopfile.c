/*
 * The boilerplate plugin's prebuilt stop lists (plugins/boilerplate/stopfile.c)
 * and the container they use (include/weft/tabfile.h): the tables viewed in
 * a file are the ones built from the shipped lists, array for array and
 * lookup for lookup; a file that does not check out is refused whole (and
 * the lists left empty), whatever part of it is wrong; weft_strmap_view
 * refuses arrays a lookup could run off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Before cmocka.h, whose fail() macro would rename host->fail. */
#include "boilerplate/out.c"

#include <cmocka.h>

#include "boilerplate/sources.inc"

typedef struct built {
    bp_stoplist lists[BP_STOP_NLANGS];
    bp_shared sh;
    uint64_t src;
} built;

/* The lists as stoppack builds them, from plugins/boilerplate/data. */
static built *build_lists(void) {
    built *b = calloc(1, sizeof *b);
    assert_non_null(b);
    b->sh.lists = b->lists;
    b->sh.fixed_list = -1;
    b->src = WEFT_TAB_SUM_INIT;
    char names[BP_STOP_NLANGS][64], err[256];
    bp_stop_file_names(names);
    for (size_t i = 0; i < BP_STOP_NLANGS; i++) {
        char path[128];
        snprintf(path, sizeof path, "plugins/boilerplate/data/%s", strchr(names[i], '/') + 1);
        FILE *f = fopen(path, "rb");
        if (!f) fail_msg("cannot open %s (run the tests from the repository root)", path);
        static char text[1 << 18];
        size_t len = fread(text, 1, sizeof text, f);
        fclose(f);
        assert_true(len > 0 && len < sizeof text);
        b->src = weft_tab_sum(b->src, text, len);
        if (bp_stop_load_text(&b->lists[i], path, text, len, err, sizeof err)) fail_msg("%s", err);
        b->sh.nlists++;
    }
    assert_int_equal(bp_stop_index(&b->sh), WEFT_OK);
    return b;
}

static void free_built(built *b) {
    for (size_t i = 0; i < b->sh.nlists; i++) bp_stop_free(&b->lists[i]);
    weft_strmap_free(&b->sh.stop_any);
    free(b);
}

/* A file's bytes in memory aligned as a mapping is (malloc: 16 bytes). */
static unsigned char *file_of(const built *b, size_t *n) {
    unsigned char *f;
    assert_int_equal(bp_stop_file_write(&b->sh, b->src, &f, n), 0);
    return f;
}

/* A shared state to view a file into: lists allocated and zeroed. */
static bp_shared *viewer(void) {
    bp_shared *v = calloc(1, sizeof *v);
    assert_non_null(v);
    v->lists = calloc(BP_STOP_NLANGS, sizeof *v->lists);
    assert_non_null(v->lists);
    v->fixed_list = -1;
    return v;
}

static void free_viewer(bp_shared *v) {
    free(v->lists);
    free(v);
}

static void same_map(const weft_strmap *a, const weft_strmap *b) {
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->ix.mask, b->ix.mask);
    assert_int_equal(a->pool_len, b->pool_len);
    assert_int_equal(a->maxlen, b->maxlen);
    assert_memory_equal(a->ix.slots, b->ix.slots, (a->ix.mask + 1) * 8);
    if (a->n) assert_memory_equal(a->e, b->e, a->n * sizeof *a->e);
    if (a->pool_len) assert_memory_equal(a->pool, b->pool, a->pool_len);
}

/* Every array of the view is the built one, and every lookup answers alike. */
static void test_view_is_built(void **st) {
    (void)st;
    built *b = build_lists();
    size_t n;
    unsigned char *f = file_of(b, &n);
    bp_shared *v = viewer();
    const char *why = "unset";
    assert_int_equal(bp_stop_file_view(v, f, n, b->src, &why), 0);
    assert_int_equal(v->nlists, BP_STOP_NLANGS);
    same_map(&v->stop_any, &b->sh.stop_any);
    size_t words = 0;
    for (size_t i = 0; i < BP_STOP_NLANGS; i++) {
        const bp_stoplist *x = &v->lists[i], *y = &b->lists[i];
        assert_string_equal(x->name, bp_stop_langs[i].name);
        assert_string_equal(x->code, bp_stop_langs[i].code);
        same_map(&x->words, &y->words);
        assert_int_equal(x->short_mask, y->short_mask);
        assert_memory_equal(x->short_keys, y->short_keys, ((size_t)y->short_mask + 1) * 8);
        assert_memory_equal(x->lens, y->lens, sizeof y->lens);
        assert_memory_equal(x->pairs, y->pairs, sizeof y->pairs);
        assert_memory_equal(x->long_bits, y->long_bits, sizeof y->long_bits);
        /* every word of every list, in every list */
        for (size_t l = 0; l < BP_STOP_NLANGS; l++)
            for (size_t k = 0; k < b->lists[l].words.n; k++) {
                const weft_strmap *m = &b->lists[l].words;
                const char *w = weft_strmap_key(m, &m->e[k]);
                size_t wn = m->e[k].len;
                assert_int_equal(bp_stop_has(x, w, wn), bp_stop_has(y, w, wn));
                words++;
            }
        assert_false(bp_stop_has(x, "zzqxj", 5));
    }
    assert_true(words > 10000 * BP_STOP_NLANGS / 4);
    /* the language pick over a sample, through the index */
    const char *sample = "der die das und ist nicht ein eine mit von zu den auf";
    assert_ptr_equal(bp_stop_pick(v, NULL, 0, sample, strlen(sample)), &v->lists[1]);
    free_viewer(v);
    free(f);
    free_built(b);
}

/* The view refuses, and leaves the lists empty. */
static void refused(const unsigned char *f, size_t n, uint64_t src, const char *want) {
    unsigned char *c = malloc(n ? n : 1);
    assert_non_null(c);
    if (n) memcpy(c, f, n);
    bp_shared *v = viewer();
    const char *why = NULL;
    assert_int_equal(bp_stop_file_view(v, c, n, src, &why), -1);
    assert_non_null(why);
    if (want && strcmp(why, want) != 0) fail_msg("refused for '%s', not '%s'", why, want);
    assert_int_equal(v->nlists, 0);
    assert_int_equal(v->stop_any.n, 0);
    for (size_t i = 0; i < BP_STOP_NLANGS; i++) {
        assert_null(v->lists[i].words.e);
        assert_null(v->lists[i].short_keys);
    }
    free_viewer(v);
    free(c);
}

/* The file's checksum made right again after an edit, so that the check
 * of the part edited is what refuses it. */
static void reseal(unsigned char *f, size_t n) {
    weft_tab_put_le(f + 24, weft_tab_file_sum_(f, n), 8);
}

/* Where section i of f is. */
static unsigned char *sect(unsigned char *f, size_t i, size_t *len) {
    *len = (size_t)weft_tab_le64(f + WEFT_TAB_HEADER + 16 * i + 8);
    return f + weft_tab_le64(f + WEFT_TAB_HEADER + 16 * i);
}

static void test_refused(void **st) {
    (void)st;
    built *b = build_lists();
    size_t n, len;
    unsigned char *f = file_of(b, &n);
    refused(f, n, b->src + 1, "made from other data files");
    refused(f, n - 8, b->src, "truncated or padded");
    refused(f, 0, b->src, "not a table file of this kind");
    refused(f, 20, b->src, "not a table file of this kind");
    /* a flipped bit anywhere: refused (the header's fields, else the sum) */
    for (size_t at = 0; at < n; at += n / 97 + 1) {
        f[at] ^= 0x04;
        refused(f, n, b->src, NULL);
        f[at] ^= 0x04;
    }
    unsigned char *c = malloc(n);
    assert_non_null(c);
    /* another version */
    memcpy(c, f, n);
    weft_tab_put_le(c + 8, BP_STOP_FILE_VER + 1, 4);
    reseal(c, n);
    refused(c, n, b->src, "another format version");
    /* a slot of the first list naming an entry past its entries */
    memcpy(c, f, n);
    uint64_t *slots = (uint64_t *)(void *)sect(c, 0, &len);
    size_t k = 0;
    while (!slots[k]) k++;
    slots[k] = slots[k] >> 32 << 32 | 0xffffu;
    reseal(c, n);
    refused(c, n, b->src, "bad stop list");
    /* a key running past the pool */
    memcpy(c, f, n);
    weft_strmap_entry *e = (weft_strmap_entry *)(void *)sect(c, 1, &len);
    e[0].len = 0xffffff;
    reseal(c, n);
    refused(c, n, b->src, "bad stop list");
    /* a short-key table with no empty slot: a probe would never end */
    memcpy(c, f, n);
    uint64_t *sk = (uint64_t *)(void *)sect(c, 3, &len);
    for (size_t i = 0; i < len / 8; i++)
        if (!sk[i]) sk[i] = 0x0100000000000000ull | i;
    reseal(c, n);
    refused(c, n, b->src, "bad stop list");
    /* the index's slots: a count that is not a power of two */
    memcpy(c, f, n);
    size_t ix = BP_STOP_NLANGS * 6;
    weft_tab_put_le(c + WEFT_TAB_HEADER + 16 * ix + 8,
                    weft_tab_le64(c + WEFT_TAB_HEADER + 16 * ix + 8) - 8, 8);
    reseal(c, n);
    refused(c, n, b->src, "bad index");
    /* a section starting inside the previous one, or misaligned */
    memcpy(c, f, n);
    weft_tab_put_le(c + WEFT_TAB_HEADER + 16 * 1, weft_tab_le64(c + WEFT_TAB_HEADER), 8);
    reseal(c, n);
    refused(c, n, b->src, "bad section");
    memcpy(c, f, n);
    weft_tab_put_le(c + WEFT_TAB_HEADER, weft_tab_le64(c + WEFT_TAB_HEADER) + 4, 8);
    reseal(c, n);
    refused(c, n, b->src, "bad section");
    free(c);
    free(f);
    free_built(b);
}

/* The container alone: sections back where the writer put them. */
static void test_container(void **st) {
    (void)st;
    static const char magic[8] = "wefttst";
    const char a[] = "abc", bb[] = "0123456789";
    weft_tab_sect in[3] = {{a, 3}, {NULL, 0}, {bb, 10}}, out[3];
    unsigned char *f;
    size_t n;
    assert_int_equal(weft_tab_write(magic, 7, 42, in, 3, &f, &n), 0);
    assert_int_equal(n % 8, 2);
    const char *why;
    assert_int_equal(weft_tab_view(f, n, magic, 7, 42, out, 3, &why), 0);
    assert_int_equal(out[0].n, 3);
    assert_memory_equal(out[0].p, "abc", 3);
    assert_int_equal(out[1].n, 0);
    assert_int_equal(out[2].n, 10);
    assert_memory_equal(out[2].p, bb, 10);
    for (size_t i = 0; i < 3; i++) assert_int_equal((uintptr_t)out[i].p % 8, 0);
    assert_int_equal(weft_tab_view(f, n, magic, 7, 42, out, 2, &why), -1);
    assert_string_equal(why, "bad sections");
    assert_int_equal(weft_tab_view(f, n, magic, 8, 42, out, 3, &why), -1);
    assert_string_equal(why, "another format version");
    assert_int_equal(weft_tab_view(f, n, "weftxxx", 7, 42, out, 3, &why), -1);
    /* a section running past the end, checksum made right */
    weft_tab_put_le(f + WEFT_TAB_HEADER + 16 * 2 + 8, 11, 8);
    weft_tab_put_le(f + 24, weft_tab_file_sum_(f, n), 8);
    assert_int_equal(weft_tab_view(f, n, magic, 7, 42, out, 3, &why), -1);
    assert_string_equal(why, "bad section");
    free(f);
    /* the checksum is the entities gazetteer's (weftgaz 1 files stay valid) */
    assert_true(weft_tab_sum(WEFT_TAB_SUM_INIT, "", 0) != weft_tab_sum(WEFT_TAB_SUM_INIT, "a", 1));
}

static void test_strmap_view(void **st) {
    (void)st;
    weft_strmap m, v;
    weft_strmap_init(&m);
    const char *keys[] = {"alpha", "beta", "gamma", "delta", "a much longer key than the rest"};
    for (size_t i = 0; i < 5; i++)
        assert_non_null(weft_strmap_add(&m, keys[i], strlen(keys[i]), NULL));
    size_t ns = m.ix.mask + 1;
    assert_int_equal(weft_strmap_view(&v, m.ix.slots, ns, m.e, m.n, m.pool, m.pool_len), 0);
    for (size_t i = 0; i < 5; i++) assert_non_null(weft_strmap_find(&v, keys[i], strlen(keys[i])));
    assert_null(weft_strmap_find(&v, "epsilon", 7));
    assert_int_equal(v.maxlen, m.maxlen);
    /* refused: fewer entries than used slots, a key without its NUL, slots
     * not a power of two, more than half the slots used */
    assert_int_equal(weft_strmap_view(&v, m.ix.slots, ns, m.e, m.n - 1, m.pool, m.pool_len), -1);
    assert_null(v.e);
    assert_int_equal(weft_strmap_view(&v, m.ix.slots, ns, m.e, m.n, m.pool, m.pool_len - 1), -1);
    assert_int_equal(weft_strmap_view(&v, m.ix.slots, ns - 1, m.e, m.n, m.pool, m.pool_len), -1);
    uint64_t full[16];
    for (size_t i = 0; i < 16; i++) full[i] = (uint64_t)i << 32 | (i % 5 + 1);
    assert_int_equal(weft_strmap_view(&v, full, 16, m.e, m.n, m.pool, m.pool_len), -1);
    weft_strmap_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_is_built),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_container),
        cmocka_unit_test(test_strmap_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
