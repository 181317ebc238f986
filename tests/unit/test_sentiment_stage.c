/*
 * The sentiment stage through the core: exactness against the reference
 * VADER on the shared dev data (scorer called directly, and the stage run
 * as a pipeline over every text), sentence scope over a sentence layer made
 * by an inline Lua stage, the fallbacks, the parameters and their errors.
 * The dev data is read from ../shared/data/sentiment/dev/ and never copied;
 * without it those tests are skipped.
 */
#include "test_sentiment_fixture.h"

#include "doc.h"
#include "engine.h"

#define DEV "../shared/data/sentiment/dev/"

/* ------------------------------------------------------------------------ */
/* Reference rows                                                            */

typedef struct ref_row {
    char *id; /* "dataset:id" or the quirk case id */
    char *text;
    double want[4], raw[4]; /* neg neu pos compound; raw[k] NAN when absent */
} ref_row;

typedef struct ref_set {
    ref_row *rows;
    size_t n, cap;
} ref_set;

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len) *len = (size_t)n;
    return buf;
}

/* Split a line in place on TABs; returns the number of fields. */
static size_t fields(char *line, char **f, size_t max) {
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

static void push(ref_set *s, ref_row r) {
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->rows = realloc(s->rows, s->cap * sizeof *s->rows);
        assert_non_null(s->rows);
    }
    s->rows[s->n++] = r;
}

/* The text of GroundTruth line "ID<TAB>mean<TAB>text" of dataset ds. */
typedef struct gt {
    char *buf;
    char **ids, **texts;
    size_t n;
} gt;

static int load_gt(const char *ds, gt *g) {
    char path[256];
    snprintf(path, sizeof path, DEV "%s_GroundTruth.txt", ds);
    g->buf = slurp(path, NULL);
    if (!g->buf) return -1;
    size_t cap = 16384;
    g->ids = malloc(cap * sizeof *g->ids);
    g->texts = malloc(cap * sizeof *g->texts);
    g->n = 0;
    for (char *line = strtok(g->buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *f[3];
        /* the text may not contain TABs (SOURCES.md), split on the first two */
        char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        assert_non_null(t2);
        *t1 = *t2 = '\0';
        f[0] = line, f[2] = t2 + 1;
        assert_true(g->n < cap);
        g->ids[g->n] = f[0];
        g->texts[g->n++] = f[2];
    }
    return 0;
}

static void free_gt(gt *g) {
    free(g->buf);
    free(g->ids);
    free(g->texts);
}

static const char *const datasets[] = {"tweets", "movieReviewSnippets", "amazonReviewSnippets",
                                       "nytEditorialSnippets"};

/* Rows of reference_scores.tsv joined with their texts; 0 rows if absent. */
static void load_reference(ref_set *s) {
    memset(s, 0, sizeof *s);
    char *ref = slurp(DEV "reference_scores.tsv", NULL);
    if (!ref) return;
    gt g[4];
    size_t at[4] = {0};
    for (int k = 0; k < 4; k++) assert_int_equal(load_gt(datasets[k], &g[k]), 0);
    char *save = NULL;
    char *line = strtok_r(ref, "\n", &save); /* header */
    assert_non_null(line);
    assert_non_null(strstr(line, "compound_raw"));
    while ((line = strtok_r(NULL, "\n", &save))) {
        char *f[11];
        assert_int_equal(fields(line, f, 11), 11);
        int k = 0;
        while (k < 4 && strcmp(f[0], datasets[k]) != 0) k++;
        assert_true(k < 4);
        /* rows follow GroundTruth order; search from the last match */
        size_t i = at[k], tries = 0;
        while (strcmp(g[k].ids[i], f[1]) != 0) {
            i = (i + 1) % g[k].n;
            assert_true(++tries < g[k].n);
        }
        at[k] = i;
        ref_row r;
        size_t idlen = strlen(f[0]) + strlen(f[1]) + 2;
        r.id = malloc(idlen);
        assert_non_null(r.id);
        snprintf(r.id, idlen, "%s:%s", f[0], f[1]);
        r.text = strdup(g[k].texts[i]);
        for (int q = 0; q < 4; q++) {
            r.want[q] = strtod(f[3 + q], NULL);
            r.raw[q] = strtod(f[7 + q], NULL);
        }
        push(s, r);
    }
    for (int k = 0; k < 4; k++) free_gt(&g[k]);
    free(ref);
}

/* quirk_cases_reference.tsv: case_id text neg neu pos compound compound_raw tokens */
static void load_quirks(ref_set *s) {
    memset(s, 0, sizeof *s);
    char *buf = slurp(DEV "quirk_cases_reference.tsv", NULL);
    if (!buf) return;
    char *p = strchr(buf, '\n');
    assert_non_null(p);
    p++;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        char *f[8];
        assert_true(fields(p, f, 8) >= 7);
        ref_row r = {.id = strdup(f[0]), .text = strdup(f[1])};
        for (int q = 0; q < 4; q++) {
            r.want[q] = strtod(f[2 + q], NULL);
            r.raw[q] = NAN;
        }
        r.raw[3] = strtod(f[6], NULL);
        push(s, r);
        if (!nl) break;
        p = nl + 1;
    }
    free(buf);
}

static void free_set(ref_set *s) {
    for (size_t i = 0; i < s->n; i++) {
        free(s->rows[i].id);
        free(s->rows[i].text);
    }
    free(s->rows);
}

typedef struct tally {
    size_t rows, rounded_ok, raw_ok, bit_exact;
    double max_diff;
} tally;

/* Compare one result; returns 1 when it meets the target. */
static int check(const ref_row *r, const vader_scores *raw, const vader_scores *rounded, tally *t) {
    const double got_raw[4] = {raw->neg, raw->neu, raw->pos, raw->compound};
    const double got[4] = {rounded->neg, rounded->neu, rounded->pos, rounded->compound};
    int rounded_ok = 1, raw_ok = 1, exact = 1;
    for (int q = 0; q < 4; q++) {
        if (got[q] != r->want[q]) rounded_ok = 0; /* -0.0 == 0.0, as SOURCES.md says */
        if (isnan(r->raw[q])) continue;
        double d = fabs(got_raw[q] - r->raw[q]);
        if (d > t->max_diff) t->max_diff = d;
        if (d > 1e-12) raw_ok = 0;
        if (memcmp(&got_raw[q], &r->raw[q], sizeof(double)) != 0 && got_raw[q] != r->raw[q])
            exact = 0;
    }
    t->rows++;
    t->rounded_ok += rounded_ok;
    t->raw_ok += raw_ok;
    t->bit_exact += exact;
    if (!(rounded_ok && raw_ok))
        print_message("MISMATCH %s: got %.4f %.4f %.4f %.4f (compound %.17g), want %g %g %g %g\n",
                      r->id, got[0], got[1], got[2], got[3], got_raw[3], r->want[0], r->want[1],
                      r->want[2], r->want[3]);
    return rounded_ok && raw_ok;
}

static void report(const char *what, const tally *t) {
    print_message("%s: %zu rows, rounded identical %zu, unrounded within 1e-12 %zu, bit-exact "
                  "%zu, max |diff| %.3g\n",
                  what, t->rows, t->rounded_ok, t->raw_ok, t->bit_exact, t->max_diff);
}

static void scorer_on(ref_set *s, const char *what, size_t expect_rows) {
    if (s->n == 0) {
        free_set(s);
        print_message("SKIP: %s not found under " DEV " (shared data absent)\n", what);
        skip();
    }
    assert_int_equal(s->n, expect_rows);
    vader_model m;
    assert_int_equal(shipped_model(&m), 0);
    vader_scratch sc = {0};
    tally t = {0};
    for (size_t i = 0; i < s->n; i++) {
        vader_scores raw, rounded;
        assert_int_equal(vader_score(&m, &sc, s->rows[i].text, strlen(s->rows[i].text), &raw), 0);
        vader_round(&raw, &rounded);
        check(&s->rows[i], &raw, &rounded, &t);
    }
    report(what, &t);
    vader_scratch_free(&sc);
    vader_model_free(&m);
    free_set(s);
    assert_int_equal(t.rounded_ok, expect_rows);
    assert_int_equal(t.raw_ok, expect_rows);
}

static void test_reference_scorer(void **state) {
    (void)state;
    ref_set s;
    load_reference(&s);
    scorer_on(&s, "reference_scores.tsv (scorer)", 9666);
}

static void test_quirks_scorer(void **state) {
    (void)state;
    ref_set s;
    load_quirks(&s);
    scorer_on(&s, "quirk_cases_reference.tsv (scorer)", 91);
}

/* ------------------------------------------------------------------------ */
/* Pipelines through the core                                                */

typedef struct fx {
    weft_engine *e;
    weft_pipeline *p;
    weft_worker *w;
    weft_doc *d;
    char err[1024];
} fx;

static const char *build_dir(void) {
    static char dir[512];
    const char *f = getenv("WEFT_FIXTURES"); /* BUILD/tests/plugins */
    if (!f) return "build";
    snprintf(dir, sizeof dir, "%s", f);
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
    }
    return dir;
}

/* Build a pipeline from src; returns 0, or -1 with the message in f->err. */
static int fx_open(fx *f, const char *src) {
    memset(f, 0, sizeof *f);
    f->e = weft_engine_new();
    assert_non_null(f->e);
    char so[600];
    snprintf(so, sizeof so, "%s/plugins/sentiment.so", build_dir());
    if (weft_registry_load_file(&f->e->reg, so, f->err, sizeof f->err) != 0)
        fail_msg("cannot load %s: %s", so, f->err);
    f->p =
        weft_pipeline_build(f->e, "test.lua", src, strlen(src), NULL, 0, 0, f->err, sizeof f->err);
    if (!f->p) return -1;
    f->w = weft_worker_new(f->p, f->err, sizeof f->err);
    assert_non_null(f->w);
    f->d = weft_doc_new(f->e->syms);
    assert_non_null(f->d);
    return 0;
}

static void fx_close(fx *f) {
    if (f->d) weft_doc_free(f->d);
    if (f->w) weft_worker_free(f->w);
    if (f->p) weft_pipeline_free(f->p);
    weft_engine_free(f->e);
}

static int fx_run(fx *f, const char *id, const char *text, size_t len) {
    weft_doc_reset(f->d);
    assert_int_equal(weft_doc_set_id(f->d, id), WEFT_OK);
    assert_int_equal(weft_doc_set_raw(f->d, text, len, 0), WEFT_OK);
    return weft_worker_process(f->w, f->d);
}

static double dattr(weft_doc *d, const char *key) {
    weft_sym s = weft_doc_sym_find(d, key, strlen(key));
    const weft_value *v = s ? weft_doc_attr_get(d, s) : NULL;
    if (!v) fail_msg("no document attribute %s", key);
    return v->type == WEFT_V_INT ? (double)v->u.i : v->u.d;
}

static const weft_layer *layer(weft_doc *d, const char *name) {
    weft_sym s = weft_doc_sym_find(d, name, strlen(name));
    return s ? weft_doc_layer(d, s) : NULL;
}

static double rattr(weft_doc *d, const weft_ann *a, const char *key) {
    const weft_attr *at;
    size_t n = weft_doc_ann_attrs(d, a, &at);
    for (size_t i = 0; i < n; i++)
        if (strcmp(weft_doc_sym_name(d, at[i].key), key) == 0) return at[i].value.u.d;
    fail_msg("record has no attribute %s", key);
    return NAN;
}

static void pipeline_on(ref_set *s, const char *what, size_t expect_rows) {
    if (s->n == 0) {
        free_set(s);
        print_message("SKIP: %s not found under " DEV " (shared data absent)\n", what);
        skip();
    }
    assert_int_equal(s->n, expect_rows);
    fx r, u;
    assert_int_equal(fx_open(&r, "return weft.pipeline { weft.stage 'sentiment' "
                                 "{ scope = 'document' } }"),
                     0);
    assert_int_equal(fx_open(&u, "return weft.pipeline { weft.stage 'sentiment' "
                                 "{ scope = 'document', unrounded = true } }"),
                     0);
    tally t = {0};
    for (size_t i = 0; i < s->n; i++) {
        const ref_row *row = &s->rows[i];
        assert_int_equal(fx_run(&r, row->id, row->text, strlen(row->text)), 0);
        assert_int_equal(fx_run(&u, row->id, row->text, strlen(row->text)), 0);
        vader_scores got = {dattr(r.d, "sentiment.neg"), dattr(r.d, "sentiment.neu"),
                            dattr(r.d, "sentiment.pos"), dattr(r.d, "sentiment.compound")};
        vader_scores raw = {dattr(u.d, "sentiment.neg"), dattr(u.d, "sentiment.neu"),
                            dattr(u.d, "sentiment.pos"), dattr(u.d, "sentiment.compound")};
        check(row, &raw, &got, &t);
        /* one record over the whole text, carrying the same values */
        const weft_layer *l = layer(r.d, "sentiment");
        assert_non_null(l);
        assert_int_equal(l->n, 1);
        assert_int_equal(l->a[0].end, strlen(row->text));
        assert_true(rattr(r.d, &l->a[0], "compound") == got.compound);
        assert_true(l->a[0].score == (float)got.compound);
    }
    report(what, &t);
    fx_close(&r);
    fx_close(&u);
    free_set(s);
    assert_int_equal(t.rounded_ok, expect_rows);
    assert_int_equal(t.raw_ok, expect_rows);
}

static void test_reference_pipeline(void **state) {
    (void)state;
    ref_set s;
    load_reference(&s);
    pipeline_on(&s, "reference_scores.tsv (weft pipeline, scope = document)", 9666);
}

static void test_quirks_pipeline(void **state) {
    (void)state;
    ref_set s;
    load_quirks(&s);
    pipeline_on(&s, "quirk_cases_reference.tsv (weft pipeline, scope = document)", 91);
}

/* The scores the scorer gives text[b..e), rounded. */
static vader_scores direct(const char *text, size_t b, size_t e) {
    vader_model m;
    assert_int_equal(shipped_model(&m), 0);
    vader_scratch sc = {0};
    vader_scores raw, r;
    assert_int_equal(vader_score(&m, &sc, text + b, e - b, &raw), 0);
    vader_round(&raw, &r);
    vader_scratch_free(&sc);
    vader_model_free(&m);
    return r;
}

static const char lua_sentences[] =
    "return weft.pipeline {\n"
    "  weft.lua 'sents' { provides = { 'sentence' }, run = function(doc)\n"
    "    local t = doc:text()\n"
    "    for b, e in t:gmatch('()[^.!?]+[.!?]*()') do\n"
    "      local s = t:sub(b, e - 1)\n"
    "      local lead = #s:match('^%s*')\n"
    "      if lead < #s then doc:add('sentence', b - 1 + lead, e - 1) end\n"
    "    end\n"
    "  end },\n"
    "  weft.stage 'sentiment' { },\n"
    "}\n";

static void test_sentence_scope(void **state) {
    (void)state;
    fx f;
    if (fx_open(&f, lua_sentences)) fail_msg("%s", f.err);
    const char *text = "The soup was lovely! But the room was not nice. Meh.";
    assert_int_equal(fx_run(&f, "d1", text, strlen(text)), 0);
    const weft_layer *l = layer(f.d, "sentiment");
    assert_non_null(l);
    assert_int_equal(l->n, 3);
    static const uint32_t span[3][2] = {{0, 20}, {21, 47}, {48, 52}};
    double mean[4] = {0};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(l->a[i].begin, span[i][0]);
        assert_int_equal(l->a[i].end, span[i][1]);
        vader_scores v = direct(text, span[i][0], span[i][1]);
        assert_true(rattr(f.d, &l->a[i], "neg") == v.neg);
        assert_true(rattr(f.d, &l->a[i], "neu") == v.neu);
        assert_true(rattr(f.d, &l->a[i], "pos") == v.pos);
        assert_true(rattr(f.d, &l->a[i], "compound") == v.compound);
        assert_true(l->a[i].score == (float)v.compound);
        mean[0] += v.neg, mean[1] += v.neu, mean[2] += v.pos, mean[3] += v.compound;
    }
    assert_true(rattr(f.d, &l->a[0], "compound") > 0.5);
    assert_true(rattr(f.d, &l->a[1], "compound") < 0);
    assert_true(dattr(f.d, "sentiment.sentences") == 3);
    /* the means get the sentences' digits (3, and 4 for compound), not the
     * sum's binary noise */
    vader_scores m = {mean[0] / 3, mean[1] / 3, mean[2] / 3, mean[3] / 3}, want;
    vader_round(&m, &want);
    assert_true(dattr(f.d, "sentiment.neg") == want.neg);
    assert_true(dattr(f.d, "sentiment.neu") == want.neu);
    assert_true(dattr(f.d, "sentiment.pos") == want.pos);
    assert_true(dattr(f.d, "sentiment.compound") == want.compound);
    assert_true(dattr(f.d, "sentiment.compound") != mean[3] / 3); /* this text's mean needs it */
    char buf[64];
    snprintf(buf, sizeof buf, "%.17g", dattr(f.d, "sentiment.compound"));
    assert_true(strtod(buf, NULL) == vader_round_digits(strtod(buf, NULL), 4));
    fx_close(&f);
    /* whole_text: the whole text scored as one, beside the sentence means */
    char src[sizeof lua_sentences + 64];
    snprintf(src, sizeof src, "%s", lua_sentences);
    char *at = strstr(src, "weft.stage 'sentiment' { }");
    assert_non_null(at);
    snprintf(at, sizeof src - (size_t)(at - src),
             "weft.stage 'sentiment' { whole_text = true } }\n");
    if (fx_open(&f, src)) fail_msg("%s", f.err);
    assert_int_equal(fx_run(&f, "d1", text, strlen(text)), 0);
    vader_scores whole = direct(text, 0, strlen(text));
    assert_true(dattr(f.d, "sentiment.text.compound") == whole.compound);
    assert_true(dattr(f.d, "sentiment.text.neu") == whole.neu);
    assert_true(dattr(f.d, "sentiment.compound") == want.compound);
    /* an empty document: no sentences, zeros */
    assert_int_equal(fx_run(&f, "d2", "", 0), 0);
    assert_true(dattr(f.d, "sentiment.sentences") == 0);
    assert_true(dattr(f.d, "sentiment.compound") == 0.0);
    fx_close(&f);
}

static void test_no_sentence_layer(void **state) {
    (void)state;
    fx f;
    /* default: every non-blank line, trimmed */
    assert_int_equal(fx_open(&f, "return weft.pipeline { weft.stage 'sentiment' {} }"), 0);
    const char *text = "lovely day\n\n  \t\nugly soup \r\n";
    assert_int_equal(fx_run(&f, "lines", text, strlen(text)), 0);
    const weft_layer *l = layer(f.d, "sentiment");
    assert_int_equal(l->n, 2);
    assert_int_equal(l->a[0].begin, 0);
    assert_int_equal(l->a[0].end, 10);
    assert_int_equal(l->a[1].begin, 16);
    assert_int_equal(l->a[1].end, 25);
    assert_true(rattr(f.d, &l->a[1], "compound") == direct(text, 16, 25).compound);
    fx_close(&f);
    /* the whole text */
    assert_int_equal(fx_open(&f, "return weft.pipeline { weft.stage 'sentiment' "
                                 "{ no_sentences = 'document' } }"),
                     0);
    assert_int_equal(fx_run(&f, "whole", text, strlen(text)), 0);
    l = layer(f.d, "sentiment");
    assert_int_equal(l->n, 1);
    assert_true(dattr(f.d, "sentiment.compound") == direct(text, 0, strlen(text)).compound);
    fx_close(&f);
    /* or a document error that says what is missing */
    assert_int_equal(fx_open(&f, "return weft.pipeline { weft.stage 'sentiment' "
                                 "{ no_sentences = 'fail' } }"),
                     0);
    assert_int_equal(fx_run(&f, "fails", text, strlen(text)), 1);
    assert_int_equal(f.d->nerrors, 1);
    assert_non_null(strstr(f.d->errors[0].msg, "needs a 'sentence' layer"));
    fx_close(&f);
}

static void test_invalid_utf8_document(void **state) {
    (void)state;
    fx f;
    assert_int_equal(fx_open(&f, "return weft.pipeline { weft.stage 'sentiment' "
                                 "{ scope = 'document' } }"),
                     0);
    /* raw that is not UTF-8 (a stray continuation byte first) is read as
     * windows-1252 by the core: the stage scores view "decoded" */
    const char text[] = "\x80\xbf lovely \xff day";
    assert_int_equal(fx_run(&f, "bad", text, sizeof text - 1), 0);
    const weft_layer *l = layer(f.d, "sentiment");
    const weft_view *v = weft_doc_view(f.d, WEFT_SYM_DECODED);
    assert_non_null(v);
    assert_int_equal(l->view, WEFT_SYM_DECODED);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->a[0].end, v->len);
    assert_true(dattr(f.d, "sentiment.compound") == direct(v->text, 0, v->len).compound);
    assert_true(dattr(f.d, "sentiment.compound") > 0.5);
    fx_close(&f);
}

static void test_parameters(void **state) {
    (void)state;
    fx f;
    /* extra words, boosters and negations */
    assert_int_equal(fx_open(&f, "return weft.pipeline { weft.stage 'sentiment' {\n"
                                 "  scope = 'document', unrounded = true,\n"
                                 "  extra = { soup = 2, lovely = -1.5 },\n"
                                 "  boosters = { mega = 0.293, ['a bit'] = -0.293 },\n"
                                 "  negations = { 'nae' } } }"),
                     0);
    assert_int_equal(fx_run(&f, "a", "soup", 4), 0);
    assert_true(dattr(f.d, "sentiment.compound") == 2.0 / sqrt(2.0 * 2.0 + 15));
    assert_int_equal(fx_run(&f, "b", "lovely", 6), 0);
    assert_true(dattr(f.d, "sentiment.compound") == -1.5 / sqrt(1.5 * 1.5 + 15));
    assert_int_equal(fx_run(&f, "c", "mega soup", 9), 0);
    double x = 2.0 + 0.293;
    assert_true(dattr(f.d, "sentiment.compound") == x / sqrt(x * x + 15));
    assert_int_equal(fx_run(&f, "d", "nae soup", 8), 0);
    x = 2.0 * -0.74;
    assert_true(dattr(f.d, "sentiment.compound") == x / sqrt(x * x + 15));
    fx_close(&f);
    /* a Greek word: "KALOS" in capitals lower-cases with a final sigma */
    assert_int_equal(fx_open(&f,
                             "return weft.pipeline { weft.stage 'sentiment' {\n"
                             "  scope = 'document', unrounded = true,\n"
                             "  extra = { ['\xce\xba\xce\xb1\xce\xbb\xce\xbf\xcf\x82'] = 2 } } }"),
                     0);
    const char *kalos = "\xce\x9a\xce\x91\xce\x9b\xce\x9f\xce\xa3";
    assert_int_equal(fx_run(&f, "f", kalos, strlen(kalos)), 0);
    assert_true(dattr(f.d, "sentiment.compound") == 2.0 / sqrt(2.0 * 2.0 + 15));
    fx_close(&f);
    assert_int_equal(fx_open(&f, "return weft.pipeline { weft.stage 'sentiment' {\n"
                                 "  scope = 'document', unrounded = true,\n"
                                 "  extra = { soup = 2 }, boosters = { ['a bit'] = -0.293 } } }"),
                     0);
    /* a multi-word booster works through the trigram check */
    assert_int_equal(fx_run(&f, "e", "it was a bit soup", 17), 0);
    x = ((2.0 + 0.0) + 0.0) + -0.293;
    assert_true(dattr(f.d, "sentiment.compound") == x / sqrt(x * x + 15));
    fx_close(&f);
}

static void param_error(const char *params, const char *want) {
    char src[1024];
    snprintf(src, sizeof src, "return weft.pipeline { weft.stage 'sentiment' { %s } }", params);
    fx f;
    if (fx_open(&f, src) == 0) fail_msg("expected { %s } to fail", params);
    if (!strstr(f.err, want)) fail_msg("expected \"%s\" in \"%s\"", want, f.err);
    fx_close(&f);
}

static void test_parameter_errors(void **state) {
    (void)state;
    param_error("extra = { Soup = 1 }", "'Soup' has upper-case letters");
    param_error("extra = { soup = 'x' }", "parameter 'extra': value of 'soup' must be a number");
    param_error("extra = { 'soup' }", "parameter 'extra' must be a table of word = number");
    param_error("extra = { ['two words'] = 1 }", "contains whitespace");
    param_error("negations = { 'NOT' }", "upper-case");
    param_error("scope = 'paragraph'", "scope");
    param_error("lexicon = '/nonexistent/lex.tsv'", "cannot open /nonexistent/lex.tsv");
    char path[] = "/tmp/weft-sentiment-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs("good\t1.9\nbad\tworse\n", fp);
    fclose(fp);
    char params[128], want[128];
    snprintf(params, sizeof params, "lexicon = '%s'", path);
    snprintf(want, sizeof want, "%s:2: valence 'worse' of 'bad' is not a finite number", path);
    param_error(params, want);
    snprintf(params, sizeof params, "emoji_lexicon = '%s'", path);
    fp = fopen(path, "w");
    fputs("\xe2\x98\x85\tstar\nno-tab-here\n", fp);
    fclose(fp);
    snprintf(want, sizeof want, "%s:2: expected EMOJI<TAB>DESCRIPTION", path);
    param_error(params, want);
    remove(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_scorer),      cmocka_unit_test(test_quirks_scorer),
        cmocka_unit_test(test_reference_pipeline),    cmocka_unit_test(test_quirks_pipeline),
        cmocka_unit_test(test_sentence_scope),        cmocka_unit_test(test_no_sentence_layer),
        cmocka_unit_test(test_invalid_utf8_document), cmocka_unit_test(test_parameters),
        cmocka_unit_test(test_parameter_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
