/*
 * Main-content selection for HTML, after Readability.js (see ALGORITHMS.md):
 * paragraphs vote for their ancestors with a score from their length and
 * commas, ancestors are weighted by tag and class/id, the best ancestor
 * after link density wins, similar siblings join it, and link-heavy or
 * form-like containers inside it are cleaned out. When that leaves too
 * little text the rules are loosened one at a time (unlikely classes kept,
 * class weights ignored, no cleaning) and the longest result is taken.
 *
 * Everything works on the flat element array from html.c: an element's
 * subtree is the index range [i, end), so no step recurses.
 */
#include <math.h>
#include <string.h>

#include "html.h"
#include "select.h"

#define HINT_BONUS 0.1 /* score bonus per level of article markup */
#define FL_STRIP   0x1
#define FL_WEIGHT  0x2
#define FL_CLEAN   0x4
/* Characters of marked-up story text (one sentence or two) above which the
 * retries do not count reader comments. */
#define MARKED_STORY_MIN 100

static int active(const bp_block *b, int flags) {
    return !b->pre_reason && !((flags & FL_STRIP) && b->unl);
}

static double link_density(const bp_el *e) {
    return e->text ? (e->link10 / 10.0) / e->text : 0.0;
}

static double init_score(const bp_el *e, int flags) {
    double s = 0;
    switch (e->tag) {
    case T_DIV:
        s = 5;
        break;
    case T_PRE:
    case T_TD:
    case T_QUOTE:
        s = 3;
        break;
    case T_UL:
    case T_LI:
    case T_DD:
    case T_FORM:
        s = -3;
        break;
    case T_H:
        s = -5;
        break;
    default:
        break;
    }
    if (flags & FL_WEIGHT) s += 25.0 * e->weight;
    return s;
}

/* Phase 1: each element's text, link and comma counts over its subtree,
 * from the blocks this attempt lets count; scores and in_main cleared. */
static void count_text(bp_work *w, int flags) {
    bp_el *el = w->els.e;
    size_t ne = w->els.n;
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < ne; i++) {
        el[i].text = el[i].link10 = el[i].commas = 0;
        el[i].score = 0;
        el[i].scored = 0;
        el[i].drop = 0;
    }
    for (size_t i = 0; i < nb; i++) {
        bl[i].in_main = 0;
        if (!active(&bl[i], flags) || bl[i].el < 0) continue;
        bp_el *e = &el[bl[i].el];
        e->text += bl[i].nchars;
        e->link10 += bl[i].link10;
        e->commas += bl[i].commas;
    }
    for (size_t i = ne; i-- > 1;) {
        if (el[i].parent < 0) continue;
        bp_el *p = &el[el[i].parent];
        p->text += el[i].text;
        p->link10 += el[i].link10;
        p->commas += el[i].commas;
    }
}

/* Phase 2: paragraphs vote for up to five ancestors, less for each level
 * up; an ancestor starts from its tag and class/id weight. */
static void vote_for_ancestors(bp_work *w, int flags) {
    bp_el *el = w->els.e;
    const bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < nb; i++) {
        const bp_block *b = &bl[i];
        /* Readability scores paragraphs, cells, pre and subheadings, not
         * list items (a list of references is not an article). */
        if (!active(b, flags) || b->nchars < 25 || b->anchor < 0) continue;
        if (b->kind == BK_LI || b->kind == BK_CAPTION || b->kind == BK_DT ||
            (b->kind == BK_HEADING && b->hlevel == 1))
            continue;
        double cs = 1.0 + b->commas + fmin(floor(b->nchars / 100.0), 3.0);
        int32_t a = b->anchor;
        for (int level = 0; a >= 0 && level < 5; level++, a = el[a].parent) {
            bp_el *e = &el[a];
            if (e->tag == T_HTML) break;
            if (!e->scored) {
                e->score = (float)init_score(e, flags);
                e->scored = 1;
            }
            double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
            e->score += (float)(cs / div);
        }
    }
}

/* Phase 3: the top candidate: the best score after link density and
 * article markup, moved up while its parent keeps a fair share of the score
 * and past parents that only wrap it. With nothing scored, the body.
 * Returns -1 when the page has no element at all. */
static int32_t choose_candidate(bp_work *w) {
    bp_el *el = w->els.e;
    size_t ne = w->els.n;
    int32_t top = -1;
    double best = -INFINITY;
    for (size_t i = 0; i < ne; i++) {
        if (!el[i].scored) continue;
        double hint = el[i].main_hint ? 1.0 + HINT_BONUS * el[i].main_hint : 1.0;
        el[i].score = (float)(el[i].score * (1.0 - link_density(&el[i])) * hint);
        if (el[i].score > best) best = el[i].score, top = (int32_t)i;
    }
    if (top < 0) {
        /* Nothing scored: the whole body is the candidate. */
        for (size_t i = 0; i < ne; i++)
            if (el[i].tag == T_BODY) top = (int32_t)i;
        if (top < 0) top = 0;
        return ne ? top : -1;
    }
    /* Walk up while the parent keeps a fair share of the score. */
    double last = el[top].score, threshold = last / 3;
    for (int32_t p = el[top].parent; p >= 0 && el[p].tag != T_BODY && el[p].tag != T_HTML;
         p = el[p].parent) {
        if (!el[p].scored) continue;
        if (el[p].score < threshold) break;
        if (el[p].score > last) {
            top = p;
            break;
        }
        last = el[p].score;
    }
    /* A lone child adds nothing: take the parent holding it. */
    while (el[top].parent >= 0 && el[el[top].parent].tag != T_BODY &&
           el[el[top].parent].tag != T_HTML && el[el[top].parent].text == el[top].text &&
           el[top].parent + 1 == top && el[el[top].parent].end == el[top].end)
        top = el[top].parent;
    return top;
}

/* Phase 4: the page's own markup for the article (itemprop=articleBody, an
 * article-body class, <article>, <main>) wins over the candidate top when
 * it holds it and clearly more text, or sits inside it with most of it. */
static int32_t prefer_article_markup(const bp_work *w, int32_t top) {
    const bp_el *el = w->els.e;
    size_t ne = w->els.n;
    int32_t hint = -1;
    for (size_t i = 0; i < ne; i++) {
        if (!el[i].main_hint || !el[i].text) continue;
        if (hint < 0 || el[i].main_hint > el[hint].main_hint ||
            (el[i].main_hint == el[hint].main_hint && el[i].text > el[hint].text))
            hint = (int32_t)i;
    }
    if (hint < 0 || hint == top) return top;
    int holds = (uint32_t)top > (uint32_t)hint && (uint32_t)top < el[hint].end;
    int inside = (uint32_t)hint > (uint32_t)top && (uint32_t)hint < el[top].end;
    if (holds && el[hint].text * 10 >= el[top].text * 13 && link_density(&el[hint]) < 0.5)
        return hint;
    if (inside && el[hint].text * 10 >= el[top].text * 7) return hint;
    return top;
}

/* Does sibling paragraph j look like article text: long with few links,
 * or short without links and ending a sentence? */
static int paragraph_joins(const bp_work *w, uint32_t j) {
    const bp_el *el = w->els.e;
    const bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    double ld = link_density(&el[j]);
    if (el[j].text > 80 && ld < 0.25) return 1;
    if (!(el[j].text > 0 && el[j].text < 80 && ld == 0)) return 0;
    int join = 0;
    for (size_t b = el[j].first_block;
         b < nb && (uint32_t)bl[b].el < el[j].end && bl[b].el >= (int32_t)j; b++) {
        const char *t = w->text.p + bl[b].tb;
        size_t n = bl[b].te - bl[b].tb;
        if (n && (t[n - 1] == '.' || bp_memmem(t, n, ". ", 2))) join = 1;
    }
    return join;
}

/* Phase 5: the candidate and the siblings that look like it (a score near
 * its own, or article-like paragraphs) make the main text: their active
 * blocks get in_main. */
static void join_siblings(bp_work *w, int32_t top, int flags) {
    const bp_el *el = w->els.e;
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    int32_t par = el[top].parent;
    double sib_thr = fmax(10.0, el[top].score * 0.2);
    for (uint32_t j = par >= 0 ? (uint32_t)par + 1 : (uint32_t)top;
         j < (par >= 0 ? el[par].end : el[top].end); j = el[j].end ? el[j].end : j + 1) {
        int join = (int32_t)j == top;
        if (!join && el[j].scored && el[j].score >= sib_thr) join = 1;
        if (!join && el[j].tag == T_P) join = paragraph_joins(w, j);
        if (!join) continue;
        for (size_t b = el[j].first_block;
             b < nb && bl[b].el >= (int32_t)j && (uint32_t)bl[b].el < el[j].end; b++)
            if (active(&bl[b], flags)) bl[b].in_main = 1;
    }
}

/* Why container e goes from the main text (mostly links, a form, images
 * or embeds, an unlikely class), or 0 when it stays. Many commas mean
 * real prose, which stays. */
static int clean_reason(const bp_el *e, int flags) {
    int list = e->tag == T_UL;
    int weight = (flags & FL_WEIGHT) ? e->weight * 25 : 0;
    double ld = link_density(e);
    int drop = 0;
    if (weight < 0)
        drop = BP_R_UNLIKELY;
    else if (e->commas < 10) {
        double p = e->np, img = e->nimg;
        if (img > 1 && p / img < 0.5)
            drop = BP_R_LOW_TEXT;
        else if (!list && e->nli > 100 + e->np)
            drop = BP_R_LIST;
        else if (e->ninput > e->np / 3)
            drop = BP_R_FORM;
        else if (!list && e->text < 25 && (img == 0 || img > 2) && ld > 0)
            drop = BP_R_LINK_DENSE;
        else if (!list && weight < 25 && ld > 0.2)
            drop = BP_R_LINK_DENSE;
        else if (list && ld > 0.5)
            drop = BP_R_LINK_DENSE;
        else if (weight >= 25 && ld > 0.5)
            drop = BP_R_LINK_DENSE;
        else if ((e->nembed == 1 && e->text < 75) || e->nembed > 1)
            drop = BP_R_LOW_TEXT;
    }
    /* A table keeps its cells unless it is mostly links. */
    if (e->tag == T_TABLE && drop && drop != BP_R_LINK_DENSE) drop = 0;
    return drop;
}

/* Phase 6: clean conditionally: containers around the candidate that
 * clean_reason drops take their blocks out of the main text. */
static void clean_containers(bp_work *w, int32_t top, int flags) {
    const bp_el *el = w->els.e;
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    int32_t par = el[top].parent;
    uint32_t lo = par >= 0 ? (uint32_t)par + 1 : (uint32_t)top + 1;
    uint32_t hi = par >= 0 ? el[par].end : el[top].end;
    for (uint32_t i = lo; i < hi; i++) {
        const bp_el *e = &el[i];
        if (!e->text || (int32_t)i == top || (i < (uint32_t)top && e->end > (uint32_t)top))
            continue;
        int cand = e->tag == T_DIV || e->tag == T_UL || e->tag == T_TABLE || e->tag == T_FORM ||
                   e->tag == T_SECTION || e->tag == T_OTHER_BLOCK;
        if (!cand) continue;
        int drop = clean_reason(e, flags);
        if (!drop) continue;
        for (size_t b = e->first_block;
             b < nb && bl[b].el >= (int32_t)i && (uint32_t)bl[b].el < e->end; b++) {
            if (bl[b].in_main) {
                bl[b].in_main = 0;
                bl[b].reason = (uint8_t)drop;
            }
        }
    }
}

/* Characters of the blocks the strict attempt kept under the page's own
 * markup for a story (<article>, itemprop=articleBody, an article-body
 * class; not <main>, which often holds a whole forum thread), none under a
 * comments container: the story, found before any rule was loosened. */
static size_t marked_story_chars(const bp_work *w) {
    const bp_el *el = w->els.e;
    size_t n = 0;
    for (size_t b = 0; b < w->blocks.n; b++) {
        const bp_block *bl = &w->blocks.b[b];
        if (!bl->in_main || bl->unl == BP_R_COMMENTS || bl->pre_reason) continue;
        for (int32_t e = bl->el; e >= 0; e = el[e].parent)
            if (el[e].main_hint && el[e].tag != T_MAIN) {
                n += bl->nchars;
                break;
            }
    }
    return n;
}

/* One attempt; returns the characters kept and leaves each block's in_main
 * set. With no_comments, text under a comments container does not count: a
 * page that marks up its story (<article>, articleBody) has its reader
 * comments elsewhere, and twelve of them under a two-paragraph story must not
 * win the retry for being longer. (A forum thread, whose posts sit in a
 * "comments" container and are the content, marks up no story apart.) */
static size_t attempt(bp_work *w, int flags, int no_comments) {
    count_text(w, flags);
    vote_for_ancestors(w, flags);
    int32_t top = choose_candidate(w);
    if (top < 0) return 0;
    top = prefer_article_markup(w, top);
    join_siblings(w, top, flags);
    if (flags & FL_CLEAN) clean_containers(w, top, flags);
    size_t kept = 0;
    for (size_t b = 0; b < w->blocks.n; b++)
        if (w->blocks.b[b].in_main && !(no_comments && w->blocks.b[b].unl == BP_R_COMMENTS))
            kept += w->blocks.b[b].nchars;
    return kept;
}

void bp_select(bp_work *w, const bp_conf *c) {
    static const int tries[] = {FL_STRIP | FL_WEIGHT | FL_CLEAN, FL_WEIGHT | FL_CLEAN, FL_CLEAN, 0};
    size_t best = 0;
    int best_flags = tries[0], no_comments = 0;
    for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
        for (size_t b = 0; b < w->blocks.n; b++) w->blocks.b[b].reason = 0;
        if (t == 1) no_comments = marked_story_chars(w) >= MARKED_STORY_MIN;
        size_t kept = attempt(w, tries[t], no_comments);
        if (kept > best || t == 0) best = kept, best_flags = tries[t];
        if (kept >= (size_t)c->retry_chars) {
            best_flags = tries[t];
            break;
        }
        if (t + 1 == sizeof tries / sizeof tries[0] && best_flags != tries[t]) {
            for (size_t b = 0; b < w->blocks.n; b++) w->blocks.b[b].reason = 0;
            attempt(w, best_flags, no_comments);
        }
    }
    /* A reason for every block left out. */
    for (size_t i = 0; i < w->blocks.n; i++) {
        bp_block *b = &w->blocks.b[i];
        if (b->in_main) {
            b->reason = BP_KEEP;
            continue;
        }
        if (b->reason) continue;
        if (b->pre_reason)
            b->reason = b->pre_reason;
        else if ((best_flags & FL_STRIP) && b->unl)
            b->reason = b->unl;
        else if (b->nchars && b->link10 / 10.0 / b->nchars > 0.5)
            b->reason = BP_R_LINK_DENSE;
        else
            b->reason = BP_R_OUTSIDE;
    }
}
