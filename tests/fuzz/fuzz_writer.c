/*
 * The JSON writer (core/writer.c), round trip: a document built from fuzz
 * bytes (raw text with any bytes, a derived "text" view, layers over either
 * view, labels and attributes of every type, document attributes, errors)
 * is written as JSON Lines in bytes, code points or UTF-16 units, parsed
 * back with jansson, and every string and offset is checked against an
 * independent model: each byte outside a valid UTF-8 sequence is written as
 * one U+FFFD, and offsets count units of the text as written. The text,
 * TSV and CoNLL formats are written too, for the sanitizers only.
 */
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "writer.h"

static void die(const char *msg) {
    fprintf(stderr, "fuzz_writer: %s\n", msg);
    abort();
}

/* ---- the model ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s (RFC 3629, Unicode table 3-7), 0
 * when s does not start one; *cp gets the code point. */
static size_t seq_len(const uint8_t *s, size_t n, uint32_t *cp) {
    uint8_t c = s[0];
    if (c < 0x80) return *cp = c, 1;
    size_t len;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, *cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, *cp = c & 0x0F, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, *cp = c & 0x07, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    *cp = (*cp << 6) | (s[1] & 0x3F);
    for (size_t i = 2; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    return len;
}

typedef struct {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_put(sbuf *b, const void *p, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s) die("out of memory");
        b->s = s, b->cap = cap;
    }
    memcpy(b->s + b->n, p, n);
    b->n += n;
    b->s[b->n] = '\0';
}

/* s as written: invalid bytes replaced, each by one U+FFFD. */
static void as_written(const char *s, size_t n, sbuf *out) {
    out->n = 0;
    sb_put(out, "", 0);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = seq_len((const uint8_t *)s + i, n - i, &cp);
        if (l == 0)
            sb_put(out, "\xEF\xBF\xBD", 3), i++;
        else
            sb_put(out, s + i, l), i += l;
    }
}

/* Offset of byte off of s in the written text, in unit. */
static uint64_t units(const char *s, size_t off, weft_offunit unit) {
    uint64_t u = 0;
    for (size_t i = 0; i < off;) {
        uint32_t cp = 0;
        size_t l = seq_len((const uint8_t *)s + i, off - i, &cp);
        if (l == 0) l = 1, cp = 0xFFFD;
        u += unit == WEFT_OFF_BYTES        ? (cp < 0x80      ? 1
                                              : cp < 0x800   ? 2
                                              : cp < 0x10000 ? 3
                                                             : 4)
             : unit == WEFT_OFF_CODEPOINTS ? 1
                                           : (cp >= 0x10000 ? 2 : 1);
        i += l;
    }
    return u;
}

static void check_str(const json_t *j, const char *s, size_t n, const char *what) {
    static sbuf want;
    as_written(s, n, &want);
    if (!json_is_string(j)) {
        fprintf(stderr, "fuzz_writer: %s is not a string\n", what);
        abort();
    }
    if (json_string_length(j) != want.n || memcmp(json_string_value(j), want.s, want.n) != 0) {
        fprintf(stderr, "fuzz_writer: %s differs from the model\n", what);
        abort();
    }
}

static void check_value(const json_t *j, const weft_doc *d, const weft_value *v) {
    switch (v->type) {
    case WEFT_V_BOOL:
        if (!json_is_boolean(j) || json_is_true(j) != !!v->u.b) die("bool attribute");
        break;
    case WEFT_V_INT:
        if (!json_is_integer(j) || json_integer_value(j) != v->u.i) die("int attribute");
        break;
    case WEFT_V_NUM:
        if (!isfinite(v->u.d)) {
            if (!json_is_null(j)) die("non-finite number not written as null");
        } else if (!json_is_number(j) || json_number_value(j) != v->u.d) {
            die("number attribute does not round-trip");
        }
        break;
    case WEFT_V_STR:
        check_str(j, v->u.str, v->len, "string attribute");
        break;
    case WEFT_V_SYM: {
        const char *name = weft_doc_sym_name(d, v->u.sym);
        check_str(j, name, strlen(name), "symbol attribute");
        break;
    }
    default:
        die("unexpected attribute type");
    }
}

/* A member of obj named by a symbol, looked up by its name as written. */
static json_t *member(const json_t *obj, const weft_doc *d, weft_sym sym) {
    static sbuf key;
    const char *name = weft_doc_sym_name(d, sym);
    as_written(name, strlen(name), &key);
    return json_object_get(obj, key.s);
}

static void check_attrs(const json_t *obj, const weft_doc *d, const weft_attr *a, size_t n) {
    if (!json_is_object(obj) || json_object_size(obj) != n) die("attribute object size");
    for (size_t i = 0; i < n; i++) check_value(member(obj, d, a[i].key), d, &a[i].value);
}

/* ---- building the document ---------------------------------------------- */

typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static uint32_t take(input *in, size_t bytes) {
    uint32_t v = 0;
    for (size_t i = 0; i < bytes && in->n; i++, in->p++, in->n--) v = (v << 8) | in->p[0];
    return v;
}

static size_t take_bytes(input *in, size_t max, const char **out) {
    size_t n = take(in, 1) % (max + 1);
    if (n > in->n) n = in->n;
    *out = (const char *)in->p;
    in->p += n, in->n -= n;
    return n;
}

/* Names with characters JSON must escape, and one that is not UTF-8. */
static const char *const names[] = {
    "token",   "entity",    "sentence",    "PER",         "quote\"d",
    "back\\s", "tab\tnl\n", "ctl\x01\x1f", "caf\xC3\xA9", "emoji\xF0\x9F\x98\x80",
    "bad\xFF", "x"};
#define NNAMES (sizeof names / sizeof *names)

static weft_symtab *syms;
static weft_doc *doc;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc, (void)argv;
    syms = weft_symtab_new(0);
    if (!syms || !weft_symtab_intern(syms, "raw", 3) || !weft_symtab_intern(syms, "text", 4))
        die("out of memory");
    weft_symtab_freeze(syms);
    doc = weft_doc_new(syms);
    if (!doc) die("out of memory");
    return 0;
}

static weft_sym name_sym(input *in) {
    const char *nm = names[take(in, 1) % NNAMES];
    return weft_doc_sym(doc, nm, strlen(nm));
}

static void take_value(input *in, weft_value *v) {
    memset(v, 0, sizeof *v);
    uint32_t t = take(in, 1) % 5;
    if (t == 0) {
        v->type = WEFT_V_BOOL, v->u.b = (int)take(in, 1) & 1;
    } else if (t == 1) {
        v->type = WEFT_V_INT;
        v->u.i = (int64_t)(((uint64_t)take(in, 4) << 32) | take(in, 4));
    } else if (t == 2) {
        uint64_t bits = ((uint64_t)take(in, 4) << 32) | take(in, 4);
        v->type = WEFT_V_NUM;
        memcpy(&v->u.d, &bits, sizeof bits);
    } else if (t == 3) {
        v->type = WEFT_V_STR;
        v->len = (uint32_t)take_bytes(in, 40, &v->u.str);
    } else {
        v->type = WEFT_V_SYM, v->u.sym = name_sym(in);
    }
}

/* Nearest offset at or below off where the core accepts a span end. */
static uint32_t boundary(const weft_view *v, uint32_t off) {
    off %= (uint32_t)v->len + 1;
    while (off > 0 && !weft_utf8_boundary(v->text, v->len, off)) off--;
    return off;
}

static void build(input *in) {
    const char *id, *raw;
    size_t idn = take_bytes(in, 16, &id);
    char idz[17];
    memcpy(idz, id, idn);
    idz[idn] = '\0'; /* ids are C strings: a NUL ends them early */
    size_t rawn = take_bytes(in, 255, &raw);
    if (weft_doc_set_id(doc, idz) || weft_doc_set_raw(doc, raw, rawn, 1)) die("out of memory");
    if (take(in, 1) & 1) { /* a "text" view: the valid prefix of raw */
        size_t n = weft_utf8_valid_prefix(raw, rawn);
        weft_offrun run = {0, 0, (uint32_t)n};
        if (weft_doc_view_add(doc, WEFT_SYM_TEXT, raw, n, WEFT_SYM_RAW, &run, 1)) die("view_add");
    }
    while (in->n) {
        uint32_t op = take(in, 1) % 4;
        if (op <= 1) { /* a record, on the default view or on raw */
            weft_sym layer = name_sym(in);
            weft_layer *l = weft_doc_layer(doc, layer);
            if (!l && weft_doc_layer_new(doc, layer, op ? WEFT_SYM_RAW : weft_doc_default_view(doc),
                                         &l) != WEFT_OK)
                continue; /* the name is a view's layer already: not our concern */
            const weft_view *v = weft_doc_view(doc, l->view);
            uint32_t b = boundary(v, take(in, 2)), e = boundary(v, take(in, 2));
            if (b > e) b ^= e, e ^= b, b ^= e;
            uint32_t lab = take(in, 1);
            weft_sym label = lab & 1 ? name_sym(in) : 0;
            float score = lab & 2 ? (float)take(in, 2) / 7.0f : NAN;
            const char *why;
            int64_t idx = weft_doc_add(doc, layer, b, e, label, score, &why);
            if (idx < 0) die(why);
            for (uint32_t k = take(in, 1) % 3; k > 0; k--) {
                weft_sym key = name_sym(in);
                weft_value val;
                take_value(in, &val);
                if (weft_doc_ann_set(doc, layer, idx, key, &val)) die("ann_set failed");
            }
        } else if (op == 2) {
            weft_sym key = name_sym(in);
            weft_value val;
            take_value(in, &val);
            if (weft_doc_attr_set(doc, key, &val)) die("attr_set failed");
        } else {
            const char *msg;
            size_t n = take_bytes(in, 30, &msg);
            char z[31];
            memcpy(z, msg, n);
            z[n] = '\0';
            const weft_view *v = weft_doc_view(doc, weft_doc_default_view(doc));
            int64_t off = take(in, 1) & 1 ? (int64_t)boundary(v, take(in, 2)) : -1;
            if (weft_doc_error_add(doc, "fuzz", WEFT_EDATA, off, z)) die("error_add failed");
        }
    }
    if (weft_doc_sort_layers(doc)) die("sort failed");
}

/* ---- the round trip ----------------------------------------------------- */

static void check(const char *out, size_t outn, weft_offunit unit) {
    json_error_t jerr;
    if (outn == 0 || out[outn - 1] != '\n' || memchr(out, '\n', outn) != out + outn - 1)
        die("JSON Lines output is not exactly one line");
    json_t *root = json_loadb(out, outn, JSON_ALLOW_NUL, &jerr);
    if (!root) {
        fprintf(stderr, "fuzz_writer: output is not JSON: %s at %d\n", jerr.text, jerr.position);
        abort();
    }
    weft_sym vs = weft_doc_default_view(doc);
    const weft_view *wv = weft_doc_view(doc, vs);
    check_str(json_object_get(root, "id"), doc->id, strlen(doc->id), "id");
    check_str(json_object_get(root, "text"), wv->text, wv->len, "text");
    const char *vname = weft_doc_sym_name(doc, vs);
    check_str(json_object_get(root, "view"), vname, strlen(vname), "view");
    json_t *layers = json_object_get(root, "layers");
    if (!json_is_object(layers) || json_object_size(layers) != doc->nlayers) die("layer count");
    for (size_t li = 0; li < doc->nlayers; li++) {
        const weft_layer *l = &doc->layers[li];
        const weft_view *v = weft_doc_view(doc, l->view);
        json_t *arr = member(layers, doc, l->name);
        if (!json_is_array(arr) || json_array_size(arr) != l->n) die("record count");
        for (size_t i = 0; i < l->n; i++) {
            const weft_ann *a = &l->a[i];
            json_t *r = json_array_get(arr, i);
            if (json_integer_value(json_object_get(r, "begin")) !=
                    (json_int_t)units(v->text, a->begin, unit) ||
                json_integer_value(json_object_get(r, "end")) !=
                    (json_int_t)units(v->text, a->end, unit))
                die("record offsets differ from the model");
            check_str(json_object_get(r, "text"), v->text + a->begin, a->end - a->begin,
                      "record text");
            if ((json_object_get(r, "view") != NULL) != (l->view != vs)) die("record view");
            if (a->label) {
                const char *ln = weft_doc_sym_name(doc, a->label);
                check_str(json_object_get(r, "label"), ln, strlen(ln), "label");
            } else if (json_object_get(r, "label")) {
                die("label written for a record without one");
            }
            json_t *sc = json_object_get(r, "score");
            if (isnan(a->score) ? sc != NULL : (float)json_number_value(sc) != a->score)
                die("score does not round-trip");
            const weft_attr *at;
            size_t na = weft_doc_ann_attrs(doc, a, &at);
            if (na) check_attrs(json_object_get(r, "attrs"), doc, at, na);
        }
    }
    check_attrs(json_object_get(root, "attrs"), doc, doc->dattrs, doc->ndattrs);
    json_t *errs = json_object_get(root, "errors");
    if (!json_is_array(errs) || json_array_size(errs) != doc->nerrors) die("error count");
    for (size_t i = 0; i < doc->nerrors; i++) {
        const weft_doc_error *e = &doc->errors[i];
        json_t *je = json_array_get(errs, i);
        check_str(json_object_get(je, "message"), e->msg, strlen(e->msg), "error message");
        json_t *off = json_object_get(je, "offset");
        if ((e->offset >= 0) != (off != NULL)) die("error offset presence");
        const weft_view *ev = weft_doc_view(doc, e->view ? e->view : vs);
        if (off && json_integer_value(off) != (json_int_t)units(ev->text, (size_t)e->offset, unit))
            die("error offset differs from the model");
    }
    json_decref(root);
}

static void write_as(weft_format fmt, weft_offunit unit, int roundtrip) {
    char *out = NULL;
    size_t outn = 0;
    FILE *f = open_memstream(&out, &outn);
    if (!f) die("open_memstream failed");
    weft_writer_opts o = {.format = fmt, .offsets = unit, .span_text = 1};
    weft_writer *w = weft_writer_new(f, &o);
    if (!w || weft_writer_doc(w, doc) != 0 || weft_writer_finish(w) != 0) die("write failed");
    weft_writer_free(w);
    fclose(f);
    if (roundtrip) check(out, outn, unit);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    input in = {data + 1, size - 1};
    weft_doc_reset(doc);
    build(&in);
    weft_offunit unit = (weft_offunit)(data[0] % 3);
    write_as(WEFT_FMT_JSONL, unit, 1);
    if (data[0] & 0x80) {
        write_as(WEFT_FMT_TEXT, unit, 0);
        write_as(WEFT_FMT_TSV, unit, 0);
        write_as(WEFT_FMT_CONLL, unit, 0);
    }
    return 0;
}
