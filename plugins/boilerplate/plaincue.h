/*
 * plaincue.c's interface: cues of page furniture that the learned
 * classifier's line shape misses (photo captions and credits, the image
 * names text browsers print in brackets, runs of headline-like lines, lines
 * that repeat with a different tail). plainml.c computes them with its
 * other per-block counts and adds them as features; they live apart so
 * that the feature families can grow without touching the scoring code.
 */
#ifndef BP_PLAINCUE_H
#define BP_PLAINCUE_H

#include <stddef.h>
#include <stdint.h>

/* What the cue features read of one block. */
typedef struct bp_cueb {
    uint32_t key;   /* hash of the first letters and digits, 0 when too short */
    uint16_t prep;  /* other blocks with the same key */
    uint16_t run;   /* headline-like blocks in the run this one is in (0: not one) */
    uint16_t srun;  /* short non-sentence blocks in the run this one is in */
    uint8_t cap;    /* BP_CUE_CAP_* bits */
    uint8_t brk;    /* BP_CUE_BRK_* bits */
    uint8_t head;   /* headline-like: a few words, no sentence end, not prose */
    uint8_t shortl; /* short and no sentence end */
} bp_cueb;

/* Caption and credit cues, from a closed list of words in the languages of
 * the stopword lists ("Photo:", "Image caption", "(Getty Images)",
 * "Name/Reuters"). A © line is the phrase rules' (copyright class), not a
 * cue here. */
enum {
    BP_CUE_CAP_FIRST = 1u << 0, /* the line starts with a caption word */
    BP_CUE_CAP_LAST = 1u << 1,  /* it ends with a credit word */
    BP_CUE_CAP_PAREN = 1u << 2, /* a credit in brackets, or next to a '/' */
    BP_CUE_CAP_ANY = 1u << 3,   /* a caption or credit word anywhere */
    /* bit 4 unused; the feature names after these keep their numbers */
    BP_CUE_CAP_BITS = 5
};

/* Bracketed tokens: w3m's "[how-to-ret]" image names, lynx's "[IMG]". */
enum {
    BP_CUE_BRK_END = 1u << 0,   /* a token closes the line */
    BP_CUE_BRK_START = 1u << 1, /* a token opens it */
    BP_CUE_BRK_MID = 1u << 2,   /* a token inside */
    BP_CUE_BRK_IMG = 1u << 3,   /* a token that names an image ("IMG", "image") */
    BP_CUE_BRK_NUM = 1u << 4,   /* a footnote number ("[3]"): content, not furniture */
    BP_CUE_BRK_BITS = 5
};

/* Feature names the cues add, as offsets from plainml.c's base; each with a
 * value below 256 (the scoring table's width). */
enum {
    BP_CUE_F_CAP = 0,                              /* + bit: value the length bucket */
    BP_CUE_F_BRK = BP_CUE_F_CAP + BP_CUE_CAP_BITS, /* + bit: value the length bucket */
    BP_CUE_F_RUN = BP_CUE_F_BRK + BP_CUE_BRK_BITS, /* headline run size */
    BP_CUE_F_SRUN,                                 /* short-line run size */
    BP_CUE_F_PREP,                                 /* same-prefix repeats x length */
    BP_CUE_F_NEAR,                                 /* cues of the blocks either side */
    BP_CUE_F_COUNT
};

typedef struct bp_cue_kv {
    unsigned name, value;
} bp_cue_kv;
#define BP_CUE_MAX_KV (BP_CUE_CAP_BITS + BP_CUE_BRK_BITS + 4)

/* The line-local cues of s[0, n) into c (key, cap, brk, head, shortl);
 * words, send (ends a sentence) and prose as plainml.c counted them. The
 * definition of the cues: the stage reads cap and key in its one pass over
 * the line (plainline.c) and fills c with bp_cue_set; the unit tests hold
 * the two to the same answers. */
void bp_cue_line(const char *s, size_t n, uint32_t nchars, uint32_t words, int send, int prose,
                 bp_cueb *c);
/* bp_cue_line from the cues read elsewhere: the caption bits cap and the
 * prefix key of the line (as plainline.c reads them); the bracketed tokens
 * of s[0, n) are read only when bracket says the line holds a '['. */
void bp_cue_set(const char *s, size_t n, unsigned cap, int bracket, uint32_t key, uint32_t nchars,
                uint32_t words, int send, int prose, bp_cueb *c);
/* A caption word s[0, n) (ASCII case folded here): BP_CUE_WORD_FIRST when
 * first is set and it may open a caption, BP_CUE_WORD_CREDIT when it is a
 * credit's. */
enum { BP_CUE_WORD_FIRST = 1, BP_CUE_WORD_CREDIT = 2 };
unsigned bp_cue_word(const char *low, size_t n, int first);
/* bp_cue_word's first test, for a caller to make inline: 0 when s[0, n)
 * can be no listed word, by its length and the bits of its first two
 * bytes' and its last byte's (byte & 31), the same for an ASCII letter in
 * either case. */
#define BP_CUE_MAXN 12
extern const uint32_t bp_cue_word_firsts[BP_CUE_MAXN + 1], bp_cue_word_seconds[BP_CUE_MAXN + 1],
    bp_cue_word_lasts[BP_CUE_MAXN + 1];
static inline int bp_cue_word_may(const char *s, size_t n) {
    if (!n || n > BP_CUE_MAXN) return 0;
    if (!(bp_cue_word_firsts[n] >> ((unsigned char)s[0] & 31) & 1)) return 0;
    if (!(bp_cue_word_lasts[n] >> ((unsigned char)s[n - 1] & 31) & 1)) return 0;
    return n < 2 || (bp_cue_word_seconds[n] >> ((unsigned char)s[1] & 31) & 1);
}
/* The document's cues over nb blocks (runs, same-prefix repeats); scratch
 * and spare hold nb values each. */
void bp_cue_doc(bp_cueb *c, size_t nb, uint64_t *scratch, uint64_t *spare);
/* The cues stage 2 reads of a block, in four bits (0 to 15): a caption
 * or credit, a bracketed token, a repeated prefix, a run of three or more
 * headline-like lines. */
unsigned bp_cue_code(const bp_cueb *c);
/* Block i's cue features into out (BP_CUE_MAX_KV at most); len is its
 * length bucket. Returns how many. */
size_t bp_cue_feats(const bp_cueb *c, size_t nb, size_t i, unsigned len, bp_cue_kv *out);

#endif
