/*
 * What libxml2 is given: the page without what the stage would throw away
 * unread. Comment bodies, the bodies of <script> (JSON-LD excepted) and <style>,
 * and every attribute the stage never looks at (srcset, data-*, on*, ...)
 * are left out before parsing. libxml2's HTML parser reads attribute values
 * and script bodies a character at a time; on news pages these are half the
 * bytes, and leaving them out takes about a third off the parse.
 *
 * Only the bytes go: markup is never added or moved, and text is never
 * touched, so libxml2 builds the same elements with the same text, and the
 * text still maps back to the raw page by searching for it. Anything this
 * scanner cannot close (a comment, tag or script running to the end of the
 * page) is passed on verbatim for libxml2 to recover as it would.
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

static int is_blank(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int is_alpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int name_is(const char *s, size_t n, const char *want) {
    size_t k = strlen(want);
    if (n != k) return 0;
    for (size_t i = 0; i < n; i++)
        if (pr_lower((unsigned char)s[i]) != want[i]) return 0;
    return 1;
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

static int attr_action(const char *tag, size_t tn, const char *a, size_t an, const char *v,
                       size_t vn) {
    for (size_t i = 0; kept_any[i]; i++)
        if (name_is(a, an, kept_any[i]))
            return i == 2 && !style_may_hide(v, vn) ? DROP : KEEP; /* 2: style */
    for (size_t i = 0; i < sizeof kept_on / sizeof kept_on[0]; i++)
        if (name_is(tag, tn, kept_on[i].tag) && name_is(a, an, kept_on[i].attr))
            return i == 0 ? LINK_TARGET : KEEP; /* 0: a href */
    return DROP;
}

/* Position of "</NAME" (any case) in s[from, n), or n. */
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

/* One start tag at s[b] ('<' then a letter). Appends it, less the dropped
 * attributes, and returns the offset past its closing bracket, or 0 when it does
 * not end before the page does. Sets name and namelen to the tag name. */
static size_t start_tag(const char *s, size_t n, size_t b, bp_buf *out, const char **name,
                        size_t *namelen, int *jsonld, int *oom) {
    size_t i = b + 1;
    while (i < n && !is_blank((unsigned char)s[i]) && s[i] != '>' && s[i] != '/') i++;
    *name = s + b + 1;
    *namelen = i - b - 1;
    *jsonld = 0;
    size_t mark = out->n;
    if (bp_buf_put(out, s + b, i - b)) goto nomem;
    for (;;) {
        size_t ws = i;
        while (i < n && (is_blank((unsigned char)s[i]) || s[i] == '/')) i++;
        if (i >= n) break;
        if (s[i] == '>') {
            if (bp_buf_put(out, s + ws, i + 1 - ws)) goto nomem;
            return i + 1;
        }
        /* An attribute: name, then optionally = and a value. */
        size_t ab = i;
        while (i < n && !is_blank((unsigned char)s[i]) && s[i] != '>' && s[i] != '=' &&
               !(s[i] == '/' && i > ab))
            i++;
        size_t an = i - ab;
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
        int act = attr_action(*name, *namelen, s + ab, an, s + vb, ve - vb);
        if (act == LINK_TARGET && ve > vb && s[vb] != '&') {
            /* html.c only asks whether a link's target starts with '#' */
            if (bp_buf_put(out, s[vb] == '#' ? " href=\"#\"" : " href=\"x\"", 9)) goto nomem;
        } else if (act != DROP) {
            if (name_is(s + ab, an, "type") && find_ci(s + vb, ve - vb, "ld+json")) *jsonld = 1;
            if (bp_buf_put(out, s + ws, i - ws)) goto nomem;
        } else if (ws < ab && bp_buf_putc(out, ' ')) {
            goto nomem;
        }
    }
    out->n = mark; /* unterminated: the caller copies it as it is */
    return 0;
nomem:
    *oom = 1;
    return 0;
}

int bp_prune(const char *s, size_t n, bp_buf *out) {
    out->n = 0;
    if (bp_buf_reserve(out, n + 1)) return -1;
    size_t i = 0;
    int oom = 0;
    while (i < n) {
        const char *p = memchr(s + i, '<', n - i);
        size_t lt = p ? (size_t)(p - s) : n;
        if (bp_buf_put(out, s + i, lt - i)) return -1;
        i = lt;
        if (i >= n) break;
        if (i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
            const char *e = bp_memmem(s + i + 4, n - i - 4, "-->", 3);
            if (!e) break; /* the rest is copied below */
            /* An empty comment still splits the text around it, as the
             * words are mapped back to the page one text node at a time. */
            if (bp_buf_put(out, "<!---->", 7)) return -1;
            i = (size_t)(e - s) + 3;
            continue;
        }
        if (i + 1 < n && is_alpha((unsigned char)s[i + 1])) {
            const char *name;
            size_t nl;
            int jsonld;
            size_t after = start_tag(s, n, i, out, &name, &nl, &jsonld, &oom);
            if (oom) return -1;
            if (!after) break;
            i = after;
            const char *raw = name_is(name, nl, "script")  ? "script"
                              : name_is(name, nl, "style") ? "style"
                                                           : NULL;
            if (raw && !jsonld && s[after - 2] != '/') {
                size_t e = find_end_tag(s, n, i, raw);
                if (e == n) break; /* libxml2 reads to the end as script */
                i = e;
            }
            continue;
        }
        /* End tags, doctype, processing instructions: up to '>', as written. */
        const char *gt = memchr(s + i + 1, '>', n - i - 1);
        size_t e = gt ? (size_t)(gt - s) + 1 : n;
        if (bp_buf_put(out, s + i, e - i)) return -1;
        i = e;
    }
    if (i < n && bp_buf_put(out, s + i, n - i)) return -1;
    out->p[out->n] = '\0';
    return 0;
}
