/* Fixture: a plugin built against ABI minor 0, before read_file and
 * free_data were appended to weft_host. Its copy of the host table was
 * smaller; it must still load and run on a newer core. */
#include "weft/plugin.h"

/* Uses only functions of minor 0. */
static int mark_all(const weft_host *h, void *s, weft_doc *d, weft_error *e) {
    (void)s, (void)e;
    size_t len;
    if (!h->view(d, h->default_view(d), &len)) return 0;
    return h->add(d, h->sym(d, "old"), 0, (uint32_t)len, 0, 1.0f) < 0 ? WEFT_ENOMEM : WEFT_OK;
}
static const weft_stage_class st = {
    .size = sizeof(weft_stage_class), .name = "old_minor", .process = mark_all};
static const weft_stage_class *const stages[] = {&st, NULL};
static const weft_plugin plugin = {.abi_major = WEFT_ABI_MAJOR,
                                   .abi_minor = 0,
                                   .size = sizeof(weft_plugin),
                                   .fingerprint = WEFT_ABI_FINGERPRINT,
                                   .name = "old_minor",
                                   .version = "0.1",
                                   .stages = stages};
WEFT_PLUGIN(plugin)
