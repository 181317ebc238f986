/* A plugin linked into the program (built with -DWEFT_BUILTIN_NAME=wordlen)
 * and registered with weft_add_plugin(); used by tests/e2e/test_embed.sh. */
#include <stdio.h>
#include <string.h>
#include "weft/weft.h"
const weft_plugin *weft_builtin_wordlen(void);
int main(void) {
    char err[1024];
    weft_engine *e = weft_open("", err, sizeof err);
    if (!e || weft_add_plugin(e, weft_builtin_wordlen(), err, sizeof err) != 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const char *lua = "return weft.pipeline { weft.stage 'wordlen' { min_len = 3 } }";
    weft_pipeline *p = weft_load_source(e, "b.lua", lua, strlen(lua), err, sizeof err);
    weft_processor *w = p ? weft_processor_new(p, err, sizeof err) : NULL;
    if (!w) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const weft_doc *d = weft_process(w, "x", "a builtin plugin works", 22);
    const weft_value *v = weft_attribute(d, "wordlen.count");
    printf("count %lld\n", v ? (long long)v->u.i : -1LL);
    weft_processor_free(w);
    weft_pipeline_free(p);
    weft_close(e);
    return 0;
}
