/*
 * Learned sentence boundaries: candidates, their features, and the decoder.
 * The features describe the shape of the tokens around a gap (kind, case,
 * length class, the punctuation itself, closed word lists), never a word's
 * identity, so that a model learnt on a few hundred documents generalises.
 */
#include "sentmodel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "abbrev.h"
#include "weft/clock.h"
#include "weft/grow.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

void tok_learn_init(tok_learn *l) {
    memset(l, 0, sizeof *l);
    weft_lin_fv_init(&l->fv);
}

void tok_learn_free(tok_learn *l) {
    free(l->rstart);
    free(l->hottab);
    free(l->hot);
    free(l->rhot);
    free(l->memo);
    free(l->lines_w);
    free(l->fids);
    free(l->cmemo);
    free(l->nl);
    free(l->sent);
    weft_lin_fv_free(&l->fv);
    memset(l, 0, sizeof *l);
}

/* The rules' sentence starts: a byte per token, 1 where the rules start a
 * sentence, so that the candidate walk reads a token's verdict with one
 * load instead of following a list of starts with a cursor; the rules'
 * walk stores them itself (no call per sentence). */
static int learn_rules(const tok_seq *q, int newlines, tok_lines *lines, tok_learn *l) {
    if (weft_grow((void **)&l->rstart, &l->rstartcap, q->n ? q->n : 1, sizeof *l->rstart))
        return -1;
    memset(l->rstart, 0, q->n);
    return tok_sentences_idx(q, newlines, lines, l->rhot, l->rstart, NULL, NULL) ? -1 : 0;
}

/* An emoticon or emoji on the line of the token before it. */
static inline int smiley(const tok_seq *q, size_t k) {
    unsigned kd = kind(q, k);
    return (kd == TK_EMOTICON || kd == TK_EMOJI) && !has(q, k, TF_NL);
}

/* The terminator of a group ending right before token k (k - 1, or before
 * the closers glued to it, or before an emoticon after it). Returns its
 * index + 1, or 0. */
static inline size_t term_before(const tok_seq *q, size_t k) {
    size_t j = k - 1;
    /* smileys after the terminator belong to its sentence: "her. :) 👍" */
    while (j > 0 && smiley(q, j)) j--;
    while (j > 0 && closer(q, j) && !has(q, j, TF_SPACE)) j--;
    return term(q, j) != T_NONE ? j + 1 : 0;
}

/* A date or a time at token k ("04/26/2001", "07:17"): after a name in an
 * e-mail header it starts a sentence; other numbers after a word do not. */
static int date_or_time(const tok_seq *q, size_t k) {
    if (kind(q, k) != TK_NUMBER) return 0;
    if (k + 1 < q->n && !has(q, k + 1, TF_SPACE) && is_char(q, k + 1, '/')) return 1;
    return memchr(q->text + B(q, k), ':', E(q, k) - B(q, k)) != NULL;
}

/* Does the writer start sentences in lower case, as informal web text does
 * ("grow up? where did you", "i think so")? Then a lower-case word after a
 * terminator or at a line start may begin a sentence, which the rules (for
 * edited text) never allow. Read in the document's first
 * TOK_INFORMAL_WINDOW tokens: the text is informal at the first sign of a
 * lower-case start inside it, the pronoun "i" before a word on its line, or
 * a period, "?" or "!" glued to a lower-case word of two letters or more
 * and followed by a lower-case word in the same paragraph ("then. i", "lol.\nwent home"; not "is
 * in.\n\n  go=", a manual's example after its paragraph). A text that starts with a lower-case word
 * is informal too ("love this park. It is great."), unless two such terminators before a
 * capitalised word come first and none before a lower-case one, or the window ends with neither:
 * then it is a piece of edited text or code that begins mid-sentence (a manual's wrapped line, the
 * tail of a file cut in parts). The window keeps a long document's cost down, and a lower-case
 * start far into a document flips none of the text before it. A unit's
 * period after a number ("$4.2 bn. last spring", "30 gal. more") is no sign either way. Measured on
 * the first decision that reads it (doc_informal). */
#define TOK_INFORMAL_WINDOW 1024
int tok_informal(const tok_seq *q) {
    /* the capitalised starts a lower-case first word still needs to be
     * taken for a piece of edited text */
    int ev = q->n && kind(q, 0) == TK_WORD && has(q, 0, TF_LOWER) ? 2 : 0;
    size_t n = q->n < TOK_INFORMAL_WINDOW ? q->n : TOK_INFORMAL_WINDOW;
    for (size_t k = 2; k < n; k++) {
        unsigned f = q->info[k];
        if (!(f & TF_SPACE) || (f & TI_KIND_MASK) != TK_WORD || !(f & (TF_LOWER | TF_UPPER)))
            continue;
        size_t b = B(q, k);
        if ((f & TF_LOWER) && E(q, k) - b == 1 && q->text[b] == 'i') {
            /* "i" before a word on its line ("then i left"; not a line's
             * variable or a list's "(i)") */
            if (k + 1 < q->n && kind(q, k + 1) == TK_WORD && !has(q, k + 1, TF_NL)) return 1;
        } else if (!(f & TF_PARA)) {
            unsigned t = term(q, k - 1);
            if ((t == T_DOT || t == T_QE) && !has(q, k - 1, TF_SPACE | TF_ELLIPSIS) &&
                kind(q, k - 2) == TK_WORD && has(q, k - 2, TF_LOWER) &&
                E(q, k - 2) - B(q, k - 2) >= 2 &&
                !(k >= 3 && kind(q, k - 3) == TK_NUMBER && !has(q, k - 2, TF_NL))) {
                if (f & TF_LOWER) return 1;
                if (ev && --ev == 0) return 0;
            }
        }
    }
    return ev > 0 && n == q->n;
}

/* The document's informal flag, measured on the first decision that reads
 * it (rules_stand, the full model's key), not on the first lower-case
 * candidate: many documents have one but no such decision. lines is a
 * walk's own (never a const object), so the flag is filled in place. */
static inline int doc_informal(const tok_seq *q, const tok_lines *lines) {
    if (lines->informal < 0) ((tok_lines *)lines)->informal = tok_informal(q);
    return lines->informal > 0;
}

/* Is token k a capitalised word that often starts a sentence ("He",
 * "This", "Thanks")? *sw caches the answer for the walk, the trainer and
 * the features (TOK_SW_UNKNOWN, TOK_SW_NO, TOK_SW_YES): the list lookup is
 * made once per candidate, not once in the walk's filter, once in its type
 * and once in its key. */
static inline int starter_word(const tok_seq *q, size_t k, unsigned *sw) {
    if (*sw == TOK_SW_UNKNOWN) {
        size_t b = B(q, k);
        *sw = kind(q, k) == TK_WORD && has(q, k, TF_UPPER) &&
                      tok_sentence_starter(q->text + b, E(q, k) - b)
                  ? TOK_SW_YES
                  : TOK_SW_NO;
    }
    return *sw == TOK_SW_YES;
}

/* A sign: punctuation, a symbol, or a rule of underscores ("______", a
 * word to UAX #29). */
static inline int sign_like(const tok_seq *q, size_t k) {
    unsigned kd = kind(q, k);
    return kd == TK_PUNCT || kd == TK_SYMBOL ||
           (kd == TK_WORD && !has(q, k, TF_UPPER | TF_LOWER) && q->text[B(q, k)] == '_');
}

/* A word token that is a word: not a rule of underscores. */
static inline int text_word(const tok_seq *q, size_t k) {
    return kind(q, k) == TK_WORD && !sign_like(q, k);
}

/* A capitalised word at k that often starts a sentence, after a word. */
static inline int starter_after_word(const tok_seq *q, size_t k, unsigned *sw) {
    if (kind(q, k) != TK_WORD || !has(q, k, TF_UPPER) || !text_word(q, k - 1)) return 0;
    return starter_word(q, k, sw);
}

/* A byte that separator rules are drawn with ("_____", "=====", "*****"). */
#define SEP_BYTES_LO (1ull << '#' | 1ull << '*' | 1ull << '-' | 1ull << '=')
#define SEP_BYTES_HI (1ull << ('_' - 64) | 1ull << ('~' - 64))
static inline int sep_byte(unsigned char c) {
    /* one shift and test instead of six comparisons: bytes 0-63, 64-127 */
    uint64_t m = c < 64 ? SEP_BYTES_LO : c < 128 ? SEP_BYTES_HI : 0;
    return (int)(m >> (c & 63u) & 1u);
}

static inline int space_byte(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A separator rule: SEP_MIN or more of one rule byte between white space
 * (or the text's ends), and nothing else ("______", "=========="). Mail,
 * newsgroup posts and plain-text pages set one between a message and a
 * signature, a quote or a footer: it stands alone, a sentence of its own
 * (eight of eight in UD EWT dev). Three dashes are a dash ("---"), not a
 * rule. Does a rule start at byte b (the start of a token after white
 * space)? */
#define SEP_MIN 4
static int sep_from(const tok_seq *q, size_t b) {
    const unsigned char *t = q->text;
    unsigned char c = t[b];
    if (!sep_byte(c)) return 0;
    size_t e = b;
    while (e < q->len && t[e] == c) e++;
    return e - b >= SEP_MIN && (e == q->len || space_byte(t[e]));
}

/* Does a rule end at byte e (the end of a token before white space)? */
static int sep_to(const tok_seq *q, size_t e) {
    const unsigned char *t = q->text;
    if (e == 0 || !sep_byte(t[e - 1])) return 0;
    unsigned char c = t[e - 1];
    size_t b = e;
    while (b > 0 && t[b - 1] == c) b--;
    return e - b >= SEP_MIN && (b == 0 || space_byte(t[b - 1]));
}

/* A separator rule at token k, after white space. */
static inline int sep_start(const tok_seq *q, size_t k) {
    return has(q, k, TF_SPACE) && !has(q, k, TF_UPPER | TF_LOWER) && sep_byte(q->text[B(q, k)]) &&
           sep_from(q, B(q, k));
}

/* An item of a list run into a line, or the next part of a block: a
 * spaced-out "-" ("a.pdf - b.pdf"), a web address or a separator rule after
 * a space. */
__attribute__((always_inline)) static inline int item_start(const tok_seq *q, size_t k) {
    if (!has(q, k, TF_SPACE)) return 0;
    if (kind(q, k) == TK_URL) return 1;
    if (is_char(q, k, '-') && k + 1 < q->n && has(q, k + 1, TF_SPACE)) return 1;
    return sep_start(q, k);
}

/* term_before(q, k), computed only where it can be non-zero: after a
 * terminator, a closer or a smiley. */
static inline size_t term_gap(const tok_seq *q, size_t k) {
    unsigned kp = kind(q, k - 1);
    return kp == TK_PUNCT || kp == TK_ABBREV || kp == TK_EMOTICON || kp == TK_EMOJI
               ? term_before(q, k)
               : 0;
}

/* tok_candidate with g = term_before(q, k) known and *sw the starter cache
 * of token k. */
__attribute__((always_inline)) static inline int cand_type(const tok_seq *q, size_t k, int newlines,
                                                           int rule, int *forced,
                                                           const tok_lines *lines, size_t g,
                                                           unsigned *sw) {
    unsigned f = q->info[k];
    *forced = 0;
    if (f & TF_PARA) {
        *forced = 1;
        return TC_LINE;
    }
    if ((f & TF_NL) && newlines == TOK_NL_SINGLE) {
        *forced = 1;
        return TC_LINE;
    }
    if ((f & TF_NL) && newlines == TOK_NL_AUTO && !tok_soft_wrap(q, k, lines)) return TC_LINE;
    /* a smiley right after a terminator: no boundary before it (the gap
     * after it is the candidate) */
    if (g && smiley(q, k)) return TC_NONE;
    if (g) return TC_PUNCT;
    if (item_start(q, k)) return TC_TRANS;
    unsigned kk = kind(q, k);
    if ((f & TF_SPACE) && !(f & TF_LOWER) && !continuer(q, k) && kk != TK_EMOJI &&
        kk != TK_EMOTICON && /* a smiley goes with the sentence before it */
        (!text_word(q, k - 1) || date_or_time(q, k) || (k >= 2 && kind(q, k - 2) == TK_NUMBER)))
        return TC_TRANS;
    if ((f & TF_SPACE) && starter_after_word(q, k, sw)) return TC_START;
    return rule ? TC_RULE : TC_NONE;
}

int tok_candidate(const tok_seq *q, size_t k, int newlines, int rule, int *forced,
                  const tok_lines *lines) {
    unsigned sw = TOK_SW_UNKNOWN;
    return cand_type(q, k, newlines, rule, forced, lines, term_before(q, k), &sw);
}

/* A feature is a template number and up to three 32-bit values, hashed
 * together by weft_lin_hash (13 bytes, little-endian, so a model file means
 * the same on every platform). */
enum {
    F_TYPE = 1,
    F_TYPE_RULE,
    F_TYPE_SP,
    F_P,
    F_N,
    F_W,
    F_P_N,
    F_SP_N,
    F_T_SINCE,
    F_STARTER,
    F_JOINER,
    F_CLOSING,
    F_CLOSING2,
    F_LINES,
    F_INFORMAL,
    F_INF_P,
    F_W_N,
    F_REPEAT,
    F_ALONE
};

/* Where features go: a vector (the trainer) or, when fv is NULL, a small
 * array of ids that key_margin sums in order, as weft_lin_margin sums the
 * vector (every value is 1, so the margin is the same float). All ids
 * first, then the sum: the table reads are independent and overlap. */
/* at most 18 features: a word is upper or lower case, so F_STARTER excludes
 * F_JOINER and the two informal ones */
#define FB_MAX 18
typedef struct fb {
    weft_lin_fv *fv;
    uint32_t ids[FB_MAX];
    size_t n;
    int err;
} fb;

#define FNV_PRIME 16777619u
/* weft_lin_hash's byte loop over the four little-endian bytes of v. */
static inline uint32_t hash_u32(uint32_t h, uint32_t v) {
    h = (h ^ (v & 0xFFu)) * FNV_PRIME;
    h = (h ^ (v >> 8 & 0xFFu)) * FNV_PRIME;
    h = (h ^ (v >> 16 & 0xFFu)) * FNV_PRIME;
    return (h ^ (v >> 24)) * FNV_PRIME;
}

/* weft_lin_hash of the 13-byte record (template, x, y, z), its first nv
 * values only: the template's byte folds to a constant, the values hash as
 * integers (no buffer), and the finaliser is weft_lin_hash's. */
__attribute__((always_inline)) static inline void featn(fb *b, unsigned tmpl, int nv, uint32_t x,
                                                        uint32_t y, uint32_t z) {
    uint32_t h = (WEFT_LIN_HASH_INIT ^ (tmpl & 0xFFu)) * FNV_PRIME;
    h = hash_u32(h, x);
    if (nv > 1) h = hash_u32(h, y);
    if (nv > 2) h = hash_u32(h, z);
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    if (!b->fv) {
        if (b->n < FB_MAX) b->ids[b->n++] = h;
    } else if (weft_lin_fv_add(b->fv, h, 1.0f))
        b->err = 1;
}
#define feat1(b, t, x)       featn(b, t, 1, x, 0, 0)
#define feat2(b, t, x, y)    featn(b, t, 2, x, y, 0)
#define feat3(b, t, x, y, z) featn(b, t, 3, x, y, z)

/* The classes below are sums of comparisons, not chains of branches: a
 * candidate's lengths vary from one to the next, and each branch of a
 * chain was a likely misprediction. */
static inline unsigned len_class(size_t n) {
    /* 0-3 as they are, 4-6 -> 4, 7+ -> 5 */
    static const unsigned char by_len[8] = {0, 1, 2, 3, 4, 4, 4, 5};
    return by_len[n < 7 ? n : 7];
}

/* The shape of token k + off, packed: kind (4 bits), then for a word its
 * case (X, Xx, x, other) and length class, for a number its length class,
 * for punctuation its first two bytes and whether it is longer, for an
 * abbreviation its flags; 0xFFFF0000 | 1 and 2 outside the text. */
enum { SH_CASE_SHIFT = 4, SH_LEN_SHIFT = 6, SH_BYTES_SHIFT = 9 };
__attribute__((always_inline)) static inline uint32_t shape(const tok_seq *q, size_t k, long off) {
    long i = (long)k + off;
    if (i < 0) return 0xFFFF0001u;
    if ((size_t)i >= q->n) return 0xFFFF0002u;
    k = (size_t)i;
    size_t b = B(q, k), n = E(q, k) - b;
    const unsigned char *t = q->text + b;
    unsigned kd = kind(q, k);
    uint32_t s = kd;
    switch (kd) {
    case TK_WORD: {
        unsigned cs = has(q, k, TF_UPPER) ? 1 : has(q, k, TF_LOWER) ? 2 : 3;
        if (cs == 1 && n > 1) {
            cs = 0; /* all capitals */
            for (size_t j = 1; j < n; j++)
                if (t[j] >= 'a' && t[j] <= 'z') {
                    cs = 1;
                    break;
                }
        }
        return s | cs << SH_CASE_SHIFT | len_class(n) << SH_LEN_SHIFT;
    }
    case TK_NUMBER:
        return s | len_class(n) << SH_LEN_SHIFT;
    case TK_PUNCT:
        return s | (uint32_t)t[0] << SH_BYTES_SHIFT | (uint32_t)(n > 1 ? t[1] : 0) << 17 |
               (uint32_t)(n > 2) << 25 | (uint32_t)(has(q, k, TF_ELLIPSIS) != 0) << 26;
    case TK_ABBREV:
        return s | (has(q, k, TF_ABTITLE) ? 1u : 0u) << SH_CASE_SHIFT |
               (has(q, k, TF_ABNUM) ? 1u : 0u) << (SH_CASE_SHIFT + 1);
    default:
        return s;
    }
}

/* Does s[0, n) equal the lower-case w[0, n) but for the case of ASCII
 * letters? (c | 0x20 is c's lower case for a letter, and only a letter's
 * two cases give a lower-case letter.) */
static inline int ascii_ieq(const unsigned char *s, const char *w, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((s[i] | 0x20u) != (unsigned char)w[i]) return 0;
    return 1;
}

/* A word of a closed list, in any case: greetings and closings ("Thanks,
 * Sean", "Hi John -"), which end a sentence without a terminator. By
 * length, so a word is compared with at most three of the list. */
#define CLOSING_LENGTHS 0x12FCu /* 2-7, 9, 12 */
#define CLOSING_FIRST                                                                              \
    (1u << ('b' - 'a') | 1u << ('c' - 'a') | 1u << ('d' - 'a') | 1u << ('g' - 'a') |               \
     1u << ('h' - 'a') | 1u << ('l' - 'a') | 1u << ('r' - 'a') | 1u << ('s' - 'a') |               \
     1u << ('t' - 'a') | 1u << ('y' - 'a'))
/* The word t[0, n) of a listed length and first letter against the list. */
static int closing_listed(const unsigned char *t, size_t n) {
    switch (n) {
    case 2:
        return ascii_ieq(t, "hi", 2);
    case 3:
        return ascii_ieq(t, "hey", 3);
    case 4:
        return ascii_ieq(t, "best", 4) || ascii_ieq(t, "love", 4) || ascii_ieq(t, "dear", 4);
    case 5:
        return ascii_ieq(t, "thank", 5) || ascii_ieq(t, "hello", 5) || ascii_ieq(t, "yours", 5);
    case 6:
        return ascii_ieq(t, "thanks", 6) || ascii_ieq(t, "cheers", 6);
    case 7:
        return ascii_ieq(t, "regards", 7);
    case 9:
        return ascii_ieq(t, "sincerely", 9) || ascii_ieq(t, "greetings", 9);
    case 12:
        return ascii_ieq(t, "respectfully", 12);
    default:
        return 0;
    }
}

/* Inlined into the key (two calls a candidate): most words leave on the
 * length and first letter without a call. */
static inline int closing_word(const tok_seq *q, size_t k) {
    if (kind(q, k) != TK_WORD) return 0;
    size_t b = B(q, k), n = E(q, k) - b;
    const unsigned char *t = q->text + b;
    /* most words have another length or first letter: out before the
     * switch, whose jump the CPU mispredicted on most calls; the four
     * tests are combined without branches, so the one branch left is
     * nearly always taken */
    unsigned c0 = (t[0] | 0x20u) - 'a';
    unsigned ok = (unsigned)(n <= 12) & (CLOSING_LENGTHS >> (n & 15u)) & (unsigned)(c0 < 26) &
                  (CLOSING_FIRST >> (c0 & 31u));
    return (ok & 1u) && closing_listed(t, n);
}

static inline uint32_t count_class(size_t n) {
    /* floor(log2 n) up to 6, 0 for n <= 1: 1, 2-3, 4-7, ..., 64+; a table
     * below 64 (one load where the sum took a dozen instructions) */
    static const unsigned char by_n[64] = {0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3,
                                           4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
                                           5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,
                                           5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5};
    return n < 64 ? by_n[n] : 6;
}

/* Bytes of the line that ends before token k, and of the line it starts,
 * as classes: up to 12, 30, 60, 100, more. */
static inline uint32_t bytes_class(size_t n) {
    /* a table up to 100 (line_before and line_after look no further) */
    static const unsigned char by_n[101] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
        2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
        3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
    return n <= 100 ? by_n[n] : 4;
}
/* From the line ends the walk measured (tok_lines.nl), in the walk's
 * order: line_before moves the cursor to the line break before k, and
 * line_after looks on from there. */
__attribute__((always_inline)) static inline uint32_t
line_before(const tok_seq *q, const tok_lines *lines, size_t k) {
    size_t e = E(q, k - 1);
    return bytes_class(e - tok_lines_start(q->text, lines, e));
}
__attribute__((always_inline)) static inline uint32_t line_after(const tok_seq *q,
                                                                 const tok_lines *lines, size_t k) {
    size_t b = B(q, k);
    return bytes_class(tok_lines_end(q->text, q->len, lines, b) - b);
}

/* Everything the features of a candidate depend on: three token shapes and
 * the small facts packed into misc. Equal keys give equal features, so the
 * decoder remembers the margins of recent keys (most candidates repeat a
 * handful of shapes). */
enum {
    M_TYPE = 0,      /* 3 bits */
    M_RULE = 3,      /* 1 */
    M_SP = 4,        /* 2 */
    M_SINCE = 6,     /* 3 */
    M_STARTER = 9,   /* 1 */
    M_JOINER = 10,   /* 1 */
    M_CLOSING = 11,  /* 1 */
    M_CLOSING2 = 12, /* 1 */
    M_LB = 13,       /* 3 */
    M_LA = 16,       /* 3 */
    M_WRAPPED = 19,  /* 1 */
    M_INFORMAL = 20, /* 1: an informal text, before a lower-case word */
    M_EMOTICON = 21, /* 1: an emoticon between the terminator and the gap */
    M_REPEAT = 22,   /* 2: the gap starts like the sentence before it (list_item) */
    M_ALONE = 24     /* 2: the sentence before the gap is signs or a bracket (alone_before) */
};

/* Tokens i and j of one kind, and words of one case: what equal shapes
 * need, from the flags alone (most candidates fail it, and then no shape
 * is computed). */
static inline int alike(const tok_seq *q, size_t i, size_t j) {
    unsigned x = q->info[i] ^ q->info[j];
    return !(x & TI_KIND_MASK) && (kind(q, i) != TK_WORD || !(x & (TF_UPPER | TF_LOWER)));
}

/* Does the token after the gap start like the sentence before it did, as
 * the next item of a list run into one line does ("- a.pdf - b.pdf",
 * "1 cup of flour 1 cup of sugar")? 0 no, 1 its first token has
 * the shape of the sentence's first one, 2 its first two tokens. */
__attribute__((always_inline)) static inline uint32_t list_item(const tok_seq *q, size_t k,
                                                                size_t since, uint32_t shape_k) {
    if (since < 2) return 0;
    size_t s = k - since;
    if (!alike(q, k, s) || shape_k != shape(q, s, 0)) return 0;
    return 1 + (k + 1 < q->n && alike(q, k + 1, s + 1) && shape(q, k, 1) == shape(q, s, 1));
}

/* Is the sentence before the gap a line of signs ("--", "______",
 * "==----", "*****") or one bracketed group ("(BBC)", "(New Scientist
 * Space)")? Mail and blogs set such pieces before or after a sentence, as
 * separators, signatures or source credits, and they stand alone: 0
 * neither, 1 signs only, 2 a bracket of at most ALONE_MAX tokens. Looks
 * back only over the signs right before the gap. */
#define ALONE_MAX 8
__attribute__((always_inline)) static inline uint32_t alone_before(const tok_seq *q, size_t k,
                                                                   size_t since) {
    if (since == 0 || since > k || !sign_like(q, k - 1)) return 0;
    size_t s = k - since;
    if (since >= 3 && since <= ALONE_MAX && pc(q, s) == PC_OPEN && pc(q, k - 1) == PC_CLOSE)
        return 2;
    size_t i = k - 1;
    while (i > s && sign_like(q, i - 1)) i--;
    return i == s;
}

__attribute__((always_inline)) static inline void cand_key(const tok_seq *q, const tok_cand_info *c,
                                                           const tok_lines *lines, tok_ckey *key) {
    size_t k = c->k;
    size_t g = c->term, j = g ? g - 1 : k - 1;
    /* after "great. :)" the terminator speaks, and a bit says an emoticon
     * came between */
    uint32_t emo = g && smiley(q, k - 1);
    key->p = shape(q, k - emo, -1);
    key->n = shape(q, k, 0);
    /* the terminator group: its first token, and the word before it */
    while (g && j > 0 && !has(q, j, TF_SPACE) && kind(q, j - 1) == TK_PUNCT &&
           (term(q, j - 1) != T_NONE || closer(q, j - 1)))
        j--;
    key->w = shape(q, j, -1);
    uint32_t sp = has(q, k, TF_NL) ? 2 : has(q, k, TF_SPACE) ? 1 : 0;
    uint32_t m = (uint32_t)c->type << M_TYPE | (uint32_t)(c->rule != 0) << M_RULE | sp << M_SP |
                 count_class(c->since) << M_SINCE | emo << M_EMOTICON;
    if (kind(q, k) == TK_WORD) {
        unsigned sw = c->starter;
        if (has(q, k, TF_UPPER) && starter_word(q, k, &sw)) m |= 1u << M_STARTER;
        if (has(q, k, TF_LOWER) && is_joiner(q, k)) m |= 1u << M_JOINER;
    }
    /* after a terminator the sentence has ended anyway: list items show at
     * transitions and line starts (held out, the bits at terminators cost
     * half a point on one UD half and a dozen CoNLL sentences split) */
    if (c->type != TC_PUNCT) m |= list_item(q, k, c->since, key->n) << M_REPEAT;
    m |= alone_before(q, k, c->since) << M_ALONE;
    if (has(q, k, TF_LOWER) && doc_informal(q, lines)) m |= 1u << M_INFORMAL;
    if (closing_word(q, k - 1)) m |= 1u << M_CLOSING;
    if (k >= 2 && closing_word(q, k - 2)) m |= 1u << M_CLOSING2;
    if (sp == 2)
        m |= line_before(q, lines, k) << M_LB | line_after(q, lines, k) << M_LA |
             (uint32_t)(lines->wrapped != 0) << M_WRAPPED;
    key->misc = m;
}

/* The bits of misc that only F_LINES reads. F_LINES is the last feature
 * (a margin sums the others first), so the memo keys on the rest and keeps
 * the sums before F_LINES: line breaks vary most in their line lengths. */
#define M_LINES_BITS (7u << M_LB | 7u << M_LA | 1u << M_WRAPPED)

static inline void lines_feature(uint32_t m, fb *b) {
    feat3(b, F_LINES, (m >> M_LB) & 7u, (m >> M_LA) & 7u, (m >> M_WRAPPED) & 1u);
}

/* tok_learn.lines_w: by the line bits >> M_LB (7 bits), the row of F_LINES
 * with those values, as add_rows reads it. */
#define LINES_W_ROWS ((M_LINES_BITS >> M_LB) + 1u)
static int lines_weights(tok_learn *l, const weft_lin_model *m) {
    if (!(l->lines_w = malloc(LINES_W_ROWS * sizeof *l->lines_w))) return -1;
    const uint32_t mask = weft_lin_mask(m);
    for (uint32_t i = 0; i < LINES_W_ROWS; i++) {
        fb b = {.fv = NULL};
        lines_feature(i << M_LB, &b);
        const float *r = m->w + (size_t)(b.ids[0] & mask) * m->nclass;
        l->lines_w[i][0] = r[0];
        l->lines_w[i][1] = r[1];
    }
    return 0;
}

/* The ids of the features whose values are a few small fields of misc (the
 * type, the gap, the count since the start, flags): every value's id,
 * hashed once per worker (tok_learn.fids) instead of once per key the memo
 * misses. Only the features of the shapes are hashed per key. */
struct tok_fids {
    uint32_t type[8][2], type_rule[8][2], type_sp[8][4], t_since[8][8];
    uint32_t starter[8], joiner[8], closing[8], informal[8][4], repeat[8][4][4];
};

/* Adds the feature with id h, as featn does after hashing. */
static inline void put_id(fb *b, uint32_t h) {
    if (!b->fv) {
        if (b->n < FB_MAX) b->ids[b->n++] = h;
    } else if (weft_lin_fv_add(b->fv, h, 1.0f))
        b->err = 1;
}

/* The id featn gives the record (tmpl, x, y, z) of nv values. */
static uint32_t feat_id(unsigned tmpl, int nv, uint32_t x, uint32_t y, uint32_t z) {
    fb b = {.fv = NULL};
    featn(&b, tmpl, nv, x, y, z);
    return b.ids[0];
}

static int fids_table(tok_learn *l) {
    if (l->fids) return 0;
    struct tok_fids *f = malloc(sizeof *f);
    if (!f) return -1;
    for (uint32_t t = 0; t < 8; t++) {
        for (uint32_t v = 0; v < 2; v++) {
            f->type[t][v] = feat_id(F_TYPE, 2, t, v, 0);
            f->type_rule[t][v] = feat_id(F_TYPE_RULE, 2, t, v, 0);
        }
        for (uint32_t sp = 0; sp < 4; sp++) {
            f->type_sp[t][sp] = feat_id(F_TYPE_SP, 2, t, sp, 0);
            f->informal[t][sp] = feat_id(F_INFORMAL, 2, t, sp, 0);
            for (uint32_t r = 0; r < 4; r++) f->repeat[t][r][sp] = feat_id(F_REPEAT, 3, t, r, sp);
        }
        for (uint32_t v = 0; v < 8; v++) f->t_since[t][v] = feat_id(F_T_SINCE, 2, t, v, 0);
        f->starter[t] = feat_id(F_STARTER, 1, t, 0, 0);
        f->joiner[t] = feat_id(F_JOINER, 1, t, 0, 0);
        f->closing[t] = feat_id(F_CLOSING, 1, t, 0, 0);
    }
    l->fids = f;
    return 0;
}

/* The features of key, in order; with ft, the ids of the small ones from
 * the table (the same ids: test_tokenizer compares the two ways). Always
 * inlined, so that each caller gets a copy with its ft known. */
__attribute__((always_inline)) static inline void key_features_ids(const tok_ckey *key, fb *b0,
                                                                   const struct tok_fids *ft) {
    fb b = *b0;
    uint32_t m = key->misc, p = key->p, n = key->n, w = key->w;
    uint32_t t = m & 7u, sp = (m >> M_SP) & 3u;
    uint32_t emo = (m >> M_EMOTICON) & 1u, rule = (m >> M_RULE) & 1u, since = (m >> M_SINCE) & 7u;
    if (b.fv) weft_lin_fv_clear(b.fv);
    if (ft) {
        put_id(&b, ft->type[t][emo]);
        put_id(&b, ft->type_rule[t][rule]);
        put_id(&b, ft->type_sp[t][sp]);
    } else {
        feat2(&b, F_TYPE, t, emo);
        feat2(&b, F_TYPE_RULE, t, rule);
        feat2(&b, F_TYPE_SP, t, sp);
    }
    feat1(&b, F_P, p);
    feat1(&b, F_N, n);
    feat1(&b, F_W, w);
    feat2(&b, F_P_N, p, n);
    feat2(&b, F_SP_N, sp, n);
    feat2(&b, F_W_N, w, n);
    if (ft)
        put_id(&b, ft->t_since[t][since]);
    else
        feat2(&b, F_T_SINCE, t, since);
    if (m >> M_STARTER & 1u) {
        if (ft)
            put_id(&b, ft->starter[t]);
        else
            feat1(&b, F_STARTER, t);
    }
    if (m >> M_JOINER & 1u) {
        if (ft)
            put_id(&b, ft->joiner[t]);
        else
            feat1(&b, F_JOINER, t);
    }
    if (m >> M_CLOSING & 1u) {
        if (ft)
            put_id(&b, ft->closing[t]);
        else
            feat1(&b, F_CLOSING, t);
    }
    if (m >> M_CLOSING2 & 1u) feat2(&b, F_CLOSING2, p, n);
    if (m >> M_INFORMAL & 1u) {
        if (ft)
            put_id(&b, ft->informal[t][sp]);
        else
            feat2(&b, F_INFORMAL, t, sp);
        feat2(&b, F_INF_P, t, p);
    }
    uint32_t rep = (m >> M_REPEAT) & 3u;
    if (rep) {
        if (ft)
            put_id(&b, ft->repeat[t][rep][sp]);
        else
            feat3(&b, F_REPEAT, t, rep, sp);
    }
    if ((m >> M_ALONE) & 3u) feat3(&b, F_ALONE, t, (m >> M_ALONE) & 3u, n & 0x3Fu);
    if (sp == 2) lines_feature(m, &b);
    *b0 = b;
}

static void key_features(const tok_ckey *key, fb *b0) {
    key_features_ids(key, b0, NULL);
}

int tok_cand_features(const tok_seq *q, const tok_cand_info *c, const tok_lines *lines,
                      weft_lin_fv *fv) {
    tok_ckey key;
    cand_key(q, c, lines, &key);
    fb b = {.fv = fv};
    key_features(&key, &b);
    return b.err ? -1 : 0;
}

/* Adds the weights of the ids b->ids[from, n) to *s0 and *s1 in order, as
 * weft_lin_margin sums a vector (every value is 1). */
static inline void add_rows(const fb *b, size_t from, const weft_lin_model *m, float *s0,
                            float *s1) {
    const uint32_t mask = weft_lin_mask(m), k = m->nclass;
    float a = *s0, c = *s1;
    for (size_t i = from; i < b->n; i++) {
        const float *r = m->w + (size_t)(b->ids[i] & mask) * k;
        a += r[0];
        c += r[1];
    }
    *s0 = a;
    *s1 = c;
}

/* The class sums (bias + weights) of the features of key under m, in
 * tok_cand_features' order, as weft_lin_margin sums that vector; with head,
 * of every feature but the last, F_LINES; with ft, the small features' ids
 * from that table. */
__attribute__((always_inline)) static inline void key_sums_ids(const tok_ckey *key,
                                                               const weft_lin_model *m, int head,
                                                               const struct tok_fids *ft, float *s0,
                                                               float *s1) {
    fb b = {.fv = NULL};
    key_features_ids(key, &b, ft);
    if (head && ((key->misc >> M_SP) & 3u) == 2) b.n--;
    *s0 = m->bias[0];
    *s1 = m->bias[1];
    add_rows(&b, 0, m, s0, s1);
}

/* key_sums(key, m, 1, ...) with the table: the memo's misses. */
static void key_sums_head(const tok_ckey *key, const weft_lin_model *m, const struct tok_fids *ft,
                          float *s0, float *s1) {
    key_sums_ids(key, m, 1, ft, s0, s1);
}

/* The margin of a candidate: the sums before F_LINES from the memo when its
 * key (without the line bits) was seen lately, then F_LINES. The float
 * additions are key_sums', in its order, so the margin is the same. */
static int cand_margin(const tok_seq *q, const tok_cand_info *c, const tok_lines *lines,
                       const weft_lin_model *m, tok_learn *l, float *out) {
    tok_ckey key;
    cand_key(q, c, lines, &key);
    if (!l->memo && !(l->memo = calloc(TOK_MEMO, sizeof *l->memo))) return -1;
    if (!l->lines_w && lines_weights(l, m)) return -1;
    if (!l->fids && fids_table(l)) return -1;
    uint32_t lb = key.misc & M_LINES_BITS;
    key.misc &= ~M_LINES_BITS;
    /* the slot: a hash of the whole key (keys that differ only in the word
     * before the terminator are common: leaving w out made them collide) */
    uint32_t h = ((key.p * 0x9E3779B1u ^ key.n) * 0x85EBCA77u ^ key.w) * 0x27D4EB2Fu ^ key.misc;
    h = (h ^ h >> 15) * 0xC2B2AE3Du;
    tok_memo *e = &l->memo[(h ^ h >> 16) & (TOK_MEMO - 1)];
    float s0, s1;
    if (e->used && !memcmp(&e->key, &key, sizeof key)) {
        s0 = e->s0;
        s1 = e->s1;
    } else {
        key_sums_head(&key, m, l->fids, &s0, &s1);
        e->key = key;
        e->s0 = s0;
        e->s1 = s1;
        e->used = 1;
    }
    if (((key.misc >> M_SP) & 3u) == 2) { /* F_LINES, as add_rows adds it */
        const float *r = l->lines_w[lb >> M_LB];
        s0 += r[0];
        s1 += r[1];
    }
    *out = s1 - s0;
    return 0;
}

/* The cascade's first model reads what the scanner recorded of the tokens
 * around a gap, without the text: a token's info word without its white
 * space bits (kind, case, punctuation class, abbreviation flags, an
 * ellipsis), 0x11 and 0x12 before and after the text (the masked bits: no
 * info word gives them). */
#define CHEAP_MASK (0xFFFFu & ~(unsigned)(TF_SPACE | TF_NL | TF_PARA))
static inline uint32_t cheap_shape(const tok_seq *q, size_t k, long off) {
    long i = (long)k + off;
    if (i < 0) return 0x11u;
    if ((size_t)i >= q->n) return 0x12u;
    return q->info[i] & CHEAP_MASK;
}

/* The cheap key: the shapes of the tokens before and after the gap and of
 * the word before the terminator group (as cand_key's), the gap (space,
 * line break, blank line), the type, the rules' verdict, an emoticon after
 * the terminator, and the count since the sentence started, in 58 bits. */
enum { CK_N = 16, CK_W = 32, CK_T = 48, CK_EMO = 51, CK_RULE = 52, CK_SP = 53, CK_SINCE = 55 };
__attribute__((always_inline)) static inline uint64_t cheap_key(const tok_seq *q,
                                                                const tok_cand_info *c) {
    size_t k = c->k;
    size_t g = c->term, j = g ? g - 1 : k - 1;
    uint64_t emo = g && smiley(q, k - 1);
    while (g && j > 0 && !has(q, j, TF_SPACE) && kind(q, j - 1) == TK_PUNCT &&
           (term(q, j - 1) != T_NONE || closer(q, j - 1)))
        j--;
    unsigned f = q->info[k];
    uint64_t sp = f & TF_NL ? (f & TF_PARA ? 3u : 2u) : f & TF_SPACE ? 1u : 0u;
    return (uint64_t)cheap_shape(q, k - emo, -1) | (uint64_t)(f & CHEAP_MASK) << CK_N |
           (uint64_t)cheap_shape(q, j, -1) << CK_W | (uint64_t)c->type << CK_T | emo << CK_EMO |
           (uint64_t)(c->rule != 0) << CK_RULE | sp << CK_SP |
           (uint64_t)count_class(c->since) << CK_SINCE;
}

/* The cheap model's features of a key, the full model's templates over
 * the cheap values (its own classes of the file: the ids may be the full
 * model's, the weights are not). */
static void cheap_key_features(uint64_t key, fb *b) {
    uint32_t p = key & 0xFFFFu, n = key >> CK_N & 0xFFFFu, w = key >> CK_W & 0xFFFFu;
    uint32_t t = key >> CK_T & 7u, emo = key >> CK_EMO & 1u, rule = key >> CK_RULE & 1u;
    uint32_t sp = key >> CK_SP & 3u, since = key >> CK_SINCE & 7u;
    if (b->fv) weft_lin_fv_clear(b->fv);
    feat2(b, F_TYPE, t, emo);
    feat2(b, F_TYPE_RULE, t, rule);
    feat2(b, F_TYPE_SP, t, sp);
    feat1(b, F_P, p);
    feat1(b, F_N, n);
    feat1(b, F_W, w);
    feat2(b, F_P_N, p, n);
    feat2(b, F_SP_N, sp, n);
    feat2(b, F_W_N, w, n);
    feat2(b, F_T_SINCE, t, since);
}

int tok_cheap_features(const tok_seq *q, const tok_cand_info *c, weft_lin_fv *fv) {
    fb b = {.fv = fv};
    cheap_key_features(cheap_key(q, c), &b);
    return b.err ? -1 : 0;
}

/* A meta value of a whole number of 1-4 digits (the trainer writes one),
 * read without strtod, whose decimal point is the locale's: 0 and *t, or
 * -1. */
static int threshold_meta(const char *ts, float *t) {
    unsigned v = 0;
    size_t i = 0;
    for (; ts[i] >= '0' && ts[i] <= '9' && i < 4; i++) v = v * 10u + (unsigned)(ts[i] - '0');
    if (i == 0 || ts[i]) return -1;
    *t = (float)v;
    return 0;
}

int tok_cascade_thresholds(const weft_lin_model *m, float *t, float *tno) {
    *t = *tno = INFINITY;
    if (m->nclass == 2) return 0;
    const char *fs = weft_lin_model_meta(m, "cascade");
    const char *ts = weft_lin_model_meta(m, "cascade_threshold");
    const char *ns = weft_lin_model_meta(m, "cascade_threshold_no");
    if (m->nclass != 4 || !fs || strcmp(fs, TOK_CHEAP_FEATURES) || !ts || threshold_meta(ts, t))
        return -1;
    *tno = *t;
    return ns && threshold_meta(ns, tno) ? -1 : 0;
}

int tok_cascade_threshold(const weft_lin_model *m, float *t) {
    float tno;
    return tok_cascade_thresholds(m, t, &tno);
}

/* The memo of cheap margins: direct-mapped by a hash of the cheap key
 * (bit 63, never set in a key, marks an entry used). Few keys make most
 * candidates, so most take a load and a compare. */
#define TOK_CMEMO 4096
#define CK_USED   ((uint64_t)1 << 63)
struct tok_cmemo {
    uint64_t key;
    float margin;
};

/* Does the cheap model decide the candidate? 1 and *yes when it does, 0
 * when the full model must, -1 when out of memory. */
static inline int cheap_decide(const tok_seq *q, const tok_cand_info *c, const weft_lin_model *m,
                               tok_learn *l, int *yes) {
    if (!l->cmemo) {
        if (tok_cascade_thresholds(m, &l->cascade_t, &l->cascade_tno))
            l->cascade_t = l->cascade_tno = INFINITY;
        if (!(l->cmemo = calloc(TOK_CMEMO, sizeof *l->cmemo))) return -1;
    }
    if (l->cascade_t == INFINITY && l->cascade_tno == INFINITY) return 0;
    uint64_t key = cheap_key(q, c);
    uint64_t h = (key ^ key >> 29) * 0xBF58476D1CE4E5B9u;
    struct tok_cmemo *e = &l->cmemo[(h ^ h >> 32) & (TOK_CMEMO - 1)];
    float mg;
    if (e->key == (key | CK_USED))
        mg = e->margin;
    else {
        fb b = {.fv = NULL};
        cheap_key_features(key, &b);
        float s0 = m->bias[2], s1 = m->bias[3];
        for (size_t i = 0; i < b.n; i++) {
            const float *r = weft_lin_row(m, b.ids[i]);
            s0 += r[2];
            s1 += r[3];
        }
        mg = s1 - s0;
        e->key = key | CK_USED;
        e->margin = mg;
    }
    if (!(mg >= l->cascade_t || -mg >= l->cascade_tno)) return 0;
    *yes = mg > 0.0f;
    return 1;
}

/* Kinds and punctuation classes (bit 8: an ellipsis) of the tokens a
 * terminator group is made of: after one, the next token may be a
 * candidate or a rules' start. */
#define GROUP_KINDS (1u << TK_ABBREV | 1u << TK_EMOTICON | 1u << TK_EMOJI)
#define GROUP_PC    (1u << PC_DOT | 1u << PC_STOP | 1u << PC_CLOSE | 1u << PC_QUOTE | 0x100u)
/* What the rules look at: terminators, bullets and numbers (markers). */
#define RULE_KINDS (1u << TK_ABBREV | 1u << TK_NUMBER)
#define RULE_PC    (1u << PC_DOT | 1u << PC_STOP | 1u << PC_BULLET | 0x100u)

/* tok_hot_tokens' table: by info word, what hot_bits says; filled for
 * every word on first use (64 KiB, once per worker), so that the
 * per-token loops have no test for a missing entry and no mask (bit 15,
 * which no info word sets, has its entries too). */
#define HOT_WORDS 0x10000u

/* For a token with info f: bit 0, it may be a candidate or a rules' start
 * on its own (a line start; after a space, not in lower case or a web
 * address); bit 1, the rules act on it (a line start, a terminator, a
 * bullet, a number); bit 2, it can be part of a terminator group (the
 * token after one goes into the candidates' list, not the rules'). */
#define HOT_UNREAD (TF_PARA | TF_UPPER | TF_ABTITLE | TF_ABNUM | 0x8000u)
static uint8_t hot_bits(unsigned f) {
    unsigned kd = f & TI_KIND_MASK, kb = 1u << kd, nl = (f & TF_NL) != 0;
    unsigned pb = kd == TK_PUNCT ? (1u << TI_PCLASS(f)) | ((f & TF_ELLIPSIS) ? 0x100u : 0u) : 0u;
    unsigned c = nl || ((f & TF_SPACE) && (!(f & TF_LOWER) || kd == TK_URL));
    unsigned r = nl || (kb & RULE_KINDS) || (pb & RULE_PC);
    unsigned g = (kb & GROUP_KINDS) || (pb & GROUP_PC);
    return (uint8_t)(c | r << 1 | g << 2);
}

/* With SSE2, the index lists are written eight tokens at a time: by the
 * bit mask of the eight, the offsets of its set bits (8 bytes) and their
 * count (the 9th), so that a list takes one store of eight indices and an
 * addition instead of a store and an addition per token. */
#define HOT_LUT_ROW 9u

static int hot_table(tok_learn *l) {
    if (l->hottab) return 0;
    if (!(l->hottab = malloc(HOT_WORDS + 256 * HOT_LUT_ROW))) return -1;
    /* hot_bits reads neither the blank-line, capital nor abbreviation
     * bits, nor bit 15: a word with any of them set has the entry of the
     * word without them, already filled (a smaller index). None of them is
     * in bits 0-5, so this holds for blocks of 64 words: 32 blocks are
     * computed, the other 992 copied (a fill of 64 K single entries was
     * 0.39 M instructions a worker) */
    for (unsigned base = 0; base < HOT_WORDS; base += 64) {
        if (base & HOT_UNREAD)
            memcpy(l->hottab + base, l->hottab + (base & ~HOT_UNREAD), 64);
        else
            for (unsigned f = base; f < base + 64; f++) l->hottab[f] = hot_bits(f);
    }
    uint8_t *lut = l->hottab + HOT_WORDS;
    for (unsigned m = 0; m < 256; m++) {
        uint8_t *row = lut + m * HOT_LUT_ROW, c = 0;
        memset(row, 0, HOT_LUT_ROW);
        for (unsigned i = 0; i < 8; i++)
            if (m >> i & 1u) row[c++] = (uint8_t)i;
        row[8] = c;
    }
    return 0;
}

/* Room the lists need for n tokens: every token, the end mark, and the
 * eight indices a block store may write past the last one kept. */
#define HOT_SLACK 17u

#if defined(__SSE2__) && defined(__GNUC__)
/* Appends base + i for each set bit i of the 8-bit mask m to dst[a...];
 * returns the new length. Writes dst[a, a + 8) whatever m is. */
static inline size_t hot_put8(uint32_t *dst, size_t a, uint32_t base, unsigned m,
                              const uint8_t *lut) {
    const uint8_t *row = lut + m * HOT_LUT_ROW;
    const __m128i zero = _mm_setzero_si128(), b = _mm_set1_epi32((int)base);
    __m128i o = _mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i *)(const void *)row), zero);
    _mm_storeu_si128((__m128i *)(void *)(dst + a), _mm_add_epi32(b, _mm_unpacklo_epi16(o, zero)));
    _mm_storeu_si128((__m128i *)(void *)(dst + a + 4),
                     _mm_add_epi32(b, _mm_unpackhi_epi16(o, zero)));
    return a + row[8];
}
#endif

int tok_hot_tokens(const tok_seq *q, tok_learn *l) {
    size_t n = q->n;
    if (weft_grow((void **)&l->hot, &l->hotcap, n + HOT_SLACK, sizeof *l->hot) ||
        weft_grow((void **)&l->rhot, &l->rhotcap, n + HOT_SLACK, sizeof *l->rhot) || hot_table(l))
        return -1;
    uint32_t *hot = l->hot, *rhot = l->rhot;
    const uint8_t *tab = l->hottab;
    const uint16_t *info = q->info;
    size_t a = 0, b = 0, k = 1;
    if (n) rhot[b++] = 0;
    if (l->full_walk) { /* every token: the tests compare the walks with the lists */
        for (; k < n; k++) hot[a++] = rhot[b++] = (uint32_t)k;
        hot[a] = rhot[b] = UINT32_MAX;
        return 0;
    }
    unsigned g = n ? hot_bits(info[0]) >> 2 : 0; /* the token before k is in a group */
#if defined(__SSE2__) && defined(__GNUC__)
    /* sixteen tokens at a time: their table bytes (0-7) in a vector, and
     * bit j of each byte moved to its top bit gives the mask of bit j */
    const uint8_t *lut = tab + HOT_WORDS;
    for (; k + 16 <= n; k += 16) {
        uint8_t e[16];
#pragma GCC unroll 16
        for (unsigned i = 0; i < 16; i++) e[i] = tab[info[k + i]];
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)e);
        unsigned mc = (unsigned)_mm_movemask_epi8(_mm_slli_epi64(v, 7));
        unsigned mr = (unsigned)_mm_movemask_epi8(_mm_slli_epi64(v, 6));
        unsigned mg = (unsigned)_mm_movemask_epi8(_mm_slli_epi64(v, 5));
        unsigned after = ((mg << 1) | g) & 0xFFFFu; /* the token before is in a group */
        g = mg >> 15;
        mc |= after;
        a = hot_put8(hot, a, (uint32_t)k, mc & 0xFFu, lut);
        a = hot_put8(hot, a, (uint32_t)k + 8, mc >> 8, lut);
        b = hot_put8(rhot, b, (uint32_t)k, mr & 0xFFu, lut);
        b = hot_put8(rhot, b, (uint32_t)k + 8, mr >> 8, lut);
    }
#endif
    for (; k < n; k++) {
        unsigned e = tab[info[k]];
        /* stored always, kept by counting: no branch */
        hot[a] = rhot[b] = (uint32_t)k;
        a += (e | g) & 1u;
        b += (e >> 1) & 1u;
        g = e >> 2;
    }
    hot[a] = rhot[b] = UINT32_MAX;
    return 0;
}

/* The walk, inlined into each caller: the decoder's visit is known at
 * compile time there, so decide is inlined into the loop (an indirect call
 * per candidate made the compiler reload the sequence's fields after it). */
__attribute__((always_inline)) static inline int
cand_walk(const tok_seq *q, int newlines, tok_learn *l, tok_cand_fn visit, void *ctx) {
    tok_lines lines = {0};
    size_t cur = 0; /* the line-end cursor: the rules' walk, then this one */
    size_t nnl = l->nl_known ? l->nnl : (size_t)-1;
    l->nl_known = 0;
    if (tok_measure_lines_nl(q->text, q->len, &lines, &l->nl, &l->nlcap, nnl)) return -1;
    lines.cur = &cur;
    lines.informal = -1;
    if (tok_hot_tokens(q, l) || learn_rules(q, newlines, &lines, l)) return -1;
    cur = 0;
    size_t last = 0; /* last: the token that started the sentence */
    const uint32_t *hot = l->hot;
    const uint8_t *rstart = l->rstart;
    /* the tokens left out of hot would all be turned down below */
    for (size_t i = 0; hot[i] < q->n; i++) {
        size_t k = hot[i];
        unsigned f = q->info[k];
        int rule = rstart[k];
        /* most tokens are lower-case words inside a line: no candidate */
        unsigned kp = kind(q, k - 1), sw = TOK_SW_UNKNOWN;
        size_t g = term_gap(q, k); /* once: the filters, the type and the key read it */
        if (!rule && (f & TF_NL) == 0 && (f & (TF_LOWER | TF_UPPER)) &&
            (f & TI_KIND_MASK) != TK_URL &&
            (f & TF_LOWER ||
             (kp == TK_WORD && (k < 2 || kind(q, k - 2) != TK_NUMBER) && !sign_like(q, k - 1) &&
              !((f & TF_SPACE) && starter_after_word(q, k, &sw)))) &&
            ((kp != TK_PUNCT && kp != TK_EMOTICON && kp != TK_EMOJI) || !g))
            continue;
        /* nor, within a line and off the rules, a token after no
         * terminator that tok_candidate's transition test turns down (a
         * comma glued to a word, a lower-case word or a number after one) */
        if (!rule && (f & (TF_NL | TF_PARA)) == 0 && kp != TK_PUNCT && kp != TK_ABBREV &&
            kp != TK_EMOTICON && kp != TK_EMOJI && !item_start(q, k) &&
            (!(f & TF_SPACE) || (f & TF_LOWER) ||
             (kp == TK_WORD && (f & TI_KIND_MASK) != TK_NUMBER && !sign_like(q, k - 1) &&
              (k < 2 || kind(q, k - 2) != TK_NUMBER) && !starter_after_word(q, k, &sw))))
            continue;
        /* the record only for a candidate */
        int forced;
        int type = cand_type(q, k, newlines, rule, &forced, &lines, g, &sw);
        if (type == TC_NONE) continue;
        tok_cand_info c = {k, type, rule, forced, k - last, g, sw};
        int rc = visit(ctx, &c, &lines);
        if (rc < 0) return rc;
        if (rc) last = k;
    }
    return 0;
}

int tok_candidates(const tok_seq *q, int newlines, tok_learn *l, tok_cand_fn visit, void *ctx) {
    return cand_walk(q, newlines, l, visit, ctx);
}

/* A web address after a web address, a space between: a list of links,
 * one a sentence (UD's way); few texts to learn it from show a run. */
static int url_run(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    return kind(q, k) == TK_URL && kind(q, k - 1) == TK_URL && has(q, k, TF_SPACE);
}

/* A gap before or after a separator rule (see sep_from), white space in
 * it: the rule is a sentence of its own. */
static inline int sep_gap(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (!has(q, k, TF_SPACE)) return 0;
    return sep_start(q, k) || (sep_byte(q->text[E(q, k - 1) - 1]) && sep_to(q, E(q, k - 1)));
}

/* A word that names something: capitalised, two letters or more, and not a
 * Roman numeral ("BBC", "Reuters"; not "A", "IV", "iii"). */
static int name_word(const tok_seq *q, size_t k) {
    if (kind(q, k) != TK_WORD || !has(q, k, TF_UPPER)) return 0;
    size_t b = B(q, k), e = E(q, k);
    if (e - b < 2) return 0;
    for (size_t i = b; i < e; i++)
        if (!memchr("IVXLCDM", q->text[i], 7)) return 1;
    return 0;
}

/* A bracketed group that is a sentence of its own, before a capitalised
 * word, a quote or an opener: a source credit or a stage direction
 * ("(BBC) The", "(City Desk) \"We", "(Laughter.) But"), a sentence apart
 * (twelve of twelve in UD EWT dev, all but two in one half, too few for
 * a model learnt on the other). The group must hold a name or a web
 * address: "(a) The", "(iv) The" and "(2) The" are list markers. */
__attribute__((always_inline)) static inline int credit_before(const tok_seq *q,
                                                               const tok_cand_info *c) {
    size_t k = c->k;
    /* the cheap tests first: most candidates are no transition after a bracket */
    if (c->type != TC_TRANS || pc(q, k - 1) != PC_CLOSE) return 0;
    if (!(kind(q, k) == TK_WORD && has(q, k, TF_UPPER)) && !opener(q, k)) return 0;
    if (alone_before(q, k, c->since) != 2) return 0;
    for (size_t i = k - c->since + 1; i + 1 < k; i++)
        if (name_word(q, i) || kind(q, i) == TK_URL) return 1;
    return 0;
}

/* A web or mail address, a space, then a capitalised word on the same
 * line ("see http://example.org/a.html It is", "bob@example.org Groups:"):
 * web text ends a sentence on an address without a period (eighteen of
 * eighteen in UD EWT dev, nearly all in one half). */
static int address_end(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    unsigned kp = kind(q, k - 1);
    return c->type == TC_TRANS && (kp == TK_URL || kp == TK_EMAIL) && kind(q, k) == TK_WORD &&
           has(q, k, TF_UPPER) && has(q, k, TF_SPACE) && !has(q, k, TF_NL);
}

/* What the rules do best, decided without the model: ". ? !" after a
 * lower-case word of three letters or more, then a space and a capitalised
 * word ("rained. Then"), where the rules put a boundary; a run of web
 * addresses. */
static int sure_boundary(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (url_run(q, c)) return 1;
    if (!c->rule || c->type != TC_PUNCT || k < 2 || !has(q, k, TF_SPACE) || !has(q, k, TF_UPPER) ||
        kind(q, k) != TK_WORD || has(q, k - 1, TF_SPACE))
        return 0;
    size_t p = k - 1;
    if (E(q, p) - B(q, p) != 1 || kind(q, p - 1) != TK_WORD || !has(q, p - 1, TF_LOWER) ||
        E(q, p - 1) - B(q, p - 1) < 3)
        return 0;
    unsigned char ch = q->text[B(q, p)];
    return ch == '.' || ch == '?' || ch == '!';
}

/* A capitalised word with lower-case letters after its first ("Done", not
 * "I", "AM" or "USA"). */
static inline int title_word(const tok_seq *q, size_t k) {
    size_t b = B(q, k);
    unsigned c1 = E(q, k) - b >= 2 ? q->text[b + 1] : 0;
    return kind(q, k) == TK_WORD && has(q, k, TF_UPPER) && c1 - 'a' < 26u;
}

/* Is the gap before token k inside a run of Title Case words, two before
 * it and one after the word at k ("Have Done | On Our New Solar System")?
 * There every word is capitalised, so a capitalised sentence starter is no
 * sign of a new sentence. UD EWT dev has one such review, in half A. */
static int title_run(const tok_seq *q, size_t k) {
    return k >= 2 && k + 1 < q->n && title_word(q, k) && title_word(q, k - 1) &&
           title_word(q, k - 2) && title_word(q, k + 1) && !has(q, k - 1, TF_NL) &&
           !has(q, k + 1, TF_NL) && has(q, k + 1, TF_SPACE);
}

/* Where the rules know better than a model learnt on web text, their
 * verdict stands: no boundary inside a list marker ("1.) The"), after an
 * abbreviation or an ellipsis, inside spaced-out dots, at a period before a
 * capital or a number that the rules pass over ("N°. 1026"), before a lower-case word after "!" or
 * a closing quote ("Yahoo! in", "great." she said), or at a line cut in the middle of a sentence; a
 * boundary at a glued period ("world.Today"). */
static int rules_stand(const tok_seq *q, const tok_cand_info *c, const tok_lines *lines) {
    size_t k = c->k, g = c->term, last;
    long val;
    if (c->rule) /* "world.Today"; before a bullet or the next list marker */
        return (c->type == TC_PUNCT && !has(q, k, TF_SPACE)) || bullet(q, k) ||
               (kind(q, k) == TK_NUMBER && tok_marker_at(q, k, &last, &val));
    if (c->type == TC_LINE && has(q, k, TF_LOWER) && !g && !closer(q, k - 1) &&
        !doc_informal(q, lines))
        return 1;
    /* inside a list marker: "1.) The", "2) The" (a marker ends on a "." or
     * ")" before a space: without one before the gap, no number is looked at) */
    unsigned pp = pc(q, k - 1);
    if (has(q, k, TF_SPACE) && (pp == PC_DOT || pp == PC_CLOSE))
        for (size_t i = k >= 3 ? k - 3 : 0; i + 1 < k; i++)
            if (kind(q, i) == TK_NUMBER && tok_marker_at(q, i, &last, &val) && last + 1 == k)
                return 1;
    /* the rules cut before an emoticon after a terminator: the model
     * decides after it */
    if (!g || smiley(q, k - 1)) return 0;
    size_t j = g - 1; /* the (first) terminator */
    while (j > 0 && !has(q, j, TF_SPACE) && term(q, j - 1) != T_NONE) j--;
    int t = term(q, j);
    if (t == T_ABBR || t == T_ELL || has(q, j, TF_ELLIPSIS)) return 1;
    /* a period before a capital that the rules pass over has a reason
     * ("Tuesday.Mr. Smith": a title split from a glued word) */
    if (t == T_DOT && (has(q, k, TF_UPPER) || kind(q, k) == TK_NUMBER)) return 1;
    /* inside ". . . ." */
    if (is_char(q, k, '.')) return 1;
    /* ". . ." spaced out */
    if (j >= 2 && is_char(q, j, '.') && is_char(q, j - 1, '.') && has(q, j, TF_SPACE)) return 1;
    /* a quoted question or exclamation inside a sentence, in any text: a
     * closing quote after "?" or "!", then a lower-case word on the line
     * ("\"what now?\" she asked", "said \"why?\" and left") */
    if (t == T_QE && pc(q, k - 1) == PC_QUOTE && has(q, k, TF_LOWER) && has(q, k, TF_SPACE) &&
        !has(q, k, TF_NL))
        return 1;
    if (has(q, k, TF_LOWER) && has(q, k, TF_SPACE) && (closer(q, k - 1) || is_char(q, j, '!')) &&
        !doc_informal(q, lines))
        return 1;
    return 0;
}

/* A closing bracket ")", "]" or "}" (not a closing quote, which can be an
 * apostrophe: "’Tis"). */
static inline int close_bracket(const tok_seq *q, size_t k) {
    if (pc(q, k) != PC_CLOSE) return 0;
    unsigned char ch = q->text[B(q, k)];
    return ch == ')' || ch == ']' || ch == '}';
}

/* Is the sentence before the gap a postscript mark alone: "P.S.", "PS",
 * "PPS" in any case, then only ".", ":" or dashes ("PS --", "P.S.:")? */
static int postscript_before(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (c->since == 0 || c->since > 3 || c->since > k) return 0;
    size_t s = k - c->since;
    if (!word_like(q, s)) return 0;
    char w[4];
    size_t n = 0;
    for (size_t i = B(q, s); i < E(q, s); i++) {
        unsigned char ch = q->text[i];
        if (ch == '.') continue;
        if (n == 3) return 0;
        w[n++] = (char)(ch | 0x20u);
    }
    if (!((n == 2 && !memcmp(w, "ps", 2)) || (n == 3 && !memcmp(w, "pps", 3)))) return 0;
    for (size_t i = s + 1; i < k; i++) {
        if (kind(q, i) != TK_PUNCT) return 0;
        unsigned pcl = pc(q, i);
        unsigned char ch = q->text[B(q, i)];
        if (ch != '.' && ch != ':' && !(pcl == PC_CONTINUE && ch != ',' && ch != ';' && ch != '&'))
            return 0;
    }
    return 1;
}

/* Is the gap after a short quotation inside a sentence: one to four words
 * between quotes, no terminator among them, after a word and before a
 * capitalised word on the same line ('William "Buckshot" May', 'the film
 * "Heat" Opened', 'he said "no" Monday')? A nickname, a title or a word
 * quoted in passing: the sentence goes on. The model saw a closing quote
 * before a capital mostly after a terminator, and split there. */
static int inner_quote_before(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (c->type != TC_TRANS || k < 4 || has(q, k, TF_NL) || !closer(q, k - 1) ||
        close_bracket(q, k - 1) || has(q, k - 1, TF_SPACE | TF_NL))
        return 0;
    size_t words = 0;
    for (size_t j = k - 2; j >= 1 && words <= 4; j--) {
        if (has(q, j + 1, TF_NL)) return 0;
        if (opener(q, j)) {
            unsigned char ch = q->text[B(q, j)];
            return words && ch != '(' && ch != '[' && ch != '{' && !has(q, j, TF_NL) &&
                   !has(q, j + 1, TF_SPACE) && text_word(q, j - 1);
        }
        if (!text_word(q, j)) return 0;
        words++;
    }
    return 0;
}

/* Is the word at k the first part of a compound: a hyphen glued to it and
 * to a word after ("On-Line", "Follow-Up")? */
static int compound_at(const tok_seq *q, size_t k) {
    return k + 2 < q->n && is_char(q, k + 1, '-') && !has(q, k + 1, TF_SPACE) &&
           !has(q, k + 2, TF_SPACE) && word_like(q, k + 2);
}

/* A number at k (on the line of the token before it) after a currency
 * sign or a closing bracket. */
__attribute__((noinline)) static int amount_after(const tok_seq *q, size_t k) {
    if (kind(q, k) != TK_NUMBER || has(q, k, TF_NL)) return 0;
    if (close_bracket(q, k - 1)) return 1;
    if (kind(q, k - 1) != TK_SYMBOL) return 0;
    const unsigned char *t = q->text + B(q, k - 1);
    size_t n = E(q, k - 1) - B(q, k - 1);
    return (n == 1 && t[0] == '$') ||
           (n == 2 && t[0] == 0xC2 && (t[1] == 0xA3 || t[1] == 0xA5)) || /* £ ¥ */
           (n == 3 && t[0] == 0xE2 && t[1] == 0x82 && t[2] == 0xAC);     /* € */
}

/* Is token k, a word or an abbreviation, one of the words of a list of
 * weft/clock.h? */
static int clock_word(const tok_seq *q, size_t k, const char *const *list) {
    unsigned kd = kind(q, k);
    return (kd == TK_WORD || kd == TK_ABBREV) &&
           weft_clock_is((const char *)q->text + B(q, k), E(q, k) - B(q, k), list);
}

/* A number that reads as a clock time: "8", "11", "8:00", "14.05". */
static int clock_number(const tok_seq *q, size_t k) {
    const unsigned char *t = q->text + B(q, k);
    size_t n = E(q, k) - B(q, k), d = 0;
    while (d < n && d < 3 && (unsigned)(t[d] - '0') < 10u) d++;
    if (d == 0 || d > 2) return 0;
    if (d == n) return 1;
    return n == d + 3 && (t[d] == ':' || t[d] == '.') && (unsigned)(t[d + 1] - '0') < 10u &&
           (unsigned)(t[d + 2] - '0') < 10u;
}

/* Do the three bytes before e read "day" in any case (as every day's name
 * does, and weft_clock_is compares ASCII letters without case)? */
static inline int day_ending(const unsigned char *e) {
    return (e[-1] | 0x20u) == 'y' && (e[-2] | 0x20u) == 'a' && (e[-3] | 0x20u) == 'd';
}

/* Is token k, on the line of the token before it, the tail of a clock
 * time: "PM" after a number ("8:00 PM", "7 am"), or a time zone in
 * capitals after a number or after a.m./p.m. that follows one ("14.05
 * BST", "8:00 PM ET", "8 p.m. EST")? A capital after a number is a
 * boundary candidate, and a model learnt on web text, where few times have
 * zones, weighs such gaps by chance ("Meet at 8:00 PM | GMT on Friday"). */
__attribute__((noinline)) static int clock_tail(const tok_seq *q, size_t k) {
    static const char *const days[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday",    NULL};
    /* one line break may fall inside it, as a text wrapped by `fmt` puts
     * one anywhere ("at 8:00 PM\nET on Monday"); a blank line may not */
    if (k < 1 || has(q, k, TF_PARA)) return 0;
    /* the tests in the order of their cost: the kinds around k first, then
     * the lists (a zone, am/pm: 2-4 bytes; a day: 6-9), so that the
     * capitals after no number, most of the calls, never scan a list */
    unsigned kd = kind(q, k);
    if (kd != TK_WORD && kd != TK_ABBREV) return 0;
    /* across a line break the number must read as a clock ("16.06.2016\nPM:"
     * is a date, then a heading) */
    int nl = has(q, k, TF_NL) != 0;
    size_t n = E(q, k) - B(q, k);
    int num1 = kind(q, k - 1) == TK_NUMBER;
    if (n >= 6) /* and the day after it, on its line: "7:30 PM Friday", "8 AM ET Monday";
                 * every day ends in "day", tested before the list */
        return n <= 9 && k >= 2 && !nl && has(q, k, TF_UPPER) &&
               day_ending(q->text + B(q, k) + n) && clock_word(q, k, days) &&
               (clock_tail(q, k - 1) || (num1 && date_or_time(q, k - 1)));
    if (num1 && clock_word(q, k, weft_clock_ampm()) && (!nl || clock_number(q, k - 1))) return 1;
    if (!num1 && !(k >= 2 && kind(q, k - 2) == TK_NUMBER)) return 0;
    /* "Et", "Pt": words, not zones; tested before the list, which most
     * capitalised words after a number then never scan */
    for (size_t i = B(q, k); i < E(q, k); i++)
        if ((unsigned)q->text[i] - 'a' < 26u) return 0;
    if (!clock_word(q, k, weft_clock_zones())) return 0;
    return (num1 && (!nl || clock_number(q, k - 1))) ||
           (k >= 2 && kind(q, k - 2) == TK_NUMBER && clock_word(q, k - 1, weft_clock_ampm()) &&
            (!nl || clock_number(q, k - 2)));
}

/* Is the gap at a capitalised word that seldom starts a sentence, on the
 * line of a clock time that ends right before it, the time's number after
 * a lower-case word ("at 9:14 AM Dave", "until 8 p.m. EST Friday")? */
static int clock_in_text_before(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (k < 3 || kind(q, k) != TK_WORD || !has(q, k, TF_UPPER) || has(q, k, TF_NL) ||
        !clock_tail(q, k - 1))
        return 0;
    size_t i = k - 2; /* the number: before the a.m./p.m., or before it and a zone */
    if (kind(q, i) != TK_NUMBER) i--;
    if (kind(q, i) != TK_NUMBER || i < 1 || has(q, i, TF_NL) || kind(q, i - 1) != TK_WORD ||
        !has(q, i - 1, TF_LOWER))
        return 0;
    for (size_t j = i + 1; j < k; j++)
        if (has(q, j, TF_NL)) return 0;
    unsigned sw = c->starter;
    return !starter_word(q, k, &sw);
}

/* Is the gap between two capitalised words on one line, the first after a
 * number ("In 2021 Anna | Link said", "The 1896 Atlantic | City", "Wigan
 * 42 Bradford | Bulls")? The gap is a candidate only because of the number
 * two tokens back, meant for mail headers ("07:17 AM | Will you"); between
 * two capitalised words it is a name going on, unless the word before is a
 * clock's tail (clock_tail) or the word at k is a sentence starter (which
 * after any word is a candidate of its own, left to the model: "Chapter 3
 * Introduction | The study"). A line break, a list item or an address is
 * other evidence and is not looked at here. */
static int name_after_number(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (c->type != TC_TRANS || k < 2 || kind(q, k - 2) != TK_NUMBER || !text_word(q, k - 1) ||
        !has(q, k - 1, TF_UPPER) || kind(q, k) != TK_WORD || !has(q, k, TF_UPPER) ||
        has(q, k, TF_NL) || has(q, k - 1, TF_NL) || clock_tail(q, k - 1))
        return 0;
    unsigned sw = c->starter;
    return !starter_word(q, k, &sw);
}

/* A word in capitals, two letters or more ("LONDON", "ST.", "SÃO"). */
static int caps_word(const tok_seq *q, size_t k) {
    if (!word_like(q, k) || !has(q, k, TF_UPPER) || E(q, k) - B(q, k) < 2) return 0;
    for (size_t i = B(q, k); i < E(q, k); i++)
        if ((unsigned)q->text[i] - 'a' < 26u) return 0;
    return 1;
}

/* A dash token: "-", "--", "–", "—". The scanner gives "-", "–" and "—"
 * the class PC_CONTINUE and "--" none, so the info word alone turns down
 * nearly every token (decide asks at both sides of most candidates) before
 * the text is read. */
static inline int dash_tok(const tok_seq *q, size_t k) {
    unsigned f = q->info[k];
    if ((f & TI_KIND_MASK) != TK_PUNCT || (TI_PCLASS(f) != PC_CONTINUE && TI_PCLASS(f) != PC_NONE))
        return 0;
    const unsigned char *t = q->text + B(q, k);
    size_t n = E(q, k) - B(q, k);
    return (n == 1 && t[0] == '-') || (n == 2 && t[0] == '-' && t[1] == '-') ||
           (n == 3 && t[0] == 0xE2 && t[1] == 0x80 && (t[2] == 0x93 || t[2] == 0x94));
}

/* A news dateline opening a line at token s: the place in capitals, then a
 * date after a comma and/or the agency in brackets, then a dash, on one
 * line ("LONDON (Reuters) - The", "WASHINGTON, May 3 (AP) — The", "NEW
 * YORK, Jan. 5 - Stocks"). Returns the first token after the dash, 0 when
 * there is no dateline. The sentence begins with the place: the dateline
 * is no sentence of its own. */
static size_t dateline_end(const tok_seq *q, size_t s) {
    size_t k = s, n = q->n, words = 0;
    /* a title's period inside the place: "ST. LOUIS", "FT. WORTH" */
    while (k < n && words < 4 && (k == s || !has(q, k, TF_NL)) &&
           (caps_word(q, k) || (k > s && tok_caps_title_dot(q, k))))
        words += kind(q, k++) != TK_PUNCT;
    if (k == s || k >= n) return 0;
    int date = 0, agency = 0;
    if (is_char(q, k, ',')) { /* ", May 3", ", Jan. 5", ", 3 May 2024" */
        size_t j = k + 1;
        while (j < n && j < k + 6 && !has(q, j, TF_NL) &&
               (kind(q, j) == TK_NUMBER || (word_like(q, j) && has(q, j, TF_UPPER)) ||
                (j > k + 1 && is_char(q, j, ','))))
            date |= kind(q, j) == TK_NUMBER, j++;
        if (!date) return 0;
        k = j;
    }
    /* "(Reuters)", "(AP)", and agencies that write their name in lower
     * case ("(dpa)", "(efe)"): the place in capitals before and the dash
     * after are what make a dateline */
    if (k < n && pc(q, k) == PC_OPEN && !has(q, k, TF_NL)) {
        size_t j = k + 1;
        while (j < n && j < k + 4 && word_like(q, j) && !has(q, j, TF_NL)) j++;
        if (j == k + 1 || j >= n || pc(q, j) != PC_CLOSE) return 0;
        agency = 1;
        k = j + 1;
        /* "MADRID (EFE).- El": Spanish agencies put a period before the dash */
        if (k + 1 < n && is_char(q, k, '.') && !has(q, k, TF_NL) && dash_tok(q, k + 1)) k++;
    }
    if (!date && !agency) return 0;
    size_t d = k;
    while (k < n && k < d + 2 && dash_tok(q, k) && !has(q, k, TF_NL)) k++;
    if (k == d || k >= n || has(q, k, TF_NL)) return 0;
    return (word_like(q, k) && has(q, k, TF_UPPER)) || opener(q, k) ? k : 0;
}

/* A relation or approximation sign: "=", "~", "<", ">", "≈", "≠", "≤",
 * "≥", "±" (one token). */
static int relation_sign(const tok_seq *q, size_t k) {
    unsigned kd = kind(q, k);
    if (kd != TK_SYMBOL && kd != TK_PUNCT) return 0;
    const unsigned char *t = q->text + B(q, k);
    size_t n = E(q, k) - B(q, k);
    if (n == 1) return t[0] == '=' || t[0] == '~' || t[0] == '<' || t[0] == '>';
    if (n == 2) return t[0] == 0xC2 && t[1] == 0xB1; /* ± */
    return n == 3 && t[0] == 0xE2 && t[1] == 0x89 &&
           (t[2] == 0x88 || t[2] == 0xA0 || t[2] == 0xA4 || t[2] == 0xA5); /* ≈ ≠ ≤ ≥ */
}

/* The operand after a relation sign inside a line: a number ("a value of ~
 * 20 kg", "p > 0.05 in all", "x = 12 here") or a quoted value ("a = \"b\"")
 * after any sign, and any token after "=" ("level = Debug", "x == None"):
 * no sentence starts at it. The sign must follow something on its line: a
 * ">" opening a line is a mail quote mark (quote_mark_before), and one
 * glued to the word before it closes an address or a tag. */
static int relation_before(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (c->term || has(q, k, TF_NL) || k < 2) return 0;
    size_t s = k - 1;
    if (!relation_sign(q, s)) return 0;
    if (kind(q, k) != TK_NUMBER && pc(q, k) != PC_QUOTE &&
        !(E(q, s) - B(q, s) == 1 && q->text[B(q, s)] == '='))
        return 0;
    /* "<=", ">=", "==" written as two signs */
    if (relation_sign(q, s - 1) && !has(q, s, TF_SPACE | TF_NL)) s--;
    /* a sign with space before it: "<bob@example.org> 02/13/2001" closes
     * an address */
    return s > 0 && has(q, s, TF_SPACE) && !has(q, s, TF_NL);
}

/* A one-byte sign or punctuation token c. */
static inline int sign_char(const tok_seq *q, size_t k, char c) {
    unsigned kd = kind(q, k);
    return (kd == TK_SYMBOL || kd == TK_PUNCT) && E(q, k) - B(q, k) == 1 &&
           q->text[B(q, k)] == (unsigned char)c;
}

/* Is the text before the gap at k, on its line, only mail quote marks
 * (">", ">>", "> >" opening the line)? The marks belong to the sentence
 * after them, not to one of their own. */
static int quote_mark_before(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (has(q, k, TF_NL) || k == 0) return 0;
    size_t i = k;
    while (i > 0 && sign_char(q, i - 1, '>')) {
        i--;
        if (i == 0 || has(q, i, TF_NL)) return 1;
    }
    return 0;
}

/* A sign that parts the fields of one line: "|", "¦", "│" (a box-drawing
 * bar) or the middle dot "·". */
static inline int field_sign(const tok_seq *q, size_t k) {
    unsigned kd = kind(q, k);
    if (kd != TK_SYMBOL && kd != TK_PUNCT) return 0;
    const unsigned char *t = q->text + B(q, k);
    size_t n = E(q, k) - B(q, k);
    if (n == 1) return t[0] == '|';
    if (n == 2) return t[0] == 0xC2 && (t[1] == 0xA6 || t[1] == 0xB7); /* ¦ · */
    return n == 3 && t[0] == 0xE2 && t[1] == 0x94 && t[2] == 0x82;     /* │ */
}

/* Is the gap at k right after a field sign, or right before one on its
 * line after no terminator ("Anna Kowalski | Senior Analyst", "Best
 * Recipes | Food Blog", "Home | News | Sport")? The sign parts a name from
 * a role, a title from its site, menu items: the fields are one line's
 * block, no sentence ends inside it, and the sign is no sentence of its
 * own (after a terminator, "done. | Next", the sentence after it holds
 * it). UD EWT dev has no such sign; the model weighed the gap by chance. */
static int field_gap(const tok_seq *q, const tok_cand_info *c) {
    size_t k = c->k;
    if (has(q, k, TF_NL) || !has(q, k, TF_SPACE)) return 0;
    if (field_sign(q, k - 1)) return 1;
    return !c->term && field_sign(q, k);
}

/* Does token k spell the lower-case word w (ASCII)? */
static int word_is(const tok_seq *q, size_t k, const char *w) {
    size_t n = E(q, k) - B(q, k);
    const unsigned char *t = q->text + B(q, k);
    /* the first byte first: most words are turned down without strlen */
    return kind(q, k) == TK_WORD && t[0] == (unsigned char)w[0] && strlen(w) == n &&
           !memcmp(t, w, n);
}

/* A determiner at k: a, an, the, my, your, our, his, her, their, its
 * (lower case). By length, without a list walk: every line break of
 * informal text between two lower-case words asks. */
static int determiner(const tok_seq *q, size_t k) {
    if (kind(q, k) != TK_WORD || !has(q, k, TF_LOWER)) return 0;
    const unsigned char *t = q->text + B(q, k);
    size_t n = E(q, k) - B(q, k);
    if (n == 5) return !memcmp(t, "their", 5);
    if (n > 4) return 0;
    /* the word as one integer (tok_pack4): one comparison a determiner */
    uint32_t v = tok_pack4(t, n);
    return v == tok_pack4((const unsigned char *)"a", 1) ||
           v == tok_pack4((const unsigned char *)"an", 2) ||
           v == tok_pack4((const unsigned char *)"my", 2) ||
           v == tok_pack4((const unsigned char *)"the", 3) ||
           v == tok_pack4((const unsigned char *)"our", 3) ||
           v == tok_pack4((const unsigned char *)"his", 3) ||
           v == tok_pack4((const unsigned char *)"her", 3) ||
           v == tok_pack4((const unsigned char *)"its", 3) ||
           v == tok_pack4((const unsigned char *)"your", 4);
}

/* A lower-case finite verb at k that continues a subject ending the line
 * before ("the server\nwent down", "the meeting\nis moved", "my
 * app\ncrashed again"): the subject is a noun after a determiner on its
 * line (informal text drops subjects: "loved it\nwas great", "lol\nwent
 * home" start sentences), the verb an auxiliary, a common past tense or a
 * word in "-ed", no modal ("would recommend" opens many a review), and no
 * subject pronoun after it on its line ("is it ready" asks). */
static int verb_goes_on(const tok_seq *q, size_t k) {
    static const char *const subjects[] = {"i",    "you",   "he",   "she",  "it", "we",
                                           "they", "there", "this", "that", NULL};
    if (k < 2 || kind(q, k) != TK_WORD || !has(q, k, TF_LOWER) || has(q, k - 1, TF_NL) ||
        !determiner(q, k - 2))
        return 0;
    size_t b = B(q, k), n = E(q, k) - b;
    const unsigned char *t = q->text + b;
    int verb = n >= 4 && t[n - 2] == 'e' && t[n - 1] == 'd' && t[n - 3] != 'e';
    for (size_t i = 0; i < n && verb; i++) verb = (unsigned)t[i] - 'a' < 26u;
    if (!verb && n <= 4) {
        /* the word as one integer (tok_pack4) against each verb's */
        static const char *const verbs[] = {"is",   "are",  "was", "were", "has",
                                            "have", "went", "got", "came", "fell"};
        uint32_t v = tok_pack4(t, n);
        for (size_t i = 0; i < sizeof verbs / sizeof verbs[0] && !verb; i++)
            verb = v == tok_pack4((const unsigned char *)verbs[i], strlen(verbs[i]));
    } else if (!verb && n == 5) {
        verb = !memcmp(t, "found", 5) || !memcmp(t, "broke", 5);
    }
    if (!verb) return 0;
    if (k + 1 < q->n && !has(q, k + 1, TF_NL))
        for (const char *const *w = subjects; *w; w++)
            if (word_is(q, k + 1, *w)) return 0;
    return 1;
}

/* Does the line end at token p inside a clause, on a word that wants
 * what the next line brings: a possessive ("lost my\nphone"), or after a
 * subject pronoun a verb that takes an object or a clause, or a modal
 * ("we need\nmore time", "i hope\nyou", "they should\nfix it")? */
static int clause_open_at(const tok_seq *q, size_t p) {
    static const char *const verbs[] = {
        "need",  "needs", "want",  "wants", "have",   "has",    "got",   "gotta",
        "gonna", "wanna", "think", "hope",  "should", "would",  "could", "can",
        "will",  "must",  "might", "may",   "shall",  "bought", "tried", "ordered",
        "asked", "told",  "lost",  "found", "love",   "hate",   NULL};
    if (kind(q, p) != TK_WORD || !has(q, p, TF_LOWER)) return 0;
    const unsigned char *t = q->text + B(q, p);
    size_t n = E(q, p) - B(q, p);
    /* the short words as one integer each (tok_pack4): every line break of
     * informal text between two lower-case words asks */
    if (n == 5) {
        if (!memcmp(t, "their", 5)) return 1;
    } else if (n <= 4) {
        uint32_t v = tok_pack4(t, n);
        if (v == tok_pack4((const unsigned char *)"my", 2) ||
            v == tok_pack4((const unsigned char *)"your", 4) ||
            v == tok_pack4((const unsigned char *)"our", 3))
            return 1;
    }
    /* a subject pronoun before it on its line, then the verb list */
    if (p < 1 || has(q, p, TF_NL) || kind(q, p - 1) != TK_WORD) return 0;
    size_t sn = E(q, p - 1) - B(q, p - 1);
    if (sn > 4) return 0;
    uint32_t sv = tok_pack4(q->text + B(q, p - 1), sn);
    if (sv != tok_pack4((const unsigned char *)"i", 1) &&
        sv != tok_pack4((const unsigned char *)"we", 2) &&
        sv != tok_pack4((const unsigned char *)"you", 3) &&
        sv != tok_pack4((const unsigned char *)"they", 4) &&
        sv != tok_pack4((const unsigned char *)"he", 2) &&
        sv != tok_pack4((const unsigned char *)"she", 3))
        return 0;
    for (const char *const *w = verbs; *w; w++)
        if (word_is(q, p, *w)) return 1;
    return 0;
}

/* Does the line that starts at token k say "one block per line": it ends
 * with no terminator and another line of its paragraph follows ("things
 * we need\nmore chairs\nextra cups")? A line that ends the paragraph or
 * a sentence is where a cut sentence ends. */
static int line_is_item(const tok_seq *q, size_t k) {
    size_t j = k + 1;
    while (j < q->n && !has(q, j, TF_NL)) j++;
    if (j >= q->n || has(q, j, TF_PARA)) return 0;
    return !term_before(q, j);
}

/* A lower-case word at k that ends a clause as often as not: "me too",
 * "same here", "see you then", "lol", "for now". */
static int clause_end(const tok_seq *q, size_t k) {
    static const char *const words[] = {
        "too",      "either", "here",   "there",  "now",  "then",  "again", "today", "tonight",
        "tomorrow", "yet",    "though", "tho",    "lol",  "haha",  "btw",   "ok",    "okay",
        "please",   "yes",    "no",     "anyway", "soon", "later", NULL};
    for (const char *const *w = words; *w; w++)
        if (word_is(q, k, *w)) return 1;
    return 0;
}

/* Most words a sentence cut by a line break has on its line after a
 * terminator when informal_goes_on joins it to the next line. */
#define CUT_WORDS 3

/* In informal text (lower-case sentence starts: tok_informal) a line break
 * before a lower-case word ends the sentence (a deliberate break: a new
 * line, a new sentence), unless a reader would read on: after a lower-case
 * word, no terminator, the next line
 *  - opens with a finite verb whose subject ends the line (verb_goes_on), or
 *  - opens with no clause opener (tok_clause_opener) after a short piece of
 *    a sentence that began on the same line after a terminator ("sorry!!
 *    QA found\ntwo blockers"): a line that starts its sentence and ends
 *    without a stop is often a unit of its own ("love this park",
 *    "buy milk"), a sentence begun after another one and cut after a word
 *    or three is not; "thanks"/"thank you" is one whole, and so is a piece
 *    that ends on a word that ends clauses ("me too", "see you then"). */
__attribute__((noinline)) static int informal_goes_on(const tok_seq *q, const tok_cand_info *c,
                                                      size_t start) {
    size_t k = c->k;
    if (c->term || !has(q, k, TF_LOWER) || kind(q, k) != TK_WORD || has(q, k, TF_PARA) ||
        kind(q, k - 1) != TK_WORD || !has(q, k - 1, TF_LOWER))
        return 0;
    if (verb_goes_on(q, k)) return 1;
    size_t b = B(q, k);
    /* a line cut inside a clause ("i think we need\nmore time"), where
     * the next line opens none and is no item of a block of lines */
    if (clause_open_at(q, k - 1) && !tok_clause_opener(q->text + b, E(q, k) - b) &&
        !line_is_item(q, k))
        return 1;
    if (start == 0 || k - start > CUT_WORDS || has(q, start, TF_NL) || !term_before(q, start))
        return 0;
    for (size_t i = start; i < k; i++)
        if ((i > start && has(q, i, TF_NL)) || closing_word(q, i)) return 0;
    return !clause_end(q, k - 1) && !tok_clause_opener(q->text + b, E(q, k) - b);
}

/* A bullet or a list marker at token k ("2.", "3)"). */
static int item_marker(const tok_seq *q, size_t k) {
    size_t last;
    long val;
    return bullet(q, k) || tok_marker_at(q, k, &last, &val);
}

/* The decoder's state: the sentences so far are the start tokens in
 * l->sent[0, nsent) (the first token of each sentence after the first),
 * stored without a call; the caller makes the spans from them afterwards
 * (a call through the emit pointer for each sentence, inside the walk,
 * cost its register saves there). */
typedef struct dec {
    const tok_seq *q;
    const weft_lin_model *m;
    tok_learn *l;
    uint32_t *sent;
    size_t nsent;
    size_t start;
} dec;

static int decide(void *ctx, const tok_cand_info *c, const tok_lines *lines) {
    dec *d = ctx;
    /* separators and credits stand alone whatever the model says; unlike
     * sure_boundary's cases the trainer still learns from them, so that
     * the model's weights for lone brackets and signs keep the evidence
     * for the neighbours these do not cover ("(See file: a.pdf) - b") */
    /* a dateline opens its sentence ("LONDON (Reuters) - The bank said"):
     * the sentence began at the start of a line, with the dateline's place
     * in capitals; the test runs only on a candidate after a closing
     * bracket or at a dash, which every dateline has */
    if (!c->forced &&
        (pc(d->q, c->k - 1) == PC_CLOSE || dash_tok(d->q, c->k - 1) || dash_tok(d->q, c->k))) {
        size_t s = d->start;
        if ((s == 0 || has(d->q, s, TF_NL)) && caps_word(d->q, s) && c->k <= dateline_end(d->q, s))
            return 0;
    }
    /* nor after a title in capitals before a word in capitals ("ST.
     * LOUIS (AP)", "VISIT MT. VERNON"): headlines and datelines. Decided
     * here, not in the rules: the trainer still learns from the gap (UD
     * dev has one, "PVT. LTD.", where the rules end a sentence) */
    if (!c->forced && c->type == TC_PUNCT && c->term == c->k && c->k >= 2 &&
        has(d->q, c->k, TF_UPPER) && has(d->q, c->k - 2, TF_UPPER) &&
        tok_caps_title_dot(d->q, c->k - 1))
        return 0;
    int yes = c->forced || sure_boundary(d->q, c) || sep_gap(d->q, c) || credit_before(d->q, c) ||
              address_end(d->q, c);
    /* Off the rules and off a line break, every check below can only say
     * "no", and the cheap model decides last: where it is sure of "no",
     * so is the decision, whatever the checks say. Asked first here, it
     * spares them at most transitions (a comma, a colon or a number before
     * a capital). Exact: the same decisions in a different order. */
    /* a line break before a lower-case word, off the rules, no
     * terminator before it, in edited text: rules_stand's "no" below,
     * whatever the checks between say (each can only say "no") */
    if (!yes && !c->rule && c->type == TC_LINE && !c->term && has(d->q, c->k, TF_LOWER) &&
        !closer(d->q, c->k - 1) && !doc_informal(d->q, lines))
        return 0;
    if (!yes && !c->rule && c->type != TC_LINE) {
        int no = 0;
        int sure = cheap_decide(d->q, c, d->m, d->l, &no);
        if (sure < 0) return -1;
        if (sure && !no) return 0;
    }
    /* a line that needs more goes on ("in April, the\nValmont Farmers
     * Union said"), as the rules have it: decided here, not learnt (UD has
     * three such lines, too few to teach it); but the next marker of a
     * list or a bullet that opens the line, where the rules start an item,
     * starts one whatever the line before ends on ("1. Ask for\n2. Sign") */
    if (!yes && c->type == TC_LINE && !c->term &&
        (line_needs_more(d->q, c->k - 1) || tok_line_open_end(d->q, c->k - 1, c->k)) &&
        !(c->rule && item_marker(d->q, c->k)))
        return 0;
    /* nor does a sentence end on an opening bracket ("Red Star ( Yugoslavia )"
     * in space-separated text): UD dev has no such gold boundary, and a
     * model learnt there weighs the rare gap by chance */
    if (!yes && pc(d->q, c->k - 1) == PC_OPEN) return 0;
    /* nor does one start on a closing bracket ("next day. ) Hop on"): the
     * bracket closes the sentence before it */
    if (!c->forced && close_bracket(d->q, c->k)) return 0;
    /* nor end on a currency sign ("$ 23.4 million"), nor on a closing
     * bracket before a number on its line ("( Jamaica ) 12.71 seconds",
     * "(Client) 281.848.1619"; 8 of 8 in UD dev): the model has few such
     * gaps to learn from and weighs them by chance */
    if (!yes && c->type == TC_TRANS && kind(d->q, c->k) == TK_NUMBER && amount_after(d->q, c->k))
        return 0;
    /* nor inside a clock time ("8:00 PM ET", "14.05 BST"), also across a
     * line break */
    if (!yes && (c->type == TC_TRANS || c->type == TC_LINE) && clock_tail(d->q, c->k)) return 0;
    /* nor after a clock time in running text ("at 9:14 AM", "by 8 pm
     * EST": a lower-case word before its number) before a capitalised word
     * on its line that seldom starts a sentence, a name ("at 9:14 AM Dave
     * Miller wrote"); a sentence starter may begin one ("at 8 AM The
     * store"), and a time after a date or a name, as e-mail headers set it
     * ("Kay Mann 04/26/2001 07:17 AM To:"), is left to the model */
    if (!yes && c->type == TC_TRANS && clock_in_text_before(d->q, c)) return 0;
    /* nor between two capitalised words after a number ("In 2021 Anna
     * Link said", "Since 1990 Deutsche Bank"): a name goes on (UD dev
     * ends a sentence at such a gap only after "AM"/"PM", which
     * name_after_number leaves to the model) */
    if (!yes && name_after_number(d->q, c)) return 0;
    /* nor before a sentence starter inside Title Case ("Have Done On Our
     * New Solar System"): decided here, as the two above (one review of
     * UD dev has such text, and the model learns nothing from one) */
    if (!yes && c->type == TC_START && title_run(d->q, c->k)) return 0;
    /* nor after a postscript mark ("P.S. I", "PS -- There"): it starts
     * the sentence after it */
    if (!c->forced && postscript_before(d->q, c)) return 0;
    /* nor between a relation sign and its number ("p > 0.05 in all") */
    if (!yes && c->type == TC_TRANS && relation_before(d->q, c)) return 0;
    /* nor next to a sign that parts a line's fields ("Name | Role") */
    if (!c->forced && field_gap(d->q, c)) return 0;
    /* nor after mail quote marks opening a line ("> Are you coming?") */
    if (!c->forced && quote_mark_before(d->q, c)) return 0;
    /* nor after a short quotation inside the sentence */
    if (!yes && inner_quote_before(d->q, c)) return 0;
    /* nor before a starter glued to a hyphen: a compound ("Enron On-Line") */
    if (!yes && c->type == TC_START && compound_at(d->q, c->k)) return 0;
    /* nor at a line break of informal text that a reader reads on over */
    if (!yes && c->type == TC_LINE && !c->term && has(d->q, c->k, TF_LOWER) &&
        doc_informal(d->q, lines) && informal_goes_on(d->q, c, d->start))
        return 0;
    if (!yes && rules_stand(d->q, c, lines))
        yes = c->rule;
    else if (!yes && c->type == TC_LINE)
        /* a deliberate line break (no soft wrap: tok_soft_wrap) that every
         * check above lets through ends its sentence, without the models
         * (they said so at 536,845 of 536,931 such breaks of the bench corpus
         * and at all of UD dev's: see design-notes, ninth speed step) */
        yes = 1;
    else if (!yes) {
        int sure = cheap_decide(d->q, c, d->m, d->l, &yes);
        if (sure < 0) return -1;
        if (!sure) {
            float margin;
            if (cand_margin(d->q, c, lines, d->m, d->l, &margin)) return -1;
            yes = margin > 0.0f;
        }
    }
    if (!yes) return 0;
    d->sent[d->nsent++] = (uint32_t)c->k; /* room for every token: no test */
    d->start = c->k;
    return 1;
}

int tok_sentence_starts(const tok_seq *q, int newlines, const weft_lin_model *m, tok_learn *l) {
    l->nsent = 0;
    if (q->n == 0) return 0;
    if (weft_grow((void **)&l->sent, &l->sentcap, q->n, sizeof *l->sent)) return -1;
    dec d = {q, m, l, l->sent, 0, 0};
    if (cand_walk(q, newlines, l, decide, &d) < 0) return -1;
    l->nsent = d.nsent;
    return 0;
}

int tok_sentences_learned(const tok_seq *q, int newlines, const weft_lin_model *m, tok_learn *l,
                          tok_sent_fn emit, void *ctx) {
    if (tok_sentence_starts(q, newlines, m, l)) return -1;
    if (q->n == 0) return 0;
    size_t start = 0;
    for (size_t i = 0; i < l->nsent; i++) {
        int rc = emit(ctx, B(q, start), E(q, l->sent[i] - 1));
        if (rc) return rc;
        start = l->sent[i];
    }
    return emit(ctx, B(q, start), E(q, q->n - 1));
}
