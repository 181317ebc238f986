/*
 * The tagger's trainer (train.c), called by the stage's train hook. Files
 * are read through io (the host's read_file in the plugin, plain stdio in
 * tests) so the trainer itself touches no host symbol.
 */
#ifndef ENTITIES_TRAIN_H
#define ENTITIES_TRAIN_H

#include <stddef.h>

#include "gaz.h"

typedef struct ent_train_io {
    void *ud;
    /* The whole file; 0, or -1 with a message naming it. */
    int (*read)(void *ud, const char *name, char **buf, size_t *len, char *err, size_t errlen);
    void (*release)(void *ud, char *buf);
} ent_train_io;

/* Runs `weft train entities ARGS` (argv holds ARGS) with the gazetteer g
 * and the WordNet table wn (wordnet.h; NULL: none, and the model learns
 * without those features). 0 when the model is written, 1 when help was
 * printed, -1 (bad data) or -2 (bad arguments) with a message in err. */
int ent_train(const gaz *g, const gaz *wn, const ent_train_io *io, int argc, char *const *argv,
              char *err, size_t errlen);

#endif
