/* weft plugins list [-v] | weft plugins info NAME */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "params.h"

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
    print_labels("labels", weft_class_provides_labels(c));
    print_labels("expects", weft_class_requires_labels(c));
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
        printf("      %-16s %-7s %-14s %-20s %s\n", p->name, weft_ptype_name(p->type),
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
    weft_engine *e = cli_engine(path, 0, insecure);
    if (!e) return EXIT_SETUP;
    int code = EXIT_OK;
    if (!strcmp(sub, "list")) {
        if (verbose) {
            printf("search path (first wins):\n");
            for (size_t i = 0; i < e->reg.nsearch; i++) {
                int missing = 0;
                for (size_t j = 0; j < e->reg.nmissing; j++)
                    missing |= !strcmp(e->reg.missing[j], e->reg.search[i]);
                printf("  %s%s\n", e->reg.search[i], missing ? "  (does not exist)" : "");
            }
            printf("\n");
        }
        if (e->reg.nplugins == 0) printf("no plugins loaded\n");
        for (size_t i = 0; i < e->reg.nplugins; i++) {
            const weft_loaded_plugin *lp = &e->reg.plugins[i];
            printf("%-14s %-8s ABI %u.%u  %s\n", lp->desc->name,
                   lp->desc->version ? lp->desc->version : "?", lp->desc->abi_major,
                   lp->desc->abi_minor, lp->path ? lp->path : "(built in)");
            printf("  stages:");
            for (size_t j = 0; lp->desc->stages[j]; j++) printf(" %s", lp->desc->stages[j]->name);
            printf("\n");
            if (verbose && lp->desc->summary) printf("  %s\n", lp->desc->summary);
        }
        if (e->reg.nrejected) {
            if (verbose) {
                printf("\nrejected files:\n");
                for (size_t i = 0; i < e->reg.nrejected; i++)
                    printf("  %s: %s\n", e->reg.rejected[i].path, e->reg.rejected[i].reason);
            } else {
                fprintf(stderr, "weft plugins: %zu file(s) rejected (see `weft plugins list -v`)\n",
                        e->reg.nrejected);
            }
        }
    } else {
        const weft_loaded_plugin *lp = weft_registry_plugin(&e->reg, name);
        if (!lp) weft_registry_stage(&e->reg, name, &lp);
        if (!lp) {
            fprintf(stderr, "weft plugins info: no plugin or stage named '%s'\n", name);
            code = EXIT_SETUP;
        } else {
            const weft_plugin *d = lp->desc;
            printf("plugin %s %s (ABI %u.%u, %s)\n", d->name, d->version ? d->version : "?",
                   d->abi_major, d->abi_minor, d->license ? d->license : "no licence given");
            if (d->summary) printf("  %s\n", d->summary);
            printf("  file: %s\n", lp->path ? lp->path : "(built in)");
            for (size_t j = 0; d->stages[j]; j++) print_stage(d->stages[j]);
        }
    }
    weft_engine_free(e);
    return code;
}
