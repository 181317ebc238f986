/* Helpers shared by the verbs: executable folder, files, profiles, engine. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "file.h"
#include "profiles.h"

const char *cli_exe_dir(char *dir, size_t size) {
    ssize_t n = readlink("/proc/self/exe", dir, size - 1);
    if (n <= 0) return NULL;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0';
    return dir;
}

char *cli_slurp(const char *path, size_t *len, char *err, size_t errsz) {
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

size_t cli_profile_dirs(const char *extra, char dirs[][4096], size_t max) {
    char exe[4096];
    return weft_profile_dirs(cli_exe_dir(exe, sizeof exe), extra, dirs, max);
}

int cli_find_profile(const char *name, const char *extra, char *out, size_t outsz) {
    char exe[4096];
    return weft_find_profile(cli_exe_dir(exe, sizeof exe), name, extra, out, outsz);
}

weft_engine *cli_engine(const char *plugin_path, int strict, int allow_insecure) {
    weft_engine *e = weft_engine_new();
    if (!e) {
        fprintf(stderr, "weft: out of memory\n");
        return NULL;
    }
    char exe[4096];
    e->reg.allow_insecure = allow_insecure;
    int bad = weft_engine_load_plugins(e, plugin_path, cli_exe_dir(exe, sizeof exe));
    if (bad < 0) {
        fprintf(stderr, "weft: out of memory\n");
        weft_engine_free(e);
        return NULL;
    }
    if (bad > 0 && strict) {
        /* A broken file in a plugin folder is an error, not a silent skip:
         * the stage it should have provided would otherwise just vanish. */
        for (size_t i = 0; i < e->reg.nrejected; i++)
            fprintf(stderr, "weft: error: plugin %s: %s\n", e->reg.rejected[i].path,
                    e->reg.rejected[i].reason);
        weft_engine_free(e);
        return NULL;
    }
    return e;
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
            fprintf(stderr, "weft %s: unknown option '%s' (try `weft %s --help`)\n", verb, a, verb);
            return EXIT_SETUP;
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
