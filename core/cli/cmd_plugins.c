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

static void print_stage(const weft_stage_class *c) {
    printf("  stage %s: %s\n", c->name, c->summary ? c->summary : "");
    print_list("requires", c->requires);
    print_list("provides", c->provides);
    print_labels("labels", weft_stage_provides_labels(c));
    print_labels("expects", weft_stage_requires_labels(c));
    if (c->flags)
        printf("    flags     %s%s\n", c->flags & WEFT_STAGE_PURE ? "pure " : "",
               c->flags & WEFT_STAGE_SERIAL ? "serial" : "");
    if (!c->params || !c->params->name) {
        printf("    parameters: none\n");
        return;
    }
    printf("    parameters:\n");
    for (const weft_param *p = c->params; p->name; p++) {
        char range[128] = "";
        if (p->type == WEFT_P_ENUM && p->choices)
            snprintf(range, sizeof range, "%s", p->choices);
        else if ((p->type == WEFT_P_INT || p->type == WEFT_P_NUM) && p->min < p->max)
            snprintf(range, sizeof range, "[%g, %g]", p->min, p->max);
        printf("      %-16s %-7s %-14s %-20s %s\n", p->name, weft_param_type_name(p->type),
               p->flags & WEFT_PARAM_REQUIRED ? "(required)" : (p->def ? p->def : "-"),
               range[0] ? range : "", p->doc ? p->doc : "");
    }
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
            fprintf(stderr, "weft plugins info: no plugin or stage named '%s'\n", name);
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
