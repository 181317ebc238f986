/* Parameter validation and conversion into plugin conf structs. */
#include "params.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "node.h"

static int fail(char *err, size_t errsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errsz, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    return WEFT_EINVAL;
}

const char *weft_ptype_name(weft_ptype t) {
    switch (t) {
    case WEFT_P_BOOL:
        return "bool";
    case WEFT_P_INT:
        return "int";
    case WEFT_P_NUM:
        return "number";
    case WEFT_P_STR:
        return "string";
    case WEFT_P_PATH:
        return "path";
    case WEFT_P_ENUM:
        return "enum";
    case WEFT_P_LIST:
        return "list";
    case WEFT_P_TABLE:
        return "table";
    }
    return "?";
}

static size_t edit_distance(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63) return SIZE_MAX;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *weft_did_you_mean(const char *word, const char *const *candidates, size_t n) {
    const char *best = NULL;
    size_t bestd = SIZE_MAX, bestraw = SIZE_MAX, wl = strlen(word);
    for (size_t i = 0; i < n; i++) {
        /* a word that starts a candidate is as near as one edit; among
         * equally near ones the fewest edits win ("sentence" is
         * "sentences", not "sentence_model") */
        size_t raw = edit_distance(word, candidates[i]), d = raw;
        if (wl >= 3 && d > 1 && strncmp(candidates[i], word, wl) == 0) d = 1;
        if (d < bestd || (d == bestd && raw < bestraw)) {
            bestd = d;
            bestraw = raw;
            best = candidates[i];
        }
    }
    size_t limit = wl <= 3 ? 1 : 2;
    return bestd <= limit ? best : NULL;
}

const char *weft_params_unknown_hint(const weft_param *tab, const char *word, char *out,
                                     size_t outsz) {
    const char *names[256] = {NULL};
    size_t n = 0;
    for (const weft_param *q = tab; q && q->name && n < 256; q++) names[n++] = q->name;
    const char *m = weft_did_you_mean(word, names, n);
    if (m) {
        snprintf(out, outsz, " (did you mean '%s'?)", m);
    } else if (n == 0) {
        snprintf(out, outsz, " (this stage takes none)");
    } else {
        /* nothing close: the names to pick from, as `weft plugins info`
         * lists them */
        size_t len = (size_t)snprintf(out, outsz, " (its parameters:");
        for (size_t i = 0; i < n && len < outsz; i++)
            len += (size_t)snprintf(out + len, outsz - len, "%s %s", i ? "," : "", names[i]);
        if (len < outsz) snprintf(out + len, outsz - len, ")");
    }
    return out;
}

/* The n-th choice of "a|b|c" into buf; returns its length or -1. */
static int choice_at(const char *choices, size_t idx, char *buf, size_t bufsz) {
    const char *p = choices;
    for (size_t i = 0; p; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (i == idx) {
            if (len >= bufsz) return -1;
            memcpy(buf, p, len);
            buf[len] = '\0';
            return (int)len;
        }
        p = bar ? bar + 1 : NULL;
    }
    return -1;
}

static int choice_index(const char *choices, const char *s) {
    char buf[128];
    for (size_t i = 0; choice_at(choices, i, buf, sizeof buf) >= 0; i++)
        if (strcmp(buf, s) == 0) return (int)i;
    return -1;
}

/* The choice nearest s into out, or NULL; *case_only set when it differs
 * from s in letter case alone ("PTB" for ptb: the choices are matched as
 * written). */
static const char *choice_suggest(const char *choices, const char *s, char *out, size_t outsz,
                                  int *case_only) {
    char bufs[32][64];
    const char *c[32];
    size_t n = 0;
    *case_only = 0;
    while (n < 32 && choice_at(choices, n, bufs[n], sizeof bufs[n]) >= 0) {
        c[n] = bufs[n];
        n++;
    }
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(c[i], s) == 0) {
            *case_only = 1;
            snprintf(out, outsz, "%s", c[i]);
            return out;
        }
    const char *m = weft_did_you_mean(s, c, n);
    if (!m) return NULL;
    snprintf(out, outsz, "%s", m);
    return out;
}

/* -1: not an integer; -2: an integer too large for int64_t. */
static int parse_int(const char *s, int64_t *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end) return -1;
    if (errno == ERANGE) return -2;
    if (errno) return -1;
    *out = v;
    return 0;
}

/* Infinity ("inf", "-infinity") parses: whether it is allowed is the
 * range check's to say (store), as for a value the script gives; NaN and
 * overflow ("1e999") do not. */
static int parse_num(const char *s, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || isnan(v)) return -1;
    if (errno == ERANGE && isinf(v)) return -1;
    *out = v;
    return 0;
}

/* The bounds of text without the spaces and tabs at either end. */
static void trim(const char **s, size_t *len) {
    while (*len && (**s == ' ' || **s == '\t')) (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t')) (*len)--;
}

/* "[...]" or "{...}" (spaces around allowed): a list as a script would
 * write it, given on the command line. */
static int bracketed(const char *text) {
    const char *s = text;
    size_t len = strlen(text);
    trim(&s, &len);
    return len >= 2 && ((s[0] == '[' && s[len - 1] == ']') || (s[0] == '{' && s[len - 1] == '}'));
}

/* A list typed where one value goes. A bracketed word is refused for the
 * types it cannot be anyway (a clearer message than "is not an integer");
 * a string or path only when it holds a comma too, so that a value such as
 * the pattern "[0-9]" or a file "[draft]" stays a string. */
static int one_value_listed(weft_ptype t, const char *text) {
    if (!bracketed(text)) return 0;
    if (t == WEFT_P_STR || t == WEFT_P_PATH) return strchr(text, ',') != NULL;
    return 1;
}

/* The items of a list given as text, in order, into a list node:
 *   PER,ORG           two items (split at every comma, each trimmed)
 *   [PER, ORG]        the same, as a script's { "PER", "ORG" } reads
 *   ["New York", 'a,b']  quoted items keep their commas and spaces
 *   []                no item
 * In brackets a trailing comma is allowed, as in Lua; an empty item in the
 * middle ("[a,,b]") or a quote left open is an error. */
static int list_from_text(const weft_param *p, const char *text, weft_arena *a, weft_node **out,
                          char *err, size_t errsz) {
    const char *s = text;
    size_t len = strlen(text);
    int br = bracketed(text);
    trim(&s, &len);
    /* "[a, b" or "a, b]": a bracket without its pair is a typo, not an item */
    if (!br && len && (s[0] == '[' || s[0] == '{'))
        return fail(err, errsz, "parameter '%s': the list '%s' has no closing '%c'", p->name, text,
                    s[0] == '[' ? ']' : '}');
    if (!br && len && (s[len - 1] == ']' || s[len - 1] == '}'))
        return fail(err, errsz, "parameter '%s': the list '%s' has no opening '%c'", p->name, text,
                    s[len - 1] == ']' ? '[' : '{');
    s = text;
    len = strlen(text);
    if (br) {
        trim(&s, &len);
        s++;
        len -= 2;
    }
    /* an upper bound of the items: one more than the commas */
    uint32_t cap = 1;
    for (size_t i = 0; i < len; i++) cap += s[i] == ',';
    weft_node *n = weft_node_new(a, WEFT_V_LIST);
    weft_node *kids = n ? weft_node_kids(a, n, cap) : NULL;
    if (!kids) return fail(err, errsz, "out of memory");
    uint32_t count = 0;
    const char *end = s + len, *at = s;
    if (!br && len == 0) at = end + 1; /* "": no item */
    while (at <= end) {
        const char *item, *next;
        size_t ilen;
        const char *q = at;
        while (br && q < end && (*q == ' ' || *q == '\t')) q++;
        if (br && q < end && (*q == '"' || *q == '\'')) {
            const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
            if (!close)
                return fail(err, errsz, "parameter '%s': item %u of '%s' has a quote left open",
                            p->name, count + 1, text);
            item = q + 1;
            ilen = (size_t)(close - item);
            next = close + 1;
            while (next < end && (*next == ' ' || *next == '\t')) next++;
            if (next < end && *next != ',')
                return fail(err, errsz,
                            "parameter '%s': item %u of '%s' goes on after its closing quote",
                            p->name, count + 1, text);
        } else {
            const char *comma = memchr(at, ',', (size_t)(end - at));
            next = comma ? comma : end;
            item = at;
            ilen = (size_t)(next - at);
            trim(&item, &ilen);
            if (br && !ilen) {
                /* "[]" and "[a,b,]": nothing after the last comma */
                if (next == end && (count || at == s)) break;
                return fail(err, errsz, "parameter '%s': item %u of '%s' is empty", p->name,
                            count + 1, text);
            }
        }
        kids[count].type = WEFT_V_STR;
        kids[count].n = (uint32_t)ilen;
        kids[count].u.str = weft_arena_strndup(a, item, ilen);
        if (!kids[count].u.str) return fail(err, errsz, "out of memory");
        count++;
        at = next + 1;
    }
    n->n = count;
    *out = n;
    return WEFT_OK;
}

int weft_params_from_text(const weft_param *p, const char *text, weft_arena *a, weft_node **out,
                          char *err, size_t errsz) {
    weft_node *n = NULL;
    if (p->type != WEFT_P_LIST && p->type != WEFT_P_TABLE && one_value_listed(p->type, text))
        return fail(err, errsz,
                    "parameter '%s' takes one value (%s), not a list: '%s' (a list in brackets "
                    "is for list parameters)",
                    p->name, weft_ptype_name(p->type), text);
    switch (p->type) {
    case WEFT_P_BOOL:
        n = weft_node_new(a, WEFT_V_BOOL);
        if (!n) break;
        if (!strcmp(text, "true") || !strcmp(text, "1") || !strcmp(text, "yes"))
            n->u.b = 1;
        else if (!strcmp(text, "false") || !strcmp(text, "0") || !strcmp(text, "no"))
            n->u.b = 0;
        else
            return fail(err, errsz, "parameter '%s': '%s' is not true or false", p->name, text);
        break;
    case WEFT_P_INT:
        n = weft_node_new(a, WEFT_V_INT);
        if (n) {
            int rc = parse_int(text, &n->u.i);
            if (rc == -2)
                return fail(err, errsz,
                            "parameter '%s': '%s' is out of the integer range [-2^63, 2^63 - 1]",
                            p->name, text);
            if (rc)
                return fail(err, errsz, "parameter '%s': '%s' is not an integer", p->name, text);
        }
        break;
    case WEFT_P_NUM:
        n = weft_node_new(a, WEFT_V_NUM);
        if (n && parse_num(text, &n->u.d) != 0)
            return fail(err, errsz, "parameter '%s': '%s' is not a number", p->name, text);
        break;
    case WEFT_P_STR:
    case WEFT_P_PATH:
    case WEFT_P_ENUM:
        n = weft_node_from_text(a, text);
        break;
    case WEFT_P_LIST:
        return list_from_text(p, text, a, out, err, errsz);
    case WEFT_P_TABLE:
        return fail(err, errsz, "parameter '%s' is a table: set it in the script, not as text",
                    p->name);
    default:
        return fail(err, errsz, "parameter '%s' has an unknown type", p->name);
    }
    if (!n) return fail(err, errsz, "out of memory");
    *out = n;
    return WEFT_OK;
}

static int write_path(weft_arena *a, const char *base_dir, const char *s, const char **out) {
    char cwd[4096];
    if (s[0] == '/' || s[0] == '\0') {
        *out = weft_arena_strdup(a, s);
    } else {
        if (!base_dir) base_dir = getcwd(cwd, sizeof cwd) ? cwd : ".";
        size_t len = strlen(base_dir) + 1 + strlen(s) + 1;
        char *p = weft_arena_alloc(a, len);
        if (p) snprintf(p, len, "%s/%s", base_dir, s);
        *out = p;
    }
    return *out ? WEFT_OK : WEFT_ENOMEM;
}

/* "parameter 'n' = 99 is out of range [1, 50]", "parameter 'n' must be at
 * least 2, not 1", "... at most 9, not 12": a bound at +-DBL_MAX or beyond
 * is no bound (an inline stage may declare one side only). */
static int range_fail(const weft_param *p, const char *val, char *err, size_t errsz) {
    int lo = p->min > -DBL_MAX, hi = p->max < DBL_MAX;
    if (lo && !hi)
        return fail(err, errsz, "parameter '%s' must be at least %.15g, not %s", p->name, p->min,
                    val);
    if (hi && !lo)
        return fail(err, errsz, "parameter '%s' must be at most %.15g, not %s", p->name, p->max,
                    val);
    if (p->type == WEFT_P_INT)
        return fail(err, errsz, "parameter '%s' = %s is out of range [%.0f, %.0f]", p->name, val,
                    p->min, p->max);
    return fail(err, errsz, "parameter '%s' = %s is out of range [%g, %g]", p->name, val, p->min,
                p->max);
}

/* Write one value of type p->type from node n into conf. */
static int store(const weft_param *p, const weft_node *n, char *conf, weft_arena *a,
                 const char *base_dir, char *err, size_t errsz) {
    char *dst = conf + p->offset;
    const char *tn = weft_node_type_name(n);
    int ranged = p->min < p->max;
    switch (p->type) {
    case WEFT_P_BOOL: {
        if (n->type != WEFT_V_BOOL)
            return fail(err, errsz, "parameter '%s' must be a boolean, not %s", p->name, tn);
        int v = n->u.b != 0;
        memcpy(dst, &v, sizeof v);
        return WEFT_OK;
    }
    case WEFT_P_INT: {
        int64_t v;
        if (n->type == WEFT_V_INT)
            v = n->u.i;
        else if (n->type == WEFT_V_NUM && !isfinite(n->u.d))
            return fail(err, errsz, "parameter '%s' must be an integer, not %s", p->name,
                        isnan(n->u.d) ? "NaN"
                        : n->u.d > 0  ? "infinity"
                                      : "-infinity");
        else if (n->type == WEFT_V_NUM && n->u.d == floor(n->u.d) && fabs(n->u.d) < 0x1p53)
            v = (int64_t)n->u.d;
        else if (n->type == WEFT_V_NUM && n->u.d == floor(n->u.d))
            /* a float from 2^53 up holds only every other integer (or fewer):
             * it is whole, but not surely the integer that was meant */
            return fail(err, errsz,
                        "parameter '%s' = %g is out of the integer range of a float (|n| < 2^53); "
                        "write it as an integer (9007199254740993, not 2^53 + 1)",
                        p->name, n->u.d);
        else
            return fail(err, errsz, "parameter '%s' must be an integer, not %s", p->name, tn);
        if (ranged && ((double)v < p->min || (double)v > p->max)) {
            char val[32];
            snprintf(val, sizeof val, "%lld", (long long)v);
            return range_fail(p, val, err, errsz);
        }
        memcpy(dst, &v, sizeof v);
        return WEFT_OK;
    }
    case WEFT_P_NUM: {
        double v;
        if (n->type == WEFT_V_NUM)
            v = n->u.d;
        else if (n->type == WEFT_V_INT)
            v = (double)n->u.i;
        else
            return fail(err, errsz, "parameter '%s' must be a number, not %s", p->name, tn);
        /* NaN (0/0 in Lua) compares false with both bounds: refuse it first. */
        if (isnan(v)) return fail(err, errsz, "parameter '%s' is not a number (NaN)", p->name);
        /* Infinity (1/0 in Lua, "inf" on the command line) only when a
         * bound declared infinite allows it (max = math.huge): a count or
         * ratio that is infinite is almost always a mistake. */
        if (isinf(v) && !(ranged && v >= p->min && v <= p->max))
            return fail(err, errsz,
                        "parameter '%s' = %s is not a finite number (infinity is taken only when "
                        "the range declares it, as max = math.huge)",
                        p->name, v > 0 ? "inf" : "-inf");
        if (ranged && (v < p->min || v > p->max)) {
            char val[32];
            snprintf(val, sizeof val, "%g", v);
            return range_fail(p, val, err, errsz);
        }
        memcpy(dst, &v, sizeof v);
        return WEFT_OK;
    }
    case WEFT_P_STR:
    case WEFT_P_PATH: {
        if (n->type != WEFT_V_STR)
            return fail(err, errsz, "parameter '%s' must be a string, not %s", p->name, tn);
        const char *v;
        int rc = p->type == WEFT_P_PATH ? write_path(a, base_dir, n->u.str, &v)
                                        : ((v = weft_arena_strndup(a, n->u.str, n->n)) ? 0 : 1);
        if (rc) return fail(err, errsz, "out of memory");
        memcpy(dst, &v, sizeof v);
        return WEFT_OK;
    }
    case WEFT_P_ENUM: {
        if (n->type != WEFT_V_STR)
            return fail(err, errsz, "parameter '%s' must be one of %s, not %s", p->name, p->choices,
                        tn);
        int idx = choice_index(p->choices ? p->choices : "", n->u.str);
        if (idx < 0) {
            char sug[64];
            int case_only;
            const char *s =
                choice_suggest(p->choices ? p->choices : "", n->u.str, sug, sizeof sug, &case_only);
            return fail(err, errsz, "parameter '%s': '%s' is not one of %s%s%s%s", p->name,
                        n->u.str, p->choices, s ? " (did you mean '" : "", s ? s : "",
                        !s          ? ""
                        : case_only ? "'? choices are case-sensitive)"
                                    : "'?)");
        }
        memcpy(dst, &idx, sizeof idx);
        return WEFT_OK;
    }
    case WEFT_P_LIST: {
        weft_strlist v = {0, NULL};
        if (n->type == WEFT_V_STR) {
            /* "PER,ORG" means two items, in a script as on the command line */
            weft_node *split;
            int rc = weft_params_from_text(p, n->u.str, a, &split, err, errsz);
            if (rc) return rc;
            return store(p, split, conf, a, base_dir, err, errsz);
        } else if (n->type == WEFT_V_LIST) {
            const char **items = weft_arena_calloc(a, n->n ? n->n : 1, sizeof *items);
            if (!items) return fail(err, errsz, "out of memory");
            for (uint32_t i = 0; i < n->n; i++) {
                const weft_node *k = &n->u.kids[i];
                if (k->type != WEFT_V_STR)
                    return fail(err, errsz, "parameter '%s': item %u must be a string, not %s",
                                p->name, i + 1, weft_node_type_name(k));
                if (!(items[i] = weft_arena_strndup(a, k->u.str, k->n)))
                    return fail(err, errsz, "out of memory");
            }
            v.n = n->n;
            v.items = items;
        } else {
            return fail(err, errsz, "parameter '%s' must be a list of strings, not %s", p->name,
                        tn);
        }
        memcpy(dst, &v, sizeof v);
        return WEFT_OK;
    }
    case WEFT_P_TABLE: {
        if (n->type != WEFT_V_MAP && n->type != WEFT_V_LIST)
            return fail(err, errsz, "parameter '%s' must be a table, not %s", p->name, tn);
        const weft_node *v = weft_node_copy(a, n);
        if (!v) return fail(err, errsz, "out of memory");
        memcpy(dst, &v, sizeof v);
        return WEFT_OK;
    }
    }
    return fail(err, errsz, "parameter '%s' has an unknown type", p->name);
}

static size_t ptype_size(weft_ptype t) {
    switch (t) {
    case WEFT_P_BOOL:
    case WEFT_P_ENUM:
        return sizeof(int);
    case WEFT_P_INT:
        return sizeof(int64_t);
    case WEFT_P_NUM:
        return sizeof(double);
    case WEFT_P_STR:
    case WEFT_P_PATH:
        return sizeof(const char *);
    case WEFT_P_LIST:
        return sizeof(weft_strlist);
    case WEFT_P_TABLE:
        return sizeof(const weft_node *);
    }
    return 0;
}

int weft_params_check_table(const weft_param *tab, size_t conf_size, char *err, size_t errsz) {
    weft_arena a;
    weft_arena_init(&a, 4096, 0);
    int rc = WEFT_OK;
    for (const weft_param *p = tab; p && p->name; p++) {
        size_t sz = ptype_size(p->type);
        if (sz == 0) {
            rc = fail(err, errsz, "parameter '%s' has unknown type %d", p->name, (int)p->type);
            break;
        }
        if (p->offset > conf_size || conf_size - p->offset < sz) {
            rc = fail(err, errsz, "parameter '%s' lies outside conf_size %zu", p->name, conf_size);
            break;
        }
        for (const weft_param *q = tab; q != p; q++)
            if (strcmp(p->name, q->name) == 0) {
                rc = fail(err, errsz, "parameter '%s' is declared twice", p->name);
                break;
            }
        if (rc) break;
        if (p->type == WEFT_P_ENUM && (!p->choices || !*p->choices)) {
            rc = fail(err, errsz, "enum parameter '%s' has no choices", p->name);
            break;
        }
        if (p->def && !(p->flags & WEFT_PARAM_REQUIRED)) {
            weft_node *n;
            char *conf = weft_arena_calloc(&a, 1, conf_size ? conf_size : 1);
            if (!conf) {
                rc = fail(err, errsz, "out of memory");
                break;
            }
            char sub[256];
            if (weft_params_from_text(p, p->def, &a, &n, sub, sizeof sub) != WEFT_OK ||
                store(p, n, conf, &a, "/", sub, sizeof sub) != WEFT_OK) {
                rc = fail(err, errsz, "default of %s", sub);
                break;
            }
        }
    }
    weft_arena_free(&a);
    return rc;
}

int weft_params_apply(const weft_param *tab, size_t conf_size, const weft_node *user, void *conf,
                      weft_arena *a, const char *base_dir, const char **bad, char *err,
                      size_t errsz) {
    if (bad) *bad = NULL;
    if (conf_size) memset(conf, 0, conf_size);
    /* Unknown keys first: a typo should be reported as a typo, not as a
     * missing required parameter. */
    if (user && user->type == WEFT_V_MAP) {
        const char *names[256];
        size_t nn = 0;
        for (const weft_param *p = tab; p && p->name && nn < 256; p++) names[nn++] = p->name;
        for (uint32_t i = 0; i < user->n; i++) {
            const char *k = user->u.kids[i].key;
            int known = 0;
            for (size_t j = 0; j < nn && !known; j++) known = strcmp(names[j], k) == 0;
            if (known) continue;
            if (bad) *bad = k;
            char hint[512];
            return fail(err, errsz, "unknown parameter '%s'%s", k,
                        weft_params_unknown_hint(tab, k, hint, sizeof hint));
        }
    } else if (user && user->type != WEFT_V_NONE) {
        return fail(err, errsz, "parameters must be a table");
    }
    for (const weft_param *p = tab; p && p->name; p++) {
        const weft_node *n = weft_node_get(user, p->name);
        weft_node *def = NULL;
        if (bad) *bad = p->name;
        if (!n) {
            if (p->flags & WEFT_PARAM_REQUIRED)
                return fail(err, errsz, "missing required parameter '%s' (%s%s%s)", p->name,
                            weft_ptype_name(p->type), p->doc && *p->doc ? ": " : "",
                            p->doc ? p->doc : "");
            if (!p->def) continue; /* zero / NULL / empty */
            int rc = weft_params_from_text(p, p->def, a, &def, err, errsz);
            if (rc) return rc;
            n = def;
        }
        int rc = store(p, n, conf, a, base_dir, err, errsz);
        if (rc) return rc;
    }
    if (bad) *bad = NULL;
    return WEFT_OK;
}

weft_node *weft_params_to_node(const weft_param *p, const void *conf, weft_arena *a) {
    const char *src = (const char *)conf + p->offset;
    weft_node *n = NULL;
    switch (p->type) {
    case WEFT_P_BOOL: {
        int v;
        memcpy(&v, src, sizeof v);
        if ((n = weft_node_new(a, WEFT_V_BOOL))) n->u.b = v != 0;
        return n;
    }
    case WEFT_P_INT: {
        int64_t v;
        memcpy(&v, src, sizeof v);
        if ((n = weft_node_new(a, WEFT_V_INT))) n->u.i = v;
        return n;
    }
    case WEFT_P_NUM: {
        double v;
        memcpy(&v, src, sizeof v);
        if ((n = weft_node_new(a, WEFT_V_NUM))) n->u.d = v;
        return n;
    }
    case WEFT_P_STR:
    case WEFT_P_PATH: {
        const char *v;
        memcpy(&v, src, sizeof v);
        return weft_node_from_text(a, v ? v : "");
    }
    case WEFT_P_ENUM: {
        int v;
        char buf[128];
        memcpy(&v, src, sizeof v);
        if (v < 0 || choice_at(p->choices ? p->choices : "", (size_t)v, buf, sizeof buf) < 0)
            buf[0] = '\0';
        return weft_node_from_text(a, buf);
    }
    case WEFT_P_LIST: {
        weft_strlist v;
        memcpy(&v, src, sizeof v);
        if (v.n > UINT32_MAX || !(n = weft_node_new(a, WEFT_V_LIST))) return NULL;
        weft_node *kids = v.n ? weft_node_kids(a, n, (uint32_t)v.n) : NULL;
        if (v.n && !kids) return NULL;
        for (size_t i = 0; i < v.n; i++) {
            const weft_node *item = weft_node_from_text(a, v.items[i]);
            if (!item) return NULL;
            kids[i] = *item;
        }
        return n;
    }
    case WEFT_P_TABLE: {
        const weft_node *v;
        memcpy(&v, src, sizeof v);
        return v ? weft_node_copy(a, v) : weft_node_new(a, WEFT_V_MAP);
    }
    }
    return NULL;
}
