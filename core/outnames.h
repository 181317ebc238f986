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

typedef struct weft_output_names {
    const char *entity_layer;   /* tsv and conll: one entity per record, its label */
    const char *token_layer;    /* conll: one line per record */
    const char *sentence_layer; /* conll: a blank line after each record */
    const char *source_attr;    /* tsv: the entity attribute of the last column */
    const char *report_attr;    /* text: a string document attribute printed instead */
} weft_output_names;

/* The settable names, in a fixed order: their keys in a script's `output`
 * table (the option is "--" KEY with '_' as '-'), and their defaults. */
#define WEFT_OUT_NNAMES 5
extern const char *const weft_output_name_keys[WEFT_OUT_NNAMES];
const char **weft_output_name_slot(weft_output_names *n, int i);

/* Non-empty, at most 128 bytes of ASCII letters, digits, '_', '.' and '-':
 * the names stages intern (no "view:" or "attr:" prefix). */
int weft_output_name_valid(const char *s);

/* Fields of dst still NULL take src's; then those still NULL take the
 * defaults. src may be NULL. */
void weft_output_names_resolve(weft_output_names *dst, const weft_output_names *src);

#endif
