/*
 * Tokens: the kind names and tok_scan for any emit callback (the scanner is
 * in scan.h).
 */
#include "tokens.h"

#include "scan.h"

const char *const tok_kind_names[TK_NKINDS + 1] = {"word",  "number",   "punct",        "symbol",
                                                   "url",   "email",    "mention",      "hashtag",
                                                   "emoji", "emoticon", "abbreviation", NULL};

int tok_scan(const tok_opts *o, const unsigned char *s, size_t len, tok_emit_fn emit, void *ctx) {
    return scan_run(o, s, len, emit, ctx, 0);
}
