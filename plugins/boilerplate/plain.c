/*
 * Plain text already scraped: one block per line, or per paragraph when a
 * paragraph is prose wrapped over several lines. Phrase rules drop share
 * lines, teasers, cookie and copyright lines; bylines and date lines become
 * the author and date attributes; a headline repeated at the top becomes the
 * title; what is left is classified with context (classify.c).
 *
 * The text view copies lines verbatim, so every byte of it maps back to raw
 * except the separators and bytes that were not valid UTF-8 (written as
 * U+FFFD, unmapped). Text in windows-1252 is decoded first (decode.c).
 */
#include <ctype.h>
#include <string.h>

#include "bp.h"
#include "plainline.h"
#include "plainml.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

/* Removed lines that still leave two kept blocks in one stretch of text. */
#define BP_ISLAND_GAP 0

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Copies raw[b,e) into the text buffer with a run per valid UTF-8 stretch,
 * and extends the span of raw of the block being filled. raw is the decoded
 * text when the input was read in a legacy encoding (decode.c). */
static int copy_line(bp_work *w, const char *raw, size_t b, size_t e) {
    if (w->dec_on) return bp_text_copy(w, b, e);
    bp_block *blk = &w->blocks.b[w->blocks.n - 1];
    if (w->text.n == blk->tb) blk->sb = (uint32_t)b;
    blk->se = (uint32_t)e;
    if (w->valid)
        return bp_runs_add(&w->runs, (uint32_t)w->text.n, (uint32_t)b, (uint32_t)(e - b)) ||
                       bp_buf_put(&w->text, raw + b, e - b)
                   ? -1
                   : 0;
    while (b < e) {
        size_t ok = weft_utf8_valid_prefix(raw + b, e - b);
        if (ok) {
            if (bp_runs_add(&w->runs, (uint32_t)w->text.n, (uint32_t)b, (uint32_t)ok) ||
                bp_buf_put(&w->text, raw + b, ok))
                return -1;
            b += ok;
        }
        if (b < e) {
            if (bp_buf_put(&w->text, "\xEF\xBF\xBD", 3)) return -1;
            b++;
        }
    }
    return 0;
}

typedef struct line {
    size_t s, b, e; /* line start, then its text without the spaces around it */
} line;

/* The widest a hard-wrapping renderer or mailer writes its lines (w3m and
 * lynx 80 columns, mail 72, fold and fmt up to 100): a paragraph with
 * longer lines was not wrapped, and a line of it that ends a sentence ends
 * a block. */
#define BP_WRAP_MAX 100

/* The bytes of the first word of s[0, n) (up to its first space). */
static size_t first_word(const char *s, size_t n) {
    size_t k = 0;
    while (k < n && !is_space(s[k])) k++;
    return k;
}

/* Does s[0, n) open with a list item's or a quote's mark ("* ", "- ",
 * "+ ", "> ", "# ", "• ", "12. ", "3) ")? */
static int opens_item(const char *s, size_t n) {
    if (n >= 2 && memchr("*-+>#", s[0], 5) && s[1] == ' ') return 1;
    if (bp_norm_bullet(s, n, 0)) return 1;
    size_t d = 0;
    while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9') d++;
    return d && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ';
}

/* Does line i of a paragraph continue on line i + 1, as hard-wrapped prose
 * does? Wrapped lines come near the wrap width and do not end sentences: 1.
 * A wrapped line may end a sentence as well; the paragraph goes on when
 * the next line's first word would not have fitted after it (a wrapper
 * breaks a line only there), and the next line then opens a block of its
 * own in the same paragraph (2: the text view parts them with a line
 * break, not a blank line; the blocks are those the classifier was trained
 * on). A line that ends a sentence with room left ends its paragraph, as
 * does one before a list item: 0. */
static int continues(const char *raw, const line *ln, size_t n, size_t i, size_t max) {
    if (i + 1 >= n) return 0;
    size_t len = ln[i].e - ln[i].b, next = ln[i + 1].e - ln[i + 1].b;
    if (max < 50 || len * 4 < max * 3) return 0;
    if (bp_sentence_end(raw + ln[i].b, len)) {
        const char *t = raw + ln[i + 1].b;
        return max <= BP_WRAP_MAX && len + 1 + first_word(t, next) > max && !opens_item(t, next)
                   ? 2
                   : 0;
    }
    /* The next line is wrapped too, or ends the paragraph's last sentence. */
    return next * 4 >= max * 3 || bp_sentence_end(raw + ln[i + 1].b, next);
}

static int add_block(bp_work *w, const char *raw, const line *ln, size_t n, uint32_t para, int norm,
                     unsigned norm_opts) {
    bp_block *b = bp_blocks_push(&w->blocks);
    if (!b) return -1;
    b->kind = BK_LINE;
    b->anchor = (int32_t)para;
    b->tb = (uint32_t)w->text.n;
    b->rb = (uint32_t)w->runs.n;
    unsigned marks = 0;
    int any = 0;
    for (size_t i = 0; i < n; i++) {
        /* the line less its renderer marks (plainnorm.c) */
        bp_span sp[32];
        unsigned m;
        size_t ns = 1;
        sp[0] = (bp_span){(uint32_t)ln[i].b, (uint32_t)ln[i].e};
        m = 0;
        if (norm)
            ns = bp_norm_line(raw, ln[i].s, ln[i].b, ln[i].e, sp, 32, norm_opts, &m);
        else
            sp[0].b = (uint32_t)bp_norm_lead(raw, ln[i].b, ln[i].e, &m);
        if (ns == 1 && sp[0].b == sp[0].e) ns = 0; /* marks alone ("#", ">") */
        marks |= m;
        if (!ns) continue;
        if (any++ && bp_buf_putc(&w->text, '\n')) return -1;
        for (size_t k = 0; k < ns; k++)
            if (copy_line(w, raw, sp[k].b, sp[k].e)) return -1;
    }
    b->mark = (uint8_t)marks;
    if (marks & BP_MK_FORM) b->reason = BP_R_FORM;
    b->te = (uint32_t)w->text.n;
    b->re = (uint32_t)w->runs.n;
    return 0;
}

int bp_plain(bp_work *w, const char *raw, size_t n) {
    /* Text that is not UTF-8 may be Latin-1: then the lines are those of
     * the decoded text. */
    if (bp_text_decode(w, raw, n, &raw, &n)) return -1;
    size_t i = 0;
    if (n >= 3 && (unsigned char)raw[0] == 0xEF && (unsigned char)raw[1] == 0xBB &&
        (unsigned char)raw[2] == 0xBF)
        i = 3;
    uint32_t para = 0;
    /* A renderer's marks are a page's: short text (a review, a tweet) comes
     * back as written, "* " and "#tag" included. */
    int norm = n > BP_NORM_MIN_BYTES;
    unsigned norm_opts = norm && bp_norm_lynx_doc(raw, n) ? BP_NORM_LYNX : 0;
    /* Lines of the current paragraph; a paragraph rarely has many, and one
     * that does is split into single-line blocks past the cap. */
    line ln[64];
    size_t nl = 0;
    while (i <= n) {
        const char *nlp = memchr(raw + i, '\n', n - i);
        size_t e = nlp ? (size_t)(nlp - raw) : n;
        size_t b = i, t = e;
        while (b < t && is_space(raw[b])) b++;
        while (t > b && is_space(raw[t - 1])) t--;
        int blank = b == t;
        if (!blank) ln[nl++] = (line){i, b, t};
        if ((blank || e >= n || nl == sizeof ln / sizeof ln[0]) && nl) {
            /* the paragraph's longest line: the wrap width */
            size_t max = 0;
            for (size_t k = 0; k < nl; k++)
                if (ln[k].e - ln[k].b > max) max = ln[k].e - ln[k].b;
            int on = 0;
            for (size_t k = 0; k < nl;) {
                size_t j = k;
                int c;
                while ((c = continues(raw, ln, nl, j, max)) == 1) j++;
                if (add_block(w, raw, &ln[k], j - k + 1, para, norm, norm_opts)) return -1;
                if (on) w->blocks.b[w->blocks.n - 1].kind = BK_LINE_ON;
                on = c == 2;
                k = j + 1;
            }
            nl = 0;
            para++;
        }
        if (e >= n) break;
        i = e + 1;
    }
    return 0;
}

/* Words of a date: months and weekdays (a date may start with one), then
 * the small words around them. */
static const char *const date_months[] = {
    "jan",      "feb",       "mar",        "apr",      "may",       "jun",       "jul",
    "aug",      "sep",       "sept",       "oct",      "nov",       "dec",       "january",
    "february", "march",     "april",      "june",     "july",      "august",    "september",
    "october",  "november",  "december",   "januar",   "februar",   "märz",      "mai",
    "juni",     "juli",      "oktober",    "dezember", "janvier",   "février",   "mars",
    "avril",    "juin",      "juillet",    "août",     "septembre", "octobre",   "novembre",
    "décembre", "enero",     "febrero",    "marzo",    "abril",     "mayo",      "junio",
    "julio",    "agosto",    "septiembre", "octubre",  "noviembre", "diciembre", "mon",
    "tue",      "wed",       "thu",        "fri",      "sat",       "sun",       "monday",
    "tuesday",  "wednesday", "thursday",   "friday",   "saturday",  "sunday",    NULL};
static const char *const date_words[] = {"updated",
                                         "published",
                                         "posted",
                                         "am",
                                         "pm",
                                         "a",
                                         "m",
                                         "p",
                                         "et",
                                         "gmt",
                                         "utc",
                                         "uhr",
                                         "at",
                                         "on",
                                         "stand",
                                         "aktualisiert",
                                         "veröffentlicht",
                                         "am",
                                         "le",
                                         "el",
                                         "de",
                                         "del",
                                         "publié",
                                         "publicado",
                                         "of",
                                         NULL};

/* Is s[0, n), ASCII case folded, the word w (lower case)? Compares no
 * further than w's own end, so nothing is measured first. */
static int word_eq_ci(const char *w, const char *s, size_t n) {
    for (size_t j = 0; j < n; j++) {
        char c = s[j] >= 'A' && s[j] <= 'Z' ? (char)(s[j] | 0x20) : s[j];
        if (!w[j] || w[j] != c) return 0;
    }
    return w[n] == '\0';
}

static int in_list(const char *const *l, const char *s, size_t n) {
    if (!n) return 0; /* the lists hold no empty word */
    /* the first byte, folded once: most entries differ there */
    char c0 = s[0] >= 'A' && s[0] <= 'Z' ? (char)(s[0] | 0x20) : s[0];
    for (size_t k = 0; l[k]; k++)
        if (l[k][0] == c0 && word_eq_ci(l[k], s, n)) return 1;
    return 0;
}

/* A line that is only a date, like "November 18, 2019 10:32 am" or
 * "2019-11-18" or "18.11.2019, 14:05 Uhr". */
static int is_date_line(const char *s, size_t n, uint32_t nchars) {
    if (nchars > 60 || nchars < 6) return 0;
    int year = 0, letters = 0, digits = 0;
    for (size_t i = 0; i + 3 < n; i++)
        if ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0'))
            if (s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9' &&
                (i + 4 == n || s[i + 4] < '0' || s[i + 4] > '9') &&
                (i == 0 || s[i - 1] < '0' || s[i - 1] > '9'))
                year = 1;
    if (!year) return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (unsigned char)s[i] >= 0x80)
            letters++;
    }

    if (letters == 0) return digits >= 6;
    /* Letters must be month names and small words, not a sentence. */
    size_t words = 0, known = 0;
    for (size_t i = 0; i < n;) {
        while (i < n &&
               !(((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (unsigned char)s[i] >= 0x80))
            i++;
        size_t b = i;
        while (i < n &&
               (((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (unsigned char)s[i] >= 0x80))
            i++;
        if (i == b) break;
        words++;
        known += in_list(date_months, s + b, i - b) || in_list(date_words, s + b, i - b);
        /* a second word of neither list decides: no later word undoes it */
        if (words > known + 1) return 0;
    }
    return known >= 1 && words <= known + 1;
}

/* A date line's or a byline's words up to an update notice after them:
 * "4 March 2027 · Updated 2 hours ago" reads "4 March 2027", "Published 4
 * March 2027 | Last updated: 10:15" reads "Published 4 March 2027". The
 * first date of a byline is the article's; a relative one ("2 hours ago")
 * is no date. The bytes kept, n when no notice follows other words. */
/* The first update notice of s[0, n) at a word's start past s[0]
 * ("Updated", "Last updated", "aktualisiert", "mis à jour"), or NULL. */
static const char *find_notice(const char *s, size_t n) {
    static const char *const notices[] = {"updated", "aktualisiert", "mis \xC3\xA0 jour",
                                          "actualizado", "aggiornato"};
    /* one pass over the word starts; only a, m and u open a notice */
    for (size_t i = 1; i < n; i++) {
        char c = s[i - 1], f = (char)(s[i] | 0x20);
        if (!(c == ' ' || c == '|' || c == '(' || c == ',') || (f != 'u' && f != 'a' && f != 'm'))
            continue;
        for (size_t k = 0; k < sizeof notices / sizeof notices[0]; k++)
            if (notices[k][0] == f && bp_starts_with_ci(s + i, n - i, notices[k])) return s + i;
    }
    return NULL;
}

static size_t before_update(const char *s, size_t n) {
    const char *u = find_notice(s, n);
    if (!u) return n;
    size_t h = (size_t)(u - s);
    while (h && (s[h - 1] == ' ' || s[h - 1] == '(' || s[h - 1] == ',')) h--;
    /* "Last updated", "zuletzt aktualisiert" */
    if (h >= 4 && bp_starts_with_ci(s + h - 4, 4, "last") && (h == 4 || s[h - 5] == ' '))
        h -= 4;
    else if (h >= 7 && bp_starts_with_ci(s + h - 7, 7, "zuletzt") && (h == 7 || s[h - 8] == ' '))
        h -= 7;
    /* the separator before the notice: " | ", " · ", " - ", " – " */
    for (;;) {
        while (h && (s[h - 1] == ' ' || s[h - 1] == ',')) h--;
        size_t l = 0;
        if (h && (s[h - 1] == '|' || s[h - 1] == '-'))
            l = 1;
        else if (h >= 2 && (unsigned char)s[h - 2] == 0xC2 && (unsigned char)s[h - 1] == 0xB7)
            l = 2;
        else if (h >= 3 && (unsigned char)s[h - 3] == 0xE2 && (unsigned char)s[h - 2] == 0x80 &&
                 ((unsigned char)s[h - 1] == 0x93 || (unsigned char)s[h - 1] == 0x94 ||
                  (unsigned char)s[h - 1] == 0xA2))
            l = 3;
        if (!l) break;
        h -= l;
    }
    return h;
}

/* A date line with an update notice after it ("4 March 2027 · Updated 2
 * hours ago"): the bytes of its date part, or 0. A line longer than
 * BP_DATED_UPDATE_MAX bytes is none (a date line is at most 60
 * characters, the notice a few words). */
#define BP_DATED_UPDATE_MAX 120

static size_t dated_update_line(const char *s, size_t n) {
    if (n > BP_DATED_UPDATE_MAX) return 0; /* prose with a year: no scan */
    size_t h = before_update(s, n);
    return h && h < n && is_date_line(s, h, bp_count_chars(s, h)) ? h : 0;
}

/* The separator of a menu line at s[at] (a space), as an index into the
 * counts of is_link_list, or -1: " | ", " · ", " • ", " / ", " :: ", " – ",
 * " - ".
 * *len is its length in bytes. */
static int link_sep_at(const unsigned char *u, size_t left, size_t *len) {
    if (left < 3) return -1;
    switch (u[1]) {
    case '|':
        *len = 3;
        return u[2] == ' ' ? 0 : -1;
    case '/':
        *len = 3;
        return u[2] == ' ' ? 3 : -1;
    case '-':
        *len = 3;
        return u[2] == ' ' ? 6 : -1;
    case ':':
        *len = 4;
        return left >= 4 && u[2] == ':' && u[3] == ' ' ? 4 : -1;
    case 0xC2:
        *len = 4;
        return left >= 4 && u[2] == 0xB7 && u[3] == ' ' ? 1 : -1;
    case 0xE2:
        *len = 5;
        if (left < 5 || u[2] != 0x80 || u[4] != ' ') return -1;
        return u[3] == 0xA2 ? 2 : u[3] == 0x93 ? 5 : -1;
    default:
        return -1;
    }
}

/* A line of menu items: "Home | News | Sport | Weather". Every separator
 * opens with a space, so one pass over the spaces counts them all, each as
 * a search from the end of its last match would (matches do not overlap).
 * may_url: whether the line may hold "http" or "www." (bp_line.url); when
 * it does not, the bare-link tests need not search it. */
/* Does s[0, n) hold an ASCII letter or a character from U+0080? */
static int has_letter(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return 1;
    }
    return 0;
}

/* Can byte c follow a separator's opening space (link_sep_at's u[1])? */
static int link_sep_second(unsigned char c) {
    return c == '|' || c == '/' || c == '-' || c == ':' || c == 0xC2 || c == 0xE2;
}

/* The first at' >= at with u[at'] a space and u[at' + 1] a byte
 * link_sep_second takes, or n - 1 (n >= 1) when there is none: every other
 * space opens no separator (link_sep_at gives -1 there). With SSE2,
 * sixteen places a step. */
static size_t link_sep_next(const unsigned char *u, size_t n, size_t at) {
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i k_sp = _mm_set1_epi8(' '), k_bar = _mm_set1_epi8('|'),
                  k_slash = _mm_set1_epi8('/'), k_dash = _mm_set1_epi8('-'),
                  k_colon = _mm_set1_epi8(':'), k_c2 = _mm_set1_epi8((char)0xC2),
                  k_e2 = _mm_set1_epi8((char)0xE2);
    for (; at + 17 <= n; at += 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(u + at));
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(u + at + 1));
        __m128i second = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, k_bar), _mm_cmpeq_epi8(b, k_slash)),
                         _mm_or_si128(_mm_cmpeq_epi8(b, k_dash), _mm_cmpeq_epi8(b, k_colon))),
            _mm_or_si128(_mm_cmpeq_epi8(b, k_c2), _mm_cmpeq_epi8(b, k_e2)));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, k_sp), second));
        if (m) return at + (size_t)__builtin_ctz(m);
    }
#endif
    for (; at + 1 < n; at++)
        if (u[at] == ' ' && link_sep_second(u[at + 1])) return at;
    return n - 1;
}

static int is_link_list(const char *s, size_t n, int send, int may_url) {
    enum { NSEPS = 7, HYPHEN = 6 };
    /* a line that ends as a sentence (send: bp_sentence_end(s, n)) is no
     * menu, whatever separates its words: the separators are counted only
     * on the other lines */
    if (!send && n >= 3) {
        size_t cnt[NSEPS] = {0}, from[NSEPS] = {0};
        const unsigned char *u = (const unsigned char *)s;
        for (size_t at = link_sep_next(u, n, 0); at + 1 < n; at = link_sep_next(u, n, at + 1)) {
            size_t len = 0;
            int k = link_sep_at(u + at, n - at, &len);
            if (k >= 0 && at >= from[k]) {
                /* a hyphen after an item without a letter is a table's
                 * empty cell ("1.  -  -  -  o  xo"), not a menu's */
                if (k != HYPHEN || has_letter(s + from[k], at - from[k])) cnt[k]++;
                from[k] = at + len;
            }
        }
        /* a hyphen between spaces is also a writer's dash ("The plan -
         * which was late - is back"): four items of menu words at least */
        for (size_t k = 0; k < NSEPS; k++)
            if (k == HYPHEN ? cnt[k] >= 3 && n / (cnt[k] + 1) < 20
                            : cnt[k] >= 2 && n / (cnt[k] + 1) < 30)
                return 1;
    }
    return may_url && (bp_find_ci(s, n, "http://") || bp_find_ci(s, n, "https://") ||
                       (bp_starts_with_ci(s, n, "www.") && !memchr(s, ' ', n)));
}

/* "3 Comments", "Comments (12)", "Leave a Reply", "12 Kommentare". */
static int is_comments_header(const char *s, size_t n) {
    static const char *const words[] = {"comments",
                                        "comment",
                                        "kommentare",
                                        "kommentar",
                                        "commentaires",
                                        "comentarios",
                                        "responses",
                                        "replies",
                                        "leave a reply",
                                        "leave a comment",
                                        "add a comment",
                                        "post a comment",
                                        "join the discussion",
                                        NULL};
    if (n > 40) return 0;
    size_t i = 0;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ' ')) i++;
    if (i == n) return 0;
    /* the words are lower case: their first letter, folded once */
    char c0 = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
    for (size_t k = 0; words[k]; k++) {
        if (words[k][0] == c0 && bp_starts_with_ci(s + i, n - i, words[k])) {
            size_t j = i + strlen(words[k]);
            while (j < n && (s[j] == ' ' || s[j] == ':' || s[j] == '(' || s[j] == ')' ||
                             (s[j] >= '0' && s[j] <= '9')))
                j++;
            if (j == n) return 1;
        }
    }
    return 0;
}

/* Lines a phrase rule removed (an ad, a share line, a caption, a teaser)
 * interrupt an article without ending it; lines the classifier found too
 * short or too poor in stopwords separate it from other text. */
static int breaks_island(int reason) {
    return reason != BP_R_AD && reason != BP_R_CAPTION && reason != BP_R_SHARE;
}

/* How far down the page the headline and its copies are looked for. */
#define BP_TITLE_WINDOW 40

/* Does the line read like a headline (not a sentence, not a paragraph)? */
static int title_like(const char *s, size_t n, uint32_t nchars) {
    if (nchars >= 200 || bp_sentence_end(s, n) || memchr(s, '\n', n)) return 0;
    /* Words, not a rule of underscores or dashes. */
    size_t letters = 0;
    for (size_t i = 0; i < n && letters < 2; i++)
        letters += ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') || (unsigned char)s[i] >= 0xC0;
    return letters >= 2;
}

/* Is b a copy of the headline a ("Headline" under "Headline | Site")? */
static int same_title(const char *a, size_t an, const char *b, size_t bn) {
    return bp_same_words(b, bn, a, an) ||
           (bn < an && memcmp(b, a, bn) == 0 && bp_count_chars(b, bn) >= 15);
}

/* A block a renderer joined from copies of one headline (its lines look
 * like hard-wrapped prose when the headline is long): the length of its
 * first line, or 0 when it is not such a block. */
static size_t joined_copies(const char *s, size_t n) {
    const char *nl = memchr(s, '\n', n);
    if (!nl) return 0;
    size_t first = (size_t)(nl - s);
    if (!title_like(s, first, bp_count_chars(s, first))) return 0;
    for (size_t b = first + 1; b < n;) {
        const char *e = memchr(s + b, '\n', n - b);
        size_t len = e ? (size_t)(e - (s + b)) : n - b;
        if (!same_title(s, first, s + b, len)) return 0;
        b += len + 1;
    }
    return first;
}

/* How far below a headline the article's first sentence is looked for: a
 * copy of the headline, a byline or a date line may come between, nothing
 * else. */
#define BP_TOPIC_REACH 3

/* A headline whose topic is a phrase word ("Newsletter publisher fined",
 * "Council bans cookie sales at school fair"): a line the phrase rules
 * remove as a label, which names the word without asking anything of the
 * reader (bp_rule_topic_line), with a sentence of prose right below it, as
 * an article's first paragraph is. A banner's label ("Cookie policy and
 * privacy settings") has another label, a button or the menu below it. */
static int topic_headline(const bp_work *w, const bp_block *b) {
    const bp_block *bl = w->blocks.b;
    size_t i = (size_t)(b - bl), nb = w->blocks.n;
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    if (!title_like(s, n, b->nchars) || !bp_rule_topic_line(&w->sh->ph, s, n)) return 0;
    for (size_t j = i + 1; j < nb && j <= i + BP_TOPIC_REACH; j++) {
        const char *t = w->text.p + bl[j].tb;
        size_t tn = bl[j].te - bl[j].tb;
        if (same_title(s, n, t, tn) || is_date_line(t, tn, bl[j].nchars) ||
            bp_rule_line_plain(&w->sh->ph, t, tn) == BP_R_BYLINE)
            continue;
        return bp_sentence_end(t, tn) && bp_prose_line(w, t, tn);
    }
    return 0;
}

/* Lines at the top that are not the title whatever their shape: a skip
 * link, a menu, a share or login line. */
static int above_title(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    /* a renderer's form line, or a <link> lynx writes as "#Daily Courier
     * RSS feed" (a Markdown heading has a space after its '#') */
    int link = n > 1 && s[0] == '#' && s[1] != ' ' && s[1] != '#' && b->nchars < 60;
    return link || b->reason == BP_R_FORM ||
           (bp_rule_line_plain(&w->sh->ph, s, n) != BP_KEEP && !topic_headline(w, b)) ||
           (b->nchars < 300 &&
            is_link_list(s, n, w->lines[b - w->blocks.b].send, w->lines[b - w->blocks.b].url));
}

/* How many lines a letter's signature has at most. */
#define BP_SIGNATURE_LINES 4

/* How many labels above a headline plain_title passes over. */
#define BP_TITLE_LABELS 6

/* How many lines a rule names (share, login, cookie) plain_title passes
 * over besides the labels. */
#define BP_TITLE_FURNITURE 3

/* A label of a word or two at the top (a site's name, a menu item, a
 * section): no sentence, under 20 characters or under three words. */
static int is_label(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    if (b->nchars >= 40 || bp_sentence_end(s, n) || memchr(s, '\n', n) || n == 0) return 0;
    return b->nchars < 20 || bp_count_words(s, n) < 3;
}

/* Small words a headline has in Title Case ("Students Return To The Old
 * School") and a menu of section names has not ("Home World Sport"). */
static const char *const title_small[] = {"the",  "a",    "an",  "to",    "of",   "for",  "in",
                                          "on",   "at",   "by",  "with",  "from", "as",   "is",
                                          "are",  "was",  "be",  "after", "over", "into", "but",
                                          "than", "will", "has", "have",  "not",  "its",  NULL};

/* The most words an item of a menu parted by spaces has ("Sign in", "Contact
 * us", "Terms of use"). */
#define BP_MENU_ITEM_WORDS 3

/* Items parted by two spaces or more, as w3m and column layouts print a
 * menu ("Menu  Search  Sign in"): three items at least, each of a few words
 * opening with a capital or a digit. A headline has single spaces between
 * its words. */
static int spaced_items(const char *s, size_t n) {
    size_t items = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        if (i == n) break;
        unsigned char c = (unsigned char)s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80)) return 0;
        size_t words = 1;
        while (i < n && !(s[i] == ' ' && (i + 1 == n || s[i + 1] == ' '))) words += s[i++] == ' ';
        if (words > BP_MENU_ITEM_WORDS) return 0;
        items++;
    }
    return items >= 3;
}

/* A run of short capitalised items, as a menu is ("Home  News  Sport
 * Weather", "[2]Home [3]World [4]Sport" less lynx's numbers): one line of
 * three words or more, each opening with a capital or a digit, none of
 * them a small word of a headline, no sentence end; or items parted by
 * wide spaces (spaced_items: "Menu  Search  Sign in"). */
static int caps_run(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb, words = 0;
    if (n == 0 || b->nchars >= 100 || memchr(s, '\n', n) || bp_sentence_end(s, n)) return 0;
    if (spaced_items(s, n)) return 1;
    for (size_t i = 0; i < n;) {
        while (i < n && !isalnum((unsigned char)s[i]) && (unsigned char)s[i] < 0x80) i++;
        if (i == n) break;
        size_t a = i;
        while (i < n &&
               (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80 || s[i] == '\''))
            i++;
        unsigned char c = (unsigned char)s[a];
        if (c >= 'a' && c <= 'z') return 0; /* a word in lower case */
        if (in_list(title_small, s + a, i - a)) return 0;
        words++;
    }
    return words >= 3;
}

/* A line that reads like a headline under the labels at the top: title
 * like, three words and 20 characters at least, no label, no menu, nothing
 * the rules above the title pass over. */
static int headline_like(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    return title_like(s, n, b->nchars) && b->nchars >= 20 && bp_count_words(s, n) >= 3 &&
           !caps_run(w, b) && !above_title(w, b);
}

/* Marks the copies of the headline h[0, hn) among blocks (from, to) and
 * returns how many there were. */
static size_t mark_copies(bp_work *w, size_t from, size_t to, const char *h, size_t hn) {
    bp_block *bl = w->blocks.b;
    size_t copies = 0;
    for (size_t j = from + 1; j < to; j++) {
        const char *s = w->text.p + bl[j].tb;
        size_t n = bl[j].te - bl[j].tb;
        /* A paragraph is neither a copy nor a few copies joined. */
        if (n > 4 * hn + 16) continue;
        size_t joined = joined_copies(s, n);
        if (same_title(h, hn, s, n) || (joined && same_title(h, hn, s, joined))) {
            bl[j].reason = BP_R_DUP_TITLE;
            copies++;
            bp_set_meta(&w->meta[BM_TITLE], s, n);
        }
    }
    return copies;
}

/* Phase 1: the title. A headline printed twice near the top (the page's
 * title and its heading, or two lines a renderer joined) is the title, and
 * every copy leaves the text. Otherwise the first line is the title when it
 * reads like one (skip links and menus above it do not count); it leaves the
 * text only with favor = precision. */
static void plain_title(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    size_t top = nb < BP_TITLE_WINDOW ? nb : BP_TITLE_WINDOW;
    size_t c = 0;
    while (c < top && c < 10 && above_title(w, &bl[c])) c++;
    if (c >= top) return;
    /* A headline repeated: the first title-like line with a copy below. */
    for (size_t i = c; i < top; i++) {
        const char *s = tx + bl[i].tb;
        size_t n = bl[i].te - bl[i].tb;
        size_t joined = joined_copies(s, n);
        if (joined) {
            bl[i].reason = BP_R_DUP_TITLE;
            bp_set_meta(&w->meta[BM_TITLE], s, joined);
            mark_copies(w, i, top, s, joined);
            return;
        }
        /* Short labels repeat in menus ("News", "Sport"): a headline has
         * a few words. */
        if (!title_like(s, n, bl[i].nchars) || (i > c && bl[i].nchars < 20) ||
            above_title(w, &bl[i]))
            continue;
        if (mark_copies(w, i, top, s, n)) {
            bl[i].reason = BP_R_DUP_TITLE;
            bp_set_meta(&w->meta[BM_TITLE], s, n);
            return;
        }
    }
    /* No copy: a single line that reads like a headline. A text of one
     * block (a tweet, a review) has no title. Labels of a word or two above
     * it ("World", "Daily Courier", "* Home": menu items or the site's name,
     * never the headline) are passed over, a few at most. */
    size_t h = c, labels = 0, furniture = 0;
    for (; h < top; h++) {
        /* a cookie banner, a share or login line under the menu is never
         * the title either; they count apart from the labels, so that a
         * menu of a few items and a share line under it are passed over
         * together ("* Home ... * Sign in", "Share on Facebook Share on
         * Twitter", then the headline) */
        if (above_title(w, &bl[h])) {
            if (++furniture > BP_TITLE_FURNITURE) break;
            continue;
        }
        if (is_label(w, &bl[h])) {
            if (++labels > BP_TITLE_LABELS) break;
            continue;
        }
        /* a menu line in capitalised items gives way to a headline in the
         * next few lines ("Home  News  Sport" over a centred headline),
         * also past a cookie line between them; without one below, it may
         * be a headline in Title Case itself */
        if (!caps_run(w, &bl[h])) break;
        /* ...past labels, lines a rule names and further menu lines */
        size_t k = h + 1;
        while (k < top && k < h + BP_TITLE_LABELS &&
               (is_label(w, &bl[k]) || above_title(w, &bl[k]) || caps_run(w, &bl[k])))
            k++;
        if (k >= top || k >= h + BP_TITLE_LABELS || !headline_like(w, &bl[k])) break;
    }
    /* past the labels and lines a rule names: no headline below them */
    if (h >= top || nb - h < 2 || is_label(w, &bl[h]) || above_title(w, &bl[h])) return;
    const bp_block *t0 = &bl[h];
    const char *s = tx + t0->tb;
    size_t n = t0->te - t0->tb;
    if (!title_like(s, n, t0->nchars)) return;
    /* short text is read with its marks: "# Headline" is a heading still */
    size_t hash = 0;
    while (hash < n && hash < 6 && s[hash] == '#') hash++;
    if (hash && hash < n && s[hash] == ' ') {
        s += hash, n -= hash;
        while (n && s[0] == ' ') s++, n--;
    }
    if (t0->nchars < 20 || bp_count_words(s, n) < 3) return;
    /* a headline the phrase rules would remove as a label leaves the text
     * as the headline it is, whatever favor says */
    if (w->sh->conf.favor == 0 || bp_rule_line_plain(&w->sh->ph, s, n) != BP_KEEP)
        bl[h].reason = BP_R_DUP_TITLE;
    bp_set_meta(&w->meta[BM_TITLE], s, n);
}

size_t bp_sep_len(const char *s, size_t n, size_t k) {
    if (s[k] == '|') return 1;
    if (k + 1 < n && (unsigned char)s[k] == 0xC2 && (unsigned char)s[k + 1] == 0xB7) return 2;
    if (k + 2 < n && (unsigned char)s[k] == 0xE2 && (unsigned char)s[k + 1] == 0x80 &&
        ((unsigned char)s[k + 2] == 0xA2 || (unsigned char)s[k + 2] == 0x93 ||
         (unsigned char)s[k + 2] == 0x94))
        return 3;
    if (s[k] == '-' && k && s[k - 1] == ' ' && k + 1 < n && s[k + 1] == ' ') return 1;
    return 0;
}

static void trim_span(const char **s, size_t *n) {
    while (*n && (is_space(**s) || **s == ',' || **s == ':')) (*s)++, (*n)--;
    while (*n && (is_space((*s)[*n - 1]) || (*s)[*n - 1] == ',')) (*n)--;
}

/* The date of a date line or of a byline's date part, from its first
 * number, month or weekday on: the words before it ("Published", "Posted
 * on", "Updated:") are no part of the date. */
static int date_parts(const char *s, size_t n, size_t *pb, size_t *pn);

static void set_date_from(bp_work *w, const char *p, size_t pn) {
    size_t db, dn0;
    if (date_parts(p, pn, &db, &dn0)) p += db, pn = dn0; /* one field of a line of dates */
    for (size_t i = 0; i < pn;) {
        size_t j = i;
        while (j < pn && p[j] != ' ') j++;
        size_t wn = j;
        while (wn > i && (p[wn - 1] == ',' || p[wn - 1] == '.' || p[wn - 1] == ':')) wn--;
        if ((p[i] >= '0' && p[i] <= '9') || in_list(date_months, p + i, wn - i)) {
            const char *d = p + i;
            size_t dn = pn - i;
            trim_span(&d, &dn);
            if (dn) bp_set_meta(&w->meta[BM_DATE], d, dn);
            return;
        }
        i = j + 1;
    }
    bp_set_meta(&w->meta[BM_DATE], p, pn);
}

/* The date inside a byline ("By A. Writer | Published 10 May 2026, 14:05",
 * "Posted on 12 March 2024 by Jane Doe"): the first part between separators
 * (and " by ") that reads as a date line. */
static void take_byline_date(bp_work *w, const char *s, size_t n) {
    if (w->meta[BM_DATE].n) return;
    for (size_t b = 0; b < n;) {
        size_t e = b, skip = 0;
        while (e < n && !(skip = bp_sep_len(s, n, e)) &&
               !(e + 4 <= n && bp_starts_with_ci(s + e, n - e, " by ")))
            e++;
        if (e < n && !skip) skip = 4;
        const char *p = s + b;
        size_t pn = e - b;
        trim_span(&p, &pn);
        if (pn && is_date_line(p, pn, bp_count_chars(p, pn))) {
            set_date_from(w, p, pn);
            return;
        }
        b = e + skip;
    }
}

/* A byline or date line as read without its Markdown emphasis and links,
 * when it was not normalised (short text keeps its marks): "**By Jane
 * Roe** | _4 May 2026_" reads "By Jane Roe | 4 May 2026", "By [Jane
 * Roe](https://x.org/jr)" reads "By Jane Roe". Every '*' goes, a '_' at
 * the edge of a word, and a link's brackets and address; *s and *n then
 * point into buf. */
#define BP_BYLINE_MAX 512
static void unmark(const char **s, size_t *n, char *buf) {
    if (*n > BP_BYLINE_MAX ||
        (!memchr(*s, '*', *n) && !memchr(*s, '_', *n) && !memchr(*s, '[', *n)))
        return;
    const unsigned char *u = (const unsigned char *)*s;
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (u[i] == '*') continue;
        if (u[i] == '[' || u[i] == ']') {
            /* "[text](url)": the text stays, the address goes */
            if (u[i] == ']' && i + 1 < *n && u[i + 1] == '(') {
                const char *c = memchr(*s + i + 1, ')', *n - i - 1);
                if (c) i = (size_t)(c - *s);
            }
            continue;
        }
        if (u[i] == '_') {
            int before = i > 0 && (isalnum(u[i - 1]) || u[i - 1] >= 0x80);
            int after = i + 1 < *n && (isalnum(u[i + 1]) || u[i + 1] >= 0x80);
            if (!before || !after) continue;
        }
        buf[k++] = (char)u[i];
    }
    *s = buf;
    *n = k;
}

/* Does a date start at s[k] (a word of a byline after the name): a number,
 * or a month followed by a number ("August 5, 2025"; "By April Lee" is a
 * name)? */
static int date_starts(const char *s, size_t n, size_t k) {
    if (k >= n) return 0;
    if (s[k] >= '0' && s[k] <= '9') return 1;
    size_t j = k;
    while (j < n && s[j] != ' ') j++;
    size_t wn = j;
    while (wn > k && (s[wn - 1] == ',' || s[wn - 1] == '.')) wn--;
    return in_list(date_months, s + k, wn - k) && j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9';
}

void bp_take_byline(bp_work *w, const char *s, size_t n) {
    char buf[BP_BYLINE_MAX];
    unmark(&s, &n, buf);
    trim_span(&s, &n);
    n = before_update(s, n); /* the update notice gives no date */
    if (!n) return;
    /* a byline that is all date ("Published 3 May 2026") is a date line */
    if (is_date_line(s, n, bp_count_chars(s, n))) {
        if (!w->meta[BM_DATE].n) set_date_from(w, s, n);
        return;
    }
    take_byline_date(w, s, n);
    const char *a = NULL;
    size_t fw = 0;
    while (fw < n && s[fw] != ' ') fw++;
    if (bp_starts_with_ci(s, n, "by "))
        a = s + 3;
    else if (fw < n && bp_byline_word_ambiguous(s, fw)) {
        /* "Von Anna Schmidt", "Par Julie Martin, le 3 mars 2027", "Por
         * Lucía García", "Di Marco Rossi": ordinary words too, so only
         * with a name after them ("Von der Leyen sagte" gives none) */
        a = bp_byline_name_len(s + fw + 1, n - fw - 1) ? s + fw + 1 : NULL;
    } else if ((a = bp_find_ci(s, n, " by ")) != NULL) {
        /* "Written by", "Posted by", or a date before "by". */
        size_t before = (size_t)(a - s);
        a = before < 12 || bp_starts_with_ci(s, n, "fact checked by") ||
                    bp_starts_with_ci(s, n, "fact-checked by") ||
                    is_date_line(s, before, bp_count_chars(s, before))
                ? a + 4
                : NULL;
    }
    if (!a) return;
    size_t an = n - (size_t)(a - s);
    const size_t whole = an;
    for (size_t k = 0; k < an; k++)
        if (a[k] == ',' || bp_sep_len(a, an, k) ||
            (a[k] == ' ' && k + 1 < an && (a[k + 1] == '-' || a[k + 1] == '|')) ||
            bp_starts_with_ci(a + k, an - k, " on ") || a[k] == '\n' ||
            (is_space(a[k]) && date_starts(a, an, k + 1))) {
            an = k;
            break;
        }
    /* what follows the name may be the date ("By Sam Hill, 5 August 2025",
     * "By Sam Hill 5 August 2025": a <time> run into the byline's text) */
    const char *r = a + an;
    size_t rn = whole - an;
    while (rn && *r == '\n') r++, rn--; /* a <br> after the name */
    trim_span(&r, &rn);
    if (rn && !w->meta[BM_DATE].n && is_date_line(r, rn, bp_count_chars(r, rn)))
        set_date_from(w, r, rn);
    trim_span(&a, &an);
    if (!an || (a[0] >= '0' && a[0] <= '9') || w->meta[BM_AUTHOR].n) return; /* the first counts */
    bp_set_meta(&w->meta[BM_AUTHOR], a, an);
}

/* The author of a byline: "By Jane Doe, Reporter | May 2, 2019" gives
 * "Jane Doe", as "Posted on 12 March 2024 by Jane Doe" does; the date of
 * the same line is taken too. Only a name after "by" (or "von") counts. */
static void take_author(bp_work *w, const char *s, size_t n, int reason) {
    if (reason == BP_R_BYLINE) bp_take_byline(w, s, n);
}

/* A line of two or three dates between separators ("Updated: 4 March 2026
 * | Published: 3 March 2026", "Last updated: 4 March 2026 · First
 * published: 3 March 2026"): 1 when every part reads as a date line, with
 * [*pb, *pb + *pn) the article's date, the part that says it was published
 * ("Published", "publié", "publicado", "veröffentlicht"), else the first. A
 * date is one field of such a line, never the rest of it. */
static int date_parts(const char *s, size_t n, size_t *pb, size_t *pn) {
    if (n > BP_DATED_UPDATE_MAX) return 0;
    size_t parts = 0, fb = 0, fn = 0, cb = 0, cn = 0;
    for (size_t b = 0; b < n;) {
        size_t e = b, skip = 0;
        while (e < n && !(skip = bp_sep_len(s, n, e))) e++;
        const char *p = s + b;
        size_t l = e - b;
        trim_span(&p, &l);
        if (!l || !is_date_line(p, l, bp_count_chars(p, l))) return 0;
        if (!parts++) fb = (size_t)(p - s), fn = l;
        if (!cn && (bp_find_ci(p, l, "publi") || bp_find_ci(p, l, "ffentlicht")))
            cb = (size_t)(p - s), cn = l;
        if (parts > 3) return 0;
        b = e + skip;
    }
    if (parts < 2) return 0;
    *pb = cn ? cb : fb;
    *pn = cn ? cn : fn;
    return 1;
}

static void take_date(bp_work *w, const char *s, size_t n, int reason) {
    (void)reason;
    char buf[BP_BYLINE_MAX];
    unmark(&s, &n, buf);
    trim_span(&s, &n);
    size_t h = dated_update_line(s, n);
    if (h) n = h;
    if (n) set_date_from(w, s, n);
}

/* The classifier reads the line's phrase classes too (bp_block.rclasses):
 * the line is read once for both. A block too long for them to be a
 * feature only gets the verdict (its classes read as none). */
static int match_phrase(const bp_work *w, bp_block *b, const char *s, size_t n) {
    unsigned classes = 0;
    int r = n > BP_ML_CLASSES_MAX ? bp_rule_line_plain(&w->sh->ph, s, n)
                                  : bp_rule_scan_plain(&w->sh->ph, s, n, b->nchars, &classes);
    b->rclasses = (uint16_t)(classes | BP_RC_READ);
    return r;
}

static int match_date_line(const bp_work *w, bp_block *b, const char *s, size_t n) {
    /* a year is four digits: the line pass counted them (most lines have
     * fewer, and need no scan) */
    if (w->lines && w->lines[b - w->blocks.b].digits < 4) return BP_KEEP;
    size_t pb, pn;
    return is_date_line(s, n, b->nchars) || dated_update_line(s, n) || date_parts(s, n, &pb, &pn)
               ? BP_R_BYLINE
               : BP_KEEP;
}

/* The bytes of a list number opening s: "12. ", "3) ", "[4] " (lynx's
 * numbered link references: "1. http://..."), or 0. */
static size_t list_number(const char *s, size_t n) {
    size_t i = s[0] == '[', d = i;
    while (i < n && i - d < 4 && s[i] >= '0' && s[i] <= '9') i++;
    if (i == d || i + 1 >= n) return 0;
    if (d ? s[i] != ']' : s[i] != '.' && s[i] != ')') return 0;
    return s[i + 1] == ' ' ? i + 2 : 0;
}

/* A sentence that cites a link (a tweet, a review), or words with a link or
 * two (and maybe @mentions and #hashtags), is not a link list. A list
 * number before a bare link is no sentence end: "1. http://x.org/" is a
 * reference of lynx's, not a tweet. */
static int match_link_list(const bp_work *w, bp_block *b, const char *s, size_t n) {
    const bp_line *ln = &w->lines[b - w->blocks.b];
    if (b->nchars >= 300 || !is_link_list(s, n, ln->send, ln->url)) return BP_KEEP;
    size_t k = list_number(s, n);
    s += k, n -= k;
    bp_prose p;
    bp_prose_scan(w->stop, s, n, &p);
    int tweet =
        p.urls && (p.words >= 2 * p.urls || (p.urls == 1 && p.words && (p.ends || p.tags > 1)));
    return bp_prose_is(&p) || tweet ? BP_KEEP : BP_R_NAV;
}

/* A verdict as a bit of plain_rule.over. */
#define PLAIN_V(reason) (1u << (reason))
_Static_assert(BP_NREASONS <= 32, "plain_rule.over holds one bit per reason");

/* One rule over a plain-text line. The rules run in declared order; a rule
 * runs only while the verdict so far is one it may replace (over), so the
 * first rule that matches wins unless a later one is declared to refine its
 * verdict. */
typedef struct plain_rule {
    const char *name;
    unsigned over; /* PLAIN_V bits of the verdicts this rule may replace */
    /* The line's reason when the rule matches, else BP_KEEP. */
    int (*match)(const bp_work *w, bp_block *b, const char *s, size_t n);
    /* Takes metadata from a matching line (may be NULL). */
    void (*take)(bp_work *w, const char *s, size_t n, int reason);
} plain_rule;

static const plain_rule plain_rules[] = {
    /* rules.c's phrase rules: share, cookie, copyright, bylines... */
    {"phrase", PLAIN_V(BP_KEEP), match_phrase, take_author},
    /* A line that is only a date is metadata, also after a byline rule. */
    {"date-line", PLAIN_V(BP_KEEP) | PLAIN_V(BP_R_BYLINE), match_date_line, take_date},
    /* "Home | News | Sport" and bare links. */
    {"link-list", PLAIN_V(BP_KEEP), match_link_list, NULL},
};

/* Runs one rule over block b with the verdict so far; returns the new one. */
static int plain_rule_apply(const plain_rule *r, bp_work *w, bp_block *b, int verdict) {
    if (!(r->over & PLAIN_V(verdict))) return verdict;
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    int got = r->match(w, b, s, n);
    if (got == BP_KEEP) return verdict;
    if (r->take) r->take(w, s, n, got);
    return got;
}

/* Phase 2: the line rules over every block not yet removed. */
static void plain_line_rules(bp_work *w) {
    for (size_t i = 0; i < w->blocks.n; i++) {
        bp_block *b = &w->blocks.b[i];
        if (b->reason) continue;
        int r = BP_KEEP;
        for (size_t k = 0; k < sizeof plain_rules / sizeof plain_rules[0]; k++)
            r = plain_rule_apply(&plain_rules[k], w, b, r);
        b->reason = (uint8_t)r;
    }
}

/* The longest byline without "By" read as one, in characters. */
#define BP_BARE_BYLINE_MAX 60

/* The shortest paragraph that opens the article's body, in characters. */
#define BP_BYLINE_BODY 100

/* Words of a role or a desk after a name ("Jane Doe, Political Editor",
 * "Ruth Adebayo, Health correspondent"). */
static const char *const role_words[] = {
    "editor",         "correspondent",   "reporter",    "writer",       "columnist",
    "journalist",     "contributor",     "staff",       "analyst",      "critic",
    "producer",       "presenter",       "chief",       "bureau",       "desk",
    "reporting",      "author",          "commentator", "redakteur",    "redakteurin",
    "korrespondent",  "korrespondentin", "rédacteur",   "rédactrice",   "correspondant",
    "correspondante", "redactor",        "redactora",   "corresponsal", NULL};

/* The bytes of a word of a name at s[0, n): a capital then letters,
 * apostrophes and hyphens ("O'Sullivan", "Jean-Luc", "Łukasz"), or an
 * initial ("J."); 0 when s does not open with one. */
static size_t name_word(const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    /* a capital: ASCII, or a letter of two UTF-8 bytes (Latin, Greek,
     * Cyrillic: "Łukasz", "Ölçer"), not a symbol ("→") */
    if (!n || !((u[0] >= 'A' && u[0] <= 'Z') || (u[0] >= 0xC3 && u[0] <= 0xD4))) return 0;
    size_t i = 1;
    while (i < n && (u[i] & 0xC0) == 0x80) i++; /* the rest of a capital's UTF-8 */
    if (i < n && s[i] == '.') return i + 1;     /* an initial */
    size_t lower = 0;
    while (i < n && (((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z') || u[i] >= 0x80 ||
                     s[i] == '\'' || s[i] == '-')) {
        lower += u[i] >= 'a' && u[i] <= 'z';
        i++;
    }
    /* a name in capitals ("JANE DOE") is a byline's too; a word of one
     * letter is not */
    return i >= 2 && (lower || i <= 20) ? i : 0;
}

/* The bytes of a name opening s[0, n): two or three name words parted by
 * single spaces, none a small word of a headline ("The", "Of"), then the
 * end, a comma, or a separator between spaces; 0 when there is none.
 * *rest: where the part after the separator starts (n when none). */
static size_t bare_name(const bp_work *w, const char *s, size_t n, size_t *rest) {
    size_t i = 0, words = 0;
    for (;;) {
        size_t k = name_word(s + i, n - i);
        if (!k || in_list(title_small, s + i, s[i + k - 1] == '.' ? k - 1 : k)) return 0;
        /* a function word of the text's language is no part of a name
         * ("El Nuevo Día", "Aus der Region") */
        char low[64];
        size_t m = w->stop ? bp_stop_lower(s + i, k, low, sizeof low) : 0;
        if (m && bp_stop_has(w->stop, low, m)) return 0;
        i += k;
        words++;
        if (i == n || s[i] != ' ' || words == 3) break;
        if (!name_word(s + i + 1, n - i - 1)) break;
        i++;
    }
    if (words < 2) return 0;
    size_t end = i;
    if (i == n) {
        *rest = n;
        return end;
    }
    if (s[i] == ',') {
        i++;
    } else {
        if (s[i] != ' ') return 0;
        size_t sep = i + 1 < n ? bp_sep_len(s, n, i + 1) : 0;
        if (!sep) return 0;
        i += 1 + sep;
    }
    while (i < n && s[i] == ' ') i++;
    *rest = i;
    return i < n ? end : 0;
}

/* What follows a name in a byline, s[0, n): 2 for a role ("Political
 * Editor", "Health correspondent"), 1 for an agency or a paper named in
 * capitalised words ("Reuters", "Associated Press"), else 0. A few words,
 * no sentence. */
static int byline_affiliation(const char *s, size_t n) {
    size_t words = 0, caps = 0;
    int role = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == ',' || s[i] == '&')) i++;
        if (i == n) break;
        size_t b = i;
        while (i < n && s[i] != ' ' && s[i] != ',') i++;
        size_t e = i;
        while (e > b && (s[e - 1] == '.' || s[e - 1] == ':')) e--;
        words++;
        unsigned char c = (unsigned char)s[b];
        caps += (c >= 'A' && c <= 'Z') || c >= 0xC0 || in_list(title_small, s + b, e - b);
        role |= in_list(role_words, s + b, e - b);
    }
    return !words || words > 5 ? 0 : role ? 2 : caps == words;
}

/* Does block i hold a date line (the date-line rule made it a byline)? */
static int date_block(const bp_work *w, size_t i) {
    const bp_block *b = &w->blocks.b[i];
    return b->reason == BP_R_BYLINE && is_date_line(w->text.p + b->tb, b->te - b->tb, b->nchars);
}

/* Phase 2c: a byline without "By" ("Jane Doe | Reuters", "Jane Doe,
 * Political Editor", "Jane Doe" over "Thu 3 Dec 2026 18.05 GMT"): a name
 * of two or three capitalised words, then a role or an agency after a
 * comma or a separator, on a short line of its own right under the
 * headline (a date line or a byline may come between) or next to a date
 * line, and above the article's first paragraph. Capitalised words after a name are as often a
 * breadcrumb ("Middle East | Europe"): an agency's name counts next to a date line only, as a name
 * alone does. No sentence: the article's first line is prose, it ends a sentence or has words in
 * lower case. The first such line gives the author when no byline did. */
static void plain_bare_byline(bp_work *w) {
    if (w->meta[BM_AUTHOR].n) return;
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n, top = nb < BP_TITLE_WINDOW ? nb : BP_TITLE_WINDOW;
    const char *tx = w->text.p;
    const bp_buf *title = &w->meta[BM_TITLE];
    size_t head = top; /* the headline's block */
    for (size_t i = 0; i < top && title->n; i++) {
        const char *s = tx + bl[i].tb;
        size_t n = bl[i].te - bl[i].tb;
        while (n && (s[0] == '#' || s[0] == ' ')) s++, n--;
        if (bp_same_words(s, n, title->p, title->n)) {
            head = i;
            break;
        }
    }
    for (size_t i = 0; i < top; i++) {
        bp_block *b = &bl[i];
        const char *s = tx + b->tb;
        size_t n = b->te - b->tb, rest = 0;
        /* the article has begun: a byline stands above it ("Recent Posts"
         * over a date in a sidebar is not one) */
        if (!b->reason && b->nchars >= BP_BYLINE_BODY && bp_sentence_end(s, n)) return;
        if (b->reason || b->nchars > BP_BARE_BYLINE_MAX || !n || memchr(s, '\n', n) ||
            bp_sentence_end(s, n))
            continue;
        size_t name = bare_name(w, s, n, &rest);
        if (!name) continue;
        int dated = (i > 0 && date_block(w, i - 1)) || (i + 1 < nb && date_block(w, i + 1));
        /* right under the headline: bylines, date lines and copies of the
         * headline between */
        int under = 0;
        if (head < i) {
            under = 1;
            for (size_t k = head + 1; k < i && under; k++)
                under = bl[k].reason == BP_R_BYLINE || bl[k].reason == BP_R_DUP_TITLE ||
                        bl[k].te == bl[k].tb;
        }
        int aff = rest < n ? byline_affiliation(s + rest, n - rest) : 0;
        if (!(aff == 2 ? under || dated : (rest == n || aff == 1) && dated)) continue;
        b->reason = BP_R_BYLINE;
        bp_set_meta(&w->meta[BM_AUTHOR], s, name);
        return;
    }
}

/* The longest teaser that ends with a full stop ("Police recover stolen
 * sculptures."), in characters: a teaser headline is short, a paragraph
 * of one sentence rarely is. */
#define BP_TEASER_SENTENCE 100

/* The longest one-sentence summary under a teaser's headline, in
 * characters. */
#define BP_TEASER_SUMMARY 160

/* Is block j a teaser written as its headline over a one-sentence summary
 * on the next line ("Drought threatens olive harvest" over "Growers expect
 * the smallest crop in a decade after a dry spring."), as a renderer joins
 * them when no blank line parts them? */
static int teaser_pair(const bp_work *w, size_t j) {
    const bp_block *b = &w->blocks.b[j];
    const char *t = w->text.p + b->tb;
    size_t tn = b->te - b->tb;
    const char *nl = memchr(t, '\n', tn);
    if (!nl) return 0;
    size_t first = (size_t)(nl - t), rest = tn - first - 1;
    const char *u = nl + 1;
    if (!rest || memchr(u, '\n', rest) || !title_like(t, first, bp_count_chars(t, first))) return 0;
    const bp_line *l = &w->lines[j];
    return bp_count_chars(u, rest) <= BP_TEASER_SUMMARY && l->ends <= 1 && l->commas <= 1 &&
           (u[rest - 1] == '.' || u[rest - 1] == '!' || u[rest - 1] == '?');
}

/* Is block j an item of a teaser list: one short line that reads like a
 * headline, or a headline written as one short sentence (one sentence
 * end, a comma at most)? A paragraph ends the list. */
static int teaser_item(const bp_work *w, size_t j) {
    const bp_block *b = &w->blocks.b[j];
    const char *t = w->text.p + b->tb;
    size_t tn = b->te - b->tb;
    if (b->nchars < 20) return 0;
    if (title_like(t, tn, b->nchars)) return 1;
    const bp_line *l = &w->lines[j];
    return b->nchars <= BP_TEASER_SENTENCE && !memchr(t, '\n', tn) && l->ends <= 1 &&
           l->commas <= 1 && tn && (t[tn - 1] == '.' || t[tn - 1] == '!' || t[tn - 1] == '?');
}

/* Phase 2b: the teasers a "Related articles" or "Most read" heading
 * introduces are headlines of other pages: the lines after it that read
 * like headlines, as a block up to the first paragraph. Teasers written as
 * a short sentence go too when the list holds two of them at least (one
 * sentence under a list of headlines is more often the article's own, a
 * caption or a reply); otherwise the list ends at the first sentence. A
 * headline with its one-sentence summary under it counts as such a
 * sentence. */
static void plain_teasers(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    for (size_t i = 0; i < nb; i++) {
        const char *s = tx + bl[i].tb;
        size_t n = bl[i].te - bl[i].tb;
        if (bl[i].reason != BP_R_RELATED || bl[i].nchars > 40 || bp_sentence_end(s, n)) continue;
        size_t j = i + 1, sents = 0, first_sent = 0;
        for (; j < nb && j <= i + 30; j++) {
            if (bl[j].reason) continue;
            int pair = teaser_pair(w, j);
            if (!pair && !teaser_item(w, j)) break;
            if ((pair || !title_like(tx + bl[j].tb, bl[j].te - bl[j].tb, bl[j].nchars)) && !sents++)
                first_sent = j;
        }
        size_t end = sents >= 2 || !sents ? j : first_sent;
        for (size_t k = i + 1; k < end; k++)
            if (!bl[k].reason) bl[k].reason = BP_R_RELATED;
        if (end > i + 1) i = end - 1;
    }
}

/* Phase 4: a comment section after the article: everything from its header
 * on, when the header comes after most of the kept text (a "Comments" link
 * in a menu at the top does not end the article). */
static void plain_comment_section(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    size_t total = 0, before = 0;
    for (size_t i = 0; i < nb; i++)
        if (!bl[i].reason) total += bl[i].nchars;
    for (size_t i = 0; i < nb; i++) {
        if (before * 2 >= total && before &&
            is_comments_header(tx + bl[i].tb, bl[i].te - bl[i].tb)) {
            for (size_t j = i; j < nb; j++)
                if (!bl[j].reason) bl[j].reason = BP_R_COMMENTS;
            break;
        }
        if (!bl[i].reason) before += bl[i].nchars;
    }
}

/* Phase 5: the article is one stretch of the page: kept blocks separated by
 * a few removed lines form islands; islands much smaller than the largest
 * are teasers, legal notes or bios elsewhere on the page. */
static void plain_islands(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    size_t best = 0, cur = 0, gap = 0;
    size_t isl_chars[4096];
    size_t nisl = 0;
    int open = 0;
    for (size_t i = 0; i < nb && nisl < 4096; i++) {
        if (bl[i].reason && !breaks_island(bl[i].reason)) continue;
        if (bl[i].reason) {
            gap++;
            if (open && gap > BP_ISLAND_GAP) {
                isl_chars[nisl++] = cur;
                open = 0;
            }
            continue;
        }
        if (!open) cur = 0, open = 1;
        gap = 0;
        cur += bl[i].nchars;
    }
    if (open && nisl < 4096) isl_chars[nisl++] = cur;
    for (size_t k = 0; k < nisl; k++)
        if (isl_chars[k] > best) best = isl_chars[k];
    size_t k = 0;
    open = 0;
    gap = 0;
    double ratio = w->sh->conf.favor == 0 ? 0.5 : w->sh->conf.favor == 2 ? 0.1 : 0.4;
    for (size_t i = 0; i < nb && k < nisl; i++) {
        if (bl[i].reason && !breaks_island(bl[i].reason)) continue;
        if (bl[i].reason) {
            gap++;
            if (open && gap > BP_ISLAND_GAP) open = 0, k++;
            continue;
        }
        open = 1;
        gap = 0;
        if ((double)isl_chars[k] < ratio * (double)best) bl[i].reason = BP_R_OUTSIDE;
    }
}

/* A line the classifier dropped for its shape alone (no rule matched it). */
static int dropped_for_shape(int reason) {
    return reason == BP_R_SHORT || reason == BP_R_LOW_TEXT || reason == BP_R_OUTSIDE;
}

/* A greeting or a closing of a letter: a few words ending with a comma or
 * an exclamation mark ("Hi Maria,", "Dear Mr Hale,", "Best wishes,",
 * "Thanks again!"): the text goes on after it, as no menu item or site
 * name does. */
static int letter_line(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    while (n && is_space(s[n - 1])) n--;
    return n && (s[n - 1] == ',' || s[n - 1] == '!') && b->nchars <= 40 && !memchr(s, '\n', n) &&
           bp_count_words(s, n) <= 6;
}

/* Phase 6a: a short text that was kept is a message, not a page: a
 * greeting right above a kept line, a closing right below one, and the
 * signature under the closing (up to four lines of a few words each: a
 * name, a role, an address) are the writer's too, though each is short.
 * Lines a rule matched stay out. */
static void plain_keep_letter(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < nb; i++) {
        if (!dropped_for_shape(bl[i].reason) || !letter_line(w, &bl[i])) continue;
        if (i + 1 < nb && !bl[i + 1].reason) { /* a greeting */
            bl[i].reason = BP_KEEP;
            continue;
        }
        if (i == 0 || bl[i - 1].reason) continue;
        bl[i].reason = BP_KEEP; /* a closing, then its signature */
        for (size_t k = i + 1; k < nb && k <= i + BP_SIGNATURE_LINES; k++) {
            const char *t = w->text.p + bl[k].tb;
            size_t tn = bl[k].te - bl[k].tb;
            if (!dropped_for_shape(bl[k].reason) || bl[k].nchars > 50 || bp_count_words(t, tn) > 6)
                break;
            bl[k].reason = BP_KEEP;
            /* "Best,\nJo" as written: no blank line inside the signature */
            if (bl[k].anchor == bl[k - 1].anchor) bl[k].kind = BK_LINE_ON;
            i = k;
        }
    }
}

/* A label line with words after its colon ("Pros: quiet, fast", "Cons:
 * short cable"): a label of one or two words, a capital first, and a value
 * of words (no address, link or handle: "Media contact: press@..." is
 * furniture). */
static int label_value_line(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    if (!n || b->nchars > 120 || memchr(s, '\n', n)) return 0;
    const char *c = memchr(s, ':', n);
    if (!c || c == s || !((s[0] >= 'A' && s[0] <= 'Z') || (unsigned char)s[0] >= 0xC0)) return 0;
    size_t ln = (size_t)(c - s), vn = n - ln - 1;
    if (bp_count_words(s, ln) > 2 || !vn || !is_space(c[1])) return 0;
    size_t letters = 0;
    for (size_t i = 0; i < vn; i++) {
        /* an address, a link or a handle is a contact line, not words */
        if (c[1 + i] && strchr("@/|#[]<>=", c[1 + i])) return 0;
        char ch = (char)(c[1 + i] | 0x20);
        letters += (ch >= 'a' && ch <= 'z') || (unsigned char)c[1 + i] >= 0xC0;
    }
    return letters >= 2;
}

/* Phase 6b: in short text, label lines with words after them next to kept
 * text (a review's "Pros: ..." and "Cons: ..." under it) are the writer's,
 * though each is short: the run of them touching a kept line is kept. */
static void plain_keep_label_lines(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < nb; i++) {
        if (bl[i].reason != BP_R_SHORT || !label_value_line(w, &bl[i])) continue;
        size_t j = i;
        while (j < nb && bl[j].reason == BP_R_SHORT && label_value_line(w, &bl[j])) j++;
        int touches = (i > 0 && !bl[i - 1].reason) || (j < nb && !bl[j].reason);
        if (touches)
            for (size_t k = i; k < j; k++) bl[k].reason = BP_KEEP;
        i = j - 1;
    }
}

/* Phase 6: text that is already clean and short (a tweet, a one-paragraph
 * corpus record, under 1,000 characters) has no page around it to tell
 * main text from: when nothing at all was kept, keep what was dropped only
 * for being short. Lines a rule matched (navigation, cookies, sharing...)
 * stay out. */
static void plain_keep_clean_text(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    size_t kept = 0, chars = 0;
    for (size_t i = 0; i < nb; i++) kept += !bl[i].reason, chars += bl[i].nchars;
    if (chars > BP_SHORT_TEXT) kept = 1; /* a whole page: an empty verdict stands */
    /* ...and reads like prose: a sentence, or a line longer than menu
     * items ever are (a page of "Home", "Contact us" stays empty) */
    if (!kept)
        for (size_t i = 0; i < nb; i++)
            if (bl[i].reason == BP_R_SHORT &&
                (bp_sentence_end(tx + bl[i].tb, bl[i].te - bl[i].tb) || bl[i].nchars >= 40))
                bl[i].reason = BP_KEEP;
    bp_prose_guard(w);
    if (chars <= BP_SHORT_TEXT) plain_keep_letter(w);
    if (chars <= BP_SHORT_TEXT) plain_keep_label_lines(w);
}

/* The longest short reply kept between paragraphs, in characters. */
#define BP_REPLY_CHARS 40

/* Does the article go on after block i, or end there? The blocks after it
 * up to the first one no rule named (share lines, ads, teasers under their
 * heading, the footer) lead to a kept block, or to the end of the page:
 * then block i is the article's, between its text or as its last line. */
static int article_goes_on(const bp_work *w, size_t i) {
    const bp_block *bl = w->blocks.b;
    size_t j = i + 1;
    while (j < w->blocks.n && bl[j].reason && !dropped_for_shape(bl[j].reason)) j++;
    return j == w->blocks.n ? j > i + 1 : !bl[j].reason;
}

/* The fewest words of a sentence kept at the article's end. */
#define BP_LAST_SENTENCE_WORDS 6

/* Is s[0, n) a sentence of prose: words, function words among them, and
 * a sentence end? */
static int prose_sentence_of(const bp_work *w, const char *s, size_t n) {
    bp_prose p;
    bp_prose_scan(w->stop, s, n, &p);
    return n && p.ends && p.words >= BP_LAST_SENTENCE_WORDS && bp_prose_is(&p) &&
           bp_sentence_end(s, n);
}

/* Phase 6c: a short reply or quote between two kept paragraphs ("Ok.",
 * "Yes.", "No comment.", "Why not?") is running text, though the
 * classifier finds it too short: one line that ends a sentence (not a
 * label's colon, not a teaser's ellipsis), right between two kept blocks
 * (or under kept text, over furniture the article goes on after or ends
 * with: article_goes_on), that no rule matched, or only the share rule for a word ending in a full
 * stop ("Ok.", "Next."), which no button writes. favor = precision leaves
 * it out. */
static void plain_keep_replies(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    if (w->sh->conf.favor == 0) return;
    for (size_t i = 1; i + 1 < nb; i++) {
        bp_block *b = &bl[i];
        const char *s = tx + b->tb;
        size_t n = b->te - b->tb;
        /* Phase 6c': the article's last sentence, under kept text and
         * over the page's furniture (a share line, an ad, teasers), or
         * between kept text and furniture that leads back to it: a
         * sentence of prose (function words, a full stop), however the
         * classifier judged its shape ("Most popular among commuters is
         * the new express service, which ...") */
        if (dropped_for_shape(b->reason) && !bl[i - 1].reason && bl[i + 1].reason &&
            article_goes_on(w, i) && prose_sentence_of(w, s, n)) {
            b->reason = BP_KEEP;
            continue;
        }
        int share = b->reason == BP_R_SHARE && n && s[n - 1] == '.';
        /* the block after: kept, or furniture the article goes on after */
        int after = !bl[i + 1].reason || (dropped_for_shape(b->reason) && article_goes_on(w, i));
        if (!(dropped_for_shape(b->reason) || share) || b->nchars > BP_REPLY_CHARS ||
            bl[i - 1].reason || !after || !n || memchr(s, '\n', n) || !has_letter(s, n) ||
            !bp_sentence_end(s, n))
            continue;
        while (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')' || s[n - 1] == ' ' ||
                     (unsigned char)s[n - 1] >= 0x80))
            n--;
        if (!n || s[n - 1] == ':' || (n >= 2 && s[n - 1] == '.' && s[n - 2] == '.')) continue;
        b->reason = BP_KEEP;
    }
}

/* The longest timestamp line of a live page, in bytes. */
#define BP_STAMP_MAX 32

/* The fewest timestamp lines that make a page a live one. */
#define BP_STAMP_MIN 3

/* Words of a timestamp after its time: a.m./p.m. and time zones. */
static const char *const stamp_after[] = {"am",   "pm",  "a.m.", "p.m.", "gmt", "bst", "utc", "cet",
                                          "cest", "et",  "est",  "edt",  "ct",  "cst", "pt",  "pst",
                                          "pdt",  "ist", "aest", "uhr",  "h",   NULL};
/* Units of a relative timestamp ("2 hours ago", "35 mins ago"). */
static const char *const stamp_units[] = {"sec",    "secs",    "second", "seconds", "min",  "mins",
                                          "minute", "minutes", "hr",     "hrs",     "hour", "hours",
                                          "h",      "m",       "day",    "days",    NULL};

/* A live page's entry timestamp, the whole line: a time ("10:42",
 * "14.05 BST", "9:15am", "10:42 GMT") or a relative one ("2 hours ago",
 * "35 mins ago"). */
static int stamp_line(const char *s, size_t n) {
    if (n < 4 || n > BP_STAMP_MAX || memchr(s, '\n', n)) return 0;
    size_t i = 0, d = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (!i || i > 2) return 0;
    if (i < n && (s[i] == ':' || s[i] == '.')) {
        d = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i - d != 2) return 0;
        /* a clock's hours and minutes: "12.50" could be a price, "99:99"
         * is none */
        int hh = s[0] - '0', mm = (s[d] - '0') * 10 + (s[d + 1] - '0');
        if (d == 3) hh = hh * 10 + (s[1] - '0');
        if (hh > 23 || mm > 59) return 0;
        /* then a.m./p.m. and a zone, run in or after a space; after a
         * period ("14.05 BST") the zone or "h" must be there */
        if (s[d - 1] == '.' && i == n) return 0;
        for (int words = 0; i < n; words++) {
            while (i < n && s[i] == ' ') i++;
            size_t b = i;
            while (i < n && s[i] != ' ') i++;
            if (words >= 2 || (i > b && !in_list(stamp_after, s + b, i - b))) return 0;
        }
        return 1;
    }
    /* "2 hours ago" */
    while (i < n && s[i] == ' ') i++;
    size_t b = i;
    while (i < n && s[i] != ' ') i++;
    if (!in_list(stamp_units, s + b, i - b)) return 0;
    while (i < n && s[i] == ' ') i++;
    return n - i == 3 && bp_starts_with_ci(s + i, 3, "ago");
}

/* Phase 6c'': a live page's entries each open with a timestamp line. The
 * timestamps are the article's, all of them: the classifier judges them by
 * their shape and drops some (the first one, above the first entry, reads
 * as the page's header), so a page with at least BP_STAMP_MIN of them over
 * kept text keeps every one over kept text. Timestamps elsewhere (a byline's
 * "2 hours ago") are left to the classifier. */
static void plain_keep_stamps(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n, stamps = 0;
    const char *tx = w->text.p;
    for (size_t i = 0; i + 1 < nb; i++)
        if ((!bl[i].reason || dropped_for_shape(bl[i].reason)) && !bl[i + 1].reason &&
            stamp_line(tx + bl[i].tb, bl[i].te - bl[i].tb))
            stamps++;
    if (stamps < BP_STAMP_MIN) return;
    for (size_t i = 0; i + 1 < nb; i++)
        if (dropped_for_shape(bl[i].reason) && !bl[i + 1].reason &&
            stamp_line(tx + bl[i].tb, bl[i].te - bl[i].tb))
            bl[i].reason = BP_KEEP;
}

/* Does block b open with a list item's mark: one the reader stripped
 * (BP_MK_ITEM), or, in short text read as written, a bullet ("* ", "- ",
 * "+ ", "• ") or a number ("1. ", "2) ")? */
static int item_line(const bp_work *w, const bp_block *b) {
    if (b->mark & BP_MK_ITEM) return 1;
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    if (n >= 2 && (s[0] == '*' || s[0] == '-' || s[0] == '+') && s[1] == ' ') return 1;
    if (n >= 4 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        (unsigned char)s[2] == 0xA2 && s[3] == ' ')
        return 1;
    size_t d = 0;
    while (d < n && d < 3 && s[d] >= '0' && s[d] <= '9') d++;
    return d && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ';
}

/* The longest label that introduces a list ("Key figures:", "What we
 * know so far:"), in characters. */
#define BP_LIST_LABEL 60

/* A label that introduces a list: one short line ending with a colon,
 * dropped for its shape alone (no rule named it). */
static int colon_label(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    while (n && s[n - 1] == ' ') n--;
    return dropped_for_shape(b->reason) && b->nchars <= BP_LIST_LABEL && n && s[n - 1] == ':' &&
           !memchr(s, '\n', n);
}

/* Words an item of an article's list has on average at least, when no
 * colon introduces the list. */
#define BP_ITEM_WORDS 3

/* Phase 6b: the items of a list in the article ("The new wing will hold:"
 * then "* farm tools and carts...") are its text, though each is a short
 * line without a full stop: a run of two items or more that the classifier
 * dropped for their shape alone, right under a kept line, of words rather
 * than links (no Markdown link, no web address), three words an item on
 * average unless the line above ends with a colon. Items the classifier
 * kept count with the run, and a label ending with a colon that was
 * dropped with its list ("Key figures:" over "* Profit: 412 million") is
 * kept with it when kept text stands above the label and below the list.
 * A menu's items stand above the article, a teaser list under its heading
 * (a rule removed it), and their items are links or a word or two. */
static void plain_keep_list_items(bp_work *w, int page) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    for (size_t i = 1; i < nb; i++) {
        if (!dropped_for_shape(bl[i].reason) || !item_line(w, &bl[i])) continue;
        /* the list's first items may be kept already: the line above the
         * list is above them */
        size_t a = i;
        while (a > 0 && !bl[a - 1].reason && item_line(w, &bl[a - 1])) a--;
        if (a == 0) continue;
        /* a label that introduces the list ("Key figures:") may have been
         * dropped too: then the list counts when it stands between kept
         * text above the label and kept text below the list */
        int label = bl[a - 1].reason && a >= 2 && !bl[a - 2].reason && colon_label(w, &bl[a - 1]);
        if (bl[a - 1].reason && !label) continue;
        size_t j = i, words = 0;
        int links = 0;
        for (; j < nb && (dropped_for_shape(bl[j].reason) || !bl[j].reason) && item_line(w, &bl[j]);
             j++)
            ;
        for (size_t k = a; k < j; k++) {
            const char *s = tx + bl[k].tb;
            size_t n = bl[k].te - bl[k].tb;
            words += bp_count_words(s, n);
            links |= (bl[k].mark & BP_MK_LINK) || w->lines[k].url || bp_memmem(s, n, "](", 2);
        }
        const char *above = tx + bl[a - 1].tb;
        size_t an = bl[a - 1].te - bl[a - 1].tb;
        while (an && (above[an - 1] == ' ' || above[an - 1] == '\n')) an--;
        int colon = an && above[an - 1] == ':';
        if (label && (j >= nb || bl[j].reason)) continue;
        if (j - a >= 2 && !links && (colon || (!page && words >= BP_ITEM_WORDS * (j - a)))) {
            for (size_t k = a; k < j; k++) bl[k].reason = BP_KEEP;
            if (label) bl[a - 1].reason = BP_KEEP;
        }
        i = j;
    }
}

/* Phase 6b': the items of one list are treated alike: in a run of list
 * items of which at least two and three quarters are kept, an item the
 * classifier dropped for its shape alone is kept too (a list's last item
 * under the article's end, "* Grundeinkommen bzw. keine Überschuldung").
 * Items a rule removed stay removed. */
static void plain_list_alike(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < nb;) {
        if (!item_line(w, &bl[i])) {
            i++;
            continue;
        }
        size_t j = i, kept = 0;
        for (; j < nb && item_line(w, &bl[j]); j++) kept += !bl[j].reason;
        if (kept >= 2 && kept * 4 >= (j - i) * 3)
            for (size_t k = i; k < j; k++)
                if (dropped_for_shape(bl[k].reason)) bl[k].reason = BP_KEEP;
        i = j;
    }
}

/* Phase 7: headings inside the article: a short line between two kept
 * blocks (bylines between them do not count). */
static void plain_headings(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    for (size_t i = 1; i + 1 < nb; i++) {
        bp_block *b = &bl[i];
        if (b->reason != BP_R_SHORT || b->nchars > 100) continue;
        size_t p = i, q = i;
        while (p-- > 0 && bl[p].reason == BP_R_BYLINE) {
        }
        while (++q < nb && bl[q].reason == BP_R_BYLINE) {
        }
        if (p < nb && q < nb && !bl[p].reason && !bl[q].reason &&
            bp_rule_line(&w->sh->ph, tx + b->tb, b->te - b->tb, 1) == BP_KEEP)
            b->reason = BP_KEEP;
    }
}

/* The longest table row read as one, in characters. */
#define BP_TABLE_ROW_MAX 300

/* The longest cell of a table without a rule, in bytes: a table's cells
 * are short, a caption with a credit after a pipe is not. */
#define BP_TABLE_CELL_MAX 60

/* Cells of a table row: the parts between pipes, outer pipes or not ("|
 * Route | Rate |" and "Route | Rate" have two); 0 for a line without a
 * pipe or of several lines. *widest: the bytes of its longest cell. */
static size_t row_cells(const char *s, size_t n, size_t *widest) {
    *widest = 0;
    if (!memchr(s, '|', n) || memchr(s, '\n', n)) return 0;
    while (n && is_space(s[n - 1])) n--;
    while (n && is_space(s[0])) s++, n--;
    if (n && s[0] == '|') s++, n--;
    if (n && s[n - 1] == '|') n--;
    size_t cells = 1, from = 0;
    for (size_t i = 0; i <= n; i++)
        if (i == n || s[i] == '|') {
            if (i - from > *widest) *widest = i - from;
            cells += i < n;
            from = i + 1;
        }
    return cells;
}

static int has_digit(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9') return 1;
    return 0;
}

/* Is block b a table's rule ("|---|---|", "---|---")? Normalised text
 * leaves it no text; short text, read as written, keeps it: only pipes,
 * dashes, colons and spaces, a dash and a pipe among them. */
static int table_rule(const bp_work *w, const bp_block *b) {
    if (b->te == b->tb) return (b->mark & BP_MK_TABLE) != 0;
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    int dash = 0, pipe = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = 1;
        else if (s[i] == '|')
            pipe = 1;
        else if (s[i] != ':' && s[i] != ' ')
            return 0;
    }
    return dash && pipe;
}

/* Phase 0: tables in pipes, as html2text and Markdown write them. A menu
 * parted by pipes ("Home | World | Markets") is one line, or lines of words
 * alone; a table is told apart by its structure, not its words: lines of
 * one paragraph with the same number of cells (two at least), and a rule
 * under the header ("|---|---|"), or without a rule, three rows at least of
 * short cells with numbers in every row but the first. Its rows are marked
 * in_table, for plain_keep_tables. */
static void plain_mark_tables(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    for (size_t i = 0; i < nb;) {
        size_t j = i, rows = 0, rules = 0, cells = 0, digits = 0, widest = 0;
        int same = 1;
        for (; j < nb && (j == i || bl[j].anchor == bl[i].anchor); j++) {
            if (table_rule(w, &bl[j])) {
                rules++;
                continue;
            }
            const char *s = tx + bl[j].tb;
            size_t n = bl[j].te - bl[j].tb, wide, c = row_cells(s, n, &wide);
            if (c < 2 || bl[j].nchars > BP_TABLE_ROW_MAX) break;
            if (wide > widest) widest = wide;
            if (rows && c != cells) same = 0;
            if (rows && has_digit(s, n)) digits++;
            cells = c;
            rows++;
        }
        if (j == i) {
            i++;
            continue;
        }
        int table = same && rows >= 2 &&
                    (rules || (rows >= 3 && digits == rows - 1 && widest <= BP_TABLE_CELL_MAX));
        for (size_t k = i; table && k < j; k++) bl[k].in_table = 1;
        i = j;
    }
}

/* Does block b end a sentence of prose (the article's text)? */
static int prose_sentence(const bp_work *w, const bp_block *b) {
    const char *s = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    return bp_sentence_end(s, n) && bp_prose_line(w, s, n);
}

/* Phase 6d: a table stands in the article when the nearest block above or
 * below it that no rule named is kept prose: its rows that the menu rule
 * took for a menu ("a | b | c") or the classifier dropped for their shape
 * are kept with it (keep_tables, the default), or all of its rows leave the
 * text as BP_R_TABLE (keep_tables = false). A table among menus and
 * widgets (a calendar) has no kept prose next to it and stays out. */
static void plain_keep_tables(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < nb; i++) {
        if (!bl[i].in_table) continue;
        size_t j = i;
        while (j < nb && bl[j].in_table) j++;
        if (!w->sh->conf.keep_tables) {
            for (size_t k = i; k < j; k++)
                if (!bl[k].reason || bl[k].reason == BP_R_NAV || dropped_for_shape(bl[k].reason))
                    bl[k].reason = BP_R_TABLE;
            i = j - 1;
            continue;
        }
        size_t p = i, q = j;
        while (p-- > 0 && bl[p].reason && !dropped_for_shape(bl[p].reason)) {
        }
        while (q < nb && bl[q].reason && !dropped_for_shape(bl[q].reason)) q++;
        if ((p < nb && !bl[p].reason && prose_sentence(w, &bl[p])) ||
            (q < nb && !bl[q].reason && prose_sentence(w, &bl[q])))
            for (size_t k = i; k < j; k++)
                if ((dropped_for_shape(bl[k].reason) || bl[k].reason == BP_R_NAV) &&
                    bl[k].te > bl[k].tb)
                    bl[k].reason = BP_KEEP;
        /* its rows as lines of one paragraph, as they were written */
        for (size_t k = i + 1; k < j; k++)
            if (bl[k].anchor == bl[i].anchor) bl[k].kind = BK_LINE_ON;
        i = j - 1;
    }
}

/* Does word w (n bytes) equal lower-case ASCII word k, case aside? */
static int credit_word_is(const char *w, size_t n, const char *k) {
    size_t i = 0;
    for (; i < n && k[i]; i++)
        if ((char)(w[i] | 0x20) != k[i]) return 0;
    return i == n && !k[i];
}

/* The roles of a credit line's parts ("Reporting by ...", "Editing by ...",
 * "Additional reporting by ..."): a closed list of newsroom roles. */
static const char *const credit_roles[] = {
    "reporting", "editing",       "writing",     "written",     "edited",
    "compiled",  "reported",      "produced",    "translated",  "translation",
    "research",  "graphics",      "photography", "photographs", "illustration",
    "video",     "fact-checking", "production",  NULL};

static int credit_in_list(const char *w, size_t n, const char *const *l) {
    for (; *l; l++)
        if (credit_word_is(w, n, *l)) return 1;
    return 0;
}

/* One part of a credit line: one or two words ending with a role, "by",
 * then a name (capitalised words, "and", commas, "in" a place). */
static int credit_part(const char *s, size_t n) {
    size_t i = 0, words = 0, names = 0;
    int by = 0;
    const char *prev = NULL;
    size_t prevn = 0;
    while (i < n) {
        while (i < n && (is_space(s[i]) || s[i] == ',')) i++;
        if (i >= n) break;
        size_t b = i;
        while (i < n && !is_space(s[i]) && s[i] != ',') i++;
        const char *w = s + b;
        size_t wn = i - b;
        if (!by) {
            if (credit_word_is(w, wn, "by")) {
                if (!prev || !credit_in_list(prev, prevn, credit_roles) || words > 2) return 0;
                by = 1;
                continue;
            }
            words++;
            prev = w, prevn = wn;
            continue;
        }
        unsigned char c = (unsigned char)w[0];
        if ((c >= 'A' && c <= 'Z') || c >= 0xC0)
            names++;
        else if (!(names && (credit_word_is(w, wn, "and") || credit_word_is(w, wn, "in"))))
            return 0;
        if (names > 8) return 0;
    }
    return by && names;
}

/* A credit line at an article's end ("Reporting by Helen Park; Editing by
 * Mark Potter"): every part, parted by semicolons, names a role and who
 * held it, and nothing else is said. */
static int credit_line(const char *s, size_t n) {
    if (!n || n > 240 || memchr(s, '\n', n)) return 0;
    if (s[n - 1] == '.') n--;
    size_t b = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != ';') continue;
        if (!credit_part(s + b, i - b)) return 0;
        b = i + 1;
    }
    return 1;
}

/* A feedback widget: a question with its Yes and No buttons after it, their
 * counts in brackets or not ("Was this review helpful? Yes (34) No (2)",
 * "Did this answer your question? Yes No"). An answer of one word, or one
 * in a sentence ("Yes, it did."), is prose. */
static int vote_line(const char *s, size_t n) {
    if (!n || n > 160 || memchr(s, '\n', n)) return 0;
    const char *q = NULL;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '?') q = s + i;
    if (!q || q == s) return 0;
    size_t i = (size_t)(q - s) + 1;
    int yes = 0, no = 0;
    while (i < n) {
        char c = s[i];
        if (is_space(c) || c == '|' || c == '/') {
            i++;
            continue;
        }
        size_t b = i;
        if (c == '(' || (c >= '0' && c <= '9')) {
            if (c == '(') i++;
            size_t d = i;
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
            if (i == d) return 0;
            if (c == '(') {
                if (i >= n || s[i] != ')') return 0;
                i++;
            }
            continue;
        }
        while (i < n && !is_space(s[i]) && s[i] != '(' && s[i] != '|' && s[i] != '/') i++;
        if (credit_word_is(s + b, i - b, "yes"))
            yes = 1;
        else if (credit_word_is(s + b, i - b, "no"))
            no = 1;
        else
            return 0;
    }
    return yes && no;
}

/* Phase 7: furniture a page prints under an article whatever its shape:
 * credit lines and feedback widgets, each a whole line, dropped when other
 * text is kept (alone they are the user's text). */
static void plain_credits_votes(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n, kept = 0;
    for (size_t i = 0; i < nb; i++) kept += !bl[i].reason;
    for (size_t i = 0; i < nb && kept > 1; i++) {
        if (bl[i].reason) continue;
        const char *t = w->text.p + bl[i].tb;
        size_t tn = bl[i].te - bl[i].tb;
        if (credit_line(t, tn))
            bl[i].reason = BP_R_BYLINE, kept--;
        else if (vote_line(t, tn))
            bl[i].reason = BP_R_FORM, kept--;
    }
}

int bp_plain_classify(bp_work *w) {
    if (!w->blocks.n) return 0;
    plain_mark_tables(w);
    plain_title(w);
    plain_line_rules(w);
    plain_bare_byline(w);
    plain_teasers(w);
    /* phase 3: on a page, the learned classifier, whose features include
     * the context plain_islands reads; on short text (no page around it to
     * learn from: what the model was trained on is whole pages) and without
     * a model, jusText's stopwords and context */
    size_t chars = 0;
    for (size_t i = 0; i < w->blocks.n; i++) chars += w->blocks.b[i].nchars;
    int model = w->sh->model && chars > BP_ML_MIN_CHARS;
    if (model) {
        if (bp_ml_classify(w, w->sh->model, w->sh->mlc)) return -1;
    } else {
        bp_classify(w, 0, w->blocks.n, 1);
    }
    plain_comment_section(w);
    if (!model) plain_islands(w);
    plain_keep_clean_text(w);
    plain_keep_list_items(w, model);
    plain_list_alike(w);
    plain_keep_replies(w);
    plain_keep_stamps(w);
    plain_keep_tables(w);
    if (w->sh->conf.keep_headings) plain_headings(w);
    plain_credits_votes(w);
    return 0;
}
