/*
 * Offsets of the text libxml2 parses back to the page. libxml2 is given the
 * page transcoded to UTF-8 when it was not (html.c) and then pruned
 * (prune.c); the parser's offsets index that, and the boilerplate layer and
 * the text view's map need offsets of raw. Pruning copies text unchanged, so
 * its runs map any offset inside the text; transcoding maps character by
 * character: valid UTF-8 with bad bytes keeps every valid character and
 * turns each bad byte into U+FFFD (3 bytes for 1), a single-byte charset
 * turns each byte into one character of 1 to 3 bytes. Other charsets (UTF-16,
 * the CJK multi-byte ones) have no map: their blocks get no offsets rather
 * than wrong ones.
 */
#include <string.h>

#include "bp.h"

void bp_rawmap_init(bp_rawmap *m, const char *raw, size_t rawlen, const char *pre, size_t prelen,
                    int mode, const bp_runs *prune) {
    *m = (bp_rawmap){
        .raw = raw, .rawlen = rawlen, .pre = pre, .prelen = prelen, .mode = mode, .prune = prune};
}

/* The offset in pre of offset p of the pruned text: inside or at the end of
 * a run of copied text, else none. Words are looked up in increasing order:
 * the search goes on from the last run found. */
static int64_t unprune(bp_rawmap *m, size_t p) {
    if (!m->prune) return (int64_t)p;
    const weft_offrun *r = m->prune->r;
    size_t n = m->prune->n, i = m->ri;
    if (i < n && r[i].dst <= p) {
        while (i + 1 < n && r[i + 1].dst <= p) i++;
    } else {
        /* the last run starting at or before p */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (r[mid].dst <= p)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (!lo) return -1;
        i = lo - 1;
    }
    m->ri = i;
    if (p > (size_t)r[i].dst + r[i].len) return -1;
    return (int64_t)r[i].src + (int64_t)(p - r[i].dst);
}

int64_t bp_rawmap_at(bp_rawmap *m, size_t p) {
    int64_t q64 = unprune(m, p);
    if (q64 < 0) return -1;
    size_t q = (size_t)q64;
    if (m->mode == BP_MAP_SAME) return q <= m->rawlen ? (int64_t)q : -1;
    if (m->mode == BP_MAP_NONE || q > m->prelen) return -1;
    /* Walk both texts a character at a time, on from the last offset asked
     * for (the walk asks in increasing order). */
    if (q < m->q) m->q = m->r = 0;
    const unsigned char *raw = (const unsigned char *)m->raw;
    const unsigned char *pre = (const unsigned char *)m->pre;
    while (m->q < q && m->r < m->rawlen) {
        size_t in = 1, out;
        if (m->mode == BP_MAP_FFFD) {
            int32_t cp;
            size_t l = raw[m->r] < 0x80 ? 1 : weft_utf8_decode(raw + m->r, m->rawlen - m->r, &cp);
            if (raw[m->r] >= 0x80 && cp < 0) l = 0;
            in = l ? l : 1;
            out = l ? l : 3;
        } else {
            unsigned char c = pre[m->q];
            out = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        }
        m->q += out;
        m->r += in;
    }
    return m->q == q ? (int64_t)m->r : -1;
}
