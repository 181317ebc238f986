/*
 * Trains the tokenizer's sentence boundary model (`make train-sentences`):
 * an averaged perceptron (weft/linear.h) over the boundary candidates of
 * documents with gold sentence spans, in the JSON Lines format of
 * ../shared/data/tokenizer/ud-ewt/ ({"id", "text", "sentences": [[b, e]]},
 * UTF-8 byte offsets). The tokens, candidates and features are the plugin's
 * own (its sources are compiled in), so what is learnt is what runs.
 * Deterministic: a fixed seed shuffles the examples of each epoch.
 *   train_sentences [-o MODEL] [--seed N] [--epochs N] [--bag N] [--bits N] [--eval GOLD]...
 *                   [--no-cascade] [--cascade-report] [--cascade-threshold T]
 *                   [--cascade-threshold-no T] GOLD.jsonl...
 * --bag N (default 5) averages the weights of N perceptrons trained with the
 * seeds seed to seed + N - 1 (see train_bag).
 * --eval GOLD (repeatable) learns nothing from GOLD: after training it prints
 * to stdout the candidates of GOLD that the model decides wrongly, and the
 * gold boundaries that are no candidate, one a line with their context (for
 * sorting held-out errors into classes).
 * The model written is a cascade (plugins/tokenizer/sentmodel.h): the full
 * model, and a cheap model on the info words around each candidate
 * (tok_cheap_features) with the margin threshold at which it decides,
 * tuned on the training set alone (tune_threshold), and the lower one at
 * which it decides that a candidate is no boundary (CASCADE_T_NO, or the
 * tuned one if lower; --cascade-threshold-no T sets it). --no-cascade writes the
 * full model alone; --cascade-report prints to stderr, on the training set
 * and the --eval set, how many of the model's candidates the cheap model
 * would decide at each threshold and how many of those decisions are wrong.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tokenizer/abbrev.c"
#include "tokenizer/sentences.c"
#include "tokenizer/sentmodel.c"
#include "tokenizer/tokens.c"
#include "tokenizer/wordbreak.c"

typedef struct rec {
    uint32_t begin, end; /* first, like weft_ann: tok_seq reads them by stride */
} rec;

typedef struct doc {
    rec *r;
    uint16_t *info;
    size_t n, cap;
} doc;

/* Every example's features, one after another; example i is
 * feats[off[i], off[i + 1]) with label gold[i]. */
typedef struct examples {
    weft_lin_feat *feats;
    size_t nfeats, fcap;
    size_t *off;
    unsigned char *gold;
    size_t n, cap;
} examples;

/* A held-out candidate (--eval): where it is, for the error list. */
typedef struct evinfo {
    char ctx[96]; /* the text around it, the gap marked */
    int type, rule;
} evinfo;

typedef struct train_ctx {
    const doc *d;
    const uint32_t *starts; /* gold sentence starts (bytes), ascending */
    size_t nstarts;
    examples *ex;
    tok_learn *l;
    size_t cand, pos, forced, sure;
    evinfo **ev; /* with --eval: one per example, grown with ex */
    size_t *evcap;
    const char *text;
    size_t tlen;
    unsigned char *seen; /* with --eval: which tokens start a candidate */
} train_ctx;

static void die(const char *what) {
    fprintf(stderr, "train_sentences: %s\n", what);
    exit(1);
}

static int collect(void *ctx, uint32_t b, uint32_t e, unsigned info) {
    doc *d = ctx;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 1024;
        d->r = realloc(d->r, d->cap * sizeof *d->r);
        d->info = realloc(d->info, d->cap * sizeof *d->info);
        if (!d->r || !d->info) die("out of memory");
    }
    d->r[d->n] = (rec){b, e};
    d->info[d->n++] = (uint16_t)info;
    return 0;
}

static int is_gold_start(const train_ctx *t, uint32_t b) {
    size_t lo = 0, hi = t->nstarts;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (t->starts[mid] < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < t->nstarts && t->starts[lo] == b;
}

/* The gold answer steers the walk (the `since` feature follows it). */
static int visit(void *ctx, const tok_cand_info *c, const tok_lines *lines) {
    train_ctx *t = ctx;
    (void)lines;
    int gold = is_gold_start(t, t->d->r[c->k].begin);
    t->cand++;
    if (c->forced) {
        t->forced++;
        return 1;
    }
    t->pos += gold;
    return gold;
}

typedef struct feat_ctx {
    train_ctx t;
    const tok_seq *q;
    examples *cheap; /* the cheap features of the same examples (NULL: --no-cascade) */
} feat_ctx;

/* Room in ex for one more example of fv's features. */
static void reserve_example(examples *ex, const weft_lin_fv *fv) {
    if (ex->n + 1 >= ex->cap) {
        ex->cap = ex->cap ? ex->cap * 2 : 4096;
        ex->off = realloc(ex->off, (ex->cap + 1) * sizeof *ex->off);
        ex->gold = realloc(ex->gold, ex->cap);
        if (!ex->off || !ex->gold) die("out of memory");
    }
    while (ex->nfeats + fv->n > ex->fcap) {
        ex->fcap = ex->fcap ? ex->fcap * 2 : 65536;
        ex->feats = realloc(ex->feats, ex->fcap * sizeof *ex->feats);
        if (!ex->feats) die("out of memory");
    }
}

/* Append fv's features as the next example, labelled gold (room reserved). */
static void put_example(examples *ex, const weft_lin_fv *fv, int gold) {
    memcpy(ex->feats + ex->nfeats, fv->f, fv->n * sizeof *fv->f);
    ex->off[ex->n] = ex->nfeats;
    ex->nfeats += fv->n;
    ex->gold[ex->n++] = (unsigned char)gold;
    ex->off[ex->n] = ex->nfeats;
}

static void add_example(examples *ex, const weft_lin_fv *fv, int gold) {
    reserve_example(ex, fv);
    put_example(ex, fv, gold);
}

/* The text around byte b, the gap marked " | ", line breaks as "~". */
static void context(const char *text, size_t tlen, size_t b, char *out, size_t cap) {
    size_t lo = b > 40 ? b - 40 : 0, hi = b + 40 < tlen ? b + 40 : tlen, o = 0;
    for (size_t i = lo; i < hi && o + 4 < cap; i++) {
        if (i == b) {
            memcpy(out + o, " | ", 3);
            o += 3;
        }
        out[o++] = text[i] == '\n' ? '~' : text[i];
    }
    out[o] = 0;
}

static int features(void *ctx, const tok_cand_info *c, const tok_lines *lines) {
    feat_ctx *f = ctx;
    int gold = visit(&f->t, c, lines);
    if (f->t.seen) f->t.seen[c->k] = 1;
    if (c->forced) return gold;
    if (sure_boundary(f->q, c) ||
        rules_stand(f->q, c, lines)) { /* the rules decide, as in decoding */
        f->t.sure++;
        return gold;
    }
    if (tok_cand_features(f->q, c, lines, &f->t.l->fv)) die("out of memory");
    examples *ex = f->t.ex;
    const weft_lin_fv *fv = &f->t.l->fv;
    reserve_example(ex, fv);
    if (f->t.ev) {
        if (*f->t.evcap < ex->cap) {
            *f->t.evcap = ex->cap;
            *f->t.ev = realloc(*f->t.ev, ex->cap * sizeof **f->t.ev);
            if (!*f->t.ev) die("out of memory");
        }
        evinfo *e = *f->t.ev + ex->n;
        e->type = c->type;
        e->rule = c->rule;
        context(f->t.text, f->t.tlen, B(f->q, c->k), e->ctx, sizeof e->ctx);
    }
    put_example(ex, fv, gold);
    if (f->cheap) {
        if (tok_cheap_features(f->q, c, &f->t.l->fv)) die("out of memory");
        add_example(f->cheap, &f->t.l->fv, gold);
    }
    return gold;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* One averaged perceptron over the examples, shuffled with seed. */
static void train_once(const examples *ex, uint32_t bits, unsigned long epochs, unsigned long seed,
                       int verbose, weft_lin_model *m) {
    static const char *const labels[] = {"none", "boundary"};
    if (weft_lin_model_init(m, bits, 2, labels)) die("out of memory");
    weft_lin_ap ap;
    if (weft_lin_ap_init(&ap, m)) die("out of memory");
    uint32_t *order = malloc((ex->n ? ex->n : 1) * sizeof *order);
    if (!order) die("out of memory");
    for (size_t i = 0; i < ex->n; i++) order[i] = (uint32_t)i;
    weft_lin_rng rng;
    weft_lin_rng_seed(&rng, seed);
    for (unsigned long e = 0; e < epochs; e++) {
        weft_lin_shuffle(&rng, order, ex->n);
        size_t wrong = 0;
        for (size_t i = 0; i < ex->n; i++) {
            size_t x = order[i];
            weft_lin_fv fv = {ex->feats + ex->off[x], ex->off[x + 1] - ex->off[x],
                              ex->off[x + 1] - ex->off[x]};
            uint32_t guess = weft_lin_margin(m, &fv) > 0.0f;
            wrong += guess != ex->gold[x];
            weft_lin_ap_update(&ap, &fv, ex->gold[x], guess, 1.0f);
            weft_lin_ap_tick(&ap);
        }
        if (verbose) fprintf(stderr, "epoch %lu: %zu of %zu wrong\n", e + 1, wrong, ex->n);
    }
    weft_lin_ap_average(&ap);
    weft_lin_ap_free(&ap);
    free(order);
}

/* train_once with the seeds seed, seed + 1, ..., seed + bag - 1, the
 * weights averaged: on a few hundred documents the order an averaged
 * perceptron sees its examples in moves a held-out half by up to a point
 * and a half; the mean of several orders moves it far less. */
static void train_bag(const examples *ex, uint32_t bits, unsigned long epochs, unsigned long seed,
                      unsigned long bag, weft_lin_model *m) {
    train_once(ex, bits, epochs, seed, 1, m);
    for (unsigned long b = 1; b < bag; b++) {
        weft_lin_model mb;
        train_once(ex, bits, epochs, seed + b, 0, &mb);
        weft_lin_add(m, &mb);
        weft_lin_model_free(&mb);
    }
    if (bag > 1) weft_lin_div(m, (float)bag);
}

static float margin_of(const examples *ex, size_t x, const weft_lin_model *m) {
    weft_lin_fv fv = {ex->feats + ex->off[x], ex->off[x + 1] - ex->off[x],
                      ex->off[x + 1] - ex->off[x]};
    return weft_lin_margin(m, &fv);
}

/* One table of --cascade-report: by threshold T, the share of the model's
 * candidates whose cheap margin is at least T away from 0 (the cheap
 * model decides them), how often it then disagrees with the full model,
 * and the wrong decisions against gold of the cascade and of the full
 * model alone. */
static void cascade_table(const char *what, const examples *ex, const examples *cex,
                          const weft_lin_model *m, const weft_lin_model *mc) {
    static const float ts[] = {0, 2, 4, 6, 8, 10, 12, 16, 20, 1e30f};
    size_t nt = sizeof ts / sizeof *ts, full = 0, cheap = 0;
    size_t cov[sizeof ts / sizeof *ts] = {0}, dis[sizeof ts / sizeof *ts] = {0},
                                  err[sizeof ts / sizeof *ts] = {0};
    for (size_t x = 0; x < ex->n; x++) {
        float mg = margin_of(ex, x, m), mcg = margin_of(cex, x, mc);
        int g = ex->gold[x], yf = mg > 0.0f, yc = mcg > 0.0f;
        full += yf != g;
        cheap += yc != g;
        float a = mcg < 0 ? -mcg : mcg;
        for (size_t i = 0; i < nt; i++) {
            int covered = a >= ts[i];
            cov[i] += covered;
            dis[i] += covered && yc != yf;
            err[i] += (covered ? yc : yf) != g;
        }
    }
    fprintf(stderr, "cascade, %s: %zu candidates for the model; wrong: full %zu, cheap alone %zu\n",
            what, ex->n, full, cheap);
    fprintf(stderr, "  %8s %9s %12s %15s\n", "T", "decided", "disagree", "wrong (full)");
    for (size_t i = 0; i + 1 < nt; i++)
        fprintf(stderr, "  %8.0f %8.1f%% %12zu %9zu (%zu)\n", (double)ts[i],
                ex->n ? 100.0 * (double)cov[i] / (double)ex->n : 0.0, dis[i], err[i], full);
}

static void cascade_report(const examples *ex, const examples *cex, const examples *evex,
                           const examples *cevex, const weft_lin_model *m, uint32_t bits,
                           unsigned long epochs, unsigned long seed, unsigned long bag) {
    weft_lin_model mc;
    train_bag(cex, bits, epochs, seed, bag, &mc);
    weft_lin_prune(&mc, 1e-4f);
    size_t nz = 0;
    for (size_t i = 0; i < ((size_t)1 << bits) * mc.nclass; i++) nz += mc.w[i] != 0.0f;
    fprintf(stderr, "cascade: cheap model, %zu non-zero weights\n", nz);
    cascade_table("training set (in-sample)", ex, cex, m, &mc);
    if (evex->n) cascade_table("--eval set (held out)", evex, cevex, m, &mc);
    weft_lin_model_free(&mc);
}

/* The examples [a, b) of ex: its offsets index the same feature array. */
static examples ex_view(const examples *ex, size_t a, size_t b) {
    examples v = *ex;
    v.off = ex->off + a;
    v.gold = ex->gold + a;
    v.n = v.cap = b - a;
    return v;
}

/* The cascade's threshold, from the training set alone: two folds (the
 * first and the second half of the examples, which come in document
 * order), each model pair trained on one and run on the other; the
 * smallest threshold at which the cheap model's decisions differ from the
 * full model's on at most CASCADE_DISAGREE per mille of the candidates
 * and the cascade makes no more wrong decisions than the full model, or
 * INFINITY (no cascade). The cascade is for speed: it should decide as
 * the full model does, and the fewest wrong decisions on a fold (a few
 * dozen, moved by one or two) chose thresholds that cost a held-out half
 * 0.7 points of F1. The in-sample margins would not do either: the full
 * model fits its own training set almost perfectly. */
#define CASCADE_DISAGREE 5
/* The threshold of the cheap model's "no boundary" decisions: lower than
 * the tuned one (16 on UD dev), a trade of speed for a few decisions that
 * differ from the full model's. Most candidates that reach the models are
 * gaps after a comma, a colon or a number before a capital, nearly all no
 * boundary: on the bench corpus 10 sends a third fewer candidates to the
 * full model. A "yes" keeps the tuned threshold: at 10 the cheap model,
 * which sees no text, also ends sentences before the date of a mail header
 * ("Ann Lee | 04/11/2003 10:15 AM"). On UD dev's held-out halves F1 moved
 * +0.17 and -0.13 (design-notes, twelfth speed step). */
#define CASCADE_T_NO 10.0f
static float tune_threshold(const examples *ex, const examples *cex, uint32_t bits,
                            unsigned long epochs, unsigned long seed, unsigned long bag) {
    static const float ts[] = {4, 6, 8, 10, 12, 16, 20, 24};
    enum { NT = sizeof ts / sizeof *ts };
    size_t h = ex->n / 2, full = 0, err[NT] = {0}, cov[NT] = {0}, dis[NT] = {0};
    for (int fold = 0; fold < 2; fold++) {
        size_t a = fold ? h : 0, b = fold ? ex->n : h, c = fold ? 0 : h, d = fold ? h : ex->n;
        examples tr = ex_view(ex, a, b), ctr = ex_view(cex, a, b);
        examples te = ex_view(ex, c, d), cte = ex_view(cex, c, d);
        weft_lin_model mf, mc;
        train_bag(&tr, bits, epochs, seed, bag, &mf);
        train_bag(&ctr, bits, epochs, seed, bag, &mc);
        weft_lin_prune(&mf, 1e-4f);
        weft_lin_prune(&mc, 1e-4f);
        for (size_t x = 0; x < te.n; x++) {
            float mg = margin_of(&te, x, &mf), mcg = margin_of(&cte, x, &mc);
            int g = te.gold[x], yf = mg > 0.0f, yc = mcg > 0.0f;
            float abs = mcg < 0 ? -mcg : mcg;
            full += yf != g;
            for (size_t i = 0; i < NT; i++) {
                cov[i] += abs >= ts[i];
                dis[i] += abs >= ts[i] && yc != yf;
                err[i] += (abs >= ts[i] ? yc : yf) != g;
            }
        }
        weft_lin_model_free(&mf);
        weft_lin_model_free(&mc);
    }
    float t = INFINITY;
    for (size_t i = 0; i < NT && t == INFINITY; i++)
        if (dis[i] * 1000 <= ex->n * CASCADE_DISAGREE && err[i] <= full) t = ts[i];
    fprintf(
        stderr,
        "cascade threshold (two folds of the training set, %zu wrong by the full model):", full);
    for (size_t i = 0; i < NT; i++)
        fprintf(stderr, " T%.0f %zu wrong %zu disagree %.1f%% decided;", (double)ts[i], err[i],
                dis[i], ex->n ? 100.0 * (double)cov[i] / (double)ex->n : 0.0);
    fprintf(stderr, " chosen %.0f\n", (double)t);
    return t;
}

/* The file of a cascade: the full model m in classes 0-1, the cheap mc in
 * 2-3 (the same rows: their ids never mix, each model reads its own
 * columns). */
static void merge_cascade(const weft_lin_model *m, const weft_lin_model *mc, weft_lin_model *out) {
    static const char *const labels[] = {"none", "boundary", "cheap_none", "cheap_boundary"};
    if (m->bits != mc->bits || m->nclass != 2 || mc->nclass != 2 ||
        weft_lin_model_init(out, m->bits, 4, labels))
        die("cannot merge the cascade");
    for (size_t r = 0; r < (size_t)1 << m->bits; r++) {
        out->w[r * 4] = m->w[r * 2];
        out->w[r * 4 + 1] = m->w[r * 2 + 1];
        out->w[r * 4 + 2] = mc->w[r * 2];
        out->w[r * 4 + 3] = mc->w[r * 2 + 1];
    }
    out->bias[0] = m->bias[0];
    out->bias[1] = m->bias[1];
    out->bias[2] = mc->bias[0];
    out->bias[3] = mc->bias[1];
}

int main(int argc, char **argv) {
    const char *out = NULL;
    unsigned long seed = 15, epochs = 10, bits = 14, bag = 5;
    int first = 0, cascade = 1, report = 0;
    float force_t = 0;              /* --cascade-threshold T: T instead of the tuned one */
    float force_tno = CASCADE_T_NO; /* --cascade-threshold-no T */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
            seed = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--epochs") && i + 1 < argc)
            epochs = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--bag") && i + 1 < argc)
            bag = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--bits") && i + 1 < argc)
            bits = strtoul(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--eval") && i + 1 < argc)
            i++;
        else if (!strcmp(argv[i], "--no-cascade"))
            cascade = 0;
        else if (!strcmp(argv[i], "--cascade-report"))
            report = 1;
        else if (!strcmp(argv[i], "--cascade-threshold") && i + 1 < argc)
            force_t = strtof(argv[++i], NULL);
        else if (!strcmp(argv[i], "--cascade-threshold-no") && i + 1 < argc)
            force_tno = strtof(argv[++i], NULL);
        else if (argv[i][0] == '-')
            die("usage: train_sentences [-o MODEL] [--seed N] [--epochs N] [--bag N] [--bits N] "
                "GOLD...");
        else if (!first)
            first = i;
    }
    if (!first)
        die("usage: train_sentences [-o MODEL] [--seed N] [--epochs N] [--bag N] [--bits N] "
            "GOLD...");
    if (bag < 1 || bag > 64) die("--bag takes 1 to 64");
    if (bits < WEFT_LIN_BITS_MIN || bits > WEFT_LIN_BITS_MAX) die("--bits out of range");

    char err[256];
    tok_abbrev ab;
    if (tok_abbrev_init(&ab, NULL, 0, err, sizeof err)) die(err);
    tok_opts o = {.ptb = 0, .refine = 1, .hyphens = TOK_HYPHENS_AUTO, .abbrev = &ab};
    tok_learn l;
    tok_learn_init(&l);
    examples ex = {0}, evex = {0}, cex = {0}, cevex = {0};
    evinfo *ev = NULL;
    size_t evcap = 0, nocand = 0;
    size_t ndocs = 0, ngold = 0, nbound = 0, cand = 0, pos = 0, forced = 0, sure = 0;
    doc d = {0};
    uint32_t *starts = NULL;
    /* the training files, then the --eval ones */
    for (int i = 1, pass = 0; pass < 2; i = pass ? i + 1 : i + 1) {
        if (i >= argc) {
            if (pass++) break;
            i = 0;
            continue;
        }
        int is_eval = !strcmp(argv[i], "--eval");
        if (argv[i][0] == '-') {
            /* the two flags take no value; every other option one */
            if (!strcmp(argv[i], "--no-cascade") || !strcmp(argv[i], "--cascade-report")) continue;
            if (++i < argc && is_eval && pass) goto read;
            continue;
        }
        if (pass) continue;
    read:;
        int held = pass;
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "train_sentences: %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        char *line = NULL;
        size_t lcap = 0;
        ssize_t len;
        while ((len = getline(&line, &lcap, f)) > 0) {
            json_error_t je;
            json_t *j = json_loadb(line, (size_t)len, 0, &je);
            const char *text = j ? json_string_value(json_object_get(j, "text")) : NULL;
            json_t *sents = j ? json_object_get(j, "sentences") : NULL;
            if (!text || !json_is_array(sents)) {
                json_decref(j);
                continue;
            }
            size_t tlen = json_string_length(json_object_get(j, "text"));
            size_t ns = json_array_size(sents);
            starts = realloc(starts, (ns + 1) * sizeof *starts);
            if (!starts) die("out of memory");
            for (size_t s = 0; s < ns; s++)
                starts[s] =
                    (uint32_t)json_integer_value(json_array_get(json_array_get(sents, s), 0));
            qsort(starts, ns, sizeof *starts, cmp_u32);
            d.n = 0;
            if (tok_scan(&o, (const unsigned char *)text, tlen, collect, &d)) die("scan failed");
            tok_seq q = {(const unsigned char *)text, tlen, d.r, sizeof *d.r, d.n, d.info};
            feat_ctx fc = {
                {&d, starts, ns, held ? &evex : &ex, &l, 0, 0, 0, 0, NULL, NULL, text, tlen, NULL},
                &q,
                cascade ? (held ? &cevex : &cex) : NULL};
            if (held) {
                fc.t.ev = &ev;
                fc.t.evcap = &evcap;
                if (!(fc.t.seen = calloc(d.n + 1, 1))) die("out of memory");
            }
            if (tok_candidates(&q, TOK_NL_AUTO, &l, features, &fc) < 0) die("out of memory");
            if (held) {
                /* the gold boundaries that are no candidate */
                for (size_t k = 1; k < d.n; k++)
                    if (!fc.t.seen[k] && is_gold_start(&fc.t, d.r[k].begin)) {
                        char c[96];
                        context(text, tlen, d.r[k].begin, c, sizeof c);
                        printf("NOCAND\t-\t-\t%s\n", c);
                        nocand++;
                    }
                free(fc.t.seen);
                json_decref(j);
                continue;
            }
            ndocs++;
            ngold += ns;
            nbound += ns ? ns - 1 : 0;
            cand += fc.t.cand;
            pos += fc.t.pos;
            forced += fc.t.forced;
            sure += fc.t.sure;
            json_decref(j);
        }
        free(line);
        fclose(f);
    }
    fprintf(stderr,
            "train_sentences: %zu documents, %zu gold sentences (%zu boundaries); %zu candidates "
            "(%zu forced, %zu sure by the rules), %zu examples, %zu of them boundaries (%zu gold "
            "boundaries are no "
            "candidate)\n",
            ndocs, ngold, nbound, cand, forced, sure, ex.n, pos,
            nbound > pos + forced ? nbound - pos - forced : 0);

    weft_lin_model m;
    train_bag(&ex, (uint32_t)bits, epochs, seed, bag, &m);
    weft_lin_prune(&m, 1e-4f);
    static const char *const tnames[] = {"none", "punct", "line", "trans", "start", "rule"};
    size_t everr = 0;
    for (size_t x = 0; x < evex.n; x++) {
        weft_lin_fv fv = {evex.feats + evex.off[x], evex.off[x + 1] - evex.off[x],
                          evex.off[x + 1] - evex.off[x]};
        float mg = weft_lin_margin(&m, &fv);
        if ((mg > 0.0f) == evex.gold[x]) continue;
        everr++;
        printf("%s\t%s\t%s%.2f\t%s\n", evex.gold[x] ? "FN" : "FP", tnames[ev[x].type],
               ev[x].rule ? "rule " : "", (double)mg, ev[x].ctx);
    }
    if (ev)
        fprintf(stderr, "eval: %zu examples, %zu wrong, %zu gold boundaries no candidate\n", evex.n,
                everr, nocand);
    if (cascade && report)
        cascade_report(&ex, &cex, &evex, &cevex, &m, (uint32_t)bits, epochs, seed, bag);
    float ct = cascade ? tune_threshold(&ex, &cex, (uint32_t)bits, epochs, seed, bag) : INFINITY;
    if (cascade && force_t > 0) ct = force_t;
    if (ct != INFINITY) {
        weft_lin_model mc, both;
        train_bag(&cex, (uint32_t)bits, epochs, seed, bag, &mc);
        weft_lin_prune(&mc, 1e-4f);
        merge_cascade(&m, &mc, &both);
        weft_lin_model_free(&mc);
        weft_lin_model_free(&m);
        m = both;
        char tv[32];
        char tvn[32];
        snprintf(tv, sizeof tv, "%.0f", (double)ct);
        snprintf(tvn, sizeof tvn, "%.0f",
                 (double)(force_tno > 0 && force_tno < ct ? force_tno : ct));
        if (weft_lin_model_set_meta(&m, "cascade", TOK_CHEAP_FEATURES) ||
            weft_lin_model_set_meta(&m, "cascade_threshold", tv) ||
            weft_lin_model_set_meta(&m, "cascade_threshold_no", tvn))
            die("out of memory");
    }
    free(cex.feats);
    free(cex.off);
    free(cex.gold);
    free(cevex.feats);
    free(cevex.off);
    free(cevex.gold);
    free(ev);
    free(evex.feats);
    free(evex.off);
    free(evex.gold);
    char prov[512], bagtxt[64] = "";
    if (bag > 1)
        snprintf(bagtxt, sizeof bagtxt, ", the weights of %lu such (seeds %lu-%lu) averaged", bag,
                 seed, seed + bag - 1);
    snprintf(prov, sizeof prov,
             "trained by `make train-sentences` (bench/tokenizer/train_sentences.c: averaged "
             "perceptron, seed %lu, %lu epochs%s, %zu examples from %zu documents)",
             seed, epochs, bagtxt, ex.n, ndocs);
    if (weft_lin_model_set_meta(&m, "features", TOK_SENT_FEATURES) ||
        weft_lin_model_set_meta(&m, "licence", "CC-BY-SA-4.0") ||
        weft_lin_model_set_meta(&m, "provenance", prov) ||
        weft_lin_model_set_meta(&m, "data",
                                "UD English-EWT dev (UD 2.16, en_ewt-ud-dev.conllu, "
                                "github.com/UniversalDependencies/UD_English-EWT commit 15d613d), "
                                "CC BY-SA 4.0: these weights are derived from it and are shared "
                                "under the same licence") ||
        weft_lin_model_set_meta(&m, "task", "tokenizer sentence boundaries (issue 15)"))
        die("out of memory");
    FILE *f = out ? fopen(out, "w") : stdout;
    if (!f || weft_lin_save(&m, f) || (out && fclose(f))) die("cannot write the model");
    weft_lin_model_free(&m);
    free(ex.feats);
    free(ex.off);
    free(ex.gold);
    free(starts);
    free(d.r);
    free(d.info);
    tok_learn_free(&l);
    tok_abbrev_free(&ab);
    return 0;
}
