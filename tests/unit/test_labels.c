/*
 * Label vocabularies: what a stage declares it writes into a layer and
 * expects of one it reads, checked when a pipeline is built (weft check),
 * for C classes (built-in descriptors defined here), inline Lua stages, and
 * classes of ABI 1.0's size, whose label fields must never be read; and the
 * registry's validation of malformed declarations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine.h"
#include "labels.h"

static int noop(const weft_host *h, void *s, weft_doc *d, weft_error *e) {
    (void)h, (void)s, (void)d, (void)e;
    return 0;
}

static const char *const token_only[] = {"token", NULL};

/* prov_renamed: a tokenizer that calls numbers "num" */
static const char *const renamed[] = {"word", "num", "punct", NULL};
static const weft_labels renamed_rows[] = {{"token", renamed}, {NULL, NULL}};
static const weft_stage_class prov_renamed = {.size = sizeof(weft_stage_class),
                                              .name = "prov_renamed",
                                              .provides = token_only,
                                              .provides_labels = renamed_rows,
                                              .process = noop};
/* prov_full: word and number */
static const char *const full[] = {"word", "number", NULL};
static const weft_labels full_rows[] = {{"token", full}, {NULL, NULL}};
static const weft_stage_class prov_full = {.size = sizeof(weft_stage_class),
                                           .name = "prov_full",
                                           .provides = token_only,
                                           .provides_labels = full_rows,
                                           .process = noop};
/* prov_silent: declares nothing */
static const weft_stage_class prov_silent = {.size = sizeof(weft_stage_class),
                                             .name = "prov_silent",
                                             .provides = token_only,
                                             .process = noop};
/* prov_open: "word" and others */
static const char *const open_[] = {"word", "*", NULL};
static const weft_labels open_rows[] = {{"token", open_}, {NULL, NULL}};
static const weft_stage_class prov_open = {.size = sizeof(weft_stage_class),
                                           .name = "prov_open",
                                           .provides = token_only,
                                           .provides_labels = open_rows,
                                           .process = noop};
/* prov_bare: records without labels */
static const char *const none[] = {NULL};
static const weft_labels bare_rows[] = {{"token", none}, {NULL, NULL}};
static const weft_stage_class prov_bare = {.size = sizeof(weft_stage_class),
                                           .name = "prov_bare",
                                           .provides = token_only,
                                           .provides_labels = bare_rows,
                                           .process = noop};
/* cons: reads words and numbers */
static const weft_labels want_rows[] = {{"token", full}, {NULL, NULL}};
static const weft_stage_class cons = {.size = sizeof(weft_stage_class),
                                      .name = "cons",
                                      .requires = token_only,
                                      .requires_labels = want_rows,
                                      .process = noop};
/* old_prov, old_cons: built against ABI 1.0, so their size ends before the
 * label fields; what lies there (garbage here) must never be read. */
static const weft_stage_class old_prov = {.size = offsetof(weft_stage_class, provides_labels),
                                          .name = "old_prov",
                                          .provides = token_only,
                                          .provides_labels = (const weft_labels *)(uintptr_t)8,
                                          .requires_labels = (const weft_labels *)(uintptr_t)8,
                                          .process = noop};
static const weft_stage_class old_cons = {.size = offsetof(weft_stage_class, provides_labels),
                                          .name = "old_cons",
                                          .requires = token_only,
                                          .provides_labels = (const weft_labels *)(uintptr_t)8,
                                          .requires_labels = (const weft_labels *)(uintptr_t)8,
                                          .process = noop};

static const weft_stage_class *const lab_stages[] = {&prov_renamed, &prov_full, &prov_silent,
                                                     &prov_open,    &prov_bare, &cons,
                                                     &old_prov,     &old_cons,  NULL};
static const weft_plugin lab_plugin = {WEFT_PLUGIN_HEADER, .name = "lab", .version = "1",
                                       .stages = lab_stages};

typedef struct fx {
    weft_engine *e;
    char err[1024];
} fx;

static int setup(void **st) {
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->e = weft_engine_new();
    assert_non_null(f->e);
    if (weft_registry_add_builtin(&f->e->reg, &lab_plugin, f->err, sizeof f->err) != 0)
        fail_msg("%s", f->err);
    *st = f;
    return 0;
}

static int teardown(void **st) {
    fx *f = *st;
    weft_engine_free(f->e);
    free(f);
    return 0;
}

/* 0 when `weft check` of the script passes; else the message is in f->err. */
static int check(fx *f, const char *src) {
    f->err[0] = '\0';
    weft_pipeline *p =
        weft_pipeline_build(f->e, "test.lua", src, strlen(src), NULL, 0, 1, f->err, sizeof f->err);
    if (!p) return -1;
    weft_pipeline_free(p);
    return 0;
}

static void pass(fx *f, const char *src) {
    if (check(f, src) != 0) fail_msg("expected to pass: %s\n%s", f->err, src);
}

static void fails(fx *f, const char *src, const char *msg) {
    if (check(f, src) == 0) fail_msg("expected to fail: %s", src);
    if (!strstr(f->err, msg)) fail_msg("message '%s' lacks '%s'", f->err, msg);
}

static void c_stages(void **st) {
    fx *f = *st;
    fails(f,
          "return weft.pipeline {\n"
          "  weft.stage \"prov_renamed\" {},\n"
          "  weft.stage \"cons\" {},\n"
          "}\n",
          "test.lua:3: stage 'cons': expects label 'number' in layer 'token', which stage "
          "'prov_renamed' (plugin lab, test.lua:2) does not write (its labels: word, num, punct)");
    pass(f, "return weft.pipeline { weft.stage \"prov_full\" {}, weft.stage \"cons\" {} }");
    /* no declaration: no failure */
    pass(f, "return weft.pipeline { weft.stage \"prov_silent\" {}, weft.stage \"cons\" {} }");
    pass(f, "return weft.pipeline { weft.stage \"prov_open\" {}, weft.stage \"cons\" {} }");
    fails(f, "return weft.pipeline { weft.stage \"prov_bare\" {}, weft.stage \"cons\" {} }",
          "expects label 'word' in layer 'token', which stage 'prov_bare' (plugin lab, "
          "test.lua:1) does not write (its labels: none: its records carry no label)");
    /* records are added to a layer, never taken away: its labels are those
     * of every earlier stage that writes it, in either order */
    pass(f, "return weft.pipeline { weft.stage \"prov_renamed\" {}, weft.stage \"prov_full\" {}, "
            "weft.stage \"cons\" {} }");
    pass(f, "return weft.pipeline { weft.stage \"prov_full\" {}, weft.stage \"prov_renamed\" {}, "
            "weft.stage \"cons\" {} }");
    /* none of several writes it: each is named with its labels */
    fails(f,
          "return weft.pipeline { weft.stage \"prov_renamed\" {},\n"
          "  weft.lua \"more\" { provides = { token = { \"tag\" } }, run = function() end },\n"
          "  weft.stage \"cons\" {} }",
          "test.lua:3: stage 'cons': expects label 'number' in layer 'token', which none of the "
          "earlier stages that write it writes (stage 'prov_renamed' (plugin lab, test.lua:1): "
          "word, num, punct; stage 'more' (inline Lua, test.lua:2): tag)");
    /* an instance name is what the message names */
    fails(f,
          "return weft.pipeline { weft.stage \"prov_renamed\" { as = \"tok2\" }, "
          "weft.stage \"cons\" { as = \"reader\" } }",
          "stage 'reader': expects label 'number' in layer 'token', which stage 'tok2'");
}

static void old_size_classes(void **st) {
    fx *f = *st;
    assert_null(weft_class_provides_labels(&old_prov));
    assert_null(weft_class_requires_labels(&old_cons));
    assert_non_null(weft_class_provides_labels(&prov_full));
    pass(f, "return weft.pipeline { weft.stage \"old_prov\" {}, weft.stage \"cons\" {} }");
    pass(f, "return weft.pipeline { weft.stage \"prov_renamed\" {}, weft.stage \"old_cons\" {} }");
    pass(f, "return weft.pipeline { weft.stage \"old_prov\" {}, weft.stage \"old_cons\" {} }");
}

static void lua_stages(void **st) {
    fx *f = *st;
    /* an inline provider declares with layer = { labels } in provides */
    fails(f,
          "return weft.pipeline {\n"
          "  weft.lua \"mytok\" { provides = { token = { \"word\", \"num\" } }, run = function() "
          "end },\n"
          "  weft.stage \"cons\" {},\n"
          "}\n",
          "test.lua:3: stage 'cons': expects label 'number' in layer 'token', which stage "
          "'mytok' (inline Lua, test.lua:2) does not write (its labels: word, num)");
    pass(f, "return weft.pipeline { weft.lua \"mytok\" { provides = { \"token\", token = { "
            "\"word\", \"number\" } }, run = function() end }, weft.stage \"cons\" {} }");
    /* keyed entries provide the layer too: no requires failure */
    pass(f, "return weft.pipeline { weft.lua \"mytok\" { provides = { token = { \"word\", "
            "\"number\", \"x\" } }, run = function() end }, weft.stage \"cons\" {} }");
    /* an inline consumer declares with layer = { labels } in requires */
    fails(f,
          "return weft.pipeline { weft.stage \"prov_renamed\" {},\n"
          "  weft.lua \"reader\" { requires = { token = { \"word\", \"symbol\" } }, run = "
          "function() end } }",
          "test.lua:2: stage 'reader': expects label 'symbol' in layer 'token', which stage "
          "'prov_renamed' (plugin lab, test.lua:1)");
    /* ... which requires the layer */
    fails(f,
          "return weft.pipeline { weft.lua \"reader\" { requires = { token = { \"word\" } }, run "
          "= function() end } }",
          "requires 'token', which no earlier stage provides");
    pass(f, "return weft.pipeline { weft.stage \"prov_silent\" {}, weft.lua \"reader\" { requires "
            "= { token = { \"anything\" } }, run = function() end } }");
    /* malformed declarations */
    fails(f,
          "return weft.pipeline { weft.lua \"x\" { provides = { token = \"word\" }, run = "
          "function() end } }",
          "weft.lua 'x': provides.token must be a list of labels");
    fails(f,
          "return weft.pipeline { weft.lua \"x\" { provides = { token = { \"\" } }, run = "
          "function() end } }",
          "provides.token must be a list of labels");
    fails(f,
          "return weft.pipeline { weft.lua \"x\" { provides = { token = { \"a\\0b\" } }, run = "
          "function() end } }",
          "provides.token must be a list of labels");
    fails(f,
          "return weft.pipeline { weft.lua \"x\" { requires = { [true] = { \"a\" } }, run = "
          "function() end } }",
          "requires must be a list of strings, with layer = { labels } entries");
}

static void declaration_checks(void **st) {
    (void)st;
    char err[512];
    const char *const provs[] = {"token", "sentence", NULL};
    const char *const kinds[] = {"word", NULL};
    const char *const empty_label[] = {"word", "", NULL};
    weft_labels rows[3] = {{"token", kinds}, {NULL, NULL}, {NULL, NULL}};
    weft_stage_class sc = {.size = sizeof sc,
                           .name = "s",
                           .provides = provs,
                           .provides_labels = rows,
                           .process = noop};
    const weft_stage_class *stages[] = {&sc, NULL};
    weft_plugin p = {WEFT_PLUGIN_HEADER, .name = "p", .stages = stages};
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), 0);
    rows[0].layer = "entity";
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), -1);
    assert_non_null(strstr(err, "stage 's': provides_labels declares labels of layer 'entity', "
                                "which it does not provide"));
    rows[0] = (weft_labels){"token", empty_label};
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), -1);
    assert_non_null(strstr(err, "layer 'token' has an empty label"));
    rows[0] = (weft_labels){"token", kinds};
    rows[1] = (weft_labels){"token", kinds};
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), -1);
    assert_non_null(strstr(err, "provides_labels names layer 'token' twice"));
    /* requires_labels may name a layer the class does not require */
    rows[1] = (weft_labels){NULL, NULL};
    sc.provides_labels = NULL;
    sc.requires_labels = rows;
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), 0);
    rows[0].layer = "";
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), -1);
    assert_non_null(strstr(err, "requires_labels: row 0 has no layer"));
    /* ABI 1.0's size: the garbage past it is not validated, so not read */
    sc.size = offsetof(weft_stage_class, provides_labels);
    sc.provides_labels = (const weft_labels *)(uintptr_t)8;
    sc.requires_labels = (const weft_labels *)(uintptr_t)8;
    assert_int_equal(weft_plugin_check(&p, err, sizeof err), 0);
}

static void helpers(void **st) {
    (void)st;
    const weft_labels *row = weft_labels_row(full_rows, "token");
    assert_ptr_equal(row, &full_rows[0]);
    assert_null(weft_labels_row(full_rows, "sentence"));
    assert_null(weft_labels_row(NULL, "token"));
    assert_true(weft_labels_admit(row, "number"));
    assert_false(weft_labels_admit(row, "num"));
    assert_true(weft_labels_admit(&open_rows[0], "anything"));
    assert_false(weft_labels_admit(&bare_rows[0], "word"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(c_stages, setup, teardown),
        cmocka_unit_test_setup_teardown(old_size_classes, setup, teardown),
        cmocka_unit_test_setup_teardown(lua_stages, setup, teardown),
        cmocka_unit_test(declaration_checks),
        cmocka_unit_test(helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
