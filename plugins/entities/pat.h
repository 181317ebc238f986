/* Pattern entities on the tokens of one sentence. */
#ifndef ENTITIES_PAT_H
#define ENTITIES_PAT_H

#include <stdlib.h>

#include "ner.h"

/* Adds DATE/TIME/MONEY/PERCENT/QUANTITY/EMAIL/URL/PHONE spans of tokens
 * [sb, se) to s->sp and marks their tokens used; -1 on OOM. */
int pat_sentence(const char *text, ner_scratch *s, uint32_t sb, uint32_t se);

#endif
