/*
 * The engine (plugins, names, limits), pipelines built from scripts, and
 * workers that run a pipeline over documents. Nothing here is global: two
 * engines in one process do not see each other.
 */
#ifndef WEFT_ENGINE_H
#define WEFT_ENGINE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "doc.h"
#include "lua_host.h"
#include "registry.h"
#include "spec.h"
#include "symtab.h"
#include "weft/run.h" /* weft_stage_stats */

/* A document warning and how many documents gave it. */
struct weft_warn_count {
    char *msg; /* the first of its kind */
    uint64_t count;
    int once;   /* given with WEFT_LOG_ONCE: said once, then counted */
    int varied; /* one of the kind differed from msg (in its numbers) */
};

/* The counts of weft_engine.warns in memory shared with --isolate's worker
 * processes (weft_engine_share_warnings): each warning's first bytes and
 * the hash of all of it. */
#define WEFT_WARN_MSG 496
struct weft_warn_slot {
    uint64_t hash, count; /* hash: of the kind (weft_warn_kind_hash) */
    int once;
    char msg[WEFT_WARN_MSG];
    int varied;
};
struct weft_warn_shared {
    pthread_mutex_t lock; /* process-shared and robust: a killed worker may hold it */
    size_t n;
    struct weft_warn_slot slot[];
};

/* The warning of a document that looks like an HTML page (weft_looks_html)
 * run by a pipeline with no stage that makes a text view of it: its tags
 * would be read as words. Said once a run (WEFT_LOG_ONCE, then counted),
 * as advice. */
#define WEFT_WARN_HTML                                                                             \
    "looks like HTML, but no stage of this pipeline reads HTML (none makes a text view, as the "   \
    "boilerplate stage does): its markup is "                                                      \
    "processed as text, tag names and all; clean pages first (the news or "                        \
    "clean profile, or weft.stage \"boilerplate\" {} at the head of the "                          \
    "script)"

typedef struct weft_engine {
    weft_host host; /* the table handed to plugins */
    weft_symtab *syms;
    weft_registry reg;
    weft_lua_limits lua; /* its log is weft_engine_sink on this engine */
    weft_log_fn log;     /* the embedder's sink; weft_log_stderr by default, NULL: silent */
    void *log_ud;
    int verbosity;              /* WEFT_LOG_* level shown; WARN by default */
    char *profile_path;         /* weft_options.profile_path, or NULL */
    char profile_dirs[8][4096]; /* where profiles are looked for, in order */
    size_t nprofile_dirs;
    /* weft_options.warn_repeats: a document warning said this many times
     * is counted, not logged, from then on (0: all logged). Workers log
     * concurrently, hence the lock. */
    unsigned warn_repeats;
    pthread_mutex_t warn_lock;
    struct weft_warn_count *warns; /* distinct warnings seen, at most WEFT_WARN_KINDS */
    size_t nwarns;
    struct weft_warn_shared *wshared; /* set: the counts are these, shared */
    /* weft_options.say_*, copied (the registry and Lua states point here):
     * how messages name the options they point a user to. */
    char say_set[64], say_plugin_path[64], say_unsafe_lua[64], say_insecure[64],
        say_all_warnings[64], say_lua_memory[64], say_lua_budget[64];
} weft_engine;

/* Distinct document warnings counted; more kinds are logged every time. */
#define WEFT_WARN_KINDS 256

weft_engine *weft_engine_new(void);
void weft_engine_free(weft_engine *e);
/* Search path in priority order: extra (--plugin-path, colon-separated),
 * $WEFT_PLUGIN_PATH, the build tree's or installation's plugin folder next
 * to the executable; then load them all. Returns the number of rejected
 * files, -1 on out of memory. */
int weft_engine_load_plugins(weft_engine *e, const char *extra, const char *exe_dir);
/* Log a message of the engine (not of a document). */
void weft_engine_log(weft_engine *e, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A finished message to the sink, if its level is shown (ud: the engine);
 * what the Lua states and documents log through. */
void weft_engine_sink(void *ud, int level, const char *msg);
/* Documents processed by the engine's workers log through the sink. */
void weft_engine_doc_log(void *ud, const weft_doc *d, int level, const char *msg);
/* A document's messages kept to be said later, when the document is
 * written: workers finish documents out of input order, and a document
 * that is never written (after the failure that stops a --fail-fast run)
 * must say nothing. d->log = weft_doclog_keep, d->log_ud = a weft_doclog
 * (e set, the rest zero) keeps the messages e would show; p (NULL while
 * nothing is kept) is one string, handed to weft_doclog_replay on the
 * writing side: it logs each as weft_engine_doc_log would have, counted
 * there, in the order the documents are written. Set len to 0 for the
 * next document; free p at the end. Out of memory, a message is lost. */
typedef struct weft_doclog {
    struct weft_engine *e;
    char *p;
    size_t len, cap;
} weft_doclog;
void weft_doclog_keep(void *ud, const weft_doc *d, int level, const char *msg);
void weft_doclog_replay(weft_engine *e, const char *kept);
/* Whether s (a string that travels with a decoder's notes) is a kept log. */
int weft_doclog_is(const char *s);
/* The warnings weft_engine_doc_log counted instead of logging, one line
 * each, then forgets them. */
void weft_engine_warn_summary(weft_engine *e);
/* weft_warning_note (weft.h) */
void weft_engine_note(weft_engine *e, const char *line);
/* Moves the warning counts into memory that processes forked from now on
 * share, so that --isolate's workers count a warning across all of them as
 * threads do (said warn_repeats times, then counted in the summary). 0, or
 * -1 when the memory cannot be had (the workers then log every warning). */
int weft_engine_share_warnings(weft_engine *e);

typedef struct weft_stage {
    const char *name; /* instance name */
    const weft_stage_spec *spec;
    const weft_stage_class *cls;      /* NULL: an inline Lua stage */
    const weft_loaded_plugin *plugin; /* NULL for Lua */
    void *conf;
    void *shared;
    int opened;
    size_t index;
    pthread_mutex_t *serial; /* WEFT_STAGE_SERIAL: process() one worker at a time */
    /* An inline stage's parameters, for weft check: the values the script
     * gave (before the settings) and, by declared index, the setting that
     * set one ("--set x.y"; NULL when none did). */
    const weft_node *script_params;
    const char **set_by;
} weft_stage;

/* The plugin file behind stage st, for messages: its path, "built in", or
 * NULL for an inline Lua stage. */
const char *weft_stage_file(const weft_stage *st);
/* Where a message happened, for messages: "stage 'x' of plugin /p/x.so" or
 * "inline Lua stage 'x'", cut to fit n bytes. */
void weft_stage_where(const weft_stage *st, char *buf, size_t n);

typedef struct weft_pipeline {
    weft_engine *eng;
    weft_pipeline_spec spec;
    char *source; /* the script text, for workers' Lua states */
    size_t source_len;
    weft_stage *stages;
    size_t nstages;
    int has_lua;
    int reads_html;   /* a stage makes a text view ("view:text"): no WEFT_WARN_HTML */
    int check_only;   /* built to be checked: no stage is open */
    weft_arena arena; /* confs and copied parameters */
} weft_pipeline;

/* Evaluate a script, validate every stage's parameters (with settings
 * applied), check the requires/provides chain, and, unless check_only, open
 * every stage. On failure returns NULL and writes one message to err naming
 * the script, line and stage. */
weft_pipeline *weft_pipeline_build(weft_engine *e, const char *path, const char *source, size_t len,
                                   const weft_setting *settings, size_t nsettings, int check_only,
                                   char *err, size_t errsz);
/* The same from stage classes in order, with no script (messages name
 * `name`; lines are 0). */
weft_pipeline *weft_pipeline_build_stages(weft_engine *e, const char *name,
                                          const char *const *classes, size_t n,
                                          const weft_setting *settings, size_t nsettings,
                                          int check_only, char *err, size_t errsz);
void weft_pipeline_free(weft_pipeline *p);

/* What a stage (C plugin or inline Lua) declares it requires or provides:
 * sets *out and returns the count. One place reads the two forms, for the
 * requires chain, the label check and the writers' layer check. */
size_t weft_stage_requires(const weft_stage *st, const char *const **out);
size_t weft_stage_provides(const weft_stage *st, const char *const **out);
/* Whether st declares it provides name ("token", "attr:title", ...). */
int weft_stage_provides_name(const weft_stage *st, const char *name);

typedef struct weft_worker {
    weft_pipeline *p;
    void **states;
    weft_lua *L;
    weft_stage_stats *stats;
    int timing; /* collect stats (two clock reads per stage) */
    /* Isolated runs: the stage running now (index + 1) is stored here, in
     * memory shared with the parent, which names it if this process dies. */
    volatile uint32_t *stage_mark;
} weft_worker;

weft_worker *weft_worker_new(weft_pipeline *p, char *err, size_t errsz);
void weft_worker_free(weft_worker *w);
/* Run every stage on d in order. A failing stage records an error in d and
 * the stages after it are skipped. Returns the number of failed stages (0
 * or 1). */
int weft_worker_process(weft_worker *w, weft_doc *d);
/* Adds to d, empty, every layer a stage of p declares in `provides` that d
 * lacks (weft_worker_process does it after the stages; the callers do it
 * for a document the input failed or whose worker process died). WEFT_OK,
 * or WEFT_ENOMEM. */
int weft_pipeline_declared_layers(const weft_pipeline *p, weft_doc *d);

/* What open() receives as weft_setup: the stage being opened. */
struct weft_setup {
    weft_engine *eng;
    weft_pipeline *p;
    weft_stage *stage;
    char frozen_name[128]; /* the first new name intern() refused as frozen */
};

/* Fill the host table (host.c). */
void weft_host_init(weft_host *h);

#endif
