/*
 * Learned sentence boundaries: a binary linear model (weft/linear.h) decides
 * at each boundary candidate between two tokens (terminal punctuation, a
 * deliberate line break, a capitalised word or number after a space, or a
 * boundary the rules put there; see enum tok_cand), from features of the tokens around it. The
 * rules of sentences.c still run first: their verdict is one feature, and
 * blank lines, `single` line breaks and list markers stay theirs.
 */
#ifndef TOK_SENTMODEL_H
#define TOK_SENTMODEL_H

#include "sentutil.h"
#include "weft/linear.h"

/* The feature set: a model file records it (meta features) and the loader
 * refuses another, since hashed features of another set would be noise. */
#define TOK_SENT_FEATURES "tok-sent-7"

/* A cascade (sentmodel.c): a model file of four classes holds the full
 * model in classes 0-1 and a cheap first model in classes 2-3, whose
 * features (this set, the meta key "cascade") read only the info words
 * around a candidate; the cheap model decides a candidate when its margin
 * is at least the meta value "cascade_threshold" above 0 (a boundary) or
 * "cascade_threshold_no" below it (none; when the key is missing, the
 * same as "cascade_threshold"), the full model the rest. A file of two
 * classes is the full model alone. */
#define TOK_CHEAP_FEATURES "tok-cheap-1"

/* The cascade threshold of m (a whole number, 0-9999): 0 and *t when m is
 * a cascade (INFINITY when it is not: the cheap model never decides), -1
 * when its meta is wrong. */
int tok_cascade_threshold(const weft_lin_model *m, float *t);
/* Both thresholds of m: *t for a boundary, *tno for none (as above). */
int tok_cascade_thresholds(const weft_lin_model *m, float *t, float *tno);

/* What a candidate is; also a feature. */
enum tok_cand {
    TC_NONE,
    TC_PUNCT, /* after a terminator group: . ? ! … and closers glued to it */
    TC_LINE,  /* a deliberate line break (not a soft wrap) */
    TC_TRANS, /* a space, then a capital, a number, an opener or a sign, after no word;
                 or a date or time after a word ("Kay Mann 04/26/2001"), or a capital
                 after a word after a number ("07:17 AM Will") */
    TC_START, /* a space, then a capitalised word that often starts a sentence ("He",
                 "This", "Thanks"), after a word: a sentence without end punctuation */
    TC_RULE   /* anywhere else the rules put a boundary */
};

/* What a candidate's features depend on (see sentmodel.c). */
typedef struct tok_ckey {
    uint32_t p, n, w, misc;
} tok_ckey;

/* A memo of recent class sums by key: a direct-mapped table of TOK_MEMO
 * entries. The features of a candidate are a function of its key, and few
 * keys make most candidates (43,353 candidates of 2 MB of the bench corpus
 * have 11,178 keys), so most decisions skip the features. The line-length
 * bits of a key are left out: their one feature comes last and is added to
 * the remembered sums. 4096 entries (112 KiB) miss 11,519 times there,
 * 1024 miss 15,877 times; 16384 (448 KiB) save few more misses and cost
 * cache misses of their own. */
#define TOK_MEMO 4096
typedef struct tok_memo {
    tok_ckey key;
    float s0, s1; /* bias + the weights of every feature but F_LINES, per class */
    uint32_t used;
} tok_memo;

/* Per-worker scratch, reused from one document to the next (and the memo,
 * valid for the one model a worker decides with). */
typedef struct tok_learn {
    uint8_t *rstart; /* by token: 1 where the rules start a sentence */
    size_t rstartcap;
    /* the tokens the two walks visit (see tok_hot_tokens), each list
     * ascending and ended by UINT32_MAX */
    uint32_t *hot, *rhot;
    size_t hotcap, rhotcap;
    uint8_t *hottab; /* by info word (bit 15 clear), what it says (see sentmodel.c) */
    int full_walk;   /* visit every token instead (the tests compare the two) */
    uint32_t *nl;    /* the offsets of the document's line breaks (tok_lines.nl) */
    size_t nlcap;
    /* when nl_known: nl holds nnl offsets already, recorded by the token
     * scanner as it passed the line breaks (see plugin.c), and the next
     * decoding measures the lines from them instead of searching the text;
     * it clears nl_known (zeroed, as tok_learn_init leaves it, it searches) */
    size_t nnl;
    int nl_known;
    weft_lin_fv fv;
    tok_memo *memo;
    /* the weights of F_LINES by its three values (the key's line bits
     * >> M_LB), per class, taken from the model with the memo: a line
     * break's one feature outside the memo is a load from this small
     * table instead of a hash and a cache miss in the model's */
    float (*lines_w)[2];
    /* the ids of the features of small values (sentmodel.c), hashed once */
    struct tok_fids *fids;
    /* the cascade's cheap margins by cheap key (sentmodel.c), and its
     * threshold, read from the model with the memo */
    struct tok_cmemo *cmemo;
    float cascade_t, cascade_tno;
    /* the decoder's sentences (tok_sentence_starts): the first token of
     * each sentence but the first, ascending */
    uint32_t *sent;
    size_t sentcap, nsent;
} tok_learn;

void tok_learn_init(tok_learn *l);
void tok_learn_free(tok_learn *l);

/* One candidate as the trainer and the decoder see it. */
typedef struct tok_cand_info {
    size_t k;         /* the token after the gap */
    int type;         /* enum tok_cand */
    int rule;         /* did the rules put a boundary here */
    int forced;       /* a boundary whatever the model says (blank line, single) */
    size_t since;     /* tokens since the sentence started */
    size_t term;      /* the index + 1 of the terminator of a group right before the gap
                         (closers and smileys after it skipped), or 0; computed once */
    unsigned starter; /* is token k a sentence-starting capitalised word (enum tok_sw);
                         TOK_SW_UNKNOWN (a zeroed record) has the features look it up */
} tok_cand_info;

/* tok_cand_info.starter: the walk looks a word up in the starter list at
 * most once and hands the answer on. */
enum tok_sw { TOK_SW_UNKNOWN, TOK_SW_NO, TOK_SW_YES };

/* Candidate type of the gap before token k (1 <= k < n); rule says whether
 * the rules put a boundary there. Sets *forced for blank lines and, with
 * newlines = single, line breaks. */
int tok_candidate(const tok_seq *q, size_t k, int newlines, int rule, int *forced,
                  const tok_lines *lines);

/* Does the writer start sentences in lower case (see sentmodel.c)? */
int tok_informal(const tok_seq *q);

/* The features of a candidate into fv (cleared first). Returns 0 or -1 when
 * out of memory. */
int tok_cand_features(const tok_seq *q, const tok_cand_info *c, const tok_lines *lines,
                      weft_lin_fv *fv);

/* The cheap features of a candidate (the cascade's first model) into fv
 * (cleared first). Returns 0 or -1 when out of memory. */
int tok_cheap_features(const tok_seq *q, const tok_cand_info *c, weft_lin_fv *fv);

/* The tokens worth a visit, found in one branch-free pass over the info
 * words (testing every token in the walks mispredicted a branch every few
 * tokens): into l->rhot token 0 and every token the rules act on (a line
 * start, a terminator, a bullet, a number: not the token after a
 * terminator group, where the rules' walk, having decided at the group,
 * does nothing); into l->hot, from token 1, every token that can be a candidate
 * or a rules' start (a line start, the token after a terminator, closer or
 * smiley, and a token after a space that does not start in lower case, or
 * a web address). Returns 0 or -1 when out of memory. */
int tok_hot_tokens(const tok_seq *q, tok_learn *l);

/* Walks the candidates of a document in order: calls visit for each with its
 * info; visit returns 1 (boundary), 0 (none) or < 0 (stop, returned). The
 * `since` count follows visit's answers. Used by the decoder and, with gold
 * answers, by the trainer. */
typedef int (*tok_cand_fn)(void *ctx, const tok_cand_info *c, const tok_lines *lines);
int tok_candidates(const tok_seq *q, int newlines, tok_learn *l, tok_cand_fn visit, void *ctx);

/* Sentences decided by the model m (binary: class 1 = boundary), as the
 * first token of each sentence after the first into l->sent[0, l->nsent)
 * (ascending; the first sentence starts at token 0, the last ends at token
 * n - 1). Returns 0 or -1 when out of memory. */
int tok_sentence_starts(const tok_seq *q, int newlines, const weft_lin_model *m, tok_learn *l);

/* The same sentences as byte spans through emit: returns the first
 * non-zero emit result, 0, or -1 when out of memory. */
int tok_sentences_learned(const tok_seq *q, int newlines, const weft_lin_model *m, tok_learn *l,
                          tok_sent_fn emit, void *ctx);

#endif
