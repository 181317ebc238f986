/*
 * Annotated corpora for the tagger's trainer: CoNLL-style column files
 * (token first, tag last; IOB1, IOB2 or IOBES tags of any type names;
 * blank lines end sentences, -DOCSTART- lines documents). Each document
 * is rebuilt as text the way the evaluation feeds the stage: tokens joined
 * by one space, sentences by a newline.
 */
#ifndef ENTITIES_CONLL_H
#define ENTITIES_CONLL_H

#include <stddef.h>
#include <stdint.h>

typedef struct cn_doc {
    size_t text, len;   /* its text: corpus->text[text, text + len) */
    size_t tok, ntok;   /* its tokens: corpus->tb/te/tag[tok, tok + ntok) */
    size_t sent, nsent; /* its sentence starts (token index within the doc) */
} cn_doc;

typedef struct cn_corpus {
    char *text;
    size_t ntext, captext;
    uint32_t *tb, *te; /* token bytes within its document's text */
    uint32_t *tag;     /* 0 = O, else 2 * type + 1 (B) or 2 * type + 2 (I): IOB2 */
    size_t ntokens, captok;
    uint32_t *sent;
    size_t nsents, capsent;
    cn_doc *doc;
    size_t ndoc, capdoc;
    char **type; /* entity types, in the order first seen, then sorted by cn_sort_types */
    size_t ntype;
    int per_sentence; /* a CoNLL file without -DOCSTART- lines: a document a sentence */
} cn_corpus;

void cn_free(cn_corpus *c);
/* Appends the documents of one file (its bytes buf[0, n), named name in
 * messages). 0, or -1 with "name:line: what" in err. A file without
 * -DOCSTART- lines makes each sentence a document of its own. */
int cn_read(cn_corpus *c, const char *name, const char *buf, size_t n, char *err, size_t errlen);
/* Renumbers tags to the given type list (every type of c must be in it);
 * -1 with the missing type in err. */
int cn_retype(cn_corpus *c, char *const *types, size_t ntype, char *err, size_t errlen);
/* Sorts c's types by name and renumbers its tags; -1 on OOM. */
int cn_sort_types(cn_corpus *c);

#endif
