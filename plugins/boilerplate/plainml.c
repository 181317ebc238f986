/*
 * The learned line classifier for scraped plain text: a linear model
 * (weft/linear.h) over features of each block and of its context, in place
 * of jusText's hand-set thresholds. The features hold across renderers and
 * languages: length in characters, words, sentence ends (CJK ones too),
 * stopword density from the shipped lists, capitals, digits, punctuation,
 * link-likeness, the renderer marks plainnorm.c stripped, the phrase rule
 * that removed a neighbour, repeated lines, position, and how much prose
 * lies around the block (jusText's context, as features), and the cues of
 * furniture plaincue.c reads (captions and credits, bracketed image names,
 * runs of headline-like lines, lines repeated with another tail), which
 * stage 2 reads too, and how many of a block's words the article's own
 * prose uses (a list of its ingredients or players against a menu). No
 * feature names a word, a site or a page: the lexical ones come from
 * closed lists, and the shared words are counted, never named.
 *
 * The trainer (train/train_plain.c) calls the same bp_ml_prepare and
 * bp_ml_block, so what is learned is what runs.
 */
#include <stdlib.h>
#include <string.h>

#include "plaincue.h"
#include "plainline.h"
#include "plainml.h"

/* What the features read of one block, computed once per document. */
typedef struct bp_mlb {
    uint32_t len; /* characters, CJK ones counting 3 */
    uint32_t cjk, digits, punct, upper, words, ends, seps, commas;
    uint32_t hash;
    uint64_t island; /* prose characters of the island the block is in */
    float sd, pos, prose_before, island_frac, near_island;
    uint16_t rep, dprev, dnext;
    /* dprev, dnext counted over the blocks a reader sees (bp_ml_seen): an
     * image's name or a form field that one renderer prints and another
     * leaves out does not push two paragraphs apart */
    uint16_t sprev, snext;
    /* the nearest seen blocks on each side (index + 1; 0: none) */
    uint32_t prev1, prev2, next1, next2;
    uint16_t classes; /* bp_rule_classes */
    uint8_t send, url, prose, rule, doubled;
    uint8_t side;  /* before (0), inside (1) or after (2) the largest island */
    uint32_t dist; /* blocks to that island's edge */
    /* the block's content words (4 letters or more, not in the stoplist)
     * and how many of them the prose of the largest island holds in
     * another block: a list of the article's own things against a menu */
    uint16_t vwords, vshared;
    /* the same summed over the run of seen blocks that are not prose the
     * block is in (a list, a menu, a title list, the lines between two
     * paragraphs), and how many blocks the rules left in that run */
    uint32_t rwords, rshared, rsize;
} bp_mlb;

/* Stage 2's values of one block but its cue codes: its stage-1 bin and
 * length bucket, the bins of the three nearest blocks a reader sees on each
 * side (an unseen one, BP_ML_UNSEEN, is passed over; 11: none), and the
 * bins of its three windows. */
typedef struct ml_s2 {
    uint8_t own, len, side[6], win[3];
} ml_s2;

struct bp_ml {
    weft_lin_fv fv;
    float *p;      /* stage 1's keep probability per block, -1 when a rule removed it */
    uint32_t *len; /* bp_mlb.len, for the context windows */
    bp_mlb *b;
    bp_cueb *cue;  /* plaincue.c's cues per block */
    uint8_t *code; /* bp_cue_code per block, for stage 2 */
    size_t cap;
    uint64_t *pairs, *spare;   /* scratch for repeated lines */
    uint64_t *wpairs, *wspare; /* scratch for the words (hash << 32 | block) */
    size_t wcap;
    struct vocab_slot *vslots; /* the words' open table (vocab) */
    size_t vslots_cap;
    /* vocab's block numbers in the table are vbase + block + 1: a slot
     * whose b1 is not above vbase is empty, so a document starts with no
     * pass over the table (vbase grows by the blocks of each document) */
    uint32_t vbase;
    /* stage 2's window terms per block, from p and len (bp_ml_stage1): the
     * weight 1 + bucket_log2(len) and weight * p, both 0 for a removed
     * block, so the windows add them without a test */
    double *wt, *wp;
    /* their sums before each block (cap + 1 values): ct[i] = wt[0] + ... +
     * wt[i - 1] (small integers: exact), cp[i] the same of wp, and the
     * bound err on how far a difference of two cp is from the sum of its
     * terms in any order (window_bins) */
    double *ct, *cp, err;
    /* stage 2's small values per block, laid out by bp_ml_stage1 for the
     * blocks still kept */
    ml_s2 *s2;
};

int bp_ml_doubled(const unsigned char *u, size_t n) {
    /* "Photo caption Photo caption": lynx, with a space */
    if (n >= 3 && n % 2 == 1 && u[n / 2] == ' ') return memcmp(u, u + n / 2 + 1, n / 2) == 0;
    /* "Pin it for laterPin it for later": w3m, alt and title text run
     * together; a rule of one repeated byte ("______") is no text */
    if (n < 16 || n % 2 == 1 || memcmp(u, u + n / 2, n / 2) != 0) return 0;
    for (size_t i = 0; i < n / 2; i++)
        if (u[i] >= 0x80 || ((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z')) return 1;
    return 0;
}

/* Is block i text a reader sees? The form rule's lines are what a renderer
 * prints for an element without text (an image's file name, a field, a
 * button, "[INS::INS]"): w3m and lynx print them between paragraphs, an
 * html-text rendering of the same page leaves them out, so the context
 * features look past them and read the same in every rendering. */
static int bp_ml_seen(const bp_work *w, size_t i) {
    return w->blocks.b[i].reason != BP_R_FORM;
}

/* Seen blocks between a block and the nearest prose one seen before it
 * (after it, walking back), capped; 0xFFFF when there is none. */
static uint16_t seen_gap(int have, size_t seen, size_t lastr) {
    if (!have) return 0xFFFF;
    return (uint16_t)(seen - lastr > 65535 ? 65535 : seen - lastr);
}

/* A block's features from its counts (plainline.c read the text once, in
 * bp_features) and what the rules said of it. */
static void block_stats(const bp_work *w, size_t i, bp_mlb *m, bp_cueb *cue) {
    const bp_block *b = &w->blocks.b[i];
    const bp_line *ln = &w->lines[i];
    const unsigned char *u = (const unsigned char *)w->text.p + b->tb;
    size_t n = b->te - b->tb;
    m->cjk = ln->cjk;
    m->digits = ln->digits;
    m->punct = ln->punct;
    m->upper = ln->upper;
    m->words = ln->words;
    m->ends = ln->ends;
    m->seps = ln->seps;
    m->commas = ln->commas;
    /* only a block the model judges reads its own classes; prompts are short */
    if (b->reason || n > BP_ML_CLASSES_MAX)
        m->classes = 0;
    else if (b->rclasses & BP_RC_READ)
        m->classes = (uint16_t)(b->rclasses & ~BP_RC_READ);
    else
        m->classes = (uint16_t)bp_rule_classes(&w->sh->ph, (const char *)u, n);
    m->doubled = (uint8_t)bp_ml_doubled(u, n);
    m->rule = b->reason;
    m->hash = ln->hash;
    m->url = ln->url;
    /* CJK characters carry about what a word does elsewhere */
    m->len = b->nchars + 2 * ln->cjk;
    double sd = w->stop && b->nwords ? (double)b->nstop / b->nwords : 0;
    m->sd = (float)sd;
    int sentence = ln->send;
    m->send = (uint8_t)sentence;
    /* prose by jusText's measure, or by sentences where no list fits */
    m->prose = (uint8_t)(!b->reason && m->len >= 70 &&
                         (w->stop ? sd >= 0.30 : (ln->ends >= 1 && ln->words >= 8)));
    bp_cue_set((const char *)u, n, ln->cap, ln->bracket, ln->key, b->nchars, ln->words, sentence,
               m->prose, cue);
}

/* A distinct word of the document in vocab's open table: its hash, the
 * island's prose blocks that hold it, and the last block (+ vbase + 1; at
 * most vbase: none, an empty slot) each of the two walks over the words
 * counted it for. */
typedef struct vocab_slot {
    uint32_t key, main, b1, b2;
} vocab_slot;

/* vwords and vshared of every block the rules left (bp_mlb): its distinct
 * content words, and those that a prose block of the largest island [bb,
 * be] other than itself holds too (have: there is such an island). What a
 * reader tells a list of the article's own things by (ingredients, the
 * players of a score table, the steps of a how-to) from a menu or a list
 * of other stories: its words are the article's words. No word list is
 * involved beyond the stoplists, so nothing names a site. */
static int vocab(bp_work *w, size_t bb, size_t be, int have) {
    bp_ml *ml = w->ml;
    bp_mlb *m = ml->b;
    size_t nb = w->blocks.n, n = 0, need = 0;
    /* the words come from the runs the line pass found (bp_line_vocab):
     * a block of n bytes has at most n / 4 of them */
    for (size_t i = 0; i < nb; i++)
        if (!w->blocks.b[i].reason) need += (w->blocks.b[i].te - w->blocks.b[i].tb) / 4 + 1;
    if (need > ml->wcap) {
        size_t cap = need + need / 2 + 256;
        uint64_t *a = realloc(ml->wpairs, cap * sizeof *a);
        if (!a) return -1;
        ml->wpairs = a;
        a = realloc(ml->wspare, cap * sizeof *a);
        if (!a) return -1;
        ml->wspare = a;
        ml->wcap = cap;
    }
    for (size_t i = 0; i < nb; i++)
        if (!w->blocks.b[i].reason) n += bp_line_vocab(w, i, ml->wpairs + n);
    if (!n) return 0;
    /* the distinct words in an open table of at least twice as many
     * slots (its size a power of two): the words come block by block, in
     * order, so a block's repeats of a word follow one another in each
     * walk and the last block counted tells them apart */
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    if (cap > ml->vslots_cap || nb >= UINT32_MAX - ml->vbase) {
        if (cap > ml->vslots_cap) {
            vocab_slot *t = realloc(ml->vslots, cap * sizeof *t);
            if (!t) return -1;
            ml->vslots = t;
            ml->vslots_cap = cap;
        }
        memset(ml->vslots, 0, ml->vslots_cap * sizeof *ml->vslots);
        ml->vbase = 0;
    }
    vocab_slot *t = ml->vslots;
    const uint32_t base = ml->vbase; /* block bi is base + bi + 1 here */
    ml->vbase += (uint32_t)nb;
    unsigned shift = 32u - (unsigned)__builtin_ctzll((unsigned long long)cap);
    const uint64_t *a = ml->wpairs;
    uint64_t *at = ml->wspare; /* each word's slot */
    /* the island's prose blocks that hold each word (each once) */
    for (size_t k = 0; k < n; k++) {
        uint32_t h = (uint32_t)(a[k] >> 32), bi = (uint32_t)a[k];
        size_t j = (uint32_t)(h * 0x9E3779B1u) >> shift;
        while (t[j].b1 > base && t[j].key != h) j = (j + 1) & (cap - 1);
        at[k] = j;
        if (t[j].b1 == base + bi + 1) continue;
        if (t[j].b1 <= base) t[j].key = h, t[j].main = 0, t[j].b2 = 0;
        t[j].b1 = base + bi + 1;
        if (have && bi >= bb && bi <= be && m[bi].prose) t[j].main++;
    }
    for (size_t k = 0; k < n; k++) {
        uint32_t bi = (uint32_t)a[k];
        vocab_slot *v = &t[at[k]];
        if (v->b2 == base + bi + 1) continue;
        v->b2 = base + bi + 1;
        unsigned self = have && bi >= bb && bi <= be && m[bi].prose;
        if (m[bi].vwords < 65535) m[bi].vwords++;
        if (v->main > self && m[bi].vshared < 65535) m[bi].vshared++;
    }
    /* runs of seen blocks that are not prose: a list is judged by its
     * items together (one ingredient may name nothing the text names, most
     * do); a block a rule removed ends a run unless the context looks past
     * it (bp_ml_seen) */
    for (size_t i = 0; i < nb;) {
        if (!bp_ml_seen(w, i) || w->blocks.b[i].reason || m[i].prose) {
            i++;
            continue;
        }
        size_t j = i;
        uint32_t rw = 0, rs = 0, rn = 0;
        while (j < nb && (!bp_ml_seen(w, j) || (!w->blocks.b[j].reason && !m[j].prose))) {
            if (!w->blocks.b[j].reason) rw += m[j].vwords, rs += m[j].vshared, rn++;
            j++;
        }
        for (size_t k = i; k < j; k++)
            if (!w->blocks.b[k].reason) m[k].rwords = rw, m[k].rshared = rs, m[k].rsize = rn;
        i = j;
    }
    return 0;
}

int bp_ml_prepare(bp_work *w) {
    size_t nb = w->blocks.n;
    if (!w->ml) {
        w->ml = calloc(1, sizeof *w->ml);
        if (!w->ml) return -1;
        weft_lin_fv_init(&w->ml->fv);
    }
    bp_ml *ml = w->ml;
    if (nb > ml->cap) {
        size_t cap = nb + nb / 2 + 16;
        bp_mlb *p = realloc(ml->b, cap * sizeof *p);
        if (!p) return -1;
        ml->b = p;
        uint64_t *o = realloc(ml->pairs, cap * sizeof *o);
        if (!o) return -1;
        ml->pairs = o;
        o = realloc(ml->spare, cap * sizeof *o);
        if (!o) return -1;
        ml->spare = o;
        float *q = realloc(ml->p, cap * sizeof *q);
        if (!q) return -1;
        ml->p = q;
        uint32_t *l = realloc(ml->len, cap * sizeof *l);
        if (!l) return -1;
        ml->len = l;
        double *d = realloc(ml->wt, cap * sizeof *d);
        if (!d) return -1;
        ml->wt = d;
        d = realloc(ml->wp, cap * sizeof *d);
        if (!d) return -1;
        ml->wp = d;
        d = realloc(ml->ct, (cap + 1) * sizeof *d);
        if (!d) return -1;
        ml->ct = d;
        d = realloc(ml->cp, (cap + 1) * sizeof *d);
        if (!d) return -1;
        ml->cp = d;
        bp_cueb *cb = realloc(ml->cue, cap * sizeof *cb);
        if (!cb) return -1;
        ml->cue = cb;
        uint8_t *cc = realloc(ml->code, cap);
        if (!cc) return -1;
        ml->code = cc;
        ml_s2 *s2 = realloc(ml->s2, cap * sizeof *s2);
        if (!s2) return -1;
        ml->s2 = s2;
        ml->cap = cap;
    }
    bp_mlb *m = ml->b;
    uint64_t prose_total = 0;
    for (size_t i = 0; i < nb; i++) {
        memset(&m[i], 0, sizeof m[i]);
        block_stats(w, i, &m[i], &ml->cue[i]);
        if (m[i].prose) prose_total += m[i].len;
    }
    /* repeated lines: the same text elsewhere in the document */
    uint64_t *pairs = ml->pairs;
    for (size_t i = 0; i < nb; i++) pairs[i] = (uint64_t)m[i].hash << 32 | (uint32_t)i;
    pairs = bp_group_hi32(pairs, ml->spare, nb);
    for (size_t i = 0; i < nb;) {
        size_t j = i;
        while (j < nb && pairs[j] >> 32 == pairs[i] >> 32) j++;
        for (size_t k = i; k < j; k++) {
            uint32_t r = (uint32_t)(j - i - 1);
            m[(uint32_t)pairs[k]].rep = (uint16_t)(r > 65535 ? 65535 : r);
        }
        i = j;
    }
    bp_cue_doc(ml->cue, nb, ml->pairs, ml->spare);
    /* prose around: chars of prose before, islands of prose */
    uint64_t before = 0;
    long last = -1;
    for (size_t i = 0; i < nb; i++) {
        m[i].prose_before = prose_total ? (float)((double)before / (double)prose_total) : 0;
        m[i].dprev =
            last < 0 ? 0xFFFF : (uint16_t)((i - (size_t)last) > 65535 ? 65535 : i - (size_t)last);
        if (m[i].prose) before += m[i].len, last = (long)i;
    }
    last = -1;
    for (size_t i = nb; i-- > 0;) {
        m[i].dnext =
            last < 0 ? 0xFFFF : (uint16_t)(((size_t)last - i) > 65535 ? 65535 : (size_t)last - i);
        if (m[i].prose) last = (long)i;
    }
    /* the same over the seen blocks only, and the nearest seen blocks */
    {
        size_t seen = 0, lastr = 0;
        int have = 0;
        uint32_t p1 = 0, p2 = 0;
        for (size_t i = 0; i < nb; i++) {
            m[i].sprev = seen_gap(have, seen, lastr);
            m[i].prev1 = p1, m[i].prev2 = p2;
            if (!bp_ml_seen(w, i)) continue;
            if (m[i].prose) lastr = seen, have = 1;
            seen++;
            p2 = p1, p1 = (uint32_t)i + 1;
        }
        have = 0;
        uint32_t n1 = 0, n2 = 0;
        seen = 0;
        for (size_t i = nb; i-- > 0;) {
            m[i].snext = seen_gap(have, seen, lastr);
            m[i].next1 = n1, m[i].next2 = n2;
            if (!bp_ml_seen(w, i)) continue;
            if (m[i].prose) lastr = seen, have = 1;
            seen++;
            n2 = n1, n1 = (uint32_t)i + 1;
        }
    }
    /* islands: runs of prose blocks at most 4 seen blocks apart */
    uint64_t best = 0;
    size_t bb = 0, be = 0;
    for (size_t i = 0; i < nb;) {
        if (!m[i].prose) {
            i++;
            continue;
        }
        size_t end = i;
        uint64_t chars = m[i].len;
        while (m[end].snext <= 4 && end + m[end].dnext < nb) {
            end += m[end].dnext;
            chars += m[end].len;
        }
        for (size_t k = i; k <= end; k++) m[k].island = chars;
        if (chars > best) best = chars, bb = i, be = end;
        i = end + 1;
    }
    /* position and distance in seen blocks, as the context counts them */
    size_t nseen = 0, sbb = 0, sbe = 0;
    for (size_t i = 0; i < nb; i++) {
        if (i == bb) sbb = nseen;
        if (i == be) sbe = nseen;
        nseen += bp_ml_seen(w, i) ? 1 : 0;
    }
    size_t si = 0;
    for (size_t i = 0; i < nb; i++) {
        m[i].island_frac = best ? (float)((double)m[i].island / (double)best) : 0;
        m[i].pos = nseen > 1 ? (float)(si < nseen ? si : nseen - 1) / (float)(nseen - 1) : 0;
        m[i].side = !best ? 3 : i < bb ? 0 : i <= be ? 1 : 2;
        m[i].dist = i < bb ? (uint32_t)(sbb - si) : i > be ? (uint32_t)(si - sbe) : 0;
        si += bp_ml_seen(w, i) ? 1 : 0;
    }
    /* outside an island: the larger island next to it */
    for (size_t i = 0; i < nb; i++) {
        if (m[i].island) continue;
        float a = m[i].dprev != 0xFFFF ? m[i - m[i].dprev].island_frac : 0;
        float c = m[i].dnext != 0xFFFF ? m[i + m[i].dnext].island_frac : 0;
        m[i].near_island = a > c ? a : c;
    }
    return vocab(w, bb, be, best > 0);
}

/* A share of shared words as 0 (no word) or 1 + the share in quarters,
 * rounded (1-5). */
static unsigned vocab_bucket(uint64_t words, uint64_t shared) {
    return words ? 1u + (unsigned)((shared * 4u + words / 2u) / words) : 0u;
}

/* floor(log2(v)), at most 14; 0 for v <= 1. */
static unsigned bucket_log2(uint32_t v) {
    if (v <= 1) return 0;
    unsigned b = 31u - (unsigned)__builtin_clz(v);
    return b < 14 ? b : 14;
}

static unsigned bucket(double v, double step, unsigned max) {
    if (v <= 0) return 0;
    double k = v / step;
    return k >= max ? max : (unsigned)k;
}

/* Feature names as numbers: a feature id is the hash of (name << 16 | value),
 * one 4-byte hash and no string work per feature. The numbers are part of
 * the feature set (BP_ML_FEATURES). */
enum {
    F_S1_BIAS = 1,
    F_LEN,
    F_WORDS,
    F_CJK_LEN,
    F_SD,
    F_SD_LEN,
    F_NOSTOP_LEN,
    F_SEND,
    F_SEND_LEN,
    F_COLON,
    F_ENDS,
    F_UPPER,
    F_DIGITS,
    F_PUNCT,
    F_COMMAS,
    F_SEPS,
    F_URL,
    F_REP,
    F_POS,
    F_BEFORE,
    F_DPREV,
    F_DNEXT,
    F_ISLAND,
    F_ISLAND_LEN,
    F_NEAR_ISLAND,
    F_SIDE,
    F_DOUBLED,
    F_RC,
    F_SD_VAL,
    F_MARK,             /* + the mark's bit: 7 names */
    F_CUE = F_MARK + 7, /* + one of plaincue.h's BP_CUE_F_ names */
    F_REP_LEN = 63,     /* repeats x length (plain-5) */
    F_NEIGHBOUR = 64,   /* + 16 * side + one of the N_ names */
    F_VOCAB = 128,      /* shared words x length (plain-9) */
    F_VOCAB_MK,         /* shared words x item, heading */
    F_VOCAB_RUN,        /* shared words of the run x its size x item */
    F_STAGE2 = 256      /* + one of the S2_ names */
};
_Static_assert(F_CUE + BP_CUE_F_COUNT <= F_REP_LEN, "the cue features fit below the neighbours'");
enum { N_LEN, N_SEND, N_PROSE, N_RULE, N_MK };
enum {
    S2_BIAS,
    S2_OWN,
    S2_OWN_LEN,
    S2_SIDE,
    S2_W2 = S2_SIDE + 6,
    S2_W5,
    S2_W12,
    S2_OWN_W5,
    S2_CUE,   /* own probability x own cue code (plaincue.h) */
    S2_CUE_NB /* the cue codes of the blocks either side */
};

/* A feature (name, value) with a small integer value: its id. */
static uint32_t feature_id(unsigned name, unsigned v, uint32_t seed) {
    uint32_t key = (uint32_t)name << 16 | (v & 0xFFFFu);
    return weft_lin_hash(&key, sizeof key, seed);
}

/* Every (name, value) the code emits with a value below MLC_VALUES, looked
 * up once: its two weights, so that scoring a block hashes nothing and
 * reads a small table instead of the model's 2^bits rows. */
#define MLC_NAMES  (F_STAGE2 + S2_CUE_NB + 1)
#define MLC_VALUES 256u
struct bp_mlc {
    const weft_lin_model *model;
    float w[(size_t)MLC_NAMES * MLC_VALUES * 2]; /* drop, keep weights per (name, value) */
};

/* Where the features of one block go: a feature vector (the trainer, or no
 * table) or straight into the two class scores, in the order
 * weft_lin_margin would add them, so the margin is the same float. */
typedef struct ml_sink {
    weft_lin_fv *fv;
    const bp_mlc *c;
    float s0, s1;
    int rc;
} ml_sink;

static const float *mlc_row(const weft_lin_model *m, unsigned name, unsigned v, uint32_t seed) {
    return m->w + (size_t)(feature_id(name, v, seed) & weft_lin_mask(m)) * 2;
}

/* A value past the table: the model's row by its hash. */
static const float *mlc_row_far(const bp_mlc *c, unsigned name, unsigned v, uint32_t seed) {
    return mlc_row(c->model, name, v, seed);
}

/* Inlined into each scorer (bp_ml_stage1's and stage 2's margin_of, the
 * trainer's feature vector): with the sink a local that never escapes, the
 * table case keeps both sums in registers and tests nothing but the value
 * range; the adds are the same, in the same order, so the margin is the same
 * float. */
#define ML_INLINE __attribute__((always_inline)) static inline

ML_INLINE void put(ml_sink *s, unsigned name, unsigned v, uint32_t seed, float x) {
    if (s->c) {
        const float *r = name < MLC_NAMES && v < MLC_VALUES
                             ? s->c->w + ((size_t)name * MLC_VALUES + v) * 2
                             : mlc_row_far(s->c, name, v, seed);
        s->s0 += r[0] * x;
        s->s1 += r[1] * x;
    } else {
        s->rc |= weft_lin_fv_add(s->fv, feature_id(name, v, seed), x);
    }
}

ML_INLINE void kv(ml_sink *s, unsigned name, unsigned v) {
    put(s, name, v, WEFT_LIN_HASH_INIT, 1.0f);
}

static ml_sink sink_fv(weft_lin_fv *fv) {
    ml_sink s = {fv, NULL, 0, 0, 0};
    return s;
}

static ml_sink sink_model(const bp_mlc *c) {
    ml_sink s = {NULL, c, c->model->bias[0], c->model->bias[1], 0};
    return s;
}

uint32_t bp_ml_seed2(uint32_t salt) {
    return weft_lin_hash(&salt, sizeof salt, WEFT_LIN_HASH_INIT);
}

bp_mlc *bp_mlc_new(const weft_lin_model *model) {
    bp_mlc *c = malloc(sizeof *c);
    if (!c) return NULL;
    c->model = model;
    float scale;
    uint32_t salt;
    bp_ml_params(model, &scale, &salt);
    uint32_t seed2 = bp_ml_seed2(salt);
    for (unsigned name = 0; name < MLC_NAMES; name++)
        for (unsigned v = 0; v < MLC_VALUES; v++) {
            const float *r = mlc_row(model, name, v, name >= F_STAGE2 ? seed2 : WEFT_LIN_HASH_INIT);
            c->w[((size_t)name * MLC_VALUES + v) * 2] = r[0];
            c->w[((size_t)name * MLC_VALUES + v) * 2 + 1] = r[1];
        }
    return c;
}

void bp_mlc_free(bp_mlc *c) {
    free(c);
}

/* The features a neighbour lends (prefix says which one). */
ML_INLINE void ml_neighbour(ml_sink *s, const bp_work *w, size_t j, unsigned side) {
    const bp_mlb *m = &w->ml->b[j];
    const bp_block *b = &w->blocks.b[j];
    unsigned f = F_NEIGHBOUR + 16 * side;
    kv(s, f + N_LEN, bucket_log2(m->len));
    kv(s, f + N_SEND, m->send);
    kv(s, f + N_PROSE, m->prose);
    kv(s, f + N_RULE, m->rule);
    kv(s, f + N_MK, b->mark & (BP_MK_HEADING | BP_MK_ITEM | BP_MK_FORM));
}

ML_INLINE void block_feats(const bp_work *w, size_t i, ml_sink *s) {
    const bp_block *b = &w->blocks.b[i];
    const bp_mlb *m = &w->ml->b[i];
    size_t nb = w->blocks.n;
    unsigned len = bucket_log2(m->len);
    kv(s, F_S1_BIAS, 0);
    kv(s, F_LEN, len);
    kv(s, F_WORDS, bucket_log2(m->words));
    if (m->cjk * 2 > b->nchars) kv(s, F_CJK_LEN, len);
    if (w->stop) {
        unsigned sd = bucket(m->sd, 0.05, 12);
        kv(s, F_SD, sd);
        kv(s, F_SD_LEN, sd * 16 + (len > 9 ? 9 : len));
        put(s, F_SD_VAL, 0, WEFT_LIN_HASH_INIT, m->sd);
    } else {
        kv(s, F_NOSTOP_LEN, len);
    }
    kv(s, F_SEND, m->send);
    kv(s, F_SEND_LEN, m->send * 16 + len);
    {
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        kv(s, F_COLON, n && t[n - 1] == ':');
    }
    kv(s, F_ENDS, m->ends > 4 ? 4 : m->ends);
    unsigned wds = m->words ? m->words : 1;
    kv(s, F_UPPER, bucket((double)m->upper / wds, 0.2, 5));
    kv(s, F_DIGITS, bucket((double)m->digits / (b->nchars ? b->nchars : 1), 0.05, 6));
    kv(s, F_PUNCT, bucket((double)m->punct / (b->nchars ? b->nchars : 1), 0.03, 8));
    kv(s, F_COMMAS, bucket((double)m->commas / wds, 0.05, 6));
    kv(s, F_SEPS, m->seps > 3 ? 3 : m->seps);
    kv(s, F_URL, m->url);
    /* the set bits only, in ascending order as a loop over k adds them */
    for (unsigned bits = b->mark & 0x7Fu; bits; bits &= bits - 1)
        kv(s, F_MARK + (unsigned)__builtin_ctz(bits), len > 7 ? 7 : len);
    kv(s, F_REP, m->rep > 3 ? 3 : m->rep);
    /* a long line printed again and again is a promo under every teaser or
     * a share text under every picture; running text does not repeat, a
     * short label ("Read more") may */
    if (m->rep) kv(s, F_REP_LEN, (m->rep > 3 ? 3u : m->rep) * 16 + len);
    kv(s, F_POS, bucket(m->pos, 0.1, 9));
    kv(s, F_BEFORE, bucket(m->prose_before, 0.2, 5));
    kv(s, F_DPREV, m->sprev > 8 ? 9 : m->sprev);
    kv(s, F_DNEXT, m->snext > 8 ? 9 : m->snext);
    kv(s, F_ISLAND, bucket(m->island_frac, 0.2, 5));
    kv(s, F_ISLAND_LEN, bucket(m->island_frac, 0.2, 5) * 16 + len);
    kv(s, F_NEAR_ISLAND, bucket(m->near_island, 0.2, 5));
    kv(s, F_SIDE, m->side * 16 + bucket_log2(m->dist + 1));
    kv(s, F_DOUBLED, m->doubled);
    {
        /* the block's share of the article's words, and its list's */
        unsigned v = vocab_bucket(m->vwords, m->vshared);
        unsigned nw = m->vwords > 3 ? 3 : m->vwords;
        kv(s, F_VOCAB, v * 16 + (len > 9 ? 9 : len));
        kv(s, F_VOCAB_MK,
           (v * 4 + nw) * 4 + (b->mark & BP_MK_ITEM ? 1u : 0u) +
               (b->mark & BP_MK_HEADING ? 2u : 0u));
        if (m->rsize) {
            unsigned rn = m->rsize <= 1 ? 0 : m->rsize <= 3 ? 1 : m->rsize <= 8 ? 2 : 3;
            kv(s, F_VOCAB_RUN,
               (vocab_bucket(m->rwords, m->rshared) * 4 + rn) * 2 +
                   (b->mark & BP_MK_ITEM ? 1u : 0u));
        }
    }
    {
        bp_cue_kv cue[BP_CUE_MAX_KV];
        size_t nc = bp_cue_feats(w->ml->cue, nb, i, len, cue);
        for (size_t k = 0; k < nc; k++) kv(s, F_CUE + cue[k].name, cue[k].value);
    }
    for (unsigned bits = m->classes & ((1u << BP_RC_COUNT) - 1); bits; bits &= bits - 1)
        kv(s, F_RC, (unsigned)__builtin_ctz(bits) * 16 + (len > 12 ? 12 : len));
    /* context: the nearest blocks on each side */
    if (m->prev1) ml_neighbour(s, w, m->prev1 - 1, 0);
    if (m->prev2) ml_neighbour(s, w, m->prev2 - 1, 1);
    if (m->next1) ml_neighbour(s, w, m->next1 - 1, 2);
    if (m->next2) ml_neighbour(s, w, m->next2 - 1, 3);
}

int bp_ml_block(const bp_work *w, size_t i, weft_lin_fv *fv) {
    ml_sink s = sink_fv(fv);
    block_feats(w, i, &s);
    return s.rc ? -1 : 0;
}

/* A probability as one of 10 bins; a removed block (-1) is bin 10. */
static unsigned pbin(float p) {
    if (p < 0) return 10;
    unsigned b = (unsigned)(p * 10.0f);
    return b > 9 ? 9 : b;
}

/* Mean stage-1 probability of the kept blocks in [i - r, i + r] but i,
 * weighted by length, for r = 2, 5 and 12 at once (each sum still adds its
 * blocks in order); -1 when there are none. */
static void windows(const float *p, const uint32_t *len, size_t nb, size_t i, float out[3]) {
    double s2 = 0, w2 = 0, s5 = 0, w5 = 0, s12 = 0, w12 = 0;
    size_t a = i > 12 ? i - 12 : 0, z = i + 13 < nb ? i + 13 : nb;
    for (size_t j = a; j < z; j++) {
        if (j == i || p[j] < 0) continue;
        double wt = 1 + bucket_log2(len[j]), x = wt * p[j];
        size_t d = j < i ? i - j : j - i;
        s12 += x;
        w12 += wt;
        if (d <= 5) {
            s5 += x;
            w5 += wt;
            if (d <= 2) {
                s2 += x;
                w2 += wt;
            }
        }
    }
    out[0] = w2 > 0 ? (float)(s2 / w2) : -1.0f;
    out[1] = w5 > 0 ? (float)(s5 / w5) : -1.0f;
    out[2] = w12 > 0 ? (float)(s12 / w12) : -1.0f;
}

/* windows() from the terms bp_ml_stage1 laid out (wt, wp): each sum adds
 * the same terms in the same order (a removed block adds +0.0, which
 * leaves a sum of non-negative terms as it was), so the floats are
 * windows()'s to the bit, without its tests per block. */
static void windows_pre(const double *wt, const double *wp, size_t nb, size_t i, float out[3]) {
    double s[3] = {0, 0, 0}, w[3] = {0, 0, 0};
    static const size_t radius[3] = {2, 5, 12};
    for (unsigned r = 0; r < 3; r++) {
        size_t a = i > radius[r] ? i - radius[r] : 0;
        size_t z = i + radius[r] + 1 < nb ? i + radius[r] + 1 : nb;
        double sr = 0, wr = 0;
        for (size_t j = a; j < i; j++) sr += wp[j], wr += wt[j];
        for (size_t j = i + 1; j < z; j++) sr += wp[j], wr += wt[j];
        s[r] = sr;
        w[r] = wr;
    }
    for (unsigned r = 0; r < 3; r++) out[r] = w[r] > 0 ? (float)(s[r] / w[r]) : -1.0f;
}

/* The running sums of the window terms (struct bp_ml's ct, cp, err). */
static void window_sums(bp_ml *ml, size_t nb) {
    double t = 0, q = 0;
    for (size_t i = 0; i < nb; i++) {
        ml->ct[i] = t, ml->cp[i] = q;
        t += ml->wt[i], q += ml->wp[i];
    }
    ml->ct[nb] = t, ml->cp[nb] = q;
    /* each running sum is within k * eps * q of its terms' sum (they are
     * not negative), a window's sum in windows_pre's order within 25 *
     * eps * q; the differences and their sum add three roundings */
    ml->err = ((double)nb * 4 + 64) * 2.3e-16 * q;
}

/* pbin of windows_pre's three floats, from the running sums: a window's
 * mean from two differences, without adding its terms again. Its sum is
 * not the very double windows_pre adds up (another order), but within
 * pre->err of it, and its weight is exact (small integers); a mean that
 * close to a bin's edge (with room for the float conversion) is taken from
 * windows_pre, so the bins are windows_pre's in every case. */
static void window_bins(const bp_ml *pre, size_t nb, size_t i, unsigned out[3]) {
    static const size_t radius[3] = {2, 5, 12};
    for (unsigned r = 0; r < 3; r++) {
        size_t a = i > radius[r] ? i - radius[r] : 0;
        size_t z = i + radius[r] + 1 < nb ? i + radius[r] + 1 : nb;
        double wr = (pre->ct[i] - pre->ct[a]) + (pre->ct[z] - pre->ct[i + 1]);
        if (!(wr > 0)) {
            out[r] = 10; /* pbin(-1): no kept block around */
            continue;
        }
        double sr = (pre->cp[i] - pre->cp[a]) + (pre->cp[z] - pre->cp[i + 1]);
        double x = sr / wr * 10, room = pre->err / wr * 10 + 1e-5;
        double f = x >= 0 && x < 16 ? (double)(unsigned)x : -1; /* means lie in [0, 1] */
        if (f >= 0 && x - f > room && f + 1 - x > room) {
            out[r] = f > 9 ? 9 : (unsigned)f;
        } else if (f >= 0 && x > 9 + room) {
            out[r] = 9;
        } else {
            float win[3];
            windows_pre(pre->wt, pre->wp, nb, i, win);
            out[r] = pbin(win[r]);
        }
    }
}

/* ml_s2 of block i from p and len (the trainer's way, and the reference
 * for bp_ml_stage1's, test_plain_model_table). */
static void context_values(const float *p, const uint32_t *len, size_t nb, size_t i, ml_s2 *v) {
    unsigned l = bucket_log2(len[i]);
    v->own = (uint8_t)pbin(p[i]);
    v->len = (uint8_t)(l > 12 ? 12 : l);
    size_t j = i;
    for (unsigned k = 3; k-- > 0;) {
        while (j > 0 && p[j - 1] == BP_ML_UNSEEN) j--;
        v->side[k] = (uint8_t)(j == 0 ? 11 : pbin(p[j - 1]));
        if (j > 0) j--;
    }
    j = i;
    for (unsigned k = 3; k < 6; k++) {
        while (j + 1 < nb && p[j + 1] == BP_ML_UNSEEN) j++;
        v->side[k] = (uint8_t)(j + 1 >= nb ? 11 : pbin(p[j + 1]));
        if (j + 1 < nb) j++;
    }
    float win[3];
    windows(p, len, nb, i, win);
    for (unsigned r = 0; r < 3; r++) v->win[r] = (uint8_t)pbin(win[r]);
}

/* v: block i's values (context_values, or bp_ml_stage1's ml_s2); code:
 * bp_cue_code per block. */
ML_INLINE void context_feats(const ml_s2 *v, const uint8_t *code, size_t nb, size_t i,
                             uint32_t seed, ml_sink *s) {
    put(s, F_STAGE2 + S2_BIAS, 0, seed, 1.0f);
    unsigned own = v->own;
    put(s, F_STAGE2 + S2_OWN, own, seed, 1.0f);
    put(s, F_STAGE2 + S2_OWN_LEN, own * 16 + v->len, seed, 1.0f);
    /* the left side nearest first, as the walks found them (the order of
     * the adds is the margin's) */
    for (unsigned k = 3; k-- > 0;) put(s, F_STAGE2 + S2_SIDE + k, v->side[k], seed, 1.0f);
    for (unsigned k = 3; k < 6; k++) put(s, F_STAGE2 + S2_SIDE + k, v->side[k], seed, 1.0f);
    unsigned w5 = v->win[1];
    put(s, F_STAGE2 + S2_W2, v->win[0], seed, 1.0f);
    put(s, F_STAGE2 + S2_W5, w5, seed, 1.0f);
    put(s, F_STAGE2 + S2_W12, v->win[2], seed, 1.0f);
    put(s, F_STAGE2 + S2_OWN_W5, own * 16 + w5, seed, 1.0f);
    put(s, F_STAGE2 + S2_CUE, own * 16 + code[i], seed, 1.0f);
    put(s, F_STAGE2 + S2_CUE_NB, (i > 0 ? code[i - 1] : 0u) * 16 + (i + 1 < nb ? code[i + 1] : 0u),
        seed, 1.0f);
}

int bp_ml_context(const float *p, const uint32_t *len, const uint8_t *code, size_t nb, size_t i,
                  uint32_t seed, weft_lin_fv *fv) {
    ml_sink s = sink_fv(fv);
    ml_s2 v;
    context_values(p, len, nb, i, &v);
    context_feats(&v, code, nb, i, seed, &s);
    return s.rc ? -1 : 0;
}

/* Every kept block's ml_s2 from p (after the window sums): what
 * context_values gives, in two walks instead of one walk per block. The
 * sides are the bins of the last three seen blocks passed on each walk;
 * the windows' bins come from the running sums (window_bins). */
static void stage2_values(bp_ml *ml, const float *p, const bp_block *bl, size_t nb) {
    ml_s2 *v = ml->s2;
    unsigned a = 11, b = 11, c = 11; /* the nearest seen block's bin, the next, the third */
    for (size_t i = 0; i < nb; i++) {
        unsigned own = pbin(p[i]);
        if (!bl[i].reason) {
            unsigned l = bucket_log2(ml->len[i]);
            v[i].own = (uint8_t)own;
            v[i].len = (uint8_t)(l > 12 ? 12 : l);
            v[i].side[2] = (uint8_t)a, v[i].side[1] = (uint8_t)b, v[i].side[0] = (uint8_t)c;
            unsigned win[3];
            window_bins(ml, nb, i, win);
            for (unsigned r = 0; r < 3; r++) v[i].win[r] = (uint8_t)win[r];
        }
        if (p[i] != BP_ML_UNSEEN) c = b, b = a, a = own;
    }
    a = b = c = 11;
    for (size_t i = nb; i-- > 0;) {
        if (!bl[i].reason)
            v[i].side[3] = (uint8_t)a, v[i].side[4] = (uint8_t)b, v[i].side[5] = (uint8_t)c;
        if (p[i] != BP_ML_UNSEEN) c = b, b = a, a = pbin(p[i]);
    }
}

/* Block i's stage-1 (ctx NULL) or stage-2 margin: through the table c when
 * there is one, else by a feature vector and weft_lin_margin. -1 out of
 * memory. */
static int margin_of(bp_work *w, const weft_lin_model *model, const bp_mlc *c, size_t i,
                     uint32_t seed, int stage2, float *out) {
    if (c) {
        /* the table: c is known not NULL in here, so put() has one case */
        ml_sink s = sink_model(c);
        if (stage2)
            context_feats(&w->ml->s2[i], w->ml->code, w->blocks.n, i, seed, &s);
        else
            block_feats(w, i, &s);
        *out = s.s1 - s.s0;
        return 0;
    }
    ml_sink s = sink_fv(&w->ml->fv);
    weft_lin_fv_clear(&w->ml->fv);
    if (stage2)
        context_feats(&w->ml->s2[i], w->ml->code, w->blocks.n, i, seed, &s);
    else
        block_feats(w, i, &s);
    if (s.rc) return -1;
    *out = weft_lin_margin(model, &w->ml->fv);
    return 0;
}

int bp_ml_stage1(bp_work *w, const weft_lin_model *model, const bp_mlc *c, float scale, float *p) {
    bp_block *bl = w->blocks.b;
    for (size_t i = 0; i < w->blocks.n; i++) {
        w->ml->len[i] = w->ml->b[i].len;
        w->ml->code[i] = (uint8_t)bp_cue_code(&w->ml->cue[i]);
        if (bl[i].reason) {
            p[i] = bp_ml_seen(w, i) ? -1.0f : BP_ML_UNSEEN;
            continue;
        }
        float mg;
        if (margin_of(w, model, c, i, 0, 0, &mg)) return -1;
        p[i] = weft_lin_sigmoid(mg / scale);
    }
    /* stage 2's window terms (windows_pre) */
    for (size_t i = 0; i < w->blocks.n; i++) {
        if (p[i] < 0) {
            w->ml->wt[i] = w->ml->wp[i] = 0;
            continue;
        }
        double wt = 1 + bucket_log2(w->ml->len[i]);
        w->ml->wt[i] = wt;
        w->ml->wp[i] = wt * p[i];
    }
    window_sums(w->ml, w->blocks.n);
    stage2_values(w->ml, p, bl, w->blocks.n);
    return 0;
}

int bp_ml_classify(bp_work *w, const weft_lin_model *model, const bp_mlc *c) {
    if (c && c->model != model) c = NULL;
    if (bp_ml_prepare(w)) return -1;
    bp_block *bl = w->blocks.b;
    float scale = 1.0f;
    uint32_t salt = 0;
    bp_ml_params(model, &scale, &salt);
    uint32_t seed = bp_ml_seed2(salt);
    if (bp_ml_stage1(w, model, c, scale, w->ml->p)) return -1;
    for (size_t i = 0; i < w->blocks.n; i++) {
        if (bl[i].reason) continue;
        float mg;
        if (margin_of(w, model, c, i, seed, 1, &mg)) return -1;
        if (mg > 0) continue; /* class 1 is keep */
        bl[i].reason = bl[i].nchars < (uint32_t)w->sh->conf.length_low ? BP_R_SHORT : BP_R_LOW_TEXT;
    }
    return 0;
}

void bp_ml_params(const weft_lin_model *model, float *scale, uint32_t *salt) {
    const char *s = weft_lin_model_meta(model, "stage1-scale-milli");
    const char *t = weft_lin_model_meta(model, "stage2-salt");
    *scale = s ? (float)strtoul(s, NULL, 10) / 1000.0f : 1.0f;
    *salt = t ? (uint32_t)strtoul(t, NULL, 10) : 0;
}

void bp_ml_free(bp_ml *ml) {
    if (!ml) return;
    weft_lin_fv_free(&ml->fv);
    free(ml->b);
    free(ml->pairs);
    free(ml->spare);
    free(ml->wpairs);
    free(ml->wspare);
    free(ml->vslots);
    free(ml->p);
    free(ml->len);
    free(ml->wt);
    free(ml->wp);
    free(ml->ct);
    free(ml->cp);
    free(ml->cue);
    free(ml->code);
    free(ml->s2);
    free(ml);
}

/* 1 to 9 decimal digits: a count that fits in 32 bits. */
static int digits_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 9) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

const char *bp_ml_check(const weft_lin_model *model) {
    const char *f = weft_lin_model_meta(model, "features");
    if (!f) return "no \"meta features\" line (the feature set it was trained on)";
    if (strcmp(f, BP_ML_FEATURES) != 0)
        return "trained on another feature set than " BP_ML_FEATURES;
    const char *sc = weft_lin_model_meta(model, "stage1-scale-milli");
    const char *st = weft_lin_model_meta(model, "stage2-salt");
    if (!sc || !st) return "no \"meta stage1-scale-milli\" or \"meta stage2-salt\" line";
    if (!digits_ok(sc) || strtoul(sc, NULL, 10) == 0) return "stage1-scale-milli is not a count";
    if (!digits_ok(st)) return "stage2-salt is not a count";
    if (model->nclass != 2 || weft_lin_model_class(model, "drop") != 0 ||
        weft_lin_model_class(model, "keep") != 1)
        return "expected the two classes \"drop keep\"";
    return NULL;
}
