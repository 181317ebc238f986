/*
 * A pipeline as the script described it, before any plugin is opened: what
 * the Lua DSL produces and what the pipeline builder consumes.
 */
#ifndef WEFT_SPEC_H
#define WEFT_SPEC_H

#include <stddef.h>

#include "arena.h"
#include "outnames.h"
#include "weft/plugin.h"

typedef struct weft_stage_spec {
    const char *name;       /* instance name: the class name, or `as` */
    const char *class_name; /* NULL for an inline Lua stage */
    weft_node *params;      /* MAP of what the user wrote (never NULL) */
    const char *script;     /* where the stage was written */
    int line;
    /* inline Lua stages: declared layers; the run function lives in each
     * worker's Lua state, found by the stage's index in the pipeline */
    const char **requires;
    size_t nrequires;
    const char **provides;
    size_t nprovides;
    /* inline Lua stages: { layer = { "LABEL", ... } } entries of provides
     * and requires (ends with a NULL layer; NULL when none) */
    const weft_labels *provides_labels;
    const weft_labels *requires_labels;
} weft_stage_spec;

typedef struct weft_pipeline_spec {
    const char *name;
    const char *doc;
    const char *script;     /* path as given, "-" for stdin */
    const char *script_dir; /* absolute folder for relative PATH params */
    weft_stage_spec *stages;
    size_t nstages;
    weft_output_names output; /* weft.pipeline { output = {...} }; NULL = not declared */
    weft_arena arena;         /* owns everything above */
} weft_pipeline_spec;

void weft_pipeline_spec_free(weft_pipeline_spec *s);

#endif
