/*
 * What libxml2's HTML parser shows the boilerplate stage of a page, as
 * text: elements with the attributes the stage reads, and the text outside
 * script and style bodies. Used to check that plugins/boilerplate/prune.c
 * changes nothing libxml2 builds (tests/unit/test_boilerplate.c and
 * fuzz_prune.c). Needs bp.h (bp_buf) and libxml2.
 */
#ifndef WEFT_TEST_HTML_EVENTS_H
#define WEFT_TEST_HTML_EVENTS_H

#include <string.h>
#include <strings.h>

#include "../../plugins/boilerplate/sax.h"

/* libxml2's view of a page, as the stage reads it: elements with the
 * attributes prune.c keeps (a link's target as '#' or not), text outside
 * script and style bodies (JSON-LD bodies included). */
typedef struct sax_log {
    bp_buf ev;
    int in_raw, raw_kept;
} sax_log;

/* hidden() in html.c: display:none or visibility:hidden in the first 255
 * bytes of the style, lower-cased, spaces out. */
static int style_hides(const char *v) {
    char t[256];
    size_t o = 0;
    for (; *v && o < sizeof t - 1; v++)
        if (*v != ' ') t[o++] = (char)((*v >= 'A' && *v <= 'Z') ? *v + 32 : *v);
    t[o] = '\0';
    return strstr(t, "display:none") || strstr(t, "visibility:hidden");
}

static void log_start(void *u, const xmlChar *name, const xmlChar **atts) {
    sax_log *l = u;
    static const char *const any[] = {"class",       "id",       "role", "hidden",
                                      "aria-hidden", "itemprop", NULL};
    static const char *const on[][2] = {
        {"link", "rel"},      {"link", "href"},    {"meta", "name"},
        {"meta", "property"}, {"meta", "content"}, {"meta", "http-equiv"},
        {"script", "type"},   {"html", "lang"},    {"time", "datetime"}};
    const char *tag = (const char *)name;
    bp_buf_put(&l->ev, "<", 1);
    bp_buf_put(&l->ev, tag, strlen(tag));
    l->in_raw = !strcmp(tag, "script") || !strcmp(tag, "style");
    l->raw_kept = 0;
    for (size_t i = 0; atts && atts[i]; i += 2) {
        const char *a = (const char *)atts[i], *v = atts[i + 1] ? (const char *)atts[i + 1] : "";
        int k = 0;
        for (size_t j = 0; any[j]; j++) k |= !strcmp(a, any[j]);
        for (size_t j = 0; j < sizeof on / sizeof on[0]; j++)
            k |= !strcmp(tag, on[j][0]) && !strcmp(a, on[j][1]);
        if (!strcmp(tag, "a") && !strcmp(a, "href")) {
            v = v[0] == '#' ? "#" : v[0] ? "x" : "";
            k = 1;
        }
        if (!strcmp(a, "style")) {
            if (!style_hides(v)) continue;
            v = "hides";
            k = 1;
        }
        /* bp_meta_is_jsonld() in meta.c: the only raw body the stage reads. */
        if (!strcmp(tag, "script") && !strcmp(a, "type") && !strcasecmp(v, "application/ld+json"))
            l->raw_kept = 1;
        if (k) {
            bp_buf_put(&l->ev, " ", 1);
            bp_buf_put(&l->ev, a, strlen(a));
            bp_buf_put(&l->ev, "=", 1);
            bp_buf_put(&l->ev, v, strlen(v));
        }
    }
    bp_buf_put(&l->ev, ">", 1);
}

static void log_end(void *u, const xmlChar *name) {
    sax_log *l = u;
    bp_buf_put(&l->ev, "</", 2);
    bp_buf_put(&l->ev, (const char *)name, strlen((const char *)name));
    bp_buf_put(&l->ev, ">", 1);
    l->in_raw = 0;
}

static void log_text(void *u, const xmlChar *t, int n) {
    sax_log *l = u;
    if (!l->in_raw || l->raw_kept) bp_buf_put(&l->ev, (const char *)t, (size_t)n);
}

/* 0, or -1 when libxml2 cannot start. l->ev is NUL-terminated. */
static int sax_events(const char *html, size_t n, sax_log *l) {
    memset(l, 0, sizeof *l);
    bp_buf_put(&l->ev, "", 0);
    if (bp_sax_parse(html, n, l, log_start, log_end, log_text)) return -1;
    return l->ev.p ? 0 : -1;
}

#endif
