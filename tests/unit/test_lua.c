/*
 * Unit tests of the Lua host: the DSL into a pipeline spec, error messages,
 * the sandbox, the memory cap and instruction budget, and the document API
 * of inline stages. Run from the repository root (fixtures in tests/lua/).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "doc.h"
#include "lua_host.h"
#include "lua_internal.h"
#include "node.h"
#include "spec.h"
#include "symtab.h"

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) fail_msg("cannot open %s (run the tests from the repository root)", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static weft_lua_limits limits(size_t mem_mib, uint64_t budget) {
    weft_lua_limits l;
    weft_lua_limits_default(&l);
    l.mem_limit = mem_mib << 20;
    l.instr_budget = budget;
    return l;
}

/* load_spec on src; returns the status and leaves the message in err. */
static int load(const char *path, const char *src, weft_pipeline_spec *s, char *err, size_t errsz) {
    weft_lua_limits l = limits(16, 10000000);
    err[0] = '\0';
    return weft_lua_load_spec(path, src, strlen(src), &l, s, err, errsz);
}

/* load_spec that must fail; returns the message (static). */
static const char *load_err(const char *path, const char *src) {
    static char err[512];
    weft_pipeline_spec s;
    int rc = load(path, src, &s, err, sizeof err);
    if (rc == 0) fail_msg("expected %s to fail", path);
    assert_int_equal(s.nstages, 0); /* the spec is left empty */
    assert_null(s.stages);
    return err;
}

#define assert_contains(hay, needle)                                                               \
    do {                                                                                           \
        const char *h_ = (hay), *n_ = (needle);                                                    \
        if (!strstr(h_, n_)) fail_msg("expected \"%s\" in \"%s\"", n_, h_);                        \
    } while (0)

#define assert_prefix(hay, pre)                                                                    \
    do {                                                                                           \
        const char *h_ = (hay), *p_ = (pre);                                                       \
        if (strncmp(h_, p_, strlen(p_)) != 0)                                                      \
            fail_msg("expected \"%s\" to start with \"%s\"", h_, p_);                              \
    } while (0)

/* A document and a worker Lua state for one script. */
typedef struct fx {
    weft_symtab *g;
    weft_doc *d;
    weft_pipeline_spec spec;
    weft_lua *L;
    weft_error err;
} fx;

static void fx_open(fx *f, const char *path, const char *src, const weft_lua_limits *l) {
    memset(f, 0, sizeof *f);
    char err[512];
    f->g = weft_symtab_new(0);
    assert_int_equal(weft_symtab_intern(f->g, "raw", 3), WEFT_SYM_RAW);
    assert_int_equal(weft_symtab_intern(f->g, "text", 4), WEFT_SYM_TEXT);
    weft_symtab_intern(f->g, "token", 5);
    f->d = weft_doc_new(f->g);
    assert_non_null(f->d);
    if (weft_lua_load_spec(path, src, strlen(src), l, &f->spec, err, sizeof err) != 0)
        fail_msg("load_spec: %s", err);
    f->L = weft_lua_new(l, path, src, strlen(src), &f->spec, err, sizeof err);
    if (!f->L) fail_msg("weft_lua_new: %s", err);
}

static void fx_close(fx *f) {
    weft_lua_free(f->L);
    weft_pipeline_spec_free(&f->spec);
    weft_doc_free(f->d);
    weft_symtab_free(f->g);
}

/* Reset the doc to a new one with this id and text, run stage i. */
static int fx_run(fx *f, size_t i, const char *id, const char *text) {
    weft_doc_reset(f->d);
    assert_int_equal(weft_doc_set_id(f->d, id), WEFT_OK);
    assert_int_equal(weft_doc_set_raw(f->d, text, strlen(text), 1), WEFT_OK);
    return weft_lua_run_stage(f->L, i, f->d, &f->err);
}

static const weft_value *attr(weft_doc *d, const char *key) {
    weft_sym s = weft_doc_sym_find(d, key, strlen(key));
    return s ? weft_doc_attr_get(d, s) : NULL;
}

/* ------------------------------------------------------------------------ */
/* The DSL                                                                   */

static void spec_good_script(void **st) {
    (void)st;
    size_t len;
    char *src = slurp("tests/lua/good.lua", &len);
    weft_pipeline_spec s;
    char err[512];
    weft_lua_limits l = limits(16, 10000000);
    int rc = weft_lua_load_spec("tests/lua/good.lua", src, len, &l, &s, err, sizeof err);
    if (rc != 0) fail_msg("%s", err);
    assert_string_equal(s.name, "news");
    assert_string_equal(s.doc, "one line");
    assert_string_equal(s.script, "tests/lua/good.lua");
    assert_true(s.script_dir[0] == '/');
    assert_non_null(strstr(s.script_dir, "tests/lua"));
    assert_int_equal(s.nstages, 4);

    const weft_stage_spec *t = &s.stages[0];
    assert_string_equal(t->name, "tokenizer");
    assert_string_equal(t->class_name, "tokenizer");
    assert_string_equal(t->script, "tests/lua/good.lua");
    assert_int_equal(t->line, 5);
    assert_int_equal(t->params->type, WEFT_V_MAP);
    assert_int_equal(t->params->n, 1);
    const weft_node *style = weft_node_get(t->params, "style");
    assert_non_null(style);
    assert_int_equal(style->type, WEFT_V_STR);
    assert_string_equal(style->u.str, "uax29");
    assert_int_equal(style->n, 5);
    assert_null(t->requires);

    const weft_stage_spec *e = &s.stages[1];
    assert_string_equal(e->name, "ents2"); /* as */
    assert_string_equal(e->class_name, "entities");
    assert_int_equal(e->line, 6);
    assert_null(weft_node_get(e->params, "as"));
    assert_int_equal(e->params->n, 5);
    /* keys are sorted */
    const char *order[] = {"labels", "lower", "max", "opts", "threshold"};
    for (int i = 0; i < 5; i++) assert_string_equal(e->params->u.kids[i].key, order[i]);
    const weft_node *labels = weft_node_get(e->params, "labels");
    assert_int_equal(labels->type, WEFT_V_LIST);
    assert_int_equal(labels->n, 2);
    assert_string_equal(labels->u.kids[0].u.str, "PER");
    assert_string_equal(labels->u.kids[1].u.str, "ORG");
    const weft_node *th = weft_node_get(e->params, "threshold");
    assert_int_equal(th->type, WEFT_V_NUM);
    assert_true(th->u.d == 0.5);
    const weft_node *max = weft_node_get(e->params, "max");
    assert_int_equal(max->type, WEFT_V_INT);
    assert_int_equal(max->u.i, 3);
    const weft_node *lower = weft_node_get(e->params, "lower");
    assert_int_equal(lower->type, WEFT_V_BOOL);
    assert_true(lower->u.b);
    const weft_node *opts = weft_node_get(e->params, "opts");
    assert_int_equal(opts->type, WEFT_V_MAP);
    assert_int_equal(opts->n, 3);
    assert_string_equal(opts->u.kids[0].key, "a");
    const weft_node *b = weft_node_get(opts, "b");
    assert_int_equal(b->type, WEFT_V_LIST);
    assert_int_equal(b->u.kids[0].type, WEFT_V_INT);
    assert_int_equal(b->u.kids[1].type, WEFT_V_NUM);
    const weft_node *empty = weft_node_get(opts, "empty");
    assert_int_equal(empty->type, WEFT_V_LIST);
    assert_int_equal(empty->n, 0);

    const weft_stage_spec *h = &s.stages[2];
    assert_string_equal(h->name, "headline_tone");
    assert_null(h->class_name);
    assert_int_equal(h->line, 11);
    assert_int_equal(h->params->type, WEFT_V_MAP);
    assert_int_equal(h->params->n, 0);
    assert_int_equal(h->nrequires, 2);
    assert_string_equal(h->requires[0], "sentence");
    assert_string_equal(h->requires[1], "sentiment");
    assert_int_equal(h->nprovides, 1); /* a single string is a list of one */
    assert_string_equal(h->provides[0], "attr:headline_tone");

    assert_string_equal(s.stages[3].name, "entities");
    assert_int_equal(s.stages[3].params->n, 0);
    assert_int_equal(s.stages[3].line, 18);

    weft_pipeline_spec_free(&s);
    free(src);
}

static void spec_misc(void **st) {
    (void)st;
    weft_pipeline_spec s;
    char err[512];
    /* shebang line skipped, line numbers kept; api table present */
    const char *src = "#!/usr/bin/env weft\n"
                      "assert(weft.api_version == 1 and type(weft.version) == 'string')\n"
                      "return weft.pipeline { weft.stage 'x' {} }\n";
    if (load("she.lua", src, &s, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(s.nstages, 1);
    assert_int_equal(s.stages[0].line, 3);
    assert_null(s.name);
    weft_pipeline_spec_free(&s);
    /* nil params are an empty table; an empty pipeline is valid here */
    if (load("e.lua", "return weft.pipeline { weft.stage 'x' () }", &s, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(s.stages[0].params->n, 0);
    weft_pipeline_spec_free(&s);
    if (load("e.lua", "return weft.pipeline { }", &s, err, sizeof err) != 0) fail_msg("%s", err);
    assert_int_equal(s.nstages, 0);
    weft_pipeline_spec_free(&s);
}

static void spec_errors(void **st) {
    (void)st;
    /* syntax error: path:line as Lua gives it */
    assert_prefix(load_err("syn.lua", "return weft.pipeline {\n weft.stage 'x' { a = }\n}"),
                  "syn.lua:2:");
    /* a long path is not abbreviated */
    const char *longp = "/a/very/long/path/that/lua/would/abbreviate/with/dots/in/front/of/it/"
                        "pipeline.lua";
    assert_prefix(load_err(longp, "\n\nx = = 1"), longp);
    assert_contains(load_err(longp, "\n\nx = = 1"), "pipeline.lua:3:");
    /* runtime error */
    assert_prefix(load_err("rt.lua", "local t = nil\nlocal x = t.field\n"), "rt.lua:2:");
    assert_contains(load_err("rt.lua", "local t = nil\nlocal x = t.field\n"), "nil value");
    /* error() with a table value still names the script */
    assert_prefix(load_err("tbl.lua", "error({})"), "tbl.lua: ");
    /* no traceback in load_spec messages */
    assert_null(strstr(load_err("rt.lua", "error('x')"), "traceback"));
    /* missing return */
    assert_string_equal(load_err("nr.lua", "weft.pipeline { }"),
                        "nr.lua: must return weft.pipeline { ... }");
    assert_string_equal(load_err("nr.lua", "return 42"),
                        "nr.lua: must return weft.pipeline { ... }");
    /* bad run field */
    assert_string_equal(load_err("run.lua", "return weft.pipeline {\n"
                                            "  weft.lua 'tone' { run = 5 },\n}"),
                        "run.lua:2: weft.lua 'tone': run must be a function (got number): run = "
                        "function(doc) ... end");
    assert_contains(load_err("run.lua", "return weft.pipeline { weft.lua 'tone' { } }"),
                    "run must be a function (got nil)");
    assert_contains(load_err("run.lua", "return weft.pipeline { weft.lua 'tone' { run = print, "
                                        "requires = { 1 } } }"),
                    "requires must be a list of strings");
    assert_contains(load_err("run.lua", "return weft.pipeline { weft.lua 'tone' { run = print, "
                                        "provide = 'x' } }"),
                    "unknown field 'provide'");
    /* function in params, at the top and nested */
    assert_string_equal(load_err("p.lua", "return weft.pipeline {\n\n"
                                          "  weft.stage 'x' { y = function() end },\n}"),
                        "p.lua:3: stage 'x': parameter 'y' cannot be a function");
    assert_string_equal(load_err("p.lua", "return weft.pipeline {\n"
                                          "  weft.stage 'x' { o = { list = { 1, print } } } }"),
                        "p.lua:2: stage 'x': parameter 'o.list[2]' cannot be a function");
    assert_contains(
        load_err("p.lua", "return weft.pipeline { weft.stage 'x' { t = { 1, a = 2 } } }"),
        "parameter 't' mixes list items and named keys");
    assert_contains(load_err("p.lua", "return weft.pipeline { weft.stage 'x' { t = { [1] = 1, [3] "
                                      "= 3 } } }"),
                    "parameter 't' is a list with holes");
    assert_contains(load_err("p.lua", "local t = {}; t.t = t\n"
                                      "return weft.pipeline { weft.stage 'x' { t = t } }"),
                    "nested too deeply");
    assert_contains(load_err("p.lua", "return weft.pipeline { weft.stage 'x' { 1, 2 } }"),
                    "stage 'x': parameters must be named");
    assert_contains(load_err("p.lua", "return weft.pipeline { weft.stage 'x' { as = 3 } }"),
                    "as must be a stage name");
    assert_contains(load_err("p.lua", "return weft.pipeline { weft.stage 'no good' {} }"),
                    "not a valid stage name");
    assert_contains(load_err("p.lua", "return weft.pipeline { weft.stage 'x' 'y' }"),
                    "weft.stage \"x\" takes a table");
    /* unknown pipeline fields, all named */
    const char *m = load_err("u.lua", "\nreturn weft.pipeline { nmae = 'x', stagse = {}, "
                                      "weft.stage 'x' {} }");
    assert_prefix(m, "u.lua:2: weft.pipeline: unknown fields ");
    assert_contains(m, "'nmae'");
    assert_contains(m, "'stagse'");
    assert_contains(load_err("u.lua", "return weft.pipeline { name = 3 }"),
                    "name must be a string");
    /* a stage without its table */
    assert_contains(load_err("f.lua", "return weft.pipeline { weft.stage 'x' }"),
                    "did you forget the { ... }");
    assert_contains(load_err("f.lua", "return weft.pipeline { 'x' }"), "item 1 is a string");
    /* duplicate instance names name both lines */
    assert_string_equal(load_err("d.lua", "return weft.pipeline {\n"
                                          "  weft.stage 'entities' {},\n"
                                          "  weft.stage 'tokenizer' {},\n"
                                          "  weft.stage 'entities' {},\n}"),
                        "d.lua:4: duplicate stage name 'entities' (first used at d.lua:2); give "
                        "one of them another name with as = \"...\"");
    assert_contains(load_err("d.lua", "return weft.pipeline {\n"
                                      "  weft.stage 'a' { as = 'tone' },\n"
                                      "  weft.lua 'tone' { run = print } }"),
                    "d.lua:3: duplicate stage name 'tone' (first used at d.lua:2)");
}

static void spec_bytecode_rejected(void **st) {
    (void)st;
    /* a compiled chunk as the script */
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    assert_int_equal(luaL_dostring(L, "return string.dump(function() return 1 end)"), LUA_OK);
    size_t n;
    const char *bc = lua_tolstring(L, -1, &n);
    weft_pipeline_spec s;
    char err[512];
    weft_lua_limits l = limits(16, 1000000);
    assert_int_not_equal(weft_lua_load_spec("bc.lua", bc, n, &l, &s, err, sizeof err), 0);
    assert_prefix(err, "bc.lua: ");
    assert_contains(err, "binary chunk");
    lua_close(L);
    /* and through load() inside the sandbox; text still loads */
    const char *src = "local f = load(string.dump(function() return 1 end))\n"
                      "assert(f == nil, 'binary chunk loaded')\n"
                      "local g = load(string.dump(function() return 1 end), 'x', 'b')\n"
                      "assert(g == nil, 'binary chunk loaded with mode b')\n"
                      "assert(load('return 1 + 1')() == 2)\n"
                      "local env = { y = 5 }\n"
                      "assert(load('return y', 'c', 't', env)() == 5)\n"
                      "return weft.pipeline { }";
    if (load("bc2.lua", src, &s, err, sizeof err) != 0) fail_msg("%s", err);
    weft_pipeline_spec_free(&s);
}

/* ------------------------------------------------------------------------ */
/* Sandbox and limits                                                        */

static void sandbox_default(void **st) {
    (void)st;
    weft_pipeline_spec s;
    char err[512];
    const char *src =
        "for _, name in ipairs { 'os', 'io', 'require', 'dofile', 'loadfile', 'debug',\n"
        "                        'package' } do\n"
        "  assert(_G[name] == nil, name .. ' is reachable')\n"
        "end\n"
        "assert(string.dump and table.concat and math.floor and utf8.char and coroutine.wrap)\n"
        "assert(type(collectgarbage('count')) == 'number')\n"
        "assert(not pcall(collectgarbage, 'stop'))\n"
        "assert(not pcall(collectgarbage))\n"
        "assert(getmetatable(setmetatable({}, { __index = {} })))\n"
        "local ok, e = pcall(setmetatable, {}, { __gc = function() while true do end end })\n"
        "assert(not ok and e:find('__gc'), e)\n"
        "return weft.pipeline { }";
    if (load("sb.lua", src, &s, err, sizeof err) != 0) fail_msg("%s", err);
    weft_pipeline_spec_free(&s);
    /* the error a script sees */
    assert_contains(load_err("sb.lua", "os.execute('true')"), "global 'os'");
    assert_contains(load_err("sb.lua", "local f = io.open('/etc/passwd')"), "global 'io'");
    assert_contains(load_err("sb.lua", "require('x')"), "global 'require'");

    /* unsafe opens everything */
    weft_lua_limits l = limits(16, 1000000);
    l.unsafe = 1;
    src = "assert(os and io and require and debug and package and dofile)\n"
          "return weft.pipeline { }";
    if (weft_lua_load_spec("u.lua", src, strlen(src), &l, &s, err, sizeof err) != 0)
        fail_msg("%s", err);
    weft_pipeline_spec_free(&s);
}

static const char *limits_script =
    "return weft.pipeline {\n"
    "  weft.lua 'bomb' {\n"
    "    run = function(doc)\n"
    "      local id = doc.id\n"
    "      if id == 'loop' then while true do end end\n"
    "      if id == 'pcall-loop' then\n"
    "        while true do pcall(function() while true do end end) end\n"
    "      end\n"
    "      if id == 'rep' then local s = string.rep('x', 1 << 30) end\n"
    "      if id == 'table' then local t = {} for i = 1, 1e9 do t[i] = i end end\n"
    "      if id == 'keep' then _G.kept = {} for i = 1, 1e9 do _G.kept[i] = i end end\n"
    "      if id == 'co' then coroutine.wrap(function() while true do end end)() end\n"
    "      if id == 'error' then local x = nil; return x.field end\n"
    "      if id == 'caught' then\n"
    "        local ok, e = pcall(string.rep, 'x', 1 << 30)\n"
    "        error('could not build it: ' .. tostring(e))\n"
    "      end\n"
    "      _G.kept = nil\n"
    "      doc:set('ok', true)\n"
    "    end,\n"
    "  },\n"
    "}\n";

static void budget_stops_loops(void **st) {
    (void)st;
    fx f;
    weft_lua_limits l = limits(16, 2000000);
    fx_open(&f, "lim.lua", limits_script, &l);
    assert_int_equal(fx_run(&f, 0, "loop", "text"), WEFT_ELIMIT);
    assert_int_equal(f.err.code, WEFT_ELIMIT);
    assert_prefix(f.err.msg, "in stage 'bomb' on document 'loop': lim.lua:5: instruction budget of "
                             "2000000 exceeded (an endless loop, or a walk over a very large "
                             "document? weft_options.lua_budget raises it, 0 lifts it)");
    assert_int_equal(fx_run(&f, 0, "fine", "text"), WEFT_OK);
    assert_non_null(attr(f.d, "ok"));
    /* a script that swallows the error with pcall still stops */
    assert_int_equal(fx_run(&f, 0, "pcall-loop", "text"), WEFT_ELIMIT);
    assert_contains(f.err.msg, "instruction budget");
    assert_int_equal(fx_run(&f, 0, "fine", "text"), WEFT_OK);
    /* and inside a coroutine */
    assert_int_equal(fx_run(&f, 0, "co", "text"), WEFT_ELIMIT);
    assert_contains(f.err.msg, "lim.lua:12: instruction budget of 2000000 exceeded");
    assert_int_equal(fx_run(&f, 0, "fine", "text"), WEFT_OK);
    fx_close(&f);

    /* at evaluation time too */
    weft_pipeline_spec s;
    char err[512];
    const char *src = "\nwhile true do end";
    assert_int_not_equal(weft_lua_load_spec("ev.lua", src, strlen(src), &l, &s, err, sizeof err),
                         0);
    assert_string_equal(err, "ev.lua:2: instruction budget of 2000000 exceeded (an endless loop, "
                             "or a walk over a very large document? weft_options.lua_budget "
                             "raises it, 0 lifts it)");
}

static void memory_cap(void **st) {
    (void)st;
    fx f;
    weft_lua_limits l = limits(8, 0); /* no budget: only memory stops these */
    fx_open(&f, "lim.lua", limits_script, &l);
    /* the message says the limit was hit, in which stage and on which
     * document, however the error reached the core (a script that caught
     * it and raised its own error included) */
    const char *ids[] = {"rep", "table", "keep", "caught"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(fx_run(&f, 0, ids[i], "text"), WEFT_ENOMEM);
        char want[256];
        snprintf(want, sizeof want,
                 "Lua memory limit of 8 MiB reached in stage 'bomb' on document '%s' (run "
                 "function at lim.lua:3) (weft_options.lua_memory raises it)",
                 ids[i]);
        assert_string_equal(f.err.msg, want);
        assert_int_equal(fx_run(&f, 0, "fine", "text"), WEFT_OK);
        assert_non_null(attr(f.d, "ok"));
    }
    fx_close(&f);

    weft_pipeline_spec s;
    char err[512];
    const char *src = "local s = string.rep('x', 1 << 30)";
    assert_int_not_equal(weft_lua_load_spec("ev.lua", src, strlen(src), &l, &s, err, sizeof err),
                         0);
    assert_string_equal(err,
                        "ev.lua: Lua memory limit of 8 MiB reached while evaluating the script "
                        "(weft_options.lua_memory raises it)");
    /* a cap too small for the state itself fails cleanly */
    l.mem_limit = 1024;
    assert_int_not_equal(weft_lua_load_spec("ev.lua", src, strlen(src), &l, &s, err, sizeof err),
                         0);
    assert_contains(err, "ev.lua");
}

static void stage_error_then_next_doc(void **st) {
    (void)st;
    fx f;
    weft_lua_limits l = limits(16, 1000000);
    fx_open(&f, "lim.lua", limits_script, &l);
    assert_int_equal(fx_run(&f, 0, "error", "text"), WEFT_EINVAL);
    assert_int_equal(f.err.code, WEFT_EINVAL);
    assert_int_equal(f.err.offset, -1);
    assert_prefix(f.err.msg, "lim.lua:13: attempt to index a nil value (local 'x')");
    assert_contains(f.err.msg, "stack traceback:");
    assert_contains(f.err.msg, "lim.lua:13: in function <lim.lua:3>");
    assert_int_equal(fx_run(&f, 0, "doc2", "text"), WEFT_OK);
    assert_non_null(attr(f.d, "ok"));
    fx_close(&f);

    /* a path longer than Lua's chunk ids, repeated in the traceback: the
     * message keeps the whole path and is cut on a line boundary */
    char path[400];
    memset(path, 'd', sizeof path);
    path[0] = '/';
    memcpy(path + sizeof path - 10, "/deep.lua", 10);
    fx_open(&f, path, limits_script, &l);
    assert_int_equal(fx_run(&f, 0, "error", "text"), WEFT_EINVAL);
    assert_true(strlen(f.err.msg) < sizeof f.err.msg);
    assert_prefix(f.err.msg, path);
    assert_contains(f.err.msg, "deep.lua:13: attempt to index a nil value");
    assert_null(strstr(f.err.msg, "..."));
    fx_close(&f);
    fx_open(&f, "lim.lua", limits_script, &l);
    /* not an inline stage */
    assert_int_equal(fx_run(&f, 5, "doc3", "text"), WEFT_EINVAL);
    assert_contains(f.err.msg, "not an inline Lua stage");
    fx_close(&f);
}

static void worker_mismatch(void **st) {
    (void)st;
    weft_pipeline_spec s;
    char err[512];
    if (load("a.lua", "return weft.pipeline { weft.stage 'a' {} }", &s, err, sizeof err) != 0)
        fail_msg("%s", err);
    weft_lua_limits l = limits(16, 1000000);
    const char *other = "return weft.pipeline { weft.stage 'b' {} }";
    assert_null(weft_lua_new(&l, "a.lua", other, strlen(other), &s, err, sizeof err));
    assert_contains(err, "when the script is evaluated again");
    other = "return weft.pipeline { weft.stage 'a' {}, weft.stage 'b' {} }";
    assert_null(weft_lua_new(&l, "a.lua", other, strlen(other), &s, err, sizeof err));
    assert_contains(err, "2 stages when evaluated again, 1 the first time");
    weft_pipeline_spec_free(&s);
}

/* ------------------------------------------------------------------------ */
/* The document API                                                          */

static void stale_handle(void **st) {
    (void)st;
    const char *src = "local kept, iter\n"
                      "return weft.pipeline {\n"
                      "  weft.lua 'keeper' {\n"
                      "    run = function(doc)\n"
                      "      if doc.id == 'use-now' then return kept:text() end\n"
                      "      if kept then\n"
                      "        local ok, e = pcall(kept.text, kept)\n"
                      "        doc:set('stale', e)\n"
                      "        ok, e = pcall(iter)\n"
                      "        doc:set('stale_iter', e)\n"
                      "        doc:set('str', tostring(kept))\n"
                      "      end\n"
                      "      kept = doc\n"
                      "      iter = doc:each('token')\n"
                      "    end,\n"
                      "  },\n"
                      "}\n";
    fx f;
    weft_lua_limits l = limits(16, 1000000);
    fx_open(&f, "st.lua", src, &l);
    assert_int_equal(fx_run(&f, 0, "one", "a"), WEFT_OK);
    assert_int_equal(fx_run(&f, 0, "two", "b"), WEFT_OK);
    const weft_value *v = attr(f.d, "stale");
    assert_non_null(v);
    assert_int_equal(v->type, WEFT_V_STR);
    assert_string_equal(v->u.str, "document handle used after its stage returned (stage 'keeper')");
    v = attr(f.d, "stale_iter");
    assert_non_null(v);
    assert_string_equal(v->u.str, "document handle used after its stage returned (stage 'keeper')");
    assert_string_equal(attr(f.d, "str")->u.str, "weft.doc (expired)");
    /* unprotected use fails the stage with the message */
    assert_int_equal(fx_run(&f, 0, "use-now", "c"), WEFT_EINVAL);
    assert_prefix(f.err.msg, "st.lua:5: document handle used after its stage returned (stage "
                             "'keeper')");
    fx_close(&f);
}

static void add_ann(weft_doc *d, const char *layer, uint32_t b, uint32_t e, const char *label,
                    float score) {
    const char *why = NULL;
    weft_sym ls = weft_doc_sym(d, layer, strlen(layer));
    weft_sym lab = label ? weft_doc_sym(d, label, strlen(label)) : 0;
    int64_t i = weft_doc_add(d, ls, b, e, lab, score, &why);
    if (i < 0) fail_msg("add %s %u..%u: %s", layer, b, e, why);
}

static void set_ann_attr(weft_doc *d, const char *layer, int64_t idx, const char *key,
                         weft_value v) {
    weft_sym ls = weft_doc_sym(d, layer, strlen(layer));
    assert_int_equal(weft_doc_ann_set(d, ls, idx, weft_doc_sym(d, key, strlen(key)), &v), WEFT_OK);
}

static void doc_api(void **st) {
    (void)st;
    size_t len;
    char *src = slurp("tests/lua/doc_api.lua", &len);
    fx f;
    weft_lua_limits l = limits(16, 10000000);
    fx_open(&f, "tests/lua/doc_api.lua", src, &l);
    weft_doc *d = f.d;
    weft_doc_reset(d);
    weft_doc_set_id(d, "doc-1");
    const char *text = "Hello big world. Zo\xc3\xab is here.";
    assert_int_equal(strlen(text), 30);
    weft_doc_set_raw(d, text, strlen(text), 0);
    add_ann(d, "sentence", 0, 16, NULL, NAN);
    add_ann(d, "sentence", 17, 30, NULL, NAN);
    static const struct {
        uint32_t b, e;
        const char *kind;
    } toks[] = {{0, 5, "word"},   {6, 9, "word"},   {10, 15, "word"}, {15, 16, "punct"},
                {17, 21, "word"}, {22, 24, "word"}, {25, 29, "word"}, {29, 30, "punct"}};
    for (size_t i = 0; i < 8; i++) add_ann(d, "token", toks[i].b, toks[i].e, toks[i].kind, NAN);
    weft_value v = {.type = WEFT_V_STR, .len = 5, .u.str = "hello"};
    set_ann_attr(d, "token", 0, "lemma", v);
    set_ann_attr(d, "token", 1, "n", (weft_value){.type = WEFT_V_INT, .u.i = 2});
    set_ann_attr(d, "token", 1, "flag", (weft_value){.type = WEFT_V_BOOL, .u.b = 1});
    set_ann_attr(d, "token", 1, "w", (weft_value){.type = WEFT_V_NUM, .u.d = 0.5});
    add_ann(d, "sentiment", 0, 5, NULL, 0.25f);
    add_ann(d, "sentiment", 6, 9, NULL, NAN);
    add_ann(d, "sentiment", 10, 15, NULL, 0.75f);
    v = (weft_value){.type = WEFT_V_STR, .len = 2, .u.str = "en"};
    weft_doc_attr_set(d, weft_doc_sym(d, "lang", 4), &v);
    v = (weft_value){.type = WEFT_V_INT, .u.i = 42};
    weft_doc_attr_set(d, weft_doc_sym(d, "n", 1), &v);

    int rc = weft_lua_run_stage(f.L, 0, d, &f.err);
    if (rc != WEFT_OK) fail_msg("doc_api.lua: %s", f.err.msg);

    const weft_value *a = attr(d, "flag");
    assert_int_equal(a->type, WEFT_V_BOOL);
    assert_true(a->u.b);
    a = attr(d, "count");
    assert_int_equal(a->type, WEFT_V_INT);
    assert_int_equal(a->u.i, 7);
    a = attr(d, "ratio");
    assert_int_equal(a->type, WEFT_V_NUM);
    assert_true(a->u.d == 0.25);
    a = attr(d, "label");
    assert_int_equal(a->type, WEFT_V_STR);
    assert_int_equal(a->len, 2);
    assert_memory_equal(a->u.str, "ok", 2);
    assert_null(attr(d, "nothing"));

    assert_int_equal(weft_doc_sort_layers(d), WEFT_OK);
    weft_layer *ents = weft_doc_layer(d, weft_doc_sym_find(d, "ents", 4));
    assert_non_null(ents);
    assert_int_equal(ents->view, WEFT_SYM_RAW);
    assert_int_equal(ents->n, 2);
    const weft_ann *per = &ents->a[1];
    assert_int_equal(per->begin, 17);
    assert_int_equal(per->end, 21);
    assert_string_equal(weft_doc_sym_name(d, per->label), "PER");
    assert_true(per->score == 0.5f);
    assert_true(isnan(ents->a[0].score));
    const weft_attr *at;
    assert_int_equal(weft_doc_ann_attrs(d, per, &at), 4);
    int seen = 0;
    for (int i = 0; i < 4; i++) {
        const char *k = weft_doc_sym_name(d, at[i].key);
        if (strcmp(k, "gender") == 0) {
            assert_int_equal(at[i].value.type, WEFT_V_STR);
            assert_memory_equal(at[i].value.u.str, "f", 1);
            seen |= 1;
        } else if (strcmp(k, "rank") == 0) {
            assert_int_equal(at[i].value.type, WEFT_V_INT);
            assert_int_equal(at[i].value.u.i, 1);
            seen |= 2;
        } else if (strcmp(k, "known") == 0) {
            assert_int_equal(at[i].value.type, WEFT_V_BOOL);
            seen |= 4;
        } else if (strcmp(k, "w") == 0) {
            assert_int_equal(at[i].value.type, WEFT_V_NUM);
            assert_true(at[i].value.u.d == 1.5);
            seen |= 8;
        }
    }
    assert_int_equal(seen, 15);
    fx_close(&f);
    free(src);
}

/* Labels are cached per Lua state by symbol id: a name of the engine's table
 * keeps its id for the life of the state, a document-local one does not (the
 * next document may give the same id to another name), so reading a local
 * label must never come from the cache. */
static void records_label_cache(void **st) {
    (void)st;
    const char *src = "local kept\n"
                      "return weft.pipeline {\n"
                      "  weft.lua 'labels' {\n"
                      "    run = function(doc)\n"
                      "      if kept then\n"
                      "        local ok, e = pcall(kept.label, kept, 1)\n"
                      "        doc:set('stale', e)\n"
                      "      end\n"
                      "      local v, out = doc:records('token'), {}\n"
                      "      kept = v\n"
                      "      for k = 1, #v do out[#out + 1] = v:label(k) end\n"
                      "      for t in doc:each('token') do out[#out + 1] = t.label end\n"
                      "      for t in doc:each('token') do out[#out + 1] = next(t.attrs) end\n"
                      "      doc:set('labels', table.concat(out, ','))\n"
                      "    end,\n"
                      "  },\n"
                      "}\n";
    fx f;
    weft_lua_limits l = limits(16, 1000000);
    fx_open(&f, "cache.lua", src, &l);
    assert_true(weft_symtab_intern(f.g, "word", 4) != 0); /* global */
    static const char *const local[2] = {"alpha", "beta"};
    weft_sym ids[2];
    for (int n = 0; n < 2; n++) {
        weft_doc *d = f.d;
        weft_doc_reset(d);
        weft_doc_set_id(d, local[n]);
        weft_doc_set_raw(d, "ab cd", 5, 0);
        add_ann(d, "token", 0, 2, "word", NAN);
        add_ann(d, "token", 3, 5, local[n], NAN);
        set_ann_attr(d, "token", 0, "word", (weft_value){.type = WEFT_V_INT, .u.i = 1});
        set_ann_attr(d, "token", 1, local[n], (weft_value){.type = WEFT_V_INT, .u.i = 1});
        ids[n] = weft_doc_sym_find(d, local[n], strlen(local[n]));
        int rc = weft_lua_run_stage(f.L, 0, d, &f.err);
        if (rc != WEFT_OK) fail_msg("cache.lua: %s", f.err.msg);
        char want[128];
        snprintf(want, sizeof want, "word,%s,word,%s,word,%s", local[n], local[n], local[n]);
        assert_string_equal(attr(d, "labels")->u.str, want);
    }
    assert_int_equal(ids[0], ids[1]); /* the case the cache must not get wrong */
    assert_string_equal(attr(f.d, "stale")->u.str,
                        "document handle used after its stage returned (stage 'labels')");
    fx_close(&f);
}

/* doc:each's lazy records behave as the plain tables doc:layer makes:
 * fields, pairs, the raw functions, writes, nested loops, a layer the stage
 * grows mid-walk, and records kept past their stage (tests/lua/lazy_records.lua
 * checks each in Lua, over two documents). */
static void each_lazy_records(void **st) {
    (void)st;
    size_t len;
    char *src = slurp("tests/lua/lazy_records.lua", &len);
    fx f;
    weft_lua_limits l = limits(16, 1000000);
    fx_open(&f, "tests/lua/lazy_records.lua", src, &l);
    for (int n = 1; n <= 2; n++) {
        int rc = fx_run(&f, 0, n == 1 ? "one" : "two", "Hello world! Bye.");
        if (rc != WEFT_OK) fail_msg("lazy_records.lua: %s", f.err.msg);
        const weft_value *v = attr(f.d, "checked");
        assert_non_null(v);
        assert_int_equal(v->u.i, n);
    }
    fx_close(&f);
    free(src);
}

/* doc:each over 400,000 records under a 16 MiB limit: a copy of the whole
 * layer for its lazy records needed more than that (tests/lua/each_big.lua
 * checks the records, kept ones and walks inside windows too). */
static void each_big_layer(void **st) {
    (void)st;
    size_t len;
    char *src = slurp("tests/lua/each_big.lua", &len);
    fx f;
    weft_lua_limits l = limits(16, 0);
    fx_open(&f, "tests/lua/each_big.lua", src, &l);
    enum { N = 400000 };
    char *text = malloc(3 * N + 1);
    assert_non_null(text);
    for (size_t i = 0; i < N; i++) memcpy(text + 3 * i, "xy ", 3);
    text[3 * N] = '\0';
    weft_symtab_intern(f.g, "w", 1);
    weft_doc_reset(f.d);
    assert_int_equal(weft_doc_set_id(f.d, "big"), WEFT_OK);
    assert_int_equal(weft_doc_set_raw(f.d, text, 3 * N, 1), WEFT_OK);
    for (uint32_t i = 0; i < N; i++) add_ann(f.d, "token", 3 * i, 3 * i + 2, "w", NAN);
    int rc = weft_lua_run_stage(f.L, 0, f.d, &f.err);
    if (rc != WEFT_OK) fail_msg("each_big.lua: %s", f.err.msg);
    const weft_value *v = attr(f.d, "n");
    assert_non_null(v);
    assert_int_equal(v->u.i, N);
    fx_close(&f);
    free(text);
    free(src);
}

static void design_example(void **st) {
    (void)st;
    size_t len;
    char *src = slurp("tests/lua/good.lua", &len);
    fx f;
    weft_lua_limits l = limits(16, 1000000);
    fx_open(&f, "tests/lua/good.lua", src, &l);
    weft_doc_reset(f.d);
    weft_doc_set_raw(f.d, "Good news. Bad.", 15, 0);
    add_ann(f.d, "sentence", 0, 10, NULL, NAN);
    add_ann(f.d, "sentiment", 0, 4, NULL, 1.0f);
    add_ann(f.d, "sentiment", 5, 9, NULL, 0.5f);
    assert_int_equal(weft_lua_run_stage(f.L, 2, f.d, &f.err), WEFT_OK);
    const weft_value *v = attr(f.d, "headline_tone");
    assert_non_null(v);
    assert_int_equal(v->type, WEFT_V_NUM);
    assert_true(v->u.d == 0.75);
    /* no sentiment inside: score_within is nil and doc:set(k, nil) sets nothing */
    assert_int_equal(fx_run(&f, 2, "x", "No scores."), WEFT_OK);
    assert_null(attr(f.d, "headline_tone"));
    /* plugin stages have no run function here */
    assert_int_equal(weft_lua_run_stage(f.L, 0, f.d, &f.err), WEFT_EINVAL);
    fx_close(&f);
    free(src);
}

static void noop_overhead(void **st) {
    (void)st;
    const char *src = "return weft.pipeline { weft.lua 'noop' { run = function(doc) end } }";
    fx f;
    weft_lua_limits l = limits(16, 1000000);
    fx_open(&f, "noop.lua", src, &l);
    weft_doc_reset(f.d);
    weft_doc_set_raw(f.d, "x", 1, 0);
    const int n = 200000;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++) assert_int_equal(weft_lua_run_stage(f.L, 0, f.d, &f.err), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / n;
    print_message("no-op inline stage: %.0f ns per call\n", ns);
    fx_close(&f);
}

/* The allocator: blocks keep their bytes when they grow or shrink across the
 * small/large boundary, freed small blocks are reused, the limit holds, and
 * what Lua holds is counted back to zero. */
static void lua_allocator(void **state) {
    (void)state;
    wl_mem m;
    memset(&m, 0, sizeof m);
    enum { N = 64 };
    unsigned char *p[N];
    size_t sz[N];
    for (int i = 0; i < N; i++) {
        sz[i] = (size_t)(i * 37 % 700) + 1;
        p[i] = wl_alloc(&m, NULL, 0, sz[i]);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % 16, 0);
        memset(p[i], i, sz[i]);
    }
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < N; i++) {
            size_t nsz = (size_t)((i * 53 + round * 101) % 900) + 1;
            unsigned char *q = wl_alloc(&m, p[i], sz[i], nsz);
            assert_non_null(q);
            size_t keep = sz[i] < nsz ? sz[i] : nsz;
            for (size_t k = 0; k < keep; k++) assert_int_equal(q[k], (unsigned char)i);
            memset(q, i, nsz);
            p[i] = q;
            sz[i] = nsz;
        }
    size_t used = 0;
    for (int i = 0; i < N; i++) used += sz[i];
    assert_int_equal(m.used, used);
    for (int i = 0; i < N; i++) assert_null(wl_alloc(&m, p[i], sz[i], 0));
    assert_int_equal(m.used, 0);
    /* a freed small block is the next one of its class */
    void *small = wl_alloc(&m, NULL, 0, 40);
    assert_non_null(small);
    assert_null(wl_alloc(&m, small, 40, 0));
    assert_ptr_equal(wl_alloc(&m, NULL, 0, 33), small);
    /* the limit: growth past it fails, a shrink never does */
    m.used = 0;
    m.limit = 1000;
    void *a = wl_alloc(&m, NULL, 0, 900);
    assert_non_null(a);
    assert_null(wl_alloc(&m, NULL, 0, 200));
    assert_int_equal(m.hit, 1);
    assert_non_null(wl_alloc(&m, a, 900, 10));
    wl_mem_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spec_good_script),
        cmocka_unit_test(spec_misc),
        cmocka_unit_test(spec_errors),
        cmocka_unit_test(spec_bytecode_rejected),
        cmocka_unit_test(sandbox_default),
        cmocka_unit_test(budget_stops_loops),
        cmocka_unit_test(memory_cap),
        cmocka_unit_test(lua_allocator),
        cmocka_unit_test(stage_error_then_next_doc),
        cmocka_unit_test(worker_mismatch),
        cmocka_unit_test(stale_handle),
        cmocka_unit_test(doc_api),
        cmocka_unit_test(design_example),
        cmocka_unit_test(noop_overhead),
        cmocka_unit_test(records_label_cache),
        cmocka_unit_test(each_lazy_records),
        cmocka_unit_test(each_big_layer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
