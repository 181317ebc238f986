/* The stage's output: the "text" view (kept blocks, a blank line between
 * paragraphs) with its offset map to "raw", the "boilerplate" layer of
 * removed blocks over "raw", and the document attributes. */
#include <math.h>
#include <string.h>

#include "bp.h"
#include "html.h"

/* The text view must be valid UTF-8; libxml2 guarantees it for HTML and
 * plain.c decodes or replaces bad bytes, so this only guards against
 * surprises. */
static int sanitize(bp_work *w) {
    if (weft_utf8_valid_prefix(w->out.p, w->out.n) == w->out.n) return 0;
    w->tmp.n = 0;
    for (size_t i = 0; i < w->out.n;) {
        size_t ok = weft_utf8_valid_prefix(w->out.p + i, w->out.n - i);
        if (bp_buf_put(&w->tmp, w->out.p + i, ok)) return -1;
        i += ok;
        if (i < w->out.n) {
            if (bp_buf_put(&w->tmp, "\xEF\xBF\xBD", 3)) return -1;
            i++;
        }
    }
    bp_buf t = w->out;
    w->out = w->tmp;
    w->tmp = t;
    w->outruns.n = 0; /* offsets moved: no map rather than a wrong one */
    return 1;
}

int bp_block_span(const bp_block *b, size_t raw_len, uint32_t *begin, uint32_t *end) {
    *begin = b->sb;
    *end = b->se;
    return b->se > b->sb && b->se <= raw_len;
}

/* The table row (its tr element) whose cell holds block b's text itself
 * (not a paragraph inside the cell), or -1: the HTML path's cells. */
static int32_t cell_row(const bp_work *w, const bp_block *b) {
    if (b->el < 0 || (size_t)b->el >= w->els.n) return -1;
    const bp_el *e = &w->els.e[b->el];
    return e->tag == T_TD ? e->parent : -1;
}

int bp_emit(const weft_host *host, bp_work *w, weft_doc *doc, weft_error *err, size_t raw_len) {
    const bp_shared *sh = w->sh;
    bp_block *bl = w->blocks.b;
    w->out.n = 0;
    w->outruns.n = 0;
    if (bp_buf_reserve(&w->out, 1)) return host->fail(err, WEFT_ENOMEM, -1, "out of memory");
    w->out.p[0] = '\0';
    long prev = -1;
    int32_t prev_row = -1;
    for (size_t i = 0; i < w->blocks.n; i++) {
        const bp_block *b = &bl[i];
        if (b->reason) continue;
        /* A table row is one paragraph, its kept cells joined by " | ". */
        int32_t row = cell_row(w, b);
        /* a line goes on from the kept block before it, blocks without
         * text between them aside (a table's rule in plain text) */
        long on = (long)i - 1;
        while (on > prev && bl[on].te == bl[on].tb) on--;
        const char *sep = row >= 0 && row == prev_row           ? " | "
                          : b->kind == BK_LINE_ON && prev == on ? "\n"
                                                                : "\n\n";
        if (prev >= 0 && bp_buf_put(&w->out, sep, strlen(sep))) goto oom;
        prev_row = row;
        uint32_t base = (uint32_t)w->out.n;
        if (bp_buf_put(&w->out, w->text.p + b->tb, b->te - b->tb)) goto oom;
        for (uint32_t r = b->rb; r < b->re; r++) {
            const weft_offrun *x = &w->runs.r[r];
            if (x->src + x->len > raw_len) continue;
            if (bp_runs_add(&w->outruns, base + (x->dst - b->tb), x->src, x->len)) goto oom;
        }
        prev = (long)i;
    }
    /* The host checks the text is UTF-8 before it takes it (and takes
     * nothing when it is not): sanitized only then, the text is read once */
    int rc = host->view_add(doc, sh->text, w->out.p, w->out.n, sh->raw, w->outruns.r, w->outruns.n);
    if (rc == WEFT_EDATA) {
        if (sanitize(w) < 0) goto oom;
        rc = host->view_add(doc, sh->text, w->out.p, w->out.n, sh->raw, w->outruns.r, w->outruns.n);
    }
    if (rc) return host->fail(err, rc, -1, "cannot add the text view");
    rc = host->layer_new(doc, sh->layer, sh->raw);
    if (rc) return host->fail(err, rc, -1, "cannot create the boilerplate layer");
    for (size_t i = 0; i < w->blocks.n; i++) {
        const bp_block *b = &bl[i];
        uint32_t begin, end;
        if (!b->reason || !bp_block_span(b, raw_len, &begin, &end)) continue;
        /* A span the host refuses (raw is not UTF-8 at its edges) is left
         * out; the text view is what matters. */
        (void)host->add(doc, sh->layer, begin, end, sh->reasons[b->reason], NAN);
    }
    static const int keys[] = {BM_TITLE,     BM_AUTHOR,   BM_DATE, BM_URL,
                               BM_CANONICAL, BM_LANGUAGE, BM_DESC, BM_CHARSET};
    const weft_sym syms[] = {sh->attr_title,       sh->attr_author,    sh->attr_date,
                             sh->attr_url,         sh->attr_canonical, sh->attr_language,
                             sh->attr_description, sh->attr_charset};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const bp_buf *m = &w->meta[keys[k]];
        if (!m->n || weft_utf8_valid_prefix(m->p, m->n) != m->n) continue;
        weft_value v = {.type = WEFT_V_STR, .len = (uint32_t)m->n, .u.str = m->p};
        if (host->doc_set(doc, syms[k], &v)) goto oom;
    }
    return WEFT_OK;
oom:
    return host->fail(err, WEFT_ENOMEM, -1, "out of memory writing the text view");
}
