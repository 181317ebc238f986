/*
 * The statistical tagger: an averaged-perceptron model (weft/linear.h) that
 * labels tokens B-X / I-X / O left to right, each decision seeing the two
 * before it. Its features are computed here, once, for the stage and for
 * its trainer alike (train.c), so that what is learned is what runs: the
 * token cores, shapes and gazetteer flags of ner_features, the rules' own
 * spans (ner_run) as evidence rather than answers, and what the document
 * has already labelled.
 */
#ifndef ENTITIES_TAGGER_H
#define ENTITIES_TAGGER_H

#include <stddef.h>
#include <stdint.h>

#include "ner.h"
#include "tgpack.h"
#include "weft/linear.h"

/* Written into the model's meta lines and checked at load: a model learned
 * with other features would score garbage. Change it whenever a feature
 * changes. */
#define TG_FEATURES "entities-tagger-4"
/* The same features and the word list's (templates 52-58, wc_features in
 * tagger.c): a model trained with `--wordcase` says this instead, and the
 * stage then loads the list (wordcase.h) and computes them. Models of the
 * older sets ("entities-tagger-3", "entities-tagger-3+wordcase": without
 * the WordNet templates) are refused at load. */
#define TG_FEATURES_WC TG_FEATURES "+wordcase"
/* Trained weights are multiplied by this and rounded (weft_lin_quantize):
 * the meta line "scale" of a model says by how much, for its probabilities. */
#define TG_SCALE 100
/* The temperature of the entity scores' local type probabilities
 * (tg_tag): the scores in trained units are divided by it before the
 * softmax. Fitted on one half of CoNLL-2003 dev by document and checked on
 * the other (both halves' calibration error fell from 0.07 / 0.05 to
 * 0.02; design-notes: entity scores). */
#define TG_CONF_TEMP 15.0f
/* Most features tg_features adds for one token: bounds the packed scores.
 * The templates 1-43 add at most TG_MAXF_BASE (the gazetteer flags of the
 * token and its neighbours are most of them, 87 at worst), the WordNet
 * templates (44-50) and the word list's (52-58) 7 each; tagger.c asserts
 * the sum fits, and test_features_bound that tg_features keeps to it. */
#define TG_MAXF_BASE 126
#define TG_MAXF_WN   7
#define TG_MAXF_WC   7
#define TG_MAXF      144
/* Most classes the beam's fast paths handle (a transition table of
 * nclass^3 floats, legal-move masks, tg_prev_ids); a model with more is
 * still decoded, through the general code. */
#define TG_PREVCLS 32
/* Widest beam a model may ask for (meta "beam"). */
#define TG_MAXBEAM 16
/* Feature templates numbered 1..TG_NTMPL - 1 (44-50: WordNet,
 * wordnet_features; 51 unused; 52-58: the word list with case, wc_features;
 * both in tagger.c). */
#define TG_NTMPL 59

/* Values below this have their template's hash made once a scratch
 * (tg_scratch.sv). */
#define TG_SMALLV 64

/* What a token contributes to every feature that mentions it. */
typedef struct tg_tokf {
    uint32_t low, raw, shape; /* folded core, exact token, word shape */
    uint32_t pre[4], suf[4];  /* 1..4 byte prefixes and suffixes of the folded core */
    uint32_t rule;            /* the rules' label here: 0 none, else 2 * label + (inside) */
    uint32_t phr; /* multi-word gazetteer phrase: 0 none, else flag group * 2 + inside */
    uint32_t gf;
    uint8_t sstart, upper_sent, lower_seen, cap;
    /* WordNet (tg_wordnet, wordnet.h): the core's supersense (0 none); the
     * instance classes of the phrase over it, * 2 + inside (0 none); for a
     * capitalised token, the supersenses of its capitalised run's last
     * token, of the token after the run and of the one before it */
    uint8_t wss, wcls, wrhead, wrnext, wrprev;
    /* The word list with case (wordcase.h): the token's class (WC_*, 0
     * unknown; TG_WC_NONE without letters), and for a capitalised token the
     * class of the last word of its run of capitalised words with its place
     * in the run, and which classes the run's words have with its length
     * (wc_prepare in tagger.c). */
    uint8_t wc, wrun, wmix;
} tg_tokf;
#define TG_WC_NONE 4u

/* tg_prepare's cache of a token's text fields (tg_tokf's raw, shape, pre
 * and suf): they depend on the token's bytes and where its core lies in
 * them, and most tokens of a document are words seen before. key: the
 * 64-bit hash of those (0: empty slot). */
typedef struct tg_tcache {
    uint64_t key;
    uint32_t raw, shape, pre[4], suf[4];
} tg_tcache;
#define TG_TCACHE 8192 /* slots, a power of two */

/* A model ready to tag: the linear model and what its classes mean. */
typedef struct tg_model {
    weft_lin_model m;
    uint32_t ntype;    /* entity types: class 0 is O, class 2t+1 is B-type t, 2t+2 I-type t */
    const char **type; /* ntype names (pointing into m.label: "B-PER" + 2) */
    float inv_scale;   /* 1 / the meta "scale": scores back to the trained range */
    uint32_t beam;     /* meta "beam": 1 greedy (tg_decide), else beam search (tg_beam_sentence) */
    int wordcase;      /* meta "features" is TG_FEATURES_WC: the word list's templates too */
    tg_packed pk;      /* after tg_model_pack: the weights as tagging reads them (pk.idx set) */
    float *trans;      /* beam, after tg_model_pack: tg_model_trans of [prev2][prev] (nclass^3, then
                        * TGP_STRIDE zeros: a row's TGP_STRIDE floats are readable) */
} tg_model;

/* A hypothesis of the beam at one token: its path's score, the class it
 * gives the token, the class before (for the two-back templates) and its
 * parent at the token before. */
typedef struct tg_bent {
    double score;
    uint16_t cls, prev, parent;
    uint8_t gold; /* the path so far is the gold one (training) */
} tg_bent;

/* A model span of a document, for tg_defer_to_sure. */
typedef struct tg_mention {
    uint64_t key; /* hash of the span's folded tokens (ent_tok.h) */
    uint32_t b, e;
    float score; /* the mean of its tokens' probabilities */
    int ty;
} tg_mention;

/* Per-worker scratch, grown as needed. */
typedef struct tg_scratch {
    tg_tokf *f;
    size_t capf;
    uint16_t *lab; /* class of each token */
    size_t caplab;
    float *prob; /* the chosen class's probability of each token */
    size_t capprob;
    uint32_t *hkey; /* document history: folded word -> type + 1 of its last entity label */
    uint16_t *hval;
    size_t caph;
    weft_lin_fv fv, fv2;
    tg_bent *bent; /* beam: beam hypotheses per token of a sentence */
    size_t capbent;
    float *bpp; /* beam: a token's scores with each previous class's features */
    size_t capbpp;
    float *base; /* beam with probs, packed model: each token's scores without the features
                  * of the previous classes (TGP_STRIDE a token of the sentence), for tg_tag's
                  * entity scores (local_conf); NULL-or-stale otherwise */
    size_t capbase;
    uint32_t base_sb; /* the sentence base holds, [base_sb, base_se); base_se = 0: none */
    uint32_t base_se;
    uint32_t seed[TG_NTMPL]; /* hash of each template number, once (seed[0] != 0 when set) */
    /* h32(seed[k], v) for the values v < TG_SMALLV, once: the templates
     * whose (first) value is a flag, a bit number, a rule label, a class
     * (tagger.c: hv) take their hash from here instead of hashing again */
    uint32_t sv[TG_NTMPL][TG_SMALLV];
    uint32_t pseed[2][TG_PREVCLS]; /* templates 28 and 29 with each previous class, once */
    const tg_packed *pf;           /* tg_tag's packed model: tg_features prefetches its rows */
    const gaz *wn; /* the WordNet table (wordnet.h), set by the owner; NULL: no such features */
    /* tg_wordnet's cache of one-token entries of wn by gazetteer hash (key 0:
     * empty), valid for the table wnc_tab; NULL when not allocated */
    uint64_t *wnc_key;
    const gaz_entry **wnc_val;
    const gaz *wnc_tab;
    tg_tcache *tc;  /* tg_prepare's cache (TG_TCACHE slots); NULL until allocated */
    int wordcase;   /* the model's features read the word list (tg_model.wordcase): set by the
                     * scratch's user before tg_prepare */
    tg_mention *mn; /* tg_defer_to_sure's spans */
    size_t capmn;
} tg_scratch;

void tg_scratch_free(tg_scratch *t);

/* Builds the classes of a new model for the given types (O, then B-/I- of
 * each); -1 on OOM or a bad name. */
int tg_model_init(tg_model *tm, uint32_t bits, size_t ntype, const char *const *types);
/* After weft_lin_load: checks the feature-set meta and the class layout,
 * fills ntype/type. -1 with a message. */
int tg_model_bind(tg_model *tm, char *err, size_t errlen);
void tg_model_free(tg_model *tm);
/* For tagging only (a trainer keeps learning in the float table): packs
 * the weights (tgpack.h) and frees the float table when the model allows
 * it, else keeps it. -1 on OOM. */
int tg_model_pack(tg_model *tm);
/* Scores of a feature vector, from whichever table the model holds. */
void tg_model_scores(const tg_model *tm, const weft_lin_fv *fv, float *sc);

/* The WordNet fields of t->f for the document in s (tg_prepare calls it
 * when t->wn is set). */
void tg_wordnet(const gaz *wn, const char *text, const ner_scratch *s, tg_scratch *t);
/* Per-token data of the document in s (after ner_features and ner_run). -1 on OOM. */
int tg_prepare(const gaz *g, const char *text, const ner_scratch *s, tg_scratch *t);
/* The features of token i of F (its sentence is [sb, se)) given the classes
 * of the two tokens before it in its sentence (0 = O, or none) and the
 * document history in t. -1 on OOM. */
int tg_features(tg_scratch *t, const tg_tokf *F, size_t i, uint32_t sb, uint32_t se, uint32_t prev,
                uint32_t prev2, weft_lin_fv *fv);
/* The same features split for a beam: the templates that do not read the
 * previous classes; those that read the previous class and the token; and
 * the ids of the two that read only the classes (the class before, and the
 * two before). Together the features of tg_features (in another order). */
int tg_features_static(tg_scratch *t, const tg_tokf *F, size_t i, uint32_t sb, uint32_t se,
                       weft_lin_fv *fv);
/* tg_features_prev appends (does not clear) its TG_NPREV features. */
#define TG_NPREV 3
int tg_features_prev(tg_scratch *t, const tg_tokf *F, size_t i, uint32_t prev, weft_lin_fv *fv);
/* The ids tg_features_prev makes, for each previous class cls[q] (each
 * < TG_PREVCLS) of token x, into id[q * TG_NPREV, + TG_NPREV): without a
 * feature vector, their index lines prefetched (t->pf). */
void tg_prev_ids(tg_scratch *t, const tg_tokf *x, const uint32_t *cls, uint32_t n, uint32_t *id);
void tg_trans_ids(uint32_t prev, uint32_t prev2, uint32_t id[2]);
/* Adds the features' weights, without the bias, to sc. */
void tg_model_scores_add(const tg_model *tm, const weft_lin_fv *fv, float *sc);
/* The weights of the transition features of (prev2, prev) into sc: from
 * the table tg_model_pack made, or the model's rows (a trainer's). */
void tg_model_trans(const tg_model *tm, uint32_t prev, uint32_t prev2, float *sc);
/* Beam search over sentence [sb, se) of F with tm->beam hypotheses (beam.c):
 * the best path's classes into t->lab[sb, se), a B-X right after an X made
 * I-X as tg_decide does, and with probs into t->prob each token's
 * probability: the weight share of the final hypotheses whose paths give it
 * the best path's class (weights exp(score - best) in trained units). The
 * history in t is read, not written: the caller notes the sentence's
 * classes after it, so every hypothesis sees the same history. With gold
 * (training), the search stops at the first token where no hypothesis left
 * holds the gold path (early update): *stop is that token, t->lab[sb,
 * *stop] the best path then, unfixed; *stop = se when gold survived. -1 on
 * OOM. */
int tg_beam_sentence(const tg_model *tm, tg_scratch *t, const tg_tokf *F, uint32_t sb, uint32_t se,
                     const uint32_t *gold, uint32_t *stop, int probs);
/* Best class of scores sc allowed after prev (I-X only after B-X or I-X). */
uint32_t tg_best(const tg_model *tm, const float *sc, uint32_t prev);
/* What tagging decides from scores sc after prev: tg_best, except that a
 * B-X right after an X continues it (I-X). Trained on IOB2, where a B-X
 * follows an X for about 1% of entities (two names side by side with no
 * comma), the greedy tagger says B-X there mostly when it splits one long
 * name ("Newell | H. Beaty", "F-86 | Sabre") on text unlike its training
 * data. The trainer learns with tg_best and scores its dev set with this. */
uint32_t tg_decide(const tg_model *tm, const float *sc, uint32_t prev);
/* Records a token's class in the document history (sized by tg_history_reset). */
void tg_history_note(tg_scratch *t, const tg_tokf *f, uint32_t cls);
/* Clears the history for a document of ntok tokens. -1 on OOM. */
int tg_history_reset(tg_scratch *t, size_t ntok);

/* One sense per document as a vote of the model's scores, after tg_tag:
 * a span of t->lab whose score (the mean of t->prob over its tokens) is
 * below DEFER_UNSURE takes the type the sure spans (DEFER_SURE or more)
 * of the same tokens (T[].h) give elsewhere in the document, summed by
 * score, when that sum outweighs the scores of every span of its own
 * type with those tokens. -1 on OOM. */
#define DEFER_UNSURE 0.7f
#define DEFER_SURE   0.9f
int tg_defer_to_sure(tg_scratch *t, const ent_tok *T, size_t n, uint32_t ntype);

/* Tags the document in s (after tg_prepare): t->lab and t->prob. -1 on OOM. */
int tg_tag(const tg_model *tm, const ner_scratch *s, tg_scratch *t);

/* Index of the lowest set bit of m (m != 0). */
static inline uint32_t tg_low_bit(uint32_t m) {
#if defined(__GNUC__)
    return (uint32_t)__builtin_ctz(m);
#else
    uint32_t b = 0;
    while (!(m & 1u)) m >>= 1, b++;
    return b;
#endif
}

/* Type of class c (-1 for O) and whether it begins an entity. */
static inline int tg_class_type(uint32_t c) {
    return c ? (int)((c - 1) / 2) : -1;
}
static inline int tg_class_begin(uint32_t c) {
    return c && ((c - 1) % 2) == 0;
}

#endif
