/*
 * The token scanner. Whitespace is skipped with a byte loop; a token start
 * dispatches on its first byte: ASCII letters and digits take a fast path
 * (a run of alphanumerics usually is the whole UAX #29 segment), web tokens
 * are matched before UAX #29 would cut them up, and everything else goes
 * through tok_wb_next. The English refinements then adjust the segment.
 *
 * Included by tokens.c (tok_scan, for any emit callback) and by plugin.c
 * (a copy specialised for the plugin's emit); everything here is static.
 */
#ifndef TOK_SCAN_H
#define TOK_SCAN_H

#include <string.h>

#include "tokens.h"
#include "uprops.h"
#include "wordbreak.h"

/* How the fast paths emit a token; an includer with a known emit function
 * defines it to call that function directly, so that it can be inlined.
 * nl is scan_run's flag (a constant in each inlined copy): the plugin
 * stores the info words for the sentence pass only in the copy that runs
 * before one, without a test of its own per token. */
#ifndef TOK_FAST_EMIT
#define TOK_FAST_EMIT(ctx, b, e, info, nl) ((void)(nl), emit(ctx, b, e, info))
#endif
/* Called with the offset of each '\n' byte, in text order, when scan_run's
 * nl is non-zero (the plugin records them for the sentence pass's line
 * measure); non-zero stops the scan. */
#ifndef TOK_NEWLINE
#define TOK_NEWLINE(ctx, at) ((void)(ctx), (void)(at), 0)
#endif

static inline int is_digit(unsigned c) {
    return c - '0' < 10u;
}
static inline int is_alpha(unsigned c) {
    return (c | 0x20) - 'a' < 26u;
}
static inline int is_alnum(unsigned c) {
    return is_digit(c) || is_alpha(c);
}
static inline int is_upper(unsigned c) {
    return c - 'A' < 26u;
}
static inline int is_lower(unsigned c) {
    return c - 'a' < 26u;
}
static inline int is_cont(unsigned c) {
    return (c & 0xC0) == 0x80;
}

/* Byte classes for the scanner's fast paths (see tok_scan):
 * 1: after a run of ASCII letters, ends the token with nothing to refine;
 * 2: a byte special_start may take (_ - @ # . ' ^ : ; = < >);
 * 4: an ASCII letter or digit;
 * 8: 1, and after digits too (every byte of 1 but ',' and ';', which may
 *    join the digits of a number: "1,200");
 * bits 4-6: the tok_pclass of an ASCII punctuation mark. */
#define FAST_END     1u
#define FAST_SPECIAL 2u
#define FAST_ALNUM   4u
#define FAST_PLAIN   8u
static const unsigned char fast[256] = {
    9, 9, 9, 9,  9, 9,  9, 9, 9, 9,  9,   9,   9,  9,  9,   9,  9,  9,  9, 9,  9,   9,   9,  9,
    9, 9, 9, 9,  9, 9,  9, 9, 9, 41, 89,  2,   9,  0,  121, 82, 73, 57, 9, 0,  113, 114, 18, 121,
    4, 4, 4, 4,  4, 4,  4, 4, 4, 4,  114, 115, 11, 11, 11,  41, 2,  4,  4, 4,  4,   4,   4,  4,
    4, 4, 4, 4,  4, 4,  4, 4, 4, 4,  4,   4,   4,  4,  4,   4,  4,  4,  4, 73, 9,   57,  11, 2,
    9, 4, 4, 4,  4, 4,  4, 4, 4, 4,  4,   4,   4,  4,  4,   4,  4,  4,  4, 4,  4,   4,   4,  4,
    4, 4, 4, 73, 9, 57, 9, 9, 0, 0,  0,   0,   0,  0,  0,   0,  0,  0,  0, 0,  0,   0,   0,  0,
    0, 0, 0, 0,  0, 0,  0, 0, 0, 0,  0,   0,   0,  0,  0,   0,  0,  0,  0, 0,  0,   0,   0,  0,
    0, 0, 0, 0,  0, 0,  0, 0, 0, 0,  0,   0,   0,  0,  0,   0,  0,  0,  0, 0,  0,   0,   0,  0,
    0, 0, 0, 0,  0, 0,  0, 0, 0, 0,  0,   0,   0,  0,  0,   0,  0,  0,  0, 0,  0,   0,   0,  0,
    0, 0, 0, 0,  0, 0,  0, 0, 0, 0,  0,   0,   0,  0,  0,   0,  0,  0,  0, 0,  0,   0,   0,  0,
    0, 0, 0, 0,  0, 0,  0, 0, 0, 0,  0,   0,   0,  0,  0,   0,
};

/* The info word of a fast-path token by its first byte: for an ASCII
 * letter or digit its kind and case (TK_NUMBER, or TK_WORD with TF_UPPER or
 * TF_LOWER), one load instead of three range tests a token; for the other
 * printable ASCII bytes, that of the mark or symbol alone (TK_PUNCT with its
 * tok_pclass, or TK_SYMBOL: $ + < = > ^ ` | ~), instead of a property lookup
 * and the pclass from fast. test_ascii_info checks both against those. */
#define LI_D     TK_NUMBER
#define LI_U     (TK_WORD | TF_UPPER)
#define LI_L     (TK_WORD | TF_LOWER)
#define LI_S     TK_SYMBOL
#define LI_P(pc) (TK_PUNCT | ((unsigned)(pc) << TI_PCLASS_SHIFT))
static const uint16_t ascii_info[128] = {['0'] = LI_D,
                                         ['1'] = LI_D,
                                         ['2'] = LI_D,
                                         ['3'] = LI_D,
                                         ['4'] = LI_D,
                                         ['5'] = LI_D,
                                         ['6'] = LI_D,
                                         ['7'] = LI_D,
                                         ['8'] = LI_D,
                                         ['9'] = LI_D,
                                         ['A'] = LI_U,
                                         ['B'] = LI_U,
                                         ['C'] = LI_U,
                                         ['D'] = LI_U,
                                         ['E'] = LI_U,
                                         ['F'] = LI_U,
                                         ['G'] = LI_U,
                                         ['H'] = LI_U,
                                         ['I'] = LI_U,
                                         ['J'] = LI_U,
                                         ['K'] = LI_U,
                                         ['L'] = LI_U,
                                         ['M'] = LI_U,
                                         ['N'] = LI_U,
                                         ['O'] = LI_U,
                                         ['P'] = LI_U,
                                         ['Q'] = LI_U,
                                         ['R'] = LI_U,
                                         ['S'] = LI_U,
                                         ['T'] = LI_U,
                                         ['U'] = LI_U,
                                         ['V'] = LI_U,
                                         ['W'] = LI_U,
                                         ['X'] = LI_U,
                                         ['Y'] = LI_U,
                                         ['Z'] = LI_U,
                                         ['a'] = LI_L,
                                         ['b'] = LI_L,
                                         ['c'] = LI_L,
                                         ['d'] = LI_L,
                                         ['e'] = LI_L,
                                         ['f'] = LI_L,
                                         ['g'] = LI_L,
                                         ['h'] = LI_L,
                                         ['i'] = LI_L,
                                         ['j'] = LI_L,
                                         ['k'] = LI_L,
                                         ['l'] = LI_L,
                                         ['m'] = LI_L,
                                         ['n'] = LI_L,
                                         ['o'] = LI_L,
                                         ['p'] = LI_L,
                                         ['q'] = LI_L,
                                         ['r'] = LI_L,
                                         ['s'] = LI_L,
                                         ['t'] = LI_L,
                                         ['u'] = LI_L,
                                         ['v'] = LI_L,
                                         ['w'] = LI_L,
                                         ['x'] = LI_L,
                                         ['y'] = LI_L,
                                         ['z'] = LI_L,
                                         ['!'] = LI_P(PC_STOP),
                                         ['"'] = LI_P(PC_QUOTE),
                                         ['#'] = LI_P(PC_NONE),
                                         ['$'] = LI_S,
                                         ['%'] = LI_P(PC_NONE),
                                         ['&'] = LI_P(PC_CONTINUE),
                                         ['\''] = LI_P(PC_QUOTE),
                                         ['('] = LI_P(PC_OPEN),
                                         [')'] = LI_P(PC_CLOSE),
                                         ['*'] = LI_P(PC_NONE),
                                         ['+'] = LI_S,
                                         [','] = LI_P(PC_CONTINUE),
                                         ['-'] = LI_P(PC_CONTINUE),
                                         ['.'] = LI_P(PC_DOT),
                                         ['/'] = LI_P(PC_CONTINUE),
                                         [':'] = LI_P(PC_CONTINUE),
                                         [';'] = LI_P(PC_CONTINUE),
                                         ['<'] = LI_S,
                                         ['='] = LI_S,
                                         ['>'] = LI_S,
                                         ['?'] = LI_P(PC_STOP),
                                         ['@'] = LI_P(PC_NONE),
                                         ['['] = LI_P(PC_OPEN),
                                         ['\\'] = LI_P(PC_NONE),
                                         [']'] = LI_P(PC_CLOSE),
                                         ['^'] = LI_S,
                                         ['_'] = LI_P(PC_NONE),
                                         ['`'] = LI_S,
                                         ['{'] = LI_P(PC_OPEN),
                                         ['|'] = LI_S,
                                         ['}'] = LI_P(PC_CLOSE),
                                         ['~'] = LI_S};
#undef LI_D
#undef LI_U
#undef LI_L
#undef LI_S
#undef LI_P

/* The info word of a punctuation mark U+2010-U+2027 or U+2030-U+203E (E2 80
 * 90-A7, B0-BE: dashes, quotes, bullets, the ellipsis) by its last byte less
 * 0x80, or 0 for the rest of E2 80 xx (spaces, format and line separators, the
 * word joiners U+202F and U+203F). Each is a segment of its own when an ASCII
 * byte follows it (UAX #29: Other, or a MidNumLet/MidLetter with no letter
 * before it), so the scanner emits it without other_token's segmentation,
 * decoding and pclass search; test_general_punct_fast holds every entry to
 * other_token's own answer. */
#define GP_P     TK_PUNCT
#define GP_C(pc) (TK_PUNCT | ((unsigned)(pc) << TI_PCLASS_SHIFT))
static const uint16_t gp_info[64] = {[0x10] = GP_P,
                                     [0x11] = GP_P,
                                     [0x12] = GP_P,
                                     [0x13] = GP_C(PC_CONTINUE),
                                     [0x14] = GP_C(PC_CONTINUE),
                                     [0x15] = GP_P,
                                     [0x16] = GP_P,
                                     [0x17] = GP_P,
                                     [0x18] = GP_C(PC_OPEN),
                                     [0x19] = GP_C(PC_CLOSE),
                                     [0x1A] = GP_P,
                                     [0x1B] = GP_P,
                                     [0x1C] = GP_C(PC_OPEN),
                                     [0x1D] = GP_C(PC_CLOSE),
                                     [0x1E] = GP_P,
                                     [0x1F] = GP_P,
                                     [0x20] = GP_P,
                                     [0x21] = GP_P,
                                     [0x22] = GP_C(PC_BULLET),
                                     [0x23] = GP_C(PC_BULLET),
                                     [0x24] = GP_P,
                                     [0x25] = GP_P,
                                     [0x26] = GP_P | TF_ELLIPSIS,
                                     [0x27] = GP_P,
                                     [0x30] = GP_P,
                                     [0x31] = GP_P,
                                     [0x32] = GP_P,
                                     [0x33] = GP_P,
                                     [0x34] = GP_P,
                                     [0x35] = GP_P,
                                     [0x36] = GP_P,
                                     [0x37] = GP_P,
                                     [0x38] = GP_P,
                                     [0x39] = GP_P,
                                     [0x3A] = GP_C(PC_CLOSE),
                                     [0x3B] = GP_P,
                                     [0x3C] = GP_C(PC_STOP),
                                     [0x3D] = GP_P,
                                     [0x3E] = GP_P};
#undef GP_P
#undef GP_C

/* Does a mark of gp_info at j end the word before it: no letter or digit
 * after it (a MidNumLet or MidLetter among them, ’ ‘ ․ ‧, would join two
 * letters or digits: "it’s", "1’000"), so that the run of ASCII letters and
 * digits before it is a segment of its own ("‘KB’ or")? */
static inline int mark_ends_word(const unsigned char *s, size_t len, size_t j) {
    unsigned k = j + 2 < len ? s[j + 2] - 0x80u : 64;
    return k < 64 && s[j + 1] == 0x80 && gp_info[k] &&
           (j + 3 == len || (s[j + 3] < 0x80 && !(fast[s[j + 3]] & FAST_ALNUM)));
}

/* End of the run of ASCII letters and digits that starts at j. Words are
 * short, so the cost is the mispredicted branch at their end; with SSE2 a
 * bit scan over 16 bytes replaces it. */
#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
/* The bits of the ASCII letters and digits among 16 bytes at p: a byte
 * plus a bias lands in [-128, -128 + n) (signed) exactly when it is one of
 * the n bytes from the bias's base; bytes from 0x80 never do. */
static inline unsigned alnum_bits16(const unsigned char *p) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i letter = _mm_cmplt_epi8(
        _mm_add_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8((char)(0x80 - 'a'))),
        _mm_set1_epi8((char)(-128 + 26)));
    __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0'))),
                                   _mm_set1_epi8((char)(-128 + 10)));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}

static inline size_t alnum_end(const unsigned char *s, size_t len, size_t j) {
    while (j + 16 <= len) {
        unsigned stop = ~alnum_bits16(s + j) & 0xFFFFu;
        if (stop) return j + (size_t)__builtin_ctz(stop);
        j += 16;
    }
    while (j < len && (fast[s[j]] & FAST_ALNUM)) j++;
    return j;
}

/* The scanner's window of letter and digit bits: bit k of stop is whether
 * s[base + k] is anything but an ASCII letter or digit, for the 64 bytes
 * from base (a multiple of 64 below len - 63). Words are short and follow
 * each other, so one window answers the ends of several (alnum_end_win)
 * for the classification of 64 bytes, instead of 16 bytes classified a
 * word. */
typedef struct alnum_win {
    size_t base;   /* SIZE_MAX - 63: none yet */
    uint64_t stop; /* the bits' complement: what ends a run */
} alnum_win;

/* Out of line: called once per 64 bytes, and inlined it would hoist its
 * constants into the path of every word. */
__attribute__((noinline)) static uint64_t alnum_bits64(const unsigned char *p) {
    return (uint64_t)alnum_bits16(p) | (uint64_t)alnum_bits16(p + 16) << 16 |
           (uint64_t)alnum_bits16(p + 32) << 32 | (uint64_t)alnum_bits16(p + 48) << 48;
}

/* alnum_end(s, len, j), through the window: the window holding j is
 * classified once; a run past its end goes on in the next one, and the
 * last bytes of the text (no whole window) byte by byte. */
static inline size_t alnum_end_win(alnum_win *w, const unsigned char *s, size_t len, size_t j) {
    for (;;) {
        size_t k = j - w->base;
        if (k >= 64) {
            size_t b = j & ~(size_t)63;
            if (len < 64 || b > len - 64) return alnum_end(s, len, j);
            w->base = b;
            w->stop = ~alnum_bits64(s + b);
            k = j - b;
        }
        uint64_t stop = w->stop >> k;
        if (stop) return j + (unsigned)__builtin_ctzll(stop);
        j = w->base + 64;
    }
}
#else
static inline size_t alnum_end(const unsigned char *s, size_t len, size_t j) {
    while (j < len && (fast[s[j]] & FAST_ALNUM)) j++;
    return j;
}
typedef struct alnum_win {
    size_t base;
    uint64_t stop;
} alnum_win;
static inline size_t alnum_end_win(alnum_win *w, const unsigned char *s, size_t len, size_t j) {
    (void)w;
    return alnum_end(s, len, j);
}
#endif

typedef struct scan {
    const tok_opts *o;
    const unsigned char *s;
    size_t len;
    tok_emit_fn emit;
    void *ctx;
    unsigned gap; /* TF_SPACE/TF_NL/TF_PARA collected since the last token */
    unsigned nls; /* line breaks since the last token */
    size_t no_at; /* the e-mail local-part run from before here has no '@' */
} scan;

/* The sentence role of the punct token s[b, e). */
static unsigned pclass(const unsigned char *s, size_t b, size_t e) {
    if (e - b == 1) {
        switch (s[b]) {
        case '.':
            return PC_DOT;
        case '?':
        case '!':
            return PC_STOP;
        case ')':
        case ']':
        case '}':
            return PC_CLOSE;
        case '(':
        case '[':
        case '{':
            return PC_OPEN;
        case '"':
        case '\'':
            return PC_QUOTE;
        case ',':
        case ';':
        case ':':
        case '-':
        case '&':
        case '/':
            return PC_CONTINUE;
        default:
            return PC_NONE;
        }
    }
    static const struct {
        const char *u;
        unsigned pc;
    } multi[] = {
        {"\xE3\x80\x82", PC_DOT},      {"\xEF\xBC\x8E", PC_DOT},      {"\xE2\x80\xBC", PC_STOP},
        {"\xE2\x81\x87", PC_STOP},     {"\xE2\x81\x88", PC_STOP},     {"\xE2\x81\x89", PC_STOP},
        {"\xEF\xBC\x9F", PC_STOP},     {"\xEF\xBC\x81", PC_STOP},     {"\xE2\x80\x9D", PC_CLOSE},
        {"\xE2\x80\x99", PC_CLOSE},    {"\xC2\xBB", PC_CLOSE},        {"\xE2\x80\xBA", PC_CLOSE},
        {"\xE3\x80\x8D", PC_CLOSE},    {"\xE3\x80\x8F", PC_CLOSE},    {"\xEF\xBC\x89", PC_CLOSE},
        {"\xE2\x80\x9C", PC_OPEN},     {"\xE2\x80\x98", PC_OPEN},     {"\xC2\xAB", PC_OPEN},
        {"\xE2\x80\xA2", PC_BULLET},   {"\xE2\x80\xA3", PC_BULLET},   {"\xE2\x81\x83", PC_BULLET},
        {"\xE2\x97\xA6", PC_BULLET},   {"\xE2\x88\x99", PC_BULLET},   {"\xE2\x97\x8F", PC_BULLET},
        {"\xE2\x96\xAA", PC_BULLET},   {"\xE2\x96\xB8", PC_BULLET},   {"\xE2\x96\xA0", PC_BULLET},
        {"\xE2\x80\x93", PC_CONTINUE}, {"\xE2\x80\x94", PC_CONTINUE}, {NULL, 0}};
    if (s[b] != 0xC2 && s[b] != 0xE2 && s[b] != 0xE3 && s[b] != 0xEF) return PC_NONE;
    if (e - b > 3) return PC_NONE;
    for (int i = 0; multi[i].u; i++)
        if (multi[i].u[0] == (char)s[b] && multi[i].u[1] == (char)s[b + 1] &&
            (e - b == 2 ? multi[i].u[2] == 0
                        : multi[i].u[2] == (char)s[b + 2] && multi[i].u[3] == 0))
            return multi[i].pc;
    return PC_NONE;
}

/* Emits [b, e) and returns where scanning goes on. A token never ends on a
 * continuation byte (invalid input), so stray ones join it. */
static int put(scan *z, size_t b, size_t *e, unsigned kind, unsigned flags) {
    const unsigned char *s = z->s;
    while (*e < z->len && is_cont(s[*e])) (*e)++;
    unsigned info = kind | flags | z->gap;
    unsigned c = s[b];
    if (c < 0x80) {
        if (is_upper(c))
            info |= TF_UPPER;
        else if (is_lower(c))
            info |= TF_LOWER;
    } else if (kind == TK_WORD || kind == TK_ABBREV) {
        size_t n;
        unsigned p = tok_uprop_of(tok_decode(s, z->len, b, &n));
        if (p & UP_UPPER)
            info |= TF_UPPER;
        else if (p & UP_LOWER)
            info |= TF_LOWER;
    }
    if (kind == TK_PUNCT) info |= pclass(s, b, *e) << TI_PCLASS_SHIFT;
    z->gap = 0;
    z->nls = 0;
    return z->emit(z->ctx, (uint32_t)b, (uint32_t)*e, info);
}

/* ------------------------------------------------------------------------ */
/* Web tokens                                                                */

/* Does s[0, n) equal the lower-case ASCII literal lit, ignoring case? */
static int ieq(const unsigned char *s, size_t n, const char *lit) {
    size_t i = 0;
    for (; i < n && lit[i]; i++)
        if ((s[i] | 0x20) != (unsigned char)lit[i]) return 0;
    return i == n && !lit[i];
}

static int is_scheme(const unsigned char *s, size_t n) {
    static const char *const schemes[] = {"http", "https", "ftp", "ftps", "sftp", "file",
                                          "ws",   "wss",   "git", "ssh",  NULL};
    for (const char *const *p = schemes; *p; p++)
        if (ieq(s, n, *p)) return 1;
    return 0;
}

/* Start of the character that ends just before e (> lo). */
static size_t char_before(const unsigned char *s, size_t lo, size_t e) {
    size_t b = e - 1;
    while (b > lo && is_cont(s[b]) && e - b < 4) b--;
    return b;
}

/* End of a URL whose address starts at `host`: up to whitespace, then
 * trailing punctuation that belongs to the sentence is given back. */
static size_t url_end(const unsigned char *s, size_t len, size_t host) {
    size_t e = host;
    int parens = 0;
    while (e < len) {
        unsigned c = s[e];
        if (c < 0x80) {
            if (c <= ' ' || c == 0x7F || c == '"' || c == '<' || c == '>' || c == '`') break;
            parens += c == '(' ? 1 : c == ')' ? -1 : 0;
            e++;
            continue;
        }
        size_t n;
        uint32_t cp = tok_decode(s, len, e, &n);
        if (cp == TOK_INVALID || (tok_uprop(cp) & (UP_SPACE | UP_CNTRL))) break;
        e += n;
    }
    while (e > host) {
        size_t b = char_before(s, host, e);
        unsigned c = s[b];
        if (c < 0x80) {
            if (c == ')' && parens < 0)
                parens++;
            else if (!strchr(".,;:!?'*]}", (int)c) || c == 0)
                break;
        } else {
            size_t n;
            if (!(tok_uprop_of(tok_decode(s, len, b, &n)) & UP_PUNCT)) break;
        }
        e = b;
    }
    return e;
}

static inline int email_local(unsigned c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

/* Does an '@' end the run of e-mail local-part characters at j? A run
 * without one is remembered, so that the parts of "a-b-c-d" do not scan the
 * rest of it again each. */
static inline int at_follows(scan *z, size_t j) {
    if (j < z->no_at) return 0;
    size_t k = j;
    while (k < z->len && email_local(z->s[k])) k++;
    if (k < z->len && z->s[k] == '@') return 1;
    z->no_at = k;
    return 0;
}

/* An e-mail address starting at b: local@domain.tld; returns its end or 0. */
static size_t email_end(const unsigned char *s, size_t len, size_t b) {
    size_t i = b;
    while (i < len && email_local(s[i])) i++;
    if (i == b || i >= len || s[i] != '@' || s[i - 1] == '.') return 0;
    size_t d = ++i, last_dot = 0;
    while (i < len && (is_alnum(s[i]) || s[i] == '-' || s[i] == '.')) {
        if (s[i] == '.') {
            if (i == d || s[i - 1] == '.') break;
            last_dot = i;
        }
        i++;
    }
    while (i > d && (s[i - 1] == '.' || s[i - 1] == '-')) i--;
    if (!last_dot || last_dot >= i) {
        /* the last dot was given back: find the one before */
        last_dot = 0;
        for (size_t k = d; k < i; k++)
            if (s[k] == '.') last_dot = k;
    }
    if (!last_dot || i - last_dot < 3) return 0;
    for (size_t k = last_dot + 1; k < i; k++)
        if (!is_alpha(s[k])) return 0;
    return i;
}

/* Length of a word-ish run for mentions and hashtags: ASCII alphanumerics,
 * '_', and non-ASCII letters, digits and marks. *letters counts letters. */
static size_t name_run(const unsigned char *s, size_t len, size_t i, int *letters) {
    size_t b = i;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (!is_alnum(c) && c != '_') break;
            *letters += is_alpha(c);
            i++;
            continue;
        }
        size_t n;
        unsigned p = tok_uprop_of(tok_decode(s, len, i, &n));
        unsigned wb = p & UP_WB_MASK;
        if (!(p & (UP_LETTER | UP_DIGIT)) && wb != WB_EXTEND && wb != WB_ZWJ) break;
        *letters += (p & UP_LETTER) != 0;
        i += n;
    }
    return i - b;
}

/* End of a possessive "'s" (or "’s") at j that stands alone: no letter or
 * digit after it; 0 when there is none. After a mention, a hashtag or a
 * number ("@bob's", "#tbt's", "1990's"), where UAX #29 would leave the
 * apostrophe and the "s" apart, it is one token. */
static size_t poss_s_end(const unsigned char *s, size_t len, size_t j) {
    size_t k;
    if (j + 1 < len && s[j] == '\'')
        k = j + 1;
    else if (j + 3 < len && s[j] == 0xE2 && s[j + 1] == 0x80 && s[j + 2] == 0x99)
        k = j + 3;
    else
        return 0;
    if ((s[k] | 0x20) != 's') return 0;
    k++;
    if (k == len) return k;
    if (s[k] < 0x80) return is_alnum(s[k]) || s[k] == '_' ? 0 : k;
    size_t n;
    unsigned p = tok_uprop_of(tok_decode(s, len, k, &n));
    return p & (UP_LETTER | UP_DIGIT) ? 0 : k;
}

static const char *const emoticons[] = {
    ":-)", ":)",  ":-(", ":(",  ";-)", ";)",  ":-D", ":D",  ":-P", ":P",  ":-p",
    ":p",  ":'(", ":')", ":-O", ":O",  ":-o", ":o",  ":-/", ":/",  ":-|", ":|",
    ":*",  ":-*", ":))", ":((", ":]",  ":[",  ";P",  ";D",  "=)",  "=(",  "=D",
    "<3",  "</3", "xD",  "XD",  "xP",  "^_^", "^^",  "-_-", ":3",  ">:(", NULL};

/* Could c be the second character of an emoticon? (Most punctuation is
 * followed by a space or a letter, so this rejects nearly every call.) */
static inline int emoticon_second(unsigned c) {
    switch (c) {
    case ')':
    case '(':
    case 'D':
    case 'P':
    case 'p':
    case '\'':
    case 'O':
    case 'o':
    case '/':
    case '|':
    case '*':
    case ']':
    case '[':
    case '3':
    case '_':
    case '^':
    case '-':
    case ':':
        return 1;
    default:
        return 0;
    }
}

/* Can an emoticon start at i: whitespace (or nothing) before it? */
static inline int emoticon_may_start(const unsigned char *s, size_t i) {
    return i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\t' || s[i - 1] == '\r';
}

/* Length of an emoticon at i, or 0: the longest match that is followed by
 * whitespace, the end, or a sentence mark; letter-initial ones also need
 * whitespace before them. */
static size_t emoticon_at(const unsigned char *s, size_t len, size_t i) {
    if (i + 1 >= len || !emoticon_second(s[i + 1])) return 0;
    /* a smile stands alone: "Foo::)", "Packet=)" and "Returns:*" are not */
    if (!emoticon_may_start(s, i)) return 0;
    switch (s[i]) { /* first characters of the table below */
    case ':':
    case ';':
    case '=':
    case '<':
    case '>':
    case 'x':
    case 'X':
        break;
    case '-':
    case '^':
        if (s[i + 1] != '_' && s[i + 1] != '^') return 0;
        break;
    default:
        return 0;
    }
    size_t best = 0;
    for (const char *const *p = emoticons; *p; p++) {
        if ((unsigned char)(*p)[0] != s[i] || (unsigned char)(*p)[1] != s[i + 1]) continue;
        size_t n = strlen(*p);
        if (n <= best || i + n > len || memcmp(s + i, *p, n)) continue;
        if (i + n < len) {
            unsigned c = s[i + n];
            if (!(c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '.' || c == ',' ||
                  c == '!' || c == '?'))
                continue;
        }
        best = n;
    }
    return best;
}

/* ------------------------------------------------------------------------ */
/* Words                                                                     */

/* Letters separated by single periods: "U.S", "a.m", "e.g", or one letter. */
static int initials(const unsigned char *s, size_t b, size_t e) {
    for (size_t i = b; i < e; i += 2) {
        if (!is_alpha(s[i])) return 0;
        if (i + 1 < e && s[i + 1] != '.') return 0;
    }
    return 1;
}

/* Index of the apostrophe (' or U+2019) that starts a PTB clitic at the end
 * of w[b, e), or 0 when there is none. */
static size_t clitic(const unsigned char *s, size_t b, size_t e) {
    static const char *const tails[] = {"s", "m", "d", "ll", "re", "ve", NULL};
    size_t k = e - b > 6 ? e - 6 : b;
    while (k < e && s[k] != '\'' && s[k] != 0x99) k++; /* ' or the last byte of ’ */
    if (k == e) return 0;
    for (int curly = 0; curly < 2; curly++) {
        size_t al = curly ? 3 : 1;
        for (const char *const *t = tails; *t; t++) {
            size_t tl = strlen(*t);
            if (e - b < al + tl + 1) continue;
            size_t a = e - tl - al;
            if (curly ? memcmp(s + a, "\xE2\x80\x99", 3) : s[a] != '\'') continue;
            if (!ieq(s + a + al, tl, *t)) continue;
            /* n't: the clitic starts at the n */
            if (tl == 1 && (s[e - 1] | 0x20) == 't') continue;
            return a;
        }
        /* n't */
        if (e - b >= al + 3) {
            size_t a = e - 1 - al;
            if ((s[e - 1] | 0x20) == 't' &&
                (curly ? !memcmp(s + a, "\xE2\x80\x99", 3) : s[a] == '\'') &&
                (s[a - 1] | 0x20) == 'n' && a - 1 > b)
                return a - 1;
        }
    }
    return 0;
}

/* Words that PTB writes as two tokens without an apostrophe. */
static size_t ptb_fixed(const unsigned char *s, size_t b, size_t e) {
    static const struct {
        const char *w;
        size_t cut;
    } fixed[] = {{"cannot", 3}, {"gonna", 3}, {"gotta", 3}, {"wanna", 3}, {NULL, 0}};
    if (e - b < 5 || e - b > 6) return 0;
    for (int i = 0; fixed[i].w; i++)
        if (ieq(s + b, e - b, fixed[i].w)) return b + fixed[i].cut;
    return 0;
}

static int hyphens_kept(const tok_opts *o) {
    return o->hyphens == TOK_HYPHENS_KEEP || (o->hyphens == TOK_HYPHENS_AUTO && o->ptb);
}

/* Does a number end right before the spaces before s[b] ("5 pcs")? */
static inline int after_number(const unsigned char *s, size_t b) {
    size_t p = b;
    while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t')) p--;
    return p > 0 && p < b && is_digit(s[p - 1]);
}

/* Flags of the abbreviation s[b, e) + ".", or 0. */
static unsigned abbrev_at(const scan *z, size_t b, size_t e) {
    const unsigned char *s = z->s;
    if (e >= z->len || s[e] != '.' || (e + 1 < z->len && s[e + 1] == '.')) return 0;
    if (is_alpha(s[b]) && initials(s, b, e)) return AB_PLAIN;
    unsigned f = tok_abbrev_find(z->o->abbrev, s + b, e - b);
    if (!f && e - b <= 5 && is_lower(s[b])) {
        /* "the mgmt. team"; after a number a unit's short form ("$2 bn.
         * last year", "5 pcs. vs. 3"), as such only before a lower-case
         * word that opens no clause ("5 pcs. then" ends a sentence, below) */
        if (after_number(s, b) ? tok_unit_like(s + b, e - b) : tok_abbrev_like(s + b, e - b))
            f = AB_LOWER;
    }
    if (f && !(f & (AB_PLAIN | AB_TITLE))) {
        /* "No. 5", but "I said no."; "approx. two", but "at most 5 min." */
        size_t k = e + 1;
        while (k < z->len && (s[k] == ' ' || s[k] == '\t')) k++;
        if (k >= z->len) return 0;
        if (!(((f & AB_NUM) && is_digit(s[k])) || ((f & AB_LOWER) && k > e + 1 && is_lower(s[k]))))
            return 0;
        if ((f & AB_LOWER) && is_lower(s[k])) {
            /* "the max. it is", "npm. then": a clause opens after it */
            size_t m = k;
            while (m < z->len && is_lower(s[m])) m++;
            if ((m == z->len || (s[m] < 0x80 && !is_alpha(s[m]))) &&
                tok_clause_opener(s + k, m - k))
                return 0;
        }
    }
    return f;
}

/* A word or number segment [b, e) found by UAX #29: refine and emit it.
 * Returns where scanning goes on through *next. */
static int word(scan *z, size_t b, size_t e, int simple, size_t *next) {
    const unsigned char *s = z->s;
    const tok_opts *o = z->o;
    size_t len = z->len;
    unsigned kind = is_digit(s[b]) ? TK_NUMBER : TK_WORD;
    if (s[b] >= 0x80) {
        size_t n;
        if (tok_uprop_of(tok_decode(s, len, b, &n)) & UP_DIGIT) kind = TK_NUMBER;
    }
    if (!simple && e - b >= 4 && !memcmp(s + e - 3, "\xE2\x83\xA3", 3)) {
        *next = e; /* keycap: 1️⃣ */
        return put(z, b, next, TK_EMOJI, 0);
    }
    if (o->refine && kind == TK_WORD) {
        /* abbreviations keep their period; "world.Today" (a missing space
         * between sentences) is cut at the period first, unless the whole
         * segment is an abbreviation (Ph.D.) */
        for (int pass = 0; pass < 2; pass++) {
            unsigned f = abbrev_at(z, b, e);
            if (f) {
                *next = e + 1;
                return put(z, b, next, TK_ABBREV,
                           ((f & AB_TITLE) ? TF_ABTITLE : 0) | ((f & AB_NUM) ? TF_ABNUM : 0));
            }
            size_t k = b + 1;
            if (simple) break;
            while (k + 1 < e && !(s[k] == '.' && is_lower(s[k - 1]) && is_upper(s[k + 1]))) k++;
            if (k + 1 >= e) break;
            e = k;
        }
    }
    /* times: 10:30, 10:30:15 */
    if (o->refine && kind == TK_NUMBER)
        while (e + 1 < len && s[e] == ':' && is_digit(s[e + 1])) {
            e += 2;
            while (e < len && is_digit(s[e])) e++;
        }
    if (hyphens_kept(o)) {
        /* well-known, state-of-the-art, 1990-2000 */
        while (e + 1 < len && s[e] == '-') {
            size_t n;
            unsigned p = tok_uprop_of(tok_decode(s, len, e + 1, &n));
            if (!(p & (UP_LETTER | UP_DIGIT))) break;
            e = tok_wb_next(s, len, e + 1);
            if (kind == TK_NUMBER && !is_digit(s[e - 1])) kind = TK_WORD;
        }
    }
    if (o->ptb && !simple) {
        /* a:b is one word in UAX #29; PTB splits at the colon */
        for (size_t k = b + 1; k + 1 < e; k++)
            if (s[k] == ':' && kind == TK_WORD) {
                e = k;
                break;
            }
    }
    if (o->ptb) {
        size_t cut = kind == TK_WORD ? clitic(s, b, e) : 0;
        if (!cut && kind == TK_WORD) cut = ptb_fixed(s, b, e);
        if (cut) {
            size_t mid = cut;
            int rc = put(z, b, &mid, TK_WORD, 0);
            if (rc) return rc;
            b = mid;
            if (b >= e) {
                *next = b;
                return 0;
            }
        }
    }
    *next = e;
    return put(z, b, next, kind, 0);
}

/* End of the UAX #29 segment that starts with the ASCII alphanumeric run
 * s[i, j), for the rules ASCII can meet: WB6/7 (letters around ' . :),
 * WB11/12 (digits around ' . , ;), WB13a/b (_). Anything non-ASCII goes to
 * the full rules. */
static size_t ascii_segment_end(const unsigned char *s, size_t len, size_t i, size_t j) {
    enum { L, N, E } prev = is_digit(s[j - 1]) ? N : L;
    while (j < len) {
        unsigned t = s[j], u = j + 1 < len ? s[j + 1] : 0;
        if (t >= 0x80 || (u >= 0x80 && t != ' ')) return tok_wb_next(s, len, i);
        if (t == '_') {
            prev = E;
            j++;
        } else if (prev == L && (t == '.' || t == '\'' || t == ':') && is_alpha(u)) {
            j += 2;
            prev = L;
        } else if (prev == N && (t == '.' || t == '\'' || t == ',' || t == ';') && is_digit(u)) {
            j += 2;
            prev = N;
        } else if (is_alnum(t)) {
            j++;
        } else {
            return j;
        }
        while (j < len && is_alnum(s[j])) j++;
        if (j > i && is_alnum(s[j - 1])) prev = is_digit(s[j - 1]) ? N : L;
    }
    return j;
}

/* Can the UAX #29 segment of an ASCII alphanumeric run s[b, j) go on past
 * j? Only a few ASCII characters (' . : , ; _) and non-ASCII ones can
 * continue a word. */
static int may_continue(const unsigned char *s, size_t len, size_t j) {
    unsigned t = s[j];
    if (t >= 0x80 || t == '_') return 1;
    if (t == '\'' || t == '.' || t == ':' || t == ',' || t == ';')
        return j + 1 < len && (is_alnum(s[j + 1]) || s[j + 1] >= 0x80);
    return 0;
}

/* A token that starts with an ASCII letter or digit; s[i, j) is the run of
 * them. */
static int alnum_token(scan *z, size_t i, size_t j, size_t *next) {
    const unsigned char *s = z->s;
    size_t len = z->len;
    if (j < len && !(z->o->ptb && j - i >= 5 && j - i <= 6) &&
        !(j - i == 2 && (s[i] | 0x20) == 'x') &&
        ((s[j] == ':' && (j + 1 >= len || s[j + 1] == ' ' || s[j + 1] == '\n')) ||
         (s[j] == '-' && !hyphens_kept(z->o) && !(z->o->refine && at_follows(z, j))))) {
        /* "word-" with hyphens split, "Note: ": nothing to refine either */
        *next = j;
        return put(z, i, next, is_digit(s[i]) ? TK_NUMBER : TK_WORD, 0);
    }
    if (z->o->refine && j - i == 2 && (s[i] == 'x' || s[i] == 'X')) {
        size_t n = emoticon_at(s, len, i);
        if (n) {
            *next = i + n;
            return put(z, i, next, TK_EMOTICON, 0);
        }
    }
    if (z->o->refine && j < len) {
        unsigned t = s[j];
        size_t e;
        if (t == ':' && j + 2 < len && s[j + 1] == '/' && s[j + 2] == '/' &&
            is_scheme(s + i, j - i) && (e = url_end(s, len, j + 3)) > j + 3) {
            *next = e;
            return put(z, i, next, TK_URL, 0);
        }
        if (t == '.' && ieq(s + i, j - i, "www") && (e = url_end(s, len, j + 1)) > j + 1) {
            *next = e;
            return put(z, i, next, TK_URL, 0);
        }
        if ((t == '@' || t == '.' || t == '-' || t == '+' || t == '_' || t == '%') &&
            at_follows(z, j) && (e = email_end(s, len, i)) != 0) {
            *next = e;
            return put(z, i, next, TK_EMAIL, 0);
        }
    }
    if (j >= len || !may_continue(s, len, j)) return word(z, i, j, 1, next);
    return word(z, i, ascii_segment_end(s, len, i, j), 0, next);
}

/* A token that starts with anything else (not whitespace). */
static int other_token(scan *z, size_t i, size_t *next) {
    const unsigned char *s = z->s;
    size_t len = z->len;
    unsigned c = s[i];
    const tok_opts *o = z->o;
    if (o->refine) {
        size_t n = 1;
        int letters = 0;
        if ((c == '@' || c == '#') && i + 1 < len && (i == 0 || !is_alnum(s[i - 1])) &&
            (n = name_run(s, len, i + 1, &letters)) > 0 && (c == '@' || letters > 0)) {
            *next = i + 1 + n;
            int rc = put(z, i, next, c == '@' ? TK_MENTION : TK_HASHTAG, 0);
            size_t pe = rc ? 0 : poss_s_end(s, len, *next);
            if (!pe) return rc;
            size_t pb = *next;
            *next = pe;
            return put(z, pb, next, TK_WORD, 0);
        }
        /* "1990's": the possessive of a number */
        if ((c == '\'' || c == 0xE2) && i > 0 && is_digit(s[i - 1]) &&
            (n = poss_s_end(s, len, i)) != 0) {
            *next = n;
            return put(z, i, next, TK_WORD, 0);
        }
        if (c == '.' && i + 1 < len && s[i + 1] == '.') {
            size_t e = i;
            while (e < len && s[e] == '.') e++;
            *next = e;
            return put(z, i, next, TK_PUNCT, TF_ELLIPSIS);
        }
        if ((n = emoticon_at(s, len, i)) > 0) {
            *next = i + n;
            return put(z, i, next, TK_EMOTICON, 0);
        }
    }
    if (o->ptb && c == '-' && i + 1 < len && s[i + 1] == '-') {
        size_t e = i;
        while (e < len && s[e] == '-') e++;
        *next = e;
        return put(z, i, next, TK_PUNCT, 0);
    }
    size_t e = (c < 0x80 && c != '_' && (i + 1 >= len || s[i + 1] < 0x80)) ? i + 1
                                                                           : tok_wb_next(s, len, i);
    size_t n = 1;
    uint32_t cp = c < 0x80 ? c : tok_decode(s, len, i, &n);
    if (cp == TOK_INVALID) {
        *next = e;
        return put(z, i, next, TK_SYMBOL, 0);
    }
    unsigned p = tok_uprop(cp);
    unsigned wb = p & UP_WB_MASK;
    if (wb == WB_ALETTER || wb == WB_HLETTER || wb == WB_NUMERIC || wb == WB_KATAKANA ||
        wb == WB_EXTENDNUMLET)
        return word(z, i, e, 0, next);
    unsigned kind;
    if (wb == WB_RI)
        kind = TK_EMOJI;
    else if (p & UP_EXTPICT)
        /* text-style pictographs (©, ™, ↔) are symbols unless they have an
         * emoji presentation or a variation selector, modifier or ZWJ */
        kind = ((p & UP_EMOPRES) || e - i > (c < 0x80 ? 1u : n)) ? TK_EMOJI
               : (p & UP_PUNCT)                                  ? TK_PUNCT
                                                                 : TK_SYMBOL;
    else if (e - i >= 4 && c < 0x80 && !memcmp(s + e - 3, "\xE2\x83\xA3", 3))
        kind = TK_EMOJI; /* keycap: 1️⃣ #️⃣ */
    else if (p & UP_LETTER)
        kind = TK_WORD;
    else if (p & UP_DIGIT)
        kind = TK_NUMBER;
    else if (p & UP_PUNCT)
        kind = TK_PUNCT;
    else
        kind = TK_SYMBOL;
    *next = e;
    return put(z, i, next, kind, cp == 0x2026 ? TF_ELLIPSIS : 0);
}

/* End of the run of spaces from j: indented lines run long ones, eight
 * bytes at a time where the first byte is the lowest (little-endian). */
static inline size_t space_end(const unsigned char *s, size_t len, size_t j) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (j + 8 <= len) {
        uint64_t v;
        memcpy(&v, s + j, 8);
        v ^= 0x2020202020202020u;
        if (v) return j + ((unsigned)__builtin_ctzll(v) >> 3);
        j += 8;
    }
#endif
    while (j < len && s[j] == ' ') j++;
    return j;
}

/* Can the ASCII mark at i start more than a one-character token (a web
 * token, an ellipsis, an emoticon, "--" in PTB, "_" joining a word)? */
static inline int special_start(int ptb, int refine, const unsigned char *s, size_t len, size_t i) {
    unsigned c = s[i];
    if (!(fast[c] & FAST_SPECIAL)) return 0; /* ',' '(' ')' '"'...: none of the below */
    unsigned n = i + 1 < len ? s[i + 1] : ' ';
    if (c == '_') return 1;
    if (!refine) return ptb && c == '-' && n == '-';
    if (c == '@' || c == '#') return 1;
    if (n == ' ') return 0; /* each test below needs a mark or a letter after c */
    if ((ptb && c == '-' && n == '-') || (c == '.' && n == '.')) return 1;
    if (c == '\'' && (n | 0x20) == 's' && i > 0 && is_digit(s[i - 1])) return 1;
    /* the rest can start only an emoticon, which needs whitespace (or
     * nothing) before it (emoticon_at): "std::", "<a>:" are lone marks */
    if (!emoticon_may_start(s, i)) return 0;
    if (c == '-' || c == '^') return n == '_' || (c == '^' && n == '^');
    return emoticon_second(n) && (c == ':' || c == ';' || c == '=' || c == '<' || c == '>');
}

/* Past the whitespace or control character at i (not a line break) and
 * the marks UAX #29 attaches to it: they belong to no token. */
static inline size_t skip_space(const unsigned char *s, size_t len, size_t i) {
    if (i + 1 >= len || s[i + 1] < 0x80) return i + 1;
    return tok_wb_next(s, len, i);
}

/* Is the period after the run s[i, j) a plain one (end of sentence), with
 * no abbreviation, web token or number around it? */
static inline int plain_period(const scan *z, size_t i, size_t j) {
    const unsigned char *s = z->s;
    if (j + 1 < z->len && s[j + 1] != ' ' && s[j + 1] != '\n') return 0;
    if (!z->o->refine) return 1;
    return !is_digit(s[i]) && j - i > 1 && !tok_abbrev_find(z->o->abbrev, s + i, j - i) &&
           !tok_abbrev_like(s + i, j - i) &&
           !(j - i <= 4 && is_lower(s[i]) && after_number(s, i) && tok_unit_like(s + i, j - i));
}

/* The scanner itself. It is static inline so that a caller whose emit
 * function is known at compile time (the plugin's process) gets its own
 * copy with that function inlined into the loop: one indirect call less
 * per token. */
static inline int scan_run(const tok_opts *o, const unsigned char *s, size_t len, tok_emit_fn emit,
                           void *ctx, int nl) {
    scan z = {o, s, len, emit, ctx, 0, 0, 0};
    /* read once: the emit's stores could alias o */
    const int ptb = o->ptb, refine = o->refine, hsplit = !hyphens_kept(o);
    alnum_win win = {SIZE_MAX - 63, 0};
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t next;
        int rc;
        if (c < 0x80) {
            if (c == ' ') {
                z.gap |= TF_SPACE;
                i = space_end(s, len, i + 1);
                if (i < len && s[i] >= 0x80) i = skip_space(s, len, i - 1);
                continue;
            }
            if (fast[c] & FAST_ALNUM) {
            word:;
                /* The fast path: a run of ASCII letters and digits that
                 * plainly ends (a space, a comma after letters...) is a
                 * word or a number with nothing to refine. */
                size_t j = alnum_end_win(&win, s, len, i + 1);
                unsigned t = j < len ? s[j] : ' ';
                unsigned ft = fast[t]; /* 0 from 0x80 */
                if (((ft & FAST_PLAIN) || ((ft & FAST_END) && !is_digit(s[j - 1])) ||
                     (t == '.' && plain_period(&z, i, j)) ||
                     (t == 0xE2 && mark_ends_word(s, len, j)) ||
                     /* "Note: ", "std::", "word' ", "5, ": a mark that joins only
                      * a letter or digit after it (may_continue), with an ASCII
                      * byte that is none ("http://" goes on to the URL test) */
                     ((t == ':' || t == '\'' || t == ',' || t == ';') &&
                      (j + 1 >= len || !(fast[s[j + 1]] & FAST_ALNUM || s[j + 1] >= 0x80 ||
                                         (t == ':' && s[j + 1] == '/')))) ||
                     /* "word-" with hyphens split (alnum_token's first case) */
                     (t == '-' && hsplit && !(refine && at_follows(&z, j)))) &&
                    !(j - i == 2 && (c == 'x' || c == 'X')) && !(ptb && j - i - 5 <= 1u)) {
                    unsigned info = ascii_info[c] | z.gap;
                    z.gap = 0;
                    z.nls = 0;
                    if ((rc = TOK_FAST_EMIT(ctx, (uint32_t)i, (uint32_t)j, info, nl)) != 0)
                        return rc;
                    i = j;
                    /* most often one space and the next word follow */
                    if (i + 1 < len && s[i] == ' ' && (fast[s[i + 1]] & FAST_ALNUM)) {
                        z.gap = TF_SPACE;
                        c = s[++i];
                        goto word;
                    }
                    continue;
                }
                rc = alnum_token(&z, i, j, &next);
            } else if (c > ' ' && c != 0x7F && (i + 1 >= len || s[i + 1] < 0x80) &&
                       !special_start(ptb, refine, s, len, i)) {
                /* a lone ASCII punctuation mark or symbol */
                unsigned info = z.gap | ascii_info[c];
                z.gap = 0;
                z.nls = 0;
                if ((rc = TOK_FAST_EMIT(ctx, (uint32_t)i, (uint32_t)(i + 1), info, nl)) != 0)
                    return rc;
                i++;
                /* "word, word": a space and a word after the mark */
                if (i + 1 < len && s[i] == ' ' && (fast[s[i + 1]] & FAST_ALNUM)) {
                    z.gap = TF_SPACE;
                    c = s[++i];
                    goto word;
                }
                continue;
            } else if (c < 0x20 || c == 0x7F) {
                /* whitespace and control characters separate tokens */
                if (c == '\n' || c == '\r' || c == '\v' || c == '\f') {
                    if (c == '\r' && i + 1 < len && s[i + 1] == '\n') i++;
                    if (nl && s[i] == '\n' && (rc = TOK_NEWLINE(ctx, i)) != 0) return rc;
                    z.nls++;
                    z.gap |= TF_NL | (z.nls > 1 ? TF_PARA : 0);
                    i++;
                } else {
                    i = skip_space(s, len, i);
                }
                z.gap |= TF_SPACE;
                continue;
            } else {
                rc = other_token(&z, i, &next);
            }
        } else {
            /* a dash, quote, bullet or ellipsis of U+2010-U+203E before an
             * ASCII byte (or the end), not the "’s" of a number (other_token) */
            unsigned k = i + 2 < len ? s[i + 2] - 0x80u : 64;
            if (c == 0xE2 && k < 64 && s[i + 1] == 0x80 && gp_info[k] &&
                (i + 3 == len || s[i + 3] < 0x80) && !(k == 0x19 && i > 0 && is_digit(s[i - 1]))) {
                unsigned info = gp_info[k] | z.gap;
                z.gap = 0;
                z.nls = 0;
                if ((rc = TOK_FAST_EMIT(ctx, (uint32_t)i, (uint32_t)(i + 3), info, nl)) != 0)
                    return rc;
                i += 3;
                continue;
            }
            size_t n;
            uint32_t cp = tok_decode(s, len, i, &n);
            if (cp == TOK_INVALID && is_cont(c)) {
                /* a stray continuation byte after whitespace: no token can
                 * start on it */
                z.gap |= TF_SPACE;
                i++;
                continue;
            }
            unsigned p = tok_uprop_of(cp);
            if (p & (UP_SPACE | UP_CNTRL)) {
                if ((p & UP_WB_MASK) == WB_NEWLINE) {
                    z.nls++;
                    z.gap |= TF_NL | (z.nls > 1 ? TF_PARA : 0);
                    i += n;
                } else {
                    i = tok_wb_next(s, len, i);
                }
                z.gap |= TF_SPACE;
                continue;
            }
            rc = other_token(&z, i, &next);
        }
        if (rc) return rc;
        i = next;
    }
    return 0;
}

#endif
