/*
 * The Lua module: weft from a Lua program (the Debian lua5.4 interpreter).
 *
 *     local weft = require "weft"
 *     local p = weft.load_profile("news")        -- or weft.load_script(path),
 *                                                -- weft.load(lua_text [, name]);
 *                                                -- a last argument: plugin path
 *     local d = p:run("Some text...", "doc-1")   -- id optional
 *     print(d:json())                            -- as weft run writes it
 *     for _, e in ipairs(d:layer("entity")) do print(e.label, e.text) end
 *     print(d:attr("sentiment.compound"), d:text())
 *
 *     local e = weft.open { plugin_path = "...", verbosity = "error" }
 *     local a, b = e:load_profile("tokens"), e:load_profile("entities")
 *
 * Errors (unknown profile, bad script) raise with weft's message. A result
 * is a snapshot: it stays valid after later runs. Built on the embedding
 * API of include/weft/weft.h. weft.load* give each pipeline an engine of its
 * own, so pipelines can be loaded at any time; weft.open's engine shares
 * plugins and names among its pipelines, which are then loaded before the
 * first run of any of them (the engine's names freeze then).
 */
#include <lauxlib.h>
#include <lua.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "weft/weft.h"
#include "../lua_value.h"

#define PIPELINE_MT "weft.pipeline"
#define ENGINE_MT   "weft.engine"

typedef struct lpipeline {
    weft_engine *e; /* owned unless shared */
    weft_pipeline *p;
    weft_processor *w; /* made at load, or at the first run when shared */
    int shared;        /* the engine of a weft.open object (the uservalue) */
} lpipeline;

typedef struct lengine {
    weft_engine *e;
} lengine;

static int pipeline_gc(lua_State *L) {
    lpipeline *lp = luaL_checkudata(L, 1, PIPELINE_MT);
    weft_processor_free(lp->w);
    weft_pipeline_free(lp->p);
    if (!lp->shared) weft_close(lp->e);
    lp->w = NULL;
    lp->p = NULL;
    lp->e = NULL;
    return 0;
}

/* The engine goes after its pipelines: each holds it as its uservalue,
 * and Lua finalizes in reverse order of creation when both go at once. */
static int engine_gc(lua_State *L) {
    lengine *le = luaL_checkudata(L, 1, ENGINE_MT);
    weft_close(le->e);
    le->e = NULL;
    return 0;
}

static int field_bool(lua_State *L, const char *k) {
    int v = lua_getfield(L, 1, k) != LUA_TNIL && lua_toboolean(L, -1);
    lua_pop(L, 1);
    return v;
}

static const char *field_str(lua_State *L, const char *k) {
    const char *v = NULL;
    if (lua_getfield(L, 1, k) != LUA_TNIL) v = luaL_checkstring(L, -1);
    lua_pop(L, 1); /* the table keeps the string alive */
    return v;
}

/* weft.open { plugin_path, only_plugin_path, allow_insecure_plugins,
 * profile_path, unsafe_lua, lua_memory (MiB, as weft run's --lua-memory;
 * 0: no cap), lua_budget (0: no limit), verbosity }. A key that is not one of these is an error: a
 * typo would otherwise leave a setting at its default without a word. */
static const char *const open_keys[] = {
    "plugin_path",  "only_plugin_path", "allow_insecure_plugins",
    "profile_path", "unsafe_lua",       "lua_memory",
    "lua_budget",   "verbosity",        NULL};

static void check_open_keys(lua_State *L) {
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1); /* the value */
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        size_t i = 0;
        while (k && open_keys[i] && strcmp(open_keys[i], k) != 0) i++;
        if (!k || !open_keys[i]) {
            luaL_error(L,
                       "weft.open: unknown option '%s' (options: plugin_path, only_plugin_path, "
                       "allow_insecure_plugins, profile_path, unsafe_lua, lua_memory, lua_budget, "
                       "verbosity)",
                       k ? k : luaL_typename(L, -1));
        }
    }
}

static int l_open(lua_State *L) {
    if (lua_isnoneornil(L, 1)) {
        lua_settop(L, 0);
        lua_newtable(L);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    check_open_keys(L);
    weft_options o;
    weft_options_init(&o);
    o.plugin_path = field_str(L, "plugin_path");
    o.profile_path = field_str(L, "profile_path");
    o.only_plugin_path = field_bool(L, "only_plugin_path");
    o.allow_insecure_plugins = field_bool(L, "allow_insecure_plugins");
    o.unsafe_lua = field_bool(L, "unsafe_lua");
    if (lua_getfield(L, 1, "lua_memory") != LUA_TNIL) {
        lua_Integer mib = luaL_checkinteger(L, -1);
        if (mib < 0 || (lua_Unsigned)mib > (SIZE_MAX >> 20))
            return luaL_error(L, "weft.open: lua_memory = %I: expected MiB (0: no cap)", mib);
        o.lua_memory = (size_t)mib << 20;
    }
    if (lua_getfield(L, 1, "lua_budget") != LUA_TNIL) {
        lua_Integer n = luaL_checkinteger(L, -1);
        if (n < 0)
            return luaL_error(L, "weft.open: lua_budget = %I: expected 0 (no limit) or more", n);
        o.lua_budget = (uint64_t)n;
    }
    lua_pop(L, 2);
    const char *v = field_str(L, "verbosity");
    if (v) {
        static const char *const levels[] = {"error", "warning", "note", "debug", NULL};
        size_t i = 0;
        while (levels[i] && strcmp(levels[i], v) != 0) i++;
        if (!levels[i])
            return luaL_error(
                L,
                "weft.open: verbosity '%s': expected \"error\", \"warning\", \"note\" or \"debug\"",
                v);
        o.verbosity = (int)i;
    }
    lengine *le = lua_newuserdatauv(L, sizeof *le, 0);
    le->e = NULL;
    luaL_setmetatable(L, ENGINE_MT);
    char err[4096];
    if (!(le->e = weft_open_with(&o, err, sizeof err))) return luaL_error(L, "weft: %s", err);
    return 1;
}

static weft_pipeline *load_into(weft_engine *e, int kind, const char *arg, size_t len,
                                const char *name, char *err, size_t errsz) {
    if (kind == 0) return weft_load_profile(e, arg, err, errsz);
    if (kind == 1) return weft_load_script(e, arg, err, errsz);
    return weft_load_source(e, name, arg, len, err, errsz);
}

/* kind: 0 profile, 1 script path, 2 source text */
static int load(lua_State *L, int kind) {
    size_t len;
    const char *arg = luaL_checklstring(L, 1, &len);
    /* arguments first: the userdata below goes on top of the stack */
    const char *name = kind == 2 ? luaL_optstring(L, 2, "(lua)") : NULL;
    const char *plugin_path = luaL_optstring(L, kind == 2 ? 3 : 2, NULL);
    lpipeline *lp = lua_newuserdatauv(L, sizeof *lp, 0);
    memset(lp, 0, sizeof *lp);
    luaL_setmetatable(L, PIPELINE_MT);
    char err[4096];
    lp->e = weft_open(plugin_path, err, sizeof err);
    if (lp->e) lp->p = load_into(lp->e, kind, arg, len, name, err, sizeof err);
    if (lp->p) lp->w = weft_processor_new(lp->p, err, sizeof err);
    if (!lp->w) return luaL_error(L, "weft: %s", err);
    return 1;
}

/* engine:load_profile(name), engine:load_script(path), engine:load(text
 * [, name]): a pipeline on the shared engine; its processor is made at
 * its first run, so that every pipeline can be loaded first. */
static int engine_load(lua_State *L, int kind) {
    lengine *le = luaL_checkudata(L, 1, ENGINE_MT);
    size_t len;
    const char *arg = luaL_checklstring(L, 2, &len);
    const char *name = kind == 2 ? luaL_optstring(L, 3, "(lua)") : NULL;
    if (!le->e) return luaL_error(L, "weft: engine was closed");
    lpipeline *lp = lua_newuserdatauv(L, sizeof *lp, 1);
    memset(lp, 0, sizeof *lp);
    luaL_setmetatable(L, PIPELINE_MT);
    lp->shared = 1;
    lp->e = le->e;
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1); /* keeps the engine alive */
    char err[4096];
    if (!(lp->p = load_into(le->e, kind, arg, len, name, err, sizeof err)))
        return luaL_error(L, "weft: %s", err);
    return 1;
}

static int e_load_profile(lua_State *L) {
    return engine_load(L, 0);
}
static int e_load_script(lua_State *L) {
    return engine_load(L, 1);
}
static int e_load(lua_State *L) {
    return engine_load(L, 2);
}

static int l_load_profile(lua_State *L) {
    return load(L, 0);
}
static int l_load_script(lua_State *L) {
    return load(L, 1);
}
static int l_load(lua_State *L) {
    return load(L, 2);
}

/* A result is a plain table holding a snapshot of the document (JSON,
 * text, layers, attributes, errors) with methods from the "weft.result"
 * metatable; it outlives the processor's document. */

static int result_json(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "_json");
    return 1;
}
static int result_text(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "_text");
    return 1;
}
static int result_layer(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *name = luaL_checkstring(L, 2);
    lua_getfield(L, 1, "_layers");
    if (lua_getfield(L, -1, name) == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
    return 1;
}
static int result_attr(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *key = luaL_checkstring(L, 2);
    lua_getfield(L, 1, "_attrs");
    lua_getfield(L, -1, key);
    return 1;
}
static int result_errors(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "_errors");
    return 1;
}

static int pipeline_run(lua_State *L) {
    lpipeline *lp = luaL_checkudata(L, 1, PIPELINE_MT);
    size_t len;
    const char *text = luaL_checklstring(L, 2, &len);
    const char *id = luaL_optstring(L, 3, "lua");
    if (!lp->p) return luaL_error(L, "weft: pipeline was closed");
    if (!lp->w) {
        char err[4096];
        if (!(lp->w = weft_processor_new(lp->p, err, sizeof err)))
            return luaL_error(L, "weft: %s", err);
    }
    const weft_doc *d = weft_process(lp->w, id, text, len);
    if (!d) return luaL_error(L, "weft: out of memory");
    char *json = weft_json(d);
    if (!json) return luaL_error(L, "weft: out of memory");
    lua_createtable(L, 0, 6);
    lua_pushstring(L, json);
    free(json);
    lua_setfield(L, -2, "_json");
    size_t tl;
    const char *t = weft_text(d, NULL, &tl);
    lua_pushlstring(L, t ? t : "", t ? tl : 0);
    lua_setfield(L, -2, "_text");
    lua_pushstring(L, id);
    lua_setfield(L, -2, "id");
    /* every layer, records as { begin, end, label, score, text } */
    lua_newtable(L);
    for (size_t li = 0; li < weft_layer_count(d); li++) {
        const char *ln = weft_layer_name(d, li);
        const weft_ann *a;
        size_t n = weft_records(d, ln, &a);
        size_t vl;
        const char *vt = weft_text(d, weft_layer_view(d, ln), &vl);
        lua_createtable(L, (int)n, 0);
        for (size_t k = 0; k < n; k++) {
            lua_createtable(L, 0, 5);
            lua_pushinteger(L, a[k].begin);
            lua_setfield(L, -2, "begin");
            lua_pushinteger(L, a[k].end);
            lua_setfield(L, -2, "end");
            if (a[k].label) {
                lua_pushstring(L, weft_name(d, a[k].label));
                lua_setfield(L, -2, "label");
            }
            if (a[k].score == a[k].score) {
                lua_pushnumber(L, a[k].score);
                lua_setfield(L, -2, "score");
            }
            if (vt && a[k].end <= vl) {
                lua_pushlstring(L, vt + a[k].begin, a[k].end - a[k].begin);
                lua_setfield(L, -2, "text");
            }
            lua_rawseti(L, -2, (lua_Integer)k + 1);
        }
        lua_setfield(L, -2, ln);
    }
    lua_setfield(L, -2, "_layers");
    lua_newtable(L);
    for (size_t k = 0; k < weft_attribute_count(d); k++) {
        const char *key;
        const weft_value *v = weft_attribute_at(d, k, &key);
        weft_lua_push_value(L, d, v);
        lua_setfield(L, -2, key);
    }
    lua_setfield(L, -2, "_attrs");
    lua_newtable(L);
    for (size_t i = 0; i < weft_errors(d); i++) {
        lua_pushstring(L, weft_error_message(d, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_setfield(L, -2, "_errors");
    luaL_setmetatable(L, "weft.result");
    return 1;
}

static const luaL_Reg pipeline_methods[] = {
    {"run", pipeline_run}, {"close", pipeline_gc}, {NULL, NULL}};
static const luaL_Reg result_methods[] = {{"json", result_json},     {"text", result_text},
                                          {"layer", result_layer},   {"attr", result_attr},
                                          {"errors", result_errors}, {NULL, NULL}};
static const luaL_Reg engine_methods[] = {{"load_profile", e_load_profile},
                                          {"load_script", e_load_script},
                                          {"load", e_load},
                                          {NULL, NULL}};
static const luaL_Reg module_funcs[] = {{"load_profile", l_load_profile},
                                        {"load_script", l_load_script},
                                        {"load", l_load},
                                        {"open", l_open},
                                        {NULL, NULL}};

int luaopen_weft(lua_State *L);
__attribute__((visibility("default"))) int luaopen_weft(lua_State *L) {
    luaL_checkversion(L);
    luaL_newmetatable(L, PIPELINE_MT);
    luaL_newlib(L, pipeline_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, pipeline_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, ENGINE_MT);
    luaL_newlib(L, engine_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, engine_gc);
    lua_setfield(L, -2, "__gc");
    lua_pop(L, 1);
    luaL_newmetatable(L, "weft.result");
    luaL_newlib(L, result_methods);
    lua_setfield(L, -2, "__index");
    lua_pop(L, 1);
    luaL_newlib(L, module_funcs);
    lua_pushstring(L, weft_version());
    lua_setfield(L, -2, "version");
    lua_pushinteger(L, weft_lua_api_version());
    lua_setfield(L, -2, "api_version");
    return 1;
}
