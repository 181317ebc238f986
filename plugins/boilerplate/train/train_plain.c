/*
 * train_plain: trains the plain-text line classifier (plainml.c) and writes
 * its model file (weft/linear.h's text format). `make train-boilerplate`
 * runs it; see plugins/boilerplate/data/SOURCES.md.
 *
 *   train_plain --data DEV --labels DIR --stop DIR --out FILE
 *               [--half A|B] [--exclude-renderer NAME] [--epochs N] [--seed N] [--bag N]
 *
 * DEV is ../shared/data/boilerplate/dev (the renderings DEV/<set>/<id>.txt),
 * DIR what labels.py wrote (index.tsv, <truth>/<id>.pos and .neg), --stop
 * the plugin's data folder (stoplists). Every block the phrase rules left is
 * an example, labelled keep when at least half of its word 4-shingles (the
 * scorer's unit) are in the page's content text and it holds no "without"
 * snippet. The blocks, rules and features are the plugin's own: its sources
 * are built in, as bench/boilerplate/bp_bench.c does.
 *
 * --bag N (default 5) averages the weights of N perceptrons trained with the
 * seeds seed to seed + N - 1: one shuffle order moves held-out F1 by up to
 * two points on a rendering, the mean of five by a few tenths.
 *
 * Deterministic: a fixed file order, a seeded shuffle, no clock; the output
 * is byte for byte the same for the same data and options.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../boilerplate.c"
#include "../sources.inc"
#include "../out.c"

/* The renderings trained on: folder, truth set, renderer. */
static const struct {
    const char *dir, *truth, *renderer;
} sets[] = {
    {"aeb-text", "aeb", "html-text"},
    {"aeb-text-w3m", "aeb", "w3m"},
    {"aeb-text-html2text", "aeb", "html2text"},
    {"aeb-text-lynx", "aeb", "lynx"},
    {"trafilatura-eval-text-w3m", "trafilatura-eval", "w3m"},
    {"trafilatura-eval-text-html2text", "trafilatura-eval", "html2text"},
    {"trafilatura-eval-text-lynx", "trafilatura-eval", "lynx"},
};
#define NSETS (sizeof sets / sizeof sets[0])

static void die(const char *what) {
    fprintf(stderr, "train_plain: %s\n", what);
    exit(1);
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0) die("cannot seek");
    long n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) die("cannot seek");
    char *p = malloc((size_t)n + 1);
    if (!p) die("out of memory");
    if (fread(p, 1, (size_t)n, f) != (size_t)n) die("short read");
    p[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return p;
}

/* ---- the scorer's tokens: runs of letters, numbers and '_' (\w+) ---- */

typedef struct toks {
    uint64_t *h;
    size_t n, cap;
} toks;

static void tokenize(const char *s, size_t n, toks *t) {
    t->n = 0;
    const unsigned char *u = (const unsigned char *)s;
    uint64_t h = 0;
    int in = 0;
    for (size_t i = 0; i <= n;) {
        uint32_t cp = 0;
        size_t l = 1;
        int word = 0;
        if (i < n) {
            if (u[i] < 0x80)
                cp = u[i];
            else
                l = bp_next_cp(u + i, n - i, &cp);
            word = cp == '_' || (cp >= '0' && cp <= '9') ||
                   ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
                   (cp >= 0x80 && (weft_uc_is_letter(cp) || weft_uc_is_number(cp)));
        }
        if (word) {
            if (!in) h = WEFT_FNV64_INIT;
            h = weft_fnv64(h, u + i, l);
            in = 1;
        } else if (in) {
            if (t->n == t->cap) {
                t->cap = t->cap ? t->cap * 2 : 256;
                t->h = realloc(t->h, t->cap * sizeof *t->h);
                if (!t->h) die("out of memory");
            }
            t->h[t->n++] = h;
            in = 0;
        }
        if (i == n) break;
        i += l;
    }
}

static uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t x = (a ^ (b + 0x9E3779B97F4A7C15ull + (a << 6) + (a >> 2))) * 0xFF51AFD7ED558CCDull;
    return (x ^ (x >> 33)) | 1; /* never 0: 0 marks an empty slot */
}

/* The hash of tokens [i, i + k). */
static uint64_t shingle(const toks *t, size_t i, size_t k) {
    uint64_t h = k;
    for (size_t j = 0; j < k; j++) h = mix(h, t->h[i + j]);
    return h;
}

/* An open-addressing set of shingle hashes. */
typedef struct hset {
    uint64_t *s;
    size_t cap;
} hset;

static void hset_reset(hset *s, size_t want) {
    size_t cap = 1024;
    while (cap < want * 2) cap *= 2;
    if (cap > s->cap) {
        free(s->s);
        s->s = malloc(cap * sizeof *s->s);
        if (!s->s) die("out of memory");
        s->cap = cap;
    }
    memset(s->s, 0, s->cap * sizeof *s->s);
}

static void hset_add(hset *s, uint64_t h) {
    size_t m = s->cap - 1, i = (size_t)h & m;
    while (s->s[i] && s->s[i] != h) i = (i + 1) & m;
    s->s[i] = h;
}

static int hset_has(const hset *s, uint64_t h) {
    size_t m = s->cap - 1, i = (size_t)h & m;
    while (s->s[i]) {
        if (s->s[i] == h) return 1;
        i = (i + 1) & m;
    }
    return 0;
}

/* Whitespace runs to one space, as the snippet scorer compares. */
static size_t collapse(const char *s, size_t n, char *out) {
    size_t k = 0;
    int sp = 1;
    for (size_t i = 0; i < n; i++) {
        int c = s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '\r';
        if (c) {
            if (!sp) out[k++] = ' ';
            sp = 1;
        } else {
            out[k++] = s[i];
            sp = 0;
        }
    }
    if (k && out[k - 1] == ' ') k--;
    return k;
}

/* ---- examples ---- */

typedef struct pool {
    weft_lin_feat *f;
    size_t nf, capf;
    size_t *off; /* example i: f[off[i], off[i + 1]) */
    uint8_t *gold;
    float *weight;
    uint8_t *set;
    size_t n, cap;
} pool;

static void pool_add(pool *p, const weft_lin_fv *fv, int gold, float weight, uint8_t set) {
    if (p->n + 2 > p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4096;
        p->off = realloc(p->off, p->cap * sizeof *p->off);
        p->gold = realloc(p->gold, p->cap);
        p->weight = realloc(p->weight, p->cap * sizeof *p->weight);
        p->set = realloc(p->set, p->cap);
        if (!p->off || !p->gold || !p->weight || !p->set) die("out of memory");
    }
    while (p->nf + fv->n > p->capf) {
        p->capf = p->capf ? p->capf * 2 : 65536;
        p->f = realloc(p->f, p->capf * sizeof *p->f);
        if (!p->f) die("out of memory");
    }
    if (!p->n) p->off[0] = 0;
    memcpy(p->f + p->nf, fv->f, fv->n * sizeof *p->f);
    p->nf += fv->n;
    p->gold[p->n] = (uint8_t)gold;
    p->weight[p->n] = weight;
    p->set[p->n] = set;
    p->off[++p->n] = p->nf;
}

/* The blocks of every page, for stage 2: example index (-1: a rule
 * removed the block, -2: the form rule did, and stage 2 looks past it:
 * bp_ml_seen) and length; page k is blocks [poff[k], poff[k + 1]). */
typedef struct pages {
    long *ex;
    uint32_t *len;
    uint8_t *code; /* bp_cue_code */
    size_t n, cap;
    size_t *poff;
    size_t np, pcap;
} pages;

static void pages_block(pages *g, long ex, uint32_t len, uint8_t code) {
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 65536;
        g->ex = realloc(g->ex, g->cap * sizeof *g->ex);
        g->len = realloc(g->len, g->cap * sizeof *g->len);
        g->code = realloc(g->code, g->cap);
        if (!g->ex || !g->len || !g->code) die("out of memory");
    }
    g->ex[g->n] = ex;
    g->code[g->n] = code;
    g->len[g->n++] = len;
}

static void pages_end(pages *g) {
    if (g->np + 2 > g->pcap) {
        g->pcap = g->pcap ? g->pcap * 2 : 1024;
        g->poff = realloc(g->poff, g->pcap * sizeof *g->poff);
        if (!g->poff) die("out of memory");
    }
    if (!g->np) g->poff[0] = 0;
    g->poff[++g->np] = g->n;
}

static weft_lin_fv pool_fv(const pool *p, size_t i) {
    weft_lin_fv fv = {p->f + p->off[i], p->off[i + 1] - p->off[i], 0};
    return fv;
}

/* The examples of one rendering of one page. */
static void page(bp_work *w, const char *raw, size_t n, const char *pos, size_t posn,
                 const char *neg, size_t negn, pool *p, pages *g, uint8_t set, hset *hs, toks *t) {
    reset(w);
    if (bp_plain(w, raw, n)) die("out of memory");
    if (!w->blocks.n) return;
    size_t sample = w->text.n < 4096 ? w->text.n : 4096;
    w->stop = bp_stop_pick(w->sh, NULL, 0, w->text.p, sample);
    if (bp_features(w, 1)) die("out of memory");
    size_t chars = 0;
    for (size_t i = 0; i < w->blocks.n; i++) chars += w->blocks.b[i].nchars;
    if (chars <= BP_ML_MIN_CHARS) return; /* the rules judge it, not the model */
    plain_title(w);
    plain_line_rules(w);
    if (bp_ml_prepare(w)) die("out of memory");
    /* the content's shingles, and its 1-3 token runs for short blocks */
    tokenize(pos, posn, t);
    hset_reset(hs, t->n * 4 + 16);
    for (size_t i = 0; i < t->n; i++)
        for (size_t k = 1; k <= 4 && i + k <= t->n; k++) hset_add(hs, shingle(t, i, k));
    char *flat = malloc(n + 1), *nl;
    if (!flat) die("out of memory");
    weft_lin_fv fv;
    weft_lin_fv_init(&fv);
    for (size_t i = 0; i < w->blocks.n; i++) {
        bp_block *b = &w->blocks.b[i];
        /* -2: a block stage 2 looks past (BP_ML_UNSEEN) */
        pages_block(g, b->reason ? (bp_ml_seen(w, i) ? -1 : -2) : (long)p->n, w->ml->b[i].len,
                    (uint8_t)bp_cue_code(&w->ml->cue[i]));
        if (b->reason) continue;
        const char *s = w->text.p + b->tb;
        size_t sn = b->te - b->tb;
        tokenize(s, sn, t);
        size_t in = 0, all = 0;
        if (t->n >= 4) {
            for (size_t k = 0; k + 4 <= t->n; k++) all++, in += hset_has(hs, shingle(t, k, 4));
        } else if (t->n) {
            all = 1, in = hset_has(hs, shingle(t, 0, t->n));
        }
        int gold = all && in * 2 >= all;
        if (gold && negn) {
            size_t fn = collapse(s, sn, flat);
            for (const char *q = neg; q < neg + negn; q = nl + 1) {
                nl = memchr(q, '\n', (size_t)(neg + negn - q));
                if (!nl) nl = (char *)neg + negn;
                if (nl > q && bp_memmem(flat, fn, q, (size_t)(nl - q))) gold = 0;
            }
        }
        weft_lin_fv_clear(&fv);
        if (bp_ml_block(w, i, &fv)) die("out of memory");
        /* the scorer counts shingles: longer blocks weigh more, sublinearly */
        float weight = (float)sqrt((double)t->n + 1.0);
        pool_add(p, &fv, gold, weight, set);
    }
    weft_lin_fv_free(&fv);
    free(flat);
    pages_end(g);
}

#define BITS 18

static void pool_free(pool *p) {
    free(p->f);
    free(p->off);
    free(p->gold);
    free(p->weight);
    free(p->set);
    memset(p, 0, sizeof *p);
}

/* The examples not in fold skip (all when fold is NULL), in index order;
 * returns how many. */
static size_t train_order(const pool *p, const uint8_t *fold, int skip, uint32_t *order) {
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (!fold || fold[i] != skip) order[n++] = (uint32_t)i;
    return n;
}

/* One averaged perceptron over those examples, shuffled with seed. */
static void train_once(const pool *p, const uint8_t *fold, int skip, int epochs,
                       unsigned long long seed, double pos_weight, weft_lin_model *m) {
    static const char *const classes[] = {"drop", "keep"};
    if (weft_lin_model_init(m, BITS, 2, classes)) die("out of memory");
    weft_lin_ap ap;
    if (weft_lin_ap_init(&ap, m)) die("out of memory");
    uint32_t *order = malloc((p->n ? p->n : 1) * sizeof *order);
    if (!order) die("out of memory");
    size_t n = train_order(p, fold, skip, order);
    weft_lin_rng rng;
    weft_lin_rng_seed(&rng, seed);
    for (int ep = 0; ep < epochs; ep++) {
        weft_lin_shuffle(&rng, order, n);
        for (size_t k = 0; k < n; k++) {
            size_t i = order[k];
            weft_lin_fv fv = pool_fv(p, i);
            float wt = p->weight[i] * (float)(p->gold[i] ? pos_weight : 1.0);
            uint32_t guess = weft_lin_predict(m, &fv, NULL);
            weft_lin_ap_update(&ap, &fv, p->gold[i], guess, wt);
            weft_lin_ap_tick(&ap);
        }
    }
    weft_lin_ap_average(&ap);
    weft_lin_ap_free(&ap);
    free(order);
}

/* train_once with bag seeds (seed, seed + 1, ...), the weights averaged: an
 * averaged perceptron still follows the order it saw the examples in, and
 * on a few hundred pages that order moves held-out F1 by a point; the mean
 * of several orders does not. Returns the mean |margin| over the examples,
 * the scale that turns margins into probabilities. */
static float train(const pool *p, const uint8_t *fold, int skip, int epochs,
                   unsigned long long seed, double pos_weight, int bag, weft_lin_model *m) {
    train_once(p, fold, skip, epochs, seed, pos_weight, m);
    for (int b = 1; b < bag; b++) {
        weft_lin_model mb;
        train_once(p, fold, skip, epochs, seed + (unsigned long long)b, pos_weight, &mb);
        weft_lin_add(m, &mb);
        weft_lin_model_free(&mb);
    }
    if (bag > 1) weft_lin_div(m, (float)bag);
    uint32_t *order = malloc((p->n ? p->n : 1) * sizeof *order);
    if (!order) die("out of memory");
    size_t n = train_order(p, fold, skip, order);
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        weft_lin_fv fv = pool_fv(p, order[k]);
        sum += fabs((double)weft_lin_margin(m, &fv));
    }
    free(order);
    double scale = n ? sum / (double)n : 1.0;
    return (float)(scale > 1e-3 ? scale : 1e-3);
}

/* Moves the model's bias into the row of its always-present bias feature,
 * so that two stages can share one table (and its bias stays 0). */
static void fold_bias(weft_lin_model *m, unsigned name, uint32_t seed) {
    size_t r = (size_t)(feature_id(name, 0, seed) & weft_lin_mask(m)) * 2;
    for (int c = 0; c < 2; c++) {
        m->w[r + (size_t)c] += m->bias[c];
        m->bias[c] = 0;
    }
}

/* Does a row hold weights in both models? */
static int collide(const weft_lin_model *a, const weft_lin_model *b) {
    size_t rows = weft_lin_nweights(a) / 2;
    for (size_t r = 0; r < rows; r++)
        if ((a->w[2 * r] != 0 || a->w[2 * r + 1] != 0) &&
            (b->w[2 * r] != 0 || b->w[2 * r + 1] != 0))
            return 1;
    return 0;
}

/* The fit on the training examples, by rendering. */
static void report(const pool *p, const weft_lin_model *m, const char *what) {
    for (size_t s = 0; s < NSETS; s++) {
        weft_lin_prf prf = {0, 0, 0};
        for (size_t i = 0; i < p->n; i++) {
            if (p->set[i] != s) continue;
            weft_lin_fv fv = pool_fv(p, i);
            weft_lin_prf_count(&prf, p->gold[i], weft_lin_margin(m, &fv) > 0);
        }
        if (prf.tp + prf.fp + prf.fn)
            fprintf(stderr, "train_plain: %s: %s: block P %.3f R %.3f F1 %.3f (training data)\n",
                    what, sets[s].dir, weft_lin_prf_p(&prf), weft_lin_prf_r(&prf),
                    weft_lin_prf_f1(&prf));
    }
}

int main(int argc, char **argv) {
    const char *data = NULL, *labels = NULL, *stop = NULL, *out = NULL, *half = NULL,
               *exclude = NULL;
    int epochs = 10, bag = 5;
    double pos_weight = 1.5;
    unsigned long long seed = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) die("usage: see the comment at the top of train_plain.c");
        if (!strcmp(a, "--data"))
            data = v;
        else if (!strcmp(a, "--labels"))
            labels = v;
        else if (!strcmp(a, "--stop"))
            stop = v;
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--half"))
            half = v;
        else if (!strcmp(a, "--exclude-renderer"))
            exclude = v;
        else if (!strcmp(a, "--epochs"))
            epochs = atoi(v);
        else if (!strcmp(a, "--keep-weight"))
            pos_weight = atof(v);
        else if (!strcmp(a, "--bag"))
            bag = atoi(v);
        else if (!strcmp(a, "--seed"))
            seed = strtoull(v, NULL, 10);
        else
            die("unknown option");
        i++;
    }
    if (!data || !labels || !stop || !out) die("--data, --labels, --stop and --out are needed");
    if (half && strcmp(half, "A") && strcmp(half, "B")) die("--half takes A or B");
    if (bag < 1 || bag > 64) die("--bag takes 1 to 64");
    /* the shared state the stage's open() would make, with its defaults */
    bp_shared sh;
    memset(&sh, 0, sizeof sh);
    sh.conf.favor = 1;
    sh.conf.keep_headings = sh.conf.keep_lists = sh.conf.keep_tables = 1;
    sh.conf.max_link_density = 0.5;
    sh.conf.retry_chars = 500;
    sh.conf.length_low = 70;
    sh.conf.length_high = 200;
    sh.conf.stop_low = 0.30;
    sh.conf.stop_high = 0.32;
    sh.fixed_list = -1;
    bp_classwords_init(&sh.cw);
    bp_phrases_init(&sh.ph);
    sh.lists = calloc(NLANGS, sizeof *sh.lists);
    if (!sh.lists) die("out of memory");
    for (size_t i = 0; i < NLANGS; i++) {
        char path[4096], msg[400];
        size_t len;
        snprintf(path, sizeof path, "%s/stop-%s.txt", stop, bp_stop_langs[i].name);
        char *text = slurp(path, &len);
        if (!text) die("cannot read a stoplist (--stop)");
        if (bp_stop_load_text(&sh.lists[i], path, text, len, msg, sizeof msg)) die(msg);
        free(text);
        snprintf(sh.lists[i].name, sizeof sh.lists[i].name, "%s", bp_stop_langs[i].name);
        snprintf(sh.lists[i].code, sizeof sh.lists[i].code, "%s", bp_stop_langs[i].code);
        sh.nlists++;
    }
    bp_work w;
    memset(&w, 0, sizeof w);
    w.sh = &sh;
    /* the pages, in index order */
    char path[4096];
    snprintf(path, sizeof path, "%s/index.tsv", labels);
    size_t ilen;
    char *index = slurp(path, &ilen);
    if (!index) die("cannot read index.tsv (--labels)");
    pool p;
    memset(&p, 0, sizeof p);
    pages g;
    memset(&g, 0, sizeof g);
    hset hs = {0};
    toks t = {0};
    char used[512] = "";
    for (size_t s = 0; s < NSETS; s++) {
        if (exclude && !strcmp(exclude, sets[s].renderer)) continue;
        size_t pages = 0;
        for (char *l = index; l < index + ilen;) {
            char *e = strchr(l, '\n');
            if (!e) e = index + ilen;
            char truth[64], id[128], h[4];
            char line[256];
            snprintf(line, sizeof line, "%.*s", (int)(e - l), l);
            l = e + 1;
            if (sscanf(line, "%63s %127s %3s", truth, id, h) != 3) continue;
            if (strcmp(truth, sets[s].truth) || (half && strcmp(h, half))) continue;
            size_t n, posn, negn;
            snprintf(path, sizeof path, "%s/%s/%s.txt", data, sets[s].dir, id);
            char *raw = slurp(path, &n);
            if (!raw) continue;
            snprintf(path, sizeof path, "%s/%s/%s.pos", labels, truth, id);
            char *pos = slurp(path, &posn);
            snprintf(path, sizeof path, "%s/%s/%s.neg", labels, truth, id);
            char *neg = slurp(path, &negn);
            if (!pos || !neg) die("a page without labels: run labels.py");
            page(&w, raw, n, pos, posn, neg, negn, &p, &g, (uint8_t)s, &hs, &t);
            free(raw);
            free(pos);
            free(neg);
            pages++;
        }
        if (pages) {
            size_t k = strlen(used);
            snprintf(used + k, sizeof used - k, "%s%s", k ? "," : "", sets[s].dir);
        }
        fprintf(stderr, "train_plain: %s: %zu pages, %zu examples so far\n", sets[s].dir, pages,
                p.n);
    }
    if (!p.n) die("no examples");
    /* the example of every block, and its page's fold for cross-fitting */
    uint8_t *fold = malloc(p.n);
    float *prob = malloc(p.n * sizeof *prob);
    if (!fold || !prob) die("out of memory");
    for (size_t k = 0; k < g.np; k++)
        for (size_t j = g.poff[k]; j < g.poff[k + 1]; j++)
            if (g.ex[j] >= 0) fold[g.ex[j]] = (uint8_t)(k % 2);
    /* stage 1 out of fold: each half of the pages scored by a model
     * trained on the other, so that stage 2 learns from scores like those
     * of unseen pages */
    for (int f = 0; f < 2; f++) {
        weft_lin_model m1;
        float scale = train(&p, fold, f, epochs, seed, pos_weight, bag, &m1);
        for (size_t i = 0; i < p.n; i++) {
            if (fold[i] != f) continue;
            weft_lin_fv fv = pool_fv(&p, i);
            prob[i] = weft_lin_sigmoid(weft_lin_margin(&m1, &fv) / scale);
        }
        weft_lin_model_free(&m1);
    }
    weft_lin_model m1;
    float scale = train(&p, NULL, 0, epochs, seed, pos_weight, bag, &m1);
    uint32_t milli = (uint32_t)(scale * 1000.0f + 0.5f);
    if (!milli) milli = 1;
    fold_bias(&m1, F_S1_BIAS, WEFT_LIN_HASH_INIT);
    weft_lin_prune(&m1, 1e-4f);
    /* stage 2 on the out-of-fold scores, salted until its rows miss
     * stage 1's */
    weft_lin_model m2;
    uint32_t salt = 0;
    for (;; salt++) {
        pool p2;
        memset(&p2, 0, sizeof p2);
        weft_lin_fv fv;
        weft_lin_fv_init(&fv);
        for (size_t k = 0; k < g.np; k++) {
            size_t b0 = g.poff[k], nb = g.poff[k + 1] - b0;
            float *pp = malloc((nb + 1) * sizeof *pp);
            if (!pp) die("out of memory");
            for (size_t j = 0; j < nb; j++)
                pp[j] = g.ex[b0 + j] >= 0    ? prob[g.ex[b0 + j]]
                        : g.ex[b0 + j] == -2 ? BP_ML_UNSEEN
                                             : -1.0f;
            for (size_t j = 0; j < nb; j++) {
                long e = g.ex[b0 + j];
                if (e < 0) continue;
                weft_lin_fv_clear(&fv);
                if (bp_ml_context(pp, g.len + b0, g.code + b0, nb, j, bp_ml_seed2(salt), &fv))
                    die("out of memory");
                pool_add(&p2, &fv, p.gold[e], p.weight[e], p.set[e]);
            }
            free(pp);
        }
        weft_lin_fv_free(&fv);
        train(&p2, NULL, 0, epochs, seed, pos_weight, bag, &m2);
        fold_bias(&m2, F_STAGE2 + S2_BIAS, bp_ml_seed2(salt));
        weft_lin_prune(&m2, 1e-4f);
        if (!collide(&m1, &m2)) {
            report(&p2, &m2, "stage 2");
            pool_free(&p2);
            break;
        }
        pool_free(&p2);
        weft_lin_model_free(&m2);
        if (salt > 1000) die("no salt keeps the stages apart");
    }
    report(&p, &m1, "stage 1");
    /* one table: stage 2's rows added to stage 1's */
    weft_lin_model m;
    static const char *const classes[] = {"drop", "keep"};
    if (weft_lin_model_init(&m, BITS, 2, classes)) die("out of memory");
    for (size_t i = 0; i < weft_lin_nweights(&m); i++) m.w[i] = m1.w[i] + m2.w[i];
    char num[32];
    snprintf(num, sizeof num, "%u", milli);
    if (weft_lin_model_set_meta(&m, "stage1-scale-milli", num)) die("out of memory");
    snprintf(num, sizeof num, "%u", salt);
    if (weft_lin_model_set_meta(&m, "stage2-salt", num)) die("out of memory");
    char prov[1024];
    snprintf(prov, sizeof prov,
             "trained by `make train-boilerplate` (plugins/boilerplate/train/train_plain.c: "
             "two-stage averaged perceptron, %d epochs, seed %llu, stage 2 on 2-fold out-of-fold "
             "stage-1 scores) on the dev renderings %s of "
             "../shared/data/boilerplate, half %s%s%s; labels: block 4-shingles in AEB "
             "articleBody, or in weft's HTML path output plus the with-snippets "
             "(trafilatura-eval), less blocks holding a without-snippet",
             epochs, seed, used, half ? half : "A+B", exclude ? ", renderer left out: " : "",
             exclude ? exclude : "");
    if (weft_lin_model_set_meta(&m, "features", BP_ML_FEATURES) ||
        weft_lin_model_set_meta(&m, "provenance", prov) ||
        weft_lin_model_set_meta(
            &m, "licence",
            "weights derived from the ground truth of scrapinghub/article-extraction-benchmark "
            "(MIT, (c) 2020 Scrapinghub) and the evaluation annotations of adbar/trafilatura "
            "(Apache-2.0; BBAW, tsolewski, diskursmonitor.de); no page text is stored, only "
            "feature weights; see plugins/boilerplate/data/SOURCES.md"))
        die("out of memory");
    FILE *f = fopen(out, "w");
    if (!f) die("cannot write --out");
    if (weft_lin_save(&m, f) || fclose(f)) die("cannot write --out");
    fprintf(stderr, "train_plain: wrote %s\n", out);
    weft_lin_model_free(&m);
    weft_lin_model_free(&m1);
    weft_lin_model_free(&m2);
    free(fold);
    free(prob);
    return 0;
}
