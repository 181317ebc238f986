/* weft train STAGE [--plugin-path DIRS] ARGS...: hands ARGS to the stage's
 * train hook (weft_train); what the arguments mean is the stage's business
 * (`weft train entities --help`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char train_usage[] =
    "Usage: weft train STAGE [--plugin-path DIRS] ARGS...\n"
    "\n"
    "Trains the model of a stage that learns from data, with the stage's own code\n"
    "(so what is learned is what runs); ARGS are the stage's: `weft train STAGE --help`.\n"
    "Relative file names are found from the current folder.\n"
    "\n"
    "Stages that train:\n"
    "  entities   statistical entity tagger from CoNLL files\n"
    "             weft train entities --data train.conll --dev dev.conll -o ner.model\n";

int cmd_train(int argc, char **argv) {
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        fputs(train_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_SETUP : EXIT_OK;
    }
    const char *stage = argv[1], *path = NULL;
    /* --plugin-path is ours; every other argument is the stage's */
    char **rest = calloc((size_t)argc, sizeof *rest);
    if (!rest) {
        fputs("weft train: out of memory\n", stderr);
        return EXIT_SETUP;
    }
    int n = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--plugin-path") && i + 1 < argc) {
            path = argv[++i];
            continue;
        }
        rest[n++] = argv[i];
    }
    weft_options o;
    weft_options_init(&o);
    o.plugin_path = path;
    weft_engine *e = cli_engine(&o);
    if (!e || cli_rejected("train", e)) {
        if (e) weft_close(e);
        free(rest);
        return EXIT_SETUP;
    }
    char err[1024];
    int rc = weft_train(e, stage, n, rest, err, sizeof err);
    if (rc) fprintf(stderr, "weft train %s: %s\n", stage, err);
    weft_close(e);
    free(rest);
    return rc == 0 ? EXIT_OK : rc == 2 ? EXIT_SETUP : EXIT_DOCS;
}
