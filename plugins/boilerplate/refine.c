/* Second look at the main content that select.c chose: the phrase rules,
 * link-heavy blocks, the headline repeated from the title, captions,
 * repeated blocks, and headings left dangling at the end. */
#include <stdlib.h>
#include <string.h>

#include "bp.h"
#include "plainline.h"

int bp_features(bp_work *w, int stopwords) {
    /* plain text: every count of a block in one pass (plainline.c) */
    if (stopwords) return bp_lines_read(w);
    for (size_t i = 0; i < w->blocks.n; i++) {
        bp_block *b = &w->blocks.b[i];
        b->nchars = bp_count_chars(w->text.p + b->tb, b->te - b->tb);
    }
    return 0;
}

/* Repeated blocks are found by the 64-bit hash of their text alone: a
 * collision costs one block, comparing texts would cost every block. */
typedef struct seen_set {
    weft_hindex ix;
    uint64_t *h;
    size_t n;
} seen_set;

/* 1 when h was seen before, else records it (0); -1 when out of memory. */
static int seen_before(seen_set *s, uint64_t h) {
    for (weft_hprobe p = weft_hindex_probe(&s->ix, h);;) {
        size_t i = weft_hindex_next(&s->ix, &p);
        if (i == WEFT_HINDEX_NONE) break;
        if (s->h[i] == h) return 1;
    }
    if (weft_hindex_add(&s->ix, h, s->n)) return -1;
    s->h[s->n++] = h;
    return 0;
}

static int is_dup_title(const bp_work *w, const char *t, size_t n) {
    const bp_buf *title = &w->meta[BM_TITLE];
    if (!title->n) return 0;
    if (bp_same_words(t, n, title->p, title->n)) return 1;
    /* "Headline" against a title "Headline | Site" that kept its suffix. */
    return n >= 20 && n < title->n && memcmp(title->p, t, n) == 0;
}

/* The headline above the text leaves it as the title attribute: when the
 * h1 goes on where the title stops ("Storm hits coast, thousands without
 * power" under a <title> "Storm hits coast | Site", whatever the site's
 * name), the title becomes the h1, so that no word of it is lost. An h1 the title holds already
 * (the title extends it) leaves the title as it is. */
/* The length of a <title> without its site part: up to its last
 * separator between spaces (" | ", " - ", " – ", " — ", " · ": bp_sep_len;
 * "Storm hits coast | The Valley Herald" gives "Storm hits coast"), or all
 * of it. */
static size_t title_head(const char *t, size_t n) {
    for (size_t k = n; k-- > 1;) {
        size_t m = t[k - 1] == ' ' ? bp_sep_len(t, n, k) : 0;
        if (m && k + m < n && t[k + m] == ' ') return k - 1;
    }
    return n;
}

static void extend_title(bp_work *w, const char *t, size_t n) {
    bp_buf *title = &w->meta[BM_TITLE];
    size_t hn = title->n ? title_head(title->p, title->n) : 0;
    if (!hn || !bp_words_prefix(title->p, hn, t, n) || bp_same_words(title->p, hn, t, n)) return;
    title->n = 0;
    bp_set_meta(title, t, n);
}

/* A byline the rules removed gives the author (and the date) the page's
 * metadata did not: "By Jane Doe, <time>4 May 2026</time>". The first
 * byline counts; one the page's author metadata names still gives its
 * date. */
static void take_byline(bp_work *w, const char *t, size_t n) {
    if (!w->meta[BM_AUTHOR].n || !w->meta[BM_DATE].n) bp_take_byline(w, t, n);
}

/* A byline removed before the rules saw it (its class says "byline", or
 * it stands above the main container) still names the article's author:
 * the nearest one above the first kept block, a few blocks up at most, so
 * that a teaser's byline elsewhere on the page is not taken. */
static void byline_above(bp_work *w) {
    if (w->meta[BM_AUTHOR].n && w->meta[BM_DATE].n) return;
    bp_block *bl = w->blocks.b;
    size_t first = 0;
    while (first < w->blocks.n && !(bl[first].in_main && !bl[first].reason)) first++;
    if (first == w->blocks.n) return;
    for (size_t i = first, k = 0; i-- > 0 && k < 8; k++) {
        bp_block *b = &bl[i];
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        if (b->reason == BP_R_DUP_TITLE) return; /* the headline: none in between */
        if (bp_rule_line(&w->sh->ph, t, n, b->nchars < 200) != BP_R_BYLINE) continue;
        bp_take_byline(w, t, n);
        if (b->reason == BP_R_UNLIKELY || b->reason == BP_R_OUTSIDE) b->reason = BP_R_BYLINE;
        return;
    }
}

/* Characters a newsletter or cookie box holds at most: an article a
 * site puts in a container so named is longer. */
#define PROMPT_BOX_MAX 1000

/* A newsletter or cookie box (a container whose class or id says so, the
 * outermost unlikely one above the block) that a looser attempt of
 * select.c kept, because the page's text was short: when one of its blocks
 * asks the reader to subscribe or to accept (bp_rule_asks, whatever its
 * length), the whole box goes, its heading and labels too. A box whose text
 * only speaks of a newsletter or of cookies, or one as long as an article,
 * stays. */
static void drop_prompt_boxes(bp_work *w) {
    const bp_el *el = w->els.e;
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    for (size_t i = 0; i < nb; i++) {
        bp_block *b = &bl[i];
        if (!b->in_main || b->reason || (b->unl != BP_R_SUBSCRIBE && b->unl != BP_R_COOKIE) ||
            b->el < 0)
            continue;
        int32_t box = -1;
        for (int32_t e = b->el; e >= 0; e = el[e].parent)
            if (el[e].unlikely) box = e;
        if (box < 0 || el[box].unlikely != b->unl) continue;
        size_t j = i, chars = 0;
        int asks = 0;
        for (; j < nb && bl[j].el >= box && (uint32_t)bl[j].el < el[box].end; j++) {
            if (!bl[j].in_main || bl[j].reason) continue;
            chars += bl[j].nchars;
            if (!asks) asks = bp_rule_asks(&w->sh->ph, w->text.p + bl[j].tb, bl[j].te - bl[j].tb);
        }
        if (asks && chars <= PROMPT_BOX_MAX)
            for (size_t k = i; k < j; k++)
                if (bl[k].in_main && !bl[k].reason) {
                    bl[k].reason = b->unl;
                    bl[k].in_main = 0;
                }
        i = j - 1;
    }
}

void bp_refine(bp_work *w) {
    const bp_conf *c = &w->sh->conf;
    bp_block *bl = w->blocks.b;
    size_t nb = w->blocks.n;
    /* favor: precision tightens the link rule, recall loosens it and keeps
     * trailing labels. */
    double max_ld = c->favor == 0   ? c->max_link_density * 0.66
                    : c->favor == 2 ? c->max_link_density * 1.5
                                    : c->max_link_density;
    if (max_ld > 1) max_ld = 1;
    int body_seen = 0;
    /* The texts kept so far, for repeated blocks; without memory the
     * check is skipped, as it always was. */
    seen_set seen = {.h = malloc((nb ? nb : 1) * sizeof *seen.h)};
    weft_hindex_init(&seen.ix);
    int check_seen = seen.h && weft_hindex_reserve(&seen.ix, nb) == 0;
    drop_prompt_boxes(w);
    for (size_t i = 0; i < nb; i++) {
        bp_block *b = &bl[i];
        if (!b->in_main || b->reason) continue;
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        double ld = b->nchars ? b->link10 / 10.0 / b->nchars : 0;
        int r = bp_rule_line(&w->sh->ph, t, n, b->nchars < 200);
        if (!r && (ld > max_ld || (b->nchars < 100 && ld > max_ld * 0.6 && !bp_sentence_end(t, n))))
            r = BP_R_LINK_DENSE;
        if (!r && b->kind == BK_HEADING && is_dup_title(w, t, n)) r = BP_R_DUP_TITLE;
        if (!r && b->kind == BK_HEADING && !body_seen && b->hlevel == 1) {
            extend_title(w, t, n);
            r = BP_R_DUP_TITLE;
        }
        if (!r && b->in_caption) r = BP_R_CAPTION;
        if (!r && !c->keep_headings && b->kind == BK_HEADING) r = BP_R_HEADING;
        if (!r && !c->keep_lists && b->in_li) r = BP_R_LIST;
        if (!r && !c->keep_tables && b->in_table) r = BP_R_TABLE;
        if (!r && check_seen && b->nchars >= 20 &&
            seen_before(&seen, weft_fnv64(WEFT_FNV64_INIT, t, n)) == 1)
            r = BP_R_DUPLICATE;
        if (r == BP_R_BYLINE) take_byline(w, t, n);
        if (r) {
            b->reason = (uint8_t)r;
            b->in_main = 0;
        } else if (b->kind != BK_HEADING) {
            body_seen = 1;
        }
    }
    weft_hindex_free(&seen.ix);
    free(seen.h);
    /* Blocks outside the main content get a more telling reason when one
     * applies. */
    for (size_t i = 0; i < nb; i++) {
        bp_block *b = &bl[i];
        if (b->reason != BP_R_OUTSIDE) continue;
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        int r = bp_rule_line(&w->sh->ph, t, n, b->nchars < 200);
        if (r == BP_R_BYLINE) take_byline(w, t, n);
        if (!r && b->kind == BK_HEADING && is_dup_title(w, t, n)) r = BP_R_DUP_TITLE;
        if (!r && b->nchars && b->link10 / 10.0 / b->nchars > 0.5) r = BP_R_LINK_DENSE;
        if (!r && b->nchars < 50) r = BP_R_SHORT;
        if (r) b->reason = (uint8_t)r;
    }
    byline_above(w);
    if (c->favor == 2) return;
    /* Headings and labels with nothing after them introduce other content. */
    for (size_t i = nb; i-- > 0;) {
        bp_block *b = &bl[i];
        if (!b->in_main) continue;
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        if (b->kind == BK_HEADING) {
            b->reason = BP_R_HEADING;
        } else if (b->nchars < 40 && !bp_sentence_end(t, n)) {
            b->reason = BP_R_SHORT;
        } else {
            break;
        }
        b->in_main = 0;
    }
}
