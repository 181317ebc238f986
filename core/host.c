/* The host table: the only way plugins reach the core. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "file.h"

static weft_sym h_intern(weft_setup *s, const char *name) {
    if (!name) return 0;
    weft_sym sym;
    /* The plugin only sees 0; the core remembers why, so that an open()
     * failing on it is reported as frozen names rather than the plugin's
     * usual "out of memory". */
    if (weft_symtab_add(s->eng->syms, name, strlen(name), &sym) == WEFT_SYMTAB_FROZEN &&
        !s->frozen_name[0])
        snprintf(s->frozen_name, sizeof s->frozen_name, "%s", name);
    return sym;
}

static int exists(const char *path) {
    return access(path, R_OK) == 0;
}

/* Where a relative data-file name is looked for, in order: the script's
 * folder, the plugin's folder (the build tree keeps data there), and
 * PREFIX/share/weft for a plugin in PREFIX/lib/weft/plugins (where `make
 * install` puts data). Unused entries are NULL. */
static void data_dirs(weft_setup *s, char share[4096], const char *dirs[3]) {
    const char *pdir = s->stage->plugin ? s->stage->plugin->dir : NULL;
    share[0] = '\0';
    if (pdir) snprintf(share, 4096, "%s/../../../share/weft", pdir);
    dirs[0] = s->p->spec.script_dir;
    dirs[1] = pdir;
    dirs[2] = share[0] ? share : NULL;
}

static int h_resolve_path(weft_setup *s, const char *name, char *out, size_t size) {
    if (!name || !*name || size == 0) return WEFT_EINVAL;
    char share[4096];
    const char *dirs[3];
    data_dirs(s, share, dirs);
    if (name[0] == '/') {
        if ((size_t)snprintf(out, size, "%s", name) >= size) return WEFT_EINVAL;
        return exists(out) ? WEFT_OK : WEFT_EIO;
    }
    for (size_t i = 0; i < 3; i++) {
        if (!dirs[i]) continue;
        if ((size_t)snprintf(out, size, "%s/%s", dirs[i], name) >= size) return WEFT_EINVAL;
        if (exists(out)) return WEFT_OK;
    }
    snprintf(out, size, "%s", name);
    return WEFT_EIO;
}

static int h_read_file(weft_setup *s, const char *name, size_t max_bytes, char **data, size_t *len,
                       weft_error *err) {
    *data = NULL;
    *len = 0;
    err->offset = -1;
    char path[4096];
    int rc = h_resolve_path(s, name, path, sizeof path);
    if (rc == WEFT_EINVAL) {
        snprintf(err->msg, sizeof err->msg, "cannot open %s: %s", name ? name : "(null)",
                 name && *name ? "path too long" : "no file name");
        return err->code = WEFT_EINVAL;
    }
    if (rc != WEFT_OK && name[0] != '/') { /* an absolute path: open() says why */
        char share[4096];
        const char *dirs[3];
        data_dirs(s, share, dirs);
        size_t o = (size_t)snprintf(err->msg, sizeof err->msg, "cannot find %s (looked in", name);
        size_t k = 0;
        for (size_t i = 0; i < 3; i++)
            if (dirs[i] && o < sizeof err->msg)
                o += (size_t)snprintf(err->msg + o, sizeof err->msg - o, "%s %s", k++ ? "," : "",
                                      dirs[i]);
        if (o < sizeof err->msg)
            snprintf(err->msg + o, sizeof err->msg - o, "%s)", k ? "" : " no folder");
        return err->code = WEFT_EIO;
    }
    rc = weft_read_file(path, max_bytes ? max_bytes : WEFT_DATA_FILE_MAX, data, len, err->msg,
                        sizeof err->msg);
    return err->code = rc;
}

static void h_free_data(char *data) {
    free(data);
}

static void h_setup_log(weft_setup *s, int level, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    weft_engine_log(s->eng, level, "stage '%s': %s", s->stage->name, msg);
}

static const char *h_doc_id(const weft_doc *d) {
    return d->id;
}

static const char *h_sym_name(const weft_doc *d, weft_sym sym) {
    return weft_doc_sym_name(d, sym);
}

static weft_sym h_sym(weft_doc *d, const char *name) {
    return name ? weft_doc_sym(d, name, strlen(name)) : 0;
}

static const char *h_view(const weft_doc *d, weft_sym view, size_t *len) {
    const weft_view *v = weft_doc_view(d, view);
    if (len) *len = v ? v->len : 0;
    return v ? v->text : NULL;
}

static weft_sym h_default_view(const weft_doc *d) {
    return weft_doc_default_view(d);
}

static int h_view_add(weft_doc *d, weft_sym view, const char *text, size_t len, weft_sym base,
                      const weft_offrun *runs, size_t nruns) {
    return weft_doc_view_add(d, view, text, len, base, runs, nruns);
}

static size_t h_layer(const weft_doc *d, weft_sym layer, const weft_ann **out) {
    const weft_layer *l = weft_doc_layer(d, layer);
    *out = l && l->n ? l->a : NULL;
    return l ? l->n : 0;
}

static weft_sym h_layer_view(const weft_doc *d, weft_sym layer) {
    const weft_layer *l = weft_doc_layer(d, layer);
    return l ? l->view : 0;
}

static int h_layer_new(weft_doc *d, weft_sym layer, weft_sym view) {
    return weft_doc_layer_new(d, layer, view, NULL);
}

static void h_doc_log(const weft_doc *d, int level, const char *fmt, ...);

/* add() past the hot path: every check, and the warning when it fails. */
#if defined(__GNUC__)
#define H_NOINLINE __attribute__((noinline))
#else
#define H_NOINLINE
#endif
static H_NOINLINE int64_t h_add_checked(weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end,
                                        weft_sym label, float score) {
    const char *why = NULL;
    int64_t idx = weft_doc_add(d, layer, begin, end, label, score, &why);
    if (idx < 0) {
        const char *ln = weft_doc_sym_name(d, layer);
        h_doc_log(d, WEFT_LOG_WARN, "stage '%s': cannot add [%u, %u) to layer '%s': %s",
                  d->stage ? d->stage : "?", begin, end, ln ? ln : "?", why ? why : "?");
    }
    return idx;
}

/* Once per record: the hot path without a call, so that it saves no
 * registers for the warning's. */
static int64_t h_add(weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end, weft_sym label,
                     float score) {
    int64_t idx = weft_doc_add_hot(d, layer, begin, end, label, score);
    return idx >= 0 ? idx : h_add_checked(d, layer, begin, end, label, score);
}

static int64_t h_add_many(weft_doc *d, weft_sym layer, const weft_span *spans, size_t n) {
    const char *why = NULL;
    size_t bad;
    int64_t idx = spans || !n ? weft_doc_add_many(d, layer, spans, n, &why, &bad) : -1;
    if (idx < 0) {
        const char *ln = weft_doc_sym_name(d, layer);
        if (!spans || bad >= n)
            h_doc_log(d, WEFT_LOG_WARN, "stage '%s': cannot add %zu records to layer '%s': %s",
                      d->stage ? d->stage : "?", n, ln ? ln : "?",
                      spans ? (why ? why : "?") : "no records given");
        else
            h_doc_log(d, WEFT_LOG_WARN,
                      "stage '%s': cannot add [%u, %u) to layer '%s': %s (none of the %zu "
                      "records of the batch added)",
                      d->stage ? d->stage : "?", spans[bad].begin, spans[bad].end, ln ? ln : "?",
                      why ? why : "?", n);
    }
    return idx;
}

static int h_ann_set(weft_doc *d, weft_sym layer, int64_t idx, weft_sym key, const weft_value *v) {
    return v ? weft_doc_ann_set(d, layer, idx, key, v) : WEFT_EINVAL;
}

static size_t h_ann_attrs(const weft_doc *d, const weft_ann *a, const weft_attr **out) {
    return weft_doc_ann_attrs(d, a, out);
}

static size_t h_starting_in(const weft_doc *d, weft_sym layer, uint32_t begin, uint32_t end,
                            size_t *first) {
    return weft_layer_starting_in(weft_doc_layer(d, layer), begin, end, first);
}

static int h_doc_set(weft_doc *d, weft_sym key, const weft_value *v) {
    return v ? weft_doc_attr_set(d, key, v) : WEFT_EINVAL;
}

static const weft_value *h_doc_get(const weft_doc *d, weft_sym key) {
    return weft_doc_attr_get(d, key);
}

static void *h_alloc(weft_doc *d, size_t size) {
    return weft_arena_alloc(&d->arena, size);
}

static int h_fail(weft_error *err, int code, int64_t offset, const char *fmt, ...) {
    if (!err) return code;
    err->code = code;
    err->offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

static void h_doc_log(const weft_doc *d, int level, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (d->log)
        d->log(d->log_ud, d, level, msg);
    else
        fprintf(stderr, "weft: %s: %s\n", d->id, msg);
}

void weft_host_init(weft_host *h) {
    memset(h, 0, sizeof *h);
    h->size = sizeof *h;
    h->abi_minor = WEFT_ABI_MINOR;
    h->intern = h_intern;
    h->resolve_path = h_resolve_path;
    h->setup_log = h_setup_log;
    h->doc_id = h_doc_id;
    h->sym_name = h_sym_name;
    h->sym = h_sym;
    h->view = h_view;
    h->default_view = h_default_view;
    h->view_add = h_view_add;
    h->layer = h_layer;
    h->layer_view = h_layer_view;
    h->layer_new = h_layer_new;
    h->add = h_add;
    h->add_many = h_add_many;
    h->ann_set = h_ann_set;
    h->ann_attrs = h_ann_attrs;
    h->starting_in = h_starting_in;
    h->doc_set = h_doc_set;
    h->doc_get = h_doc_get;
    h->alloc = h_alloc;
    h->fail = h_fail;
    h->doc_log = h_doc_log;
    h->read_file = h_read_file;
    h->free_data = h_free_data;
}
