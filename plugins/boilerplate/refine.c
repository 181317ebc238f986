/* Second look at the main content that select.c chose: the phrase rules,
 * link-heavy blocks, the headline repeated from the title, captions,
 * repeated blocks, and headings left dangling at the end. */
#include <stdlib.h>
#include <string.h>

#include "bp.h"

void bp_features(bp_work *w, int stopwords) {
    for (size_t i = 0; i < w->blocks.n; i++) {
        bp_block *b = &w->blocks.b[i];
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        b->nchars = bp_count_chars(t, n);
        if (stopwords) bp_stop_count(w->stop, t, n, &b->nwords, &b->nstop);
    }
}

static uint64_t text_hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h | 1;
}

static int is_dup_title(const bp_work *w, const char *t, size_t n) {
    const bp_buf *title = &w->meta[BM_TITLE];
    if (!title->n) return 0;
    if (bp_same_words(t, n, title->p, title->n)) return 1;
    /* "Headline" against a title "Headline | Site" that kept its suffix. */
    return n >= 20 && n < title->n && memcmp(title->p, t, n) == 0;
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
    /* Small open-addressing set of kept texts, for repeated blocks. */
    size_t cap = 64;
    while (cap < nb * 2) cap *= 2;
    uint64_t *seen = calloc(cap, sizeof *seen);
    for (size_t i = 0; i < nb; i++) {
        bp_block *b = &bl[i];
        if (!b->in_main || b->reason) continue;
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        double ld = b->nchars ? b->link10 / 10.0 / b->nchars : 0;
        int r = bp_rule_line(t, n, b->nchars < 200);
        if (!r && (ld > max_ld || (b->nchars < 100 && ld > max_ld * 0.6 && !bp_sentence_end(t, n))))
            r = BP_R_LINK_DENSE;
        if (!r && b->kind == BK_HEADING &&
            (is_dup_title(w, t, n) || (!body_seen && b->hlevel == 1)))
            r = BP_R_DUP_TITLE;
        if (!r && b->in_caption) r = BP_R_CAPTION;
        if (!r && !c->keep_headings && b->kind == BK_HEADING) r = BP_R_HEADING;
        if (!r && !c->keep_lists && b->in_li) r = BP_R_LIST;
        if (!r && !c->keep_tables && b->in_table) r = BP_R_TABLE;
        if (!r && seen && b->nchars >= 20) {
            uint64_t h = text_hash(t, n);
            size_t k = h & (cap - 1);
            while (seen[k] && seen[k] != h) k = (k + 1) & (cap - 1);
            if (seen[k] == h)
                r = BP_R_DUPLICATE;
            else
                seen[k] = h;
        }
        if (r) {
            b->reason = (uint8_t)r;
            b->in_main = 0;
        } else if (b->kind != BK_HEADING) {
            body_seen = 1;
        }
    }
    free(seen);
    /* Blocks outside the main content get a more telling reason when one
     * applies. */
    for (size_t i = 0; i < nb; i++) {
        bp_block *b = &bl[i];
        if (b->reason != BP_R_OUTSIDE) continue;
        const char *t = w->text.p + b->tb;
        size_t n = b->te - b->tb;
        int r = bp_rule_line(t, n, b->nchars < 200);
        if (!r && b->kind == BK_HEADING && is_dup_title(w, t, n)) r = BP_R_DUP_TITLE;
        if (!r && b->nchars && b->link10 / 10.0 / b->nchars > 0.5) r = BP_R_LINK_DENSE;
        if (!r && b->nchars < 50) r = BP_R_SHORT;
        if (r) b->reason = (uint8_t)r;
    }
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
