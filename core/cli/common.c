/* Helpers shared by the verbs: files, the engine, sub-verb arguments. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

char *cli_slurp(const char *path, size_t *len, char *err, size_t errsz) {
    return weft_read_whole(path, len, err, errsz);
}

void cli_words(weft_options *o) {
    o->say_set = "--set {}";
    o->say_plugin_path = "--plugin-path DIRS";
    o->say_unsafe_lua = "--unsafe-lua";
    o->say_insecure = "--allow-insecure-plugins";
    o->say_all_warnings = "-v";
    o->say_lua_memory = "--lua-memory MIB";
    o->say_lua_budget = "--lua-budget N";
}

void cli_warn(const char *fmt, ...) {
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    weft_log_stderr(NULL, WEFT_LOG_WARN, msg);
}

weft_engine *cli_engine(weft_options *o) {
    o->keep_rejected = 1;
    cli_words(o);
    char err[4096];
    weft_engine *e = weft_open_with(o, err, sizeof err);
    if (!e) fprintf(stderr, "weft: %s\n", err);
    return e;
}

int cli_rejected(const char *verb, const weft_engine *e) {
    /* A broken file in a plugin folder is an error, not a silent skip: the
     * stage it should have provided would otherwise just vanish. */
    const char *path, *reason;
    for (size_t i = 0; (path = weft_rejected_plugin(e, i, &reason)); i++)
        fprintf(stderr, "weft %s: plugin %s: %s\n", verb, path, reason);
    return weft_rejected_count(e) > 0;
}

int cli_unknown_option(const char *verb, const char *arg, const char *const *names, size_t n) {
    /* "--fail-fst=1": the name is what is compared */
    char name[128];
    size_t len = strcspn(arg, "=");
    snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), arg);
    const char *m = name[0] == '-' && name[1] == '-' ? weft_nearest(name, names, n) : NULL;
    if (m)
        fprintf(stderr, "weft %s: unknown option '%s' (did you mean '%s'?)\n", verb, arg, m);
    else
        fprintf(stderr, "weft %s: unknown option '%s' (try `weft %s --help`)\n", verb, arg, verb);
    return EXIT_SETUP;
}

int cli_bad_choice(const char *verb, const char *what, const char *arg, const char *choices) {
    /* "txt", "TSV", "byte": the nearest choice, compared in lower case */
    char lower[64], items[256];
    const char *names[16];
    size_t n = 0, i = 0;
    for (; arg[i] && i < sizeof lower - 1; i++) lower[i] = (char)tolower((unsigned char)arg[i]);
    lower[i] = '\0';
    snprintf(items, sizeof items, "%s", choices);
    for (char *p = items; p && *p && n < 16;) {
        names[n++] = p;
        p = strchr(p, '|');
        if (p) *p++ = '\0';
    }
    const char *m = arg[i] ? NULL : weft_nearest(lower, names, n);
    if (m)
        fprintf(stderr, "weft %s: %s '%s': expected %s (did you mean '%s'?)\n", verb, what, arg,
                choices, m);
    else
        fprintf(stderr, "weft %s: %s '%s': expected %s (try `weft %s --help`)\n", verb, what, arg,
                choices, verb);
    return EXIT_SETUP;
}

int cli_sub_args(const char *verb, const char *usage, int argc, char **argv, const char *path_opt,
                 const char **path, const cli_flag *flags, const char **sub, const char **name) {
    size_t plen = strlen(path_opt);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const cli_flag *f = flags;
        while (f && f->name && strcmp(a, f->name) && !(f->short_name && !strcmp(a, f->short_name)))
            f++;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (f && f->name) {
            *f->value = 1;
        } else if (!strcmp(a, path_opt) && i + 1 < argc) {
            *path = argv[++i];
        } else if (!strncmp(a, path_opt, plen) && a[plen] == '=') {
            *path = a + plen + 1;
        } else if (a[0] == '-') {
            const char *names[34] = {"--help", path_opt};
            size_t n = 2;
            for (const cli_flag *g = flags; g && g->name && n < 34; g++) names[n++] = g->name;
            return cli_unknown_option(verb, a, names, n);
        } else if (!*sub) {
            *sub = a;
        } else if (!*name) {
            *name = a;
        } else {
            fprintf(stderr, "weft %s: unexpected argument '%s'\n", verb, a);
            return EXIT_SETUP;
        }
    }
    return -1;
}
