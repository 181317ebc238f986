/*
 * Noun classes from WordNet 3.0 (data/wordnet_nouns.tsv, made by
 * data/derive_wordnet.py): for a word, the lexicographer file of its most
 * frequent sense that is not an instance (its "supersense": railway ->
 * artifact, band -> group, village -> group, river -> object), and for a
 * word or phrase, the kinds of the named instances WordNet lists under it
 * (PER, LOC, ORG, MISC). The tagger reads both as features (tg_wordnet,
 * templates 44-50): knowledge of what a neighbour noun names, where
 * CoNLL-2003 train, all Reuters, has too few examples (docs/design-notes.md,
 * "WordNet noun classes as features").
 *
 * The table is a gaz of its own (not the shipped gazetteer: its flags mean
 * other things), keyed by the same folded token hashes, so a token's core
 * hash (ent_tok.h) finds its entry.
 */
#ifndef ENTITIES_WORDNET_H
#define ENTITIES_WORDNET_H

#include <stddef.h>
#include <stdint.h>

#include "gaz.h"

/* The data file, relative to the plugins' data folders, and the table made
 * from it at `make` time (a gazetteer table file, gazfile.h, made by
 * `gazpack --wordnet`), which open() maps when it matches the file. */
#define WN_FILE  "entities/wordnet_nouns.tsv"
#define WN_TABLE "entities/wordnet_nouns.weftgaz"

/* Flags of a wordnet gaz entry (bit 0 is G_PREFIX). */
#define WN_SS_SHIFT  1 /* 5 bits: lexicographer file number 3..28, 0 none */
#define WN_SS_MASK   31u
#define WN_CLS_SHIFT 6 /* 4 bits: named instances of kind PER, LOC, ORG, MISC */
#define WN_CLS_MASK  15u
enum { WN_PER = 1, WN_LOC = 2, WN_ORG = 4, WN_MISC = 8 };
/* Longest phrase in the table, in tokens. */
#define WN_MAXTOK 6

/* Loads the file's text into wn (gaz_init'd): lines "phrase TAB supersense
 * TAB classes" with "-" for none. 0, or -1 with "NAME:LINE: what" (or "out
 * of memory") in err. */
int wn_load(gaz *wn, const char *name, const char *text, size_t len, char *err, size_t errlen);

#endif
