/*
 * What libxml2 is given: the page without what the stage would throw away
 * unread. Comment bodies, the bodies of <script> (JSON-LD excepted) and <style>,
 * and every attribute the stage never looks at (srcset, data-*, on*, ...)
 * are left out before parsing. libxml2's HTML parser reads attribute values
 * and script bodies a character at a time; on news pages these are half the
 * bytes, and leaving them out takes about a third off the parse.
 *
 * The scanner follows libxml2 2.9's own rules for where markup starts and
 * ends (which names are names, what ends an attribute, a bogus attribute,
 * a script), so libxml2 builds the same elements with the same text from
 * what is left, and the text still maps back to the raw page by searching
 * for it. Text is never touched; a link's target becomes one character.
 * Anything it cannot close (a comment, tag or script running to the end
 * of the page), an unusual doctype or processing instruction, and any page
 * with a NUL byte (where libxml2 stops early) are passed on verbatim from
 * there for libxml2 to recover as it would.
 *
 * Those rules are libxml2 2.9's (2.14 rewrote the HTML tokenizer): the
 * stage runs this pre-pass only when libxml2 is of that series at build and
 * run time (xmlver.c, BP_PRUNE_LIBXML_MIN/END in bp.h), and otherwise gives
 * libxml2 the whole page.
 */
#include <string.h>

#include "bp.h"

/* Attributes the stage reads (html.c, meta.c): on every element, and on
 * some elements only. */
static const char *const kept_any[] = {"class",       "id",   "style",    "hidden",
                                       "aria-hidden", "role", "itemprop", NULL};
static const struct {
    const char *tag, *attr;
} kept_on[] = {{"a", "href"},          {"link", "rel"},      {"link", "href"},
               {"meta", "name"},       {"meta", "property"}, {"meta", "content"},
               {"meta", "http-equiv"}, {"script", "type"},   {"html", "lang"},
               {"time", "datetime"}};

static int pr_lower(int c) {
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

/* libxml2's IS_BLANK_CH: no form feed. */
static int is_blank(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int is_alpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* htmlParseHTMLName: what may start and continue a tag or attribute name. */
static int name_start(int c) {
    return is_alpha(c) || c == '_' || c == ':' || c == '.';
}

static int name_char(int c) {
    return name_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* What libxml2's content loop takes for the start of a tag or processing
 * instruction name after '<' or "<?" (no '.', unlike name_start). */
static int markup_start(int c) {
    return is_alpha(c) || c == '_' || c == ':';
}

/* libxml2 cuts names at 100 bytes and reads on from there: such a tag is
 * left as written. */
#define NAME_MAX_LEN 99

static int name_is(const char *s, size_t n, const char *want) {
    size_t k = strlen(want);
    if (n != k) return 0;
    for (size_t i = 0; i < n; i++)
        if (pr_lower((unsigned char)s[i]) != want[i]) return 0;
    return 1;
}

/* "<!DOCTYPE", any case, at s[i]. */
static int doctype_at(const char *s, size_t n, size_t i) {
    return i + 9 <= n && s[i] == '<' && s[i + 1] == '!' && name_is(s + i + 2, 7, "doctype");
}

static int find_ci(const char *s, size_t n, const char *lower_needle) {
    size_t k = strlen(lower_needle);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && pr_lower((unsigned char)s[i + j]) == lower_needle[j]) j++;
        if (j == k) return 1;
    }
    return 0;
}

/* What hidden() in html.c looks for: the value lower-cased, without
 * spaces, first 255 bytes. An entity could hide a ':' or a letter, so a
 * value with '&' is kept for libxml2 to decode. */
static int style_may_hide(const char *v, size_t n) {
    char t[256];
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof t - 1; i++) {
        if (v[i] == '&') return 1;
        if (v[i] != ' ') t[o++] = (char)pr_lower((unsigned char)v[i]);
    }
    return bp_memmem(t, o, "display:none", 12) || bp_memmem(t, o, "visibility:hidden", 17);
}

enum { DROP, KEEP, LINK_TARGET };

/* What becomes of an attribute. *rule: which kept name it is (a bit for
 * the "seen" set of start_tag), or -1. */
static int attr_action(const char *tag, size_t tn, const char *a, size_t an, const char *v,
                       size_t vn, int *rule) {
    *rule = -1;
    for (size_t i = 0; kept_any[i]; i++)
        if (name_is(a, an, kept_any[i])) {
            *rule = (int)i;
            return i == 2 && !style_may_hide(v, vn) ? DROP : KEEP; /* 2: style */
        }
    size_t nany = sizeof kept_any / sizeof kept_any[0] - 1;
    for (size_t i = 0; i < sizeof kept_on / sizeof kept_on[0]; i++)
        if (name_is(tag, tn, kept_on[i].tag) && name_is(a, an, kept_on[i].attr)) {
            *rule = (int)(nany + i);
            return i == 0 ? LINK_TARGET : KEEP; /* 0: a href */
        }
    return DROP;
}

/* Position of "</NAME" (any case) in s[from, n), or n: where libxml2's
 * htmlParseScript (recovery mode) ends a script or style body. */
static size_t find_end_tag(const char *s, size_t n, size_t from, const char *name) {
    size_t k = strlen(name);
    for (size_t i = from; i + 2 + k <= n; i++) {
        const char *p = memchr(s + i, '<', n - i);
        if (!p) return n;
        i = (size_t)(p - s);
        if (i + 2 + k > n) return n;
        if (s[i + 1] == '/' && name_is(s + i + 2, k, name)) return i;
    }
    return n;
}

/* Past the "-->" or "--!>" that ends a comment whose body starts at
 * s[from], or 0 ("<!-->" is not a whole comment to libxml2 2.9). */
static size_t comment_end(const char *s, size_t n, size_t from) {
    for (size_t i = from; i + 3 <= n;) {
        const char *d = bp_memmem(s + i, n - i, "--", 2);
        if (!d) return 0;
        i = (size_t)(d - s);
        if (i + 2 < n && s[i + 2] == '>') return i + 3;
        if (i + 3 < n && s[i + 2] == '!' && s[i + 3] == '>') return i + 4;
        i++;
    }
    return 0;
}

/* Start tags that end a script or style element whose body they open
 * (htmlCheckAutoClose in libxml2 2.9.14, found by parsing each HTML tag
 * there; the two lists are merged). */
static const char *const raw_closers[] = {"body", "frameset", "html",  "noscript",
                                          "p",    "script",   "style", NULL};

/* Could what opens a script or style body at s[i] end it before libxml2
 * reads it as script: an end tag other than its own, or a closing start
 * tag? */
static int body_may_end(const char *s, size_t n, size_t i, const char *raw) {
    if (i + 1 >= n || s[i] != '<') return 0;
    if (s[i + 1] == '/') {
        size_t k = strlen(raw);
        return !(i + 2 + k <= n && name_is(s + i + 2, k, raw));
    }
    if (!markup_start((unsigned char)s[i + 1])) return 0;
    /* htmlParseHTMLName_nonInvasive names the tag for this check: no '.',
     * so "<body.x" closes the body as "<body" does. */
    size_t e = i + 1;
    while (e < n && name_char((unsigned char)s[e]) && s[e] != '.') e++;
    for (size_t k = 0; raw_closers[k]; k++)
        if (name_is(s + i + 1, e - i - 1, raw_closers[k])) return 1;
    return 0;
}

typedef struct tag {
    const char *name;
    size_t len;
    int self_closed; /* ended with "/>" */
    int raw_kept;    /* a script whose body is read: JSON-LD, or a type libxml2 decodes */
} tag;

/* One start tag at s[b] ('<' then a letter), as htmlParseStartTag reads
 * it. Appends it, less the dropped attributes, and returns the offset past
 * it, or 0 when it is left for the caller to copy as written (it does not
 * end before the page does, or a name is too long). */
static size_t start_tag(const char *s, size_t n, size_t b, bp_buf *out, tag *t, int *oom) {
    size_t i = b + 1;
    while (i < n && name_char((unsigned char)s[i])) i++;
    *t = (tag){s + b + 1, i - b - 1, 0, 0};
    if (t->len > NAME_MAX_LEN) return 0;
    size_t mark = out->n;
    uint32_t seen = 0; /* kept names met in this tag, by rule */
    if (bp_buf_put(out, s + b, i - b)) goto nomem;
    for (;;) {
        size_t ws = i;
        while (i < n && is_blank((unsigned char)s[i])) i++;
        if (i >= n) break;
        if (s[i] == '>' || (s[i] == '/' && i + 1 < n && s[i + 1] == '>')) {
            t->self_closed = s[i] == '/';
            size_t end = i + 1 + (size_t)t->self_closed;
            if (bp_buf_put(out, s + ws, end - ws)) goto nomem;
            return end;
        }
        if (!name_start((unsigned char)s[i])) {
            /* A bogus attribute: libxml2 skips it up to a blank or the
             * end of the tag, quotes or not. */
            while (i < n && !is_blank((unsigned char)s[i]) && s[i] != '>' &&
                   !(s[i] == '/' && i + 1 < n && s[i + 1] == '>'))
                i++;
            if (bp_buf_putc(out, ' ')) goto nomem;
            continue;
        }
        size_t ab = i;
        while (i < n && name_char((unsigned char)s[i])) i++;
        size_t an = i - ab;
        if (an > NAME_MAX_LEN) break;
        size_t j = i, vb = i, ve = i; /* the value, quotes excluded */
        while (j < n && is_blank((unsigned char)s[j])) j++;
        if (j < n && s[j] == '=') {
            j++;
            while (j < n && is_blank((unsigned char)s[j])) j++;
            if (j < n && (s[j] == '"' || s[j] == '\'')) {
                const char *q = memchr(s + j + 1, s[j], n - j - 1);
                if (!q) break;
                vb = j + 1;
                ve = (size_t)(q - s);
                i = ve + 1;
            } else {
                vb = j;
                while (j < n && !is_blank((unsigned char)s[j]) && s[j] != '>') j++;
                i = ve = j;
            }
        }
        int rule;
        int act = attr_action(t->name, t->len, s + ab, an, s + vb, ve - vb, &rule);
        if (rule >= 0) {
            /* libxml2 keeps the first of two attributes of one name: once
             * the first is dropped, a second must not take its place */
            if (seen & (1u << rule)) act = DROP;
            seen |= 1u << rule;
        }
        if (act == LINK_TARGET && ve > vb && s[vb] != '&') {
            /* html.c only asks whether a link's target starts with '#' */
            if (bp_buf_put(out, s[vb] == '#' ? " href=\"#\"" : " href=\"x\"", 9)) goto nomem;
        } else if (act != DROP) {
            if (name_is(s + ab, an, "type") &&
                (find_ci(s + vb, ve - vb, "ld+json") || memchr(s + vb, '&', ve - vb)))
                t->raw_kept = 1;
            /* a blank before it: the previous value may have been rewritten */
            if (bp_buf_putc(out, ' ') || bp_buf_put(out, s + ab, i - ab)) goto nomem;
        } else if (bp_buf_putc(out, ' ')) {
            goto nomem;
        }
    }
    out->n = mark;
    return 0;
nomem:
    *oom = 1;
    return 0;
}

/* Past the quoted literal at s[i], or 0. */
static size_t literal_end(const char *s, size_t n, size_t i) {
    if (i >= n || (s[i] != '"' && s[i] != '\'')) return 0;
    const char *q = memchr(s + i + 1, s[i], n - i - 1);
    return q ? (size_t)(q - s) + 1 : 0;
}

static size_t skip_blanks(const char *s, size_t n, size_t i) {
    while (i < n && is_blank((unsigned char)s[i])) i++;
    return i;
}

/* Where a doctype ends, as htmlParseDocTypeDecl reads it: a name, then
 * PUBLIC "..." ["..."] or SYSTEM "..." (quotes may hold a '>'), then
 * anything up to '>'. 0 when it is left as written from here. */
static size_t doctype_end(const char *s, size_t n, size_t i) {
    i = skip_blanks(s, n, i + 9);
    while (i < n && name_char((unsigned char)s[i])) i++;
    i = skip_blanks(s, n, i);
    if (i + 6 <= n && (name_is(s + i, 6, "public") || name_is(s + i, 6, "system"))) {
        int pub = (s[i] | 0x20) == 'p';
        i = literal_end(s, n, skip_blanks(s, n, i + 6));
        if (!i) return 0;
        if (pub) {
            size_t j = skip_blanks(s, n, i);
            if (j < n && (s[j] == '"' || s[j] == '\'')) {
                i = literal_end(s, n, j);
                if (!i) return 0;
            }
        }
    }
    const char *gt = i < n ? memchr(s + i, '>', n - i) : NULL;
    if (!gt) return 0;
    size_t e = (size_t)(gt - s) + 1;
    /* a quote past the literals: a doctype odd enough to leave alone */
    if (memchr(s + i, '"', e - i) || memchr(s + i, '\'', e - i)) return 0;
    return e;
}

/* Where a processing instruction ends: its first '>'. */
static size_t pi_end(const char *s, size_t n, size_t i) {
    const char *gt = memchr(s + i, '>', n - i);
    return gt ? (size_t)(gt - s) + 1 : 0;
}

/* Copies s[i, i + len) to out as text, and records it in map. */
static int put_text(bp_buf *out, bp_runs *map, const char *s, size_t i, size_t len) {
    if (map && bp_runs_add(map, (uint32_t)out->n, (uint32_t)i, (uint32_t)len)) return -1;
    return bp_buf_put(out, s + i, len);
}

int bp_prune(const char *s, size_t n, bp_buf *out) {
    return bp_prune_map(s, n, out, NULL);
}

int bp_prune_map(const char *s, size_t n, bp_buf *out, bp_runs *map) {
    out->n = 0;
    if (map) map->n = 0;
    if (bp_buf_reserve(out, n + 1)) return -1;
    size_t i = 0;
    int oom = 0;
    if (memchr(s, '\0', n)) goto rest; /* libxml2 stops early at a NUL: no pruning */
    while (i < n) {
        const char *p = memchr(s + i, '<', n - i);
        size_t lt = p ? (size_t)(p - s) : n;
        if (put_text(out, map, s, i, lt - i)) return -1;
        i = lt;
        if (i + 1 >= n) break;
        unsigned char c = (unsigned char)s[i + 1];
        if (c == '/') {
            if (i + 2 < n && name_start((unsigned char)s[i + 2])) {
                /* An end tag: libxml2 skips to its first '>'. */
                const char *gt = memchr(s + i, '>', n - i);
                if (!gt) break;
                size_t e = (size_t)(gt - s) + 1;
                if (bp_buf_put(out, s + i, e - i)) return -1;
                i = e;
            } else { /* "</" not followed by a name is dropped, the rest is text */
                if (put_text(out, map, s, i, 2)) return -1;
                i += 2;
            }
            continue;
        }
        if (c == '!' && i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-') {
            size_t e = comment_end(s, n, i + 4);
            if (!e) break;
            /* An empty comment still splits the text around it, as the
             * words are mapped back to the page one text node at a time. */
            if (bp_buf_put(out, "<!---->", 7)) return -1;
            i = e;
            continue;
        }
        if (doctype_at(s, n, i) ||
            (c == '?' && i + 2 < n && markup_start((unsigned char)s[i + 2]))) {
            size_t e = c == '!' ? doctype_end(s, n, i) : pi_end(s, n, i);
            if (!e) break;
            if (bp_buf_put(out, s + i, e - i)) return -1;
            i = e;
            /* After a doctype inside the page, libxml2 reads "</" or a
             * second doctype as text; after the one before <html> it does
             * not. Which one this is is not tracked: left as written. */
            if (c == '!' && ((i + 1 < n && s[i] == '<' && s[i + 1] == '/') || doctype_at(s, n, i)))
                break;
            continue;
        }
        if (c == '?') break; /* left to libxml2's PI recovery */
        if (is_alpha(c)) {
            tag t;
            size_t after = start_tag(s, n, i, out, &t, &oom);
            if (oom) return -1;
            if (!after) break;
            i = after;
            const char *raw = name_is(t.name, t.len, "script")  ? "script"
                              : name_is(t.name, t.len, "style") ? "style"
                                                                : NULL;
            if (raw && !t.self_closed) {
                /* libxml2 2.9 looks for an end tag, or a start tag that
                 * closes the script, before it reads script text: a body
                 * opening with one may not be script at all, so the page
                 * is left as written from here. */
                if (body_may_end(s, n, i, raw)) break;
                size_t e = find_end_tag(s, n, i, raw);
                if (e == n) break; /* libxml2 reads to the end as script */
                /* "</scripts>" or "</script:x>" stops the script text, but
                 * names another element: libxml2 ignores that end tag and
                 * reads on as script. Left as written from here. */
                size_t k = e + 2 + strlen(raw);
                if (k < n && name_char((unsigned char)s[k])) break;
                if (t.raw_kept && bp_buf_put(out, s + i, e - i)) return -1;
                i = e;
            }
            continue;
        }
        /* Any other '<' is text to libxml2. */
        if (put_text(out, map, s, i, 1)) return -1;
        i++;
    }
rest:
    if (i < n && put_text(out, map, s, i, n - i)) return -1;
    out->p[out->n] = '\0';
    return 0;
}
