/*
 * One pass over each plain-text block for every count the stage reads of
 * its bytes and words (plainline.h): one table lookup per ASCII byte, one
 * decode per other character, and each word looked up in the stoplist as
 * it ends. The readers (bp_classify's stopword density, plainml.c's shape
 * features, plaincue.c's caption cues and prefix key, the prose guard)
 * take the results from bp_line instead of reading the line again.
 */
#include <stdlib.h>
#include <string.h>

#include "plaincue.h"
#include "plainline.h"
#include "weft/grow.h"
#include "weft/hash.h"
#include "weft/unicode.h"
#include "weft/utf8.h"

/* What the readers make of an ASCII byte, from one lookup. */
enum {
    L_LETTER = 1,
    L_DIGIT = 2,
    L_SPACE = 4, /* bp_is_space_cp */
    L_UPPER = 8,
    L_END = 16,   /* '.', '!', '?' */
    L_COMMA = 32, /* ',' */
    L_SEP = 64,   /* '|' and '/' */
    L_URL = 128,  /* a byte a URL may start at: h, w, @ */
    L_WORD = 256  /* a byte of a stopword word: letters, digits, the apostrophe */
};
static const uint16_t line_cls[128] = {
    0,   0,   0,   0,   0,   0,   0,   0,   0,   4,   4,   4,   4,   4,   0,   0,   0,   0,   0,
    0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   0,   4,   16,  0,   0,   0,   0,
    0,   256, 0,   0,   0,   0,   32,  0,   16,  64,  258, 258, 258, 258, 258, 258, 258, 258, 258,
    258, 0,   0,   0,   0,   0,   16,  128, 265, 265, 265, 265, 265, 265, 265, 393, 265, 265, 265,
    265, 265, 265, 265, 265, 265, 265, 265, 265, 265, 265, 393, 265, 265, 265, 0,   0,   0,   0,
    0,   0,   257, 257, 257, 257, 257, 257, 257, 385, 257, 257, 257, 257, 257, 257, 257, 257, 257,
    257, 257, 257, 257, 257, 385, 257, 257, 257, 0,   64,  0,   0,   0};

/* The prefix key's byte for each byte (line_key): an ASCII letter lowered,
 * a digit as it is, a byte from 0x80 as it is; 0 for the bytes it skips. */
#define LKF16(b)                                                                                   \
    (b), (b) + 1, (b) + 2, (b) + 3, (b) + 4, (b) + 5, (b) + 6, (b) + 7, (b) + 8, (b) + 9,          \
        (b) + 10, (b) + 11, (b) + 12, (b) + 13, (b) + 14, (b) + 15
static const uint8_t line_key_fold[256] = {
    ['0'] = '0',          ['1'] = '1',          ['2'] = '2',          ['3'] = '3',
    ['4'] = '4',          ['5'] = '5',          ['6'] = '6',          ['7'] = '7',
    ['8'] = '8',          ['9'] = '9',          ['A'] = 'a',          ['B'] = 'b',
    ['C'] = 'c',          ['D'] = 'd',          ['E'] = 'e',          ['F'] = 'f',
    ['G'] = 'g',          ['H'] = 'h',          ['I'] = 'i',          ['J'] = 'j',
    ['K'] = 'k',          ['L'] = 'l',          ['M'] = 'm',          ['N'] = 'n',
    ['O'] = 'o',          ['P'] = 'p',          ['Q'] = 'q',          ['R'] = 'r',
    ['S'] = 's',          ['T'] = 't',          ['U'] = 'u',          ['V'] = 'v',
    ['W'] = 'w',          ['X'] = 'x',          ['Y'] = 'y',          ['Z'] = 'z',
    ['a'] = 'a',          ['b'] = 'b',          ['c'] = 'c',          ['d'] = 'd',
    ['e'] = 'e',          ['f'] = 'f',          ['g'] = 'g',          ['h'] = 'h',
    ['i'] = 'i',          ['j'] = 'j',          ['k'] = 'k',          ['l'] = 'l',
    ['m'] = 'm',          ['n'] = 'n',          ['o'] = 'o',          ['p'] = 'p',
    ['q'] = 'q',          ['r'] = 'r',          ['s'] = 's',          ['t'] = 't',
    ['u'] = 'u',          ['v'] = 'v',          ['w'] = 'w',          ['x'] = 'x',
    ['y'] = 'y',          ['z'] = 'z',          [0x80] = LKF16(0x80), [0x90] = LKF16(0x90),
    [0xA0] = LKF16(0xA0), [0xB0] = LKF16(0xB0), [0xC0] = LKF16(0xC0), [0xD0] = LKF16(0xD0),
    [0xE0] = LKF16(0xE0), [0xF0] = LKF16(0xF0)};
#undef LKF16

static int line_cjk(uint32_t cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x9FFF) ||
           (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF);
}

/* Sentence ends beyond ASCII: CJK's 。！？, the Arabic full stop, '…'. */
static int line_stop_punct(uint32_t cp) {
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x06D4 || cp == 0x2026;
}

/* What the readers make of a character from U+0080 (an invalid byte is
 * U+FFFD), from one look at its code point. */
enum {
    C_WORD = 1,   /* bp_stop_word_cp: part of a stopword word */
    C_LETTER = 2, /* a letter, part of a shape word */
    C_UPPER = 4,  /* a capital letter */
    C_CJK = 8,    /* counted as CJK (then neither letter nor punctuation counts) */
    C_PUNCT = 16, /* punctuation: not CJK, no letter, no space */
    C_END = 32,   /* a sentence end among those */
    C_COMMA = 64, /* a comma among those */
    C_SEP = 128   /* a separator among those */
};

static unsigned line_char_class(uint32_t cp) {
    unsigned k = bp_stop_word_cp(cp) ? C_WORD : 0;
    int letter = weft_uc_is_letter(cp);
    if (letter) k |= C_LETTER | (weft_uc_is_upper(cp) ? C_UPPER : 0);
    if (line_cjk(cp)) {
        k |= C_CJK;
    } else if (!letter && !bp_is_space_cp(cp)) {
        k |= C_PUNCT;
        if (line_stop_punct(cp)) k |= C_END;
        if (cp == 0xFF0C || cp == 0x3001 || cp == 0x060C) k |= C_COMMA;
        if (cp == 0xB7 || cp == 0x2022) k |= C_SEP;
    }
    return k;
}

/* Does s start "http" or "www." (ASCII case folded) or '@'? */
static int line_url_at(const unsigned char *s, size_t n) {
    if (s[0] == '@') return 1;
    if (n < 4) return 0;
    if ((s[0] | 0x20) == 'h')
        return (s[1] | 0x20) == 't' && (s[2] | 0x20) == 't' && (s[3] | 0x20) == 'p';
    return (s[0] | 0x20) == 'w' && (s[1] | 0x20) == 'w' && (s[2] | 0x20) == 'w' && s[3] == '.';
}

/* The buffer a stopword word is lowered into (next_word's in stopwords.c):
 * a longer word is no stopword. */
#define LINE_WORD_CAP 128

/* Caption words longer than this match no listed word (plaincue.c's
 * CUE_MAXN); they are read only in the first CAPTION_BYTES of a line. */
#define CAPTION_WORD  12
#define CAPTION_BYTES 600

/* The stopword word s[start, e) ended: is it in the list? bp_stop_has's
 * answer; an ASCII word is lowered only past the list's filters on its
 * first bytes and length (most words are no stopwords), and a short one is
 * looked up by its key as it is lowered. */
/* stopwords.c's short_key in the list's open table: the bytes, then the
 * length in the top byte. */
static inline int stop_short_has(const bp_stoplist *stop, uint64_t key, size_t m) {
    key |= (uint64_t)m << 56;
    for (size_t i = bp_stop_slot(key, stop->short_mask);; i = (i + 1) & stop->short_mask) {
        if (stop->short_keys[i] == key) return 1;
        if (!stop->short_keys[i]) return 0;
    }
}

/* The rarer cases, out of the pass: a word with a character from U+0080
 * (lowered by bp_stop_lower), and an ASCII word lowered byte by byte (a
 * long one, or a short one too near the line's end for one 8-byte load). */
static int stop_word_other(const bp_stoplist *stop, const char *w, size_t m) {
    char low[LINE_WORD_CAP];
    m = bp_stop_lower(w, m, low, LINE_WORD_CAP);
    return m && bp_stop_has(stop, low, m);
}

static int stop_word_lowered(const bp_stoplist *stop, const unsigned char *u, size_t m) {
    if (m <= BP_STOP_SHORT && stop->short_keys) {
        /* a short word at the line's end: its bytes, zeros after them */
        uint64_t x = 0;
        memcpy(&x, u, m);
        return stop_short_has(stop, bp_fold8(x), m);
    }
    char low[LINE_WORD_CAP];
    size_t j = 0;
    for (; j + 8 <= m; j += 8) {
        uint64_t x;
        memcpy(&x, u + j, 8);
        x = bp_fold8(x);
        memcpy(low + j, &x, 8);
        /* no word of the list has these first eight bytes and length */
        if (!j) {
            unsigned h = bp_stop_long_bit(x, m);
            if (!(stop->long_bits[h >> 6] >> (h & 63) & 1)) return 0;
        }
    }
    for (; j < m; j++) low[j] = (char)(u[j] >= 'A' && u[j] <= 'Z' ? u[j] | 0x20 : u[j]);
    return bp_stop_has(stop, low, m);
}

/* Inlined at each word's end (no call for the common cases: a word the
 * filters reject, or a short ASCII word looked up by its key). */
__attribute__((always_inline)) static inline int
stop_word_end(const bp_stoplist *stop, const char *s, size_t n, size_t start, size_t e, int ascii) {
    if (!ascii) return stop_word_other(stop, s + start, e - start);
    size_t m = e - start;
    if (m + 3 > LINE_WORD_CAP) return 0; /* what bp_stop_lower would not fit */
    const unsigned char *u = (const unsigned char *)s + start;
    if (m <= BP_STOP_SHORT && stop->short_keys && start + 8 <= n) {
        /* a short word: its key at once, the bytes and those after it in
         * one load, lowered, then only the word's kept (the filters below
         * would cost as much as the probe) */
        uint64_t x, mask;
        memcpy(&x, u, 8);
        memcpy(&mask, bp_word_mask[m], 8);
        return stop_short_has(stop, bp_fold8(x) & mask, m);
    }
    unsigned char f0 = (unsigned char)(u[0] >= 'A' && u[0] <= 'Z' ? u[0] | 0x20 : u[0]);
    if (!(stop->lens[f0] & (m >= 32 ? 1u << 31 : 1u << (m - 1)))) return 0;
    if (m >= 2) {
        unsigned char f1 = (unsigned char)(u[1] >= 'A' && u[1] <= 'Z' ? u[1] | 0x20 : u[1]);
        size_t pair = (size_t)f0 << 8 | f1;
        if (!(stop->pairs[pair >> 6] >> (pair & 63) & 1)) return 0;
    }
    if (m > BP_STOP_SHORT && start + 8 <= n) {
        /* stop_word_lowered's first test, here: its first eight bytes and
         * length turn most long words away without the call */
        uint64_t x;
        memcpy(&x, u, 8);
        unsigned h = bp_stop_long_bit(bp_fold8(x), m);
        if (!(stop->long_bits[h >> 6] >> (h & 63) & 1)) return 0;
    }
    return stop_word_lowered(stop, u, m);
}

/* The line's hash for repeated lines (bp_line.hash): eight bytes a step,
 * after the pass rather than a multiply per byte inside it. Only equality
 * matters (equal lines, equal hashes); the length seeds it, and the last
 * bytes are padded with zeros. */
static uint32_t line_hash(const unsigned char *u, size_t n) {
    const uint64_t k = 0xFF51AFD7ED558CCDu;
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        h = (h ^ x) * k;
        h ^= h >> 29;
    }
    if (i < n) {
        uint64_t x = 0;
        memcpy(&x, u + i, n - i);
        h = (h ^ x) * k;
        h ^= h >> 29;
    }
    h *= k;
    return (uint32_t)(h ^ (h >> 32));
}

/* plaincue.c's prefix key: the first 24 letters and digits (every byte
 * from 0x80 counts as a letter), ASCII case folded; read apart from the
 * main loop, which then need not count them. */
static uint32_t line_key(const unsigned char *u, size_t n) {
    if (n < 16) return 0; /* fewer than 16 bytes that count */
    uint32_t h = 2166136261u, k = 0;
    for (size_t i = 0; i < n && k < 24; i++) {
        unsigned char c = line_key_fold[u[i]];
        if (!c) continue;
        h = (h ^ c) * 16777619u;
        k++;
    }
    return k >= 16 ? h | 1u : 0;
}

/* The pass reads the line 64 bytes at a time as bit masks (bit k: the
 * byte at base + k), one per class of ASCII byte, and counts runs and
 * classes from them: a word of any reader is a run of set bits, ended where
 * the run ends, so the loop works per word and per character from U+0080
 * (decoded once, its class spread over its bytes), not per byte. */
typedef struct line_masks {
    uint64_t hi;     /* bytes from 0x80 */
    uint64_t letter; /* ASCII letters */
    uint64_t upper;  /* 'A'..'Z' */
    uint64_t digit;  /* '0'..'9' */
    uint64_t other;  /* ASCII bytes but letters, digits and spaces (line_cls's punct) */
    uint64_t urlc;   /* where a URL may start: "ht" or "ww" (ASCII case folded) */
} line_masks;

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>

/* Bytes of x in [lo, lo + span], as bits. */
static inline unsigned line_in(__m128i x, char lo, char span) {
    __m128i t = _mm_sub_epi8(x, _mm_set1_epi8(lo));
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(span)), t));
}

static inline unsigned line_eq(__m128i x, char c) {
    return (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
}

/* The masks of p[0, len), 1 <= len <= 64; p holds whole 16-byte chunks. */
static inline void line_masks_of(const unsigned char *p, size_t len, line_masks *m) {
    uint64_t hi = 0, letter = 0, upper = 0, digit = 0, space = 0, h = 0, t = 0, w = 0;
    for (size_t k = 0; k * 16 < len; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + k * 16));
        __m128i f = _mm_or_si128(x, _mm_set1_epi8(0x20));
        unsigned sh = (unsigned)k * 16;
        hi |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << sh;
        letter |= (uint64_t)line_in(f, 'a', 25) << sh;
        upper |= (uint64_t)line_in(x, 'A', 25) << sh;
        digit |= (uint64_t)line_in(x, '0', 9) << sh;
        space |= (uint64_t)(line_eq(x, ' ') | line_in(x, '\t', 4)) << sh;
        h |= (uint64_t)line_eq(f, 'h') << sh;
        t |= (uint64_t)line_eq(f, 't') << sh;
        w |= (uint64_t)line_eq(f, 'w') << sh;
    }
    uint64_t valid = len < 64 ? (1ull << len) - 1 : ~0ull;
    m->hi = hi & valid;
    m->letter = letter & valid;
    m->upper = upper & valid;
    m->digit = digit & valid;
    m->other = valid & ~(hi | letter | digit | space);
    m->urlc = ((h & t >> 1) | (w & w >> 1) | ((h | w) & 1ull << 63)) & valid;
}
#else
static inline void line_masks_of(const unsigned char *p, size_t len, line_masks *m) {
    memset(m, 0, sizeof *m);
    uint64_t h = 0, t = 0, w = 0;
    for (size_t k = 0; k < len; k++) {
        uint64_t bit = 1ull << k;
        unsigned char c = p[k];
        if (c >= 0x80) {
            m->hi |= bit;
            continue;
        }
        unsigned cls = line_cls[c];
        if (cls & L_LETTER) m->letter |= bit;
        if (cls & L_UPPER) m->upper |= bit;
        if (cls & L_DIGIT) m->digit |= bit;
        if (!(cls & (L_LETTER | L_DIGIT | L_SPACE))) m->other |= bit;
        if ((c | 0x20) == 'h') h |= bit;
        if ((c | 0x20) == 't') t |= bit;
        if ((c | 0x20) == 'w') w |= bit;
    }
    m->urlc = (h & t >> 1) | (w & w >> 1) | ((h | w) & 1ull << 63);
}
#endif

static inline unsigned line_ctz(uint64_t x) {
    return (unsigned)__builtin_ctzll(x);
}

/* Bits [a, e) of a mask, a < e <= 64. */
static inline uint64_t line_range(unsigned a, unsigned e) {
    return (e < 64 ? (1ull << e) - 1 : ~0ull) & ~((1ull << a) - 1);
}

/* Bits [a, e) of a mask, a <= e < 64. */
static inline uint64_t line_bits(unsigned a, unsigned e) {
    return (1ull << e) - (1ull << a);
}

/* The caption reader (plaincue.c's cue_caption) over the caption words of
 * the first CAPTION_BYTES: only the words and, for a credit, the brackets
 * open before it and the digits after the last word are read. */
typedef struct cap_words {
    int first, last, paren;
    unsigned f;
    size_t last_end; /* where the last word ended */
} cap_words;

/* Brackets open before s[0, a) (cue_caption's depth, which never goes
 * below 0). */
static int cap_depth(const unsigned char *u, size_t a) {
    int d = 0;
    for (size_t i = 0; i < a; i++) {
        if (u[i] == '(' || u[i] == '[') d++;
        if ((u[i] == ')' || u[i] == ']') && d) d--;
    }
    return d;
}

/* A caption word that may be listed (bp_cue_word_may): s[a, e). */
static void cap_listed(cap_words *c, const char *s, size_t a, size_t e, size_t limit) {
    unsigned hit = bp_cue_word(s + a, e - a, c->first);
    if (hit & BP_CUE_WORD_FIRST) c->f |= BP_CUE_CAP_FIRST | BP_CUE_CAP_ANY;
    c->first = 0;
    c->last = (hit & BP_CUE_WORD_CREDIT) != 0;
    if (c->last) {
        c->f |= BP_CUE_CAP_ANY;
        if (cap_depth((const unsigned char *)s, a)) c->paren = 1;
        if ((a && s[a - 1] == '/') || (e < limit && s[e] == '/')) c->f |= BP_CUE_CAP_PAREN;
    }
}

/* The caption word s[a, e) (e <= limit: the region's end): a word longer
 * than CAPTION_WORD, or one the lists' filters rule out, ends a credit's
 * run and is no first word. */
_Static_assert(CAPTION_WORD == BP_CUE_MAXN, "bp_cue_word_may rules out the longer words");
static inline void cap_word(cap_words *c, const char *s, size_t a, size_t e, size_t limit) {
    c->last_end = e;
    if (!bp_cue_word_may(s + a, e - a)) {
        c->first = 0;
        c->last = 0;
        return;
    }
    cap_listed(c, s, a, e, limit);
}

/* The language pick's count, taken by the pass over the blocks of the
 * pick's sample (the text's first BP_PICK_SAMPLE bytes) before the list is
 * known (bp_lines_read): each stopword word is looked up in every list at
 * once (bp_stop_any_word, the pick's own lookup), its lists' bits kept for
 * the block's nstop once the list is picked, and added to the pick's hits
 * when the pick reads the same word. It does wherever the text's blocks
 * (which run on with no byte between them) meet at an ASCII byte that is
 * no word byte; the stretches around the other meetings, where the pick
 * may read one word across two blocks, and the stretch cut by the
 * sample's end (dirty, [dx, dy): from just after such a byte to the next
 * one) are counted by the pick's own count, and the pass's words that
 * start in them are not. */
#define PICK_DIRTY_MAX (BP_PICK_SAMPLE / 2)
typedef struct line_pick {
    const bp_shared *sh;
    uint32_t *bits; /* each word's lists, in the order the pass ends them */
    size_t nbits;
    size_t off; /* the block's start in the text */
    size_t S;   /* the sample's length */
    size_t nd, di;
    uint16_t dx[PICK_DIRTY_MAX], dy[PICK_DIRTY_MAX];
    uint32_t words;
    uint32_t hits[64];
} line_pick;

static inline void pick_rec(line_pick *pk, const char *s, size_t avail, size_t start, size_t e,
                            int ascii) {
    uint32_t bits;
    size_t m = e - start;
    if (ascii && m <= BP_STOP_SHORT && start + 8 <= avail) {
        /* bp_stop_any_word's first case, inline */
        uint64_t x;
        memcpy(&x, s + start, 8);
        bits = bp_stop_any_short(&pk->sh->any_fast, x, m);
    } else {
        bits = bp_stop_any_word(pk->sh, s, avail, start, e, ascii);
    }
    pk->bits[pk->nbits++] = bits;
    size_t a = pk->off + start;
    if (a >= pk->S) return;
    while (pk->di < pk->nd && a >= pk->dy[pk->di]) pk->di++;
    if (pk->di < pk->nd && a >= pk->dx[pk->di]) return;
    pk->words++;
    for (; bits; bits &= bits - 1) pk->hits[__builtin_ctz(bits)]++;
}

/* A stopword word's end: looked up in the list, or for the pick. */
__attribute__((always_inline)) static inline uint32_t
line_word_end(const bp_stoplist *stop, line_pick *pk, const char *s, size_t n, size_t avail,
              size_t start, size_t e, int ascii) {
    if (pk) {
        pick_rec(pk, s, avail, start, e, ascii);
        return 0;
    }
    return (uint32_t)stop_word_end(stop, s, n, start, e, ascii);
}

/* A run of ASCII letters and bytes from 0x80, s[a, e) (hi: it holds a byte
 * from 0x80), for the shared words: one that may hold a content word (four
 * ASCII letters, or any character from U+0080) is written to vr. */
static inline void vocab_run(uint64_t *vr, uint32_t *vn, size_t off, size_t a, size_t e, int hi) {
    if (hi || e - a >= 4)
        vr[(*vn)++] = (uint64_t)(off + a) << 32 | (uint64_t)(e - a) << 1 | (hi != 0);
}

/* bp_line_scan, where s[0, avail) may be read (avail >= n): the last
 * 16-byte chunks are read in place when they end inside it (the bytes past
 * n count in no mask), else copied and padded with zeros. With pk, the
 * words are looked up for the pick (nstop is left 0). With vr, the runs
 * that may hold a content word (vocab_run) are written there (s is at
 * voff in the text) and counted in o->vn; o->vfirst is the caller's. */
__attribute__((always_inline)) static inline void line_scan(const bp_stoplist *stop, line_pick *pk,
                                                            uint64_t *vr, size_t voff,
                                                            const char *s, size_t n, size_t avail,
                                                            bp_line *o) {
    const unsigned char *u = (const unsigned char *)s;
    uint32_t nw = 0, ns = 0, cjk = 0, digits = 0, punct = 0, upper = 0, words = 0, ends = 0;
    uint32_t seps = 0, commas = 0, lead3 = 0, cont = 0;
    int url = 0, bracket = 0;
    /* runs going on from the block before: shape words, stopword runs,
     * their leading apostrophes, stopword words, caption words */
    uint64_t a_carry = 0, c_carry = 0;
    bp_run_carry runs = {0, 0, 0};
    /* a stopword word still open at the block's end: its start, and
     * whether it is ASCII so far */
    int wopen = 0, wascii = 1;
    size_t wat = 0;
    /* the caption reader, its open word, and one past the last digit */
    size_t climit = n > CAPTION_BYTES ? CAPTION_BYTES : n;
    cap_words cap = {.first = 1};
    int copen = 0;
    size_t cat = 0, dlast = 0;
    /* the runs of ASCII letters and bytes from 0x80 (vr): the open one's
     * start and whether it has a byte from 0x80 so far */
    uint64_t v_carry = 0;
    int vopen = 0, vhi = 0;
    size_t vat = 0;
    uint32_t vn = 0;
    /* the bytes of a character begun in the block before, and its class */
    unsigned skip = 0;
    int skip_word = 0, skip_letter = 0;
    unsigned char tail[64];
    /* the last valid character from U+0080 decoded: its bytes, its class */
    uint32_t last_mask = 0, last_bytes = 1;
    size_t last_len = 0;
    unsigned last_k = 0;
    for (size_t base = 0; base < n; base += 64) {
        size_t len = n - base < 64 ? n - base : 64;
        const unsigned char *p = u + base;
        if ((len & 15) && base + ((len + 15) & ~(size_t)15) > avail) {
            /* whole 16-byte chunks: the last ones padded with zeros */
            size_t whole = len & ~(size_t)15;
            memset(tail + whole, 0, 16);
            memcpy(tail + whole, p + whole, len - whole);
            if (whole) memcpy(tail, p, whole);
            p = tail;
        }
        line_masks m;
        line_masks_of(p, len, &m);
        uint64_t A = m.letter | m.digit, W = A, U = m.upper, apos = 0, hi = m.hi;
        if (skip) {
            uint64_t sm = (1ull << skip) - 1;
            hi &= ~sm;
            if (skip_word) W |= sm;
            if (skip_letter) A |= sm;
            skip = 0;
        }
        /* ASCII punctuation */
        for (uint64_t q = m.other; q; q &= q - 1) {
            size_t i = base + line_ctz(q);
            unsigned char c = u[i];
            unsigned k = line_cls[c];
            punct++;
            if ((k & L_END) && (i + 1 == n || u[i + 1] == ' ')) ends++;
            commas += (k & L_COMMA) != 0;
            seps += (k & L_SEP) != 0;
            if (c == '\'')
                apos |= 1ull << (i - base);
            else if (c == '[')
                bracket = 1;
            else if (c == '@')
                url = 1;
        }
        W |= apos;
        if (!url)
            for (uint64_t q = m.urlc; q; q &= q - 1) {
                size_t i = base + line_ctz(q);
                if (line_url_at(u + i, n - i)) {
                    url = 1;
                    break;
                }
            }
        if (m.digit) digits += bp_pop64(m.digit);
        /* characters from U+0080: each decoded once (a run of one
         * character, a rule of box-drawing lines, is decoded once), its
         * class set on all its bytes */
        while (hi) {
            unsigned r = line_ctz(hi);
            size_t i = base + r, l;
            unsigned k;
            uint32_t x = 0;
            if (n - i >= 4) memcpy(&x, u + i, 4);
            if (x && (x & last_mask) == last_bytes) {
                l = last_len, k = last_k;
            } else {
                uint32_t cp;
                l = bp_next_cp(u + i, n - i, &cp);
                k = line_char_class(cp);
                if (x && l >= 2) {
                    /* a valid sequence: its bytes decide it, and only they */
                    last_mask = 0xFFFFFFFFu >> (32 - 8 * l);
                    last_bytes = x & last_mask, last_len = l, last_k = k;
                }
            }
            lead3 += u[i] >= 0xE0;
            cont += (uint32_t)(l - 1) + ((u[i] & 0xC0) == 0x80);
            if (k & (C_CJK | C_PUNCT)) {
                cjk += (k & C_CJK) != 0;
                punct += (k & C_PUNCT) != 0;
                ends += (k & C_END) != 0;
                commas += (k & C_COMMA) != 0;
                seps += (k & C_SEP) != 0;
            }
            /* a capital opening a word (the bytes before are set already) */
            if ((k & C_UPPER) && !(r ? A >> (r - 1) & 1 : a_carry)) U |= 1ull << r;
            unsigned e = r + (unsigned)l;
            uint64_t cm = line_range(r, e < 64 ? e : 64);
            int word = (k & C_WORD) != 0, letter = (k & C_LETTER) != 0;
            if (e > 64) skip = e - 64, skip_word = word, skip_letter = letter;
            hi &= ~cm;
            if (word) W |= cm;
            if (letter) A |= cm;
        }
        /* shape words: runs of letters and digits */
        uint64_t as = A & ~(A << 1 | a_carry);
        words += bp_pop64(as);
        if (as & U) upper += bp_pop64(as & U);
        a_carry = A >> 63;
        /* stopword words: runs of word bytes less the apostrophes that
         * open them (a word starts at its first letter or digit) */
        uint64_t me, ms = bp_stop_runs(&runs, W, apos, &me);
        nw += bp_pop64(ms);
        if (stop || pk) {
            if (wopen) {
                if (!me) {
                    wascii = wascii && !m.hi;
                    goto caption;
                }
                unsigned e = line_ctz(me);
                me &= me - 1;
                wascii = wascii && !(m.hi & line_bits(0, e));
                ns += line_word_end(stop, pk, s, n, avail, wat, base + e, wascii);
                wopen = 0;
            }
            while (ms) {
                unsigned a = line_ctz(ms);
                ms &= ms - 1;
                if (!me) {
                    wopen = 1;
                    wat = base + a;
                    wascii = !(m.hi >> a);
                    break;
                }
                unsigned e = line_ctz(me);
                me &= me - 1;
                ns += line_word_end(stop, pk, s, n, avail, base + a, base + e,
                                    !m.hi || !(m.hi & line_bits(a, e)));
            }
        }
    caption:
        if (vr) {
            uint64_t V = m.letter | m.hi;
            uint64_t vs = V & ~(V << 1 | v_carry), ve = ~V & (V << 1 | v_carry);
            v_carry = V >> 63;
            if (vopen) {
                if (!ve) {
                    vhi |= m.hi != 0;
                    goto vdone;
                }
                unsigned e = line_ctz(ve);
                ve &= ve - 1;
                vocab_run(vr, &vn, voff, vat, base + e, vhi || (m.hi & line_bits(0, e)));
                vopen = 0;
            }
            while (vs) {
                unsigned a = line_ctz(vs);
                vs &= vs - 1;
                if (!ve) {
                    vopen = 1;
                    vat = base + a;
                    vhi = (m.hi >> a) != 0;
                    break;
                }
                unsigned e = line_ctz(ve);
                ve &= ve - 1;
                vocab_run(vr, &vn, voff, base + a, base + e, m.hi && (m.hi & line_bits(a, e)));
            }
        }
    vdone:
        if (base < climit) {
            /* caption words: runs of ASCII letters and bytes from 0x80 */
            uint64_t C = m.letter | m.hi, dm = m.digit;
            size_t lim = climit - base;
            if (lim < 64) C &= (1ull << lim) - 1, dm &= (1ull << lim) - 1;
            if (dm) dlast = base + 64 - (size_t)__builtin_clzll(dm);
            uint64_t cs = C & ~(C << 1 | c_carry), ce = ~C & (C << 1 | c_carry);
            c_carry = C >> 63;
            if (copen && ce) {
                cap_word(&cap, s, cat, base + line_ctz(ce), climit);
                ce &= ce - 1;
                copen = 0;
            }
            while (cs) {
                unsigned a = line_ctz(cs);
                cs &= cs - 1;
                if (!ce) {
                    copen = 1;
                    cat = base + a;
                    break;
                }
                cap_word(&cap, s, base + a, base + line_ctz(ce), climit);
                ce &= ce - 1;
            }
        }
    }
    if (wopen && (stop || pk)) ns += line_word_end(stop, pk, s, n, avail, wat, n, wascii);
    if (copen) cap_word(&cap, s, cat, climit, climit);
    if (vopen) vocab_run(vr, &vn, voff, vat, n, vhi);
    {
        size_t e = climit;
        while (e && (s[e - 1] == ' ' || s[e - 1] == '.')) e--;
        if (e && (s[e - 1] == ')' || s[e - 1] == ']') && cap.paren) cap.f |= BP_CUE_CAP_PAREN;
        if (cap.last && dlast <= cap.last_end) cap.f |= BP_CUE_CAP_LAST;
    }
    o->nwords = nw;
    o->nstop = ns;
    o->cjk = cjk;
    o->digits = digits;
    o->punct = punct;
    o->upper = upper;
    o->words = words;
    o->ends = ends;
    o->seps = seps;
    o->commas = commas;
    o->hash = line_hash(u, n);
    o->key = line_key(u, n);
    o->lead3 = lead3;
    /* every byte from 0x80 is in one character above, once */
    o->nchars = (uint32_t)n - cont;
    o->url = (uint8_t)url;
    o->cap = (uint8_t)cap.f;
    o->bracket = (uint8_t)bracket;
    o->send = (uint8_t)bp_sentence_end(s, n);
    o->vn = vn;
}

void bp_line_scan(const bp_stoplist *stop, const char *s, size_t n, bp_line *o) {
    line_scan(stop, NULL, NULL, 0, s, n, n, o);
    o->vfirst = 0;
}

/* Is cp a letter of a script written without spaces (CJK ideographs, kana)?
 * A run of them is a clause, not a word. */
static int vocab_spaceless(int32_t cp) {
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF66 && cp <= 0xFF9F) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* A content word's hash (only equality matters: the shared words' table
 * tells words apart by it): its lowered bytes eight at a time, read as a
 * little-endian number (the last ones padded with zeros), each step a
 * bijection, then its length. An ASCII run is hashed from 8-byte loads of
 * the text, a word of a run with a character from U+0080 from its lowered
 * bytes (vocab_mixed); both give the same hash for the same bytes. */
#define VOCAB_SEED 0x9E3779B97F4A7C15u
#define VOCAB_MUL  0xFF51AFD7ED558CCDu
#define VOCAB_CASE 0x2020202020202020u

static inline uint64_t vocab_mix(uint64_t h, uint64_t x) {
    h = (h ^ x) * VOCAB_MUL;
    return h ^ (h >> 29);
}

static inline uint32_t vocab_final(uint64_t h, size_t len) {
    h = (h ^ (uint64_t)len) * VOCAB_MUL;
    return (uint32_t)(h ^ (h >> 32));
}

/* Eight bytes as a little-endian number, whatever the host's order. */
static inline uint64_t vocab_le(uint64_t x) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return __builtin_bswap64(x);
#else
    return x;
#endif
}

/* The hash of the ASCII letters u[0, m) lowered; u[0, avail) may be read. */
static inline uint32_t vocab_hash_ascii(const unsigned char *u, size_t m, size_t avail) {
    uint64_t h = VOCAB_SEED;
    size_t q = 0;
    for (; q + 8 <= m; q += 8) {
        uint64_t x;
        memcpy(&x, u + q, 8);
        h = vocab_mix(h, vocab_le(x) | VOCAB_CASE);
    }
    if (q < m) {
        uint64_t x = 0;
        if (q + 8 <= avail)
            memcpy(&x, u + q, 8);
        else
            memcpy(&x, u + q, m - q);
        h = vocab_mix(h, (vocab_le(x) | VOCAB_CASE) & (~0ull >> (64 - 8 * (m - q))));
    }
    return vocab_final(h, m);
}

/* vocab_mixed's buffer: a word's lowered bytes not yet hashed, flushed
 * 64 at a time from VOCAB_LOW (a character adds at most 4). */
#define VOCAB_LOW 72

/* The first 64 bytes of low[0, *lb) hashed (*done of the word were before
 * them), the rest moved to the front. */
static void vocab_flush(uint64_t *h, unsigned char *low, size_t *lb, size_t *done) {
    for (size_t q = 0; q < 64; q += 8) {
        uint64_t x;
        memcpy(&x, low + q, 8);
        *h = vocab_mix(*h, vocab_le(x));
    }
    memmove(low, low + 64, *lb - 64);
    *lb -= 64;
    *done += 64;
}

/* A word of vocab_mixed ended: its lowered bytes low[0, lb) after done
 * bytes hashed into h, of letters letters. Written to out (1) when it has
 * four letters or more and the list does not hold it (a word of more than
 * 64 bytes is in no list), else 0. */
static size_t vocab_word(const bp_stoplist *stop, uint64_t h, unsigned char *low, size_t lb,
                         size_t done, size_t letters, size_t i, uint64_t *out) {
    if (letters < 4) return 0;
    if (!done && lb <= 64 && stop && bp_stop_has(stop, (const char *)low, lb)) return 0;
    size_t q = 0;
    for (; q + 8 <= lb; q += 8) {
        uint64_t x;
        memcpy(&x, low + q, 8);
        h = vocab_mix(h, vocab_le(x));
    }
    if (q < lb) {
        uint64_t x;
        memcpy(&x, low + q, 8);
        h = vocab_mix(h, vocab_le(x) & (~0ull >> (64 - 8 * (lb - q))));
    }
    *out = (uint64_t)vocab_final(h, done + lb) << 32 | (uint32_t)i;
    return 1;
}

/* The content words of u[0, len), a run with a byte from 0x80 (ASCII
 * bytes in it are letters), written to out as bp_line_vocab does: each
 * character decoded, a letter of no spaceless script lowered into the
 * word. The number written. */
static size_t vocab_mixed(const bp_stoplist *stop, const unsigned char *u, size_t len, size_t i,
                          uint64_t *out) {
    /* the word's lowered bytes not yet hashed: all of them while there are
     * at most 64 (the stoplist lookup reads them), then 64 hashed at a
     * time as they come (a longer word is looked up in no list) */
    unsigned char low[VOCAB_LOW + 8];
    size_t lb = 0, done = 0, letters = 0, k = 0;
    uint64_t h = VOCAB_SEED;
    for (size_t at = 0; at < len;) {
        unsigned char c = u[at];
        if (c < 0x80) {
            /* ASCII: the letters are A-Z and a-z, lowered by one bit */
            c |= 0x20u;
            at++;
            if ((unsigned)c - 'a' < 26u) {
                low[lb++] = c;
                letters++;
                if (lb >= VOCAB_LOW) vocab_flush(&h, low, &lb, &done);
                continue;
            }
        } else {
            int32_t cp;
            at += weft_utf8_decode(u + at, len - at, &cp);
            if (cp > 0 && weft_uc_is_letter((uint32_t)cp) && !vocab_spaceless(cp)) {
                unsigned char e[4];
                size_t el = weft_utf8_encode(weft_uc_tolower((uint32_t)cp), e);
                if (el) {
                    for (size_t q = 0; q < el; q++) low[lb + q] = e[q];
                    lb += el;
                    letters++;
                    if (lb >= VOCAB_LOW) vocab_flush(&h, low, &lb, &done);
                    continue;
                }
            }
        }
        if (letters) {
            k += vocab_word(stop, h, low, lb, done, letters, i, out + k);
            letters = 0, lb = 0, done = 0;
            h = VOCAB_SEED;
        }
    }
    if (letters) k += vocab_word(stop, h, low, lb, done, letters, i, out + k);
    return k;
}

size_t bp_line_vocab(const bp_work *w, size_t i, uint64_t *out) {
    const bp_line *ln = &w->lines[i];
    const uint64_t *r = w->vruns + ln->vfirst;
    const bp_stoplist *stop = w->stop;
    const char *s = w->text.p;
    size_t tn = w->text.n, k = 0;
    for (uint32_t j = 0; j < ln->vn; j++) {
        size_t a = (size_t)(r[j] >> 32), m = (uint32_t)r[j] >> 1;
        const unsigned char *u = (const unsigned char *)s + a;
        if (r[j] & 1) {
            k += vocab_mixed(stop, u, m, i, out + k);
            continue;
        }
        /* ASCII letters, four or more: a word longer than 64 letters is
         * never looked up (the lowered word's buffer) */
        if (m <= 64 && stop && stop_word_end(stop, s, tn, a, a + m, 1)) continue;
        out[k++] = (uint64_t)vocab_hash_ascii(u, m, tn - a) << 32 | (uint32_t)i;
    }
    return k;
}

/* An ASCII byte that is no stopword word byte (letter, digit, apostrophe):
 * no word of the pick or of the pass runs across it. */
static inline int pick_split(unsigned char c) {
    return c < 0x80 && !(line_cls[c] & L_WORD);
}

/* The blocks of the pick's sample read with the pick (line_pick), the
 * list picked (w->stop) and their nstop from their words' bits. *next:
 * the first block past the sample. 0, or -1 out of memory. */
static int lines_pick(bp_work *w, size_t *next) {
    const bp_shared *sh = w->sh;
    const unsigned char *u = (const unsigned char *)w->text.p;
    size_t tn = w->text.n, S = tn < BP_PICK_SAMPLE ? tn : BP_PICK_SAMPLE;
    size_t nb = w->blocks.n, k = 0, need = 0;
    for (; k < nb && w->blocks.b[k].tb < S; k++)
        need += (w->blocks.b[k].te - w->blocks.b[k].tb) / 2 + 1;
    if (weft_grow((void **)&w->wbits, &w->wbits_cap, need, sizeof *w->wbits)) return -1;
    /* each dirty stretch holds two bytes, one split byte between two: at
     * most S / 3 + 1 of them */
    _Static_assert(PICK_DIRTY_MAX > BP_PICK_SAMPLE / 3 + 1, "room for every dirty stretch");
    _Static_assert(BP_PICK_SAMPLE <= UINT16_MAX, "stretches as 16-bit offsets");
    line_pick pick, *pk = &pick;
    pk->sh = sh;
    pk->bits = w->wbits;
    pk->nbits = pk->off = pk->nd = pk->di = 0;
    pk->S = S;
    pk->words = 0;
    memset(pk->hits, 0, sizeof pk->hits);
    /* the dirty stretches: around a meeting of two blocks with no split
     * byte on either side, and before the sample's end when it cuts a run */
    for (size_t i = 1; i < k; i++) {
        size_t t = w->blocks.b[i].tb;
        if (!t || t >= S || pick_split(u[t - 1]) || pick_split(u[t])) continue;
        if (pk->nd && t < pk->dy[pk->nd - 1]) continue; /* in the stretch before */
        size_t x = t - 1, y = t;
        while (x && !pick_split(u[x - 1])) x--;
        while (y < S && !pick_split(u[y])) y++;
        pk->dx[pk->nd] = (uint16_t)x, pk->dy[pk->nd] = (uint16_t)y;
        pk->nd++;
    }
    if (S < tn && !pick_split(u[S]) && !(pk->nd && pk->dy[pk->nd - 1] == S)) {
        size_t x = S;
        while (x && !pick_split(u[x - 1])) x--;
        if (x < S) {
            pk->dx[pk->nd] = (uint16_t)x, pk->dy[pk->nd] = (uint16_t)S;
            pk->nd++;
        }
    }
    for (size_t i = 0; i < k; i++) {
        bp_block *b = &w->blocks.b[i];
        pk->off = b->tb;
        w->lines[i].vfirst = (uint32_t)w->vruns_n;
        line_scan(NULL, pk, w->vruns + w->vruns_n, b->tb, w->text.p + b->tb, b->te - b->tb,
                  tn - b->tb, &w->lines[i]);
        w->vruns_n += w->lines[i].vn;
        b->nchars = w->lines[i].nchars;
        b->nwords = w->lines[i].nwords;
    }
    /* the dirty stretches as the pick reads them: one of ASCII bytes only
     * is one run of word bytes, a word from its first byte that is no
     * apostrophe, if any; any other by the pick's own count */
    size_t nl = sh->nlists < 64 ? sh->nlists : 64;
    for (size_t d = 0; d < pk->nd; d++) {
        size_t x = pk->dx[d], y = pk->dy[d], a = x;
        int ascii = 1;
        for (size_t j = x; j < y; j++) ascii &= u[j] < 0x80;
        if (!ascii) {
            pk->words += bp_stop_pick_count(sh, w->text.p + x, y - x, nl, pk->hits);
            continue;
        }
        while (a < y && u[a] == '\'') a++;
        if (a == y) continue;
        pk->words++;
        for (uint32_t bits = bp_stop_any_word(sh, w->text.p, tn, a, y, 1); bits; bits &= bits - 1)
            pk->hits[__builtin_ctz(bits)]++;
    }
    w->stop = bp_stop_pick_best(sh, pk->words, pk->hits);
    w->pick_words = pk->words;
    memcpy(w->pick_hits, pk->hits, sizeof w->pick_hits);
    /* list l's words, from the bits */
    unsigned l = w->stop ? (unsigned)(w->stop - sh->lists) : 32;
    const uint32_t *bits = pk->bits;
    for (size_t i = 0; i < k; i++) {
        uint32_t ns = 0;
        for (uint32_t j = 0; j < w->lines[i].nwords; j++) ns += l < 32 ? bits[j] >> l & 1 : 0;
        bits += w->lines[i].nwords;
        w->lines[i].nstop = ns;
        w->blocks.b[i].nstop = ns;
    }
    *next = k;
    return 0;
}

int bp_lines_read(bp_work *w) {
    size_t nb = w->blocks.n;
    if (weft_grow((void **)&w->lines, &w->lines_cap, nb, sizeof *w->lines)) return -1;
    /* a run written to vruns has two bytes or more and a byte after it
     * that is in none (or the block's end): at most n / 2 + 1 a block */
    if (weft_grow((void **)&w->vruns, &w->vruns_cap, w->text.n / 2 + nb + 1, sizeof *w->vruns))
        return -1;
    w->vruns_n = 0;
    size_t i = 0;
    if (w->pick_in_pass && lines_pick(w, &i)) return -1;
    for (; i < nb; i++) {
        bp_block *b = &w->blocks.b[i];
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        /* the blocks' text runs on: a block but the last reads its last
         * chunk in place */
        w->lines[i].vfirst = (uint32_t)w->vruns_n;
        line_scan(w->stop, NULL, w->vruns + w->vruns_n, b->tb, t, n, w->text.n - b->tb,
                  &w->lines[i]);
        w->vruns_n += w->lines[i].vn;
        b->nchars = w->lines[i].nchars;
        b->nwords = w->lines[i].nwords;
        b->nstop = w->lines[i].nstop;
    }
    return 0;
}
