/*
 * The tagger proper, independent of the weft host: tokens in (byte spans of
 * one text, sentence boundaries), entity spans out. entities.c adapts it to
 * the plugin ABI; the unit tests drive it directly too.
 */
#ifndef ENTITIES_NER_H
#define ENTITIES_NER_H

#include <stddef.h>
#include <stdint.h>

#include "gaz.h"

enum ent_label {
    L_NONE = 0,
    L_PER,
    L_ORG,
    L_LOC,
    L_MISC,
    L_DATE,
    L_TIME,
    L_MONEY,
    L_PERCENT,
    L_QUANTITY,
    L_EMAIL,
    L_URL,
    L_PHONE,
    L_NBUILTIN /* user labels follow: L_NBUILTIN + gazetteer label index */
};
/* By enum label (0 = ""), then "*" and NULL: from index 1 on, the entity
 * layer's declared labels, open to those of gazetteers and patterns. */
extern const char *const ent_label_names[L_NBUILTIN + 2];

enum ent_source { SRC_GAZETTEER, SRC_RULE, SRC_PATTERN, SRC_USER, SRC_MODEL, SRC_NSOURCES };
extern const char *const ent_source_names[SRC_NSOURCES];

/* Token kinds the tokenizer can tell us; anything else is K_OTHER. */
enum ent_kind { K_OTHER, K_WORD, K_NUMBER, K_PUNCT, K_URL, K_EMAIL };
/* The tokenizer's token labels read as K_WORD.., then NULL: interned in
 * open() and declared as what this stage expects of the token layer
 * (requires_labels), so `weft check` fails when a tokenizer stops writing
 * one instead of tokens silently turning into K_OTHER. */
extern const char *const ent_token_kinds[6];

enum ent_shape {
    SH_LOWER, /* starts with a lower-case letter */
    SH_CAP,   /* starts upper, has lower-case letters: London, McDonald */
    SH_UPPER, /* letters, all upper: NATO, U.S. */
    SH_NUM,   /* starts with a digit */
    SH_PUNCT, /* no letter or digit */
    SH_OTHER  /* starts with a symbol but has letters or digits: $5, #tag */
};

typedef struct ent_tok {
    uint32_t b, e;   /* the token in the text */
    uint32_t cb, ce; /* its core: without possessive 's, brackets, end punctuation */
    uint64_t h;      /* gazetteer hash of the core */
    const gaz_entry *g;
    uint32_t gf; /* g ? g->flags : 0 */
    uint8_t shape, kind;
    uint8_t sstart; /* first word of its sentence */
    uint8_t used;   /* inside an entity already */
    uint8_t cut;    /* a span must end here: possessive or end punctuation */
    uint8_t letters;
} ent_tok;

/* Is the token's core text the word w (lower-case ASCII), case folded as
 * the gazetteer folds? */
int ner_is_word(const char *text, const ent_tok *t, const char *w);
/* Is it one of the words of a NULL-terminated list? */
int ner_is_any(const char *text, const ent_tok *t, const char *const *words);

/* Bytes of the hyphen at p (n bytes there): "-" (1), U+2010 HYPHEN or
 * U+2011 NON-BREAKING HYPHEN (3), the hyphens of hyphenated words and names
 * ("Jean-Luc", "Stratford-upon-Avon"); 0 for anything else, the dashes
 * included (U+2012 FIGURE DASH, U+2013 EN DASH, U+2014 EM DASH, U+2212
 * MINUS SIGN: "Paris–Berlin" links two names). */
static inline size_t ner_hyphen_at(const char *p, size_t n) {
    const unsigned char *u = (const unsigned char *)p;
    if (n >= 1 && u[0] == '-') return 1;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x90 || u[2] == 0x91)) return 3;
    return 0;
}
/* Is the token t (b to e) a hyphen, alone (ner_hyphen_at)? Inline: the
 * hyphen join asks it of every token. */
static inline int ner_is_hyphen(const char *text, const ent_tok *t) {
    size_t n = t->e - t->b;
    return n && ner_hyphen_at(text + t->b, n) == n;
}

typedef struct ent_span {
    uint32_t tb, te; /* token range */
    uint32_t b, e;   /* bytes */
    uint32_t label;  /* enum ent_label or L_NBUILTIN + user label */
    float score;
    uint8_t source;
    uint8_t strong; /* certain enough to teach later mentions */
    /* A title of a work in quotes (" A Beautiful Lie "): kept with a model,
     * whose spans it overlaps give way. Trained on news, the model cuts such
     * titles into names ("Beautiful Lie" PER); the quotes say where they end. */
    uint8_t keep;
} ent_span;

/* Per-worker scratch, grown as needed and reused across documents. */
typedef struct ner_scratch {
    ent_tok *tok;
    size_t ntok, captok;
    uint32_t *sent; /* index of the first token of each sentence, + ntok */
    size_t nsent, capsent;
    ent_span *sp;
    size_t nsp, capsp;
    uint64_t *lower;    /* hash set: cores seen in lower case in this document */
    uint32_t *lowerlog; /* the slots of lower in use (caplower / 2 room): cleared one by one */
    size_t caplower, nlower;
    /* Recent gazetteer look-ups by hash, hits and misses alike: news repeats
     * its words, and the table is too big for the cache. */
    uint64_t *ckey;
    const gaz_entry **cval;
    uint64_t *mem; /* document memory: hash of a name part -> label */
    uint32_t *memlab;
    uint32_t *memlog; /* the slots of mem in use, as lowerlog */
    size_t capmem, nmem;
    int sports; /* ner_run found the document a sports report */
} ner_scratch;

void ner_scratch_free(ner_scratch *s);
/* Room for n tokens and m sentences; -1 on OOM. */
int ner_reserve(ner_scratch *s, size_t n, size_t m);
/* Fill t's features from text (b, e and kind already set). -1 on OOM. */
int ner_features(const gaz *g, ner_scratch *s, const char *text, ent_tok *t);
/* Tag the document; spans land in s->sp (sorted by token). -1 on OOM. */
int ner_run(const gaz *g, const char *text, ner_scratch *s);
/* After ner_run (and the model): a name followed by a German place-name
 * connector and a capitalised word ("Frankfurt am Main", "Mülheim an der
 * Ruhr") becomes one LOC span; spans in the part it takes in are dropped
 * (label L_NONE). The spans need not be sorted. */
void ner_place_links(const char *text, ner_scratch *s);

#endif
