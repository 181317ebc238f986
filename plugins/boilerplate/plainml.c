/*
 * The learned line classifier for scraped plain text: a linear model
 * (weft/linear.h) over features of each block and of its context, in place
 * of jusText's hand-set thresholds. The features hold across renderers and
 * languages: length in characters, words, sentence ends (CJK ones too),
 * stopword density from the shipped lists, capitals, digits, punctuation,
 * link-likeness, the renderer marks plainnorm.c stripped, the phrase rule
 * that removed a neighbour, repeated lines, position, and how much prose
 * lies around the block (jusText's context, as features). No feature names
 * a word, a site or a page: the lexical ones come from closed lists.
 *
 * The trainer (train/train_plain.c) calls the same bp_ml_prepare and
 * bp_ml_block, so what is learned is what runs.
 */
#include <stdlib.h>
#include <string.h>

#include "plainml.h"
#include "weft/unicode.h"

/* What the features read of one block, computed once per document. */
typedef struct bp_mlb {
    uint32_t len; /* characters, CJK ones counting 3 */
    uint32_t cjk, digits, punct, upper, words, ends, seps, commas;
    uint32_t hash;
    uint64_t island; /* prose characters of the island the block is in */
    float sd, pos, prose_before, island_frac, near_island;
    uint16_t rep, dprev, dnext;
    uint16_t classes; /* bp_rule_classes */
    uint8_t send, url, prose, rule, doubled;
    uint8_t side;  /* before (0), inside (1) or after (2) the largest island */
    uint32_t dist; /* blocks to that island's edge */
} bp_mlb;

struct bp_ml {
    weft_lin_fv fv;
    float *p;      /* stage 1's keep probability per block, -1 when a rule removed it */
    uint32_t *len; /* bp_mlb.len, for the context windows */
    bp_mlb *b;
    size_t cap;
    uint64_t *pairs, *spare; /* scratch for repeated lines */
};

static int is_cjk(uint32_t cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

/* Sentence-ending punctuation, also CJK's 。！？ and fullwidth forms. */
static int is_stop_punct(uint32_t cp) {
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F ||
           cp == 0x06D4 || cp == 0x2026;
}

static int is_upper_ascii(unsigned char c) {
    return c >= 'A' && c <= 'Z';
}

/* Whether s starts "http" or "www." (ASCII case folded) or '@': a block
 * holding one is link-like. */
static int looks_url_at(const unsigned char *s, size_t n) {
    if (s[0] == '@') return 1;
    if (n < 4) return 0;
    if ((s[0] | 0x20) == 'h')
        return (s[1] | 0x20) == 't' && (s[2] | 0x20) == 't' && (s[3] | 0x20) == 'p';
    return (s[0] | 0x20) == 'w' && (s[1] | 0x20) == 'w' && (s[2] | 0x20) == 'w' && s[3] == '.';
}

/* One pass over a block's text for the counts the features read. */
static void block_stats(const bp_work *w, const bp_block *b, bp_mlb *m) {
    const unsigned char *u = (const unsigned char *)w->text.p + b->tb;
    size_t n = b->te - b->tb;
    uint32_t cjk = 0, digits = 0, punct = 0, upper = 0, words = 0, ends = 0, seps = 0, commas = 0;
    uint64_t h = WEFT_FNV64_INIT;
    int inword = 0, url = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l;
        if (u[i] < 0x80) {
            cp = u[i], l = 1;
            if (!url) url = looks_url_at(u + i, n - i);
        } else
            l = bp_next_cp(u + i, n - i, &cp);
        h = weft_fnv64(h, u + i, l);
        int letter = cp < 0x80 ? ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') : weft_uc_is_letter(cp);
        if (cp >= '0' && cp <= '9') {
            digits++;
            letter = 1;
        } else if (cp >= 0x80 && is_cjk(cp)) {
            cjk++;
        } else if (!letter && !bp_is_space_cp(cp) && cp != '\n') {
            punct++;
            if (is_stop_punct(cp) && (i + l == n || u[i + l] == ' ' || cp >= 0x80)) ends++;
            if (cp == ',' || cp == 0xFF0C || cp == 0x3001 || cp == 0x060C) commas++;
            if (cp == '|' || cp == 0xB7 || cp == 0x2022 || cp == '/') seps++;
        }
        if (letter && !inword) {
            words++;
            if (cp < 0x80 ? is_upper_ascii((unsigned char)cp) : weft_uc_is_upper(cp)) upper++;
        }
        inword = letter;
        i += l;
    }
    m->cjk = cjk;
    m->digits = digits;
    m->punct = punct;
    m->upper = upper;
    m->words = words;
    m->ends = ends;
    m->seps = seps;
    m->commas = commas;
    /* only a block the model judges reads its own classes; prompts are short */
    if (b->reason || n > 700)
        m->classes = 0;
    else if (b->rclasses & BP_RC_READ)
        m->classes = (uint16_t)(b->rclasses & ~BP_RC_READ);
    else
        m->classes = (uint16_t)bp_rule_classes(&w->sh->ph, (const char *)u, n);
    /* "Photo caption Photo caption": lynx writes some texts twice */
    m->doubled = n >= 3 && n % 2 == 1 && u[n / 2] == ' ' && memcmp(u, u + n / 2 + 1, n / 2) == 0;
    m->rule = b->reason;
    m->hash = (uint32_t)(h ^ (h >> 32));
    m->url = (uint8_t)url;
    /* CJK characters carry about what a word does elsewhere */
    m->len = b->nchars + 2 * cjk;
    double sd = w->stop && b->nwords ? (double)b->nstop / b->nwords : 0;
    m->sd = (float)sd;
    int sentence = bp_sentence_end(w->text.p + b->tb, n);
    m->send = (uint8_t)sentence;
    /* prose by jusText's measure, or by sentences where no list fits */
    m->prose =
        (uint8_t)(!b->reason && m->len >= 70 && (w->stop ? sd >= 0.30 : (ends >= 1 && words >= 8)));
}

/* Orders (hash << 32 | index) pairs by hash so that equal texts end up
 * side by side: a radix sort on the hash's four bytes, with no comparison
 * callback per pair. Returns the array that holds the result (a or tmp). */
static uint64_t *sort_by_hash(uint64_t *a, uint64_t *tmp, size_t n) {
    for (unsigned shift = 32; shift < 64; shift += 8) {
        size_t count[256] = {0};
        for (size_t i = 0; i < n; i++) count[(a[i] >> shift) & 0xFF]++;
        size_t at = 0;
        for (size_t k = 0; k < 256; k++) {
            size_t c = count[k];
            count[k] = at;
            at += c;
        }
        for (size_t i = 0; i < n; i++) tmp[count[(a[i] >> shift) & 0xFF]++] = a[i];
        uint64_t *t = a;
        a = tmp;
        tmp = t;
    }
    return a;
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
        ml->cap = cap;
    }
    bp_mlb *m = ml->b;
    uint64_t prose_total = 0;
    for (size_t i = 0; i < nb; i++) {
        memset(&m[i], 0, sizeof m[i]);
        block_stats(w, &w->blocks.b[i], &m[i]);
        if (m[i].prose) prose_total += m[i].len;
    }
    /* repeated lines: the same text elsewhere in the document */
    uint64_t *pairs = ml->pairs;
    for (size_t i = 0; i < nb; i++) pairs[i] = (uint64_t)m[i].hash << 32 | (uint32_t)i;
    pairs = sort_by_hash(pairs, ml->spare, nb);
    for (size_t i = 0; i < nb;) {
        size_t j = i;
        while (j < nb && pairs[j] >> 32 == pairs[i] >> 32) j++;
        for (size_t k = i; k < j; k++) {
            uint32_t r = (uint32_t)(j - i - 1);
            m[(uint32_t)pairs[k]].rep = (uint16_t)(r > 65535 ? 65535 : r);
        }
        i = j;
    }
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
    /* islands: runs of prose blocks at most 4 blocks apart */
    uint64_t best = 0;
    size_t bb = 0, be = 0;
    for (size_t i = 0; i < nb;) {
        if (!m[i].prose) {
            i++;
            continue;
        }
        size_t end = i;
        uint64_t chars = m[i].len;
        while (m[end].dnext <= 4 && end + m[end].dnext < nb) {
            end += m[end].dnext;
            chars += m[end].len;
        }
        for (size_t k = i; k <= end; k++) m[k].island = chars;
        if (chars > best) best = chars, bb = i, be = end;
        i = end + 1;
    }
    for (size_t i = 0; i < nb; i++) {
        m[i].island_frac = best ? (float)((double)m[i].island / (double)best) : 0;
        m[i].pos = nb > 1 ? (float)i / (float)(nb - 1) : 0;
    }
    for (size_t i = 0; i < nb; i++) {
        m[i].side = !best ? 3 : i < bb ? 0 : i <= be ? 1 : 2;
        m[i].dist = i < bb ? (uint32_t)(bb - i) : i > be ? (uint32_t)(i - be) : 0;
    }
    /* outside an island: the larger island next to it */
    for (size_t i = 0; i < nb; i++) {
        if (m[i].island) continue;
        float a = m[i].dprev != 0xFFFF ? m[i - m[i].dprev].island_frac : 0;
        float c = m[i].dnext != 0xFFFF ? m[i + m[i].dnext].island_frac : 0;
        m[i].near_island = a > c ? a : c;
    }
    return 0;
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
    F_MARK,           /* + the mark's bit: 7 names */
    F_NEIGHBOUR = 64, /* + 16 * side + one of the N_ names */
    F_STAGE2 = 256    /* + one of the S2_ names */
};
enum { N_LEN, N_SEND, N_PROSE, N_RULE, N_MK };
enum { S2_BIAS, S2_OWN, S2_OWN_LEN, S2_SIDE, S2_W2 = S2_SIDE + 6, S2_W5, S2_W12, S2_OWN_W5 };

/* A feature (name, value) with a small integer value. */
static int kvh(weft_lin_fv *fv, unsigned name, unsigned v, uint32_t seed) {
    uint32_t key = (uint32_t)name << 16 | (v & 0xFFFFu);
    return weft_lin_fv_add(fv, weft_lin_hash(&key, sizeof key, seed), 1.0f);
}

static int kv(weft_lin_fv *fv, unsigned name, unsigned v) {
    return kvh(fv, name, v, WEFT_LIN_HASH_INIT);
}

/* The features a neighbour lends (prefix says which one). */
static int ml_neighbour(weft_lin_fv *fv, const bp_work *w, size_t j, unsigned side) {
    const bp_mlb *m = &w->ml->b[j];
    const bp_block *b = &w->blocks.b[j];
    unsigned f = F_NEIGHBOUR + 16 * side;
    int rc = kv(fv, f + N_LEN, bucket_log2(m->len));
    rc |= kv(fv, f + N_SEND, m->send);
    rc |= kv(fv, f + N_PROSE, m->prose);
    rc |= kv(fv, f + N_RULE, m->rule);
    rc |= kv(fv, f + N_MK, b->mark & (BP_MK_HEADING | BP_MK_ITEM | BP_MK_FORM));
    return rc;
}

int bp_ml_block(const bp_work *w, size_t i, weft_lin_fv *fv) {
    const bp_block *b = &w->blocks.b[i];
    const bp_mlb *m = &w->ml->b[i];
    size_t nb = w->blocks.n;
    int rc = 0;
    unsigned len = bucket_log2(m->len);
    rc |= kv(fv, F_S1_BIAS, 0);
    rc |= kv(fv, F_LEN, len);
    rc |= kv(fv, F_WORDS, bucket_log2(m->words));
    if (m->cjk * 2 > b->nchars) rc |= kv(fv, F_CJK_LEN, len);
    if (w->stop) {
        unsigned sd = bucket(m->sd, 0.05, 12);
        rc |= kv(fv, F_SD, sd);
        rc |= kv(fv, F_SD_LEN, sd * 16 + (len > 9 ? 9 : len));
        uint32_t key = (uint32_t)F_SD_VAL << 16;
        rc |= weft_lin_fv_add(fv, weft_lin_hash(&key, sizeof key, WEFT_LIN_HASH_INIT), m->sd);
    } else {
        rc |= kv(fv, F_NOSTOP_LEN, len);
    }
    rc |= kv(fv, F_SEND, m->send);
    rc |= kv(fv, F_SEND_LEN, m->send * 16 + len);
    {
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        rc |= kv(fv, F_COLON, n && t[n - 1] == ':');
    }
    rc |= kv(fv, F_ENDS, m->ends > 4 ? 4 : m->ends);
    unsigned wds = m->words ? m->words : 1;
    rc |= kv(fv, F_UPPER, bucket((double)m->upper / wds, 0.2, 5));
    rc |= kv(fv, F_DIGITS, bucket((double)m->digits / (b->nchars ? b->nchars : 1), 0.05, 6));
    rc |= kv(fv, F_PUNCT, bucket((double)m->punct / (b->nchars ? b->nchars : 1), 0.03, 8));
    rc |= kv(fv, F_COMMAS, bucket((double)m->commas / wds, 0.05, 6));
    rc |= kv(fv, F_SEPS, m->seps > 3 ? 3 : m->seps);
    rc |= kv(fv, F_URL, m->url);
    for (unsigned k = 0; k < 7; k++)
        if (b->mark & (1u << k)) rc |= kv(fv, F_MARK + k, len > 7 ? 7 : len);
    rc |= kv(fv, F_REP, m->rep > 3 ? 3 : m->rep);
    rc |= kv(fv, F_POS, bucket(m->pos, 0.1, 9));
    rc |= kv(fv, F_BEFORE, bucket(m->prose_before, 0.2, 5));
    rc |= kv(fv, F_DPREV, m->dprev > 8 ? 9 : m->dprev);
    rc |= kv(fv, F_DNEXT, m->dnext > 8 ? 9 : m->dnext);
    rc |= kv(fv, F_ISLAND, bucket(m->island_frac, 0.2, 5));
    rc |= kv(fv, F_ISLAND_LEN, bucket(m->island_frac, 0.2, 5) * 16 + len);
    rc |= kv(fv, F_NEAR_ISLAND, bucket(m->near_island, 0.2, 5));
    rc |= kv(fv, F_SIDE, m->side * 16 + bucket_log2(m->dist + 1));
    rc |= kv(fv, F_DOUBLED, m->doubled);
    for (unsigned k = 0; k < BP_RC_COUNT; k++)
        if (m->classes & (1u << k)) rc |= kv(fv, F_RC, k * 16 + (len > 12 ? 12 : len));
    /* context: the nearest blocks on each side */
    if (i > 0) rc |= ml_neighbour(fv, w, i - 1, 0);
    if (i > 1) rc |= ml_neighbour(fv, w, i - 2, 1);
    if (i + 1 < nb) rc |= ml_neighbour(fv, w, i + 1, 2);
    if (i + 2 < nb) rc |= ml_neighbour(fv, w, i + 2, 3);
    return rc ? -1 : 0;
}

/* A probability as one of 10 bins; a removed block (-1) is bin 10. */
static unsigned pbin(float p) {
    if (p < 0) return 10;
    unsigned b = (unsigned)(p * 10.0f);
    return b > 9 ? 9 : b;
}

uint32_t bp_ml_seed2(uint32_t salt) {
    return weft_lin_hash(&salt, sizeof salt, WEFT_LIN_HASH_INIT);
}

/* Mean stage-1 probability of the kept blocks in [i - r, i + r] but i,
 * weighted by length; -1 when there are none. */
static float window(const float *p, const uint32_t *len, size_t nb, size_t i, size_t r) {
    double sum = 0, wsum = 0;
    size_t a = i > r ? i - r : 0, z = i + r + 1 < nb ? i + r + 1 : nb;
    for (size_t j = a; j < z; j++) {
        if (j == i || p[j] < 0) continue;
        double wt = 1 + bucket_log2(len[j]);
        sum += wt * p[j];
        wsum += wt;
    }
    return wsum > 0 ? (float)(sum / wsum) : -1.0f;
}

int bp_ml_context(const float *p, const uint32_t *len, size_t nb, size_t i, uint32_t seed,
                  weft_lin_fv *fv) {
    static const int off[] = {-3, -2, -1, 1, 2, 3};
    int rc = kvh(fv, F_STAGE2 + S2_BIAS, 0, seed);
    unsigned own = pbin(p[i]), l = bucket_log2(len[i]);
    rc |= kvh(fv, F_STAGE2 + S2_OWN, own, seed);
    rc |= kvh(fv, F_STAGE2 + S2_OWN_LEN, own * 16 + (l > 12 ? 12 : l), seed);
    for (unsigned k = 0; k < 6; k++) {
        long j = (long)i + off[k];
        rc |= kvh(fv, F_STAGE2 + S2_SIDE + k, j < 0 || j >= (long)nb ? 11 : pbin(p[j]), seed);
    }
    unsigned w5 = pbin(window(p, len, nb, i, 5));
    rc |= kvh(fv, F_STAGE2 + S2_W2, pbin(window(p, len, nb, i, 2)), seed);
    rc |= kvh(fv, F_STAGE2 + S2_W5, w5, seed);
    rc |= kvh(fv, F_STAGE2 + S2_W12, pbin(window(p, len, nb, i, 12)), seed);
    rc |= kvh(fv, F_STAGE2 + S2_OWN_W5, own * 16 + w5, seed);
    return rc ? -1 : 0;
}

int bp_ml_stage1(bp_work *w, const weft_lin_model *model, float scale, float *p) {
    bp_block *bl = w->blocks.b;
    weft_lin_fv *fv = &w->ml->fv;
    for (size_t i = 0; i < w->blocks.n; i++) {
        w->ml->len[i] = w->ml->b[i].len;
        if (bl[i].reason) {
            p[i] = -1.0f;
            continue;
        }
        weft_lin_fv_clear(fv);
        if (bp_ml_block(w, i, fv)) return -1;
        p[i] = weft_lin_sigmoid(weft_lin_margin(model, fv) / scale);
    }
    return 0;
}

int bp_ml_classify(bp_work *w, const weft_lin_model *model) {
    if (bp_ml_prepare(w)) return -1;
    bp_block *bl = w->blocks.b;
    weft_lin_fv *fv = &w->ml->fv;
    float scale = 1.0f;
    uint32_t salt = 0;
    bp_ml_params(model, &scale, &salt);
    uint32_t seed = bp_ml_seed2(salt);
    if (bp_ml_stage1(w, model, scale, w->ml->p)) return -1;
    for (size_t i = 0; i < w->blocks.n; i++) {
        if (bl[i].reason) continue;
        weft_lin_fv_clear(fv);
        if (bp_ml_context(w->ml->p, w->ml->len, w->blocks.n, i, seed, fv)) return -1;
        if (weft_lin_margin(model, fv) > 0) continue; /* class 1 is keep */
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
    free(ml->p);
    free(ml->len);
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
