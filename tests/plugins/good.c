/* Fixture: a well-formed plugin whose parameters cover every type. Stage
 * "mark" adds a layer "mark" over each occurrence of `needle`; it fails a
 * document that contains `poison`, with the offset of the match. Stage
 * "noop" does nothing (for overhead benchmarks). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/plugin.h"

typedef struct {
    const char *needle;
    int64_t max;
    double ratio;
    int mode;
    weft_strlist tags;
    const weft_node *extra;
    int flag;
    const char *poison;
} mark_conf;

static const weft_param mark_params[] = {{.name = "needle",
                                          .type = WEFT_P_STR,
                                          .flags = WEFT_PARAM_REQUIRED,
                                          .offset = offsetof(mark_conf, needle),
                                          .doc = "text to mark"},
                                         {.name = "max",
                                          .type = WEFT_P_INT,
                                          .def = "10",
                                          .min = 1,
                                          .max = 100,
                                          .offset = offsetof(mark_conf, max),
                                          .doc = "most marks per document"},
                                         {.name = "ratio",
                                          .type = WEFT_P_NUM,
                                          .def = "0.5",
                                          .min = 0,
                                          .max = 1,
                                          .offset = offsetof(mark_conf, ratio),
                                          .doc = "score of each mark"},
                                         {.name = "mode",
                                          .type = WEFT_P_ENUM,
                                          .def = "all",
                                          .choices = "first|all",
                                          .offset = offsetof(mark_conf, mode),
                                          .doc = "mark the first or all"},
                                         {.name = "tags",
                                          .type = WEFT_P_LIST,
                                          .def = "a,b",
                                          .offset = offsetof(mark_conf, tags),
                                          .doc = "attribute tags"},
                                         {.name = "extra",
                                          .type = WEFT_P_TABLE,
                                          .offset = offsetof(mark_conf, extra),
                                          .doc = "free-form table"},
                                         {.name = "flag",
                                          .type = WEFT_P_BOOL,
                                          .def = "false",
                                          .offset = offsetof(mark_conf, flag),
                                          .doc = "a boolean"},
                                         {.name = "poison",
                                          .type = WEFT_P_STR,
                                          .def = "POISON",
                                          .offset = offsetof(mark_conf, poison),
                                          .doc = "documents containing this fail"},
                                         {.name = NULL}};

typedef struct {
    mark_conf conf;
    weft_sym layer, label, tag_key;
} mark_shared;

static int mark_open(const weft_host *h, weft_setup *s, const void *conf, void **shared,
                     weft_error *err) {
    mark_shared *m = calloc(1, sizeof *m);
    if (!m) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    m->conf = *(const mark_conf *)conf;
    m->layer = h->intern(s, "mark");
    m->label = h->intern(s, "MARK");
    m->tag_key = h->intern(s, "tags");
    *shared = m;
    return WEFT_OK;
}

static void mark_close(void *shared) {
    free(shared);
}

/* Per-worker state (a pointer to the shared part and a document count), so
 * that create() and destroy() run: ASan and valgrind see a missed destroy. */
typedef struct {
    const mark_shared *m;
    uint64_t docs;
} mark_state;

static int mark_create(const weft_host *h, void *shared, void **state, weft_error *err) {
    mark_state *s = calloc(1, sizeof *s);
    if (!s) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    s->m = shared;
    *state = s;
    return WEFT_OK;
}

static void mark_destroy(void *state) {
    free(state);
}

static const char *find(const char *hay, size_t len, const char *needle) {
    size_t n = strlen(needle);
    if (n == 0 || n > len) return NULL;
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(hay + i, needle, n) == 0) return hay + i;
    return NULL;
}

static int mark_process(const weft_host *h, void *state, weft_doc *d, weft_error *err) {
    mark_state *ms = state;
    const mark_shared *m = ms->m;
    ms->docs++;
    size_t len;
    const char *t = h->view(d, h->default_view(d), &len);
    const char *bad = m->conf.poison[0] ? find(t, len, m->conf.poison) : NULL;
    if (bad)
        return h->fail(err, WEFT_EDATA, bad - t, "found poison '%s' at byte %td", m->conf.poison,
                       bad - t);
    int64_t count = 0;
    size_t n = strlen(m->conf.needle);
    for (const char *p = t; (p = find(p, len - (size_t)(p - t), m->conf.needle)); p += n) {
        int64_t idx = h->add(d, m->layer, (uint32_t)(p - t), (uint32_t)(p - t + n), m->label,
                             (float)m->conf.ratio);
        if (idx < 0) return h->fail(err, WEFT_ENOMEM, p - t, "add failed");
        if (m->conf.tags.n) {
            weft_value v = {.type = WEFT_V_STR,
                            .len = (uint32_t)strlen(m->conf.tags.items[0]),
                            .u.str = m->conf.tags.items[0]};
            h->ann_set(d, m->layer, idx, m->tag_key, &v);
        }
        if (++count >= m->conf.max || m->conf.mode == 0) break;
    }
    return WEFT_OK;
}

static int noop_process(const weft_host *h, void *state, weft_doc *d, weft_error *err) {
    (void)h;
    (void)state;
    (void)d;
    (void)err;
    return WEFT_OK;
}

/* Stage "crash": dies with SIGSEGV on a document containing CRASH, the way a
 * buggy plugin would (raised rather than a real wild write, so sanitizers
 * and valgrind see the same crash). */
static int crash_process(const weft_host *h, void *state, weft_doc *d, weft_error *err) {
    size_t len;
    const char *t = h->view(d, h->default_view(d), &len);
    if (find(t, len, "CRASH")) raise(SIGSEGV);
    return noop_process(h, state, d, err);
}

static const char *const mark_provides[] = {"mark", NULL};
static const weft_stage_class mark_stage = {.size = sizeof(weft_stage_class),
                                            .name = "mark",
                                            .summary = "mark a needle",
                                            .provides = mark_provides,
                                            .params = mark_params,
                                            .conf_size = sizeof(mark_conf),
                                            .open = mark_open,
                                            .create = mark_create,
                                            .process = mark_process,
                                            .destroy = mark_destroy,
                                            .close = mark_close};
static const weft_stage_class noop_stage = {.size = sizeof(weft_stage_class),
                                            .flags = WEFT_STAGE_PURE,
                                            .name = "noop",
                                            .summary = "does nothing",
                                            .process = noop_process};
static const char *const needs_mark[] = {"mark", NULL};
static const weft_stage_class after_stage = {.size = sizeof(weft_stage_class),
                                             .name = "after_mark",
                                             .summary = "requires the mark layer",
                                             .requires = needs_mark,
                                             .process = noop_process};
static const weft_stage_class crash_stage = {.size = sizeof(weft_stage_class),
                                             .name = "crash",
                                             .summary = "crashes on CRASH",
                                             .process = crash_process};
static const weft_stage_class *const stages[] = {&mark_stage, &noop_stage, &after_stage,
                                                 &crash_stage, NULL};
static const weft_plugin plugin = {WEFT_PLUGIN_HEADER,        .name = "good",
                                   .version = "1.2.3",        .license = "MIT",
                                   .summary = "test fixture", .stages = stages};
WEFT_PLUGIN(plugin)
