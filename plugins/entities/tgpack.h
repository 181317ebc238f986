/*
 * A loaded tagger model's weights packed for tagging speed. The trained
 * table (weft/linear.h) holds 2^bits rows of nclass floats, three quarters
 * of them zero, spread over megabytes: each of a token's hundred-odd
 * features then costs a cache miss. Trained models are quantised
 * (weft_lin_quantize: integer weights), so here the nonzero rows are kept
 * as 16-bit integers, one 32-byte line each, reached through a 32-bit
 * index per hashed row; the few rows with a weight past TGP_SMALL go to a
 * side table of 32-bit rows. The sums are integers in both layouts and
 * below 2^24, where float addition is exact in any order: the packed
 * scores equal weft_lin_scores' to the bit, so the tags do too.
 */
#ifndef ENTITIES_TGPACK_H
#define ENTITIES_TGPACK_H

#include <stddef.h>
#include <stdint.h>

#include "weft/linear.h"

#define TGP_STRIDE 16 /* int16 slots per packed row: one aligned 32-byte line */
/* Rows whose weights are all at most this in size are int16 rows; any
 * other goes to the side table of int32 rows. TGP_GROUP int16 rows then
 * sum within int16 (16 * 2047 < 32768), so scoring adds them in int16
 * lanes and widens once a group. */
#define TGP_SMALL 2047
#define TGP_GROUP 16

typedef struct tg_packed {
    uint32_t mask, nclass;
    uint32_t *idx; /* 2^bits: packed row of each hashed row, 0 = the all-zero row (32-bit: a
                    * mean of several runs' models, --runs, has more than 65,535 rows) */
    int16_t *row;  /* nrow * TGP_STRIDE; slot TGP_STRIDE - 1 is 0 or 1 + a big row */
    int32_t *big;  /* nbig * TGP_STRIDE (zeros past nclass): rows with a weight past TGP_SMALL */
    int32_t *bias; /* nclass, then zeros up to TGP_STRIDE */
    size_t nrow, nbig;
} tg_packed;

/* Packs m for feature vectors of at most maxfeat indicator features (value
 * 1, as tg_features adds). 0: packed; 1: m does not fit the exactness
 * conditions (a weight or bias not an integer, sums that could pass 2^24,
 * more than 15 classes or 32767 big rows): score with
 * weft_lin_scores instead; -1: out of memory. p is zeroed unless 0. */
int tg_pack(tg_packed *p, const weft_lin_model *m, size_t maxfeat);
void tg_packed_free(tg_packed *p);
/* Bytes the packed tables hold. */
size_t tg_packed_bytes(const tg_packed *p);

/* out[c] = bias[c] + the sum of the features' weights: weft_lin_scores(m,
 * fv, out) to the bit, for a vector of indicator features. */
void tg_packed_scores(const tg_packed *p, const weft_lin_fv *fv, float *out);
/* tg_packed_scores into all TGP_STRIDE slots of out, 0 past nclass (no
 * weight or bias is there): a beam's row needs no clearing after. */
void tg_packed_scores_all(const tg_packed *p, const weft_lin_fv *fv, float *out);
/* Adds the features' weights (no bias) to out[c]: a beam adds the few
 * features of each hypothesis to the scores of the token's others. Exact
 * for the same reason (integers below 2^24). */
void tg_packed_add(const tg_packed *p, const weft_lin_fv *fv, float *out);
/* out[c] = base[c] + the weights of the n indicator features id[0, n),
 * for all TGP_STRIDE slots c (base and out hold that many; the slots past
 * nclass are base's, unread): a beam's few per-hypothesis features on the
 * token's other scores, without a feature vector. Exact as above. */
void tg_packed_base_add(const tg_packed *p, const uint32_t *id, size_t n, const float *base,
                        float *out);

#endif
