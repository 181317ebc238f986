/* Fixture: loads fine, but its stage's open() fails with a message, and
 * stage broken_create's create() does. */
#include "weft/plugin.h"

static int fail_open(const weft_host *h, weft_setup *s, const void *conf, void **shared,
                     weft_error *err) {
    (void)s, (void)conf, (void)shared;
    return h->fail(err, WEFT_EIO, -1, "cannot read lexicon /nonexistent/lexicon.tsv");
}
static int noop(const weft_host *h, void *s, weft_doc *d, weft_error *e) {
    (void)h, (void)s, (void)d, (void)e;
    return 0;
}
static const weft_stage_class st = {
    .size = sizeof(weft_stage_class), .name = "broken_open", .open = fail_open, .process = noop};
static int fail_create(const weft_host *h, void *shared, void **state, weft_error *err) {
    (void)shared, (void)state;
    return h->fail(err, WEFT_ENOMEM, -1, "no scratch memory for this worker");
}
static const weft_stage_class st_create = {.size = sizeof(weft_stage_class),
                                           .name = "broken_create",
                                           .create = fail_create,
                                           .process = noop};
static const weft_stage_class *const stages[] = {&st, &st_create, NULL};
static const weft_plugin plugin = {WEFT_PLUGIN_HEADER, .name = "open_fails", .stages = stages};
WEFT_PLUGIN(plugin)
