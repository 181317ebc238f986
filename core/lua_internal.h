/*
 * Private to lua_host.c, lua_dsl.c and lua_doc.c: the weft_lua struct and
 * the helpers the three files share. Nothing outside core/lua_*.c includes
 * this.
 */
#ifndef WEFT_LUA_INTERNAL_H
#define WEFT_LUA_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include "lua_host.h"
#include "version.h"

/* Instructions between two calls of the budget hook. */
#define WL_HOOK_EVERY 1000

/* Blocks up to this size come from the state's slabs (lua_alloc.c). */
#define WL_SMALL_MAX 256

/* Allocator bookkeeping (the lua_Alloc userdata). */
typedef struct wl_mem {
    size_t used;
    size_t limit;                      /* 0 = unlimited */
    int hit;                           /* an allocation was refused since the last reset */
    void *free[WL_SMALL_MAX / 16 + 1]; /* freed small blocks by 16-byte class */
    struct wl_slab *slabs;             /* every slab, to free at the end */
    unsigned char *slab_cur;           /* the current slab's unused part */
    size_t slab_left;
} wl_mem;

/* lua_Alloc over wl_mem: the limit, and small blocks recycled. */
void *wl_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* After lua_close: the slabs go back to malloc. */
void wl_mem_free(wl_mem *m);

struct weft_lua {
    lua_State *L;
    wl_mem mem;
    uint64_t budget; /* instructions per call, 0 = unlimited */
    uint64_t left;   /* instructions left in this call */
    int hook_every;
    int budget_hit;
    int unsafe;
    const char *say_unsafe; /* weft_lua_limits.say_unsafe */
    const char *say_memory, *say_budget;
    const char *output;                                /* weft.output, or NULL */
    void (*log)(void *ud, int level, const char *msg); /* print() and warn(); NULL: stderr */
    void *log_ud;

    char *path;                 /* script path as given */
    char short_src[LUA_IDSIZE]; /* how Lua abbreviates it in messages */
    size_t nstages;             /* stages of the pipeline (workers) */
    char **stage_names;         /* instance names, for messages */
    int *run_line;              /* where each inline stage's run is defined */
    int runs_ref;               /* registry: table stage index + 1 -> run */
    int params_ref;             /* registry: table stage index + 1 -> its parameters */
    int docmt_ref;              /* registry: the weft.doc metatable */
    int recsmt_ref;             /* registry: the metatable of doc:records() views */

    /* The document handed to the running stage; handles carry gen. */
    weft_doc *doc;
    uint64_t gen;
    size_t cur_stage;
};

/* The weft_lua that owns a lua_State (kept in its extra space). */
static inline weft_lua *wl_from(lua_State *L) {
    return *(weft_lua **)lua_getextraspace(L);
}

/* lua_dsl.c */
void wl_dsl_open(lua_State *L);
/* Protected: evaluate the script at ctx and build a spec (out != NULL) or
 * record the inline stages' functions in w (out == NULL, workers). */
typedef struct wl_eval {
    weft_lua *w;
    const char *path;
    const char *source;
    size_t len;
    weft_pipeline_spec *out;          /* load_spec */
    const weft_pipeline_spec *expect; /* workers: must describe the same stages */
} wl_eval;
int wl_eval_script(lua_State *L); /* lua_CFunction; light userdata wl_eval * at 1 */

/* lua_doc.c */
void wl_doc_open(lua_State *L); /* creates the metatable, sets w->docmt_ref */
/* Push a fresh handle for w->doc (protected context only). */
void wl_doc_push(lua_State *L, weft_lua *w);

#endif
