/*
 * The tokenizer stage alone on a corpus file: documents of at most 64 KiB
 * (cut at line ends) through the core, annotations built in memory, no
 * output; single thread, best of 5 after a warm-up pass. The peer,
 * `LC_ALL=C.UTF-8 wc -w` on the same file, runs from here too, best of 5.
 * Both are timed in CPU seconds (the build machine is shared, and wall
 * time there measures the neighbours); wall seconds are shown beside.
 *   tokbench TOKENIZER.so CORPUS
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

#define DOC_MAX (64u << 10)

static double clock_s(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct result {
    double secs, wall; /* CPU and wall-clock seconds */
    size_t tokens, sentences, layer_bytes;
} result;

/* One run of `LC_ALL=C.UTF-8 wc -w < path`: its CPU time from wait4, its
 * word count from its output. */
static result run_wc(const char *path) {
    int fd[2];
    if (pipe(fd)) exit(1);
    double w0 = clock_s(CLOCK_MONOTONIC);
    pid_t pid = fork();
    if (pid < 0) exit(1);
    if (pid == 0) {
        int in = open(path, O_RDONLY);
        if (in < 0 || dup2(in, 0) < 0 || dup2(fd[1], 1) < 0) _exit(127);
        close(fd[0]);
        setenv("LC_ALL", "C.UTF-8", 1);
        execlp("wc", "wc", "-w", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[64] = {0};
    ssize_t n = read(fd[0], buf, sizeof buf - 1);
    close(fd[0]);
    int st;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0 || n <= 0) {
        fprintf(stderr, "tokbench: wc -w failed\n");
        exit(1);
    }
    result r = {0};
    r.wall = clock_s(CLOCK_MONOTONIC) - w0;
    r.secs = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    r.tokens = strtoul(buf, NULL, 10);
    return r;
}

static result pass(weft_engine *e, weft_worker *w, const char *text, size_t len) {
    weft_sym tok = weft_symtab_find(e->syms, "token", 5);
    weft_sym sent = weft_symtab_find(e->syms, "sentence", 8);
    weft_doc *d = weft_doc_new(e->syms);
    if (!d || !tok || !sent) exit(1);
    result r = {0};
    double t0 = clock_s(CLOCK_THREAD_CPUTIME_ID), w0 = clock_s(CLOCK_MONOTONIC);
    for (size_t off = 0; off < len;) {
        size_t n = len - off;
        if (n > DOC_MAX) {
            n = DOC_MAX;
            while (n > 1 && text[off + n - 1] != '\n') n--;
        }
        weft_doc_set_id(d, "corpus");
        weft_doc_set_raw(d, text + off, n, 0);
        if (weft_worker_process(w, d) != 0) {
            fprintf(stderr, "tokbench: document at byte %zu failed: %s\n", off, d->errors[0].msg);
            exit(1);
        }
        const weft_layer *lt = weft_doc_layer(d, tok), *ls = weft_doc_layer(d, sent);
        r.tokens += lt ? lt->n : 0;
        r.sentences += ls ? ls->n : 0;
        r.layer_bytes += ((lt ? lt->n : 0) + (ls ? ls->n : 0)) * sizeof(weft_ann);
        weft_doc_reset(d);
        off += n;
    }
    r.secs = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
    r.wall = clock_s(CLOCK_MONOTONIC) - w0;
    weft_doc_free(d);
    return r;
}

static result best_of_5(weft_engine *e, const char *src, const char *text, size_t len) {
    char err[1024];
    weft_pipeline *p =
        weft_pipeline_build(e, "tokbench.lua", src, strlen(src), NULL, 0, 0, err, sizeof err);
    weft_worker *w = p ? weft_worker_new(p, err, sizeof err) : NULL;
    if (!w) {
        fprintf(stderr, "tokbench: %s\n", err);
        exit(1);
    }
    result best = pass(e, w, text, len);
    for (int i = 0; i < 5; i++) {
        result r = pass(e, w, text, len);
        if (r.secs < best.secs) best = r;
    }
    weft_worker_free(w);
    weft_pipeline_free(p);
    return best;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: tokbench TOKENIZER.so CORPUS\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc(sz > 0 ? (size_t)sz : 1);
    if (!text || fread(text, 1, (size_t)sz, f) != (size_t)sz) {
        fprintf(stderr, "tokbench: cannot read %s\n", argv[2]);
        return 1;
    }
    fclose(f);
    size_t len = (size_t)sz;
    double mb = (double)len / 1e6;
    result wc = run_wc(argv[2]);
    for (int i = 0; i < 4; i++) {
        result r = run_wc(argv[2]);
        if (r.secs < wc.secs) wc = r;
    }
    double wc_secs = wc.secs, wc_words = (double)wc.tokens;

    weft_engine *e = weft_engine_new();
    char err[1024];
    if (!e || weft_registry_load_file(&e->reg, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "tokbench: %s\n", err);
        return 1;
    }
    static const struct {
        const char *what, *src;
    } runs[] = {
        {"tokenizer: tokens only",
         "return weft.pipeline { weft.stage 'tokenizer' { sentences = false } }"},
        {"tokenizer: tokens + sentences", "return weft.pipeline { weft.stage 'tokenizer' {} }"},
        {"tokenizer: ptb style + sentences",
         "return weft.pipeline { weft.stage 'tokenizer' { style = 'ptb' } }"},
    };
    result r[3];
    for (int i = 0; i < 3; i++) r[i] = best_of_5(e, runs[i].src, text, len);

    printf("corpus: %s, %zu bytes, documents of <= 64 KiB; single thread, best of 5 by CPU time\n",
           argv[2], len);
    printf("%-34s %7s %7s %8s %11s %11s %10s\n", "run", "cpu s", "wall s", "MB/s", "tokens",
           "tokens/s", "sentences");
    printf("%-34s %7.3f %7.3f %8.1f %11.0f %11.0f %10s\n", "(peer) LC_ALL=C.UTF-8 wc -w", wc_secs,
           wc.wall, mb / wc_secs, wc_words, wc_words / wc_secs, "-");
    for (int i = 0; i < 3; i++)
        printf("%-34s %7.3f %7.3f %8.1f %11zu %11.0f %10zu\n", runs[i].what, r[i].secs, r[i].wall,
               mb / r[i].secs, r[i].tokens, (double)r[i].tokens / r[i].secs, r[i].sentences);
    printf("MB/s and tokens/s from CPU seconds; tokens of wc -w are its words\n");
    printf("ratio: tokens only %.2fx wc -w throughput (target >= 1.0x: %s); with sentences %.2fx\n",
           wc_secs / r[0].secs, wc_secs / r[0].secs >= 1.0 ? "met" : "not met",
           wc_secs / r[1].secs);
    printf("sentence segmentation on top: +%.3f s (%.0f%% of the token pass)\n",
           r[1].secs - r[0].secs, 100.0 * (r[1].secs - r[0].secs) / r[0].secs);
    printf("layer storage: %.2f bytes per input byte (token + sentence records, %zu bytes each, "
           "as stored)\n",
           (double)r[1].layer_bytes / (double)len, sizeof(weft_ann));
    printf("plus per-worker scratch for the sentence pass: 2 bytes per token "
           "(%.2f bytes per input byte), kept by the worker and reused\n",
           2.0 * (double)r[1].tokens / (double)len);
    weft_engine_free(e);
    free(text);
    return 0;
}
