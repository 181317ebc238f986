/* Fixture: a plugin built for a future ABI 2 (entry weft_plugin_v2). */
#include "weft/plugin.h"

static const weft_plugin plugin = {.abi_major = 2, .name = "future"};
WEFT_EXPORT const weft_plugin *weft_plugin_v2(void);
WEFT_EXPORT const weft_plugin *weft_plugin_v2(void) {
    return &plugin;
}
