/* weft profiles list | weft profiles show NAME */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char profiles_usage[] =
    "Usage: weft profiles list [--profile-path DIRS]\n"
    "       weft profiles show NAME [--profile-path DIRS]\n"
    "\n"
    "Profiles are pipeline scripts found by name with `weft run -p NAME`. They are looked\n"
    "for in --profile-path folders, then $WEFT_PROFILE_PATH, $XDG_CONFIG_HOME/weft/profiles "
    "(default\n"
    "~/.config/weft/profiles), then the shipped folder; the first match wins, so a user's\n"
    "profile may shadow a shipped one.\n"
    "list: name, one-line doc and path of every profile; shadowed ones are marked.\n"
    "show: the path and text of the profile NAME would run.\n";

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The profile's one-line doc, read by evaluating it in the sandbox (no
 * plugin is loaded; only the pipeline's description is built). */
static void describe(weft_engine *e, const char *path, char *doc, size_t docsz) {
    char err[1024];
    size_t len;
    char *src = cli_slurp(path, &len, err, sizeof err);
    snprintf(doc, docsz, "(unreadable)");
    if (!src) return;
    free(src);
    if (weft_describe(e, path, doc, docsz, err, sizeof err) != 0)
        snprintf(doc, docsz, "(error: %.400s)", err);
}

/* An engine for its profile folders only: no plugin is loaded. */
static weft_engine *profile_engine(const char *extra) {
    weft_options o;
    weft_options_init(&o);
    o.only_plugin_path = 1;
    o.profile_path = extra;
    return cli_engine(&o);
}

static int list_profiles(const char *extra) {
    weft_engine *eng = profile_engine(extra);
    if (!eng) return EXIT_SETUP;
    char **seen = NULL;
    size_t nseen = 0, found = 0;
    const char *dir;
    for (size_t i = 0; (dir = weft_profile_dir(eng, i)); i++) {
        DIR *d = opendir(dir);
        if (!d) continue;
        char **names = NULL;
        size_t n = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            size_t l = strlen(e->d_name);
            if (e->d_name[0] == '.' || l < 5 || strcmp(e->d_name + l - 4, ".lua")) continue;
            char **nn = realloc(names, (n + 1) * sizeof *names);
            if (!nn) break;
            names = nn;
            if ((names[n] = strndup(e->d_name, l - 4))) n++;
        }
        closedir(d);
        if (n) qsort(names, n, sizeof *names, cmp_str);
        for (size_t k = 0; k < n; k++) {
            char path[8300], doc[600];
            snprintf(path, sizeof path, "%s/%s.lua", dir, names[k]);
            int shadowed = 0;
            for (size_t s = 0; s < nseen; s++) shadowed |= !strcmp(seen[s], names[k]);
            describe(eng, path, doc, sizeof doc);
            printf("%-14s %s\n    %s%s\n", names[k], doc, path,
                   shadowed ? "  (shadowed by the profile above of the same name)" : "");
            found++;
            char **ns = realloc(seen, (nseen + 1) * sizeof *seen);
            if (ns) {
                seen = ns;
                seen[nseen++] = names[k];
            } else {
                free(names[k]);
            }
        }
        free(names);
    }
    if (!found) printf("no profiles found\n");
    for (size_t s = 0; s < nseen; s++) free(seen[s]);
    free(seen);
    weft_close(eng);
    return EXIT_OK;
}

int cmd_profiles(int argc, char **argv) {
    const char *sub = NULL, *name = NULL, *extra = NULL;
    int rc = cli_sub_args("profiles", profiles_usage, argc, argv, "--profile-path", &extra, NULL,
                          &sub, &name);
    if (rc >= 0) return rc;
    if (!sub || !strcmp(sub, "list")) return list_profiles(extra);
    if (strcmp(sub, "show")) {
        static const char *const subs[] = {"list", "show"};
        const char *m = weft_nearest(sub, subs, 2);
        if (m)
            fprintf(stderr, "weft profiles: unknown subcommand '%s' (did you mean '%s'?)\n", sub,
                    m);
        else
            fprintf(stderr, "weft profiles: unknown subcommand '%s' (list or show)\n", sub);
        return EXIT_SETUP;
    }
    if (!name) {
        fprintf(stderr, "weft profiles show: which profile? (`weft profiles list` names them)\n");
        return EXIT_SETUP;
    }
    char path[4096], err[4200];
    weft_engine *eng = profile_engine(extra);
    if (!eng) return EXIT_SETUP;
    int found = weft_profile_find(eng, name, path, sizeof path) == 0;
    char near[128];
    int close_one = !found && weft_profile_near(eng, name, near, sizeof near) == 0;
    weft_close(eng);
    if (!found) {
        if (close_one)
            fprintf(stderr, "weft profiles show: no profile named '%s' (did you mean '%s'?)\n",
                    name, near);
        else
            fprintf(stderr,
                    "weft profiles show: no profile named '%s' (`weft profiles list` shows them)\n",
                    name);
        return EXIT_SETUP;
    }
    size_t len;
    char *src = cli_slurp(path, &len, err, sizeof err);
    if (!src) {
        fprintf(stderr, "weft profiles show: %s\n", err);
        return EXIT_SETUP;
    }
    printf("-- %s\n", path);
    fwrite(src, 1, len, stdout);
    free(src);
    return EXIT_OK;
}
