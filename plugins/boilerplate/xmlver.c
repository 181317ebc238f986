/*
 * The libxml2 version guard of the HTML pre-pass (prune.c). The pre-pass
 * leaves out what libxml2 would parse only to have the stage ignore it, and
 * is correct only while it tokenizes exactly as libxml2 does; it copies the
 * rules of libxml2 2.9, and libxml2 2.14 rewrote its HTML tokenizer. So the
 * pre-pass runs only when both the headers the plugin was built with and
 * the library loaded at run time (a distribution may upgrade libxml2 under
 * a built plugin) are of the tested series; otherwise the stage hands
 * libxml2 the whole page, which gives the same text more slowly.
 */

#include <libxml/parser.h>
#include <libxml/xmlversion.h>

#include "bp.h"

/* Checked when the plugin is compiled: headers of another series never
 * prune, whatever library is loaded later. */
#if LIBXML_VERSION >= BP_PRUNE_LIBXML_MIN && LIBXML_VERSION < BP_PRUNE_LIBXML_END
#define BP_BUILT_TESTED 1
#else
#define BP_BUILT_TESTED 0
#endif

static int in_range(long v) {
    return v >= BP_PRUNE_LIBXML_MIN && v < BP_PRUNE_LIBXML_END;
}

int bp_prune_tested(long built, const char *runtime) {
    if (!in_range(built) || !runtime) return 0;
    /* "20914", or with LIBXML_VERSION_EXTRA after it ("20914-GITv2.9.14") */
    long v = 0;
    size_t digits = 0;
    for (; runtime[digits] >= '0' && runtime[digits] <= '9' && digits < 8; digits++)
        v = v * 10 + (runtime[digits] - '0');
    if (digits < 5 || (runtime[digits] >= '0' && runtime[digits] <= '9')) return 0;
    return in_range(v);
}

int bp_prune_usable(const char **runtime, long *built) {
    const char *v = xmlParserVersion;
    *runtime = v ? v : "(unknown version)";
    *built = LIBXML_VERSION;
    return BP_BUILT_TESTED && bp_prune_tested(LIBXML_VERSION, v);
}
