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
#define BP_ML_FEATURES "plain-1"

/* Text of fewer characters is not a page: the rules judge it. */
#define BP_ML_MIN_CHARS 1000

/* Per-document counts every block's features read (w->ml, allocated on
 * first use). 0, or -1 out of memory. */
int bp_ml_prepare(bp_work *w);
/* Adds block i's features to fv (after bp_ml_prepare). 0, or -1. */
int bp_ml_block(const bp_work *w, size_t i, weft_lin_fv *fv);
/* Keeps or removes (short, low-text) every block still kept. 0, or -1. */
int bp_ml_classify(bp_work *w, const weft_lin_model *model);
/* Checks a loaded model fits this code: two classes, keep and drop in that
 * order, and the feature set above. NULL, or why not. */
const char *bp_ml_check(const weft_lin_model *model);

#endif
