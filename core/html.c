/*
 * -f html: the report page (html.h).
 *
 * Per document: the title (the "title" attribute, else the id), the id and
 * the view, a summary (entities per label, the mean tone of the sentences),
 * every document attribute, the text with the sentences tinted by tone and
 * the entities marked, the errors, and with --show-removed the blocks the
 * boilerplate stage removed, greyed.
 *
 * Spans. Layers hold byte offsets into their view; only layers over the
 * written view are shown. The text is cut at the span ends by walking the
 * sentence and entity layers (sorted by begin, longest first) once, with a
 * stack of open elements whose ends never increase upwards: a sentence opens
 * only at the top level and closes the entities still open (clipped there),
 * an entity that ends past its parent is clipped to the parent's end, an
 * entity that starts inside an earlier sibling is nested or clipped the same
 * way. So overlapping records give well-nested HTML, never a crossed tag.
 * A span end inside a UTF-8 sequence leaves the two halves invalid, which
 * weft_html_text writes as U+FFFD: the page stays valid UTF-8.
 *
 * A sentence's tone is its own score, else the score of a record with
 * exactly its span in another layer over the view (the sentiment stage's
 * scope=sentence records).
 *
 * Removed blocks are records of the layer named "boilerplate" over "raw".
 * When the written view has an offset map into raw whose sources never go
 * back, each block is shown where it was, before the first kept byte that
 * came from after it; otherwise the blocks are listed in a collapsed
 * <details>. Their text is decoded as the page showed it (rawtext.h).
 */
#include "html.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outnames.h"
#include "rawtext.h"
#include "weft/utf8.h"

#define TITLE_MAX      300 /* bytes of a title kept for the index */
#define SUMMARY_LABELS 32  /* distinct entity labels counted per document */

static const char *const css =
    "body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#222;background:#fafafa}\n"
    "main{margin-left:270px;padding:1em 2em;max-width:60em}\n"
    "nav#index{position:fixed;top:0;left:0;bottom:0;width:240px;overflow:auto;padding:1em;"
    "background:#f0f0f3;border-right:1px solid #ddd;font-size:13px}\n"
    "nav#index ol{padding-left:1.5em}\n"
    "article.doc{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1em 1.5em;"
    "margin:0 0 1.5em}\n"
    "article.doc h2{margin:0 0 .2em;font-size:1.3em}\n"
    ".meta{color:#666;font-size:13px;margin:0 0 .6em;word-break:break-all}\n"
    ".summary{font-size:14px;margin:.4em 0}\n"
    "dl.attrs{display:grid;grid-template-columns:max-content auto;gap:0 1em;font-size:13px;"
    "color:#444;margin:.4em 0 .8em}\n"
    "dl.attrs dt{font-weight:600}dl.attrs dd{margin:0;word-break:break-word}\n"
    ".text{white-space:pre-wrap;border-top:1px solid #eee;padding-top:.6em}\n"
    "mark{background:#e0e0e0;border-radius:3px;padding:0 1px}\n"
    "mark::after{content:attr(data-label);font-size:9px;vertical-align:super;color:#555;"
    "margin-left:1px}\n"
    "mark[data-label=PER]{background:#cfe2ff}mark[data-label=ORG]{background:#ffe0b3}\n"
    "mark[data-label=LOC]{background:#c8f0d0}mark[data-label=MISC]{background:#eed6ff}\n"
    "mark[data-label=DATE],mark[data-label=TIME]{background:#fff3a8}\n"
    "mark[data-label=MONEY],mark[data-label=PERCENT],mark[data-label=QUANTITY]"
    "{background:#ffd1dc}\n"
    "mark[data-label=EMAIL],mark[data-label=URL],mark[data-label=PHONE]{background:#d4f1f4}\n"
    ".s.tn2{background:#fbd5d5}.s.tn1{background:#fdeaea}.s.tp1{background:#e6f6e6}"
    ".s.tp2{background:#cdeccd}\n"
    ".tone-positive{color:#17752a}.tone-negative{color:#b3261e}.tone-neutral{color:#666}\n"
    "p.empty{color:#777;font-style:italic}mark.clip{border-right:2px dashed #555}\n"
    ".removed{color:#999;text-decoration:line-through;font-size:90%}.text .removed{display:block}\n"
    "details.removed-list{color:#999;font-size:13px;margin-top:.6em}\n"
    ".errors{color:#b3261e}\n";

void weft_html_text(weft_outbuf *o, const char *s, size_t len) {
    size_t i = 0, run = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        const char *rep = NULL;
        size_t skip = 1;
        if (c < 0x80) {
            switch (c) {
            case '&':
                rep = "&amp;";
                break;
            case '<':
                rep = "&lt;";
                break;
            case '>':
                rep = "&gt;";
                break;
            case '"':
                rep = "&quot;";
                break;
            case '\'':
                rep = "&#39;";
                break;
            default:
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
                    rep = "\xEF\xBF\xBD";
            }
        } else {
            int32_t cp;
            size_t n = weft_utf8_decode((const unsigned char *)s + i, len - i, &cp);
            if (cp >= 0) skip = n; /* an invalid byte is one U+FFFD */
            if (cp < 0 || (cp >= 0x80 && cp < 0xA0)) rep = "\xEF\xBF\xBD"; /* or a C1 control */
        }
        if (rep) {
            weft_outbuf_put(o, s + run, i - run);
            weft_outbuf_puts(o, rep);
            i += skip;
            run = i;
        } else {
            i += skip;
        }
    }
    weft_outbuf_put(o, s + run, len - run);
}

static void text_z(weft_outbuf *o, const char *s) {
    if (s) weft_html_text(o, s, strlen(s));
}

static const weft_value *attr_named(const weft_doc *d, const char *name) {
    weft_sym k = weft_doc_sym_find(d, name, strlen(name));
    return k ? weft_doc_attr_get(d, k) : NULL;
}

static const weft_layer *layer_named(const weft_doc *d, const char *name, weft_sym view) {
    weft_sym s = weft_doc_sym_find(d, name, strlen(name));
    const weft_layer *l = s ? weft_doc_layer(d, s) : NULL;
    return l && (!view || l->view == view) ? l : NULL;
}

static void put_value(weft_outbuf *o, const weft_doc *d, const weft_value *v) {
    switch (v->type) {
    case WEFT_V_BOOL:
        weft_outbuf_puts(o, v->u.b ? "true" : "false");
        break;
    case WEFT_V_INT:
        weft_outbuf_json_int(o, v->u.i);
        break;
    case WEFT_V_NUM:
        /* for a reader, not a parser: 0.1, not 0.09999999999999999 */
        weft_outbuf_printf(o, "%.6g", v->u.d);
        break;
    case WEFT_V_STR:
        if (v->u.str) weft_html_text(o, v->u.str, v->len);
        break;
    case WEFT_V_SYM:
        text_z(o, weft_doc_sym_name(d, v->u.sym));
        break;
    default:
        break;
    }
}

/* ------------------------------------------------------------------------ */
/* Tone                                                                      */

static int has_score(const weft_ann *a) {
    return !isnan(a->score);
}

/* The score of sentence s, NAN when nothing scores it. */
static float sentence_tone(const weft_doc *d, const weft_layer *sl, const weft_ann *s,
                           const weft_layer *skip) {
    if (has_score(s)) return s->score;
    for (size_t li = 0; li < d->nlayers; li++) {
        const weft_layer *l = &d->layers[li];
        if (l == sl || l == skip || l->view != sl->view) continue;
        size_t first, n = weft_layer_starting_in(l, s->begin, s->begin + 1, &first);
        for (size_t k = first; k < first + n; k++)
            if (l->a[k].end == s->end && has_score(&l->a[k])) return l->a[k].score;
    }
    return NAN;
}

static const char *tone_class(float t) {
    if (t <= -0.5f) return "tn2";
    if (t <= -0.05f) return "tn1";
    if (t >= 0.5f) return "tp2";
    if (t >= 0.05f) return "tp1";
    return "t0";
}

/* ------------------------------------------------------------------------ */
/* Removed blocks                                                            */

/* A removed block's text as the page showed it (rawtext.h): in the charset
 * the boilerplate stage read raw in (its "charset" attribute), and for an
 * HTML raw (one that starts with '<') with tags as spaces and references
 * decoded. */
static void removed_text(weft_outbuf *o, const weft_doc *d, const weft_view *raw,
                         const weft_ann *a) {
    if (a->begin > raw->len || a->end < a->begin) return;
    size_t e = a->end > raw->len ? raw->len : a->end;
    size_t k = 0;
    while (k < raw->len && (raw->text[k] == ' ' || raw->text[k] == '\n' || raw->text[k] == '\t' ||
                            raw->text[k] == '\r'))
        k++;
    int html = k < raw->len && raw->text[k] == '<';
    const weft_value *cs = attr_named(d, "charset");
    char charset[64] = "";
    if (cs && cs->type == WEFT_V_STR && cs->len < sizeof charset) {
        memcpy(charset, cs->u.str, cs->len);
        charset[cs->len] = '\0';
    }
    size_t n;
    char *t =
        weft_raw_text(raw->text + a->begin, e - a->begin, charset[0] ? charset : NULL, html, &n);
    if (!t) {
        if (!o->error) o->error = ENOMEM; /* sticky: the document's rendering fails */
        return;
    }
    weft_html_text(o, t, n);
    free(t);
}

static void removed_block(weft_outbuf *o, const weft_doc *d, const weft_view *raw,
                          const weft_ann *a) {
    WEFT_OUTBUF_LIT(o, "<span class=\"removed\" title=\"removed: ");
    text_z(o, weft_doc_sym_name(d, a->label));
    WEFT_OUTBUF_LIT(o, "\">");
    removed_text(o, d, raw, a);
    WEFT_OUTBUF_LIT(o, "</span>");
}

/* Where each removed block goes in the written view: before the first byte
 * copied from at or after its end. 0 when the view's offset map cannot say
 * (no map, or sources that go back). */
static int removed_places(const weft_view *v, const weft_layer *bl, uint32_t *place) {
    if (!v->runs || !v->nruns) return 0;
    for (size_t i = 1; i < v->nruns; i++)
        if (v->runs[i].src < v->runs[i - 1].src + v->runs[i - 1].len ||
            v->runs[i].dst < v->runs[i - 1].dst + v->runs[i - 1].len)
            return 0;
    size_t r = 0;
    for (size_t i = 0; i < bl->n; i++) {
        uint32_t e = bl->a[i].end;
        while (r < v->nruns && v->runs[r].src + v->runs[r].len <= e) r++;
        if (r == v->nruns)
            place[i] = (uint32_t)v->len;
        else if (v->runs[r].src >= e)
            place[i] = v->runs[r].dst;
        else
            return 0; /* a kept run overlaps the block */
        if (i && place[i] < place[i - 1]) return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------------ */
/* The text                                                                  */

typedef struct open_el {
    uint32_t end;
    int sentence;
} open_el;

/* clipped: the mark ends before the entity does, at a sentence's or an
 * enclosing entity's end; it says so, with a dashed end, rather than
 * showing a shorter entity than the stage found. */
enum { CUT_NONE, CUT_SENTENCE, CUT_ENTITY };
static void open_entity(weft_outbuf *o, const weft_doc *d, const weft_ann *a, weft_sym source,
                        int clipped) {
    const char *label = weft_doc_sym_name(d, a->label);
    if (clipped)
        WEFT_OUTBUF_LIT(o, "<mark class=\"clip\" data-label=\"");
    else
        WEFT_OUTBUF_LIT(o, "<mark data-label=\"");
    text_z(o, label ? label : "");
    WEFT_OUTBUF_LIT(o, "\" title=\"");
    text_z(o, label ? label : "entity");
    if (has_score(a)) {
        WEFT_OUTBUF_LIT(o, " \xC2\xB7 score ");
        weft_outbuf_json_float(o, a->score);
    }
    const weft_attr *at;
    size_t na = weft_doc_ann_attrs(d, a, &at);
    for (size_t k = 0; k < na; k++)
        if (at[k].key == source && at[k].value.type == WEFT_V_STR) {
            WEFT_OUTBUF_LIT(o, " \xC2\xB7 source ");
            weft_html_text(o, at[k].value.u.str, at[k].value.len);
        }
    if (clipped == CUT_SENTENCE)
        WEFT_OUTBUF_LIT(o, " \xC2\xB7 cut here: the entity goes on past this sentence");
    else if (clipped == CUT_ENTITY)
        WEFT_OUTBUF_LIT(o, " \xC2\xB7 cut here: the entity goes on past the one around it");
    WEFT_OUTBUF_LIT(o, "\">");
}

static void close_el(weft_outbuf *o, const open_el *e) {
    if (e->sentence)
        WEFT_OUTBUF_LIT(o, "</span>");
    else
        WEFT_OUTBUF_LIT(o, "</mark>");
}

/* The text of v with the sentences of sl and the entities of el (either may
 * be NULL; both over v) and the removed blocks at their places (rl NULL for
 * none). stack has room for el->n + 1 elements. */
static void marked_text(weft_outbuf *o, const weft_doc *d, const weft_view *v, const weft_layer *sl,
                        const weft_layer *el, const weft_layer *rl, const weft_view *raw,
                        const uint32_t *place, open_el *stack, weft_sym source) {
    size_t ns = sl ? sl->n : 0, ne = el ? el->n : 0, nr = rl ? rl->n : 0;
    size_t si = 0, ei = 0, ri = 0, depth = 0;
    int in_sentence = 0;
    uint32_t len = (uint32_t)v->len, pos = 0;
    for (;;) {
        uint32_t next = len;
        if (depth && stack[depth - 1].end < next) next = stack[depth - 1].end;
        if (!in_sentence && si < ns) {
            uint32_t b = sl->a[si].begin > pos ? sl->a[si].begin : pos;
            if (b < next) next = b;
        }
        if (ei < ne) {
            uint32_t b = el->a[ei].begin > pos ? el->a[ei].begin : pos;
            if (b < next) next = b;
        }
        if (ri < nr && place[ri] < next) next = place[ri] > pos ? place[ri] : pos;
        if (next > pos) {
            weft_html_text(o, v->text + pos, next - pos);
            pos = next;
        }
        if (depth && stack[depth - 1].end <= pos) {
            depth--;
            if (stack[depth].sentence) in_sentence = 0;
            close_el(o, &stack[depth]);
            continue;
        }
        if (ri < nr && place[ri] <= pos) {
            removed_block(o, d, raw, &rl->a[ri++]);
            continue;
        }
        if (!in_sentence && si < ns && sl->a[si].begin <= pos) {
            const weft_ann *s = &sl->a[si++];
            uint32_t end = s->end > len ? len : s->end;
            if (end <= pos) continue;
            while (depth) close_el(o, &stack[--depth]); /* entities clipped here */
            float t = sentence_tone(d, sl, s, el);
            WEFT_OUTBUF_LIT(o, "<span class=\"s ");
            weft_outbuf_puts(o, isnan(t) ? "t-" : tone_class(t));
            if (!isnan(t)) {
                WEFT_OUTBUF_LIT(o, "\" title=\"tone ");
                weft_outbuf_printf(o, "%+.2f", (double)t);
            }
            WEFT_OUTBUF_LIT(o, "\">");
            stack[depth++] = (open_el){end, 1};
            in_sentence = 1;
            continue;
        }
        if (ei < ne && el->a[ei].begin <= pos) {
            const weft_ann *a = &el->a[ei++];
            uint32_t end = a->end > len ? len : a->end, whole = end;
            if (depth && stack[depth - 1].end < end) end = stack[depth - 1].end;
            if (end <= pos) continue;
            /* a sentence starting inside it will close it there */
            int cut = end < whole ? (stack[depth - 1].sentence ? CUT_SENTENCE : CUT_ENTITY)
                      : !in_sentence && si < ns && sl->a[si].begin < end ? CUT_SENTENCE
                                                                         : CUT_NONE;
            open_entity(o, d, a, source, cut);
            stack[depth++] = (open_el){end, 0};
            continue;
        }
        if (pos >= len) break;
    }
    while (ri < nr) removed_block(o, d, raw, &rl->a[ri++]);
}

/* ------------------------------------------------------------------------ */
/* The article                                                               */

static void put_title(weft_outbuf *o, const weft_doc *d, size_t max) {
    const weft_value *t = attr_named(d, "title");
    const char *s = d->id ? d->id : "";
    size_t n = strlen(s);
    if (t && t->type == WEFT_V_STR && t->len) {
        s = t->u.str;
        n = t->len;
    }
    if (n > max) {
        size_t full = n;
        n = max;
        while (n && !weft_utf8_boundary(s, full, n)) n--;
    }
    weft_html_text(o, s, n);
}

static void summary(weft_outbuf *o, const weft_doc *d, const weft_layer *el, const weft_layer *sl) {
    struct {
        weft_sym label;
        size_t n;
    } counts[SUMMARY_LABELS];
    size_t nlabels = 0, other = 0;
    for (size_t i = 0; el && i < el->n; i++) {
        size_t k = 0;
        while (k < nlabels && counts[k].label != el->a[i].label) k++;
        if (k == nlabels) {
            if (nlabels == SUMMARY_LABELS) {
                other++;
                continue;
            }
            counts[nlabels].label = el->a[i].label;
            counts[nlabels++].n = 0;
        }
        counts[k].n++;
    }
    double sum = 0;
    size_t scored = 0;
    for (size_t i = 0; sl && i < sl->n; i++) {
        float t = sentence_tone(d, sl, &sl->a[i], el);
        if (!isnan(t)) {
            sum += t;
            scored++;
        }
    }
    if (!el && !scored) return;
    WEFT_OUTBUF_LIT(o, "<p class=\"summary\">");
    if (el) {
        weft_outbuf_printf(o, "<b>%zu entit%s</b>", el->n, el->n == 1 ? "y" : "ies");
        for (size_t k = 0; k < nlabels; k++) {
            weft_outbuf_puts(o, k ? ", " : ": ");
            weft_outbuf_printf(o, "%zu ", counts[k].n);
            const char *ln = weft_doc_sym_name(d, counts[k].label);
            text_z(o, ln ? ln : "?");
        }
        if (other) weft_outbuf_printf(o, ", %zu other", other);
    }
    if (scored) {
        double mean = sum / (double)scored;
        const char *tone = mean >= 0.05 ? "positive" : mean <= -0.05 ? "negative" : "neutral";
        if (el) WEFT_OUTBUF_LIT(o, " \xC2\xB7 ");
        weft_outbuf_printf(o,
                           "<b>tone</b> <span class=\"tone-%s\">%s</span> (mean %+.2f over %zu "
                           "sentence%s)",
                           tone, tone, mean, scored, scored == 1 ? "" : "s");
    }
    WEFT_OUTBUF_LIT(o, "</p>\n");
}

static void attrs(weft_outbuf *o, const weft_doc *d, const weft_writer_opts *opts) {
    weft_sym title = weft_doc_sym_find(d, "title", 5);
    const char *rn = opts->names.report_attr;
    weft_sym report = rn ? weft_doc_sym_find(d, rn, strlen(rn)) : 0;
    size_t shown = 0;
    for (size_t i = 0; i < d->ndattrs; i++) {
        const weft_attr *a = &d->dattrs[i];
        if ((title && a->key == title) || (report && a->key == report)) continue;
        if (!shown++) WEFT_OUTBUF_LIT(o, "<dl class=\"attrs\">");
        WEFT_OUTBUF_LIT(o, "<dt>");
        text_z(o, weft_doc_sym_name(d, a->key));
        WEFT_OUTBUF_LIT(o, "</dt><dd>");
        put_value(o, d, &a->value);
        WEFT_OUTBUF_LIT(o, "</dd>");
    }
    if (shown) WEFT_OUTBUF_LIT(o, "</dl>\n");
}

static void errors(weft_outbuf *o, const weft_doc *d) {
    if (!d->nerrors) return;
    WEFT_OUTBUF_LIT(o, "<ul class=\"errors\">");
    for (size_t i = 0; i < d->nerrors; i++) {
        WEFT_OUTBUF_LIT(o, "<li>error: ");
        text_z(o, d->errors[i].stage);
        WEFT_OUTBUF_LIT(o, ": ");
        text_z(o, d->errors[i].msg);
        if (d->errors[i].offset >= 0)
            weft_outbuf_printf(o, " (at byte %" PRId64 ")", d->errors[i].offset);
        WEFT_OUTBUF_LIT(o, "</li>");
    }
    WEFT_OUTBUF_LIT(o, "</ul>\n");
}

/* A document with no text says why, so that a blank article does not read
 * as a fault of the report. */
static void empty_note(weft_outbuf *o, const weft_doc *d, const weft_view *raw, int shown) {
    const weft_layer *bl = layer_named(d, "boilerplate", WEFT_SYM_RAW);
    WEFT_OUTBUF_LIT(o, "<p class=\"empty\">");
    if (!raw || !raw->len)
        WEFT_OUTBUF_LIT(o, "Empty document.");
    else
        weft_outbuf_printf(o, "No text kept of the document's %zu bytes%s", raw->len,
                           shown         ? ": what was removed is struck through."
                           : bl && bl->n ? " (--show-removed shows what was removed)."
                                         : ".");
    WEFT_OUTBUF_LIT(o, "</p>\n");
}

void weft_html_doc(weft_outbuf *o, const weft_doc *d, weft_sym vs, uint64_t index,
                   const weft_writer_opts *opts) {
    const weft_view *v = weft_doc_view(d, vs);
    const char *vname = weft_doc_sym_name(d, vs);
    const weft_layer *el = v ? layer_named(d, opts->names.entity_layer, vs) : NULL;
    const weft_layer *sl = v ? layer_named(d, opts->names.sentence_layer, vs) : NULL;
    const weft_layer *rl = NULL;
    const weft_view *raw = weft_doc_view(d, WEFT_SYM_RAW);
    if (opts->show_removed && raw) rl = layer_named(d, "boilerplate", WEFT_SYM_RAW);
    if (rl && !rl->n) rl = NULL;

    weft_outbuf_printf(o, "<article class=\"doc\" id=\"d%" PRIu64 "\" data-id=\"", index);
    text_z(o, d->id);
    WEFT_OUTBUF_LIT(o, "\" data-title=\"");
    put_title(o, d, TITLE_MAX);
    weft_outbuf_printf(o, "\">\n<h2><a href=\"#d%" PRIu64 "\">%" PRIu64 ".</a> ", index, index + 1);
    put_title(o, d, SIZE_MAX);
    WEFT_OUTBUF_LIT(o, "</h2>\n<p class=\"meta\">");
    text_z(o, d->id);
    WEFT_OUTBUF_LIT(o, " \xC2\xB7 view ");
    text_z(o, vname ? vname : "raw");
    WEFT_OUTBUF_LIT(o, "</p>\n");
    summary(o, d, el, sl);
    attrs(o, d, opts);
    errors(o, d);

    /* Room for the open elements (at most one per entity plus a sentence)
     * and the removed blocks' places. */
    open_el *stack = NULL;
    uint32_t *place = NULL;
    int inline_removed = 0;
    if (v && (el || sl) && !(stack = malloc(((el ? el->n : 0) + 2) * sizeof *stack))) {
        if (!o->error) o->error = ENOMEM;
        return;
    }
    if (v && rl) {
        if (!(place = malloc(rl->n * sizeof *place))) {
            free(stack);
            if (!o->error) o->error = ENOMEM;
            return;
        }
        inline_removed = removed_places(v, rl, place);
    }
    if ((!v || !v->len) && !d->nerrors) empty_note(o, d, raw, rl != NULL); /* errors say why */
    WEFT_OUTBUF_LIT(o, "<div class=\"text\">");
    if (v)
        marked_text(o, d, v, sl, el, inline_removed ? rl : NULL, raw, place, stack,
                    weft_doc_sym_find(d, opts->names.source_attr, strlen(opts->names.source_attr)));
    WEFT_OUTBUF_LIT(o, "</div>\n");
    if (rl && !inline_removed) {
        weft_outbuf_printf(o,
                           "<details class=\"removed-list\"><summary>%zu removed block%s</summary>",
                           rl->n, rl->n == 1 ? "" : "s");
        for (size_t i = 0; i < rl->n; i++) {
            WEFT_OUTBUF_LIT(o, "<p>");
            removed_block(o, d, raw, &rl->a[i]);
            WEFT_OUTBUF_LIT(o, "</p>");
        }
        WEFT_OUTBUF_LIT(o, "</details>\n");
    }
    WEFT_OUTBUF_LIT(o, "</article>\n");
    free(stack);
    free(place);
}

/* ------------------------------------------------------------------------ */
/* Page and index                                                            */

void weft_html_header(weft_outbuf *o) {
    WEFT_OUTBUF_LIT(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                       "'none'; style-src 'unsafe-inline'; img-src data:\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width\">\n"
                       "<title>weft report</title>\n<style>\n");
    weft_outbuf_puts(o, css);
    WEFT_OUTBUF_LIT(o, "</style>\n</head>\n<body>\n<main>\n<h1>weft report</h1>\n");
}

static const char marker[] = "<article class=\"doc\" id=\"d";

/* The value of attribute name at *p (`name="..."`), advancing past it. */
static int attr_value(const char **p, const char *end, const char *name, const char **v,
                      size_t *n) {
    size_t k = strlen(name);
    if ((size_t)(end - *p) < k + 2 || memcmp(*p, name, k) != 0 || (*p)[k] != '=' ||
        (*p)[k + 1] != '"')
        return -1;
    const char *s = *p + k + 2;
    const char *q = memchr(s, '"', (size_t)(end - s));
    if (!q) return -1;
    *v = s;
    *n = (size_t)(q - s);
    *p = q + 1;
    return 0;
}

int weft_html_index_scan(weft_html_index *ix, const char *buf, size_t len) {
    if (ix->error) return ix->error;
    const char *p = buf, *end = buf + len;
    size_t mk = sizeof marker - 1;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt) break;
        p = lt + 1;
        if ((size_t)(end - lt) < mk || memcmp(lt, marker, mk) != 0) continue;
        const char *q = lt + mk, *num = q;
        while (q < end && *q >= '0' && *q <= '9') q++;
        size_t nnum = (size_t)(q - num);
        const char *id, *title;
        size_t nid, ntitle;
        if (q >= end || *q != '"' || !nnum) continue;
        q++;
        if (q < end && *q == ' ') q++;
        if (attr_value(&q, end, "data-id", &id, &nid) != 0) continue;
        if (q < end && *q == ' ') q++;
        if (attr_value(&q, end, "data-title", &title, &ntitle) != 0) continue;
        if (!ix->spool && !(ix->spool = tmpfile())) {
            ix->error = errno ? errno : EIO;
            return ix->error;
        }
        /* the values are escaped already: copied as they are */
        int bad =
            fprintf(ix->spool, "<li><a href=\"#d%.*s\" title=\"%.*s\">%.*s</a></li>\n", (int)nnum,
                    num, (int)nid, id, (int)(ntitle ? ntitle : nid), ntitle ? title : id) < 0;
        if (bad) {
            ix->error = errno ? errno : EIO;
            return ix->error;
        }
        ix->n++;
        p = q;
    }
    return 0;
}

void weft_html_footer(weft_outbuf *o, weft_html_index *ix) {
    WEFT_OUTBUF_LIT(o, "</main>\n<nav id=\"index\"><h2>Index</h2>");
    weft_outbuf_printf(o, "<p>%" PRIu64 " document%s</p>\n<ol>\n", ix->n, ix->n == 1 ? "" : "s");
    if (ix->spool && !ix->error) {
        if (fflush(ix->spool) != 0 || fseek(ix->spool, 0, SEEK_SET) != 0) {
            ix->error = errno ? errno : EIO;
        } else {
            char buf[8192];
            size_t n;
            while ((n = fread(buf, 1, sizeof buf, ix->spool)) > 0) weft_outbuf_put(o, buf, n);
            if (ferror(ix->spool)) ix->error = EIO;
        }
    }
    if (ix->error && !o->error) o->error = ix->error;
    WEFT_OUTBUF_LIT(o, "</ol>\n</nav>\n</body>\n</html>\n");
    weft_html_index_free(ix);
}

void weft_html_index_free(weft_html_index *ix) {
    if (ix->spool) fclose(ix->spool);
    ix->spool = NULL;
}
