/*
 * Output formats.
 *
 * jsonl  one object per document per line (DESIGN.md §3):
 *          {"id","view","offsets","text","layers","attrs","errors"}
 *        "errors" is always present ([] when none) so consumers can rely on it.
 * json   the same objects in one JSON array, one object per line; valid JSON
 *        even with zero documents.
 * text   a human summary per document.
 * html   one self-contained page (html.c): a header, an article per
 *        document, the index of all documents at the end.
 *
 * The written view is opts->view when the document has it, else "text" when
 * present, else "raw"; "view" names the one actually written. A document
 * without any view (an input that could not be read) is written with
 * "view":"raw" and "text":"".
 *
 * Offsets. Every offset is converted with weft_offconv in the chosen unit, so
 * it indexes the text *as written*: invalid bytes are written as U+FFFD, and
 * in bytes mode each one shifts later offsets by 2 exactly as in "text".
 *
 * Layers over another view. Every layer is written, in creation order. A
 * layer whose view is not the written view keeps its own offsets (converted
 * against its own view, as that view would be written) and each of its
 * records carries "view":"<name>" right after "end", so a consumer can tell
 * the two apart without a side table. Offsets are never projected through
 * offset maps: a span in "raw" may cover text that "text" dropped. Error
 * offsets follow the same rule ("view" after "offset" when it differs).
 */
#include "writer.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "html.h"
#include "outbuf.h"

/* A slow pipeline still shows progress downstream, and a reader that went
 * away (`| head`) is noticed within this time rather than at 256 KiB. */
#define FLUSH_EVERY_NS 200000000ull

static uint64_t mono_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#define TEXT_MAX_LISTED 50 /* text format: list records of layers this small */

typedef struct conv_slot {
    weft_sym view;
    const weft_view *v;
    weft_offconv c;
} conv_slot;

/* What rendering one document needs: the options, the offset converters
 * (per document) and the document's position in the output (separators,
 * the tsv header). A writer has one; so has each worker of weft_run, which
 * renders its documents into memory for the writer to copy out in order. */
struct weft_render {
    weft_outbuf *o;
    weft_writer_opts opts;
    uint64_t ndocs;   /* position of the document being rendered */
    weft_arena arena; /* checkpoints of the offset converters, per document */
    conv_slot *convs;
    size_t nconvs, capconvs;
};

struct weft_writer {
    weft_outbuf o;
    weft_render r;
    uint64_t ndocs;
    int flush_each;         /* output is a terminal: flush after every document */
    uint64_t last_flush_ns; /* otherwise at least every FLUSH_EVERY_NS */
    int finished;
    /* html: every document's bytes pass through weft_writer_put_rendered,
     * which takes its index entry from them; tmp holds one rendered here */
    weft_html_index index;
    weft_outbuf tmp;
};

static const char *const unit_names[] = {"bytes", "codepoints", "utf16"};
static const char *const format_names[] = {"jsonl", "json", "text", "tsv", "conll", "html"};

int weft_format_parse(const char *s) {
    for (int i = 0; i < 6; i++)
        if (s && strcmp(s, format_names[i]) == 0) return i;
    return -1;
}

int weft_offunit_parse(const char *s) {
    for (int i = 0; i < 3; i++)
        if (s && strcmp(s, unit_names[i]) == 0) return i;
    return -1;
}

static void render_init(weft_render *r, weft_outbuf *o, const weft_writer_opts *opts) {
    memset(r, 0, sizeof *r);
    r->o = o;
    if (opts) r->opts = *opts;
    if ((unsigned)r->opts.offsets > WEFT_OFF_UTF16) r->opts.offsets = WEFT_OFF_BYTES;
    if ((unsigned)r->opts.format > WEFT_FMT_HTML) r->opts.format = WEFT_FMT_JSONL;
    weft_output_names_resolve(&r->opts.names, NULL);
    weft_arena_init(&r->arena, 16 * 1024, 0);
}

static void render_fini(weft_render *r) {
    weft_arena_free(&r->arena);
    free(r->convs);
}

weft_writer *weft_writer_new(FILE *f, const weft_writer_opts *opts) {
    weft_writer *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    weft_outbuf_init(&w->o, f);
    weft_outbuf_init(&w->tmp, NULL);
    render_init(&w->r, &w->o, opts);
    int fd = f ? fileno(f) : -1;
    w->flush_each = fd >= 0 && isatty(fd);
    if (w->r.opts.format == WEFT_FMT_JSON) weft_outbuf_put(&w->o, "[\n", 2);
    if (w->r.opts.format == WEFT_FMT_HTML) weft_html_header(&w->o);
    return w;
}

void weft_writer_free(weft_writer *w) {
    if (!w) return;
    weft_outbuf_free(&w->o);
    weft_outbuf_free(&w->tmp);
    weft_html_index_free(&w->index);
    render_fini(&w->r);
    free(w);
}

int weft_writer_finish(weft_writer *w) {
    if (!w->finished) {
        w->finished = 1;
        if (w->r.opts.format == WEFT_FMT_JSON)
            weft_outbuf_put(&w->o, w->ndocs ? "\n]\n" : "]\n", w->ndocs ? 3 : 2);
        if (w->r.opts.format == WEFT_FMT_HTML) weft_html_footer(&w->o, &w->index);
    }
    return weft_outbuf_flush(&w->o);
}

weft_render *weft_render_new(const weft_writer *w) {
    weft_render *r = malloc(sizeof *r);
    if (r) render_init(r, NULL, &w->r.opts);
    return r;
}

void weft_render_free(weft_render *r) {
    if (!r) return;
    render_fini(r);
    free(r);
}

uint64_t weft_writer_count(const weft_writer *w) {
    return w->ndocs;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/* The offset converter of a view, made once per document. NULL when the
 * document has no such view (offsets are then written unconverted). */
static const weft_offconv *conv_for(weft_render *w, const weft_doc *d, weft_sym view) {
    for (size_t i = 0; i < w->nconvs; i++)
        if (w->convs[i].view == view) return w->convs[i].v ? &w->convs[i].c : NULL;
    if (w->nconvs == w->capconvs) {
        size_t ncap = w->capconvs ? w->capconvs * 2 : 8;
        conv_slot *p = realloc(w->convs, ncap * sizeof *p);
        if (!p) {
            if (!w->o->error) w->o->error = ENOMEM;
            return NULL;
        }
        w->convs = p;
        w->capconvs = ncap;
    }
    conv_slot *s = &w->convs[w->nconvs];
    s->view = view;
    s->v = weft_doc_view(d, view);
    if (s->v && weft_offconv_init(&s->c, s->v->text, s->v->len, w->opts.offsets, &w->arena)) {
        if (!w->o->error) w->o->error = ENOMEM;
        return NULL;
    }
    w->nconvs++;
    return s->v ? &s->c : NULL;
}

static uint64_t conv_off(const weft_offconv *c, uint64_t off) {
    return c ? weft_offconv_get(c, (size_t)off) : off;
}

/* A symbol's name as a JSON string; null when it has none. */
static void put_sym(weft_outbuf *o, const weft_doc *d, weft_sym s) {
    const char *name = weft_doc_sym_name(d, s);
    if (name)
        weft_outbuf_json_str(o, name, strlen(name));
    else
        weft_outbuf_put(o, "null", 4);
}

static void put_key(weft_outbuf *o, const weft_doc *d, weft_sym s) {
    put_sym(o, d, s);
    weft_outbuf_putc(o, ':');
}

static void put_value_json(weft_outbuf *o, const weft_doc *d, const weft_value *v) {
    switch (v->type) {
    case WEFT_V_BOOL:
        weft_outbuf_puts(o, v->u.b ? "true" : "false");
        break;
    case WEFT_V_INT:
        weft_outbuf_json_int(o, v->u.i);
        break;
    case WEFT_V_NUM:
        weft_outbuf_json_num(o, v->u.d);
        break;
    case WEFT_V_STR:
        weft_outbuf_json_str(o, v->u.str ? v->u.str : "", v->u.str ? v->len : 0);
        break;
    case WEFT_V_SYM:
        put_sym(o, d, v->u.sym);
        break;
    default:
        weft_outbuf_put(o, "null", 4);
    }
}

static void put_attrs_json(weft_outbuf *o, const weft_doc *d, const weft_attr *a, size_t n) {
    weft_outbuf_putc(o, '{');
    for (size_t i = 0; i < n; i++) {
        if (i) weft_outbuf_putc(o, ',');
        put_key(o, d, a[i].key);
        put_value_json(o, d, &a[i].value);
    }
    weft_outbuf_putc(o, '}');
}

static weft_sym written_view(const weft_doc *d, const weft_writer_opts *opts) {
    if (opts->view) {
        weft_sym s = weft_doc_sym_find(d, opts->view, strlen(opts->view));
        if (s && weft_doc_view(d, s)) return s;
    }
    return weft_doc_default_view(d);
}

/* Text of [b, e) of a view, clamped to it. */
static const char *span(const weft_view *v, uint32_t b, uint32_t e, size_t *len) {
    if (!v || b > v->len || e < b) {
        *len = 0;
        return "";
    }
    if (e > v->len) e = (uint32_t)v->len;
    *len = e - b;
    return v->text + b;
}

/* ------------------------------------------------------------------------ */
/* jsonl / json                                                              */

static void write_json_doc(weft_render *w, const weft_doc *d) {
    weft_outbuf *o = w->o;
    weft_sym vs = written_view(d, &w->opts);
    const weft_view *view = weft_doc_view(d, vs);
    const char *vname = weft_doc_sym_name(d, vs);

    WEFT_OUTBUF_LIT(o, "{\"id\":");
    if (d->id)
        weft_outbuf_json_str(o, d->id, strlen(d->id));
    else
        weft_outbuf_put(o, "null", 4);
    WEFT_OUTBUF_LIT(o, ",\"view\":");
    weft_outbuf_json_str(o, vname ? vname : "raw", vname ? strlen(vname) : 3);
    WEFT_OUTBUF_LIT(o, ",\"offsets\":\"");
    weft_outbuf_puts(o, unit_names[w->opts.offsets]);
    WEFT_OUTBUF_LIT(o, "\",\"text\":");
    weft_outbuf_json_str(o, view ? view->text : "", view ? view->len : 0);

    WEFT_OUTBUF_LIT(o, ",\"layers\":{");
    for (size_t li = 0; li < d->nlayers; li++) {
        const weft_layer *l = &d->layers[li];
        const weft_view *lv = weft_doc_view(d, l->view);
        const weft_offconv *c = conv_for(w, d, l->view);
        int other = l->view != vs;
        if (li) weft_outbuf_putc(o, ',');
        put_key(o, d, l->name);
        weft_outbuf_putc(o, '[');
        for (size_t i = 0; i < l->n; i++) {
            const weft_ann *a = &l->a[i];
            if (i) weft_outbuf_putc(o, ',');
            WEFT_OUTBUF_LIT(o, "{\"begin\":");
            weft_outbuf_json_int(o, (int64_t)conv_off(c, a->begin));
            WEFT_OUTBUF_LIT(o, ",\"end\":");
            weft_outbuf_json_int(o, (int64_t)conv_off(c, a->end));
            if (other) {
                WEFT_OUTBUF_LIT(o, ",\"view\":");
                put_sym(o, d, l->view);
            }
            if (a->label) {
                WEFT_OUTBUF_LIT(o, ",\"label\":");
                put_sym(o, d, a->label);
            }
            if (!isnan(a->score)) {
                WEFT_OUTBUF_LIT(o, ",\"score\":");
                weft_outbuf_json_float(o, a->score);
            }
            if (a->nattrs) {
                const weft_attr *at;
                size_t n = weft_doc_ann_attrs(d, a, &at);
                WEFT_OUTBUF_LIT(o, ",\"attrs\":");
                put_attrs_json(o, d, at, n);
            }
            if (w->opts.span_text) {
                size_t n;
                const char *t = span(lv, a->begin, a->end, &n);
                WEFT_OUTBUF_LIT(o, ",\"text\":");
                weft_outbuf_json_str(o, t, n);
            }
            weft_outbuf_putc(o, '}');
        }
        weft_outbuf_putc(o, ']');
    }
    WEFT_OUTBUF_LIT(o, "},\"attrs\":");
    put_attrs_json(o, d, d->dattrs, d->ndattrs);

    WEFT_OUTBUF_LIT(o, ",\"errors\":[");
    for (size_t i = 0; i < d->nerrors; i++) {
        const weft_doc_error *e = &d->errors[i];
        if (i) weft_outbuf_putc(o, ',');
        WEFT_OUTBUF_LIT(o, "{\"stage\":");
        weft_outbuf_json_str(o, e->stage ? e->stage : "", e->stage ? strlen(e->stage) : 0);
        WEFT_OUTBUF_LIT(o, ",\"message\":");
        weft_outbuf_json_str(o, e->msg ? e->msg : "", e->msg ? strlen(e->msg) : 0);
        if (e->offset >= 0) {
            weft_sym ev = e->view ? e->view : vs;
            WEFT_OUTBUF_LIT(o, ",\"offset\":");
            weft_outbuf_json_int(o, (int64_t)conv_off(conv_for(w, d, ev), (uint64_t)e->offset));
            if (ev != vs) {
                WEFT_OUTBUF_LIT(o, ",\"view\":");
                put_sym(o, d, ev);
            }
        }
        weft_outbuf_putc(o, '}');
    }
    WEFT_OUTBUF_LIT(o, "]}");
}

/* ------------------------------------------------------------------------ */
/* text                                                                      */

/* Text for people: invalid bytes become U+FFFD, everything else as is. */
static void put_text_raw(weft_outbuf *o, const char *s, size_t len) {
    size_t i = 0, run = 0;
    while (i < len) {
        size_t ok = weft_utf8_valid_prefix(s + i, len - i);
        i += ok;
        if (i >= len) break;
        weft_outbuf_put(o, s + run, i - run);
        weft_outbuf_put(o, "\xEF\xBF\xBD", 3);
        run = ++i;
    }
    weft_outbuf_put(o, s + run, len - run);
}

static void put_value_text(weft_outbuf *o, const weft_doc *d, const weft_value *v) {
    if (v->type == WEFT_V_STR) {
        put_text_raw(o, v->u.str ? v->u.str : "", v->u.str ? v->len : 0);
    } else if (v->type == WEFT_V_SYM) {
        const char *n = weft_doc_sym_name(d, v->u.sym);
        weft_outbuf_puts(o, n ? n : "?");
    } else {
        put_value_json(o, d, v);
    }
}

static void bold(weft_render *w, int on) {
    if (w->opts.color) weft_outbuf_puts(w->o, on ? "\033[1m" : "\033[0m");
}

/* A pipeline that sets the document attribute "report" (names.report_attr;
 * a string, usually from its last inline Lua stage) chooses its own -f text
 * output: the report is written as it is, documents separated by a blank
 * line. ANSI colour sequences (ESC [ ... m) in it are kept only when colour
 * is on. */
static int write_report(weft_render *w, const weft_doc *d) {
    const char *rn = w->opts.names.report_attr;
    weft_sym key = weft_doc_sym_find(d, rn, strlen(rn));
    const weft_value *v = key ? weft_doc_attr_get(d, key) : NULL;
    if (!v || v->type != WEFT_V_STR) return 0;
    weft_outbuf *o = w->o;
    if (w->ndocs) weft_outbuf_putc(o, '\n');
    const char *t = v->u.str;
    size_t n = v->len, i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && t[j] != '\033') j++;
        put_text_raw(o, t + i, j - i);
        if (j >= n) break;
        size_t k = j + 1;
        if (k < n && t[k] == '[') {
            k++;
            while (k < n && ((t[k] >= '0' && t[k] <= '9') || t[k] == ';')) k++;
        }
        if (k < n && t[k] == 'm' && t[j + 1] == '[') {
            if (w->opts.color) weft_outbuf_put(o, t + j, k + 1 - j);
            i = k + 1;
        } else {
            i = j + 1; /* a lone ESC is dropped: never raw control bytes */
        }
    }
    if (n && t[n - 1] != '\n') weft_outbuf_putc(o, '\n');
    return 1;
}

/* A TSV field: tabs, newlines and other control characters become spaces
 * so every record stays on one line with a fixed number of fields. */
static void put_tsv_field(weft_outbuf *o, const char *s, size_t n) {
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f) continue;
        put_text_raw(o, s + run, i - run);
        weft_outbuf_putc(o, ' ');
        run = i + 1;
    }
    put_text_raw(o, s + run, n - run);
}

static const weft_layer *layer_named(const weft_doc *d, const char *name) {
    weft_sym sym = weft_doc_sym_find(d, name, strlen(name));
    return sym ? weft_doc_layer(d, sym) : NULL;
}

/* -f tsv: id, label, begin, end, text, score, source of each record of the
 * entity layer (names.entity_layer; "source" is the string attribute
 * names.source_attr); a header line first. A failed document gets one line per error with
 * label "!error" and the message as its text. */
static void write_tsv_doc(weft_render *w, const weft_doc *d) {
    weft_outbuf *o = w->o;
    if (w->ndocs == 0) WEFT_OUTBUF_LIT(o, "id\tlabel\tbegin\tend\ttext\tscore\tsource\n");
    const weft_layer *l = layer_named(d, w->opts.names.entity_layer);
    const char *sn = w->opts.names.source_attr;
    weft_sym source = weft_doc_sym_find(d, sn, strlen(sn));
    const char *id = d->id ? d->id : "";
    for (size_t i = 0; l && i < l->n; i++) {
        const weft_ann *a = &l->a[i];
        const weft_offconv *c = conv_for(w, d, l->view);
        const char *label = weft_doc_sym_name(d, a->label);
        size_t n;
        const char *t = span(weft_doc_view(d, l->view), a->begin, a->end, &n);
        put_tsv_field(o, id, strlen(id));
        weft_outbuf_putc(o, '\t');
        weft_outbuf_puts(o, label ? label : "");
        weft_outbuf_printf(o, "\t%llu\t%llu\t", (unsigned long long)conv_off(c, a->begin),
                           (unsigned long long)conv_off(c, a->end));
        put_tsv_field(o, t, n);
        weft_outbuf_putc(o, '\t');
        if (!isnan(a->score)) weft_outbuf_json_float(o, a->score);
        weft_outbuf_putc(o, '\t');
        const weft_attr *at;
        size_t na = weft_doc_ann_attrs(d, a, &at);
        for (size_t k = 0; k < na; k++)
            if (at[k].key == source && at[k].value.type == WEFT_V_STR)
                put_tsv_field(o, at[k].value.u.str, at[k].value.len);
        weft_outbuf_putc(o, '\n');
    }
    for (size_t i = 0; i < d->nerrors; i++) {
        const weft_doc_error *e = &d->errors[i];
        put_tsv_field(o, id, strlen(id));
        WEFT_OUTBUF_LIT(o, "\t!error\t\t\t");
        put_tsv_field(o, e->stage, strlen(e->stage));
        WEFT_OUTBUF_LIT(o, ": ");
        put_tsv_field(o, e->msg, strlen(e->msg));
        WEFT_OUTBUF_LIT(o, "\t\t\n");
    }
}

/* -f conll: "# id = ..." then one token per line, TAB, its BIO tag from the
 * entity layer (O outside entities); a blank line after each sentence. The
 * three layers are those of w->opts.names. */
static void write_conll_doc(weft_render *w, const weft_doc *d) {
    weft_outbuf *o = w->o;
    const weft_output_names *nm = &w->opts.names;
    const weft_layer *tok = layer_named(d, nm->token_layer);
    const weft_layer *ent = layer_named(d, nm->entity_layer);
    const weft_layer *sent = layer_named(d, nm->sentence_layer);
    WEFT_OUTBUF_LIT(o, "# id = ");
    put_tsv_field(o, d->id ? d->id : "", d->id ? strlen(d->id) : 0);
    weft_outbuf_putc(o, '\n');
    for (size_t i = 0; i < d->nerrors; i++) {
        WEFT_OUTBUF_LIT(o, "# error = ");
        put_tsv_field(o, d->errors[i].stage, strlen(d->errors[i].stage));
        WEFT_OUTBUF_LIT(o, ": ");
        put_tsv_field(o, d->errors[i].msg, strlen(d->errors[i].msg));
        weft_outbuf_putc(o, '\n');
    }
    if (!tok) {
        weft_outbuf_putc(o, '\n');
        return;
    }
    if (ent && ent->view != tok->view) ent = NULL;
    if (sent && sent->view != tok->view) sent = NULL;
    const weft_view *v = weft_doc_view(d, tok->view);
    size_t e = 0, s = 0;
    int open_sentence = 0;
    for (size_t i = 0; i < tok->n; i++) {
        const weft_ann *t = &tok->a[i];
        /* entities and sentences are sorted too: advance past those that
         * ended before this token */
        while (ent && e < ent->n && ent->a[e].end <= t->begin) e++;
        while (sent && s < sent->n && sent->a[s].end <= t->begin) {
            if (open_sentence) weft_outbuf_putc(o, '\n');
            open_sentence = 0;
            s++;
        }
        size_t n;
        const char *txt = span(v, t->begin, t->end, &n);
        put_tsv_field(o, txt, n);
        weft_outbuf_putc(o, '\t');
        if (ent && e < ent->n && ent->a[e].begin <= t->begin && t->end <= ent->a[e].end) {
            const char *label = weft_doc_sym_name(d, ent->a[e].label);
            weft_outbuf_puts(o, ent->a[e].begin == t->begin ? "B-" : "I-");
            weft_outbuf_puts(o, label ? label : "ENT");
        } else {
            weft_outbuf_putc(o, 'O');
        }
        weft_outbuf_putc(o, '\n');
        open_sentence = 1;
    }
    weft_outbuf_putc(o, '\n');
}

static void write_text_doc(weft_render *w, const weft_doc *d) {
    if (write_report(w, d)) return;
    weft_outbuf *o = w->o;
    weft_sym vs = written_view(d, &w->opts);
    const weft_view *view = weft_doc_view(d, vs);
    const char *vname = weft_doc_sym_name(d, vs);

    if (w->ndocs) weft_outbuf_putc(o, '\n');
    bold(w, 1);
    WEFT_OUTBUF_LIT(o, "== ");
    put_text_raw(o, d->id ? d->id : "", d->id ? strlen(d->id) : 0);
    WEFT_OUTBUF_LIT(o, " ==");
    bold(w, 0);
    weft_outbuf_printf(o, "\nview: %s, offsets: %s\n", vname ? vname : "raw",
                       unit_names[w->opts.offsets]);
    if (view && view->len) {
        put_text_raw(o, view->text, view->len);
        if (view->text[view->len - 1] != '\n') weft_outbuf_putc(o, '\n');
    }

    for (size_t li = 0; li < d->nlayers; li++) {
        const weft_layer *l = &d->layers[li];
        const weft_view *lv = weft_doc_view(d, l->view);
        const weft_offconv *c = conv_for(w, d, l->view);
        const char *ln = weft_doc_sym_name(d, l->name);
        weft_outbuf_printf(o, "%s: %zu record%s", ln ? ln : "?", l->n, l->n == 1 ? "" : "s");
        if (l->view != vs) {
            const char *n = weft_doc_sym_name(d, l->view);
            weft_outbuf_printf(o, " (over view %s)", n ? n : "?");
        }
        weft_outbuf_putc(o, '\n');
        if (l->n > TEXT_MAX_LISTED) continue;
        for (size_t i = 0; i < l->n; i++) {
            const weft_ann *a = &l->a[i];
            weft_outbuf_printf(o, "  [%llu,%llu)", (unsigned long long)conv_off(c, a->begin),
                               (unsigned long long)conv_off(c, a->end));
            if (a->label) {
                const char *n = weft_doc_sym_name(d, a->label);
                weft_outbuf_putc(o, ' ');
                weft_outbuf_puts(o, n ? n : "?");
            }
            if (!isnan(a->score)) {
                weft_outbuf_putc(o, ' ');
                weft_outbuf_json_float(o, a->score);
            }
            size_t n;
            const char *t = span(lv, a->begin, a->end, &n);
            weft_outbuf_putc(o, ' ');
            weft_outbuf_json_str(o, t, n);
            const weft_attr *at;
            size_t na = weft_doc_ann_attrs(d, a, &at);
            for (size_t k = 0; k < na; k++) {
                const char *kn = weft_doc_sym_name(d, at[k].key);
                weft_outbuf_putc(o, ' ');
                weft_outbuf_puts(o, kn ? kn : "?");
                weft_outbuf_putc(o, '=');
                put_value_text(o, d, &at[k].value);
            }
            weft_outbuf_putc(o, '\n');
        }
    }
    for (size_t i = 0; i < d->ndattrs; i++) {
        const char *kn = weft_doc_sym_name(d, d->dattrs[i].key);
        weft_outbuf_puts(o, kn ? kn : "?");
        WEFT_OUTBUF_LIT(o, ": ");
        put_value_text(o, d, &d->dattrs[i].value);
        weft_outbuf_putc(o, '\n');
    }
    for (size_t i = 0; i < d->nerrors; i++) {
        const weft_doc_error *e = &d->errors[i];
        WEFT_OUTBUF_LIT(o, "error: ");
        put_text_raw(o, e->stage ? e->stage : "", e->stage ? strlen(e->stage) : 0);
        WEFT_OUTBUF_LIT(o, ": ");
        put_text_raw(o, e->msg ? e->msg : "", e->msg ? strlen(e->msg) : 0);
        if (e->offset >= 0) {
            weft_sym ev = e->view ? e->view : vs;
            weft_outbuf_printf(
                o, " (at %llu)",
                (unsigned long long)conv_off(conv_for(w, d, ev), (uint64_t)e->offset));
        }
        weft_outbuf_putc(o, '\n');
    }
}

/* Render d as document number index of the output into r's buffer. */
static void render(weft_render *w, const weft_doc *d) {
    weft_arena_reset(&w->arena);
    w->nconvs = 0;
    switch (w->opts.format) {
    case WEFT_FMT_JSON:
        if (w->ndocs) weft_outbuf_put(w->o, ",\n", 2);
        write_json_doc(w, d);
        break;
    case WEFT_FMT_TEXT:
        write_text_doc(w, d);
        break;
    case WEFT_FMT_TSV:
        write_tsv_doc(w, d);
        break;
    case WEFT_FMT_CONLL:
        write_conll_doc(w, d);
        break;
    case WEFT_FMT_HTML:
        weft_html_doc(w->o, d, written_view(d, &w->opts), w->ndocs, &w->opts);
        break;
    default:
        write_json_doc(w, d);
        weft_outbuf_putc(w->o, '\n');
    }
}

int weft_render_doc(weft_render *r, weft_outbuf *o, const weft_doc *d, uint64_t index) {
    if (o->error) return o->error;
    r->o = o;
    r->ndocs = index;
    render(r, d);
    r->o = NULL;
    return o->error;
}

/* Flush on a terminal, and at least every FLUSH_EVERY_NS otherwise. */
static void pace(weft_writer *w) {
    if (w->flush_each) {
        weft_outbuf_flush(&w->o);
    } else {
        uint64_t now = mono_ns();
        if (now - w->last_flush_ns >= FLUSH_EVERY_NS) {
            weft_outbuf_flush(&w->o);
            w->last_flush_ns = now;
        }
    }
}

int weft_writer_flush(weft_writer *w) {
    if (w->o.error) return w->o.error;
    if (weft_outbuf_flush(&w->o)) return w->o.error;
    w->last_flush_ns = mono_ns();
    return 0;
}

int weft_writer_doc(weft_writer *w, const weft_doc *d) {
    if (w->o.error) return w->o.error;
    if (w->r.opts.format == WEFT_FMT_HTML) {
        /* through put_rendered, like a worker's document: one place takes
         * the index entries */
        weft_outbuf_truncate(&w->tmp, 0);
        int e = weft_render_doc(&w->r, &w->tmp, d, w->ndocs);
        if (!e) e = weft_writer_put_rendered(w, w->tmp.buf, w->tmp.len, 1);
        if (e && !w->o.error) w->o.error = e;
        if (w->tmp.cap > 1024 * 1024) {
            weft_outbuf_free(&w->tmp);
            weft_outbuf_init(&w->tmp, NULL);
        }
        return w->o.error;
    }
    w->r.ndocs = w->ndocs;
    render(&w->r, d);
    w->ndocs++;
    pace(w);
    return w->o.error;
}

int weft_writer_put_rendered(weft_writer *w, const char *buf, size_t len, uint64_t ndocs) {
    if (w->o.error) return w->o.error;
    if (w->r.opts.format == WEFT_FMT_HTML && weft_html_index_scan(&w->index, buf, len) != 0)
        return w->o.error = w->index.error;
    weft_outbuf_put(&w->o, buf, len);
    w->ndocs += ndocs;
    if (ndocs) pace(w);
    return w->o.error;
}

/* entries one writev takes: POSIX's limit, or the least it may be */
#if defined(IOV_MAX)
#define WRITEV_MAX IOV_MAX
#elif defined(UIO_MAXIOV)
#define WRITEV_MAX UIO_MAXIOV
#else
#define WRITEV_MAX 16
#endif

int weft_writer_put_iov(weft_writer *w, const struct iovec *iov, size_t n, uint64_t ndocs) {
    if (w->o.error) return w->o.error;
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += iov[i].iov_len;
    int fd = w->o.f ? fileno(w->o.f) : -1;
    if (total < WEFT_WRITER_DIRECT_AT || fd < 0) {
        for (size_t i = 0; i < n; i++)
            if (weft_writer_put_rendered(w, iov[i].iov_base, iov[i].iov_len, 0)) break;
        w->ndocs += ndocs;
        if (ndocs) pace(w);
        return w->o.error;
    }
    if (w->r.opts.format == WEFT_FMT_HTML)
        for (size_t i = 0; i < n; i++)
            if (weft_html_index_scan(&w->index, iov[i].iov_base, iov[i].iov_len) != 0)
                return w->o.error = w->index.error;
    if (weft_outbuf_flush(&w->o)) return w->o.error;
    /* iov is the caller's: a partial write goes on from a copy of the
     * entry it stopped in */
    struct iovec part;
    size_t i = 0, skip = 0;
    while (i < n) {
        if (iov[i].iov_len == skip) { /* nothing (left) in this one */
            i++;
            skip = 0;
            continue;
        }
        size_t cnt = n - i > WRITEV_MAX ? WRITEV_MAX : n - i;
        const struct iovec *v = iov + i;
        if (skip) {
            part.iov_base = (char *)iov[i].iov_base + skip;
            part.iov_len = iov[i].iov_len - skip;
            v = &part;
            cnt = 1;
        }
        ssize_t k = writev(fd, v, (int)cnt);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return w->o.error = k < 0 && errno ? errno : EIO;
        size_t done = (size_t)k;
        while (i < n && done >= iov[i].iov_len - skip) {
            done -= iov[i].iov_len - skip;
            skip = 0;
            i++;
        }
        skip += done;
    }
    w->ndocs += ndocs;
    w->last_flush_ns = mono_ns();
    return 0;
}
