/*
 * The layer and attribute names the tsv, conll and text formats read.
 *
 * Those formats show what an entity or tokenizer stage produced, but the
 * core must not hard-wire the names a particular plugin happens to use: a
 * user's own stage may call its tokens "tok". Each name comes from, in
 * order, a `weft run` option (--entity-layer ...), the script's declaration
 * (weft.pipeline { output = { entity_layer = "ne" } }), or the default
 * below, which is what the shipped plugins provide. A NULL field means "not
 * given here".
 */
#ifndef WEFT_OUTNAMES_H
#define WEFT_OUTNAMES_H

#define WEFT_OUT_ENTITY_LAYER   "entity"
#define WEFT_OUT_TOKEN_LAYER    "token"
#define WEFT_OUT_SENTENCE_LAYER "sentence"
#define WEFT_OUT_SOURCE_ATTR    "source"
#define WEFT_OUT_REPORT_ATTR    "report"

/* weft_output_names and the functions on it are public (weft/run.h). */
#include "weft/run.h"

/* The settable names, in a fixed order: their keys in a script's `output`
 * table (the option is "--" KEY with '_' as '-'), and their defaults. */
#define WEFT_OUT_NNAMES 5
extern const char *const weft_output_name_keys[WEFT_OUT_NNAMES];

#endif
