/*
 * Label vocabularies: the labels a stage says it writes into the layers it
 * provides and reads from the layers it requires (weft_labels), checked
 * along the pipeline before any document is read.
 *
 * The rule: an expectation fails only against a provider that declared the
 * layer's labels and lacks the label (and has no "*"). A provider that
 * declares nothing for the layer satisfies everything, so stages written
 * before declarations existed keep working; an expectation on a layer no
 * earlier stage provides is left to the requires check.
 */
#ifndef WEFT_LABELS_H
#define WEFT_LABELS_H

#include <stddef.h>

#include "engine.h"

/* A stage's declarations (C plugin or inline Lua); provided = 1 for what it
 * writes, 0 for what it reads. NULL when it declares none. */
const weft_labels *weft_stage_labels(const weft_stage *st, int provided);
/* The row of a declaration for layer, NULL when there is none. */
const weft_labels *weft_labels_row(const weft_labels *l, const char *layer);
/* Whether a declared row admits label ("*" admits all). */
int weft_labels_admit(const weft_labels *row, const char *label);
/* 0, or -1 with a message naming script:line, the consuming stage, the
 * layer, the missing label and the stage that provides the layer. */
int weft_labels_check(const weft_pipeline *p, char *err, size_t errsz);

#endif
