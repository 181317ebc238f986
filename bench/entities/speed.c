/*
 * Throughput of the entities stage alone, single thread: documents are
 * tokenised first (tokenizer, or the ent_tok fixture when the tokenizer is
 * not built), then only the entities stage's process() is timed, in thread
 * CPU time (immune to other processes sharing the machine) and wall time.
 *   speed BUILD_DIR DOCS REPS [ENTITIES_PARAMS]
 * ENTITIES_PARAMS is Lua table contents for the stage (model = "...").
 * DOCS holds documents separated by NUL bytes; every document is run REPS
 * times. Prints: tokens cpu_seconds wall_seconds open_ms
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static weft_pipeline *pipeline(weft_engine *e, const char *src) {
    char err[1024];
    weft_pipeline *p =
        weft_pipeline_build(e, "speed.lua", src, strlen(src), NULL, 0, 0, err, sizeof err);
    if (!p) {
        fprintf(stderr, "speed: %s\n", err);
        exit(1);
    }
    return p;
}

static weft_worker *worker(weft_pipeline *p) {
    char err[1024];
    weft_worker *w = weft_worker_new(p, err, sizeof err);
    if (!w) {
        fprintf(stderr, "speed: %s\n", err);
        exit(1);
    }
    return w;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: speed BUILD_DIR DOCS REPS\n");
        return 2;
    }
    const char *b = argv[1];
    long reps = strtol(argv[3], NULL, 10);
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) return 1;
    buf[n] = '\0';
    fclose(f);

    weft_engine *e = weft_engine_new();
    char path[1200], err[1024];
    snprintf(path, sizeof path, "%s/plugins/tokenizer.so", b);
    const char *tok = "weft.stage 'tokenizer' { style = 'ptb', newline_boundaries = 'single' }";
    FILE *probe = fopen(path, "rb");
    if (probe) {
        fclose(probe);
    } else {
        snprintf(path, sizeof path, "%s/tests/plugins/ent_tok.so", b);
        tok = "weft.stage 'ent_tok' {}";
    }
    if (!e || weft_registry_load_file(&e->reg, path, err, sizeof err)) {
        fprintf(stderr, "speed: %s\n", err);
        return 1;
    }
    snprintf(path, sizeof path, "%s/plugins/entities.so", b);
    if (weft_registry_load_file(&e->reg, path, err, sizeof err)) {
        fprintf(stderr, "speed: %s\n", err);
        return 1;
    }
    /* one pipeline (the symbol table freezes after a build); the stages
     * are driven by hand so that only the entities stage is timed */
    char src[4608];
    snprintf(src, sizeof src, "return weft.pipeline { %s, weft.stage 'entities' { %s } }\n", tok,
             argc > 4 ? argv[4] : "");
    double o0 = clock_s(CLOCK_MONOTONIC);
    weft_pipeline *p = pipeline(e, src);
    double open_ms = (clock_s(CLOCK_MONOTONIC) - o0) * 1e3;
    weft_worker *w = worker(p);
    const weft_stage *tk = &p->stages[0], *ent = &p->stages[1];

    weft_doc *d = weft_doc_new(e->syms);
    weft_sym token = weft_doc_sym_find(d, "token", 5);
    size_t tokens = 0;
    double cpu = 0, wall = 0;
    for (long r = 0; r < reps; r++) {
        for (char *doc = buf; doc < buf + n; doc += strlen(doc) + 1) {
            weft_doc_reset(d);
            weft_doc_set_raw(d, doc, strlen(doc), 0);
            weft_error er = {0};
            d->stage = tk->name;
            if (tk->cls->process(&e->host, w->states[0], d, &er) || weft_doc_sort_layers(d)) {
                fprintf(stderr, "speed: tokenizer failed: %s\n", er.msg);
                return 1;
            }
            d->stage = ent->name;
            const weft_layer *l =
                weft_doc_layer(d, token ? token : weft_doc_sym_find(d, "token", 5));
            tokens += l ? l->n : 0;
            double c0 = clock_s(CLOCK_THREAD_CPUTIME_ID), t0 = clock_s(CLOCK_MONOTONIC);
            int rc = ent->cls->process(&e->host, w->states[1], d, &er);
            cpu += clock_s(CLOCK_THREAD_CPUTIME_ID) - c0;
            wall += clock_s(CLOCK_MONOTONIC) - t0;
            if (rc) {
                fprintf(stderr, "speed: entities failed: %s\n", er.msg);
                return 1;
            }
        }
    }
    printf("%zu %.6f %.6f %.1f\n", tokens, cpu, wall, open_ms);
    weft_doc_free(d);
    weft_worker_free(w);
    weft_pipeline_free(p);
    weft_engine_free(e);
    free(buf);
    return 0;
}
