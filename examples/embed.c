/*
 * embed - weft inside a C program: a pipeline given as Lua text (tokens,
 * entities, sentiment) run on each argument, printing its entities and tone.
 * weft_load_profile(e, "news", ...) would load a shipped profile instead.
 *
 *     cc -std=c11 $(pkg-config --cflags weft) -o embed examples/embed.c $(pkg-config --libs weft)
 *     ./embed "Mayor Helen Brandt opened the bridge in Port Elden on Saturday."
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "weft/weft.h"

int main(int argc, char **argv) {
    char err[2048];
    weft_engine *e = weft_open(NULL, err, sizeof err);
    if (!e) {
        fprintf(stderr, "embed: %s\n", err);
        return 1;
    }
    static const char script[] = "return weft.pipeline {\n"
                                 "  weft.stage 'tokenizer' {},\n"
                                 "  weft.stage 'entities' {},\n"
                                 "  weft.stage 'sentiment' { scope = 'document' },\n"
                                 "}\n";
    weft_pipeline *p = weft_load_source(e, "embed.lua", script, strlen(script), err, sizeof err);
    weft_processor *w = p ? weft_processor_new(p, err, sizeof err) : NULL;
    if (!w) {
        fprintf(stderr, "embed: %s\n", err);
        weft_pipeline_free(p);
        weft_close(e);
        return 1;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        char id[32];
        snprintf(id, sizeof id, "arg-%d", i);
        const weft_doc *d = weft_process(w, id, argv[i], strlen(argv[i]));
        if (!d) {
            fprintf(stderr, "embed: out of memory\n");
            rc = 1;
            break;
        }
        if (weft_errors(d)) {
            printf("%s: failed: %s\n", id, weft_error_message(d, 0));
            rc = 1;
            continue;
        }
        size_t len;
        const char *text = weft_text(d, NULL, &len);
        const weft_ann *ents;
        size_t n = weft_records(d, "entity", &ents);
        printf("%s: %zu entities\n", id, n);
        for (size_t k = 0; k < n; k++)
            printf("  %-8s %.*s\n", weft_name(d, ents[k].label), (int)(ents[k].end - ents[k].begin),
                   text + ents[k].begin);
        const weft_value *tone = weft_attribute(d, "sentiment.compound");
        if (tone && tone->type == WEFT_V_NUM) printf("  tone %+.3f\n", tone->u.d);
    }
    if (argc > 1) {
        /* the last document as weft run would write it */
        const weft_doc *d = weft_process(w, "json", argv[argc - 1], strlen(argv[argc - 1]));
        char *json = d ? weft_json(d) : NULL;
        if (json) printf("%s\n", json);
        free(json);
    }
    weft_processor_free(w);
    weft_pipeline_free(p);
    weft_close(e);
    return rc;
}
