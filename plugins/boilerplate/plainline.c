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
#include "weft/hash.h"
#include "weft/unicode.h"

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

/* ASCII letters but those a URL may start at (line_cls's L_LETTER without
 * L_URL: not h, H, w, W), for the pass's loop inside a word; 0 for every
 * byte from 0x80. */
static const uint8_t line_plain_letter[256] = {
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['I'] = 1,
    ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1,
    ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
    ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1};

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

/* The caption reader's state (plaincue.c's cue_caption, a byte at a time). */
typedef struct cap_state {
    size_t at; /* where the word being read starts */
    int in, first, depth, paren, last;
    unsigned f;
} cap_state;

/* The caption word s[c->at, e) ended (e == limit: the region's end). */
static inline void cap_word_end(cap_state *c, const char *s, size_t e, size_t limit) {
    c->in = 0;
    size_t len = e - c->at;
    if (len > CAPTION_WORD) {
        c->first = 0;
        c->last = 0;
        return;
    }
    unsigned hit = bp_cue_word(s + c->at, len, c->first);
    if (hit & BP_CUE_WORD_FIRST) c->f |= BP_CUE_CAP_FIRST | BP_CUE_CAP_ANY;
    c->first = 0;
    c->last = (hit & BP_CUE_WORD_CREDIT) != 0;
    if (c->last) {
        c->f |= BP_CUE_CAP_ANY;
        if (c->depth) c->paren = 1;
        if ((c->at && s[c->at - 1] == '/') || (e < limit && s[e] == '/')) c->f |= BP_CUE_CAP_PAREN;
    }
}

/* One byte of the caption region: letters (ASCII ones and every byte from
 * 0x80) make words; brackets nest; a digit ends a credit's run. */
static inline void cap_byte(cap_state *c, const char *s, size_t i, size_t limit, unsigned char x,
                            int letter, int digit) {
    if (letter) {
        if (!c->in) c->in = 1, c->at = i;
        return;
    }
    if (c->in) cap_word_end(c, s, i, limit);
    if (x == '(' || x == '[') c->depth++;
    if ((x == ')' || x == ']') && c->depth) c->depth--;
    if (digit) c->last = 0;
}

static unsigned cap_finish(cap_state *c, const char *s, size_t limit) {
    if (c->in) cap_word_end(c, s, limit, limit);
    size_t e = limit;
    while (e && (s[e - 1] == ' ' || s[e - 1] == '.')) e--;
    if (e && (s[e - 1] == ')' || s[e - 1] == ']') && c->paren) c->f |= BP_CUE_CAP_PAREN;
    if (c->last) c->f |= BP_CUE_CAP_LAST;
    return c->f;
}

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
    char low[LINE_WORD_CAP];
    memset(low, 0, 8);
    for (size_t j = 0; j < m; j++) low[j] = (char)(u[j] >= 'A' && u[j] <= 'Z' ? u[j] | 0x20 : u[j]);
    if (m > BP_STOP_SHORT || !stop->short_keys) return bp_stop_has(stop, low, m);
    uint64_t key;
    memcpy(&key, low, 8);
    return stop_short_has(stop, key, m);
}

/* Inlined at each word's end (no call for the common cases: a word the
 * filters reject, or a short ASCII word looked up by its key). */
__attribute__((always_inline)) static inline int
stop_word_end(const bp_stoplist *stop, const char *s, size_t n, size_t start, size_t e, int ascii) {
    if (!ascii) return stop_word_other(stop, s + start, e - start);
    size_t m = e - start;
    if (m + 3 > LINE_WORD_CAP) return 0; /* what bp_stop_lower would not fit */
    const unsigned char *u = (const unsigned char *)s + start;
    unsigned char f0 = (unsigned char)(u[0] >= 'A' && u[0] <= 'Z' ? u[0] | 0x20 : u[0]);
    if (!(stop->lens[f0] & (m >= 32 ? 1u << 31 : 1u << (m - 1)))) return 0;
    if (m >= 2) {
        unsigned char f1 = (unsigned char)(u[1] >= 'A' && u[1] <= 'Z' ? u[1] | 0x20 : u[1]);
        size_t pair = (size_t)f0 << 8 | f1;
        if (!(stop->pairs[pair >> 6] >> (pair & 63) & 1)) return 0;
    }
    if (!(m <= BP_STOP_SHORT && stop->short_keys && start + 8 <= n))
        return stop_word_lowered(stop, u, m);
    /* the word's bytes and those after it in one load, lowered at once,
     * then only the word's kept */
    uint64_t x, mask;
    memcpy(&x, u, 8);
    memcpy(&mask, bp_word_mask[m], 8);
    return stop_short_has(stop, bp_fold8(x) & mask, m);
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
    uint32_t h = 2166136261u, k = 0;
    for (size_t i = 0; i < n && k < 24; i++) {
        unsigned char c = line_key_fold[u[i]];
        if (!c) continue;
        h = (h ^ c) * 16777619u;
        k++;
    }
    return k >= 16 ? h | 1u : 0;
}

void bp_line_scan(const bp_stoplist *stop, const char *s, size_t n, bp_line *o) {
    const unsigned char *u = (const unsigned char *)s;
    /* stopword words */
    size_t wat = 0;
    int win = 0, wascii = 1;
    uint32_t nw = 0, ns = 0;
    /* shape counts */
    uint32_t cjk = 0, digits = 0, punct = 0, upper = 0, words = 0, ends = 0, seps = 0, commas = 0;
    int inword = 0, url = 0;
    /* caption cues and the prefix key */
    cap_state cap = {.first = 1};
    size_t climit = n > CAPTION_BYTES ? CAPTION_BYTES : n;
    uint32_t lead3 = 0, cont = 0;
    int bracket = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c == ' ') {
            /* the space between words, the most common byte but letters:
             * what the general case below does for it, and nothing else */
            if (win) {
                if (stop) ns += (uint32_t)stop_word_end(stop, s, n, wat, i, wascii);
                win = 0;
            }
            inword = 0;
            if (i < climit && cap.in) cap_word_end(&cap, s, i, climit);
            i++;
            continue;
        }
        if (c < 0x80) {
            unsigned k = line_cls[c];
            if ((k & L_LETTER) && !win && !inword) {
                /* a word's first letter (after a space or punctuation):
                 * what the general case below does for it, and no more */
                win = 1, wascii = 1, wat = i, nw++;
                if (!url && (k & L_URL)) url = line_url_at(u + i, n - i);
                words++;
                upper += (k & L_UPPER) != 0;
                inword = 1;
                if (i < climit && !cap.in) cap.in = 1, cap.at = i;
                i++;
                continue;
            }
            if ((k & L_LETTER) && win && inword && (cap.in || i >= climit)) {
                /* inside a word of letters, every reader's: only the URL
                 * test reads its bytes */
                size_t j = i;
                for (;;) {
                    if (!url && (line_cls[u[j]] & L_URL)) url = line_url_at(u + j, n - j);
                    j++;
                    /* letters no URL starts at: one lookup each */
                    while (j < n && line_plain_letter[u[j]]) j++;
                    if (j >= n || u[j] >= 0x80 || !(line_cls[u[j]] & L_LETTER)) break;
                }
                i = j;
                continue;
            }
            if (k & L_WORD) {
                if (!win && c != '\'') win = 1, wascii = 1, wat = i, nw++;
            } else if (win) {
                if (stop) ns += (uint32_t)stop_word_end(stop, s, n, wat, i, wascii);
                win = 0;
            }
            if (!url && (k & L_URL)) url = line_url_at(u + i, n - i);
            int letter = (k & (L_LETTER | L_DIGIT)) != 0;
            if (k & L_DIGIT) {
                digits++;
            } else if (!(k & (L_LETTER | L_SPACE))) {
                punct++;
                if ((k & L_END) && (i + 1 == n || u[i + 1] == ' ')) ends++;
                commas += (k & L_COMMA) != 0;
                seps += (k & L_SEP) != 0;
            }
            if (letter && !inword) {
                words++;
                upper += (k & L_UPPER) != 0;
            }
            inword = letter;
            if (i < climit) cap_byte(&cap, s, i, climit, c, k & L_LETTER, k & L_DIGIT);
            bracket |= c == '[';
            i++;
            continue;
        }
        /* A character from U+0080 (or an invalid byte, U+FFFD): its bytes
         * are all from 0x80, letters to the caption reader and the key. */
        uint32_t cp;
        size_t l = bp_next_cp(u + i, n - i, &cp);
        if (bp_stop_word_cp(cp)) {
            if (!win) win = 1, wat = i, nw++;
            wascii = 0;
        } else if (win) {
            if (stop) ns += (uint32_t)stop_word_end(stop, s, n, wat, i, wascii);
            win = 0;
        }
        int letter = weft_uc_is_letter(cp);
        if (line_cjk(cp)) {
            cjk++;
        } else if (!letter && !bp_is_space_cp(cp)) {
            punct++;
            ends += line_stop_punct(cp) != 0;
            if (cp == 0xFF0C || cp == 0x3001 || cp == 0x060C) commas++;
            if (cp == 0xB7 || cp == 0x2022) seps++;
        }
        if (letter && !inword) {
            words++;
            upper += weft_uc_is_upper(cp) != 0;
        }
        inword = letter;
        for (size_t j = i; j < i + l; j++) {
            if (j < climit) cap_byte(&cap, s, j, climit, u[j], 1, 0);
            lead3 += u[j] >= 0xE0;
            cont += (u[j] & 0xC0) == 0x80;
        }
        i += l;
    }
    if (win && stop) ns += (uint32_t)stop_word_end(stop, s, n, wat, n, wascii);
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
    /* every byte from 0x80 is in the loop above, once */
    o->nchars = (uint32_t)n - cont;
    o->url = (uint8_t)url;
    o->cap = (uint8_t)cap_finish(&cap, s, climit);
    o->bracket = (uint8_t)bracket;
}

int bp_lines_read(bp_work *w) {
    size_t nb = w->blocks.n;
    if (nb > w->lines_cap) {
        size_t cap = nb + nb / 2 + 16;
        bp_line *p = realloc(w->lines, cap * sizeof *p);
        if (!p) return -1;
        w->lines = p;
        w->lines_cap = cap;
    }
    for (size_t i = 0; i < nb; i++) {
        bp_block *b = &w->blocks.b[i];
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        bp_line_scan(w->stop, t, n, &w->lines[i]);
        b->nchars = w->lines[i].nchars;
        b->nwords = w->lines[i].nwords;
        b->nstop = w->lines[i].nstop;
    }
    return 0;
}
