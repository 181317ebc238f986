/*
 * The weft stage "sentiment": VADER scores per sentence or per document.
 *
 * Scope "sentence" scores each record of the "sentence" layer (made by the
 * tokenizer, or by any stage). A document without a "sentence" layer falls
 * back to what no_sentences says: score each non-blank line (default), the
 * whole text, or fail. The stage therefore declares no requirement: a static
 * requires = {"sentence"} would also bind scope = "document", which needs
 * nothing.
 *
 * Output: layer "sentiment" over the scored text's view, one record per
 * scored span (score = compound; attributes neg, neu, pos, compound), and
 * document attributes sentiment.neg/neu/pos/compound: the scores of the
 * whole text for scope "document", the means over the scored spans for
 * scope "sentence", rounded as the spans' scores are unless unrounded is set
 * (plus sentiment.sentences, how many spans were scored,
 * and with whole_text = true sentiment.text.*: the whole text as one).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ucd.h"
#include "vader.h"
#include "weft/plugin.h"
#include "weft/grow.h"

enum { SCOPE_SENTENCE = 0, SCOPE_DOCUMENT = 1 };
enum { NOSENT_LINES = 0, NOSENT_DOCUMENT = 1, NOSENT_FAIL = 2 };

typedef struct sentiment_conf {
    int scope;
    const char *lexicon;
    const char *emoji_lexicon;
    const weft_node *extra;
    const weft_node *boosters;
    weft_strlist negations;
    int no_sentences;
    int unrounded;
    int whole_text;
} sentiment_conf;

static const weft_param sentiment_params[] = {
    {.name = "scope",
     .type = WEFT_P_ENUM,
     .def = "sentence",
     .choices = "sentence|document",
     .offset = offsetof(sentiment_conf, scope),
     .doc = "score each sentence of the 'sentence' layer, or the whole text as one"},
    {.name = "lexicon",
     .type = WEFT_P_PATH,
     .offset = offsetof(sentiment_conf, lexicon),
     .doc = "lexicon file (WORD<TAB>VALENCE lines) replacing the shipped VADER lexicon"},
    {.name = "emoji_lexicon",
     .type = WEFT_P_PATH,
     .offset = offsetof(sentiment_conf, emoji_lexicon),
     .doc = "emoji file (EMOJI<TAB>DESCRIPTION lines) replacing the shipped one"},
    {.name = "extra",
     .type = WEFT_P_TABLE,
     .offset = offsetof(sentiment_conf, extra),
     .doc = "{ word = valence, ... } added to the lexicon (overriding entries)"},
    {.name = "boosters",
     .type = WEFT_P_TABLE,
     .offset = offsetof(sentiment_conf, boosters),
     .doc = "{ word = increment, ... } added to the boosters (VADER uses +-0.293)"},
    {.name = "negations",
     .type = WEFT_P_LIST,
     .offset = offsetof(sentiment_conf, negations),
     .doc = "words added to the negation list"},
    {.name = "no_sentences",
     .type = WEFT_P_ENUM,
     .def = "lines",
     .choices = "lines|document|fail",
     .offset = offsetof(sentiment_conf, no_sentences),
     .doc = "scope sentence without a 'sentence' layer: score lines, the whole text, or fail"},
    {.name = "unrounded",
     .type = WEFT_P_BOOL,
     .def = "false",
     .offset = offsetof(sentiment_conf, unrounded),
     .doc = "write the unrounded doubles instead of VADER's rounded scores"},
    {.name = "whole_text",
     .type = WEFT_P_BOOL,
     .def = "false",
     .offset = offsetof(sentiment_conf, whole_text),
     .doc = "scope sentence: also score the whole text as one (sentiment.text.* attributes)"},
    {.name = NULL}};

typedef struct sentiment_shared {
    sentiment_conf conf;
    vader_model model;
    weft_sym sentence, layer;
    weft_sym a_neg, a_neu, a_pos, a_compound;      /* record attributes */
    weft_sym d_neg, d_neu, d_pos, d_compound, d_n; /* document attributes */
    weft_sym t_neg, t_neu, t_pos, t_compound;      /* ... of the whole text */
} sentiment_shared;

typedef struct span {
    uint32_t b, e;
} span;

typedef struct sentiment_state {
    const sentiment_shared *sh;
    vader_scratch scratch;
    span *spans;
    size_t spans_cap;
} sentiment_state;

/* ------------------------------------------------------------------------ */
/* open: the model                                                           */

static int key_ok(const weft_host *host, weft_error *err, const char *param, const char *key,
                  int spaces_ok) {
    size_t n = strlen(key);
    if (n == 0) return host->fail(err, WEFT_EINVAL, -1, "parameter '%s': empty word", param);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += vader_utf8_next((const unsigned char *)key + i, n - i, &cp);
        if (cp == VADER_CP_INVALID)
            return host->fail(err, WEFT_EINVAL, -1, "parameter '%s': '%s' is not valid UTF-8",
                              param, key);
        if (vader_is_space(cp) && !(spaces_ok && cp == ' '))
            return host->fail(err, WEFT_EINVAL, -1,
                              "parameter '%s': '%s' contains whitespace; words are matched one "
                              "token at a time",
                              param, key);
    }
    /* Tokens are lower-cased before every lookup, so such a key could never
     * match: say so instead of silently ignoring it. */
    if (!vader_is_lower_form(key, n))
        return host->fail(err, WEFT_EINVAL, -1,
                          "parameter '%s': '%s' has upper-case letters and could never match "
                          "(tokens are lower-cased before lookup)",
                          param, key);
    return WEFT_OK;
}

/* extra / boosters: a table word = number. */
static int apply_table(const weft_host *host, weft_error *err, vader_model *m, const weft_node *t,
                       const char *param, int booster) {
    if (!t || (t->type == WEFT_V_LIST && t->n == 0)) return WEFT_OK;
    if (t->type != WEFT_V_MAP)
        return host->fail(err, WEFT_EINVAL, -1,
                          "parameter '%s' must be a table of word = number, e.g. { %s = %s }",
                          param, booster ? "mega" : "meh", booster ? "0.293" : "-0.5");
    for (uint32_t i = 0; i < t->n; i++) {
        const weft_node *k = &t->u.kids[i];
        double v;
        if (k->type == WEFT_V_INT)
            v = (double)k->u.i;
        else if (k->type == WEFT_V_NUM)
            v = k->u.d;
        else
            return host->fail(err, WEFT_EINVAL, -1,
                              "parameter '%s': value of '%s' must be a number", param,
                              k->key ? k->key : "?");
        if (!(v > -1e6 && v < 1e6))
            return host->fail(err, WEFT_EINVAL, -1,
                              "parameter '%s': value of '%s' must be finite and within +-1e6",
                              param, k->key);
        int rc = key_ok(host, err, param, k->key, booster);
        if (rc) return rc;
        if ((booster ? vader_model_set_booster : vader_model_set_valence)(m, k->key, strlen(k->key),
                                                                          v))
            return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    return WEFT_OK;
}

/* The lexicons are about 0.5 MB; a file a hundred times larger is not one. */
#define LEXICON_MAX ((size_t)64 << 20)

static int load_file(const weft_host *host, weft_setup *setup, weft_error *err, vader_model *m,
                     const char *given, const char *shipped, int emoji) {
    const char *name = given ? given : shipped;
    char msg[sizeof err->msg], *text;
    size_t len;
    int rc = host->read_file(setup, name, LEXICON_MAX, &text, &len, err);
    if (rc) return rc;
    rc = emoji ? vader_model_load_emoji_text(m, name, text, len, msg, sizeof msg)
               : vader_model_load_lexicon_text(m, name, text, len, msg, sizeof msg);
    host->free_data(text);
    if (rc) return host->fail(err, WEFT_EDATA, -1, "%s", msg);
    return WEFT_OK;
}

static int sentiment_open(const weft_host *host, weft_setup *setup, const void *conf, void **shared,
                          weft_error *err) {
    sentiment_shared *sh = calloc(1, sizeof *sh);
    if (!sh) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    sh->conf = *(const sentiment_conf *)conf;
    if (vader_model_init(&sh->model)) {
        free(sh);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    vader_model *m = &sh->model;
    int rc = load_file(host, setup, err, m, sh->conf.lexicon, "sentiment/vader_lexicon.txt", 0);
    if (!rc)
        rc = load_file(host, setup, err, m, sh->conf.emoji_lexicon,
                       "sentiment/emoji_utf8_lexicon.txt", 1);
    if (!rc) rc = apply_table(host, err, m, sh->conf.extra, "extra", 0);
    if (!rc) rc = apply_table(host, err, m, sh->conf.boosters, "boosters", 1);
    for (size_t i = 0; !rc && i < sh->conf.negations.n; i++) {
        const char *w = sh->conf.negations.items[i];
        rc = key_ok(host, err, "negations", w, 0);
        if (!rc && vader_model_add_negation(m, w, strlen(w)))
            rc = host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    if (rc) {
        vader_model_free(m);
        free(sh);
        return rc;
    }
    vader_model_finish(m);
    host->setup_log(setup, WEFT_LOG_INFO,
                    "sentiment: %zu lexicon lines, %zu usable emoji (%zu multi-code-point keys "
                    "never match)",
                    m->lexicon_lines, m->nemoji, m->emoji_unused);
    sh->sentence = host->intern(setup, "sentence");
    sh->layer = host->intern(setup, "sentiment");
    sh->a_neg = host->intern(setup, "neg");
    sh->a_neu = host->intern(setup, "neu");
    sh->a_pos = host->intern(setup, "pos");
    sh->a_compound = host->intern(setup, "compound");
    sh->d_neg = host->intern(setup, "sentiment.neg");
    sh->d_neu = host->intern(setup, "sentiment.neu");
    sh->d_pos = host->intern(setup, "sentiment.pos");
    sh->d_compound = host->intern(setup, "sentiment.compound");
    sh->d_n = host->intern(setup, "sentiment.sentences");
    sh->t_neg = host->intern(setup, "sentiment.text.neg");
    sh->t_neu = host->intern(setup, "sentiment.text.neu");
    sh->t_pos = host->intern(setup, "sentiment.text.pos");
    sh->t_compound = host->intern(setup, "sentiment.text.compound");
    if (!sh->sentence || !sh->layer || !sh->a_neg || !sh->a_neu || !sh->a_pos || !sh->a_compound ||
        !sh->d_neg || !sh->d_neu || !sh->d_pos || !sh->d_compound || !sh->d_n || !sh->t_neg ||
        !sh->t_neu || !sh->t_pos || !sh->t_compound) {
        vader_model_free(m);
        free(sh);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    *shared = sh;
    return WEFT_OK;
}

static void sentiment_close(void *shared) {
    sentiment_shared *sh = shared;
    vader_model_free(&sh->model);
    free(sh);
}

static int sentiment_create(const weft_host *host, void *shared, void **state, weft_error *err) {
    sentiment_state *st = calloc(1, sizeof *st);
    if (!st) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    st->sh = shared;
    *state = st;
    return WEFT_OK;
}

static void sentiment_destroy(void *state) {
    sentiment_state *st = state;
    vader_scratch_free(&st->scratch);
    free(st->spans);
    free(st);
}

/* ------------------------------------------------------------------------ */
/* process                                                                   */

static int set_num(const weft_host *host, weft_doc *doc, weft_sym layer, int64_t idx, weft_sym key,
                   double v) {
    weft_value val = {.type = WEFT_V_NUM, .u.d = v};
    return layer ? host->ann_set(doc, layer, idx, key, &val) : host->doc_set(doc, key, &val);
}

/* Score text[b..e) and add its record; the scores written go to *out. */
static int score_span(const weft_host *host, sentiment_state *st, weft_doc *doc, const char *text,
                      uint32_t b, uint32_t e, weft_error *err, vader_scores *out) {
    const sentiment_shared *sh = st->sh;
    vader_scores raw;
    if (vader_score(&sh->model, &st->scratch, text + b, e - b, &raw))
        return host->fail(err, WEFT_ENOMEM, b, "out of memory scoring %u bytes", e - b);
    if (sh->conf.unrounded)
        *out = raw;
    else
        vader_round(&raw, out);
    /* A view that is not valid UTF-8 ("raw") may start with a stray
     * continuation byte; records must start on a character boundary. */
    uint32_t rb = b;
    while (rb < e && ((unsigned char)text[rb] & 0xC0) == 0x80) rb++;
    int64_t idx = host->add(doc, sh->layer, rb, e, 0, (float)out->compound);
    if (idx < 0)
        return host->fail(err, WEFT_ENOMEM, b, "cannot add a sentiment record at [%u, %u)", rb, e);
    if (set_num(host, doc, sh->layer, idx, sh->a_neg, out->neg) ||
        set_num(host, doc, sh->layer, idx, sh->a_neu, out->neu) ||
        set_num(host, doc, sh->layer, idx, sh->a_pos, out->pos) ||
        set_num(host, doc, sh->layer, idx, sh->a_compound, out->compound))
        return host->fail(err, WEFT_ENOMEM, b, "out of memory");
    return WEFT_OK;
}

static int set_doc(const weft_host *host, weft_doc *doc, const sentiment_shared *sh,
                   const vader_scores *v, weft_error *err) {
    if (set_num(host, doc, 0, 0, sh->d_neg, v->neg) ||
        set_num(host, doc, 0, 0, sh->d_neu, v->neu) ||
        set_num(host, doc, 0, 0, sh->d_pos, v->pos) ||
        set_num(host, doc, 0, 0, sh->d_compound, v->compound))
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    return WEFT_OK;
}

static int push_span(sentiment_state *st, size_t *n, uint32_t b, uint32_t e) {
    if (weft_grow((void **)&st->spans, &st->spans_cap, *n + 1, sizeof *st->spans)) return -1;
    st->spans[(*n)++] = (span){b, e};
    return 0;
}

/* The non-blank lines of text, without their surrounding whitespace. */
static int line_spans(sentiment_state *st, const char *text, size_t len, size_t *n) {
    size_t pos = 0;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t b = pos, e = nl ? (size_t)(nl - text) : len;
        pos = e + 1;
        vader_strip_space(text, &b, &e);
        if (b < e && push_span(st, n, (uint32_t)b, (uint32_t)e)) return -1;
    }
    return 0;
}

/* Scratch kept between documents is capped (a 10 MB text needs ~50 MB). */
#define SCRATCH_KEEP ((size_t)64 << 20)

static int process(const weft_host *host, sentiment_state *st, weft_doc *doc, weft_error *err);

static int sentiment_process(const weft_host *host, void *state, weft_doc *doc, weft_error *err) {
    sentiment_state *st = state;
    int rc = process(host, st, doc, err);
    vader_scratch_trim(&st->scratch, SCRATCH_KEEP);
    if (st->spans_cap > 65536) {
        free(st->spans);
        st->spans = NULL;
        st->spans_cap = 0;
    }
    return rc;
}

static int process(const weft_host *host, sentiment_state *st, weft_doc *doc, weft_error *err) {
    const sentiment_shared *sh = st->sh;
    weft_sym view = host->default_view(doc);
    size_t n = 0;
    int whole = sh->conf.scope == SCOPE_DOCUMENT;
    if (!whole) {
        weft_sym sv = host->layer_view(doc, sh->sentence);
        if (sv) {
            const weft_ann *a;
            size_t k = host->layer(doc, sh->sentence, &a);
            view = sv;
            /* Copied: adding records and attributes may move the host's arrays. */
            for (size_t i = 0; i < k; i++)
                if (push_span(st, &n, a[i].begin, a[i].end))
                    return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
        } else if (sh->conf.no_sentences == NOSENT_FAIL) {
            return host->fail(err, WEFT_EINVAL, -1,
                              "scope 'sentence' needs a 'sentence' layer (add the tokenizer "
                              "stage before this one, or set no_sentences)");
        } else {
            whole = sh->conf.no_sentences == NOSENT_DOCUMENT;
        }
    }
    size_t len;
    const char *text = host->view(doc, view, &len);
    if (!text) return host->fail(err, WEFT_EINTERNAL, -1, "the document has no text view");
    if (len > UINT32_MAX)
        return host->fail(err, WEFT_ELIMIT, -1, "text of %zu bytes is too long to annotate", len);
    if (host->layer_new(doc, sh->layer, view) != WEFT_OK)
        return host->fail(err, WEFT_EINVAL, -1,
                          "layer 'sentiment' already exists over another view");
    if (whole) {
        vader_scores v;
        int rc = score_span(host, st, doc, text, 0, (uint32_t)len, err, &v);
        return rc ? rc : set_doc(host, doc, sh, &v, err);
    }
    if (!host->layer_view(doc, sh->sentence) && line_spans(st, text, len, &n))
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    vader_scores sum = {0.0, 0.0, 0.0, 0.0};
    for (size_t i = 0; i < n; i++) {
        vader_scores v;
        if (st->spans[i].e > len || st->spans[i].b > st->spans[i].e)
            return host->fail(err, WEFT_EDATA, -1, "sentence [%u, %u) is outside the text",
                              st->spans[i].b, st->spans[i].e);
        int rc = score_span(host, st, doc, text, st->spans[i].b, st->spans[i].e, err, &v);
        if (rc) return rc;
        sum.neg += v.neg, sum.neu += v.neu, sum.pos += v.pos, sum.compound += v.compound;
    }
    if (n) {
        double k = (double)n;
        sum = (vader_scores){sum.neg / k, sum.neu / k, sum.pos / k, sum.compound / k};
        /* The means of rounded scores carry the sum's binary noise
         * (0.005100000000000031): they get the sentences' digits. */
        if (!sh->conf.unrounded) {
            vader_scores mean = sum;
            vader_round(&mean, &sum);
        }
    }
    if (sh->conf.whole_text) {
        vader_scores raw, v;
        if (vader_score(&sh->model, &st->scratch, text, len, &raw))
            return host->fail(err, WEFT_ENOMEM, -1, "out of memory scoring %zu bytes", len);
        if (sh->conf.unrounded)
            v = raw;
        else
            vader_round(&raw, &v);
        if (set_num(host, doc, 0, 0, sh->t_neg, v.neg) ||
            set_num(host, doc, 0, 0, sh->t_neu, v.neu) ||
            set_num(host, doc, 0, 0, sh->t_pos, v.pos) ||
            set_num(host, doc, 0, 0, sh->t_compound, v.compound))
            return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    weft_value cnt = {.type = WEFT_V_INT, .u.i = (int64_t)n};
    if (host->doc_set(doc, sh->d_n, &cnt)) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    return set_doc(host, doc, sh, &sum, err);
}

static const char *const sentiment_provides[] = {"sentiment",          "attr:sentiment.compound",
                                                 "attr:sentiment.neg", "attr:sentiment.neu",
                                                 "attr:sentiment.pos", NULL};

static const char *const sentiment_no_labels[] = {NULL};
static const weft_labels sentiment_provides_labels[] = {{"sentiment", sentiment_no_labels},
                                                        {NULL, NULL}};

static const weft_stage_class sentiment_stage = {
    .size = sizeof(weft_stage_class),
    .flags = WEFT_STAGE_PURE,
    .name = "sentiment",
    .summary = "VADER sentiment (neg, neu, pos, compound) per sentence or per document, "
               "bit-exact with reference vaderSentiment",
    .provides = sentiment_provides,
    .provides_labels = sentiment_provides_labels,
    .params = sentiment_params,
    .conf_size = sizeof(sentiment_conf),
    .open = sentiment_open,
    .create = sentiment_create,
    .process = sentiment_process,
    .destroy = sentiment_destroy,
    .close = sentiment_close,
};

static const weft_stage_class *const sentiment_stages[] = {&sentiment_stage, NULL};

static const weft_plugin sentiment_plugin = {
    WEFT_PLUGIN_HEADER,
    .name = "sentiment",
    .version = "1.0.0",
    .license = "MIT",
    .summary = "VADER sentiment analysis, bit-exact with the reference implementation",
    .stages = sentiment_stages,
};

WEFT_PLUGIN(sentiment_plugin)
