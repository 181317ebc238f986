/*
 * Time per page of the boilerplate stage, single thread: every page named
 * on standard input (one path a line) is read into memory, then pushed
 * through a pipeline of just `boilerplate` once (BENCH_RUNS=N: best of N),
 * like the Readability.js peer. Prints one line per page, "bytes ms
 * parse_ms pruned_ms path", for run.sh to summarise beside the
 * Readability.js peer. parse_ms is libxml2's HTML parser alone on the whole
 * page, with callbacks that do nothing: the floor under an extractor that
 * hands libxml2 the page as it is; pruned_ms the same on what the stage
 * hands it (prune.c: no comment, script or style bodies, only the
 * attributes it reads).
 *   bp_bench PLUGIN.so < pages.txt
 *
 * With --text, the files are scraped plain text (the dev renderings) and the
 * stage runs with input = "text": one line per file, "bytes ms path", ms the
 * best of BENCH_RUNS (default 5) runs of the stage on the file in memory.
 *   bp_bench PLUGIN.so --text < texts.txt
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

/* The stage's own pre-pass, built in (it is not exported by the plugin). */
#include "../../plugins/boilerplate/buf.c"
#include "../../plugins/boilerplate/prune.c"
#include "../../plugins/boilerplate/sax.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void no_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
    (void)ctx, (void)name, (void)atts;
}
static void no_end(void *ctx, const xmlChar *name) {
    (void)ctx, (void)name;
}
static void no_text(void *ctx, const xmlChar *s, int len) {
    (void)ctx, (void)s, (void)len;
}

/* The parse the stage does (same options), with nothing done per event. */
static double bare_parse(const char *text, size_t len) {
    double t0 = now();
    if (bp_sax_parse(text, len, NULL, no_start, no_end, no_text)) return 0;
    return now() - t0;
}

static const char script[] = "return weft.pipeline { weft.stage 'boilerplate' {} }\n";
static const char text_script[] =
    "return weft.pipeline { weft.stage 'boilerplate' { input = 'text' } }\n";

/* The best of runs passes of the stage over one page, in seconds. */
static int best_of(weft_worker *w, weft_doc *d, const char *id, const char *text, size_t len,
                   int runs, double *best) {
    for (int r = 0; r < runs; r++) {
        weft_doc_set_id(d, id);
        weft_doc_set_raw(d, text, len, 0);
        double t0 = now();
        int rc = weft_worker_process(w, d);
        double t = now() - t0;
        if (rc != 0) {
            fprintf(stderr, "bp_bench: %s failed\n", id);
            return -1;
        }
        weft_doc_reset(d);
        if (t < *best) *best = t;
    }
    return 0;
}

int main(int argc, char **argv) {
    int text_mode = argc == 3 && strcmp(argv[2], "--text") == 0;
    if (argc < 2 || (argc > 2 && !text_mode)) {
        fprintf(stderr, "usage: bp_bench PLUGIN.so [--text] < files.txt\n");
        return 2;
    }
    const char *src = text_mode ? text_script : script;
    weft_engine *e = weft_engine_new();
    char err[1024];
    if (!e || weft_registry_load_file(&e->reg, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "bp_bench: %s\n", err);
        return 1;
    }
    /* The plugin finds its stopword lists beside the .so: pass its folder
     * as the script's folder. */
    char path[4096];
    snprintf(path, sizeof path, "%s", argv[1]);
    char *slash = strrchr(path, '/');
    if (slash) strcpy(slash + 1, "bench.lua");
    weft_pipeline *p = weft_pipeline_build(e, path, src, strlen(src), NULL, 0, 0, err, sizeof err);
    weft_worker *w = p ? weft_worker_new(p, err, sizeof err) : NULL;
    if (!w) {
        fprintf(stderr, "bp_bench: %s\n", err);
        return 1;
    }
    weft_doc *d = weft_doc_new(e->syms);
    if (!d) return 1;
    const char *runs_env = getenv("BENCH_RUNS");
    int runs = runs_env ? atoi(runs_env) : text_mode ? 5 : 1;
    if (runs < 1) runs = 1;
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0]) continue;
        size_t len;
        char *text = slurp(line, &len);
        if (!text) {
            fprintf(stderr, "bp_bench: cannot read %s\n", line);
            return 1;
        }
        double best = 1e9, bare = 1e9, pruned = 1e9;
        if (text_mode) {
            if (best_of(w, d, line, text, len, runs, &best)) return 1;
            printf("%zu %.4f %s\n", len, best * 1e3, line);
            free(text);
            continue;
        }
        bp_buf pb = {0};
        if (bp_prune(text, len, &pb)) return 1;
        for (int r = 0; r < runs; r++) {
            double t = bare_parse(text, len);
            if (t < bare) bare = t;
            t = bare_parse(pb.p, pb.n);
            if (t < pruned) pruned = t;
        }
        bp_buf_free(&pb);
        if (best_of(w, d, line, text, len, runs, &best)) return 1;
        printf("%zu %.4f %.4f %.4f %s\n", len, best * 1e3, bare * 1e3, pruned * 1e3, line);
        free(text);
    }
    weft_doc_free(d);
    weft_worker_free(w);
    weft_pipeline_free(p);
    weft_engine_free(e);
    return 0;
}
