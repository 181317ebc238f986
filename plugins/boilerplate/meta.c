/* Page metadata: OpenGraph and other <meta> tags, schema.org JSON-LD,
 * <title>, <link rel=canonical>, <html lang>, <time datetime> and the first
 * <h1>, each a candidate; bp_meta_finish keeps the most reliable one. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

void bp_meta_init(bp_meta_scan *m, bp_work *w) {
    memset(m, 0, sizeof *m);
    m->w = w;
}

/* prune.c keeps only the attributes read here and in html.c: add any new one there. */
static const char *meta_attr(const xmlChar **atts, const char *name) {
    for (size_t i = 0; atts && atts[i]; i += 2)
        if (strcasecmp((const char *)atts[i], name) == 0)
            return atts[i + 1] ? (const char *)atts[i + 1] : "";
    return NULL;
}

static void set(bp_buf *b, const char *s) {
    if (s && *s) bp_set_meta(b, s, strlen(s));
}

static int is_url(const char *s) {
    return s && (strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0);
}

/* The JSON string value that follows "key": in s, unescaped into out.
 * Enough JSON for metadata; a malformed value yields nothing. */
static void json_value(const char *s, size_t n, const char *key, bp_buf *out, int want_name) {
    char pat[64];
    snprintf(pat, sizeof pat, "\"%s\"", key);
    const char *p = bp_memmem(s, n, pat, strlen(pat));
    if (!p || out->n) return;
    const char *e = s + n;
    p += strlen(pat);
    while (p < e && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == ':')) p++;
    if (p < e && (*p == '{' || *p == '[') && want_name) {
        size_t lim = (size_t)(e - p) < 600 ? (size_t)(e - p) : 600;
        json_value(p, lim, "name", out, 0);
        return;
    }
    if (p >= e || *p != '"') return;
    p++;
    bp_buf v = {0};
    while (p < e && *p != '"') {
        char c = *p++;
        if (c == '\\' && p < e) {
            c = *p++;
            if (c == 'n' || c == 't' || c == 'r')
                c = ' ';
            else if (c == 'u') {
                if (e - p < 4) break;
                unsigned cp = (unsigned)strtoul((char[5]){p[0], p[1], p[2], p[3], 0}, NULL, 16);
                p += 4;
                unsigned char u[4];
                if (!cp) cp = ' ';
                /* a lone surrogate half encodes to nothing and is dropped */
                bp_buf_put(&v, (const char *)u, weft_utf8_encode(cp, u));
                continue;
            }
        }
        bp_buf_putc(&v, c);
    }
    if (p < e && v.n && weft_utf8_valid_prefix(v.p, v.n) == v.n) bp_set_meta(out, v.p, v.n);
    bp_buf_free(&v);
}

int bp_meta_is_jsonld(const xmlChar **atts) {
    const char *type = meta_attr(atts, "type");
    return type && strcasecmp(type, "application/ld+json") == 0;
}

void bp_meta_jsonld(bp_meta_scan *m) {
    const char *s = m->script.p;
    size_t len = m->script.n;
    if (!len) return;
    json_value(s, len, "headline", &m->jsonld_title, 0);
    json_value(s, len, "datePublished", &m->jsonld_date, 0);
    json_value(s, len, "author", &m->jsonld_author, 1);
}

void bp_meta_title(bp_meta_scan *m) {
    if (m->title_text.n) bp_set_meta(&m->title, m->title_text.p, m->title_text.n);
}

void bp_meta_element(bp_meta_scan *m, const xmlChar **n, int tag) {
    switch (tag) {
    case T_HTML:
        set(&m->lang, meta_attr(n, "lang"));
        break;
    case T_TIME:
        set(&m->time_date, meta_attr(n, "datetime"));
        break;
    case T_LINK: {
        const char *rel = meta_attr(n, "rel");
        if (rel && strcasecmp(rel, "canonical") == 0) set(&m->canonical, meta_attr(n, "href"));
        break;
    }
    case T_META: {
        const char *key = meta_attr(n, "property");
        if (!key) key = meta_attr(n, "name");
        if (!key) key = meta_attr(n, "itemprop");
        const char *val = meta_attr(n, "content");
        const char *he = meta_attr(n, "http-equiv");
        if (he && strcasecmp(he, "content-language") == 0) set(&m->meta_lang, val);
        if (!key || !val) break;
        if (!strcasecmp(key, "og:title") || !strcasecmp(key, "twitter:title")) {
            set(&m->og_title, val);
        } else if (!strcasecmp(key, "og:description") || !strcasecmp(key, "description") ||
                   !strcasecmp(key, "twitter:description")) {
            set(&m->desc, val);
        } else if (!strcasecmp(key, "og:url")) {
            set(&m->og_url, val);
        } else if (!strcasecmp(key, "og:locale")) {
            set(&m->meta_lang, val);
        } else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
                   !strcasecmp(key, "dc.creator") || !strcasecmp(key, "parsely-author") ||
                   !strcasecmp(key, "sailthru.author") || !strcasecmp(key, "byl") ||
                   !strcasecmp(key, "dcterms.creator")) {
            if (!is_url(val)) set(&m->author, val);
        } else if (!strcasecmp(key, "article:published_time") ||
                   !strcasecmp(key, "datepublished") || !strcasecmp(key, "date") ||
                   !strcasecmp(key, "pubdate") || !strcasecmp(key, "publishdate") ||
                   !strcasecmp(key, "publish-date") || !strcasecmp(key, "dc.date") ||
                   !strcasecmp(key, "dcterms.date") || !strcasecmp(key, "dc.date.issued") ||
                   !strcasecmp(key, "sailthru.date") || !strcasecmp(key, "parsely-pub-date") ||
                   !strcasecmp(key, "og:published_time") || !strcasecmp(key, "article.published")) {
            set(&m->date, val);
        }
        break;
    }
    default:
        break;
    }
}

void bp_meta_h1(bp_meta_scan *m, const char *s, size_t n) {
    bp_set_meta(&m->h1, s, n);
}

static const bp_buf *first(const bp_buf *a, const bp_buf *b, const bp_buf *c) {
    if (a && a->n) return a;
    if (b && b->n) return b;
    return c;
}

/* "Headline | Site name" -> "Headline" when the first part is a real title. */
static void strip_site(bp_buf *t) {
    static const char *const seps[] = {
        " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", NULL};
    for (size_t i = 0; seps[i]; i++) {
        const char *p = bp_memmem(t->p, t->n, seps[i], strlen(seps[i]));
        if (!p) continue;
        size_t head = (size_t)(p - t->p);
        size_t tail = t->n - head - strlen(seps[i]);
        if (head >= tail && bp_memmem(t->p, head, " ", 1)) {
            t->n = head;
            t->p[head] = '\0';
            return;
        }
    }
}

/* A word of at least four bytes (letters, digits, any non-ASCII byte) of
 * a that is also in b, ASCII case aside. */
static int shares_word(const char *a, size_t an, const char *b, size_t bn) {
    for (size_t i = 0; i < an;) {
        size_t j = i;
        while (j < an && (isalnum((unsigned char)a[j]) || (unsigned char)a[j] >= 0x80)) j++;
        if (j - i >= 4)
            for (size_t k = 0; k + (j - i) <= bn; k++)
                if (strncasecmp(a + i, b + k, j - i) == 0) return 1;
        i = j > i ? j : i + 1;
    }
    return 0;
}

/* Without og:title or JSON-LD: <title>, unless it is a site's name alone
 * (three words at most, none of them in the h1) over an h1 that reads as
 * a headline (four words or more): then the h1, which the text drops as
 * the headline, so that it is not lost. An h1 that the full title carries
 * is the site's name ("Story | Daily Gazette" over "Daily Gazette"). */
static const bp_buf *title_or_h1(bp_buf *title, const bp_buf *h1) {
    int site_h1 = title->n && h1->n && bp_memmem(title->p, title->n, h1->p, h1->n);
    if (title->n) strip_site(title);
    if (!title->n || !h1->n) return first(title, h1, NULL);
    if (site_h1 || bp_count_words(title->p, title->n) > 3 || bp_count_words(h1->p, h1->n) < 4 ||
        shares_word(title->p, title->n, h1->p, h1->n))
        return title;
    return h1;
}

void bp_meta_finish(bp_meta_scan *m) {
    bp_buf *out = m->w->meta;
    const bp_buf *t = first(&m->og_title, &m->jsonld_title, NULL);
    if (!t) t = title_or_h1(&m->title, &m->h1);
    if (t) bp_set_meta(&out[BM_TITLE], t->p, t->n);
    t = first(&m->author, &m->jsonld_author, NULL);
    if (t) bp_set_meta(&out[BM_AUTHOR], t->p, t->n);
    t = first(&m->date, &m->jsonld_date, &m->time_date);
    if (t && t->n) bp_set_meta(&out[BM_DATE], t->p, t->n);
    if (m->og_url.n) bp_set_meta(&out[BM_URL], m->og_url.p, m->og_url.n);
    if (m->canonical.n) bp_set_meta(&out[BM_CANONICAL], m->canonical.p, m->canonical.n);
    t = first(&m->lang, &m->meta_lang, NULL);
    if (t) bp_set_meta(&out[BM_LANGUAGE], t->p, t->n);
    if (m->desc.n) bp_set_meta(&out[BM_DESC], m->desc.p, m->desc.n);
    bp_buf *all[] = {&m->og_title,  &m->title,         &m->h1,         &m->jsonld_title,
                     &m->author,    &m->jsonld_author, &m->date,       &m->jsonld_date,
                     &m->time_date, &m->og_url,        &m->canonical,  &m->lang,
                     &m->meta_lang, &m->desc,          &m->title_text, &m->script};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) bp_buf_free(all[i]);
}
