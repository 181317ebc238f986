/*
 * Shared by the plugin fuzz targets: runs fuzz bytes as one document through
 * a real pipeline (the core loads the plugin .so files that `make fuzz`
 * built with the same sanitizers and coverage), writes the result as JSON
 * Lines, and checks the invariants every stage must keep whatever the input.
 *
 * A target lists pipeline scripts; the first input byte picks one, so one
 * target covers several configurations. Everything is set up once, in
 * LLVMFuzzerInitialize; the worker and document are reused like in a run.
 */
#ifndef WEFT_FUZZ_PIPELINE_HARNESS_H
#define WEFT_FUZZ_PIPELINE_HARNESS_H

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "utf8.h"
#include "writer.h"

#define FZ_MAX_VARIANTS 8

/* One engine per variant: building a pipeline freezes the engine's names. */
typedef struct fz_pipeline {
    weft_engine *eng[FZ_MAX_VARIANTS];
    weft_pipeline *p[FZ_MAX_VARIANTS];
    weft_worker *w[FZ_MAX_VARIANTS];
    weft_doc *doc[FZ_MAX_VARIANTS];
    size_t n;
    int strict, verbose;
    FILE *sink;
    weft_writer *out;
} fz_pipeline;

/* Plugins live in ../plugins next to the fuzzer (build-fuzz/fuzz/fuzz_X). */
static void fz_plugin_dir(char *out, size_t size) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        fprintf(stderr, "fuzz: cannot read /proc/self/exe\n");
        abort();
    }
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    snprintf(out, size, "%s/../plugins", exe);
}

static void fz_die(const char *what, const char *err) {
    fprintf(stderr, "fuzz: %s: %s\n", what, err);
    abort();
}

/* Documents' warnings ("no main text found") would drown libFuzzer's output:
 * shown only with WEFT_FUZZ_LOG. A span the core refused ("cannot add") is a
 * stage bug even though the run survives: WEFT_FUZZ_STRICT makes it fatal. */
static void fz_doc_log(void *ud, const weft_doc *d, int level, const char *msg) {
    const fz_pipeline *z = ud;
    (void)level;
    if (z->strict && strstr(msg, "cannot add")) fz_die("strict", msg);
    if (z->verbose) fprintf(stderr, "weft: %s: %s\n", d->id ? d->id : "?", msg);
}

/* plugins: NULL-terminated names ("tokenizer"); scripts: n pipeline texts.
 * The script path lies in the plugin folder so data files resolve there. */
static void fz_pipeline_init(fz_pipeline *z, const char *const *plugins, const char *const *scripts,
                             size_t n) {
    char dir[PATH_MAX], path[PATH_MAX + 64], err[1024];
    fz_plugin_dir(dir, sizeof dir);
    memset(z, 0, sizeof *z);
    if (n > FZ_MAX_VARIANTS) n = FZ_MAX_VARIANTS;
    snprintf(path, sizeof path, "%s/fuzz.lua", dir);
    for (size_t i = 0; i < n; i++) {
        weft_engine *e = z->eng[i] = weft_engine_new();
        if (!e) fz_die("engine", "out of memory");
        e->log = getenv("WEFT_FUZZ_LOG") ? weft_log_stderr : NULL;
        for (size_t k = 0; plugins[k]; k++) {
            char so[PATH_MAX + 64];
            snprintf(so, sizeof so, "%s/%s.so", dir, plugins[k]);
            if (weft_registry_load_file(&e->reg, so, err, sizeof err) != 0) fz_die(so, err);
        }
        z->p[i] = weft_pipeline_build(e, path, scripts[i], strlen(scripts[i]), NULL, 0, 0, err,
                                      sizeof err);
        if (!z->p[i]) fz_die("pipeline", err);
        z->w[i] = weft_worker_new(z->p[i], err, sizeof err);
        if (!z->w[i]) fz_die("worker", err);
        z->doc[i] = weft_doc_new(e->syms);
        if (!z->doc[i]) fz_die("doc", "out of memory");
        z->doc[i]->log = fz_doc_log;
        z->doc[i]->log_ud = z;
    }
    z->n = n;
    z->strict = getenv("WEFT_FUZZ_STRICT") != NULL;
    z->verbose = getenv("WEFT_FUZZ_LOG") != NULL;
    z->sink = fopen("/dev/null", "w");
    weft_writer_opts wo = {.format = WEFT_FMT_JSONL, .span_text = 1};
    z->out = z->sink ? weft_writer_new(z->sink, &wo) : NULL;
    if (!z->out) fz_die("setup", "out of memory");
}

/* Every layer sorted (begin asc, end desc), inside its view, on character
 * boundaries when the view is valid UTF-8; an error always has a message. */
static void fz_check_doc(const weft_doc *d) {
    for (size_t li = 0; li < d->nlayers; li++) {
        const weft_layer *l = &d->layers[li];
        const weft_view *v = weft_doc_view(d, l->view);
        if (!v && l->n) fz_die("invariant", "records over a missing view");
        for (size_t i = 0; i < l->n; i++) {
            const weft_ann *a = &l->a[i];
            if (a->begin > a->end || a->end > v->len) fz_die("invariant", "span outside its view");
            if (!weft_utf8_boundary(v->text, v->len, a->begin) ||
                !weft_utf8_boundary(v->text, v->len, a->end))
                fz_die("invariant", "span not on character boundaries");
            if (i && (l->a[i - 1].begin > a->begin ||
                      (l->a[i - 1].begin == a->begin && l->a[i - 1].end < a->end)))
                fz_die("invariant", "layer not sorted");
        }
    }
    for (size_t i = 0; i < d->nviews; i++)
        if (d->views[i].name != WEFT_SYM_RAW &&
            !weft_utf8_is_valid(d->views[i].text, d->views[i].len))
            fz_die("invariant", "a derived view is not valid UTF-8");
    for (size_t i = 0; i < d->nerrors; i++)
        if (!d->errors[i].msg || !d->errors[i].msg[0]) fz_die("invariant", "error without message");
}

/* First byte: the variant; the rest: the document. */
static void fz_pipeline_run(fz_pipeline *z, const uint8_t *data, size_t size) {
    if (size < 1) return;
    size_t v = data[0] % z->n;
    weft_doc *d = z->doc[v];
    weft_doc_reset(d);
    if (weft_doc_set_id(d, "fuzz") != 0 ||
        weft_doc_set_raw(d, (const char *)data + 1, size - 1, 1) != 0)
        fz_die("doc", "out of memory");
    weft_worker_process(z->w[v], d);
    fz_check_doc(d);

    if (weft_writer_doc(z->out, d) != 0) fz_die("writer", "write failed");
}

#endif
