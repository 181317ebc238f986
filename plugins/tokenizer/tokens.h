/*
 * Tokens: UAX #29 word segments without whitespace, refined for English
 * (web tokens, abbreviations, ellipses, times) and optionally split the Penn
 * Treebank way. Pure functions over a byte buffer; the plugin and the unit
 * tests feed them through an emit callback.
 */
#ifndef TOK_TOKENS_H
#define TOK_TOKENS_H

#include <stddef.h>
#include <stdint.h>

#include "abbrev.h"

enum tok_kind {
    TK_WORD,
    TK_NUMBER,
    TK_PUNCT,
    TK_SYMBOL,
    TK_URL,
    TK_EMAIL,
    TK_MENTION,
    TK_HASHTAG,
    TK_EMOJI,
    TK_EMOTICON,
    TK_ABBREV,
    TK_NKINDS
};

/* By kind, then NULL: the token layer's declared labels (provides_labels)
 * are this very list, so a renamed kind is seen by consumers' checks. */
extern const char *const tok_kind_names[TK_NKINDS + 1];

/* Per-token facts for the sentence splitter, packed with the kind into 16
 * bits: info = kind | flags. */
#define TI_KIND_MASK 0x0Fu
#define TF_SPACE     0x0010u /* whitespace (or skipped bytes) before the token */
#define TF_NL        0x0020u /* a line break before it */
#define TF_PARA      0x0040u /* two line breaks (a blank line) before it */
#define TF_UPPER     0x0080u /* starts with an upper-case letter */
#define TF_LOWER     0x0100u /* starts with a lower-case letter */
#define TF_ABTITLE   0x0200u /* abbreviation flags, see abbrev.h */
#define TF_ABNUM     0x0400u
#define TF_ELLIPSIS  0x0800u /* "...", "…" */
/* What a punct token can do in a sentence, bits 12-14 (tok_pclass). */
#define TI_PCLASS_SHIFT 12
#define TI_PCLASS(info) (((info) >> TI_PCLASS_SHIFT) & 7u)
enum tok_pclass {
    PC_NONE,
    PC_DOT,     /* . 。 ． */
    PC_STOP,    /* ? ! ‼ ⁇ ⁈ ⁉ ？ ！ */
    PC_CLOSE,   /* ) ] } ” ’ » › 」 』 ） */
    PC_OPEN,    /* ( [ { “ ‘ « */
    PC_QUOTE,   /* " ' : open or close */
    PC_BULLET,  /* • ‣ ⁃ ◦ ∙ ● ▪ ▸ ■ */
    PC_CONTINUE /* , ; : - – — & / : these continue a sentence */
};

enum tok_hyphens { TOK_HYPHENS_AUTO, TOK_HYPHENS_SPLIT, TOK_HYPHENS_KEEP };

typedef struct tok_opts {
    int ptb;     /* Penn-Treebank-like splitting */
    int refine;  /* English refinements; 0 gives plain UAX #29 segments */
    int hyphens; /* enum tok_hyphens */
    const tok_abbrev *abbrev;
} tok_opts;

/* Called once per token in text order; a non-zero return stops the scan
 * and is returned by tok_scan. */
typedef int (*tok_emit_fn)(void *ctx, uint32_t begin, uint32_t end, unsigned info);

/* Tokenize s[0, len) (len < 2^32). Invalid UTF-8 never stops it: a byte that
 * cannot start a character is a `symbol` token of its own, and stray
 * continuation bytes stay with the token before them (or are skipped after
 * whitespace), so every token begins and ends on a character boundary. */
int tok_scan(const tok_opts *o, const unsigned char *s, size_t len, tok_emit_fn emit, void *ctx);

#endif
