/*
 * The document as inline Lua stages see it: the `doc` passed to run(doc).
 *
 * Offsets are the same as everywhere in weft: 0-based, half-open UTF-8 byte
 * offsets into the view a layer indexes. The text of a record is
 * doc:text(view):sub(b + 1, e), or simply its .text field.
 *
 * A record is a fresh table:
 *   { begin = 0, ["end"] = 5, text = "Hello", label = "word", score = 0.9,
 *     attrs = { lemma = "hello" } }
 * label is there only when the record has one (for token layers it is the
 * token kind), score only when set. attrs is always there; a record with
 * no attributes shares one empty read-only table. Changing a record table
 * does not change the document.
 *
 *   doc.id                     the document's id (string)
 *   doc:text([view])           text of a view; default "text" if the
 *                              document has it, else "raw"; nil if no such
 *                              view
 *   doc:views()                array of view names, in order of creation
 *   doc:layer(name)            array of the layer's records, sorted by
 *                              (begin ascending, end descending); {} when
 *                              the layer does not exist
 *   doc:each(name [, within])  iterator over the records, for use in
 *                              `for r in doc:each("token", sentence) do`;
 *                              with within (any table with begin and end),
 *                              only the records that lie inside it
 *   doc:first(name)            the first record, or nil
 *   doc:count(name)            number of records (0 when no such layer)
 *   doc:covering(name, b, e)   records that cover [b, e) (begin <= b and
 *   doc:covering(name, rec)      end >= e), as an array
 *   doc:contained(name, b, e)  records inside [b, e), as an array
 *   doc:contained(name, rec)
 *   doc:add(layer, b, e [, { label = "PER", score = 0.5,
 *                            attrs = { key = value } }])
 *                              add a record over [b, e) of the layer's view
 *                              (a new layer is created over the default
 *                              view); returns its position in the layer
 *                              (1-based, like doc:layer(), until the layer
 *                              is re-sorted by a later query). Spans out of
 *                              the view or off UTF-8 character boundaries
 *                              raise an error. Attribute values: boolean,
 *                              integer, number or string.
 *   doc:set(key, value)        set a document attribute (boolean, integer,
 *                              number, string); a nil value sets nothing
 *   doc:get(key)               a document attribute, or nil
 *   doc:score_within(layer, rec)  (or layer, b, e)
 *                              mean score of the layer's scored records
 *                              inside rec; nil when there are none
 *   tostring(doc)              "weft.doc: <id>"
 *
 * Layers a stage appended to out of order are re-sorted when the stage
 * queries them (layer, each, first, covering, contained, score_within).
 *
 * The handle is valid only while run(doc) runs: keeping it (in a global, an
 * upvalue, a coroutine) and using it later raises "document handle used
 * after its stage returned (stage 'x')". Each call gets a fresh handle; a
 * generation counter in the weft_lua tells stale ones apart.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lua_internal.h"
#include "lua_value.h"

#define DOC_MT "weft.doc"
#define QBUF   64

typedef struct wl_handle {
    weft_lua *w;
    uint64_t gen;
    size_t stage;
} wl_handle;

static int stale(lua_State *L, const wl_handle *h) {
    const weft_lua *w = h->w;
    const char *name = w->stage_names && h->stage < w->nstages && w->stage_names[h->stage]
                           ? w->stage_names[h->stage]
                           : "?";
    return luaL_error(L, "document handle used after its stage returned (stage '%s')", name);
}

static int live(const wl_handle *h) {
    return h->w->doc && h->gen == h->w->gen;
}

static weft_doc *check(lua_State *L) {
    wl_handle *h = luaL_checkudata(L, 1, DOC_MT);
    if (!live(h)) stale(L, h);
    return h->w->doc;
}

/* ------------------------------------------------------------------------ */
/* Values and records                                                        */

/* Lua value at idx -> weft_value (strings borrowed from Lua); 0 if its type
 * cannot be stored. */
static int to_value(lua_State *L, int idx, weft_value *v) {
    memset(v, 0, sizeof *v);
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        v->type = WEFT_V_BOOL;
        v->u.b = lua_toboolean(L, idx);
        return 1;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            v->type = WEFT_V_INT;
            v->u.i = (int64_t)lua_tointeger(L, idx);
        } else {
            v->type = WEFT_V_NUM;
            v->u.d = (double)lua_tonumber(L, idx);
        }
        return 1;
    case LUA_TSTRING: {
        size_t len;
        v->type = WEFT_V_STR;
        v->u.str = lua_tolstring(L, idx, &len);
        if (len > UINT32_MAX) return 0;
        v->len = (uint32_t)len;
        return 1;
    }
    default:
        return 0;
    }
}

/* Push record i of l as a table; empty is the index of the shared empty
 * attrs table. */
static void push_record(lua_State *L, const weft_doc *d, const weft_layer *l, size_t i,
                        const weft_view *v, int empty) {
    const weft_ann *a = &l->a[i];
    lua_createtable(L, 0, 6);
    lua_pushinteger(L, a->begin);
    lua_setfield(L, -2, "begin");
    lua_pushinteger(L, a->end);
    lua_setfield(L, -2, "end");
    if (v && a->begin <= a->end && a->end <= v->len) {
        lua_pushlstring(L, v->text + a->begin, a->end - a->begin);
        lua_setfield(L, -2, "text");
    }
    if (a->label) {
        const char *s = weft_doc_sym_name(d, a->label);
        if (s) {
            lua_pushstring(L, s);
            lua_setfield(L, -2, "label");
        }
    }
    if (!isnan(a->score)) {
        lua_pushnumber(L, (lua_Number)a->score);
        lua_setfield(L, -2, "score");
    }
    const weft_attr *at;
    size_t n = weft_doc_ann_attrs(d, a, &at);
    if (n) {
        lua_createtable(L, 0, (int)n);
        for (size_t k = 0; k < n; k++) {
            const char *key = weft_doc_sym_name(d, at[k].key);
            if (!key) continue;
            weft_lua_push_value(L, d, &at[k].value);
            lua_setfield(L, -2, key);
        }
    } else {
        lua_pushvalue(L, empty);
    }
    lua_setfield(L, -2, "attrs");
}

#define EMPTY lua_upvalueindex(1)

/* The layer named by argument arg, sorted if sorted is set; NULL if the
 * document has no such layer. */
static weft_layer *find_layer(lua_State *L, weft_doc *d, int arg, int sorted) {
    size_t len;
    const char *name = luaL_checklstring(L, arg, &len);
    weft_sym s = weft_doc_sym_find(d, name, len);
    weft_layer *l = s ? weft_doc_layer(d, s) : NULL;
    if (l && sorted && !l->sorted && weft_doc_sort_layers(d) != WEFT_OK)
        luaL_error(L, "out of memory while sorting layer '%s'", name);
    return l;
}

static uint32_t check_offset(lua_State *L, lua_Integer x, const char *what) {
    if (x < 0 || x > (lua_Integer)UINT32_MAX)
        luaL_error(L, "%s offset %I is out of range (offsets are 0-based byte offsets)", what, x);
    return (uint32_t)x;
}

/* A span given as a table with begin and end, or as two integers. Returns
 * the index of the argument after it. */
static int get_span(lua_State *L, int arg, uint32_t *b, uint32_t *e) {
    if (lua_istable(L, arg)) {
        int isnum_b, isnum_e;
        lua_getfield(L, arg, "begin");
        lua_getfield(L, arg, "end");
        lua_Integer bb = lua_tointegerx(L, -2, &isnum_b), ee = lua_tointegerx(L, -1, &isnum_e);
        if (!isnum_b || !isnum_e)
            luaL_argerror(L, arg, "a record with integer begin and end expected");
        lua_pop(L, 2);
        *b = check_offset(L, bb, "begin");
        *e = check_offset(L, ee, "end");
        arg++;
    } else {
        *b = check_offset(L, luaL_checkinteger(L, arg), "begin");
        *e = check_offset(L, luaL_checkinteger(L, arg + 1), "end");
        arg += 2;
    }
    if (*b > *e)
        luaL_error(L, "span %I..%I ends before it begins", (lua_Integer)*b, (lua_Integer)*e);
    return arg;
}

/* Records of a sorted layer whose begin lies in [b, e] (candidates for
 * lying inside [b, e)): [*first, *first + count). */
static size_t candidates(const weft_layer *l, uint32_t b, uint32_t e, size_t *first) {
    *first = 0;
    if (!l) return 0;
    return weft_layer_starting_in(l, b, e < UINT32_MAX ? e + 1 : e, first);
}

/* ------------------------------------------------------------------------ */
/* Methods                                                                   */

static int doc_text(lua_State *L) {
    weft_doc *d = check(L);
    weft_sym vs;
    if (lua_isnoneornil(L, 2)) {
        vs = weft_doc_default_view(d);
    } else {
        size_t len;
        const char *name = luaL_checklstring(L, 2, &len);
        vs = weft_doc_sym_find(d, name, len);
    }
    const weft_view *v = vs ? weft_doc_view(d, vs) : NULL;
    if (!v) {
        lua_pushnil(L);
        return 1;
    }
    /* Views never change: one Lua string per view per handle. */
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 1);
    }
    if (lua_rawgeti(L, -1, (lua_Integer)vs) == LUA_TSTRING) return 1;
    lua_pop(L, 1);
    lua_pushlstring(L, v->text ? v->text : "", v->len);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, (lua_Integer)vs);
    return 1;
}

static int doc_views(lua_State *L) {
    weft_doc *d = check(L);
    lua_createtable(L, (int)d->nviews, 0);
    lua_Integer k = 0;
    for (size_t i = 0; i < d->nviews; i++) {
        const char *name = weft_doc_sym_name(d, d->views[i].name);
        if (!name) continue;
        lua_pushstring(L, name);
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

static int doc_layer(lua_State *L) {
    weft_doc *d = check(L);
    const weft_layer *l = find_layer(L, d, 2, 1);
    size_t n = l ? l->n : 0;
    lua_createtable(L, n < INT32_MAX ? (int)n : 0, 0);
    if (!n) return 1;
    const weft_view *v = weft_doc_view(d, l->view);
    for (size_t i = 0; i < n; i++) {
        push_record(L, d, l, i, v, EMPTY);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* Upvalues: empty attrs, handle, layer sym, next index, end index, limit
 * (end offset records must not pass, -1 for none). */
static int each_iter(lua_State *L) {
    wl_handle *h = lua_touserdata(L, lua_upvalueindex(2));
    if (!live(h)) return stale(L, h);
    weft_doc *d = h->w->doc;
    weft_sym s = (weft_sym)lua_tointeger(L, lua_upvalueindex(3));
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(4));
    lua_Integer to = lua_tointeger(L, lua_upvalueindex(5));
    lua_Integer lim = lua_tointeger(L, lua_upvalueindex(6));
    const weft_layer *l = s ? weft_doc_layer(d, s) : NULL;
    if (!l) return 0;
    for (; i < to && (size_t)i < l->n; i++) {
        if (lim >= 0 && (lua_Integer)l->a[i].end > lim) continue;
        lua_pushinteger(L, i + 1);
        lua_replace(L, lua_upvalueindex(4));
        push_record(L, d, l, (size_t)i, weft_doc_view(d, l->view), EMPTY);
        return 1;
    }
    lua_pushinteger(L, to);
    lua_replace(L, lua_upvalueindex(4));
    return 0;
}

static int doc_each(lua_State *L) {
    weft_doc *d = check(L);
    weft_layer *l = find_layer(L, d, 2, 1);
    size_t first = 0, count = l ? l->n : 0;
    lua_Integer lim = -1;
    if (!lua_isnoneornil(L, 3)) {
        uint32_t b, e;
        luaL_checktype(L, 3, LUA_TTABLE);
        get_span(L, 3, &b, &e);
        count = candidates(l, b, e, &first);
        lim = e;
    }
    lua_pushvalue(L, EMPTY);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, l ? (lua_Integer)l->name : 0);
    lua_pushinteger(L, (lua_Integer)first);
    lua_pushinteger(L, (lua_Integer)(first + count));
    lua_pushinteger(L, lim);
    lua_pushcclosure(L, each_iter, 6);
    return 1;
}

static int doc_first(lua_State *L) {
    weft_doc *d = check(L);
    const weft_layer *l = find_layer(L, d, 2, 1);
    if (!l || !l->n) {
        lua_pushnil(L);
        return 1;
    }
    push_record(L, d, l, 0, weft_doc_view(d, l->view), EMPTY);
    return 1;
}

static int doc_count(lua_State *L) {
    weft_doc *d = check(L);
    const weft_layer *l = find_layer(L, d, 2, 0);
    lua_pushinteger(L, l ? (lua_Integer)l->n : 0);
    return 1;
}

static int query(lua_State *L, int covering) {
    weft_doc *d = check(L);
    const weft_layer *l = find_layer(L, d, 2, 1);
    uint32_t b, e;
    get_span(L, 3, &b, &e);
    size_t buf[QBUF], *idx = buf;
    size_t (*fn)(const weft_layer *, uint32_t, uint32_t, size_t *, size_t) =
        covering ? weft_layer_covering : weft_layer_contained;
    size_t n = l ? fn(l, b, e, buf, QBUF) : 0;
    if (n > QBUF) {
        idx = lua_newuserdatauv(L, n * sizeof *idx, 0);
        n = fn(l, b, e, idx, n);
    }
    lua_createtable(L, n < INT32_MAX ? (int)n : 0, 0);
    if (!n) return 1;
    const weft_view *v = weft_doc_view(d, l->view);
    for (size_t i = 0; i < n; i++) {
        push_record(L, d, l, idx[i], v, EMPTY);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static int doc_covering(lua_State *L) {
    return query(L, 1);
}

static int doc_contained(lua_State *L) {
    return query(L, 0);
}

static weft_sym sym_or_fail(lua_State *L, weft_doc *d, const char *name, size_t len) {
    weft_sym s = weft_doc_sym(d, name, len);
    if (!s) luaL_error(L, "out of memory (interning '%s')", name);
    return s;
}

static int doc_add(lua_State *L) {
    weft_doc *d = check(L);
    size_t llen;
    const char *lname = luaL_checklstring(L, 2, &llen);
    uint32_t b = check_offset(L, luaL_checkinteger(L, 3), "begin");
    uint32_t e = check_offset(L, luaL_checkinteger(L, 4), "end");
    const char *label = NULL;
    size_t label_len = 0;
    float score = NAN;
    int attrs = 0;
    if (!lua_isnoneornil(L, 5)) {
        luaL_checktype(L, 5, LUA_TTABLE);
        lua_pushnil(L);
        while (lua_next(L, 5)) {
            lua_pop(L, 1);
            const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
            if (!k || (strcmp(k, "label") && strcmp(k, "score") && strcmp(k, "attrs")))
                return luaL_error(L,
                                  "doc:add: unknown option %s%s%s (expected label, score, attrs)",
                                  k ? "'" : "of type ", k ? k : luaL_typename(L, -1), k ? "'" : "");
        }
        int t = lua_getfield(L, 5, "label");
        if (t == LUA_TSTRING)
            label = lua_tolstring(L, -1, &label_len); /* stays on the stack */
        else if (t != LUA_TNIL)
            return luaL_error(L, "doc:add: label must be a string (got %s)", luaL_typename(L, -1));
        t = lua_getfield(L, 5, "score");
        if (t == LUA_TNUMBER)
            score = (float)lua_tonumber(L, -1);
        else if (t != LUA_TNIL)
            return luaL_error(L, "doc:add: score must be a number (got %s)", luaL_typename(L, -1));
        t = lua_getfield(L, 5, "attrs");
        if (t == LUA_TTABLE) {
            attrs = lua_gettop(L);
            lua_pushnil(L);
            while (lua_next(L, attrs)) {
                weft_value v;
                if (lua_type(L, -2) != LUA_TSTRING)
                    return luaL_error(L, "doc:add: attribute names must be strings (got %s)",
                                      luaL_typename(L, -2));
                if (!to_value(L, -1, &v))
                    return luaL_error(L,
                                      "doc:add: attribute '%s' cannot be a %s (boolean, number or "
                                      "string)",
                                      lua_tostring(L, -2), luaL_typename(L, -1));
                lua_pop(L, 1);
            }
        } else if (t != LUA_TNIL) {
            return luaL_error(L, "doc:add: attrs must be a table (got %s)", luaL_typename(L, -1));
        }
    }
    weft_sym ls = sym_or_fail(L, d, lname, llen);
    weft_sym lab = label ? sym_or_fail(L, d, label, label_len) : 0;
    const char *why = NULL;
    int64_t idx = weft_doc_add(d, ls, b, e, lab, score, &why);
    if (idx < 0)
        return luaL_error(L, "doc:add: %s (layer '%s', span %I..%I)", why ? why : "failed", lname,
                          (lua_Integer)b, (lua_Integer)e);
    if (attrs) {
        lua_pushnil(L);
        while (lua_next(L, attrs)) {
            size_t klen;
            const char *k = lua_tolstring(L, -2, &klen);
            weft_value v;
            to_value(L, -1, &v);
            int rc = weft_doc_ann_set(d, ls, idx, sym_or_fail(L, d, k, klen), &v);
            if (rc != WEFT_OK)
                return luaL_error(L, "doc:add: cannot set attribute '%s' (%s)", k,
                                  rc == WEFT_ENOMEM ? "out of memory" : "too many attributes");
            lua_pop(L, 1);
        }
    }
    lua_pushinteger(L, (lua_Integer)idx + 1);
    return 1;
}

static int doc_set(lua_State *L) {
    weft_doc *d = check(L);
    size_t klen;
    const char *k = luaL_checklstring(L, 2, &klen);
    if (lua_isnoneornil(L, 3)) return 0;
    weft_value v;
    if (!to_value(L, 3, &v))
        return luaL_error(L, "doc:set: value of '%s' cannot be a %s (boolean, number or string)", k,
                          luaL_typename(L, 3));
    if (weft_doc_attr_set(d, sym_or_fail(L, d, k, klen), &v) != WEFT_OK)
        return luaL_error(L, "doc:set: out of memory (attribute '%s')", k);
    return 0;
}

static int doc_get(lua_State *L) {
    weft_doc *d = check(L);
    size_t klen;
    const char *k = luaL_checklstring(L, 2, &klen);
    weft_sym s = weft_doc_sym_find(d, k, klen);
    weft_lua_push_value(L, d, s ? weft_doc_attr_get(d, s) : NULL);
    return 1;
}

static int doc_score_within(lua_State *L) {
    weft_doc *d = check(L);
    const weft_layer *l = find_layer(L, d, 2, 1);
    uint32_t b, e;
    get_span(L, 3, &b, &e);
    size_t first, count = candidates(l, b, e, &first), n = 0;
    double sum = 0;
    for (size_t i = first; i < first + count; i++) {
        const weft_ann *a = &l->a[i];
        if (a->end > e || isnan(a->score)) continue;
        sum += a->score;
        n++;
    }
    if (n)
        lua_pushnumber(L, (lua_Number)(sum / (double)n));
    else
        lua_pushnil(L);
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Metatable                                                                 */

static int doc_index(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "id") == 0) {
        weft_doc *d = check(L);
        lua_pushstring(L, d->id ? d->id : "");
        return 1;
    }
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    return 1;
}

static int doc_newindex(lua_State *L) {
    return luaL_error(L, "a weft.doc cannot be assigned to: use doc:set(key, value) for document "
                         "attributes");
}

static int doc_tostring(lua_State *L) {
    wl_handle *h = luaL_checkudata(L, 1, DOC_MT);
    if (!live(h))
        lua_pushliteral(L, "weft.doc (expired)");
    else
        lua_pushfstring(L, "weft.doc: %s", h->w->doc->id ? h->w->doc->id : "");
    return 1;
}

static int empty_newindex(lua_State *L) {
    return luaL_error(L, "this record has no attributes and its attrs table is read-only");
}

void wl_doc_open(lua_State *L) {
    static const luaL_Reg methods[] = {{"text", doc_text},
                                       {"views", doc_views},
                                       {"layer", doc_layer},
                                       {"each", doc_each},
                                       {"first", doc_first},
                                       {"count", doc_count},
                                       {"covering", doc_covering},
                                       {"contained", doc_contained},
                                       {"add", doc_add},
                                       {"set", doc_set},
                                       {"get", doc_get},
                                       {"score_within", doc_score_within},
                                       {NULL, NULL}};
    weft_lua *w = wl_from(L);
    luaL_newmetatable(L, DOC_MT); /* mt */
    lua_newtable(L);              /* mt, empty */
    lua_createtable(L, 0, 2);
    lua_pushcfunction(L, empty_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "read-only");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_createtable(L, 0, 16); /* mt, empty, methods */
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, methods, 1);
    lua_pushcclosure(L, doc_index, 1); /* mt, empty, __index */
    lua_setfield(L, -3, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, doc_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, doc_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, DOC_MT);
    lua_setfield(L, -2, "__metatable");
    w->docmt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

void wl_doc_push(lua_State *L, weft_lua *w) {
    wl_handle *h = lua_newuserdatauv(L, sizeof *h, 1);
    h->w = w;
    h->gen = w->gen;
    h->stage = w->cur_stage;
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->docmt_ref);
    lua_setmetatable(L, -2);
}
