/*
 * The tokenizer stage alone on a corpus file: documents of at most 64 KiB
 * (cut at line ends) through the core, annotations built in memory, no
 * output; single thread. The peer, `LC_ALL=C.UTF-8 wc -w` on the same file
 * (read from the page cache), runs from here too. Both are timed in CPU
 * seconds (the build machine is shared, and wall time there measures the
 * neighbours); wall seconds are shown beside.
 *
 * Fairness on a loaded machine: after one warm-up of every side, the runs
 * are interleaved in rounds (wc, then each tokenizer configuration, ROUNDS
 * times), so that a burst of load hits both sides alike instead of the one
 * measured while it lasted. Each side reports its best and median CPU
 * seconds; the ratios are given from the best times, from the medians, and
 * as the range of the per-round ratios (each round's runs are neighbours
 * in time).
 *   tokbench TOKENIZER.so CORPUS [ROUNDS]   (ROUNDS 7 by default, 3..99)
 *
 * For instruction counts (bench/tokenizer/instr.sh, callgrind around pass):
 *   tokbench TOKENIZER.so CORPUS --once tokens|sentences|ptb
 * runs one configuration once, no wc, and prints its tokens, sentences and
 * an FNV-1a hash of all token and sentence spans (labels included), so
 * that two builds can be shown to give the same output. With
 * WEFT_TOKBENCH_SPANS=FILE it also writes each sentence's span there, one
 * "begin end" a line in bytes of the corpus, to list where two builds
 * differ (diff the files).
 */
#include <errno.h>
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
    uint64_t hash; /* of the spans, with --once */
} result;

static uint64_t hash_anns(uint64_t h, const weft_layer *l) {
    for (size_t i = 0; l && i < l->n; i++) {
        uint32_t v[3] = {l->a[i].begin, l->a[i].end, (uint32_t)l->a[i].label};
        const unsigned char *p = (const unsigned char *)v;
        for (size_t j = 0; j < sizeof v; j++) h = (h ^ p[j]) * 0x100000001b3ull;
    }
    return h;
}

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

static result pass(weft_engine *e, weft_worker *w, const char *text, size_t len, int hash,
                   FILE *spans) {
    weft_sym tok = weft_symtab_find(e->syms, "token", 5);
    weft_sym sent = weft_symtab_find(e->syms, "sentence", 8);
    weft_doc *d = weft_doc_new(e->syms);
    if (!d || !tok || !sent) exit(1);
    result r = {0};
    r.hash = 0xcbf29ce484222325ull;
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
        if (hash) r.hash = hash_anns(hash_anns(r.hash, lt), ls);
        for (size_t i = 0; spans && ls && i < ls->n; i++)
            fprintf(spans, "%zu %zu\n", off + ls->a[i].begin, off + ls->a[i].end);
        weft_doc_reset(d);
        off += n;
    }
    r.secs = clock_s(CLOCK_THREAD_CPUTIME_ID) - t0;
    r.wall = clock_s(CLOCK_MONOTONIC) - w0;
    weft_doc_free(d);
    return r;
}

#define ROUNDS_MAX 99

/* A tokenizer configuration: its worker, kept over all rounds. */
typedef struct side {
    weft_pipeline *p;
    weft_worker *w;
    result r[ROUNDS_MAX];
} side;

static void side_open(weft_engine *e, side *s, const char *src) {
    char err[1024];
    s->p = weft_pipeline_build(e, "tokbench.lua", src, strlen(src), NULL, 0, 0, err, sizeof err);
    s->w = s->p ? weft_worker_new(s->p, err, sizeof err) : NULL;
    if (!s->w) {
        fprintf(stderr, "tokbench: %s\n", err);
        exit(1);
    }
}

static int by_secs(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The best and the median of n CPU times (n odd or even: the lower median). */
static void best_median(const result *r, int n, double *best, double *median) {
    double v[ROUNDS_MAX];
    for (int i = 0; i < n; i++) v[i] = r[i].secs;
    qsort(v, (size_t)n, sizeof *v, by_secs);
    *best = v[0];
    *median = v[(n - 1) / 2];
}

/* The per-round ratios wc / tokenizer: their lowest, median and highest. */
static void round_ratios(const result *wc, const result *t, int n, double out[3]) {
    double v[ROUNDS_MAX];
    for (int i = 0; i < n; i++) v[i] = wc[i].secs / t[i].secs;
    qsort(v, (size_t)n, sizeof *v, by_secs);
    out[0] = v[0];
    out[1] = v[(n - 1) / 2];
    out[2] = v[n - 1];
}

int main(int argc, char **argv) {
    int once = -1;
    if (argc == 5 && !strcmp(argv[3], "--once")) {
        const char *m = argv[4];
        once = !strcmp(m, "tokens") ? 0 : !strcmp(m, "sentences") ? 1 : !strcmp(m, "ptb") ? 2 : -1;
        if (once < 0) argc = 0; /* usage */
    }
    if (argc != 3 && argc != 4 && once < 0) {
        fprintf(stderr, "usage: tokbench TOKENIZER.so CORPUS [ROUNDS]\n"
                        "       tokbench TOKENIZER.so CORPUS --once tokens|sentences|ptb\n");
        return 2;
    }
    int rounds = argc == 4 ? atoi(argv[3]) : 7;
    if (once < 0 && (rounds < 3 || rounds > ROUNDS_MAX)) {
        fprintf(stderr, "tokbench: ROUNDS must be 3..%d\n", ROUNDS_MAX);
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
    static side sides[3];
    result wc[ROUNDS_MAX];
    if (once >= 0) {
        side_open(e, &sides[once], runs[once].src);
        const char *sp = getenv("WEFT_TOKBENCH_SPANS");
        FILE *spans = sp && *sp ? fopen(sp, "w") : NULL;
        if (sp && *sp && !spans) {
            fprintf(stderr, "tokbench: %s: %s\n", sp, strerror(errno));
            return 1;
        }
        result r = pass(e, sides[once].w, text, len, 1, spans);
        if (spans && fclose(spans)) {
            fprintf(stderr, "tokbench: %s: cannot write\n", sp);
            return 1;
        }
        printf("%s: %zu bytes, %zu tokens, %zu sentences, spans hash %016llx\n", runs[once].what,
               len, r.tokens, r.sentences, (unsigned long long)r.hash);
        weft_worker_free(sides[once].w);
        weft_pipeline_free(sides[once].p);
        weft_engine_free(e);
        free(text);
        return 0;
    }
    for (int i = 0; i < 3; i++) side_open(e, &sides[i], runs[i].src);
    /* warm-up: the file into the page cache for wc, the workers' scratch
     * and the model's pages for the tokenizer */
    run_wc(argv[2]);
    for (int i = 0; i < 3; i++) pass(e, sides[i].w, text, len, 0, NULL);
    for (int k = 0; k < rounds; k++) {
        wc[k] = run_wc(argv[2]);
        for (int i = 0; i < 3; i++) sides[i].r[k] = pass(e, sides[i].w, text, len, 0, NULL);
    }
    double wc_best, wc_med, best[3], med[3], rr[3][3];
    best_median(wc, rounds, &wc_best, &wc_med);
    for (int i = 0; i < 3; i++) {
        best_median(sides[i].r, rounds, &best[i], &med[i]);
        round_ratios(wc, sides[i].r, rounds, rr[i]);
    }
    const result *r1 = &sides[1].r[0];
    double wc_words = (double)wc[0].tokens;

    printf("corpus: %s, %zu bytes, documents of <= 64 KiB; single thread; %d interleaved rounds "
           "after a warm-up, CPU seconds\n",
           argv[2], len, rounds);
    printf("%-34s %7s %7s %7s %8s %11s %11s %10s\n", "run", "best s", "med s", "wall s", "MB/s",
           "tokens", "tokens/s", "sentences");
    printf("%-34s %7.3f %7.3f %7.3f %8.1f %11.0f %11.0f %10s\n", "(peer) LC_ALL=C.UTF-8 wc -w",
           wc_best, wc_med, wc[0].wall, mb / wc_best, wc_words, wc_words / wc_best, "-");
    for (int i = 0; i < 3; i++) {
        const result *x = &sides[i].r[0];
        printf("%-34s %7.3f %7.3f %7.3f %8.1f %11zu %11.0f %10zu\n", runs[i].what, best[i], med[i],
               x->wall, mb / best[i], x->tokens, (double)x->tokens / best[i], x->sentences);
    }
    printf("MB/s and tokens/s from the best CPU seconds; tokens of wc -w are its words; "
           "wall s of the first round\n");
    for (int i = 0; i < 2; i++)
        printf("ratio (wc -w time / %s time): best %.2fx, median %.2fx, per round %.2f-%.2fx "
               "(median %.2fx)\n",
               i ? "tokens + sentences" : "tokens only", wc_best / best[i], wc_med / med[i],
               rr[i][0], rr[i][2], rr[i][1]);
    printf("targets: tokens only >= 1.1x (%s), tokens + sentences >= 1.0x (%s), "
           "judged on the per-round median\n",
           rr[0][1] >= 1.1 ? "met" : "not met", rr[1][1] >= 1.0 ? "met" : "not met");
    printf("sentence segmentation on top: +%.3f s (%.0f%% of the token pass), best times\n",
           best[1] - best[0], 100.0 * (best[1] - best[0]) / best[0]);
    printf("layer storage: %.2f bytes per input byte (token + sentence records, %zu bytes each, "
           "as stored)\n",
           (double)r1->layer_bytes / (double)len, sizeof(weft_ann));
    printf("plus per-worker scratch for the sentence pass: 2 bytes per token "
           "(%.2f bytes per input byte), kept by the worker and reused\n",
           2.0 * (double)r1->tokens / (double)len);
    for (int i = 0; i < 3; i++) {
        weft_worker_free(sides[i].w);
        weft_pipeline_free(sides[i].p);
    }
    weft_engine_free(e);
    free(text);
    return 0;
}
