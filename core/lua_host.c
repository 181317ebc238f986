/*
 * The Lua host: one lua_State per weft_lua, a capped allocator, an
 * instruction budget, the sandbox, and the protected-call wrapper every
 * piece of Lua runs under. The DSL lives in lua_dsl.c, the document API in
 * lua_doc.c.
 *
 * Sandbox (unless limits->unsafe): only base, string, table, math, utf8 and
 * coroutine are opened; dofile, loadfile and require are removed; load()
 * takes text only (any mode asked for becomes "t"); collectgarbage() only
 * answers "count"; setmetatable() refuses metatables with __gc (finalizers
 * run with hooks off, where the budget cannot stop them). In both modes
 * print() writes to stderr, since stdout carries weft's output, and Lua
 * warnings go to stderr.
 *
 * Limits: the allocator refuses growth past mem_limit (Lua raises
 * LUA_ERRMEM, reported as "Lua memory limit of N MiB reached"); a count
 * hook every 1000 instructions spends instr_budget, which is refilled at
 * the start of every call (script evaluation included). Long C calls are
 * bounded by the memory cap only, not by the budget.
 *
 * Errors: everything runs under lua_pcall with a handler that appends a
 * traceback; the panic function (unreachable) prints and aborts. After any
 * error the state is left usable for the next document.
 */
#include "lua_host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

#include "lua_internal.h"

#define MIB (1024.0 * 1024.0)

void weft_lua_limits_default(weft_lua_limits *l) {
    l->mem_limit = (size_t)64 * 1024 * 1024;
    l->instr_budget = 100000000u;
    l->unsafe = 0;
    l->say_unsafe = NULL;
    l->say_memory = NULL;
    l->say_budget = NULL;
    l->output = NULL;
    l->log = NULL;
    l->log_ud = NULL;
}

/* ------------------------------------------------------------------------ */
/* Allocator, panic, warnings                                                */

static int at_panic(lua_State *L) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "weft: unprotected Lua error (a bug in weft): %s\n", msg ? msg : "?");
    fflush(stderr);
    abort();
    return 0;
}

/* lua_setwarnf: "@on"/"@off" control messages, pieces joined until the last. */
#define WARN_PREFIX "Lua warning: "
typedef struct wl_warn {
    int on, cont;
    weft_lua *w;
    size_t len;
    char buf[1024]; /* the pieces of one warning, for the log sink */
} wl_warn;

static void warnf(void *ud, const char *msg, int tocont) {
    wl_warn *ws = ud;
    if (!ws->cont && msg[0] == '@') {
        if (strcmp(msg, "@off") == 0) ws->on = 0;
        if (strcmp(msg, "@on") == 0) ws->on = 1;
        return;
    }
    if (ws->on && ws->w->log) {
        size_t n = strlen(msg), room = sizeof ws->buf - 1 - ws->len;
        memcpy(ws->buf + ws->len, msg, n < room ? n : room);
        ws->len += n < room ? n : room;
        ws->buf[ws->len] = '\0';
        if (!tocont) {
            ws->w->log(ws->w->log_ud, WEFT_LOG_WARN, ws->buf);
            ws->len = sizeof WARN_PREFIX - 1;
        }
    } else if (ws->on) {
        if (!ws->cont) fputs("weft: warning: Lua warning: ", stderr);
        fputs(msg, stderr);
        if (!tocont) fputc('\n', stderr);
    }
    ws->cont = tocont;
}

/* ------------------------------------------------------------------------ */
/* Message handler and instruction budget                                    */

static int msgh(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/*
 * Every hook_every instructions. Once the budget is spent, every
 * instruction of this thread raises: a script that catches the error with
 * pcall in a loop meets it again at its next instruction, so the error
 * reaches the top. (A coroutine carries its own count; it is put back to
 * hook_every when the next call finds it at 1.)
 */
static void count_hook(lua_State *L, lua_Debug *ar) {
    weft_lua *w = wl_from(L);
    uint64_t spent = (uint64_t)lua_gethookcount(L);
    if (w->left > spent) {
        w->left -= spent;
        if (spent != (uint64_t)w->hook_every)
            lua_sethook(L, count_hook, LUA_MASKCOUNT, w->hook_every);
        return;
    }
    if (w->left) {
        w->left = 0;
        w->budget_hit = 1;
        lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    }
    /* In a hook, ar is the running function: that is the line to blame. */
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
        lua_pushfstring(L, "%s:%d: ", ar->short_src, ar->currentline);
    else
        lua_pushliteral(L, "");
    lua_pushfstring(L,
                    "%sinstruction budget of %I exceeded (an endless loop, or a walk over a "
                    "very large document? %s raises it, 0 lifts it)",
                    lua_tostring(L, -1), (lua_Integer)w->budget, w->say_budget);
    lua_error(L);
}

/* Start a new protected phase: full budget, no memory hit recorded. */
static void arm(weft_lua *w) {
    w->left = w->budget;
    w->budget_hit = 0;
    w->mem.hit = 0;
    if (w->budget) lua_sethook(w->L, count_hook, LUA_MASKCOUNT, w->hook_every);
}

/* ------------------------------------------------------------------------ */
/* Sandbox                                                                   */

/* load() that only takes text, whatever mode the caller asks for. */
static int sb_load(lua_State *L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    if (n >= 2)
        lua_pushvalue(L, 2);
    else
        lua_pushnil(L);
    lua_pushliteral(L, "t");
    if (n >= 4) lua_pushvalue(L, 4); /* env only when given: nil means nil */
    lua_call(L, n >= 4 ? 4 : 3, LUA_MULTRET);
    return lua_gettop(L) - n;
}

static int sb_collectgarbage(lua_State *L) {
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") != 0)
        return luaL_error(L,
                          "collectgarbage(\"%s\") is not available in the sandbox (only "
                          "\"count\")",
                          opt);
    int k = lua_gc(L, LUA_GCCOUNT, 0), b = lua_gc(L, LUA_GCCOUNTB, 0);
    lua_pushnumber(L, (lua_Number)k + ((lua_Number)b / 1024));
    return 1;
}

/* setmetatable() without __gc: finalizers run with hooks off, out of reach
 * of the instruction budget. */
static int sb_setmetatable(lua_State *L) {
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "__gc metamethods are not available in the sandbox");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* print() goes to the engine's log sink as one message of level
 * WEFT_LOG_PRINT (stderr by default: stdout carries weft's output). */
static int wl_print(lua_State *L) {
    int n = lua_gettop(L);
    weft_lua *w = wl_from(L);
    if (w->log) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        for (int i = 1; i <= n; i++) {
            if (i > 1) luaL_addchar(&b, '\t');
            luaL_tolstring(L, i, NULL);
            luaL_addvalue(&b);
        }
        luaL_pushresult(&b);
        w->log(w->log_ud, WEFT_LOG_PRINT, lua_tostring(L, -1));
        return 0;
    }
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1) fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    fflush(stderr);
    return 0;
}

typedef struct setup_ctx {
    weft_lua *w;
    const char *path;
} setup_ctx;

static int setup(lua_State *L) {
    setup_ctx *c = lua_touserdata(L, 1);
    weft_lua *w = c->w;
    wl_warn *ws = lua_newuserdatauv(L, sizeof *ws, 0);
    ws->on = 1;
    ws->cont = 0;
    ws->w = w;
    memcpy(ws->buf, WARN_PREFIX, sizeof WARN_PREFIX);
    ws->len = sizeof WARN_PREFIX - 1;
    lua_setfield(L, LUA_REGISTRYINDEX, "weft.warn"); /* keeps it alive */
    lua_setwarnf(L, warnf, ws);
    if (w->unsafe) {
        luaL_openlibs(L);
    } else {
        static const luaL_Reg libs[] = {{LUA_GNAME, luaopen_base},
                                        {LUA_STRLIBNAME, luaopen_string},
                                        {LUA_TABLIBNAME, luaopen_table},
                                        {LUA_MATHLIBNAME, luaopen_math},
                                        {LUA_UTF8LIBNAME, luaopen_utf8},
                                        {LUA_COLIBNAME, luaopen_coroutine},
                                        {NULL, NULL}};
        for (const luaL_Reg *l = libs; l->name; l++) {
            luaL_requiref(L, l->name, l->func, 1);
            lua_pop(L, 1);
        }
        lua_pushglobaltable(L);
        static const char *const gone[] = {"dofile", "loadfile", "require", NULL};
        for (const char *const *g = gone; *g; g++) {
            lua_pushnil(L);
            lua_setfield(L, -2, *g);
        }
        lua_getfield(L, -1, "load");
        lua_pushcclosure(L, sb_load, 1);
        lua_setfield(L, -2, "load");
        lua_getfield(L, -1, "setmetatable");
        lua_pushcclosure(L, sb_setmetatable, 1);
        lua_setfield(L, -2, "setmetatable");
        lua_pushcfunction(L, sb_collectgarbage);
        lua_setfield(L, -2, "collectgarbage");
        lua_pop(L, 1);
    }
    lua_pushcfunction(L, wl_print);
    lua_setglobal(L, "print");
    wl_dsl_open(L);
    if (w->output) {
        lua_getglobal(L, "weft");
        lua_pushstring(L, w->output);
        lua_setfield(L, -2, "output");
        lua_pop(L, 1);
    }
    wl_doc_open(L);

    /* How Lua abbreviates the chunk name in messages ("...tail" when long). */
    lua_pushfstring(L, "@%s", c->path);
    const char *chunk = lua_tostring(L, -1);
    if (luaL_loadbufferx(L, "", 0, chunk, "t") == LUA_OK) {
        lua_Debug ar;
        lua_getinfo(L, ">S", &ar);
        memcpy(w->short_src, ar.short_src, sizeof w->short_src);
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                  */

static void copy_str(char *dst, size_t dstsz, const char *src, size_t len) {
    if (!dstsz) return;
    if (len >= dstsz) len = dstsz - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* A script that touches a library the sandbox leaves out fails with "attempt
 * to index a nil value (global 'os')", which reads like a bug in the script:
 * say why it is nil and how to have it. */
static const char *sandbox_note(const weft_lua *w, const char *msg, char *note, size_t notesz) {
    static const char *const names[] = {"io",      "os",     "package",  "debug",
                                        "require", "dofile", "loadfile", NULL};
    const char *end = strstr(msg, "\nstack traceback:");
    for (const char *p = strstr(msg, "(global '"); p && (!end || p < end);
         p = strstr(p + 1, "(global '")) {
        const char *name = p + 9;
        for (size_t i = 0; names[i]; i++) {
            size_t l = strlen(names[i]);
            if (!strncmp(name, names[i], l) && !strncmp(name + l, "')", 2)) {
                snprintf(note, notesz,
                         " ('%s' is not available in the sandbox of inline stages; %s allows it)",
                         names[i], w->say_unsafe ? w->say_unsafe : "weft_options.unsafe_lua");
                return note;
            }
        }
    }
    return NULL;
}

/*
 * Turn a Lua error message into ours: the abbreviated chunk name is put back
 * to the full path, a message without a position is prefixed with the
 * path, and the traceback is dropped (trace = 0) or kept as far as it fits
 * on whole lines (trace = 1). "[C]: in ?" lines carry nothing and go.
 */
static void format_msg(const weft_lua *w, const char *msg, int trace, char *out, size_t outsz) {
    if (!outsz) return;
    const char *path = w->path ? w->path : "?";
    size_t pl = strlen(path), sl = strlen(w->short_src);
    int abbreviated = sl && strcmp(w->short_src, path) != 0;
    size_t occurrences = 0;
    if (abbreviated)
        for (const char *p = strstr(msg, w->short_src); p; p = strstr(p + sl, w->short_src))
            occurrences++;
    char notebuf[192];
    const char *note = w->unsafe ? NULL : sandbox_note(w, msg, notebuf, sizeof notebuf);
    size_t notelen = note ? strlen(note) : 0;
    char *buf = malloc(strlen(msg) + (occurrences + 1) * pl + notelen + 8);
    if (!buf) {
        copy_str(out, outsz, msg, strlen(msg));
        return;
    }
    size_t n = 0;
    if (!(strncmp(msg, path, pl) == 0 && msg[pl] == ':') &&
        !(abbreviated && strncmp(msg, w->short_src, sl) == 0 && msg[sl] == ':')) {
        memcpy(buf, path, pl);
        memcpy(buf + pl, ": ", 2);
        n = pl + 2;
    }
    for (const char *p = msg; *p;) {
        if (abbreviated && strncmp(p, w->short_src, sl) == 0) {
            memcpy(buf + n, path, pl);
            n += pl;
            p += sl;
            continue;
        }
        if (strncmp(p, "\n\t[C]: in ?", 11) == 0 && (p[11] == '\n' || p[11] == '\0')) {
            p += 11;
            continue;
        }
        buf[n++] = *p++;
    }
    buf[n] = '\0';
    char *tb = strstr(buf, "\nstack traceback:");
    if (note) {
        /* after the message itself, before the traceback */
        size_t at = tb ? (size_t)(tb - buf) : n;
        memmove(buf + at + notelen, buf + at, n - at + 1);
        memcpy(buf + at, note, notelen);
        n += notelen;
        tb = tb ? buf + at + notelen : NULL;
    }
    if (tb && !trace) *tb = '\0';
    n = strlen(buf);
    if (n >= outsz) {
        /* Cut at the last whole line that fits, unless that drops the message. */
        size_t cut = outsz - 1;
        while (cut > 0 && buf[cut] != '\n') cut--;
        if (tb && cut >= (size_t)(tb - buf))
            n = cut;
        else
            n = outsz - 1;
    }
    copy_str(out, outsz, buf, n);
    free(buf);
}

static void mem_msg(const weft_lua *w, const char *where, char *out, size_t outsz) {
    if (w->mem.limit)
        snprintf(out, outsz, "Lua memory limit of %g MiB reached%s (%s raises it)",
                 (double)w->mem.limit / MIB, where, w->say_memory);
    else
        snprintf(out, outsz, "out of memory in Lua%s", where);
}

/* ------------------------------------------------------------------------ */
/* States                                                                    */

static weft_lua *create(const weft_lua_limits *limits, const char *path, char *err, size_t errsz) {
    weft_lua_limits def;
    if (!limits) {
        weft_lua_limits_default(&def);
        limits = &def;
    }
    weft_lua *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path ? path : "-"))) {
        free(w);
        snprintf(err, errsz, "%s: out of memory", path ? path : "-");
        return NULL;
    }
    w->mem.limit = limits->mem_limit;
    w->budget = limits->instr_budget;
    w->hook_every = w->budget && w->budget < WL_HOOK_EVERY ? (int)w->budget : WL_HOOK_EVERY;
    w->unsafe = limits->unsafe;
    w->say_unsafe = limits->say_unsafe;
    w->say_memory = limits->say_memory ? limits->say_memory : "weft_options.lua_memory";
    w->say_budget = limits->say_budget ? limits->say_budget : "weft_options.lua_budget";
    w->output = limits->output;
    w->log = limits->log;
    w->log_ud = limits->log_ud;
    w->runs_ref = LUA_NOREF;
    w->params_ref = LUA_NOREF;
    w->docmt_ref = LUA_NOREF;
    w->recsmt_ref = LUA_NOREF;
    w->L = lua_newstate(wl_alloc, &w->mem);
    if (!w->L) {
        snprintf(err, errsz, "%s: cannot create a Lua state (memory limit too small?)", w->path);
        weft_lua_free(w);
        return NULL;
    }
    lua_State *L = w->L;
    *(weft_lua **)lua_getextraspace(L) = w;
    lua_atpanic(L, at_panic);

    arm(w);
    setup_ctx c = {w, w->path};
    lua_pushcfunction(L, msgh);
    lua_pushcfunction(L, setup);
    lua_pushlightuserdata(L, &c);
    int st = lua_pcall(L, 1, 0, 1);
    if (st != LUA_OK) {
        if (st == LUA_ERRMEM || w->mem.hit)
            mem_msg(w, " while setting up Lua", err, errsz);
        else
            format_msg(w, lua_tostring(L, -1) ? lua_tostring(L, -1) : "?", 0, err, errsz);
        weft_lua_free(w);
        return NULL;
    }
    lua_settop(L, 0);
    return w;
}

static int full_gc(lua_State *L) {
    lua_gc(L, LUA_GCCOLLECT, 0);
    return 0;
}

/* Evaluate the script in w (protected); 0 or -1 with err filled. */
static int eval(weft_lua *w, wl_eval *e, char *err, size_t errsz) {
    lua_State *L = w->L;
    arm(w);
    lua_pushcfunction(L, msgh);
    lua_pushcfunction(L, wl_eval_script);
    lua_pushlightuserdata(L, e);
    int st = lua_pcall(L, 1, 0, 1);
    if (st == LUA_OK) {
        lua_settop(L, 0);
        return 0;
    }
    const char *msg = lua_tostring(L, -1);
    if (st == LUA_ERRMEM ||
        (w->mem.hit && (st == LUA_ERRERR || (msg && strstr(msg, "not enough memory"))))) {
        char m[200];
        mem_msg(w, " while evaluating the script", m, sizeof m);
        snprintf(err, errsz, "%s: %s", w->path, m);
    } else {
        format_msg(w, msg ? msg : "(error object is not a string)", 0, err, errsz);
    }
    lua_settop(L, 0);
    return -1;
}

int weft_lua_load_spec(const char *path, const char *source, size_t len,
                       const weft_lua_limits *limits, weft_pipeline_spec *out, char *err,
                       size_t errsz) {
    memset(out, 0, sizeof *out);
    weft_lua *w = create(limits, path, err, errsz);
    if (!w) return WEFT_EINVAL;
    wl_eval e = {w, w->path, source, len, out, NULL};
    int rc = eval(w, &e, err, errsz);
    weft_lua_free(w);
    if (rc != 0) {
        weft_pipeline_spec_free(out);
        memset(out, 0, sizeof *out);
        return WEFT_EINVAL;
    }
    return WEFT_OK;
}

weft_lua *weft_lua_new(const weft_lua_limits *limits, const char *path, const char *source,
                       size_t len, const weft_pipeline_spec *spec, char *err, size_t errsz) {
    weft_lua *w = create(limits, path, err, errsz);
    if (!w) return NULL;
    wl_eval e = {w, w->path, source, len, NULL, spec};
    if (eval(w, &e, err, errsz) != 0) {
        weft_lua_free(w);
        return NULL;
    }
    /* Collect what evaluation left behind before the first document. */
    lua_pushcfunction(w->L, full_gc);
    lua_pcall(w->L, 0, 0, 0);
    lua_settop(w->L, 0);
    return w;
}

void weft_lua_free(weft_lua *w) {
    if (!w) return;
    if (w->L) lua_close(w->L);
    wl_mem_free(&w->mem);
    if (w->stage_names)
        for (size_t i = 0; i < w->nstages; i++) free(w->stage_names[i]);
    free(w->stage_names);
    free(w->run_line);
    free(w->path);
    free(w);
}

/* ------------------------------------------------------------------------ */
/* Running a stage                                                           */

/* Protected: push run and a fresh document handle, call. */
static int run_trampoline(lua_State *L) {
    weft_lua *w = wl_from(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->runs_ref);
    lua_rawgeti(L, -1, (lua_Integer)w->cur_stage + 1);
    wl_doc_push(L, w);
    /* run(doc, params): the stage's parameters (lua_dsl.c, read-only) */
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->params_ref);
    lua_rawgeti(L, -1, (lua_Integer)w->cur_stage + 1);
    lua_remove(L, -2);
    lua_call(L, 2, 0);
    return 0;
}

int weft_lua_run_stage(weft_lua *w, size_t stage_index, weft_doc *d, weft_error *err) {
    lua_State *L = w->L;
    err->code = WEFT_OK;
    err->reserved = 0;
    err->offset = -1;
    err->msg[0] = '\0';
    if (stage_index >= w->nstages || !w->run_line || w->run_line[stage_index] < 0) {
        snprintf(err->msg, sizeof err->msg, "stage %zu is not an inline Lua stage", stage_index);
        return err->code = WEFT_EINVAL;
    }
    w->doc = d;
    w->gen++;
    w->cur_stage = stage_index;
    arm(w);
    lua_pushcfunction(L, msgh);
    lua_pushcfunction(L, run_trampoline);
    int st = lua_pcall(L, 0, 0, 1);
    w->doc = NULL;
    w->gen++; /* every handle of this call is stale from now on */
    if (st == LUA_OK) {
        lua_settop(L, 0);
        return WEFT_OK;
    }
    const char *msg = lua_tostring(L, -1);
    /* A refused allocation is the memory limit whatever the message became:
     * Lua's own "not enough memory", an error a script raised after catching
     * it with pcall, or "error in error handling" when the traceback itself
     * could not be built. Say so, with the stage and the document, first:
     * the run function's line only places the stage. */
    if (st == LUA_ERRMEM ||
        (w->mem.hit && (st == LUA_ERRERR || (msg && strstr(msg, "not enough memory"))))) {
        char where[300];
        const char *stage =
            w->stage_names && w->stage_names[stage_index] ? w->stage_names[stage_index] : "?";
        const char *id = d->id;
        snprintf(where, sizeof where, " in stage '%s' on document '%.160s' (run function at %s:%d)",
                 stage, id ? id : "?", w->path, w->run_line[stage_index]);
        mem_msg(w, where, err->msg, sizeof err->msg);
        err->code = WEFT_ENOMEM;
    } else if (w->budget_hit) {
        /* a limit, as the memory one: said with the stage and the document */
        const char *stage =
            w->stage_names && w->stage_names[stage_index] ? w->stage_names[stage_index] : "?";
        int k = snprintf(err->msg, sizeof err->msg,
                         "in stage '%.60s' on document '%.160s': ", stage, d->id ? d->id : "?");
        size_t at = k > 0 && (size_t)k < sizeof err->msg ? (size_t)k : 0;
        format_msg(w, msg ? msg : "(error object is not a string)", 1, err->msg + at,
                   sizeof err->msg - at);
        err->code = WEFT_ELIMIT;
    } else {
        format_msg(w, msg ? msg : "(error object is not a string)", 1, err->msg, sizeof err->msg);
        err->code = WEFT_EINVAL;
    }
    lua_settop(L, 0);
    if (err->code != WEFT_EINVAL) {
        /* Give the memory back before the next document (protected: finalizers
         * run user code). */
        w->left = w->budget;
        lua_pushcfunction(L, full_gc);
        lua_pcall(L, 0, 0, 0);
        lua_settop(L, 0);
    }
    return err->code;
}
