/* Pattern entities on the tokens of one sentence. */
#ifndef ENTITIES_PAT_H
#define ENTITIES_PAT_H

#include <stdlib.h>

#include "ner.h"

/* Adds DATE/TIME/MONEY/PERCENT/QUANTITY/EMAIL/URL/PHONE spans of tokens
 * [sb, se) to s->sp and marks their tokens used; -1 on OOM. */
int pat_sentence(const char *text, ner_scratch *s, uint32_t sb, uint32_t se);

/* The families of patterns ("phone", "money", "date-month"...), tried in
 * order at each free token. pat_family_at asks family k alone at token i of
 * sentence [sb, se): 1 with the tokens [*b, *e) it would tag, 0 when it
 * does not match there, -1 for no such family or token. For tests and
 * reports; it adds nothing. */
int pat_family_at(const char *text, const ner_scratch *s, uint32_t sb, uint32_t se, uint32_t i,
                  size_t k, uint32_t *b, uint32_t *e);
/* Name of family k, NULL past the end; index of a name, SIZE_MAX if none. */
const char *pat_family_name(size_t k);
size_t pat_family_find(const char *name);

#endif
