/*
 * Core overhead per document: 1,000,000 small documents already in memory
 * through (a) no stages (the peer: what reading a document into the model
 * costs), (b) 4 no-op C stages, (c) 4 no-op C stages and a no-op inline Lua
 * stage, (d) as (c) plus JSON Lines output to /dev/null. Single thread.
 *   core_overhead FIXTURE_PLUGIN_SO [NDOCS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "writer.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char c_only[] = "return weft.pipeline {\n"
                             "  weft.stage 'noop' { as = 'n1' }, weft.stage 'noop' { as = 'n2' },\n"
                             "  weft.stage 'noop' { as = 'n3' }, weft.stage 'noop' { as = 'n4' },\n"
                             "}\n";
static const char with_lua[] =
    "return weft.pipeline {\n"
    "  weft.stage 'noop' { as = 'n1' }, weft.stage 'noop' { as = 'n2' },\n"
    "  weft.stage 'noop' { as = 'n3' }, weft.stage 'noop' { as = 'n4' },\n"
    "  weft.lua 'nothing' { run = function(doc) end },\n"
    "}\n";

typedef struct {
    char **texts;
    size_t *lens;
    char (*ids)[24];
    size_t n;
} corpus;

/* Seconds to push every document through w (NULL: no stages). */
static double pass(const corpus *c, weft_engine *e, weft_worker *w, weft_writer *out) {
    weft_doc *d = weft_doc_new(e->syms);
    if (!d) exit(1);
    double t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        weft_doc_set_id(d, c->ids[i]);
        weft_doc_set_raw(d, c->texts[i], c->lens[i], 0);
        if (w && weft_worker_process(w, d) != 0) {
            fprintf(stderr, "bench: document %zu failed: %s\n", i, d->errors[0].msg);
            exit(1);
        }
        if (out && weft_writer_doc(out, d) != 0) exit(1);
        weft_doc_reset(d);
    }
    double t = now() - t0;
    weft_doc_free(d);
    return t;
}

static weft_worker *worker(weft_engine *e, const char *src, weft_pipeline **pp) {
    char err[1024];
    *pp = weft_pipeline_build(e, "bench.lua", src, strlen(src), NULL, 0, 0, err, sizeof err);
    weft_worker *w = *pp ? weft_worker_new(*pp, err, sizeof err) : NULL;
    if (!w) {
        fprintf(stderr, "bench: %s\n", err);
        exit(1);
    }
    return w;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: core_overhead FIXTURE.so [NDOCS]\n");
        return 2;
    }
    corpus c = {0};
    c.n = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000000;
    c.texts = malloc(c.n * sizeof *c.texts);
    c.lens = malloc(c.n * sizeof *c.lens);
    c.ids = malloc(c.n * sizeof *c.ids);
    size_t bytes = 0;
    for (size_t i = 0; i < c.n; i++) {
        char buf[160];
        int n = snprintf(buf, sizeof buf,
                         "Report %zu: markets were calm on day %zu as traders waited for news.", i,
                         i % 365);
        c.texts[i] = strdup(buf);
        c.lens[i] = (size_t)n;
        bytes += (size_t)n;
        snprintf(c.ids[i], sizeof c.ids[i], "doc-%zu", i);
    }
    weft_engine *e = weft_engine_new();
    char err[1024];
    if (!e || weft_registry_load_file(&e->reg, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "bench: %s\n", err);
        return 1;
    }
    weft_pipeline *p1, *p2;
    weft_worker *w1 = worker(e, c_only, &p1);
    weft_worker *w2 = worker(e, with_lua, &p2);
    FILE *null = fopen("/dev/null", "w");
    weft_writer_opts wo = {0};
    weft_writer *out = weft_writer_new(null, &wo);

    /* Best of three, after a warm-up pass. */
    double best[4] = {1e9, 1e9, 1e9, 1e9};
    pass(&c, e, w2, NULL);
    for (int r = 0; r < 3; r++) {
        double t[4] = {pass(&c, e, NULL, NULL), pass(&c, e, w1, NULL), pass(&c, e, w2, NULL),
                       pass(&c, e, w2, out)};
        for (int k = 0; k < 4; k++)
            if (t[k] < best[k]) best[k] = t[k];
    }
    double us[4];
    for (int k = 0; k < 4; k++) us[k] = best[k] * 1e6 / (double)c.n;
    printf("core overhead, %zu documents of %.0f bytes on average, single thread, best of 3\n", c.n,
           (double)bytes / (double)c.n);
    printf("%-44s %10s %14s %10s\n", "pipeline", "us/doc", "over peer", "target");
    printf("%-44s %10.3f %14s %10s\n", "(peer) document in, no stages", us[0], "-", "-");
    printf("%-44s %10.3f %13.3fus %10s  %s\n", "4 no-op C stages", us[1], us[1] - us[0], "<= 2 us",
           us[1] - us[0] <= 2.0 ? "met" : "not met");
    printf("%-44s %10.3f %13.3fus %10s  %s\n", "4 no-op C stages + no-op Lua stage", us[2],
           us[2] - us[0], "<= 5 us", us[2] - us[0] <= 5.0 ? "met" : "not met");
    printf("%-44s %10.3f %13.3fus %10s\n", "  ... + JSON Lines output to /dev/null", us[3],
           us[3] - us[0], "-");
    printf("ratio: Lua stage pipeline costs %.2fx the C-only pipeline per document\n",
           us[1] > 0 ? us[2] / us[1] : 0.0);
    weft_writer_finish(out);
    weft_writer_free(out);
    fclose(null);
    weft_worker_free(w1);
    weft_worker_free(w2);
    weft_pipeline_free(p1);
    weft_pipeline_free(p2);
    weft_engine_free(e);
    for (size_t i = 0; i < c.n; i++) free(c.texts[i]);
    free(c.texts);
    free(c.lens);
    free(c.ids);
    return 0;
}
