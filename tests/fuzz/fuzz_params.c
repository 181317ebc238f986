/*
 * The parameter validator (core/params.c): a weft_node tree built from fuzz
 * bytes (what a script's stage table could hold: any keys, values of every
 * type, nested lists and maps, NaN and infinities, huge integers) checked
 * against a table with every parameter type, ranges, choices, defaults and
 * a required parameter. Some values are also given as --set text through
 * weft_params_from_text. On success every conf field must hold a value its
 * row allows; on failure there must be a message.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
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
    const weft_node *tree;
    int64_t req;
    double free_num;
} conf;

static const weft_param tab[] = {
    {.name = "flag", .type = WEFT_P_BOOL, .def = "true", .offset = offsetof(conf, flag)},
    {.name = "count",
     .type = WEFT_P_INT,
     .def = "5",
     .min = 1,
     .max = 100,
     .offset = offsetof(conf, count)},
    {.name = "ratio",
     .type = WEFT_P_NUM,
     .def = "0.5",
     .min = 0,
     .max = 1,
     .offset = offsetof(conf, ratio)},
    {.name = "name", .type = WEFT_P_STR, .def = "x", .offset = offsetof(conf, name)},
    {.name = "path", .type = WEFT_P_PATH, .offset = offsetof(conf, path)},
    {.name = "mode",
     .type = WEFT_P_ENUM,
     .def = "bb",
     .choices = "a|bb|ccc",
     .offset = offsetof(conf, mode)},
    {.name = "labels", .type = WEFT_P_LIST, .def = "PER,ORG", .offset = offsetof(conf, labels)},
    {.name = "tree", .type = WEFT_P_TABLE, .offset = offsetof(conf, tree)},
    {.name = "req",
     .type = WEFT_P_INT,
     .flags = WEFT_PARAM_REQUIRED,
     .offset = offsetof(conf, req)},
    {.name = "free_num", .type = WEFT_P_NUM, .offset = offsetof(conf, free_num)},
    {.name = NULL}};
#define NPARAMS (sizeof tab / sizeof *tab - 1)

/* Keys: every parameter, near misses, and odd ones. */
static const char *const keys[] = {"flag", "count", "ratio",    "name", "path",  "mode", "labels",
                                   "tree", "req",   "free_num", "cout", "ratoi", "",     "as"};
#define NKEYS (sizeof keys / sizeof *keys)

static void die(const char *msg) {
    fprintf(stderr, "fuzz_params: %s\n", msg);
    abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    char err[256];
    if (weft_params_check_table(tab, sizeof(conf), err, sizeof err) != 0) die(err);
    return 0;
}

typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static uint64_t take(input *in, size_t bytes) {
    uint64_t v = 0;
    for (size_t i = 0; i < bytes && in->n; i++, in->p++, in->n--) v = (v << 8) | in->p[0];
    return v;
}

/* A NUL-terminated string of up to 15 fuzz bytes (a NUL ends it early, as
 * in a C string from Lua's converter). */
static char *take_str(input *in, weft_arena *a) {
    size_t n = take(in, 1) % 16;
    if (n > in->n) n = in->n;
    char *s = weft_arena_strndup(a, (const char *)in->p, n);
    in->p += n, in->n -= n;
    if (!s) die("out of memory");
    return s;
}

static void fill(input *in, weft_arena *a, weft_node *n, int depth) {
    uint32_t t = (uint32_t)take(in, 1);
    memset(n, 0, sizeof *n);
    switch (t % (depth < 3 ? 8 : 6)) {
    case 0:
        n->type = WEFT_V_BOOL, n->u.b = (int)(t >> 3) & 1;
        break;
    case 1:
        n->type = WEFT_V_INT, n->u.i = (int64_t)take(in, t & 0x80 ? 8 : 1);
        break;
    case 2: {
        n->type = WEFT_V_NUM;
        if (t & 0x80) {
            uint64_t bits = take(in, 8);
            memcpy(&n->u.d, &bits, sizeof bits);
        } else {
            n->u.d = (double)(int8_t)take(in, 1) / 8.0;
        }
        break;
    }
    case 3:
    case 4: {
        char *s = take_str(in, a);
        n->type = WEFT_V_STR, n->u.str = s, n->n = (uint32_t)strlen(s);
        break;
    }
    case 5:
        n->type = WEFT_V_NONE;
        break;
    default: { /* LIST or MAP */
        n->type = t % 8 == 6 ? WEFT_V_LIST : WEFT_V_MAP;
        uint32_t k = (uint32_t)take(in, 1) % 5;
        weft_node *kids = weft_node_kids(a, n, k);
        if (k && !kids) die("out of memory");
        for (uint32_t i = 0; i < k; i++) {
            fill(in, a, &kids[i], depth + 1);
            if (n->type == WEFT_V_MAP) kids[i].key = take_str(in, a);
        }
    }
    }
}

static void check_conf(const conf *c, const weft_node *user) {
    if (c->flag != 0 && c->flag != 1) die("flag is not 0 or 1");
    if (c->count < 1 || c->count > 100) die("count outside [1, 100]");
    if (!(c->ratio >= 0 && c->ratio <= 1)) die("ratio outside [0, 1] (or NaN)");
    if (!c->name) die("name without its default");
    /* "" stays empty: a way to switch a path off */
    if (c->path && c->path[0] && c->path[0] != '/') die("path not made absolute");
    if (c->mode < 0 || c->mode > 2) die("mode index outside the choices");
    for (size_t i = 0; i < c->labels.n; i++)
        if (!c->labels.items[i]) die("a NULL list item");
    if (!weft_node_get(user, "req")) die("accepted without the required parameter");
    for (uint32_t i = 0; user && i < user->n; i++) {
        int known = 0;
        for (size_t k = 0; k < NPARAMS && !known; k++)
            known = user->u.kids[i].key && strcmp(user->u.kids[i].key, tab[k].name) == 0;
        if (!known) die("accepted an unknown parameter");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    input in = {data, size};
    weft_arena a;
    weft_arena_init(&a, 4096, 1 << 20);
    char err[512];
    weft_node *user = weft_node_new(&a, WEFT_V_MAP);
    uint32_t k = (uint32_t)take(&in, 1) % 12;
    weft_node *kids = weft_node_kids(&a, user, k);
    if (!user || (k && !kids)) die("out of memory");
    for (uint32_t i = 0; i < k; i++) {
        uint32_t sel = (uint32_t)take(&in, 1);
        const char *key = sel < 0xF0 ? keys[sel % NKEYS] : take_str(&in, &a);
        if (sel & 0x40 && sel < 0xF0) {
            /* A --set value: text coerced to the parameter's type first. */
            const weft_param *p = &tab[sel % NPARAMS];
            key = p->name;
            weft_node *n = NULL;
            err[0] = '\0';
            if (weft_params_from_text(p, take_str(&in, &a), &a, &n, err, sizeof err) != 0) {
                if (!err[0]) die("from_text failed without a message");
                n = weft_node_from_text(&a, "1");
                if (!n) die("out of memory");
            }
            kids[i] = *n;
        } else {
            fill(&in, &a, &kids[i], 0);
        }
        kids[i].key = key;
    }
    conf c;
    memset(&c, 0xAB, sizeof c);
    err[0] = '\0';
    if (weft_params_apply(tab, sizeof c, user, &c, &a, "/base", NULL, err, sizeof err) == 0)
        check_conf(&c, user);
    else if (!err[0])
        die("rejected without a message");
    const char *word = take_str(&in, &a);
    weft_did_you_mean(word, keys, NKEYS);
    weft_arena_free(&a);
    return 0;
}
