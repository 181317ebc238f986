/* Fixture: right entry symbol, but a layout fingerprint from another build. */
#include "weft/plugin.h"

static int noop(const weft_host *h, void *s, weft_doc *d, weft_error *e) {
    (void)h, (void)s, (void)d, (void)e;
    return 0;
}
static const weft_stage_class st = {
    .size = sizeof(weft_stage_class), .name = "skewed", .process = noop};
static const weft_stage_class *const stages[] = {&st, NULL};
static const weft_plugin plugin = {.abi_major = WEFT_ABI_MAJOR,
                                   .abi_minor = WEFT_ABI_MINOR,
                                   .size = sizeof(weft_plugin),
                                   .fingerprint = WEFT_ABI_FINGERPRINT ^ 0x00ff0000u,
                                   .name = "skewed",
                                   .stages = stages};
WEFT_PLUGIN(plugin)
