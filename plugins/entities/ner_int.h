/*
 * Internals shared by the tagger's files: token features (features.c), the
 * per-document memory (docmem.c), typing a span (classify.c) and finding
 * spans (ner.c).
 */
#ifndef ENTITIES_NER_INT_H
#define ENTITIES_NER_INT_H

#include "ner.h"

#define ENTITY_FLAGS                                                                               \
    (G_COUNTRY | G_ADMIN1 | G_CITY | G_DEMONYM | G_ORG | G_LOC | G_MISC | G_PER | G_USER)
/* Evidence that outweighs a capitalised word's being common: a town called
 * Police or a region called Mobile does not make "Police said" a place. */
#define STRONG_FLAGS (G_COUNTRY | G_DEMONYM | G_ORG | G_LOC | G_MISC | G_PER | G_USER)
/* Document memory values: label | MEM_WHOLE for whole mentions. */
#define MEM_WHOLE 0x10000u

/* One sentence being tagged. */
typedef struct ctx {
    const gaz *g;
    const char *text;
    ner_scratch *s;
    uint32_t sb, se;
    int table;  /* the sentence looks like a results table row */
    int sports; /* the document is a sports report */
} ctx;

/* features.c */
const gaz_entry *ner_find1(const gaz *g, const char *s, size_t n, uint64_t *h);
/* h (the gazetteer hash of the tokens before t in a phrase) extended by t's
 * core: gaz_hash_tok, except that a phrase's first token has its hash
 * already (ner_features left it in t->h). */
static inline uint64_t ner_hash_next(uint64_t h, const char *text, const ent_tok *t, int first) {
    return first ? t->h : gaz_hash_tok(h, text + t->cb, t->ce - t->cb, 0);
}
int ner_adj_compound(const char *text, uint32_t b, uint32_t e);

/* docmem.c: words seen in lower case, and what the document has named */
int ner_lower_add(ner_scratch *s, uint64_t h);
int ner_lower_has(const ner_scratch *s, uint64_t h);
int ner_mem_put(ner_scratch *s, uint64_t h, uint32_t v);
uint32_t ner_mem_get(const ner_scratch *s, uint64_t h);
/* Empty the sets for a new document, slot by slot (as many as they hold,
 * not their capacity: a table one long document grew stays big). */
void ner_lower_clear(ner_scratch *s);
void ner_mem_clear(ner_scratch *s);

/* classify.c */
int ner_set(ent_span *sp, uint32_t label, float score, int source, int strong);
const gaz_entry *ner_whole_entry(const ctx *c, uint32_t b, uint32_t e);
int ner_hyphen_adj(const ctx *c, const ent_tok *t);
/* Label, score, source and strength of span [sp->tb, sp->te). */
int ner_classify(const ctx *c, ent_span *sp);
/* The same, returning the index of the rule that decided (the last rule,
 * "no-evidence", always matches). */
size_t ner_classify_rule(const ctx *c, ent_span *sp);
/* Rule k alone: 1 and sp set when it matches, 0 when not (sp untouched),
 * -1 for no such rule. For tests and reports: rules are tried in order, and
 * a later rule may also match spans an earlier one decides. */
int ner_rule_try(const ctx *c, ent_span *sp, size_t k);
size_t ner_rule_count(void);
/* Name of rule k ("gazetteer-person", "fixture-team"...), NULL past the end. */
const char *ner_rule_name(size_t k);
/* Index of the rule called name, SIZE_MAX when there is none. */
size_t ner_rule_find(const char *name);

#endif
