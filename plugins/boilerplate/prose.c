/*
 * Does a line read as running prose? Scraped text is judged by rules and a
 * classifier tuned on whole pages; both can mistake a clean short text (a
 * tweet, a review sentence, a three-paragraph article) for page furniture.
 * The tests here let the plain-text path keep what reads as written
 * sentences: words with function words among them (the stoplists of the 20
 * languages), sentence ends, and for scripts written without spaces
 * (Chinese, Japanese, Thai) characters and their full stops. Mentions,
 * hashtags and URLs are counted apart, so a tweet is judged by its words.
 */
#include <string.h>

#include "bp.h"
#include "plainline.h"

/* Scripts written without spaces between words: Han, kana, Thai, Lao,
 * Khmer, Myanmar (Hangul uses spaces and is judged as words). */
static int prose_nospace(uint32_t c) {
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1780 && c <= 0x17FF) ||
           (c >= 0x1000 && c <= 0x109F) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* Full stops of those scripts: 。！？ and their halfwidth/fullwidth forms. */
static int prose_cjk_stop(uint32_t c) {
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF61;
}

static int prose_alpha(char c) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* A token that is not a word of the sentence: @mention, #hashtag, a URL or
 * a bare domain. */
static int prose_is_tag(const char *t, size_t n) {
    if (n >= 2 && (t[0] == '@' || t[0] == '#') && t[1] != ' ') return 1;
    if (bp_memmem(t, n, "://", 3)) return 1;
    return bp_starts_with_ci(t, n, "www.") && n > 4;
}

/* A sentence ends at s[i] (. ! ? …) when a space, a closing mark or the
 * end follows; a lone initial ("A.") does not end one. */
static int prose_end_at(const char *s, size_t n, size_t i) {
    char c = s[i];
    if (c != '.' && c != '!' && c != '?') return 0;
    size_t j = i + 1;
    while (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == ')' || s[j] == '.' || s[j] == '!' ||
                     s[j] == '?'))
        j++;
    if (j < n && s[j] != ' ' && s[j] != '\t' && s[j] != '\n') return 0;
    if (c == '.' && i >= 1 && prose_alpha(s[i - 1]) && (i == 1 || !prose_alpha(s[i - 2]))) return 0;
    return 1;
}

void bp_prose_scan(const bp_stoplist *stop, const char *s, size_t n, bp_prose *p) {
    *p = (bp_prose){0};
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            if (prose_end_at(s, n, i)) p->ends++;
            i++;
            continue;
        }
        uint32_t c;
        size_t k = bp_next_cp(u + i, n - i, &c);
        if (prose_nospace(c))
            p->cjk++;
        else if (prose_cjk_stop(c) || c == 0x2026 || c == 0x06D4 || c == 0x0964)
            p->ends++;
        i += k;
    }
    /* Words, token by token (space separated), so that tags stay whole. */
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        size_t b = i;
        while (i < n && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
        if (i == b) break;
        if (prose_is_tag(s + b, i - b)) {
            p->tags++;
            p->urls += s[b] != '@' && s[b] != '#';
            continue;
        }
        uint32_t words, stops;
        bp_stop_count(stop, s + b, i - b, &words, &stops);
        p->words += words;
        p->stops += stops;
    }
}

int bp_prose_is(const bp_prose *p) {
    /* Han and kana: a sentence with its full stop, or a run of text longer
     * than any label. */
    if (p->cjk >= 30 || (p->cjk >= 8 && p->ends)) return 1;
    if (p->words < 3 || !p->stops) return 0;
    double sd = (double)p->stops / p->words;
    /* A sentence with its end, or a long run of words with function words
     * among them (review snippets are often written without a stop); a
     * headline of a few words is neither. */
    if (sd >= 0.15 && (p->ends || p->words >= 8)) return 1;
    return p->words >= 12 && sd >= 0.08;
}

int bp_prose_line(const bp_work *w, const char *s, size_t n) {
    bp_prose p;
    bp_prose_scan(w->stop, s, n, &p);
    return bp_prose_is(&p);
}

/* The same with the stoplist of any language: the document's list was
 * picked from a sample (its first 4 KB) that may be in another language
 * than the text, or not text at all (server warnings above a page). */
static int prose_any_language(const bp_work *w, const char *s, size_t n, bp_prose *p) {
    bp_prose_scan(w->stop, s, n, p);
    if (bp_prose_is(p)) return 1;
    const bp_shared *sh = w->sh;
    if (sh->stop_any.n && sh->nlists <= 32) {
        /* every list's stopwords in one read: the rest of a scan does not
         * depend on the list */
        uint32_t stops[32] = {0}, words = 0;
        for (size_t i = 0; i < n;) {
            while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
            size_t b = i;
            while (i < n && !(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
            if (i == b) break;
            if (!prose_is_tag(s + b, i - b)) bp_stop_count_any(sh, s + b, i - b, &words, stops);
        }
        for (size_t k = 0; k < sh->nlists; k++) {
            if (&sh->lists[k] == w->stop) continue;
            bp_prose q = *p;
            q.stops = stops[k];
            if (bp_prose_is(&q)) {
                *p = q;
                return 1;
            }
        }
        return 0;
    }
    for (size_t k = 0; k < sh->nlists; k++) {
        if (&sh->lists[k] == w->stop) continue;
        bp_prose q;
        bp_prose_scan(&sh->lists[k], s, n, &q);
        if (bp_prose_is(&q)) {
            *p = q;
            return 1;
        }
    }
    return 0;
}

/* Could a third of block i be in a script without spaces? A cheap look at
 * the lead bytes (plainline.c counted them) before the full scan. */
static int spaceless_maybe(const bp_work *w, size_t i) {
    return (size_t)w->lines[i].lead3 * 3 >= w->blocks.b[i].nchars;
}

/* The verdict below for a block on a page where the classifier kept text
 * (not a short document): kept when at least half its nchars characters
 * are in a script without spaces and it reads as prose. 30 such characters
 * are prose whatever else the block holds (bp_prose_is), so the count stops
 * there once half the block is reached, and the words and sentence ends are
 * read only for a block that could be spaceless with fewer: the same answer
 * as bp_prose_scan and bp_prose_is over the whole block, without reading
 * all of a long run of Han or kana twice. */
int bp_prose_spaceless(const bp_stoplist *stop, const char *s, size_t n, size_t nchars) {
    const unsigned char *u = (const unsigned char *)s;
    size_t cjk = 0;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        /* valid characters of U+0080-U+07FF and U+2000-U+2FFF (box-drawing
         * rules, punctuation) are no script without spaces: stepped over
         * by their bytes, as the decoder would */
        if (i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            if (u[i] >= 0xC2 && u[i] <= 0xDF) {
                i += 2;
                continue;
            }
            if (u[i] == 0xE2 && i + 2 < n && (u[i + 2] & 0xC0) == 0x80) {
                i += 3;
                continue;
            }
        }
        uint32_t c;
        i += bp_next_cp(u + i, n - i, &c);
        if (prose_nospace(c) && ++cjk >= 30 && cjk * 2 >= nchars) return 1;
    }
    if (cjk * 2 < nchars) return 0;
    bp_prose p;
    bp_prose_scan(stop, s, n, &p);
    return bp_prose_is(&p);
}

/* Verdicts the classifier gave from thresholds and context (and the island
 * pass from the size of a stretch), as opposed to a rule that named what
 * the line is. */
static int prose_classified(int r) {
    return r == BP_R_SHORT || r == BP_R_LOW_TEXT || r == BP_R_OUTSIDE || r == BP_R_LINK_DENSE;
}

/* Characters up to which a document may be a text rather than a page: a
 * tweet, a review, a news snippet, an article of a few short paragraphs. */
#define BP_SHORT_DOC 1500

/* A document left empty by the phrase rules: a line a rule named but which
 * is a whole sentence of running prose ("I accept cookies from strangers
 * only on Halloween.", "Share this article with anyone who still doubts
 * it.") is the user's text, not a prompt; a page of prompts and labels
 * ("Subscribe to our newsletter", "Accept all cookies") stays empty. */
#define BP_SENTENCE_WORDS 8
static void bp_prose_keep_sentences(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < nb; i++)
        if (!bl[i].reason) return;
    for (size_t i = 0; i < nb; i++) {
        int r = bl[i].reason;
        if (prose_classified(r) || r == BP_R_DUP_TITLE || r == BP_R_BYLINE || r == BP_R_FORM)
            continue;
        const char *s = w->text.p + bl[i].tb;
        size_t n = bl[i].te - bl[i].tb;
        bp_prose p;
        if (prose_any_language(w, s, n, &p) && p.ends && p.words >= BP_SENTENCE_WORDS)
            bl[i].reason = BP_KEEP;
    }
}

/* Whether a kept block reads as sentences of prose. A page that kept a
 * label or two and no sentence ("Voltar") has lost its text: the
 * classifier removed the one paragraph among hundreds of menu lines. Such
 * a page is treated as one where nothing was kept. More kept text than a
 * few labels (a table, a list, prose in a script the lists do not cover)
 * is a verdict that stands. */
#define BP_LOST_CHARS 200
static int kept_prose(const bp_work *w) {
    const bp_block *bl = w->blocks.b;
    for (size_t i = 0; i < w->blocks.n; i++) {
        if (bl[i].reason) continue;
        bp_prose p;
        if (prose_any_language(w, w->text.p + bl[i].tb, bl[i].te - bl[i].tb, &p) && p.ends)
            return 1;
    }
    return 0;
}

/* Words, and of the words after the first those that open with an ASCII
 * capital, of s[0, n): a headline in Title Case capitalises most. */
static void prose_caps(const char *s, size_t n, size_t *words, size_t *caps) {
    *words = *caps = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
            (i && s[i - 1] != ' ' && s[i - 1] != '\n'))
            continue;
        if ((*words)++ && s[i] >= 'A' && s[i] <= 'Z') (*caps)++;
    }
}

/* Words a clause of prose has at least, and the share of them that are
 * function words (stopwords), at least one in PROSE_CLAUSE_STOPS. */
#define PROSE_CLAUSE_WORDS 5
#define PROSE_CLAUSE_STOPS 5

/* In a short text (a message, a snippet, an article of a few paragraphs,
 * BP_SHORT_TEXT characters at most: no page the learned model judges) that
 * kept its article, a line dropped for its shape alone
 * that continues the article is the writer's: its last sentence without a
 * full stop ("Work starts in March, the council said") below a cookie line
 * the rules removed. It continues the article when it comes after a kept
 * block and the nearest block on either side that no rule named is kept
 * (lines a rule removed, a cookie notice or a share line, interrupt the
 * article without ending it); it reads as a clause when it has five words or
 * more, one in five of them function words, and is not in Title Case (a
 * headline or a menu's label). */
static void prose_keep_clauses(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n, first = 0;
    while (first < nb && bl[first].reason) first++;
    for (size_t i = first + 1; i < nb; i++) {
        /* one line alone: a run of them is a list of other stories'
         * headlines ("More from the Courier" and its teasers) */
        if (!prose_classified(bl[i].reason) || prose_classified(bl[i - 1].reason) ||
            (i + 1 < nb && prose_classified(bl[i + 1].reason)))
            continue;
        size_t p = i, q = i + 1;
        while (p-- > 0 && !prose_classified(bl[p].reason) && bl[p].reason) {
        }
        while (q < nb && !prose_classified(bl[q].reason) && bl[q].reason) q++;
        if (!((p < nb && !bl[p].reason) || (q < nb && !bl[q].reason))) continue;
        if (bl[i - 1].reason == BP_R_RELATED) continue; /* a teaser under its heading */
        const char *s = w->text.p + bl[i].tb;
        size_t n = bl[i].te - bl[i].tb;
        bp_prose pr;
        size_t words, caps;
        prose_caps(s, n, &words, &caps);
        (void)prose_any_language(w, s, n, &pr); /* the counts, also when no list makes it prose */
        if (pr.words >= PROSE_CLAUSE_WORDS && pr.stops * PROSE_CLAUSE_STOPS >= pr.words &&
            caps * 2 < words)
            bl[i].reason = BP_KEEP;
    }
}

void bp_prose_guard(bp_work *w) {
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    const char *tx = w->text.p;
    size_t kept = 0, chars = 0, furniture = 0, labels = 0, other = 0, kept_chars = 0;
    for (size_t i = 0; i < nb; i++) {
        kept += !bl[i].reason, chars += bl[i].nchars;
        kept_chars += bl[i].reason ? 0 : bl[i].nchars;
        /* Page furniture: lines a rule named (menus, share and cookie
         * lines, copyright, a byline, a repeated headline). */
        furniture += bl[i].reason && !prose_classified(bl[i].reason);
    }
    int short_doc = chars <= BP_SHORT_DOC;
    if (kept && !short_doc && kept_chars < BP_LOST_CHARS && !kept_prose(w)) kept = 0;
    /* Menu-like labels past the first line are furniture too; past the
     * short length, a text is whole only when every block after the first
     * (a headline) reads as prose: an article already cleaned, not a page. */
    for (size_t i = 1; !furniture && i < nb && labels < 2 && (short_doc || !other); i++) {
        const char *s = tx + bl[i].tb;
        size_t n = bl[i].te - bl[i].tb;
        int prose = bp_prose_line(w, s, n);
        if (bl[i].nchars < 40 && !bp_sentence_end(s, n) && !prose)
            labels++;
        else if (!prose)
            other++;
    }
    int whole = !furniture && labels < 2 && (short_doc || !other);
    for (size_t i = 0; i < nb; i++) {
        if (!prose_classified(bl[i].reason)) continue;
        if (whole) {
            bl[i].reason = BP_KEEP;
            continue;
        }
        const char *s = tx + bl[i].tb;
        size_t n = bl[i].te - bl[i].tb;
        /* On a page where the classifier kept text, only a block in a
         * script without spaces (3-byte UTF-8: lead bytes from 0xE0) is
         * looked at again; it has no stopwords to be judged by. */
        if (!short_doc && kept && !spaceless_maybe(w, i)) continue;
        if (!short_doc && kept) {
            if (bp_prose_spaceless(w->stop, s, n, bl[i].nchars)) bl[i].reason = BP_KEEP;
            continue;
        }
        bp_prose p;
        if (kept)
            bp_prose_scan(w->stop, s, n, &p);
        else
            prose_any_language(w, s, n, &p);
        int spaceless = p.cjk * 2 >= bl[i].nchars;
        int sentences = bp_prose_is(&p) && p.ends;
        if ((spaceless && bp_prose_is(&p)) || (sentences && (short_doc || !kept)))
            bl[i].reason = BP_KEEP;
    }
    bp_prose_keep_sentences(w);
    if (chars <= BP_SHORT_TEXT) prose_keep_clauses(w);
}
