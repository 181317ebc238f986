/*
 * What text browsers and Markdown converters add to a page's text, told
 * apart from the text: lynx's form fields ("____ Go (BUTTON)"), the bullets
 * of lynx (* + o #), w3m (• □ ☆ ○ ■ ...) and html2text ("  * "), Markdown
 * headings ("## "), emphasis ("**bold**", "_italic_"), links
 * ("[text](url)") and table rules ("---|---"). A line becomes the spans of
 * raw that hold its text plus marks that say what was stripped, so the text
 * view still copies raw verbatim (every byte maps back) and the classifier
 * sees the marks as features, the same for every renderer.
 */
#include <stdlib.h>
#include <string.h>

#include "bp.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* A bullet a renderer writes before a list item, then a space. */
static size_t bullet_len(const unsigned char *u, size_t n) {
    if (n >= 1 && (u[0] == '*' || u[0] == '+' || u[0] == 'o' || u[0] == '#'))
        return u[0] == 'o' || u[0] == '#' ? 0 : 1;
    if (n >= 3 && u[0] == 0xE2) {
        /* • U+2022, ‣ U+2023, ◦ U+25E6, □ U+25A1, ■ U+25A0, ▪ U+25AA,
         * ○ U+25CB, ◎ U+25CE, ● U+25CF, ☆ U+2606, ★ U+2605 */
        unsigned a = u[1], b = u[2];
        if (a == 0x80 && (b == 0xA2 || b == 0xA3)) return 3;
        if (a == 0x97 && (b == 0xA6 || b == 0x8B || b == 0x8E || b == 0x8F)) return 3;
        if (a == 0x96 && (b == 0xA1 || b == 0xA0 || b == 0xAA)) return 3;
        if (a == 0x98 && (b == 0x86 || b == 0x85)) return 3;
    }
    return 0;
}

/* How far an inline mark looks for its closing half: a bound keeps a line
 * of unclosed marks linear. */
#define NORM_REACH 300

static size_t reach(size_t i, size_t e) {
    return e - i < NORM_REACH ? e : i + NORM_REACH;
}

static int is_sp(unsigned char c) {
    return c == ' ' || c == '\t';
}

size_t bp_norm_bullet(const char *s, size_t n, int indented) {
    const unsigned char *u = (const unsigned char *)s;
    size_t l = bullet_len(u, n);
    if (!l && n >= 2 && (s[0] == 'o' || s[0] == '#') && indented) l = 1;
    return l && l < n && is_sp(u[l]) ? l : 0;
}

/* A word character for emphasis edges: ASCII letters and digits, any
 * non-ASCII byte. */
static int is_wordc(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* The bytes every mark below other than headings, bullets and numbers
 * needs somewhere in the line: most lines of prose hold none of them, and
 * one pass that collects which ones occur spares such a line the searches
 * for form tokens, the pipe count and the walk over inline marks. */
enum { NB_PAREN = 1, NB_UNDER = 2, NB_BRACKET = 4, NB_STAR = 8, NB_PIPE = 16, NB_BSLASH = 32 };
static const unsigned char norm_bytes[256] = {
    ['('] = NB_PAREN, ['_'] = NB_UNDER, ['['] = NB_BRACKET,
    ['*'] = NB_STAR,  ['|'] = NB_PIPE,  ['\\'] = NB_BSLASH};

/* The NB_ bits of the bytes in u[0, n): with SSE2, sixteen bytes a step
 * compared with each of the six at once; then (and without SSE2) four
 * lookups a step with no branch on the bytes. */
static unsigned norm_seen(const unsigned char *u, size_t n) {
    unsigned a = 0, b = 0, c = 0, d = 0;
    size_t i = 0;
#if defined(__SSE2__) && defined(__GNUC__)
    if (n >= 16) {
        const __m128i k_paren = _mm_set1_epi8('('), k_under = _mm_set1_epi8('_'),
                      k_bracket = _mm_set1_epi8('['), k_star = _mm_set1_epi8('*'),
                      k_pipe = _mm_set1_epi8('|'), k_bslash = _mm_set1_epi8('\\');
        __m128i paren = _mm_setzero_si128(), under = paren, bracket = paren, star = paren,
                pipe = paren, bslash = paren;
        for (; i + 16 <= n; i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            paren = _mm_or_si128(paren, _mm_cmpeq_epi8(x, k_paren));
            under = _mm_or_si128(under, _mm_cmpeq_epi8(x, k_under));
            bracket = _mm_or_si128(bracket, _mm_cmpeq_epi8(x, k_bracket));
            star = _mm_or_si128(star, _mm_cmpeq_epi8(x, k_star));
            pipe = _mm_or_si128(pipe, _mm_cmpeq_epi8(x, k_pipe));
            bslash = _mm_or_si128(bslash, _mm_cmpeq_epi8(x, k_bslash));
        }
        a |= (_mm_movemask_epi8(paren) ? NB_PAREN : 0u) |
             (_mm_movemask_epi8(under) ? NB_UNDER : 0u) |
             (_mm_movemask_epi8(bracket) ? NB_BRACKET : 0u) |
             (_mm_movemask_epi8(star) ? NB_STAR : 0u) | (_mm_movemask_epi8(pipe) ? NB_PIPE : 0u) |
             (_mm_movemask_epi8(bslash) ? NB_BSLASH : 0u);
    }
#endif
    for (; i + 4 <= n; i += 4) {
        a |= norm_bytes[u[i]];
        b |= norm_bytes[u[i + 1]];
        c |= norm_bytes[u[i + 2]];
        d |= norm_bytes[u[i + 3]];
    }
    for (; i < n; i++) a |= norm_bytes[u[i]];
    return a | b | c | d;
}

/* The longest image file name read as a form line (bytes, brackets
 * included). */
#define BP_NORM_NAME_MAX 160

/* Form fields and images without text: "____ Go (BUTTON)", "[ ] [Go]",
 * "[svg]", "[INS::INS]", and lynx's "#alternate" (a <link>, indented).
 * seen: norm_seen of the line; a token is looked for only when its first
 * byte occurs. */
static int is_form_line(const char *s, size_t n, int indented, unsigned seen) {
    if ((seen & NB_PAREN) && bp_memmem(s, n, "(BUTTON)", 8)) return 1;
    if ((seen & NB_UNDER) && bp_memmem(s, n, "____", 4)) return 1;
    if ((seen & NB_BRACKET) && (bp_memmem(s, n, "[INS::", 6) || bp_memmem(s, n, "[DEL::", 6)))
        return 1;
    if (indented && n >= 2 && s[0] == '#' && s[1] != '#' && s[1] != ' ' && !memchr(s, ' ', n))
        return 1;
    /* only short bracketed tokens: "[svg]", "[ ] [Go]", "[logo] [Search]",
     * or a file name of any length, which has no space: w3m and lynx print
     * an image without alt text as its name ("[vw-id-space-concept-6-1]",
     * "[webb-rescue-fw-bodycam.jpg]"); a line that is not blank holds a
     * '[' then */
    if (!(seen & NB_BRACKET)) return 0;
    size_t i = 0;
    int any = 0;
    while (i < n) {
        while (i < n && is_sp((unsigned char)s[i])) i++;
        if (i == n) break;
        if (s[i] != '[') return 0;
        const char *c = memchr(s + i, ']', n - i);
        if (!c) return 0;
        size_t tl = (size_t)(c - s) - i;
        if (tl > 24 && (tl > BP_NORM_NAME_MAX || memchr(s + i, ' ', tl))) return 0;
        i = (size_t)(c - s) + 1;
        any = 1;
    }
    return any;
}

/* A Markdown table rule: only | - : and spaces, with a - in it. */
static int is_table_rule(const char *s, size_t n) {
    int dash = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = 1;
        else if (s[i] != '|' && s[i] != ':' && s[i] != ' ')
            return 0;
    }
    return dash && n >= 3;
}

/* The bytes that may open an inline mark: '*', '_', '[' and html2text's
 * escape '\\'. */
static const unsigned char opens_mark[256] = {['*'] = 1, ['_'] = 1, ['['] = 1, ['\\'] = 1};

/* The first byte of u[i, e) that may open an inline mark, or e: with SSE2
 * sixteen bytes a step, the rest by the table. */
static inline size_t next_mark(const unsigned char *u, size_t i, size_t e) {
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i k_star = _mm_set1_epi8('*'), k_under = _mm_set1_epi8('_'),
                  k_bracket = _mm_set1_epi8('['), k_bslash = _mm_set1_epi8('\\');
    for (; i + 16 <= e; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, k_star), _mm_cmpeq_epi8(x, k_under)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, k_bracket), _mm_cmpeq_epi8(x, k_bslash)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < e && !opens_mark[u[i]]) i++;
    return i;
}

/* html2text's escape of a number that would read as a list item ("1\\. ",
 * also inside a line it wrapped): a digit, '\\', '.', then a space or the
 * end. i is the backslash. */
static int escaped_number(const char *raw, size_t b, size_t i, size_t e) {
    return i > b && raw[i - 1] >= '0' && raw[i - 1] <= '9' && i + 1 < e && raw[i + 1] == '.' &&
           (i + 2 == e || is_sp((unsigned char)raw[i + 2]));
}

/* The longest link number of lynx's read as one (digits). */
#define NORM_LYNX_DIGITS 5

/* lynx -dump's link number at raw[i] (a '['): "[12]" right before the
 * link's text, at the line's start or after a space or an opening mark,
 * then the link's first letter or digit or a quote ("[12]Home"); the index after its ']', or 0. A
 * footnote ("visitors [2].") is no link number. */
static size_t lynx_number(const char *raw, size_t b, size_t i, size_t e) {
    if (i > b && !is_sp((unsigned char)raw[i - 1]) && raw[i - 1] != '(' && raw[i - 1] != ']')
        return 0;
    size_t d = i + 1;
    while (d < e && d - i <= NORM_LYNX_DIGITS && raw[d] >= '0' && raw[d] <= '9') d++;
    if (d == i + 1 || d - i > NORM_LYNX_DIGITS || d + 1 >= e || raw[d] != ']' ||
        !(is_wordc((unsigned char)raw[d + 1]) || raw[d + 1] == '"'))
        return 0;
    /* a no-break space (U+00A0) after it is a footnote's */
    if (d + 2 < e && (unsigned char)raw[d + 1] == 0xC2 && (unsigned char)raw[d + 2] == 0xA0)
        return 0;
    return d + 1;
}

/* A Markdown image at raw[i] (a '!'): "![alt](url)", the alt text without a
 * bracket; the index after its ')', or 0. An image's alt text describes a
 * picture, it is no sentence of the text around it. */
static size_t md_image_end(const char *raw, size_t i, size_t r) {
    if (i + 1 >= r || raw[i] != '!' || raw[i + 1] != '[') return 0;
    const char *mid = bp_memmem(raw + i + 2, r - i - 2, "](", 2);
    if (!mid || memchr(raw + i + 2, '[', (size_t)(mid - raw) - i - 2)) return 0;
    const char *end = memchr(mid + 2, ')', (size_t)(raw + r - mid) - 2);
    return end ? (size_t)(end - raw) + 1 : 0;
}

/* A link around an image at raw[i] (a '['): "[![alt](img)](url)", an image
 * a page links to its large copy; the index after its ')', or 0. */
static size_t md_image_link_end(const char *raw, size_t i, size_t r) {
    size_t j = md_image_end(raw, i + 1, r);
    if (!j || j + 1 >= r || raw[j] != ']' || raw[j + 1] != '(') return 0;
    const char *end = memchr(raw + j + 2, ')', r - j - 2);
    return end ? (size_t)(end - raw) + 1 : 0;
}

static size_t add_span(bp_span *sp, size_t k, size_t max, size_t b, size_t e) {
    if (b >= e) return k;
    if (k && sp[k - 1].e == b) {
        sp[k - 1].e = (uint32_t)e;
        return k;
    }
    if (k == max) { /* no room: the last span takes the rest verbatim */
        sp[k - 1].e = (uint32_t)e;
        return k;
    }
    sp[k].b = (uint32_t)b;
    sp[k].e = (uint32_t)e;
    return k + 1;
}

size_t bp_norm_lead(const char *raw, size_t b, size_t e, unsigned *marks) {
    const unsigned char *u = (const unsigned char *)raw;
    /* quote marks, nested or not: "> ", "> > ", ">> " */
    size_t q = b;
    while (q < e && raw[q] == '>') {
        q++;
        while (q < e && is_sp(u[q])) q++;
    }
    if (q > b && (q == e || is_sp(u[q - 1]))) b = q;
    size_t h = 0;
    while (b + h < e && h < 7 && raw[b + h] == '#') h++;
    if (h && h <= 6 && (b + h == e || is_sp(u[b + h]))) {
        *marks |= BP_MK_HEADING;
        b += h;
        while (b < e && is_sp(u[b])) b++;
    }
    return b;
}

/* The first link number lynx prints on a page is at most this (it numbers
 * the page's links from 1; the skipped ones are the head's few). */
#define NORM_LYNX_FIRST 100

int bp_norm_lynx_doc(const char *raw, size_t n) {
    size_t found = 0;
    unsigned long last = 0;
    for (const char *p = raw; (p = memchr(p, '[', n - (size_t)(p - raw))) != NULL; p++) {
        size_t i = (size_t)(p - raw);
        /* a line's start is where lynx_number looks no further back */
        size_t b = i == 0 || raw[i - 1] == '\n' ? i : 0;
        if (!lynx_number(raw, b, i, n)) continue;
        /* lynx's numbers rise down the page, from a small one: image ids
         * or years in brackets ("[2021]Name", "[424]14. 01. 2020") do not */
        unsigned long v = strtoul(p + 1, NULL, 10);
        if (v <= last || (!found && v > NORM_LYNX_FIRST)) continue;
        last = v;
        if (++found >= BP_NORM_LYNX_MIN) return 1;
    }
    return 0;
}

size_t bp_norm_line(const char *raw, size_t ls, size_t b, size_t e, bp_span *sp, size_t max,
                    unsigned opts, unsigned *marks) {
    const unsigned char *u = (const unsigned char *)raw;
    unsigned m = 0;
    const size_t b0 = b;
    if (b - ls >= 3) m |= BP_MK_INDENT;
    unsigned seen = norm_seen(u + b, e - b);
    if (is_form_line(raw + b, e - b, (m & BP_MK_INDENT) != 0, seen)) {
        *marks = m | BP_MK_FORM;
        return add_span(sp, 0, max, b, e);
    }
    if (is_table_rule(raw + b, e - b)) {
        *marks = m | BP_MK_TABLE;
        return 0;
    }
    /* Markdown quote marks and heading */
    b = bp_norm_lead(raw, b, e, &m);
    /* bullets, possibly several ("  *   *   * Subscribe") */
    for (;;) {
        size_t l = bullet_len(u + b, e - b);
        if (!l && b + 1 < e && (raw[b] == 'o' || raw[b] == '#') && is_sp(u[b + 1]) &&
            (m & BP_MK_INDENT))
            l = 1; /* lynx's nested bullets, only where lynx indents */
        if (!l || (b + l < e && !is_sp(u[b + l]))) break;
        m |= BP_MK_ITEM;
        b += l;
        while (b < e && is_sp(u[b])) b++;
    }
    /* html2text's escapes of a leading "-", "+" or "#" ("\\- Notice") */
    if (b + 1 < e && raw[b] == '\\' &&
        (raw[b + 1] == '-' || raw[b + 1] == '+' || raw[b + 1] == '#') &&
        (b + 2 == e || is_sp(u[b + 2])))
        b++;
    if (b < e && u[b] >= '0' && u[b] <= '9') {
        size_t d = b;
        while (d < e && d - b < 3 && u[d] >= '0' && u[d] <= '9') d++;
        if (d + 1 < e && (raw[d] == '.' || raw[d] == ')') && is_sp(u[d + 1])) m |= BP_MK_ITEM;
        if (d < e && raw[d] == '\\' && escaped_number(raw, b, d, e) && d + 2 < e) m |= BP_MK_ITEM;
    }
    /* seen still holds for what is left: a part of the line */
    if ((seen & NB_PIPE) && memchr(raw + b, '|', e - b)) {
        size_t pipes = 0;
        for (size_t i = b; i < e; i++) pipes += raw[i] == '|';
        if (pipes >= 2) m |= BP_MK_TABLE;
    }
    /* inline marks */
    size_t k = 0, from = b;
    int image = 0;
    for (size_t i = (seen & (NB_STAR | NB_UNDER | NB_BRACKET | NB_BSLASH)) ? b : e; i < e;) {
        /* most bytes open no mark: skip them by table */
        i = next_mark(u, i, e);
        if (i == e) break;
        unsigned char c = u[i];
        if (c == '\\') {
            if (escaped_number(raw, b, i, e)) { /* "1\\. " reads "1. " */
                k = add_span(sp, k, max, from, i);
                from = i + 1;
            }
            i += 2; /* an escaped byte opens no mark */
            continue;
        }
        if (c == '*' && i + 1 < e && raw[i + 1] == '*') {
            /* "**bold**": strip both marks when the pair closes on the line */
            size_t r = reach(i, e);
            const char *close = i + 2 < r ? bp_memmem(raw + i + 2, r - i - 2, "**", 2) : NULL;
            if (close && close > raw + i + 2) {
                size_t ce = (size_t)(close - raw);
                k = add_span(sp, k, max, from, i);
                k = add_span(sp, k, max, i + 2, ce);
                from = i = ce + 2;
                m |= BP_MK_EMPH;
                continue;
            }
            i += 2;
            continue;
        }
        if (c == '_' && (i == b || !is_wordc(u[i - 1])) && i + 1 < e && is_wordc(u[i + 1])) {
            /* "_italic_": a closing _ after a word character, not before one */
            size_t j = i + 1, r = reach(i, e);
            while (j < r &&
                   !(raw[j] == '_' && is_wordc(u[j - 1]) && (j + 1 == e || !is_wordc(u[j + 1]))))
                j++;
            if (j < r) {
                k = add_span(sp, k, max, from, i);
                k = add_span(sp, k, max, i + 1, j);
                from = i = j + 1;
                m |= BP_MK_EMPH;
                continue;
            }
        }
        if (c == '[') {
            /* a Markdown image, bare or linked: its marks and its alt text
             * go ("![Rhone glacier](/img/rhone.jpg)") */
            size_t r = reach(i, e);
            size_t img = i > from && raw[i - 1] == '!' ? md_image_end(raw, i - 1, r) : 0;
            size_t at = img ? i - 1 : i;
            if (!img) img = md_image_link_end(raw, i, r);
            if (img) {
                /* one of the spaces around an image inside a line goes
                 * with it: "a dam ![x](y) holds" reads "a dam holds" */
                if (img < e && is_sp(u[img]) && (at == b || is_sp(u[at - 1]))) img++;
                k = add_span(sp, k, max, from, at);
                from = i = img;
                m |= BP_MK_LINK;
                image = 1;
                continue;
            }
            /* lynx's link number, "[12]Home": a number in brackets run into
             * the word it links (a footnote's "word[3]" or a list's "[3] "
             * stays) */
            size_t d = (opts & BP_NORM_LYNX) ? lynx_number(raw, b, i, e) : 0;
            if (d) {
                k = add_span(sp, k, max, from, i);
                from = i = d;
                m |= BP_MK_LINK;
                continue;
            }
            /* "[text](url)" */
            const char *mid = bp_memmem(raw + i, r - i, "](", 2);
            const char *end = mid ? memchr(mid, ')', (size_t)(raw + r - mid)) : NULL;
            if (end && !memchr(raw + i + 1, '[', (size_t)(mid - raw) - i - 1)) {
                size_t me = (size_t)(mid - raw);
                k = add_span(sp, k, max, from, i);
                k = add_span(sp, k, max, i + 1, me);
                from = i = (size_t)(end - raw) + 1;
                m |= BP_MK_LINK;
                continue;
            }
        }
        i++;
    }
    k = add_span(sp, k, max, from, e);
    /* a line of images and nothing else is a form line, as w3m's
     * "[photo.jpg]" is: it leaves the text whole, at its exact place */
    if (image) {
        int words = 0;
        for (size_t j = 0; j < k && !words; j++)
            for (size_t x = sp[j].b; x < sp[j].e && !words; x++) words = !is_sp(u[x]);
        if (!words) {
            *marks = m | BP_MK_FORM;
            return add_span(sp, 0, max, b0, e);
        }
    }
    *marks = m;
    return k;
}
