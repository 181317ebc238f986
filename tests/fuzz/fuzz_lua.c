/*
 * The pipeline-script loader (weft_lua_load_spec), sandbox on, with the
 * script text as input. When a script loads, every inline Lua stage it
 * declares is also run once on a small document in a worker's Lua state
 * (weft_lua_new + weft_lua_run_stage), so the document API of inline
 * stages is fuzzed too. Memory cap 16 MiB, budget 200,000 instructions:
 * bombs and endless loops must end in an error, never a crash, a hang or a
 * leak. A script that leaves the sandbox (os.exit, io) ends the process
 * or writes files, which libFuzzer reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "lua_host.h"

static weft_symtab *syms;
static weft_doc *doc;
static weft_lua_limits lim;

static void die(const char *msg) {
    fprintf(stderr, "fuzz_lua: %s\n", msg);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    weft_lua_limits_default(&lim);
    lim.mem_limit = 16u << 20;
    lim.instr_budget = 200000;
    lim.unsafe = 0;
    syms = weft_symtab_new(0);
    if (!syms || !weft_symtab_intern(syms, "raw", 3) || !weft_symtab_intern(syms, "text", 4))
        die("out of memory");
    weft_symtab_freeze(syms);
    doc = weft_doc_new(syms);
    if (!doc) die("out of memory");
    return 0;
}

/* "Hello world. Bye." with a token layer, for the inline stages to read. */
static void fill_doc(void) {
    static const char text[] = "Hello world. Bye.";
    weft_doc_reset(doc);
    if (weft_doc_set_id(doc, "fuzz") || weft_doc_set_raw(doc, text, sizeof text - 1, 0))
        die("out of memory");
    weft_sym tok = weft_doc_sym(doc, "token", 5);
    static const uint32_t spans[][2] = {{0, 5}, {6, 11}, {11, 12}, {13, 16}, {16, 17}};
    const char *why;
    for (size_t i = 0; i < sizeof spans / sizeof *spans; i++)
        if (weft_doc_add(doc, tok, spans[i][0], spans[i][1], 0, 0.5f, &why) < 0) die(why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 14) return 0;
    char err[1024];
    weft_pipeline_spec spec;
    const char *src = (const char *)data;
    if (weft_lua_load_spec("fuzz.lua", src, size, &lim, &spec, err, sizeof err) != 0) {
        if (!err[0]) die("a script failed without a message");
        if (spec.nstages || spec.stages) die("a failed load left stages behind");
        return 0;
    }
    for (size_t i = 0; i < spec.nstages; i++)
        if (!spec.stages[i].name || !spec.stages[i].params) die("a stage without name or params");
    int has_lua = 0;
    for (size_t i = 0; i < spec.nstages; i++) has_lua |= spec.stages[i].class_name == NULL;
    if (has_lua) {
        /* A script may behave differently on its second evaluation (it can
         * count calls through a global table); then weft_lua_new fails with
         * a message, which is fine. */
        weft_lua *L = weft_lua_new(&lim, "fuzz.lua", src, size, &spec, err, sizeof err);
        if (!L && !err[0]) die("weft_lua_new failed without a message");
        for (size_t i = 0; L && i < spec.nstages; i++) {
            if (spec.stages[i].class_name) continue;
            fill_doc();
            weft_error e;
            memset(&e, 0, sizeof e);
            int rc = weft_lua_run_stage(L, i, doc, &e);
            if (rc != WEFT_OK && !e.msg[0]) die("an inline stage failed without a message");
        }
        weft_lua_free(L);
    }
    weft_pipeline_spec_free(&spec);
    return 0;
}
