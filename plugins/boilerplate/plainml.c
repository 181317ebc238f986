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
#include <math.h>
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
    uint32_t *order; /* scratch for repeated lines */
    size_t ocap;
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

/* One pass over a block's text for the counts the features read. */
static void block_stats(const bp_work *w, const bp_block *b, bp_mlb *m) {
    const unsigned char *u = (const unsigned char *)w->text.p + b->tb;
    size_t n = b->te - b->tb;
    uint32_t cjk = 0, digits = 0, punct = 0, upper = 0, words = 0, ends = 0, seps = 0, commas = 0;
    uint64_t h = 1469598103934665603ull;
    int inword = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l;
        if (u[i] < 0x80)
            cp = u[i], l = 1;
        else
            l = bp_next_cp(u + i, n - i, &cp);
        for (size_t k = 0; k < l; k++) h = (h ^ u[i + k]) * 1099511628211ull;
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
    m->classes = (uint16_t)bp_rule_classes((const char *)u, n);
    /* "Photo caption Photo caption": lynx writes some texts twice */
    m->doubled = n >= 3 && n % 2 == 1 && u[n / 2] == ' ' && memcmp(u, u + n / 2 + 1, n / 2) == 0;
    m->rule = b->reason;
    m->hash = (uint32_t)(h ^ (h >> 32));
    m->url = bp_find_ci((const char *)u, n, "http") || bp_find_ci((const char *)u, n, "www.") ||
             memchr(u, '@', n) != NULL;
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

/* Orders (hash << 32 | index) pairs: equal texts end up side by side. */
static int cmp_pair(const void *a, const void *b) {
    const uint64_t *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
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
        uint64_t *o = realloc(ml->order, cap * sizeof *o);
        if (!o) return -1;
        ml->order = (uint32_t *)(void *)o;
        float *q = realloc(ml->p, cap * sizeof *q);
        if (!q) return -1;
        ml->p = q;
        uint32_t *l = realloc(ml->len, cap * sizeof *l);
        if (!l) return -1;
        ml->len = l;
        ml->cap = ml->ocap = cap;
    }
    bp_mlb *m = ml->b;
    uint64_t prose_total = 0;
    for (size_t i = 0; i < nb; i++) {
        memset(&m[i], 0, sizeof m[i]);
        block_stats(w, &w->blocks.b[i], &m[i]);
        if (m[i].prose) prose_total += m[i].len;
    }
    /* repeated lines: the same text elsewhere in the document */
    uint64_t *pairs = (uint64_t *)(void *)ml->order;
    for (size_t i = 0; i < nb; i++) pairs[i] = (uint64_t)m[i].hash << 32 | (uint32_t)i;
    qsort(pairs, nb, sizeof *pairs, cmp_pair);
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

static unsigned bucket_log2(uint32_t v) {
    unsigned b = 0;
    while (v > 1 && b < 14) v >>= 1, b++;
    return b;
}

static unsigned bucket(double v, double step, unsigned max) {
    if (v <= 0) return 0;
    double k = v / step;
    return k >= max ? max : (unsigned)k;
}

/* A feature "name=value" with a small integer value. */
static int kv(weft_lin_fv *fv, const char *name, unsigned v) {
    char s[4] = {(char)('0' + v / 100 % 10), (char)('0' + v / 10 % 10), (char)('0' + v % 10), 0};
    return weft_lin_fv_add_kv(fv, name, s, 3, 1.0f);
}

static const char *const mark_names[] = {"mk-heading", "mk-item",   "mk-emph", "mk-link",
                                         "mk-form",    "mk-indent", "mk-table"};

/* The features a neighbour lends (prefix says which one). */
static int ml_neighbour(weft_lin_fv *fv, const bp_work *w, size_t j, const char *side) {
    char name[32];
    const bp_mlb *m = &w->ml->b[j];
    const bp_block *b = &w->blocks.b[j];
    int rc = 0;
    snprintf(name, sizeof name, "%s-len", side);
    rc |= kv(fv, name, bucket_log2(m->len));
    snprintf(name, sizeof name, "%s-send", side);
    rc |= kv(fv, name, m->send);
    snprintf(name, sizeof name, "%s-prose", side);
    rc |= kv(fv, name, m->prose);
    snprintf(name, sizeof name, "%s-rule", side);
    rc |= kv(fv, name, m->rule);
    snprintf(name, sizeof name, "%s-mk", side);
    rc |= kv(fv, name, b->mark & (BP_MK_HEADING | BP_MK_ITEM | BP_MK_FORM));
    return rc;
}

int bp_ml_block(const bp_work *w, size_t i, weft_lin_fv *fv) {
    const bp_block *b = &w->blocks.b[i];
    const bp_mlb *m = &w->ml->b[i];
    size_t nb = w->blocks.n;
    int rc = 0;
    unsigned len = bucket_log2(m->len);
    rc |= weft_lin_fv_add_str(fv, "s1-bias", 1.0f);
    rc |= kv(fv, "len", len);
    rc |= kv(fv, "words", bucket_log2(m->words));
    if (m->cjk * 2 > b->nchars) rc |= kv(fv, "cjk-len", len);
    if (w->stop) {
        unsigned sd = bucket(m->sd, 0.05, 12);
        rc |= kv(fv, "sd", sd);
        rc |= kv(fv, "sd-len", sd * 16 + (len > 9 ? 9 : len));
        rc |= weft_lin_fv_add_str(fv, "sd-val", m->sd);
    } else {
        rc |= kv(fv, "nostop-len", len);
    }
    rc |= kv(fv, "send", m->send);
    rc |= kv(fv, "send-len", m->send * 16 + len);
    {
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        rc |= kv(fv, "colon", n && t[n - 1] == ':');
    }
    rc |= kv(fv, "ends", m->ends > 4 ? 4 : m->ends);
    unsigned wds = m->words ? m->words : 1;
    rc |= kv(fv, "upper", bucket((double)m->upper / wds, 0.2, 5));
    rc |= kv(fv, "digits", bucket((double)m->digits / (b->nchars ? b->nchars : 1), 0.05, 6));
    rc |= kv(fv, "punct", bucket((double)m->punct / (b->nchars ? b->nchars : 1), 0.03, 8));
    rc |= kv(fv, "commas", bucket((double)m->commas / wds, 0.05, 6));
    rc |= kv(fv, "seps", m->seps > 3 ? 3 : m->seps);
    rc |= kv(fv, "url", m->url);
    for (unsigned k = 0; k < sizeof mark_names / sizeof mark_names[0]; k++)
        if (b->mark & (1u << k)) rc |= kv(fv, mark_names[k], len > 7 ? 7 : len);
    rc |= kv(fv, "rep", m->rep > 3 ? 3 : m->rep);
    rc |= kv(fv, "pos", bucket(m->pos, 0.1, 9));
    rc |= kv(fv, "before", bucket(m->prose_before, 0.2, 5));
    rc |= kv(fv, "dprev", m->dprev > 8 ? 9 : m->dprev);
    rc |= kv(fv, "dnext", m->dnext > 8 ? 9 : m->dnext);
    rc |= kv(fv, "island", bucket(m->island_frac, 0.2, 5));
    rc |= kv(fv, "island-len", bucket(m->island_frac, 0.2, 5) * 16 + len);
    rc |= kv(fv, "near-island", bucket(m->near_island, 0.2, 5));
    rc |= kv(fv, "side", m->side * 16 + bucket_log2(m->dist + 1));
    rc |= kv(fv, "doubled", m->doubled);
    for (unsigned k = 0; k < BP_RC_COUNT; k++)
        if (m->classes & (1u << k)) rc |= kv(fv, "rc", k * 16 + (len > 12 ? 12 : len));
    /* context: the nearest blocks on each side */
    if (i > 0) rc |= ml_neighbour(fv, w, i - 1, "p1");
    if (i > 1) rc |= ml_neighbour(fv, w, i - 2, "p2");
    if (i + 1 < nb) rc |= ml_neighbour(fv, w, i + 1, "n1");
    if (i + 2 < nb) rc |= ml_neighbour(fv, w, i + 2, "n2");
    return rc ? -1 : 0;
}

/* A probability as one of 10 bins; a removed block (-1) is bin 10. */
static unsigned pbin(float p) {
    if (p < 0) return 10;
    unsigned b = (unsigned)(p * 10.0f);
    return b > 9 ? 9 : b;
}

/* The stage-2 feature id of a name: salted, so that its rows miss the
 * stage-1 rows of the one table both share. */
static int kv2(weft_lin_fv *fv, const char *name, unsigned v, uint32_t salt) {
    char s[4] = {(char)('0' + v / 100 % 10), (char)('0' + v / 10 % 10), (char)('0' + v % 10), 0};
    uint32_t h = weft_lin_hash(&salt, sizeof salt, WEFT_LIN_HASH_INIT);
    h = weft_lin_hash(name, strlen(name), h);
    return weft_lin_fv_add(fv, weft_lin_hash(s, 3, h), 1.0f);
}

/* Mean stage-1 probability of the kept blocks in [i - r, i + r] but i,
 * weighted by length; -1 when there are none. */
static float window(const float *p, const uint32_t *len, size_t nb, size_t i, size_t r) {
    double sum = 0, wsum = 0;
    size_t a = i > r ? i - r : 0, z = i + r + 1 < nb ? i + r + 1 : nb;
    for (size_t j = a; j < z; j++) {
        if (j == i || p[j] < 0) continue;
        double wt = log2(2.0 + len[j]);
        sum += wt * p[j];
        wsum += wt;
    }
    return wsum > 0 ? (float)(sum / wsum) : -1.0f;
}

int bp_ml_context(const float *p, const uint32_t *len, size_t nb, size_t i, uint32_t salt,
                  weft_lin_fv *fv) {
    static const char *const side[] = {"c-3", "c-2", "c-1", "c+1", "c+2", "c+3"};
    static const int off[] = {-3, -2, -1, 1, 2, 3};
    int rc = kv2(fv, "s2-bias", 0, salt);
    unsigned own = pbin(p[i]), l = bucket_log2(len[i]);
    rc |= kv2(fv, "own", own, salt);
    rc |= kv2(fv, "own-len", own * 16 + (l > 12 ? 12 : l), salt);
    for (size_t k = 0; k < 6; k++) {
        long j = (long)i + off[k];
        rc |= kv2(fv, side[k], j < 0 || j >= (long)nb ? 11 : pbin(p[j]), salt);
    }
    rc |= kv2(fv, "w2", pbin(window(p, len, nb, i, 2)), salt);
    rc |= kv2(fv, "w5", pbin(window(p, len, nb, i, 5)), salt);
    rc |= kv2(fv, "w12", pbin(window(p, len, nb, i, 12)), salt);
    rc |= kv2(fv, "own-w5", own * 16 + pbin(window(p, len, nb, i, 5)), salt);
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
    if (bp_ml_stage1(w, model, scale, w->ml->p)) return -1;
    for (size_t i = 0; i < w->blocks.n; i++) {
        if (bl[i].reason) continue;
        weft_lin_fv_clear(fv);
        if (bp_ml_context(w->ml->p, w->ml->len, w->blocks.n, i, salt, fv)) return -1;
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
    free(ml->order);
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
