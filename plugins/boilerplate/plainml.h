/*
 * plainml.c's interface: the learned classifier of plain-text blocks, for
 * the stage and for its trainer (train/train_plain.c), which must compute
 * the very same features.
 */
#ifndef BP_PLAINML_H
#define BP_PLAINML_H

#include "bp.h"
#include "weft/linear.h"

/* The feature set the code computes; a model file names the one it was
 * trained on (meta "features") and the stage refuses another. Bump it with
 * any change to the features. */
#define BP_ML_FEATURES "plain-9"

/* Is the text u[0, n) one text printed twice, as renderers print an
 * image's alt and title: "A cat A cat" (lynx) or "A cat sleepsA cat
 * sleeps" (w3m, 16 bytes or more, with a letter)? */
int bp_ml_doubled(const unsigned char *u, size_t n);

/* Text of fewer characters is not a page: the rules judge it. */
#define BP_ML_MIN_CHARS 1000

/* A longer block (in bytes) has no phrase classes as a feature: prompts
 * are short. The line rules skip reading them for such a block. */
#define BP_ML_CLASSES_MAX 700

/* Per-document counts every block's features read (w->ml, allocated on
 * first use). 0, or -1 out of memory. */
int bp_ml_prepare(bp_work *w);
/* Adds block i's features to fv (after bp_ml_prepare). 0, or -1. */
int bp_ml_block(const bp_work *w, size_t i, weft_lin_fv *fv);
/* The model's weights laid out by the code's feature numbers (name, small
 * value) instead of by hash: built once per model (bp_open), read-only and
 * shared by workers, it turns scoring a block into table reads with no
 * hashing and no walk over the model's 2^bits rows. The margins are the
 * very floats weft_lin_margin gives. NULL when out of memory. */
bp_mlc *bp_mlc_new(const weft_lin_model *model);
void bp_mlc_free(bp_mlc *c);
/* Stage 1's p[] of a block the form rule removed (an image's name, a form
 * field: a renderer's line, not the page's text): stage 2's nearest blocks
 * are the nearest others. */
#define BP_ML_UNSEEN (-2.0f)
/* Stage 1: the keep probability of every block into p[] (sigmoid of the
 * margin over scale), -1 for a block a rule removed (BP_ML_UNSEEN for the
 * form rule's); c: model's table, or NULL to score by feature vectors. 0,
 * or -1. */
int bp_ml_stage1(bp_work *w, const weft_lin_model *model, const bp_mlc *c, float scale, float *p);
/* Stage 2's features of block i: its stage-1 probability and those around
 * it (p[], len[] and the cue codes code[] of nb blocks: bp_cue_code), ids
 * hashed from seed (bp_ml_seed2 of the model's salt). 0, or -1. */
int bp_ml_context(const float *p, const uint32_t *len, const uint8_t *code, size_t nb, size_t i,
                  uint32_t seed, weft_lin_fv *fv);
uint32_t bp_ml_seed2(uint32_t salt);
/* The model's stage1-scale-milli (as a scale) and stage2-salt (checked by bp_ml_check). */
void bp_ml_params(const weft_lin_model *model, float *scale, uint32_t *salt);
/* Two stages in one table (the trainer keeps their rows apart and folds
 * the biases into the "s1-bias" and "s2-bias" rows, so the model's own
 * bias is 0): stage 1 scores each block on its own features, stage 2
 * decides on the stage-1 scores around it (context smoothing, learned).
 * Keeps or removes (short, low-text) every block still kept. c: the
 * model's table (bp_mlc_new), or NULL. 0, or -1. */
int bp_ml_classify(bp_work *w, const weft_lin_model *model, const bp_mlc *c);
/* Checks a loaded model fits this code: two classes, keep and drop in that
 * order, and the feature set above. NULL, or why not. */
const char *bp_ml_check(const weft_lin_model *model);

#endif
