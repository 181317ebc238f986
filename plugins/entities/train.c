/*
 * The tagger's trainer, reached through the stage's train hook (`weft
 * train entities ...`): reads CoNLL files, computes every token's features
 * with the stage's own code (ner_features, ner_run, tagger.c), runs the
 * averaged perceptron of weft/linear.h over shuffled documents, scores
 * exact spans on the dev file after each epoch, stops when dev stops
 * improving and writes the best averaged model.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conll.h"
#include "ner.h"
#include "tagger.h"
#include "train.h"
#include "weft/grow.h"

static const char train_usage[] =
    "Usage: weft train entities --data FILE.conll [--data FILE...] [--dev FILE.conll] -o MODEL\n"
    "                           [--seed N] [--epochs N] [--patience N] [--bits N]\n"
    "                           [--beam N] [--runs N] [--wordcase] [--meta KEY=VALUE]... [-q]\n"
    "\n"
    "Trains the entities stage's statistical tagger (an averaged perceptron, greedy\n"
    "left to right, or a beam search with --beam) on CoNLL-style files: one token a\n"
    "line, the token first and its tag last (O, B-TYPE, I-TYPE; IOB1, IOB2 and IOBES;\n"
    "any type names), blank lines between sentences, -DOCSTART- lines between\n"
    "documents. With --dev, prints the dev set's exact-span precision, recall and F1\n"
    "after each epoch, stops after --patience epochs without improvement and keeps\n"
    "the best epoch's model.\n"
    "Use it with: weft.stage \"entities\" { model = \"MODEL\" }\n"
    "\n"
    "  --data FILE     training file (repeatable)\n"
    "  --dev FILE      development file for per-epoch scores and early stopping\n"
    "  -o, --out FILE  the model file to write\n"
    "  --seed N        shuffling seed (default 1): same data and seed, same model bytes\n"
    "  --epochs N      most epochs (default 12)\n"
    "  --patience N    epochs without dev improvement before stopping (default 3)\n"
    "  --bits N        hash table of 2^N rows (default 20, 16..24)\n"
    "  --beam N        decode with a beam of N paths (default 1: greedy; 1..16), learnt\n"
    "                  the same way (early-update perceptron); the model records it\n"
    "  --runs N        train N models, with seeds SEED .. SEED+N-1 (each stopped early on\n"
    "                  --dev), and write the mean of their weights (default 1)\n"
    "  --wordcase      features from the plugin's English word list with case too\n"
    "                  (entities/wordcase.txt: a word known only in lower case, only\n"
    "                  capitalised, both, or not at all); the stage then loads it\n"
    "  --meta K=V      a meta line for the model file (provenance, licence...)\n"
    "  -q, --quiet     no progress lines\n";

typedef struct prf3 {
    size_t tp, fp, fn;
} prf3;

static double pct(size_t a, size_t b) {
    return b ? 100.0 * (double)a / (double)b : 0.0;
}
static double f1(const prf3 *x) {
    double p = pct(x->tp, x->tp + x->fp), r = pct(x->tp, x->tp + x->fn);
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

/* Fills s (and t) with document d's tokens and features, as the stage
 * does for a document tokenised by blanks (ent_tok's kinds). */
static int analyse(const gaz *g, const cn_corpus *c, const cn_doc *d, ner_scratch *s,
                   tg_scratch *t) {
    const char *text = c->text + d->text;
    if (ner_reserve(s, d->ntok, d->nsent + 1)) return -1;
    s->ntok = d->ntok;
    for (size_t i = 0; i < d->ntok; i++) {
        ent_tok *x = &s->tok[i];
        x->b = c->tb[d->tok + i];
        x->e = c->te[d->tok + i];
        int an = 0;
        for (uint32_t k = x->b; k < x->e; k++) {
            unsigned char ch = (unsigned char)text[k];
            an |= (ch >= '0' && ch <= '9') || ((ch | 32) >= 'a' && (ch | 32) <= 'z') || ch >= 0x80;
        }
        x->kind = !an ? K_PUNCT : (text[x->b] >= '0' && text[x->b] <= '9') ? K_NUMBER : K_WORD;
        if (ner_features(g, s, text, x)) return -1;
    }
    for (size_t k = 0; k < d->nsent; k++) s->sent[k] = c->sent[d->sent + k];
    s->nsent = d->nsent;
    s->sent[d->nsent] = (uint32_t)d->ntok;
    if (ner_run(g, text, s)) return -1;
    return tg_prepare(g, text, s, t);
}

/* Every document's token features, computed once for all epochs. */
typedef struct prepared {
    tg_tokf *f;
} prepared;

static int prepare_all(const gaz *g, const cn_corpus *c, ner_scratch *s, tg_scratch *t,
                       prepared *out) {
    out->f = malloc((c->ntokens + 1) * sizeof *out->f);
    if (!out->f) return -1;
    for (size_t k = 0; k < c->ndoc; k++) {
        const cn_doc *d = &c->doc[k];
        if (analyse(g, c, d, s, t)) return -1;
        memcpy(out->f + d->tok, t->f, d->ntok * sizeof *t->f);
    }
    return 0;
}

/* Spans of a class sequence (IOB2, as tg_best allows) compared with gold. */
static void score_doc(const uint32_t *gold, const uint16_t *pred, size_t n, prf3 *all,
                      prf3 *per_type) {
    for (size_t i = 0; i < n; i++) {
        /* a gold span starting at i */
        uint32_t g = gold[i], p = pred[i];
        size_t ge = i, pe = i;
        if (g && tg_class_begin(g)) {
            ge = i + 1;
            while (ge < n && gold[ge] == g + 1) ge++;
        }
        if (p && tg_class_begin(p)) {
            pe = i + 1;
            while (pe < n && pred[pe] == p + 1) pe++;
        }
        int gs = ge > i, ps = pe > i;
        if (gs && ps && ge == pe && g == p) {
            all->tp++;
            per_type[tg_class_type(g)].tp++;
        } else {
            if (gs) all->fn++, per_type[tg_class_type(g)].fn++;
            if (ps) all->fp++, per_type[tg_class_type(p)].fp++;
        }
    }
}

static int evaluate(const tg_model *tm, const cn_corpus *c, const prepared *pr, tg_scratch *t,
                    prf3 *all, prf3 *per_type) {
    float sc[WEFT_LIN_MAX_CLASSES];
    memset(all, 0, sizeof *all);
    memset(per_type, 0, tm->ntype * sizeof *per_type);
    for (size_t k = 0; k < c->ndoc; k++) {
        const cn_doc *d = &c->doc[k];
        const tg_tokf *F = pr->f + d->tok;
        if (tg_history_reset(t, d->ntok)) return -1;
        if (weft_grow((void **)&t->lab, &t->caplab, d->ntok + 1, sizeof *t->lab)) return -1;
        for (size_t j = 0; j < d->nsent; j++) {
            uint32_t sb = c->sent[d->sent + j],
                     se = j + 1 < d->nsent ? c->sent[d->sent + j + 1] : (uint32_t)d->ntok;
            uint32_t prev = 0, prev2 = 0;
            if (tm->beam > 1) {
                if (tg_beam_sentence(tm, t, F, sb, se, NULL, NULL, 0)) return -1;
                for (uint32_t i = sb; i < se; i++) tg_history_note(t, &F[i], t->lab[i]);
                continue;
            }
            for (uint32_t i = sb; i < se; i++) {
                if (tg_features(t, F, i, sb, se, prev, prev2, &t->fv)) return -1;
                weft_lin_scores(&tm->m, &t->fv, sc);
                uint32_t cl = tg_decide(tm, sc, prev);
                t->lab[i] = (uint16_t)cl;
                tg_history_note(t, &F[i], cl);
                prev2 = prev;
                prev = cl;
            }
        }
        score_doc(c->tag + d->tok, t->lab, d->ntok, all, per_type);
    }
    return 0;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *base_name(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

#define MAX_FILES 16
#define MAX_META  16

typedef struct topts {
    const char *data[MAX_FILES];
    size_t ndata;
    const char *dev, *out;
    const char *meta[MAX_META];
    size_t nmeta;
    uint64_t seed;
    long epochs, patience, bits, beam, runs;
    int quiet;
    int wordcase;
} topts;

static int parse_num(const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

static int parse_args(int argc, char *const *argv, topts *o, char *err, size_t errlen) {
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->epochs = 12;
    o->patience = 3;
    o->bits = 20;
    o->beam = 1;
    o->runs = 1;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long n;
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = 1;
            continue;
        }
        if (!strcmp(a, "--wordcase")) {
            o->wordcase = 1;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            snprintf(err, errlen, "help");
            return 1;
        }
        if (!v) {
            snprintf(err, errlen, "%s: unknown option or missing value (try --help)", a);
            return -1;
        }
        i++;
        if (!strcmp(a, "--data")) {
            if (o->ndata == MAX_FILES) {
                snprintf(err, errlen, "--data: at most %d files", MAX_FILES);
                return -1;
            }
            o->data[o->ndata++] = v;
        } else if (!strcmp(a, "--dev")) {
            o->dev = v;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--out")) {
            o->out = v;
        } else if (!strcmp(a, "--meta")) {
            const char *eq = strchr(v, '=');
            if (!eq || eq == v || o->nmeta == MAX_META) {
                snprintf(err, errlen, "--meta: want KEY=VALUE (at most %d)", MAX_META);
                return -1;
            }
            o->meta[o->nmeta++] = v;
        } else if (!strcmp(a, "--seed")) {
            if (parse_num(v, 0, 2147483647L, &n)) goto bad;
            o->seed = (uint64_t)n;
        } else if (!strcmp(a, "--epochs")) {
            if (parse_num(v, 1, 1000, &o->epochs)) goto bad;
        } else if (!strcmp(a, "--patience")) {
            if (parse_num(v, 1, 1000, &o->patience)) goto bad;
        } else if (!strcmp(a, "--runs")) {
            if (parse_num(v, 1, 16, &o->runs)) goto bad;
        } else if (!strcmp(a, "--beam")) {
            if (parse_num(v, 1, TG_MAXBEAM, &o->beam)) goto bad;
        } else if (!strcmp(a, "--bits")) {
            if (parse_num(v, 16, 24, &o->bits)) goto bad;
        } else {
            snprintf(err, errlen, "%s: unknown option (try --help)", a);
            return -1;
        }
        continue;
    bad:
        snprintf(err, errlen, "%s: bad value '%s' (try --help)", a, v);
        return -1;
    }
    if (!o->ndata || !o->out) {
        snprintf(err, errlen, "need --data FILE and -o MODEL (try --help)");
        return -1;
    }
    return 0;
}

typedef struct tstate {
    cn_corpus tr, dv;
    prepared ptr, pdv;
    ner_scratch s;
    tg_scratch t;
    tg_model tm, best;
    weft_lin_model sum; /* --runs: the sum of the runs' models */
    weft_lin_ap ap;
    uint32_t *order;
    prf3 *per;
} tstate;

static void tstate_free(tstate *z) {
    cn_free(&z->tr);
    cn_free(&z->dv);
    free(z->ptr.f);
    free(z->pdv.f);
    ner_scratch_free(&z->s);
    tg_scratch_free(&z->t);
    weft_lin_ap_free(&z->ap);
    tg_model_free(&z->tm);
    tg_model_free(&z->best);
    weft_lin_model_free(&z->sum);
    free(z->order);
    free(z->per);
}

static int read_corpus(const ent_train_io *io, const char *name, cn_corpus *c, char *err,
                       size_t errlen) {
    char *buf;
    size_t len;
    if (io->read(io->ud, name, &buf, &len, err, errlen)) return -1;
    int rc = cn_read(c, name, buf, len, err, errlen);
    io->release(io->ud, buf);
    return rc;
}

static int train_epoch(tstate *z, weft_lin_rng *rng, size_t *mistakes) {
    float sc[WEFT_LIN_MAX_CLASSES];
    const cn_corpus *c = &z->tr;
    tg_scratch *t = &z->t;
    weft_lin_shuffle(rng, z->order, c->ndoc);
    *mistakes = 0;
    for (size_t k = 0; k < c->ndoc; k++) {
        const cn_doc *d = &c->doc[z->order[k]];
        const tg_tokf *F = z->ptr.f + d->tok;
        const uint32_t *gold = c->tag + d->tok;
        if (tg_history_reset(t, d->ntok)) return -1;
        for (size_t j = 0; j < d->nsent; j++) {
            uint32_t sb = c->sent[d->sent + j],
                     se = j + 1 < d->nsent ? c->sent[d->sent + j + 1] : (uint32_t)d->ntok;
            uint32_t prev = 0, prev2 = 0;
            for (uint32_t i = sb; i < se; i++) {
                if (tg_features(t, F, i, sb, se, prev, prev2, &t->fv)) return -1;
                weft_lin_scores(&z->tm.m, &t->fv, sc);
                uint32_t guess = tg_best(&z->tm, sc, prev);
                if (guess != gold[i]) {
                    weft_lin_ap_update(&z->ap, &t->fv, gold[i], guess, 1.0f);
                    ++*mistakes;
                }
                weft_lin_ap_tick(&z->ap);
                tg_history_note(t, &F[i], guess);
                prev2 = prev;
                prev = guess;
            }
        }
    }
    return 0;
}

/* One sentence of a beam epoch: search with the gold path in view, then
 * (when it fell out of the beam, or lost at the end) add the gold path's
 * features to its classes and take the best path's from its own, over the
 * prefix searched (Collins and Roark's early update). Tokens where both
 * paths agree on the class and the two before have the same features on
 * both sides and are skipped. */
static int train_sentence_beam(tstate *z, const tg_tokf *F, const uint32_t *gold, uint32_t sb,
                               uint32_t se, size_t *mistakes) {
    tg_scratch *t = &z->t;
    uint32_t stop;
    if (tg_beam_sentence(&z->tm, t, F, sb, se, gold, &stop, 0)) return -1;
    uint32_t last = stop < se ? stop : se - 1;
    int wrong = stop < se;
    for (uint32_t i = sb; i <= last && !wrong; i++) wrong = t->lab[i] != gold[i];
    if (wrong) {
        ++*mistakes;
        for (uint32_t i = sb; i <= last; i++) {
            uint32_t g1 = i > sb ? gold[i - 1] : 0, g2 = i > sb + 1 ? gold[i - 2] : 0;
            uint32_t p1 = i > sb ? t->lab[i - 1] : 0, p2 = i > sb + 1 ? t->lab[i - 2] : 0;
            if (gold[i] == t->lab[i] && g1 == p1 && g2 == p2) continue;
            if (tg_features(t, F, i, sb, se, g1, g2, &t->fv)) return -1;
            weft_lin_ap_add(&z->ap, &t->fv, gold[i], 1.0f);
            if (tg_features(t, F, i, sb, se, p1, p2, &t->fv)) return -1;
            weft_lin_ap_add(&z->ap, &t->fv, t->lab[i], -1.0f);
        }
    }
    for (uint32_t i = sb; i <= last; i++) {
        weft_lin_ap_tick(&z->ap);
        tg_history_note(t, &F[i], t->lab[i]);
    }
    return 0;
}

static int train_epoch_beam(tstate *z, weft_lin_rng *rng, size_t *mistakes) {
    const cn_corpus *c = &z->tr;
    tg_scratch *t = &z->t;
    weft_lin_shuffle(rng, z->order, c->ndoc);
    *mistakes = 0;
    for (size_t k = 0; k < c->ndoc; k++) {
        const cn_doc *d = &c->doc[z->order[k]];
        const tg_tokf *F = z->ptr.f + d->tok;
        if (tg_history_reset(t, d->ntok)) return -1;
        for (size_t j = 0; j < d->nsent; j++) {
            uint32_t sb = c->sent[d->sent + j],
                     se = j + 1 < d->nsent ? c->sent[d->sent + j + 1] : (uint32_t)d->ntok;
            if (se > sb && train_sentence_beam(z, F, c->tag + d->tok, sb, se, mistakes)) return -1;
        }
    }
    return 0;
}

static void print_scores(FILE *f, const tg_model *tm, const prf3 *all, const prf3 *per) {
    fprintf(f, "dev: P %.2f R %.2f F1 %.2f (", pct(all->tp, all->tp + all->fp),
            pct(all->tp, all->tp + all->fn), f1(all));
    for (uint32_t ty = 0; ty < tm->ntype; ty++)
        fprintf(f, "%s%s %.2f", ty ? ", " : "", tm->type[ty], f1(&per[ty]));
    fprintf(f, ")");
}

/* One training run with shuffling seed `seed`: epochs until --epochs or
 * --patience; the best dev epoch's averaged model in z->best (with --dev),
 * else the last epoch's averaged weights in z->tm. */
static int train_run(tstate *z, const topts *o, uint64_t seed, double *best_f1, long *best_epoch) {
    weft_lin_rng rng;
    weft_lin_rng_seed(&rng, seed);
    *best_f1 = -1;
    *best_epoch = 0;
    long epoch;
    for (epoch = 1; epoch <= o->epochs; epoch++) {
        double te = now();
        size_t mistakes;
        if ((o->beam > 1 ? train_epoch_beam : train_epoch)(z, &rng, &mistakes)) return -1;
        weft_lin_ap_average(&z->ap);
        if (!o->quiet)
            fprintf(stderr, "epoch %ld: %zu mistakes in %zu %s, %.1f s", epoch, mistakes,
                    o->beam > 1 ? z->tr.nsents : z->tr.ntokens,
                    o->beam > 1 ? "sentences" : "tokens", now() - te);
        if (o->dev) {
            prf3 all;
            if (evaluate(&z->tm, &z->dv, &z->pdv, &z->t, &all, z->per)) return -1;
            double f = f1(&all);
            if (!o->quiet) {
                fputs("; ", stderr);
                print_scores(stderr, &z->tm, &all, z->per);
            }
            if (f > *best_f1) {
                *best_f1 = f;
                *best_epoch = epoch;
                weft_lin_model_free(&z->best.m);
                if (weft_lin_model_copy(&z->best.m, &z->tm.m)) return -1;
                if (!o->quiet) fputs(" *", stderr);
            }
        }
        if (!o->quiet) fputc('\n', stderr);
        if (o->dev && epoch - *best_epoch >= o->patience) break;
        weft_lin_ap_unaverage(&z->ap);
    }
    weft_lin_ap_average(&z->ap);
    if (!o->dev) *best_epoch = epoch > o->epochs ? o->epochs : epoch;
    return 0;
}

/* A fresh start for the next run: zero weights, no averaging history, the
 * documents in their first order. */
static int run_reset(tstate *z) {
    weft_lin_ap_free(&z->ap);
    memset(z->tm.m.w, 0, weft_lin_nweights(&z->tm.m) * sizeof *z->tm.m.w);
    memset(z->tm.m.bias, 0, z->tm.m.nclass * sizeof *z->tm.m.bias);
    for (size_t i = 0; i < z->tr.ndoc; i++) z->order[i] = (uint32_t)i;
    return weft_lin_ap_init(&z->ap, &z->tm.m);
}

/* dst += src, weights and biases (models of one shape). */
static int lin_add(weft_lin_model *dst, const weft_lin_model *src) {
    if (dst->bits != src->bits || dst->nclass != src->nclass) return -1;
    for (size_t i = 0; i < weft_lin_nweights(src); i++) dst->w[i] += src->w[i];
    for (uint32_t c = 0; c < src->nclass; c++) dst->bias[c] += src->bias[c];
    return 0;
}

int ent_train(const gaz *g, const gaz *wn, const ent_train_io *io, int argc, char *const *argv,
              char *err, size_t errlen) {
    topts o;
    int rc = parse_args(argc, argv, &o, err, errlen);
    if (rc > 0) {
        fputs(train_usage, stdout);
        return 1;
    }
    if (rc) return -2;
    tstate z;
    memset(&z, 0, sizeof z);
    z.t.wn = wn;
    double t0 = now();
    for (size_t i = 0; i < o.ndata; i++)
        if (read_corpus(io, o.data[i], &z.tr, err, errlen)) goto fail;
    if (!z.tr.ntype) {
        snprintf(err, errlen, "%s: no entity tag in the training data", o.data[0]);
        goto fail;
    }
    if (cn_sort_types(&z.tr)) goto oom;
    if (o.dev) {
        if (read_corpus(io, o.dev, &z.dv, err, errlen)) goto fail;
        if (cn_retype(&z.dv, z.tr.type, z.tr.ntype, err, errlen)) {
            char m[300];
            snprintf(m, sizeof m, "%s", err);
            snprintf(err, errlen, "%s: %s", o.dev, m);
            goto fail;
        }
    }
    if (tg_model_init(&z.tm, (uint32_t)o.bits, z.tr.ntype, (const char *const *)z.tr.type)) {
        snprintf(err, errlen, "cannot make a model of 2^%ld rows for %zu types (out of memory?)",
                 o.bits, z.tr.ntype);
        goto fail;
    }
    z.tm.beam = (uint32_t)o.beam;
    if (o.wordcase) {
        if (!g->wc) {
            snprintf(err, errlen, "--wordcase: the word list is not loaded");
            goto fail;
        }
        if (weft_lin_model_set_meta(&z.tm.m, "features", TG_FEATURES_WC)) goto oom;
        z.tm.wordcase = 1;
    }
    z.t.wordcase = z.tm.wordcase;
    if (o.beam > 1) {
        char bv[24];
        snprintf(bv, sizeof bv, "%ld", o.beam);
        if (weft_lin_model_set_meta(&z.tm.m, "beam", bv)) goto oom;
    }
    if (weft_lin_ap_init(&z.ap, &z.tm.m)) goto oom;
    if (prepare_all(g, &z.tr, &z.s, &z.t, &z.ptr)) goto oom;
    if (o.dev && prepare_all(g, &z.dv, &z.s, &z.t, &z.pdv)) goto oom;
    z.order = malloc((z.tr.ndoc + 1) * sizeof *z.order);
    z.per = calloc(z.tm.ntype, sizeof *z.per);
    if (!z.order || !z.per) goto oom;
    for (size_t i = 0; i < z.tr.ndoc; i++) z.order[i] = (uint32_t)i;
    if (!o.quiet)
        fprintf(stderr,
                "entities: %zu documents%s, %zu sentences, %zu tokens, %zu types; features in "
                "%.1f s\n",
                z.tr.ndoc,
                z.tr.per_sentence ? " (no -DOCSTART- lines: a sentence is a document)" : "",
                z.tr.nsents, z.tr.ntokens, z.tr.ntype, now() - t0);
    /* one run a seed; with several, the sum of their weights in z.sum */
    double best_f1 = -1;
    char epochs[16 * 12] = "";
    for (long r = 0; r < o.runs; r++) {
        if (r && run_reset(&z)) goto oom;
        double f;
        long ep;
        if (train_run(&z, &o, o.seed + (uint64_t)r, &f, &ep)) goto oom;
        weft_lin_model *got = o.dev ? &z.best.m : &z.tm.m;
        if (o.runs > 1 && (r ? lin_add(&z.sum, got) : weft_lin_model_copy(&z.sum, got))) goto oom;
        size_t el = strlen(epochs);
        snprintf(epochs + el, sizeof epochs - el, "%s%ld", r ? "," : "", ep);
        best_f1 = f;
    }
    weft_lin_model *out = o.dev ? &z.best.m : &z.tm.m;
    if (o.runs > 1) {
        /* the mean of the runs' weights, in the model the runs trained
         * (its meta lines and classes); the trainer is done with it */
        const float k = 1.0f / (float)o.runs;
        for (size_t i = 0; i < weft_lin_nweights(&z.sum); i++) z.tm.m.w[i] = z.sum.w[i] * k;
        for (uint32_t c = 0; c < z.sum.nclass; c++) z.tm.m.bias[c] = z.sum.bias[c] * k;
        out = &z.tm.m;
        if (o.dev) { /* the mean model's own dev score */
            prf3 all;
            if (evaluate(&z.tm, &z.dv, &z.pdv, &z.t, &all, z.per)) goto oom;
            best_f1 = f1(&all);
            if (!o.quiet) {
                fprintf(stderr, "mean of %ld runs: ", o.runs);
                print_scores(stderr, &z.tm, &all, z.per);
                fputc('\n', stderr);
            }
        }
    }
    /* integer weights: the scores only rank classes, so scaling changes
     * nothing but the file's size (short numbers, tiny weights dropped) */
    weft_lin_quantize(out, TG_SCALE);
    char val[64];
    snprintf(val, sizeof val, "%d", TG_SCALE);
    if (weft_lin_model_set_meta(out, "scale", val)) goto oom;
    snprintf(val, sizeof val, "%llu", (unsigned long long)o.seed);
    if (weft_lin_model_set_meta(out, "seed", val)) goto oom;
    if (weft_lin_model_set_meta(out, "epochs", epochs)) goto oom;
    if (o.runs > 1) {
        snprintf(val, sizeof val, "%ld", o.runs);
        if (weft_lin_model_set_meta(out, "runs", val)) goto oom;
    }
    for (size_t i = 0; i < o.ndata; i++) {
        char key[32];
        snprintf(key, sizeof key, "data%zu", i + 1);
        if (weft_lin_model_set_meta(out, key, base_name(o.data[i]))) goto oom;
    }
    if (o.dev) {
        if (weft_lin_model_set_meta(out, "dev", base_name(o.dev))) goto oom;
        snprintf(val, sizeof val, "%.2f", best_f1);
        if (weft_lin_model_set_meta(out, "dev-f1", val)) goto oom;
    }
    for (size_t i = 0; i < o.nmeta; i++) {
        char key[WEFT_LIN_MAX_LABEL + 1];
        const char *eq = strchr(o.meta[i], '=');
        size_t kn = (size_t)(eq - o.meta[i]);
        if (kn > WEFT_LIN_MAX_LABEL) kn = WEFT_LIN_MAX_LABEL;
        memcpy(key, o.meta[i], kn);
        key[kn] = '\0';
        if (weft_lin_model_set_meta(out, key, eq + 1)) {
            snprintf(err, errlen, "--meta %s: not a valid meta line", o.meta[i]);
            goto fail;
        }
    }
    FILE *f = fopen(o.out, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", o.out, strerror(errno));
        goto fail;
    }
    int bad = weft_lin_save(out, f);
    if (fclose(f) || bad) {
        snprintf(err, errlen, "cannot write %s", o.out);
        remove(o.out);
        goto fail;
    }
    if (!o.quiet) {
        fprintf(stderr, "entities: wrote %s (%zu rows", o.out, weft_lin_model_rows(out));
        if (o.dev)
            fprintf(stderr, ", epoch%s %s, dev F1 %.2f", o.runs > 1 ? "s" : "", epochs, best_f1);
        fprintf(stderr, ") in %.1f s\n", now() - t0);
    }
    tstate_free(&z);
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
fail:
    tstate_free(&z);
    return -1;
}
