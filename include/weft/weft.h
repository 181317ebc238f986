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
 * PREFIX/lib/weft/plugins for an installed libweft); profiles on
 * $WEFT_PROFILE_PATH, in $XDG_CONFIG_HOME/weft/profiles, then the shipped
 * ones next to libweft (a program linked with libweft.a has no "next to":
 * it sets plugin_path and profile_path, or its user the two variables). weft_open_with
 * takes every setting (paths, Lua limits, a log sink for the messages the
 * library would otherwise write to stderr). Reading files and folders, the
 * parallel run loop and the output formats are in weft/run.h.
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
#include <stdint.h>

#include "weft/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct weft_engine weft_engine;
typedef struct weft_pipeline weft_pipeline;
typedef struct weft_processor weft_processor;

/*
 * Where the library's messages go: warnings and notes of stages ("doc-1:
 * boilerplate: no main text found"), a script's print() and warn(). One
 * call per message, msg without a "weft: " prefix or a newline; called from
 * worker threads too, so it must be thread-safe. level is WEFT_LOG_ERROR ..
 * WEFT_LOG_DEBUG (only levels up to the engine's verbosity arrive) or
 * WEFT_LOG_PRINT, a script's print() (the text as written, always passed).
 */
#define WEFT_LOG_PRINT 4
typedef void (*weft_log_fn)(void *ud, int level, const char *msg);
/* The default sink: "weft: warning: msg" (print: "msg") on stderr, one
 * write per message. ud is unused. A custom sink may call it to chain. */
void weft_log_stderr(void *ud, int level, const char *msg);

/*
 * Settings of an engine, fixed when it opens (as lua_newstate takes its
 * allocator and userdata, rather than a global configuration call). Fill
 * with weft_options_init, then change what you need: fields are only ever
 * appended, and `size` tells the library how much of the struct a program
 * compiled against an older weft.h knows.
 */
typedef struct weft_options {
    size_t size;             /* sizeof(weft_options); set by weft_options_init */
    const char *plugin_path; /* colon-separated folders or .so files searched first */
    /* 0 (default): also $WEFT_PLUGIN_PATH and the plugin folder next to
     * libweft; 1: only plugin_path (and weft_add_plugin). */
    int only_plugin_path;
    /* Load plugin files others could have replaced (group- or world-
     * writable, or owned by another user than us or root). 0 by default. */
    int allow_insecure_plugins;
    /* 0 (default): a file on the plugin path that is not a loadable
     * plugin makes weft_open_with fail, listing each with its reason;
     * 1: open anyway and list them with weft_rejected_plugin. */
    int keep_rejected;
    const char *profile_path; /* colon-separated folders searched first for profiles */
    /* Inline Lua stages: the sandbox (unsafe_lua = 1 opens the whole
     * standard library), each Lua state's memory cap in bytes, and the VM
     * instructions one stage call may run (0: no limit for either).
     * Defaults: sandboxed, 64 MiB, 100 million. */
    int unsafe_lua;
    size_t lua_memory;
    uint64_t lua_budget;
    /* Shown to scripts as weft.output ("jsonl", "text", ...), so a profile
     * can skip work its output will not show; NULL (nil) by default. */
    const char *output_format;
    int verbosity;   /* highest WEFT_LOG_* level logged; WEFT_LOG_WARN by default */
    weft_log_fn log; /* weft_log_stderr by default; NULL: no messages at all */
    void *log_ud;    /* handed to log */
    /* 0 (default): every warning a document gives is logged. N > 0: each
     * distinct warning is logged for its first N documents and counted
     * after that; weft_warning_summary logs the counts (weft run: 3, and 0
     * with -v). */
    unsigned warn_repeats;
    /* How messages name the options they point a user to, so that each
     * front end speaks its own terms (a Python user is not told about
     * command-line flags). NULL keeps the C API's words, in brackets;
     * weft run passes its flags. In say_set, "{}" stands for STAGE.PARAM. */
    const char *say_set;          /* ["setting {}"]; weft run: "--set {}" */
    const char *say_plugin_path;  /* ["weft_options.plugin_path"]; "--plugin-path DIRS" */
    const char *say_unsafe_lua;   /* ["weft_options.unsafe_lua"]; "--unsafe-lua" */
    const char *say_insecure;     /* ["weft_options.allow_insecure_plugins"] */
    const char *say_all_warnings; /* ["warn_repeats = 0"]; weft run: "-v" */
    const char *say_lua_memory;   /* ["weft_options.lua_memory"]; "--lua-memory MIB" */
    const char *say_lua_budget;   /* ["weft_options.lua_budget"]; "--lua-budget N" */
} weft_options;

/* Logs, one line each, how many more documents gave each warning that
 * weft_options.warn_repeats held back, and starts counting afresh. */
void weft_warning_summary(weft_engine *e);
/* Logs a warning about one document that names it first ("ID: message",
 * as weft_reader_opts.note hands it), collapsed as a document's warnings
 * are: the kind is the text after the first ": " with its numbers left
 * out, so "doc1.txt: document of 581 bytes is larger than ..." and
 * "doc2.txt: document of 805 bytes ..." are counted as one warning. */
void weft_warning_note(weft_engine *e, const char *line);
void weft_options_init(weft_options *o);
/* An engine with those settings (NULL: the defaults), plugins loaded.
 * NULL with err set when out of memory or, unless keep_rejected, when a
 * plugin file failed to load. */
weft_engine *weft_open_with(const weft_options *o, char *err, size_t errsz);
/* weft_open_with the defaults and this plugin_path (NULL for none). */
weft_engine *weft_open(const char *plugin_path, char *err, size_t errsz);
void weft_close(weft_engine *e);
/* Plugin files the engine could not load (keep_rejected): path and reason
 * of the i-th; NULL past the end. */
size_t weft_rejected_count(const weft_engine *e);
const char *weft_rejected_plugin(const weft_engine *e, size_t i, const char **reason);
/* Register a plugin linked into the program: its source built with
 * -DWEFT_BUILTIN_NAME=name, passed as weft_builtin_<name>(). Checked like a
 * loaded file; call before loading pipelines. 0 or -1 with err set. */
int weft_add_plugin(weft_engine *e, const weft_plugin *p, char *err, size_t errsz);

/* `weft train STAGE ARGS...`: runs the train hook of the stage class
 * called stage (argv holds ARGS), data files found from the current folder,
 * then the plugin's data. 0 when it trained (or printed its help), 2 when
 * no loaded plugin has that stage or the stage trains nothing, 1 when
 * training failed; err says why. */
int weft_train(weft_engine *e, const char *stage, int argc, char *const *argv, char *err,
               size_t errsz);

/* A pipeline from a script file, from script text (name is used in
 * messages and to resolve relative paths), or from a profile by name. */
weft_pipeline *weft_load_script(weft_engine *e, const char *path, char *err, size_t errsz);
weft_pipeline *weft_load_source(weft_engine *e, const char *name, const char *lua, size_t len,
                                char *err, size_t errsz);
weft_pipeline *weft_load_profile(weft_engine *e, const char *profile, char *err, size_t errsz);
void weft_pipeline_free(weft_pipeline *p);

/* "STAGE.PARAM=VALUE" from a command line: a parameter of the stage
 * instance STAGE, validated like the script's own values. */
typedef struct weft_setting {
    const char *stage, *param, *value;
} weft_setting;

/*
 * Everything a pipeline can be built from, for front ends: exactly one of
 * path, profile, text or stages, plus settings over the script's values.
 * `stages` builds a pipeline of those stage classes in order, with no
 * script at all (messages name `name` and the stage, e.g. "wordlen.so:
 * stage 'wordlen': ..."). check_only validates (parameters, the
 * requires/provides chain) without opening a stage; such a pipeline can be
 * described but not processed with.
 */
typedef struct weft_source {
    size_t size;         /* sizeof(weft_source); set by weft_source_init */
    const char *path;    /* a script file, "-" for stdin */
    const char *profile; /* a profile name */
    const char *text;    /* script text of len bytes; name is used in messages */
    size_t len;
    const char *name;
    const char *const *stages; /* stage class names */
    size_t nstages;
    const weft_setting *settings;
    size_t nsettings;
    int check_only;
} weft_source;

void weft_source_init(weft_source *s);
/* A whole file ("-": stdin) as weft_load reads a script: malloc'ed and
 * NUL-terminated (free() it), its length in *len. NULL with "path: reason"
 * in err. For a front end that shows a script or reads it first. */
char *weft_read_whole(const char *path, size_t *len, char *err, size_t errsz);
weft_pipeline *weft_load(weft_engine *e, const weft_source *s, char *err, size_t errsz);

/* Describing a pipeline: its name (NULL when the script gave none), the
 * script it came from, and each stage's instance name, plugin (NULL: an
 * inline Lua stage) and script line (0 without a script). */
const char *weft_pipeline_name(const weft_pipeline *p);
const char *weft_pipeline_script(const weft_pipeline *p);
size_t weft_stage_count(const weft_pipeline *p);
const char *weft_stage_name(const weft_pipeline *p, size_t i, const char **plugin, int *line);
/* The k-th parameter (by name) an inline Lua stage i declares (weft.lua
 * "x" { params = { ... } }): returns its name, NULL past the last one and
 * for a plugin's stage. *type is its type ("int", "list", ...), *doc its
 * doc ("" when none); value and def receive the value in force and the
 * default as a script writes them (3, "PER", {"a", "b"}; nil when none),
 * cut to fit. Either pointer may be NULL. */
const char *weft_stage_lua_param(const weft_pipeline *p, size_t i, size_t k, const char **type,
                                 const char **doc, char *value, size_t valuesz, char *def,
                                 size_t defsz);

/* Where the value in force of that parameter came from: the setting that
 * set it last ("--set x.y", as weft_options.say_set spells it), "the
 * script" (x { name = value }), or NULL for its default (and past the
 * last one, and for a plugin's stage). */
const char *weft_stage_lua_param_source(const weft_pipeline *p, size_t i, size_t k);

/* The one-line doc a script declares (weft.pipeline { doc = ... }), read by
 * evaluating it in the sandbox with no plugin involved. 0, or -1 with the
 * reason in err. */
int weft_describe(weft_engine *e, const char *path, char *doc, size_t docsz, char *err,
                  size_t errsz);

/* Profiles: the folders searched in order (profile_path entries,
 * $XDG_CONFIG_HOME/weft/profiles or ~/.config/weft/profiles, the shipped
 * folder), NULL past the end; and the file a name resolves to (0 when
 * found). */
const char *weft_profile_dir(const weft_engine *e, size_t i);
int weft_profile_find(const weft_engine *e, const char *name, char *path, size_t size);
/* The profile whose name is closest to name, a likely typo of it ("nwes"
 * -> "news"), into out for a "did you mean" hint; 0, or -1 when none is
 * close. */
int weft_profile_near(const weft_engine *e, const char *name, char *out, size_t size);
/* The candidate closest to word, a likely typo of it, for a "did you mean"
 * hint (the notion of close weft uses for stage, parameter and profile
 * names: a few edits, or word starting the candidate); NULL when none is
 * close. */
const char *weft_nearest(const char *word, const char *const *candidates, size_t n);

/* Plugins: those loaded (path NULL when built in), the one named name or
 * providing stage name (NULL if none), and the search path in order
 * (*exists 0 for an entry that does not exist). */
size_t weft_plugin_count(const weft_engine *e);
const weft_plugin *weft_plugin_at(const weft_engine *e, size_t i, const char **path);
const weft_plugin *weft_plugin_find(const weft_engine *e, const char *name, const char **path);
const char *weft_plugin_search(const weft_engine *e, size_t i, int *exists);
/* The label declarations of a stage class (ABI 1.1), NULL when it has none
 * or was built before they existed (its size says so). */
const weft_labels *weft_stage_provides_labels(const weft_stage_class *c);
const weft_labels *weft_stage_requires_labels(const weft_stage_class *c);
/* "string", "int", ... for a weft_param type. */
const char *weft_param_type_name(int type);

/* The library's version ("0.4.0") and the Lua it runs ("Lua 5.4.6"). */
const char *weft_version(void);
const char *weft_lua_version(void);
/* The version of the Lua API scripts see as weft.api_version (the DSL and
 * the document handle), so the Lua module can report the same number. */
int weft_lua_api_version(void);

weft_processor *weft_processor_new(weft_pipeline *p, char *err, size_t errsz);
void weft_processor_free(weft_processor *w);

/* Run the pipeline on one text (any bytes; copied). The document stays valid
 * until the next weft_process on the same processor; NULL when out of
 * memory. A stage failure is recorded in the document (weft_errors). */
const weft_doc *weft_process(weft_processor *w, const char *id, const char *text, size_t len);

/* Reading a processed document. Names are layer, view and attribute names
 * as in the pipeline's output ("entity", "text", "sentiment.compound"). */
const char *weft_text(const weft_doc *d, const char *view, size_t *len); /* NULL view: default */
/* The layer's record count; *out (when out is not NULL) gets its records. */
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
