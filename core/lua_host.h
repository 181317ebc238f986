/*
 * The Lua host: evaluates pipeline scripts into a weft_pipeline_spec, and
 * runs inline Lua stages. One weft_lua (one lua_State) per worker thread;
 * never shared. Sandboxed unless limits->unsafe is set.
 */
#ifndef WEFT_LUA_HOST_H
#define WEFT_LUA_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"
#include "spec.h"
#include "weft/weft.h" /* WEFT_LOG_PRINT */

typedef struct weft_lua_limits {
    size_t mem_limit;      /* bytes the Lua state may hold; 0 = unlimited */
    uint64_t instr_budget; /* VM instructions per stage call; 0 = unlimited */
    int unsafe;            /* open the whole standard library */
    /* How the sandbox note names the option that opens it (weft run:
     * "--unsafe-lua"); NULL: "weft_options.unsafe_lua". Not copied. */
    const char *say_unsafe;
    /* How the memory and budget errors name the options that raise those
     * limits; NULL: "weft_options.lua_memory" / "weft_options.lua_budget". */
    const char *say_memory, *say_budget;
    /* The output format of the run ("jsonl", "text", ...), shown to scripts
     * as weft.output so a profile can skip work its output will not show;
     * NULL (nil in Lua) when unknown, as for embedders. Not copied: a
     * string constant. */
    const char *output;
    /* Where print() (level 4, the text as written) and warn() (warning)
     * go: the engine's log sink. NULL: stderr. */
    void (*log)(void *ud, int level, const char *msg);
    void *log_ud;
} weft_lua_limits;

/* 64 MiB and 100 million instructions. */
void weft_lua_limits_default(weft_lua_limits *l);

typedef struct weft_lua weft_lua;

/* Evaluate a script (source of len bytes; `path` is used in messages and to
 * resolve relative paths) and describe the pipeline it returns. On failure
 * returns non-zero and writes "path:line: message" into err. */
int weft_lua_load_spec(const char *path, const char *source, size_t len,
                       const weft_lua_limits *limits, weft_pipeline_spec *out, char *err,
                       size_t errsz);

/* A worker's state: evaluates the same script again so its inline stages'
 * functions exist in this state. spec is the one load_spec produced. */
weft_lua *weft_lua_new(const weft_lua_limits *limits, const char *path, const char *source,
                       size_t len, const weft_pipeline_spec *spec, char *err, size_t errsz);
void weft_lua_free(weft_lua *L);

/* Run the inline stage at position stage_index of the pipeline on d.
 * Errors (script errors with traceback, budget or memory exhausted, a stale
 * document handle) fill err and return its code; the state stays usable. */
int weft_lua_run_stage(weft_lua *L, size_t stage_index, weft_doc *d, weft_error *err);

#endif
