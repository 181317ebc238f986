/* Fixture for the writer-name options: a stage that provides what the
 * tsv, conll and text formats show, under names of its own. Layer "tok":
 * blank-separated tokens; "sent": sentences ending at a token that ends in
 * '.'; "ne": capitalised tokens (label CAP, score 1, string attribute
 * "via" = "caps"); document attribute "digest": "N tokens, M names\n". */
#include <stdio.h>
#include <stdlib.h>

#include "weft/plugin.h"

typedef struct {
    weft_sym tok, sent, ne, cap, via, digest;
} on_shared;

static int on_open(const weft_host *h, weft_setup *s, const void *conf, void **shared,
                   weft_error *err) {
    on_shared *t = malloc(sizeof *t);
    if (!t) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    t->tok = h->intern(s, "tok");
    t->sent = h->intern(s, "sent");
    t->ne = h->intern(s, "ne");
    t->cap = h->intern(s, "CAP");
    t->via = h->intern(s, "via");
    t->digest = h->intern(s, "digest");
    *shared = t;
    return WEFT_OK;
}

static void on_close(void *shared) {
    free(shared);
}

static int blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int on_process(const weft_host *h, void *state, weft_doc *doc, weft_error *err) {
    const on_shared *t = state;
    weft_sym v = h->default_view(doc);
    size_t len;
    const char *s = h->view(doc, v, &len);
    if (h->layer_new(doc, t->tok, v) || h->layer_new(doc, t->sent, v) ||
        h->layer_new(doc, t->ne, v))
        return h->fail(err, WEFT_ENOMEM, -1, "cannot create layers");
    size_t i = 0, sb = 0, ntok = 0, nne = 0;
    int insent = 0;
    weft_value via = {.type = WEFT_V_STR, .len = 4, .u.str = "caps"};
    while (i < len) {
        if (blank(s[i])) {
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && !blank(s[i])) i++;
        if (h->add(doc, t->tok, (uint32_t)b, (uint32_t)i, 0, 0.0f) < 0)
            return h->fail(err, WEFT_ENOMEM, (int64_t)b, "cannot add token");
        ntok++;
        if (s[b] >= 'A' && s[b] <= 'Z') {
            int64_t k = h->add(doc, t->ne, (uint32_t)b, (uint32_t)i, t->cap, 1.0f);
            if (k < 0 || h->ann_set(doc, t->ne, k, t->via, &via) != WEFT_OK)
                return h->fail(err, WEFT_ENOMEM, (int64_t)b, "cannot add name");
            nne++;
        }
        if (!insent) sb = b;
        insent = 1;
        if (s[i - 1] == '.' || i == len) {
            if (h->add(doc, t->sent, (uint32_t)sb, (uint32_t)i, 0, 0.0f) < 0)
                return h->fail(err, WEFT_ENOMEM, (int64_t)sb, "cannot add sentence");
            insent = 0;
        }
    }
    if (insent && h->add(doc, t->sent, (uint32_t)sb, (uint32_t)len, 0, 0.0f) < 0)
        return h->fail(err, WEFT_ENOMEM, (int64_t)sb, "cannot add sentence");
    char digest[64];
    int n = snprintf(digest, sizeof digest, "%zu tokens, %zu names\n", ntok, nne);
    weft_value d = {.type = WEFT_V_STR, .len = (uint32_t)n, .u.str = digest};
    if (h->doc_set(doc, t->digest, &d) != WEFT_OK)
        return h->fail(err, WEFT_ENOMEM, -1, "cannot set digest");
    return WEFT_OK;
}

static const char *const on_provides[] = {"tok", "sent", "ne", "attr:digest", NULL};

static const weft_stage_class on_stage = {
    .size = sizeof(weft_stage_class),
    .flags = WEFT_STAGE_PURE,
    .name = "other_names",
    .summary = "fixture: tokens, sentences and names under names of its own",
    .provides = on_provides,
    .open = on_open,
    .process = on_process,
    .close = on_close,
};

static const weft_stage_class *const on_stages[] = {&on_stage, NULL};

static const weft_plugin on_plugin = {
    WEFT_PLUGIN_HEADER,
    .name = "other_names",
    .version = "1.0",
    .license = "MIT",
    .summary = "writer-name options fixture",
    .stages = on_stages,
};

WEFT_PLUGIN(on_plugin)
