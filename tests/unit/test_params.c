/* Unit tests: parameter validation into conf structs, text coercion,
 * did-you-mean, and checks of plugins' own tables. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "node.h"
#include "params.h"

typedef struct {
    int flag;
    int64_t count;
    double ratio;
    const char *name;
    const char *path;
    int mode;
    weft_strlist labels;
    const weft_node *extra;
} conf_t;

static const weft_param tab[] = {
    {.name = "flag", .type = WEFT_P_BOOL, .def = "true", .offset = offsetof(conf_t, flag)},
    {.name = "count",
     .type = WEFT_P_INT,
     .def = "3",
     .min = 1,
     .max = 10,
     .offset = offsetof(conf_t, count)},
    {.name = "ratio",
     .type = WEFT_P_NUM,
     .def = "0.5",
     .min = 0,
     .max = 1,
     .offset = offsetof(conf_t, ratio)},
    {.name = "name",
     .type = WEFT_P_STR,
     .flags = WEFT_PARAM_REQUIRED,
     .offset = offsetof(conf_t, name),
     .doc = "who"},
    {.name = "path", .type = WEFT_P_PATH, .def = "data/x.tsv", .offset = offsetof(conf_t, path)},
    {.name = "mode",
     .type = WEFT_P_ENUM,
     .def = "sentence",
     .choices = "sentence|document",
     .offset = offsetof(conf_t, mode)},
    {.name = "labels", .type = WEFT_P_LIST, .def = "PER,ORG", .offset = offsetof(conf_t, labels)},
    {.name = "extra", .type = WEFT_P_TABLE, .offset = offsetof(conf_t, extra)},
    {.name = NULL}};

typedef struct {
    weft_arena a;
    weft_node *map;
    char err[512];
    const char *bad; /* the parameter an error is about */
    conf_t conf;
} fx;

static int setup(void **st) {
    fx *f = calloc(1, sizeof *f);
    weft_arena_init(&f->a, 4096, 0);
    f->map = weft_node_new(&f->a, WEFT_V_MAP);
    *st = f;
    return 0;
}

static int teardown(void **st) {
    fx *f = *st;
    weft_arena_free(&f->a);
    free(f);
    return 0;
}

/* Build a MAP with n keys; each value filled by the caller. */
static weft_node *keys(fx *f, uint32_t n) {
    return weft_node_kids(&f->a, f->map, n);
}

static int apply(fx *f) {
    return weft_params_apply(tab, sizeof f->conf, f->map, &f->conf, &f->a, "/scripts", &f->bad,
                             f->err, sizeof f->err);
}

static void defaults_fill_conf(void **st) {
    fx *f = *st;
    weft_node *k = keys(f, 1);
    k[0] = (weft_node){.type = WEFT_V_STR, .n = 3, .key = "name", .u.str = "Ada"};
    assert_int_equal(apply(f), WEFT_OK);
    assert_null(f->bad);
    assert_int_equal(f->conf.flag, 1);
    assert_int_equal(f->conf.count, 3);
    assert_true(f->conf.ratio == 0.5);
    assert_string_equal(f->conf.name, "Ada");
    assert_string_equal(f->conf.path, "/scripts/data/x.tsv");
    assert_int_equal(f->conf.mode, 0);
    assert_int_equal(f->conf.labels.n, 2);
    assert_string_equal(f->conf.labels.items[1], "ORG");
    assert_null(f->conf.extra);
}

static void user_values(void **st) {
    fx *f = *st;
    weft_node *k = keys(f, 7);
    k[0] = (weft_node){.type = WEFT_V_STR, .n = 1, .key = "name", .u.str = "B"};
    k[1] = (weft_node){.type = WEFT_V_BOOL, .key = "flag", .u.b = 0};
    k[2] = (weft_node){.type = WEFT_V_NUM, .key = "count", .u.d = 7.0}; /* integral float ok */
    k[3] = (weft_node){.type = WEFT_V_INT, .key = "ratio", .u.i = 1};   /* int for a number ok */
    k[4] = (weft_node){.type = WEFT_V_STR, .n = 8, .key = "mode", .u.str = "document"};
    k[5] = (weft_node){.type = WEFT_V_STR, .n = 4, .key = "labels", .u.str = "MISC"};
    k[6] = (weft_node){.type = WEFT_V_STR, .n = 6, .key = "path", .u.str = "/abs/p"};
    assert_int_equal(apply(f), WEFT_OK);
    assert_int_equal(f->conf.flag, 0);
    assert_int_equal(f->conf.count, 7);
    assert_true(f->conf.ratio == 1.0);
    assert_int_equal(f->conf.mode, 1);
    assert_int_equal(f->conf.labels.n, 1);
    assert_string_equal(f->conf.labels.items[0], "MISC");
    assert_string_equal(f->conf.path, "/abs/p");
}

/* Found by fuzz_params: NaN (0/0 in a script) passed the range check. */
static void nan_is_refused(void **st) {
    fx *f = *st;
    weft_node *k = keys(f, 2);
    k[0] = (weft_node){.type = WEFT_V_STR, .n = 1, .key = "name", .u.str = "B"};
    k[1] = (weft_node){.type = WEFT_V_NUM, .key = "ratio", .u.d = NAN};
    assert_int_equal(apply(f), WEFT_EINVAL);
    assert_non_null(strstr(f->err, "'ratio' is not a number (NaN)"));
}

static void table_param_is_copied(void **st) {
    fx *f = *st;
    weft_node *k = keys(f, 2);
    k[0] = (weft_node){.type = WEFT_V_STR, .n = 1, .key = "name", .u.str = "B"};
    k[1] = (weft_node){.type = WEFT_V_MAP, .key = "extra"};
    weft_node *e = weft_node_kids(&f->a, &k[1], 1);
    e[0] = (weft_node){.type = WEFT_V_NUM, .key = "good", .u.d = 2.5};
    assert_int_equal(apply(f), WEFT_OK);
    assert_non_null(f->conf.extra);
    assert_ptr_not_equal(f->conf.extra, &k[1]);
    const weft_node *g = weft_node_get(f->conf.extra, "good");
    assert_non_null(g);
    assert_true(g->u.d == 2.5);
}

static void expect_error(fx *f, const char *want) {
    assert_int_equal(apply(f), WEFT_EINVAL);
    if (!strstr(f->err, want)) fail_msg("error '%s' does not contain '%s'", f->err, want);
}

static void errors_are_specific(void **st) {
    fx *f = *st;
    weft_node *k = keys(f, 2);
    k[0] = (weft_node){.type = WEFT_V_STR, .n = 1, .key = "name", .u.str = "B"};
    k[1] = (weft_node){.type = WEFT_V_INT, .key = "cuont", .u.i = 1};
    expect_error(f, "unknown parameter 'cuont' (did you mean 'count'?)");
    assert_string_equal(f->bad, "cuont");
    k[1] = (weft_node){.type = WEFT_V_INT, .key = "zzzzzz", .u.i = 1};
    expect_error(f, "unknown parameter 'zzzzzz'");
    k[1] = (weft_node){.type = WEFT_V_INT, .key = "count", .u.i = 11};
    expect_error(f, "parameter 'count' = 11 is out of range [1, 10]");
    assert_string_equal(f->bad, "count");
    k[1] = (weft_node){.type = WEFT_V_NUM, .key = "count", .u.d = 2.5};
    expect_error(f, "parameter 'count' must be an integer, not a number");
    k[1] = (weft_node){.type = WEFT_V_NUM, .key = "ratio", .u.d = -0.1};
    expect_error(f, "parameter 'ratio' = -0.1 is out of range [0, 1]");
    k[1] = (weft_node){.type = WEFT_V_STR, .n = 3, .key = "flag", .u.str = "yes"};
    expect_error(f, "parameter 'flag' must be a boolean, not a string");
    k[1] = (weft_node){.type = WEFT_V_STR, .n = 8, .key = "mode", .u.str = "sentense"};
    expect_error(f, "'sentense' is not one of sentence|document (did you mean 'sentence'?)");
    assert_string_equal(f->bad, "mode");
    k[1] = (weft_node){.type = WEFT_V_MAP, .key = "labels"};
    expect_error(f, "parameter 'labels' must be a list of strings, not a table");
    k[1] = (weft_node){.type = WEFT_V_STR, .n = 1, .key = "extra", .u.str = "x"};
    expect_error(f, "parameter 'extra' must be a table, not a string");
    k[0] = (weft_node){.type = WEFT_V_INT, .key = "count", .u.i = 2};
    k[1] = (weft_node){.type = WEFT_V_INT, .key = "count", .u.i = 2};
    expect_error(f, "missing required parameter 'name'");
    assert_string_equal(f->bad, "name");
}

static void text_coercion(void **st) {
    fx *f = *st;
    weft_node *n;
    assert_int_equal(weft_params_from_text(&tab[1], "8", &f->a, &n, f->err, sizeof f->err), 0);
    assert_int_equal(n->type, WEFT_V_INT);
    assert_int_equal(n->u.i, 8);
    assert_int_not_equal(weft_params_from_text(&tab[1], "8x", &f->a, &n, f->err, sizeof f->err), 0);
    assert_non_null(strstr(f->err, "'8x' is not an integer"));
    assert_int_equal(weft_params_from_text(&tab[0], "false", &f->a, &n, f->err, sizeof f->err), 0);
    assert_int_equal(n->u.b, 0);
    assert_int_not_equal(weft_params_from_text(&tab[0], "maybe", &f->a, &n, f->err, sizeof f->err),
                         0);
    assert_int_equal(weft_params_from_text(&tab[2], "1e-1", &f->a, &n, f->err, sizeof f->err), 0);
    assert_true(n->u.d == 0.1);
    assert_int_not_equal(weft_params_from_text(&tab[2], "nan", &f->a, &n, f->err, sizeof f->err),
                         0);
    assert_int_equal(weft_params_from_text(&tab[6], "A,,B", &f->a, &n, f->err, sizeof f->err), 0);
    assert_int_equal(n->n, 3);
    assert_string_equal(n->u.kids[2].u.str, "B");
    assert_int_not_equal(weft_params_from_text(&tab[7], "{}", &f->a, &n, f->err, sizeof f->err), 0);
}

/* A list on the command line as a script writes it: brackets, quotes,
 * spaces after commas; a list where one value goes is said to be one. */
static void text_lists(void **st) {
    fx *f = *st;
    weft_node *n;
    const weft_param *lab = &tab[6];
    assert_int_equal(weft_params_from_text(lab, "[ALPHA, BETA]", &f->a, &n, f->err, sizeof f->err),
                     0);
    assert_int_equal(n->type, WEFT_V_LIST);
    assert_int_equal(n->n, 2);
    assert_string_equal(n->u.kids[0].u.str, "ALPHA");
    assert_string_equal(n->u.kids[1].u.str, "BETA");
    assert_int_equal(n->u.kids[1].n, 4);
    /* quoted items keep commas and inner spaces; a trailing comma is Lua's */
    assert_int_equal(weft_params_from_text(lab, " [\"Rio de Janeiro\", 'x,y' ,z,] ", &f->a, &n,
                                           f->err, sizeof f->err),
                     0);
    assert_int_equal(n->n, 3);
    assert_string_equal(n->u.kids[0].u.str, "Rio de Janeiro");
    assert_string_equal(n->u.kids[1].u.str, "x,y");
    assert_string_equal(n->u.kids[2].u.str, "z");
    assert_int_equal(weft_params_from_text(lab, "{one,two}", &f->a, &n, f->err, sizeof f->err), 0);
    assert_int_equal(n->n, 2);
    assert_string_equal(n->u.kids[0].u.str, "one");
    assert_int_equal(weft_params_from_text(lab, "[]", &f->a, &n, f->err, sizeof f->err), 0);
    assert_int_equal(n->n, 0);
    assert_int_equal(weft_params_from_text(lab, "[ ]", &f->a, &n, f->err, sizeof f->err), 0);
    assert_int_equal(n->n, 0);
    /* the plain form: items trimmed, an empty one kept as before */
    assert_int_equal(weft_params_from_text(lab, "A, B", &f->a, &n, f->err, sizeof f->err), 0);
    assert_int_equal(n->n, 2);
    assert_string_equal(n->u.kids[1].u.str, "B");
    assert_int_not_equal(weft_params_from_text(lab, "[a,,b]", &f->a, &n, f->err, sizeof f->err), 0);
    assert_non_null(strstr(f->err, "item 2 of '[a,,b]' is empty"));
    assert_int_not_equal(weft_params_from_text(lab, "[\"a, b]", &f->a, &n, f->err, sizeof f->err),
                         0);
    assert_non_null(strstr(f->err, "quote left open"));
    assert_int_not_equal(weft_params_from_text(lab, "['a'b]", &f->a, &n, f->err, sizeof f->err), 0);
    assert_non_null(strstr(f->err, "after its closing quote"));
    /* one value expected */
    assert_int_not_equal(weft_params_from_text(&tab[1], "[1,2]", &f->a, &n, f->err, sizeof f->err),
                         0);
    assert_non_null(strstr(f->err, "parameter 'count' takes one value (int), not a list"));
    assert_int_not_equal(
        weft_params_from_text(&tab[5], "[sentence]", &f->a, &n, f->err, sizeof f->err), 0);
    assert_non_null(strstr(f->err, "takes one value (enum), not a list"));
    assert_int_not_equal(weft_params_from_text(&tab[3], "[a, b]", &f->a, &n, f->err, sizeof f->err),
                         0);
    assert_non_null(strstr(f->err, "takes one value (string), not a list"));
    /* a string in brackets without a comma is a string (a pattern, a name) */
    assert_int_equal(weft_params_from_text(&tab[3], "[0-9]", &f->a, &n, f->err, sizeof f->err), 0);
    assert_string_equal(n->u.str, "[0-9]");
}

static void did_you_mean(void **st) {
    (void)st;
    const char *c[] = {"min_score", "labels", "gazetteer"};
    assert_string_equal(weft_did_you_mean("min_scor", c, 3), "min_score");
    assert_string_equal(weft_did_you_mean("lables", c, 3), "labels");
    assert_string_equal(weft_did_you_mean("gaz", c, 3), "gazetteer"); /* prefix */
    assert_null(weft_did_you_mean("threshold", c, 3));
    assert_null(weft_did_you_mean("x", c, 0));
    /* two candidates the word starts: the one fewer edits away */
    const char *t[] = {"sentence_model", "sentences", "newline_boundaries"};
    assert_string_equal(weft_did_you_mean("sentence", t, 3), "sentences");
    assert_string_equal(weft_did_you_mean("sentence_mod", t, 3), "sentence_model");
}

static void plugin_tables_are_checked(void **st) {
    fx *f = *st;
    assert_int_equal(weft_params_check_table(tab, sizeof(conf_t), f->err, sizeof f->err), 0);
    assert_int_not_equal(weft_params_check_table(tab, 8, f->err, sizeof f->err), 0);
    assert_non_null(strstr(f->err, "outside conf_size"));
    weft_param bad_def[] = {{.name = "n", .type = WEFT_P_INT, .def = "ten", .offset = 0},
                            {.name = NULL}};
    assert_int_not_equal(weft_params_check_table(bad_def, 8, f->err, sizeof f->err), 0);
    assert_non_null(strstr(f->err, "default of"));
    weft_param dup[] = {
        {.name = "n", .type = WEFT_P_BOOL}, {.name = "n", .type = WEFT_P_BOOL}, {.name = NULL}};
    assert_int_not_equal(weft_params_check_table(dup, 8, f->err, sizeof f->err), 0);
    assert_non_null(strstr(f->err, "declared twice"));
    weft_param noch[] = {{.name = "e", .type = WEFT_P_ENUM}, {.name = NULL}};
    assert_int_not_equal(weft_params_check_table(noch, 8, f->err, sizeof f->err), 0);
    weft_param range_def[] = {{.name = "n", .type = WEFT_P_INT, .def = "50", .min = 1, .max = 10},
                              {.name = NULL}};
    assert_int_not_equal(weft_params_check_table(range_def, 8, f->err, sizeof f->err), 0);
}

/* Values read back out of a conf struct in their declared types (what an
 * inline Lua stage's run gets), and written as a script writes them (what
 * weft check prints). */
static void values_back_to_nodes(void **st) {
    fx *f = *st;
    weft_node *name = weft_node_from_text(&f->a, "Ann \"A\"");
    weft_node *kids = weft_node_kids(&f->a, f->map, 1);
    kids[0] = *name;
    kids[0].key = "name";
    assert_int_equal(weft_params_apply(tab, sizeof f->conf, f->map, &f->conf, &f->a, "/base", NULL,
                                       f->err, sizeof f->err),
                     WEFT_OK);
    char text[64];
    const char *want[] = {"true",
                          "3",
                          "0.5",
                          "\"Ann \\\"A\\\"\"",
                          "\"/base/data/x.tsv\"",
                          "\"sentence\"",
                          "{\"PER\", \"ORG\"}"};
    for (size_t i = 0; i < 7; i++) {
        weft_node *n = weft_params_to_node(&tab[i], &f->conf, &f->a);
        assert_non_null(n);
        weft_node_to_text(n, text, sizeof text);
        assert_string_equal(text, want[i]);
    }
    /* a whole number stays a number, a missing value is nil, a long one is cut */
    weft_node two = {WEFT_V_NUM, 0, NULL, {.d = 2.0}};
    weft_node_to_text(&two, text, sizeof text);
    assert_string_equal(text, "2.0");
    weft_node_to_text(NULL, text, sizeof text);
    assert_string_equal(text, "nil");
    weft_node_to_text(name, text, 8);
    assert_string_equal(text, "\"Ann...");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(defaults_fill_conf, setup, teardown),
        cmocka_unit_test_setup_teardown(user_values, setup, teardown),
        cmocka_unit_test_setup_teardown(nan_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(table_param_is_copied, setup, teardown),
        cmocka_unit_test_setup_teardown(errors_are_specific, setup, teardown),
        cmocka_unit_test_setup_teardown(text_coercion, setup, teardown),
        cmocka_unit_test_setup_teardown(text_lists, setup, teardown),
        cmocka_unit_test(did_you_mean),
        cmocka_unit_test_setup_teardown(values_back_to_nodes, setup, teardown),
        cmocka_unit_test_setup_teardown(plugin_tables_are_checked, setup, teardown),
    };
    return cmocka_run_group_tests_name("params", tests, NULL, NULL);
}
