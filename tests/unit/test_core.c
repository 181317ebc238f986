/* Unit tests: arena, symbol table, document layers and attributes. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "doc.h"
#include "symtab.h"

static void arena_alignment_and_growth(void **st) {
    (void)st;
    weft_arena a;
    weft_arena_init(&a, 64, 0);
    for (int i = 1; i < 200; i++) {
        char *p = weft_arena_alloc(&a, (size_t)i);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 0xAB, (size_t)i); /* ASan catches an overlap or overrun */
    }
    char *big = weft_arena_alloc(&a, 100000); /* larger than a chunk */
    assert_non_null(big);
    memset(big, 1, 100000);
    weft_arena_reset(&a);
    assert_int_equal(a.used, 0);
    assert_non_null(weft_arena_alloc(&a, 10));
    weft_arena_free(&a);
}

static void arena_limit(void **st) {
    (void)st;
    weft_arena a;
    weft_arena_init(&a, 1024, 256);
    assert_non_null(weft_arena_alloc(&a, 200));
    assert_null(weft_arena_alloc(&a, 100)); /* past the limit */
    weft_arena_reset(&a);
    assert_non_null(weft_arena_alloc(&a, 100));
    weft_arena_free(&a);
}

static void arena_realloc_and_strings(void **st) {
    (void)st;
    weft_arena a;
    weft_arena_init(&a, 256, 0);
    char *p = weft_arena_alloc(&a, 8);
    memcpy(p, "abcdefg", 8);
    char *q = weft_arena_realloc(&a, p, 8, 40); /* last allocation: grows in place */
    assert_ptr_equal(p, q);
    char *other = weft_arena_strdup(&a, "other");
    char *r = weft_arena_realloc(&a, q, 40, 500); /* not last: copied */
    assert_string_equal(r, "abcdefg");
    assert_string_equal(other, "other");
    assert_string_equal(weft_arena_strndup(&a, "hello world", 5), "hello");
    assert_null(weft_arena_calloc(&a, SIZE_MAX / 2, 4)); /* overflow refused */
    weft_arena_free(&a);
}

/* Reset keeps one chunk, the largest within the cap: a huge allocation is
 * given back, a normal chunk is kept and reused. */
static void arena_reset_caps_what_it_keeps(void **st) {
    (void)st;
    weft_arena a;
    weft_arena_init(&a, 4096, 0);
    assert_int_equal(a.keep, WEFT_ARENA_KEEP);
    assert_int_equal(weft_arena_held(&a), 0);
    assert_non_null(weft_arena_alloc(&a, 100));
    char *big = weft_arena_alloc(&a, 8u << 20); /* a chunk of its own */
    assert_non_null(big);
    memset(big, 1, 8u << 20);
    assert_true(weft_arena_held(&a) >= (8u << 20) + 4096);
    weft_arena_reset(&a);
    assert_int_equal(weft_arena_held(&a), 4096); /* the normal chunk */
    char *p = weft_arena_alloc(&a, 100);
    assert_non_null(p);
    weft_arena_reset(&a);
    assert_ptr_equal(weft_arena_alloc(&a, 100), p); /* reused */
    /* a chunk within the cap (but larger than a normal one) is kept */
    assert_non_null(weft_arena_alloc(&a, 512 * 1024));
    weft_arena_reset(&a);
    assert_int_equal(weft_arena_held(&a), 512 * 1024);
    /* only huge chunks: nothing kept, the next allocation starts afresh */
    weft_arena_free(&a);
    weft_arena_init(&a, 4096, 0);
    assert_non_null(weft_arena_alloc(&a, 4u << 20));
    weft_arena_reset(&a);
    assert_int_equal(weft_arena_held(&a), 0);
    assert_non_null(weft_arena_alloc(&a, 10));
    assert_int_equal(weft_arena_held(&a), 4096);
    weft_arena_free(&a);
    assert_int_equal(weft_arena_held(&a), 0);
}

static void symtab_intern_find_freeze(void **st) {
    (void)st;
    weft_symtab *t = weft_symtab_new(0);
    weft_sym a = weft_symtab_intern(t, "token", 5);
    weft_sym b = weft_symtab_intern(t, "sentence", 8);
    assert_int_equal(a, 1);
    assert_int_equal(b, 2);
    assert_int_equal(weft_symtab_intern(t, "token", 5), a);
    assert_int_equal(weft_symtab_find(t, "tokenizer", 9), 0);
    assert_int_equal(weft_symtab_find(t, "tok", 3), 0);
    assert_string_equal(weft_symtab_name(t, b), "sentence");
    assert_null(weft_symtab_name(t, 0));
    assert_null(weft_symtab_name(t, 99));
    /* many names force rehashing; all stay findable */
    char buf[32];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof buf, "name%d", i);
        assert_int_equal(weft_symtab_intern(t, buf, (size_t)n), (weft_sym)(3 + i));
    }
    for (int i = 0; i < 5000; i += 7) {
        int n = snprintf(buf, sizeof buf, "name%d", i);
        assert_int_equal(weft_symtab_find(t, buf, (size_t)n), (weft_sym)(3 + i));
    }
    weft_sym out = 1;
    assert_int_equal(weft_symtab_add(t, "new", 3, &out), WEFT_SYMTAB_OK);
    assert_int_not_equal(out, 0);
    assert_false(weft_symtab_frozen(t));
    weft_symtab_freeze(t);
    assert_true(weft_symtab_frozen(t));
    assert_int_equal(weft_symtab_intern(t, "newer", 5), 0);
    /* frozen is its own reason, not out of memory */
    assert_int_equal(weft_symtab_add(t, "newer", 5, &out), WEFT_SYMTAB_FROZEN);
    assert_int_equal(out, 0);
    assert_int_equal(weft_symtab_add(t, "token", 5, &out), WEFT_SYMTAB_OK);
    assert_int_equal(out, a);
    assert_int_equal(weft_symtab_intern(t, "token", 5), a); /* existing still found */
    weft_symtab_free(t);
}

static void symtab_local_ids(void **st) {
    (void)st;
    weft_symtab *t = weft_symtab_new(WEFT_SYM_LOCAL);
    weft_sym s = weft_symtab_intern(t, "x", 1);
    assert_true(s > WEFT_SYM_LOCAL);
    assert_string_equal(weft_symtab_name(t, s), "x");
    weft_symtab_clear(t);
    assert_int_equal(weft_symtab_find(t, "x", 1), 0);
    assert_int_equal(weft_symtab_intern(t, "y", 1), s); /* ids restart */
    weft_symtab_free(t);
}

typedef struct {
    weft_symtab *g;
    weft_doc *d;
    weft_sym tok;
} fixture;

static int setup(void **st) {
    fixture *f = calloc(1, sizeof *f);
    f->g = weft_symtab_new(0);
    weft_symtab_intern(f->g, "raw", 3);
    weft_symtab_intern(f->g, "text", 4);
    f->tok = weft_symtab_intern(f->g, "token", 5);
    f->d = weft_doc_new(f->g);
    *st = f;
    return f->d ? 0 : -1;
}

static int teardown(void **st) {
    fixture *f = *st;
    weft_doc_free(f->d);
    weft_symtab_free(f->g);
    free(f);
    return 0;
}

static void doc_add_validates_spans(void **st) {
    fixture *f = *st;
    const char *text = "caf\xc3\xa9 ok"; /* é is 2 bytes at 3..5 */
    assert_int_equal(weft_doc_set_raw(f->d, text, strlen(text), 0), WEFT_OK);
    const char *why = NULL;
    assert_int_equal(weft_doc_add(f->d, f->tok, 0, 5, 0, NAN, &why), 0);
    assert_int_equal(weft_doc_add(f->d, f->tok, 0, 4, 0, NAN, &why), -1);
    assert_non_null(strstr(why, "UTF-8"));
    assert_int_equal(weft_doc_add(f->d, f->tok, 4, 5, 0, NAN, &why), -1);
    assert_int_equal(weft_doc_add(f->d, f->tok, 6, 20, 0, NAN, &why), -1);
    assert_non_null(strstr(why, "outside"));
    assert_int_equal(weft_doc_add(f->d, f->tok, 5, 3, 0, NAN, &why), -1);
    assert_int_equal(weft_doc_add(f->d, f->tok, 6, 8, 0, NAN, &why), 1);
    assert_int_equal(weft_doc_add(f->d, f->tok, 8, 8, 0, NAN, &why), 2); /* empty at end */
    weft_layer *l = weft_doc_layer(f->d, f->tok);
    assert_int_equal(l->view, WEFT_SYM_RAW);
    assert_int_equal(l->n, 3);
}

/* weft_doc_add takes an inline hot path (the layer added to last, a span
 * inside the view on character starts, room for it) and checks the rest
 * out of line: both must keep the same records, order flag, longest span
 * and errors, whether the adds stay on one layer, alternate between two,
 * or grow the records many times. */
static void doc_add_hot_path_matches_checks(void **st) {
    fixture *f = *st;
    char text[3001];
    for (size_t i = 0; i < 3000; i++) text[i] = (char)('a' + i % 26);
    memcpy(text + 100, "\xc3\xa9", 2); /* a 2-byte character at 100..102 */
    text[3000] = 0;
    assert_int_equal(weft_doc_set_raw(f->d, text, 3000, 0), WEFT_OK);
    weft_sym sent = weft_doc_sym(f->d, "sentence", 8);
    const char *why = NULL;
    int64_t nt = 0, ns = 0;
    /* [0, 3), [3, 6), ... [2997, 3000): the last ends the view */
    for (uint32_t b = 0; b + 3 <= 3000; b += 3) {
        assert_int_equal(weft_doc_add(f->d, f->tok, b, b + 3, 0, NAN, &why), nt++);
        if (b % 300 == 0) /* now and then the other layer, then back */
            assert_int_equal(weft_doc_add(f->d, sent, b, b + 3 + b / 100, 0, NAN, &why), ns++);
    }
    /* errors on the layer added to last, with records before */
    assert_int_equal(weft_doc_add(f->d, f->tok, 101, 104, 0, NAN, &why), -1);
    assert_non_null(strstr(why, "UTF-8"));
    assert_int_equal(weft_doc_add(f->d, f->tok, 98, 101, 0, NAN, &why), -1);
    assert_int_equal(weft_doc_add(f->d, f->tok, 2999, 3001, 0, NAN, &why), -1);
    assert_non_null(strstr(why, "outside"));
    assert_int_equal(weft_doc_add(f->d, f->tok, 9, 8, 0, NAN, &why), -1);
    assert_non_null(strstr(why, "before"));
    weft_layer *tl = weft_doc_layer(f->d, f->tok), *sl = weft_doc_layer(f->d, sent);
    /* the same span again and a shorter one at the same start keep the
     * order; one that goes back does not */
    assert_int_equal(weft_doc_add(f->d, f->tok, 2997, 3000, 0, NAN, &why), nt++);
    assert_int_equal(weft_doc_add(f->d, f->tok, 2997, 2999, 0, NAN, &why), nt++);
    assert_true(tl->sorted);
    assert_int_equal(weft_doc_add(f->d, f->tok, 2997, 3000, 0, NAN, &why), nt++);
    assert_false(tl->sorted);
    assert_int_equal(tl->maxlen, 3);
    assert_int_equal(tl->n, (size_t)nt);
    assert_int_equal(sl->n, (size_t)ns);
    assert_true(sl->sorted);
    assert_int_equal(sl->maxlen, 3 + 2700 / 100);
    for (size_t i = 0; i < 1000; i++) {
        assert_int_equal(tl->a[i].begin, 3 * i);
        assert_int_equal(tl->a[i].end, 3 * i + 3);
        assert_int_equal(tl->a[i].nattrs, 0);
        assert_true(isnan(tl->a[i].score));
    }
    for (size_t i = 0; i < sl->n; i++) {
        assert_int_equal(sl->a[i].begin, 300 * i);
        assert_int_equal(sl->a[i].end, 300 * i + 3 + 3 * i);
    }
}

/* add_many keeps what the same spans added one by one keep (records,
 * order flag, longest span), and refuses a batch with one bad span whole:
 * the layer is as it was, and *bad names the span. */
static void doc_add_many_matches_add(void **st) {
    fixture *f = *st;
    const char *text =
        "caf\xc3\xa9 au lait, s'il vous pla\xc3\xaet"; /* é at 3..5, î at 28..30; 31 bytes */
    size_t len = strlen(text);
    assert_int_equal(len, 31);
    assert_int_equal(weft_doc_set_raw(f->d, text, len, 0), WEFT_OK);
    weft_sym other = weft_doc_sym(f->d, "other", 5);
    const weft_span good[] = {{0, 5, 7, 0.5f},  {6, 8, 0, NAN},   {9, 13, 0, NAN}, {9, 12, 0, NAN},
                              {15, 19, 0, NAN}, {20, 31, 0, NAN}, {31, 31, 0, NAN}};
    const size_t ng = sizeof good / sizeof *good;
    const char *why = NULL;
    size_t bad = 99;
    for (size_t i = 0; i < ng; i++)
        assert_int_equal(weft_doc_add(f->d, other, good[i].begin, good[i].end, good[i].label,
                                      good[i].score, &why),
                         (int64_t)i);
    assert_int_equal(weft_doc_add_many(f->d, f->tok, good, ng, &why, &bad), 0);
    assert_int_equal(weft_doc_add_many(f->d, f->tok, good, 0, &why, &bad), (int64_t)ng);
    weft_layer *tl = weft_doc_layer(f->d, f->tok), *ol = weft_doc_layer(f->d, other);
    assert_int_equal(tl->n, ng);
    assert_int_equal(tl->sorted, ol->sorted);
    assert_true(tl->sorted); /* [9, 13) then [9, 12): still in order */
    assert_int_equal(tl->maxlen, ol->maxlen);
    for (size_t i = 0; i < ng; i++) {
        assert_int_equal(tl->a[i].begin, ol->a[i].begin);
        assert_int_equal(tl->a[i].end, ol->a[i].end);
        assert_int_equal(tl->a[i].label, ol->a[i].label);
        assert_int_equal(tl->a[i].nattrs, 0);
        assert_int_equal(tl->a[i].flags, 0);
        assert_memory_equal(&tl->a[i].score, &ol->a[i].score, sizeof(float));
    }
    /* each bad span refuses its whole batch, the good ones before it too */
    const struct {
        weft_span bad;
        const char *why;
    } cases[] = {{{4, 5, 0, NAN}, "UTF-8"},
                 {{0, 4, 0, NAN}, "UTF-8"},
                 {{29, 31, 0, NAN}, "UTF-8"},
                 {{28, 35, 0, NAN}, "outside"},
                 {{8, 6, 0, NAN}, "before"}};
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        weft_span batch[3] = {{0, 3, 0, NAN}, cases[c].bad, {1, 2, 0, NAN}};
        why = NULL;
        assert_int_equal(weft_doc_add_many(f->d, f->tok, batch, 3, &why, &bad), -1);
        assert_int_equal(bad, 1);
        assert_non_null(why);
        assert_non_null(strstr(why, cases[c].why));
        assert_int_equal(tl->n, ng);
        assert_true(tl->sorted);
        assert_int_equal(tl->maxlen, ol->maxlen);
    }
    /* a batch that goes back clears the order flag, then sorting restores it */
    const weft_span back[] = {{25, 28, 0, NAN}, {0, 3, 0, NAN}};
    assert_int_equal(weft_doc_add_many(f->d, f->tok, back, 2, &why, &bad), (int64_t)ng);
    assert_false(tl->sorted);
    assert_int_equal(weft_doc_sort_layers(f->d), WEFT_OK);
    assert_true(tl->sorted);
    /* a new layer, created over the default view as add() does */
    weft_sym fresh = weft_doc_sym(f->d, "fresh", 5);
    assert_int_equal(weft_doc_add_many(f->d, fresh, good, 2, &why, &bad), 0);
    assert_int_equal(weft_doc_layer(f->d, fresh)->view, WEFT_SYM_RAW);
}

/* add_many takes four records at a time where it can (the SSE2 block
 * path) and one at a time elsewhere: random batches of 0-13 spans, mostly
 * in order and valid, some going back, off the text, reversed or on a
 * continuation byte, over a text of one- to four-byte characters. Each
 * batch either keeps what add() one by one keeps (records, order flag,
 * longest span) or is refused whole at its first bad span. */
static void doc_add_many_blocks_match_add(void **st) {
    fixture *f = *st;
    const char *text = "ab \xc3\xa9t\xc3\xa9 \xe2\x82\xac"
                       "5 x\xf0\x9f\x98\x80y, done. "
                       "Na\xc3\xafve caf\xc3\xa9s \xe2\x80\x94 ok";
    const unsigned char *t = (const unsigned char *)text;
    uint32_t len = (uint32_t)strlen(text);
    weft_sym other = weft_doc_sym(f->d, "other", 5);
    uint64_t rng = 0x9E3779B97F4A7C15u;
    size_t refused = 0, blocks = 0;
    for (int round = 0; round < 3000; round++) {
        weft_doc_reset(f->d);
        assert_int_equal(weft_doc_set_raw(f->d, text, len, 0), WEFT_OK);
        uint32_t cur = 0;
        for (int batch = 0; batch < 3; batch++) {
            weft_span sp[13];
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t n = (size_t)(rng % 14), first_bad = n;
            for (size_t i = 0; i < n; i++) {
                rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                unsigned r = (unsigned)(rng >> 11), kind = r % 128;
                uint32_t b = cur + (r >> 6) % 4, e = b + (r >> 8) % 6;
                if (kind == 0) b = (r >> 10) % (len + 1); /* back, or anywhere */
                if (kind == 1) e = len + (r >> 10) % 2;   /* to the end, or past it */
                if (kind == 2 && b) e = b - 1;            /* reversed */
                if (b > len + 1) b = len + 1;
                if (kind > 2) { /* a good span: on character starts, in the text */
                    if (e > len) e = len;
                    if (b > e) b = e;
                    while (b < len && (t[b] & 0xC0) == 0x80) b++;
                    if (e < b) e = b;
                    while (e < len && (t[e] & 0xC0) == 0x80) e++;
                }
                sp[i] = (weft_span){b, e, (weft_sym)(i + 1), (float)i};
                cur = b < len ? b : 0;
                int ok = b <= e && e <= len && (b == len || (t[b] & 0xC0) != 0x80) &&
                         (e == len || (t[e] & 0xC0) != 0x80);
                if (!ok && first_bad == n) first_bad = i;
            }
            weft_layer *tl = weft_doc_layer(f->d, f->tok), *ol = weft_doc_layer(f->d, other);
            size_t before = tl ? tl->n : 0;
            const char *why = NULL;
            size_t bad = 99;
            int64_t got = weft_doc_add_many(f->d, f->tok, sp, n, &why, &bad);
            tl = weft_doc_layer(f->d, f->tok);
            if (first_bad < n) {
                refused++;
                assert_int_equal(got, -1);
                assert_int_equal(bad, first_bad);
                assert_non_null(why);
            } else {
                assert_int_equal(got, (int64_t)before);
                blocks += n / 4;
                for (size_t i = 0; i < n; i++)
                    assert_int_equal(weft_doc_add(f->d, other, sp[i].begin, sp[i].end, sp[i].label,
                                                  sp[i].score, &why),
                                     (int64_t)(before + i));
            }
            ol = weft_doc_layer(f->d, other);
            if (!tl || !ol) {
                assert_int_equal(tl ? tl->n : 0, ol ? ol->n : 0);
                continue;
            }
            assert_int_equal(tl->n, ol->n);
            assert_int_equal(tl->sorted, ol->sorted);
            assert_int_equal(tl->maxlen, ol->maxlen);
            for (size_t i = 0; i < tl->n; i++) {
                assert_int_equal(tl->a[i].begin, ol->a[i].begin);
                assert_int_equal(tl->a[i].end, ol->a[i].end);
                assert_int_equal(tl->a[i].label, ol->a[i].label);
                assert_memory_equal(&tl->a[i].score, &ol->a[i].score, sizeof(float));
                assert_int_equal(tl->a[i].attrs, 0);
                assert_int_equal(tl->a[i].nattrs, 0);
                assert_int_equal(tl->a[i].flags, 0);
            }
        }
    }
    /* both ways were taken, many times */
    assert_true(refused > 500);
    assert_true(blocks > 500);
}

static void doc_sort_is_stable_and_ordered(void **st) {
    fixture *f = *st;
    const char *text = "aaaaaaaaaaaaaaaaaaaa";
    weft_doc_set_raw(f->d, text, 20, 0);
    const char *why;
    /* out of order, with ties: (begin asc, end desc), ties keep order */
    uint32_t spans[][2] = {{5, 6}, {0, 10}, {5, 9}, {0, 2}, {5, 6}, {3, 4}, {0, 10}};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(
            weft_doc_add(f->d, f->tok, spans[i][0], spans[i][1], (weft_sym)(i + 1), NAN, &why),
            (int64_t)i);
    weft_layer *l = weft_doc_layer(f->d, f->tok);
    assert_false(l->sorted);
    assert_int_equal(weft_doc_sort_layers(f->d), WEFT_OK);
    assert_true(l->sorted);
    uint32_t want[][3] = {{0, 10, 2}, {0, 10, 7}, {0, 2, 4}, {3, 4, 6},
                          {5, 9, 3},  {5, 6, 1},  {5, 6, 5}};
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(l->a[i].begin, want[i][0]);
        assert_int_equal(l->a[i].end, want[i][1]);
        assert_int_equal(l->a[i].label, want[i][2]);
    }
}

static void doc_covering_contained(void **st) {
    fixture *f = *st;
    weft_doc_set_raw(f->d, "0123456789012345678901234567890123456789", 40, 0);
    const char *why;
    weft_sym sent = weft_doc_sym(f->d, "sentence", 8);
    assert_true(sent > WEFT_SYM_LOCAL); /* not in the global table: local */
    weft_doc_add(f->d, sent, 0, 20, 0, NAN, &why);
    weft_doc_add(f->d, sent, 20, 40, 0, NAN, &why);
    for (uint32_t b = 0; b < 40; b += 5) weft_doc_add(f->d, f->tok, b, b + 4, 0, NAN, &why);
    weft_layer *tl = weft_doc_layer(f->d, f->tok), *sl = weft_doc_layer(f->d, sent);
    size_t idx[16];
    assert_int_equal(weft_layer_contained(tl, 0, 20, idx, 16), 4);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[3], 3);
    assert_int_equal(weft_layer_contained(tl, 3, 19, idx, 16), 3); /* [5,9) [10,14) [15,19) */
    assert_int_equal(idx[0], 1);
    assert_int_equal(weft_layer_covering(sl, 25, 29, idx, 16), 1);
    assert_int_equal(idx[0], 1);
    assert_int_equal(weft_layer_covering(sl, 15, 25, idx, 16), 0); /* crosses the boundary */
    assert_int_equal(weft_layer_covering(tl, 6, 7, idx, 16), 1);
    size_t first;
    assert_int_equal(weft_layer_starting_in(tl, 10, 30, &first), 4);
    assert_int_equal(first, 2);
    assert_int_equal(weft_layer_starting_in(tl, 41, 50, &first), 0);
}

static void doc_attributes_and_reset(void **st) {
    fixture *f = *st;
    weft_doc_set_raw(f->d, "hello world", 11, 1);
    weft_doc_set_id(f->d, "doc-1");
    const char *why;
    weft_sym k1 = weft_doc_sym(f->d, "k1", 2), k2 = weft_doc_sym(f->d, "k2", 2);
    int64_t a = weft_doc_add(f->d, f->tok, 0, 5, 0, 1.0f, &why);
    int64_t b = weft_doc_add(f->d, f->tok, 6, 11, 0, 2.0f, &why);
    char s[] = "mutable";
    weft_value v = {.type = WEFT_V_STR, .len = 7, .u.str = s};
    assert_int_equal(weft_doc_ann_set(f->d, f->tok, a, k1, &v), WEFT_OK);
    s[0] = 'X'; /* the doc holds its own copy */
    v = (weft_value){.type = WEFT_V_INT, .u.i = 5};
    assert_int_equal(weft_doc_ann_set(f->d, f->tok, b, k1, &v), WEFT_OK);
    /* a's run is no longer last in the pool: adding to it relocates it */
    v = (weft_value){.type = WEFT_V_NUM, .u.d = 0.5};
    assert_int_equal(weft_doc_ann_set(f->d, f->tok, a, k2, &v), WEFT_OK);
    v = (weft_value){.type = WEFT_V_INT, .u.i = 6};
    assert_int_equal(weft_doc_ann_set(f->d, f->tok, b, k1, &v), WEFT_OK); /* replace */
    assert_int_equal(weft_doc_ann_set(f->d, f->tok, 9, k1, &v), WEFT_EINVAL);
    weft_layer *l = weft_doc_layer(f->d, f->tok);
    const weft_attr *at;
    assert_int_equal(weft_doc_ann_attrs(f->d, &l->a[0], &at), 2);
    assert_int_equal(at[0].key, k1);
    assert_memory_equal(at[0].value.u.str, "mutable", 7);
    assert_int_equal(at[1].key, k2);
    assert_int_equal(weft_doc_ann_attrs(f->d, &l->a[1], &at), 1);
    assert_int_equal(at[0].value.u.i, 6);

    v = (weft_value){.type = WEFT_V_BOOL, .u.b = 1};
    assert_int_equal(weft_doc_attr_set(f->d, k2, &v), WEFT_OK);
    assert_int_equal(weft_doc_attr_get(f->d, k2)->u.b, 1);
    assert_null(weft_doc_attr_get(f->d, k1));
    assert_int_equal(weft_doc_error_add(f->d, "st", WEFT_EDATA, 3, "bad"), WEFT_OK);
    assert_int_equal(f->d->nerrors, 1);

    weft_doc_reset(f->d);
    assert_int_equal(f->d->nlayers, 0);
    assert_int_equal(f->d->nerrors, 0);
    assert_int_equal(f->d->ndattrs, 0);
    assert_null(weft_doc_view(f->d, WEFT_SYM_RAW));
    assert_string_equal(f->d->id, "");
    assert_int_equal(weft_doc_sym_find(f->d, "k1", 2), 0); /* local names gone */
}

static void doc_views(void **st) {
    fixture *f = *st;
    weft_doc_set_raw(f->d, "<p>Hi there</p>", 15, 0);
    assert_int_equal(weft_doc_default_view(f->d), WEFT_SYM_RAW);
    weft_offrun runs[] = {{0, 3, 8}};
    assert_int_equal(weft_doc_view_add(f->d, WEFT_SYM_TEXT, "Hi there", 8, WEFT_SYM_RAW, runs, 1),
                     WEFT_OK);
    assert_int_equal(weft_doc_default_view(f->d), WEFT_SYM_TEXT);
    assert_int_equal(weft_doc_view_add(f->d, WEFT_SYM_TEXT, "again", 5, 0, NULL, 0), WEFT_EINVAL);
    weft_sym other = weft_doc_sym(f->d, "other", 5);
    assert_int_equal(weft_doc_view_add(f->d, other, "\xff", 1, 0, NULL, 0), WEFT_EDATA);
    weft_offrun bad[] = {{0, 10, 8}}; /* src past the end of raw */
    assert_int_equal(weft_doc_view_add(f->d, other, "Hi there", 8, WEFT_SYM_RAW, bad, 1),
                     WEFT_EINVAL);
    const char *why;
    assert_int_equal(weft_doc_add(f->d, f->tok, 0, 2, 0, NAN, &why), 0);
    assert_int_equal(weft_doc_layer(f->d, f->tok)->view, WEFT_SYM_TEXT);
    /* the same layer cannot be re-created over another view */
    assert_int_equal(weft_doc_layer_new(f->d, f->tok, WEFT_SYM_RAW, NULL), WEFT_EINVAL);
}

/* The issue this guards: after one 64 MiB document and a hundred tiny ones, a
 * document (one per ring slot) still held 65 MiB. Now the arena gives back
 * chunks over its cap and arrays over a million entries are freed. */
static void doc_held_after_huge_document(void **st) {
    fixture *f = *st;
    weft_doc *d = f->d;
    size_t big = (size_t)64 << 20;
    char *text = malloc(big);
    assert_non_null(text);
    memset(text, 'a', big);
    assert_int_equal(weft_doc_set_raw(d, text, big, 1), WEFT_OK); /* copied into the arena */
    free(text);
    const char *why;
    for (uint32_t i = 0; i < (1u << 20) + 1000; i++)
        assert_true(weft_doc_add(d, f->tok, i, i + 1, 0, NAN, &why) >= 0);
    assert_true(weft_doc_held(d) > big);
    weft_doc_reset(d);
    size_t after_small = 0;
    for (int n = 0; n < 100; n++) {
        assert_int_equal(weft_doc_set_raw(d, "tiny document", 13, 1), WEFT_OK);
        assert_true(weft_doc_add(d, f->tok, 0, 4, 0, NAN, &why) >= 0);
        weft_doc_reset(d);
        if (n == 0) after_small = weft_doc_held(d);
        assert_int_equal(weft_doc_held(d), after_small); /* steady */
    }
    assert_true(after_small <= WEFT_ARENA_KEEP + 64 * 1024);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_alignment_and_growth),
        cmocka_unit_test(arena_limit),
        cmocka_unit_test(arena_realloc_and_strings),
        cmocka_unit_test(arena_reset_caps_what_it_keeps),
        cmocka_unit_test(symtab_intern_find_freeze),
        cmocka_unit_test(symtab_local_ids),
        cmocka_unit_test_setup_teardown(doc_add_validates_spans, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_add_hot_path_matches_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_add_many_matches_add, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_add_many_blocks_match_add, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_sort_is_stable_and_ordered, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_covering_contained, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_attributes_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_views, setup, teardown),
        cmocka_unit_test_setup_teardown(doc_held_after_huge_document, setup, teardown),
    };
    return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
