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
    /* inline Lua stages: the parameters declared in params = { ... },
     * sorted by name, ending with a NULL name (NULL when none; their def is
     * NULL and offset i * WEFT_LUA_PARAM_SLOT), and their defaults (MAP) */
    const weft_param *lua_params;
    size_t nlua_params;
    weft_node *lua_defaults;
    /* inline Lua stages, once the pipeline is built: the values in force
     * (MAP: the script's, else --set's, else the default, converted to the
     * declared type; a parameter with none is absent), which each worker's
     * Lua state hands to run(doc, params) */
    weft_node *lua_values;
} weft_stage_spec;

/* Bytes of the conf struct pipeline.c validates an inline stage's values
 * into, per parameter: room for the largest C type (weft_strlist). */
#define WEFT_LUA_PARAM_SLOT 16

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
