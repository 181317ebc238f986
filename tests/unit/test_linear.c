/* Unit tests: the learned-model toolkit (weft/linear.h): hashing, feature vectors, models,
 * scoring, the random generator, the averaged perceptron, logistic regression, and the model
 * file's writer and strict loader. */
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "weft/linear.h"

/* The model file as a string (caller frees). */
static char *save_str(const weft_lin_model *m, size_t *len) {
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    assert_int_equal(weft_lin_save(m, f), 0);
    assert_int_equal(fclose(f), 0);
    if (len) *len = n;
    return buf;
}

static void assert_same_model(const weft_lin_model *a, const weft_lin_model *b) {
    assert_int_equal(a->nclass, b->nclass);
    assert_int_equal(a->bits, b->bits);
    assert_memory_equal(a->w, b->w, weft_lin_nweights(a) * sizeof(float));
    assert_memory_equal(a->bias, b->bias, a->nclass * sizeof(float));
    for (uint32_t c = 0; c < a->nclass; c++) assert_string_equal(a->label[c], b->label[c]);
    assert_int_equal(a->nmeta, b->nmeta);
    for (size_t i = 0; i < a->nmeta; i++) {
        assert_string_equal(a->meta_key[i], b->meta_key[i]);
        assert_string_equal(a->meta_val[i], b->meta_val[i]);
    }
}

/* ------------------------------------------------------------------------ */
/* Hashing and feature vectors                                               */

static void hash_vectors(void **st) {
    (void)st;
    /* Model files depend on these values: they must never change. Computed independently
     * (FNV-1a 32 then MurmurHash3 fmix32). */
    assert_int_equal(weft_lin_hash("", 0, WEFT_LIN_HASH_INIT), 0xab3e7c0bu);
    assert_int_equal(weft_lin_hash("a", 1, WEFT_LIN_HASH_INIT), 0x1a80b1b3u);
    assert_int_equal(weft_lin_hash("foobar", 6, WEFT_LIN_HASH_INIT), 0x0c0da6dcu);
    uint32_t h = weft_lin_hash("suffix3", 7, WEFT_LIN_HASH_INIT);
    assert_int_equal(weft_lin_hash("ing", 3, h), 0x4b7f137eu);
    /* a pair is not its concatenation */
    assert_int_equal(weft_lin_hash("suffix3ing", 10, WEFT_LIN_HASH_INIT), 0xf76d4b2eu);
}

static void fv_add_and_clear(void **st) {
    (void)st;
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    for (uint32_t i = 0; i < 100; i++) assert_int_equal(weft_lin_fv_add(&fv, i, (float)i), 0);
    assert_int_equal(fv.n, 100);
    assert_int_equal(fv.f[42].id, 42);
    assert_true(fv.f[42].v == 42.0f);
    size_t cap = fv.cap;
    weft_lin_fv_clear(&fv);
    assert_int_equal(fv.n, 0);
    assert_int_equal(fv.cap, cap);
    assert_int_equal(weft_lin_fv_add_str(&fv, "bias", 1.0f), 0);
    assert_int_equal(weft_lin_fv_add_kv(&fv, "suffix3", "ing", 3, 0.5f), 0);
    assert_int_equal(fv.f[0].id, weft_lin_hash("bias", 4, WEFT_LIN_HASH_INIT));
    assert_int_equal(fv.f[1].id, 0x4b7f137eu);
    assert_true(fv.f[1].v == 0.5f);
    weft_lin_fv_free(&fv);
    assert_null(fv.f);
    assert_int_equal(fv.n, 0);
    weft_lin_fv_free(&fv); /* twice is fine */
}

/* ------------------------------------------------------------------------ */
/* Models and scoring                                                        */

static void model_init_checks(void **st) {
    (void)st;
    weft_lin_model m;
    const char *labels[] = {"keep", "drop", "maybe"};
    assert_int_equal(weft_lin_model_init(&m, 10, 3, labels), 0);
    assert_int_equal(m.nclass, 3);
    assert_int_equal(m.bits, 10);
    assert_int_equal(weft_lin_nweights(&m), 3072);
    assert_int_equal(weft_lin_mask(&m), 1023);
    assert_int_equal(weft_lin_model_class(&m, "drop"), 1);
    assert_int_equal(weft_lin_model_class(&m, "nope"), -1);
    for (size_t i = 0; i < weft_lin_nweights(&m); i++) assert_true(m.w[i] == 0.0f);
    weft_lin_model_free(&m);
    weft_lin_model_free(&m); /* safe on a zeroed model */
    /* default labels */
    assert_int_equal(weft_lin_model_init(&m, 8, 2, NULL), 0);
    assert_string_equal(m.label[0], "0");
    assert_string_equal(m.label[1], "1");
    weft_lin_model_free(&m);
    /* refused: bits, class counts, labels */
    assert_int_equal(weft_lin_model_init(&m, 7, 2, NULL), -1);
    assert_null(m.w);
    assert_int_equal(weft_lin_model_init(&m, 25, 2, NULL), -1);
    assert_int_equal(weft_lin_model_init(&m, 8, 1, NULL), -1);
    assert_int_equal(weft_lin_model_init(&m, 8, WEFT_LIN_MAX_CLASSES + 1, NULL), -1);
    const char *dup[] = {"a", "b", "a"};
    assert_int_equal(weft_lin_model_init(&m, 8, 3, dup), -1);
    assert_null(m.label);
    const char *blank[] = {"a", "b c"};
    assert_int_equal(weft_lin_model_init(&m, 8, 2, blank), -1);
    const char *empty[] = {"a", ""};
    assert_int_equal(weft_lin_model_init(&m, 8, 2, empty), -1);
    /* 2^24 rows of 1024 classes: past WEFT_LIN_MAX_WEIGHTS */
    assert_int_equal(weft_lin_model_init(&m, 24, 1024, NULL), -1);
    weft_lin_model_free(&m);
}

static void model_meta(void **st) {
    (void)st;
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 8, 2, NULL), 0);
    assert_null(weft_lin_model_meta(&m, "licence"));
    assert_int_equal(weft_lin_model_set_meta(&m, "licence", "CC-BY-SA-4.0"), 0);
    assert_int_equal(weft_lin_model_set_meta(&m, "provenance", "make train, seed 1"), 0);
    assert_int_equal(weft_lin_model_set_meta(&m, "licence", "MIT"), 0); /* replaces */
    assert_int_equal(m.nmeta, 2);
    assert_string_equal(weft_lin_model_meta(&m, "licence"), "MIT");
    assert_string_equal(m.meta_key[0], "licence"); /* first insertion's place */
    assert_int_equal(weft_lin_model_set_meta(&m, "empty", ""), 0);
    assert_string_equal(weft_lin_model_meta(&m, "empty"), "");
    /* refused: keys with blanks, values with line ends or a leading blank */
    assert_int_equal(weft_lin_model_set_meta(&m, "a key", "x"), -1);
    assert_int_equal(weft_lin_model_set_meta(&m, "", "x"), -1);
    assert_int_equal(weft_lin_model_set_meta(&m, "k", "two\nlines"), -1);
    assert_int_equal(weft_lin_model_set_meta(&m, "k", "cr\r"), -1);
    assert_int_equal(weft_lin_model_set_meta(&m, "k", " lead"), -1);
    assert_int_equal(m.nmeta, 3);
    weft_lin_model_free(&m);
    /* meta on a zeroed model (the loader sets meta before the table exists) */
    memset(&m, 0, sizeof m);
    assert_int_equal(weft_lin_model_set_meta(&m, "k", "v"), 0);
    weft_lin_model_free(&m);
}

static void scores_predict(void **st) {
    (void)st;
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 8, 3, NULL), 0);
    m.bias[0] = 0.5f;
    m.bias[2] = -0.25f;
    /* id 258 and id 2 share row 2 (mask 255) */
    m.w[2 * 3 + 0] = 1.0f;
    m.w[2 * 3 + 1] = 2.0f;
    m.w[2 * 3 + 2] = 3.0f;
    m.w[7 * 3 + 1] = -1.0f;
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    assert_int_equal(weft_lin_fv_add(&fv, 258, 2.0f), 0);
    assert_int_equal(weft_lin_fv_add(&fv, 7, 1.0f), 0);
    assert_int_equal(weft_lin_fv_add(&fv, 2, 0.5f), 0); /* duplicates add up */
    float s[3];
    uint32_t best = weft_lin_predict(&m, &fv, s);
    assert_true(s[0] == 0.5f + 2.0f + 0.5f);
    assert_true(s[1] == 4.0f - 1.0f + 1.0f);
    assert_true(s[2] == -0.25f + 6.0f + 1.5f);
    assert_int_equal(best, 2);
    assert_int_equal(weft_lin_predict(&m, &fv, NULL), 2);
    /* the same scores built in parts */
    float parts[3];
    memcpy(parts, m.bias, sizeof parts);
    for (size_t i = 0; i < fv.n; i++) weft_lin_scores_add(&m, fv.f[i].id, fv.f[i].v, parts);
    assert_memory_equal(parts, s, sizeof s);
    assert_ptr_equal(weft_lin_row(&m, 258), m.w + 6);
    /* ties go to the lowest class */
    weft_lin_fv_clear(&fv);
    m.bias[0] = m.bias[1] = m.bias[2] = 1.0f;
    assert_int_equal(weft_lin_predict(&m, &fv, s), 0);
    m.bias[0] = 0.0f;
    assert_int_equal(weft_lin_predict(&m, &fv, NULL), 1);
    weft_lin_model_free(&m);

    /* binary: the two-class path and the margin */
    assert_int_equal(weft_lin_model_init(&m, 8, 2, NULL), 0);
    m.bias[1] = 0.25f;
    m.w[5 * 2 + 0] = 1.0f;
    m.w[5 * 2 + 1] = -1.0f;
    assert_int_equal(weft_lin_fv_add(&fv, 5, 0.5f), 0);
    weft_lin_scores(&m, &fv, s);
    assert_true(s[0] == 0.5f);
    assert_true(s[1] == -0.25f);
    assert_true(weft_lin_margin(&m, &fv) == -0.75f);
    assert_int_equal(weft_lin_predict(&m, &fv, NULL), 0);
    weft_lin_model_free(&m);
    weft_lin_fv_free(&fv);
}

static void softmax_sigmoid(void **st) {
    (void)st;
    float s[3] = {1000.0f, 1000.0f, -1000.0f}; /* no overflow */
    weft_lin_softmax(s, 3);
    assert_float_equal(s[0], 0.5f, 1e-6f);
    assert_float_equal(s[1], 0.5f, 1e-6f);
    assert_float_equal(s[2], 0.0f, 1e-6f);
    assert_float_equal(weft_lin_sigmoid(0.0f), 0.5f, 1e-7f);
    assert_float_equal(weft_lin_sigmoid(-1000.0f), 0.0f, 1e-7f);
    assert_float_equal(weft_lin_sigmoid(1000.0f), 1.0f, 1e-7f);
    assert_float_equal(weft_lin_sigmoid(2.0f) + weft_lin_sigmoid(-2.0f), 1.0f, 1e-6f);
}

static void prune_and_rows(void **st) {
    (void)st;
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 8, 2, NULL), 0);
    m.w[0] = 1e-5f;
    m.w[1] = -1e-5f;
    m.w[10] = 0.5f;
    m.w[21] = -2e-4f;
    assert_int_equal(weft_lin_model_rows(&m), 3);
    assert_int_equal(weft_lin_prune(&m, 1e-4f), 2);
    assert_true(m.w[0] == 0.0f && m.w[1] == 0.0f && m.w[10] == 0.5f && m.w[21] == -2e-4f);
    assert_int_equal(weft_lin_model_rows(&m), 2);
    weft_lin_model_free(&m);
}

static void quantize_rounds(void **st) {
    (void)st;
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 8, 2, NULL), 0);
    m.w[0] = 0.004f;   /* 0.4: dropped */
    m.w[1] = -0.004f;  /* -0.4: dropped, and not -0 */
    m.w[10] = 0.125f;  /* 12.5: halves away from zero */
    m.w[11] = -0.125f; /* -12.5 */
    m.w[21] = 1.2345f; /* 123.45 */
    m.bias[0] = 0.031f;
    m.bias[1] = -0.001f;
    assert_int_equal(weft_lin_quantize(&m, 100.0f), 2);
    assert_true(m.w[0] == 0.0f && !signbit(m.w[1]) && m.w[1] == 0.0f);
    assert_true(m.w[10] == 13.0f && m.w[11] == -13.0f && m.w[21] == 123.0f);
    assert_true(m.bias[0] == 3.0f && m.bias[1] == 0.0f && !signbit(m.bias[1]));
    assert_int_equal(weft_lin_model_rows(&m), 2);
    /* integers print as integers: the file stays small */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    assert_int_equal(weft_lin_save(&m, f), 0);
    fclose(f);
    assert_non_null(strstr(buf, "w 5 13 -13\n"));
    assert_non_null(strstr(buf, "w 10 0 123\n"));
    free(buf);
    weft_lin_model_free(&m);
}

/* ------------------------------------------------------------------------ */
/* Random numbers                                                            */

static void rng_sequence(void **st) {
    (void)st;
    weft_lin_rng r;
    weft_lin_rng_seed(&r, 42);
    /* xoshiro256** seeded by splitmix64(42), computed independently */
    assert_true(weft_lin_rng_next(&r) == 0x15780b2e0c2ec716ull);
    assert_true(weft_lin_rng_next(&r) == 0x6104d9866d113a7eull);
    assert_true(weft_lin_rng_next(&r) == 0xae17533239e499a1ull);
    /* below: in range, every value reached, roughly uniform */
    unsigned hist[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint32_t v = weft_lin_rng_below(&r, 7);
        assert_true(v < 7);
        hist[v]++;
    }
    for (int i = 0; i < 7; i++) assert_true(hist[i] > 9000 && hist[i] < 11000);
    assert_int_equal(weft_lin_rng_below(&r, 0), 0);
    assert_int_equal(weft_lin_rng_below(&r, 1), 0);
    for (int i = 0; i < 1000; i++) assert_true(weft_lin_rng_below(&r, 0x80000001u) < 0x80000001u);
    double d = weft_lin_rng_double(&r);
    assert_true(d >= 0.0 && d < 1.0);
}

static void shuffle_permutes(void **st) {
    (void)st;
    uint32_t a[50], b[50];
    for (uint32_t i = 0; i < 50; i++) a[i] = b[i] = i;
    weft_lin_rng r1, r2;
    weft_lin_rng_seed(&r1, 7);
    weft_lin_rng_seed(&r2, 7);
    weft_lin_shuffle(&r1, a, 50);
    weft_lin_shuffle(&r2, b, 50);
    assert_memory_equal(a, b, sizeof a); /* same seed, same order */
    int seen[50] = {0}, moved = 0;
    for (uint32_t i = 0; i < 50; i++) {
        seen[a[i]]++;
        moved += a[i] != i;
    }
    for (int i = 0; i < 50; i++) assert_int_equal(seen[i], 1);
    assert_true(moved > 25);
    weft_lin_shuffle(&r1, a, 0);
    weft_lin_shuffle(&r1, a, 1);
}

/* ------------------------------------------------------------------------ */
/* Training on toy problems                                                  */

#define TOY_N       600
#define TOY_CLASSES 3

/* Example i of a 3-class problem: class i % 3 has its own 5 indicative words, of which an
 * example shows 2, among 3 noise words shared by all classes. With flip, 10% of the labels
 * are wrong. */
static uint32_t toy_example(weft_lin_rng *r, uint32_t i, int flip, weft_lin_fv *fv) {
    uint32_t gold = i % TOY_CLASSES;
    char name[32];
    weft_lin_fv_clear(fv);
    for (int j = 0; j < 2; j++) {
        snprintf(name, sizeof name, "%u", (unsigned)(gold * 5 + weft_lin_rng_below(r, 5)));
        assert_int_equal(weft_lin_fv_add_kv(fv, "word", name, strlen(name), 1.0f), 0);
    }
    for (int j = 0; j < 3; j++) {
        snprintf(name, sizeof name, "%u", (unsigned)(100 + weft_lin_rng_below(r, 40)));
        assert_int_equal(weft_lin_fv_add_kv(fv, "word", name, strlen(name), 1.0f), 0);
    }
    if (flip && weft_lin_rng_below(r, 10) == 0) gold = (gold + 1) % TOY_CLASSES;
    return gold;
}

typedef struct toy_set {
    weft_lin_fv fv[TOY_N];
    uint32_t gold[TOY_N];
} toy_set;

static toy_set *toy_make(uint64_t seed, int flip) {
    toy_set *t = calloc(1, sizeof *t);
    assert_non_null(t);
    weft_lin_rng r;
    weft_lin_rng_seed(&r, seed);
    for (uint32_t i = 0; i < TOY_N; i++) {
        weft_lin_fv_init(&t->fv[i]);
        t->gold[i] = toy_example(&r, i, flip, &t->fv[i]);
    }
    return t;
}

static void toy_free(toy_set *t) {
    for (uint32_t i = 0; i < TOY_N; i++) weft_lin_fv_free(&t->fv[i]);
    free(t);
}

/* Accuracy against the clean labels (class i % 3). */
static double toy_accuracy(const weft_lin_model *m, const toy_set *t) {
    unsigned ok = 0;
    for (uint32_t i = 0; i < TOY_N; i++) ok += weft_lin_predict(m, &t->fv[i], NULL) == i % 3;
    return (double)ok / TOY_N;
}

static const char *const toy_labels[] = {"a", "b", "c"};

static void train_ap(weft_lin_model *m, const toy_set *t, uint64_t seed, int epochs) {
    assert_int_equal(weft_lin_model_init(m, 10, TOY_CLASSES, toy_labels), 0);
    weft_lin_ap ap;
    assert_int_equal(weft_lin_ap_init(&ap, m), 0);
    weft_lin_rng r;
    weft_lin_rng_seed(&r, seed);
    uint32_t order[TOY_N];
    for (uint32_t i = 0; i < TOY_N; i++) order[i] = i;
    for (int e = 0; e < epochs; e++) {
        weft_lin_shuffle(&r, order, TOY_N);
        for (uint32_t k = 0; k < TOY_N; k++) {
            uint32_t i = order[k];
            uint32_t guess = weft_lin_predict(m, &t->fv[i], NULL);
            weft_lin_ap_update(&ap, &t->fv[i], t->gold[i], guess, 1.0f);
            weft_lin_ap_tick(&ap);
        }
    }
    weft_lin_ap_average(&ap);
    weft_lin_ap_free(&ap);
}

static void train_lr(weft_lin_model *m, const toy_set *t, uint64_t seed, int epochs) {
    assert_int_equal(weft_lin_model_init(m, 10, TOY_CLASSES, toy_labels), 0);
    weft_lin_rng r;
    weft_lin_rng_seed(&r, seed);
    uint32_t order[TOY_N];
    for (uint32_t i = 0; i < TOY_N; i++) order[i] = i;
    uint64_t step = 0;
    double first = 0, last = 0;
    for (int e = 0; e < epochs; e++) {
        double loss = 0;
        weft_lin_shuffle(&r, order, TOY_N);
        for (uint32_t k = 0; k < TOY_N; k++) {
            uint32_t i = order[k];
            float lr = weft_lin_lr_rate(0.5f, 1e-3f, step++);
            float l = weft_lin_lr_step(m, &t->fv[i], t->gold[i], lr, 1e-4f, 1.0f);
            assert_true(l >= 0.0f);
            loss += l;
        }
        if (e == 0) first = loss;
        last = loss;
    }
    assert_true(last < first); /* it learns */
}

static void ap_learns_separable(void **st) {
    (void)st;
    toy_set *t = toy_make(1, 0);
    weft_lin_model m;
    train_ap(&m, t, 5, 5);
    assert_true(toy_accuracy(&m, t) >= 0.99);
    /* and unseen examples of the same problem */
    toy_set *u = toy_make(2, 0);
    assert_true(toy_accuracy(&m, u) >= 0.95);
    weft_lin_model_free(&m);
    toy_free(t);
    toy_free(u);
}

static void lr_learns_separable(void **st) {
    (void)st;
    toy_set *t = toy_make(1, 0), *u = toy_make(2, 0);
    weft_lin_model m;
    train_lr(&m, t, 5, 10);
    assert_true(toy_accuracy(&m, t) >= 0.99);
    assert_true(toy_accuracy(&m, u) >= 0.95);
    weft_lin_model_free(&m);
    toy_free(t);
    toy_free(u);
}

/* Noisy labels: both learners still find the clean rule, and the same seed gives the same
 * model bytes (a different seed, a different model). */
static void noisy_deterministic(void **st) {
    (void)st;
    toy_set *t = toy_make(3, 1), *u = toy_make(4, 0);
    weft_lin_model a, b, c;
    for (int learner = 0; learner < 2; learner++) {
        void (*train)(weft_lin_model *, const toy_set *, uint64_t, int) =
            learner ? train_lr : train_ap;
        train(&a, t, 9, 8);
        train(&b, t, 9, 8);
        train(&c, t, 10, 8);
        assert_true(toy_accuracy(&a, u) >= 0.9);
        size_t na, nb, nc;
        char *sa = save_str(&a, &na), *sb = save_str(&b, &nb), *sc = save_str(&c, &nc);
        assert_int_equal(na, nb);
        assert_memory_equal(sa, sb, na);
        assert_true(na != nc || memcmp(sa, sc, na) != 0);
        free(sa);
        free(sb);
        free(sc);
        weft_lin_model_free(&a);
        weft_lin_model_free(&b);
        weft_lin_model_free(&c);
    }
    toy_free(t);
    toy_free(u);
}

/* The lazy average equals the mean of the weight vectors after every example, computed the
 * slow way, exactly (integer updates: every sum is exact in a double). */
static void ap_lazy_equals_naive(void **st) {
    (void)st;
    toy_set *t = toy_make(11, 1);
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 8, TOY_CLASSES, toy_labels), 0);
    size_t nw = weft_lin_nweights(&m);
    double *sum = calloc(nw, sizeof *sum), bsum[TOY_CLASSES] = {0};
    assert_non_null(sum);
    weft_lin_ap ap;
    assert_int_equal(weft_lin_ap_init(&ap, &m), 0);
    uint32_t ticks = 0;
    for (int e = 0; e < 2; e++)
        for (uint32_t i = 0; i < TOY_N; i++) {
            uint32_t guess = weft_lin_predict(&m, &t->fv[i], NULL);
            weft_lin_ap_update(&ap, &t->fv[i], t->gold[i], guess, i % 2 ? 1.0f : 2.0f);
            weft_lin_ap_tick(&ap);
            ticks++;
            for (size_t k = 0; k < nw; k++) sum[k] += m.w[k];
            for (int c = 0; c < TOY_CLASSES; c++) bsum[c] += m.bias[c];
            if (i == 100 && e == 1) {
                /* average midway, then train on: unaverage restores the raw weights */
                float raw = m.w[3];
                weft_lin_ap_average(&ap);
                weft_lin_ap_unaverage(&ap);
                assert_true(m.w[3] == raw);
            }
        }
    float *raw = malloc(nw * sizeof *raw);
    assert_non_null(raw);
    memcpy(raw, m.w, nw * sizeof *raw);
    weft_lin_ap_average(&ap);
    size_t nonzero = 0;
    for (size_t k = 0; k < nw; k++) {
        assert_true(m.w[k] == (float)(sum[k] / ticks));
        nonzero += m.w[k] != 0.0f;
    }
    assert_true(nonzero > 20);
    for (int c = 0; c < TOY_CLASSES; c++) assert_true(m.bias[c] == (float)(bsum[c] / ticks));
    weft_lin_ap_average(&ap); /* twice: still the average */
    assert_true(m.w[3] == (float)(sum[3] / ticks));
    /* an update after averaging starts from the raw weights again */
    weft_lin_ap_update(&ap, &t->fv[0], 0, 1, 1.0f);
    assert_int_equal(ap.averaged, 0);
    uint32_t row = (t->fv[0].f[0].id & weft_lin_mask(&m)) * TOY_CLASSES;
    float expect = raw[row];
    for (size_t j = 0; j < t->fv[0].n; j++)
        if ((t->fv[0].f[j].id & weft_lin_mask(&m)) * TOY_CLASSES == row) expect += 1.0f;
    assert_true(m.w[row] == expect);
    /* an update is its two halves */
    weft_lin_model m2;
    assert_int_equal(weft_lin_model_copy(&m2, &m), 0);
    weft_lin_ap ap2;
    assert_int_equal(weft_lin_ap_init(&ap2, &m2), 0);
    ap2.t = ap.t;
    memcpy(ap2.u, ap.u, nw * sizeof *ap.u);
    memcpy(ap2.ub, ap.ub, TOY_CLASSES * sizeof *ap.ub);
    weft_lin_ap_update(&ap, &t->fv[5], 2, 0, 1.5f);
    weft_lin_ap_add(&ap2, &t->fv[5], 2, 1.5f);
    weft_lin_ap_add(&ap2, &t->fv[5], 0, -1.5f);
    weft_lin_ap_add(&ap2, &t->fv[5], 7, 1.0f); /* not a class: nothing */
    assert_memory_equal(m.w, m2.w, nw * sizeof *m.w);
    assert_memory_equal(m.bias, m2.bias, TOY_CLASSES * sizeof *m.bias);
    assert_memory_equal(ap.u, ap2.u, nw * sizeof *ap.u);
    weft_lin_ap_free(&ap2);
    weft_lin_model_free(&m2);
    /* no-ops */
    memcpy(raw, m.w, nw * sizeof *raw);
    weft_lin_ap_update(&ap, &t->fv[0], 1, 1, 1.0f);
    weft_lin_ap_update(&ap, &t->fv[0], 5, 1, 1.0f);
    assert_memory_equal(raw, m.w, nw * sizeof *raw);
    weft_lin_ap_free(&ap);
    free(raw);
    free(sum);
    weft_lin_model_free(&m);
    toy_free(t);
}

static void lr_step_checks(void **st) {
    (void)st;
    weft_lin_model m;
    assert_int_equal(weft_lin_model_init(&m, 8, 2, NULL), 0);
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    assert_int_equal(weft_lin_fv_add(&fv, 3, 1.0f), 0);
    assert_true(weft_lin_lr_step(&m, &fv, 2, 0.1f, 0.0f, 1.0f) < 0); /* not a class */
    /* from zero weights the loss is log 2; the step moves toward gold */
    float l = weft_lin_lr_step(&m, &fv, 1, 0.5f, 0.0f, 1.0f);
    assert_float_equal(l, logf(2.0f), 1e-6f);
    assert_float_equal(m.w[3 * 2 + 1], 0.25f, 1e-7f);
    assert_float_equal(m.w[3 * 2 + 0], -0.25f, 1e-7f);
    assert_float_equal(m.bias[1], 0.25f, 1e-7f);
    float l2 = weft_lin_lr_step(&m, &fv, 1, 0.5f, 0.0f, 2.0f);
    assert_true(l2 < 2.0f * l); /* weighted, smaller */
    assert_true(weft_lin_margin(&m, &fv) > 0.0f);
    assert_float_equal(weft_lin_lr_rate(1.0f, 0.5f, 2), 0.5f, 1e-7f);
    weft_lin_fv_free(&fv);
    weft_lin_model_free(&m);
}

static void prf_counts(void **st) {
    (void)st;
    weft_lin_prf s = {0, 0, 0};
    assert_true(weft_lin_prf_f1(&s) == 0.0);
    weft_lin_prf_count(&s, 1, 1);
    weft_lin_prf_count(&s, 1, 1);
    weft_lin_prf_count(&s, 0, 1);
    weft_lin_prf_count(&s, 1, 0);
    weft_lin_prf_count(&s, 0, 0);
    assert_int_equal(s.tp, 2);
    assert_int_equal(s.fp, 1);
    assert_int_equal(s.fn, 1);
    assert_float_equal(weft_lin_prf_p(&s), 2.0 / 3.0, 1e-12);
    assert_float_equal(weft_lin_prf_r(&s), 2.0 / 3.0, 1e-12);
    assert_float_equal(weft_lin_prf_f1(&s), 2.0 / 3.0, 1e-12);
}

/* Every finite float written with %.9g reads back to the same bits, and any decimal the
 * reader takes gives exactly what strtof gives (the fast path's double rounding included). */
static void float_parse_exact(void **st) {
    (void)st;
    weft_lin_rng r;
    weft_lin_rng_seed(&r, 99);
    char buf[64];
    float v;
    for (int i = 0; i < 200000; i++) {
        uint32_t bits = (uint32_t)weft_lin_rng_next(&r);
        float f;
        memcpy(&f, &bits, sizeof f);
        if (!isfinite(f)) continue;
        snprintf(buf, sizeof buf, "%.9g", (double)f);
        assert_int_equal(weft_lin_parse_float_(buf, strlen(buf), ".", &v), 0);
        if (f == 0.0f) {
            assert_true(v == 0.0f && !signbit(v));
        } else {
            uint32_t back;
            memcpy(&back, &v, sizeof back);
            if (back != bits) fail_msg("%s read as %.9g", buf, (double)v);
        }
    }
    for (int i = 0; i < 200000; i++) {
        /* 1..20 digits, a point somewhere or none, an exponent from -50 to 50 */
        int nd = 1 + (int)weft_lin_rng_below(&r, 20), o = 0;
        int point = (int)weft_lin_rng_below(&r, (uint32_t)nd + 1);
        if (weft_lin_rng_below(&r, 2)) buf[o++] = '-';
        for (int d = 0; d < nd; d++) {
            if (d == point && d > 0) buf[o++] = '.';
            buf[o++] = (char)('0' + weft_lin_rng_below(&r, 10));
        }
        if (weft_lin_rng_below(&r, 2))
            o += snprintf(buf + o, sizeof buf - (size_t)o, "e%d",
                          (int)weft_lin_rng_below(&r, 101) - 50);
        buf[o] = '\0';
        float want = strtof(buf, NULL);
        int rc = weft_lin_parse_float_(buf, (size_t)o, ".", &v);
        if (!isfinite(want)) {
            assert_int_equal(rc, -2);
            continue;
        }
        assert_int_equal(rc, 0);
        if (want == 0.0f) want = 0.0f;
        if (memcmp(&v, &want, sizeof v) != 0)
            fail_msg("%s: %.9g, strtof %.9g", buf, (double)v, (double)want);
    }
    /* midpoints between two floats: 1 + 2^-24 is exactly between 1 and its successor; a hair
     * above rounds up, a hair below down, exactly on it to even */
    assert_int_equal(weft_lin_parse_float_("1.000000059604644775390625", 26, ".", &v), 0);
    assert_true(v == 1.0f);
    assert_int_equal(weft_lin_parse_float_("1.0000000596046447753906251", 27, ".", &v), 0);
    assert_true(v == nextafterf(1.0f, 2.0f));
    assert_int_equal(weft_lin_parse_float_("1.0000000596046447753906249", 27, ".", &v), 0);
    assert_true(v == 1.0f);
    assert_int_equal(weft_lin_parse_float_("16777217", 8, ".", &v), 0); /* 2^24 + 1: a tie */
    assert_true(v == 16777216.0f);
    assert_int_equal(weft_lin_parse_float_("16777219", 8, ".", &v), 0);
    assert_true(v == 16777220.0f);
    assert_int_equal(weft_lin_parse_float_("1e-45", 5, ".", &v), 0); /* subnormal */
    assert_true(v == nextafterf(0.0f, 1.0f));
    assert_int_equal(weft_lin_parse_float_("1e-50", 5, ".", &v), 0); /* underflow to 0 */
    assert_true(v == 0.0f);
    assert_int_equal(weft_lin_parse_float_("3.40282357e38", 13, ".", &v), -2);
}

/* ------------------------------------------------------------------------ */
/* The model file                                                            */

static void save_format(void **st) {
    (void)st;
    weft_lin_model m;
    const char *labels[] = {"keep", "drop"};
    assert_int_equal(weft_lin_model_init(&m, 8, 2, labels), 0);
    assert_int_equal(weft_lin_model_set_meta(&m, "licence", "CC-BY-SA-4.0"), 0);
    assert_int_equal(weft_lin_model_set_meta(&m, "note", "two  spaces\tand a tab"), 0);
    m.bias[0] = 0.125f;
    m.bias[1] = -0.125f;
    m.w[200 * 2 + 1] = 1.0f / 3.0f;
    m.w[7 * 2 + 0] = -0.0f; /* a zero row */
    m.w[9 * 2 + 0] = 1e-30f;
    m.w[9 * 2 + 1] = -0.0f;
    char *s = save_str(&m, NULL);
    assert_string_equal(s, "weft-linear 1\n"
                           "meta licence CC-BY-SA-4.0\n"
                           "meta note two  spaces\tand a tab\n"
                           "classes 2 keep drop\n"
                           "bits 8\n"
                           "bias 0.125 -0.125\n"
                           "w 9 1e-30 0\n"
                           "w 200 0 0.333333343\n"
                           "end\n");
    weft_lin_model back;
    char err[200];
    assert_int_equal(weft_lin_load(&back, s, strlen(s), err, sizeof err), 0);
    assert_true(back.w[200 * 2 + 1] == 1.0f / 3.0f);
    assert_true(back.w[9 * 2] == 1e-30f);
    assert_string_equal(weft_lin_model_meta(&back, "note"), "two  spaces\tand a tab");
    free(s);
    weft_lin_model_free(&back);
    weft_lin_model_free(&m);
}

/* A trained model written, read back and written again: the same bytes and the same floats,
 * bit for bit; also under a locale whose decimal point is a comma, when one is installed (to
 * run that part here: localedef -i de_DE -f UTF-8 /tmp/loc/de_DE.UTF-8 and LOCPATH=/tmp/loc). */
static void save_load_round_trip(void **st) {
    (void)st;
    toy_set *t = toy_make(1, 1);
    weft_lin_model m, back;
    train_lr(&m, t, 3, 3);
    assert_int_equal(weft_lin_model_set_meta(&m, "provenance", "test_linear, seed 3"), 0);
    size_t n1, n2;
    char *s1 = save_str(&m, &n1);
    char err[200];
    assert_int_equal(weft_lin_load(&back, s1, n1, err, sizeof err), 0);
    assert_same_model(&m, &back);
    char *s2 = save_str(&back, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(s1, s2, n1);
    weft_lin_model_free(&back);
    free(s2);
    const char *loc = setlocale(LC_NUMERIC, "de_DE.UTF-8");
    if (!loc) loc = setlocale(LC_NUMERIC, "fr_FR.UTF-8");
    if (loc) {
        s2 = save_str(&m, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(s1, s2, n1);
        assert_int_equal(weft_lin_load(&back, s1, n1, err, sizeof err), 0);
        assert_same_model(&m, &back);
        weft_lin_model_free(&back);
        free(s2);
        /* numbers past the fast path go through strtof, which reads the locale's point */
        float v;
        assert_int_equal(weft_lin_parse_float_("-1.5e-30", 8, localeconv()->decimal_point, &v), 0);
        assert_true(v == -1.5e-30f);
        char num[48];
        weft_lin_fmt_(num, sizeof num, -1.5e-30f, localeconv()->decimal_point);
        assert_string_equal(num, "-1.5e-30");
        setlocale(LC_NUMERIC, "C");
    }
    /* the loader never reads past n: a copy with no NUL after it */
    char *exact = malloc(n1);
    assert_non_null(exact);
    memcpy(exact, s1, n1);
    assert_int_equal(weft_lin_load(&back, exact, n1, err, sizeof err), 0);
    weft_lin_model_free(&back);
    free(exact);
    /* a copy of a model is the same model */
    assert_int_equal(weft_lin_model_copy(&back, &m), 0);
    assert_same_model(&m, &back);
    weft_lin_model_free(&back);
    free(s1);
    weft_lin_model_free(&m);
    toy_free(t);
}

static void load_tolerates(void **st) {
    (void)st;
    /* comments, blank lines, tabs and runs of blanks, CRLF, meta anywhere before end, no
     * final newline, -0, exponents, leading zeros */
    const char *s = "weft-linear 1\r\n"
                    "# comment\r\n"
                    "\r\n"
                    "classes\t2  x y\r\n"
                    "meta k   v w \r\n"
                    "bits 08\r\n"
                    "bias -0 1E2\r\n"
                    "# rows\n"
                    "w 3 1.5e-3 -2.\n"
                    "w 255 0 0\n"
                    "end";
    weft_lin_model m;
    char err[200];
    assert_int_equal(weft_lin_load(&m, s, strlen(s), err, sizeof err), 0);
    assert_int_equal(m.nclass, 2);
    assert_int_equal(m.bits, 8);
    assert_string_equal(m.label[1], "y");
    assert_string_equal(weft_lin_model_meta(&m, "k"), "v w ");
    assert_true(m.bias[0] == 0.0f && !signbit(m.bias[0]));
    assert_true(m.bias[1] == 100.0f);
    assert_true(m.w[6] == 1.5e-3f && m.w[7] == -2.0f);
    weft_lin_model_free(&m);
}

/* Every malformed file is an error naming its line, and leaves the model zeroed. */
static void load_errors(void **st) {
    (void)st;
#define HEAD "weft-linear 1\nclasses 2 a b\nbits 8\nbias 0 0\n"
    static const struct {
        const char *in;
        const char *err;
    } cases[] = {
        {"", "line 1: empty file"},
        {"weft-linear\n", "line 1: not a weft-linear model"},
        {"weft-linear 2\nend\n", "line 1: version 2, this reader knows 1"},
        {"weft-lineal 1\n", "line 1: not a weft-linear model"},
        {"# comment first\nweft-linear 1\n", "line 1: not a weft-linear model"},
        {"weft-linear 1\nfoo 3\n", "line 2: unknown directive 'foo'"},
        {"weft-linear 1\nbits 8\n", "line 2: misplaced 'bits' where 'classes' was expected"},
        {"weft-linear 1\nclasses 3 a b\n", "line 2: 3 classes declared, 2 named"},
        {"weft-linear 1\nclasses 1 a\n", "line 2: expected 'classes N NAME...'"},
        {"weft-linear 1\nclasses 2 a a\nbits 8\n", "line 2: a class name is repeated"},
        {"weft-linear 1\nclasses 2 a b\nbits 7\n", "line 3: bits 7 outside 8..24"},
        {"weft-linear 1\nclasses 2 a b\nbits 25\n", "line 3: bits 25 outside 8..24"},
        {"weft-linear 1\nclasses 2 a b\nbits x\n", "line 3: expected 'bits N'"},
        {"weft-linear 1\nclasses 2 a b\nbits 8\nw 1 0 0\n",
         "line 4: misplaced 'w' where 'bias' was expected"},
        {"weft-linear 1\nclasses 2 a b\nclasses 2 a b\n", "line 3: misplaced 'classes'"},
        {HEAD "bias 0 0\n", "line 5: misplaced 'bias'"},
        {"weft-linear 1\nclasses 2 a b\nbits 8\nbias 0\n", "line 4: 2 values expected, found 1"},
        {"weft-linear 1\nclasses 2 a b\nbits 8\nbias 0 0 0\n", "line 4: more than 2 values"},
        {HEAD "w 256 1 1\nend\n", "line 5: row 256 outside 2^8 rows"},
        {HEAD "w 9 1 1\nw 9 1 1\nend\n", "line 6: row 9 repeated"},
        {HEAD "w 9 1 1\nw 8 1 1\nend\n", "line 6: row 8 out of order"},
        {HEAD "w 9 1 nan\nend\n", "line 5: unparsable number 'nan'"},
        {HEAD "w 9 1 inf\nend\n", "line 5: unparsable number 'inf'"},
        {HEAD "w 9 1 1e39\nend\n", "line 5: non-finite number '1e39'"},
        {HEAD "w 9 1 0x10\nend\n", "line 5: unparsable number '0x10'"},
        {HEAD "w 9 1 +1\nend\n", "line 5: unparsable number '+1'"},
        {HEAD "w 9 1 .5\nend\n", "line 5: unparsable number '.5'"},
        {HEAD "w 9 1 1e\nend\n", "line 5: unparsable number '1e'"},
        {HEAD "w 9 1 1,5\nend\n", "line 5: unparsable number '1,5'"},
        {HEAD "w -1 1 1\nend\n", "line 5: expected 'w ROW VALUE...'"},
        {HEAD "w 99999999999 1 1\nend\n", "line 5: expected 'w ROW VALUE...'"},
        {HEAD "w 9 1 1\n", "line 5: the file ends before 'end'"},
        {HEAD "end\nw 9 1 1\n", "line 6: text after 'end'"},
        {HEAD "end\n\n", "line 6: text after 'end'"},
        {HEAD "end x\n", "line 5: text after 'end'"},
        {HEAD "meta a 1\nmeta a 2\nend\n", "line 6: meta 'a' repeated"},
        {HEAD "meta\nend\n", "line 5: expected 'meta KEY VALUE'"},
        {HEAD "meta k v\rw\nend\n", "line 5: meta value holds a CR"},
        {"weft-linear 1\nclasses 2 a\x01 b\n", "line 2: class name 'a?' is not 1 to 48 bytes"},
        {"weft-linear 1\nclasses 2 a b\nbits 24\n", NULL}, /* see below: over a cap */
    };
#undef HEAD
    char err[200];
    weft_lin_model m;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!cases[i].err) continue;
        memset(&m, 0x5a, sizeof m);
        int rc = weft_lin_load(&m, cases[i].in, strlen(cases[i].in), err, sizeof err);
        if (rc != -1 || strncmp(err, cases[i].err, strlen(cases[i].err)) != 0)
            fail_msg("case %zu: rc %d, err '%s', expected '%s'", i, rc, err, cases[i].err);
        assert_null(m.w);
        assert_null(m.label);
        assert_int_equal(m.nmeta, 0);
    }
    /* a NUL byte, on line 3 */
    const char nul[] = "weft-linear 1\n# x\nclasses 2 a\0 b\n";
    assert_int_equal(weft_lin_load(&m, nul, sizeof nul - 1, err, sizeof err), -1);
    assert_string_equal(err, "line 3: NUL byte");
    /* an over-long line */
    size_t big = WEFT_LIN_MAX_LINE + 100;
    char *s = malloc(big);
    assert_non_null(s);
    memset(s, '#', big);
    memcpy(s, "weft-linear 1\n", 14);
    assert_int_equal(weft_lin_load(&m, s, big, err, sizeof err), -1);
    assert_string_equal(err, "line 2: longer than 65536 bytes");
    free(s);
    /* a table over the caller's cap, refused before allocating */
    const char *huge = "weft-linear 1\nclasses 2 a b\nbits 24\nbias 0 0\nend\n";
    assert_int_equal(weft_lin_load_max(&m, huge, strlen(huge), 1 << 20, err, sizeof err), -1);
    assert_string_equal(err, "line 3: 2^24 rows of 2 classes exceed the limit of 1048576 weights");
    /* err may be NULL */
    assert_int_equal(weft_lin_load(&m, "x", 1, NULL, 0), -1);
    /* a truncated copy of a good file fails at every cut but the last newline's */
    const char *good = "weft-linear 1\nmeta a b\nclasses 2 a b\nbits 8\nbias 1 2\nw 3 4 5\nend\n";
    size_t gn = strlen(good);
    for (size_t cut = 0; cut < gn; cut++) {
        char *c = malloc(cut ? cut : 1);
        assert_non_null(c);
        memcpy(c, good, cut);
        int rc = weft_lin_load(&m, c, cut, err, sizeof err);
        free(c);
        if (cut >= gn - 1) {
            assert_int_equal(rc, 0);
            weft_lin_model_free(&m);
        } else {
            assert_int_equal(rc, -1);
            assert_true(strncmp(err, "line ", 5) == 0);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hash_vectors),         cmocka_unit_test(fv_add_and_clear),
        cmocka_unit_test(model_init_checks),    cmocka_unit_test(model_meta),
        cmocka_unit_test(scores_predict),       cmocka_unit_test(softmax_sigmoid),
        cmocka_unit_test(prune_and_rows),       cmocka_unit_test(quantize_rounds),
        cmocka_unit_test(rng_sequence),         cmocka_unit_test(shuffle_permutes),
        cmocka_unit_test(ap_learns_separable),  cmocka_unit_test(lr_learns_separable),
        cmocka_unit_test(noisy_deterministic),  cmocka_unit_test(ap_lazy_equals_naive),
        cmocka_unit_test(lr_step_checks),       cmocka_unit_test(prf_counts),
        cmocka_unit_test(float_parse_exact),    cmocka_unit_test(save_format),
        cmocka_unit_test(save_load_round_trip), cmocka_unit_test(load_tolerates),
        cmocka_unit_test(load_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
