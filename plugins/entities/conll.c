/*
 * The trainer's corpus reader (see conll.h). Strict: a line it cannot read
 * is an error naming the file and line, never a silently skipped token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conll.h"
#include "weft/grow.h"

#define CN_MAX_TYPE 40 /* bytes of a type name: "B-" + it fits a model class name */

void cn_free(cn_corpus *c) {
    free(c->text);
    free(c->tb);
    free(c->te);
    free(c->tag);
    free(c->sent);
    free(c->doc);
    for (size_t i = 0; i < c->ntype; i++) free(c->type[i]);
    free(c->type);
    memset(c, 0, sizeof *c);
}

static int type_index(cn_corpus *c, const char *s, size_t n) {
    for (size_t i = 0; i < c->ntype; i++)
        if (strlen(c->type[i]) == n && !memcmp(c->type[i], s, n)) return (int)i;
    char **t = realloc(c->type, (c->ntype + 1) * sizeof *t);
    if (!t) return -1;
    c->type = t;
    if (!(t[c->ntype] = malloc(n + 1))) return -1;
    memcpy(t[c->ntype], s, n);
    t[c->ntype][n] = '\0';
    return (int)c->ntype++;
}

typedef struct rd {
    cn_corpus *c;
    int open_doc;      /* a document has been started */
    size_t sent_start; /* first token of the open sentence, or SIZE_MAX */
    uint32_t prev;     /* tag of the sentence's previous token */
} rd;

static int close_sentence(rd *r) {
    cn_corpus *c = r->c;
    if (r->sent_start == SIZE_MAX) return 0;
    cn_doc *d = &c->doc[c->ndoc - 1];
    if (weft_grow((void **)&c->sent, &c->capsent, c->nsents + 1, sizeof *c->sent)) return -1;
    c->sent[c->nsents++] = (uint32_t)(r->sent_start - d->tok);
    d->nsent++;
    r->sent_start = SIZE_MAX;
    r->prev = 0;
    return 0;
}

static void close_doc(rd *r) {
    cn_corpus *c = r->c;
    if (!r->open_doc) return;
    cn_doc *d = &c->doc[c->ndoc - 1];
    d->len = c->ntext - d->text;
    if (d->ntok == 0) c->ndoc--; /* an empty document is dropped */
    r->open_doc = 0;
}

static int open_doc(rd *r) {
    cn_corpus *c = r->c;
    if (r->open_doc) return 0;
    if (weft_grow((void **)&c->doc, &c->capdoc, c->ndoc + 1, sizeof *c->doc)) return -1;
    c->doc[c->ndoc++] = (cn_doc){c->ntext, 0, c->ntokens, 0, c->nsents, 0};
    r->open_doc = 1;
    return 0;
}

static int add_text(cn_corpus *c, const char *s, size_t n) {
    if (weft_grow((void **)&c->text, &c->captext, c->ntext + n + 1, 1)) return -1;
    memcpy(c->text + c->ntext, s, n);
    c->ntext += n;
    return 0;
}

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        snprintf(err, errlen, __VA_ARGS__);                                                        \
        return -1;                                                                                 \
    } while (0)

int cn_read(cn_corpus *c, const char *name, const char *buf, size_t n, char *err, size_t errlen) {
    rd r = {c, 0, SIZE_MAX, 0};
    const char *p = buf, *e = buf + n;
    int per_sentence = 1;
    static const char ds[] = "-DOCSTART-";
    for (const char *q = buf; q + sizeof ds - 1 <= e; q++) {
        q = memchr(q, '-', (size_t)(e - q));
        if (!q || q + sizeof ds - 1 > e) break;
        if (!memcmp(q, ds, sizeof ds - 1)) {
            per_sentence = 0;
            break;
        }
    }
    if (per_sentence) c->per_sentence = 1;
    size_t line = 0;
    while (p < e) {
        const char *le = memchr(p, '\n', (size_t)(e - p));
        if (!le) le = e;
        line++;
        const char *ls = p, *lend = le;
        p = le < e ? le + 1 : e;
        if (lend > ls && lend[-1] == '\r') lend--;
        size_t ll = lend > ls ? (size_t)(lend - ls) : 0;
        if (ll && memchr(ls, '\0', ll)) FAIL("%s:%zu: NUL byte in the line", name, line);
        /* columns: the first and the last */
        const char *cols[2] = {NULL, NULL};
        size_t lens[2] = {0, 0}, ncol = 0;
        for (const char *q = ls; q < lend;) {
            while (q < lend && (*q == ' ' || *q == '\t')) q++;
            if (q >= lend) break;
            const char *b = q;
            while (q < lend && *q != ' ' && *q != '\t') q++;
            if (ncol == 0) cols[0] = b, lens[0] = (size_t)(q - b);
            cols[1] = b, lens[1] = (size_t)(q - b);
            ncol++;
        }
        if (ncol == 0) {
            if (close_sentence(&r)) FAIL("out of memory");
            if (per_sentence) close_doc(&r);
            continue;
        }
        if (lens[0] == sizeof ds - 1 && !memcmp(cols[0], ds, lens[0])) {
            if (close_sentence(&r)) FAIL("out of memory");
            close_doc(&r);
            continue;
        }
        if (ncol < 2)
            FAIL("%s:%zu: a token line needs a token and a tag, separated by blanks (got '%.*s')",
                 name, line, (int)(lens[0] > 60 ? 60 : lens[0]), cols[0]);
        const char *t = cols[1];
        size_t tn = lens[1];
        uint32_t tag = 0;
        if (!(tn == 1 && t[0] == 'O')) {
            if (tn < 3 || t[1] != '-' || !strchr("BIESLU", t[0]) || tn - 2 > CN_MAX_TYPE)
                FAIL("%s:%zu: bad tag '%.*s' (want O, or B-, I-, E-, S- before a type name of at "
                     "most %d bytes)",
                     name, line, (int)(tn > 60 ? 60 : tn), t, CN_MAX_TYPE);
            for (size_t k = 2; k < tn; k++)
                if ((unsigned char)t[k] < 0x21 || t[k] == 0x7f)
                    FAIL("%s:%zu: bad tag '%.*s' (control byte in the type)", name, line,
                         (int)(tn > 60 ? 60 : tn), t);
            int ty = type_index(c, t + 2, tn - 2);
            if (ty < 0) FAIL("out of memory");
            uint32_t b = 2 * (uint32_t)ty + 1, in = b + 1;
            int begin = t[0] == 'B' || t[0] == 'S' || t[0] == 'U';
            /* IOB1: I-X after anything but X starts an X */
            if (!begin && r.prev != b && r.prev != in) begin = 1;
            tag = begin ? b : in;
        }
        if (open_doc(&r)) FAIL("out of memory");
        cn_doc *d = &c->doc[c->ndoc - 1];
        if (r.sent_start == SIZE_MAX) {
            if (d->ntok && add_text(c, "\n", 1)) FAIL("out of memory");
            r.sent_start = c->ntokens;
        } else if (add_text(c, " ", 1)) {
            FAIL("out of memory");
        }
        size_t off = c->ntext - d->text;
        if (off + lens[0] > UINT32_MAX) FAIL("%s:%zu: document over 4 GiB", name, line);
        if (add_text(c, cols[0], lens[0])) FAIL("out of memory");
        if (weft_grow((void **)&c->tb, &c->captok, c->ntokens + 1, sizeof *c->tb))
            FAIL("out of memory");
        size_t cap = c->captok;
        /* te and tag grow with tb: same capacity */
        uint32_t *te = realloc(c->te, cap * sizeof *te);
        if (!te) FAIL("out of memory");
        c->te = te;
        uint32_t *tg = realloc(c->tag, cap * sizeof *tg);
        if (!tg) FAIL("out of memory");
        c->tag = tg;
        c->tb[c->ntokens] = (uint32_t)off;
        c->te[c->ntokens] = (uint32_t)(off + lens[0]);
        c->tag[c->ntokens] = tag;
        c->ntokens++;
        d->ntok++;
        r.prev = tag;
    }
    if (close_sentence(&r)) FAIL("out of memory");
    close_doc(&r);
    return 0;
}

int cn_retype(cn_corpus *c, char *const *types, size_t ntype, char *err, size_t errlen) {
    uint32_t *map = calloc(c->ntype + 1, sizeof *map);
    if (!map) FAIL("out of memory");
    for (size_t i = 0; i < c->ntype; i++) {
        size_t k = 0;
        while (k < ntype && strcmp(types[k], c->type[i])) k++;
        if (k == ntype) {
            snprintf(err, errlen, "type '%s' is not one the model knows", c->type[i]);
            free(map);
            return -1;
        }
        map[i] = (uint32_t)k;
    }
    for (size_t i = 0; i < c->ntokens; i++) {
        uint32_t t = c->tag[i];
        if (t) c->tag[i] = 2 * map[(t - 1) / 2] + 1 + (t - 1) % 2;
    }
    free(map);
    return 0;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cn_sort_types(cn_corpus *c) {
    if (c->ntype < 2) return 0;
    char **sorted = malloc(c->ntype * sizeof *sorted);
    if (!sorted) return -1;
    memcpy(sorted, c->type, c->ntype * sizeof *sorted);
    qsort(sorted, c->ntype, sizeof *sorted, cmp_str);
    char err[8];
    int rc = cn_retype(c, sorted, c->ntype, err, sizeof err);
    if (!rc) {
        free(c->type);
        c->type = sorted;
    } else {
        free(sorted);
    }
    return rc;
}
