/*
 * weft/plugin.h - the one header a weft plugin includes.
 *
 * A plugin is a shared object that exports one function, weft_plugin_v1(),
 * returning a constant descriptor (struct weft_plugin). The descriptor lists
 * stage classes; each class has a typed parameter table and five callbacks:
 *
 *   open     once per pipeline, single-threaded: read the validated conf,
 *            load lexicons, compile patterns, intern names. The result
 *            ("shared") is read-only afterwards and shared by all workers.
 *   create   once per worker thread: per-thread scratch ("state").
 *   process  once per document, on the worker thread that created state.
 *   destroy  frees state.   close  frees shared.
 *
 * Plugins never link against weft symbols and never see Lua: every service
 * comes through the host table (struct weft_host) handed to open, create and
 * process. This keeps a plugin loadable by any weft that speaks the same ABI
 * major, and testable with a fake host.
 *
 * Memory: the core owns documents, their views, layers and attributes; they
 * live in a per-document arena that is reset after each document. A plugin
 * owns shared and state and frees them in close and destroy. Pointers the host
 * returns are borrowed: valid until the next call that adds to the same
 * layer or until process returns, whichever comes first.
 *
 * Threading: host functions that take a weft_doc may be called only by the
 * worker thread inside process for that document. Functions that take a
 * weft_setup may be called only inside open. Everything else is thread-safe.
 *
 * Versioning: WEFT_ABI_MAJOR changes only when a struct changes in a way an
 * old plugin or old core cannot survive; it is part of the entry symbol's
 * name. WEFT_ABI_MINOR grows when functions are appended to struct weft_host
 * or fields to the end of a single struct; the size fields say how much each
 * side knows. Structs that come in arrays (weft_ann, weft_attr, weft_param)
 * never change within a major: their sizes are in WEFT_ABI_FINGERPRINT.
 *
 * Self-contained C11: includes only <stddef.h>, <stdint.h> and <stdarg.h>.
 */
#ifndef WEFT_PLUGIN_H
#define WEFT_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WEFT_ABI_MAJOR 1
#define WEFT_ABI_MINOR 3

/* ------------------------------------------------------------------------ */
/* Names                                                                     */

/*
 * Interned name: layer, view, label and attribute-key names are small
 * integers. 0 means "none". Names interned in open() are global to the
 * pipeline; names first seen while processing a document are local to that
 * document (the host handles both alike).
 */
typedef uint32_t weft_sym;

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

enum weft_status {
    WEFT_OK = 0,
    WEFT_EINVAL = 1, /* bad argument or configuration */
    WEFT_ENOMEM = 2, /* allocation failed or memory cap reached */
    WEFT_EIO = 3,    /* a file could not be read */
    WEFT_EDATA = 4,  /* the document (or a data file) is malformed */
    WEFT_ELIMIT = 5, /* a size, time or instruction limit was reached */
    WEFT_EINTERNAL = 6
};

/*
 * Filled by a plugin callback that fails; the core prints msg verbatim with
 * the plugin, stage and document it came from. offset is a byte offset into
 * the document's default view (host->default_view()), or -1 when the error
 * has no position. Use host->fail() to fill it printf-style.
 */
typedef struct weft_error {
    int32_t code; /* enum weft_status */
    int32_t reserved;
    int64_t offset;
    char msg[496];
} weft_error;

/* ------------------------------------------------------------------------ */
/* Annotations                                                               */

/*
 * One record of a layer. Offsets are UTF-8 byte offsets into the layer's
 * view, half-open. A layer is kept sorted by (begin ascending, end
 * descending); stages may append in any order and the core re-sorts.
 */
typedef struct weft_ann {
    uint32_t begin, end;
    weft_sym label; /* e.g. "PER", "word"; 0 when unset */
    float score;    /* NAN when unset */
    uint32_t attrs; /* first attribute in the document's pool */
    uint16_t nattrs;
    uint16_t flags; /* reserved for the core; plugins leave it alone */
} weft_ann;

/*
 * A record as add_many() takes it: the fields add() takes, one per record.
 * Arrays of it cross the ABI, so its layout (16 bytes, no padding) never
 * changes within a major.
 */
typedef struct weft_span {
    uint32_t begin, end;
    weft_sym label; /* 0 when unset */
    float score;    /* NAN when unset */
} weft_span;
#ifndef __cplusplus
_Static_assert(sizeof(weft_span) == 16, "weft_span: 16 bytes in every build");
#endif

enum weft_vtype {
    WEFT_V_NONE = 0,
    WEFT_V_BOOL = 1,
    WEFT_V_INT = 2,
    WEFT_V_NUM = 3,
    WEFT_V_STR = 4,  /* UTF-8 bytes, not NUL-terminated inside a doc */
    WEFT_V_SYM = 5,  /* an interned name */
    WEFT_V_LIST = 6, /* parameter trees only (weft_node) */
    WEFT_V_MAP = 7   /* parameter trees only (weft_node) */
};

/* A typed value: an attribute of an annotation or of a document. */
typedef struct weft_value {
    uint32_t type; /* enum weft_vtype */
    uint32_t len;  /* bytes of str for WEFT_V_STR */
    union {
        int b;
        int64_t i;
        double d;
        const char *str;
        weft_sym sym;
    } u;
} weft_value;

typedef struct weft_attr {
    weft_sym key;
    uint32_t reserved;
    weft_value value;
} weft_attr;

/* ------------------------------------------------------------------------ */
/* Parameters                                                                */

/*
 * A tree of parameter data, for WEFT_P_TABLE parameters: whatever Lua table
 * the user wrote, converted once by the core. LIST and MAP nodes hold n
 * children in kids; children of a MAP carry their key. Strings are
 * NUL-terminated. Valid from open() until close().
 */
typedef struct weft_node {
    uint32_t type; /* enum weft_vtype, never WEFT_V_SYM */
    uint32_t n;    /* children (LIST, MAP) or string bytes (STR) */
    const char *key;
    union {
        int b;
        int64_t i;
        double d;
        const char *str;
        const struct weft_node *kids;
    } u;
} weft_node;

/* A list of strings, for WEFT_P_LIST parameters. */
typedef struct weft_strlist {
    size_t n;
    const char *const *items;
} weft_strlist;

/*
 * Parameter types and the C type the core writes at conf + offset:
 *   WEFT_P_BOOL   int (0 or 1)
 *   WEFT_P_INT    int64_t, checked against [min, max]
 *   WEFT_P_NUM    double, checked against [min, max]
 *   WEFT_P_STR    const char *
 *   WEFT_P_PATH   const char *, made absolute relative to the script's folder
 *   WEFT_P_ENUM   int, the index of the value in choices
 *   WEFT_P_LIST   weft_strlist (a Lua array of strings, or one string)
 *   WEFT_P_TABLE  const weft_node * (any Lua table; NULL when not given)
 * Strings and trees stay valid from open() until close().
 */
typedef enum weft_ptype {
    WEFT_P_BOOL = 1,
    WEFT_P_INT,
    WEFT_P_NUM,
    WEFT_P_STR,
    WEFT_P_PATH,
    WEFT_P_ENUM,
    WEFT_P_LIST,
    WEFT_P_TABLE
} weft_ptype;

#define WEFT_PARAM_REQUIRED 0x1u /* the user must give it; def is ignored */

/*
 * One row of a stage's parameter table; the table ends with a row whose name
 * is NULL. def is the default written as text ("0.5", "true", "sentence",
 * "PER,ORG" for a list) or NULL for none (zero / NULL / empty list).
 * choices is "a|b|c" for WEFT_P_ENUM. min and max bound INT and NUM when
 * min < max.
 */
typedef struct weft_param {
    const char *name;
    weft_ptype type;
    uint32_t flags;
    const char *def;
    double min, max;
    const char *choices;
    size_t offset; /* offsetof(your_conf, field) */
    const char *doc;
} weft_param;

/* ------------------------------------------------------------------------ */
/* The host table                                                            */

typedef struct weft_doc weft_doc;     /* one document, inside process() */
typedef struct weft_setup weft_setup; /* the pipeline being built, in open() */

enum weft_log_level {
    WEFT_LOG_ERROR = 0,
    WEFT_LOG_WARN = 1,
    WEFT_LOG_INFO = 2,
    WEFT_LOG_DEBUG = 3
};
/* OR'ed into the level of a document's warning (host->doc_log): advice
 * that is the same for every document it concerns ("this pipeline reads no
 * HTML"), said for the first such document of a run only, then counted
 * (other warnings are said warn_repeats times, three by default). The
 * count line at the end names it by its text up to its first " (", so a
 * long piece of advice is not said twice whole. */
#define WEFT_LOG_ONCE 0x100

/* One run of an offset map: bytes [dst, dst+len) of a new view were copied
 * from bytes [src, src+len) of its base view. */
typedef struct weft_offrun {
    uint32_t dst, src, len;
} weft_offrun;

typedef struct weft_host {
    uint32_t size; /* sizeof(weft_host) as the core knows it */
    uint32_t abi_minor;

    /* --- setup: only inside open() --- */

    /* Intern a name for the whole pipeline; 0 on allocation failure, or
     * when the name is new and the engine's names froze (its first
     * worker exists). Fail open() on 0 with any message: the core reports
     * the frozen case itself, naming the refused name. */
    weft_sym (*intern)(weft_setup *s, const char *name);
    /* Find a data file: absolute paths as they are, others against the
     * script's folder, then the plugin's own folder, then PREFIX/share/weft
     * when the plugin is installed in PREFIX/lib/weft/plugins. Ship data as
     * "NAME/file" (plugins/NAME/data/file in the source tree). Writes at
     * most size bytes; returns 0 when the file exists, WEFT_EIO otherwise. */
    int (*resolve_path)(weft_setup *s, const char *name, char *out, size_t size);
    void (*setup_log)(weft_setup *s, int level, const char *fmt, ...);

    /* --- documents: only inside process(), for the doc it was given --- */

    /* The document's id ("path", "path:line" for JSON Lines). */
    const char *(*doc_id)(const weft_doc *d);
    /* Name of a symbol, global or document-local. */
    const char *(*sym_name)(const weft_doc *d, weft_sym sym);
    /* Find a name, interning it locally for this document if new. */
    weft_sym (*sym)(weft_doc *d, const char *name);

    /* Text of a view and its length; NULL when the doc has no such view. */
    const char *(*view)(const weft_doc *d, weft_sym view, size_t *len);
    /* The view stages should read by default: "text" if present, else "raw". */
    weft_sym (*default_view)(const weft_doc *d);
    /* Add a view (text is copied). runs map byte ranges of the new view back
     * to base; pass nruns 0 when there is no map. Fails with WEFT_EINVAL if
     * the view exists, WEFT_EDATA if text is not valid UTF-8. */
    int (*view_add)(weft_doc *d, weft_sym view, const char *text, size_t len, weft_sym base,
                    const weft_offrun *runs, size_t nruns);

    /* Records of a layer; returns the count and sets *out (NULL when empty).
     * Sorted by (begin, -end) for layers of earlier stages; a layer the
     * calling stage appended to out of order is sorted only after its
     * process() returns. */
    size_t (*layer)(const weft_doc *d, weft_sym layer, const weft_ann **out);
    /* Which view a layer indexes into; 0 if the layer does not exist. */
    weft_sym (*layer_view)(const weft_doc *d, weft_sym layer);
    /* Create an empty layer over a view; a layer that exists must already
     * use that view. Adding to a layer that does not exist creates it over
     * default_view(). */
    int (*layer_new)(weft_doc *d, weft_sym layer, weft_sym view);
    /* Append a record; returns its index in the layer (stable until process
     * returns) or -1 when out of memory or when the span is outside the view
     * or not on UTF-8 character boundaries (the error names the stage). */
    int64_t (*add)(weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end, weft_sym label,
                   float score);
    /* Set an attribute of the record at index idx (as returned by add). */
    int (*ann_set)(weft_doc *d, weft_sym layer, int64_t idx, weft_sym key, const weft_value *v);
    /* Attributes of a record; returns the count. */
    size_t (*ann_attrs)(const weft_doc *d, const weft_ann *a, const weft_attr **out);
    /* Index range [*first, *first + count) of the records whose begin lies in
     * [begin, end). Binary search on a sorted layer. */
    size_t (*starting_in)(const weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end,
                          size_t *first);

    /* Document attributes. A string value is copied. */
    int (*doc_set)(weft_doc *d, weft_sym key, const weft_value *v);
    const weft_value *(*doc_get)(const weft_doc *d, weft_sym key);

    /* Scratch memory that lives until the document is done; 16-byte
     * aligned; NULL when out of memory. Never free it. */
    void *(*alloc)(weft_doc *d, size_t size);

    /* Fill err (printf-style), return code: `return host->fail(err,
     * WEFT_EDATA, -1, "bad thing at %zu", pos);` */
    int (*fail)(weft_error *err, int code, int64_t offset, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 4, 5)))
#endif
        ;
    /* A warning or note about this document, shown with its id. */
    void (*doc_log)(const weft_doc *d, int level, const char *fmt, ...)
#if defined(__GNUC__)
        __attribute__((format(printf, 3, 4)))
#endif
        ;

    /* --- ABI minor 1. A plugin whose descriptor says minor 1 always gets
     * them (the loader refuses a minor newer than the core's); one that
     * declares minor 0 to load on older cores checks host->size first. */

    /* Read a whole data file, found as resolve_path finds it; only inside
     * open(). One reader for every plugin, so each data file is read the
     * same way and every error names it. max_bytes refuses a larger file
     * (0: WEFT_DATA_FILE_MAX). On success *data holds the bytes followed
     * by a NUL (not counted in *len) and belongs to the plugin until it
     * passes it to free_data (never to free(): the core and the plugin may
     * not share an allocator). Fails with WEFT_EIO (missing or unreadable),
     * WEFT_ELIMIT (larger than max_bytes) or WEFT_ENOMEM, err filled with a
     * message that names the file; errors inside the file (with their line)
     * are the plugin's to report. */
    int (*read_file)(weft_setup *s, const char *name, size_t max_bytes, char **data, size_t *len,
                     weft_error *err);
    /* Release what read_file returned; NULL is ignored. Thread-safe. */
    void (*free_data)(char *data);

    /* --- ABI minor 3; a plugin that declares an older minor checks
     * host->size before calling it (see minor 1). */

    /* Append n records in order, as n calls of add() would, and return the
     * index of the first (stable until process returns). When one span is
     * outside the view or off UTF-8 character boundaries, or memory runs
     * out, none of the n is added, the warning names the first bad span,
     * and -1 is returned. For a stage that adds many records a document (a
     * tokenizer's one a word): a call a batch of a few hundred instead of
     * one a record, with the checks run in one loop. */
    int64_t (*add_many)(weft_doc *d, weft_sym layer, const weft_span *spans, size_t n);
} weft_host;

/* Largest data file read_file reads when the plugin names no limit. */
#define WEFT_DATA_FILE_MAX ((size_t)1 << 30)

/* ------------------------------------------------------------------------ */
/* Stage classes and the plugin descriptor                                   */

/*
 * The labels the records of one layer may carry: a stage says which labels
 * it writes into a layer it provides, and which it reads from a layer it
 * requires, so that `weft check` catches a consumer that waits for a label
 * its provider never writes (a renamed token kind) instead of the run
 * silently finding none. labels is NULL-terminated; an empty list means
 * the records carry no label; a "*" item means "these and others" (labels
 * that come from parameters, such as a user's gazetteer). Arrays of it end
 * with a row whose layer is NULL. Two pointers: its layout never changes.
 */
typedef struct weft_labels {
    const char *layer;
    const char *const *labels;
} weft_labels;

#define WEFT_STAGE_PURE   0x1u /* output depends only on the doc and conf */
#define WEFT_STAGE_SERIAL 0x2u /* process() is not thread-safe: serialise it */

typedef struct weft_stage_class {
    uint32_t size; /* sizeof(weft_stage_class) */
    uint32_t flags;
    const char *name;    /* unique among loaded plugins: [a-z][a-z0-9_]* */
    const char *summary; /* one line */
    /* NULL-terminated lists of layer names ("token"), view names
     * ("view:text") or document attributes ("attr:title"); NULL for none. */
    const char *const *requires;
    const char *const *provides;
    const weft_param *params; /* ends with a row whose name is NULL */
    size_t conf_size;         /* bytes of your conf struct */

    /* Any callback but process may be NULL when there is nothing to do;
     * without create, process receives shared as its state (and destroy is
     * not called). Each returns WEFT_OK or fills err and returns its code. */
    int (*open)(const weft_host *host, weft_setup *setup, const void *conf, void **shared,
                weft_error *err);
    int (*create)(const weft_host *host, void *shared, void **state, weft_error *err);
    int (*process)(const weft_host *host, void *state, weft_doc *doc, weft_error *err);
    void (*destroy)(void *state);
    void (*close)(void *shared);

    /* --- ABI 1.1; the core reads these only when size covers them --- */
    /* Labels written into provided layers, and labels read from required
     * ones (see weft_labels); NULL, or a layer not listed, declares nothing:
     * an undeclared provider satisfies any expectation. */
    const weft_labels *provides_labels;
    const weft_labels *requires_labels;

    /* --- optional; the core reads it only when size covers it --- */
    /* `weft train STAGE ARGS...`: a stage with a learned model trains it
     * here, with the stage's own feature code, so what is learned is what
     * runs. argv holds ARGS (the stage parses them, prints its help for
     * --help and its progress on stderr); setup serves read_file
     * (relative names: the current folder, then the plugin's own data) and
     * setup_log, as in open() (intern is not for it). Returns WEFT_OK, or
     * fills err: a message naming the file and line of bad data
     * (WEFT_EDATA; `weft train` exits 1), or saying which argument is wrong
     * (WEFT_EINVAL; exit 2, a usage error). NULL: the stage has nothing to
     * train. */
    int (*train)(const weft_host *host, weft_setup *setup, int argc, char *const *argv,
                 weft_error *err);
} weft_stage_class;

/* A check of every size that fixes an array stride or a struct layout. */
#define WEFT_ABI_FINGERPRINT                                                                       \
    ((uint32_t)((sizeof(void *) << 24) | (sizeof(weft_ann) << 16) | (sizeof(weft_attr) << 8) |     \
                sizeof(weft_param)))

typedef struct weft_plugin {
    uint32_t abi_major; /* WEFT_ABI_MAJOR */
    uint32_t abi_minor; /* WEFT_ABI_MINOR */
    uint32_t size;      /* sizeof(weft_plugin) */
    uint32_t fingerprint;
    const char *name; /* [a-z][a-z0-9_]* */
    const char *version;
    const char *license; /* SPDX id */
    const char *summary;
    const weft_stage_class *const *stages; /* NULL-terminated */
} weft_plugin;

/* Fills the four ABI fields of a weft_plugin initialiser. */
#define WEFT_PLUGIN_HEADER                                                                         \
    .abi_major = WEFT_ABI_MAJOR, .abi_minor = WEFT_ABI_MINOR, .size = sizeof(weft_plugin),         \
    .fingerprint = WEFT_ABI_FINGERPRINT

#if defined(__GNUC__)
#define WEFT_EXPORT __attribute__((visibility("default")))
#else
#define WEFT_EXPORT
#endif

/*
 * WEFT_PLUGIN(desc) emits the entry point. The function must stay pure: the
 * core calls it to list plugins without running any of their code.
 * Built with -DWEFT_BUILTIN_NAME=name the same source instead emits
 * weft_builtin_<name>(), for linking a plugin statically into weft.
 */
#define WEFT_CAT_(a, b) a##b
#define WEFT_CAT(a, b)  WEFT_CAT_(a, b)
#ifdef WEFT_BUILTIN_NAME
#define WEFT_PLUGIN(desc)                                                                          \
    const weft_plugin *WEFT_CAT(weft_builtin_, WEFT_BUILTIN_NAME)(void);                           \
    const weft_plugin *WEFT_CAT(weft_builtin_, WEFT_BUILTIN_NAME)(void) {                          \
        return &(desc);                                                                            \
    }
#else
#define WEFT_PLUGIN(desc)                                                                          \
    WEFT_EXPORT const weft_plugin *weft_plugin_v1(void);                                           \
    WEFT_EXPORT const weft_plugin *weft_plugin_v1(void) {                                          \
        return &(desc);                                                                            \
    }
#endif

#ifdef __cplusplus
}
#endif
#endif /* WEFT_PLUGIN_H */
