/*
 * How fast an inline Lua stage reads records, against how fast the
 * tokenizer makes them, in the same process: the corpus (its first
 * WEFT_LUA_BENCH_MB megabytes, 8 by default) cut into documents of at most
 * 64 KiB, tokenized without sentences, then each Lua walk of the token
 * layer on top. A walk's cost per record is its pipeline's CPU time minus
 * the tokenizer-only pipeline's, divided by the tokens; best of 5 by CPU
 * time of this thread after a warm-up pass (the machine is shared).
 *   luabench TOKENIZER.so CORPUS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

#define DOC_MAX   (64u << 10)
#define TARGET_NS 100.0

static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct result {
    double secs;
    size_t tokens;
    long long seen; /* records the Lua walk counted (attribute "n") */
} result;

static result pass(weft_engine *e, weft_worker *w, const char *text, size_t len) {
    weft_sym tok = weft_symtab_find(e->syms, "token", 5);
    weft_sym n = weft_symtab_find(e->syms, "n", 1);
    weft_doc *d = weft_doc_new(e->syms);
    if (!d || !tok) exit(1);
    result r = {0};
    double t0 = cpu_s();
    for (size_t off = 0; off < len;) {
        size_t k = len - off;
        if (k > DOC_MAX) {
            k = DOC_MAX;
            while (k > 1 && text[off + k - 1] != '\n') k--;
        }
        weft_doc_set_id(d, "corpus");
        weft_doc_set_raw(d, text + off, k, 0);
        if (weft_worker_process(w, d) != 0) {
            fprintf(stderr, "luabench: document at byte %zu failed: %s\n", off, d->errors[0].msg);
            exit(1);
        }
        const weft_layer *lt = weft_doc_layer(d, tok);
        r.tokens += lt ? lt->n : 0;
        weft_sym ln = n ? n : weft_doc_sym_find(d, "n", 1);
        const weft_value *v = ln ? weft_doc_attr_get(d, ln) : NULL;
        if (v && v->type == WEFT_V_INT) r.seen += v->u.i;
        weft_doc_reset(d);
        off += k;
    }
    r.secs = cpu_s() - t0;
    weft_doc_free(d);
    return r;
}

static result best_of_5(weft_engine *e, const char *src, const char *text, size_t len) {
    char err[1024];
    weft_pipeline *p =
        weft_pipeline_build(e, "luabench.lua", src, strlen(src), NULL, 0, 0, err, sizeof err);
    weft_worker *w = p ? weft_worker_new(p, err, sizeof err) : NULL;
    if (!w) {
        fprintf(stderr, "luabench: %s\n", err);
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

#define TOK "weft.stage 'tokenizer' { sentences = false }, "
#define LUA(body)                                                                                  \
    "return weft.pipeline { " TOK "weft.lua 'walk' { requires = { 'token' }, provides = "          \
    "'attr:n', run = function(doc) local n = 0 " body " doc:set('n', n) end } }"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: luabench TOKENIZER.so CORPUS\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    const char *mb_env = getenv("WEFT_LUA_BENCH_MB");
    size_t want = (size_t)((mb_env ? atof(mb_env) : 8.0) * 1e6);
    char *text = malloc(want ? want : 1);
    size_t len = text ? fread(text, 1, want, f) : 0;
    fclose(f);
    if (!text || len == 0) {
        fprintf(stderr, "luabench: cannot read %s\n", argv[2]);
        return 1;
    }
    while (len > 1 && text[len - 1] != '\n') len--; /* whole lines only */

    weft_engine *e = weft_engine_new();
    char err[1024];
    if (!e || weft_registry_load_file(&e->reg, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "luabench: %s\n", err);
        return 1;
    }
    static const struct {
        const char *what, *src;
    } runs[] = {
        {"tokenizer alone (makes the records)", "return weft.pipeline { " TOK "}"},
        {"for t in doc:each('token')", LUA("for t in doc:each('token') do n = n + 1 end")},
        {"doc:each, reading t.label",
         LUA("for t in doc:each('token') do if t.label == 'word' then n = n + 1 end end")},
        {"doc:each, reading t.text",
         LUA("for t in doc:each('token') do if #t.text > 3 then n = n + 1 end end")},
        {"doc:records: #v, v:label(i)",
         LUA("local v = doc:records('token') for i = 1, #v do if v:label(i) == 'word' then n = n + "
             "1 end end")},
        {"doc:records: v:span(i)",
         LUA("local v = doc:records('token') for i = 1, #v do local b, e = v:span(i) if e - b > 3 "
             "then n = n + 1 end end")},
        {"doc:records: v:text(i)",
         LUA("local v = doc:records('token') for i = 1, #v do if #v:text(i) > 3 then n = n + 1 "
             "end end")},
    };
    enum { NRUNS = sizeof runs / sizeof runs[0] };
    result r[NRUNS];
    for (int i = 0; i < NRUNS; i++) r[i] = best_of_5(e, runs[i].src, text, len);

    double tok_ns = r[0].secs * 1e9 / (double)r[0].tokens;
    printf("corpus: %s, first %zu bytes, documents of <= 64 KiB, %zu token records; single "
           "thread, best of 5 by CPU time\n",
           argv[2], len, r[0].tokens);
    printf("%-40s %8s %12s %10s\n", "run", "cpu s", "ns/record", "records");
    printf("%-40s %8.3f %12.1f %10zu\n", runs[0].what, r[0].secs, tok_ns, r[0].tokens);
    for (int i = 1; i < NRUNS; i++) {
        double ns = (r[i].secs - r[0].secs) * 1e9 / (double)r[0].tokens;
        printf("%-40s %8.3f %12.1f %10lld%s\n", runs[i].what, r[i].secs, ns, r[i].seen,
               r[i].tokens == r[0].tokens ? "" : "  (token count differs!)");
    }
    printf("ns/record of a Lua walk: its pipeline minus the tokenizer alone\n");
    double each_ns = (r[1].secs - r[0].secs) * 1e9 / (double)r[0].tokens;
    printf("target: doc:each <= %.0f ns/record (the tokenizer makes one in %.1f ns): %.1f ns, %s\n",
           TARGET_NS, tok_ns, each_ns, each_ns <= TARGET_NS ? "met" : "not met");
    double view_ns = (r[4].secs - r[0].secs) * 1e9 / (double)r[0].tokens;
    printf("the same target for the index-based view (doc:records, v:label(i)): %.1f ns, %s\n",
           view_ns, view_ns <= TARGET_NS ? "met" : "not met");
    weft_engine_free(e);
    free(text);
    return 0;
}
