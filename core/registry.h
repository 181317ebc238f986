/* Loaded plugins and their stage classes; rejected files with reasons. */
#ifndef WEFT_REGISTRY_H
#define WEFT_REGISTRY_H

#include <stddef.h>

#include "weft/plugin.h"

typedef struct weft_loaded_plugin {
    const weft_plugin *desc;
    char *path; /* NULL for a built-in plugin */
    char *dir;  /* folder of path, for data files; NULL when built in */
    char *real; /* canonical path, to load a file reached twice only once */
    void *handle;
} weft_loaded_plugin;

typedef struct weft_rejected {
    char *path;
    char *reason;
} weft_rejected;

typedef struct weft_registry {
    weft_loaded_plugin *plugins;
    size_t nplugins, capplugins;
    weft_rejected *rejected;
    size_t nrejected, caprejected;
    char **search; /* folders (or single .so files) in search order */
    size_t nsearch, capsearch;
    char **missing; /* search entries that did not exist */
    size_t nmissing, capmissing;
    /* Load files that others could have replaced (group- or world-writable
     * file or folder, or owned by another user than us or root). */
    int allow_insecure;
    /* How a refusal names the option above (weft run:
     * "--allow-insecure-plugins"); NULL: "weft_options.allow_insecure_plugins". */
    const char *say_insecure;
} weft_registry;

void weft_registry_init(weft_registry *r);
void weft_registry_free(weft_registry *r);

int weft_registry_add_search(weft_registry *r, const char *dir);
/* Colon-separated list, as in $WEFT_PLUGIN_PATH. */
int weft_registry_add_search_list(weft_registry *r, const char *list);
/* Load every *.so of every search entry, in order. Files that fail are
 * recorded in r->rejected; returns their count (0 = all good), -1 on OOM. */
int weft_registry_scan(weft_registry *r);
/* Load one file. 0 on success; else the reason is recorded in rejected
 * and copied to err. */
int weft_registry_load_file(weft_registry *r, const char *path, char *err, size_t errsz);
int weft_registry_add_builtin(weft_registry *r, const weft_plugin *p, char *err, size_t errsz);

/* The label declarations of a class (ABI 1.1), NULL when its size says it
 * was built before they existed: never read past what a plugin declared. */
#define WEFT_CLASS_HAS(c, field)                                                                   \
    ((c)->size >= offsetof(weft_stage_class, field) + sizeof((c)->field))
static inline const weft_labels *weft_class_provides_labels(const weft_stage_class *c) {
    return WEFT_CLASS_HAS(c, provides_labels) ? c->provides_labels : NULL;
}
static inline const weft_labels *weft_class_requires_labels(const weft_stage_class *c) {
    return WEFT_CLASS_HAS(c, requires_labels) ? c->requires_labels : NULL;
}

/* Validate a descriptor (ABI, fingerprint, names, parameter tables, label
 * declarations). */
int weft_plugin_check(const weft_plugin *p, char *err, size_t errsz);

/* The stage names of the loaded plugins, at most max of them, into names;
 * returns how many (for a did-you-mean). */
size_t weft_registry_stage_names(const weft_registry *r, const char **names, size_t max);
const weft_stage_class *weft_registry_stage(const weft_registry *r, const char *name,
                                            const weft_loaded_plugin **from);
const weft_loaded_plugin *weft_registry_plugin(const weft_registry *r, const char *name);

#endif
