/*
 * The pipeline DSL: the global `weft` table and the conversion of what a
 * script returns into a weft_pipeline_spec.
 *
 *   return weft.pipeline {
 *     name = "news", doc = "one line",
 *     output = { entity_layer = "ne" },  -- names -f tsv/conll/text read
 *     weft.stage "tokenizer" { style = "uax29" },
 *     weft.stage "entities" { as = "ents2", labels = { "PER", "ORG" } },
 *     weft.lua "headline_tone" {
 *       requires = { "sentence" }, provides = { "attr:headline_tone" },
 *       run = function(doc) ... end,
 *     },
 *   }
 *
 * weft.stage "class" and weft.lua "name" return a function that takes the
 * table; both record the script and line they were written on. The table
 * is checked at once (errors name script:line, stage and parameter) and
 * kept; weft.pipeline checks its fields and the uniqueness of instance
 * names. Stage and pipeline values are userdata whose data sits in a user
 * value, so a script cannot tamper with them after the checks.
 *
 * Array items of weft.pipeline that are false or nil are skipped, so a
 * stage can be made optional with `use_x and weft.stage "x" { }`.
 */
#include <limits.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lua_internal.h"
#include "node.h"
#include "params.h"

#define STAGE_MT "weft.stagespec"
#define PIPE_MT  "weft.pipelinespec"

enum { KIND_PLUGIN = 1, KIND_LUA = 2 };

#define MAX_DEPTH 32
#define PATH_LEN  160

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static int valid_name(const char *s, size_t len) {
    if (len == 0 || len != strlen(s)) return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return 0;
    }
    return 1;
}

/* Raise "script:line: <message>". */
static int located_error(lua_State *L, const char *script, int line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (line > 0)
        lua_pushfstring(L, "%s:%d: ", script, line);
    else
        lua_pushfstring(L, "%s: ", script);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_concat(L, 2);
    return lua_error(L);
}

/* Push the script name of the caller of the running C function; its line. */
static int push_caller(lua_State *L) {
    lua_Debug ar;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
        if (ar.source[0] == '@' || ar.source[0] == '=')
            lua_pushstring(L, ar.source + 1);
        else
            lua_pushstring(L, ar.short_src);
        return ar.currentline;
    }
    lua_pushstring(L, wl_from(L)->path);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* Parameter values: checked when written, converted after the script ran   */

typedef struct pctx {
    const char *script;
    int line;
    const char *stage;
    weft_arena *arena; /* NULL: only check */
} pctx;

static int perr(lua_State *L, const pctx *c, const char *path, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    if (c->line > 0)
        lua_pushfstring(L, "%s:%d: stage '%s': parameter '%s' ", c->script, c->line, c->stage,
                        path);
    else
        lua_pushfstring(L, "%s: stage '%s': parameter '%s' ", c->script, c->stage, path);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    lua_concat(L, 2);
    return lua_error(L);
}

static void oom(lua_State *L) {
    lua_pushliteral(L, "out of memory while building the pipeline description");
    lua_error(L);
}

static int kid_cmp(const void *a, const void *b) {
    return strcmp(((const weft_node *)a)->key, ((const weft_node *)b)->key);
}

static void walk(lua_State *L, const pctx *c, int idx, weft_node *out, const char *path, int depth);

/* A table whose keys are all strings: a MAP with sorted keys. path "" is
 * the root (the parameter table itself). */
static void walk_map(lua_State *L, const pctx *c, int idx, weft_node *out, const char *path,
                     size_t n, int depth) {
    weft_node *kids = NULL;
    if (out) {
        out->type = WEFT_V_MAP;
        if (n > UINT32_MAX) perr(L, c, path, "has too many keys");
        kids = weft_node_kids(c->arena, out, (uint32_t)n);
        if (n && !kids) oom(L);
    }
    size_t k = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        size_t klen;
        const char *key = lua_tolstring(L, -2, &klen); /* a string: checked before */
        char child[PATH_LEN];
        if (path[0])
            snprintf(child, sizeof child, "%s.%s", path, key);
        else
            snprintf(child, sizeof child, "%s", key);
        if (klen != strlen(key)) perr(L, c, child, "has a NUL byte in its name");
        if (kids && k < n) {
            walk(L, c, -1, &kids[k], child, depth + 1);
            if (!(kids[k].key = weft_arena_strndup(c->arena, key, klen))) oom(L);
        } else {
            walk(L, c, -1, NULL, child, depth + 1);
        }
        k++;
        lua_pop(L, 1);
    }
    if (kids) {
        if (k != n) perr(L, c, path, "changed while it was being read");
        qsort(kids, n, sizeof *kids, kid_cmp);
    }
}

static void walk_table(lua_State *L, const pctx *c, int idx, weft_node *out, const char *path,
                       int depth) {
    if (depth > MAX_DEPTH) perr(L, c, path, "is nested too deeply (does a table contain itself?)");
    luaL_checkstack(L, 8, "parameters nested too deeply");
    size_t nint = 0, nstr = 0;
    lua_Integer mink = LUA_MAXINTEGER, maxk = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            nstr++;
        } else if (lua_isinteger(L, -1)) {
            lua_Integer k = lua_tointeger(L, -1);
            if (k < mink) mink = k;
            if (k > maxk) maxk = k;
            nint++;
        } else {
            perr(L, c, path, "has a key of type %s (keys are names or list positions)",
                 luaL_typename(L, -1));
        }
    }
    if (nint && nstr) perr(L, c, path, "mixes list items and named keys");
    if (nstr) {
        walk_map(L, c, idx, out, path, nstr, depth);
        return;
    }
    if (nint && (mink < 1 || maxk != (lua_Integer)nint))
        perr(L, c, path, "is a list with holes (items must be at positions 1..n)");
    if (nint > UINT32_MAX) perr(L, c, path, "has too many items");
    weft_node *kids = NULL;
    if (out) {
        out->type = WEFT_V_LIST; /* an empty table is an empty list */
        kids = weft_node_kids(c->arena, out, (uint32_t)nint);
        if (nint && !kids) oom(L);
    }
    for (size_t i = 0; i < nint; i++) {
        char child[PATH_LEN];
        snprintf(child, sizeof child, "%s[%zu]", path, i + 1);
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        walk(L, c, -1, kids ? &kids[i] : NULL, child, depth + 1);
        lua_pop(L, 1);
    }
}

static void walk(lua_State *L, const pctx *c, int idx, weft_node *out, const char *path,
                 int depth) {
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        if (out) {
            out->type = WEFT_V_BOOL;
            out->u.b = lua_toboolean(L, idx);
        }
        return;
    case LUA_TNUMBER:
        if (out) {
            if (lua_isinteger(L, idx)) {
                out->type = WEFT_V_INT;
                out->u.i = (int64_t)lua_tointeger(L, idx);
            } else {
                out->type = WEFT_V_NUM;
                out->u.d = (double)lua_tonumber(L, idx);
            }
        }
        return;
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        if (len > UINT32_MAX) perr(L, c, path, "is too long");
        if (out) {
            out->type = WEFT_V_STR;
            out->n = (uint32_t)len;
            if (!(out->u.str = weft_arena_strndup(c->arena, s, len))) oom(L);
        }
        return;
    }
    case LUA_TTABLE:
        walk_table(L, c, idx, out, path, depth);
        return;
    default:
        perr(L, c, path, "cannot be a %s", luaL_typename(L, idx));
    }
}

/* ------------------------------------------------------------------------ */
/* weft.stage, weft.lua                                                      */

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* requires/provides: a string, or a table of layer names at 1..n and
 * `layer = { "LABEL", ... }` entries (the layer, with the labels the stage
 * writes or reads; labels.h). Pushes a fresh list of the names (keyed
 * layers after the listed ones, sorted) and a fresh table layer -> labels. */
static void push_strlist(lua_State *L, int idx, const char *field, const char *name,
                         const char *script, int line) {
    idx = lua_absindex(L, idx);
    lua_newtable(L); /* names */
    lua_newtable(L); /* labels */
    int names = lua_gettop(L) - 1, labels = names + 1;
    if (lua_isnil(L, idx)) return;
    if (lua_type(L, idx) == LUA_TSTRING) {
        lua_pushvalue(L, idx);
        lua_rawseti(L, names, 1);
        return;
    }
    if (lua_type(L, idx) != LUA_TTABLE)
        located_error(L, script, line,
                      "weft.lua '%s': %s must be a list of strings (layer = { labels } entries "
                      "allowed)",
                      name, field);
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, idx, i) != LUA_TSTRING)
            located_error(L, script, line, "weft.lua '%s': %s must be a list of strings", name,
                          field);
        lua_rawseti(L, names, i);
    }
    /* keyed entries: layer = { "LABEL", ... } */
    const char *keys[256];
    size_t nkeys = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_isinteger(L, -2) && lua_tointeger(L, -2) >= 1 && lua_tointeger(L, -2) <= n) {
            lua_pop(L, 1);
            continue;
        }
        size_t klen;
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &klen) : NULL;
        if (!k || klen != strlen(k) || klen == 0)
            located_error(L, script, line,
                          "weft.lua '%s': %s must be a list of strings, with layer = { labels } "
                          "entries (found a %s key)",
                          name, field, k ? "malformed string" : luaL_typename(L, -2));
        if (nkeys == sizeof keys / sizeof *keys)
            located_error(L, script, line, "weft.lua '%s': %s declares more than 256 layers", name,
                          field);
        int ok = lua_type(L, -1) == LUA_TTABLE;
        lua_Integer m = ok ? (lua_Integer)lua_rawlen(L, -1) : 0, seen = 0;
        if (ok) {
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                lua_pop(L, 1);
                seen++;
            }
            ok = seen == m;
        }
        lua_createtable(L, (int)m, 0);
        for (lua_Integer i = 1; ok && i <= m; i++) {
            ok = lua_rawgeti(L, -2, i) == LUA_TSTRING && lua_rawlen(L, -1) > 0 &&
                 lua_rawlen(L, -1) == strlen(lua_tostring(L, -1));
            lua_rawseti(L, -2, i);
        }
        if (!ok)
            located_error(L, script, line,
                          "weft.lua '%s': %s.%s must be a list of labels (non-empty strings)", name,
                          field, k);
        lua_pushvalue(L, -3);
        lua_insert(L, -2);
        lua_rawset(L, labels);
        keys[nkeys++] = k; /* the key stays alive in the table at idx */
        lua_pop(L, 1);
    }
    qsort(keys, nkeys, sizeof *keys, cmp_str);
    for (size_t i = 0; i < nkeys; i++) {
        int listed = 0;
        for (lua_Integer j = 1; j <= n && !listed; j++) {
            lua_rawgeti(L, names, j);
            listed = strcmp(lua_tostring(L, -1), keys[i]) == 0;
            lua_pop(L, 1);
        }
        if (listed) continue;
        lua_pushstring(L, keys[i]);
        lua_rawseti(L, names, ++n);
    }
}

/* params = { NAME = DECLARATION, ... } of weft.lua: the parameters an
 * inline stage takes. A declaration is a default value (its type is the
 * value's: true -> bool, 3 -> int, 0.5 -> number, "x" -> string, a list of
 * strings -> list) or a table { type =, default =, doc =, min =, max =,
 * choices =, required = }. Pushes a fresh list of normalised declarations
 * { name =, type =, default =, doc =, min =, max =, choices =, required = },
 * sorted by name; the defaults are checked against their types when the
 * pipeline is built (pipeline.c), with every other value. */
static const char *const decl_types[] = {"bool", "int",  "number", "string",
                                         "path", "enum", "list",   "table"};
static const char *const decl_fields[] = {"type", "default", "doc",     "min",
                                          "max",  "choices", "required"};
#define NDECL_TYPES  (sizeof decl_types / sizeof *decl_types)
#define NDECL_FIELDS (sizeof decl_fields / sizeof *decl_fields)

/* The type a default value has, or NULL when it has none of its own (a
 * table that is not a list of strings). */
static const char *type_of_default(lua_State *L, int idx) {
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        return "bool";
    case LUA_TNUMBER:
        return lua_isinteger(L, idx) ? "int" : "number";
    case LUA_TSTRING:
        return "string";
    case LUA_TTABLE: {
        lua_Integer n = (lua_Integer)lua_rawlen(L, idx), seen = 0;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            int ok = lua_type(L, -1) == LUA_TSTRING && lua_isinteger(L, -2);
            lua_pop(L, 1);
            if (!ok) {
                lua_pop(L, 1);
                return NULL;
            }
            seen++;
        }
        return seen == n ? "list" : NULL;
    }
    default:
        return NULL;
    }
}

static void push_decls(lua_State *L, int idx, const char *stage, const char *script, int line) {
    idx = lua_absindex(L, idx);
    lua_newtable(L);
    int out = lua_gettop(L);
    if (lua_isnil(L, idx)) return;
    if (lua_type(L, idx) != LUA_TTABLE)
        located_error(L, script, line,
                      "weft.lua '%s': params must be a table of name = default or name = { type "
                      "= ..., default = ... } (got %s)",
                      stage, luaL_typename(L, idx));
    const char *names[256];
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        size_t klen;
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &klen) : NULL;
        if (!k || !valid_name(k, klen))
            located_error(L, script, line,
                          "weft.lua '%s': params: %s%s%s is not a parameter name (letters, digits "
                          "and _, not starting with a digit: params = { min_words = 3 })",
                          stage, k ? "'" : "a ", k ? k : luaL_typename(L, -1), k ? "'" : " key");
        /* the stage call reads `as` itself (s { as = "b" } names a copy):
         * a parameter of that name could never be set */
        if (strcmp(k, "as") == 0)
            located_error(L, script, line,
                          "weft.lua '%s': params.as: 'as' is reserved (%s { as = \"NAME\", ... } "
                          "names a copy of the stage), so a parameter of that name could never be "
                          "set; call it something else",
                          stage, stage);
        if (n == sizeof names / sizeof *names)
            located_error(L, script, line, "weft.lua '%s': more than 256 parameters", stage);
        names[n++] = k; /* the key stays alive in the table at idx */
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        const char *pn = names[i];
        lua_getfield(L, idx, pn);
        int v = lua_gettop(L);
        lua_createtable(L, 0, 8);
        int d = v + 1;
        lua_pushstring(L, pn);
        lua_setfield(L, d, "name");
        int longform = 0;
        if (lua_type(L, v) == LUA_TTABLE) {
            lua_pushnil(L);
            while (lua_next(L, v)) {
                lua_pop(L, 1);
                if (lua_type(L, -1) == LUA_TSTRING) longform = 1;
            }
        }
        const char *type = NULL;
        if (!longform) {
            type = type_of_default(L, v);
            if (!type)
                located_error(L, script, line,
                              "weft.lua '%s': params.%s: %s is not a default value (a boolean, "
                              "number, string or list of strings; declare others as { type = "
                              "\"table\", default = ... })",
                              stage, pn, luaL_typename(L, v));
            lua_pushstring(L, type);
            lua_setfield(L, d, "type");
            lua_pushvalue(L, v);
            lua_setfield(L, d, "default");
            lua_rawseti(L, out, (lua_Integer)i + 1);
            lua_settop(L, out);
            continue;
        }
        /* { type =, default =, ... }: every key a field name */
        lua_pushnil(L);
        while (lua_next(L, v)) {
            lua_pop(L, 1);
            const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
            int known = 0;
            for (size_t f = 0; k && f < NDECL_FIELDS && !known; f++)
                known = strcmp(k, decl_fields[f]) == 0;
            if (known) continue;
            const char *near = k ? weft_did_you_mean(k, decl_fields, NDECL_FIELDS) : NULL;
            located_error(L, script, line,
                          "weft.lua '%s': params.%s: unknown field %s%s%s%s%s%s (a declaration "
                          "has type, default, doc, min, max, choices and required)",
                          stage, pn, k ? "'" : "a ", k ? k : luaL_typename(L, -1), k ? "'" : " key",
                          near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
        int tt = lua_getfield(L, v, "type");
        lua_getfield(L, v, "default");
        int has_default = !lua_isnil(L, -1);
        lua_setfield(L, d, "default");
        if (tt == LUA_TSTRING) {
            const char *w = lua_tostring(L, -1);
            /* Lua's own names for two of them */
            if (strcmp(w, "boolean") == 0) w = "bool";
            if (strcmp(w, "integer") == 0) w = "int";
            for (size_t k = 0; k < NDECL_TYPES && !type; k++)
                if (strcmp(w, decl_types[k]) == 0) type = decl_types[k];
            if (!type) {
                static const char *const named[] = {"bool", "int",  "number", "string",  "path",
                                                    "enum", "list", "table",  "boolean", "integer"};
                const char *near = weft_did_you_mean(w, named, sizeof named / sizeof *named);
                located_error(L, script, line,
                              "weft.lua '%s': params.%s: unknown type '%s'%s%s%s (types: bool, "
                              "int, number, string, path, enum, list, table)",
                              stage, pn, w, near ? " (did you mean '" : "", near ? near : "",
                              near ? "'?)" : "");
            }
        } else if (tt != LUA_TNIL) {
            located_error(L, script, line,
                          "weft.lua '%s': params.%s: type must be a string (got %s)", stage, pn,
                          luaL_typename(L, -1));
        }
        lua_pop(L, 1);
        if (!type && lua_getfield(L, v, "choices") != LUA_TNIL) type = "enum";
        if (!type && has_default) {
            lua_getfield(L, v, "default");
            type = type_of_default(L, lua_gettop(L));
            lua_pop(L, 1);
        }
        lua_settop(L, d);
        if (!type)
            located_error(L, script, line,
                          "weft.lua '%s': params.%s needs a type (bool, int, number, string, path, "
                          "enum, list or table) or a default to take it from",
                          stage, pn);
        lua_pushstring(L, type);
        lua_setfield(L, d, "type");
        int numeric = strcmp(type, "int") == 0 || strcmp(type, "number") == 0;
        for (int b = 0; b < 2; b++) {
            const char *f = b ? "max" : "min";
            int t = lua_getfield(L, v, f);
            if (t != LUA_TNIL && (t != LUA_TNUMBER || !numeric))
                located_error(L, script, line,
                              numeric ? "weft.lua '%s': params.%s: %s must be a number"
                                      : "weft.lua '%s': params.%s: %s is for int and number "
                                        "parameters",
                              stage, pn, f);
            if (t == LUA_TNUMBER && lua_tonumber(L, -1) != lua_tonumber(L, -1))
                located_error(L, script, line, "weft.lua '%s': params.%s: %s is NaN", stage, pn, f);
            lua_setfield(L, d, f);
        }
        lua_getfield(L, d, "min");
        lua_getfield(L, d, "max");
        if (!lua_isnil(L, -1) && !lua_isnil(L, -2) && lua_tonumber(L, -2) > lua_tonumber(L, -1))
            located_error(L, script, line, "weft.lua '%s': params.%s: min is above max", stage, pn);
        lua_settop(L, d);
        int ct = lua_getfield(L, v, "choices");
        int is_enum = strcmp(type, "enum") == 0;
        if (ct != LUA_TNIL && !is_enum)
            located_error(L, script, line,
                          "weft.lua '%s': params.%s: choices are for enum parameters (type = "
                          "\"enum\")",
                          stage, pn);
        if (is_enum) {
            lua_Integer m = ct == LUA_TTABLE ? (lua_Integer)lua_rawlen(L, -1) : 0;
            int ok = m > 0 && type_of_default(L, lua_gettop(L)) != NULL;
            for (lua_Integer k = 1; ok && k <= m; k++) {
                size_t len;
                lua_rawgeti(L, -1, k);
                const char *c = lua_tolstring(L, -1, &len);
                ok = c && len > 0 && len < 64 && len == strlen(c) && !strchr(c, '|');
                lua_pop(L, 1);
            }
            if (!ok || m > 32)
                located_error(L, script, line,
                              "weft.lua '%s': params.%s: an enum needs choices, a list of 1 to 32 "
                              "names without '|' (choices = { \"fast\", \"exact\" })",
                              stage, pn);
        }
        lua_setfield(L, d, "choices");
        int rt = lua_getfield(L, v, "required");
        if (rt != LUA_TNIL && rt != LUA_TBOOLEAN)
            located_error(L, script, line,
                          "weft.lua '%s': params.%s: required must be true or false", stage, pn);
        if (lua_toboolean(L, -1) && has_default)
            located_error(L, script, line,
                          "weft.lua '%s': params.%s: a required parameter has no default", stage,
                          pn);
        lua_setfield(L, d, "required");
        int dt = lua_getfield(L, v, "doc");
        if (dt != LUA_TNIL && dt != LUA_TSTRING)
            located_error(L, script, line, "weft.lua '%s': params.%s: doc must be a string", stage,
                          pn);
        lua_setfield(L, d, "doc");
        lua_rawseti(L, out, (lua_Integer)i + 1);
        lua_settop(L, out);
    }
}

/* The function weft.stage "x" / weft.lua "x" returns. Upvalues: name,
 * script, line, kind. */
static int dsl_make(lua_State *L) {
    const char *name = lua_tostring(L, lua_upvalueindex(1));
    const char *script = lua_tostring(L, lua_upvalueindex(2));
    int line = (int)lua_tointeger(L, lua_upvalueindex(3));
    int kind = (int)lua_tointeger(L, lua_upvalueindex(4));
    const char *fn = kind == KIND_LUA ? "weft.lua" : "weft.stage";
    if (lua_isnoneornil(L, 1)) {
        lua_settop(L, 0);
        lua_newtable(L);
    }
    if (!lua_istable(L, 1))
        return located_error(L, script, line, "%s \"%s\" takes a table: %s \"%s\" { ... } (got %s)",
                             fn, name, fn, name, luaL_typename(L, 1));
    lua_settop(L, 1);
    lua_createtable(L, 0, 9); /* 2: the stage's data */
    lua_pushinteger(L, kind);
    lua_setfield(L, 2, "kind");
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_setfield(L, 2, "script");
    lua_pushinteger(L, line);
    lua_setfield(L, 2, "line");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_setfield(L, 2, "name");
    lua_newtable(L); /* 3: params */

    if (kind == KIND_PLUGIN) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_setfield(L, 2, "class");
        pctx c = {script, line, name, NULL};
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            if (lua_type(L, -2) != LUA_TSTRING) {
                if (lua_isinteger(L, -2))
                    return located_error(L, script, line,
                                         "stage '%s': parameters must be named (name = value), "
                                         "not listed",
                                         name);
                return located_error(L, script, line,
                                     "stage '%s': parameter names must be strings (got a %s)", name,
                                     luaL_typename(L, -2));
            }
            size_t klen;
            const char *key = lua_tolstring(L, -2, &klen);
            if (strcmp(key, "as") == 0) {
                size_t alen;
                const char *as = lua_tolstring(L, -1, &alen);
                if (lua_type(L, -1) != LUA_TSTRING || !valid_name(as, alen))
                    return located_error(L, script, line,
                                         "stage '%s': as must be a stage name (letters, digits "
                                         "and _, not starting with a digit)",
                                         name);
                lua_pushvalue(L, -1);
                lua_setfield(L, 2, "name");
            } else {
                if (klen != strlen(key))
                    return located_error(L, script, line,
                                         "stage '%s': a parameter name has a NUL byte", name);
                walk(L, &c, -1, NULL, key, 1);
                lua_pushvalue(L, -2);
                lua_pushvalue(L, -2);
                lua_rawset(L, 3);
            }
            lua_pop(L, 1);
        }
    } else {
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            static const char *const fields[] = {"run", "requires", "provides", "params"};
            int known = 0;
            for (size_t f = 0; key && f < 4 && !known; f++) known = strcmp(key, fields[f]) == 0;
            if (!known) {
                const char *near = key ? weft_did_you_mean(key, fields, 4) : NULL;
                return located_error(L, script, line,
                                     "weft.lua '%s': unknown field %s%s%s%s%s%s (expected run, "
                                     "requires, provides, params)",
                                     name, key ? "'" : "a ", key ? key : luaL_typename(L, -2),
                                     key ? "'" : " key", near ? " (did you mean '" : "",
                                     near ? near : "", near ? "'?)" : "");
            }
            lua_pop(L, 1);
        }
        if (lua_getfield(L, 1, "run") != LUA_TFUNCTION)
            return located_error(L, script, line,
                                 "weft.lua '%s': run must be a function (got %s): run = "
                                 "function(doc) ... end",
                                 name, luaL_typename(L, -1));
        lua_setfield(L, 2, "run");
        lua_getfield(L, 1, "requires");
        push_strlist(L, -1, "requires", name, script, line);
        lua_setfield(L, 2, "requires_labels");
        lua_setfield(L, 2, "requires");
        lua_pop(L, 1);
        lua_getfield(L, 1, "provides");
        push_strlist(L, -1, "provides", name, script, line);
        lua_setfield(L, 2, "provides_labels");
        lua_setfield(L, 2, "provides");
        lua_pop(L, 1);
        lua_getfield(L, 1, "params");
        push_decls(L, -1, name, script, line);
        lua_setfield(L, 2, "decl");
        lua_pop(L, 1);
    }
    lua_setfield(L, 2, "params");
    lua_newuserdatauv(L, 0, 1);
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, STAGE_MT);
    return 1;
}

static int dsl_named(lua_State *L, int kind) {
    size_t len;
    const char *name = luaL_checklstring(L, 1, &len);
    lua_settop(L, 1);
    int line = push_caller(L); /* 2: script */
    if (!valid_name(name, len))
        return located_error(L, lua_tostring(L, 2), line,
                             "%s \"%s\": not a valid stage name (letters, digits and _, not "
                             "starting with a digit)",
                             kind == KIND_LUA ? "weft.lua" : "weft.stage", name);
    lua_pushinteger(L, line);
    lua_pushinteger(L, kind);
    lua_pushcclosure(L, dsl_make, 4);
    return 1;
}

static int dsl_stage(lua_State *L) {
    return dsl_named(L, KIND_PLUGIN);
}

static int dsl_lua(lua_State *L) {
    return dsl_named(L, KIND_LUA);
}

/* ------------------------------------------------------------------------ */
/* weft.pipeline                                                             */

/* Push the data table of the stage value at idx; 0 (nothing pushed) if it is
 * not a stage. */
static int stage_data(lua_State *L, int idx) {
    if (!luaL_testudata(L, idx, STAGE_MT)) return 0;
    lua_getiuservalue(L, idx, 1);
    return 1;
}

static void append_unknown(char *buf, size_t size, const char *what) {
    size_t n = strlen(buf);
    if (n + 1 < size) snprintf(buf + n, size - n, "%s%s", n ? ", " : "", what);
}

/* output = { entity_layer = "ne", ... }: the names the tsv, conll and text
 * formats read (outnames.h). Checked here, copied to the data table. */
static void check_output(lua_State *L, int pipe, int data) {
    int t = lua_getfield(L, pipe, "output");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TTABLE)
        luaL_error(L,
                   "weft.pipeline: output must be a table such as { entity_layer = \"ne\" } "
                   "(got %s)",
                   luaL_typename(L, -1));
    int src = lua_gettop(L);
    lua_newtable(L);
    lua_pushnil(L);
    while (lua_next(L, src)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        int known = 0;
        for (int i = 0; k && i < WEFT_OUT_NNAMES; i++)
            if (strcmp(k, weft_output_name_keys[i]) == 0) known = 1;
        if (!known) {
            const char *near =
                k ? weft_did_you_mean(k, weft_output_name_keys, WEFT_OUT_NNAMES) : NULL;
            luaL_error(L,
                       "weft.pipeline: unknown output field %s%s%s%s%s%s (expected entity_layer, "
                       "token_layer, sentence_layer, source_attr or report_attr)",
                       k ? "'" : "a ", k ? k : luaL_typename(L, -2), k ? "'" : " key",
                       near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
        int str = lua_type(L, -1) == LUA_TSTRING;
        if (!str || !weft_output_name_valid(lua_tostring(L, -1)))
            luaL_error(L,
                       "weft.pipeline: output.%s must be a layer or attribute name (1 to 128 "
                       "letters, digits, '_', '.' or '-'), got %s%s%s",
                       k, str ? "'" : "a ", str ? lua_tostring(L, -1) : luaL_typename(L, -1),
                       str ? "'" : "");
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_rawset(L, src + 1);
        lua_pop(L, 1);
    }
    lua_setfield(L, data, "output");
    lua_pop(L, 1);
}

static int dsl_pipeline(lua_State *L) {
    if (!lua_istable(L, 1))
        return luaL_error(L, "weft.pipeline takes a table: weft.pipeline { ... } (got %s)",
                          luaL_typename(L, 1));
    lua_settop(L, 1);
    char unknown[256] = "";
    size_t nunknown = 0, nint = 0;
    lua_Integer maxk = 0;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            const char *k = lua_tostring(L, -1);
            if (strcmp(k, "name") == 0 || strcmp(k, "doc") == 0 || strcmp(k, "output") == 0)
                continue;
            char q[96];
            snprintf(q, sizeof q, "'%s'", k);
            append_unknown(unknown, sizeof unknown, q);
            nunknown++;
        } else if (lua_isinteger(L, -1) && lua_tointeger(L, -1) >= 1) {
            lua_Integer k = lua_tointeger(L, -1);
            if (k > maxk) maxk = k;
            nint++;
        } else {
            char q[64];
            snprintf(q, sizeof q, "a %s key", luaL_typename(L, -1));
            append_unknown(unknown, sizeof unknown, q);
            nunknown++;
        }
    }
    if (nunknown)
        return luaL_error(
            L, "weft.pipeline: unknown field%s %s (expected name, doc, output and stages)",
            nunknown > 1 ? "s" : "", unknown);
    if (maxk > (lua_Integer)nint + 1024)
        return luaL_error(L, "weft.pipeline: stages must be listed at positions 1..n");

    lua_createtable(L, 0, 3); /* 2: the pipeline's data */
    static const char *const strfields[] = {"name", "doc", NULL};
    for (const char *const *f = strfields; *f; f++) {
        int t = lua_getfield(L, 1, *f);
        if (t != LUA_TNIL && t != LUA_TSTRING)
            return luaL_error(L, "weft.pipeline: %s must be a string (got %s)", *f,
                              luaL_typename(L, -1));
        lua_setfield(L, 2, *f);
    }
    check_output(L, 1, 2);
    lua_createtable(L, (int)nint, 0); /* 3: stages */
    lua_Integer n = 0;
    for (lua_Integer i = 1; i <= maxk; i++) {
        int t = lua_rawgeti(L, 1, i); /* 4 */
        if (t == LUA_TNIL || (t == LUA_TBOOLEAN && !lua_toboolean(L, -1))) {
            lua_pop(L, 1);
            continue;
        }
        if (!stage_data(L, 4)) {
            if (t == LUA_TFUNCTION)
                return luaL_error(L,
                                  "weft.pipeline: item %I is a function, not a stage (did you "
                                  "forget the { ... } after weft.stage \"name\"?)",
                                  i);
            return luaL_error(L,
                              "weft.pipeline: item %I is a %s, not a stage (write weft.stage "
                              "\"name\" { ... } or weft.lua \"name\" { ... })",
                              i, luaL_typename(L, 4));
        }
        /* 5: its data; names must be unique */
        lua_getfield(L, 5, "name");
        const char *name = lua_tostring(L, -1);
        for (lua_Integer j = 1; j <= n; j++) {
            lua_rawgeti(L, 3, j);
            lua_getiuservalue(L, -1, 1);
            lua_getfield(L, -1, "name");
            if (strcmp(lua_tostring(L, -1), name) == 0) {
                lua_getfield(L, -2, "script");
                lua_getfield(L, -3, "line");
                lua_getfield(L, 5, "script");
                lua_getfield(L, 5, "line");
                return located_error(L, lua_tostring(L, -2), (int)lua_tointeger(L, -1),
                                     "duplicate stage name '%s' (first used at %s:%d); give one "
                                     "of them another name with as = \"...\"",
                                     name, lua_tostring(L, -4), (int)lua_tointeger(L, -3));
            }
            lua_pop(L, 3);
        }
        lua_pop(L, 2);
        lua_rawseti(L, 3, ++n);
    }
    lua_setfield(L, 2, "stages");
    lua_newuserdatauv(L, 0, 1);
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, PIPE_MT);
    return 1;
}

static int stage_tostring(lua_State *L) {
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "name");
    lua_getfield(L, -2, "script");
    lua_getfield(L, -3, "line");
    lua_pushfstring(L, "weft stage '%s' (%s:%d)", lua_tostring(L, -3), lua_tostring(L, -2),
                    (int)lua_tointeger(L, -1));
    return 1;
}

/* An inline stage called with values for its parameters, as a plugin's
 * stage is written: `quotes { min_words = 5 }`, `quotes { as = "long",
 * min_words = 9 }`. Returns a new stage (the same run function and
 * declarations) written where the call is, with those values; they are
 * checked against the declarations when the pipeline is built. */
static int stage_call(lua_State *L) {
    lua_settop(L, 2);
    lua_getiuservalue(L, 1, 1); /* 3 */
    int src = lua_gettop(L);
    lua_getfield(L, src, "kind");
    int kind = (int)lua_tointeger(L, -1);
    lua_getfield(L, src, "name");
    const char *name = lua_tostring(L, -1);
    lua_pop(L, 1);
    lua_pop(L, 1);
    int line = push_caller(L); /* the call's script */
    int scr = lua_gettop(L);
    const char *script = lua_tostring(L, scr);
    if (kind != KIND_LUA)
        return located_error(L, script, line,
                             "stage '%s' is a plugin's stage, with its parameters already given: "
                             "write weft.stage \"%s\" { ... } once, with all of them",
                             name, name);
    if (lua_isnoneornil(L, 2)) {
        lua_newtable(L);
        lua_replace(L, 2);
    }
    if (!lua_istable(L, 2))
        return located_error(L, script, line,
                             "stage '%s' takes a table of its parameters' values: %s { name = "
                             "value } (got %s)",
                             name, name, luaL_typename(L, 2));
    lua_createtable(L, 0, 12); /* the new stage's data: a copy */
    int data = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, src)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, data);
    }
    lua_pushvalue(L, scr);
    lua_setfield(L, data, "script");
    lua_pushinteger(L, line);
    lua_setfield(L, data, "line");
    lua_newtable(L); /* the values */
    int vals = lua_gettop(L);
    /* an earlier call's values carry on: s2 = s { n = 2 }; s2 { as = "s3" } runs with n = 2 */
    if (lua_getfield(L, src, "params") == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, vals);
        }
    }
    lua_pop(L, 1);
    pctx c = {script, line, name, NULL};
    lua_pushnil(L);
    while (lua_next(L, 2)) {
        size_t klen;
        const char *key = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &klen) : NULL;
        if (!key)
            return located_error(L, script, line,
                                 "stage '%s': parameters must be named (name = value), not %s",
                                 name, lua_isinteger(L, -2) ? "listed" : "keyed by a value");
        if (klen != strlen(key))
            return located_error(L, script, line, "stage '%s': a parameter name has a NUL byte",
                                 name);
        if (strcmp(key, "as") == 0) {
            size_t alen;
            const char *as = lua_tolstring(L, -1, &alen);
            if (lua_type(L, -1) != LUA_TSTRING || !valid_name(as, alen))
                return located_error(L, script, line,
                                     "stage '%s': as must be a stage name (letters, digits and _, "
                                     "not starting with a digit)",
                                     name);
            lua_pushvalue(L, -1);
            lua_setfield(L, data, "name");
        } else {
            walk(L, &c, -1, NULL, key, 1);
            lua_pushvalue(L, -2);
            lua_pushvalue(L, -2);
            lua_rawset(L, vals);
        }
        lua_pop(L, 1);
    }
    lua_setfield(L, data, "params");
    lua_newuserdatauv(L, 0, 1);
    lua_pushvalue(L, data);
    lua_setiuservalue(L, -2, 1);
    luaL_setmetatable(L, STAGE_MT);
    return 1;
}

static int pipe_tostring(lua_State *L) {
    lua_getiuservalue(L, 1, 1);
    lua_getfield(L, -1, "stages");
    lua_pushfstring(L, "weft pipeline (%d stages)", (int)lua_rawlen(L, -1));
    return 1;
}

void wl_dsl_open(lua_State *L) {
    luaL_newmetatable(L, STAGE_MT);
    lua_pushcfunction(L, stage_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, stage_call);
    lua_setfield(L, -2, "__call");
    lua_pushliteral(L, "weft stages are not tables");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    luaL_newmetatable(L, PIPE_MT);
    lua_pushcfunction(L, pipe_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "weft pipelines are not tables");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);

    static const luaL_Reg fns[] = {
        {"pipeline", dsl_pipeline}, {"stage", dsl_stage}, {"lua", dsl_lua}, {NULL, NULL}};
    luaL_newlib(L, fns);
    lua_pushinteger(L, WEFT_LUA_API_VERSION);
    lua_setfield(L, -2, "api_version");
    lua_pushliteral(L, WEFT_VERSION);
    lua_setfield(L, -2, "version");
    lua_setglobal(L, "weft");
}

/* ------------------------------------------------------------------------ */
/* Script evaluation                                                         */

static const char *adup(lua_State *L, weft_arena *a, const char *s) {
    if (!s) return NULL;
    const char *p = weft_arena_strdup(a, s);
    if (!p) oom(L);
    return p;
}

/* The script's folder, absolute. */
static const char *script_dir(lua_State *L, weft_arena *a, const char *path) {
    const char *slash = strrchr(path, '/');
    char *dir;
    if (strcmp(path, "-") == 0 || !slash)
        dir = strdup(".");
    else if (slash == path)
        dir = strdup("/");
    else
        dir = strndup(path, (size_t)(slash - path));
    if (!dir) oom(L);
    char *abs = realpath(dir, NULL);
    const char *res = NULL;
    if (abs) {
        res = weft_arena_strdup(a, abs);
    } else if (dir[0] == '/') {
        res = weft_arena_strdup(a, dir);
    } else {
        char cwd[PATH_MAX];
        if (getcwd(cwd, sizeof cwd)) {
            size_t need = strlen(cwd) + strlen(dir) + 2;
            char *p = weft_arena_alloc(a, need);
            if (p) snprintf(p, need, "%s/%s", cwd, dir);
            res = p;
        } else {
            res = weft_arena_strdup(a, dir);
        }
    }
    free(abs);
    free(dir);
    if (!res) oom(L);
    return res;
}

static const char **arena_strlist(lua_State *L, weft_arena *a, int idx, size_t *n) {
    *n = (size_t)lua_rawlen(L, idx);
    if (*n == 0) return NULL;
    const char **v = weft_arena_calloc(a, *n, sizeof *v);
    if (!v) oom(L);
    for (size_t i = 0; i < *n; i++) {
        lua_rawgeti(L, idx, (lua_Integer)i + 1);
        v[i] = adup(L, a, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    return v;
}

/* The table layer -> { labels } at idx as a weft_labels array, rows in the
 * order of names (the stage's requires or provides); NULL when empty. */
static const weft_labels *arena_labels(lua_State *L, weft_arena *a, int idx,
                                       const char *const *names, size_t n) {
    size_t rows = 0;
    for (size_t i = 0; i < n; i++) {
        rows += lua_getfield(L, idx, names[i]) == LUA_TTABLE;
        lua_pop(L, 1);
    }
    if (rows == 0) return NULL;
    weft_labels *v = weft_arena_calloc(a, rows + 1, sizeof *v);
    if (!v) oom(L);
    size_t r = 0;
    for (size_t i = 0; i < n; i++) {
        if (lua_getfield(L, idx, names[i]) == LUA_TTABLE) {
            size_t m;
            const char **labels = arena_strlist(L, a, lua_gettop(L), &m);
            const char **term = weft_arena_calloc(a, m + 1, sizeof *term);
            if (!term) oom(L);
            for (size_t k = 0; k < m; k++) term[k] = labels[k];
            v[r].layer = names[i];
            v[r++].labels = term;
        }
        lua_pop(L, 1);
    }
    return v;
}

static weft_ptype ptype_of(const char *name) {
    static const weft_ptype types[] = {WEFT_P_BOOL, WEFT_P_INT,  WEFT_P_NUM,  WEFT_P_STR,
                                       WEFT_P_PATH, WEFT_P_ENUM, WEFT_P_LIST, WEFT_P_TABLE};
    for (size_t k = 0; k < NDECL_TYPES; k++)
        if (strcmp(name, decl_types[k]) == 0) return types[k];
    return WEFT_P_STR; /* not reached: push_decls checked the name */
}

/* The stage data's declarations (push_decls) -> s->lua_params and
 * s->lua_defaults. */
static void build_decls(lua_State *L, weft_arena *a, weft_stage_spec *s, int t) {
    lua_getfield(L, t, "decl");
    int dl = lua_gettop(L);
    size_t n = (size_t)lua_rawlen(L, dl), ndef = 0;
    s->lua_defaults = weft_node_new(a, WEFT_V_MAP);
    if (!s->lua_defaults) oom(L);
    if (n == 0) {
        lua_settop(L, t);
        return;
    }
    weft_param *tab = weft_arena_calloc(a, n + 1, sizeof *tab);
    if (!tab) oom(L);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, dl, (lua_Integer)i + 1);
        ndef += lua_getfield(L, -1, "default") != LUA_TNIL;
        lua_pop(L, 2);
    }
    weft_node *defs = ndef ? weft_node_kids(a, s->lua_defaults, (uint32_t)ndef) : NULL;
    if (ndef && !defs) oom(L);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, dl, (lua_Integer)i + 1);
        int d = lua_gettop(L);
        weft_param *p = &tab[i];
        lua_getfield(L, d, "name");
        p->name = adup(L, a, lua_tostring(L, -1));
        lua_getfield(L, d, "type");
        p->type = ptype_of(lua_tostring(L, -1));
        lua_getfield(L, d, "doc");
        p->doc = adup(L, a, lua_tostring(L, -1));
        lua_getfield(L, d, "required");
        p->flags = lua_toboolean(L, -1) ? WEFT_PARAM_REQUIRED : 0;
        int hasmin = lua_getfield(L, d, "min") == LUA_TNUMBER;
        int hasmax = lua_getfield(L, d, "max") == LUA_TNUMBER;
        if (hasmin || hasmax) { /* a bound not given is no bound */
            /* +-DBL_MAX, not infinity: a range with one side allows
             * infinity only when that side says so (max = math.huge) */
            p->min = hasmin ? (double)lua_tonumber(L, -2) : -DBL_MAX;
            p->max = hasmax ? (double)lua_tonumber(L, -1) : DBL_MAX;
            if (p->min == p->max) { /* one value allowed: "ranged" needs min < max */
                p->min = nextafter(p->min, -HUGE_VAL);
            }
        }
        lua_settop(L, d);
        if (lua_getfield(L, d, "choices") == LUA_TTABLE) {
            luaL_Buffer b;
            luaL_buffinit(L, &b);
            lua_Integer m = (lua_Integer)lua_rawlen(L, d + 1);
            for (lua_Integer c = 1; c <= m; c++) {
                if (c > 1) luaL_addchar(&b, '|');
                lua_rawgeti(L, d + 1, c);
                luaL_addvalue(&b);
            }
            luaL_pushresult(&b);
            p->choices = adup(L, a, lua_tostring(L, -1));
        }
        lua_settop(L, d);
        p->offset = i * WEFT_LUA_PARAM_SLOT;
        if (lua_getfield(L, d, "default") != LUA_TNIL) {
            pctx c = {s->script, s->line, s->name, a};
            walk(L, &c, -1, &defs[k], p->name, 1);
            defs[k++].key = p->name;
        }
        lua_settop(L, dl);
    }
    s->lua_params = tab;
    s->nlua_params = n;
    lua_settop(L, t);
}

/* Stage data table at the top of the stack -> *s. */
static void build_stage(lua_State *L, weft_arena *a, weft_stage_spec *s) {
    int t = lua_gettop(L);
    lua_getfield(L, t, "kind");
    int kind = (int)lua_tointeger(L, -1);
    lua_getfield(L, t, "name");
    s->name = adup(L, a, lua_tostring(L, -1));
    lua_getfield(L, t, "class");
    s->class_name = kind == KIND_PLUGIN ? adup(L, a, lua_tostring(L, -1)) : NULL;
    lua_getfield(L, t, "script");
    s->script = adup(L, a, lua_tostring(L, -1));
    lua_getfield(L, t, "line");
    s->line = (int)lua_tointeger(L, -1);
    lua_settop(L, t);

    s->params = weft_node_new(a, WEFT_V_MAP);
    if (!s->params) oom(L);
    lua_getfield(L, t, "params");
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, t + 1)) {
        lua_pop(L, 1);
        n++;
    }
    pctx c = {s->script, s->line, s->name, a};
    walk_map(L, &c, t + 1, s->params, "", n, 1);
    lua_settop(L, t);

    if (kind == KIND_LUA) {
        build_decls(L, a, s, t);
        lua_getfield(L, t, "requires");
        s->requires = arena_strlist(L, a, t + 1, &s->nrequires);
        lua_getfield(L, t, "provides");
        s->provides = arena_strlist(L, a, t + 2, &s->nprovides);
        lua_getfield(L, t, "requires_labels");
        s->requires_labels = arena_labels(L, a, t + 3, s->requires, s->nrequires);
        lua_getfield(L, t, "provides_labels");
        s->provides_labels = arena_labels(L, a, t + 4, s->provides, s->nprovides);
        lua_settop(L, t);
    }
}

static void build_spec(lua_State *L, wl_eval *e, int pipe) {
    weft_pipeline_spec *o = e->out;
    weft_arena *a = &o->arena;
    weft_arena_init(a, 4096, 0);
    o->script = adup(L, a, e->path);
    o->script_dir = script_dir(L, a, e->path);
    lua_getfield(L, pipe, "name");
    o->name = adup(L, a, lua_tostring(L, -1));
    lua_getfield(L, pipe, "doc");
    o->doc = adup(L, a, lua_tostring(L, -1));
    lua_pop(L, 2);
    if (lua_getfield(L, pipe, "output") == LUA_TTABLE)
        for (int i = 0; i < WEFT_OUT_NNAMES; i++) {
            lua_getfield(L, -1, weft_output_name_keys[i]);
            *weft_output_name_slot(&o->output, i) = adup(L, a, lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    lua_pop(L, 1);
    lua_getfield(L, pipe, "stages");
    int stages = lua_gettop(L);
    size_t n = (size_t)lua_rawlen(L, stages);
    if (n) {
        o->stages = weft_arena_calloc(a, n, sizeof *o->stages);
        if (!o->stages) oom(L);
    }
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, stages, (lua_Integer)i + 1);
        lua_getiuservalue(L, -1, 1);
        build_stage(L, a, &o->stages[i]);
        o->nstages = i + 1;
        lua_settop(L, stages);
    }
    lua_settop(L, stages - 1);
}

/* ------------------------------------------------------------------------ */
/* An inline stage's parameters in a worker's state: read-only tables       */

static int ro_newindex(lua_State *L) {
    return luaL_error(L, "the parameters of an inline stage are read-only (their values come "
                         "from the script, --set or the declared defaults)");
}

static int ro_len(lua_State *L) {
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
    return 1;
}

static int ro_next(lua_State *L) {
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int ro_pairs(lua_State *L) {
    lua_pushcfunction(L, ro_next);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

/* p.NAME for a NAME the stage does not declare: an error of the document,
 * not a silent nil (p.min_word for min_words would read as "no limit").
 * The values table's own __index, so only a miss calls it (a hit costs what
 * a plain table's does). Upvalues: the stage's name, its declared names (a
 * list). A declared parameter without a value (no default, not set) is nil. */
static int root_index(lua_State *L) {
    lua_settop(L, 2);
    const char *stage = lua_tostring(L, lua_upvalueindex(1));
    if (lua_type(L, 2) != LUA_TSTRING) { /* no name: ipairs(p) ends at once */
        lua_pushnil(L);
        return 1;
    }
    const char *key = lua_tostring(L, 2);
    const char *names[256];
    size_t n = (size_t)lua_rawlen(L, lua_upvalueindex(2));
    if (n > sizeof names / sizeof *names) n = sizeof names / sizeof *names;
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, lua_upvalueindex(2), (lua_Integer)i + 1);
        names[i] = lua_tostring(L, -1); /* kept alive by the list */
        lua_pop(L, 1);
        if (strcmp(names[i], key) == 0) {
            lua_pushnil(L); /* declared, without a value */
            return 1;
        }
    }
    if (n == 0)
        return luaL_error(L,
                          "stage '%s' has no parameter '%s' (it declares none: weft.lua \"%s\" { "
                          "params = { %s = DEFAULT }, ... })",
                          stage, key, stage, key);
    const char *near = weft_did_you_mean(key, names, n);
    if (near)
        return luaL_error(L, "stage '%s' has no parameter '%s' (did you mean '%s'?)", stage, key,
                          near);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < n; i++) {
        if (i) luaL_addstring(&b, ", ");
        luaL_addstring(&b, names[i]);
    }
    luaL_pushresult(&b);
    return luaL_error(L, "stage '%s' has no parameter '%s' (it declares %s)", stage, key,
                      lua_tostring(L, -1));
}

/* Push node n (NULL: an empty MAP) as a Lua value; tables are read-only
 * proxies (__index to the values, writes refused, # and pairs work), so
 * that no document's run can change what the next one sees. */
static void push_ro(lua_State *L, const weft_node *n, int depth, const weft_stage_spec *root) {
    luaL_checkstack(L, 8, "parameters nested too deeply");
    if (depth > MAX_DEPTH) luaL_error(L, "parameters nested too deeply");
    uint32_t type = n ? n->type : WEFT_V_MAP;
    switch (type) {
    case WEFT_V_BOOL:
        lua_pushboolean(L, n->u.b);
        return;
    case WEFT_V_INT:
        lua_pushinteger(L, (lua_Integer)n->u.i);
        return;
    case WEFT_V_NUM:
        lua_pushnumber(L, (lua_Number)n->u.d);
        return;
    case WEFT_V_STR:
        lua_pushlstring(L, n->u.str, n->n);
        return;
    case WEFT_V_LIST:
    case WEFT_V_MAP:
        break;
    default:
        lua_pushnil(L);
        return;
    }
    uint32_t k = n ? n->n : 0;
    lua_createtable(L, type == WEFT_V_LIST ? (int)k : 0, type == WEFT_V_MAP ? (int)k : 0);
    int inner = lua_gettop(L);
    for (uint32_t i = 0; i < k; i++) {
        push_ro(L, &n->u.kids[i], depth + 1, NULL);
        if (type == WEFT_V_LIST)
            lua_rawseti(L, inner, (lua_Integer)i + 1);
        else
            lua_setfield(L, inner, n->u.kids[i].key);
    }
    /* the proxy: a userdata, so that not even rawset can write to it */
    lua_newuserdatauv(L, 0, 0);
    lua_createtable(L, 0, 5);
    if (root) { /* the stage's own table: a miss reads only declared names */
        lua_createtable(L, 0, 1);
        lua_pushstring(L, root->name);
        lua_createtable(L, (int)root->nlua_params, 0);
        for (size_t i = 0; i < root->nlua_params; i++) {
            lua_pushstring(L, root->lua_params[i].name);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_pushcclosure(L, root_index, 2);
        lua_setfield(L, -2, "__index");
        lua_setmetatable(L, inner);
    }
    lua_pushvalue(L, inner);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, ro_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushvalue(L, inner);
    lua_pushcclosure(L, ro_len, 1);
    lua_setfield(L, -2, "__len");
    lua_pushvalue(L, inner);
    lua_pushcclosure(L, ro_pairs, 1);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "read-only parameters");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, inner);
}

/* Workers: keep each inline stage's run function, by stage index. */
static void record_runs(lua_State *L, wl_eval *e, int pipe) {
    weft_lua *w = e->w;
    lua_getfield(L, pipe, "stages");
    int stages = lua_gettop(L);
    size_t n = (size_t)lua_rawlen(L, stages);
    const weft_pipeline_spec *x = e->expect;
    if (x && x->nstages != n)
        located_error(L, e->path, 0,
                      "the script described %I stage%s when evaluated again, %I the first "
                      "time; a pipeline script must not depend on time or chance",
                      (lua_Integer)n, n == 1 ? "" : "s", (lua_Integer)x->nstages);
    w->stage_names = calloc(n ? n : 1, sizeof *w->stage_names);
    if (!w->stage_names) oom(L);
    w->nstages = n;
    w->run_line = malloc((n ? n : 1) * sizeof *w->run_line);
    if (!w->run_line) oom(L);
    lua_createtable(L, (int)n, 0);
    int runs = lua_gettop(L);
    lua_createtable(L, (int)n, 0);
    int prm = lua_gettop(L);
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, stages, (lua_Integer)i + 1);
        lua_getiuservalue(L, -1, 1);
        int t = lua_gettop(L);
        lua_getfield(L, t, "name");
        const char *name = lua_tostring(L, -1);
        if (!(w->stage_names[i] = strdup(name))) oom(L);
        lua_getfield(L, t, "kind");
        int kind = (int)lua_tointeger(L, -1);
        if (x && (strcmp(x->stages[i].name, name) != 0 ||
                  (x->stages[i].class_name == NULL) != (kind == KIND_LUA)))
            located_error(L, e->path, 0,
                          "stage %I is '%s' when the script is evaluated again, '%s' the first "
                          "time; a pipeline script must not depend on time or chance",
                          (lua_Integer)i + 1, name, x->stages[i].name);
        w->run_line[i] = -1;
        if (kind == KIND_LUA) {
            lua_getfield(L, t, "run");
            lua_Debug ar;
            lua_pushvalue(L, -1);
            lua_getinfo(L, ">S", &ar);
            w->run_line[i] = ar.linedefined;
            lua_rawseti(L, runs, (lua_Integer)i + 1);
            push_ro(L, x && i < x->nstages ? x->stages[i].lua_values : NULL, 1,
                    x && i < x->nstages ? &x->stages[i] : NULL);
            lua_rawseti(L, prm, (lua_Integer)i + 1);
        }
        lua_settop(L, prm);
    }
    w->params_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    w->runs_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_settop(L, stages - 1);
}

int wl_eval_script(lua_State *L) {
    wl_eval *e = lua_touserdata(L, 1);
    const char *src = e->source ? e->source : "";
    size_t len = e->source ? e->len : 0, skip = 0;
    /* "#!" first line: skipped, its newline kept so line numbers hold. */
    if (len && src[0] == '#')
        while (skip < len && src[skip] != '\n') skip++;
    lua_pushfstring(L, "@%s", e->path);
    if (luaL_loadbufferx(L, src + skip, len - skip, lua_tostring(L, -1), "t") != LUA_OK)
        return lua_error(L);
    lua_call(L, 0, 1);
    if (!luaL_testudata(L, -1, PIPE_MT))
        return located_error(L, e->path, 0, "must return weft.pipeline { ... }");
    lua_getiuservalue(L, -1, 1);
    int pipe = lua_gettop(L);
    if (e->out)
        build_spec(L, e, pipe);
    else
        record_runs(L, e, pipe);
    return 0;
}

void weft_pipeline_spec_free(weft_pipeline_spec *s) {
    if (!s) return;
    weft_arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}
