/* weft new-plugin NAME [DIR]: a ready-to-build plugin to start from. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "Usage: weft new-plugin NAME [DIR]\n"
    "\n"
    "Write a ready-to-build plugin NAME into DIR (default ./NAME; missing parent folders\n"
    "are created): NAME.c with one stage, a parameter table and comments that explain the\n"
    "plugin ABI; a Makefile that builds NAME.so with `pkg-config --cflags weft` (or `make\n"
    "WEFT_CFLAGS=-I/path/to/weft/include` against a build tree); test.sh, which runs the\n"
    "stage with weft and checks its output; and a README. NAME is [a-z][a-z0-9_]*.\n"
    "Existing files are never overwritten; a NAME a shipped plugin has is refused.\n";

/* Templates, one string per line (C11 caps a string literal's length);
 * @NAME@ is replaced by the plugin's name. */
static const char *const c_template[] = {
    "/*\n",
    " * @NAME@ - a weft plugin. Built from `weft new-plugin @NAME@`.\n",
    " *\n",
    " * Stage \"@NAME@\" marks every occurrence of a word (parameter `word`) in a\n",
    " * layer named \"@NAME@\" and counts them in the document attribute\n",
    " * \"@NAME@.count\". Replace process() with your own work.\n",
    " *\n",
    " * The rules (include/weft/plugin.h documents each function):\n",
    " * - This file includes weft/plugin.h and nothing else from weft; everything\n",
    " *   the core offers comes through the `host` table passed to each callback.\n",
    " * - open() runs once per pipeline before any document; what it returns in\n",
    " *   *shared is then read by every worker thread at once: never write to it\n",
    " *   afterwards. create() would make per-thread scratch (not needed here).\n",
    " * - process() gets one document. Offsets are UTF-8 byte offsets into the\n",
    " *   view, half-open. Memory from host->alloc and everything in the document\n",
    " *   belongs to the core and dies with the document.\n",
    " * - On failure fill err with host->fail() and return its code: the document\n",
    " *   gets an error record and the run goes on.\n",
    " */\n",
    "#include <stdlib.h>\n",
    "#include <string.h>\n",
    "\n",
    "#include \"weft/plugin.h\"\n",
    "\n",
    "/* The parameters, filled in by the core from the user's Lua table after\n",
    " * checking names, types and ranges against the table below. */\n",
    "typedef struct @NAME@_conf {\n",
    "    const char *word;\n",
    "    int64_t max; /* most matches marked per document */\n",
    "} @NAME@_conf;\n",
    "\n",
    "static const weft_param @NAME@_params[] = {\n",
    "    {.name = \"word\", .type = WEFT_P_STR, .def = \"weft\",\n",
    "     .offset = offsetof(@NAME@_conf, word), .doc = \"the word to mark\"},\n",
    "    {.name = \"max\", .type = WEFT_P_INT, .def = \"1000\", .min = 1, .max = 1000000,\n",
    "     .offset = offsetof(@NAME@_conf, max), .doc = \"most matches marked per document\"},\n",
    "    {.name = NULL}};\n",
    "\n",
    "typedef struct @NAME@_shared {\n",
    "    @NAME@_conf conf;\n",
    "    size_t word_len;\n",
    "    weft_sym layer, count; /* names interned once, compared as integers */\n",
    "} @NAME@_shared;\n",
    "\n",
    "static int @NAME@_open(const weft_host *host, weft_setup *setup, const void *conf,\n",
    "                      void **shared, weft_error *err) {\n",
    "    @NAME@_shared *s = calloc(1, sizeof *s);\n",
    "    if (!s) return host->fail(err, WEFT_ENOMEM, -1, \"out of memory\");\n",
    "    s->conf = *(const @NAME@_conf *)conf; /* strings stay valid until close() */\n",
    "    s->word_len = strlen(s->conf.word);\n",
    "    if (s->word_len == 0) {\n",
    "        free(s);\n",
    "        return host->fail(err, WEFT_EINVAL, -1, \"parameter 'word' must not be empty\");\n",
    "    }\n",
    "    s->layer = host->intern(setup, \"@NAME@\");\n",
    "    s->count = host->intern(setup, \"@NAME@.count\");\n",
    "    *shared = s;\n",
    "    return WEFT_OK;\n",
    "}\n",
    "\n",
    "static void @NAME@_close(void *shared) {\n",
    "    free(shared);\n",
    "}\n",
    "\n",
    "/* Without create(), process() receives the shared struct as its state. */\n",
    "static int @NAME@_process(const weft_host *host, void *state, weft_doc *doc,\n",
    "                         weft_error *err) {\n",
    "    const @NAME@_shared *s = state;\n",
    "    size_t len;\n",
    "    const char *text = host->view(doc, host->default_view(doc), &len);\n",
    "    int64_t n = 0;\n",
    "    for (size_t i = 0; i + s->word_len <= len && n < s->conf.max; i++) {\n",
    "        if (memcmp(text + i, s->conf.word, s->word_len) != 0) continue;\n",
    "        if (host->add(doc, s->layer, (uint32_t)i, (uint32_t)(i + s->word_len), 0, 1.0f) < "
    "0)\n",
    "            return host->fail(err, WEFT_ENOMEM, (int64_t)i, \"cannot add a match\");\n",
    "        n++;\n",
    "        i += s->word_len - 1;\n",
    "    }\n",
    "    weft_value v = {.type = WEFT_V_INT, .u.i = n};\n",
    "    if (host->doc_set(doc, s->count, &v) != WEFT_OK)\n",
    "        return host->fail(err, WEFT_ENOMEM, -1, \"cannot set @NAME@.count\");\n",
    "    return WEFT_OK;\n",
    "}\n",
    "\n",
    "static const char *const @NAME@_provides[] = {\"@NAME@\", \"attr:@NAME@.count\", NULL};\n",
    "\n",
    "static const weft_stage_class @NAME@_stage = {\n",
    "    .size = sizeof(weft_stage_class),\n",
    "    .flags = WEFT_STAGE_PURE,\n",
    "    .name = \"@NAME@\",\n",
    "    .summary = \"marks every occurrence of a word\",\n",
    "    .provides = @NAME@_provides,\n",
    "    .params = @NAME@_params,\n",
    "    .conf_size = sizeof(@NAME@_conf),\n",
    "    .open = @NAME@_open,\n",
    "    .process = @NAME@_process,\n",
    "    .close = @NAME@_close,\n",
    "};\n",
    "\n",
    "static const weft_stage_class *const @NAME@_stages[] = {&@NAME@_stage, NULL};\n",
    "\n",
    "static const weft_plugin @NAME@_plugin = {\n",
    "    WEFT_PLUGIN_HEADER,\n",
    "    .name = \"@NAME@\",\n",
    "    .version = \"0.1.0\",\n",
    "    .license = \"MIT\",\n",
    "    .summary = \"@NAME@: a weft plugin\",\n",
    "    .stages = @NAME@_stages,\n",
    "};\n",
    "\n",
    "/* The one exported symbol: weft_plugin_v1(), returning the descriptor. */\n",
    "WEFT_PLUGIN(@NAME@_plugin)\n",
    NULL};

static const char *const make_template[] = {
    "# Builds @NAME@.so against an installed weft (pkg-config finds weft.pc), or\n",
    "# against a build tree: make WEFT_CFLAGS=-I/path/to/weft/include\n",
    "CC ?= cc\n",
    "CFLAGS ?= -O2 -g\n",
    "ifeq ($(origin WEFT_CFLAGS),undefined)\n",
    "WEFT_FOUND := $(shell pkg-config --exists weft 2>/dev/null && echo yes)\n",
    "WEFT_CFLAGS := $(if $(WEFT_FOUND),$(shell pkg-config --cflags weft))\n",
    "else\n",
    "WEFT_FOUND := yes\n",
    "endif\n",
    "\n",
    "@NAME@.so: @NAME@.c\n",
    "\t@test '$(WEFT_FOUND)' = yes || { echo 'weft.pc not found: install weft (make install;' \\\n",
    "\t    'PKG_CONFIG_PATH=PREFIX/lib/pkgconfig for a non-system PREFIX) or build against' \\\n",
    "\t    'a build tree with make WEFT_CFLAGS=-I/path/to/weft/include' >&2; exit 1; }\n",
    "\t$(CC) -std=c11 -Wall -Wextra -Wpedantic $(CFLAGS) $(WEFT_CFLAGS) -shared -fPIC \\\n",
    "\t    -fvisibility=hidden -o $@ $<\n",
    "\n",
    "test: @NAME@.so\n",
    "\tsh test.sh\n",
    "\n",
    "clean:\n",
    "\trm -f @NAME@.so\n",
    "\n",
    ".PHONY: test clean\n",
    NULL};

static const char *const test_template[] = {
    "#!/bin/sh\n",
    "# Runs the stage on a sample text through weft and checks its output.\n",
    "set -e\n",
    "cd \"$(dirname \"$0\")\"\n",
    "WEFT=${WEFT:-weft}\n",
    "cat >test-pipeline.lua <<'LUA'\n",
    "return weft.pipeline { weft.stage \"@NAME@\" { word = \"cat\" } }\n",
    "LUA\n",
    "out=$(printf 'the cat sat on the cat mat' | $WEFT run test-pipeline.lua --plugin-path ",
    "./@NAME@.so -)\n",
    "rm -f test-pipeline.lua\n",
    "case \"$out\" in\n",
    "*'\"@NAME@.count\":2'*) echo \"ok: @NAME@ marked 2 matches\" ;;\n",
    "*) echo \"FAILED: $out\" >&2; exit 1 ;;\n",
    "esac\n",
    NULL};

static const char *const readme_template[] = {
    "# @NAME@\n",
    "\n",
    "A weft plugin with one stage, `@NAME@`, that marks every occurrence of a word.\n",
    "\n",
    "    make          # builds @NAME@.so (needs an installed weft: pkg-config weft)\n",
    "    make WEFT_CFLAGS=-I/path/to/weft/include   # or against a weft build tree\n",
    "    make test     # runs the stage through weft on a sample text\n",
    "    weft plugins info @NAME@ --plugin-path ./@NAME@.so\n",
    "\n",
    "Use it from a pipeline script:\n",
    "\n",
    "    return weft.pipeline { weft.stage \"@NAME@\" { word = \"cat\" } }\n",
    "\n",
    "and install it by copying @NAME@.so into a folder on the plugin path\n",
    "(`weft plugins list -v` shows it).\n",
    NULL};

static int valid_name(const char *s) {
    if (!(*s >= 'a' && *s <= 'z')) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) return 0;
    return 1;
}

/* Write template with @NAME@ replaced; refuses to overwrite. */
/* This binary's path in exe and its folder in dir; 0, or -1 when unknown. */
static int self_path(char *exe, size_t esz, char *dir, size_t dsz) {
    ssize_t n = readlink("/proc/self/exe", exe, esz - 1);
    if (n <= 0) return -1;
    exe[n] = '\0';
    const char *slash = strrchr(exe, '/');
    if (!slash) return -1;
    snprintf(dir, dsz, "%.*s", (int)(slash - exe), exe);
    return 0;
}

/* A plugin shipped with this weft (beside the binary in a build tree, or in
 * PREFIX/lib/weft/plugins) of the same name would clash with the new one
 * at load ("already loaded"): the path of the shipped one, or NULL. */
static const char *shipped_plugin(const char *name, char *path, size_t psz) {
    char exe[PATH_MAX], dir[PATH_MAX];
    if (self_path(exe, sizeof exe, dir, sizeof dir)) return NULL;
    static const char *const rel[] = {"plugins", "../lib/weft/plugins"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        snprintf(path, psz, "%s/%s/%s.so", dir, rel[i], name);
        if (access(path, F_OK) == 0) return path;
    }
    return NULL;
}

/* The commands that build and test the scaffold. Run from a build tree or
 * an install (this binary's ../include holds weft/plugin.h), they name that
 * include folder and this binary, so they work before weft is installed
 * (no weft.pc) and with no weft on $PATH; else the bare commands. */
static void print_next(const char *dir) {
    char exe[PATH_MAX], bin[PATH_MAX], inc[PATH_MAX], hdr[PATH_MAX + 32];
    if (self_path(exe, sizeof exe, bin, sizeof bin) == 0) {
        snprintf(hdr, sizeof hdr, "%s/../include", bin);
        if (realpath(hdr, inc)) {
            snprintf(hdr, sizeof hdr, "%s/weft/plugin.h", inc);
            if (access(hdr, R_OK) == 0 && !strchr(inc, '\'') && !strchr(exe, '\'') &&
                !strchr(dir, '\'')) {
                printf("next: cd '%s' && make WEFT_CFLAGS='-I%s' && make test WEFT='%s'\n", dir,
                       inc, exe);
                return;
            }
        }
    }
    printf("next: cd %s && make && make test\n", dir);
}

static int write_file(const char *dir, const char *file, const char *const *tpl, const char *name,
                      int exec) {
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "wx");
    if (!f) {
        fprintf(stderr, "weft new-plugin: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (size_t line = 0; tpl[line]; line++) {
        for (const char *p = tpl[line]; *p;) {
            const char *at = strstr(p, "@NAME@");
            size_t n = at ? (size_t)(at - p) : strlen(p);
            fwrite(p, 1, n, f);
            if (!at) break;
            fputs(name, f);
            p = at + 6;
        }
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "weft new-plugin: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (exec) chmod(path, 0755);
    printf("  %s\n", path);
    return 0;
}

/* mkdir -p: DIR and any missing parents (`weft new-plugin x ~/src/x` with
 * no ~/src yet). errno is set on failure. */
static int mkdir_p(const char *dir) {
    char path[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(path, dir, n + 1);
    for (char *s = path + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) return -1;
        *s = '/';
    }
    struct stat st;
    if (mkdir(path, 0777) != 0 && errno != EEXIST) return -1;
    if (stat(path, &st) != 0) return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

/* 0 if dir exists and is not an empty folder, else 1 (when it cannot be
 * looked at, mkdir_p says why). */
static int dir_is_new(const char *dir) {
    struct stat st;
    if (lstat(dir, &st) != 0) return 1;
    if (!S_ISDIR(st.st_mode)) return 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    const struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) empty = 0;
    closedir(d);
    return empty;
}

int cmd_new_plugin(int argc, char **argv) {
    const char *name = NULL, *dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            return EXIT_OK;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "weft new-plugin: unknown option '%s'\n", argv[i]);
            return EXIT_SETUP;
        } else if (!name) {
            name = argv[i];
        } else if (!dir) {
            dir = argv[i];
        } else {
            fprintf(stderr, "weft new-plugin: unexpected argument '%s'\n", argv[i]);
            return EXIT_SETUP;
        }
    }
    if (!name) {
        fputs(usage, stderr);
        return EXIT_SETUP;
    }
    if (!valid_name(name) || strlen(name) > 64) {
        fprintf(stderr, "weft new-plugin: '%s' is not a plugin name ([a-z][a-z0-9_]*)\n", name);
        return EXIT_SETUP;
    }
    char shipped[PATH_MAX + 64];
    if (shipped_plugin(name, shipped, sizeof shipped)) {
        fprintf(stderr,
                "weft new-plugin: a plugin named '%s' ships with weft (%s): pick another name, "
                "as two plugins of one name cannot load together\n",
                name, shipped);
        return EXIT_SETUP;
    }
    if (!dir) dir = name;
    /* Nothing is written into a folder that holds anything (an empty one,
     * made beforehand, will do). */
    if (!dir_is_new(dir)) {
        fprintf(stderr,
                "weft new-plugin: %s exists: choose another folder (a new or empty one; "
                "nothing was written)\n",
                dir);
        return EXIT_SETUP;
    }
    if (mkdir_p(dir) != 0) {
        fprintf(stderr, "weft new-plugin: cannot create %s: %s\n", dir, strerror(errno));
        return EXIT_SETUP;
    }
    char cfile[80];
    snprintf(cfile, sizeof cfile, "%s.c", name);
    printf("weft new-plugin: writing plugin '%s':\n", name);
    if (write_file(dir, cfile, c_template, name, 0) ||
        write_file(dir, "Makefile", make_template, name, 0) ||
        write_file(dir, "test.sh", test_template, name, 1) ||
        write_file(dir, "README.md", readme_template, name, 0))
        return EXIT_SETUP;
    print_next(dir);
    return EXIT_OK;
}
