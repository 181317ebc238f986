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

#include "sentiment/butrule.c"
#include "sentiment/model.c"
#include "sentiment/ucd.c"
#include "sentiment/vader.c"

#define LEXICON "plugins/sentiment/data/vader_lexicon.txt"
#define EMOJI   "plugins/sentiment/data/emoji_utf8_lexicon.txt"

/* A model over the shipped lexicons (run from the repository root). */
static int shipped_model(vader_model *m) {
    char err[512];
    if (vader_model_init(m)) return -1;
    if (vader_model_load_lexicon(m, LEXICON, err, sizeof err) ||
        vader_model_load_emoji(m, EMOJI, err, sizeof err)) {
        fprintf(stderr, "%s (run the tests from the repository root)\n", err);
        vader_model_free(m);
        return -1;
    }
    vader_model_finish(m);
    return 0;
}

#endif
