/*
 * The plugin loader. A plugin is trusted to run code only once it passed
 * every check here: right entry symbol, ABI major, no newer minor, the same
 * layout fingerprint, well-formed names and parameter tables, no stage name
 * taken by another file. Every rejection names the file and the reason.
 */
#include "registry.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "params.h"
#include "weft/grow.h"

typedef const weft_plugin *(*entry_fn)(void);

void weft_registry_init(weft_registry *r) {
    memset(r, 0, sizeof *r);
}

void weft_registry_free(weft_registry *r) {
    for (size_t i = 0; i < r->nplugins; i++) {
        free(r->plugins[i].path);
        free(r->plugins[i].dir);
        free(r->plugins[i].real);
        /* Plugins stay mapped until exit (GStreamer makes its plugins
         * resident too): a plugin may have left thread-local destructors or
         * atexit handlers behind that would run after an unmap. */
    }
    free(r->plugins);
    for (size_t i = 0; i < r->nrejected; i++) {
        free(r->rejected[i].path);
        free(r->rejected[i].reason);
    }
    free(r->rejected);
    for (size_t i = 0; i < r->nsearch; i++) free(r->search[i]);
    free(r->search);
    for (size_t i = 0; i < r->nmissing; i++) free(r->missing[i]);
    free(r->missing);
    memset(r, 0, sizeof *r);
}

int weft_registry_add_search(weft_registry *r, const char *dir) {
    if (!dir || !*dir) return 0;
    for (size_t i = 0; i < r->nsearch; i++)
        if (strcmp(r->search[i], dir) == 0) return 0;
    if (weft_grow((void **)&r->search, &r->capsearch, r->nsearch + 1, sizeof *r->search)) return -1;
    if (!(r->search[r->nsearch] = strdup(dir))) return -1;
    r->nsearch++;
    return 0;
}

int weft_registry_add_search_list(weft_registry *r, const char *list) {
    if (!list) return 0;
    char *copy = strdup(list), *save = NULL;
    if (!copy) return -1;
    int rc = 0;
    for (char *tok = strtok_r(copy, ":", &save); tok && rc == 0; tok = strtok_r(NULL, ":", &save))
        rc = weft_registry_add_search(r, tok);
    free(copy);
    return rc;
}

static int reject(weft_registry *r, const char *path, char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int reject(weft_registry *r, const char *path, char *err, size_t errsz, const char *fmt,
                  ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (err) snprintf(err, errsz, "%s: %s", path, msg);
    if (weft_grow((void **)&r->rejected, &r->caprejected, r->nrejected + 1, sizeof *r->rejected) ==
        0) {
        weft_rejected *x = &r->rejected[r->nrejected];
        x->path = strdup(path);
        x->reason = strdup(msg);
        if (x->path && x->reason)
            r->nrejected++;
        else {
            free(x->path);
            free(x->reason);
        }
    }
    return -1;
}

static int valid_name(const char *s) {
    if (!s || !(*s >= 'a' && *s <= 'z')) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

/* Smallest descriptor sizes this core can use (ABI 1.0). */
#define MIN_PLUGIN_SIZE (offsetof(weft_plugin, stages) + sizeof(void *))
#define MIN_STAGE_SIZE  (offsetof(weft_stage_class, close) + sizeof(void (*)(void *)))

/* A label declaration: named layers, each once, that the class provides
 * (for provides_labels), with non-empty labels; bounded so a missing NULL
 * terminator is caught rather than read forever. */
static int check_labels(const weft_stage_class *c, const weft_labels *l, int provided,
                        const char *field, char *err, size_t errsz) {
    for (size_t i = 0; l && l[i].layer; i++) {
        if (i >= 256) return snprintf(err, errsz, "%s has more than 256 rows", field), -1;
        if (!l[i].layer[0]) return snprintf(err, errsz, "%s: row %zu has no layer", field, i), -1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(l[j].layer, l[i].layer) == 0)
                return snprintf(err, errsz, "%s names layer '%s' twice", field, l[i].layer), -1;
        int found = !provided;
        for (size_t q = 0; !found && c->provides && c->provides[q]; q++)
            found = strcmp(c->provides[q], l[i].layer) == 0;
        if (!found)
            return snprintf(err, errsz,
                            "%s declares labels of layer '%s', which it does not provide", field,
                            l[i].layer),
                   -1;
        for (size_t k = 0; l[i].labels && l[i].labels[k]; k++) {
            if (k >= 4096)
                return snprintf(err, errsz, "%s: layer '%s' has more than 4096 labels", field,
                                l[i].layer),
                       -1;
            if (!l[i].labels[k][0])
                return snprintf(err, errsz, "%s: layer '%s' has an empty label", field, l[i].layer),
                       -1;
        }
    }
    return 0;
}

int weft_plugin_check(const weft_plugin *p, char *err, size_t errsz) {
#define BAD(...) (snprintf(err, errsz, __VA_ARGS__), -1)
    if (!p) return BAD("weft_plugin_v1() returned NULL");
    if (p->abi_major != WEFT_ABI_MAJOR)
        return BAD("descriptor says ABI %u; this weft speaks ABI %d", p->abi_major, WEFT_ABI_MAJOR);
    if (p->abi_minor > WEFT_ABI_MINOR)
        return BAD("built for weft ABI %u.%u, newer than this weft's %d.%d: upgrade weft",
                   p->abi_major, p->abi_minor, WEFT_ABI_MAJOR, WEFT_ABI_MINOR);
    if (p->fingerprint != WEFT_ABI_FINGERPRINT)
        return BAD("layout fingerprint 0x%08x differs from this weft's 0x%08x: built with a "
                   "different plugin.h or compiler ABI; rebuild it",
                   p->fingerprint, (unsigned)WEFT_ABI_FINGERPRINT);
    if (p->size < MIN_PLUGIN_SIZE)
        return BAD("descriptor size %u is smaller than ABI 1.0's %zu", p->size, MIN_PLUGIN_SIZE);
    if (!valid_name(p->name))
        return BAD("plugin name '%s' is not of the form [a-z][a-z0-9_]*", p->name ? p->name : "");
    if (!p->stages || !p->stages[0]) return BAD("plugin '%s' declares no stages", p->name);
    for (size_t i = 0; p->stages[i]; i++) {
        const weft_stage_class *c = p->stages[i];
        if (c->size < MIN_STAGE_SIZE)
            return BAD("stage %zu: class size %u is smaller than ABI 1.0's %zu", i, c->size,
                       MIN_STAGE_SIZE);
        if (!valid_name(c->name))
            return BAD("stage %zu: name '%s' is not of the form [a-z][a-z0-9_]*", i,
                       c->name ? c->name : "");
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->stages[j]->name, c->name) == 0)
                return BAD("stage '%s' is declared twice", c->name);
        if (!c->process) return BAD("stage '%s' has no process callback", c->name);
        if (c->conf_size > (1u << 20))
            return BAD("stage '%s': conf_size %zu is unreasonably large", c->name, c->conf_size);
        char sub[400];
        if (weft_params_check_table(c->params, c->conf_size, sub, sizeof sub) != 0)
            return BAD("stage '%s': %s", c->name, sub);
        if (check_labels(c, weft_class_provides_labels(c), 1, "provides_labels", sub, sizeof sub) !=
                0 ||
            check_labels(c, weft_class_requires_labels(c), 0, "requires_labels", sub, sizeof sub) !=
                0)
            return BAD("stage '%s': %s", c->name, sub);
    }
    return 0;
#undef BAD
}

static int add_plugin(weft_registry *r, const weft_plugin *p, const char *path, void *handle,
                      char *err, size_t errsz) {
    const char *where = path ? path : "(built in)";
    for (size_t i = 0; i < r->nplugins; i++) {
        const weft_loaded_plugin *o = &r->plugins[i];
        const char *owhere = o->path ? o->path : "(built in)";
        if (strcmp(o->desc->name, p->name) == 0)
            return reject(r, where, err, errsz, "plugin '%s' is already loaded from %s", p->name,
                          owhere);
        for (size_t a = 0; p->stages[a]; a++)
            for (size_t b = 0; o->desc->stages[b]; b++)
                if (strcmp(p->stages[a]->name, o->desc->stages[b]->name) == 0)
                    return reject(r, where, err, errsz,
                                  "stage '%s' is already provided by plugin '%s' (%s)",
                                  p->stages[a]->name, o->desc->name, owhere);
    }
    if (weft_grow((void **)&r->plugins, &r->capplugins, r->nplugins + 1, sizeof *r->plugins))
        return reject(r, where, err, errsz, "out of memory");
    weft_loaded_plugin *lp = &r->plugins[r->nplugins];
    memset(lp, 0, sizeof *lp);
    lp->desc = p;
    lp->handle = handle;
    if (path) {
        lp->path = strdup(path);
        lp->dir = strdup(path);
        if (!lp->path || !lp->dir) {
            free(lp->path);
            free(lp->dir);
            return reject(r, where, err, errsz, "out of memory");
        }
        char *slash = strrchr(lp->dir, '/');
        if (slash)
            *(slash == lp->dir ? slash + 1 : slash) = '\0';
        else
            strcpy(lp->dir, ".");
    }
    r->nplugins++;
    return 0;
}

int weft_registry_add_builtin(weft_registry *r, const weft_plugin *p, char *err, size_t errsz) {
    char why[512];
    if (weft_plugin_check(p, why, sizeof why) != 0)
        return reject(r, "(built in)", err, errsz, "%s", why);
    return add_plugin(r, p, NULL, NULL, err, errsz);
}

/* Loading a plugin runs its code with our rights: refuse a file that
 * someone else could have written, directly or by replacing it in its
 * folder (a sticky folder like /tmp protects files it does not own). */
static int insecure(const char *path, char *why, size_t whysz) {
    struct stat st;
    if (stat(path, &st) != 0) return 0; /* dlopen reports the real error */
    uid_t me = geteuid();
    if (st.st_uid != me && st.st_uid != 0) {
        snprintf(why, whysz, "owned by uid %u, neither you nor root", (unsigned)st.st_uid);
        return 1;
    }
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(why, whysz, "writable by %s", st.st_mode & S_IWOTH ? "everyone" : "its group");
        return 1;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash) return 0;
    if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    if (stat(dir, &st) != 0) return 0;
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)) {
        snprintf(why, whysz, "its folder %.180s is writable by %s", dir,
                 st.st_mode & S_IWOTH ? "everyone" : "its group");
        return 1;
    }
    return 0;
}

int weft_registry_load_file(weft_registry *r, const char *path, char *err, size_t errsz) {
    char real[PATH_MAX];
    int have_real = realpath(path, real) != NULL;
    for (size_t i = 0; i < r->nplugins; i++) {
        const weft_loaded_plugin *lp = &r->plugins[i];
        /* The same file reached twice (--plugin-path and the default folder,
         * or through a link) is one plugin, not a duplicate. */
        if (lp->path && strcmp(lp->path, path) == 0) return 0;
        if (have_real && lp->real && strcmp(lp->real, real) == 0) return 0;
    }
    /* dlopen searches the library path for names without a slash: make the
     * name explicit so only the file we mean is ever opened. */
    char full[4096];
    if (!strchr(path, '/'))
        snprintf(full, sizeof full, "./%s", path);
    else
        snprintf(full, sizeof full, "%s", path);
    char unsafe[256];
    if (!r->allow_insecure && insecure(full, unsafe, sizeof unsafe))
        return reject(r, path, err, errsz, "%s: refusing to load it (%s)", unsafe,
                      r->say_insecure ? r->say_insecure : "weft_options.allow_insecure_plugins");
    dlerror();
    void *h = dlopen(full, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        return reject(r, path, err, errsz, "cannot be loaded: %s", e ? e : "unknown dlopen error");
    }
    entry_fn entry;
    *(void **)&entry = dlsym(h, "weft_plugin_v1");
    if (!entry) {
        static const char *const other[] = {"weft_plugin_v0", "weft_plugin_v2", "weft_plugin_v3",
                                            "weft_plugin_v4"};
        for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
            if (dlsym(h, other[i])) {
                dlclose(h);
                return reject(r, path, err, errsz,
                              "built for weft plugin ABI %c (exports %s); this weft speaks ABI "
                              "%d: rebuild it against this weft's plugin.h",
                              other[i][13], other[i], WEFT_ABI_MAJOR);
            }
        }
        dlclose(h);
        return reject(r, path, err, errsz,
                      "not a weft plugin: it exports no weft_plugin_v1 symbol (was it built "
                      "with WEFT_PLUGIN(...) and -fvisibility=hidden without WEFT_EXPORT?)");
    }
    const weft_plugin *p = entry();
    char why[512];
    if (weft_plugin_check(p, why, sizeof why) != 0) {
        dlclose(h);
        return reject(r, path, err, errsz, "%s", why);
    }
    if (add_plugin(r, p, path, h, err, errsz) != 0) {
        dlclose(h);
        return -1;
    }
    if (have_real) r->plugins[r->nplugins - 1].real = strdup(real);
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with_so(const char *s) {
    size_t n = strlen(s);
    return n > 3 && strcmp(s + n - 3, ".so") == 0;
}

static int scan_dir(weft_registry *r, const char *dir) {
    DIR *d = opendir(dir);
    if (!d) {
        if (errno == ENOENT) {
            if (weft_grow((void **)&r->missing, &r->capmissing, r->nmissing + 1,
                          sizeof *r->missing))
                return -1;
            if (!(r->missing[r->nmissing] = strdup(dir))) return -1;
            r->nmissing++;
            return 0;
        }
        reject(r, dir, NULL, 0, "cannot open plugin folder: %s", strerror(errno));
        return 0;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !ends_with_so(e->d_name)) continue;
        if (weft_grow((void **)&names, &cap, n + 1, sizeof *names) ||
            !(names[n] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        n++;
    }
    closedir(d);
    /* Sorted, so duplicate-stage errors always blame the same file. */
    if (n) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        if (rc == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            weft_registry_load_file(r, path, NULL, 0);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int weft_registry_scan(weft_registry *r) {
    size_t before = r->nrejected;
    for (size_t i = 0; i < r->nsearch; i++) {
        struct stat st;
        const char *s = r->search[i];
        if (stat(s, &st) == 0 && S_ISREG(st.st_mode)) {
            weft_registry_load_file(r, s, NULL, 0);
        } else if (scan_dir(r, s) != 0) {
            return -1;
        }
    }
    return (int)(r->nrejected - before);
}

size_t weft_registry_stage_names(const weft_registry *r, const char **names, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < r->nplugins; i++)
        for (size_t j = 0; r->plugins[i].desc->stages[j] && n < max; j++)
            names[n++] = r->plugins[i].desc->stages[j]->name;
    return n;
}

const weft_stage_class *weft_registry_stage(const weft_registry *r, const char *name,
                                            const weft_loaded_plugin **from) {
    for (size_t i = 0; i < r->nplugins; i++)
        for (size_t j = 0; r->plugins[i].desc->stages[j]; j++)
            if (strcmp(r->plugins[i].desc->stages[j]->name, name) == 0) {
                if (from) *from = &r->plugins[i];
                return r->plugins[i].desc->stages[j];
            }
    return NULL;
}

const weft_loaded_plugin *weft_registry_plugin(const weft_registry *r, const char *name) {
    for (size_t i = 0; i < r->nplugins; i++)
        if (strcmp(r->plugins[i].desc->name, name) == 0) return &r->plugins[i];
    return NULL;
}
