/*
 * boilerplate - the main text of a web page or of scraped plain text.
 *
 * Stage "boilerplate" reads view "raw" and adds view "text" (the main
 * content, paragraphs separated by a blank line) mapped back to "raw", a
 * layer "boilerplate" over "raw" of the removed blocks labelled with the
 * reason (nav, link-dense, share, related, cookie, copyright,
 * duplicate-title, short, ...), and the document attributes title, author,
 * date, url, canonical, language and description when found.
 *
 * HTML goes through libxml2's HTML parser (html.c), a Readability-style
 * choice of the main container (select.c) and a second pass of phrase and
 * link rules (refine.c). Plain text is judged line by line (plain.c,
 * classify.c). See README.md, "### boilerplate".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "bp.h"
#include "weft/tabfile.h"
#include "plainml.h"
#include "select.h"

static const weft_param bp_params[] = {
    {.name = "input",
     .type = WEFT_P_ENUM,
     .def = "auto",
     .choices = "auto|html|text",
     .offset = offsetof(bp_conf, input),
     .doc = "what raw holds: auto sniffs markup, html or plain scraped text"},
    {.name = "plain_model",
     .type = WEFT_P_STR,
     .def = "boilerplate/plain-model.txt",
     .offset = offsetof(bp_conf, plain_model),
     .doc = "plain text: the line classifier's model file (weft/linear.h text format), or none "
            "(or \"\") for the older stopword rules"},
    {.name = "language",
     .type = WEFT_P_STR,
     .def = "auto",
     .offset = offsetof(bp_conf, language),
     .doc = "stopword list: auto (page language or detected), a code (en, de) or a name (German)"},
    {.name = "keep_headings",
     .type = WEFT_P_BOOL,
     .def = "true",
     .offset = offsetof(bp_conf, keep_headings),
     .doc = "keep headings that belong to the article"},
    {.name = "keep_lists",
     .type = WEFT_P_BOOL,
     .def = "true",
     .offset = offsetof(bp_conf, keep_lists),
     .doc = "keep list items that belong to the article"},
    {.name = "keep_tables",
     .type = WEFT_P_BOOL,
     .def = "true",
     .offset = offsetof(bp_conf, keep_tables),
     .doc = "keep table cells that belong to the article"},
    {.name = "favor",
     .type = WEFT_P_ENUM,
     .def = "balanced",
     .choices = "precision|balanced|recall",
     .offset = offsetof(bp_conf, favor),
     .doc = "trade recall for precision (stricter link and edge rules) or the reverse"},
    {.name = "max_link_density",
     .type = WEFT_P_NUM,
     .def = "0.5",
     .min = 0,
     .max = 1,
     .offset = offsetof(bp_conf, max_link_density),
     .doc = "a kept block with more of its text in links is dropped (link-dense)"},
    {.name = "retry_chars",
     .type = WEFT_P_INT,
     .def = "500",
     .min = 0,
     .max = 1000000,
     .offset = offsetof(bp_conf, retry_chars),
     .doc = "HTML: below this many characters, retry with looser rules"},
    {.name = "length_low",
     .type = WEFT_P_INT,
     .def = "70",
     .min = 1,
     .max = 10000,
     .offset = offsetof(bp_conf, length_low),
     .doc = "plain text: a shorter line is short and needs context to stay"},
    {.name = "length_high",
     .type = WEFT_P_INT,
     .def = "200",
     .min = 1,
     .max = 100000,
     .offset = offsetof(bp_conf, length_high),
     .doc = "plain text: a longer line with enough stopwords is good on its own"},
    {.name = "stop_low",
     .type = WEFT_P_NUM,
     .def = "0.30",
     .min = 0,
     .max = 1,
     .offset = offsetof(bp_conf, stop_low),
     .doc = "plain text: below this stopword density a line is boilerplate"},
    {.name = "stop_high",
     .type = WEFT_P_NUM,
     .def = "0.32",
     .min = 0,
     .max = 1,
     .offset = offsetof(bp_conf, stop_high),
     .doc = "plain text: from this stopword density a long line is good"},
    {.name = NULL}};

/* The shipped stoplists are jusText's, in data/, listed in stopfile.c. */
#define NLANGS BP_STOP_NLANGS
/* A stopword list is a few kilobytes; anything near this is not one. */
#define STOPLIST_MAX ((size_t)16 << 20)

static void bp_close(void *shared) {
    bp_shared *s = shared;
    if (!s) return;
    if (s->stop_map) { /* the lists point into the table file */
        weft_tab_unmap(s->stop_map, s->stop_map_len);
    } else {
        for (size_t i = 0; i < s->nlists; i++) bp_stop_free(&s->lists[i]);
        weft_strmap_free(&s->stop_any);
    }
    bp_stop_any_free(s);
    free(s->lists);
    bp_mlc_free(s->mlc);
    if (s->model) weft_lin_model_free(s->model);
    free(s->model);
    free(s);
}

/* A model file is a few hundred kilobytes; anything near this is not one. */
#define MODEL_MAX ((size_t)64 << 20)

/* The plain-text classifier named by plain_model, unless it is "none". A
 * missing or malformed file is a setup error naming the file and line. */
static int load_model(const weft_host *host, weft_setup *setup, bp_shared *s, weft_error *err) {
    const char *name = s->conf.plain_model ? s->conf.plain_model : "none";
    if (!*name || strcmp(name, "none") == 0) return WEFT_OK;
    char *text;
    size_t len;
    int rc = host->read_file(setup, name, MODEL_MAX, &text, &len, err);
    if (rc) return rc;
    s->model = calloc(1, sizeof *s->model);
    if (!s->model) {
        host->free_data(text);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    char msg[256];
    rc = weft_lin_load(s->model, text, len, msg, sizeof msg);
    host->free_data(text);
    if (rc) return host->fail(err, WEFT_EDATA, -1, "%s: %s", name, msg);
    const char *why = bp_ml_check(s->model);
    if (why) return host->fail(err, WEFT_EDATA, -1, "%s: %s", name, why);
    s->mlc = bp_mlc_new(s->model);
    if (!s->mlc) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    return WEFT_OK;
}

static int stop_view(void *s, const void *p, size_t n, uint64_t src, const char **why) {
    return bp_stop_file_view(s, p, n, src, why);
}

/* The stop lists and their index from the prebuilt table file (stopfile.c),
 * when it is there and made from the very lists the host finds now: 0.
 * Else -1, the reason logged (info), and open() builds them from the lists. */
static int map_stoplists(const weft_host *h, weft_setup *setup, bp_shared *s) {
    char names[NLANGS][64];
    const char *rel[NLANGS];
    bp_stop_file_names(names);
    for (size_t i = 0; i < NLANGS; i++) rel[i] = names[i];
    return weft_tab_open_mapped(h, setup, BP_STOP_FILE_NAME, rel, NLANGS, stop_view, s,
                                "boilerplate: stop lists", &s->stop_map, &s->stop_map_len);
}

static int bp_open(const weft_host *host, weft_setup *setup, const void *conf, void **shared,
                   weft_error *err) {
    /* Thread-safe initialisation of libxml2's globals, once per process. */
    xmlInitParser();
    bp_shared *s = calloc(1, sizeof *s);
    if (!s) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    s->conf = *(const bp_conf *)conf;
    bp_classwords_init(&s->cw);
    bp_phrases_init(&s->ph);
    const bp_conf *c = conf;
    if (c->stop_low > c->stop_high) {
        bp_close(s);
        return host->fail(err, WEFT_EINVAL, -1, "stop_low (%g) is above stop_high (%g)",
                          c->stop_low, c->stop_high);
    }
    if (c->length_low > c->length_high) {
        bp_close(s);
        return host->fail(err, WEFT_EINVAL, -1, "length_low (%lld) is above length_high (%lld)",
                          (long long)c->length_low, (long long)c->length_high);
    }
    const char *want = s->conf.language ? s->conf.language : "auto";
    s->fixed_list = -1;
    s->lists = calloc(NLANGS, sizeof *s->lists);
    if (!s->lists) {
        bp_close(s);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    int mapped = map_stoplists(host, setup, s) == 0;
    for (size_t i = 0; i < NLANGS && !mapped; i++) {
        char rel[96], msg[400], *text;
        size_t len;
        snprintf(rel, sizeof rel, "boilerplate/stop-%s.txt", bp_stop_langs[i].name);
        int rc = host->read_file(setup, rel, STOPLIST_MAX, &text, &len, err);
        if (rc) {
            bp_close(s);
            return rc;
        }
        rc = bp_stop_load_text(&s->lists[i], rel, text, len, msg, sizeof msg);
        host->free_data(text);
        if (rc) {
            bp_close(s);
            return host->fail(err, rc, -1, "%s", msg);
        }
        s->nlists++;
        snprintf(s->lists[i].name, sizeof s->lists[i].name, "%s", bp_stop_langs[i].name);
        snprintf(s->lists[i].code, sizeof s->lists[i].code, "%s", bp_stop_langs[i].code);
    }
    for (size_t i = 0; i < NLANGS; i++)
        if (strcasecmp(want, bp_stop_langs[i].name) == 0 ||
            strcasecmp(want, bp_stop_langs[i].code) == 0)
            s->fixed_list = (int)i;
    /* As built: with a list named, no index (the table file has one). */
    if (mapped && s->fixed_list >= 0) weft_strmap_init(&s->stop_any);
    if (!mapped && s->fixed_list < 0 && bp_stop_index(s)) {
        bp_close(s);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    if (s->fixed_list < 0 && s->stop_any.n && bp_stop_any_fast(s)) {
        bp_close(s);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    if (s->fixed_list < 0 && strcmp(want, "auto") != 0) {
        bp_close(s);
        return host->fail(err, WEFT_EINVAL, -1,
                          "language '%s': expected auto or one of en de fr es it pt nl pl ru cs "
                          "sv da nb fi tr hu ro el uk ar (or the English names)",
                          want);
    }
    if (load_model(host, setup, s, err)) {
        bp_close(s);
        return err->code;
    }
    static const char *const attr_names[] = {"title",     "author",   "date",        "url",
                                             "canonical", "language", "description", "charset"};
    weft_sym *attrs[] = {&s->attr_title,       &s->attr_author,    &s->attr_date,
                         &s->attr_url,         &s->attr_canonical, &s->attr_language,
                         &s->attr_description, &s->attr_charset};
    int ok =
        (s->raw = host->intern(setup, "raw")) && (s->decoded = host->intern(setup, "decoded")) &&
        (s->text = host->intern(setup, "text")) && (s->layer = host->intern(setup, "boilerplate"));
    for (size_t i = 0; ok && i < sizeof attrs / sizeof attrs[0]; i++)
        ok = (*attrs[i] = host->intern(setup, attr_names[i])) != 0;
    for (size_t i = 1; ok && i < BP_NREASONS; i++)
        ok = (s->reasons[i] = host->intern(setup, bp_reason_names[i])) != 0;
    if (!ok) {
        bp_close(s);
        return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    }
    const char *libxml;
    long built;
    s->prune = bp_prune_usable(&libxml, &built);
    if (!s->prune)
        host->setup_log(setup, WEFT_LOG_INFO,
                        "libxml2 %s (built against %ld) is outside the 2.9 series the HTML "
                        "pre-pass copies: pages go to libxml2 whole (same text, slower parse)",
                        libxml, built);
    *shared = s;
    return WEFT_OK;
}

static int bp_create(const weft_host *host, void *shared, void **state, weft_error *err) {
    bp_work *w = calloc(1, sizeof *w);
    if (!w) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    w->sh = shared;
    *state = w;
    return WEFT_OK;
}

static void bp_destroy(void *state) {
    bp_work *w = state;
    if (!w) return;
    bp_work_release(w);
    free(w);
}

/* Scratch that grew for one huge page is given back rather than kept. */
static void reset(bp_work *w) {
    const size_t keep = (size_t)64 << 20;
    if (w->text.cap > keep) bp_buf_free(&w->text);
    if (w->dec.cap > keep) bp_buf_free(&w->dec);
    if (w->runs.cap * sizeof(weft_offrun) > keep) bp_runs_free(&w->runs);
    if (w->blocks.cap * sizeof(bp_block) > keep) {
        free(w->blocks.b);
        w->blocks = (bp_blocks){0};
    }
    if (w->els.cap * sizeof(bp_el) > keep) {
        free(w->els.e);
        w->els = (bp_els){0};
    }
    w->text.n = w->runs.n = w->blocks.n = w->els.n = 0;
    for (size_t i = 0; i < sizeof w->meta / sizeof w->meta[0]; i++) w->meta[i].n = 0;
    w->stop = NULL;
    w->pick_in_pass = 0;
    w->note = NULL;
    w->dec_on = w->valid = w->raw_utf8 = 0;
}

static int bp_process(const weft_host *host, void *state, weft_doc *doc, weft_error *err) {
    bp_work *w = state;
    const bp_shared *sh = w->sh;
    size_t n;
    const char *raw = host->view(doc, sh->raw, &n);
    if (!raw) return host->fail(err, WEFT_EINVAL, -1, "the document has no raw view");
    if (n > UINT32_MAX / 2)
        return host->fail(err, WEFT_ELIMIT, -1, "document of %zu bytes is too large", n);
    reset(w);
    int html = sh->conf.input == 1;
    const char *why = NULL;
    if (!n) {
        why = "empty document";
    } else if (sh->conf.input == 0 && bp_looks_binary(raw, n)) {
        why = "binary data, not text";
    } else {
        if (sh->conf.input == 0) html = bp_looks_html(raw, n);
        if (html) {
            char msg[256];
            int rc = bp_html(w, raw, n, msg, sizeof msg);
            if (rc == WEFT_ENOMEM) return host->fail(err, rc, -1, "%s", msg);
            if (rc)
                why = "the page could not be parsed";
            else if (msg[0])
                host->doc_log(doc, WEFT_LOG_INFO, "%s", msg);
        } else {
            /* no "decoded" view: the core found raw valid UTF-8 (decode.c) */
            size_t dn;
            w->raw_utf8 = !host->view(doc, sh->decoded, &dn);
            if (bp_plain(w, raw, n))
                return host->fail(err, WEFT_ENOMEM, -1, "out of memory splitting the text");
            if (w->note) host->doc_log(doc, WEFT_LOG_INFO, "%s", w->note);
        }
    }
    if (!why) {
        const bp_buf *lang = &w->meta[BM_LANGUAGE];
        size_t sample = w->text.n < BP_PICK_SAMPLE ? w->text.n : BP_PICK_SAMPLE;
        /* plain text: the line pass counts the sample's words for the pick
         * as it reads them (bp_lines_read), the same count */
        w->pick_in_pass = 0;
        if (!bp_stop_pick_declared(sh, lang->p, lang->n, &w->stop)) {
            if (!html && bp_stop_pick_by_any(sh))
                w->pick_in_pass = 1;
            else
                w->stop = bp_stop_pick(sh, lang->p, lang->n, w->text.p, sample);
        }
        if (bp_features(w, !html))
            return host->fail(err, WEFT_ENOMEM, -1, "out of memory reading the text");
        if (html) {
            bp_select(w, &sh->conf);
            bp_refine(w);
        } else {
            if (bp_plain_classify(w))
                return host->fail(err, WEFT_ENOMEM, -1, "out of memory classifying the text");
        }
        /* the list is the classifier's either way; the text's language is
         * what the pick can tell (bp_stop_pick_report) */
        const bp_stoplist *said =
            lang->n ? NULL
            : w->pick_in_pass
                ? bp_stop_pick_report_counts(sh, w->stop, sample, w->pick_words, w->pick_hits)
                : bp_stop_pick_report(sh, w->stop, w->text.p, sample);
        if (said) bp_set_meta(&w->meta[BM_LANGUAGE], said->code, strlen(said->code));
    }
    int rc = bp_emit(host, w, doc, err, n);
    if (rc) return rc;
    size_t kept = 0;
    for (size_t i = 0; i < w->blocks.n; i++) kept += !w->blocks.b[i].reason;
    if (why)
        host->doc_log(doc, WEFT_LOG_WARN, "boilerplate: %s: no text extracted", why);
    else if (!kept)
        host->doc_log(doc, WEFT_LOG_WARN, "boilerplate: no main text found");
    return WEFT_OK;
}

/* The attributes are set when the page or text gives them (a later stage
 * reads nil otherwise), like attr:title. */
static const char *const bp_provides[] = {
    "view:text",      "boilerplate",   "attr:title",       "attr:author",  "attr:date", "attr:url",
    "attr:canonical", "attr:language", "attr:description", "attr:charset", NULL};
static const weft_labels bp_provides_labels[] = {{"boilerplate", bp_reason_names + 1},
                                                 {NULL, NULL}};

static const weft_stage_class bp_stage = {
    .size = sizeof(weft_stage_class),
    .flags = WEFT_STAGE_PURE,
    .name = "boilerplate",
    .summary = "main text of HTML pages or scraped text; removed blocks labelled by reason",
    .provides = bp_provides,
    .provides_labels = bp_provides_labels,
    .params = bp_params,
    .conf_size = sizeof(bp_conf),
    .open = bp_open,
    .create = bp_create,
    .process = bp_process,
    .destroy = bp_destroy,
    .close = bp_close,
};

static const weft_stage_class *const bp_stages[] = {&bp_stage, NULL};

static const weft_plugin bp_plugin = {
    WEFT_PLUGIN_HEADER,
    .name = "boilerplate",
    .version = "1.0.0",
    .license = "MIT",
    .summary = "boilerplate removal: main text out of HTML pages and scraped text",
    .stages = bp_stages,
};

WEFT_PLUGIN(bp_plugin)
