/* The embedding API of include/weft/weft.h, on top of the engine,
 * pipeline, worker and writer the CLI uses. */
#define _GNU_SOURCE /* dladdr: where libweft itself lives */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "file.h"
#include "profiles.h"
#include "weft/weft.h"
#include "writer.h"

struct weft_processor {
    weft_worker *w;
    weft_doc *d;
};

/* The folder of libweft.so, or of the program libweft.a was linked into. */
static const char lib_anchor; /* any object of this library will do */

static const char *lib_dir(char *buf, size_t size) {
    Dl_info info;
    if (!dladdr(&lib_anchor, &info) || !info.dli_fname) return NULL;
    snprintf(buf, size, "%s", info.dli_fname);
    char *slash = strrchr(buf, '/');
    if (!slash) return NULL;
    *slash = '\0';
    return buf;
}

weft_engine *weft_open(const char *plugin_path, char *err, size_t errsz) {
    weft_engine *e = weft_engine_new();
    if (!e) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    char dir[4096];
    int bad = weft_engine_load_plugins(e, plugin_path, lib_dir(dir, sizeof dir));
    if (bad != 0) {
        int n = snprintf(err, errsz, bad < 0 ? "out of memory" : "plugins failed to load:");
        for (size_t i = 0; bad > 0 && i < e->reg.nrejected && n >= 0 && (size_t)n < errsz; i++)
            n += snprintf(err + n, errsz - (size_t)n, "\n  %s: %s", e->reg.rejected[i].path,
                          e->reg.rejected[i].reason);
        weft_engine_free(e);
        return NULL;
    }
    return e;
}

void weft_close(weft_engine *e) {
    weft_engine_free(e);
}

int weft_add_plugin(weft_engine *e, const weft_plugin *p, char *err, size_t errsz) {
    return weft_registry_add_builtin(&e->reg, p, err, errsz) == 0 ? 0 : -1;
}

weft_pipeline *weft_load_source(weft_engine *e, const char *name, const char *lua, size_t len,
                                char *err, size_t errsz) {
    return weft_pipeline_build(e, name, lua, len, NULL, 0, 0, err, errsz);
}

weft_pipeline *weft_load_script(weft_engine *e, const char *path, char *err, size_t errsz) {
    char *buf;
    size_t len;
    if (weft_read_file(path, 0, &buf, &len, err, errsz) != WEFT_OK) return NULL;
    weft_pipeline *p = weft_pipeline_build(e, path, buf, len, NULL, 0, 0, err, errsz);
    free(buf);
    return p;
}

weft_pipeline *weft_load_profile(weft_engine *e, const char *profile, char *err, size_t errsz) {
    char dir[4096], path[4096];
    if (weft_find_profile(lib_dir(dir, sizeof dir), profile, NULL, path, sizeof path) != 0) {
        snprintf(err, errsz, "no profile named '%s'", profile);
        return NULL;
    }
    return weft_load_script(e, path, err, errsz);
}

weft_processor *weft_processor_new(weft_pipeline *p, char *err, size_t errsz) {
    weft_processor *w = calloc(1, sizeof *w);
    if (!w || !(w->d = weft_doc_new(p->eng->syms))) {
        free(w);
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    if (!(w->w = weft_worker_new(p, err, errsz))) {
        weft_doc_free(w->d);
        free(w);
        return NULL;
    }
    return w;
}

void weft_processor_free(weft_processor *w) {
    if (!w) return;
    weft_worker_free(w->w);
    weft_doc_free(w->d);
    free(w);
}

const weft_doc *weft_process(weft_processor *w, const char *id, const char *text, size_t len) {
    weft_doc_reset(w->d);
    if (weft_doc_set_id(w->d, id ? id : "") != WEFT_OK ||
        weft_doc_set_raw(w->d, text ? text : "", text ? len : 0, 1) != WEFT_OK)
        return NULL;
    weft_worker_process(w->w, w->d);
    return w->d;
}

const char *weft_text(const weft_doc *d, const char *view, size_t *len) {
    weft_sym s = view ? weft_doc_sym_find(d, view, strlen(view)) : weft_doc_default_view(d);
    const weft_view *v = s ? weft_doc_view(d, s) : NULL;
    if (len) *len = v ? v->len : 0;
    return v ? v->text : NULL;
}

size_t weft_records(const weft_doc *d, const char *layer, const weft_ann **out) {
    weft_sym s = weft_doc_sym_find(d, layer, strlen(layer));
    const weft_layer *l = s ? weft_doc_layer(d, s) : NULL;
    *out = l && l->n ? l->a : NULL;
    return l ? l->n : 0;
}

const char *weft_name(const weft_doc *d, weft_sym sym) {
    return weft_doc_sym_name(d, sym);
}

const weft_value *weft_attribute(const weft_doc *d, const char *key) {
    weft_sym s = weft_doc_sym_find(d, key, strlen(key));
    return s ? weft_doc_attr_get(d, s) : NULL;
}

size_t weft_layer_count(const weft_doc *d) {
    return d->nlayers;
}

const char *weft_layer_name(const weft_doc *d, size_t i) {
    return i < d->nlayers ? weft_doc_sym_name(d, d->layers[i].name) : NULL;
}

const char *weft_layer_view(const weft_doc *d, const char *layer) {
    weft_sym s = weft_doc_sym_find(d, layer, strlen(layer));
    const weft_layer *l = s ? weft_doc_layer(d, s) : NULL;
    return l ? weft_doc_sym_name(d, l->view) : NULL;
}

size_t weft_attribute_count(const weft_doc *d) {
    return d->ndattrs;
}

const weft_value *weft_attribute_at(const weft_doc *d, size_t i, const char **key) {
    if (i >= d->ndattrs) return NULL;
    if (key) *key = weft_doc_sym_name(d, d->dattrs[i].key);
    return &d->dattrs[i].value;
}

size_t weft_errors(const weft_doc *d) {
    return d->nerrors;
}

const char *weft_error_message(const weft_doc *d, size_t i) {
    return i < d->nerrors ? d->errors[i].msg : NULL;
}

char *weft_json(const weft_doc *d) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    weft_writer_opts o = {0};
    weft_writer *w = weft_writer_new(f, &o);
    int bad = !w || weft_writer_doc(w, d) != 0 || weft_writer_finish(w) != 0;
    weft_writer_free(w);
    if (fclose(f) != 0) bad = 1;
    if (bad) {
        free(buf);
        return NULL;
    }
    if (len && buf[len - 1] == '\n') buf[len - 1] = '\0';
    return buf;
}
