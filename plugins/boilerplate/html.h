/* html.h - tags and the metadata scanner of the HTML mode. */
#ifndef BP_HTML_H
#define BP_HTML_H

#include <libxml/tree.h>

#include "bp.h"

enum bp_tag {
    T_OTHER = 0,
    T_OTHER_BLOCK,
    T_A,
    T_ARTICLE,
    T_BODY,
    T_BR,
    T_CODE,
    T_DD,
    T_DIV,
    T_EMBED,
    T_FIGURE,
    T_FORM,
    T_H,
    T_HEAD,
    T_HEADER,
    T_HTML,
    T_IMG,
    T_INPUT,
    T_LI,
    T_LINK,
    T_MAIN,
    T_META,
    T_P,
    T_PRE,
    T_QUOTE,
    T_SCRIPT,
    T_SECTION,
    T_TABLE,
    T_TD,
    T_TIME,
    T_TITLE,
    T_UL
};

/* Metadata candidates by source; bp_meta_finish picks by priority into
 * w->meta. */
typedef struct bp_meta_scan {
    bp_work *w;
    bp_buf og_title, title, h1, jsonld_title;
    bp_buf author, jsonld_author;
    bp_buf date, jsonld_date, time_date;
    bp_buf og_url, canonical, lang, meta_lang, desc;
    bp_buf title_text, script; /* text of <title>, of a JSON-LD script */
} bp_meta_scan;

void bp_meta_init(bp_meta_scan *m, bp_work *w);
void bp_meta_element(bp_meta_scan *m, const xmlChar **atts, int tag);
int bp_meta_is_jsonld(const xmlChar **atts);
void bp_meta_jsonld(bp_meta_scan *m);
void bp_meta_title(bp_meta_scan *m);
void bp_meta_h1(bp_meta_scan *m, const char *s, size_t n);
void bp_meta_finish(bp_meta_scan *m);

#endif
