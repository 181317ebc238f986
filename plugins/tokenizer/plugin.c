/*
 * tokenizer - the weft stage: layers "token" (label = kind) and "sentence"
 * over the default view. The scanning and the rules live in tokens.c and
 * sentences.c; this file holds the parameters and the host glue.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "sentences.h"
#include "sentmodel.h"
#include "tokens.h"
#include "weft/plugin.h"

typedef struct tok_conf {
    int style;    /* uax29 | ptb */
    int hyphens;  /* auto | split | keep */
    int newlines; /* auto | single | blank */
    int refine;
    int sentences;
    weft_strlist abbreviations;
    const char *sentence_model;
} tok_conf;

static const weft_param tok_params[] = {
    {.name = "style",
     .type = WEFT_P_ENUM,
     .def = "uax29",
     .choices = "uax29|ptb",
     .offset = offsetof(tok_conf, style),
     .doc = "uax29: Unicode word segments; ptb: also split clitics (do n't) Penn-Treebank style"},
    {.name = "abbreviations",
     .type = WEFT_P_LIST,
     .offset = offsetof(tok_conf, abbreviations),
     .doc = "extra abbreviations that keep their period (\"Dept.\", \"approx\")"},
    {.name = "newline_boundaries",
     .type = WEFT_P_ENUM,
     .def = "auto",
     .choices = "auto|single|blank",
     .offset = offsetof(tok_conf, newlines),
     .doc =
         "line breaks ending sentences: auto (headlines), single (every one), blank (blank lines)"},
    {.name = "hyphens",
     .type = WEFT_P_ENUM,
     .def = "auto",
     .choices = "auto|split|keep",
     .offset = offsetof(tok_conf, hyphens),
     .doc = "well-known as one token (keep) or three (split); auto: keep in ptb, split in uax29"},
    {.name = "refine",
     .type = WEFT_P_BOOL,
     .def = "true",
     .offset = offsetof(tok_conf, refine),
     .doc = "English refinements (URLs, e-mail, @mentions, #hashtags, abbreviations, emoticons)"},
    {.name = "sentence_model",
     .type = WEFT_P_STR,
     .def = "tokenizer/sentence-model.txt",
     .offset = offsetof(tok_conf, sentence_model),
     .doc = "learned sentence boundaries (a weft-linear model file; the shipped one is learnt "
            "from UD English-EWT, CC BY-SA 4.0), or none (or \"\") to decide by the rules alone"},
    {.name = "sentences",
     .type = WEFT_P_BOOL,
     .def = "true",
     .offset = offsetof(tok_conf, sentences),
     .doc = "fill the sentence layer (false leaves it empty, for token-only pipelines)"},
    {.name = NULL}};

typedef struct tok_shared {
    tok_opts opts;
    tok_abbrev abbrev;
    int newlines;
    int sentences;
    int learned; /* model holds the sentence model */
    weft_lin_model model;
    weft_sym token, sentence;
    weft_sym kinds[TK_NKINDS];
} tok_shared;

/* Per worker: the info words of the current document's tokens, reused from
 * one document to the next (grown by doubling, never per token). */
#define TOK_BATCH 256

typedef struct tok_state {
    const tok_shared *sh;
    uint16_t *info;
    size_t n, cap;
    const weft_host *host;
    weft_doc *doc;
    weft_error *err;
    /* copies of what emit_token needs, one load away on the hot path */
    int sentences; /* the sentence pass follows: the info words are kept */
    weft_sym token;
    weft_sym kinds[TK_NKINDS];
    tok_learn learn; /* the learned splitter's scratch */
    /* Tokens go to the core a batch at a time (add_many): one call and one
     * loop of checks a batch cost about a third of add()'s a token. */
    size_t nbatch;
    weft_span batch[TOK_BATCH];
    /* the batch's info words (kept when the sentence pass follows): stored
     * at the batch's index, moved to info when the batch goes, so that a
     * token needs no second counter */
    uint16_t binfo[TOK_BATCH];
} tok_state;

static void tok_close(void *shared) {
    tok_shared *s = shared;
    if (!s) return;
    tok_abbrev_free(&s->abbrev);
    weft_lin_model_free(&s->model);
    free(s);
}

/* The sentence model: a weft-linear file whose features are this plugin's
 * feature set (another set's hashes would be noise): two classes, or four
 * for a cascade with its cheap model and threshold (sentmodel.h). */
static int load_model(const weft_host *host, weft_setup *setup, const char *name, weft_lin_model *m,
                      weft_error *err) {
    char *text;
    size_t len;
    int rc = host->read_file(setup, name, 64u << 20, &text, &len, err);
    if (rc != WEFT_OK) return rc;
    char msg[256];
    rc = weft_lin_load(m, text, len, msg, sizeof msg);
    host->free_data(text);
    if (rc) return host->fail(err, WEFT_EDATA, -1, "sentence_model %s: %s", name, msg);
    const char *fs = weft_lin_model_meta(m, "features");
    float t;
    if ((m->nclass != 2 && m->nclass != 4) || !fs || strcmp(fs, TOK_SENT_FEATURES) ||
        tok_cascade_threshold(m, &t)) {
        rc = host->fail(err, WEFT_EDATA, -1,
                        "sentence_model %s: not a sentence model of feature set %s "
                        "(classes %u, features %s; four classes need the meta cascade = %s "
                        "and a cascade_threshold)",
                        name, TOK_SENT_FEATURES, (unsigned)m->nclass, fs ? fs : "missing",
                        TOK_CHEAP_FEATURES);
        weft_lin_model_free(m);
        return rc;
    }
    return WEFT_OK;
}

static int tok_open(const weft_host *host, weft_setup *setup, const void *conf, void **shared,
                    weft_error *err) {
    const tok_conf *c = conf;
    tok_shared *s = calloc(1, sizeof *s);
    if (!s) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    char msg[256];
    if (tok_abbrev_init(&s->abbrev, c->abbreviations.items, c->abbreviations.n, msg, sizeof msg)) {
        free(s);
        return host->fail(err, WEFT_EINVAL, -1, "%s", msg);
    }
    s->opts = (tok_opts){.ptb = c->style == 1,
                         .refine = c->refine,
                         .hyphens = c->hyphens == 1   ? TOK_HYPHENS_SPLIT
                                    : c->hyphens == 2 ? TOK_HYPHENS_KEEP
                                                      : TOK_HYPHENS_AUTO,
                         .abbrev = &s->abbrev};
    s->sentences = c->sentences;
    s->newlines = c->newlines == 1 ? TOK_NL_SINGLE : c->newlines == 2 ? TOK_NL_BLANK : TOK_NL_AUTO;
    if (c->sentences && c->sentence_model && *c->sentence_model &&
        strcmp(c->sentence_model, "none") != 0) {
        int rc = load_model(host, setup, c->sentence_model, &s->model, err);
        if (rc != WEFT_OK) {
            tok_close(s);
            return rc;
        }
        s->learned = 1;
    }
    s->token = host->intern(setup, "token");
    s->sentence = host->intern(setup, "sentence");
    int ok = s->token && s->sentence;
    for (int k = 0; k < TK_NKINDS; k++)
        ok &= (s->kinds[k] = host->intern(setup, tok_kind_names[k])) != 0;
    if (!ok) {
        tok_close(s);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    *shared = s;
    return WEFT_OK;
}

static int tok_create(const weft_host *host, void *shared, void **state, weft_error *err) {
    tok_state *t = calloc(1, sizeof *t);
    if (!t) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    t->sh = shared;
    t->sentences = t->sh->sentences;
    t->token = t->sh->token;
    memcpy(t->kinds, t->sh->kinds, sizeof t->kinds);
    tok_learn_init(&t->learn);
    for (size_t i = 0; i < TOK_BATCH; i++) t->batch[i].score = NAN; /* emit_fast needs it */
    *state = t;
    return WEFT_OK;
}

static void tok_destroy(void *state) {
    tok_state *t = state;
    if (!t) return;
    free(t->info);
    tok_learn_free(&t->learn);
    free(t);
}

/* Out of the hot path: room for the info words of TOK_BATCH more tokens
 * (grown by doubling, log n times), or failing. */
static int reserve_info(tok_state *t, uint32_t begin) {
    if (weft_grow((void **)&t->info, &t->cap, t->n + TOK_BATCH, sizeof *t->info))
        return t->host->fail(t->err, WEFT_ENOMEM, begin, "out of memory at byte %u", begin);
    return WEFT_OK;
}

/* The core refuses a batch only for memory or a bad span (a scanner bug);
 * it has logged which span. The batch holds tokens while the scanner runs,
 * then sentences (the tokens are flushed before the sentence pass). */
static int flush_tokens(tok_state *t) {
    size_t n = t->nbatch;
    t->nbatch = 0;
    if (t->sentences) { /* room for them was reserved (reserve_info) */
        memcpy(t->info + t->n, t->binfo, n * sizeof *t->binfo);
        t->n += n;
    }
    if (n && t->host->add_many(t->doc, t->token, t->batch, n) < 0)
        return t->host->fail(t->err, WEFT_ENOMEM, t->batch[0].begin,
                             "cannot add tokens [%u, %u) to the token layer", t->batch[0].begin,
                             t->batch[n - 1].end);
    return WEFT_OK;
}

static int flush_sentences(tok_state *t) {
    size_t n = t->nbatch;
    t->nbatch = 0;
    if (n && t->host->add_many(t->doc, t->sh->sentence, t->batch, n) < 0)
        return t->host->fail(t->err, WEFT_ENOMEM, t->batch[0].begin,
                             "cannot add sentences [%u, %u) to the sentence layer",
                             t->batch[0].begin, t->batch[n - 1].end);
    return WEFT_OK;
}

/* A full batch: to the core, and, when the info words are kept, room for
 * those of the next batch. */
static int batch_full(tok_state *t, int info, uint32_t begin) {
    if (flush_tokens(t) != WEFT_OK) return WEFT_ENOMEM;
    return info ? reserve_info(t, begin) : WEFT_OK;
}

/* A token into the batch. With keep (the sentence pass follows) the info
 * words are kept: the info array has room for the tokens of the current
 * batch (tok_process reserves it for the first, batch_full for each next),
 * so flush_tokens' copy needs no test of its own. */
static inline int emit_fast(tok_state *t, uint32_t begin, uint32_t end, unsigned info, int keep) {
    if (t->nbatch == TOK_BATCH && batch_full(t, keep, begin) != WEFT_OK) return WEFT_ENOMEM;
    size_t n = t->nbatch;
    /* the info word is stored whether kept or not (flush_tokens keeps it
     * only before a sentence pass): one store instead of a test, as GCC
     * merges the scanner's two copies into one that reads the flag; the
     * score is NAN in every record of the batch from tok_create on */
    t->binfo[n] = (uint16_t)info;
    weft_span *sp = &t->batch[n];
    sp->begin = begin;
    sp->end = end;
    sp->label = t->kinds[info & TI_KIND_MASK];
    t->nbatch = n + 1;
    return WEFT_OK;
}

/* The scanner's other paths, through the pointer: one function for both
 * copies, so it asks the flag. */
static int emit_token(void *ctx, uint32_t begin, uint32_t end, unsigned info) {
    tok_state *t = ctx;
    return emit_fast(t, begin, end, info, t->sentences);
}

/* The scanner passes every line break: it records their offsets for the
 * learned splitter, whose line measure then reads them instead of
 * searching the text again (tok_learn.nnl, nl_known). */
static int grow_nl(tok_state *t, size_t at) {
    if (weft_grow((void **)&t->learn.nl, &t->learn.nlcap,
                  t->learn.nlcap ? t->learn.nlcap * 2 : 1024, sizeof *t->learn.nl))
        return t->host->fail(t->err, WEFT_ENOMEM, (int64_t)at, "out of memory at byte %zu", at);
    return WEFT_OK;
}

static inline int newline_at(tok_state *t, size_t at) {
    size_t n = t->learn.nnl;
    if (n + 1 >= t->learn.nlcap && grow_nl(t, at) != WEFT_OK) return WEFT_ENOMEM;
    t->learn.nl[n] = (uint32_t)at;
    t->learn.nnl = n + 1;
    return WEFT_OK;
}

/* The scanner's fast paths call emit_fast by name (see scan.h): one
 * indirect call less per token than through emit_token. */
#define TOK_FAST_EMIT(ctx, b, e, info, nl) emit_fast((tok_state *)(ctx), b, e, info, nl)
#define TOK_NEWLINE(ctx, at)               newline_at((tok_state *)(ctx), at)
#include "scan.h"
#include "weft/grow.h"

/* Sentences go to the core in runs too (add_many), through the batch. */
static int emit_sentence(void *ctx, uint32_t begin, uint32_t end) {
    tok_state *t = ctx;
    if (t->nbatch == TOK_BATCH && flush_sentences(t) != WEFT_OK) return WEFT_ENOMEM;
    t->batch[t->nbatch++] = (weft_span){begin, end, 0, NAN};
    return WEFT_OK;
}

/* The learned splitter's sentences (its start tokens, tok_learn.sent)
 * into the batch, a run of them at a time: a loop here instead of a call
 * through a pointer from inside the decoder for each sentence. */
static int add_sentences(tok_state *t, const tok_seq *q) {
    const uint32_t *st = t->learn.sent;
    size_t ns = t->learn.nsent, first = 0, i = 0;
    if (q->n == 0) return WEFT_OK;
    while (i <= ns) {
        if (t->nbatch == TOK_BATCH && flush_sentences(t) != WEFT_OK) return WEFT_ENOMEM;
        size_t run = TOK_BATCH - t->nbatch, j = t->nbatch;
        if (run > ns + 1 - i) run = ns + 1 - i;
        for (size_t r = 0; r < run; r++, i++, j++) {
            size_t next = i < ns ? st[i] : q->n; /* the token after the sentence */
            t->batch[j] = (weft_span){B(q, first), E(q, next - 1), 0, NAN};
            first = next;
        }
        t->nbatch = j;
    }
    return WEFT_OK;
}

/* The sentence pass over the tokens just added; out of line, so that the
 * scanner inlined into tok_process keeps its registers. */
__attribute__((noinline)) static int sentence_pass(tok_state *t, const char *text, size_t len) {
    const weft_host *host = t->host;
    const tok_shared *sh = t->sh;
    const weft_ann *anns;
    size_t n = host->layer(t->doc, sh->token, &anns);
    if (n != t->n)
        return host->fail(t->err, WEFT_EINTERNAL, -1, "token layer has %zu records, not %zu", n,
                          t->n);
    tok_seq q = {(const unsigned char *)text, len, anns, sizeof *anns, n, t->info};
    int rc;
    if (!sh->learned)
        rc = tok_sentences(&q, sh->newlines, emit_sentence, t);
    else {
        if (tok_sentence_starts(&q, sh->newlines, &sh->model, &t->learn))
            return host->fail(t->err, WEFT_ENOMEM, -1, "out of memory deciding sentences");
        rc = add_sentences(t, &q);
    }
    if (rc == WEFT_OK) rc = flush_sentences(t);
    return rc;
}

static int tok_process(const weft_host *host, void *state, weft_doc *doc, weft_error *err) {
    tok_state *t = state;
    const tok_shared *sh = t->sh;
    weft_sym view = host->default_view(doc);
    size_t len;
    const char *text = host->view(doc, view, &len);
    if (!text) return host->fail(err, WEFT_EINVAL, -1, "the document has no default view");
    if (len >= UINT32_MAX)
        return host->fail(err, WEFT_ELIMIT, -1, "document of %zu bytes exceeds 4 GiB offsets", len);
    int rc = host->layer_new(doc, sh->token, view);
    if (rc == WEFT_OK) rc = host->layer_new(doc, sh->sentence, view);
    if (rc != WEFT_OK)
        return host->fail(err, rc, -1, "cannot create the token and sentence layers");
    t->n = 0;
    t->host = host;
    t->doc = doc;
    t->err = err;
    t->nbatch = 0;
    t->learn.nnl = 0;
    t->learn.nl_known = sh->sentences && sh->learned;
    /* two copies of the scanner: the one before a sentence pass keeps the
     * info words and records the line breaks (the rules-only pass reads
     * the info words and ignores the line breaks), the other neither, so
     * the tokens-only pass tests no flag per token */
    if (sh->sentences) {
        if (reserve_info(t, 0) != WEFT_OK) return WEFT_ENOMEM;
        rc = scan_run(&sh->opts, (const unsigned char *)text, len, emit_token, t, 1);
    } else
        rc = scan_run(&sh->opts, (const unsigned char *)text, len, emit_token, t, 0);
    if (rc == WEFT_OK) rc = flush_tokens(t);
    if (rc != WEFT_OK || !sh->sentences) return rc;
    return sentence_pass(t, text, len);
}

static const char *const tok_provides[] = {"token", "sentence", NULL};
static const char *const tok_no_labels[] = {NULL};
static const weft_labels tok_provides_labels[] = {
    {"token", tok_kind_names}, {"sentence", tok_no_labels}, {NULL, NULL}};

static const weft_stage_class tok_stage = {
    .size = sizeof(weft_stage_class),
    .flags = WEFT_STAGE_PURE,
    .name = "tokenizer",
    .summary = "Unicode (UAX #29) tokens with kinds, refined for English, and sentences",
    .provides = tok_provides,
    .provides_labels = tok_provides_labels,
    .params = tok_params,
    .conf_size = sizeof(tok_conf),
    .open = tok_open,
    .create = tok_create,
    .process = tok_process,
    .destroy = tok_destroy,
    .close = tok_close,
};

static const weft_stage_class *const tok_stages[] = {&tok_stage, NULL};

static const weft_plugin tok_plugin = {
    WEFT_PLUGIN_HEADER,
    .name = "tokenizer",
    .version = "1.0.0",
    .license = "MIT",
    .summary = "tokens (word, number, punct, symbol, url, email, mention, hashtag, emoji, "
               "emoticon, abbreviation) and sentences",
    .stages = tok_stages,
};

WEFT_PLUGIN(tok_plugin)
