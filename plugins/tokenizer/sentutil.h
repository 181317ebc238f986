/*
 * What the rule-based splitter (sentences.c) and the learned one
 * (sentmodel.c) both read off a token: its span, kind and flags, the class
 * of a punctuation token, and the line structure of the text.
 */
#ifndef TOK_SENTUTIL_H
#define TOK_SENTUTIL_H

#include <stdint.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "sentences.h"
#include "tokens.h"

enum { T_NONE, T_DOT, T_QE, T_ELL, T_ABBR };

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

/* The n <= 4 bytes at s as a little-endian word: short words compare as
 * one integer instead of a loop over a word list. */
static inline uint32_t tok_pack4(const unsigned char *s, size_t n) {
    uint32_t v = 0;
    for (size_t i = n; i-- > 0;) v = v << 8 | s[i];
    return v;
}

/* A word that usually does not end a line that ends a sentence or headline:
 * a, an, the, of, to, in, on, at, by, for, and, or, but, with, from, as,
 * that, than, into, via, per, nor (lower case only). The word packed into
 * a 32-bit integer (its length shows in its top non-zero byte) indexes a
 * perfect hash of the 22: one multiplication, one load and one comparison
 * instead of a switch on the length whose jump, and the loop packing the
 * bytes, the CPU mispredicted. test_tokenizer checks every joiner and
 * many near misses against a plain list lookup. Always inlined: with a
 * call more (inline_list) GCC made it a function, and the two line checks
 * of every line break paid a call each. */
#define TOK_JOINER_MUL 0x34626037u
__attribute__((always_inline)) static inline int is_joiner(const tok_seq *q, size_t k) {
    static const uint32_t by_hash[32] = {
        0x00726F6Eu, 0x00007361u, 0x74616874u, 0x00006E61u, 0,           0,           0x6F746E69u,
        0,           0,           0,           0,           0x00726F66u, 0x00006F74u, 0x00007461u,
        0,           0,           0x0000726Fu, 0x00007962u, 0x00726570u, 0x00747562u, 0x68746977u,
        0x00656874u, 0x00646E61u, 0,           0x00006E69u, 0x6E616874u, 0x6D6F7266u, 0x00000061u,
        0,           0x0000666Fu, 0x00616976u, 0x00006E6Fu};
    size_t b = B(q, k), n = E(q, k) - b;
    if (n - 1 >= 4 || !has(q, k, TF_LOWER)) return 0;
    const unsigned char *t = q->text + b;
    uint32_t v;
    if (b + 4 <= q->len) /* four bytes readable: load them, keep n */
        v = ((uint32_t)t[0] | (uint32_t)t[1] << 8 | (uint32_t)t[2] << 16 | (uint32_t)t[3] << 24) &
            (0xFFFFFFFFu >> (32 - 8 * n));
    else
        v = tok_pack4(t, n);
    return by_hash[(v * TOK_JOINER_MUL) >> 27] == v;
}

/* A line that ends on a word or sign needing more ("in April, the",
 * "and", "("): the line break after token p does not end a sentence. */
static inline int line_needs_more(const tok_seq *q, size_t p) {
    unsigned kp = kind(q, p);
    return (kp == TK_PUNCT && pc(q, p) == PC_OPEN) || (kp == TK_WORD && is_joiner(q, p));
}

/* Does the line that ends at token p leave its sentence open before the
 * capitalised line start at token k, as a hard-wrapped line does ("said\n
 * Councillor Tom Wright", "said Tom\nWright", "up the river\nThames")? A
 * word that cannot end a sentence ends it: a verb of saying, a determiner,
 * a preposition outside the joiners; or a capitalised word after a
 * lower-case one, or a noun after an article, before a capitalised word
 * that starts no sentence, unless the line at k is an item of a block of
 * lines (it ends without a terminator and its paragraph goes on).
 * line_needs_more's cases are not repeated here. */
int tok_line_open_end_at(const tok_seq *q, size_t p, size_t k);
static inline int tok_line_open_end(const tok_seq *q, size_t p, size_t k) {
    /* inline, the test that turns down most line breaks: a word on each
     * side, the next one capitalised */
    return kind(q, p) == TK_WORD && kind(q, k) == TK_WORD && has(q, k, TF_UPPER) &&
           tok_line_open_end_at(q, p, k);
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

static inline int word_like(const tok_seq *q, size_t k) {
    unsigned kd = kind(q, k);
    return kd == TK_WORD || kd == TK_ABBREV;
}

/* The start of the line that holds byte e - 1: just after the last '\n' of
 * t[lo, e), or lo when there is none. With SSE2, sixteen bytes at a time
 * from the end, the last ones (fewer than 16 after lo) read with the bytes
 * before them and masked off, so that the search ends on one branch; else
 * eight bytes at a time while none of them is a '\n' (a zero byte of
 * x ^ NL), then byte by byte. */
static inline size_t tok_line_start(const unsigned char *t, size_t lo, size_t e) {
    size_t b = e;
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i nl16 = _mm_set1_epi8('\n');
    while (b - lo >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + b - 16));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl16));
        if (m) return b - 16 + (size_t)(31 - __builtin_clz(m)) + 1;
        b -= 16;
    }
    if (b > lo && b >= 16) {
        /* t[b - 16, lo) lies before the range: its bits are cleared */
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + b - 16));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl16));
        m &= ~((1u << (16 - (b - lo))) - 1u);
        return m ? b - 16 + (size_t)(31 - __builtin_clz(m)) + 1 : lo;
    }
#else
    const uint64_t ones = 0x0101010101010101u, nl = ones * '\n';
    while (b - lo >= 8) {
        uint64_t x;
        memcpy(&x, t + b - 8, 8);
        x ^= nl;
        if ((x - ones) & ~x & ones * 0x80) break;
        b -= 8;
    }
#endif
    while (b > lo && t[b - 1] != '\n') b--;
    return b;
}

/* The line structure of a text, measured once per document: hard-wrapped
 * prose (lines filled up to a common width, as in mail, man pages or
 * plain-text files) breaks lines inside sentences; a text with one
 * paragraph or item per line (scraped pages, forums, UD-style text) breaks
 * them on purpose. */
typedef struct tok_lines {
    int known;    /* measured yet */
    int wrapped;  /* hard-wrapped at `width` */
    size_t width; /* longest line, in bytes */
    int informal; /* -1 not measured yet; 1 when the writer starts sentences in lower case */
    /* With nl non-NULL (tok_measure_lines_nl): the offsets of the text's
     * '\n' bytes, ascending, then UINT32_MAX; *cur the index of the first
     * one at or after the end of the last line asked about. The walks ask
     * in text order, so a line start is a step or two of *cur instead of a
     * search back through the line (and a line end one instead of memchr). */
    const uint32_t *nl;
    size_t *cur;
} tok_lines;

/* A list marker at token k: 1-3 digits glued to "." / ")" / ".)", then a
 * space. Sets *last to its last token and *val to the number. Most tokens
 * asked about are no number: that test is inline, the rest is
 * tok_marker_number (a call per sentence start cost more than the test). */
int tok_marker_number(const tok_seq *q, size_t k, size_t *last, long *val);
static inline int tok_marker_at(const tok_seq *q, size_t k, size_t *last, long *val) {
    if (k + 2 >= q->n || kind(q, k) != TK_NUMBER) return 0;
    return tok_marker_number(q, k, last, val);
}

/* Is token k a period glued to a title in capitals (tok_caps_title: "ST",
 * "MT", "DR") and followed on its line by a word in capitals that starts
 * no sentence ("ST. LOUIS (AP)", "VISIT MT. VERNON")? Headlines and news
 * datelines write titles so; the period ends nothing there. */
int tok_caps_title_dot(const tok_seq *q, size_t k);

/* A sentence as the indices of its first and last token. */
typedef int (*tok_span_fn)(void *ctx, size_t first, size_t last);

/* tok_sentences with the line structure measured already (or zeroed:
 * measured on the first line break), emitting token indices: the learned
 * splitter wants the rules' starts as tokens, and finding them back from
 * byte offsets walked every token a second time. With hot non-NULL, the
 * walk visits only the tokens it lists, in ascending order and ended by
 * UINT32_MAX: it must hold token 0 and every token the rules act on (a
 * line start, a terminator or an abbreviation, a bullet, a number), as
 * tok_hot_tokens' rules list does; NULL visits every token. (Elsewhere the
 * walk does nothing: a terminator group is decided at its first token, and
 * the walk goes on after it at the next listed token.) With starts
 * non-NULL, emit is not called: the first token of each sentence is set
 * to 1 there instead (the caller clears it). */
int tok_sentences_idx(const tok_seq *q, int newlines, tok_lines *lines, const uint32_t *hot,
                      uint8_t *starts, tok_span_fn emit, void *ctx);

/* The next token the rules' walk visits after token k: k + 1, or with a
 * hot list the first listed token after k (*i follows the list). */
static inline size_t tok_next_hot(const uint32_t *hot, size_t *i, size_t k) {
    if (!hot) return k + 1;
    while (hot[*i] <= k) (*i)++;
    return hot[*i];
}

/* Measures t[0, len) into l. */
void tok_measure_lines(const unsigned char *t, size_t len, tok_lines *l);

/* tok_measure_lines, and the offsets of the '\n' bytes into *nl (grown
 * as needed, *cap its room) for l->nl; l->cur is left to the caller.
 * With known other than (size_t)-1, *nl holds the known offsets already
 * (the scanner recorded them), and only the end mark is added. Returns 0
 * or -1 when out of memory. */
int tok_measure_lines_nl(const unsigned char *t, size_t len, tok_lines *l, uint32_t **nl,
                         size_t *cap, size_t known);

/* The start of the line that holds byte e - 1, as tok_line_start(t, 0, e):
 * from l's newlines when it has them and e is not before the last line
 * asked about, else searched. */
static inline size_t tok_lines_start(const unsigned char *t, const tok_lines *l, size_t e) {
    if (l->nl) {
        size_t i = *l->cur;
        if (!i || l->nl[i - 1] < e) {
            while (l->nl[i] < e) i++;
            *l->cur = i;
            return i ? l->nl[i - 1] + 1 : 0;
        }
    }
    return tok_line_start(t, 0, e);
}

/* Is the line break before token k where a wrapping editor put it: the
 * text is hard-wrapped and the line before it is so long that the next word
 * would not have fitted? The next word is read only as far as the room
 * that line leaves (a few bytes in filled text): whether it is longer, not
 * its length, decides. Inline: both walks ask at every line break. */
static inline int tok_soft_wrap(const tok_seq *q, size_t k, const tok_lines *l) {
    if (!l->wrapped) return 0;
    size_t e = E(q, k - 1), used = e - tok_lines_start(q->text, l, e) + 1;
    if (used > l->width) return 1;
    size_t room = l->width - used; /* the word fits with at most room bytes */
    size_t w = B(q, k), we = w, end = q->len - w > room + 1 ? w + room + 1 : q->len;
#if defined(__SSE2__) && defined(__GNUC__)
    /* the first sixteen bytes at once: a byte <= ' ' is one that the
     * unsigned maximum with ' ' leaves at ' ' */
    if (q->len - w >= 16) {
        const __m128i sp = _mm_set1_epi8(' ');
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(q->text + w));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(v, sp), sp));
        if (m) return (size_t)__builtin_ctz(m) > room;
        if (room < 16) return 1; /* a word of 16 bytes or more */
        we = w + 16;
    }
#endif
    while (we < end && q->text[we] > ' ') we++;
    return we - w > room;
}

/* The offset of the first '\n' at or after b, or len when there is none,
 * with b past the line start asked about last (tok_lines_start); else
 * searched. */
static inline size_t tok_lines_end(const unsigned char *t, size_t len, const tok_lines *l,
                                   size_t b) {
    if (l->nl) {
        size_t i = *l->cur;
        if (!i || l->nl[i - 1] < b) {
            while (l->nl[i] < b) i++;
            return l->nl[i] == UINT32_MAX ? len : l->nl[i];
        }
    }
    const unsigned char *p = memchr(t + b, '\n', len - b);
    return p ? (size_t)(p - t) : len;
}

#endif
