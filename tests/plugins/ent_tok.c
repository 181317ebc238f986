/* Fixture for the entities tests and evaluation: a pre-tokenised text
 * reader. Tokens are runs of non-blank bytes, sentences are lines (the
 * CoNLL convention: one token per gold token, so scoring is exact).
 * Token labels follow the tokenizer's kinds: word, number, punct. */
#include <stdlib.h>

#include "weft/plugin.h"

typedef struct {
    weft_sym token, sentence, word, number, punct;
} tok_shared;

static int tok_open(const weft_host *h, weft_setup *s, const void *conf, void **shared,
                    weft_error *err) {
    tok_shared *t = malloc(sizeof *t);
    if (!t) return h->fail(err, WEFT_ENOMEM, -1, "out of memory");
    t->token = h->intern(s, "token");
    t->sentence = h->intern(s, "sentence");
    t->word = h->intern(s, "word");
    t->number = h->intern(s, "number");
    t->punct = h->intern(s, "punct");
    *shared = t;
    return WEFT_OK;
}

static void tok_close(void *shared) {
    free(shared);
}

static int alnum(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static int tok_process(const weft_host *h, void *state, weft_doc *doc, weft_error *err) {
    const tok_shared *t = state;
    weft_sym v = h->default_view(doc);
    size_t len;
    const char *s = h->view(doc, v, &len);
    if (h->layer_new(doc, t->token, v) || h->layer_new(doc, t->sentence, v))
        return h->fail(err, WEFT_ENOMEM, -1, "cannot create layers");
    size_t i = 0, sb = 0, se = 0;
    int insent = 0;
    while (i <= len) {
        if (i == len || s[i] == '\n') {
            if (insent && h->add(doc, t->sentence, (uint32_t)sb, (uint32_t)se, 0, 0.0f) < 0)
                return h->fail(err, WEFT_ENOMEM, (int64_t)sb, "cannot add sentence");
            insent = 0;
            i++;
            continue;
        }
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
            i++;
            continue;
        }
        size_t b = i;
        int an = 0;
        while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            an |= alnum((unsigned char)s[i++]);
        weft_sym kind = !an ? t->punct : (s[b] >= '0' && s[b] <= '9') ? t->number : t->word;
        if (h->add(doc, t->token, (uint32_t)b, (uint32_t)i, kind, 0.0f) < 0)
            return h->fail(err, WEFT_ENOMEM, (int64_t)b, "cannot add token");
        if (!insent) sb = b;
        insent = 1;
        se = i;
    }
    return WEFT_OK;
}

static const char *const tok_provides[] = {"token", "sentence", NULL};

static const weft_stage_class tok_stage = {
    .size = sizeof(weft_stage_class),
    .flags = WEFT_STAGE_PURE,
    .name = "ent_tok",
    .summary = "fixture: blank-separated tokens, one sentence a line",
    .provides = tok_provides,
    .open = tok_open,
    .process = tok_process,
    .close = tok_close,
};

static const weft_stage_class *const tok_stages[] = {&tok_stage, NULL};

static const weft_plugin tok_plugin = {
    WEFT_PLUGIN_HEADER, .name = "ent_tok",    .version = "1.0.0",
    .license = "MIT",   .summary = "fixture", .stages = tok_stages,
};

WEFT_PLUGIN(tok_plugin)
