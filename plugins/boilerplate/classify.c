/*
 * Block classification after jusText (ALGORITHMS.md): a context-free class
 * from length, stopword density and link density, then short and near-good
 * blocks take the class of their context. Used for plain text, where it is
 * the whole decision, and at the edges of the HTML main content.
 */
#include "bp.h"

enum { C_BAD = 0, C_SHORT, C_NEAR, C_GOOD };

/* Ends like a sentence: . ! ? or a closing quote after one, or … */
int bp_sentence_end(const char *s, size_t n) {
    while (n && (s[n - 1] == ' ' || s[n - 1] == ')')) n--;
    /* closing quotes: " ' and the UTF-8 forms of ” ’ » */
    for (int k = 0; k < 2 && n; k++) {
        if (s[n - 1] == '"' || s[n - 1] == '\'')
            n--;
        else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
                 ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99))
            n -= 3;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xBB)
            n -= 2;
    }
    if (!n) return 0;
    char c = s[n - 1];
    if (c == '.' || c == '!' || c == '?' || c == ':') return 1;
    /* … and CJK/Arabic full stops */
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
        (unsigned char)s[n - 1] == 0xA6)
        return 1;
    if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
        (unsigned char)s[n - 1] == 0x82)
        return 1;
    if (n >= 2 && (unsigned char)s[n - 2] == 0xDB && (unsigned char)s[n - 1] == 0x94) return 1;
    return 0;
}

static int context_free(const bp_work *w, const bp_block *b, int plain) {
    const bp_conf *c = &w->sh->conf;
    double ld = b->nchars ? b->link10 / 10.0 / b->nchars : 0;
    if (ld > 0.5) return C_BAD;
    double sd = w->stop ? (b->nwords ? (double)b->nstop / b->nwords : 0) : c->stop_high;
    const char *t = w->text.p + b->tb;
    size_t n = b->te - b->tb;
    int sentence = bp_sentence_end(t, n);
    if (b->nchars < (uint32_t)c->length_low) {
        if (b->link10) return C_BAD;
        /* A short sentence ("We will rebuild," she said.) is prose. */
        if (sentence && t[n - 1] != ':' && b->nwords >= 3 && sd >= c->stop_low * 0.5) return C_NEAR;
        return C_SHORT;
    }
    /* Scraped text has no markup to vouch for a paragraph, but prose of a
     * few lines that ends a sentence is rarely anything else. */
    if (sd >= c->stop_high)
        return b->nchars > (uint32_t)c->length_high ||
                       (plain && sentence && b->nchars >= (uint32_t)c->length_low + 30)
                   ? C_GOOD
                   : C_NEAR;
    if (sd >= c->stop_low) return C_NEAR;
    if (plain && sentence && sd >= c->stop_low * 0.5) return C_NEAR;
    return C_BAD;
}

/* Class of the nearest block on one side that is good or bad (edges are
 * bad); near-goods count when neargood is set. */
static int neighbour(const bp_block *bl, size_t from, size_t to, long i, int dir, int neargood) {
    for (long j = i + dir; j >= (long)from && j < (long)to; j += dir) {
        int g = bl[j].good;
        if (g == C_GOOD || g == C_BAD) return g;
        if (neargood && g == C_NEAR) return C_NEAR;
    }
    return C_BAD;
}

void bp_classify(bp_work *w, size_t from, size_t to, int plain) {
    bp_block *bl = w->blocks.b;
    /* Removed blocks stay out of the context: they are already decided. */
    for (size_t i = from; i < to; i++)
        bl[i].good = bl[i].reason ? 0xFF : (uint8_t)context_free(w, &bl[i], plain);
    /* Compact the kept ones into the order context sees, in place via an
     * index walk: skip removed blocks when looking for neighbours. */
    size_t n = 0;
    for (size_t i = from; i < to; i++) n += bl[i].good != 0xFF;
    if (!n) return;
    /* Short blocks. */
    for (size_t i = from; i < to; i++) {
        if (bl[i].good != C_SHORT) continue;
        int p = C_BAD, q = C_BAD;
        for (long j = (long)i - 1; j >= (long)from; j--)
            if (bl[j].good == C_GOOD || bl[j].good == C_BAD) {
                p = bl[j].good;
                break;
            }
        for (size_t j = i + 1; j < to; j++)
            if (bl[j].good == C_GOOD || bl[j].good == C_BAD) {
                q = bl[j].good;
                break;
            }
        int r;
        if (p == C_GOOD && q == C_GOOD)
            r = C_GOOD;
        else if (p == C_BAD && q == C_BAD)
            r = C_BAD;
        else {
            /* Mixed: good only if the bad side is shielded by a near-good. */
            int dir = p == C_BAD ? -1 : 1;
            int adj = C_BAD;
            for (long j = (long)i + dir; j >= (long)from && j < (long)to; j += dir) {
                int g = bl[j].good;
                if (g == 0xFF || g == C_SHORT) continue;
                adj = g;
                break;
            }
            r = adj == C_NEAR ? C_GOOD : C_BAD;
        }
        bl[i].good = (uint8_t)(r == C_GOOD ? 0x10 | C_GOOD : 0x10 | C_BAD);
    }
    for (size_t i = from; i < to; i++)
        if (bl[i].good != 0xFF && (bl[i].good & 0x10)) bl[i].good &= 0x0F;
    /* Near-good blocks. */
    for (size_t i = from; i < to; i++) {
        if (bl[i].good != C_NEAR) continue;
        int p = neighbour(bl, from, to, (long)i, -1, 0);
        int q = neighbour(bl, from, to, (long)i, 1, 0);
        bl[i].good = (uint8_t)(0x10 | ((p == C_BAD && q == C_BAD) ? C_BAD : C_GOOD));
    }
    for (size_t i = from; i < to; i++) {
        if (bl[i].good == 0xFF) continue;
        bl[i].good &= 0x0F;
        if (bl[i].good == C_BAD && !bl[i].reason) {
            double ld = bl[i].nchars ? bl[i].link10 / 10.0 / bl[i].nchars : 0;
            bl[i].reason = ld > 0.5                                          ? BP_R_LINK_DENSE
                           : bl[i].nchars < (uint32_t)w->sh->conf.length_low ? BP_R_SHORT
                                                                             : BP_R_LOW_TEXT;
        }
    }
}
