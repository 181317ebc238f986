/* weft test-stage PLUGIN.so STAGE: run one stage on one text and show what it
 * produced (GStreamer's harness idea, for plugin authors). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "Usage: weft test-stage PLUGIN.so STAGE [--text TEXT | FILE] [--set PARAM=V]...\n"
    "                       [--with STAGE]... [-f FMT]\n"
    "\n"
    "Run stage STAGE of the plugin file PLUGIN.so (plus the plugins on the usual path)\n"
    "on one document, TEXT or the contents of FILE (default: stdin), and print what it\n"
    "produced: every layer with its records, and the document attributes (-f text, the\n"
    "default), or any other format of `weft run`. --with STAGE runs another stage first\n"
    "(e.g. --with tokenizer for a stage that requires tokens); repeatable, in order.\n"
    "--set PARAM=V sets a parameter of STAGE. Exit codes as for `weft run`.\n";

static int stage_name_ok(const char *name) {
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_')) {
            fprintf(stderr, "weft test-stage: '%s' is not a stage name\n", name);
            return 0;
        }
    return *name != '\0';
}

int cmd_test_stage(int argc, char **argv) {
    const char *plugin = NULL, *stage = NULL, *text = NULL, *file = NULL, *fmt = "text";
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    const char **with = calloc((size_t)argc + 1, sizeof *with);
    size_t nsets = 0, nwith = 0;
    int rc = EXIT_SETUP;
    char dir[] = "/tmp/weft-test-stage.XXXXXX", script[64], input[64];
    int made = 0;
    if (!sets || !with) goto out;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            fputs(usage, stdout);
            rc = EXIT_OK;
            goto out;
        } else if (!strcmp(argv[i], "--text") && i + 1 < argc) {
            text = argv[++i];
        } else if (!strcmp(argv[i], "--set") && i + 1 < argc) {
            sets[nsets++] = argv[++i];
        } else if (!strcmp(argv[i], "--with") && i + 1 < argc) {
            with[nwith++] = argv[++i];
        } else if ((!strcmp(argv[i], "-f") || !strcmp(argv[i], "--format")) && i + 1 < argc) {
            fmt = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "weft test-stage: unknown option '%s' (try `weft test-stage --help`)\n",
                    argv[i]);
            goto out;
        } else if (!plugin) {
            plugin = argv[i];
        } else if (!stage) {
            stage = argv[i];
        } else if (!file) {
            file = argv[i];
        } else {
            fprintf(stderr, "weft test-stage: unexpected argument '%s'\n", argv[i]);
            goto out;
        }
    }
    if (!plugin || !stage) {
        fputs(usage, stderr);
        goto out;
    }
    /* Names go into a generated script: refuse anything but a stage name
     * before writing it. */
    if (!stage_name_ok(stage)) goto out;
    for (size_t i = 0; i < nwith; i++)
        if (!stage_name_ok(with[i])) goto out;
    if (!mkdtemp(dir)) {
        fprintf(stderr, "weft test-stage: %s: %s\n", dir, strerror(errno));
        goto out;
    }
    made = 1;
    snprintf(script, sizeof script, "%s/stage.lua", dir);
    snprintf(input, sizeof input, "%s/input.jsonl", dir);
    FILE *f = fopen(script, "w");
    if (!f) goto io;
    fputs("return weft.pipeline {\n", f);
    for (size_t i = 0; i < nwith; i++) fprintf(f, "  weft.stage \"%s\" {},\n", with[i]);
    fprintf(f, "  weft.stage \"%s\" {},\n}\n", stage);
    if (fclose(f) != 0) goto io;
    int jsonl = 0;
    if (text) {
        /* One JSON Lines record, so the document's id reads "--text" rather
         * than a temporary file's name. */
        f = fopen(input, "w");
        if (!f) goto io;
        fputs("{\"id\":\"--text\",\"text\":\"", f);
        for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
            if (*c == '"' || *c == '\\')
                fprintf(f, "\\%c", *c);
            else if (*c < 0x20)
                fprintf(f, "\\u%04x", *c);
            else
                fputc(*c, f);
        }
        fputs("\"}\n", f);
        if (fclose(f) != 0) goto io;
        file = input;
        jsonl = 1;
    }
    /* The same run as `weft run`, so messages and output are the ones users
     * will see in their pipelines. */
    char **args = calloc(14 + 2 * nsets, sizeof *args);
    char **owned = calloc(nsets + 1, sizeof *owned);
    if (!args || !owned) {
        free(args);
        free(owned);
        goto out;
    }
    int n = 0;
    args[n++] = "run";
    args[n++] = script;
    args[n++] = "--plugin-path";
    args[n++] = (char *)plugin;
    args[n++] = "-f";
    args[n++] = (char *)fmt;
    args[n++] = "-j";
    args[n++] = "1";
    if (jsonl) {
        args[n++] = "--input";
        args[n++] = "jsonl";
    }
    for (size_t i = 0; i < nsets; i++) {
        size_t len = strlen(stage) + strlen(sets[i]) + 2;
        owned[i] = malloc(len);
        if (!owned[i]) break;
        snprintf(owned[i], len, "%s.%s", stage, sets[i]);
        args[n++] = "--set";
        args[n++] = owned[i];
    }
    args[n++] = (char *)(file ? file : "-");
    args[n] = NULL;
    rc = cmd_run(n, args);
    for (size_t i = 0; i < nsets; i++) free(owned[i]);
    free(owned);
    free(args);
    goto out;
io:
    fprintf(stderr, "weft test-stage: cannot write in %s: %s\n", dir, strerror(errno));
out:
    if (made) {
        unlink(script);
        unlink(input);
        rmdir(dir);
    }
    free(sets);
    free(with);
    return rc;
}
