/*
 * The document title (attribute `title`) as context for the body: split
 * into tokens the way the tokenizer's default (UAX #29 words, English
 * refinements) splits a headline, so that a name's parts in the title hash
 * as the same parts do in the body. The stage tags the title as a sentence
 * before the body, keeps what it teaches the rules' document memory and the
 * model's document history, and emits no span for it.
 */
#ifndef ENTITIES_TITLE_H
#define ENTITIES_TITLE_H

#include <stddef.h>
#include <stdint.h>

#include "ner.h"

/* Most bytes of a title the stage reads: a headline is short; a longer
 * attribute (a whole lead paragraph stored as the title) is cut at the
 * last whole character before this. */
#define ENT_TITLE_MAX 1024

/* Splits s[0, n) into tokens: words (letters, digits and marks, joined by
 * an apostrophe between letters, a dot or comma between digits, a dot
 * between letters with the abbreviation's final dot: "O'Neil's",
 * "3.5", "U.S."), and every other non-blank character a token of its own
 * (hyphens split, as the tokenizer's uax29 style does). Each token's b, e
 * (offsets from s) and kind (K_WORD, K_NUMBER, K_PUNCT, or K_OTHER for an
 * abbreviation) are written into out[0, max); returns the token count,
 * which may exceed max (only max written). Never reads past s + n; invalid
 * UTF-8 bytes are punctuation of their own. */
size_t ent_title_split(const char *s, size_t n, ent_tok *out, size_t max);

/* Is the title of tokens T[0, n) (features set: ner_features) in title
 * case or in capitals ("Olympic Champion Tamsin Okoro Retires At 31")? Its
 * capitals then say nothing about names, and its words tagged as a name
 * ("Okoro Retires" ORG) would teach the body wrong: such a title teaches
 * nothing. True when two words or more have four letters or more and none
 * of them starts in lower case (a sentence-case headline has its verbs and
 * nouns in lower case; short words, "at", "of", "the", are not counted). */
int ent_title_cased(const ent_tok *T, size_t n);

/* Does s[0, n) hold a letter? A title without one teaches nothing. */
int ent_title_has_letter(const char *s, size_t n);

#endif
