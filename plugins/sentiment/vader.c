/*
 * The VADER algorithm (VADER_SPEC.md §4-§9). The reference rebuilds
 * lower-cased token lists inside its inner loops; here each token is
 * lower-cased, classified and looked up once, so a text costs O(n) plus the
 * "but" rule's O(n log n). The order of every floating-point operation
 * follows the reference exactly: that is what makes the output bit-exact.
 */
#include "vader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ucd.h"

#define C_INCR   0.733
#define N_SCALAR -0.74

/* Byte classes. ASCII: Python whitespace (§10), string.punctuation (the
 * 32 characters str.strip() removes, §6.1), case. Bytes >= 0x80 are HIGH:
 * part of a multi-byte character or invalid, decoded on the slow path. */
enum { SP = 1, PU = 2, UP = 4, LO = 8, HI = 16 };
#define R4(x)   x, x, x, x
#define R8(x)   R4(x), R4(x)
#define R16(x)  R8(x), R8(x)
#define R32(x)  R16(x), R16(x)
#define R128(x) R32(x), R32(x), R32(x), R32(x)
static const unsigned char cls[256] = {
    /* 0x00 */ 0,       0,  0,  0,  0,  0,  0,  0,  0,  SP, SP, SP, SP, SP, 0,  0,
    /* 0x10 */ 0,       0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  SP, SP, SP, SP,
    /* 0x20 */ SP,      PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU, PU,
    /* 0x30 */ 0,       0,  0,  0,  0,  0,  0,  0,  0,  0,  PU, PU, PU, PU, PU, PU,
    /* 0x40 */ PU,      UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, UP,
    /* 0x50 */ UP,      UP, UP, UP, UP, UP, UP, UP, UP, UP, UP, PU, PU, PU, PU, PU,
    /* 0x60 */ PU,      LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, LO,
    /* 0x70 */ LO,      LO, LO, LO, LO, LO, LO, LO, LO, LO, LO, PU, PU, PU, PU, 0,
    /* 0x80 */ R128(HI)};

void vader_scratch_free(vader_scratch *s) {
    free(s->exp);
    free(s->lower);
    free(s->tok);
    free(s->s);
    free(s->phrase);
    vader_but_scratch_free(&s->but);
    memset(s, 0, sizeof *s);
}

void vader_scratch_trim(vader_scratch *s, size_t limit) {
    size_t held = s->exp_cap + s->lower_cap + s->tok_cap * sizeof *s->tok +
                  s->s_cap * sizeof *s->s + s->but.node_cap * 4 * sizeof(int32_t) +
                  s->but.map_cap * (sizeof(uint64_t) + sizeof(int32_t));
    if (held > limit) vader_scratch_free(s);
}

/* ------------------------------------------------------------------------ */
/* §5: emoji expansion                                                       */

static int emit(vader_scratch *s, size_t *n, const char *b, size_t k) {
    if (k == 0) return 0;
    if (*n + k < *n || weft_grow((void **)&s->exp, &s->exp_cap, *n + k, 1)) return -1;
    memcpy(s->exp + *n, b, k);
    *n += k;
    return 0;
}

/* T' of the spec (before its whitespace strip, which never changes tokens
 * nor punctuation counts). Most texts have no emoji: then T' is the text. */
static int expand(const vader_model *m, vader_scratch *s, const char *text, size_t len,
                  const char **out, size_t *outlen) {
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    int prev_space = 1;
    if (!m->has_ascii_emoji) {
        /* Only a non-ASCII character can be an emoji: jump to the first. */
        while (i < len && u[i] < 0x80) i++;
        if (i > 0) prev_space = u[i - 1] == ' ';
    }
    for (;;) {
        if (i == len) {
            *out = text;
            *outlen = len;
            return 0;
        }
        unsigned c = u[i];
        if (c < 0x80) {
            if (m->ascii_emoji[c] >= 0) break;
            prev_space = c == ' ';
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = vader_utf8_next(u + i, len - i, &cp);
        if (cp >= m->emoji_min_cp && cp != VADER_CP_INVALID && vader_model_emoji(m, cp)) break;
        prev_space = 0;
        i += k;
    }
    size_t n = 0;
    if (emit(s, &n, text, i)) return -1;
    while (i < len) {
        uint32_t cp;
        size_t k = vader_utf8_next(u + i, len - i, &cp);
        const vader_emoji *em = cp != VADER_CP_INVALID ? vader_model_emoji(m, cp) : NULL;
        if (em) {
            /* A space before a glued emoji, never after it (§5). */
            if (!prev_space && emit(s, &n, " ", 1)) return -1;
            if (emit(s, &n, m->pool + em->desc, em->len)) return -1;
            prev_space = 0;
        } else {
            if (emit(s, &n, text + i, k)) return -1;
            prev_space = cp == ' ';
        }
        i += k;
    }
    *out = s->exp;
    *outlen = n;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* §6.1, §6.2: tokens                                                        */

/* Is the character at u[i] whitespace? *k gets its length in bytes. */
static inline int space_at(const unsigned char *u, size_t i, size_t len, size_t *k) {
    unsigned c = u[i];
    if (c < 0x80) {
        *k = 1;
        return cls[c] & SP;
    }
    uint32_t cp;
    *k = vader_utf8_next(u + i, len - i, &cp);
    /* Only these lead bytes start a non-ASCII space (U+0085 ... U+3000). */
    if (c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3) return 0;
    return vader_is_space(cp);
}

/* Python's final-sigma rule for the capital sigma before u[p..e): a cased
 * character before it (prev_cased, ignorable ones skipped) and no cased one
 * after it. Each run of ignorable characters is looked ahead over once. */
static int final_sigma(const unsigned char *u, size_t p, size_t e, int prev_cased) {
    if (!prev_cased) return 0;
    while (p < e) {
        uint32_t cp;
        p += vader_utf8_next(u + p, e - p, &cp);
        int k = vader_sigma_class(cp);
        if (k != VADER_SIGMA_IGNORABLE) return k != VADER_SIGMA_CASED;
    }
    return 1;
}

/* Lower-case u[b..e) into out as str.lower() does, noting cased characters
 * for isupper(); returns bytes. */
static size_t lower_token(const unsigned char *u, size_t b, size_t e, char *out, int *has_up,
                          int *has_low) {
    size_t n = 0;
    int prev_cased = 0; /* the last non-ignorable character was cased */
    for (size_t p = b; p < e;) {
        unsigned c = u[p];
        uint32_t cp;
        size_t k = c < 0x80 ? (cp = c, 1) : vader_utf8_next(u + p, e - p, &cp);
        p += k;
        int sk = vader_sigma_class(cp);
        if (cp == VADER_CP_INVALID) {
            out[n++] = (char)c; /* kept as is: uncased */
        } else if (c < 0x80) {
            if (c - 'A' < 26u) {
                *has_up = 1;
                c += 32;
            } else if (c - 'a' < 26u) {
                *has_low = 1;
            }
            out[n++] = (char)c;
        } else {
            int cls = vader_case_class(cp);
            if (cls == VADER_CASE_UPPER)
                *has_up = 1;
            else if (cls == VADER_CASE_LOWERISH)
                *has_low = 1;
            uint32_t lo[3];
            size_t nl = vader_lower_cp(cp, lo);
            if (cp == 0x3A3 && final_sigma(u, p, e, prev_cased)) lo[0] = 0x3C2;
            for (size_t j = 0; j < nl; j++) n += weft_utf8_encode(lo[j], (unsigned char *)out + n);
        }
        if (sk != VADER_SIGMA_IGNORABLE) prev_cased = sk == VADER_SIGMA_CASED;
    }
    return n;
}

static int tokenize(const vader_model *m, vader_scratch *s, const char *text, size_t len,
                    size_t *ntok, size_t *excl, size_t *quest) {
    /* Lower-casing at most doubles a character's bytes (checked by the
     * table generator), so token pointers into this buffer stay valid. */
    if (len > SIZE_MAX / 2 - 16 || weft_grow((void **)&s->lower, &s->lower_cap, 2 * len + 16, 1))
        return -1;
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0, n = 0, lpos = 0, k, nex = 0, nq = 0;
    while (i < len) {
        unsigned c = u[i];
        if (cls[c] & SP) {
            i++;
            continue;
        }
        if ((cls[c] & HI) && space_at(u, i, len, &k)) {
            i += k;
            continue;
        }
        /* One token: up to the next whitespace. '!' and '?' are counted
         * here (they are never whitespace) for §8. */
        size_t b = i;
        int ascii = 1;
        while (i < len) {
            c = u[i];
            if (!(cls[c] & (SP | HI))) {
                nex += c == '!';
                nq += c == '?';
                i++;
            } else if (cls[c] & SP) {
                break;
            } else {
                if (space_at(u, i, len, &k)) break;
                ascii = 0;
                i += k;
            }
        }
        size_t e = i;
        /* Strip ASCII punctuation unless that leaves at most 2 code points. */
        size_t sb = b, se = e;
        while (sb < se && (cls[u[sb]] & PU)) sb++;
        while (se > sb && (cls[u[se - 1]] & PU)) se--;
        size_t cps = se - sb;
        if (!ascii) {
            cps = 0;
            for (size_t p = sb; p < se && cps < 3; cps++) {
                uint32_t cp;
                p += vader_utf8_next(u + p, se - p, &cp);
            }
        }
        if (cps <= 2) sb = b, se = e;
        if (weft_grow((void **)&s->tok, &s->tok_cap, n + 1, sizeof *s->tok)) return -1;
        vader_tok *t = &s->tok[n++];
        char *out = s->lower + lpos;
        int has_up = 0, has_low = 0;
        uint64_t h = WEFT_FNV64_INIT;
        if (ascii) {
            unsigned all = 0;
            for (size_t p = sb; p < se; p++) {
                unsigned ch = u[p], cl = cls[ch];
                all |= cl;
                ch += (cl & UP) ? 32 : 0;
                out[p - sb] = (char)ch;
                h = weft_fnv64_byte(h, (unsigned char)ch);
            }
            has_up = (all & UP) != 0;
            has_low = (all & LO) != 0;
            t->len = se - sb;
        } else {
            t->len = lower_token(u, sb, se, out, &has_up, &has_low);
            h = weft_fnv64(WEFT_FNV64_INIT, out, t->len);
        }
        t->lo = out;
        lpos += t->len;
        t->upper = (uint8_t)(has_up && !has_low);
        t->nt = -1;
        t->e = vader_table_find(&m->words, m->pool, out, t->len, h);
    }
    *ntok = n;
    *excl = nex;
    *quest = nq;
    return 0;
}

/* ------------------------------------------------------------------------ */
/* §6.3-§6.7: one valence per token                                          */

typedef struct ctx {
    const vader_model *m;
    vader_scratch *s;
    vader_tok *t;
    size_t n;
    int cap_diff;
} ctx;

static inline unsigned wid(const vader_tok *t) {
    return t->e ? t->e->wid : VW_NONE;
}
static inline int in_lex(const vader_tok *t) {
    return t->e && (t->e->flags & VADER_F_LEX);
}
static inline int is_so_this(const vader_tok *t) {
    unsigned w = wid(t);
    return w == VW_SO || w == VW_THIS;
}

static int has_nt(const char *s, size_t n) {
    for (size_t i = 0; i + 3 <= n; i++)
        if (s[i] == 'n' && s[i + 1] == '\'' && s[i + 2] == 't') return 1;
    return 0;
}

/* negated([word]): in the negation list, or containing "n't". */
static int negated(vader_tok *t) {
    if (t->e && (t->e->flags & VADER_F_NEGATE)) return 1;
    if (t->nt < 0) t->nt = (int8_t)has_nt(t->lo, t->len);
    return t->nt;
}

/* The phrase table's entry for the space-joined tokens idx[0..k), or NULL. */
static const vader_entry *phrase(const ctx *c, const size_t *idx, int k) {
    const vader_entry *head = c->t[idx[0]].e;
    if (!head || !(head->flags & VADER_F_HEAD)) return NULL;
    size_t total = (size_t)k - 1;
    for (int j = 0; j < k; j++) total += c->t[idx[j]].len;
    if (total > c->m->phrases.maxlen) return NULL;
    char *p = c->s->phrase;
    size_t n = 0;
    for (int j = 0; j < k; j++) {
        if (j) p[n++] = ' ';
        memcpy(p + n, c->t[idx[j]].lo, c->t[idx[j]].len);
        n += c->t[idx[j]].len;
    }
    return vader_table_find(&c->m->phrases, c->m->pool, p, n, weft_fnv64(WEFT_FNV64_INIT, p, n));
}

/* §6.5 and §6.6, inside the distance-3 step (i >= 3). */
static double idioms(const ctx *c, size_t i, double v) {
    const size_t seq[5][3] = {
        {i - 1, i}, {i - 2, i - 1, i}, {i - 2, i - 1}, {i - 3, i - 2, i - 1}, {i - 3, i - 2}};
    const int len[5] = {2, 3, 2, 3, 2};
    const vader_entry *e[5];
    for (int q = 0; q < 5; q++) e[q] = phrase(c, seq[q], len[q]);
    for (int q = 0; q < 5; q++) {
        if (e[q] && (e[q]->flags & VADER_F_SPECIAL)) {
            v = e[q]->special;
            break;
        }
    }
    if (c->n - 1 > i) {
        const size_t zo[2] = {i, i + 1};
        const vader_entry *z = phrase(c, zo, 2);
        if (z && (z->flags & VADER_F_SPECIAL)) v = z->special;
    }
    if (c->n - 1 > i + 1) {
        const size_t zot[3] = {i, i + 1, i + 2};
        const vader_entry *z = phrase(c, zot, 3);
        if (z && (z->flags & VADER_F_SPECIAL)) v = z->special;
    }
    /* Multi-word dampeners, added without the sign flip (§6.6): threetwoone,
     * threetwo, twoone. */
    const int ngram[3] = {3, 4, 2};
    for (int q = 0; q < 3; q++) {
        const vader_entry *g = e[ngram[q]];
        if (g && (g->flags & VADER_F_BOOST)) v = v + g->boost;
    }
    return v;
}

/* §6.4 at distance d. */
static double negation(const ctx *c, size_t i, size_t d, double v) {
    vader_tok *t = c->t;
    if (d == 1) {
        if (negated(&t[i - 1])) v = v * N_SCALAR;
    } else if (d == 2) {
        if (wid(&t[i - 2]) == VW_NEVER && is_so_this(&t[i - 1]))
            v = v * 1.25;
        else if (wid(&t[i - 2]) == VW_WITHOUT && wid(&t[i - 1]) == VW_DOUBT)
            (void)0;
        else if (negated(&t[i - 2]))
            v = v * N_SCALAR;
    } else {
        /* The reference's and/or precedence: "so"/"this" right before the
         * word is enough, no "never" needed (§6.4). */
        if ((wid(&t[i - 3]) == VW_NEVER && is_so_this(&t[i - 2])) || is_so_this(&t[i - 1]))
            v = v * 1.25;
        else if (wid(&t[i - 3]) == VW_WITHOUT &&
                 (wid(&t[i - 2]) == VW_DOUBT || wid(&t[i - 1]) == VW_DOUBT))
            (void)0;
        else if (negated(&t[i - 3]))
            v = v * N_SCALAR;
    }
    return v;
}

static double valence(const ctx *c, size_t i) {
    vader_tok *t = c->t;
    const vader_tok *w = &t[i];
    if (w->e && (w->e->flags & VADER_F_BOOST)) return 0;
    if (wid(w) == VW_KIND && i + 1 < c->n && wid(&t[i + 1]) == VW_OF) return 0;
    if (!in_lex(w)) return 0;
    double lexv = w->e->lex, v = lexv;
    if (wid(w) == VW_NO && i != c->n - 1 && in_lex(&t[i + 1])) v = 0.0;
    if ((i > 0 && wid(&t[i - 1]) == VW_NO) || (i > 1 && wid(&t[i - 2]) == VW_NO) ||
        (i > 2 && wid(&t[i - 3]) == VW_NO && (wid(&t[i - 1]) == VW_OR || wid(&t[i - 1]) == VW_NOR)))
        v = lexv * N_SCALAR;
    if (w->upper && c->cap_diff) {
        if (v > 0)
            v += C_INCR;
        else
            v -= C_INCR;
    }
    for (size_t d = 1; d <= 3; d++) {
        if (i < d || in_lex(&t[i - d])) continue;
        const vader_tok *b = &t[i - d];
        double s = 0.0;
        if (b->e && (b->e->flags & VADER_F_BOOST)) {
            s = b->e->boost;
            if (v < 0) s *= -1;
            if (b->upper && c->cap_diff) {
                if (v > 0)
                    s += C_INCR;
                else
                    s -= C_INCR;
            }
        }
        if (d == 2 && s != 0) s = s * 0.95;
        if (d == 3 && s != 0) s = s * 0.9;
        v = v + s;
        v = negation(c, i, d, v);
        if (d == 3) v = idioms(c, i, v);
    }
    /* §6.7: "least" (when it is not itself a lexicon word). */
    if (i > 1 && !in_lex(&t[i - 1]) && wid(&t[i - 1]) == VW_LEAST) {
        if (wid(&t[i - 2]) != VW_AT && wid(&t[i - 2]) != VW_VERY) v = v * N_SCALAR;
    } else if (i > 0 && !in_lex(&t[i - 1]) && wid(&t[i - 1]) == VW_LEAST) {
        v = v * N_SCALAR;
    }
    return v;
}

/* ------------------------------------------------------------------------ */
/* §8: aggregation                                                           */

static void aggregate(const double *s, size_t n, size_t excl, size_t quest, vader_scores *out) {
    double sum = 0.0;
    for (size_t k = 0; k < n; k++) sum += s[k];
    double ep = (double)(excl > 4 ? 4 : excl) * 0.292;
    double qm = 0.0;
    if (quest > 1) qm = quest <= 3 ? (double)quest * 0.18 : 0.96;
    double amp = ep + qm;
    if (sum > 0)
        sum += amp;
    else if (sum < 0)
        sum -= amp;
    double compound = sum / sqrt(sum * sum + 15);
    if (compound < -1.0)
        compound = -1.0;
    else if (compound > 1.0)
        compound = 1.0;
    double pos_sum = 0.0, neg_sum = 0.0;
    size_t neu_count = 0;
    for (size_t k = 0; k < n; k++) {
        if (s[k] > 0) pos_sum += s[k] + 1;
        if (s[k] < 0) neg_sum += s[k] - 1;
        if (s[k] == 0) neu_count++;
    }
    if (pos_sum > fabs(neg_sum))
        pos_sum += amp;
    else if (pos_sum < fabs(neg_sum))
        neg_sum -= amp;
    double total = pos_sum + fabs(neg_sum) + (double)neu_count;
    out->pos = fabs(pos_sum / total);
    out->neg = fabs(neg_sum / total);
    out->neu = fabs((double)neu_count / total);
    out->compound = compound;
}

int vader_score(const vader_model *m, vader_scratch *s, const char *text, size_t len,
                vader_scores *out) {
    *out = (vader_scores){0.0, 0.0, 0.0, 0.0};
    const char *t;
    size_t tl, n;
    if (expand(m, s, text, len, &t, &tl)) return -1;
    size_t excl, quest;
    if (tokenize(m, s, t, tl, &n, &excl, &quest)) return -1;
    if (n == 0) return 0; /* neu is 0.0 too, as in the reference (§8) */
    if (weft_grow((void **)&s->s, &s->s_cap, n, sizeof *s->s)) return -1;
    if (weft_grow((void **)&s->phrase, &s->phrase_cap, m->phrases.maxlen + 1, 1)) return -1;
    size_t upper = 0;
    for (size_t i = 0; i < n; i++) upper += s->tok[i].upper;
    ctx c = {m, s, s->tok, n, upper > 0 && upper < n};
    size_t bi = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        s->s[i] = valence(&c, i);
        if (bi == SIZE_MAX && wid(&s->tok[i]) == VW_BUT) bi = i;
    }
    if (bi != SIZE_MAX && vader_but_rule(s->s, n, bi, &s->but)) return -1;
    aggregate(s->s, n, excl, quest, out);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* §9: rounding                                                              */

double vader_round_digits(double x, int nd) {
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};
    double p = x * p10[nd];
    /* Away from a tie, rounding the (inexact) product gives the integer the
     * exact value rounds to, and k / 10^nd is the double nearest to the
     * decimal Python would print. Near a tie only exact decimal rounding
     * will do: glibc printf rounds the exact binary value half-to-even. */
    if (isfinite(p) && fabs(p) < 1e15 && fabs(fabs(p - trunc(p)) - 0.5) > 1e-6)
        return nearbyint(p) / p10[nd];
    char buf[400];
    snprintf(buf, sizeof buf, "%.*f", nd, x);
    return strtod(buf, NULL);
}

void vader_round(const vader_scores *raw, vader_scores *out) {
    out->neg = vader_round_digits(raw->neg, 3);
    out->neu = vader_round_digits(raw->neu, 3);
    out->pos = vader_round_digits(raw->pos, 3);
    out->compound = vader_round_digits(raw->compound, 4);
}
