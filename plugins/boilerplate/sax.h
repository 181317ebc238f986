/*
 * One parse of a page by libxml2's HTML parser, the way the stage does it:
 * recovery on, no network, no messages (errors stay in the context), the
 * bytes read as UTF-8 whatever the page declares (the stage transcodes
 * first), and no tree: only the given callbacks run. Shared with the bench
 * and the tests that compare what libxml2 sees before and after prune.c.
 */
#ifndef BP_SAX_H
#define BP_SAX_H

#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

/* The parse with two extras the stage needs to map text back to the page:
 * comment receives comments (so that a comment's words are not taken for
 * the text after it) and *ctxt is the parser while it runs (for
 * bp_sax_offset). Either may be NULL. 0, or -1 when the parser cannot be
 * created. text receives characters, ignorable whitespace and CDATA alike. */
static inline int bp_sax_parse_ex(const char *s, size_t n, void *ud, startElementSAXFunc start,
                                  endElementSAXFunc end, charactersSAXFunc text,
                                  commentSAXFunc comment, htmlParserCtxtPtr *ctxt) {
    htmlParserCtxtPtr c = htmlCreateMemoryParserCtxt(n ? s : " ", n ? (int)n : 1);
    if (!c || !c->sax) {
        if (c) htmlFreeParserCtxt(c);
        return -1;
    }
    memset(c->sax, 0, sizeof *c->sax);
    c->sax->startElement = start;
    c->sax->endElement = end;
    c->sax->characters = text;
    c->sax->ignorableWhitespace = text;
    c->sax->cdataBlock = text;
    c->sax->comment = comment;
    c->userData = ud;
    htmlCtxtUseOptions(c, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    xmlSwitchEncoding(c, XML_CHAR_ENCODING_UTF8);
    if (ctxt) *ctxt = c;
    htmlParseDocument(c);
    if (ctxt) *ctxt = NULL;
    if (c->myDoc) xmlFreeDoc(c->myDoc);
    c->myDoc = NULL;
    htmlFreeParserCtxt(c);
    return 0;
}

/* 0, or -1 when the parser cannot be created. */
static inline int bp_sax_parse(const char *s, size_t n, void *ud, startElementSAXFunc start,
                               endElementSAXFunc end, charactersSAXFunc text) {
    return bp_sax_parse_ex(s, n, ud, start, end, text, NULL, NULL);
}

/* Where the parser is in s, in bytes, inside a callback: just past a start
 * tag's name and attributes (at its '>'), past an end tag, at the end of
 * the characters given (or on their last character when a long text is
 * given in pieces), past a reference or a comment. */
static inline size_t bp_sax_offset(htmlParserCtxtPtr c) {
    xmlParserInputPtr in = c->input;
    return (size_t)in->consumed + (size_t)(in->cur - in->base);
}

#endif
