/*
 * JSON Lines writing speed: documents processed once by a profile (kept in
 * memory, a chunk at a time), then only weft_writer_doc timed, into a
 * stream that counts bytes and keeps none. One thread: MB/s per thread.
 *   jsonl_write PLUGIN_DIR PROFILE_DIR PROFILE TEXTS_FILE [PASSES]
 * TEXTS_FILE holds one text per line. Prints "bytes seconds docs"; the
 * seconds are the thread's CPU time, so that a busy machine does not count.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "weft/weft.h"
#include "writer.h"

#define CHUNK 256

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static ssize_t count_write(void *cookie, const char *buf, size_t n) {
    (void)buf;
    *(unsigned long long *)cookie += n;
    return (ssize_t)n;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: jsonl_write PLUGIN_DIR PROFILE_DIR PROFILE TEXTS_FILE [PASSES]\n");
        return 2;
    }
    int passes = argc > 5 ? atoi(argv[5]) : 20;
    char err[4096];
    weft_options opt;
    weft_options_init(&opt);
    opt.plugin_path = argv[1];
    opt.profile_path = argv[2];
    weft_engine *e = weft_open_with(&opt, err, sizeof err);
    weft_pipeline *p = e ? weft_load_profile(e, argv[3], err, sizeof err) : NULL;
    weft_worker *wk = p ? weft_worker_new(p, err, sizeof err) : NULL;
    if (!wk) {
        fprintf(stderr, "jsonl_write: %s\n", err);
        return 1;
    }
    FILE *in = fopen(argv[4], "r");
    if (!in) {
        perror(argv[4]);
        return 1;
    }
    unsigned long long bytes = 0;
    cookie_io_functions_t io = {.write = count_write};
    FILE *out = fopencookie(&bytes, "w", io);
    weft_writer_opts wo = {.format = WEFT_FMT_JSONL};
    weft_writer *w = out ? weft_writer_new(out, &wo) : NULL;
    weft_doc *docs[CHUNK];
    for (size_t i = 0; i < CHUNK; i++)
        if (!(docs[i] = weft_doc_new(e->syms))) return 1;
    if (!w) return 1;
    char *line = NULL;
    size_t cap = 0, ndocs = 0;
    double secs = 0;
    int more = 1;
    while (more) {
        size_t n = 0;
        while (n < CHUNK) {
            ssize_t len = getline(&line, &cap, in);
            if (len < 0) {
                more = 0;
                break;
            }
            if (len && line[len - 1] == '\n') len--;
            char id[32];
            snprintf(id, sizeof id, "t%zu", ndocs + n);
            weft_doc_set_id(docs[n], id);
            weft_doc_set_raw(docs[n], line, (size_t)len, 1);
            weft_worker_process(wk, docs[n]);
            n++;
        }
        double t0 = now();
        for (int k = 0; k < passes; k++)
            for (size_t i = 0; i < n; i++)
                if (weft_writer_doc(w, docs[i]) != 0) return 1;
        secs += now() - t0;
        ndocs += n * (size_t)passes;
        for (size_t i = 0; i < n; i++) weft_doc_reset(docs[i]);
    }
    double t0 = now();
    weft_writer_finish(w);
    secs += now() - t0;
    printf("%llu %.6f %zu\n", bytes, secs, ndocs);
    weft_writer_free(w);
    fclose(out);
    fclose(in);
    free(line);
    for (size_t i = 0; i < CHUNK; i++) weft_doc_free(docs[i]);
    weft_worker_free(wk);
    weft_pipeline_free(p);
    weft_close(e);
    return 0;
}
