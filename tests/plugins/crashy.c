/* Fixture: a plugin that misbehaves the ways third-party C code does, on
 * the documents that contain `marker`, for the tests of weft run --isolate.
 * Stage "crashy" sets the document attribute "bytes" (the text's length) on
 * every other document; on a marked one it does what `how` says: segv,
 * abort, fpe, spin (forever), print (a line to stdout) or exit (exit(0)). With `in` set to open,
 * create, close or destroy it does it in that callback instead, whatever the documents. The signals
 * are raised rather than caused (no wild write, no division by zero) so that a run under ASan and
 * UBSan sees the same crash and no undefined behaviour. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/plugin.h"

enum { HOW_SEGV, HOW_ABORT, HOW_FPE, HOW_SPIN, HOW_PRINT, HOW_EXIT };
enum { IN_PROCESS, IN_OPEN, IN_CREATE, IN_CLOSE, IN_DESTROY };

typedef struct {
    const char *marker;
    int how;
    int in;
} crashy_conf;

static const weft_param crashy_params[] = {{.name = "marker",
                                            .type = WEFT_P_STR,
                                            .def = "BOOM",
                                            .offset = offsetof(crashy_conf, marker),
                                            .doc = "documents containing this misbehave"},
                                           {.name = "how",
                                            .type = WEFT_P_ENUM,
                                            .def = "segv",
                                            .choices = "segv|abort|fpe|spin|print|exit",
                                            .offset = offsetof(crashy_conf, how),
                                            .doc = "what a marked document does"},
                                           {.name = "in",
                                            .type = WEFT_P_ENUM,
                                            .def = "process",
                                            .choices = "process|open|create|close|destroy",
                                            .offset = offsetof(crashy_conf, in),
                                            .doc = "the callback that misbehaves"},
                                           {.name = NULL}};

typedef struct {
    crashy_conf conf;
    weft_sym bytes;
} crashy_shared;

static void misbehave(int how) {
    switch (how) {
    case HOW_SEGV:
        raise(SIGSEGV);
        break;
    case HOW_ABORT:
        abort();
    case HOW_FPE:
        raise(SIGFPE);
        break;
    case HOW_PRINT:
        printf("garbage from plugin\n");
        fflush(stdout);
        break;
    case HOW_EXIT:
        exit(0);
    default: {
        volatile unsigned long spin = 1;
        while (spin) spin++;
    }
    }
}

static int crashy_open(const weft_host *h, weft_setup *s, const void *conf, void **shared,
                       weft_error *err) {
    const crashy_conf *cf = conf;
    if (cf->in == IN_OPEN) misbehave(cf->how);
    crashy_shared *c = calloc(1, sizeof *c);
    if (!c) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    c->conf = *(const crashy_conf *)conf;
    c->bytes = h->intern(s, "bytes");
    *shared = c;
    return WEFT_OK;
}

static void crashy_close(void *shared) {
    const crashy_shared *c = shared;
    if (c->conf.in == IN_CLOSE) misbehave(c->conf.how);
    free(shared);
}

/* The worker state is the shared state: create() and destroy() exist to
 * misbehave in. */
static int crashy_create(const weft_host *h, void *shared, void **state, weft_error *err) {
    (void)h, (void)err;
    const crashy_shared *c = shared;
    if (c->conf.in == IN_CREATE) misbehave(c->conf.how);
    *state = shared;
    return WEFT_OK;
}

static void crashy_destroy(void *state) {
    const crashy_shared *c = state;
    if (c->conf.in == IN_DESTROY) misbehave(c->conf.how);
}

static int marked(const char *t, size_t len, const char *m) {
    size_t n = strlen(m);
    for (size_t i = 0; n && i + n <= len; i++)
        if (memcmp(t + i, m, n) == 0) return 1;
    return 0;
}

static int crashy_process(const weft_host *h, void *state, weft_doc *d, weft_error *err) {
    (void)err;
    const crashy_shared *c = state;
    size_t len;
    const char *t = h->view(d, h->default_view(d), &len);
    if (c->conf.in == IN_PROCESS && marked(t, len, c->conf.marker)) misbehave(c->conf.how);
    weft_value v = {.type = WEFT_V_INT, .u.i = (int64_t)len};
    return h->doc_set(d, c->bytes, &v);
}

static const char *const crashy_provides[] = {"attr:bytes", NULL};
static const weft_stage_class crashy_stage = {.size = sizeof(weft_stage_class),
                                              .name = "crashy",
                                              .summary = "crashes or hangs on marked documents",
                                              .provides = crashy_provides,
                                              .params = crashy_params,
                                              .conf_size = sizeof(crashy_conf),
                                              .open = crashy_open,
                                              .close = crashy_close,
                                              .create = crashy_create,
                                              .destroy = crashy_destroy,
                                              .process = crashy_process};
static const weft_stage_class *const stages[] = {&crashy_stage, NULL};
static const weft_plugin plugin = {WEFT_PLUGIN_HEADER,        .name = "crashy",
                                   .version = "1.0.0",        .license = "MIT",
                                   .summary = "test fixture", .stages = stages};
WEFT_PLUGIN(plugin)
