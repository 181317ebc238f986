/* Fixture: a plugin built against ABI 1.0, whose stage class ends before
 * the label declarations of ABI 1.1. Its size says so; the bytes where the
 * newer fields would be hold garbage, which the core must never read. It
 * provides layer "token" (one record per blank-separated word, label
 * "word") and declares, in the 1.0 way, nothing about labels. */
#include <stdint.h>

#include "weft/plugin.h"

static int old_process(const weft_host *h, void *state, weft_doc *doc, weft_error *err) {
    (void)state;
    weft_sym v = h->default_view(doc), token = h->sym(doc, "token"), word = h->sym(doc, "word");
    size_t len, i = 0;
    const char *s = h->view(doc, v, &len);
    if (!token || !word || h->layer_new(doc, token, v))
        return h->fail(err, WEFT_ENOMEM, -1, "cannot create the token layer");
    while (i < len) {
        if (s[i] == ' ' || s[i] == '\n') {
            i++;
            continue;
        }
        size_t b = i;
        while (i < len && s[i] != ' ' && s[i] != '\n') i++;
        if (h->add(doc, token, (uint32_t)b, (uint32_t)i, word, 0.0f) < 0)
            return h->fail(err, WEFT_ENOMEM, (int64_t)b, "cannot add a token");
    }
    return WEFT_OK;
}

static const char *const old_provides[] = {"token", NULL};

static const weft_stage_class old_stage = {
    .size = offsetof(weft_stage_class, provides_labels), /* ABI 1.0's sizeof */
    .name = "old_class",
    .summary = "fixture: a stage class of ABI 1.0's size",
    .provides = old_provides,
    .process = old_process,
    .provides_labels = (const weft_labels *)(uintptr_t)16,
    .requires_labels = (const weft_labels *)(uintptr_t)16,
};

static const weft_stage_class *const old_stages[] = {&old_stage, NULL};

static const weft_plugin old_plugin = {
    .abi_major = WEFT_ABI_MAJOR,
    .abi_minor = 0,
    .size = sizeof(weft_plugin),
    .fingerprint = WEFT_ABI_FINGERPRINT,
    .name = "old_class",
    .version = "1.0",
    .license = "MIT",
    .summary = "ABI 1.0 stage class fixture",
    .stages = old_stages,
};

WEFT_PLUGIN(old_plugin)
