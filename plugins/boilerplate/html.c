/*
 * HTML input: parse with libxml2's HTML parser, walk the tree once (without
 * recursion: pages nest 100,000 deep) and cut it into blocks, recording for
 * every element the facts the content selection needs (select.c) and the
 * page's metadata (meta.c).
 *
 * The offset map. libxml2 gives text without its byte offsets, but inside a
 * callback its parser's offset (bp_sax_offset) says where the text given
 * ends, and the previous event (a tag, a comment, the text before) where it
 * starts. Each word of a callback is looked up in that stretch of what
 * libxml2 parsed only, so it cannot be found in the <title>, an attribute, a
 * script, a comment or any other text. Its offset there is then mapped back
 * to raw (rawmap.c: through the pre-pass and the transcoding). A word gets a
 * run only when its bytes are in raw verbatim; text that came from an entity
 * reference (&amp; &#8217;), from a transcoded charset, or from collapsed
 * whitespace has none. A block's span of raw (the boilerplate layer) runs
 * from the start of its first word, or of the reference it came from, to the
 * end of its last: exact, or none when a word has no offset in raw.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "bp.h"
#include "html.h"
#include "sax.h"
#include "weft/grow.h"

#define F_BLOCK 0x1 /* starts and ends a block */
#define F_DROP  0x2 /* never visible: skip the subtree */
#define F_HIDE  0x4 /* visit for metadata, but its text is not shown */

static const struct tagdef {
    const char *name;
    uint8_t tag, flags, reason, kind;
} tags[] = {
    /* sorted by name for bsearch */
    {"a", T_A, 0, 0, 0},
    {"address", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"applet", T_EMBED, F_DROP, 0, 0},
    {"area", T_OTHER, F_DROP, 0, 0},
    {"article", T_ARTICLE, F_BLOCK, 0, BK_OTHER},
    {"aside", T_OTHER_BLOCK, F_BLOCK, BP_R_ASIDE, BK_OTHER},
    {"audio", T_EMBED, F_DROP, 0, 0},
    {"base", T_OTHER, F_DROP, 0, 0},
    {"blockquote", T_QUOTE, F_BLOCK, 0, BK_QUOTE},
    {"body", T_BODY, F_BLOCK, 0, BK_OTHER},
    {"br", T_BR, 0, 0, 0},
    {"button", T_INPUT, F_DROP, 0, 0},
    {"canvas", T_OTHER, F_DROP, 0, 0},
    {"caption", T_OTHER_BLOCK, F_BLOCK, 0, BK_CAPTION},
    {"center", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"code", T_CODE, 0, 0, 0},
    {"dd", T_DD, F_BLOCK, 0, BK_DT},
    {"details", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"dialog", T_OTHER_BLOCK, F_BLOCK, BP_R_UNLIKELY, BK_OTHER},
    {"dir", T_UL, F_BLOCK, 0, BK_OTHER},
    {"div", T_DIV, F_BLOCK, 0, BK_OTHER},
    {"dl", T_UL, F_BLOCK, 0, BK_OTHER},
    {"dt", T_DD, F_BLOCK, 0, BK_DT},
    {"embed", T_EMBED, F_DROP, 0, 0},
    {"fieldset", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"figcaption", T_OTHER_BLOCK, F_BLOCK, BP_R_CAPTION, BK_CAPTION},
    {"figure", T_FIGURE, F_BLOCK, 0, BK_OTHER},
    {"footer", T_OTHER_BLOCK, F_BLOCK, BP_R_FOOTER, BK_OTHER},
    {"form", T_FORM, F_BLOCK, 0, BK_OTHER},
    {"frame", T_EMBED, F_DROP, 0, 0},
    {"frameset", T_EMBED, F_DROP, 0, 0},
    {"h1", T_H, F_BLOCK, 0, BK_HEADING},
    {"h2", T_H, F_BLOCK, 0, BK_HEADING},
    {"h3", T_H, F_BLOCK, 0, BK_HEADING},
    {"h4", T_H, F_BLOCK, 0, BK_HEADING},
    {"h5", T_H, F_BLOCK, 0, BK_HEADING},
    {"h6", T_H, F_BLOCK, 0, BK_HEADING},
    {"head", T_HEAD, F_HIDE, 0, 0},
    {"header", T_HEADER, F_BLOCK, 0, BK_OTHER},
    {"hgroup", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"hr", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"html", T_HTML, F_BLOCK, 0, BK_OTHER},
    {"iframe", T_EMBED, F_DROP, 0, 0},
    {"img", T_IMG, F_DROP, 0, 0},
    {"input", T_INPUT, F_DROP, 0, 0},
    {"label", T_OTHER, 0, 0, 0},
    {"legend", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"li", T_LI, F_BLOCK, 0, BK_LI},
    {"link", T_LINK, F_DROP, 0, 0},
    {"main", T_MAIN, F_BLOCK, 0, BK_OTHER},
    {"map", T_OTHER, F_DROP, 0, 0},
    {"math", T_OTHER, F_DROP, 0, 0},
    {"menu", T_UL, F_BLOCK, BP_R_NAV, BK_OTHER},
    {"meta", T_META, F_DROP, 0, 0},
    {"nav", T_OTHER_BLOCK, F_BLOCK, BP_R_NAV, BK_OTHER},
    {"noembed", T_OTHER, F_DROP, 0, 0},
    {"noframes", T_OTHER, F_DROP, 0, 0},
    {"noscript", T_OTHER, F_DROP, 0, 0},
    {"object", T_EMBED, F_DROP, 0, 0},
    {"ol", T_UL, F_BLOCK, 0, BK_OTHER},
    {"optgroup", T_INPUT, F_DROP, 0, 0},
    {"option", T_INPUT, F_DROP, 0, 0},
    {"p", T_P, F_BLOCK, 0, BK_P},
    {"param", T_OTHER, F_DROP, 0, 0},
    {"picture", T_IMG, F_DROP, 0, 0},
    {"pre", T_PRE, F_BLOCK, 0, BK_PRE},
    {"progress", T_OTHER, F_DROP, 0, 0},
    {"script", T_SCRIPT, F_DROP, 0, 0},
    {"section", T_SECTION, F_BLOCK, 0, BK_OTHER},
    {"select", T_INPUT, F_DROP, 0, 0},
    {"source", T_OTHER, F_DROP, 0, 0},
    {"style", T_OTHER, F_DROP, 0, 0},
    {"summary", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"svg", T_OTHER, F_DROP, 0, 0},
    {"table", T_TABLE, F_BLOCK, 0, BK_OTHER},
    {"tbody", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"td", T_TD, F_BLOCK, 0, BK_TD},
    {"template", T_OTHER, F_DROP, 0, 0},
    {"textarea", T_INPUT, F_DROP, 0, 0},
    {"tfoot", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"th", T_TD, F_BLOCK, 0, BK_TD},
    {"thead", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"time", T_TIME, 0, 0, 0},
    {"title", T_TITLE, F_DROP, 0, 0},
    {"tr", T_OTHER_BLOCK, F_BLOCK, 0, BK_OTHER},
    {"track", T_OTHER, F_DROP, 0, 0},
    {"ul", T_UL, F_BLOCK, 0, BK_OTHER},
    {"video", T_EMBED, F_DROP, 0, 0},
};

static int tagcmp(const void *k, const void *e) {
    return strcmp(k, ((const struct tagdef *)e)->name);
}

static const struct tagdef tag_other = {"", T_OTHER, 0, 0, 0};

static const struct tagdef *lookup(const xmlChar *name) {
    if (!name) return &tag_other;
    const struct tagdef *d =
        bsearch(name, tags, sizeof tags / sizeof tags[0], sizeof tags[0], tagcmp);
    return d ? d : &tag_other;
}

/* ------------------------------------------------------------------------ */
/* The walk                                                                  */

typedef struct walk {
    bp_work *w;
    const char *src; /* what libxml2 parses */
    size_t srclen;
    htmlParserCtxtPtr ctxt;
    bp_rawmap map;    /* src offsets -> raw */
    size_t lo;        /* src offset the next text starts at or after */
    size_t scur;      /* src offset where the next word of this text is searched */
    size_t hi;        /* ...up to here */
    size_t at;        /* the parser's offset in this callback */
    int span;         /* the block's span of raw: 0 none yet, 1 so far exact, 2 none */
    int64_t budget;   /* bytes the word search may still scan */
    int32_t cur_el;   /* innermost open element */
    int32_t cur_blk;  /* innermost open block element */
    int32_t removed;  /* outermost element removed by tag/role/hidden, or -1 */
    int32_t unlikely; /* outermost element with an unlikely class/id, or -1 */
    int32_t block;    /* block being filled, or -1 */
    int link, pre, li, table, quote, caption, code, heading;
    int link_hash; /* the open link points inside the page */
    int pend_space, pend_br;
    int hide;        /* inside <head> */
    int dropped;     /* nesting depth inside a dropped element */
    bp_buf *capture; /* where a dropped element's text goes, if anywhere */
    bp_meta_scan *meta;
    int oom;
    /* Tag lookups, cached (libxml2 hands out one interned pointer per
     * name, which spreads the slots; the name itself is compared). */
    char tag_name[64][12];
    const struct tagdef *tag_def[64];
} walk;

static bp_el *el_at(walk *k, int32_t i) {
    return &k->w->els.e[i];
}

static int flush(walk *k) {
    if (k->block < 0) return 0;
    bp_work *w = k->w;
    bp_block *b = &w->blocks.b[k->block];
    /* Trailing line breaks from <br> are not text. */
    while (w->text.n > b->tb && w->text.p[w->text.n - 1] == '\n') w->text.n--;
    b->te = (uint32_t)w->text.n;
    b->re = (uint32_t)w->runs.n;
    /* Runs past a trimmed end: cut them. */
    while (b->re > b->rb && w->runs.r[b->re - 1].dst >= b->te) b->re--;
    w->runs.n = b->re;
    if (b->re > b->rb) {
        weft_offrun *r = &w->runs.r[b->re - 1];
        if (r->dst + r->len > b->te) r->len = b->te - r->dst;
    }
    if (k->span != 1) b->sb = b->se = 0;
    if (b->te == b->tb) {
        w->blocks.n--;
    } else {
        int32_t el = k->cur_blk;
        b->el = el;
        if (el >= 0) {
            bp_el *e = el_at(k, el);
            b->anchor = e->has_block ? el : (e->parent >= 0 ? e->parent : el);
            e->nblocks++;
        }
        if (k->meta && b->kind == BK_HEADING && b->hlevel == 1)
            bp_meta_h1(k->meta, w->text.p + b->tb, b->te - b->tb);
    }
    k->block = -1;
    k->pend_space = 0;
    k->pend_br = 0;
    return 0;
}

/* Starts a block on the first word of text. */
static bp_block *cur_block(walk *k) {
    bp_work *w = k->w;
    if (k->block >= 0) return &w->blocks.b[k->block];
    bp_block *b = bp_blocks_push(&w->blocks);
    if (!b) return NULL;
    k->block = (int32_t)(w->blocks.n - 1);
    b->tb = b->te = (uint32_t)w->text.n;
    b->rb = b->re = (uint32_t)w->runs.n;
    k->span = 0;
    b->kind = BK_OTHER;
    if (k->cur_blk >= 0) {
        const bp_el *e = el_at(k, k->cur_blk);
        switch (e->tag) {
        case T_P:
            b->kind = BK_P;
            break;
        case T_H:
            b->kind = BK_HEADING;
            break;
        case T_LI:
            b->kind = BK_LI;
            break;
        case T_TD:
            b->kind = BK_TD;
            break;
        case T_PRE:
            b->kind = BK_PRE;
            break;
        case T_QUOTE:
            b->kind = BK_QUOTE;
            break;
        case T_DD:
            b->kind = BK_DT;
            break;
        default:
            b->kind = BK_OTHER;
        }
    }
    if (k->heading) b->kind = BK_HEADING;
    b->hlevel = (uint8_t)k->heading;
    b->pre_reason = k->removed >= 0 && k->cur_el >= 0 ? el_at(k, k->cur_el)->rreason : 0;
    b->unl = k->unlikely >= 0 ? el_at(k, k->unlikely)->unlikely : 0;
    b->in_li = k->li > 0;
    b->in_table = k->table > 0;
    b->in_quote = k->quote > 0;
    b->in_caption = k->caption > 0;
    b->in_link = k->link > 0;
    return b;
}

/* Is raw[p, p+n) text as written, rather than the start of an entity
 * reference or a tag that happens to have the same bytes as decoded text
 * ("&" decoded from "&amp;" must not claim the "&" of "&amp;")? */
static int verbatim(const char *raw, size_t rawlen, size_t p, size_t n) {
    for (size_t i = p; i < p + n; i++) {
        if (raw[i] == '&') {
            size_t j = i + 1;
            while (j < rawlen && j < i + 34 &&
                   ((raw[j] >= 'a' && raw[j] <= 'z') || (raw[j] >= 'A' && raw[j] <= 'Z') ||
                    (raw[j] >= '0' && raw[j] <= '9') || raw[j] == '#'))
                j++;
            if (j > i + 1 && j < rawlen && raw[j] == ';') return 0;
        } else if (raw[i] == '<' && i + 1 < rawlen) {
            char c = raw[i + 1];
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' ||
                c == '?')
                return 0;
        }
    }
    return 1;
}

/* Extends the span of raw of the block being filled by a word at raw
 * offsets [rb, re), -1 when it has none. */
static void span_add(walk *k, bp_block *blk, int64_t rb, int64_t re) {
    if (k->span == 2) return;
    if (rb < 0 || re < rb || re > UINT32_MAX) {
        k->span = 2;
        return;
    }
    if (k->span == 0) blk->sb = (uint32_t)rb;
    if (k->span == 0 || (uint32_t)re > blk->se) blk->se = (uint32_t)re;
    k->span = 1;
}

/* Finds the word s[0,n) in this callback's stretch of src, records its run
 * when raw holds it verbatim, and extends the block's span. */
static void map_word(walk *k, uint32_t dst, const char *s, size_t n) {
    bp_block *blk = &k->w->blocks.b[k->block];
    if (k->budget <= 0 || !k->ctxt) {
        k->span = 2;
        return;
    }
    size_t from = k->scur, to = k->hi;
    const char *hay = k->src + from;
    const char *p = to > from ? bp_memmem(hay, to - from, s, n) : NULL;
    k->budget -= p ? (int64_t)(p - hay) + (int64_t)n : (int64_t)(to - from);
    if (p && (memchr(s, '&', n) || memchr(s, '<', n)) &&
        !verbatim(k->src, k->srclen, (size_t)(p - k->src), n))
        p = NULL; /* the bytes of a reference, not the text it stands for */
    if (!p) {
        /* Decoded from a reference (the callback gives nothing else), or
         * changed by the parser: it came from what was read up to here,
         * starting at its '&'. */
        const char *amp = k->at > from ? memchr(hay, '&', k->at - from) : NULL;
        size_t b = amp ? (size_t)(amp - k->src) : from;
        int64_t rb = bp_rawmap_at(&k->map, b);
        span_add(k, blk, rb, rb < 0 ? -1 : bp_rawmap_at(&k->map, k->at > b ? k->at : b));
        return;
    }
    size_t b = (size_t)(p - k->src);
    k->scur = b + n;
    int64_t r = bp_rawmap_at(&k->map, b);
    if (r >= 0 && (size_t)r + n <= k->map.rawlen && memcmp(k->map.raw + r, s, n) == 0) {
        /* verbatim: the word's bytes are raw's, one for one */
        span_add(k, blk, r, r + (int64_t)n);
        if (bp_runs_add(&k->w->runs, dst, (uint32_t)r, (uint32_t)n)) k->oom = 1;
    } else {
        span_add(k, blk, r, r < 0 ? -1 : bp_rawmap_at(&k->map, b + n));
    }
}

static int is_comma(uint32_t cp) {
    return cp == ',' || cp == 0x060C || cp == 0xFE50 || cp == 0xFE10 || cp == 0xFE11 ||
           cp == 0x2E41 || cp == 0x2E34 || cp == 0x2E32 || cp == 0xFF0C || cp == 0x3001;
}

/* Text is mostly ASCII: decode it here, the rest in bp_next_cp. A bad byte
 * counts as one U+FFFD. */
static inline size_t next_cp(const unsigned char *u, size_t n, uint32_t *cp) {
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    return bp_next_cp(u, n, cp);
}

static inline int ws_cp(uint32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= '\t' && cp <= '\r');
    return bp_is_space_cp(cp);
}

static void add_text(walk *k, const char *s, size_t n) {
    bp_work *w = k->w;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = next_cp(u + i, n - i, &cp);
        if (ws_cp(cp) && !k->pre) {
            k->pend_space = 1;
            i += l;
            continue;
        }
        /* A word (or, inside <pre>, a line). */
        size_t b = i;
        uint32_t chars = 0, commas = 0;
        while (i < n) {
            l = next_cp(u + i, n - i, &cp);
            if (k->pre ? cp == '\n' : ws_cp(cp)) break;
            chars++;
            commas += is_comma(cp);
            i += l;
        }
        bp_block *blk = cur_block(k);
        if (!blk) {
            k->oom = 1;
            return;
        }
        if (k->pend_br && w->text.n > blk->tb) {
            if (bp_buf_putc(&w->text, '\n')) k->oom = 1;
        } else if (k->pend_space && w->text.n > blk->tb && w->text.p[w->text.n - 1] != '\n') {
            if (bp_buf_putc(&w->text, ' ')) k->oom = 1;
        }
        k->pend_space = k->pend_br = 0;
        uint32_t dst = (uint32_t)w->text.n;
        if (bp_buf_put(&w->text, s + b, i - b)) {
            k->oom = 1;
            return;
        }
        if (i > b) map_word(k, dst, s + b, i - b);
        if (k->link) blk->link10 += chars * (k->link_hash ? 3 : 10);
        blk->commas += commas;
        if (k->pre && i < n && cp == '\n') {
            if (bp_buf_putc(&w->text, '\n')) k->oom = 1;
            i++;
        }
    }
}

/* Lowercased class and id of an element as "class\x01id", cut at cap
 * bytes; 0 when it has neither. */
static size_t class_id(const xmlChar **atts, char *out, size_t cap) {
    const char *cls = NULL, *id = NULL;
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
        if (!strcmp((const char *)atts[i], "class"))
            cls = v;
        else if (!strcmp((const char *)atts[i], "id"))
            id = v;
    }
    if ((!cls || !*cls) && (!id || !*id)) return 0;
    size_t o = 0;
    for (const char *v = cls; v && *v && o < cap - 2; v++)
        out[o++] = (char)((*v >= 'A' && *v <= 'Z') ? *v + 32 : *v);
    out[o++] = '\x01';
    for (const char *v = id; v && *v && o < cap - 1; v++)
        out[o++] = (char)((*v >= 'A' && *v <= 'Z') ? *v + 32 : *v);
    out[o] = '\0';
    return o;
}

/* Any attribute read in this file or meta.c must be kept by prune.c. */
static const char *attr(const xmlChar **atts, const char *name) {
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

/* Readability's unlikely-candidate verdict from the word groups found in
 * class and id together: the first reason in this order wins. */
static int unlikely_reason(uint32_t g) {
    static const struct {
        uint32_t group;
        int reason;
    } order[] = {{BP_CW_SHARE, BP_R_SHARE},         {BP_CW_COOKIE, BP_R_COOKIE},
                 {BP_CW_CAPTION, BP_R_CAPTION},     {BP_CW_COPYRIGHT, BP_R_COPYRIGHT},
                 {BP_CW_RELATED, BP_R_RELATED},     {BP_CW_COMMENTS, BP_R_COMMENTS},
                 {BP_CW_SUBSCRIBE, BP_R_SUBSCRIBE}, {BP_CW_NAV, BP_R_NAV},
                 {BP_CW_FOOTER, BP_R_FOOTER},       {BP_CW_HEADER, BP_R_HEADER},
                 {BP_CW_ASIDE, BP_R_ASIDE},         {BP_CW_AD, BP_R_AD},
                 {BP_CW_OTHER, BP_R_UNLIKELY}};
    int r = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0] && !r; i++)
        if (g & order[i].group) r = order[i].reason;
    if (!r) return 0;
    /* Share, cookie and subscribe boxes, captions and copyright notices are
     * never the article, whatever else their class says; the others may be
     * ("article-header"). */
    if (r != BP_R_SHARE && r != BP_R_COOKIE && r != BP_R_SUBSCRIBE && r != BP_R_CAPTION &&
        r != BP_R_COPYRIGHT && (g & BP_CW_MAYBE))
        return 0;
    return r;
}

/* Readability's class weight of a class or an id, in units of 25. */
static int part_weight(const bp_classwords *cw, const char *s, size_t n, uint32_t *groups) {
    if (!n) return 0;
    uint32_t g = bp_classwords_match(cw, s, n);
    *groups |= g;
    return ((g & BP_CW_POS) != 0) - ((g & BP_CW_NEG) != 0 || (n == 3 && !memcmp(s, "hid", 3)));
}

/* Class strings repeat across a page and across pages of a site: their
 * verdicts are cached per worker (direct-mapped, keyed by the string). */
static const bp_class_info *class_info(bp_work *w, const char *ci, size_t n,
                                       bp_class_info *scratch) {
    uint64_t h = weft_fnv64(WEFT_FNV64_INIT, ci, n);
    bp_class_info *c = scratch;
    if (n < sizeof c->key) {
        if (!w->classes) w->classes = calloc(BP_CLASS_CACHE, sizeof *w->classes);
        if (w->classes) {
            c = &w->classes[h & (BP_CLASS_CACHE - 1)];
            if (c->hash == h && c->len == n && memcmp(c->key, ci, n) == 0) return c;
            c->hash = h;
            c->len = (uint8_t)n;
            memcpy(c->key, ci, n);
        }
    }
    /* No word holds a space or \x01, so matching class and id apart finds
     * what matching them together would. */
    const char *sep = memchr(ci, '\x01', n);
    size_t cn = sep ? (size_t)(sep - ci) : n;
    uint32_t g = 0;
    int wgt = part_weight(&w->sh->cw, ci, cn, &g);
    if (sep) wgt += part_weight(&w->sh->cw, sep + 1, n - cn - 1, &g);
    c->weight = (int8_t)wgt;
    c->unlikely = (uint8_t)unlikely_reason(g);
    c->main = (g & BP_CW_MAIN) != 0;
    return c;
}

static int hidden(const xmlChar **atts, const char **role) {
    *role = NULL;
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const char *nm = (const char *)atts[i];
        const char *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
        if (strcmp(nm, "hidden") == 0) return 1;
        if (strcmp(nm, "aria-hidden") == 0 && strcmp(v, "true") == 0) return 1;
        if (strcmp(nm, "role") == 0) *role = v;
        if (strcmp(nm, "style") == 0) {
            char s[256];
            size_t o = 0;
            for (; *v && o < sizeof s - 1; v++)
                if (*v != ' ') s[o++] = (char)((*v >= 'A' && *v <= 'Z') ? *v + 32 : *v);
            s[o] = '\0';
            if (strstr(s, "display:none") || strstr(s, "visibility:hidden")) return 1;
        }
    }
    return 0;
}

static int role_reason(const char *role) {
    if (!role) return 0;
    if (!strcmp(role, "navigation") || !strcmp(role, "menu") || !strcmp(role, "menubar"))
        return BP_R_NAV;
    if (!strcmp(role, "complementary")) return BP_R_ASIDE;
    if (!strcmp(role, "contentinfo")) return BP_R_FOOTER;
    if (!strcmp(role, "alert") || !strcmp(role, "alertdialog") || !strcmp(role, "dialog"))
        return BP_R_UNLIKELY;
    return 0;
}

static const struct tagdef *lookup_cached(walk *k, const xmlChar *name) {
    size_t h = ((uintptr_t)name >> 4) & 63;
    if (k->tag_def[h] && strcmp(k->tag_name[h], (const char *)name) == 0) return k->tag_def[h];
    const struct tagdef *d = lookup(name);
    if (strlen((const char *)name) < sizeof k->tag_name[h]) {
        strcpy(k->tag_name[h], (const char *)name);
        k->tag_def[h] = d;
    }
    return d;
}

/* Returns 1 when the element's content is read, 0 when it is dropped. */
static int enter(walk *k, const xmlChar *name, const xmlChar **atts) {
    bp_work *w = k->w;
    const struct tagdef *d = lookup_cached(k, name);
    if (d->flags & F_BLOCK) flush(k);
    if (weft_grow((void **)&w->els.e, &w->els.cap, w->els.n + 1, sizeof *w->els.e)) {
        k->oom = 1;
        return 0;
    }
    int32_t idx = (int32_t)w->els.n++;
    bp_el *e = &w->els.e[idx];
    memset(e, 0, sizeof *e);
    e->parent = k->cur_el;
    e->blk_parent = k->cur_blk;
    e->tag = d->tag;
    e->tflags = d->flags;
    e->caption = d->reason == BP_R_CAPTION || d->kind == BK_CAPTION;
    e->first_block = (uint32_t)w->blocks.n;
    if ((d->flags & F_BLOCK) && k->cur_blk >= 0) el_at(k, k->cur_blk)->has_block = 1;
    k->cur_el = idx;

    if (k->meta) bp_meta_element(k->meta, atts, d->tag);
    switch (d->tag) {
    case T_IMG:
        e->nimg = 1;
        break;
    case T_INPUT:
        e->ninput = 1;
        break;
    case T_EMBED:
        e->nembed = 1;
        break;
    case T_P:
        e->np = 1;
        break;
    case T_LI:
        e->nli = 1;
        break;
    default:
        break;
    }
    if (d->flags & F_DROP) return 0;
    if (d->flags & F_HIDE) {
        k->hide++;
        return 1;
    }

    const char *role;
    int r = hidden(atts, &role) ? BP_R_HIDDEN : d->reason;
    if (!r) r = role_reason(role);
    e->reason = (uint8_t)r;
    if (r && k->removed < 0) k->removed = idx;
    /* Blocks take the innermost removal reason: a nav inside a header is nav. */
    e->rreason = r ? (uint8_t)r : (e->parent >= 0 ? el_at(k, e->parent)->rreason : 0);

    char ci[256];
    size_t cl = class_id(atts, ci, sizeof ci);
    if (cl && d->tag != T_BODY && d->tag != T_A && d->tag != T_HTML) {
        bp_class_info scratch;
        const bp_class_info *c = class_info(w, ci, cl, &scratch);
        e->weight = c->weight;
        if (!k->table && !k->code) {
            e->unlikely = c->unlikely;
            if (e->unlikely && k->unlikely < 0) k->unlikely = idx;
        }
        if (c->main) e->main_hint = 2;
    }
    /* A page header is boilerplate unless the rules must be loosened. */
    if (d->tag == T_ARTICLE && !e->main_hint) e->main_hint = 1;
    if (d->tag == T_MAIN && !e->main_hint) e->main_hint = 1;
    const char *ip = attr(atts, "itemprop");
    if (ip && (strstr(ip, "articleBody") || strstr(ip, "articlebody"))) e->main_hint = 3;

    switch (d->tag) {
    case T_A: {
        const char *href = attr(atts, "href");
        if (!k->link) k->link_hash = href && href[0] == '#';
        k->link++;
        break;
    }
    case T_BR:
        if (k->pend_br && k->block >= 0) {
            flush(k); /* two line breaks end a paragraph */
        } else if (k->block >= 0) {
            k->pend_br = 1;
        }
        break;
    case T_PRE:
        k->pre++;
        break;
    case T_LI:
        k->li++;
        break;
    case T_TABLE:
        k->table++;
        break;
    case T_QUOTE:
        k->quote++;
        break;
    case T_CODE:
        k->code++;
        break;
    case T_H:
        k->heading = name[1] - '0';
        break;
    default:
        break;
    }
    if (d->reason == BP_R_CAPTION || d->kind == BK_CAPTION) k->caption++;
    if (d->flags & F_BLOCK) k->cur_blk = idx;
    return 1;
}

/* Closes the innermost open element (the parser closes elements in order,
 * implied end tags included). */
static void leave(walk *k) {
    int32_t idx = k->cur_el;
    if (idx < 0) return;
    bp_el *e = el_at(k, idx);
    e->end = (uint32_t)k->w->els.n;
    k->cur_el = e->parent;
    if (e->tflags & F_DROP) return;
    if (e->tflags & F_HIDE) {
        k->hide--;
        return;
    }
    if (e->tflags & F_BLOCK) {
        flush(k);
        k->cur_blk = e->blk_parent;
    }
    switch (e->tag) {
    case T_A:
        k->link--;
        break;
    case T_PRE:
        k->pre--;
        break;
    case T_LI:
        k->li--;
        break;
    case T_TABLE:
        k->table--;
        break;
    case T_QUOTE:
        k->quote--;
        break;
    case T_CODE:
        k->code--;
        break;
    case T_H:
        k->heading = 0;
        break;
    default:
        break;
    }
    if (e->caption) k->caption--;
    if (k->removed == idx) k->removed = -1;
    if (k->unlikely == idx) k->unlikely = -1;
}

/* SAX callbacks: the page is never built as a tree. Inside a dropped
 * element (script, style, svg, ...) only the nesting is counted, and the
 * text of <title> and JSON-LD scripts is kept for the metadata. */
/* The parser's offset in src during a callback. */
static size_t parse_at(const walk *k) {
    if (!k->ctxt) return 0;
    size_t at = bp_sax_offset(k->ctxt);
    return at < k->srclen ? at : k->srclen;
}

/* Text starts after a start tag the page holds (the parser is at its '>');
 * an element the parser implies (html, body, a p around loose text) is
 * started wherever it is, maybe past the text it is for. */
static void after_start_tag(walk *k) {
    size_t at = parse_at(k);
    size_t next = at < k->srclen && k->src[at] == '>'                                ? at + 1
                  : at + 1 < k->srclen && k->src[at] == '/' && k->src[at + 1] == '>' ? at + 2
                                                                                     : 0;
    if (next > k->lo) k->lo = next;
}

/* ...and after an end tag the page holds, or a comment. */
static void after_end_tag(walk *k) {
    size_t at = parse_at(k);
    if (at > k->lo && k->src[at - 1] == '>') k->lo = at;
}

static void on_comment(void *ctx, const xmlChar *text) {
    (void)text;
    after_end_tag(ctx);
}

static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts) {
    walk *k = ctx;
    after_start_tag(k);
    if (k->oom) return;
    if (k->dropped) {
        k->dropped++;
        return;
    }
    if (!enter(k, name, atts)) {
        k->dropped = 1;
        const struct tagdef *d = lookup_cached(k, name);
        if (d->tag == T_TITLE)
            k->capture = &k->meta->title_text;
        else if (d->tag == T_SCRIPT && bp_meta_is_jsonld(atts))
            k->capture = &k->meta->script;
        if (k->capture) k->capture->n = 0;
    }
}

static void on_end(void *ctx, const xmlChar *name) {
    walk *k = ctx;
    (void)name;
    after_end_tag(k);
    if (k->oom) return;
    if (k->dropped) {
        if (--k->dropped) return;
        if (k->capture == &k->meta->script)
            bp_meta_jsonld(k->meta);
        else if (k->capture)
            bp_meta_title(k->meta);
        k->capture = NULL;
    }
    leave(k);
}

static void on_text(void *ctx, const xmlChar *s, int len) {
    walk *k = ctx;
    /* The text given ends here; a long text comes in pieces of 1,000 bytes
     * or more, given while the parser is on the last character. */
    k->at = parse_at(k);
    k->scur = k->lo;
    k->hi = k->at;
    if (len >= 1000 && k->at < k->srclen) {
        uint32_t cp;
        k->hi += bp_next_cp((const unsigned char *)k->src + k->at, k->srclen - k->at, &cp);
    }
    if (k->at > k->lo) k->lo = k->at;
    if (k->oom || len <= 0) return;
    if (k->dropped) {
        if (k->capture && k->capture->n < (1u << 20) &&
            bp_buf_put(k->capture, (const char *)s, (size_t)len))
            k->oom = 1;
        return;
    }
    if (!k->hide) add_text(k, (const char *)s, (size_t)len);
}

int bp_html(bp_work *w, const char *raw, size_t n, char *msg, size_t msgsz) {
    const char *note;
    const char *enc = bp_sniff_charset(raw, n, &note);
    if (n > INT32_MAX) {
        snprintf(msg, msgsz, "page of %zu bytes is too large for libxml2", n);
        return WEFT_ELIMIT;
    }
    const char *src = raw;
    size_t srclen = n;
    int mode = BP_MAP_SAME;
    if (strcmp(enc, "UTF-8") == 0 && weft_utf8_valid_prefix(raw, n) != n) {
        mode = BP_MAP_FFFD;
        /* libxml2 would switch to Latin-1 at the first bad byte. */
        w->tmp.n = 0;
        for (size_t i = 0; i < n;) {
            size_t ok = weft_utf8_valid_prefix(raw + i, n - i);
            if (bp_buf_put(&w->tmp, raw + i, ok) ||
                (i + ok < n && bp_buf_put(&w->tmp, "\xEF\xBF\xBD", 3))) {
                snprintf(msg, msgsz, "out of memory transcoding the page");
                return WEFT_ENOMEM;
            }
            i += ok + (i + ok < n);
        }
        src = w->tmp.p;
        srclen = w->tmp.n;
    } else if (strcmp(enc, "UTF-8") != 0) {
        const char *rc_enc = enc;
        int rc = bp_to_utf8(enc, raw, n, &w->tmp);
        if (rc == -1) rc = bp_to_utf8(rc_enc = "windows-1252", raw, n, &w->tmp);
        /* One character a byte: a single-byte charset. */
        mode = !rc && bp_count_chars(w->tmp.p, w->tmp.n) == n ? BP_MAP_SINGLE : BP_MAP_NONE;
        if (rc) {
            snprintf(msg, msgsz,
                     rc == -2 ? "out of memory transcoding the page"
                              : "cannot transcode the page from %s",
                     enc);
            return rc == -2 ? WEFT_ENOMEM : WEFT_EDATA;
        }
        src = w->tmp.p;
        srclen = w->tmp.n;
        const char *used = rc_enc;
        if (bp_set_meta(&w->meta[BM_CHARSET], used, strlen(used))) {
            snprintf(msg, msgsz, "out of memory transcoding the page");
            return WEFT_ENOMEM;
        }
    }
    const char *pre = src;
    size_t prelen = srclen;
    const bp_runs *prune_map = NULL;
    if (w->sh->prune) {
        prune_map = &w->prune_map;
        if (bp_prune_map(src, srclen, &w->pruned, &w->prune_map)) {
            snprintf(msg, msgsz, "out of memory preparing the page");
            return WEFT_ENOMEM;
        }
        src = w->pruned.p;
        srclen = w->pruned.n;
    }
    if (srclen > INT32_MAX) {
        snprintf(msg, msgsz, "page of %zu bytes is too large for libxml2", srclen);
        return WEFT_ELIMIT;
    }
    bp_meta_scan meta;
    bp_meta_init(&meta, w);
    walk k = {.w = w,
              .src = src,
              .srclen = srclen,
              .budget = (int64_t)n * 16 + (1 << 20),
              .cur_el = -1,
              .cur_blk = -1,
              .removed = -1,
              .unlikely = -1,
              .block = -1,
              .meta = &meta};
    bp_rawmap_init(&k.map, raw, n, pre, prelen, mode, prune_map);
    if (bp_sax_parse_ex(src, srclen, &k, on_start, on_end, on_text, on_comment, &k.ctxt)) {
        bp_meta_finish(&meta);
        snprintf(msg, msgsz, "out of memory creating the HTML parser");
        return WEFT_ENOMEM;
    }
    while (k.cur_el >= 0 && !k.oom) leave(&k);
    flush(&k);
    bp_meta_finish(&meta);
    if (k.oom) {
        snprintf(msg, msgsz, "out of memory extracting the page's text");
        return WEFT_ENOMEM;
    }
    if (note)
        snprintf(msg, msgsz, "%s", note);
    else
        msg[0] = '\0';
    return WEFT_OK;
}
