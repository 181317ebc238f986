/*
 * Shared by the sentiment unit tests: the plugin's sources compiled into the
 * test (internals are tested directly), and a scorer over the shipped
 * lexicons.
 */
#ifndef TEST_SENTIMENT_FIXTURE_H
#define TEST_SENTIMENT_FIXTURE_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "file.h"

#include "sentiment/butrule.c"
#include "sentiment/model.c"
#include "sentiment/ucd.c"
#include "sentiment/vader.c"

#define LEXICON "plugins/sentiment/data/vader_lexicon.txt"
#define EMOJI   "plugins/sentiment/data/emoji_utf8_lexicon.txt"

/* Loads a shipped file as the host's read_file would. */
static int load_shipped(vader_model *m, const char *path, int emoji, char *err, size_t errsz) {
    char *text;
    size_t len;
    if (weft_read_file(path, 0, &text, &len, err, errsz)) return -1;
    int rc = emoji ? vader_model_load_emoji_text(m, path, text, len, err, errsz)
                   : vader_model_load_lexicon_text(m, path, text, len, err, errsz);
    free(text);
    return rc;
}

/* A model over the shipped lexicons (run from the repository root). */
static int shipped_model(vader_model *m) {
    char err[512];
    if (vader_model_init(m)) return -1;
    if (load_shipped(m, LEXICON, 0, err, sizeof err) ||
        load_shipped(m, EMOJI, 1, err, sizeof err)) {
        fprintf(stderr, "%s (run the tests from the repository root)\n", err);
        vader_model_free(m);
        return -1;
    }
    vader_model_finish(m);
    return 0;
}

#endif
