/*
 * entities - named entities (PER, ORG, LOC, MISC) and pattern entities
 * (DATE, TIME, MONEY, PERCENT, QUANTITY, EMAIL, URL, PHONE) over the token
 * and sentence layers, from shipped gazetteers, rules, user lists and user
 * PCRE2 patterns.
 *
 *     weft.stage "entities" { labels = { "PER", "ORG" }, min_score = 0.5,
 *                             gazetteer = { "brands.tsv" },
 *                             patterns = { { label = "TICKER", regex = "\\$[A-Z]{2,5}\\b" } } }
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gaz.h"
#include "gazfile.h"
#include "gazmap.h"
#include "ner.h"
#include "ner_int.h"
#include "tagger.h"
#include "title.h"
#include "train.h"
#include "upat.h"
#include "wordnet.h"
#include "wordcase.h"
#include "weft/plugin.h"
#include "weft/grow.h"
#include "weft/sorted.h"
#include "weft/tabfile.h"
#include "weft/unicode.h"
#include "weft/utf8.h"

typedef struct ent_conf {
    weft_strlist labels;
    double min_score;
    weft_strlist gazetteer;
    const weft_node *patterns;
    int builtin;
    int64_t match_limit, depth_limit;
    int jit;
    const char *model;
} ent_conf;

static const weft_param ent_params[] = {
    {.name = "labels",
     .type = WEFT_P_LIST,
     .offset = offsetof(ent_conf, labels),
     .doc = "keep only these labels (default: all)"},
    {.name = "min_score",
     .type = WEFT_P_NUM,
     .def = "0",
     .min = 0,
     .max = 1,
     .offset = offsetof(ent_conf, min_score),
     .doc = "drop entities scored below this"},
    {.name = "gazetteer",
     .type = WEFT_P_LIST,
     .offset = offsetof(ent_conf, gazetteer),
     .doc = "user lists: TSV files of phrase<TAB>label, matched before any rule"},
    {.name = "patterns",
     .type = WEFT_P_TABLE,
     .offset = offsetof(ent_conf, patterns),
     .doc = "user PCRE2 patterns: { { label = \"X\", regex = \"...\", caseless = false }, ... }"},
    {.name = "builtin",
     .type = WEFT_P_BOOL,
     .def = "true",
     .offset = offsetof(ent_conf, builtin),
     .doc = "load the shipped gazetteers (names, places, organisations)"},
    {.name = "match_limit",
     .type = WEFT_P_INT,
     .def = "1000000",
     .min = 1000,
     .max = 100000000,
     .offset = offsetof(ent_conf, match_limit),
     .doc = "PCRE2 match limit of each user-pattern search"},
    {.name = "depth_limit",
     .type = WEFT_P_INT,
     .def = "10000",
     .min = 100,
     .max = 10000000,
     .offset = offsetof(ent_conf, depth_limit),
     .doc = "PCRE2 backtracking depth limit of each user-pattern search"},
    {.name = "jit",
     .type = WEFT_P_BOOL,
     .def = "true",
     .offset = offsetof(ent_conf, jit),
     .doc = "compile user patterns with PCRE2's JIT (off under valgrind: JIT code reads ahead)"},
    {.name = "model",
     .type = WEFT_P_STR,
     .def = "none",
     .offset = offsetof(ent_conf, model),
     .doc = "statistical tagger model (`weft train entities`) that decides the names (PER ORG LOC "
            "MISC, or its own labels); \"none\": rules only"},
    {.name = NULL}};

typedef struct ent_shared {
    ent_conf conf;
    gaz g;
    upat_set pats;
    weft_sym entity, token, sentence, source, title;
    weft_sym kinds[6]; /* interned tokenizer kinds, by enum ent_kind */
    weft_sym *labsym;  /* builtin labels, then gazetteer user labels */
    size_t nlab;
    weft_sym *patsym; /* label of each user pattern */
    uint8_t *keep;    /* per label id (labsym index), then per pattern */
    int has_model;
    tg_model tm;
    gaz wn;            /* WordNet noun classes (wordnet.h), loaded with the model */
    wc_table wc;       /* the word list with case: the model's (sh->g.wc points here) */
    uint32_t *mlab;    /* label id (labsym index) of each model type */
    uint8_t *by_model; /* per label id: the model decides it (rule spans of it are dropped) */
} ent_shared;

/* A user-pattern match, kept until the rule entities are emitted. */
typedef struct pmatch {
    uint32_t b, e, pat;
    uint32_t maxe; /* largest end among this and earlier matches (by begin) */
} pmatch;

typedef struct ent_state {
    const ent_shared *sh;
    ner_scratch s;
    tg_scratch t;
    ent_span *msp; /* spans of the model and the rules, merged */
    size_t capmsp;
    pcre2_match_data *md;
    pmatch *pm;
    size_t npm, cappm;
    char *buf; /* the title, a blank line and the body (title.h) */
    size_t capbuf;
    uint16_t *lab0; /* the model's classes, before the votes and repairs */
    size_t caplab0;
    uint8_t *ls; /* line_start of each token, for the repairs that ask it of most tokens */
    size_t capls;
} ent_state;

static void ent_close(void *p) {
    ent_shared *sh = p;
    if (!sh) return;
    gaz_free(&sh->g);
    upat_free(&sh->pats);
    free(sh->labsym);
    free(sh->patsym);
    free(sh->keep);
    tg_model_free(&sh->tm);
    gaz_free(&sh->wn);
    wc_free(&sh->wc);
    free(sh->mlab);
    free(sh->by_model);
    free(sh);
}

static int keep_label(const ent_conf *c, const char *name) {
    if (!c->labels.n) return 1;
    for (size_t i = 0; i < c->labels.n; i++)
        if (!strcmp(c->labels.items[i], name)) return 1;
    return 0;
}

/* The shipped lists hold a few megabytes; a user list is smaller still. */
#define GAZ_FILE_MAX ((size_t)256 << 20)

/* One gazetteer file, read by the host; errors name the file (and line). */
static int load_gaz(const weft_host *h, weft_setup *setup, gaz *g, const char *name, gaz_fmt fmt,
                    uint32_t flags, weft_error *err) {
    char *text, msg[512];
    size_t len;
    int rc = h->read_file(setup, name, GAZ_FILE_MAX, &text, &len, err);
    if (rc) return rc;
    rc = gaz_load_mem(g, name, text, len, fmt, flags, msg, sizeof msg);
    h->free_data(text);
    if (rc) return h->fail(err, WEFT_EDATA, -1, "gazetteer: %s", msg);
    return WEFT_OK;
}

/* The shipped lists: the prebuilt table when it matches them (gazmap.h),
 * else read first, all of them, so that the table is sized once for the
 * lines of them all (gaz_build_lists): loaded one after the other, every
 * file grew the index and the entries again into fresh memory, and each
 * page touched the first time is a page fault, the largest part of the
 * system time of opening this plugin (#17). A user list is added to the
 * table, so with one the table is built in memory. */
static int load_builtin(const weft_host *h, weft_setup *setup, gaz *g, int may_map,
                        weft_error *err) {
    if (may_map && gaz_map_lists(h, setup, g) == 0) return WEFT_OK;
    char *text[GAZ_NLISTS] = {0}, rel[GAZ_NLISTS][128], msg[512];
    const char *names[GAZ_NLISTS];
    size_t len[GAZ_NLISTS];
    int rc = WEFT_OK;
    for (size_t i = 0; i < GAZ_NLISTS && rc == WEFT_OK; i++) {
        snprintf(rel[i], sizeof rel[i], "entities/%s", gaz_lists[i].file);
        names[i] = rel[i];
        rc = h->read_file(setup, rel[i], GAZ_FILE_MAX, &text[i], &len[i], err);
    }
    if (rc == WEFT_OK && gaz_build_lists(g, names, (const char *const *)text, len, msg, sizeof msg))
        rc = h->fail(err, strcmp(msg, "out of memory") ? WEFT_EDATA : WEFT_ENOMEM, -1,
                     "gazetteer: %s", msg);
    for (size_t i = 0; i < GAZ_NLISTS; i++)
        if (text[i]) h->free_data(text[i]);
    return rc;
}

/* The shipped lists (when builtin), then the user's. */
static int load_gazetteers(const weft_host *h, weft_setup *setup, gaz *g, int builtin,
                           const weft_strlist *user, weft_error *err) {
    if (builtin) {
        int rc = load_builtin(h, setup, g, !user || !user->n, err);
        if (rc) return rc;
    }
    for (size_t i = 0; user && i < user->n; i++) {
        int rc = load_gaz(h, setup, g, user->items[i], GAZ_FMT_USER, 0, err);
        if (rc) return rc;
    }
    return WEFT_OK;
}

static int wc_view(void *wc, const void *p, size_t n, uint64_t src, const char **why) {
    return wc_file_view(wc, p, n, src, why);
}

/* The word list with case (wordcase.h), which the features of a model
 * trained with --wordcase read, and the repairs after any model
 * (ordinary_word): loaded with a model (the rule-only stage does not read
 * it), and for training; into wc, and g pointed at it. The table file made
 * from the list when it matches the list (mapped), else built from it. */
static int load_wordcase(const weft_host *h, weft_setup *setup, gaz *g, wc_table *wc,
                         weft_error *err) {
    char *text, msg[512];
    size_t len;
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    const char *names[1] = {WC_FILE_NAME};
    void *map;
    size_t maplen;
    if (weft_tab_open_mapped(h, setup, WC_TABLE_NAME, names, 1, wc_view, wc, "entities: word list",
                             &map, &maplen) == 0) {
        wc->unmap = map;
        wc->unmap_len = maplen;
    } else {
        int rc = h->read_file(setup, WC_FILE_NAME, GAZ_FILE_MAX, &text, &len, err);
        if (rc) return rc;
        rc = wc_load_mem(wc, WC_FILE_NAME, text, len, msg, sizeof msg);
        h->free_data(text);
        if (rc)
            return h->fail(err, strcmp(msg, "out of memory") ? WEFT_EDATA : WEFT_ENOMEM, -1,
                           "word list: %s", msg);
    }
    g->wc = wc;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    h->setup_log(setup, WEFT_LOG_INFO,
                 "entities: word list %s, %zu words, %.1f MiB%s, loaded in %.1f ms (%.1f ms CPU)",
                 WC_FILE_NAME, wc->n, (double)wc_bytes(wc) / 1048576.0,
                 wc->view ? " from the table file" : "",
                 (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
                 (double)(c1.tv_sec - c0.tv_sec) * 1e3 + (double)(c1.tv_nsec - c0.tv_nsec) / 1e6);
    return WEFT_OK;
}

/* A model is a few megabytes of text; the cap stops a wrong path early. */
#define MODEL_FILE_MAX ((size_t)512 << 20)

static int model_off(const char *m) {
    return !m || !*m || !strcmp(m, "none") || !strcmp(m, "false");
}

static int wn_view(void *wn, const void *p, size_t n, uint64_t src, const char **why) {
    return gaz_file_view(wn, p, n, src, why);
}

/* The WordNet noun table (wordnet.h) into wn (gaz_init'd), which the
 * tagger's features read: for the model and its trainer alike. The table
 * file made from the list when it matches it (mapped), else built. */
static int load_wordnet(const weft_host *h, weft_setup *setup, gaz *wn, weft_error *err) {
    char *text, msg[512];
    size_t len;
    const char *names[1] = {WN_FILE};
    if (weft_tab_open_mapped(h, setup, WN_TABLE, names, 1, wn_view, wn, "entities: WordNet table",
                             &wn->unmap, &wn->unmap_len) == 0)
        return WEFT_OK;
    int rc = h->read_file(setup, WN_FILE, GAZ_FILE_MAX, &text, &len, err);
    if (rc) return rc;
    rc = wn_load(wn, WN_FILE, text, len, msg, sizeof msg);
    h->free_data(text);
    if (rc)
        return h->fail(err, strcmp(msg, "out of memory") ? WEFT_EDATA : WEFT_ENOMEM, -1, "%s", msg);
    return WEFT_OK;
}

static int load_model(const weft_host *h, weft_setup *setup, ent_shared *sh, weft_error *err) {
    char *text, msg[512];
    size_t len;
    int rc = h->read_file(setup, sh->conf.model, MODEL_FILE_MAX, &text, &len, err);
    if (rc) return rc;
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    rc = load_wordnet(h, setup, &sh->wn, err);
    if (rc) {
        h->free_data(text);
        return rc;
    }
    rc = weft_lin_load(&sh->tm.m, text, len, msg, sizeof msg);
    h->free_data(text);
    if (rc) return h->fail(err, WEFT_EDATA, -1, "model %s: %s", sh->conf.model, msg);
    if (tg_model_bind(&sh->tm, msg, sizeof msg))
        return h->fail(err, WEFT_EDATA, -1, "model %s: %s", sh->conf.model, msg);
    size_t rows = weft_lin_model_rows(&sh->tm.m);
    if (tg_model_pack(&sh->tm)) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    double mib = (double)(sh->tm.pk.idx ? tg_packed_bytes(&sh->tm.pk)
                                        : weft_lin_nweights(&sh->tm.m) * sizeof(float)) /
                 1048576.0;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    sh->has_model = 1;
    /* CPU time too: on a loaded machine the wall time says little */
    h->setup_log(
        setup, WEFT_LOG_INFO,
        "entities: model %s, %u types, %zu rows, %.1f MiB, loaded in %.1f ms (%.1f ms CPU)",
        sh->conf.model, sh->tm.ntype, rows, mib,
        (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
        (double)(c1.tv_sec - c0.tv_sec) * 1e3 + (double)(c1.tv_nsec - c0.tv_nsec) / 1e6);
    return WEFT_OK;
}

static int ent_open(const weft_host *h, weft_setup *setup, const void *conf, void **shared,
                    weft_error *err) {
    ent_shared *sh = calloc(1, sizeof *sh);
    if (!sh) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    sh->conf = *(const ent_conf *)conf;
    gaz_init(&sh->g);
    gaz_init(&sh->wn);
    char msg[512];
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int lrc = load_gazetteers(h, setup, &sh->g, sh->conf.builtin, &sh->conf.gazetteer, err);
    if (lrc) {
        ent_close(sh);
        return lrc;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    h->setup_log(setup, WEFT_LOG_INFO, "entities: %zu phrases, %.1f MiB%s, loaded in %.1f ms",
                 sh->g.n, (double)gaz_bytes(&sh->g) / 1048576.0,
                 sh->g.view ? " from the table file" : "",
                 (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    if (upat_compile(&sh->pats, sh->conf.patterns, (uint32_t)sh->conf.match_limit,
                     (uint32_t)sh->conf.depth_limit, sh->conf.jit, msg, sizeof msg)) {
        ent_close(sh);
        return h->fail(err, WEFT_EINVAL, -1, "%s", msg);
    }
    if (!model_off(sh->conf.model)) {
        int rc = load_model(h, setup, sh, err);
        /* the model's features read the word list when it was trained with
         * them; the repairs after the model always (ordinary_word) */
        if (rc == WEFT_OK) rc = load_wordcase(h, setup, &sh->g, &sh->wc, err);
        if (rc) {
            ent_close(sh);
            return rc;
        }
    }
    /* label ids: builtin, gazetteer user labels, then model types that are neither */
    size_t nbase = L_NBUILTIN + sh->g.nlabels, nextra = 0;
    const char **names = calloc(nbase + sh->tm.ntype + 1, sizeof *names);
    if (!names) goto oom;
    for (size_t i = 1; i < nbase; i++)
        names[i] = i < L_NBUILTIN ? ent_label_names[i] : sh->g.labels[i - L_NBUILTIN];
    if (sh->has_model && !(sh->mlab = calloc(sh->tm.ntype, sizeof *sh->mlab))) {
        free(names);
        goto oom;
    }
    for (uint32_t t = 0; sh->has_model && t < sh->tm.ntype; t++) {
        size_t k = 1;
        while (k < nbase + nextra && strcmp(names[k], sh->tm.type[t])) k++;
        if (k == nbase + nextra) names[nbase + nextra++] = sh->tm.type[t];
        sh->mlab[t] = (uint32_t)k;
    }
    sh->nlab = nbase + nextra;
    sh->labsym = calloc(sh->nlab, sizeof *sh->labsym);
    sh->patsym = calloc(sh->pats.n + 1, sizeof *sh->patsym);
    sh->keep = calloc(sh->nlab + sh->pats.n, 1);
    sh->by_model = calloc(sh->nlab, 1);
    if (!sh->labsym || !sh->patsym || !sh->keep || !sh->by_model) {
        free(names);
        goto oom;
    }
    for (size_t i = 1; i < sh->nlab; i++) {
        if (!(sh->labsym[i] = h->intern(setup, names[i]))) {
            free(names);
            goto oom;
        }
        sh->keep[i] = (uint8_t)keep_label(&sh->conf, names[i]);
    }
    for (uint32_t t = 0; sh->has_model && t < sh->tm.ntype; t++) sh->by_model[sh->mlab[t]] = 1;
    for (size_t i = 0; i < sh->pats.n; i++) {
        if (!(sh->patsym[i] = h->intern(setup, sh->pats.p[i].label))) goto oom;
        sh->keep[sh->nlab + i] = (uint8_t)keep_label(&sh->conf, sh->pats.p[i].label);
    }
    /* a label filter naming nothing we can produce is a typo */
    for (size_t k = 0; k < sh->conf.labels.n; k++) {
        const char *want = sh->conf.labels.items[k];
        int found = 0;
        for (size_t i = 1; i < sh->nlab && !found; i++) found = !strcmp(want, names[i]);
        for (size_t i = 0; i < sh->pats.n && !found; i++)
            found = !strcmp(want, sh->pats.p[i].label);
        if (!found) {
            free(names);
            ent_close(sh);
            return h->fail(err, WEFT_EINVAL, -1,
                           "labels: unknown label '%s' (built in: PER ORG LOC MISC DATE TIME MONEY "
                           "PERCENT QUANTITY EMAIL URL PHONE, or one from a user list or pattern)",
                           want);
        }
    }
    free(names);
    for (int i = 1; i < 6; i++)
        if (!(sh->kinds[i] = h->intern(setup, ent_token_kinds[i - 1]))) goto oom;
    if (!(sh->entity = h->intern(setup, "entity")) || !(sh->token = h->intern(setup, "token")) ||
        !(sh->sentence = h->intern(setup, "sentence")) ||
        !(sh->source = h->intern(setup, "source")) || !(sh->title = h->intern(setup, "title")))
        goto oom;
    *shared = sh;
    return WEFT_OK;
oom:
    ent_close(sh);
    return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
}

static int ent_create(const weft_host *h, void *shared, void **state, weft_error *err) {
    ent_state *st = calloc(1, sizeof *st);
    if (!st) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    st->sh = shared;
    if (st->sh->pats.n) {
        st->md = pcre2_match_data_create(1, NULL);
        if (!st->md) {
            free(st);
            return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
        }
    }
    *state = st;
    return WEFT_OK;
}

static void ent_destroy(void *p) {
    ent_state *st = p;
    ner_scratch_free(&st->s);
    tg_scratch_free(&st->t);
    free(st->msp);
    pcre2_match_data_free(st->md);
    free(st->pm);
    free(st->buf);
    free(st->lab0);
    free(st->ls);
    free(st);
}

static int emit(const weft_host *h, weft_doc *doc, const ent_shared *sh, uint32_t b, uint32_t e,
                weft_sym label, float score, int source, weft_error *err) {
    int64_t k = h->add(doc, sh->entity, b, e, label, score);
    if (k < 0) return h->fail(err, WEFT_ENOMEM, (int64_t)b, "cannot add entity at byte %u", b);
    weft_value v = {.type = WEFT_V_STR,
                    .len = (uint32_t)strlen(ent_source_names[source]),
                    .u.str = ent_source_names[source]};
    if (h->ann_set(doc, sh->entity, k, sh->source, &v))
        return h->fail(err, WEFT_ENOMEM, (int64_t)b, "cannot set entity source at byte %u", b);
    return WEFT_OK;
}

static int on_match(void *p, size_t pat, size_t b, size_t e) {
    ent_state *st = p;
    if (!st->sh->keep[st->sh->nlab + pat]) return 0;
    if (weft_grow((void **)&st->pm, &st->cappm, st->npm + 1, sizeof *st->pm)) return -1;
    st->pm[st->npm++] = (pmatch){(uint32_t)b, (uint32_t)e, (uint32_t)pat, 0};
    return 0;
}

static int cmp_pm(const void *a, const void *b) {
    const pmatch *x = a, *y = b;
    return x->b < y->b ? -1 : x->b > y->b ? 1 : x->pat < y->pat ? -1 : x->pat > y->pat;
}

#define MATCH_BEGIN_LESS(m, key) ((m).b < (key))
WEFT_LOWER_BOUND(first_match_at, pmatch, uint32_t, MATCH_BEGIN_LESS)

/* Does [b, e) overlap a user-pattern match? (matches sorted by begin,
 * maxe their running maximum end) */
static int overlaps_pattern(const ent_state *st, uint32_t b, uint32_t e) {
    size_t lo = first_match_at(st->pm, st->npm, e);
    return lo > 0 && st->pm[lo - 1].maxe > b;
}

/* Drops the model's spans that overlap a rule span marked keep (a quoted
 * title) of a label the model decides, so that the rule span stands in
 * their place; a model with labels of its own keeps its spans. A rule span
 * of a label the model does not decide (a date, a time, an amount: the
 * pattern families) likewise takes the model spans that lie wholly inside
 * it: the "Z" of "2025-06-03T10:15:00Z" is no person, and the model, which
 * sees tokens, must not cost the date its place. */
static void yield_to_kept(const ent_shared *sh, const ner_scratch *s, tg_scratch *t) {
    size_t n = s->ntok;
    for (size_t k = 0; k < s->nsp; k++) {
        const ent_span *r = &s->sp[k];
        if (r->label >= sh->nlab) continue;
        int pattern = r->source == SRC_PATTERN && !sh->by_model[r->label];
        if (!r->keep && !pattern) continue;
        for (uint32_t j = r->tb; j < r->te && j < n; j++) {
            if (!t->lab[j]) continue;
            uint32_t b = j, e = j + 1; /* the model span through j */
            while (b > 0 && !tg_class_begin(t->lab[b])) b--;
            while (e < n && t->lab[e] && !tg_class_begin(t->lab[e])) e++;
            if (!pattern || (b >= r->tb && e <= r->te))
                for (uint32_t x = b; x < e; x++) t->lab[x] = 0;
            j = e - 1;
        }
    }
}

/* A quote token: " `` '' or a curly double quote. */
static int quote_mark(const char *text, const ent_tok *t) {
    uint32_t n = t->e - t->b;
    const unsigned char *p = (const unsigned char *)text + t->b;
    return (n == 1 && p[0] == '"') || (n == 2 && (!memcmp(p, "``", 2) || !memcmp(p, "''", 2))) ||
           (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D));
}

/* A nickname in quotes inside a person's name is part of the name:
 * 'Earvin " Magic " Johnson', 'Harold " Junior " Theriault' are one
 * person, as CoNLL-2003 and wikigold annotate them. The model, which has
 * hardly seen the pattern, ends the name at the quote, and the quoted
 * word, taken for a title (quoted_titles), becomes a work. A person span
 * of the model (or a given name it leaves unlabelled), a quote, one to
 * three capitalised words, a quote and a capitalised word that the model
 * makes a person (or a surname it leaves unlabelled) become one person,
 * within one sentence. */
static void join_nicknames(const ent_shared *sh, const char *text, const ner_scratch *s,
                           tg_scratch *t) {
    uint32_t per = UINT32_MAX;
    for (uint32_t k = 0; k < sh->tm.ntype; k++)
        if (sh->mlab[k] == L_PER) per = k;
    if (per == UINT32_MAX) return;
    const uint16_t bp = (uint16_t)(2 * per + 1), ip = (uint16_t)(2 * per + 2);
    const ent_tok *T = s->tok;
    for (size_t k = 0; k < s->nsent; k++) {
        uint32_t sb = s->sent[k], se = s->sent[k + 1];
        for (uint32_t i = sb; i + 4 < se; i++) {
            const int given = !t->lab[i] && T[i].shape == SH_CAP && (T[i].gf & G_FIRST);
            if ((t->lab[i] != bp && t->lab[i] != ip && !given) || !quote_mark(text, &T[i + 1]))
                continue;
            uint32_t j = i + 2;
            while (j < se && j < i + 5 && (T[j].shape == SH_CAP || T[j].shape == SH_UPPER)) j++;
            if (j == i + 2 || j + 1 >= se || !quote_mark(text, &T[j])) continue;
            const ent_tok *z = &T[j + 1];
            if (z->shape != SH_CAP ||
                !(t->lab[j + 1] == bp || (!t->lab[j + 1] && (z->gf & G_LAST))))
                continue;
            if (given) /* a person's name just before goes on through it */
                t->lab[i] = i > sb && (t->lab[i - 1] == bp || t->lab[i - 1] == ip) ? ip : bp;
            for (uint32_t x = i + 1; x <= j + 1; x++) {
                t->lab[x] = ip;
                t->prob[x] = t->prob[i];
            }
            i = j + 1;
        }
    }
}

/* A word that ends names of places (Glacier, Shelf, Strait, Peninsula:
 * G_LOCHEAD) ends no person's name when it is no surname, or a rare one
 * (past the 5,000 most frequent of the census list: Hill, Hall, Shore are
 * common) after a word that is no given name ("Tom Bridge" stays a person).
 * Trained on news, the model reads "Ross Ice Shelf" or "Lambert Glacier"
 * as a person from its first word; the head word decides instead. */
#define FEATURE_HEAD_RANK 5000
static int feature_head(const ent_tok *a, const ent_tok *z) {
    if (a == z || !(z->gf & G_LOCHEAD)) return 0;
    if (!(z->gf & G_LAST)) return 1;
    return z->g && z->g->rank > FEATURE_HEAD_RANK && !(a->gf & G_FIRST);
}

/* Words that open names of places: "Port Elden", "Fort Worth", "Mount
 * Kenya", "Lake Tahoe", "Cape Town". */
static const char *const place_prefixes[] = {"port", "fort", "mount", "mt", "lake",
                                             "cape", "isle", "loch",  NULL};

/* Last words of names of streets and quays, which no club or firm ends
 * with ("Quay Street", "Harbour Road"; unlike "City", "County", "Park" or
 * "Palace", which end football clubs' names). */
static const char *const street_heads[] = {
    "street",  "st.",    "road",      "rd",       "rd.",     "avenue",   "ave",     "ave.",
    "lane",    "drive",  "boulevard", "blvd",     "blvd.",   "quay",     "wharf",   "pier",
    "harbour", "harbor", "highway",   "motorway", "terrace", "crescent", "parkway", NULL};

/* Does z, a person span's last word, end a street's name and no common
 * surname ("Hope Street", "Baker Road"; "Diane Lane" stays a person: Lane is
 * among the 1,000 most frequent surnames of the census list, Street is not)?
 * Streets are named far more often than the rare people so called. */
#define STREET_SURNAME_RANK 1000
static int street_name(const char *text, const ent_tok *z) {
    if (z->shape != SH_CAP || !ner_is_any(text, z, street_heads)) return 0;
    return !(z->gf & G_LAST) || !z->g || z->g->rank > STREET_SURNAME_RANK;
}

/* Is the model span [a, z] (tokens of s) the name of a place by its head
 * word, whatever type the model gave it? Its last word ends names of places
 * (G_LOCHEAD: "Quay Street", "Elden Harbour", "Ross Ice Shelf"), or its
 * first word opens them ("Port Elden", "Mount Kessling"; for an ORG of the
 * model only a street's or a quay's last word counts), and no word of it
 * names a firm, a body, a club or an event ("Port Elden Chamber of
 * Commerce", "Harbour Street Partners Ltd"). The model, trained on news,
 * reads such names by their other word, an unknown one, as anything. */
static int place_by_head(const char *text, const ent_tok *a, const ent_tok *z, uint32_t label,
                         int sports) {
    if (a == z) return 0;
    const uint32_t other = G_ORGHEAD | G_ORGPRE | G_LEGAL | G_MISCHEAD | G_SPORT | G_ORG | G_MISC;
    for (const ent_tok *t = a; t <= z; t++)
        if ((t->gf & other) && !(t->gf & G_LOCHEAD)) return 0;
    /* every word of both lists but "Fort" is a LOCHEAD: the flag tests first */
    int prefix = a->shape == SH_CAP && ((a->gf & G_LOCHEAD) || ner_is_word(text, a, "fort")) &&
                 ner_is_any(text, a, place_prefixes);
    /* an organisation keeps its type unless a street or a quay names it,
     * or a place word opens it outside a sports report: clubs are named
     * after places ("Port Vale", "Notts County") */
    if (label == L_ORG)
        return ((z->gf & G_LOCHEAD) && ner_is_any(text, z, street_heads)) || (prefix && !sports);
    /* a person's name ends in a natural feature only as a surname
     * (feature_head), but no one's name starts with "Fort" */
    if (label == L_PER) return feature_head(a, z) || prefix || street_name(text, z);
    return (z->gf & G_LOCHEAD) || prefix;
}

/* Span repairs after the model (from a try-out), on its classes of the
 * tokens: each fixes a kind of text the model, trained on Reuters tokens,
 * reads wrong, and each leaves the text alone where its cue is missing. */

/* Class of type ty (-1: the model has no such type) beginning a span, and
 * going on in it. */
static uint16_t cls_begin(int ty) {
    return (uint16_t)(1 + 2 * ty);
}
static uint16_t cls_inside(int ty) {
    return (uint16_t)(2 + 2 * ty);
}

/* First token of the model span through token j (lab[j] set). */
static size_t span_first(const uint16_t *lab, size_t j) {
    while (j > 0 && !tg_class_begin(lab[j])) j--;
    return j;
}

/* End of the model span through token j (lab[j] set). */
static size_t span_end(const uint16_t *lab, size_t n, size_t j) {
    j++;
    while (j < n && lab[j] && !tg_class_begin(lab[j])) j++;
    return j;
}

/* Tokens [b, e) become one span of type ty (ty < 0: no span); a span that
 * went on past e begins again at e. */
static void set_span(uint16_t *lab, size_t n, size_t b, size_t e, int ty) {
    for (size_t x = b; x < e; x++) lab[x] = ty < 0 ? 0 : x == b ? cls_begin(ty) : cls_inside(ty);
    if (e < n && lab[e] && !tg_class_begin(lab[e])) lab[e] = cls_begin(tg_class_type(lab[e]));
}

/* One sense per document for a person's surname (issue 16, section 2):
 * after a person's full name (a model PER span of two tokens or more with
 * a given name before its last word: "Neil Jordan", "Trevor Holland"), a
 * later one-word model span of another type with the same word as that
 * last word is the person again ("Jordan says", "Holland , a 52
 * year-old"). The model reads the lone surname from its neighbours and
 * the gazetteer's places, and a surname that is also a place or a firm is
 * typed so. Earlier mentions only (the title's tokens come first, so a
 * full name in the headline counts), and only where a given name vouches
 * for the full name: a span the model made PER by mistake ("Circuit Park
 * Zandvoort" cut to "Park Zandvoort") must not make every later
 * "Zandvoort" a person. At most CARRY_MAX surnames a document. */
#define CARRY_MAX 64
static void carry_surnames(const ent_shared *sh, const ner_scratch *s, tg_scratch *t) {
    uint32_t per = UINT32_MAX;
    for (uint32_t k = 0; k < sh->tm.ntype; k++)
        if (sh->mlab[k] == L_PER) per = k;
    if (per == UINT32_MAX) return;
    const ent_tok *T = s->tok;
    uint16_t *lab = t->lab;
    const size_t n = s->ntok;
    uint64_t sur[CARRY_MAX];
    size_t nsur = 0;
    for (size_t i = 0; i < n; i++) {
        if (!tg_class_begin(lab[i])) continue;
        const size_t e = span_end(lab, n, i);
        const int ty = tg_class_type(lab[i]);
        if ((uint32_t)ty == per && e - i >= 2) {
            const ent_tok *z = &T[e - 1];
            int given = 0;
            for (size_t x = i; x + 1 < e && !given; x++) given = (T[x].gf & G_FIRST) != 0;
            /* the whole run of capitalised words, not the end of a longer
             * name cut by the model ("Circuit | Park Zandvoort") */
            const ent_tok *a = i > 0 ? &T[i - 1] : NULL;
            const int whole = !a || T[i].sstart || (a->shape != SH_CAP && a->shape != SH_UPPER) ||
                              (a->gf & G_TITLE);
            int known = 0;
            for (size_t k = 0; k < nsur && !known; k++) known = sur[k] == z->h;
            if (given && whole && !known && nsur < CARRY_MAX && z->shape == SH_CAP &&
                z->letters >= 2)
                sur[nsur++] = z->h;
        } else if ((uint32_t)ty != per && e - i == 1) {
            for (size_t k = 0; k < nsur; k++)
                if (sur[k] == T[i].h) {
                    lab[i] = cls_begin((int)per);
                    break;
                }
        }
        i = e - 1;
    }
}

/* Only blanks between bytes a and b, no line break. */
static int same_line_gap(const char *text, uint32_t a, uint32_t b) {
    for (uint32_t x = a; x < b; x++)
        if (text[x] != ' ' && text[x] != '\t') return 0;
    return 1;
}

/* Does token i open its line (only blanks between it and the line break
 * or the start of the text before it)? */
static int line_start(const char *text, const ent_tok *T, size_t i) {
    uint32_t x = T[i].b, lo = i ? T[i - 1].e : 0;
    while (x > lo && (text[x - 1] == ' ' || text[x - 1] == '\t')) x--;
    return x == 0 || text[x - 1] == '\n' || text[x - 1] == '\r';
}

/* Lower-case words inside hyphenated names of places: "Port-au-Prince",
 * "Stratford-upon-Avon", "Aix-en-Provence", "Southend-on-Sea",
 * "Frankfurt-am-Main", "Ashby-de-la-Zouch". */
static const char *const place_particles[] = {
    "au", "aux", "upon", "on",  "under", "by", "sur", "sous", "en", "le",  "la", "les",
    "de", "du",  "des",  "del", "di",    "da", "am",  "an",   "im", "der", NULL};

/* Arabic and Urdu particles inside names, written in lower case with a
 * hyphen before the next part: "Rami al-Saadani", "Inzamam-ul-Haq",
 * "Ata-ur-Rehman", "Salah ad-Din", "Mohammed bin-Salman". */
static const char *const name_particles[] = {"al", "el",  "ul",  "ur",   "ud",
                                             "ad", "bin", "ibn", "bint", NULL};

/* Prefixes written with a hyphen before a name: "Ex-Giants", "Anti-Smith",
 * "Pro-Kremlin", "Non-EU". */
static const char *const name_prefixes[] = {"ex",  "anti",  "pro",   "non",  "post",  "pre",
                                            "neo", "mid",   "co",    "semi", "self",  "vice",
                                            "pan", "trans", "inter", "sub",  "super", NULL};

/* A name the tokenizer cut at its hyphens ("Port - au - Prince", where
 * Reuters' tokens, the model's training, keep it whole) is one span: the
 * model's spans touching it join over the whole, a place when a place's
 * particle joins it or the gazetteer knows the whole as a place, else of
 * the type the model gave its pieces when they agree and not every word is
 * a place ("Jean-Pierre Raffarin"; "Israel-Hamas", "Paris-Berlin" stay two).
 * The chain's first and last words are capitalised. */
static void repair_hyphens(const char *text, const gaz *g, const ent_tok *T, uint16_t *lab,
                           size_t n, int loc) {
    for (size_t i = 0; i + 2 < n; i++) {
        if (T[i].shape != SH_CAP && T[i].shape != SH_UPPER) continue;
        /* no hyphen right after the word: no chain (the loop below would
         * not start); tested before the word list, which costs more */
        if (!ner_is_hyphen(text, &T[i + 1]) || T[i + 1].b != T[i].e) continue;
        /* "Ex-Giants", "Anti-Smith": a prefix is no part of the name */
        if (ner_is_any(text, &T[i], name_prefixes)) continue;
        size_t k = i + 1;
        int particle = 0, ok = 1;
        while (k + 1 < n && ner_is_hyphen(text, &T[k]) && T[k].b == T[k - 1].e &&
               T[k + 1].b == T[k].e && T[k + 1].letters) {
            const ent_tok *w = &T[k + 1];
            if (w->shape == SH_LOWER) {
                if (!ner_is_any(text, w, place_particles)) ok = 0;
                particle = 1;
            } else if (w->shape != SH_CAP && w->shape != SH_UPPER)
                ok = 0;
            k += 2;
        }
        if (k == i + 1) continue;
        size_t ce = k; /* the chain is [i, ce) */
        if (!ok || T[ce - 1].shape == SH_LOWER) {
            i = ce - 1;
            continue;
        }
        int labelled = 0;
        for (size_t x = i; x < ce; x++) labelled |= lab[x] != 0;
        if (!labelled) {
            i = ce - 1;
            continue;
        }
        size_t ub = lab[i] ? span_first(lab, i) : i;
        size_t ue = lab[ce - 1] ? span_end(lab, n, ce - 1) : ce;
        int ty = -1, place = 0;
        if (ub == i && ue == ce && loc >= 0) {
            uint64_t h;
            const gaz_entry *ge = ner_find1(g, text + T[i].b, T[ce - 1].e - T[i].b, &h);
            place = particle || (ge && (ge->flags & (G_COUNTRY | G_ADMIN1 | G_CITY | G_LOC)));
        }
        /* else the model's pieces must agree, and not every word may be a
         * place of its own: "Israel-Hamas", "Paris-Berlin" name two */
        int agree = 1, places = 1, spans = 0;
        for (size_t x = ub; x < ue; x++) {
            int tx = lab[x] ? tg_class_type(lab[x]) : -1;
            spans += tg_class_begin(lab[x]);
            if (tx >= 0 && ty >= 0 && tx != ty) agree = 0;
            if (tx >= 0 && ty < 0) ty = tx;
            if (T[x].letters && !(T[x].gf & (G_COUNTRY | G_ADMIN1 | G_CITY | G_LOC))) places = 0;
        }
        if (place) set_span(lab, n, ub, ue, loc);
        /* nor two names that are the chain between them ("Trump-Kim",
         * "Reno-Tahoe"): a name goes on past the chain ("Jean-Pierre
         * Raffarin", "Alexandria Ocasio-Cortez") or is one piece ("T-Mobile") */
        else if (agree && !places && !(spans > 1 && ub == i && ue == ce))
            set_span(lab, n, ub, ue, ty);
        i = ue - 1;
    }
}

/* Does the word token t (b, e and kind set) start with a capital letter? */
static int piece_cap(const char *text, const ent_tok *t) {
    if (t->kind != K_WORD || t->e <= t->b) return 0;
    int32_t cp;
    weft_utf8_decode((const unsigned char *)text + t->b, t->e - t->b, &cp);
    return cp != WEFT_UTF8_INVALID &&
           (weft_uc_is_upper((uint32_t)cp) || weft_uc_is_title((uint32_t)cp));
}

/* Is the token's text (b to e, before its features set its core) one of
 * the words? */
static int piece_is_any(const char *text, const ent_tok *t, const char *const *words) {
    ent_tok whole = *t;
    whole.cb = t->b, whole.ce = t->e;
    return ner_is_any(text, &whole, words);
}

/* Is the text before byte x, past blanks and opening quotes or brackets, the
 * start of the text, a line break or the end of a sentence? */
static int opens_sentence(const char *text, uint32_t x) {
    while (x > 0 && strchr(" \t\"'([", text[x - 1])) x--;
    return x == 0 || strchr("\n\r.!?:", text[x - 1]);
}

#define PLACE_FLAGS (G_COUNTRY | G_ADMIN1 | G_CITY | G_LOC)

static size_t apostrophe(const unsigned char *p, size_t n) {
    /* the bytes of an apostrophe at p ("'" or U+2019), or 0 */
    return n >= 1 && p[0] == '\''                                   ? 1
           : n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99 ? 3
                                                                    : 0;
}

/* Does the token (b, e set) start with a digit? */
static int piece_digit(const char *text, const ent_tok *t) {
    return t->e > t->b && text[t->b] >= '0' && text[t->b] <= '9';
}

/* The end of the chain of numbers touching hyphens that starts at T[i]
 * ("1996 - 08 - 30", "6 - 2", "555 - 123 - 4567": a date, a score, a phone
 * number the tokenizer cut), i + 1 when there is none. */
static size_t number_chain(const char *text, const ent_tok *T, size_t i, size_t n) {
    size_t end = i + 1;
    for (size_t k = i + 1; k + 1 < n; k += 2) {
        const ent_tok *h = &T[k], *w = &T[k + 1];
        if (!ner_is_hyphen(text, h) || h->b != T[k - 1].e || w->b != h->e || !piece_digit(text, w))
            break;
        end = k + 2;
    }
    return end;
}

/* A capitalised word the tokenizer cut at its hyphens, without blanks
 * ("Coca - Cola", "Stratford - upon - Avon", "Jean - Luc"), is one token
 * for the stage, as CoNLL-2003 (which the model learnt) and the gazetteer
 * keep it: T[0, n) (b, e and kind set, features not yet) is joined in place
 * and its new length returned. So is a chain of numbers (number_chain:
 * "1996-08-30", "6-2"), as CoNLL-2003 and `hyphens = "keep"` write it: the
 * model learnt "LONDON 1996-08-30" as a dateline, and read "LONDON 1996 -
 * 08 - 30" as a firm, "the Angels 6 - 2" as a name "Angels 6"; the
 * patterns read a joined date, score or phone number as they read it from
 * `hyphens = "keep"`. A chain joins from a capitalised word to the
 * last capitalised word of its run, through capitalised words, place
 * particles (upon, en, au...) and names' particles (al, ul, ur...: also
 * first, "al-Aqsa", as CoNLL-2003 writes it); a lower-case end stays apart ("Paris -
 * based", "Google - owned": the name alone, as the tokenizer cut it; and
 * "well - known" is no name). Not joined: a prefix opening a sentence
 * ("Ex-Giants coach...", "Anti-Smith"), and two names side by side, each
 * a place or an organisation the gazetteer knows while the whole is not
 * ("Israel-Hamas", "Paris-Berlin"): repair_hyphens reads those pieces. */
static size_t join_hyphen_chains(const gaz *g, const char *text, ent_tok *T, size_t n) {
    size_t out = 0;
    for (size_t i = 0; i < n;) {
        size_t end = i + 1; /* the joined chain is [i, end) */
        /* a hyphen touching the word first: most tokens stop here */
        int hy = i + 2 < n && T[i + 1].b == T[i].e && ner_is_hyphen(text, &T[i + 1]);
        if (hy && piece_digit(text, &T[i])) {
            T[out] = T[i];
            end = number_chain(text, T, i, n);
            T[out++].e = T[end - 1].e;
            i = end;
            continue;
        }
        /* pre-tokenised text's possessive "Germany 's", which the tokenizer
         * cuts into "'" "s": one token "'s", as CoNLL-2003 has it */
        if (!hy && i + 1 < n && T[i + 1].b == T[i].e && T[i + 1].e == T[i + 1].b + 1 &&
            (text[T[i + 1].b] | 0x20) == 's' && (i + 2 == n || T[i + 2].b > T[i + 1].e) &&
            apostrophe((const unsigned char *)text + T[i].b, T[i].e - T[i].b) == T[i].e - T[i].b) {
            T[out] = T[i];
            T[out].e = T[i + 1].e;
            T[out++].kind = K_WORD;
            i += 2;
            continue;
        }
        /* a chain starts at a capitalised word, or at a name's particle
         * before one ("al-Aqsa") */
        if (hy && (piece_cap(text, &T[i]) ||
                   (T[i].kind == K_WORD && T[i + 2].b == T[i + 1].e && piece_cap(text, &T[i + 2]) &&
                    piece_is_any(text, &T[i], name_particles)))) {
            for (size_t k = i + 1; k + 1 < n; k += 2) {
                const ent_tok *h = &T[k], *w = &T[k + 1];
                if (!ner_is_hyphen(text, h) || h->b != T[k - 1].e || w->b != h->e) break;
                if (w->kind == K_NUMBER || piece_cap(text, w))
                    end = k + 2;
                else if (w->kind != K_WORD || (!piece_is_any(text, w, place_particles) &&
                                               !piece_is_any(text, w, name_particles)))
                    break;
            }
        }
        if (end > i + 1 && piece_is_any(text, &T[i], name_prefixes) && opens_sentence(text, T[i].b))
            end = i + 1;
        if (end > i + 1) {
            uint64_t h;
            int names = 1;
            for (size_t k = i; k < end && names; k += 2) {
                const gaz_entry *e = ner_find1(g, text + T[k].b, T[k].e - T[k].b, &h);
                names = e && (e->flags & (PLACE_FLAGS | G_ORG));
            }
            if (names && !ner_find1(g, text + T[i].b, T[end - 1].e - T[i].b, &h)) end = i + 1;
        }
        T[out] = T[i];
        T[out].e = T[end - 1].e;
        out++;
        i = end;
    }
    return out;
}

/* A token that join_hyphen_chains made of a chain through a place's
 * particle ("Southend-on-Sea", "Aix-en-Provence") and that the model made a
 * span of its own is a place, as repair_hyphens reads the same chain cut
 * into pieces. */
static void repair_particle_chains(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                   int loc) {
    if (loc < 0) return;
    for (size_t i = 0; i < n; i++) {
        if (!tg_class_begin(lab[i]) || (i + 1 < n && lab[i + 1] && !tg_class_begin(lab[i + 1])))
            continue;
        int particle = 0;
        for (uint32_t x = T[i].b; x < T[i].e && !particle; x++) {
            size_t hx = ner_hyphen_at(text + x, T[i].e - x);
            if (!hx) continue;
            uint32_t y = x + (uint32_t)hx;
            while (y < T[i].e && !ner_hyphen_at(text + y, T[i].e - y)) y++;
            if (y >= T[i].e) break;
            ent_tok w = {.b = x + (uint32_t)hx, .e = y};
            for (size_t k = 0; place_particles[k] && !particle; k++) {
                size_t m = strlen(place_particles[k]);
                particle = w.e - w.b == m && !memcmp(text + w.b, place_particles[k], m);
            }
        }
        if (particle) set_span(lab, n, i, i + 1, loc);
    }
}

/* Words after a name that end a clause or go on to another phrase: a
 * name before them modifies no noun ("in Aisby and", "near Aisby, where"). */
static const char *const after_name[] = {"and",  "or",   "in",  "on",  "at",   "to",    "for",
                                         "with", "from", "by",  "was", "is",   "where", "which",
                                         "that", "but",  "has", "had", "when", "near",  NULL};

/* Does the word at e (the one after a name ending at e) make the name a
 * modifier of a noun: a lower-case word that is no function word
 * ("outside Air France headquarters", "in Smith family lore")? */
static int modifies_noun(const char *text, const ent_tok *T, size_t e, size_t se) {
    return e < se && T[e].shape == SH_LOWER && !ner_is_any(text, &T[e], after_name);
}

/* A street named after someone's possessive is a place: "King's Road",
 * "Queen's Drive" (the model reads "Road" alone, as a person). */
static void repair_possessive_streets(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                      int loc, int per) {
    if (loc < 0) return;
    for (size_t z = 1; z < n; z++) {
        const ent_tok *p = &T[z - 1];
        /* the shape tests first: the word list costs more */
        if (T[z].shape != SH_CAP || p->shape != SH_CAP || p->ce >= p->e) continue;
        if (!ner_is_any(text, &T[z], street_heads) || !same_line_gap(text, p->e, T[z].b)) continue;
        /* the core stops at the possessive: "King's", "King’s" */
        const unsigned char *q = (const unsigned char *)text + p->ce;
        if (q[0] != '\'' && !(p->ce + 3 <= p->e && q[0] == 0xE2 && q[1] == 0x80 && q[2] == 0x99))
            continue;
        if (!lab[z] && !lab[z - 1]) continue;
        /* a person's possessive names streets; a place's or a firm's does
         * not ("Hawaii Island's Highway", "Google's Street View") */
        if (lab[z - 1] && tg_class_type(lab[z - 1]) != per) continue;
        size_t ub = lab[z - 1] ? span_first(lab, z - 1) : z - 1;
        size_t ue = lab[z] ? span_end(lab, n, z) : z + 1;
        set_span(lab, n, ub, ue, loc);
    }
}

/* Last words of places named by a possessive that are no general place
 * head (G_LOCHEAD) of the lexicon: "King's Cross", "St John's Wood",
 * "Martha's Vineyard", "Shepherd's Bush", "Rankin's Mill". */
static const char *const possessive_heads[] = {"cross", "wood",    "vineyard", "bush",   "inn",
                                               "green", "common",  "end",      "mill",   "farm",
                                               "pond",  "landing", "wharf",    "chapel", NULL};

/* Is t the possessive "'s" (or "'") written as a token of its own, as
 * space-separated text has it ("Rankin 's Mill")? */
static int possessive_tok(const char *text, const ent_tok *t) {
    const unsigned char *p = (const unsigned char *)text + t->b;
    size_t n = t->e - t->b, a = apostrophe(p, n);
    return a && (n == a || (n == a + 1 && (p[a] | 0x20) == 's'));
}

/* Does token t end in a possessive after its core ("King's", "King’s",
 * "James'")? */
static int possessive_tail(const char *text, const ent_tok *t) {
    return t->ce < t->e && apostrophe((const unsigned char *)text + t->ce, t->e - t->ce);
}

/* The gazetteer's entry for "<possessor>'s <head>" (the possessor's core,
 * an ASCII apostrophe and "s", then the head's core), or NULL. */
static const gaz_entry *possessive_phrase(const gaz *g, const char *text, const ent_tok *own,
                                          const ent_tok *head) {
    char w[96];
    size_t n = own->ce - own->cb;
    if (n + 2 > sizeof w) return NULL;
    memcpy(w, text + own->cb, n);
    w[n] = '\'';
    w[n + 1] = 's';
    gaz_tok tk[2] = {{w, (uint32_t)(n + 2)}, {text + head->cb, head->ce - head->cb}};
    uint64_t h = gaz_hash_tok(GAZ_SEED, tk[0].s, tk[0].n, 1);
    h = gaz_hash_tok(h, tk[1].s, tk[1].n, 0);
    return gaz_find(g, h, tk, 2);
}

/* Does the model span [b, e) open with a saint's title ("St John",
 * "Saint Paul")? Such a place's possessive names a place after it. */
static int saint_span(const char *text, const ent_tok *T, size_t b, size_t e) {
    static const char *const saints[] = {"st", "st.", "saint", "ste", "ste.", NULL};
    return e - b >= 2 && ner_is_any(text, &T[b], saints);
}

/* Is the word at z the last capitalised word of its run ("Mill" in
 * "Rankin's Mill in", not "Lake" in "Britain's Lake District")? */
static int ends_name(const ent_tok *T, size_t z, size_t n) {
    return z + 1 >= n || (T[z + 1].shape != SH_CAP && T[z + 1].shape != SH_UPPER);
}

/* Nouns that follow the name of a place to name a part or a use of it:
 * "King's Cross station", "the Shepherd's Bush area". */
static const char *const site_nouns[] = {
    "station", "area",   "estate", "neighbourhood", "neighborhood", "stop",   "terminal", "village",
    "hamlet",  "town",   "parish", "district",      "borough",      "suburb", "common",   "airport",
    "branch",  "campus", NULL};
static int site_noun(const char *text, const ent_tok *t) {
    return ner_is_any(text, t, site_nouns);
}

/* A place named by a possessive is one place: "King's Cross", "St John's
 * Wood", "Martha's Vineyard", "Rankin 's Mill". A capitalised possessor
 * (or the model's person span that ends on it), its "'s" and a capitalised
 * word after it on the line become one LOC (an ORG when the gazetteer
 * knows the whole phrase only as one) when the gazetteer knows the phrase
 * ("King's Lynn", "Hell's Kitchen") or the word is a place's last word (a
 * G_LOCHEAD that names no body, or possessive_heads), and a label is on
 * one of them. The model, trained on news, reads the word after the
 * possessive alone, as a person ("King's Cross" -> PER "Cross"). A
 * possessor the model reads as a firm, a work or a place stays apart
 * ("Google's Street View", "Britain's Lake District"), but for a saint's
 * name ("St John's Wood") and a one-word place before the last word of
 * the name ("Rankin 's Mill in": the model's guess, or a town's name that
 * names a mill). */
static void repair_possessive_places(const char *text, const gaz *g, const ent_tok *T,
                                     uint16_t *lab, size_t n, int loc, int org, int per) {
    if (loc < 0) return;
    const uint32_t body = G_ORGHEAD | G_ORGPRE | G_SPORT | G_LEGAL | G_MISCHEAD;
    for (size_t z = 1; z < n; z++) {
        const ent_tok *hd = &T[z];
        if (hd->shape != SH_CAP) continue;
        size_t o; /* the possessor's token */
        if (possessive_tail(text, &T[z - 1]))
            o = z - 1;
        else if (z >= 2 && possessive_tok(text, &T[z - 1]))
            o = z - 2;
        else
            continue;
        const ent_tok *ow = &T[o];
        if (ow->shape != SH_CAP || !same_line_gap(text, T[z - 1].e, hd->b) ||
            !same_line_gap(text, ow->e, T[z - 1].b))
            continue;
        const gaz_entry *ge = possessive_phrase(g, text, ow, hd);
        const uint32_t place = G_CITY | G_ADMIN1 | G_COUNTRY | G_LOC;
        int known = ge && (ge->flags & (place | G_ORG));
        int head =
            !(hd->gf & body) && ((hd->gf & G_LOCHEAD) || ner_is_any(text, hd, possessive_heads));
        if (!known && !head) continue;
        /* the head word ends the name: "Biden's Green Agenda Stalls",
         * "Johnson's Farm Bill" (title case) name no place; nor does it
         * modify a noun after it, but for a noun of places ("King's Cross
         * station"): "Peter's Wood carvings", "Anna's Farm produce" are
         * someone's things */
        if (!known && (!ends_name(T, z, n) ||
                       (modifies_noun(text, T, z + 1, n) && !site_noun(text, &T[z + 1]))))
            continue;
        if (!lab[z] && !lab[o]) continue;
        size_t ub = lab[o] ? span_first(lab, o) : o;
        if (!known && lab[o] && tg_class_type(lab[o]) != per && !saint_span(text, T, ub, o + 1) &&
            !(tg_class_type(lab[o]) == loc && ub == o && ends_name(T, z, n)))
            continue;
        size_t ue = lab[z] ? span_end(lab, n, z) : z + 1;
        int ty = known && !(ge->flags & place) && org >= 0 ? org : loc;
        set_span(lab, n, ub, ue, ty);
        z = ue - 1;
    }
}

/* Nouns of works before their title: "the film Oppenheimer", "her novel
 * Beloved", "the 1998 album Mezzanine" (a work is a MISC). Not the nouns
 * that are verbs or adjectives as often ("to play Liechtenstein", "a
 * single Briton", "comic"). */
static const char *const work_heads[] = {
    "film",    "movie",  "song",        "album",  "book",     "novel",  "musical",
    "opera",   "series", "sitcom",      "poem",   "painting", "ep",     "symphony",
    "episode", "memoir", "documentary", "sequel", "mixtape",  "ballad", NULL};
/* Nouns of groups of musicians before their name: "the band Arctic
 * Monkeys", "the duo Daft Punk" (a band is an ORG). */
static const char *const band_heads[] = {"band",   "duo",       "trio",  "quartet",  "quintet",
                                         "septet", "orchestra", "choir", "ensemble", NULL};

/* The name right after a noun that says what it names is of that kind:
 * a work after a noun of works ("The film Oppenheimer opened", "her album
 * Lemonade"), a band after a noun of bands ("the band Atoms for Peace"),
 * whatever type the model gave it, which reads "Oppenheimer" as the
 * person. The noun follows a determiner, a possessive, a number or an
 * adjective (a lower-case word or a number: "the film", "his 2003 novel",
 * "a new album"; or opens the sentence: "The film"), not a name ("the Netflix film", already a name
 * before it, stays), and the name is the model's span that starts right after it
 * ("the film director Nolan" has a noun between), or the run of
 * capitalised words there that the model left unlabelled ("her novel
 * Beloved won"). */
static void repair_kind_nouns(const char *text, const ner_scratch *s, uint16_t *lab, int misc,
                              int org) {
    const ent_tok *T = s->tok;
    size_t n = s->ntok;
    for (size_t k = 0; k < s->nsent; k++) {
        size_t sb = s->sent[k], se = s->sent[k + 1] < n ? s->sent[k + 1] : n;
        for (size_t i = sb + 2; i < se; i++) {
            /* a name the model left unlabelled: its run of capitalised words */
            int made = !lab[i] && (T[i].shape == SH_CAP || T[i].shape == SH_UPPER) && !T[i].cut;
            if (!made && (!lab[i] || !tg_class_begin(lab[i]))) continue;
            /* the noun first: most names have none before them */
            const ent_tok *hd = &T[i - 1], *before = &T[i - 2];
            if (hd->shape != SH_LOWER || lab[i - 1] || lab[i - 2] ||
                !(before->shape == SH_LOWER || before->shape == SH_NUM || i - 2 == sb) ||
                !same_line_gap(text, hd->e, T[i].b))
                continue;
            int ty = ner_is_any(text, hd, work_heads)   ? misc
                     : ner_is_any(text, hd, band_heads) ? org
                                                        : -1;
            if (ty < 0) continue;
            size_t e = i + 1;
            if (made)
                while (e < se && e < i + 6 && !lab[e] && !T[e - 1].cut &&
                       (T[e].shape == SH_CAP || T[e].shape == SH_UPPER))
                    e++;
            /* "the band The Stands": the model's span after the article joins it */
            if (made && e < se && lab[e] && tg_class_begin(lab[e]) && !T[e - 1].cut &&
                T[e].shape != SH_LOWER)
                e = span_end(lab, n, e);
            else if (!made)
                e = span_end(lab, n, i);
            /* a capitalised word of the sentence alone ("the movie I saw")
             * names nothing; "The" opens a name that goes on */
            if (made && e == i + 1 && (T[i].gf & G_STOP)) continue;
            if (made || tg_class_type(lab[i]) != ty) set_span(lab, n, i, e, ty);
            i = e - 1;
        }
    }
}

/* Does the model span [b, e) hold a word that makes it no place: a known
 * given name, person, firm or body, a title, or a word that ends names of
 * bodies, works or events? */
static int names_no_place(const ent_tok *T, size_t b, size_t e) {
    const uint32_t not_place = G_FIRST | G_PER | G_ORG | G_MISC | G_TITLE | G_ORGHEAD | G_ORGPRE |
                               G_LEGAL | G_MISCHEAD | G_SPORT | G_DEMONYM | G_EVENTPRE;
    for (size_t x = b; x < e; x++)
        if ((T[x].gf & not_place) && !(T[x].gf & (G_CITY | G_ADMIN1 | G_COUNTRY | G_LOC))) return 1;
    return 0;
}

/* Adjectives that open the names of villages and towns: "Little Snoring",
 * "Great Ayton", "Nether Wallop", "Upper Slaughter", "Much Wenlock",
 * "Long Melford", "East Grinstead", "Old Windsor", "High Wycombe". */
static const char *const village_prefixes[] = {
    "little", "great", "upper", "lower", "nether", "much", "long",   "east", "west",
    "north",  "south", "old",   "high",  "low",    "over", "middle", NULL};

/* A person of the model whose first word is such an adjective ("Little",
 * "Great": no one's given name) and whose words name no one else (no
 * given name, no known person, firm or body: "Little Richard", "Long John
 * Silver" stay) is a place; the model, which knows the first word as a
 * surname, often stops the person there ("Little" of "Little Snoring"), so
 * the capitalised words after it on the line that it left unlabelled join
 * the place. */
static void repair_village_names(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                 int per, int loc) {
    if (per < 0 || loc < 0) return;
    for (size_t i = 0; i < n; i++) {
        if (lab[i] != cls_begin(per)) continue;
        size_t e = span_end(lab, n, i);
        if (T[i].shape != SH_CAP || !ner_is_any(text, &T[i], village_prefixes) || T[i].cut) {
            i = e - 1;
            continue;
        }
        size_t z = e; /* the place goes on through unlabelled capitalised words */
        while (z < n && z < e + 3 && !lab[z] && T[z].shape == SH_CAP && !T[z - 1].cut &&
               same_line_gap(text, T[z - 1].e, T[z].b))
            z++;
        if (z - i >= 2 && !names_no_place(T, i, z)) set_span(lab, n, i, z, loc);
        i = z - 1;
    }
}

/* Verbs of what people do, in the third person: "Bob lives", "Ann works". */
static const char *const person_verbs[] = {
    "lives",   "lived",   "works",     "worked",  "said",     "says",     "told",     "tells",
    "wrote",   "writes",  "thinks",    "thought", "believes", "believed", "wants",    "wanted",
    "loves",   "loved",   "married",   "studied", "studies",  "teaches",  "taught",   "smiled",
    "laughed", "sang",    "sings",     "admits",  "admitted", "recalls",  "recalled", "grew",
    "joined",  "retired", "graduated", NULL};

/* A given name alone, the subject of a verb of what people do, is a
 * person: "Bob lives in Oslo" (the model, which rarely saw a given name
 * alone, left Bob out), "Ann works at IBM" (it read Ann as the place of
 * that name). The word is a given name of the lists (G_FIRST) and no
 * country, region, firm or other name of note (G_COUNTRY, G_ADMIN1, G_ORG,
 * G_MISC, G_LOC: "Jordan said", "Georgia says" are ambiguous, left to
 * the model; nor a city of a million people or more: "Paris said"), nor
 * a word the document names otherwise elsewhere, alone (no capitalised word
 * before it, but at the sentence's start, nor after it), unlabelled or a one-word span of the
 * model, right before the verb. */
/* The document's tokens in names of a type other than per, by word hash:
 * built on the first question, so that other_sense costs a search, not a
 * walk of the document, for each given name it is asked of. */
typedef struct sense_entry {
    uint64_t h;
    size_t j;
} sense_entry;
typedef struct sense_index {
    sense_entry *e;
    size_t n;
    int built, failed;
} sense_index;

static int sense_cmp(const void *a, const void *b) {
    const sense_entry *x = a, *y = b;
    return x->h < y->h ? -1 : x->h > y->h ? 1 : (x->j > y->j) - (x->j < y->j);
}

/* Is the word of token i, elsewhere in the document, in a name of a type
 * other than per? repair_given_names only ever makes a token a person, so
 * an entry of the index stands while its token still has its label (read
 * again at each question); without memory for the index, the walk. */
static int other_sense(const ent_tok *T, const uint16_t *lab, size_t n, int per, size_t i,
                       sense_index *x) {
    if (!x->built) {
        x->built = 1;
        x->e = malloc((n ? n : 1) * sizeof *x->e);
        x->failed = !x->e;
        for (size_t j = 0; x->e && j < n; j++)
            if (lab[j] && tg_class_type(lab[j]) != per) x->e[x->n++] = (sense_entry){T[j].h, j};
        if (x->e) qsort(x->e, x->n, sizeof *x->e, sense_cmp);
    }
    if (x->failed) {
        for (size_t j = 0; j < n; j++)
            if (j != i && T[j].h == T[i].h && lab[j] && tg_class_type(lab[j]) != per) return 1;
        return 0;
    }
    size_t lo = 0, hi = x->n;
    while (lo < hi) { /* the first entry of the hash */
        size_t mid = lo + (hi - lo) / 2;
        if (x->e[mid].h < T[i].h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < x->n && x->e[lo].h == T[i].h; lo++) {
        size_t j = x->e[lo].j;
        if (j != i && lab[j] && tg_class_type(lab[j]) != per) return 1;
    }
    return 0;
}

static void repair_given_names(const char *text, const ner_scratch *s, uint16_t *lab, int per) {
    if (per < 0) return;
    const ent_tok *T = s->tok;
    size_t n = s->ntok;
    sense_index idx = {0};
    const uint32_t other = G_COUNTRY | G_ADMIN1 | G_ORG | G_MISC | G_LOC | G_STOP | G_MONTH | G_DAY;
    for (size_t k = 0; k < s->nsent; k++) {
        size_t sb = s->sent[k], se = s->sent[k + 1] < n ? s->sent[k + 1] : n;
        for (size_t i = sb; i + 1 < se; i++) {
            const ent_tok *t = &T[i];
            if (t->shape != SH_CAP || !(t->gf & G_FIRST) || (t->gf & other) || t->cut) continue;
            /* a big city speaks for its people ("Paris said"): a place of a
             * million people or more, the rules' big-place row (classify.c) */
            if ((t->gf & G_CITY) && t->g && t->g->pop >= 1000000) continue;
            if (i > sb && (T[i - 1].shape == SH_CAP || T[i - 1].shape == SH_UPPER || lab[i - 1]))
                continue;
            if (lab[i] == cls_begin(per)) continue;
            if (lab[i] && (!tg_class_begin(lab[i]) || (lab[i + 1] && !tg_class_begin(lab[i + 1]))))
                continue;
            if (T[i + 1].shape != SH_LOWER || !ner_is_any(text, &T[i + 1], person_verbs) ||
                !same_line_gap(text, t->e, T[i + 1].b))
                continue;
            /* one sense per document: the word elsewhere (in the title too)
             * in a name of another type keeps it ("Residents of Lincoln") */
            if (other_sense(T, lab, n, per, i, &idx)) continue;
            set_span(lab, n, i, i + 1, per);
        }
    }
    free(idx.e);
}

/* Prepositions before the name of a body a sentence speaks of: "customers
 * of T-Mobile", "works for Rolls-Royce", "a deal with Hewlett-Packard". */
static const char *const org_preps[] = {"of", "at", "for", "with", "by", NULL};

/* A hyphenated name the model reads as an adjective is a body after a
 * preposition of bodies: "Customers of T-Mobile complained", "He works
 * for T-Mobile in Bonn". The model learnt from CoNLL-2003, where a
 * hyphenated token is most often an adjective ("Anglo-French",
 * "Serbian-held": MISC), and reads a firm's hyphenated name so once the
 * tokenizer's pieces are joined (join_hyphen_chains). A MISC span of the
 * model that is one hyphenated token of capitalised pieces, none of them a
 * nationality, country, region or other known MISC ("Anglo-French",
 * "Franco-German" stay), after one of these prepositions, modifying no
 * noun after it ("of Anglo-Saxon origin" stays), becomes an ORG. */
static void repair_hyphen_orgs(const char *text, const gaz *g, const ent_tok *T, uint16_t *lab,
                               size_t n, int misc, int org) {
    if (misc < 0 || org < 0) return;
    const uint32_t adj = G_DEMONYM | G_COUNTRY | G_ADMIN1 | G_MISC;
    for (size_t i = 1; i < n; i++) {
        if (lab[i] != cls_begin(misc) || (i + 1 < n && lab[i + 1] && !tg_class_begin(lab[i + 1])))
            continue;
        const ent_tok *t = &T[i];
        if (t->shape != SH_CAP && t->shape != SH_UPPER) continue;
        if (T[i - 1].shape != SH_LOWER || !ner_is_any(text, &T[i - 1], org_preps) ||
            modifies_noun(text, T, i + 1, n))
            continue;
        /* its pieces: capitalised words or numbers between hyphens */
        uint32_t x = t->cb, end = t->ce;
        int pieces = 0, ok = 1;
        while (ok && x < end) {
            uint32_t y = x;
            size_t h = 0;
            while (y < end && !(h = ner_hyphen_at(text + y, end - y))) y++;
            if (y == x) {
                ok = 0;
                break;
            }
            unsigned char c = (unsigned char)text[x];
            uint64_t hh;
            const gaz_entry *ge = ner_find1(g, text + x, y - x, &hh);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || (ge && (ge->flags & adj)))
                ok = 0;
            pieces++;
            x = y + (uint32_t)h;
            if (h && x >= end) ok = 0; /* a hyphen at the end */
        }
        if (ok && pieces >= 2) set_span(lab, n, i, i + 1, org);
    }
}

/* Last pieces of firms' hyphenated names that the gazetteer's firm words
 * (G_ORGHEAD, G_LEGAL: "Mobile", "AG") do not hold: German and Dutch words
 * of firms, which English text keeps in names ("Bertelsmann-Verlag",
 * "Krupp-Werke", "Thyssen-Gruppe"). */
static const char *const firm_pieces[] = {"verlag",  "werke", "werk",  "gruppe",
                                          "konzern", "bank",  "groep", NULL};

/* Is the token t a hyphenated name of capitalised pieces (or numbers),
 * none a nationality, country, region or other known MISC, whose last
 * piece is a firm's word (firm_pieces, or the gazetteer's G_ORGHEAD or
 * G_LEGAL)? */
static const char *const hyphen_prefixes[] = {"all",  "cross", "multi", "inter", "intra", "pro",
                                              "anti", "non",   "pan",   "post",  "pre",   "mid",
                                              "co",   "ex",    "semi",  "sub",   "super", "trans",
                                              "bi",   "tri",   "over",  "under", NULL};
static int hyphen_firm(const char *text, const gaz *g, const ent_tok *t) {
    const uint32_t adj = G_DEMONYM | G_COUNTRY | G_ADMIN1 | G_MISC;
    uint32_t x = t->cb, end = t->ce, lb = 0;
    uint32_t last = 0;
    int pieces = 0;
    while (x < end) {
        uint32_t y = x;
        size_t h = 0;
        while (y < end && !(h = ner_hyphen_at(text + y, end - y))) y++;
        if (y == x || (h && y + h >= end)) return 0; /* an empty piece, a hyphen at the end */
        unsigned char c = (unsigned char)text[x];
        uint64_t hh;
        const gaz_entry *ge = ner_find1(g, text + x, y - x, &hh);
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || (ge && (ge->flags & adj)))
            return 0;
        if (!pieces) { /* "Cross-Party", "Pro-Bank": a prefix, not a firm's name */
            ent_tok first = *t;
            first.cb = x;
            first.ce = y;
            if (ner_is_any(text, &first, hyphen_prefixes)) return 0;
        }
        last = ge ? ge->flags : 0;
        lb = x;
        pieces++;
        x = y + (uint32_t)h;
    }
    if (pieces < 2) return 0;
    if (last & (G_ORGHEAD | G_LEGAL)) return 1;
    ent_tok piece = *t;
    piece.cb = lb;
    return ner_is_any(text, &piece, firm_pieces);
}

/* A hyphenated name that ends in a firm's word is a firm: "Bertelsmann-Verlag"
 * (the model: LOC), "T-Mobile raised prices" (the model: nothing). The
 * tokenizer's pieces are one token since join_hyphen_chains; the model,
 * trained on CoNLL-2003's hyphenated adjectives, reads such a token as
 * anything. A model span of one such token, or such a token the model left
 * out, becomes an ORG; a span that goes on past the token keeps its type. */
static void repair_hyphen_firms(const char *text, const gaz *g, const ent_tok *T, uint16_t *lab,
                                size_t n, int org) {
    if (org < 0) return;
    for (size_t i = 0; i < n; i++) {
        const ent_tok *t = &T[i];
        if (t->shape != SH_CAP && t->shape != SH_UPPER) continue;
        /* a hyphen's first byte in it (ner_hyphen_at: "-", or U+2010/2011) */
        uint32_t x = t->cb;
        while (x < t->ce && text[x] != '-' && (unsigned char)text[x] != 0xE2) x++;
        if (x >= t->ce || (t->gf & (G_LOC | G_COUNTRY | G_ADMIN1 | G_CITY | G_PER | G_MISC)))
            continue; /* no hyphen, or known */
        if (lab[i] && (!tg_class_begin(lab[i]) || tg_class_type(lab[i]) == org ||
                       span_end(lab, n, i) != i + 1))
            continue;
        if (hyphen_firm(text, g, t)) set_span(lab, n, i, i + 1, org);
    }
}

/* Is the word w (n bytes) a common noun of WordNet: one with a
 * supersense of its own, not only the name of instances ("kafka")? */
static int common_noun(const gaz *wn, const char *w, size_t n) {
    uint64_t h;
    const gaz_entry *e = ner_find1(wn, w, n, &h);
    return e && ((e->flags >> WN_SS_SHIFT) & WN_SS_MASK) != 0;
}

/* Is the word t (capitalised) the plural of a common noun WordNet knows
 * ("Puppets": puppet, "Monkeys": monkey, "Fighters": fighter, "Ladies":
 * lady, "Boxes": box)? */
static int plural_noun(const char *text, const gaz *wn, const ent_tok *t) {
    const char *w = text + t->cb;
    size_t n = t->ce - t->cb;
    char one[64];
    if (n < 4 || n >= sizeof one || w[n - 1] != 's' || w[n - 2] == 's' || w[n - 2] == '\'')
        return 0;
    if (common_noun(wn, w, n - 1)) return 1;  /* monkeys */
    if (w[n - 2] == 'e' && w[n - 3] == 'i') { /* ladies */
        memcpy(one, w, n - 3);
        one[n - 3] = 'y';
        if (common_noun(wn, one, n - 2)) return 1;
    }
    /* "es" after s, x, z, ch, sh: boxes, churches ("Paes" is no "pa") */
    char c = w[n - 3], d = n > 4 ? w[n - 4] : 0;
    return w[n - 2] == 'e' &&
           (c == 's' || c == 'x' || c == 'z' || (c == 'h' && (d == 'c' || d == 's'))) &&
           common_noun(wn, w, n - 2);
}

/* The gazetteer's entry for the words [b, e) (their cores), or NULL. */
static const gaz_entry *span_entry(const gaz *g, const char *text, const ent_tok *T, size_t b,
                                   size_t e) {
    gaz_tok tk[GAZ_MAXTOK];
    if (e <= b || e - b > GAZ_MAXTOK) return NULL;
    uint64_t h = GAZ_SEED;
    for (size_t x = b; x < e; x++) {
        tk[x - b] = (gaz_tok){text + T[x].cb, T[x].ce - T[x].cb};
        h = gaz_hash_tok(h, tk[x - b].s, tk[x - b].n, x == b);
    }
    return gaz_find(g, h, tk, e - b);
}

/* No one's name ends in the plural of an ordinary noun; a band's or a
 * team's often does: "Arctic Monkeys", "The Last Shadow Puppets", "Foo
 * Fighters". A person span of the model of two words or more whose last
 * word is such a plural (plural_noun) and no given name (unless "the"
 * stands before it), surname or known person ("Jones", "Rivers", "Woods",
 * "Mills" are surnames of the census lists) is a group: an ORG, with the capitalised words before
 * it that the model left out ("Last" of "The Last Shadow Puppets"; an opening "The" is a word of
 * the sentence). */
static void repair_plural_groups(const char *text, const gaz *g, const gaz *wn, const ent_tok *T,
                                 uint16_t *lab, size_t n, int per, int org) {
    if (per < 0 || org < 0 || !wn) return;
    for (size_t i = 0; i < n; i++) {
        if (lab[i] != cls_begin(per)) continue;
        size_t e = span_end(lab, n, i);
        const ent_tok *z = &T[e - 1];
        size_t b = i;
        while (b > 0 && !lab[b - 1] && T[b - 1].shape == SH_CAP && !(T[b - 1].gf & G_STOP) &&
               !T[b - 1].cut && same_line_gap(text, T[b - 1].e, T[b].b))
            b--;
        /* "the" before it: no one is called "the Last Shadow Puppets", so
         * a given name among its words ("Shadow" is one of Moby's) does
         * not make it a person */
        size_t x = b;
        while (x > 0 && x + 3 > b && !lab[x - 1] && T[x - 1].shape == SH_CAP && !T[x - 1].cut &&
               !ner_is_word(text, &T[x - 1], "the") && same_line_gap(text, T[x - 1].e, T[x].b))
            x--; /* capitalised small words: "The Last Shadow Puppets" */
        int the = x > 0 && ner_is_word(text, &T[x - 1], "the");
        if (the) b = x;
        int person = 0; /* a given name in it, or the whole a known person */
        for (size_t x = i; x < e; x++) person |= (T[x].gf & (the ? G_PER : G_FIRST | G_PER)) != 0;
        const gaz_entry *whole = span_entry(g, text, T, i, e);
        person |= whole && (whole->flags & G_PER);
        /* a surname of the census lists: G_LAST, or its rank where a word
         * class of the lexicon ("Woods": LOCHEAD) holds the flags */
        if (e - i < 2 || person || z->shape != SH_CAP || (z->gf & G_LAST) || (z->g && z->g->rank) ||
            !plural_noun(text, wn, z)) {
            i = e - 1;
            continue;
        }
        set_span(lab, n, b, e, org);
        i = e - 1;
    }
}

/* Nouns of small and administrative places: "the village of Aisby",
 * "Aisby village", "Aisby is a small village". */
static const char *const place_nouns[] = {
    "village",  "hamlet",  "town",   "city",    "parish",       "township", "county",
    "district", "borough", "suburb", "commune", "municipality", NULL};
/* Prepositions of place before a name: "in Little Snoring", "near Aisby". */
static const char *const place_preps[] = {"in", "near", "at", "outside", NULL};

/* Verbs of where someone lives, was born or lies: "born in X", "grew up
 * in X", "buried at X". */
static const char *const living_verbs[] = {"born",    "live",    "lives",   "lived",    "living",
                                           "grew",    "raised",  "buried",  "died",     "settled",
                                           "resides", "resided", "located", "situated", NULL};

/* Is the one-word span [b, e), a MISC of the model, an adjective: a word
 * ending as demonyms and other adjectives from names do ("Transylvanian",
 * "Arctic", "Balinese", "Cornish")? */
static int adjective_span(const char *text, const ent_tok *T, size_t b, size_t e) {
    static const char *const ends[] = {"an", "ic", "ese", "ish", NULL};
    if (e != b + 1) return 0;
    const char *w = text + T[b].cb;
    size_t n = T[b].ce - T[b].cb;
    for (size_t k = 0; ends[k]; k++) {
        size_t m = strlen(ends[k]);
        if (n > m + 2 && !memcmp(w + n - m, ends[k], m)) return 1;
    }
    return 0;
}

/* Small places in their context are places: the model, trained on news,
 * reads an unknown village's name as a person or a firm ("in Little
 * Snoring" MISC, "the hamlet of Nether Wallop" ORG). A model span becomes
 * a LOC when a place noun names it ("the village of X", "X village", "the
 * X district"; not an adjective of the model's MISC, "the Transylvanian
 * town of"), or when a preposition of place comes before it and it
 * modifies no noun after it (modifies_noun): a person after "in", "near",
 * "at" or "outside", a firm after "near", where firms seldom stand ("the
 * protest outside Air France headquarters" keeps its firm), any type after
 * a verb of living ("born in X", "grew up in X"). None of its words may
 * name something else (names_no_place: a given name, a known firm, a
 * body's word: "near Acme Ltd", "in John Smith's view" keep their type).
 * A name the model left unlabelled opening a sentence before "is a" and a
 * place noun ("Aisby is a small village in") becomes a LOC. */
static void repair_place_context(const char *text, const ner_scratch *s, uint16_t *lab, int loc,
                                 int per, int org, int misc) {
    if (loc < 0) return;
    const ent_tok *T = s->tok;
    size_t n = s->ntok;
    for (size_t k = 0; k < s->nsent; k++) {
        size_t sb = s->sent[k], se = s->sent[k + 1] < n ? s->sent[k + 1] : n;
        /* "Aisby is a (small) village" */
        size_t w = sb;
        while (w < se && w < sb + 4 && T[w].shape == SH_CAP && !lab[w]) w++;
        if (w > sb && w + 2 < se && !names_no_place(T, sb, w) && !(T[sb].gf & G_STOP) &&
            ner_is_word(text, &T[w], "is") &&
            (ner_is_word(text, &T[w + 1], "a") || ner_is_word(text, &T[w + 1], "an"))) {
            size_t x = w + 2;
            while (x < se && x < w + 4 && T[x].shape == SH_LOWER &&
                   !ner_is_any(text, &T[x], place_nouns))
                x++;
            /* the noun names the place, not a person's office: "Okafor is
             * a town councillor", "Brandt is a district attorney" */
            if (x < se && T[x].shape == SH_LOWER && ner_is_any(text, &T[x], place_nouns) &&
                !modifies_noun(text, T, x + 1, se))
                set_span(lab, n, sb, w, loc);
        }
        for (size_t i = sb; i < se; i++) {
            if (!lab[i] || !tg_class_begin(lab[i])) continue;
            size_t e = span_end(lab, n, i);
            int ty = tg_class_type(lab[i]);
            if (ty == loc || names_no_place(T, i, e) || T[e - 1].cut) {
                i = e - 1;
                continue;
            }
            int place = 0;
            /* "the village of X" */
            if (i >= sb + 2 && ner_is_word(text, &T[i - 1], "of") && T[i - 2].shape == SH_LOWER &&
                ner_is_any(text, &T[i - 2], place_nouns))
                place = 1;
            /* "X village", "the X district" (not "town hall": the noun ends
             * the phrase) */
            if (e < se && T[e].shape == SH_LOWER && ner_is_any(text, &T[e], place_nouns) &&
                !(ty == misc && adjective_span(text, T, i, e)) &&
                !(e + 1 < se && modifies_noun(text, T, e + 1, se) &&
                  !ner_is_word(text, &T[e + 1], "of")))
                place = 1;
            /* "in X", "near X"; any type after a verb of living */
            if (i > sb && T[i - 1].shape == SH_LOWER && !modifies_noun(text, T, e, se)) {
                const ent_tok *pr = &T[i - 1];
                if (ty == per && ner_is_any(text, pr, place_preps)) place = 1;
                if (ty == org && ner_is_word(text, pr, "near")) place = 1;
                if (i >= sb + 2 && ner_is_any(text, pr, place_preps) &&
                    (ner_is_any(text, &T[i - 2], living_verbs) ||
                     (i >= sb + 3 && ner_is_word(text, &T[i - 2], "up") &&
                      ner_is_any(text, &T[i - 3], living_verbs))))
                    place = 1;
            }
            if (place) set_span(lab, n, i, e, loc);
            i = e - 1;
        }
    }
}

/* Words of greetings and of closings of letters and e-mails. */
static const char *const greetings[] = {"hi",      "hello",     "hey",  "dear",
                                        "dearest", "greetings", "hiya", NULL};
/* Whom a greeting addresses when it names nobody. */
static const char *const addressees[] = {"team",  "all",   "everyone", "everybody",  "folks",
                                         "guys",  "there", "friends",  "colleagues", "sir",
                                         "madam", "sirs",  NULL};
static const char *const closings[] = {
    "best",       "kind",         "kindest", "warm",  "warmest", "warmly", "regards",
    "wishes",     "sincerely",    "yours",   "truly", "cheers",  "thanks", "many",
    "faithfully", "respectfully", "all",     "love",  "with",    NULL};

/* "Hi Marco," opening a line: the greeting is no part of the name.
 * A line of nothing but a closing ("Best regards,", "Kind Regards",
 * "Cheers!") names nobody. */
static void repair_letters(const char *text, size_t len, const ent_tok *T, const uint8_t *ls,
                           uint16_t *lab, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!T[i].letters || !ls[i]) continue;
        if (T[i].shape == SH_CAP && ner_is_any(text, &T[i], greetings)) {
            if (lab[i] && tg_class_begin(lab[i])) {
                if (i + 1 < n && lab[i + 1] && !tg_class_begin(lab[i + 1]))
                    set_span(lab, n, i, i + 1, -1); /* the name begins after it */
                else if (i + 1 < n &&
                         (T[i + 1].shape == SH_CAP || ner_is_word(text, &T[i + 1], ",")))
                    lab[i] = 0;
            }
            /* "Hello Team,", "Hi all": whom it greets is no name */
            if (i + 1 < n && lab[i + 1] && ner_is_any(text, &T[i + 1], addressees) &&
                (i + 2 >= n || !lab[i + 2] || tg_class_begin(lab[i + 2])))
                set_span(lab, n, i + 1, i + 2, -1);
            continue;
        }
        /* a closing line: its words, then punctuation, to the line's end */
        size_t k = i, words = 0;
        while (k < n && T[k].letters && ner_is_any(text, &T[k], closings) &&
               (k == i || same_line_gap(text, T[k - 1].e, T[k].b)))
            k++, words++;
        if (!words || words > 4) continue;
        while (k < n && !T[k].letters && T[k].shape == SH_PUNCT && T[k].e - T[k].b == 1 &&
               text[T[k].b] && strchr(",!.", text[T[k].b]) &&
               same_line_gap(text, T[k - 1].e, T[k].b))
            k++;
        uint32_t end = T[k - 1].e;
        while (end < len && (text[end] == ' ' || text[end] == '\t')) end++;
        if (end < len && text[end] != '\n' && text[end] != '\r') continue;
        if (k < n && T[k].b < end) continue;
        int any = 0;
        for (size_t x = i; x < k; x++) any |= lab[x] != 0;
        if (any) set_span(lab, n, i, k, -1);
        i = k - 1;
    }
}

/* "the U.S. Senate", "the United States House of Representatives": a
 * place right before an institution's word is part of its name, not a
 * place of its own (a possessive keeps them apart: "Britain's
 * Parliament"). */
static void repair_place_institution(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                     int loc, int org) {
    if (loc < 0 || org < 0) return;
    for (size_t b = 1; b < n; b++) {
        /* "Belize City": a word that also ends names of places joins none */
        if (lab[b] != cls_begin(org) || !(T[b].gf & (G_ORGHEAD | G_ORGPRE)) ||
            (T[b].gf & G_LOCHEAD))
            continue;
        if (tg_class_type(lab[b - 1]) != loc || T[b - 1].cut) continue;
        if (!same_line_gap(text, T[b - 1].e, T[b].b)) continue;
        size_t a = span_first(lab, b - 1);
        set_span(lab, n, a, span_end(lab, n, b), org);
    }
}

/* Grades of crude oil are named after fields and ports: "Brent crude",
 * "Urals blend" name no place (a country's name keeps it: "Iranian crude"
 * is a demonym, "Iraq crude" the country's). */
static const char *const grade_words[] = {"crude", "blend", NULL};
static void repair_grades(const char *text, const ent_tok *T, uint16_t *lab, size_t n, int loc,
                          int misc) {
    if (loc < 0 || misc < 0) return;
    for (size_t i = 0; i < n; i++) {
        if (lab[i] != cls_begin(loc)) continue;
        size_t e = span_end(lab, n, i);
        uint32_t f = 0;
        int caps = 0; /* "U.S. crude", "UK crude": a country's initials */
        for (size_t x = i; x < e; x++) f |= T[x].gf, caps |= T[x].shape == SH_UPPER;
        if (e < n && T[e].shape == SH_LOWER && ner_is_any(text, &T[e], grade_words) &&
            !T[e - 1].cut && same_line_gap(text, T[e - 1].e, T[e].b) &&
            !(f & (G_COUNTRY | G_ADMIN1)) && !caps)
            set_span(lab, n, i, e, misc);
        i = e - 1;
    }
}

/* A number written as an ordinal in digits: "82nd", "1st", "65th", "3RD". */
static int digit_ordinal(const char *text, const ent_tok *t) {
    size_t n = t->e - t->b, d = 0;
    const char *w = text + t->b;
    while (d < n && w[d] >= '0' && w[d] <= '9') d++;
    if (d == 0 || d > 4 || n != d + 2) return 0;
    char a = (char)(w[d] | 0x20), b = (char)(w[d + 1] | 0x20);
    return (a == 's' && b == 't') || (a == 'n' && b == 'd') || (a == 'r' && b == 'd') ||
           (a == 't' && b == 'h');
}

/* "the 82nd Airborne Division", "the 65th Air Division", "the 21st African
 * Cup": after "the", an ordinal in digits right before an organisation or
 * other name is part of it (CoNLL-2003 and wikigold both annotate it so);
 * the model, which saw it twice in Reuters, starts the name after it.
 * Ordinal words ("the Seventh Fleet") it reads already; after another
 * determiner the ordinal counts the event ("her 10th U.S. Open") and stays
 * out, as do people and places. */
static const char *const the_word[] = {"the", NULL};
static void repair_ordinals(const char *text, const ent_tok *T, uint16_t *lab, size_t n, int org,
                            int misc) {
    for (size_t b = 2; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b]) || lab[b - 1]) continue;
        int ty = tg_class_type(lab[b]);
        if ((ty != org || org < 0) && (ty != misc || misc < 0)) continue;
        if (T[b].shape != SH_CAP && T[b].shape != SH_UPPER) continue;
        if (!digit_ordinal(text, &T[b - 1]) || !ner_is_any(text, &T[b - 2], the_word)) continue;
        if (!same_line_gap(text, T[b - 2].e, T[b - 1].b) ||
            !same_line_gap(text, T[b - 1].e, T[b].b))
            continue;
        set_span(lab, n, b - 1, span_end(lab, n, b), ty);
    }
}

/* Award categories name no entity: "nominated for Best Rock Video", "won
 * Best New Artist", "the award for Best Single". The model, which saw no
 * such phrase in Reuters, tags them ORG or MISC. A model span of two words
 * or more that opens with "Best" or "Outstanding", or ends with "of the
 * Year" ("Video of the Year"), in a sentence with an award's word before it
 * (award, nominated, won, category..., or the "Awards" of the awards'
 * name) at most three tokens before it, or another category just before
 * ("Best Newcomer and Best Single"), or an award's noun right after it
 * ("Best Single award"), is no span. The award's own name stays
 * ("Fuse's Best of 2007 Award", "Best Buy" where nothing speaks of awards). */
static const char *const award_open[] = {"best", "outstanding", NULL};
static const char *const award_cue[] = {
    "award",       "awards", "nominated", "nomination", "nominations", "nominee",   "won",
    "win",         "wins",   "winning",   "winner",     "winners",     "category",  "categories",
    "shortlisted", "prize",  "honoured",  "honored",    "received",    "receiving", NULL};
static const char *const award_noun[] = {"award",      "awards",      "category", "categories",
                                         "nomination", "nominations", NULL};
static const char *const award_head[] = {"award", "awards", "prize", "prizes", "trophy", NULL};
static const char *const year_words[] = {"year", NULL};
static const char *const of_words[] = {"of", NULL};
static int award_category(const char *text, const ent_tok *T, size_t b, size_t e) {
    if (e - b < 2) return 0;
    char c = text[T[b].cb], y = text[T[e - 1].cb]; /* most spans stop here */
    int open =
        (c == 'B' || c == 'O') && T[b].shape == SH_CAP && ner_is_any(text, &T[b], award_open);
    int year = !open && e - b >= 4 && (y == 'Y' || y == 'y') &&
               ner_is_any(text, &T[e - 1], year_words) && ner_is_any(text, &T[e - 2], the_word) &&
               ner_is_any(text, &T[e - 3], of_words);
    return (open || year) && !ner_is_any(text, &T[e - 1], award_head);
}
/* Does token t end in the possessive "'s" after its core ("Buy's",
 * "Buy’s"; not a closing quote mark glued to it: "Single'")? */
static int possessive_s(const char *text, const ent_tok *t) {
    const unsigned char *q = (const unsigned char *)text + t->ce;
    size_t n = t->e - t->ce, a = apostrophe(q, n);
    return a && n == a + 1 && (q[a] | 0x20) == 's';
}
/* Does an award's word stand by the category [i, e) of the sentence
 * [sb, se)? "last" is the end of the category dropped before it, if any. */
static int award_cued(const char *text, const ent_tok *T, size_t sb, size_t se, size_t i, size_t e,
                      size_t last) {
    /* "Best Single award", or after a closing quote: "'Best Single' award" */
    size_t a = e < se && T[e].shape == SH_PUNCT ? e + 1 : e;
    int cue = a < se && ner_is_any(text, &T[a], award_noun);
    if (cue) return 1;
    /* a name before a possessive or a noun is no category: "received Best
     * Buy gift cards", "won Best Buy's contract" */
    if (possessive_s(text, &T[e - 1]) ||
        (e < se && ((possessive_tok(text, &T[e]) && (text[T[e].e - 1] | 0x20) == 's') ||
                    modifies_noun(text, T, e, se))))
        return 0;
    /* just before it: "won Best", "nominated for Best", "the award for 'Best",
     * "Awards 2007 - Best"; or a list of them: "Best Newcomer and Best Single" */
    for (size_t j = i; j > sb && j + 2 >= i && !cue; j--)
        cue = ner_is_any(text, &T[j - 1], award_cue) || j - 1 == last;
    return cue;
}
static void repair_awards(const char *text, const ner_scratch *s, uint16_t *lab) {
    const ent_tok *T = s->tok;
    size_t n = s->ntok;
    for (size_t k = 0; k < s->nsent; k++) {
        size_t sb = s->sent[k], se = s->sent[k + 1] < n ? s->sent[k + 1] : n;
        size_t last = SIZE_MAX; /* end of the last category dropped in the sentence */
        for (size_t i = sb; i < se; i++) {
            if (!lab[i] || !tg_class_begin(lab[i])) continue;
            size_t e = span_end(lab, n, i);
            if (e > se) e = se;
            if (award_category(text, T, i, e) && award_cued(text, T, sb, se, i, e, last))
                set_span(lab, n, i, e, -1), last = e;
            i = e - 1;
        }
    }
}

/* A quoted title that is an award's category ("the award for 'Best
 * Single'") is no work: it gives up its keep, so that the model's span
 * over it, if any, meets repair_awards like an unquoted category. */
static void release_award_titles(const char *text, ner_scratch *s) {
    for (size_t k = 0; k < s->nsp; k++) {
        ent_span *r = &s->sp[k];
        if (!r->keep || r->te > s->ntok || !award_category(text, s->tok, r->tb, r->te)) continue;
        size_t sb = 0, se = s->ntok; /* the sentence holding the span */
        for (size_t j = 0; j < s->nsent; j++)
            if (s->sent[j] <= r->tb && r->tb < s->sent[j + 1]) {
                sb = s->sent[j];
                se = s->sent[j + 1] < s->ntok ? s->sent[j + 1] : s->ntok;
                break;
            }
        if (award_cued(text, s->tok, sb, se, r->tb, r->te, SIZE_MAX)) r->keep = 0;
    }
}

static int model_type(const ent_shared *sh, uint32_t label) {
    for (uint32_t t = 0; t < sh->tm.ntype; t++)
        if (sh->mlab[t] == label) return (int)t;
    return -1;
}

/* A sentence of one word and its end mark ("Meh.", "Wow!", "Cheers!") is
 * an exclamation, not a name, unless the gazetteers know the word: the
 * model, which saw such words capitalised at a sentence start only in
 * names, tagged every "Meh." in a file of reviews ORG at 0.99 (try-out). */
static int ends_sentence(char c) {
    return c == '.' || c == '!' || c == '?';
}
static void repair_exclamations(const char *text, const ner_scratch *s, uint16_t *lab) {
    const ent_tok *T = s->tok;
    size_t n = s->ntok;
    for (size_t k = 0; k < s->nsent; k++) {
        size_t word = SIZE_MAX, words = 0;
        int mark = 0;
        for (uint32_t i = s->sent[k]; i < s->sent[k + 1] && i < n; i++) {
            if (T[i].shape == SH_PUNCT) {
                mark |= ends_sentence(text[T[i].b]);
                continue;
            }
            word = i;
            words++;
            mark |= T[i].ce < T[i].e && ends_sentence(text[T[i].ce]);
        }
        if (words != 1 || !mark || !lab[word] || !tg_class_begin(lab[word]) || T[word].g) continue;
        if (word + 1 < n && lab[word + 1] && !tg_class_begin(lab[word + 1])) continue;
        lab[word] = 0;
    }
}

/* Words after a hyphen that make a modifier of the name before them, not
 * a part of it ("Johnson-led", "Seoul-born", "Kim-style"). */
static const char *const modifier_tails[] = {"born", "run",  "like", "era",  "type",  "wide",
                                             "free", "only", "made", "held", "style", NULL};

/* A person's name ending in a given name of two syllables that the
 * tokenizer cut at its hyphen ("Kim Jong - un", "Ban Ki - moon", "Kang
 * Young - hoon"; CoNLL-2003 and the model keep "Jong-un" one word, but the
 * token reader joins no lower-case end, since "Paris-based" is no name):
 * a model person span of two words or more that ends at a capitalised
 * piece glued by a hyphen to a short lower-case piece (five letters at
 * most, where the chain ends) takes the piece in, unless the piece makes a
 * modifier ("Boris Johnson-led": a participle in -ed, or one of
 * modifier_tails). */
static void repair_given_name_tails(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                    int per) {
    if (per < 0) return;
    for (size_t i = 0; i < n; i++) {
        if (!tg_class_begin(lab[i])) continue;
        size_t e = span_end(lab, n, i), z = e - 1;
        if (tg_class_type(lab[i]) != per || e - i < 2 || e + 1 >= n || lab[e] ||
            T[z].shape != SH_CAP || !ner_is_hyphen(text, &T[e]) || T[e].b != T[z].e ||
            T[e + 1].b != T[e].e || T[e + 1].shape != SH_LOWER ||
            (e + 2 < n && T[e + 2].b == T[e + 1].e && ner_is_hyphen(text, &T[e + 2]))) {
            i = e - 1;
            continue;
        }
        const ent_tok *w = &T[e + 1];
        uint32_t len = w->e - w->b, k = 0;
        while (k < len && text[w->b + k] >= 'a' && text[w->b + k] <= 'z') k++;
        int ed = len >= 2 && text[w->e - 2] == 'e' && text[w->e - 1] == 'd';
        if (k == len && len <= 5 && !ed && !ner_is_any(text, w, modifier_tails))
            set_span(lab, n, i, e + 2, per);
        i = e - 1;
    }
}

/* Repairs from a fresh-eyes try-out (session 14, T10): each fixes a class
 * of text where the model, trained on Reuters, misreads how names are
 * written; each needs its cue and leaves the model's spans alone without it. */

/* Suffixes that end a person's name: "Martin Luther King Jr.", "John Smith,
 * Sr.", "Henry Ford II". */
static const char *const name_suffixes[] = {"jr",   "jr.", "sr",   "sr.", "jnr",
                                            "jnr.", "snr", "snr.", NULL};
static const char *const regnal_numbers[] = {"ii", "iii", "iv", "vi", "vii", "viii", NULL};

/* A suffix after a person's name belongs to it: the model, which saw few,
 * ends the name before it and reads "Jr." as a person of its own (or
 * leaves a surname between out: "Martin Luther" + "Jr."). A person span,
 * then at most two capitalised words the model left unlabelled, an
 * optional comma and "Jr."/"Sr." (or, right after the person's span, a
 * regnal number in capitals: "II", "III") become one person, on one line. */
static void repair_name_suffixes(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                 int per) {
    if (per < 0) return;
    for (size_t z = 1; z < n; z++) {
        /* the tests below without the word lists first: a person's name
         * ends within four tokens before it (the walk back below), and
         * the token is no other name's, nor inside one */
        if (T[z].shape != SH_CAP && T[z].shape != SH_UPPER) continue;
        if (lab[z] && (tg_class_type(lab[z]) != per || !tg_class_begin(lab[z]))) continue;
        int near = 0;
        for (size_t b = z > 4 ? z - 4 : 0; b < z && !near; b++)
            near = lab[b] && tg_class_type(lab[b]) == per;
        if (!near) continue;
        int suffix = T[z].shape == SH_CAP && ner_is_any(text, &T[z], name_suffixes);
        int regnal = T[z].shape == SH_UPPER && ner_is_any(text, &T[z], regnal_numbers);
        if (!suffix && !regnal) continue;
        if (lab[z] && tg_class_type(lab[z]) != per) continue;
        if (lab[z] && !tg_class_begin(lab[z])) continue; /* inside a name already */
        size_t j = z; /* walk back: a comma, then unlabelled capitalised words */
        if (suffix && j >= 2 && T[j - 1].shape == SH_PUNCT && text[T[j - 1].b] == ',' &&
            T[j - 1].e == T[j - 1].b + 1)
            j--; /* with the comma in the token ("Smith, Jr."), T[j - 1] holds it */
        size_t words = 0;
        while (suffix && j >= 2 && !lab[j - 1] && T[j - 1].shape == SH_CAP && words < 2 &&
               !T[j - 1].cut && same_line_gap(text, T[j - 1].e, T[j].b))
            j--, words++;
        if (j < 1 || !lab[j - 1] || tg_class_type(lab[j - 1]) != per ||
            !same_line_gap(text, T[j - 1].e, T[j].b))
            continue;
        if (T[j - 1].cut && !(T[j - 1].ce < T[j - 1].e && text[T[j - 1].ce] == ',')) continue;
        set_span(lab, n, span_first(lab, j - 1), z + 1, per);
    }
}

/* A possessive ends a person's name (one repair for both readings). The
 * model, reading "Peter's" as a capitalised word, goes on through the
 * capitals after it: "Peter's Wood carvings" became someone called "Peter's
 * Wood", "Charles Babbage's Analytical Engine" one person. A person span of
 * the model with a possessive inside (on a token, "Peter's", or a token of
 * its own, "Peter 's") ends there. The capitalised words after it become a
 * name of their own when there are two or more and they modify no noun
 * after them: an organisation or a place when one of its words is known as
 * one (a firm's or a body's word, a known place), else MISC (a work, a
 * machine, an idea: "Darwin's Origin of Species"). One word, or words
 * before a noun ("Peter's Wood carvings", "Marta's Garden tools"), are the
 * person's thing, no name: they are left unlabelled. The places a
 * possessive names ("St John's Wood") are read before
 * (repair_possessive_places). */
static void repair_possessives(const char *text, const ent_tok *T, uint16_t *lab, size_t n, int per,
                               int org, int loc, int misc) {
    if (per < 0) return;
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        if (tg_class_type(lab[b]) != per || e - b < 2) {
            b = e - 1;
            continue;
        }
        for (size_t x = b; x + 1 < e; x++) {
            size_t own = x, rest = x + 1;
            if (!possessive_tail(text, &T[x])) {
                if (x == b || !possessive_tok(text, &T[x])) continue;
                own = x - 1;
            }
            set_span(lab, n, b, own + 1, per);
            if (own + 1 < rest) lab[own + 1] = 0; /* a possessive token of its own */
            if (e - rest < 2 || modifies_noun(text, T, e, n)) {
                set_span(lab, n, rest, e, -1);
                break;
            }
            uint32_t f = 0;
            for (size_t y = rest; y < e; y++) f |= T[y].gf;
            int ty = (f & (G_ORG | G_ORGHEAD | G_LEGAL)) && org >= 0     ? org
                     : (f & (G_COUNTRY | G_LOC | G_LOCHEAD)) && loc >= 0 ? loc
                                                                         : misc;
            set_span(lab, n, rest, e, ty);
            break;
        }
        b = e - 1;
    }
}

/* Words that name a storm before its given name: "Storm Ciarán",
 * "Hurricane Milton", "Typhoon Haiyan". */
static const char *const storm_words[] = {"storm", "hurricane", "typhoon", "cyclone", NULL};

/* A named storm is an event (MISC in CoNLL-2003's guidelines), not the
 * person its given name would make it: the storm's word and one
 * capitalised word after it on the line become one MISC, when the model
 * labelled either and neither is inside a longer name ("Seattle Storm",
 * "Hawker Hurricane" stay). */
static void repair_storms(const char *text, const ent_tok *T, uint16_t *lab, size_t n, int misc) {
    if (misc < 0) return;
    for (size_t i = 0; i + 1 < n; i++) {
        /* the cheap tests of the next word and the labels before the list */
        if (T[i].shape != SH_CAP || T[i + 1].shape != SH_CAP || (!lab[i] && !lab[i + 1]) ||
            !ner_is_any(text, &T[i], storm_words))
            continue;
        const ent_tok *w = &T[i + 1];
        if (w->shape != SH_CAP || T[i].cut || !same_line_gap(text, T[i].e, w->b)) continue;
        if (w->gf & (G_STOP | G_MONTH | G_DAY)) continue;
        if (lab[i] && !tg_class_begin(lab[i])) continue;
        if (!lab[i] && !lab[i + 1]) continue;
        if (lab[i + 1] && !tg_class_begin(lab[i + 1]) && !lab[i]) continue;
        size_t e = lab[i + 1] ? span_end(lab, n, i + 1) : i + 2;
        if (e > i + 2) continue; /* a longer name: "Storm Shadow Missile Systems" */
        set_span(lab, n, i, i + 2, misc);
    }
}

/* Words that end the name of a prize: "Nobel Prize", "Turner Prize". */
static const char *const prize_heads[] = {"prize", "prizes", "award", "medal", NULL};
static const char *const prize_links[] = {"in", "for", NULL};
static const char *const prize_joins[] = {"and", "or", "of", NULL};

/* "Nobel Prize in Literature", "Pulitzer Prize for Fiction", "Nobel Prize in
 * Physiology or Medicine": the field of a prize is part of its name, which
 * the model, trained on news that writes "Nobel Prize" alone, ends at the
 * head word, making the field a place or a firm. A MISC span ending in a
 * prize's word, then "in" or "for" and capitalised words (joined by "and",
 * "or", "of") on the line, none of them a known place, become one MISC. */
static void repair_prize_fields(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                int misc) {
    if (misc < 0) return;
    const uint32_t place = G_COUNTRY | G_CITY | G_ADMIN1 | G_LOC;
    for (size_t i = 0; i + 2 < n; i++) {
        if (!lab[i] || tg_class_type(lab[i]) != misc) continue;
        size_t e = span_end(lab, n, i);
        if (e + 1 >= n || !ner_is_any(text, &T[e - 1], prize_heads) || T[e - 1].cut ||
            !ner_is_any(text, &T[e], prize_links) || T[e].shape != SH_LOWER) {
            i = e - 1;
            continue;
        }
        size_t k = e + 1, end = e + 1;
        while (k < n && same_line_gap(text, T[k - 1].e, T[k].b)) {
            if (T[k].shape == SH_CAP && !(T[k].gf & place)) {
                end = k + 1;
                if (T[k].cut) break;
            } else if (!(k > e + 1 && T[k].shape == SH_LOWER &&
                         ner_is_any(text, &T[k], prize_joins)))
                break;
            k++;
        }
        if (end > e + 1) set_span(lab, n, i, end, misc);
        i = (end > e + 1 ? end : e) - 1;
    }
}

/* Small words that title case capitalises: "Coffee To Longer Life". */
static const char *const title_small[] = {"a",   "an",   "the",  "and",  "or",    "but", "to",
                                          "for", "of",   "in",   "on",   "at",    "by",  "with",
                                          "as",  "from", "into", "over", "after", "up",  NULL};

/* Is t an ordinary word, which names nothing by itself: a small word of
 * title case, a capitalised word the gazetteer calls no name (G_STOP), a
 * word the word list with case (wordcase.h) has only in lower case; for a
 * word it lacks, one that is no given name and a common noun of WordNet (or its plural) that no
 * named instance shares
 * ("study", "coffee", "researchers"; not "Harvard", "Jordan"), or, with
 * adjectives, a word ending as English adjectives do ("Scientific",
 * "Cultural")? A word the gazetteer knows as a name (STRONG_FLAGS) or a
 * given name ("Bill", "Hope") is none. */
enum { ORD_TITLES, ORD_FIELDS }; /* what ordinary_word is asked for */
static int ordinary_word(const ent_shared *sh, const char *text, const ent_tok *t, int mode) {
    const int titles = mode == ORD_TITLES, adjectives = mode == ORD_FIELDS;
    const gaz *wn = &sh->wn;
    if (t->gf & STRONG_FLAGS) return 0;
    if ((t->gf & G_STOP) || ner_is_any(text, t, title_small)) return 1;
    size_t n = t->ce - t->cb;
    if (n < 3 || t->shape != SH_CAP) return 0;
    /* the word list with case: a word English writes only in lower case
     * ("say", "researchers") is ordinary, one it capitalises too ("Bill",
     * "Hope", "Harvard") is not */
    uint32_t wc = wc_class(sh->g.wc, t->h);
    /* in a title-case line (titles), a word English also writes in lower
     * case ("New", "Report") unless it is a given name or a town's */
    if (titles && (wc & WC_LOWER)) return !(t->gf & (G_FIRST | G_CITY | G_ADMIN1));
    if (wc) return wc == WC_LOWER;
    if (t->gf & G_FIRST) return 0;
    const char *w = text + t->cb;
    if (wn && wn->n) {
        uint64_t h;
        const gaz_entry *e = ner_find1(wn, w, n, &h);
        if (!e && w[n - 1] == 's') e = ner_find1(wn, w, n - 1, &h);
        if (e) {
            uint32_t ss = (e->flags >> WN_SS_SHIFT) & WN_SS_MASK;
            uint32_t cls = (e->flags >> WN_CLS_SHIFT) & WN_CLS_MASK;
            if (ss || cls) return ss && !cls;
        }
    }
    if (!adjectives) return 0;
    static const char *const ends[] = {"al", "ic", "ive", "ous", "ary", "ical", NULL};
    for (size_t k = 0; ends[k]; k++) {
        size_t m = strlen(ends[k]);
        if (n > m + 3 && !memcmp(w + n - m, ends[k], m)) return 1;
    }
    return 0;
}

static int is_comma(const char *text, const ent_tok *t) {
    return t->e == t->b + 1 && text[t->b] == ',';
}

/* "United Nations Educational, Scientific and Cultural Organization",
 * "Department for Culture, Media and Sport": an official name that lists
 * fields, with commas and "and" inside. The model, which saw few, cuts it
 * at each comma. An ORG span whose last word is an ordinary word (a field:
 * ordinary_word), then ", ordinary words" any number of times, "and" and
 * ordinary words that end the name, on one line, become one ORG when the
 * first span holds a body's word (G_ORGPRE, G_ORGHEAD: "Department for",
 * "Council for") or the name's last word is one (Organization, Institute). A list of
 * names ("Acme, Globex and Initech Corporation", "Google, Apple and
 * Microsoft") has names between the commas, and stays apart. */
static void repair_listed_names(const ent_shared *sh, const char *text, const ent_tok *T,
                                uint16_t *lab, size_t n, int org) {
    if (org < 0) return;
    static const char *const ands[] = {"and", "&", NULL};
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        if (tg_class_type(lab[b]) != org || e >= n ||
            !ordinary_word(sh, text, &T[e - 1], ORD_FIELDS) ||
            (T[e - 1].gf & (G_ORGHEAD | G_LEGAL))) {
            b = e - 1;
            continue;
        }
        size_t k = e, end = 0;
        int fields = 0;
        /* ", Word Word" conjuncts, then "and Word ... Head" */
        for (;;) {
            int comma = k < n && is_comma(text, &T[k]), and = 0;
            if (comma) k++;
            if (k < n && ner_is_any(text, &T[k], ands)) and = 1, k++;
            if ((!comma && !and) || k >= n || !same_line_gap(text, T[k - 1].e, T[k].b)) break;
            size_t w = k;
            while (w < n && w < k + 4 && T[w].shape == SH_CAP &&
                   !(lab[w] && tg_class_type(lab[w]) != org) &&
                   (ordinary_word(sh, text, &T[w], ORD_FIELDS) || (and&&(T[w].gf & G_ORGHEAD))) &&
                   (w == k || same_line_gap(text, T[w - 1].e, T[w].b)))
                w++;
            if (w == k) break;
            fields++;
            k = w;
            if (and) {
                end = w;
                break;
            }
        }
        if (!end || fields < 2) {
            b = e - 1;
            continue;
        }
        uint32_t body = T[end - 1].gf & G_ORGHEAD;
        for (size_t x = b; x < e; x++) body |= T[x].gf & (G_ORGPRE | G_ORGHEAD);
        if (!body) {
            b = e - 1;
            continue;
        }
        set_span(lab, n, b, end, org);
        b = end - 1;
    }
}

/* Does the gazetteer know the tokens [b, e) as one name? */
static int known_phrase(const gaz *g, const char *text, const ent_tok *T, size_t b, size_t e) {
    gaz_tok tk[16];
    if (e - b > 16) return 0;
    if (e == b + 1) return T[b].g && (T[b].gf & STRONG_FLAGS);
    uint64_t h = GAZ_SEED;
    for (size_t i = b; i < e; i++) {
        tk[i - b] = (gaz_tok){text + T[i].cb, T[i].ce - T[i].cb};
        h = ner_hash_next(h, text, &T[i], i == b);
    }
    const gaz_entry *ge = gaz_find(g, h, tk, e - b);
    return ge && (ge->flags & (STRONG_FLAGS | G_CITY | G_ADMIN1));
}

/* Do tokens b and b + 1 open a name the gazetteer knows ("New York",
 * "New York Stock Exchange": an entry, or a prefix of a longer one)? */
static int known_start(const gaz *g, const char *text, const ent_tok *T, size_t b) {
    gaz_tok tk[2] = {{text + T[b].cb, T[b].ce - T[b].cb},
                     {text + T[b + 1].cb, T[b + 1].ce - T[b + 1].cb}};
    uint64_t h = ner_hash_next(GAZ_SEED, text, &T[b], 1);
    h = ner_hash_next(h, text, &T[b + 1], 0);
    return gaz_find(g, h, tk, 2) != NULL;
}

/* Does the line [i, k) of tokens write nearly every word capitalised (title
 * case: "New Study Links Coffee To Longer Life, Harvard Researchers Say")?
 * At least four words other than title case's small words, none of them in
 * lower case (a sentence of names has its verb: "Bill Gates founded"), one
 * at least capitalised rather than in capitals (a line in capitals is
 * another case), and more than half of them ordinary words (ordinary_word):
 * a line listing names ("Mike Hulbert, Brian Henninger, Tiger Woods", a
 * results table's) is capitalised for its names. */
static int title_case_line(const ent_shared *sh, const char *text, const ent_tok *T, size_t i,
                           size_t k) {
    size_t words = 0, cap = 0, ordinary = 0;
    /* a headline ends without a full stop and holds no semicolon: "Established
     * as 4 Air Defense Wing on 25 March 1943." and "F-4 Phantom II, 1985;
     * F-16 Fighting Falcon" are a sentence and a list */
    if (text[T[k - 1].e - 1] == '.' && T[k - 1].shape == SH_PUNCT) return 0;
    for (size_t x = i; x < k; x++) {
        if (memchr(text + T[x].b, ';', T[x].e - T[x].b)) return 0;
        if (!T[x].letters || ner_is_any(text, &T[x], title_small)) continue;
        if (T[x].shape == SH_LOWER) return 0; /* not title case, whatever follows */
        words++;
        cap += T[x].shape == SH_CAP;
    }
    if (words < 4 || !cap) return 0;
    for (size_t x = i; x < k; x++)
        if (T[x].letters && !ner_is_any(text, &T[x], title_small))
            ordinary += (size_t)ordinary_word(sh, text, &T[x], ORD_TITLES);
    return 2 * ordinary > words;
}

/* Does t open a person's name (a given name, or an initial: "V.")? The
 * word after it is a surname, however ordinary ("Walter Little"). */
static int opens_person(const char *text, const ent_tok *t) {
    return (t->gf & G_FIRST) ||
           (t->shape == SH_UPPER && t->e == t->cb + 2 && text[t->cb + 1] == '.');
}

/* In a line of title case, capitals say nothing of names, and the model,
 * which reads them as names, makes a headline's phrases organisations
 * ("Study Links Coffee To Longer Life", "Harvard Researchers Say"). There
 * a model span loses its ordinary words (ordinary_word) at both ends, but
 * for a body's or a place's first or last word (Department, University,
 * Organization, River...: a span ending in one keeps its first words too)
 * and a surname after a given name or an initial, and goes when nothing is
 * left; a span the
 * gazetteer knows whole stays as it is ("White House"). */
static void repair_title_case(const ent_shared *sh, const char *text, const ent_tok *T,
                              const uint8_t *ls, uint16_t *lab, size_t n) {
    const uint32_t opens = G_ORGPRE | G_EVENTPRE | G_TITLE;
    const uint32_t ends = G_ORGHEAD | G_LOCHEAD | G_MISCHEAD | G_LEGAL | G_SPORT;
    for (size_t i = 0; i < n;) {
        size_t k = i + 1;
        while (k < n && !ls[k]) k++;
        if (!title_case_line(sh, text, T, i, k)) {
            i = k;
            continue;
        }
        for (size_t b = i; b < k; b++) {
            if (!lab[b] || !tg_class_begin(lab[b])) continue;
            size_t e = span_end(lab, n, b);
            if (e > k) e = k;
            if (known_phrase(&sh->g, text, T, b, e)) {
                b = e - 1;
                continue;
            }
            int ty = tg_class_type(lab[b]);
            size_t nb = b, ne = e;
            /* a name with its head word ("Bear Stearns & Co Inc", "First of
             * Michigan Corp.") keeps its first words too */
            if (!(T[e - 1].gf & ends))
                while (nb < ne && !(T[nb].gf & opens) &&
                       !(nb + 1 < ne && known_start(&sh->g, text, T, nb)) &&
                       ordinary_word(sh, text, &T[nb], ORD_TITLES))
                    nb++;
            /* a body's, a place's or a firm's head word ends a name; a
             * work's or an event's after a word of the name ("Davis Cup"), not
             * after an ordinary word ("Oxford Scientists Report") */
            while (ne > nb && ordinary_word(sh, text, &T[ne - 1], ORD_TITLES) &&
                   !(ne - 1 > nb && opens_person(text, &T[ne - 2])) &&
                   !(T[ne - 1].gf & ends & ~G_MISCHEAD) &&
                   !((T[ne - 1].gf & G_MISCHEAD) &&
                     (ne - 1 == nb || !ordinary_word(sh, text, &T[ne - 2], ORD_TITLES))))
                ne--;
            if (nb != b || ne != e) {
                set_span(lab, n, b, e, -1);
                if (ne > nb) set_span(lab, n, nb, ne, ty);
            }
            b = e - 1;
        }
        i = k;
    }
}

/* Verbs of saying right after their subject: "May said", "April told". */
static const char *const speech_verbs[] = {"said",  "says",   "told",    "added",    "argued",
                                           "wrote", "warned", "replied", "insisted", NULL};

/* A given name that is also a word of English opening a sentence: the
 * model reads "Will Smith said" as the modal and a surname ("Smith"), and
 * "May said she" as the month (a date pattern). A sentence's first word, a
 * given name the model left out (and no title or greeting: "Queen
 * Elizabeth I born", "Hi Lorenzo"), right before a one-word person span that
 * is a surname (G_LAST), joins it, unless the sentence asks a question
 * ("Will Smith attend?"); a month's name that is also a person's name (a
 * given name or a surname) opening a sentence right before a verb of
 * saying becomes a person (the date gives way to the model's span). */
static void repair_word_names(const char *text, const ner_scratch *s, uint16_t *lab, int per) {
    if (per < 0) return;
    const ent_tok *T = s->tok;
    size_t n = s->ntok;
    for (size_t k = 0; k < s->nsent; k++) {
        size_t sb = s->sent[k], se = s->sent[k + 1] < n ? s->sent[k + 1] : n, i = sb;
        while (i < se && !T[i].letters) i++;
        if (i + 1 >= se || T[i].shape != SH_CAP || lab[i] || T[i].cut ||
            !same_line_gap(text, T[i].e, T[i + 1].b))
            continue;
        const ent_tok *nx = &T[i + 1];
        if ((T[i].gf & G_FIRST) && !(T[i].gf & (G_TITLE | G_STOP)) &&
            !ner_is_any(text, &T[i], greetings) && lab[i + 1] == cls_begin(per) &&
            span_end(lab, n, i + 1) == i + 2 && (nx->gf & G_LAST) && nx->shape == SH_CAP) {
            int question = 0;
            for (size_t x = i; x < se; x++)
                question |= memchr(text + T[x].b, '?', T[x].e - T[x].b) != NULL;
            if (!question) set_span(lab, n, i, i + 2, per);
        } else if ((T[i].gf & G_MONTH) && (T[i].gf & (G_FIRST | G_LAST)) && !lab[i + 1] &&
                   nx->shape == SH_LOWER && ner_is_any(text, nx, speech_verbs)) {
            set_span(lab, n, i, i + 1, per);
        }
    }
}

/* Verbs that make a work: "painted The Starry Night", "wrote The Hobbit". */
static const char *const work_verbs[] = {"painted", "wrote",    "composed", "directed", "sculpted",
                                         "filmed",  "authored", "penned",   "recorded", NULL};

/* A capitalised "The" inside a sentence, right after a verb that makes a
 * work, opens the work's title: the model, which knows the words of
 * "The Starry Night" as a person's, tags them so. "The" and the model span
 * right after it (or the one holding it) become one MISC on the line. */
static void repair_work_titles(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                               int misc) {
    if (misc < 0) return;
    for (size_t i = 1; i + 1 < n; i++) {
        if (T[i].shape != SH_CAP || !ner_is_word(text, &T[i], "the")) continue;
        if (T[i - 1].shape != SH_LOWER || !ner_is_any(text, &T[i - 1], work_verbs) || T[i - 1].cut)
            continue;
        if (!same_line_gap(text, T[i - 1].e, T[i].b) || !same_line_gap(text, T[i].e, T[i + 1].b))
            continue;
        size_t e;
        if (lab[i] && tg_class_begin(lab[i]))
            e = span_end(lab, n, i);
        else if (!lab[i] && lab[i + 1] && tg_class_begin(lab[i + 1]))
            e = span_end(lab, n, i + 1);
        else
            continue;
        set_span(lab, n, i, e, misc);
        i = e - 1;
    }
}

/* Verbs of what firms do: "Amazon opened a warehouse". */
static const char *const firm_verbs[] = {
    "opened",  "hired",     "launched", "acquired", "bought", "sold",     "posted", "unveiled",
    "shipped", "announced", "reported", "laid",     "cut",    "invested", "listed", NULL};
/* Verbs of a match between two sides: "Liverpool beat Chelsea". */
static const char *const match_verbs[] = {"beat", "beats", "defeated", "thrashed", "edged", NULL};

/* A word that names a firm and a place ("Amazon": the river and the firm)
 * is the firm as the subject of a firm's verb; the model, reading the
 * place, made it a LOC. And a one-word person or place after a match verb
 * whose subject the model made an organisation (a club) is a club too
 * ("Liverpool beat Chelsea": Chelsea is no person there), when both sides
 * end in a place's or a club's word; a person beating a person ("Federer
 * beat Nadal", even with the model's ORG for Federer) is left alone. */
static void repair_firms_and_sides(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                   int org, int loc, int per) {
    if (org < 0) return;
    /* clubs are named after places, or with a club's word */
    const uint32_t club = G_CITY | G_ADMIN1 | G_SPORT;
    for (size_t i = 0; i + 1 < n; i++) {
        if (!lab[i] || !tg_class_begin(lab[i])) continue;
        size_t e = span_end(lab, n, i);
        int ty = tg_class_type(lab[i]);
        if (e >= n || T[e - 1].cut || !same_line_gap(text, T[e - 1].e, T[e].b)) {
            i = e - 1;
            continue;
        }
        if (ty == loc && e == i + 1 && (T[i].gf & G_ORG) && T[e].shape == SH_LOWER &&
            ner_is_any(text, &T[e], firm_verbs))
            set_span(lab, n, i, e, org);
        else if (ty == org && e + 1 < n && T[e].shape == SH_LOWER && (T[e - 1].gf & club) &&
                 (T[e + 1].gf & club) && ner_is_any(text, &T[e], match_verbs) && lab[e + 1] &&
                 tg_class_begin(lab[e + 1]) && span_end(lab, n, e + 1) == e + 2 &&
                 (tg_class_type(lab[e + 1]) == per || tg_class_type(lab[e + 1]) == loc) &&
                 same_line_gap(text, T[e].e, T[e + 1].b))
            set_span(lab, n, e + 1, e + 2, org);
        i = e - 1;
    }
}

/* Words that end a railway's name, and a place's where lines meet. */
static const char *const railway_heads[] = {"railway", "railroad", "junction", NULL};
static const char *const list_ands[] = {"and", "&", NULL};
/* Is t a capitalised railway_heads word? (its first letter first) */
static int railway_head(const char *text, const ent_tok *t) {
    return t->shape == SH_CAP && t->ce > t->cb && (text[t->cb] == 'R' || text[t->cb] == 'J') &&
           ner_is_any(text, t, railway_heads);
}
/* Verbs only a company is the subject of (not "opened", "cut": a line is
 * opened, a railway cuts through hills). */
static const char *const company_verbs[] = {"announced", "reported", "hired",    "acquired",
                                            "posted",    "unveiled", "invested", "merged",
                                            "employs",   "employed", NULL};

/* Railways are places (a line is laid somewhere, as a road is: CoNLL-2003's
 * guidelines and wikigold type them LOC), and so are the junctions named
 * after them ("Bridgton Junction", "Clapham Junction"). The model, trained
 * on Reuters, which names no railway, reads the capitalised name as a
 * firm's. A model span of another type ending in Railway, Railroad or
 * Junction (singular: "Indian Railways" runs trains and stays) is a LOC,
 * unless a firm's word follows it or ends it ("Ffestiniog Railway
 * Company", "Railroad Co."), or a verb only a company does ("the Erie
 * Railroad announced ..."): then it is the company. A railway named after the places it
 * joins ("Portland and Ogdensburg Railroad", "Wiscasset, Waterville and
 * Farmington Railway"), which the model cut at "and" into a place and a
 * firm, is one name: the model spans just before "and" (and before commas
 * before it, up to four) join it, when they are on its line; a head the
 * model left out after its place ("the Atlantic City Railroad") joins it.
 * The name without its head then names the same line or place ("the West
 * Jersey" after "the West Jersey Railroad", "Bridgton" beside "Bridgton
 * Junction"): model spans of the same words, of another type than a
 * person's, become LOC anywhere in the document (up to RAIL_NAMES names). */
#define RAIL_NAMES 16
static void repair_railways(const char *text, const ent_tok *T, uint16_t *lab, size_t n, int loc,
                            int per) {
    if (loc < 0) return;
    size_t nb[RAIL_NAMES], ne[RAIL_NAMES], nn = 0;
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        /* "the Atlantic City Railroad": the model's place without the head */
        if (e < n && !lab[e] && railway_head(text, &T[e]) &&
            same_line_gap(text, T[e - 1].e, T[e].b))
            e++;
        const ent_tok *z = &T[e - 1];
        if (!railway_head(text, z) ||
            (e < n && ((T[e].gf & G_LEGAL) || ner_is_any(text, &T[e], company_verbs)))) {
            b = span_end(lab, n, e - 1) - 1;
            continue;
        }
        /* "Clapham Junction" alone; a railway's name may open with others */
        size_t a = b;
        int rail = !ner_is_word(text, z, "junction");
        for (int k = 0; rail && k < 4; k++) {
            /* a model span, then "and" (first) or a comma (after) */
            if (a < 2 || !lab[a - 2]) break;
            const ent_tok *c = &T[a - 1];
            if (k == 0 ? !ner_is_any(text, c, list_ands) : !is_comma(text, c)) break;
            if (!same_line_gap(text, T[a - 2].e, c->b) || !same_line_gap(text, c->e, T[a].b)) break;
            size_t f = span_first(lab, a - 2);
            if (T[f].shape != SH_CAP && T[f].shape != SH_UPPER) break;
            if (tg_class_type(lab[f]) == per) break; /* "Anna Berg and Midland Railway" */
            a = f;
        }
        set_span(lab, n, a, e, loc);
        if (nn < RAIL_NAMES && e - 1 > a) nb[nn] = a, ne[nn++] = e - 1;
        b = e - 1;
    }
    /* the name without its head is the same line or place ("the West
     * Jersey" after "the West Jersey Railroad", "Bridgton" beside "Bridgton
     * Junction"): a model span of another type than a person's with the
     * same words, anywhere in the document */
    for (size_t b = 0; nn && b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        int ty = tg_class_type(lab[b]);
        for (size_t k = 0; k < nn && ty != loc && ty != per; k++) {
            if (ne[k] - nb[k] != e - b) continue;
            size_t x = 0;
            while (x < e - b && T[b + x].h == T[nb[k] + x].h) x++;
            if (x == e - b) {
                set_span(lab, n, b, e, loc);
                break;
            }
        }
        b = e - 1;
    }
}

/* What may follow a shop's or a firm's name in the possessive used as a
 * noun ("Macy's became", "with Ivey's and Sears", "at Harrod's ."). */
static const char *const after_firm_possessive[] = {
    ",",   ".",      ";",      ":",   "!",   "?",        "and",   "or", "became",
    "was", "opened", "closed", "has", "had", "replaced", "added", NULL};
/* after a given name alone only a shop's verbs: "The decision was Peter's."
 * and "Mary's, not mine" are a person's */
static const char *const after_shop_possessive[] = {"became", "opened", "closed", "replaced", NULL};

/* A name in the possessive with no noun after it names a shop, a bank, a
 * firm ("Macy's became", "anchored by Dillard's and Sears", "Boatmen's
 * was"): the possessive is part of the name, an ORG, where the model read
 * a person's name and the possessive case of a noun it left out. A model
 * PER or ORG span of one or two words, then a possessive "'s" token of its
 * own (the stage's token reader splits it off: possessive_end), then a
 * punctuation mark, "and"/"or", a verb (after_firm_possessive) or "in" and
 * a number becomes an ORG with the possessive. A full person's name (a given name before
 * its last word: "the car was John Smith's .") is left alone, and so is a
 * place ("Lord's ," stays the model's). */
static void repair_possessive_firms(const char *text, const ent_tok *T, uint16_t *lab, size_t n,
                                    int per, int org) {
    if (org < 0) return;
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        int ty = tg_class_type(lab[b]);
        /* "'s" (not a plural's "'": "The Pits' ."), then the cue, or "in"
         * and a year ("became Hecht's in 1992") */
        if ((ty == per || ty == org) && e - b <= 2 && e + 1 < n && !lab[e] &&
            !(e - b == 2 && (T[b].gf & G_FIRST)) && possessive_tok(text, &T[e]) &&
            (text[T[e].e - 1] | 0x20) == 's' && /* "'s", "’s"; not a plural's "’" */
            ((T[b].gf & G_FIRST) && e - b == 1
                 ? ner_is_any(text, &T[e + 1], after_shop_possessive)
                 : (ner_is_any(text, &T[e + 1], after_firm_possessive) ||
                    (ner_is_word(text, &T[e + 1], "in") && e + 2 < n &&
                     T[e + 2].shape == SH_NUM)))) {
            set_span(lab, n, b, e + 1, org);
            e++;
        }
        b = e - 1;
    }
}

/* Nouns a firm has in the possessive ("Amazon's profits", where the model
 * read the river). Countries, states and cities have revenues, earnings,
 * founders and even a chief executive too: repair_possessive_owners leaves
 * every name the gazetteer knows as one of those alone. */
static const char *const firm_owned[] = {
    "shareholders", "shareholder", "stockholders", "shares",   "ceo",        "profits",
    "profit",       "earnings",    "revenue",      "revenues", "subsidiary", "subsidiaries",
    "founder",      "co-founder",  "boardroom",    NULL};

/* A model LOC of one or two words in the possessive before a noun only a
 * firm has ("Amazon's shareholders", "Nile Foods's chief executive") is
 * an ORG. A country, state or city keeps its type (the gazetteer says
 * so): they have earnings and a chief executive too ("Hong Kong's"). */
static void repair_possessive_owners(const char *text, const gaz *g, const ent_tok *T,
                                     uint16_t *lab, size_t n, int loc, int org) {
    if (loc < 0 || org < 0) return;
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        if (tg_class_type(lab[b]) == loc && e - b <= 2 && e + 1 < n && !lab[e] &&
            possessive_tok(text, &T[e]) && (text[T[e].e - 1] | 0x20) == 's' &&
            T[e + 1].shape == SH_LOWER &&
            (ner_is_any(text, &T[e + 1], firm_owned) ||
             (e + 2 < n && ner_is_word(text, &T[e + 1], "chief") &&
              ner_is_word(text, &T[e + 2], "executive")))) {
            /* the whole name's flags: a two-word country ("South Korea")
             * is known as a phrase, not by its words; a country, a state
             * or a city keeps its type unless it is also a firm's name */
            const gaz_entry *ge = e - b > 1 ? span_entry(g, text, T, b, e) : T[b].g;
            const uint32_t wf = ge ? ge->flags : 0;
            if (!((wf & (G_COUNTRY | G_ADMIN1 | G_CITY)) && !(wf & G_ORG)))
                set_span(lab, n, b, e, org);
        }
        b = e - 1;
    }
}

/* Prefixes of ships' names: "HMS Victory", "USS Nimitz", "RMS Titanic";
 * those also read otherwise ("MS" the illness, "SS" the corps) only after
 * a word for a ship in the sentence ("the cruise ship MS Aurelia"). */
static const char *const ship_prefixes[] = {"hms",  "uss",   "rms",  "hmcs",
                                            "hmas", "hmnzs", "usns", NULL};
static const char *const ship_prefixes_cued[] = {"ms", "mv", "ss", "rv", "fv", NULL};
static const char *const ship_words[] = {
    "ship",      "ships",     "vessel",  "ferry",     "liner",    "tanker",
    "freighter", "cruise",    "aboard",  "boat",      "yacht",    "trawler",
    "frigate",   "destroyer", "steamer", "steamship", "schooner", "icebreaker",
    "carrier",   "submarine", "sailed",  NULL};

/* A ship's name (CoNLL-2003 tags "RMS Titanic" MISC): the prefix in
 * capitals and up to three capitalised words after it on its line become
 * one MISC, where the model read a person ("MS Aurelia") or nothing, unless
 * a model span goes on past the name or began before the prefix. */
static void repair_ships(const char *text, const ent_tok *T, uint16_t *lab, size_t n, int misc) {
    if (misc < 0) return;
    for (size_t i = 0; i + 1 < n; i++) {
        if (T[i].shape != SH_UPPER || T[i + 1].shape != SH_CAP || T[i].cut ||
            !same_line_gap(text, T[i].e, T[i + 1].b))
            continue;
        int cued = ner_is_any(text, &T[i], ship_prefixes);
        if (!cued && ner_is_any(text, &T[i], ship_prefixes_cued))
            for (size_t k = i; k > 0 && k + 6 > i && !cued && !T[k].sstart; k--)
                cued = ner_is_any(text, &T[k - 1], ship_words);
        if (!cued || (lab[i] && !tg_class_begin(lab[i]))) continue;
        size_t e = i + 1;
        while (e < n && e < i + 4 && T[e].shape == SH_CAP && !T[e - 1].cut &&
               same_line_gap(text, T[e - 1].e, T[e].b))
            e++;
        if (e < n && lab[e] && !tg_class_begin(lab[e])) continue; /* a longer name */
        set_span(lab, n, i, e, misc);
        i = e - 1;
    }
}

/* Plural nouns of kinds of names, and the type of the names they list:
 * "guitarists such as A, B and C", "A, B and other bands". A kind whose
 * members are of two types ("artists": singers and bands) is not here. */
static const char *const kinds_per[] = {
    "guitarists", "singers",   "musicians",   "drummers",   "bassists",  "pianists",  "rappers",
    "actors",     "actresses", "writers",     "authors",    "novelists", "poets",     "painters",
    "composers",  "directors", "politicians", "scientists", "players",   "comedians", NULL};
static const char *const kinds_org[] = {"bands",   "companies", "firms",  "clubs",
                                        "parties", "banks",     "labels", "newspapers",
                                        "teams",   "groups",    NULL};
static const char *const kinds_loc[] = {"cities",  "towns",  "villages",  "countries", "islands",
                                        "regions", "states", "provinces", "nations",   NULL};
static const char *const list_links[] = {",", "and", "or", NULL};
/* not "like": a verb as often as a cue ("players like Reebok boots") */
static const char *const kind_cues[] = {"including", NULL};

/* Type of the kind noun at t, in lower case or opening its sentence (-1:
 * none). */
static int kind_type(const char *text, const ent_tok *t, int per, int org, int loc) {
    if (t->shape != SH_LOWER && !(t->shape == SH_CAP && t->sstart)) return -1;
    return ner_is_any(text, t, kinds_per)   ? per
           : ner_is_any(text, t, kinds_org) ? org
           : ner_is_any(text, t, kinds_loc) ? loc
                                            : -1;
}

/* One model span [b, e) of a kind's list takes the kind's type ty, unless
 * the gazetteer knows the whole span as a name of another kind. */
static void list_item(const char *text, const gaz *g, const ent_tok *T, uint16_t *lab, size_t n,
                      size_t b, size_t e, int ty, uint32_t known) {
    if (tg_class_type(lab[b]) == ty) return;
    const gaz_entry *ge = span_entry(g, text, T, b, e);
    if (ge && (ge->flags & STRONG_FLAGS & ~known)) return;
    set_span(lab, n, b, e, ty);
}

/* A list after or before a plural noun of a kind of names is a list of
 * such names (Hearst's patterns): "guitarists such as Tohpati, Ridho and
 * Abdee Negara" are people, "Korn, Velvet Revolver and other bands" bands,
 * "towns such as Harwick and Ollen" places, where the model, trained on
 * Reuters, typed each name by its own letters. After the noun and "such
 * as", "including" or "like", or before "and/or (several, many, ...)
 * other" and the noun: the model spans of the list, joined by commas,
 * "and" and "or" within the sentence, take the noun's type; a word
 * between them that is not a link ends the list, and a span the gazetteer
 * knows whole as a name of another kind keeps its type. */
static void repair_kind_lists(const char *text, const gaz *g, const ent_tok *T, uint16_t *lab,
                              size_t n, int per, int org, int loc) {
    for (size_t i = 0; i + 2 < n; i++) {
        /* the cues' first letters: such, including, like, other */
        unsigned char c0 = (unsigned char)text[T[i].cb];
        uint32_t len = T[i].ce - T[i].cb;
        if (T[i].shape != SH_LOWER || (len != 4 && len != 5 && len != 9) ||
            (c0 != 's' && c0 != 'i' && c0 != 'l' && c0 != 'o'))
            continue;
        uint32_t known = 0;
        int ty;
        /* "K such as", "K including", "K like": the list after */
        size_t x = 0;
        if (ner_is_word(text, &T[i], "such") && i > 0 && ner_is_word(text, &T[i + 1], "as"))
            x = i + 2;
        else if (ner_is_any(text, &T[i], kind_cues) && i > 0)
            x = i + 1;
        if (x && (ty = kind_type(text, &T[i - 1], per, org, loc)) >= 0) {
            known = ty == per ? G_PER : ty == org ? G_ORG : G_LOC | G_COUNTRY;
            while (x < n && lab[x] && tg_class_begin(lab[x]) && !(x > i + 2 && T[x].sstart)) {
                size_t e = span_end(lab, n, x);
                list_item(text, g, T, lab, n, x, e, ty, known);
                x = e;
                size_t k = 0; /* ", and" */
                while (k < 2 && x < n && ner_is_any(text, &T[x], list_links)) x++, k++;
                if (!k) break;
            }
            continue;
        }
        /* "A, B and other K", "A or several other K": the list before */
        if (!ner_is_word(text, &T[i], "other")) continue;
        size_t k = i + 1;
        if (k >= n || (ty = kind_type(text, &T[k], per, org, loc)) < 0) continue;
        known = ty == per ? G_PER : ty == org ? G_ORG : G_LOC | G_COUNTRY;
        size_t y = i; /* back over "several", "many", "and", "," */
        while (y > 0 && T[y - 1].shape == SH_LOWER &&
               (ner_is_word(text, &T[y - 1], "several") || ner_is_word(text, &T[y - 1], "many")))
            y--;
        int links = 0;
        while (y > 0 && ner_is_any(text, &T[y - 1], list_links) && links < 2) y--, links++;
        if (!links) continue;
        while (y > 0 && lab[y - 1]) {
            size_t b = span_first(lab, y - 1);
            list_item(text, g, T, lab, n, b, y, ty, known);
            if (T[b].sstart) break;
            y = b;
            links = 0;
            while (y > 0 && ner_is_any(text, &T[y - 1], list_links) && links < 2) y--, links++;
            if (!links) break;
        }
    }
}

/* The try-out's repairs, in order, after the stage's other repairs
 * (its possessive class is repair_possessives, which runs with those). */
/* A title before a person's name is a cue, not part of the name (CoNLL
 * leaves "Mr", "Dr", "Senator" out of the PER span, as the model does
 * before a capitalised name most of the time). Before a surname particle
 * in lower case ("Ms van der Berg", "Dr de Vries"), which the model has
 * seen too rarely, and after "and" ("Dr de Groot and Mr Hale") it takes
 * the title in: a PER span that opens with a capitalised title word (not
 * also a name) followed by a word of the name loses the title. On
 * CoNLL-2003 dev this changes one span, a racehorse called "Miss
 * Stamper" (93.96 -> 93.94); wikigold dev is unchanged. */
static void repair_title_particles(const ent_tok *T, uint16_t *lab, size_t n, int per) {
    if (per < 0) return;
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        if (tg_class_type(lab[b]) == per && e - b >= 2 && (T[b].gf & G_TITLE) &&
            !(T[b].gf & ENTITY_FLAGS) && T[b].shape == SH_CAP &&
            (T[b + 1].shape == SH_LOWER || T[b + 1].shape == SH_CAP)) {
            lab[b] = 0;
            set_span(lab, n, b + 1, e, per);
        }
        b = e - 1;
    }
}

/* "Washington, D.C." is one place: D.C. is part of the city's name, and
 * CoNLL-2003 marks "Washington , D.C." as one LOC (train). A city and its
 * state abbreviation ("St. Petersburg, Fla.", "Carlsbad, Calif.") stay two
 * LOCs, as CoNLL-2003 marks them. A LOC span, a comma and a lone "D.C." or
 * "DC" (no span, or a one-token span of any type: the model reads a lone
 * "DC" as an ORG) become one LOC. */
static const char *const district_codes[] = {"d.c.", "dc", NULL};
static void repair_district(const char *text, const ent_tok *T, uint16_t *lab, size_t n, int loc) {
    if (loc < 0) return;
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        if (tg_class_type(lab[b]) == loc && e + 1 < n && is_comma(text, &T[e]) && !lab[e] &&
            T[e + 1].shape == SH_UPPER && ner_is_any(text, &T[e + 1], district_codes) &&
            (!lab[e + 1] || (tg_class_begin(lab[e + 1]) && span_end(lab, n, e + 1) == e + 2))) {
            set_span(lab, n, b, e + 2, loc);
            e += 2;
        }
        b = e - 1;
    }
}

/* A currency code alone is an amount's unit, not a name: "a fine (EUR)",
 * "paid in CHF", "GBP fell". The lexicon's CURRENCY codes (ISO 4217 and
 * the old national ones, upper case) that the model reads as a one-token
 * ORG or MISC lose the span; a code inside a longer name ("EUR Holdings")
 * keeps it, as does a code the pattern stage made part of an amount. */
static void repair_currency_codes(const ent_tok *T, uint16_t *lab, size_t n) {
    for (size_t b = 0; b < n; b++) {
        if (!lab[b] || !tg_class_begin(lab[b])) continue;
        size_t e = span_end(lab, n, b);
        if (e - b == 1 && (T[b].gf & G_CURRENCY) && T[b].shape == SH_UPPER)
            set_span(lab, n, b, e, -1);
        b = e - 1;
    }
}

static void repair_tryout_t10(const ent_shared *sh, const char *text, ner_scratch *s, tg_scratch *t,
                              const uint8_t *ls) {
    int per = model_type(sh, L_PER), org = model_type(sh, L_ORG), loc = model_type(sh, L_LOC),
        misc = model_type(sh, L_MISC);
    size_t n = s->ntok;
    repair_title_case(sh, text, s->tok, ls, t->lab, n);
    repair_name_suffixes(text, s->tok, t->lab, n, per);
    repair_storms(text, s->tok, t->lab, n, misc);
    repair_prize_fields(text, s->tok, t->lab, n, misc);
    repair_listed_names(sh, text, s->tok, t->lab, n, org);
    repair_word_names(text, s, t->lab, per);
    repair_work_titles(text, s->tok, t->lab, n, misc);
    repair_firms_and_sides(text, s->tok, t->lab, n, org, loc, per);
    repair_railways(text, s->tok, t->lab, n, loc, per);
    repair_possessive_firms(text, s->tok, t->lab, n, per, org);
    repair_possessive_owners(text, &sh->g, s->tok, t->lab, n, loc, org);
    repair_ships(text, s->tok, t->lab, n, misc);
    repair_kind_lists(text, &sh->g, s->tok, t->lab, n, per, org, loc);
    repair_currency_codes(s->tok, t->lab, n);
    repair_title_particles(s->tok, t->lab, n, per);
    repair_district(text, s->tok, t->lab, n, loc);
}

/* ls: line_start of each token */
static void repair_model_spans(const ent_shared *sh, const char *text, size_t len, ner_scratch *s,
                               tg_scratch *t, const uint8_t *ls) {
    int loc = model_type(sh, L_LOC), org = model_type(sh, L_ORG), misc = model_type(sh, L_MISC);
    size_t n = s->ntok;
    repair_hyphens(text, &sh->g, s->tok, t->lab, n, loc);
    repair_particle_chains(text, s->tok, t->lab, n, loc);
    repair_possessive_streets(text, s->tok, t->lab, n, loc, model_type(sh, L_PER));
    repair_possessive_places(text, &sh->g, s->tok, t->lab, n, loc, org, model_type(sh, L_PER));
    repair_possessives(text, s->tok, t->lab, n, model_type(sh, L_PER), org, loc, misc);
    repair_kind_nouns(text, s, t->lab, misc, org);
    repair_village_names(text, s->tok, t->lab, n, model_type(sh, L_PER), loc);
    repair_given_names(text, s, t->lab, model_type(sh, L_PER));
    repair_hyphen_orgs(text, &sh->g, s->tok, t->lab, n, misc, org);
    repair_hyphen_firms(text, &sh->g, s->tok, t->lab, n, org);
    repair_plural_groups(text, &sh->g, &sh->wn, s->tok, t->lab, n, model_type(sh, L_PER), org);
    repair_letters(text, len, s->tok, ls, t->lab, n);
    repair_place_institution(text, s->tok, t->lab, n, loc, org);
    repair_grades(text, s->tok, t->lab, n, loc, misc);
    repair_ordinals(text, s->tok, t->lab, n, org, misc);
    repair_awards(text, s, t->lab);
    repair_exclamations(text, s, t->lab);
    repair_place_context(text, s, t->lab, loc, model_type(sh, L_PER), org, misc);
    repair_given_name_tails(text, s->tok, t->lab, n, model_type(sh, L_PER));
    repair_tryout_t10(sh, text, s, t, ls);
}

/* The model's spans replace the rules' spans of the labels it decides,
 * except a quoted title's (keep), which replaces the model spans it
 * overlaps; a rule span of another label (a date, an amount) that
 * overlaps a model span gives way to it. The merged list need not be in
 * order: the core sorts the layer after process(). */
/* The score of a token whose class a vote or a repair changed: the
 * model's probability is of its own reading there (a "T-Mobile" the model
 * left out scored 1.0, its certainty of no entity). A repair is a rule: it
 * scores as the rules' patterns do (0.75). On the shipped model the spans
 * so changed were right 73% of the time on CoNLL-2003 dev (30 spans) and
 * 87% on wikigold dev (67); calibration (bench/entities/calibration.py)
 * moves by less than 0.002 ECE either way (0.5 and 0.9 were no better). */
#define REPAIR_SCORE 0.75f
static int apply_model(const ent_shared *sh, ent_state *st, const char *text, size_t len) {
    ner_scratch *s = &st->s;
    tg_scratch *t = &st->t;
    t->wn = &sh->wn;
    t->wordcase = sh->tm.wordcase;
    if (tg_prepare(&sh->g, text, s, t) || tg_tag(&sh->tm, s, t)) return -1;
    if (weft_grow((void **)&st->lab0, &st->caplab0, s->ntok + 1, sizeof *st->lab0)) return -1;
    if (s->ntok) memcpy(st->lab0, t->lab, s->ntok * sizeof *t->lab);
    release_award_titles(text, s);
    yield_to_kept(sh, s, t);
    if (tg_defer_to_sure(t, s->tok, s->ntok, sh->tm.ntype)) return -1;
    /* which tokens open a line, once for the repairs that ask (the tokens
     * do not change from here) */
    if (weft_grow((void **)&st->ls, &st->capls, s->ntok + 1, 1)) return -1;
    for (size_t i = 0; i < s->ntok; i++) st->ls[i] = (uint8_t)line_start(text, s->tok, i);
    repair_model_spans(sh, text, len, s, t, st->ls);
    join_nicknames(sh, text, s, t);
    carry_surnames(sh, s, t);
    size_t n = s->ntok, nm = 0;
    for (size_t i = 0; i < n; i++) nm += tg_class_begin(t->lab[i]);
    if (weft_grow((void **)&st->msp, &st->capmsp, s->nsp + nm + 1, sizeof *st->msp)) return -1;
    size_t k = 0, out = 0;
    for (size_t i = 0; i <= n; i++) {
        uint32_t c = i < n ? t->lab[i] : 0, e = (uint32_t)i;
        int begin = i < n && tg_class_begin(c);
        if (begin) {
            e = (uint32_t)i + 1;
            while (e < n && t->lab[e] == c + 1) e++;
        }
        /* rule spans starting before this point (or all, at the end) */
        while (k < s->nsp && (!begin || s->sp[k].tb < i || i == n)) {
            const ent_span *r = &s->sp[k++];
            if (r->label < sh->nlab && sh->by_model[r->label] && !r->keep) continue;
            int clash = 0; /* overlaps a model span? */
            for (uint32_t j = r->tb; j < r->te && j < n && !clash; j++) clash = t->lab[j] != 0;
            if (!clash) st->msp[out++] = *r;
        }
        if (!begin) continue;
        const ent_tok *a = &s->tok[i], *z = &s->tok[e - 1];
        /* without brackets, quotes, possessive and end punctuation, but with a
         * final dot ("Corp.": the dot of an abbreviation ends a sentence too) */
        uint32_t sb = a->cb < a->ce ? a->cb : a->b, se = z->cb < z->ce ? z->ce : z->e;
        if (se + 1 == z->e && text[se] == '.') se = z->e;
        uint32_t label = sh->mlab[tg_class_type(c)];
        int retyped = (label == L_PER || label == L_MISC || label == L_ORG) &&
                      place_by_head(text, a, z, label, s->sports);
        if (retyped) label = L_LOC;
        /* the model's probability of its class at each token, and
         * REPAIR_SCORE where a vote or a repair changed the class (the
         * type, or where the span begins or ends) */
        float p = 0;
        for (uint32_t j = (uint32_t)i; j < e; j++)
            p += retyped || t->lab[j] != st->lab0[j] ? REPAIR_SCORE : t->prob[j];
        st->msp[out++] = (ent_span){.tb = (uint32_t)i,
                                    .te = e,
                                    .b = sb,
                                    .e = se,
                                    .label = label,
                                    .score = p / (float)(e - (uint32_t)i),
                                    .source = SRC_MODEL};
        i = e - 1;
    }
    ent_span *tmp = s->sp;
    size_t cap = s->capsp;
    s->sp = st->msp;
    s->capsp = st->capmsp;
    s->nsp = out;
    st->msp = tmp;
    st->capmsp = cap;
    return 0;
}

/* The document's title (attribute `title`, title.h) as the stage reads it:
 * a string with a letter, trimmed of blanks, at most ENT_TITLE_MAX bytes
 * cut at a character boundary; NULL when there is none. */
static const char *doc_title(const weft_host *h, const weft_doc *doc, const ent_shared *sh,
                             size_t *n) {
    const weft_value *v = h->doc_get(doc, sh->title);
    if (!v || v->type != WEFT_V_STR || !v->u.str) return NULL;
    const char *p = v->u.str;
    size_t len = v->len;
    while (len && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++, len--;
    while (len &&
           (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\n' || p[len - 1] == '\r'))
        len--;
    if (len > ENT_TITLE_MAX) {
        len = ENT_TITLE_MAX;
        while (len && ((unsigned char)p[len] & 0xC0) == 0x80) len--;
    }
    if (!ent_title_has_letter(p, len)) return NULL;
    *n = len;
    return p;
}

/* Bytes of the closing quote or bracket that ends [b, e) (" ' ) ] } ’ ”
 * »), 0 when there is none. */
static uint32_t closer_end(const unsigned char *u, uint32_t b, uint32_t e) {
    if (e <= b) return 0;
    unsigned c = u[e - 1];
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '}') return 1;
    if (e >= b + 3 && u[e - 3] == 0xE2 && u[e - 2] == 0x80 && (c == 0x99 || c == 0x9D)) return 3;
    if (e >= b + 2 && u[e - 2] == 0xC2 && c == 0xBB) return 2;
    return 0;
}

/* Does the sentence before token T[i] (the tokenizer put a boundary there)
 * go on for the stage? Yes when nothing ends it: no line break between
 * T[i - 1] and T[i], and the text before, past closing quotes and brackets
 * (glued or tokens of their own, on that line), ends in no terminator
 * (. ! ? ; : …). The tokenizer's learned boundaries cut names where a
 * capitalised word follows a number, a sign or a quote ("The 1896 Atlantic
 * | City rail crash", "Since 1990 Deutsche | Bank", "Bear Stearns & | Co"):
 * the model, which learnt CoNLL-2003's lines, read the pieces as two
 * names. The sentence layer stays the tokenizer's. */
static int sentence_goes_on(const char *text, const ent_tok *T, size_t i) {
    const unsigned char *u = (const unsigned char *)text;
    for (uint32_t x = T[i - 1].e; x < T[i].b; x++)
        if (u[x] == '\n' || u[x] == '\r') return 0;
    size_t j = i - 1;
    uint32_t e = T[j].e;
    for (int k = 0; k < 4; k++) {
        uint32_t c = closer_end(u, T[j].b, e);
        if (!c) break;
        e -= c;
        if (e == T[j].b) { /* a lone quote or bracket: the token before it */
            if (j == 0) return 0;
            for (uint32_t x = T[j - 1].e; x < T[j].b; x++)
                if (u[x] == '\n' || u[x] == '\r') return 0;
            e = T[--j].e;
        }
    }
    if (e <= T[j].b) return 0;
    unsigned c = u[e - 1];
    if (c == '.' || c == '!' || c == '?' || c == ';' || c == ':') return 0;
    if (e >= T[j].b + 3 && u[e - 3] == 0xE2 && u[e - 2] == 0x80 && c == 0xA6) return 0; /* … */
    return 1;
}

/* Bytes of the possessive "'s" (or "’s") that ends the word [b, e) after a
 * letter ("Britain's", "McDonald’s"), 0 when there is none. The tokenizer
 * keeps it in the word (uax29: "Britain's" is one word), where CoNLL-2003,
 * which the model learnt, writes it apart ("Britain 's"): read as one
 * token, the model lost the cue and ran names on over it ("Britain's Sun"
 * ORG, "Puerto Rico's Hector" LOC), so the stage's token reader splits it
 * off, as the tokenizer's ptb style does. */
static uint32_t possessive_end(const char *text, uint32_t b, uint32_t e) {
    const unsigned char *p = (const unsigned char *)text;
    if (e < b + 3 || (p[e - 1] | 0x20) != 's') return 0;
    uint32_t a = p[e - 2] == '\''                                                         ? 1
                 : e >= b + 5 && p[e - 4] == 0xE2 && p[e - 3] == 0x80 && p[e - 2] == 0x99 ? 3
                                                                                          : 0;
    if (!a) return 0;
    unsigned c = p[e - 2 - a]; /* the byte before the apostrophe: a letter */
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80 ? a + 1 : 0;
}

static int ent_process(const weft_host *h, void *state, weft_doc *doc, weft_error *err) {
    ent_state *st = state;
    const ent_shared *sh = st->sh;
    ner_scratch *s = &st->s;
    const weft_ann *tok = NULL, *sen = NULL;
    size_t ntok = h->layer(doc, sh->token, &tok);
    weft_sym view = h->layer_view(doc, sh->token);
    if (!view) view = h->default_view(doc);
    if (h->layer_new(doc, sh->entity, view))
        return h->fail(err, WEFT_EINVAL, -1, "cannot create layer 'entity' over the token view");
    size_t len = 0;
    const char *text = h->view(doc, view, &len);
    if (!text) return h->fail(err, WEFT_EINVAL, -1, "the token layer's view is missing");
    if (len > UINT32_MAX - ENT_TITLE_MAX - 3)
        return h->fail(err, WEFT_ELIMIT, -1, "document over 4 GiB");
    size_t nsen = h->layer(doc, sh->sentence, &sen);
    /* The title, when there is one, is tagged first, as a sentence of its
     * own, from a copy of it, a blank line and the body (st->buf): it
     * teaches the document memory and history, and its spans are not
     * emitted (tokens [0, ntt), bytes [0, off)). */
    size_t tlen = 0, ntt = 0, off = 0;
    const char *title = doc_title(h, doc, sh, &tlen);
    if (title) ntt = ent_title_split(title, tlen, NULL, 0);
    /* word tokens ending in a possessive become two (possessive_end) */
    size_t nsplit = 0;
    for (size_t i = 0; i < ntok; i++)
        nsplit +=
            tok[i].label == sh->kinds[K_WORD] && possessive_end(text, tok[i].begin, tok[i].end);
    /* tokens outside every sentence form sentences of their own */
    if (ner_reserve(s, ntok + nsplit + ntt, 2 * nsen + 3))
        return h->fail(err, WEFT_ENOMEM, -1, "out of memory for %zu tokens", ntok);
    size_t ns = 0;
    if (ntt) {
        off = tlen + 2;
        if (weft_grow((void **)&st->buf, &st->capbuf, off + len + 1, 1))
            return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
        memcpy(st->buf, title, tlen);
        memcpy(st->buf + tlen, "\n\n", 2);
        memcpy(st->buf + off, text, len);
        st->buf[off + len] = '\0';
        text = st->buf;
        len += off;
        ent_title_split(title, tlen, s->tok, ntt);
        ntt = join_hyphen_chains(&sh->g, text, s->tok, ntt);
        for (size_t i = 0; i < ntt; i++)
            if (ner_features(&sh->g, s, text, &s->tok[i]))
                return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
        if (ent_title_cased(s->tok, ntt)) { /* the body alone */
            text = st->buf + off;
            len -= off;
            ntt = off = 0;
        } else {
            s->sent[ns++] = 0;
        }
    }
    size_t nt = 0;
    for (size_t i = 0; i < ntok; i++) {
        ent_tok *t = &s->tok[ntt + nt++];
        t->b = tok[i].begin + (uint32_t)off;
        t->e = tok[i].end + (uint32_t)off;
        t->kind = K_OTHER;
        for (int k = 5; k >= 1; k--) /* the last kind that matches, as a forward scan keeps */
            if (tok[i].label == sh->kinds[k]) {
                t->kind = (uint8_t)k;
                break;
            }
        uint32_t ps = nsplit && t->kind == K_WORD ? possessive_end(text, t->b, t->e) : 0;
        if (ps) {
            t->e -= ps;
            s->tok[ntt + nt++] = (ent_tok){.b = t->e, .e = t->e + ps, .kind = K_WORD};
        }
    }
    ntok = join_hyphen_chains(&sh->g, text, s->tok + ntt, nt);
    s->ntok = ntt + ntok;
    for (size_t i = 0; i < ntok; i++)
        if (ner_features(&sh->g, s, text, &s->tok[ntt + i]))
            return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    size_t ti = ntt, nall = ntt + ntok;
    for (size_t k = 0; k < nsen && ti < nall; k++) {
        uint32_t sb = sen[k].begin + (uint32_t)off, se = sen[k].end + (uint32_t)off;
        if (s->tok[ti].b < sb) {
            s->sent[ns++] = (uint32_t)ti;
            while (ti < nall && s->tok[ti].b < sb) ti++;
        }
        if (ti < nall && s->tok[ti].b < se) {
            if (ti == ntt || !sentence_goes_on(text, s->tok, ti)) s->sent[ns++] = (uint32_t)ti;
            while (ti < nall && s->tok[ti].b < se) ti++;
        }
    }
    if (ti < nall) s->sent[ns++] = (uint32_t)ti;
    s->nsent = ns;
    s->sent[ns] = (uint32_t)nall;
    if (ner_run(&sh->g, text, s)) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    if (sh->has_model && apply_model(sh, st, text, len))
        return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    ner_place_links(text, s);
    /* user patterns first: where they match, they win over the rules */
    st->npm = 0;
    if (sh->pats.n) {
        char msg[400];
        size_t where = 0;
        int rc = upat_match(&sh->pats, st->md, text + off, len - off, on_match, st, msg, sizeof msg,
                            &where);
        if (rc > 0) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
        if (rc < 0) return h->fail(err, WEFT_ELIMIT, (int64_t)where, "%s", msg);
        if (st->npm > 1) qsort(st->pm, st->npm, sizeof *st->pm, cmp_pm);
        for (size_t k = 0; k < st->npm; k++)
            st->pm[k].maxe =
                k && st->pm[k - 1].maxe > st->pm[k].e ? st->pm[k - 1].maxe : st->pm[k].e;
    }
    for (size_t k = 0; k < s->nsp; k++) {
        const ent_span *sp = &s->sp[k];
        if (!sp->label || sp->label >= sh->nlab || !sh->keep[sp->label]) continue;
        if (sp->score < sh->conf.min_score || sp->e <= sp->b) continue;
        if (sp->tb < ntt || sp->b < off) continue; /* the title's */
        uint32_t b = sp->b - (uint32_t)off, e = sp->e - (uint32_t)off;
        if (st->npm && overlaps_pattern(st, b, e)) continue;
        int rc = emit(h, doc, sh, b, e, sh->labsym[sp->label], sp->score, sp->source, err);
        if (rc) return rc;
    }
    for (size_t k = 0; k < st->npm && 0.9 >= sh->conf.min_score; k++) {
        int rc = emit(h, doc, sh, st->pm[k].b, st->pm[k].e, sh->patsym[st->pm[k].pat], 0.9f,
                      SRC_PATTERN, err);
        if (rc) return rc;
    }
    return WEFT_OK;
}

/* Data files of the trainer, through the host (relative: the current folder first). */
typedef struct train_ud {
    const weft_host *h;
    weft_setup *setup;
} train_ud;

static int train_read(void *ud, const char *name, char **buf, size_t *len, char *err,
                      size_t errlen) {
    train_ud *u = ud;
    weft_error e = {0, 0, -1, ""};
    if (u->h->read_file(u->setup, name, 0, buf, len, &e)) {
        snprintf(err, errlen, "%s", e.msg);
        return -1;
    }
    return 0;
}

static void train_release(void *ud, char *buf) {
    train_ud *u = ud;
    u->h->free_data(buf);
}

static int ent_train_hook(const weft_host *h, weft_setup *setup, int argc, char *const *argv,
                          weft_error *err) {
    gaz g, wn;
    wc_table wc = {0};
    gaz_init(&g);
    gaz_init(&wn);
    int rc = WEFT_OK;
    for (int i = 0; i < argc; i++) /* no need for the lists to print the help */
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) goto run;
    rc = load_gazetteers(h, setup, &g, 1, NULL, err);
    if (rc == WEFT_OK) rc = load_wordnet(h, setup, &wn, err);
    if (rc == WEFT_OK) rc = load_wordcase(h, setup, &g, &wc, err);
    if (rc) {
        gaz_free(&g);
        gaz_free(&wn);
        wc_free(&wc);
        return rc;
    }
run:;
    train_ud u = {h, setup};
    ent_train_io io = {&u, train_read, train_release};
    char msg[480];
    int trc = ent_train(&g, &wn, &io, argc, argv, msg, sizeof msg);
    if (trc < 0) rc = h->fail(err, trc == -2 ? WEFT_EINVAL : WEFT_EDATA, -1, "%s", msg);
    gaz_free(&g);
    gaz_free(&wn);
    wc_free(&wc);
    return rc;
}

static const char *const ent_requires[] = {"token", "sentence", NULL};
static const char *const ent_provides[] = {"entity", NULL};
static const weft_labels ent_provides_labels[] = {{"entity", ent_label_names + 1}, {NULL, NULL}};
static const weft_labels ent_requires_labels[] = {{"token", ent_token_kinds}, {NULL, NULL}};

static const weft_stage_class ent_stage = {
    .size = sizeof(weft_stage_class),
    .flags = WEFT_STAGE_PURE,
    .name = "entities",
    .summary = "named entities (PER ORG LOC MISC) and dates, times, money, percentages, "
               "quantities, e-mails, URLs, phone numbers",
    .requires = ent_requires,
    .provides = ent_provides,
    .provides_labels = ent_provides_labels,
    .requires_labels = ent_requires_labels,
    .params = ent_params,
    .conf_size = sizeof(ent_conf),
    .open = ent_open,
    .create = ent_create,
    .process = ent_process,
    .destroy = ent_destroy,
    .close = ent_close,
    .train = ent_train_hook,
};

static const weft_stage_class *const ent_stages[] = {&ent_stage, NULL};

static const weft_plugin ent_plugin = {
    WEFT_PLUGIN_HEADER,
    .name = "entities",
    .version = "1.0.0",
    .license = "MIT",
    .summary = "named and pattern entities from gazetteers, rules and user patterns",
    .stages = ent_stages,
};

WEFT_PLUGIN(ent_plugin)
