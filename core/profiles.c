/* Profile search: the same folders for the CLI and for embedders. */
#include "profiles.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "params.h"

size_t weft_profile_dirs(const char *base, const char *extra, char dirs[][4096], size_t max) {
    size_t n = 0;
    if (extra) {
        char *copy = strdup(extra), *save = NULL;
        for (char *t = copy ? strtok_r(copy, ":", &save) : NULL; t && n < max;
             t = strtok_r(NULL, ":", &save))
            snprintf(dirs[n++], 4096, "%s", t);
        free(copy);
    }
    /* WEFT_PROFILE_PATH, like WEFT_PLUGIN_PATH: how a program linked with
     * libweft.a (which has no install folder to look beside) finds the
     * shipped profiles without code. */
    const char *env = getenv("WEFT_PROFILE_PATH");
    if (env && *env) {
        char *copy = strdup(env), *save = NULL;
        for (char *t = copy ? strtok_r(copy, ":", &save) : NULL; t && n < max;
             t = strtok_r(NULL, ":", &save))
            snprintf(dirs[n++], 4096, "%s", t);
        free(copy);
    }
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (n < max && xdg && *xdg)
        snprintf(dirs[n++], 4096, "%s/weft/profiles", xdg);
    else if (n < max && home && *home)
        snprintf(dirs[n++], 4096, "%s/.config/weft/profiles", home);
    const char *exe = base;
    /* build/weft finds scripts/profiles; PREFIX/bin/weft finds
     * PREFIX/share/weft/profiles. */
    static const char *const rel[] = {"../scripts/profiles", "../share/weft/profiles"};
    for (size_t i = 0; exe && i < 2 && n < max; i++) {
        char dir[4200], real[PATH_MAX];
        snprintf(dir, sizeof dir, "%s/%s", exe, rel[i]);
        snprintf(dirs[n++], 4096, "%.4095s", realpath(dir, real) ? real : dir);
    }
    return n;
}

int weft_find_profile(const char *base, const char *name, const char *extra, char *out,
                      size_t outsz) {
    char dirs[8][4096];
    size_t nd = weft_profile_dirs(base, extra, dirs, 8);
    if (strchr(name, '/')) return -1; /* a name, not a path */
    for (size_t i = 0; i < nd; i++) {
        snprintf(out, outsz, "%s/%s.lua", dirs[i], name);
        if (access(out, R_OK) == 0) return 0;
    }
    return -1;
}

int weft_find_profile_near(const char *const *dirs, size_t n, const char *name, char *out,
                           size_t outsz) {
    /* Every profile name of every folder, then the one weft_did_you_mean
     * picks: the same notion of "close" as for stage and parameter names. */
    enum { MAXN = 256 };
    char names[MAXN][128];
    const char *ptr[MAXN];
    size_t nn = 0;
    for (size_t i = 0; i < n && nn < MAXN; i++) {
        DIR *d = opendir(dirs[i]);
        if (!d) continue;
        struct dirent *de;
        while (nn < MAXN && (de = readdir(d))) {
            size_t l = strlen(de->d_name);
            if (de->d_name[0] == '.' || l < 5 || l - 4 >= sizeof names[0] ||
                strcmp(de->d_name + l - 4, ".lua") != 0)
                continue;
            memcpy(names[nn], de->d_name, l - 4);
            names[nn][l - 4] = '\0';
            ptr[nn] = names[nn];
            nn++;
        }
        closedir(d);
    }
    const char *m = weft_did_you_mean(name, ptr, nn);
    if (!m) return -1;
    snprintf(out, outsz, "%s", m);
    return 0;
}
