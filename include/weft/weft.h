/*
 * weft/weft.h - embedding weft in a program: load plugins, build a pipeline
 * from a script or a profile, run it on texts, read the results.
 *
 *     weft_engine *e = weft_open(NULL, err, sizeof err);
 *     weft_pipeline *p = weft_load_profile(e, "news", err, sizeof err);
 *     weft_processor *w = weft_processor_new(p, err, sizeof err);
 *     const weft_doc *d = weft_process(w, "doc-1", text, strlen(text));
 *     const weft_ann *ents;
 *     size_t n = weft_records(d, "entity", &ents);
 *     ...
 *     weft_processor_free(w); weft_pipeline_free(p); weft_close(e);
 *
 * Link with `pkg-config --cflags --libs weft`. Plugins are found on
 * $WEFT_PLUGIN_PATH, then next to libweft (the build tree's plugins/, or
 * PREFIX/lib/weft/plugins for an installed libweft); profiles in
 * $XDG_CONFIG_HOME/weft/profiles, then the shipped ones.
 *
 * Threads: an engine and its pipelines may be shared; a weft_processor
 * belongs to one thread at a time. One engine may build several pipelines;
 * build them all before the first weft_processor_new on that engine: its
 * names freeze then, and a pipeline built later fails if its stages need
 * new names (the message says so).
 * Errors: functions that can fail return NULL and write a message to err.
 */
#ifndef WEFT_WEFT_H
#define WEFT_WEFT_H

#include <stddef.h>

#include "weft/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct weft_engine weft_engine;
typedef struct weft_pipeline weft_pipeline;
typedef struct weft_processor weft_processor;

/* plugin_path: colon-separated folders or .so files searched first, or NULL.
 * Fails when a file on the path is not a loadable plugin (the message lists
 * each with its reason). */
weft_engine *weft_open(const char *plugin_path, char *err, size_t errsz);
void weft_close(weft_engine *e);
/* Register a plugin linked into the program: its source built with
 * -DWEFT_BUILTIN_NAME=name, passed as weft_builtin_<name>(). Checked like a
 * loaded file; call before loading pipelines. 0 or -1 with err set. */
int weft_add_plugin(weft_engine *e, const weft_plugin *p, char *err, size_t errsz);

/* A pipeline from a script file, from script text (name is used in
 * messages and to resolve relative paths), or from a profile by name. */
weft_pipeline *weft_load_script(weft_engine *e, const char *path, char *err, size_t errsz);
weft_pipeline *weft_load_source(weft_engine *e, const char *name, const char *lua, size_t len,
                                char *err, size_t errsz);
weft_pipeline *weft_load_profile(weft_engine *e, const char *profile, char *err, size_t errsz);
void weft_pipeline_free(weft_pipeline *p);

weft_processor *weft_processor_new(weft_pipeline *p, char *err, size_t errsz);
void weft_processor_free(weft_processor *w);

/* Run the pipeline on one text (any bytes; copied). The document stays valid
 * until the next weft_process on the same processor; NULL when out of
 * memory. A stage failure is recorded in the document (weft_errors). */
const weft_doc *weft_process(weft_processor *w, const char *id, const char *text, size_t len);

/* Reading a processed document. Names are layer, view and attribute names
 * as in the pipeline's output ("entity", "text", "sentiment.compound"). */
const char *weft_text(const weft_doc *d, const char *view, size_t *len); /* NULL view: default */
size_t weft_records(const weft_doc *d, const char *layer, const weft_ann **out);
const char *weft_name(const weft_doc *d, weft_sym sym); /* a label's or key's name */
const weft_value *weft_attribute(const weft_doc *d, const char *key);
/* Enumerating: the document's layers (in creation order) and attributes. */
size_t weft_layer_count(const weft_doc *d);
const char *weft_layer_name(const weft_doc *d, size_t i);
/* The view a layer's offsets index ("raw", "text"); NULL if no such layer. */
const char *weft_layer_view(const weft_doc *d, const char *layer);
size_t weft_attribute_count(const weft_doc *d);
const weft_value *weft_attribute_at(const weft_doc *d, size_t i, const char **key);
size_t weft_errors(const weft_doc *d); /* failures: 0 when every stage succeeded */
const char *weft_error_message(const weft_doc *d, size_t i);
/* The document as weft run writes it (one JSON object, no newline);
 * malloc'd, free() it. NULL when out of memory. */
char *weft_json(const weft_doc *d);

#ifdef __cplusplus
}
#endif
#endif
