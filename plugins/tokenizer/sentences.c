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
#include "sentutil.h"
#include "tokens.h"
#include "weft/grow.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* A text counts as wrapped when its longest line is at most WRAP_MAX bytes
 * and at least WRAP_LINES lines, and half of its non-blank lines, fill 3/4
 * of that width. A line that is longer only by a word no wrapper could
 * break (a web address) does not count. Fewer lines do when they are as a
 * mailer, w3m, lynx or html2text wraps them, at WRAP_MIN to WRAP_MAX
 * columns: half of the lines, and two that another line goes on from,
 * fill 3/4 of the width (the width is the longest line's, so one full line
 * before a shorter one is no evidence); three wrapped lines of a news
 * story then read as one sentence where a line break falls. */
#define WRAP_MAX   100
#define WRAP_LINES 4
#define WRAP_MIN   60

/* What measure counts, line by line: the longest line as a wrapper would
 * have cut it, the longest up to WRAP_MAX, and how many lines have each
 * length up to WRAP_MAX (a text with a longer line that has a space past
 * WRAP_MAX is not wrapped), and how many lines of each length another line
 * goes on from. */
typedef struct line_stats {
    size_t best, fit, prev;
    size_t count[WRAP_MAX + 1], cont[WRAP_MAX + 1];
} line_stats;

/* The line p[0, n) (no '\n' in it). */
__attribute__((always_inline)) static inline void line_add(line_stats *s, const unsigned char *p,
                                                           size_t n) {
    size_t cut = n;
    if (n > WRAP_MAX) /* where a wrapper could have broken it */
        while (cut > 0 && p[cut - 1] != ' ' && p[cut - 1] != '\t') cut--;
    if (cut > s->best) s->best = cut;
    if (n <= WRAP_MAX && n > s->fit) s->fit = n;
    s->count[n <= WRAP_MAX ? n : 0]++;
    /* lines another line goes on from: where a wrapper broke, if any */
    if (n && s->prev && s->prev <= WRAP_MAX) s->cont[s->prev]++;
    s->prev = n;
}

/* The offsets of the '\n' bytes of t[0, len) into *rec (grown), then
 * UINT32_MAX; returns how many, or (size_t)-1 when out of memory. With
 * SSE2 64 bytes are compared at a time and a block without a line break
 * costs four compares and a test (a memchr call per line cost more than
 * the line's bookkeeping). */
static size_t find_newlines(const unsigned char *t, size_t len, uint32_t **rec, size_t *cap) {
    size_t nnl = 0, i = 0;
    uint32_t *buf = *rec; /* in a local: stores through *rec reloaded it */
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i nlv = _mm_set1_epi8('\n');
    /* 64 bytes a step: most hold one line break or none */
    for (; i + 64 <= len; i += 64) {
        const __m128i *v = (const __m128i *)(const void *)(t + i);
        __m128i c0 = _mm_cmpeq_epi8(_mm_loadu_si128(v), nlv),
                c1 = _mm_cmpeq_epi8(_mm_loadu_si128(v + 1), nlv),
                c2 = _mm_cmpeq_epi8(_mm_loadu_si128(v + 2), nlv),
                c3 = _mm_cmpeq_epi8(_mm_loadu_si128(v + 3), nlv);
        if (!_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(c0, c1), _mm_or_si128(c2, c3)))) continue;
        uint64_t m = (uint64_t)(unsigned)_mm_movemask_epi8(c0) |
                     (uint64_t)(unsigned)_mm_movemask_epi8(c1) << 16 |
                     (uint64_t)(unsigned)_mm_movemask_epi8(c2) << 32 |
                     (uint64_t)(unsigned)_mm_movemask_epi8(c3) << 48;
        if (nnl + 64 > *cap) {
            if (weft_grow((void **)rec, cap, nnl + 64, sizeof **rec)) return (size_t)-1;
            buf = *rec;
        }
        do {
            buf[nnl++] = (uint32_t)(i + (unsigned)__builtin_ctzll(m));
            m &= m - 1;
        } while (m);
    }
#endif
    for (; i < len; i++)
        if (t[i] == '\n') {
            if (nnl + 1 > *cap) {
                if (weft_grow((void **)rec, cap, nnl + 1, sizeof **rec)) return (size_t)-1;
                buf = *rec;
            }
            buf[nnl++] = (uint32_t)i;
        }
    if (weft_grow((void **)rec, cap, nnl + 1, sizeof **rec)) return (size_t)-1;
    (*rec)[nnl] = UINT32_MAX;
    return nnl;
}

/* The body of both: with rec, the offsets of the '\n' bytes into *rec,
 * then UINT32_MAX (found first, then the lines measured from them). */
__attribute__((always_inline)) static inline int measure(const unsigned char *t, size_t len,
                                                         tok_lines *l, uint32_t **rec, size_t *cap,
                                                         size_t known) {
    line_stats s;
    s.best = s.fit = s.prev = 0;
    memset(s.count, 0, sizeof s.count);
    memset(s.cont, 0, sizeof s.cont);
    size_t full = 0, lines = 0, broke = 0;
    if (rec) {
        size_t nnl = known, p = 0;
        if (known == (size_t)-1)
            nnl = find_newlines(t, len, rec, cap);
        else if (!weft_grow((void **)rec, cap, nnl + 1, sizeof **rec))
            (*rec)[nnl] = UINT32_MAX;
        else
            nnl = (size_t)-1;
        if (nnl == (size_t)-1) return -1;
        const uint32_t *nl = *rec;
        for (size_t j = 0; j < nnl; j++) {
            line_add(&s, t + p, nl[j] - p);
            p = (size_t)nl[j] + 1;
        }
        if (p < len) line_add(&s, t + p, len - p);
    } else {
        const unsigned char *p = t, *end = t + len;
        while (p < end) {
            const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
            line_add(&s, p, (size_t)((nl ? nl : end) - p));
            if (!nl) break;
            p = nl + 1;
        }
    }
    size_t fit = s.fit;
    for (size_t n = 1; n <= fit; n++) {
        lines += s.count[n];
        full += 4 * n >= 3 * fit ? s.count[n] : 0;
        broke += 4 * n >= 3 * fit ? s.cont[n] : 0;
    }
    l->known = 1;
    l->width = fit;
    l->wrapped = s.best <= WRAP_MAX && 2 * full >= lines &&
                 (full >= WRAP_LINES || (fit >= WRAP_MIN && broke >= 2));
    l->nl = rec ? *rec : NULL;
    return 0;
}

void tok_measure_lines(const unsigned char *t, size_t len, tok_lines *l) {
    (void)measure(t, len, l, NULL, NULL, (size_t)-1);
}

int tok_measure_lines_nl(const unsigned char *t, size_t len, tok_lines *l, uint32_t **nl,
                         size_t *cap, size_t known) {
    return measure(t, len, l, nl, cap, known);
}

/* tok_marker_at past its inline test (k + 2 < n, a number at k). */
int tok_marker_number(const tok_seq *q, size_t k, size_t *last, long *val) {
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

/* How far inline_list looks for the second item (tokens). */
#define INLINE_LIST_REACH 200

/* A numbered list run into a line, each item after a word without end
 * punctuation ("for four nights 1) what island ... plane ride 2) I would
 * like"): at a marker "1)" or "1.)" after a word (k its number), a marker
 * "2)" after a word follows on the same line (not "1." and "2.": German
 * ordinals, "Lehrstoff 1. und 2. Semester"). Then "1)" starts a sentence,
 * and the list markers after it do as after a marker at a line start. The
 * two markers in order, each after a word that is no joiner, are what tell
 * a list from numbers in running text ("rooms 1) and 2)", "reasons 1) cost
 * and 2) time"). */
static int inline_list(const tok_seq *q, size_t k) {
    size_t last, l2;
    long val, v2;
    if (k < 1 || !has(q, k, TF_SPACE) || has(q, k, TF_NL) || kind(q, k - 1) != TK_WORD ||
        !tok_marker_at(q, k, &last, &val) || val != 1 || !is_char(q, last, ')') ||
        is_joiner(q, k - 1))
        return 0;
    size_t end = last + INLINE_LIST_REACH < q->n ? last + INLINE_LIST_REACH : q->n;
    for (size_t i = last + 1; i < end && !has(q, i, TF_NL); i++)
        if (kind(q, i) == TK_NUMBER && has(q, i, TF_SPACE) && kind(q, i - 1) == TK_WORD &&
            !is_joiner(q, i - 1) && tok_marker_at(q, i, &l2, &v2) && v2 == 2 && is_char(q, l2, ')'))
            return 1;
    return 0;
}

/* A marker and a capitalised word after it: "2. Take", "3) Plug"; with
 * loose, also a quoted capitalised word or a number ("1. \"Red\"", "1. 2024
 * budget"). */
static int marker_before_item(const tok_seq *q, size_t k, size_t *last, long *val, int loose) {
    if (!tok_marker_at(q, k, last, val) || *last + 1 >= q->n) return 0;
    size_t w = *last + 1;
    if (loose && kind(q, w) == TK_NUMBER) return 1;
    if (loose && pc(q, w) == PC_QUOTE && w + 1 < q->n && !has(q, w + 1, TF_SPACE)) w++;
    return word_like(q, w) && has(q, w, TF_UPPER);
}

/* A lower-case word that comes before an ordinal in German ("am 1. Mai",
 * "im 2. Quartal", "vom 1. Januar bis 2. Februar", "der 1. Platz"): a
 * number with a period after it is the ordinal, no list marker. */
static int ordinal_context(const tok_seq *q, size_t k) {
    static const char *const words[] = {"am",  "im",   "vom",  "zum", "zur", "beim", "bis",
                                        "ab",  "seit", "der",  "die", "das", "den",  "dem",
                                        "des", "und",  "oder", "ins", NULL};
    if (kind(q, k) != TK_WORD || !has(q, k, TF_LOWER)) return 0;
    size_t b = B(q, k), n = E(q, k) - b;
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n && !memcmp(*w, q->text + b, n)) return 1;
    return 0;
}

/* Is the word at k one that a number completes ("ranked 1.", "was 2.",
 * "came 3.", "under 5."): a joiner or another preposition, a form of "be",
 * a past tense in "-ed" or a common irregular one? A number after it ends
 * the clause, as "He ranked 1. Paris was 2." does: no list marker, which
 * follows a noun or a label ("my list 1.", "Things to pack 1."). */
static int number_complement(const tok_seq *q, size_t k) {
    static const char *const words[] = {
        "is",     "was",   "are",     "were",    "be",      "been",    "am",     "came",
        "won",    "lost",  "got",     "went",    "became",  "ran",     "rose",   "fell",
        "hit",    "took",  "made",    "had",     "beat",    "about",   "above",  "below",
        "under",  "over",  "after",   "before",  "around",  "near",    "past",   "until",
        "till",   "up",    "down",    "behind",  "against", "between", "within", "without",
        "like",   "since", "toward",  "towards", "through", "beyond",  "plus",   "minus",
        "versus", "times", "reached", NULL};
    if (kind(q, k) != TK_WORD || !has(q, k, TF_LOWER)) return 0;
    if (is_joiner(q, k)) return 1;
    const unsigned char *t = q->text + B(q, k);
    size_t n = E(q, k) - B(q, k);
    if (n >= 4 && t[n - 2] == 'e' && t[n - 1] == 'd' && t[n - 3] != 'e') return 1;
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == n && !memcmp(*w, t, n)) return 1;
    return 0;
}

/* Tokens i and j spell the same word, ASCII case aside ("Page 1 ... page
 * 2"). */
static int same_token(const tok_seq *q, size_t i, size_t j) {
    size_t n = E(q, i) - B(q, i);
    if (n != E(q, j) - B(q, j)) return 0;
    const unsigned char *a = q->text + B(q, i), *b = q->text + B(q, j);
    for (size_t x = 0; x < n; x++) {
        unsigned ca = a[x], cb = b[x];
        if (ca - 'A' < 26u) ca += 32;
        if (cb - 'A' < 26u) cb += 32;
        if (ca != cb) return 0;
    }
    return 1;
}

/* A numbered list run into a line ("Steps: 1. Open the box. 2. Take out
 * the radio.", "Shopping: 1. Bread 2. Milk", "my list 1. First item 2.
 * Second item"): at a marker "1." or "1)" (k its number) after a colon on
 * its line, or after a word that is no joiner, each item starting with a
 * capitalised word (after a colon also a quoted one or a number: "Options:
 * 1. \"Red\" 2. \"Blue\"", "Agenda: 1. 2024 budget 2. 2025 plan"), and a
 * marker "2." of the same kind later on the line, after a terminator or
 * after a word that is no joiner. Then "1." is the list's first marker,
 * not a sentence end (the rules go on after it and start a sentence at
 * "2.", as after a marker at a line start). Items in lower case ("Two
 * reasons: 1) cost 2) time") stay one sentence. After a word, "1." is as often a
 * number that ends a sentence or an ordinal: the item must not open with a
 * sentence starter ("see chapter 1. Then read chapter 2. Then"), neither
 * marker may follow a word that a number completes (number_complement:
 * "He ranked 1. Paris was 2."), no
 * sentence may end between the markers when "2." follows a word, the words
 * before the two markers must differ (a reference, "chapter 1 ... chapter
 * 2", "am 1. ... am 2."), and neither may be a word German sets before an
 * ordinal ("vom 1. Januar bis 2. Februar"). */
static int run_in_list(const tok_seq *q, size_t k, size_t *last) {
    size_t l2;
    long val, v2;
    if (k < 1 || has(q, k, TF_NL) || !has(q, k, TF_SPACE)) return 0;
    int colon = is_char(q, k - 1, ':');
    if (!marker_before_item(q, k, last, &val, colon) || val != 1) return 0;
    if (!colon) {
        size_t w = *last + 1, b = B(q, w);
        if (kind(q, k - 1) != TK_WORD || number_complement(q, k - 1) || ordinal_context(q, k - 1) ||
            tok_sentence_starter(q->text + b, E(q, w) - b))
            return 0;
    }
    unsigned char close = q->text[B(q, *last)];
    size_t end = *last + INLINE_LIST_REACH < q->n ? *last + INLINE_LIST_REACH : q->n;
    int ended = 0; /* a sentence end between the markers */
    for (size_t i = *last + 1; i < end && !has(q, i, TF_NL); i++) {
        if (kind(q, i) == TK_NUMBER && has(q, i, TF_SPACE) &&
            marker_before_item(q, i, &l2, &v2, colon) && v2 == 2 && q->text[B(q, l2)] == close) {
            if (term(q, i - 1) != T_NONE) return 1;
            /* after a word, or the quote or bracket that closes an item */
            if (((kind(q, i - 1) == TK_WORD &&
                  !(colon ? is_joiner(q, i - 1) : number_complement(q, i - 1))) ||
                 closer(q, i - 1)) &&
                (colon || (!ended && !ordinal_context(q, i - 1) && !same_token(q, i - 1, k - 1))))
                return 1;
        }
        unsigned t = (unsigned)term(q, i);
        if ((t == T_DOT || t == T_QE) && i + 1 < q->n && has(q, i + 1, TF_SPACE) &&
            has(q, i + 1, TF_UPPER))
            ended = 1;
    }
    return 0;
}

/* Is the word at k one of words[] (lower case, as written)? */
static int word_in(const tok_seq *q, size_t k, const char *const *words) {
    size_t b = B(q, k), n = E(q, k) - b;
    const unsigned char *t = q->text + b;
    if (n - 1 >= 10) return 0; /* the longest listed word has 10 bytes */
    for (const char *const *w = words; *w; w++)
        if ((unsigned char)(*w)[0] == t[0] && strlen(*w) == n && !memcmp(*w, t, n)) return 1;
    return 0;
}

/* Lower-case words that end no sentence and join no clause as the joiners
 * do: verbs of saying, determiners, prepositions. */
static const char *const open_words[] = {
    "said",   "says",    "told",    "tells",   "added",      "wrote",     "according",
    "its",    "their",   "my",      "our",     "your",       "whose",     "every",
    "during", "against", "between", "among",   "amid",       "upon",      "onto",
    "across", "toward",  "towards", "despite", "throughout", "including", NULL};

/* Words after which the next word is part of the same phrase: the
 * articles, the determiners above, the verbs of saying. */
static const char *const phrase_openers[] = {"a",     "an",    "the",   "said",  "says", "told",
                                             "tells", "added", "its",   "their", "my",   "our",
                                             "your",  "whose", "every", "this",  "that", NULL};

/* Does a terminator (closing quotes and brackets aside) end the line whose
 * last token is e, with lo its first? */
static int line_ends_term(const tok_seq *q, size_t lo, size_t e) {
    while (e > lo && closer(q, e)) e--;
    return term(q, e) != T_NONE;
}

/* Is the line that starts at token k (the line before it ending at k - 1)
 * an item of a block of lines ("Milk\nBread\nEggs", "Open the box\nCheck
 * the parts\nCall the shop")? It ends without a terminator, and its
 * paragraph goes on after it or the line before it follows another line
 * that ends without one. */
static int line_is_block_item(const tok_seq *q, size_t k) {
    size_t j = k + 1;
    while (j < q->n && !has(q, j, TF_NL)) j++;
    if (line_ends_term(q, k, j - 1)) return 0;
    if (j < q->n && !has(q, j, TF_PARA)) return 1;
    size_t s = k - 1;
    while (s > 0 && !has(q, s, TF_NL)) s--;
    return s > 0 && !has(q, s, TF_PARA) && !line_ends_term(q, 0, s - 1);
}

int tok_line_open_end_at(const tok_seq *q, size_t p, size_t k) {
    if (has(q, p, TF_LOWER) && word_in(q, p, open_words)) return 1;
    /* a phrase left open: a word after an article, a determiner or a verb
     * of saying on its line, before a capitalised word that starts no
     * sentence ("the company\nWarned", "said Tom\nWright") */
    if (p < 1 || has(q, p, TF_NL) || kind(q, p - 1) != TK_WORD || !has(q, p - 1, TF_LOWER) ||
        !word_in(q, p - 1, phrase_openers))
        return 0;
    size_t b = B(q, k);
    if (tok_sentence_starter(q->text + b, E(q, k) - b)) return 0;
    /* a line at k longer than any wrapper makes is a block of its own
     * after a title line ("Thanks for the help\nEnough said. I ...") */
    size_t e = k;
    while (e + 1 < q->n && !has(q, e + 1, TF_NL)) e++;
    if (E(q, e) - b > WRAP_MAX) return 0;
    return !line_is_block_item(q, k);
}

/* With newlines = auto: does the line that starts at token k start a new
 * sentence? Not at a soft wrap. In a text that is not hard-wrapped a line
 * break is deliberate: it ends a sentence unless the line ends on a word or
 * sign that needs more (an article, "and", "(") or the next one starts with
 * a continuing sign, or in lower case after a line without a terminator
 * (a line cut in the middle of a sentence, as PDF text is). In
 * wrapped text a short line is a headline only when the previous line has
 * no open terminator (held) and the next starts like a sentence. */
static int new_line_starts_sentence(const tok_seq *q, size_t k, int held, tok_lines *l) {
    if (!l->known) tok_measure_lines(q->text, q->len, l);
    if (tok_soft_wrap(q, k, l)) return 0;
    size_t p = k - 1;
    unsigned c = pc(q, p);
    if (line_needs_more(q, p) || continuer(q, k) || tok_line_open_end(q, p, k)) return 0;
    /* "a sentence\ncut off in the middle", but "grow up?\nwhat" */
    if (!l->wrapped) return !has(q, k, TF_LOWER) || term(q, p) != T_NONE || closer(q, p);
    return !held && !has(q, k, TF_LOWER) && c != PC_CONTINUE;
}

/* A top-level domain that a glued period may come before: "Newsfeed.Com". */
static int tld(const tok_seq *q, size_t x) {
    static const char *const tlds[] = {"com", "net", "org", "edu", "gov", "info", "biz", NULL};
    size_t b = B(q, x), n = E(q, x) - b;
    if (n < 3 || n > 4) return 0;
    char low[4];
    for (size_t i = 0; i < n; i++) {
        unsigned c = q->text[b + i];
        low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    for (const char *const *w = tlds; *w; w++)
        if (strlen(*w) == n && !memcmp(*w, low, n)) return 1;
    return 0;
}

/* A word in capitals, two letters or more, with no ASCII lower-case
 * letter ("LOUIS", "SÃO", "MARY'S"). */
static int caps_only(const tok_seq *q, size_t k) {
    if (kind(q, k) != TK_WORD || !has(q, k, TF_UPPER) || E(q, k) - B(q, k) < 2) return 0;
    for (size_t i = B(q, k); i < E(q, k); i++)
        if ((unsigned)q->text[i] - 'a' < 26u) return 0;
    return 1;
}

int tok_caps_title_dot(const tok_seq *q, size_t k) {
    if (k < 1 || k + 1 >= q->n || !is_char(q, k, '.') || has(q, k, TF_SPACE) ||
        kind(q, k - 1) != TK_WORD || !has(q, k + 1, TF_SPACE) || has(q, k + 1, TF_NL) ||
        !tok_caps_title(q->text + B(q, k - 1), E(q, k - 1) - B(q, k - 1)) || !caps_only(q, k + 1))
        return 0;
    return !tok_caps_starter(q->text + B(q, k + 1), E(q, k + 1) - B(q, k + 1));
}

/* Does token k hold an ASCII lower-case letter? */
static int has_lower(const tok_seq *q, size_t k) {
    for (size_t i = B(q, k); i < E(q, k); i++)
        if ((unsigned)q->text[i] - 'a' < 26u) return 1;
    return 0;
}

/* Does a sentence end after the terminator group [k, m] (t = term(k))? */
static int ends_after(const tok_seq *q, size_t k, size_t m, int t) {
    size_t x = m + 1;
    if (!has(q, x, TF_SPACE)) { /* "world.Today", "1,000.That", not "Newsfeed.Com" */
        if (!has(q, x, TF_UPPER) || !word_like(q, x)) return 0;
        /* an ellipsis glued to the words on both sides, "it broke..Then I",
         * "waited...Nobody", as a period is; not "...Now" opening a line,
         * nor between words in capitals, a range ("LO...HI", "A..Z") */
        if (t == T_ELL)
            return m == k && k > 0 && !has(q, k, TF_SPACE | TF_NL) && kind(q, k - 1) == TK_WORD &&
                   has_lower(q, k - 1) && has_lower(q, x);
        return (t == T_DOT || t == T_QE) && !(t == T_DOT && m == k && tld(q, x));
    }
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

/* A sentence [first, last] to emit, or with starts its first token
 * marked there (the learned splitter's rules' verdict: a store instead of
 * a call through the pointer). */
static inline int put_span(uint8_t *starts, tok_span_fn emit, void *ctx, size_t first,
                           size_t last) {
    if (starts) {
        starts[first] = 1;
        return 0;
    }
    return emit(ctx, first, last);
}

int tok_sentences_idx(const tok_seq *q, int newlines, tok_lines *lines, const uint32_t *hot,
                      uint8_t *starts, tok_span_fn emit, void *ctx) {
    /* list_mark: the token that opened the last list item */
    size_t n = q->n, start = 0, held = (size_t)-1, last, hi = 0, list_mark = 0;
    long list_next = 0, val;
    int rc;
    /* the body may move k on (past a list marker or a terminator group);
     * the next visit is the first listed token after it */
    for (size_t k = 0; k < n; k = tok_next_hot(hot, &hi, k)) {
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
                      new_line_starts_sentence(q, k, k - 1 == held, lines);
            }
            if (!brk && has(q, k, TF_SPACE) && bullet(q, k)) brk = 1;
            /* the next marker of a list; "2." inside a line after a word
             * only while the item is one sentence ("1. This is it. The
             * next part is 2. Still": the number ends that sentence; "2)"
             * is a marker whatever the item holds), and not after a word
             * that a number completes ("1. Count to 2. Then") */
            if (!brk && list_next && has(q, k, TF_SPACE) && tok_marker_at(q, k, &last, &val) &&
                val == list_next &&
                (kind(q, k - 1) != TK_WORD || q->text[B(q, last)] != '.' ||
                 (start <= list_mark && (has(q, k, TF_NL) || !number_complement(q, k - 1)))))
                brk = 1;
            if (!brk && !list_next && kind(q, k) == TK_NUMBER && inline_list(q, k)) brk = 1;
            if (brk) {
                if ((rc = put_span(starts, emit, ctx, start, k - 1)) != 0) return rc;
                start = k;
            }
        }
        if (k > start && !list_next && kind(q, k) == TK_NUMBER && run_in_list(q, k, &last)) {
            list_next = 2;
            list_mark = k;
            k = last;
            continue;
        }
        if (k == start) {
            size_t m = k + (bullet(q, k) && k + 1 < n);
            if (tok_marker_at(q, m, &last, &val)) {
                list_next = val + 1;
                list_mark = k;
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
            if ((rc = put_span(starts, emit, ctx, start, m)) != 0) return rc;
            start = m + 1;
        } else {
            held = m;
        }
        k = m;
    }
    if (start < n) return put_span(starts, emit, ctx, start, n - 1);
    return 0;
}

/* tok_sentences' emit, called with token indices: the span in bytes. */
typedef struct span_bytes {
    const tok_seq *q;
    tok_sent_fn emit;
    void *ctx;
} span_bytes;

static int emit_bytes(void *ctx, size_t first, size_t last) {
    const span_bytes *s = ctx;
    return s->emit(s->ctx, B(s->q, first), E(s->q, last));
}

int tok_sentences(const tok_seq *q, int newlines, tok_sent_fn emit, void *ctx) {
    tok_lines lines = {0};
    span_bytes s = {q, emit, ctx};
    return tok_sentences_idx(q, newlines, &lines, NULL, NULL, emit_bytes, &s);
}
