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

/* Attributes the stage reads (html.c, meta.c). */
static const char *const kept[] = {"class",      "id",       "style",    "hidden", "aria-hidden",
                                   "role",       "itemprop", "href",     "type",   "lang",
                                   "datetime",   "rel",      "property", "name",   "content",
                                   "http-equiv", NULL};

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

static int kept_attr(const char *s, size_t n) {
    for (size_t i = 0; kept[i]; i++)
        if (name_is(s, n, kept[i])) return 1;
    return 0;
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
        size_t j = i;
        while (j < n && is_blank((unsigned char)s[j])) j++;
        if (j < n && s[j] == '=') {
            j++;
            while (j < n && is_blank((unsigned char)s[j])) j++;
            if (j < n && (s[j] == '"' || s[j] == '\'')) {
                const char *q = memchr(s + j + 1, s[j], n - j - 1);
                if (!q) break;
                i = (size_t)(q - s) + 1;
            } else {
                while (j < n && !is_blank((unsigned char)s[j]) && s[j] != '>') j++;
                i = j;
            }
        }
        if (kept_attr(s + ab, an)) {
            if (name_is(s + ab, an, "type") && bp_memmem(s + ab, i - ab, "ld+json", 7)) *jsonld = 1;
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
