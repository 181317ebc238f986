/*
 * Sentence boundaries, decided between tokens in one left-to-right pass.
 * A boundary comes after a terminator group (`.`, `?`, `!`, an ellipsis or an
 * abbreviation, with the terminators and closing quotes/brackets glued to
 * it) when what follows looks like a sentence start; before a blank line;
 * before a new line that looks like a new sentence (headlines); and before
 * the next item of a numbered or bulleted list.
 */
#include "sentences.h"

#include <string.h>

#include "abbrev.h"
#include "tokens.h"

enum { T_NONE, T_DOT, T_QE, T_ELL, T_ABBR };

typedef struct sent {
    const tok_seq *q;
} sent;

static inline uint32_t B(const tok_seq *q, size_t k) {
    const uint32_t *p = (const uint32_t *)(const void *)((const char *)q->base + k * q->stride);
    return p[0];
}
static inline uint32_t E(const tok_seq *q, size_t k) {
    const uint32_t *p = (const uint32_t *)(const void *)((const char *)q->base + k * q->stride);
    return p[1];
}
static inline unsigned kind(const tok_seq *q, size_t k) {
    return q->info[k] & TI_KIND_MASK;
}
static inline unsigned has(const tok_seq *q, size_t k, unsigned f) {
    return q->info[k] & f;
}

static inline unsigned pc(const tok_seq *q, size_t k) {
    return kind(q, k) == TK_PUNCT ? TI_PCLASS(q->info[k]) : PC_NONE;
}

/* Words that usually do not end a line that ends a sentence or headline. */
static const char *const joiners[] = {"a",    "an",   "the",  "of",  "to",  "in",   "on",   "at",
                                      "by",   "for",  "and",  "or",  "but", "with", "from", "as",
                                      "that", "than", "into", "via", "per", "nor",  NULL};

static int is_joiner(const tok_seq *q, size_t k) {
    size_t n = E(q, k) - B(q, k);
    if (n > 4 || !has(q, k, TF_LOWER)) return 0;
    for (const char *const *w = joiners; *w; w++)
        if (strlen(*w) == n && !memcmp(*w, q->text + B(q, k), n)) return 1;
    return 0;
}

static inline int term(const tok_seq *q, size_t k) {
    unsigned kd = kind(q, k);
    if (kd == TK_ABBREV) return T_ABBR;
    if (kd != TK_PUNCT) return T_NONE;
    if (has(q, k, TF_ELLIPSIS)) {
        /* four or more dots: an ellipsis and a period */
        return E(q, k) - B(q, k) >= 4 && q->text[B(q, k)] == '.' ? T_DOT : T_ELL;
    }
    unsigned c = TI_PCLASS(q->info[k]);
    return c == PC_DOT ? T_DOT : c == PC_STOP ? T_QE : T_NONE;
}

static inline int closer(const tok_seq *q, size_t k) {
    unsigned c = pc(q, k);
    return c == PC_CLOSE || c == PC_QUOTE;
}
static inline int opener(const tok_seq *q, size_t k) {
    unsigned c = pc(q, k);
    return c == PC_OPEN || c == PC_QUOTE;
}
static inline int continuer(const tok_seq *q, size_t k) {
    unsigned c = pc(q, k);
    return c == PC_CONTINUE || c == PC_CLOSE;
}
static inline int bullet(const tok_seq *q, size_t k) {
    return pc(q, k) == PC_BULLET;
}
/* A single "." or ")" token. */
static inline int is_char(const tok_seq *q, size_t k, char c) {
    return kind(q, k) == TK_PUNCT && E(q, k) - B(q, k) == 1 && q->text[B(q, k)] == (unsigned char)c;
}

/* A list marker at k: 1-3 digits glued to "." / ")" / ".)", then a space.
 * Sets *last to its last token and *val to the number. */
static int marker_at(const tok_seq *q, size_t k, size_t *last, long *val) {
    if (k + 2 >= q->n || kind(q, k) != TK_NUMBER) return 0;
    size_t b = B(q, k), e = E(q, k);
    if (e - b > 3) return 0;
    long v = 0;
    for (size_t i = b; i < e; i++) {
        unsigned c = q->text[i];
        if (c - '0' >= 10u) return 0;
        v = v * 10 + (long)(c - '0');
    }
    size_t m = k + 1;
    if (has(q, m, TF_SPACE)) return 0;
    if (is_char(q, m, '.')) {
        if (m + 1 < q->n && !has(q, m + 1, TF_SPACE) && is_char(q, m + 1, ')')) m++;
    } else if (!is_char(q, m, ')')) {
        return 0;
    }
    if (m + 1 >= q->n || !has(q, m + 1, TF_SPACE)) return 0;
    *last = m;
    *val = v;
    return 1;
}

/* Longest line of the text, in bytes. */
static size_t longest_line(const unsigned char *t, size_t len) {
    size_t best = 0;
    const unsigned char *p = t, *end = t + len;
    while (p < end) {
        const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n > best) best = n;
        if (!nl) break;
        p = nl + 1;
    }
    return best;
}

/* Text wrapped at a fixed width (every line at most WRAP_MAX bytes) breaks
 * lines inside sentences; there, only a line shorter than WRAP_SHORT can be
 * a headline. Scraped news keeps a paragraph on one line. */
#define WRAP_MAX   100
#define WRAP_SHORT 60

/* With newlines = auto: does the line that starts at token k start a new
 * sentence, although the previous line has no final punctuation?
 * *wrapped caches whether the text is hard-wrapped (-1: not known yet). */
static int new_line_starts_sentence(const tok_seq *q, size_t k, int *wrapped) {
    if (has(q, k, TF_LOWER) || continuer(q, k)) return 0;
    size_t p = k - 1;
    if (*wrapped < 0) *wrapped = longest_line(q->text, q->len) <= WRAP_MAX;
    if (*wrapped) {
        size_t e = E(q, p), b = e;
        while (b > 0 && e - b < WRAP_SHORT && q->text[b - 1] != '\n') b--;
        if (e - b >= WRAP_SHORT) return 0;
    }
    unsigned c = pc(q, p);
    if (c == PC_CONTINUE || c == PC_OPEN) return 0;
    if (kind(q, p) == TK_WORD && is_joiner(q, p)) return 0;
    return 1;
}

static int word_like(const tok_seq *q, size_t k) {
    unsigned kd = kind(q, k);
    return kd == TK_WORD || kd == TK_ABBREV;
}

/* Does a sentence end after the terminator group [k, m] (t = term(k))? */
static int ends_after(const tok_seq *q, size_t k, size_t m, int t) {
    size_t x = m + 1;
    if (!has(q, x, TF_SPACE)) /* "world.Today", "1,000.That" */
        return (t == T_DOT || t == T_QE) && has(q, x, TF_UPPER) && word_like(q, x);
    if (has(q, x, TF_LOWER) || continuer(q, x)) return 0;
    if (t == T_ABBR && m > k) t = T_DOT; /* Inc." She */
    switch (t) {
    case T_ABBR: {
        if (has(q, k, TF_ABTITLE) || kind(q, x) == TK_NUMBER) return 0;
        size_t y = x;
        while (y + 1 < q->n && opener(q, y)) y++;
        size_t b = B(q, y);
        return has(q, y, TF_UPPER) && word_like(q, y) &&
               tok_sentence_starter(q->text + b, E(q, y) - b);
    }
    case T_ELL:
        return has(q, x, TF_UPPER) && word_like(q, x);
    case T_DOT:
        /* "N°. 1026": a period glued to a symbol before a number */
        if (kind(q, x) == TK_NUMBER && k > 0 && !has(q, k, TF_SPACE) && kind(q, k - 1) == TK_SYMBOL)
            return 0;
        return 1;
    default:
        return 1;
    }
}

int tok_sentences(const tok_seq *q, int newlines, tok_sent_fn emit, void *ctx) {
    size_t n = q->n, start = 0, held = (size_t)-1, last;
    long list_next = 0, val;
    int rc, wrapped = -1;
    for (size_t k = 0; k < n; k++) {
        /* most tokens are words inside a line: nothing to decide */
        unsigned f = q->info[k];
        if ((f & TI_KIND_MASK) == TK_WORD && !(f & TF_NL) && k > start) continue;
        if (k > start) {
            int brk = 0;
            if (has(q, k, TF_PARA)) {
                brk = 1;
                list_next = 0;
            } else if (has(q, k, TF_NL) && newlines != TOK_NL_BLANK) {
                brk = newlines == TOK_NL_SINGLE ||
                      (k - 1 != held && new_line_starts_sentence(q, k, &wrapped));
            }
            if (!brk && has(q, k, TF_SPACE) && bullet(q, k)) brk = 1;
            if (!brk && list_next && has(q, k, TF_SPACE) && marker_at(q, k, &last, &val) &&
                val == list_next)
                brk = 1;
            if (brk) {
                if ((rc = emit(ctx, B(q, start), E(q, k - 1))) != 0) return rc;
                start = k;
            }
        }
        if (k == start) {
            size_t m = k + (bullet(q, k) && k + 1 < n);
            if (marker_at(q, m, &last, &val)) {
                list_next = val + 1;
                k = last;
                continue;
            }
        }
        int t = term(q, k);
        if (t == T_NONE) continue;
        if (t == T_DOT && !has(q, k, TF_ELLIPSIS)) {
            /* ". . ." is an ellipsis inside a sentence; ". . . ." ends one */
            size_t r = k;
            while (r + 1 < n && kind(q, r + 1) == TK_PUNCT && has(q, r + 1, TF_SPACE) &&
                   !has(q, r + 1, TF_NL) && E(q, r + 1) - B(q, r + 1) == 1 &&
                   q->text[B(q, r + 1)] == '.')
                r++;
            if (r - k == 2) {
                held = k = r;
                continue;
            }
            k = r;
        }
        size_t m = k;
        while (
            m + 1 < n && !has(q, m + 1, TF_SPACE) &&
            (closer(q, m + 1) || term(q, m + 1) == T_QE || (t != T_DOT && term(q, m + 1) == T_DOT)))
            m++;
        if (m + 1 >= n) break;
        if (ends_after(q, k, m, t)) {
            if ((rc = emit(ctx, B(q, start), E(q, m))) != 0) return rc;
            start = m + 1;
        } else {
            held = m;
        }
        k = m;
    }
    if (start < n) return emit(ctx, B(q, start), E(q, n - 1));
    return 0;
}
