/* The boilerplate stage's pre-pass (plugins/boilerplate/prune.c): libxml2
 * must see the same elements, kept attributes and text in the pruned page
 * as in the page itself. Input bytes are made valid UTF-8 first, as the
 * stage does before pruning. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../plugins/boilerplate/buf.c"
#include "../../plugins/boilerplate/prune.c"
#include "html_events.h"

static void silent(void *ctx, const char *msg, ...) {
    (void)ctx, (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    xmlSetGenericErrorFunc(NULL, silent);
    const char *s = (const char *)data;
    bp_buf page = {0}, out = {0};
    for (size_t i = 0; i < size;) {
        size_t ok = weft_utf8_valid_prefix(s + i, size - i);
        if (bp_buf_put(&page, s + i, ok) || (i + ok < size && bp_buf_put(&page, "\xEF\xBF\xBD", 3)))
            abort();
        i += ok + (i + ok < size);
    }
    if (bp_buf_put(&page, "", 0) || bp_prune(page.p, page.n, &out)) abort();
    sax_log a, b;
    if (sax_events(page.p, page.n, &a) || sax_events(out.p, out.n, &b)) abort();
    if (strcmp(a.ev.p, b.ev.p) != 0) {
        fprintf(stderr,
                "prune changed what libxml2 builds:\n  page   %s\n  pruned %s\n  bytes  %s\n",
                a.ev.p, b.ev.p, out.p);
        abort();
    }
    bp_buf_free(&a.ev);
    bp_buf_free(&b.ev);
    bp_buf_free(&page);
    bp_buf_free(&out);
    return 0;
}
