/*
 * weft/run.h - for front ends (the weft command, a binding's batch mode):
 * read inputs of every kind, run a pipeline over them with N worker threads
 * in input order, write the results in every output format.
 *
 *     weft_reader *r = weft_reader_new(paths, n, &in);   // files, folders, -, JSON Lines
 *     weft_writer *w = weft_writer_new(stdout, &out);    // jsonl, json, text, tsv, conll, html
 *     weft_run_stats st = {0};
 *     weft_run_opts o = {.jobs = 4};
 *     if (weft_run(p, r, w, &o, &st, err, sizeof err) == 0) weft_writer_finish(w);
 *     weft_run_stats_free(&st); weft_writer_free(w); weft_reader_free(r);
 *
 * weft.h is the API of a program that processes texts one at a time; this
 * header is the batch half that the weft command is built on, kept apart so
 * that an embedder who never reads files needs none of it ("one public
 * header per audience": weft.h and run.h for programs, plugin.h for
 * plugins). A document from weft_process can be written with
 * weft_writer_doc as well.
 */
#ifndef WEFT_RUN_H
#define WEFT_RUN_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "weft/weft.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Reading                                                                   */

typedef enum { WEFT_IN_AUTO = 0, WEFT_IN_TEXT, WEFT_IN_HTML, WEFT_IN_JSONL } weft_input;

typedef struct weft_reader_opts {
    weft_input input;       /* AUTO: .jsonl/.ndjson files are JSON Lines */
    const char *id_field;   /* JSON Lines; default "id" */
    const char *text_field; /* JSON Lines; default "text" */
    size_t max_doc_bytes;   /* 0 = no limit; larger documents are errors */
    /* Glob filters (fnmatch) for files found inside folders; files named
     * explicitly are always read. A pattern without '/' matches the file
     * name, one with '/' the whole path. With includes, a file must match
     * one; it must match no exclude. Excludes also prune folders. The
     * arrays must outlive the reader. */
    const char *const *include;
    size_t ninclude;
    const char *const *exclude;
    size_t nexclude;
    /* Notes about documents that were read, but not exactly as written (a
     * JSON Lines record whose lone surrogate escape, such as the \udc00
     * Python writes for an undecodable byte, became U+FFFD), and warnings
     * naming an input that could not be read. NULL: they go to
     * weft_log_stderr as warnings. Called from the thread that reads (the
     * one calling weft_run), in input order: with workers, which parse
     * records and read files, a note goes out as its document is written. */
    void (*note)(void *ud, const char *msg);
    void *note_ud;
} weft_reader_opts;

typedef struct weft_reader weft_reader;

/* inputs: files (one document each), folders (every file below, sorted,
 * hidden ones skipped), .jsonl/.ndjson files (a document per line), "-"
 * for stdin. Nothing is opened before the first document is asked for. */
weft_reader *weft_reader_new(const char *const *inputs, size_t ninputs, const weft_reader_opts *o);
void weft_reader_free(weft_reader *r);
/* Bytes of input read so far, for progress reports (with workers, a file
 * counts once a worker has read it). Any thread may ask. */
uint64_t weft_reader_consumed(const weft_reader *r);
int weft_input_parse(const char *s); /* "auto|text|html|jsonl"; -1 if unknown */

/* ------------------------------------------------------------------------ */
/* Writing                                                                   */

typedef enum {
    WEFT_FMT_JSONL = 0,
    WEFT_FMT_JSON,
    WEFT_FMT_TEXT,
    WEFT_FMT_TSV,   /* one entity per line: id, label, begin, end, text, score, source */
    WEFT_FMT_CONLL, /* one token per line with its BIO entity tag, sentences apart */
    WEFT_FMT_HTML   /* one self-contained HTML page: entities marked, an index */
} weft_format;

typedef enum { WEFT_OFF_BYTES = 0, WEFT_OFF_CODEPOINTS, WEFT_OFF_UTF16 } weft_offunit;

/* The layers and attributes the tsv, conll and text formats read. A NULL
 * field means "not given here": the writer takes the pipeline's
 * declaration (weft_pipeline_output_names), then the defaults entity,
 * token, sentence, source and report. */
typedef struct weft_output_names {
    const char *entity_layer;   /* tsv and conll: one entity per record, its label */
    const char *token_layer;    /* conll: one line per record */
    const char *sentence_layer; /* conll: a blank line after each record */
    const char *source_attr;    /* tsv: the entity attribute of the last column */
    const char *report_attr;    /* text: a string document attribute printed instead */
} weft_output_names;

/* Fields of dst still NULL take src's (src may be NULL), then the
 * defaults. */
void weft_output_names_resolve(weft_output_names *dst, const weft_output_names *src);
/* Non-empty, at most 128 bytes of ASCII letters, digits, '_', '.', '-'. */
int weft_output_name_valid(const char *s);
/* The i-th name (0 entity_layer .. 4 report_attr); NULL past the end. */
const char **weft_output_name_slot(weft_output_names *n, int i);
/* What the pipeline's script declared (weft.pipeline { output = {...} }). */
const weft_output_names *weft_pipeline_output_names(const weft_pipeline *p);
/* Every layer name given in n (entity_layer, token_layer, sentence_layer;
 * NULL fields are not given) must be one a stage of p declares it provides:
 * a mistyped name would otherwise write empty tsv or conll output without a
 * word. 0, or -1 with a message naming the option (from_options:
 * "--entity-layer") or the script's output field, and the layers there are. */
int weft_pipeline_check_output(const weft_pipeline *p, const weft_output_names *n, int from_options,
                               char *err, size_t errsz);
/* Whether a stage of p declares it provides name: a layer ("token"), a view
 * ("view:text") or a document attribute ("attr:title"). */
int weft_pipeline_provides(const weft_pipeline *p, const char *name);
/* The name a stage of p provides nearest to name, of the same kind ("attr:"
 * names against attributes: "digestt" for "attr:digestt" gives "digest"),
 * without its kind; NULL when none is near. */
const char *weft_pipeline_nearest_provide(const weft_pipeline *p, const char *name);

typedef struct weft_writer_opts {
    weft_format format;
    weft_offunit offsets;
    int span_text;    /* add "text" to each record */
    int color;        /* text format: ANSI colours */
    const char *view; /* view to write; NULL = "text" if present else "raw" */
    /* Borrowed: the names must outlive the writer. */
    weft_output_names names;
    int show_removed; /* html: the blocks the boilerplate stage removed, greyed */
} weft_writer_opts;

typedef struct weft_writer weft_writer;

weft_writer *weft_writer_new(FILE *f, const weft_writer_opts *o);
/* 0 or an errno value (write error, e.g. EPIPE or ENOSPC). */
int weft_writer_doc(weft_writer *w, const weft_doc *d);
/* Closes a JSON array or the HTML page (writing its index), flushes. 0 or
 * errno. */
int weft_writer_finish(weft_writer *w);
void weft_writer_free(weft_writer *w);
/* Parse "jsonl|json|text|tsv|conll|html" and "bytes|codepoints|utf16"; -1 if unknown. */
int weft_format_parse(const char *s);
int weft_offunit_parse(const char *s);

/* ------------------------------------------------------------------------ */
/* The run loop                                                              */

typedef struct weft_stage_stats {
    uint64_t ns;   /* time inside process() (with weft_run_opts.timing) */
    uint64_t docs; /* documents processed */
    uint64_t failed;
} weft_stage_stats;

typedef struct weft_run_stats {
    uint64_t docs;   /* documents read (good and bad) */
    uint64_t failed; /* documents with at least one error */
    uint64_t bytes;  /* bytes of raw text */
    double seconds;
    int write_errno;          /* output failed: the run stopped */
    int interrupted;          /* stopped early by opts->interrupt */
    weft_stage_stats *stages; /* one per stage; free with weft_run_stats_free */
    size_t nstages;
    /* With fail_fast, the id of the document that stopped the run, cut to
     * fit ("" when not known: weft_run_isolated leaves it so). */
    char failed_id[128];
    /* The first failed document's first error, "STAGE: MESSAGE", its first
     * line, cut to fit ("" when not known), for a summary to show. */
    char failed_msg[256];
} weft_run_stats;

typedef struct weft_run_opts {
    int fail_fast; /* stop after the first failed document */
    int timing;    /* per-stage times in stats */
    int jobs;      /* worker threads; <= 1 runs everything on the caller's thread */
    /* When set and non-zero (a signal handler's flag), no more documents are
     * read; those in flight are finished and written. */
    volatile sig_atomic_t *interrupt;
    /* Called on the caller's thread about every progress_ms (0: never)
     * with the stats so far and the reader's consumed bytes. */
    void (*progress)(void *ud, const weft_run_stats *st, uint64_t consumed);
    void *progress_ud;
    unsigned progress_ms;
} weft_run_opts;

/* Read every document, process it, write it, in input order; the caller's
 * thread reads and writes, and memory stays bounded whatever the input
 * size. Stage messages go to the engine's log sink. 0 when the run went to
 * the end (documents may have failed: see stats), else a message in err
 * (worker setup or output failure). w may be NULL (nothing written). */
/* For an atexit handler, when a stage calls exit() in the middle of a run
 * (without isolation): in the thread that called it, write every document
 * finished before the one it was processing, in input order, and finish the
 * writer (weft_writer_finish; flushing its FILE is the caller's), waiting
 * for the other threads to finish the documents before it. Called outside
 * a document on weft_run's calling thread (a stage's create() or destroy(),
 * which run there), it writes what is finished and finishes the writer.
 * 1 when done, 2 when done in destroy() after the run went to the end
 * (every document is written: the output is complete), 0 when this thread
 * takes no part in a weft_run, -1 on a write error. Not for a signal
 * handler. */
int weft_run_salvage(void);
int weft_run(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
             weft_run_stats *stats, char *err, size_t errsz);
void weft_run_stats_free(weft_run_stats *s);

/* ------------------------------------------------------------------------ */
/* Isolated runs                                                             */

/* For a pipeline of plugins one does not trust not to crash: with
 * weft_run_isolated, a plugin that dies of a signal (SIGSEGV, SIGBUS,
 * SIGFPE, SIGILL, abort) or runs past doc_timeout costs the document it was
 * on, not the run. Set size (weft_isolate_opts_init does), so that a
 * program built against this header keeps working when fields are added. */
typedef struct weft_isolate_opts {
    size_t size;
    double doc_timeout; /* seconds one document may run; 0 = no limit */
} weft_isolate_opts;

void weft_isolate_opts_init(weft_isolate_opts *o);

/* weft_run with the pipeline in o->jobs worker processes (at least one),
 * forked from the caller after the pipeline is open (open() and create()
 * run once, in the caller; each process starts from a copy). The caller's
 * thread reads, writes and watches the workers. A document whose worker
 * dies is tried once more in a new worker, then written with an error
 * record naming the stage, the plugin file and the signal; a document past
 * the timeout fails at once. The output is byte for byte what weft_run
 * writes for every other document, in input order, and the stats, progress,
 * interrupt, fail_fast and exit status mean the same. w must not be NULL.
 * Call it from a process with no other threads of its own (fork). */
int weft_run_isolated(weft_pipeline *p, weft_reader *r, weft_writer *w, const weft_run_opts *o,
                      const weft_isolate_opts *io, weft_run_stats *stats, char *err, size_t errsz);

/* When a plugin crashes the process (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
 * SIGABRT inside process()), say which stage, plugin file and document it
 * was working on before the process dies as it would have. Process-wide
 * signal handlers: a command-line program installs them once; a library
 * embedding weft usually should not. */
void weft_crash_install(void);
/* A file the crash handlers remove before the process dies (a run's
 * temporary output file); NULL forgets it. For weft_crash_install's users. */
void weft_crash_remove_on_death(const char *path);
/* Remove it now (async-signal-safe: from a program's own signal handler). */
void weft_crash_remove_now(void);
/* Say, on stderr, which stage a process ended by exit() was running (for a
 * program's atexit handler while a run is in progress). */
void weft_crash_exit_report(void);
/* The same, with what the exit() cut short said by the caller: `outcome`
 * follows the stage's name ("before the run began: nothing was read"). */
void weft_crash_exit_report_as(const char *outcome);

#ifdef __cplusplus
}
#endif
#endif
