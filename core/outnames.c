/* Writer names: their keys, defaults, validation and precedence. */
#include "outnames.h"

#include <stddef.h>
#include <string.h>

const char *const weft_output_name_keys[WEFT_OUT_NNAMES] = {
    "entity_layer", "token_layer", "sentence_layer", "source_attr", "report_attr"};

static const char *const defaults[WEFT_OUT_NNAMES] = {WEFT_OUT_ENTITY_LAYER, WEFT_OUT_TOKEN_LAYER,
                                                      WEFT_OUT_SENTENCE_LAYER, WEFT_OUT_SOURCE_ATTR,
                                                      WEFT_OUT_REPORT_ATTR};

const char **weft_output_name_slot(weft_output_names *n, int i) {
    switch (i) {
    case 0:
        return &n->entity_layer;
    case 1:
        return &n->token_layer;
    case 2:
        return &n->sentence_layer;
    case 3:
        return &n->source_attr;
    case 4:
        return &n->report_attr;
    default:
        return NULL;
    }
}

int weft_output_name_valid(const char *s) {
    if (!s) return 0;
    size_t n = strlen(s);
    if (n == 0 || n > 128) return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '.' || c == '-';
        if (!ok) return 0;
    }
    return 1;
}

void weft_output_names_resolve(weft_output_names *dst, const weft_output_names *src) {
    weft_output_names copy = src ? *src : (weft_output_names){0};
    for (int i = 0; i < WEFT_OUT_NNAMES; i++) {
        const char **d = weft_output_name_slot(dst, i);
        const char *s = *weft_output_name_slot(&copy, i);
        if (!*d) *d = s ? s : defaults[i];
    }
}
