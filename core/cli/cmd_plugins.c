/* weft plugins list [-v] | weft plugins info NAME */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char plugins_usage[] =
    "Usage: weft plugins list [-v] [--plugin-path DIRS] [--allow-insecure-plugins]\n"
    "       weft plugins info NAME [--plugin-path DIRS] [--allow-insecure-plugins]\n"
    "\n"
    "list: every loaded plugin with version, ABI, path and stages. With -v also the\n"
    "      plugin search path in order and every rejected file with the reason.\n"
    "info: each stage of plugin NAME (or the plugin providing stage NAME): summary,\n"
    "      requires/provides, the labels it writes into the layers it provides and\n"
    "      expects of those it requires, flags and parameters (type, default, range or\n"
    "      choices, doc).\n";

static void print_list(const char *label, const char *const *l) {
    printf("    %-9s", label);
    if (!l || !l[0]) printf(" -");
    for (size_t i = 0; l && l[i]; i++) printf(" %s", l[i]);
    printf("\n");
}

/* One line per layer of a label declaration; "*" reads "and others". */
static void print_labels(const char *label, const weft_labels *l) {
    for (size_t i = 0; l && l[i].layer; i++) {
        printf("    %-9s %s:", i ? "" : label, l[i].layer);
        if (!l[i].labels || !l[i].labels[0]) printf(" (no labels)");
        for (size_t k = 0; l[i].labels && l[i].labels[k]; k++)
            printf(" %s", strcmp(l[i].labels[k], "*") ? l[i].labels[k] : "(and others)");
        printf("\n");
    }
}

/* A range bound as written in a plugin's table: whole numbers in full
 * (1000000, not 1e+06), others with the digits they need. */
static const char *fmt_bound(char *buf, size_t size, double v) {
    if (v == (double)(long long)v && v > -1e15 && v < 1e15)
        snprintf(buf, size, "%lld", (long long)v);
    else
        snprintf(buf, size, "%.15g", v);
    return buf;
}

static const char *param_default(const weft_param *p) {
    return p->flags & WEFT_PARAM_REQUIRED ? "(required)" : (p->def ? p->def : "-");
}

/* Choices of an enum, [min, max] of a bounded number, else "". */
static const char *param_range(const weft_param *p, char *buf, size_t size) {
    char lo[48], hi[48];
    buf[0] = '\0';
    if (p->type == WEFT_P_ENUM && p->choices)
        snprintf(buf, size, "%s", p->choices);
    else if ((p->type == WEFT_P_INT || p->type == WEFT_P_NUM) && p->min < p->max)
        snprintf(buf, size, "[%s, %s]", fmt_bound(lo, sizeof lo, p->min),
                 fmt_bound(hi, sizeof hi, p->max));
    return buf;
}

static int max_int(int a, int b) {
    return a > b ? a : b;
}

static void print_stage(const weft_stage_class *c) {
    printf("  stage %s: %s\n", c->name, c->summary ? c->summary : "");
    print_list("requires", c->requires);
    print_list("provides", c->provides);
    print_labels("labels", weft_stage_provides_labels(c));
    print_labels("expects", weft_stage_requires_labels(c));
    if (c->flags)
        printf("    flags     %s%s%s\n", c->flags & WEFT_STAGE_PURE ? "pure" : "",
               (c->flags & WEFT_STAGE_PURE) && (c->flags & WEFT_STAGE_SERIAL) ? " " : "",
               c->flags & WEFT_STAGE_SERIAL ? "serial" : "");
    if (!c->params || !c->params->name) {
        printf("    parameters: none\n");
        return;
    }
    printf("    parameters:\n");
    /* Columns as wide as this stage's longest entry, so a long name or
     * default does not push the rest of its line out of line. */
    int wn = 16, wt = 7, wd = 14, wr = 20;
    char r[160];
    for (const weft_param *p = c->params; p->name; p++) {
        wn = max_int(wn, (int)strlen(p->name));
        wt = max_int(wt, (int)strlen(weft_param_type_name(p->type)));
        wd = max_int(wd, (int)strlen(param_default(p)));
        wr = max_int(wr, (int)strlen(param_range(p, r, sizeof r)));
    }
    for (const weft_param *p = c->params; p->name; p++)
        printf("      %-*s %-*s %-*s %-*s %s\n", wn, p->name, wt, weft_param_type_name(p->type), wd,
               param_default(p), wr, param_range(p, r, sizeof r), p->doc ? p->doc : "");
}

/* The plugin or stage name closest to name, NULL when none is close. */
static const char *plugin_near(const weft_engine *e, const char *name) {
    const char *names[256];
    size_t n = 0;
    const weft_plugin *d;
    const char *file;
    for (size_t i = 0; n < 256 && (d = weft_plugin_at(e, i, &file)); i++) {
        names[n++] = d->name;
        for (size_t j = 0; n < 256 && d->stages[j]; j++) names[n++] = d->stages[j]->name;
    }
    return weft_nearest(name, names, n);
}

int cmd_plugins(int argc, char **argv) {
    const char *sub = NULL, *name = NULL, *path = NULL;
    int verbose = 0, insecure = 0;
    const cli_flag flags[] = {{"--allow-insecure-plugins", NULL, &insecure},
                              {"--verbose", "-v", &verbose},
                              {NULL, NULL, NULL}};
    int rc = cli_sub_args("plugins", plugins_usage, argc, argv, "--plugin-path", &path, flags, &sub,
                          &name);
    if (rc >= 0) return rc;
    if (!sub) sub = "list";
    if (strcmp(sub, "list") && strcmp(sub, "info")) {
        static const char *const subs[] = {"list", "info"};
        const char *m = weft_nearest(sub, subs, 2);
        if (m)
            fprintf(stderr, "weft plugins: unknown subcommand '%s' (did you mean '%s'?)\n", sub, m);
        else
            fprintf(stderr, "weft plugins: unknown subcommand '%s' (list or info)\n", sub);
        return EXIT_SETUP;
    }
    if (!strcmp(sub, "info") && !name) {
        fprintf(stderr, "weft plugins info: which plugin? (`weft plugins list` names them)\n");
        return EXIT_SETUP;
    }
    weft_options o;
    weft_options_init(&o);
    o.plugin_path = path;
    o.allow_insecure_plugins = insecure;
    weft_engine *e = cli_engine(&o);
    if (!e) return EXIT_SETUP;
    int code = EXIT_OK;
    const char *file;
    if (!strcmp(sub, "list")) {
        if (verbose) {
            printf("search path (first wins):\n");
            const char *dir;
            int exists;
            for (size_t i = 0; (dir = weft_plugin_search(e, i, &exists)); i++)
                printf("  %s%s\n", dir, exists ? "" : "  (does not exist)");
            printf("\n");
        }
        if (weft_plugin_count(e) == 0) printf("no plugins loaded\n");
        const weft_plugin *d;
        for (size_t i = 0; (d = weft_plugin_at(e, i, &file)); i++) {
            printf("%-14s %-8s ABI %u.%u  %s\n", d->name, d->version ? d->version : "?",
                   d->abi_major, d->abi_minor, file ? file : "(built in)");
            printf("  stages:");
            for (size_t j = 0; d->stages[j]; j++) printf(" %s", d->stages[j]->name);
            printf("\n");
            if (verbose && d->summary) printf("  %s\n", d->summary);
        }
        size_t nrej = weft_rejected_count(e);
        if (nrej) {
            if (verbose) {
                printf("\nrejected files:\n");
                const char *reason;
                for (size_t i = 0; (file = weft_rejected_plugin(e, i, &reason)); i++)
                    printf("  %s: %s\n", file, reason);
            } else {
                fprintf(stderr, "weft plugins: %zu file(s) rejected (see `weft plugins list -v`)\n",
                        nrej);
            }
        }
    } else {
        const weft_plugin *d = weft_plugin_find(e, name, &file);
        if (!d) {
            /* A file of that name that did not load is not "no plugin":
             * say it was found and why it was refused. */
            const char *reason, *hit = NULL, *hit_reason = NULL, *near;
            size_t nl = strlen(name);
            for (size_t i = 0; (file = weft_rejected_plugin(e, i, &reason)); i++) {
                const char *base = strrchr(file, '/');
                base = base ? base + 1 : file;
                if (!strncmp(base, name, nl) && !strcmp(base + nl, ".so")) {
                    hit = file;
                    hit_reason = reason;
                }
            }
            if (hit)
                fprintf(stderr, "weft plugins info: %s was found but not loaded: %s\n", hit,
                        hit_reason);
            else if (weft_rejected_count(e))
                fprintf(stderr,
                        "weft plugins info: no plugin or stage named '%s'; %zu plugin file(s) "
                        "were rejected (see `weft plugins list -v`)\n",
                        name, weft_rejected_count(e));
            else if ((near = plugin_near(e, name)))
                fprintf(stderr,
                        "weft plugins info: no plugin or stage named '%s' (did you mean '%s'?)\n",
                        name, near);
            else
                fprintf(stderr,
                        "weft plugins info: no plugin or stage named '%s' (`weft plugins list` "
                        "names them; --plugin-path DIRS adds a folder)\n",
                        name);
            code = EXIT_SETUP;
        } else {
            printf("plugin %s %s (ABI %u.%u, %s)\n", d->name, d->version ? d->version : "?",
                   d->abi_major, d->abi_minor, d->license ? d->license : "no licence given");
            if (d->summary) printf("  %s\n", d->summary);
            printf("  file: %s\n", file ? file : "(built in)");
            for (size_t j = 0; d->stages[j]; j++) print_stage(d->stages[j]);
        }
    }
    weft_close(e);
    return code;
}
