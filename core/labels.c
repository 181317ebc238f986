/* Label vocabularies checked along the pipeline (see labels.h). */
#include "labels.h"

#include <stdio.h>
#include <string.h>

#include "registry.h"

const weft_labels *weft_stage_labels(const weft_stage *st, int provided) {
    if (st->cls)
        return provided ? weft_class_provides_labels(st->cls) : weft_class_requires_labels(st->cls);
    return provided ? st->spec->provides_labels : st->spec->requires_labels;
}

const weft_labels *weft_labels_row(const weft_labels *l, const char *layer) {
    for (size_t i = 0; l && l[i].layer; i++)
        if (strcmp(l[i].layer, layer) == 0) return &l[i];
    return NULL;
}

int weft_labels_admit(const weft_labels *row, const char *label) {
    for (size_t i = 0; row->labels && row->labels[i]; i++)
        if (strcmp(row->labels[i], "*") == 0 || strcmp(row->labels[i], label) == 0) return 1;
    return 0;
}

/* "word, number, punct" (cut short with "..." when long). */
static void list_labels(const weft_labels *row, char *out, size_t size) {
    size_t n = 0;
    out[0] = '\0';
    if (!row->labels || !row->labels[0]) {
        snprintf(out, size, "none: its records carry no label");
        return;
    }
    for (size_t i = 0; row->labels[i]; i++) {
        int w = snprintf(out + n, size - n, "%s%s", i ? ", " : "", row->labels[i]);
        if (w < 0 || (size_t)w >= size - n) {
            if (size > 4) snprintf(out + size - 4, 4, "...");
            return;
        }
        n += (size_t)w;
    }
}

int weft_labels_check(const weft_pipeline *p, char *err, size_t errsz) {
    for (size_t i = 0; i < p->nstages; i++) {
        const weft_stage *st = &p->stages[i];
        const weft_labels *want = weft_stage_labels(st, 0);
        for (size_t r = 0; want && want[r].layer; r++) {
            /* the provider is the last earlier stage that provides it */
            const weft_stage *from = NULL;
            for (size_t j = i; j-- > 0 && !from;)
                if (weft_stage_provides_name(&p->stages[j], want[r].layer)) from = &p->stages[j];
            if (!from) continue;
            const weft_labels *have = weft_labels_row(weft_stage_labels(from, 1), want[r].layer);
            if (!have) continue;
            for (size_t k = 0; want[r].labels && want[r].labels[k]; k++) {
                if (weft_labels_admit(have, want[r].labels[k])) continue;
                char known[512];
                list_labels(have, known, sizeof known);
                snprintf(err, errsz,
                         "%s:%d: stage '%s': expects label '%s' in layer '%s', which stage '%s' "
                         "(%s%s, %s:%d) does not write (its labels: %s)",
                         st->spec->script, st->spec->line, st->name, want[r].labels[k],
                         want[r].layer, from->name, from->cls ? "plugin " : "inline Lua",
                         from->cls ? from->plugin->desc->name : "", from->spec->script,
                         from->spec->line, known);
                return -1;
            }
        }
    }
    return 0;
}
