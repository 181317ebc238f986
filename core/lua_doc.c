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
 * doc:each gives lazy records (see "Lazy records" below): the same fields,
 * read through a shared metatable from a copy of a chunk of the layer,
 * until the first write, pairs(), next(), rawget(), rawset(), getmetatable() or
 * setmetatable() turns the record into the plain table above.
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
 *   doc:records(name)          an index-based view of the layer, no table
 *                              per record: #v, v:span(i) (begin, end),
 *                              v:begin(i), v:finish(i), v:label(i),
 *                              v:text(i), v:score(i), v:attr(i, key),
 *                              v:record(i) (the table each() gives), and
 *                              v:inside(within | b, e), an iterator over
 *                              the positions of the records inside
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
#include "params.h"
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

/*
 * What building a record needs, kept as upvalues of every function that
 * builds one, starting at upvalue `up`: the shared empty attrs table, the
 * six field names (pushed from upvalues and stored with lua_rawset, so no
 * key is looked up by its C string per record), and the names cache.
 *
 * The names cache maps a symbol of the engine's table to its Lua string.
 * That table is frozen before any worker (and so any worker's Lua state)
 * exists, so an id names the same string for the life of the state: labels
 * and attribute keys become one integer lookup instead of a strlen, a hash
 * and an intern per record. Document-local symbols (high bit set) change
 * meaning from one document to the next and are never cached.
 */
enum { R_EMPTY, R_BEGIN, R_END, R_TEXT, R_LABEL, R_SCORE, R_ATTRS, R_NAMES, R_NUP };

static const char *const rec_keys[] = {"begin", "end", "text", "label", "score", "attrs"};

#define RUP(up, k) lua_upvalueindex((up) + (k))

/* Pushes the name of symbol s, or nil when the document does not know it. */
static void push_name(lua_State *L, const weft_doc *d, weft_sym s, int names) {
    if (s && s < WEFT_SYM_LOCAL) {
        if (lua_rawgeti(L, names, (lua_Integer)s) == LUA_TSTRING) return;
        lua_pop(L, 1);
        const char *n = weft_doc_sym_name(d, s);
        if (!n) {
            lua_pushnil(L);
            return;
        }
        lua_pushstring(L, n);
        lua_pushvalue(L, -1);
        lua_rawseti(L, names, (lua_Integer)s);
        return;
    }
    const char *n = weft_doc_sym_name(d, s);
    if (n)
        lua_pushstring(L, n);
    else
        lua_pushnil(L);
}

/* Push record i of layer l as a fresh table. Each field is stored as key
 * (from the upvalues), value, lua_rawset. */
static void push_record(lua_State *L, const weft_doc *d, const weft_layer *l, size_t i, int up) {
    const weft_ann *a = &l->a[i];
    int scored = !isnan(a->score);
    lua_createtable(L, 0, 5 + scored);
    lua_pushvalue(L, RUP(up, R_BEGIN));
    lua_pushinteger(L, a->begin);
    lua_rawset(L, -3);
    lua_pushvalue(L, RUP(up, R_END));
    lua_pushinteger(L, a->end);
    lua_rawset(L, -3);
    if (a->begin <= a->end && a->end <= l->vlen) {
        lua_pushvalue(L, RUP(up, R_TEXT));
        lua_pushlstring(L, l->vtext + a->begin, a->end - a->begin);
        lua_rawset(L, -3);
    }
    if (a->label) {
        lua_pushvalue(L, RUP(up, R_LABEL));
        push_name(L, d, a->label, RUP(up, R_NAMES));
        if (lua_isnil(L, -1))
            lua_pop(L, 2);
        else
            lua_rawset(L, -3);
    }
    if (scored) {
        lua_pushvalue(L, RUP(up, R_SCORE));
        lua_pushnumber(L, (lua_Number)a->score);
        lua_rawset(L, -3);
    }
    lua_pushvalue(L, RUP(up, R_ATTRS));
    const weft_attr *at;
    size_t n = weft_doc_ann_attrs(d, a, &at);
    if (n) {
        lua_createtable(L, 0, (int)n);
        for (size_t k = 0; k < n; k++) {
            push_name(L, d, at[k].key, RUP(up, R_NAMES));
            if (lua_isnil(L, -1)) {
                lua_pop(L, 1);
                continue;
            }
            weft_lua_push_value(L, d, &at[k].value);
            lua_rawset(L, -3);
        }
    } else {
        lua_pushvalue(L, RUP(up, R_EMPTY));
    }
    lua_rawset(L, -3);
}

/* Pushes the record-building upvalues of the running function (starting at
 * from) for a closure about to be made. */
static void push_rec_upvalues(lua_State *L, int from) {
    for (int k = 0; k < R_NUP; k++) lua_pushvalue(L, RUP(from, k));
}

/* ------------------------------------------------------------------------ */
/* Lazy records                                                              */

/*
 * A plain record costs a table with six fields and a text string, and
 * building that is most of what doc:each costs (#17); even one field
 * costs Lua a table resize. A lazy record is an empty table whose
 * metatable, shared by the records of one chunk of a layer (CHUNK records
 * in a row) in one stage call, reads every field from a copy of the chunk
 * (the snapshot) and of the text its records span, when it is asked for.
 * Which record of the snapshot a table stands for is kept beside the
 * snapshot, by the table's address (wl_mapent): Lua never moves a table,
 * an address is reused only once its table is collected, and each new
 * record overwrites its address's entry, so the entry of a live table that
 * has this metatable is always its own. The snapshot is a copy, so a record
 * stays what it was when it was made after the stage adds to or re-sorts
 * the layer, and after the stage returns (a record kept in a global still
 * reads its text).
 *
 * Everything a chunk holds counts against the state's memory limit, so a
 * walk copies one chunk at a time: a chunk lives while a record of it or a
 * walk in it does, and the handle finds it again (for the walks inside
 * each sentence of a loop over sentences) through a weak table, so a walk
 * over a layer of millions of records needs memory for the records the
 * script keeps, not for the layer. A chunk's map is never deleted
 * from; once it holds four entries a record, a walk copies the chunk
 * afresh rather than let it grow.
 *
 * The first write to a record (__newindex: nothing is stored in it until
 * then), pairs(rec), and the raw functions that would see it empty (next,
 * rawget, rawset) or its metatable (getmetatable, setmetatable; wrapped in
 * wl_doc_open) first materialise it: the plain fields are stored and the
 * metatable removed, and from then on it is exactly the table an eager
 * record is. Records with attributes or a document-local label, and walks
 * over a view much larger than the layer (copying the view's text would
 * cost more than the records save), get plain records at once.
 */
static const char lazy_key; /* its address marks the lazy metatables */

/* Table address -> position in the snapshot: open addressing, linear
 * probing, never deleted from (see above), at most half full. */
typedef struct wl_mapent {
    const void *t;
    size_t i;
} wl_mapent;

/* What a lazy record reads: a copy of a chunk of the layer's records, the
 * engine's frozen name table (labels are global symbols, see each_iter),
 * how many records the layer had (a later walk needs a new copy if it
 * grew), where the chunk's text starts in the view, and the map (in the
 * userdata that is the snapshot's user value 1). */
typedef struct wl_snap {
    const weft_symtab *names;
    wl_mapent *map;
    size_t cap, used; /* cap: a power of two */
    size_t n;         /* records in the chunk */
    size_t base;      /* position in the layer of the chunk's first record */
    size_t layer_n;   /* records the layer had */
    uint32_t tbase;   /* view offset of the chunk's text string */
    weft_ann a[];
} wl_snap;

/* Records a chunk: a power of two. */
#define CHUNK_BITS 10
#define CHUNK      ((size_t)1 << CHUNK_BITS)

#define MAP_MIN 64

static size_t map_slot(const wl_snap *sn, const void *t) {
    uint64_t h = (uint64_t)(uintptr_t)t * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (sn->cap - 1);
}

/* Gives the snapshot at idx a map of cap entries holding the old ones. */
static void map_grow(lua_State *L, int idx, wl_snap *sn, size_t cap) {
    if (cap > SIZE_MAX / 2 / sizeof(wl_mapent)) luaL_error(L, "out of memory");
    wl_mapent *old = sn->map;
    size_t ocap = sn->cap;
    idx = lua_absindex(L, idx);
    wl_mapent *m = lua_newuserdatauv(L, cap * sizeof *m, 0);
    memset(m, 0, cap * sizeof *m);
    sn->map = m;
    sn->cap = cap;
    for (size_t k = 0; k < ocap; k++) {
        if (!old[k].t) continue;
        size_t j = map_slot(sn, old[k].t);
        while (m[j].t) j = (j + 1) & (cap - 1);
        m[j] = old[k];
    }
    lua_setiuservalue(L, idx, 1); /* the old map is garbage now */
}

/* Records that the table t stands for record i of the snapshot at idx. */
static void map_put(lua_State *L, int idx, wl_snap *sn, const void *t, size_t i) {
    if ((sn->used + 1) * 2 > sn->cap) map_grow(L, idx, sn, sn->cap * 2);
    size_t j = map_slot(sn, t);
    while (sn->map[j].t && sn->map[j].t != t) j = (j + 1) & (sn->cap - 1);
    if (!sn->map[j].t) sn->used++;
    sn->map[j].t = t;
    sn->map[j].i = i;
}

/* Upvalues of the lazy metamethods: the snapshot, the chunk's text, then
 * the record upvalues. */
enum { L_SNAP = 1, L_VIEW, L_REC };
#define LUP(k) lua_upvalueindex(k)

/* The snapshot record behind lazy record idx, or NULL if idx is not one
 * of this metatable's. */
static const weft_ann *lazy_ann(lua_State *L, int idx) {
    const wl_snap *sn = lua_touserdata(L, LUP(L_SNAP));
    const void *t = lua_topointer(L, idx);
    if (!t) return NULL;
    for (size_t j = map_slot(sn, t); sn->map[j].t; j = (j + 1) & (sn->cap - 1))
        if (sn->map[j].t == t) return sn->map[j].i < sn->n ? &sn->a[sn->map[j].i] : NULL;
    return NULL;
}

/* Pushes field k (R_BEGIN..R_ATTRS) of snapshot record a, or nil. */
static void lazy_push(lua_State *L, const weft_ann *a, int k) {
    switch (k) {
    case R_BEGIN:
        lua_pushinteger(L, a->begin);
        return;
    case R_END:
        lua_pushinteger(L, a->end);
        return;
    case R_TEXT: {
        size_t len;
        const char *v = lua_tolstring(L, LUP(L_VIEW), &len);
        uint32_t base = ((const wl_snap *)lua_touserdata(L, LUP(L_SNAP)))->tbase;
        if (v && a->begin >= base && a->begin <= a->end && a->end - base <= len)
            lua_pushlstring(L, v + (a->begin - base), a->end - a->begin);
        else
            lua_pushnil(L);
        return;
    }
    case R_LABEL:
        if (!a->label) break;
        if (lua_rawgeti(L, RUP(L_REC, R_NAMES), (lua_Integer)a->label) == LUA_TSTRING) return;
        lua_pop(L, 1);
        {
            const char *n = weft_symtab_name(
                ((const wl_snap *)lua_touserdata(L, LUP(L_SNAP)))->names, a->label);
            if (!n) break;
            lua_pushstring(L, n);
            lua_pushvalue(L, -1);
            lua_rawseti(L, RUP(L_REC, R_NAMES), (lua_Integer)a->label);
        }
        return;
    case R_SCORE:
        if (isnan(a->score)) break;
        lua_pushnumber(L, (lua_Number)a->score);
        return;
    case R_ATTRS:
        lua_pushvalue(L, RUP(L_REC, R_EMPTY)); /* lazy records have none */
        return;
    }
    lua_pushnil(L);
}

/* Which field key at idx names: R_BEGIN..R_ATTRS, or -1. By length and
 * first byte, then one memcmp: cheaper than six lua_rawequal calls. */
static int lazy_field(lua_State *L, int idx) {
    size_t len;
    const char *k = lua_type(L, idx) == LUA_TSTRING ? lua_tolstring(L, idx, &len) : NULL;
    int f = -1;
    if (!k) return -1;
    if (len == 3)
        f = R_END;
    else if (len == 4)
        f = R_TEXT;
    else if (len == 5)
        f = k[0] == 'b' ? R_BEGIN : k[0] == 'l' ? R_LABEL : k[0] == 's' ? R_SCORE : R_ATTRS;
    return f >= 0 && memcmp(k, rec_keys[f - R_BEGIN], len) == 0 ? f : -1;
}

/* Turns lazy record idx into the plain table an eager record is. */
static void lazy_materialise(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    const weft_ann *a = lazy_ann(L, idx);
    if (a)
        for (int k = R_BEGIN; k <= R_ATTRS; k++) {
            lua_pushvalue(L, RUP(L_REC, k));
            lazy_push(L, a, k);
            lua_rawset(L, idx); /* nil stores nothing: label, score */
        }
    lua_pushnil(L);
    lua_setmetatable(L, idx);
}

static int lazy_index(lua_State *L) {
    const weft_ann *a = lazy_ann(L, 1);
    int k = a ? lazy_field(L, 2) : -1;
    if (k < 0)
        lua_pushnil(L);
    else
        lazy_push(L, a, k);
    return 1;
}

static int lazy_newindex(lua_State *L) {
    lazy_materialise(L, 1);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 0;
}

static int lazy_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int lazy_pairs(lua_State *L) {
    lazy_materialise(L, 1);
    lua_pushcfunction(L, lazy_next);
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* 1 if the value at idx is a lazy record (its metatable is marked). */
static int is_lazy(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return 0;
    int lazy = lua_rawgetp(L, -1, &lazy_key) == LUA_TLIGHTUSERDATA;
    lua_pop(L, 2);
    return lazy;
}

/* The raw functions (next, rawget, ...) see a lazy record as the plain
 * table it stands for: upvalue 1 is the function wrapped. */
static int plain_call(lua_State *L) {
    if (is_lazy(L, 1)) {
        lua_getmetatable(L, 1);
        lua_getfield(L, -1, "__pairs"); /* has the upvalues materialise needs */
        lua_pushvalue(L, 1);
        lua_call(L, 1, 0);
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Pushes the text of view vs as a Lua string, one per view per handle
 * (views never change); the handle is at index 1. */
static void push_view_text(lua_State *L, const weft_view *v, weft_sym vs) {
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 1);
    }
    if (lua_rawgeti(L, -1, (lua_Integer)vs) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushlstring(L, v->text ? v->text : "", v->len);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, (lua_Integer)vs);
    }
    lua_remove(L, -2);
}

/* A chunk whose text is much larger than its records is not worth a Lua
 * copy: they become plain records. */
#define LAZY_VIEW_ANY   ((size_t)1 << 20)
#define LAZY_VIEW_RATIO 64

/* A chunk's map past this many entries is not grown: the chunk is copied
 * afresh (see above). */
static int chunk_full(const wl_snap *sn) {
    return sn->used >= 4 * sn->n + MAP_MIN;
}

/* Pushes the weak table (chunk number -> lazy-record metatable) of layer l
 * for the handle at index 1, made on first use. Its metatable holds the
 * chunk used last at [1], strongly: the walks inside one sentence after
 * another reuse it even when the collector ran since the last one. */
static void push_chunks(lua_State *L, const weft_layer *l) {
    if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 1);
    }
    /* layers by -sym, views (doc:text) by sym */
    if (lua_rawgeti(L, -1, -(lua_Integer)l->name) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_createtable(L, 1, 1);
        lua_pushliteral(L, "v");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, -(lua_Integer)l->name);
    }
    lua_remove(L, -2);
}

/* Makes the chunk metatable on top of the stack the one the chunks table
 * at index chunks keeps strongly (see push_chunks). */
static void keep_last(lua_State *L, int chunks) {
    if (!lua_getmetatable(L, chunks)) return;
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, 1);
    lua_pop(L, 1);
}

/* Pushes the lazy-record metatable of chunk k of layer l (records k * CHUNK
 * on), from the chunks table at index chunks, made if it is not there or
 * out of date; or nil when the chunk's records are better made plain. The
 * record upvalues start at up. */
static void push_chunk_mt(lua_State *L, int chunks, const weft_doc *d, const weft_layer *l,
                          size_t k, int up) {
    const weft_view *v = weft_doc_view(d, l->view);
    size_t from = k << CHUNK_BITS;
    if (!v || from >= l->n) {
        lua_pushnil(L);
        return;
    }
    chunks = lua_absindex(L, chunks);
    if (lua_rawgeti(L, chunks, (lua_Integer)k) == LUA_TTABLE) {
        lua_rawgeti(L, -1, 1);
        const wl_snap *sn = lua_touserdata(L, -1);
        lua_pop(L, 1);
        if (sn && sn->layer_n == l->n && !chunk_full(sn)) {
            keep_last(L, chunks);
            return;
        }
    }
    lua_pop(L, 1);
    size_t n = l->n - from < CHUNK ? l->n - from : CHUNK;
    const weft_ann *a = l->a + from;
    /* the text the chunk's records span (sorted: the first begins first) */
    uint32_t tb = a[0].begin, te = a[0].begin;
    for (size_t i = 0; i < n; i++)
        if (a[i].end > te) te = a[i].end;
    if (te > v->len) te = (uint32_t)v->len;
    if (tb > te) tb = te;
    size_t range = (size_t)(te - tb);
    if (range > LAZY_VIEW_ANY && range / LAZY_VIEW_RATIO > n) {
        lua_pushnil(L);
        return;
    }
    wl_snap *sn = lua_newuserdatauv(L, sizeof *sn + n * sizeof(weft_ann), 1);
    sn->names = d->global;
    sn->map = NULL;
    sn->cap = sn->used = 0;
    sn->n = n;
    sn->base = from;
    sn->layer_n = l->n;
    sn->tbase = tb;
    memcpy(sn->a, a, n * sizeof(weft_ann));
    int snap = lua_gettop(L);
    size_t cap = MAP_MIN;
    while (cap < 2 * n) cap *= 2; /* a walk's records fit without a rehash */
    map_grow(L, snap, sn, cap);
    lua_pushlstring(L, range ? v->text + tb : "", range);
    int text = lua_gettop(L);
    lua_createtable(L, 1, 5); /* mt; [1] keeps the snapshot for the check above */
    lua_pushvalue(L, snap);
    lua_rawseti(L, -2, 1);
    static const luaL_Reg metas[] = {{"__index", lazy_index},
                                     {"__newindex", lazy_newindex},
                                     {"__pairs", lazy_pairs},
                                     {NULL, NULL}};
    lua_pushvalue(L, snap);
    lua_pushvalue(L, text);
    for (int j = 0; j < R_NUP; j++) lua_pushvalue(L, RUP(up, j));
    luaL_setfuncs(L, metas, 2 + R_NUP);
    lua_pushlightuserdata(L, (void *)&lazy_key);
    lua_rawsetp(L, -2, &lazy_key);
    lua_pushvalue(L, -1);
    lua_rawseti(L, chunks, (lua_Integer)k);
    keep_last(L, chunks);
    lua_replace(L, snap);
    lua_settop(L, snap);
}

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
    push_view_text(L, v, vs);
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
    for (size_t i = 0; i < n; i++) {
        push_record(L, d, l, i, 1);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* The layer a cursor walks, found again at each step (a stage may add a
 * layer mid-walk, which moves the array), but through the position it had
 * last time: a linear search only when that position holds another layer. */
typedef struct wl_cursor {
    wl_handle h;
    weft_sym layer; /* 0: the layer did not exist, nothing to walk */
    size_t pos;     /* where it was in d->layers */
} wl_cursor;

static const weft_layer *cursor_layer(wl_cursor *c, const weft_doc *d) {
    if (c->pos < d->nlayers && d->layers[c->pos].name == c->layer) return &d->layers[c->pos];
    const weft_layer *l = c->layer ? weft_doc_layer(d, c->layer) : NULL;
    if (l) c->pos = (size_t)(l - d->layers);
    return l;
}

static void cursor_init(wl_cursor *c, lua_State *L, const weft_doc *d, const weft_layer *l) {
    c->h = *(const wl_handle *)lua_touserdata(L, 1);
    c->layer = l ? l->name : 0;
    c->pos = l ? (size_t)(l - d->layers) : 0;
}

/* each()'s iterator state: a cursor, the next and end positions, and the
 * end offset records must not pass (-1: none). */
typedef struct wl_each {
    wl_cursor c;
    size_t i, to;
    int64_t lim;
    size_t n_at_start; /* records the layer had when the walk began */
    size_t chunk;      /* the chunk of the upvalues below; SIZE_MAX: none */
} wl_each;

/* Upvalues: the wl_each, then the record upvalues, then the lazy-record
 * metatable of the current chunk and its snapshot (both nil: plain
 * records), then the layer's chunks table (nil: plain records only). */
#define EACH_MT     (2 + R_NUP)
#define EACH_SNAP   (3 + R_NUP)
#define EACH_CHUNKS (4 + R_NUP)

/* Makes chunk k the iterator's current one. */
static void each_chunk(lua_State *L, wl_each *it, const weft_doc *d, const weft_layer *l,
                       size_t k) {
    push_chunk_mt(L, lua_upvalueindex(EACH_CHUNKS), d, l, k, 2);
    if (lua_istable(L, -1))
        lua_rawgeti(L, -1, 1);
    else
        lua_pushnil(L);
    lua_replace(L, lua_upvalueindex(EACH_SNAP));
    lua_replace(L, lua_upvalueindex(EACH_MT));
    it->chunk = k;
}

static int each_iter(lua_State *L) {
    wl_each *it = lua_touserdata(L, lua_upvalueindex(1));
    if (!live(&it->c.h)) return stale(L, &it->c.h);
    const weft_doc *d = it->c.h.w->doc;
    const weft_layer *l = cursor_layer(&it->c, d);
    if (!l) return 0;
    for (; it->i < it->to && it->i < l->n; it->i++) {
        const weft_ann *a = &l->a[it->i];
        if (it->lim >= 0 && (int64_t)a->end > it->lim) continue;
        size_t i = it->i++;
        /* Lazy records while the layer is as it was when the walk began: a
         * record the stage added since (or a re-sort) makes plain ones. */
        if (!a->nattrs && a->label < WEFT_SYM_LOCAL && it->n_at_start == l->n &&
            !lua_isnil(L, lua_upvalueindex(EACH_CHUNKS))) {
            wl_snap *sn = lua_touserdata(L, lua_upvalueindex(EACH_SNAP));
            if (it->chunk != i >> CHUNK_BITS || (sn && chunk_full(sn))) {
                each_chunk(L, it, d, l, i >> CHUNK_BITS);
                sn = lua_touserdata(L, lua_upvalueindex(EACH_SNAP));
            }
            if (sn) {
                lua_createtable(L, 0, 0);
                map_put(L, lua_upvalueindex(EACH_SNAP), sn, lua_topointer(L, -1), i - sn->base);
                lua_pushvalue(L, lua_upvalueindex(EACH_MT));
                lua_setmetatable(L, -2);
                return 1;
            }
        }
        push_record(L, d, l, i, 2);
        return 1;
    }
    it->i = it->to;
    return 0;
}

static int doc_each(lua_State *L) {
    weft_doc *d = check(L);
    weft_layer *l = find_layer(L, d, 2, 1);
    size_t first = 0, count = l ? l->n : 0;
    int64_t lim = -1;
    if (!lua_isnoneornil(L, 3)) {
        uint32_t b, e;
        luaL_checktype(L, 3, LUA_TTABLE);
        get_span(L, 3, &b, &e);
        count = candidates(l, b, e, &first);
        lim = e;
    }
    wl_each *it = lua_newuserdatauv(L, sizeof *it, 0);
    cursor_init(&it->c, L, d, l);
    it->i = first;
    it->to = first + count;
    it->lim = lim;
    it->n_at_start = l ? l->n : 0;
    it->chunk = SIZE_MAX;
    push_rec_upvalues(L, 1);
    lua_pushnil(L); /* EACH_MT, EACH_SNAP: set at the first record */
    lua_pushnil(L);
    if (l && l->n && count)
        push_chunks(L, l);
    else
        lua_pushnil(L);
    lua_pushcclosure(L, each_iter, 4 + R_NUP);
    return 1;
}

static int doc_first(lua_State *L) {
    weft_doc *d = check(L);
    const weft_layer *l = find_layer(L, d, 2, 1);
    if (!l || !l->n) {
        lua_pushnil(L);
        return 1;
    }
    push_record(L, d, l, 0, 1);
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
    for (size_t i = 0; i < n; i++) {
        push_record(L, d, l, idx[i], 1);
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
/* Records views: doc:records(name)                                          */

/*
 * An index-based view of one layer, for loops that want a field or two of
 * each record without a table per record: #v, v:span(i), v:label(i), ...
 * It holds no record; every call reads the layer as it is now, through the
 * same cursor as each() (so a layer a stage adds to while walking shows its
 * new records at the end). Its methods' upvalues are the record upvalues
 * and then the view metatable, which is how they check their first
 * argument without a registry lookup by name.
 */
#define RECS_MT "weft.records"
#define RECS_UP (R_NUP + 1)

static wl_cursor *check_recs(lua_State *L) {
    wl_cursor *c = lua_touserdata(L, 1);
    int ok = c && lua_getmetatable(L, 1) && lua_rawequal(L, -1, lua_upvalueindex(RECS_UP));
    if (!ok) luaL_typeerror(L, 1, RECS_MT);
    lua_pop(L, 1);
    if (!live(&c->h)) stale(L, &c->h);
    return c;
}

/* The view's layer and record index i (argument arg, 1-based, checked). */
static const weft_layer *recs_at(lua_State *L, int arg, size_t *i) {
    wl_cursor *c = check_recs(L);
    const weft_layer *l = cursor_layer(c, c->h.w->doc);
    lua_Integer k = luaL_checkinteger(L, arg);
    size_t n = l ? l->n : 0;
    if (k < 1 || (lua_Unsigned)k > n)
        luaL_error(L, "record %I is out of range (layer '%s' has %I records)", k,
                   weft_doc_sym_name(c->h.w->doc, c->layer), (lua_Integer)n);
    *i = (size_t)(k - 1);
    return l;
}

static int recs_len(lua_State *L) {
    wl_cursor *c = check_recs(L);
    const weft_layer *l = cursor_layer(c, c->h.w->doc);
    lua_pushinteger(L, l ? (lua_Integer)l->n : 0);
    return 1;
}

static int recs_span(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    lua_pushinteger(L, l->a[i].begin);
    lua_pushinteger(L, l->a[i].end);
    return 2;
}

static int recs_begin(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    lua_pushinteger(L, l->a[i].begin);
    return 1;
}

static int recs_finish(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    lua_pushinteger(L, l->a[i].end);
    return 1;
}

static int recs_label(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    if (l->a[i].label)
        push_name(L, ((wl_cursor *)lua_touserdata(L, 1))->h.w->doc, l->a[i].label, RUP(1, R_NAMES));
    else
        lua_pushnil(L);
    return 1;
}

static int recs_text(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    const weft_ann *a = &l->a[i];
    if (a->begin <= a->end && a->end <= l->vlen)
        lua_pushlstring(L, l->vtext + a->begin, a->end - a->begin);
    else
        lua_pushnil(L);
    return 1;
}

static int recs_score(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    if (isnan(l->a[i].score))
        lua_pushnil(L);
    else
        lua_pushnumber(L, (lua_Number)l->a[i].score);
    return 1;
}

static int recs_attr(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    size_t klen;
    const char *k = luaL_checklstring(L, 3, &klen);
    const weft_doc *d = ((wl_cursor *)lua_touserdata(L, 1))->h.w->doc;
    weft_sym key = weft_doc_sym_find(d, k, klen);
    const weft_attr *at;
    size_t n = key ? weft_doc_ann_attrs(d, &l->a[i], &at) : 0;
    for (size_t j = 0; j < n; j++)
        if (at[j].key == key) {
            weft_lua_push_value(L, d, &at[j].value);
            return 1;
        }
    lua_pushnil(L);
    return 1;
}

static int recs_record(lua_State *L) {
    size_t i;
    const weft_layer *l = recs_at(L, 2, &i);
    push_record(L, ((wl_cursor *)lua_touserdata(L, 1))->h.w->doc, l, i, 1);
    return 1;
}

/* inside()'s iterator: upvalues the view and a wl_each over the layer. */
static int recs_inside_iter(lua_State *L) {
    wl_each *it = lua_touserdata(L, lua_upvalueindex(2));
    if (!live(&it->c.h)) return stale(L, &it->c.h);
    const weft_layer *l = cursor_layer(&it->c, it->c.h.w->doc);
    if (!l) return 0;
    for (; it->i < it->to && it->i < l->n; it->i++) {
        if ((int64_t)l->a[it->i].end > it->lim) continue;
        lua_pushinteger(L, (lua_Integer)++it->i);
        return 1;
    }
    it->i = it->to;
    return 0;
}

static int recs_inside(lua_State *L) {
    wl_cursor *c = check_recs(L);
    weft_doc *d = c->h.w->doc;
    weft_layer *l = (weft_layer *)cursor_layer(c, d);
    if (l && !l->sorted && weft_doc_sort_layers(d) != WEFT_OK)
        return luaL_error(L, "out of memory while sorting layer '%s'",
                          weft_doc_sym_name(d, c->layer));
    uint32_t b, e;
    get_span(L, 2, &b, &e);
    wl_each *it;
    lua_pushvalue(L, 1);
    it = lua_newuserdatauv(L, sizeof *it, 0);
    it->c = *c;
    it->to = it->i = 0;
    it->to = candidates(l, b, e, &it->i) + it->i;
    it->lim = e;
    lua_pushcclosure(L, recs_inside_iter, 2);
    return 1;
}

static int recs_tostring(lua_State *L) {
    wl_cursor *c = check_recs(L);
    const weft_layer *l = cursor_layer(c, c->h.w->doc);
    lua_pushfstring(L, "weft.records: %s (%I records)", weft_doc_sym_name(c->h.w->doc, c->layer),
                    (lua_Integer)(l ? l->n : 0));
    return 1;
}

static int doc_records(lua_State *L) {
    weft_doc *d = check(L);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    /* Interned, so that a view taken before the stage creates the layer
     * with doc:add sees its records. */
    weft_sym s = weft_doc_sym(d, name, len);
    if (!s) return luaL_error(L, "out of memory (interning '%s')", name);
    weft_layer *l = weft_doc_layer(d, s);
    if (l && !l->sorted && weft_doc_sort_layers(d) != WEFT_OK)
        return luaL_error(L, "out of memory while sorting layer '%s'", name);
    wl_cursor *c = lua_newuserdatauv(L, sizeof *c, 0);
    cursor_init(c, L, d, l);
    c->layer = s;
    lua_rawgeti(L, LUA_REGISTRYINDEX, wl_from(L)->recsmt_ref);
    lua_setmetatable(L, -2);
    return 1;
}

/* Pushes the view metatable; the record upvalues are on the stack top. */
static void recs_open(lua_State *L) {
    static const luaL_Reg recs_methods[] = {{"span", recs_span},     {"begin", recs_begin},
                                            {"finish", recs_finish}, {"label", recs_label},
                                            {"text", recs_text},     {"score", recs_score},
                                            {"attr", recs_attr},     {"record", recs_record},
                                            {"inside", recs_inside}, {NULL, NULL}};
    static const luaL_Reg metas[] = {
        {"__len", recs_len}, {"__tostring", recs_tostring}, {NULL, NULL}};
    int ups = lua_gettop(L) - R_NUP + 1;
    lua_createtable(L, 0, 4); /* ups..., mt */
    lua_createtable(L, 0, 9); /* ups..., mt, methods */
    for (int k = 0; k < R_NUP; k++) lua_pushvalue(L, ups + k);
    lua_pushvalue(L, -2 - R_NUP);
    luaL_setfuncs(L, recs_methods, R_NUP + 1);
    lua_setfield(L, -2, "__index");
    for (int k = 0; k < R_NUP; k++) lua_pushvalue(L, ups + k);
    lua_pushvalue(L, -1 - R_NUP);
    luaL_setfuncs(L, metas, R_NUP + 1);
    lua_pushliteral(L, RECS_MT);
    lua_setfield(L, -2, "__metatable");
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
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL || lua_type(L, 2) != LUA_TSTRING) return 1;
    /* doc:lyer(...) would say "attempt to call a nil value": name the
     * method that is near it */
    const char *names[32];
    size_t n = 0;
    lua_pushnil(L);
    while (n < 32 && lua_next(L, lua_upvalueindex(1))) {
        if (lua_type(L, -2) == LUA_TSTRING) names[n++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    const char *key = lua_tostring(L, 2), *m = weft_did_you_mean(key, names, n);
    return luaL_error(L, "a weft.doc has no method or field '%s'%s%s%s", key,
                      m ? " (did you mean '" : "", m ? m : "", m ? "'?)" : "");
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
                                       {"records", doc_records},
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
    int ups = lua_gettop(L) + 1;  /* the record upvalues, R_EMPTY first */
    lua_newtable(L);
    lua_createtable(L, 0, 2);
    lua_pushcfunction(L, empty_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "read-only");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    for (int k = R_BEGIN; k <= R_ATTRS; k++) lua_pushstring(L, rec_keys[k - R_BEGIN]);
    lua_newtable(L); /* R_NAMES */
    recs_open(L);    /* mt, ups..., records mt */
    w->recsmt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_createtable(L, 0, 16); /* mt, ups..., methods */
    for (int k = 0; k < R_NUP; k++) lua_pushvalue(L, ups + k);
    luaL_setfuncs(L, methods, R_NUP);
    lua_pushcclosure(L, doc_index, 1); /* mt, ups..., __index */
    lua_setfield(L, ups - 1, "__index");
    lua_settop(L, ups - 1);
    lua_pushcfunction(L, doc_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, doc_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, DOC_MT);
    lua_setfield(L, -2, "__metatable");
    w->docmt_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    /* After the sandbox's own setmetatable, so both checks apply. */
    static const char *const raw[] = {"next", "rawget", "rawset", "getmetatable", "setmetatable"};
    for (size_t k = 0; k < sizeof raw / sizeof *raw; k++) {
        if (lua_getglobal(L, raw[k]) != LUA_TFUNCTION) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushcclosure(L, plain_call, 1);
        lua_setglobal(L, raw[k]);
    }
}

void wl_doc_push(lua_State *L, weft_lua *w) {
    wl_handle *h = lua_newuserdatauv(L, sizeof *h, 1);
    h->w = w;
    h->gen = w->gen;
    h->stage = w->cur_stage;
    lua_rawgeti(L, LUA_REGISTRYINDEX, w->docmt_ref);
    lua_setmetatable(L, -2);
}
