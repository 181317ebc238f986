/* Label vocabularies checked along the pipeline (see labels.h). */
#include "labels.h"

#include <stdio.h>
#include <string.h>

#include "params.h"
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

/* Does some stage before i that writes layer admit label? A stage that
 * writes the layer without declaring its labels admits any. Records are
 * added to a layer, never taken away, so the layer's labels are those of
 * every stage that writes it: the union. *last is the last such stage. */
static int earlier_admit(const weft_pipeline *p, size_t i, const char *layer, const char *label,
                         const weft_stage **last) {
    *last = NULL;
    int any = 0;
    for (size_t j = i; j-- > 0;) {
        if (!weft_stage_provides_name(&p->stages[j], layer)) continue;
        if (!*last) *last = &p->stages[j];
        const weft_labels *have = weft_labels_row(weft_stage_labels(&p->stages[j], 1), layer);
        if (!have || weft_labels_admit(have, label)) any = 1;
    }
    return any || !*last;
}

/* The stages before i that declare layer's labels, and their labels:
 * "stage 'a' (plugin p, s.lua:2): X, Y; stage 'b' (...): Z". */
static size_t list_union(const weft_pipeline *p, size_t i, const char *layer, char *out,
                         size_t size) {
    size_t n = 0, count = 0;
    out[0] = '\0';
    for (size_t j = 0; j < i; j++) {
        const weft_stage *from = &p->stages[j];
        const weft_labels *have = weft_labels_row(weft_stage_labels(from, 1), layer);
        if (!have || !weft_stage_provides_name(from, layer)) continue;
        count++;
        char known[512];
        list_labels(have, known, sizeof known);
        int w = n >= size
                    ? -1
                    : snprintf(out + n, size - n, "%sstage '%s' (%s%s, %s:%d): %s", n ? "; " : "",
                               from->name, from->cls ? "plugin " : "inline Lua",
                               from->cls ? from->plugin->desc->name : "", from->spec->script,
                               from->spec->line, known);
        if (w < 0 || (size_t)w >= size - n) {
            if (size > 4) snprintf(out + size - 4, 4, "...");
            n = size;
            continue;
        }
        n += (size_t)w;
    }
    return count;
}

/* " (did you mean 'word'?)" when a label of layer that the stages before i
 * declare is near label ("wrd"); "" otherwise. */
static const char *near_label(const weft_pipeline *p, size_t i, const char *layer,
                              const char *label, char *out, size_t size) {
    const char *names[256];
    size_t n = 0;
    out[0] = '\0';
    for (size_t j = 0; j < i; j++) {
        const weft_stage *from = &p->stages[j];
        const weft_labels *have = weft_labels_row(weft_stage_labels(from, 1), layer);
        if (!have || !weft_stage_provides_name(from, layer)) continue;
        for (size_t k = 0; have->labels && have->labels[k] && n < sizeof names / sizeof *names; k++)
            if (strcmp(have->labels[k], "*") != 0) names[n++] = have->labels[k];
    }
    const char *near = n ? weft_did_you_mean(label, names, n) : NULL;
    if (near) snprintf(out, size, " (did you mean '%s'?)", near);
    return out;
}

int weft_labels_check(const weft_pipeline *p, char *err, size_t errsz) {
    for (size_t i = 0; i < p->nstages; i++) {
        const weft_stage *st = &p->stages[i];
        const weft_labels *want = weft_stage_labels(st, 0);
        for (size_t r = 0; want && want[r].layer; r++) {
            for (size_t k = 0; want[r].labels && want[r].labels[k]; k++) {
                const weft_stage *from;
                if (earlier_admit(p, i, want[r].layer, want[r].labels[k], &from)) continue;
                char known[1024], hint[128];
                near_label(p, i, want[r].layer, want[r].labels[k], hint, sizeof hint);
                if (list_union(p, i, want[r].layer, known, sizeof known) > 1) {
                    snprintf(err, errsz,
                             "%s:%d: stage '%s': expects label '%s' in layer '%s', which none of "
                             "the earlier stages that write it writes (%s)%s",
                             st->spec->script, st->spec->line, st->name, want[r].labels[k],
                             want[r].layer, known, hint);
                    return -1;
                }
                list_labels(weft_labels_row(weft_stage_labels(from, 1), want[r].layer), known,
                            sizeof known);
                snprintf(err, errsz,
                         "%s:%d: stage '%s': expects label '%s' in layer '%s', which stage '%s' "
                         "(%s%s, %s:%d) does not write (its labels: %s)%s",
                         st->spec->script, st->spec->line, st->name, want[r].labels[k],
                         want[r].layer, from->name, from->cls ? "plugin " : "inline Lua",
                         from->cls ? from->plugin->desc->name : "", from->spec->script,
                         from->spec->line, known, hint);
                return -1;
            }
        }
    }
    return 0;
}
