/* Fixture: links against a function nobody provides; dlopen(RTLD_NOW)
 * must refuse it with the symbol's name. */
#include "weft/plugin.h"

extern int weft_fixture_missing_function(int);

static int call_missing(const weft_host *h, void *s, weft_doc *d, weft_error *e) {
    (void)h, (void)s, (void)d, (void)e;
    return weft_fixture_missing_function(1);
}
static const weft_stage_class st = {
    .size = sizeof(weft_stage_class), .name = "unresolved", .process = call_missing};
static const weft_stage_class *const stages[] = {&st, NULL};
static const weft_plugin plugin = {WEFT_PLUGIN_HEADER, .name = "undefined_sym", .stages = stages};
WEFT_PLUGIN(plugin)
