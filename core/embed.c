/* The embedding API of include/weft/weft.h, on top of the engine,
 * pipeline, worker and writer the CLI uses. */
#define _GNU_SOURCE /* dladdr: where libweft itself lives */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lua.h> /* LUA_RELEASE */
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "file.h"
#include "node.h"
#include "params.h"
#include "profiles.h"
#include "version.h"
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
    if (!strcmp(info.dli_fname, program_invocation_name)) {
        /* Linked into the program: dladdr gives argv[0] ("weft" when run
         * from $PATH), so ask the kernel where the program is. */
        ssize_t n = size ? readlink("/proc/self/exe", buf, size - 1) : -1;
        if (n <= 0) return NULL;
        buf[n] = '\0';
    } else {
        snprintf(buf, size, "%s", info.dli_fname);
    }
    char *slash = strrchr(buf, '/');
    if (!slash) return NULL;
    *slash = '\0';
    return buf;
}

void weft_options_init(weft_options *o) {
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    weft_lua_limits l;
    weft_lua_limits_default(&l);
    o->lua_memory = l.mem_limit;
    o->lua_budget = l.instr_budget;
    o->verbosity = WEFT_LOG_WARN;
    o->log = weft_log_stderr;
}

/* A folder the user named (in the colon-separated list) that does not
 * exist is most likely a typo: say so, rather than run without the plugins
 * or profiles it was meant to add. (Folders from the environment or beside
 * the binary may be absent on purpose, and are not in list.) */
static void warn_missing(weft_engine *e, const char *list, const char *kind, const char *named_in) {
    for (const char *p = list; p && *p;) {
        const char *colon = strchr(p, ':');
        size_t l = colon ? (size_t)(colon - p) : strlen(p);
        char dir[4096];
        struct stat sb;
        if (l && l < sizeof dir) {
            memcpy(dir, p, l);
            dir[l] = '\0';
            if (stat(dir, &sb) != 0 && errno == ENOENT)
                weft_engine_log(e, WEFT_LOG_WARN, "%s folder %s does not exist%s%s%s", kind, dir,
                                named_in ? " (named in " : "", named_in ? named_in : "",
                                named_in ? ")" : "");
        }
        p = colon ? colon + 1 : NULL;
    }
}

/* A message word of a front end (weft_options.say_*), or the C API's. */
static void say_word(char *out, size_t size, const char *given, const char *fallback) {
    snprintf(out, size, "%s", given ? given : fallback);
}

weft_engine *weft_open_with(const weft_options *opts, char *err, size_t errsz) {
    /* A program built against an older weft.h passes a shorter struct: the
     * fields it does not know keep their defaults. */
    weft_options o;
    weft_options_init(&o);
    if (opts) {
        size_t n = opts->size < sizeof o ? opts->size : sizeof o;
        memcpy(&o, opts, n);
        o.size = sizeof o;
    }
    weft_engine *e = weft_engine_new();
    if (!e || (o.profile_path && !(e->profile_path = strdup(o.profile_path)))) {
        weft_engine_free(e);
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    char dir[4096];
    e->nprofile_dirs =
        weft_profile_dirs(lib_dir(dir, sizeof dir), o.profile_path, e->profile_dirs, 8);
    e->log = o.log;
    e->log_ud = o.log_ud;
    e->verbosity = o.verbosity;
    e->warn_repeats = o.warn_repeats;
    say_word(e->say_set, sizeof e->say_set, o.say_set, "setting {}");
    say_word(e->say_plugin_path, sizeof e->say_plugin_path, o.say_plugin_path,
             "weft_options.plugin_path");
    say_word(e->say_unsafe_lua, sizeof e->say_unsafe_lua, o.say_unsafe_lua,
             "weft_options.unsafe_lua");
    say_word(e->say_insecure, sizeof e->say_insecure, o.say_insecure,
             "weft_options.allow_insecure_plugins");
    say_word(e->say_all_warnings, sizeof e->say_all_warnings, o.say_all_warnings,
             "warn_repeats = 0");
    say_word(e->say_lua_memory, sizeof e->say_lua_memory, o.say_lua_memory,
             "weft_options.lua_memory");
    say_word(e->say_lua_budget, sizeof e->say_lua_budget, o.say_lua_budget,
             "weft_options.lua_budget");
    e->lua.say_unsafe = e->say_unsafe_lua;
    e->lua.say_memory = e->say_lua_memory;
    e->lua.say_budget = e->say_lua_budget;
    e->reg.say_insecure = e->say_insecure;
    e->lua.unsafe = o.unsafe_lua;
    e->lua.mem_limit = o.lua_memory;
    e->lua.instr_budget = o.lua_budget;
    e->lua.output = o.output_format;
    e->reg.allow_insecure = o.allow_insecure_plugins;
    int bad = o.only_plugin_path
                  ? (weft_registry_add_search_list(&e->reg, o.plugin_path) != 0
                         ? -1
                         : weft_registry_scan(&e->reg))
                  : weft_engine_load_plugins(e, o.plugin_path, lib_dir(dir, sizeof dir));
    if (bad < 0 || (bad > 0 && !o.keep_rejected)) {
        int n = snprintf(err, errsz, bad < 0 ? "out of memory" : "plugins failed to load:");
        for (size_t i = 0; bad > 0 && i < e->reg.nrejected && n >= 0 && (size_t)n < errsz; i++)
            n += snprintf(err + n, errsz - (size_t)n, "\n  %s: %s", e->reg.rejected[i].path,
                          e->reg.rejected[i].reason);
        weft_engine_free(e);
        return NULL;
    }
    warn_missing(e, o.plugin_path, "plugin", e->say_plugin_path);
    warn_missing(e, o.profile_path, "profile", NULL);
    return e;
}

weft_engine *weft_open(const char *plugin_path, char *err, size_t errsz) {
    weft_options o;
    weft_options_init(&o);
    o.plugin_path = plugin_path;
    return weft_open_with(&o, err, errsz);
}

void weft_warning_summary(weft_engine *e) {
    if (e) weft_engine_warn_summary(e);
}

void weft_warning_note(weft_engine *e, const char *line) {
    if (e && line) weft_engine_note(e, line);
}

void weft_close(weft_engine *e) {
    weft_engine_free(e);
}

size_t weft_rejected_count(const weft_engine *e) {
    return e->reg.nrejected;
}

const char *weft_rejected_plugin(const weft_engine *e, size_t i, const char **reason) {
    if (i >= e->reg.nrejected) return NULL;
    if (reason) *reason = e->reg.rejected[i].reason;
    return e->reg.rejected[i].path;
}

int weft_add_plugin(weft_engine *e, const weft_plugin *p, char *err, size_t errsz) {
    return weft_registry_add_builtin(&e->reg, p, err, errsz) == 0 ? 0 : -1;
}

void weft_source_init(weft_source *s) {
    memset(s, 0, sizeof *s);
    s->size = sizeof *s;
}

char *weft_read_whole(const char *path, size_t *len, char *err, size_t errsz) {
    int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
    if (fd < 0) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    int rc = weft_slurp(weft_read_fd, &fd, 0, &buf, &cap, len);
    if (fd != STDIN_FILENO) close(fd);
    if (rc) {
        snprintf(err, errsz, "%s: %s", path, rc == ENOMEM ? "out of memory" : "read error");
        free(buf);
        return NULL;
    }
    return buf;
}

weft_pipeline *weft_load(weft_engine *e, const weft_source *src, char *err, size_t errsz) {
    weft_source s;
    weft_source_init(&s);
    memcpy(&s, src, src->size < sizeof s ? src->size : sizeof s);
    if (s.stages)
        return weft_pipeline_build_stages(e, s.name ? s.name : "-", s.stages, s.nstages, s.settings,
                                          s.nsettings, s.check_only, err, errsz);
    if (s.text)
        return weft_pipeline_build(e, s.name ? s.name : "-", s.text, s.len, s.settings, s.nsettings,
                                   s.check_only, err, errsz);
    char path[4096];
    if (s.profile) {
        if (weft_profile_find(e, s.profile, path, sizeof path) != 0) {
            char near[128];
            if (weft_profile_near(e, s.profile, near, sizeof near) == 0)
                snprintf(err, errsz, "no profile named '%s' (did you mean '%s'?)", s.profile, near);
            else
                snprintf(err, errsz, "no profile named '%s'", s.profile);
            return NULL;
        }
    } else if (s.path) {
        snprintf(path, sizeof path, "%s", s.path);
    } else {
        snprintf(err, errsz, "no script, profile or stages to build a pipeline from");
        return NULL;
    }
    size_t len;
    char *text = weft_read_whole(path, &len, err, errsz);
    if (!text) return NULL;
    weft_pipeline *p =
        weft_pipeline_build(e, path, text, len, s.settings, s.nsettings, s.check_only, err, errsz);
    free(text);
    return p;
}

weft_pipeline *weft_load_source(weft_engine *e, const char *name, const char *lua, size_t len,
                                char *err, size_t errsz) {
    weft_source s;
    weft_source_init(&s);
    s.text = lua ? lua : "";
    s.len = lua ? len : 0;
    s.name = name;
    return weft_load(e, &s, err, errsz);
}

weft_pipeline *weft_load_script(weft_engine *e, const char *path, char *err, size_t errsz) {
    weft_source s;
    weft_source_init(&s);
    s.path = path;
    return weft_load(e, &s, err, errsz);
}

weft_pipeline *weft_load_profile(weft_engine *e, const char *profile, char *err, size_t errsz) {
    weft_source s;
    weft_source_init(&s);
    s.profile = profile;
    return weft_load(e, &s, err, errsz);
}

const char *weft_pipeline_name(const weft_pipeline *p) {
    return p->spec.name;
}

const char *weft_pipeline_script(const weft_pipeline *p) {
    return p->spec.script;
}

size_t weft_stage_count(const weft_pipeline *p) {
    return p->nstages;
}

const char *weft_stage_name(const weft_pipeline *p, size_t i, const char **plugin, int *line) {
    if (i >= p->nstages) return NULL;
    const weft_stage *s = &p->stages[i];
    if (plugin) *plugin = s->cls ? s->plugin->desc->name : NULL;
    if (line) *line = s->spec->line;
    return s->name;
}

const char *weft_stage_lua_param(const weft_pipeline *p, size_t i, size_t k, const char **type,
                                 const char **doc, char *value, size_t valuesz, char *def,
                                 size_t defsz) {
    if (i >= p->nstages || p->stages[i].cls) return NULL;
    const weft_stage_spec *s = p->stages[i].spec;
    if (k >= s->nlua_params) return NULL;
    const weft_param *pp = &s->lua_params[k];
    if (type) *type = weft_ptype_name(pp->type);
    if (doc) *doc = pp->doc ? pp->doc : "";
    if (value) weft_node_to_text(weft_node_get(s->lua_values, pp->name), value, valuesz);
    if (def) weft_node_to_text(weft_node_get(s->lua_defaults, pp->name), def, defsz);
    return pp->name;
}

const char *weft_stage_lua_param_source(const weft_pipeline *p, size_t i, size_t k) {
    if (i >= p->nstages || p->stages[i].cls) return NULL;
    const weft_stage *st = &p->stages[i];
    if (k >= st->spec->nlua_params) return NULL;
    if (st->set_by && st->set_by[k]) return st->set_by[k];
    return weft_node_get(st->script_params, st->spec->lua_params[k].name) ? "the script" : NULL;
}

const weft_output_names *weft_pipeline_output_names(const weft_pipeline *p) {
    return &p->spec.output;
}

int weft_describe(weft_engine *e, const char *path, char *doc, size_t docsz, char *err,
                  size_t errsz) {
    size_t len;
    char *src = weft_read_whole(path, &len, err, errsz);
    if (!src) return -1;
    weft_pipeline_spec spec;
    memset(&spec, 0, sizeof spec);
    int rc = weft_lua_load_spec(path, src, len, &e->lua, &spec, err, errsz) == 0 ? 0 : -1;
    if (rc == 0) snprintf(doc, docsz, "%s", spec.doc ? spec.doc : "");
    weft_pipeline_spec_free(&spec);
    free(src);
    return rc;
}

const char *weft_profile_dir(const weft_engine *e, size_t i) {
    if (i >= e->nprofile_dirs) return NULL;
    return e->profile_dirs[i];
}

int weft_profile_find(const weft_engine *e, const char *name, char *path, size_t size) {
    char dir[4096];
    return weft_find_profile(lib_dir(dir, sizeof dir), name, e->profile_path, path, size);
}

const char *weft_nearest(const char *word, const char *const *candidates, size_t n) {
    return weft_did_you_mean(word, candidates, n);
}

int weft_profile_near(const weft_engine *e, const char *name, char *out, size_t size) {
    const char *dirs[8];
    size_t n = 0;
    for (; n < e->nprofile_dirs && n < 8; n++) dirs[n] = e->profile_dirs[n];
    return weft_find_profile_near(dirs, n, name, out, size);
}

size_t weft_plugin_count(const weft_engine *e) {
    return e->reg.nplugins;
}

const weft_plugin *weft_plugin_at(const weft_engine *e, size_t i, const char **path) {
    if (i >= e->reg.nplugins) return NULL;
    if (path) *path = e->reg.plugins[i].path;
    return e->reg.plugins[i].desc;
}

const weft_plugin *weft_plugin_find(const weft_engine *e, const char *name, const char **path) {
    const weft_loaded_plugin *lp = weft_registry_plugin(&e->reg, name);
    if (!lp) weft_registry_stage(&e->reg, name, &lp);
    if (!lp) return NULL;
    if (path) *path = lp->path;
    return lp->desc;
}

const char *weft_plugin_search(const weft_engine *e, size_t i, int *exists) {
    if (i >= e->reg.nsearch) return NULL;
    if (exists) {
        *exists = 1;
        for (size_t j = 0; j < e->reg.nmissing; j++)
            if (!strcmp(e->reg.missing[j], e->reg.search[i])) *exists = 0;
    }
    return e->reg.search[i];
}

const weft_labels *weft_stage_provides_labels(const weft_stage_class *c) {
    return weft_class_provides_labels(c);
}

const weft_labels *weft_stage_requires_labels(const weft_stage_class *c) {
    return weft_class_requires_labels(c);
}

const char *weft_param_type_name(int type) {
    return weft_ptype_name((weft_ptype)type);
}

const char *weft_version(void) {
    return WEFT_VERSION;
}

const char *weft_lua_version(void) {
    return LUA_RELEASE;
}

int weft_lua_api_version(void) {
    return WEFT_LUA_API_VERSION;
}

weft_processor *weft_processor_new(weft_pipeline *p, char *err, size_t errsz) {
    if (p->check_only) {
        snprintf(err, errsz, "%s: the pipeline was built to be checked only (no stage is open)",
                 p->spec.script);
        return NULL;
    }
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
    w->d->log = weft_engine_doc_log; /* the engine's sink, not stderr */
    w->d->log_ud = w->w->p->eng;
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
    if (out) *out = l && l->n ? l->a : NULL;
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
