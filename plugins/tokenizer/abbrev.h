/*
 * English abbreviations that keep their period (`Dr.`, `Inc.`, `Jan.`): the
 * built-in list plus the stage's `abbreviations` parameter, in one hash set
 * built in open() and read-only afterwards.
 */
#ifndef TOK_ABBREV_H
#define TOK_ABBREV_H

#include <stddef.h>
#include <stdint.h>

#include "weft/hash.h"

/* What an abbreviation does to a following sentence boundary. */
#define AB_PLAIN 1u /* ends a sentence only before a typical sentence starter */
#define AB_TITLE 2u /* a title (Dr., Sen., Mt.): never ends a sentence before a name */
#define AB_NUM   4u /* comes before numbers (No., p., Fig.): no boundary before a number */
#define AB_LOWER                                                                                   \
    8u /* a short form also seen as a word or name ("min", "Max", "est"): an                       \
        * abbreviation only before a lower-case word ("approx. two", "the min.                     \
        * wage"), where its period ends no sentence */

typedef struct tok_abbrev {
    weft_strmap map; /* word (without its period) -> AB_ flags */
} tok_abbrev;

/* Builds the set from the built-in list and `extra` (each without or with
 * its final period). Returns 0, or -1 with a message in err (the bad entry
 * and its index) on a malformed entry or when out of memory. */
int tok_abbrev_init(tok_abbrev *a, const char *const *extra, size_t nextra, char *err,
                    size_t errsz);
void tok_abbrev_free(tok_abbrev *a);

/* Flags of the abbreviation w[0, n) (without its period), or 0. A
 * capitalised word also matches a lower-case entry (`Approx.` at a sentence
 * start; any script: the first character's simple lower case). */
unsigned tok_abbrev_find(const tok_abbrev *a, const unsigned char *w, size_t n);

/* Does the unlisted word w[0, n) look like an abbreviation: three to five
 * lower-case ASCII letters without a vowel (y counts as one) and without a
 * doubled letter ("mgmt", "bldg", "pkg"; not "hmm", "brr", "shh"), and not
 * one of the chat acronyms that end sentences as words do ("idk", "smh")?
 * Such a word followed by "." and a lower-case word is taken as an
 * abbreviation by the tokenizer. */
int tok_abbrev_like(const unsigned char *w, size_t n);

/* Does w[0, n), after a number, look like a unit's short form: two to
 * four lower-case ASCII letters without a vowel ("bn", "kg", "mm", "pcs"),
 * or one of a few with one ("mio", "mi", "yd"), and no chat acronym? Its
 * period before a lower-case word that opens no clause ends no sentence
 * ("$3.5 bn. vs. $2 bn. last year"; not "5 km. then"). */
int tok_unit_like(const unsigned char *w, size_t n);

/* Is w[0, n) a lower-case word that opens a clause ("it", "then", "so")?
 * After a short form taken as one only before a lower-case word
 * (AB_LOWER, tok_abbrev_like), such a word starts a sentence. */
int tok_clause_opener(const unsigned char *w, size_t n);

/* Is w[0, n) a title of the built-in list written in capitals: two to
 * five ASCII capitals ("ST", "MT", "DR", "PROF"), as headlines and news
 * datelines write "ST. LOUIS"? The tokenizer keeps such a word and its
 * period apart (an all-caps "CO." or "DR." ends a line as often); the
 * sentence rules read the pair as a title before a word in capitals. */
int tok_caps_title(const unsigned char *w, size_t n);

/* Is w[0, n), a word in ASCII capitals, a sentence starter once
 * capitalised ("THE", "THEN", "HE")? */
int tok_caps_starter(const unsigned char *w, size_t n);

/* Is w[0, n) a word that typically starts a sentence ("The", "However")?
 * Decides whether a sentence ends after an abbreviation like `Inc.`. */
int tok_sentence_starter(const unsigned char *w, size_t n);

#endif
