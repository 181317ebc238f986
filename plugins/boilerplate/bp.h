/*
 * bp.h - internals of the boilerplate plugin, shared by its source files.
 *
 * Both input kinds end in the same place: a list of blocks (paragraphs,
 * headings, list items, lines of scraped text), each with its text in one
 * scratch buffer, runs mapping that text back to "raw", features, and a
 * verdict (BP_KEEP or the reason it was removed). out.c turns the list into
 * the "text" view, its offset map and the "boilerplate" layer.
 */
#ifndef BP_H
#define BP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "weft/hash.h"
#include "weft/plugin.h"
#include "weft/utf8.h"

/* Why a block was removed; 0 keeps it. Names in bp_reason_names (rules.c). */
enum bp_reason {
    BP_KEEP = 0,
    BP_R_NAV,
    BP_R_LINK_DENSE,
    BP_R_SHARE,
    BP_R_RELATED,
    BP_R_COOKIE,
    BP_R_COPYRIGHT,
    BP_R_DUP_TITLE,
    BP_R_SHORT,
    BP_R_ASIDE,
    BP_R_FOOTER,
    BP_R_HEADER,
    BP_R_FORM,
    BP_R_HIDDEN,
    BP_R_COMMENTS,
    BP_R_AD,
    BP_R_UNLIKELY,
    BP_R_OUTSIDE,
    BP_R_SUBSCRIBE,
    BP_R_BYLINE,
    BP_R_DUPLICATE,
    BP_R_LOW_TEXT,
    BP_R_HEADING,
    BP_R_LIST,
    BP_R_TABLE,
    BP_R_CAPTION,
    BP_NREASONS
};
/* By reason, then NULL: from index 1 on, the boilerplate layer's declared
 * labels. */
extern const char *const bp_reason_names[BP_NREASONS + 1];

/* What kind of element holds a block's text. */
enum bp_kind {
    BK_OTHER = 0, /* div, section, td-less containers, loose text */
    BK_P,
    BK_HEADING,
    BK_LI,
    BK_TD,
    BK_PRE,
    BK_QUOTE,
    BK_DT, /* dt, dd */
    BK_CAPTION,
    BK_LINE, /* a line or paragraph of plain text */
    /* a line of plain text that goes on the kept line above it, in the same
     * paragraph of the input: a letter's signature under its closing, or
     * the rest of a hard-wrapped paragraph after a line that ends a
     * sentence (plain.c's continues). The text view parts them with a line
     * break, not a blank line. */
    BK_LINE_ON
};

typedef struct bp_conf {
    int input;               /* auto|html|text */
    const char *plain_model; /* model file, or "none" */
    const char *language;
    int keep_headings, keep_lists, keep_tables;
    int favor; /* precision|recall */
    double max_link_density;
    int64_t min_chars;   /* shorter blocks need context to survive */
    int64_t retry_chars; /* retry with looser rules below this */
    double stop_low, stop_high;
    int64_t length_low, length_high;
} bp_conf;

/* A growable byte buffer. */
typedef struct bp_buf {
    char *p;
    size_t n, cap;
} bp_buf;

/* A growable array of weft_offrun (dst indexes a bp_buf). */
typedef struct bp_runs {
    weft_offrun *r;
    size_t n, cap;
} bp_runs;

typedef struct bp_block {
    uint32_t tb, te; /* text in the scratch buffer */
    uint32_t rb, re; /* its runs: [rb, re) in the run array */
    uint32_t sb, se; /* its text's exact span of raw when known (se > sb), else none */
    uint32_t nchars; /* code points */
    uint32_t nwords, nstop;
    uint32_t link10; /* link characters x 10 (hash links weigh 3) */
    uint32_t commas, nlinks;
    int32_t el;     /* element holding the text (HTML), -1 for plain text */
    int32_t anchor; /* element that takes the full content score */
    uint8_t kind, hlevel;
    uint8_t reason;     /* enum bp_reason */
    uint8_t pre_reason; /* reason from a removed ancestor (HTML) */
    uint8_t in_li, in_table, in_quote, in_caption;
    uint8_t unl;     /* an ancestor's class/id says boilerplate: enum bp_reason */
    uint8_t good;    /* classification scratch */
    uint8_t in_main; /* inside the chosen main container */
    uint8_t in_link; /* entirely inside one link */
    uint8_t mark;    /* plain text: renderer marks stripped (BP_MK_*) */
    /* plain text: the phrase classes the line rules read (bp_rule_scan_plain)
     * with BP_RC_READ set, or 0 when they did not read the line */
    uint16_t rclasses;
} bp_block;

typedef struct bp_blocks {
    bp_block *b;
    size_t n, cap;
} bp_blocks;

/* One language's stopwords: a set of lower-cased UTF-8 words. */
typedef struct bp_stoplist {
    char name[32];
    char code[4]; /* ISO 639-1 */
    weft_strmap words;
    /* A cheap no before the hash lookup (most words of a text are not
     * stopwords): per first byte, the lengths of its words (bit n - 1, bit
     * 31 for 32 bytes and more); per first two bytes, whether a word of two
     * bytes or more starts with them. Filled by bp_stop_load_text. */
    uint32_t lens[256];
    uint64_t pairs[1024];
    /* The words of at most BP_STOP_SHORT bytes again, each as one 64-bit
     * key (its bytes, then its length in the top byte) in an open-addressed
     * table of short_mask + 1 slots (0: empty), or NULL: most words a text
     * holds are short, and a short one is found with one multiply and a
     * compare or two instead of hashing its bytes. */
    uint64_t *short_keys;
    uint32_t short_mask;
    /* The words of more than BP_STOP_SHORT bytes: a bit per bp_stop_long_bit
     * of their first eight bytes and length (bp_stop_long_build, from the
     * map, at load and at view): most longer words of a text are none, and
     * are turned away before their bytes are hashed. */
    uint64_t long_bits[64];
} bp_stoplist;
#define BP_STOP_SHORT 7
/* long_bits' bit for a word of n > BP_STOP_SHORT bytes whose first eight
 * are x (little-endian load). */
static inline unsigned bp_stop_long_bit(uint64_t x, size_t n) {
    return (unsigned)(((x ^ (uint64_t)n) * 0x9E3779B97F4A7C15ull) >> 52);
}
void bp_stop_long_build(bp_stoplist *l);

/* One HTML element, in document (preorder) order. Counts cover the
 * element's whole subtree once bp_html has returned. */
typedef struct bp_el {
    int32_t parent;     /* index, -1 for the root */
    uint32_t end;       /* first index after the subtree */
    int32_t blk_parent; /* innermost enclosing block element, -1 if none */
    uint8_t tag;        /* enum bp_tag (html.c) */
    uint8_t tflags;     /* the tag's F_ flags (html.c) */
    uint8_t caption;    /* figcaption or caption */
    uint8_t reason;     /* removed by tag, role or hidden: enum bp_reason */
    uint8_t rreason;    /* reason of the innermost removed ancestor-or-self */
    uint8_t unlikely;   /* class/id say boilerplate: enum bp_reason */
    uint8_t has_block;  /* has a block-level child */
    int8_t weight;      /* Readability class weight / 25: -2..2 */
    uint8_t main_hint;  /* article, main, itemprop=articleBody, content-like class */
    uint8_t scored;
    uint8_t drop;                  /* removed by cleaning; enum bp_reason */
    uint32_t text, link10, commas; /* over kept blocks of the subtree */
    uint32_t np, nli, nimg, ninput, nembed, nblocks;
    uint32_t first_block; /* first block index at or after the element */
    float score;
} bp_el;

typedef struct bp_els {
    bp_el *e;
    size_t n, cap;
} bp_els;

/* Read-only after open(). */
/* Words looked for in class and id attributes (classwords.c), by group. */
enum {
    BP_CW_NAV = 1u << 0,
    BP_CW_SHARE = 1u << 1,
    BP_CW_RELATED = 1u << 2,
    BP_CW_COMMENTS = 1u << 3,
    BP_CW_COOKIE = 1u << 4,
    BP_CW_CAPTION = 1u << 5,
    BP_CW_FOOTER = 1u << 6,
    BP_CW_HEADER = 1u << 7,
    BP_CW_ASIDE = 1u << 8,
    BP_CW_AD = 1u << 9,
    BP_CW_SUBSCRIBE = 1u << 10,
    BP_CW_OTHER = 1u << 11, /* unlikely for no one reason */
    BP_CW_MAYBE = 1u << 12, /* clears an unlikely verdict */
    BP_CW_NEG = 1u << 13,   /* Readability's negative weight */
    BP_CW_POS = 1u << 14,   /* Readability's positive weight */
    BP_CW_MAIN = 1u << 15,  /* the article body */
    /* A copyright notice, a site's or a photo's: labelled copyright, not
     * caption, which the word once shared with "credit". */
    BP_CW_COPYRIGHT = 1u << 16,
};
#define BP_CW_MAX 160
typedef struct bp_classwords {
    uint16_t start[257];
    uint8_t order[BP_CW_MAX];
    uint8_t len[BP_CW_MAX];
} bp_classwords;
void bp_classwords_init(bp_classwords *cw);
/* The groups of every word found in s[0, n) (lower case). */
uint32_t bp_classwords_match(const bp_classwords *cw, const char *s, size_t n);
size_t bp_classwords_count(void);

/* plainml.c's scratch and weft/linear.h's model, opaque to the rest. */
typedef struct bp_ml bp_ml;
typedef struct bp_mlc bp_mlc;
/* plainline.h's per-block counts, read once per block of plain text. */
typedef struct bp_line bp_line;
struct weft_lin_model;
void bp_ml_free(bp_ml *ml);
void bp_mlc_free(bp_mlc *c);

/* rules.c's phrase lists, compiled once (bp_phrases_init) so that a line is
 * compared only with the phrases starting with its (folded) byte. */
#define BP_PLIST_MAX      255 /* chains are bytes; 0xFF ends one */
#define BP_PLIST_SKIP_MIN 3
typedef struct bp_plist {
    const char *w[BP_PLIST_MAX];
    /* plist_contains' skip table (Wu-Manber): per hashed folded byte pair,
     * how far a window of the shortest long phrase may move on when it ends
     * with that pair; 0 where a phrase may start. Phrases shorter than
     * BP_PLIST_SKIP_MIN are searched for on their own (short). */
    uint8_t shift[4096];
    uint8_t minlen; /* bytes of the shortest phrase of BP_PLIST_SKIP_MIN or more */
    uint8_t nshort;
    uint8_t shorts[8];  /* the phrases shorter than that */
    uint8_t short_cont; /* bit k: shorts[k] holds a UTF-8 continuation byte */
    /* plist_starts', plist_equals' and the needle search's filter: a bit
     * per pair_hash of a phrase's first two bytes, folded; no phrase starts
     * a line (or a window) whose first two folded bytes hash to a clear
     * bit. Off (start2_all) when a phrase is shorter than two bytes. */
    uint64_t start2[64];
    uint8_t start2_all;
    uint8_t head[256]; /* per folded first byte: the first phrase, or 0xFF */
    uint8_t next[BP_PLIST_MAX];
    uint8_t tag[BP_PLIST_MAX]; /* the list a phrase came from, in a merged plist */
    size_t n;
    uint8_t empty; /* holds the empty phrase */
} bp_plist;
enum bp_phrase_list {
    BP_PL_SHARE_WORDS,
    BP_PL_SHARE_PREFIXES,
    BP_PL_RELATED,
    BP_PL_SUBSCRIBE,
    BP_PL_COOKIE,
    BP_PL_AD,
    BP_PL_BYLINE,
    BP_PL_CAPTION,
    BP_PL_MISC,
    BP_PL_CONTAINS,      /* copyright, cookie and subscribe phrases, searched together */
    BP_PL_ADDRESS,       /* whole words that address the reader */
    BP_PL_PROMPT_STARTS, /* what a prompt opens with */
    BP_PL_SUBSCRIBE_CUES,
    BP_PL_COMMENT_POLICY, /* the site's own lines about its comments */
    BP_PL_AD_BREAK,       /* the words of ad-break lines, tagged by role (rules.c) */
    BP_PL_COUNT
};
/* The phrases rules.c compares with the start of a trimmed line, of every
 * list read there at once (rule_facts_read: the whole line for share words
 * and ads, its opening for the prefix lists): each with its list's bit,
 * chained by the hash of its first two folded bytes (one-byte phrases by
 * their byte), so that a line meets only the few phrases that open as it
 * does, once for all the lists. */
#define BP_PSTART_MAX 2048
typedef struct bp_pstart {
    const char *w[BP_PSTART_MAX];
    uint16_t len[BP_PSTART_MAX];
    uint16_t next[BP_PSTART_MAX];
    uint8_t bit[BP_PSTART_MAX];   /* the list's bit (rules.c's PS_*) */
    uint8_t whole[BP_PSTART_MAX]; /* the phrase must be the whole line */
    uint16_t head2[4096];         /* by pair hash; 0xFFFF ends a chain */
    uint16_t head1[256];
    uint8_t always; /* bits of lists holding the empty phrase (opens every line) */
    size_t n;
} bp_pstart;

typedef struct bp_phrases {
    bp_plist l[BP_PL_COUNT];
    bp_pstart starts;
    /* BP_PL_CONTAINS's skip table by the raw byte pair (the first byte
     * low): shift[pair_hash] of the two folded bytes, one load a window */
    uint8_t shift16[65536];
} bp_phrases;
void bp_phrases_init(bp_phrases *ph);

/* stop_any's words of at most BP_STOP_SHORT bytes again, each as a 64-bit
 * key (bp_stoplist.short_keys') with its bit set of lists in an
 * open-addressed table, and the union of the lists' filters (lens, pairs):
 * the language pick and bp_stop_count_any find a short word with one
 * multiply and reject most other words before hashing them. keys is NULL
 * when not built (bp_stop_any_fast). */
typedef struct bp_stop_fast {
    uint64_t *keys;
    uint32_t *bits;
    uint32_t mask;
    uint32_t lens[256];
    uint64_t pairs[1024];
    /* stop_any's words of more than BP_STOP_SHORT bytes: a bit per
     * bp_stop_any_long_bit of their first eight bytes and length (most
     * longer words of a text are in no list, and most pass the union of
     * the lists' lens and pairs) */
    uint64_t long_bits[1024];
} bp_stop_fast;
/* any_fast's long_bits bit for a word of n > BP_STOP_SHORT bytes whose
 * first eight, lowered, are x (as loaded). */
static inline unsigned bp_stop_any_long_bit(uint64_t x, size_t n) {
    return (unsigned)(((x ^ (uint64_t)n) * 0x9E3779B97F4A7C15ull) >> 48);
}

typedef struct bp_shared {
    bp_conf conf;
    bp_phrases ph;
    bp_classwords cw;
    bp_stoplist *lists;
    size_t nlists;
    /* Every word of lists 0..31 -> the bit set of the lists holding it
     * (bp_stop_index): the language pick looks a word up once, not once
     * per list. Empty when not built. */
    weft_strmap stop_any;
    bp_stop_fast any_fast; /* stop_any's short words and filters (bp_stop_any_fast) */
    /* The stop lists' table file (stopfile.c) when the lists and stop_any
     * point into it (then they are not freed, the file is unmapped), else
     * NULL and they were built from the lists. */
    void *stop_map;
    size_t stop_map_len;
    int fixed_list; /* index of the list the user named, or -1 for auto */
    weft_sym raw, decoded, text, layer, attr_title, attr_author, attr_date, attr_url,
        attr_canonical, attr_language, attr_description, attr_charset, attr_input, key_reason;
    weft_sym reasons[BP_NREASONS];
    /* Run the pre-pass (prune.c) before libxml2: set in open() when libxml2
     * is in the tested range; a unit test clears it to force the bypass. */
    int prune;
    /* The plain-text classifier (plainml.c), or NULL for the rules of
     * classify.c (parameter plain_model=none). */
    struct weft_lin_model *model;
    bp_mlc *mlc; /* model's weights by feature number (plainml.c), with model */
} bp_shared;

/* What a class/id string says (html.c caches it per worker). */
typedef struct bp_class_info {
    uint64_t hash;
    uint8_t len;
    int8_t weight;
    uint8_t unlikely, main;
    char key[116];
} bp_class_info;
#define BP_CLASS_CACHE 256

/* Per-worker scratch, reused across documents. */
typedef struct bp_work {
    const bp_shared *sh;
    bp_buf text;  /* block texts, back to back */
    bp_runs runs; /* maps text -> raw */
    bp_blocks blocks;
    bp_buf out; /* the final view */
    bp_runs outruns;
    bp_buf tmp;
    bp_buf pruned;     /* what libxml2 parses (prune.c) */
    bp_runs prune_map; /* its text's offsets in the page before pruning */
    bp_els els;
    bp_class_info *classes;  /* BP_CLASS_CACHE entries, allocated on first use */
    const bp_stoplist *stop; /* list used for this document, or NULL */
    /* Metadata found (pointers into tmp-like storage owned by meta). */
    bp_buf meta[8];
    /* Plain text read in a legacy encoding (decode.c): the text decoded,
     * and where the last offset looked up in it lies in both. */
    bp_buf dec;
    int dec_on;
    int valid; /* raw is valid UTF-8 throughout (lines need no check) */
    /* The core already read raw as valid UTF-8 with no byte order mark: it
     * made no "decoded" view (core/decode.c adds one before the first stage
     * whenever weft_textenc_guess says otherwise, or for a BOM). Then
     * bp_text_decode takes that decision instead of guessing again over the
     * same bytes; 0 (the trainer, unit tests) guesses as before. */
    int raw_utf8;
    size_t dec_at, dec_raw;
    size_t dec_rawlen; /* raw's length */
    size_t dec_base;   /* raw bytes before the decoded text (a UTF-16 byte order mark) */
    int dec_utf16;     /* 0 one character a byte; 1 UTF-16LE, 2 UTF-16BE (decode.c) */
    const char *note;  /* what the reading of this document says about it, or NULL */
    bp_ml *ml;         /* plainml.c's scratch, allocated on first use */
    bp_line *lines;    /* plain text: each block's counts (bp_lines_read) */
    size_t lines_cap;
    /* plain text: bp_lines_read picks w->stop from the words it reads
     * (bp_process sets it when the pick would count them), and the lists'
     * bits of each word of the blocks in the pick's sample */
    int pick_in_pass;
    uint32_t *wbits;
    size_t wbits_cap;
    /* plain text: the runs of ASCII letters and bytes from 0x80 the line
     * pass found that may hold a content word (plainml.c's shared words):
     * (start in text << 32 | length << 1 | a byte from 0x80 in it), each
     * block's from its bp_line.vfirst, vn of them */
    uint64_t *vruns;
    size_t vruns_n, vruns_cap;
    /* the pick's count when the pass took it (pick_in_pass): the sample's
     * words and each list's hits, as bp_stop_pick_count gives them */
    uint32_t pick_words;
    uint32_t pick_hits[64];
} bp_work;

/* BM_CHARSET: the encoding raw was transcoded from (none when UTF-8), so a
 * reader of raw's bytes (offsets, the -f html report) can decode them. */
enum bp_meta_key {
    BM_TITLE,
    BM_AUTHOR,
    BM_DATE,
    BM_URL,
    BM_CANONICAL,
    BM_LANGUAGE,
    BM_DESC,
    BM_CHARSET
};

/* buf.c */
int bp_buf_reserve(bp_buf *b, size_t extra);
int bp_buf_put(bp_buf *b, const char *s, size_t n);
int bp_buf_putc(bp_buf *b, char c);
void bp_buf_free(bp_buf *b);
int bp_runs_add(bp_runs *r, uint32_t dst, uint32_t src, uint32_t len);
void bp_runs_free(bp_runs *r);
bp_block *bp_blocks_push(bp_blocks *bl);
uint32_t bp_count_chars(const char *s, size_t n);
/* Orders (key << 32 | index) pairs by key so that equal keys end up side by
 * side (repeated lines, repeated prefixes): a radix sort on the key's four
 * bytes, with no comparison callback per pair. tmp holds n values too;
 * returns the array that holds the result (a or tmp). */
uint64_t *bp_sort_hi32(uint64_t *a, uint64_t *tmp, size_t n);
/* The same pairs with equal keys side by side, in no set order (the
 * readers of repeats count a key's pairs, nothing more): through a hash
 * table of the keys for a block's worth of pairs (cheaper than four radix
 * passes), by bp_sort_hi32 for more. Returns a or tmp, as it does. */
uint64_t *bp_group_hi32(uint64_t *a, uint64_t *tmp, size_t n);
int bp_is_space_cp(uint32_t cp);
int bp_set_meta(bp_buf *m, const char *s, size_t n);
const char *bp_memmem(const char *h, size_t hn, const char *nd, size_t nn);

/* The character at u[0..n) (n > 0), decoded by the shared strict decoder;
 * returns its length. An invalid byte is one character, U+FFFD, as weft
 * writes it. */
static inline size_t bp_next_cp(const unsigned char *u, size_t n, uint32_t *cp) {
    int32_t c;
    size_t l = weft_utf8_decode(u, n, &c);
    *cp = c < 0 ? 0xFFFDu : (uint32_t)c;
    return l;
}

/* prune.c: the page less comments, script and style bodies and unread
 * attributes, into out (NUL-terminated). 0, or -1 out of memory. */
int bp_prune(const char *s, size_t n, bp_buf *out);
/* The same, and map (when not NULL) receives a run for every stretch of s
 * copied to out as it is: the text between the markup, and whatever is
 * passed on verbatim. */
int bp_prune_map(const char *s, size_t n, bp_buf *out, bp_runs *map);

/* prune.c copies the HTML tokenizing rules of libxml2 2.9 (libxml2 2.14
 * rewrote its tokenizer): the versions, as LIBXML_VERSION numbers, it is
 * tested with, [MIN, END). Outside them libxml2 gets the whole page. */
#define BP_PRUNE_LIBXML_MIN 20900
#define BP_PRUNE_LIBXML_END 21000

/* xmlver.c: whether the pre-pass may run with libxml2 headers of version
 * built (LIBXML_VERSION) and a library reporting runtime (xmlParserVersion,
 * "20914", maybe with a suffix); a missing or malformed runtime is not. */
int bp_prune_tested(long built, const char *runtime);
/* The same for this build and the library loaded; *runtime is set to the
 * library's version string (never NULL) and *built to LIBXML_VERSION. */
int bp_prune_usable(const char **runtime, long *built);

/* stopfile.c: the stop lists as a prebuilt table file (#17; format in
 * docs/design-notes.md, "Boilerplate plugin"). */
#define BP_STOP_NLANGS    20
#define BP_STOP_FILE_NAME "boilerplate/stoplists.weftstp"
#define BP_STOP_FILE_VER  1u
/* The shipped lists in their order (the index's bits, the file's sections). */
typedef struct bp_stop_lang {
    const char *name, *code;
} bp_stop_lang;
extern const bp_stop_lang bp_stop_langs[BP_STOP_NLANGS];
/* The table file's bytes for sh's lists (all BP_STOP_NLANGS, in order,
 * and stop_any), made from lists whose weft_tab_sum is src; *out malloc'ed.
 * 0, or -1 out of memory. */
int bp_stop_file_write(const bp_shared *sh, uint64_t src, unsigned char **out, size_t *len);
/* Point sh->lists[0, BP_STOP_NLANGS) (allocated, zeroed) and sh->stop_any at
 * the table in p[0, n) after checking all of it (weft_tab_view, then every
 * array); sets nlists, names and codes. 0, or -1 with *why (the lists left
 * zeroed). Never reads outside p[0, n). */
int bp_stop_file_view(bp_shared *sh, const void *p, size_t n, uint64_t src, const char **why);
/* The file names of the lists ("boilerplate/stop-NAME.txt"), in order. */
void bp_stop_file_names(char names[BP_STOP_NLANGS][64]);

/* stopwords.c */
/* Fill l from a list in memory (one word a line; name is the file's name
 * for messages). WEFT_OK, or WEFT_EDATA with "NAME:LINE: why" in err. */
int bp_stop_load_text(bp_stoplist *l, const char *name, const char *text, size_t len, char *err,
                      size_t errsz);
void bp_stop_free(bp_stoplist *l);
/* Builds sh->stop_any from the loaded lists; WEFT_ENOMEM (and left empty)
 * when out of memory. */
int bp_stop_index(bp_shared *sh);
/* Builds sh->any_fast from sh->stop_any and the lists' filters (after
 * either is ready); bp_stop_any_free frees it. WEFT_OK, or WEFT_ENOMEM (and
 * left unbuilt: the lookups then take stop_any). */
int bp_stop_any_fast(bp_shared *sh);
void bp_stop_any_free(bp_shared *sh);
int bp_stop_has(const bp_stoplist *l, const char *w, size_t n);
/* The first m bytes of eight (m <= BP_STOP_SHORT), for a short word's key
 * read with one 8-byte load (stopwords.c). */
extern const unsigned char bp_word_mask[BP_STOP_SHORT + 1][8];
_Static_assert(BP_STOP_SHORT < 8, "a short word and its length fit one 64-bit key");
/* Eight ASCII bytes with 'A'..'Z' lowered, all at once: per byte, the top
 * bit of b + (0x80 - 'A') says b >= 'A', that of b + (0x7F - 'Z') says
 * b > 'Z' (no sum carries into the next byte). Bytes from 0x80 are left. */
static inline uint64_t bp_fold8(uint64_t x) {
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t b = x & ~high;
    uint64_t ge_a = b + ones * (0x80 - 'A'), gt_z = b + ones * (0x7F - 'Z');
    uint64_t upper = ge_a & ~gt_z & ~x & high;
    return x | upper >> 2;
}
/* The slot of short_keys where the probe for key starts. */
static inline size_t bp_stop_slot(uint64_t key, uint32_t mask) {
    return (size_t)((key * 0x9E3779B97F4A7C15u) >> 40) & mask;
}
/* The lists' bits of a short ASCII word in any_fast (built): the word's
 * eight bytes x as loaded (the bytes past it anything), its length m <=
 * BP_STOP_SHORT. The language pick's lookup, also the line pass's. */
static inline uint32_t bp_stop_any_short(const bp_stop_fast *f, uint64_t x, size_t m) {
    uint64_t mask;
    memcpy(&mask, bp_word_mask[m], 8);
    uint64_t key = (bp_fold8(x) & mask) | (uint64_t)m << 56;
    for (size_t i = bp_stop_slot(key, f->mask);; i = (i + 1) & f->mask) {
        if (f->keys[i] == key) return f->bits[i];
        if (!f->keys[i]) return 0;
    }
}
/* Whether code point c (from U+0080) is part of a word to the stoplists:
 * letters and digits of every script, not spaces or punctuation. */
static inline int bp_stop_word_cp(uint32_t c) {
    /* two-byte UTF-8 and up to U+1FFF, most non-ASCII text: the tests
     * below reduce to these (U+1680 is the one space among them) */
    if (c < 0x2000)
        return c > 0xBF && c != 0xD7 && c != 0xF7 && c != 0x060C && c != 0x061B && c != 0x061F &&
               c != 0x06D4 && c != 0x1680;
    if (c >= 0x2000 && c <= 0x206F) return 0; /* general punctuation */
    if (c >= 0x3000 && c <= 0x303F) return 0; /* CJK punctuation */
    if (c >= 0xFF00 && c <= 0xFF0F) return 0;
    return !bp_is_space_cp(c) && c != 0xFFFD;
}

/* Set bits: without a popcnt instruction in the target, gcc calls
 * libgcc's __popcountdi2; the SWAR count is as short and inline. */
static inline uint32_t bp_pop64(uint64_t x) {
#if defined(__POPCNT__)
    return (uint32_t)__builtin_popcountll(x);
#else
    x -= (x >> 1) & 0x5555555555555555u;
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (uint32_t)((x * 0x0101010101010101u) >> 56);
#endif
}

/* What bp_stop_runs carries from one 64-byte chunk to the next. */
typedef struct bp_run_carry {
    uint64_t w, la, m;
} bp_run_carry;

/* The stopword words of a 64-byte chunk, as bit masks (the language pick's
 * count and the line pass read them alike): W marks the word bytes, apos
 * the apostrophes; a word is a run of word bytes less the apostrophes that
 * open it (it starts at its first letter or digit). Returns the words'
 * first bytes and sets *ends to the bytes just after them. */
static inline uint64_t bp_stop_runs(bp_run_carry *c, uint64_t W, uint64_t apos, uint64_t *ends) {
    uint64_t wr = W & ~(W << 1 | c->w);
    uint64_t la = ((apos + (wr & apos) + c->la) ^ apos) & apos;
    uint64_t M = W & ~la;
    uint64_t starts = M & ~(M << 1 | c->m);
    *ends = ~M & (M << 1 | c->m);
    c->w = W >> 63;
    c->la = la >> 63;
    c->m = M >> 63;
    return starts;
}
/* Lowercases the word s[0, n) into out (at most cap bytes) as the lists
 * are: the length, or 0 when it does not fit. */
size_t bp_stop_lower(const char *s, size_t n, char *out, size_t cap);
/* Word and stopword counts of a text; words split at whitespace and
 * punctuation, lower-cased by the shared Unicode table (weft_uc_tolower). */
void bp_stop_count(const bp_stoplist *l, const char *s, size_t n, uint32_t *words, uint32_t *stops);
/* bp_stop_count for every list in sh->stop_any at once (built, and at most
 * 32 lists): adds the words to *words and list l's stopwords to stops[l]. */
void bp_stop_count_any(const bp_shared *sh, const char *s, size_t n, uint32_t *words,
                       uint32_t stops[32]);
/* Pick a list: by language code when given (e.g. "de-AT"), else the one that
 * covers most words of a sample. NULL when none fits. */
/* bp_stop_pick's count: the words of sample[0, n), and in hits[l] those
 * list l holds (the first nl lists, nl <= 64). */
uint32_t bp_stop_pick_count(const bp_shared *sh, const char *sample, size_t n, size_t nl,
                            uint32_t hits[64]);
const bp_stoplist *bp_stop_pick(const bp_shared *sh, const char *lang, size_t langlen,
                                const char *sample, size_t n);
/* bp_stop_pick's parts, for plain text's line pass (plainline.c), which
 * counts the sample's words as it reads them: whether the list is fixed or
 * declared (1, *list set: no count), whether the count goes through
 * stop_any and any_fast (bp_stop_pick_count's fast path, the one the pass
 * can stand in for), the bits of the lists holding the word s[start, p)
 * (s[0, n) may be read; ascii: no byte from 0x80), and the list the
 * count picks (hits[l] of list l among words). */
/* The bytes of the text the pick reads (its sample's length at most). */
#define BP_PICK_SAMPLE 4096
int bp_stop_pick_declared(const bp_shared *sh, const char *lang, size_t langlen,
                          const bp_stoplist **list);
int bp_stop_pick_by_any(const bp_shared *sh);
uint32_t bp_stop_any_word(const bp_shared *sh, const char *s, size_t n, size_t start, size_t p,
                          int ascii);
const bp_stoplist *bp_stop_pick_best(const bp_shared *sh, uint32_t words, const uint32_t hits[64]);
/* The list bp_stop_pick took for a sample of text, as the language to
 * report for it. A short text (up to BP_PICK_CLEAR_BYTES) holds few function
 * words, and lists share many (the large Finnish list holds "you", "best",
 * "jo", "sam"): the pick is reported when it leads every other list by
 * BP_PICK_CLEAR_LEAD words and a quarter; else the default list (the first,
 * English, as for a sample of under five words) when the pick does not lead
 * that one so, else none: the language is unknown ("Hi Sam, thanks for the
 * notes. See you Monday. Best, Jo" is not Finnish). A language named in the
 * configuration and a longer text are reported as picked. */
#define BP_PICK_CLEAR_BYTES 1000
#define BP_PICK_CLEAR_LEAD  2
const bp_stoplist *bp_stop_pick_report(const bp_shared *sh, const bp_stoplist *picked,
                                       const char *sample, size_t n);
/* The same from the sample's count (bp_stop_pick_count's words and hits). */
const bp_stoplist *bp_stop_pick_report_counts(const bp_shared *sh, const bp_stoplist *picked,
                                              size_t n, uint32_t words, const uint32_t hits[64]);

/* rules.c: phrase rules shared by both modes. Each returns a reason or 0. */
int bp_rule_line(const bp_phrases *ph, const char *s, size_t n, int short_block);
/* The same rules for a line of scraped text, where they name only lines that
 * are the prompt or label itself: needles match whole words, and a sentence
 * that merely mentions a cookie or a subscriber is not a banner. */
int bp_rule_line_plain(const bp_phrases *ph, const char *s, size_t n);
/* bp_rule_line_plain, and bp_rule_classes of the same line into *classes,
 * reading the line once. chars is bp_count_chars(s, n), which the caller
 * has already (bp_block.nchars): the rules need not count again. */
int bp_rule_scan_plain(const bp_phrases *ph, const char *s, size_t n, uint32_t chars,
                       unsigned *classes);
int bp_is_copyright(const bp_phrases *ph, const char *s, size_t n);
/* Does a line the plain rules remove as a cookie, subscribe or copyright
 * label name that word as its topic without asking anything of the reader
 * ("Newsletter publisher fined", "Regulator fines retailer over cookie
 * banner", "Copyright ruling hits publishers")? Three words or more, no
 * sentence end, no label colon or bar, no word addressing the reader, no
 * prompt's opening or cue: "Cookie settings", "Manage cookies", "Subscribe
 * now", "Newsletter: sign up" are not. Where it stands decides whether it
 * is a headline (plain.c's title phase). */
int bp_rule_topic_line(const bp_phrases *ph, const char *s, size_t n);
/* Does a block of any length hold a cookie or subscribe phrase without
 * reading as a sentence about a third party or a reported one: text that
 * may be a banner's or a prompt's ("Sign up for our newsletter to get...")?
 * Asked of blocks a cookie or newsletter class holds (refine.c). */
int bp_rule_asks(const bp_phrases *ph, const char *s, size_t n);
/* Words of a line: runs of bytes between spaces. */
size_t bp_count_words(const char *s, size_t n);
/* Which phrase lists a line matches, whatever its length (bp_rule_line
 * applies them to short lines only): features of the learned classifier. */
enum {
    BP_RC_SHARE = 1u << 0,
    BP_RC_AD = 1u << 1,
    BP_RC_COPYRIGHT = 1u << 2,
    BP_RC_COOKIE = 1u << 3,
    BP_RC_RELATED = 1u << 4,
    BP_RC_SUBSCRIBE = 1u << 5,
    BP_RC_BYLINE = 1u << 6,
    BP_RC_CAPTION = 1u << 7,
    BP_RC_MISC = 1u << 8,
    BP_RC_COUNT = 9,
    BP_RC_READ = 1u << 15 /* bp_block.rclasses holds the classes */
};
unsigned bp_rule_classes(const bp_phrases *ph, const char *s, size_t n);
/* Case-insensitive ASCII helpers. */
int bp_starts_with_ci(const char *s, size_t n, const char *prefix);
/* Is w[0, n) a byline's word that is an ordinary word too ("Von", "Di",
 * "Par", "Por"): a byline it opens needs a name after it. */
int bp_byline_word_ambiguous(const char *w, size_t n);
/* The bytes of a byline's name opening s[0, n): two to four capitalised
 * words (small words inside, "Ana de la Cruz"; Markdown marks before it),
 * ending the line or before a comma, a separator, a mark or a date; 0 when
 * s opens no such name ("Von der Leyen sagte", "Di Maio ha detto"). */
size_t bp_byline_name_len(const char *s, size_t n);
const char *bp_find_ci(const char *s, size_t n, const char *needle);
/* Compare two texts for equality ignoring case, spaces and punctuation. */
int bp_same_words(const char *a, size_t an, const char *b, size_t bn);
/* Are a's letters and digits (as bp_same_words compares them) the first of
 * b's, ending where a word of b ends ("Storm hits coast" of "Storm hits
 * coast, thousands without power", not of "Storm hits coastal towns")? */
int bp_words_prefix(const char *a, size_t an, const char *b, size_t bn);

/* charset.c: the encoding to hand libxml2 (static string), and a note when
 * the declaration was overridden. */
const char *bp_sniff_charset(const char *raw, size_t n, const char **note);
/* The same for plain text, which declares nothing: "UTF-8" or
 * "windows-1252" (the rule is in charset.c), and a note whenever the text
 * is not valid UTF-8. */
const char *bp_text_charset(const char *raw, size_t n, const char **note);
/* Transcodes raw from enc to UTF-8 into out (NUL-terminated), one U+FFFD
 * for each byte the charset does not define. 0, -1 when iconv does not
 * know enc, -2 out of memory. */
int bp_to_utf8(const char *enc, const char *raw, size_t n, bp_buf *out);
/* Does raw look like HTML? Like binary data? */
int bp_looks_html(const char *raw, size_t n);
int bp_looks_binary(const char *raw, size_t n);

/* rawmap.c: offsets of the text libxml2 parses (the page transcoded to
 * UTF-8, "pre", then pruned) back to raw. */
enum {
    BP_MAP_SAME,   /* pre is raw */
    BP_MAP_FFFD,   /* pre is raw with each bad UTF-8 byte as U+FFFD */
    BP_MAP_SINGLE, /* pre is raw in a single-byte charset, one character a byte */
    BP_MAP_NONE    /* no map */
};
typedef struct bp_rawmap {
    const char *raw, *pre;
    size_t rawlen, prelen;
    int mode;
    const bp_runs *prune; /* pruned text -> pre, NULL when not pruned */
    size_t ri;            /* the prune run found last */
    size_t q, r;          /* where the last walk stopped: pre offset q is raw offset r */
} bp_rawmap;
void bp_rawmap_init(bp_rawmap *m, const char *raw, size_t rawlen, const char *pre, size_t prelen,
                    int mode, const bp_runs *prune);
/* The raw offset of offset p of the parsed text (a character boundary), or
 * -1 when it has none. Cheapest when asked in increasing order. */
int64_t bp_rawmap_at(bp_rawmap *m, size_t p);

/* html.c: parse raw as HTML into w->blocks and w->meta. Returns WEFT_OK,
 * or WEFT_EDATA with a message in msg when nothing could be parsed. */
int bp_html(bp_work *w, const char *raw, size_t n, char *msg, size_t msgsz);

/* decode.c: plain text that is not valid UTF-8. Sets w->note, and when
 * the text reads as windows-1252, decodes it into w->dec and points
 * text and len there (else at raw). 0, or -1 out of memory. */
int bp_text_decode(bp_work *w, const char *raw, size_t n, const char **text, size_t *len);
/* Appends bytes [b, e) of the decoded text to the block being filled (the
 * last one), with runs for the bytes copied verbatim, and extends its span
 * of raw. 0, or -1 out of memory. */
int bp_text_copy(bp_work *w, size_t b, size_t e);
/* plainnorm.c: what a renderer added to a line of plain text. */
enum {
    BP_MK_HEADING = 1u << 0, /* "## Title" */
    BP_MK_ITEM = 1u << 1,    /* a bullet or "1. " */
    BP_MK_EMPH = 1u << 2,    /* "**bold**", "_italic_" */
    BP_MK_LINK = 1u << 3,    /* "[text](url)" */
    BP_MK_FORM = 1u << 4,    /* "____ Go (BUTTON)", "[svg]", "[INS::INS]" */
    BP_MK_INDENT = 1u << 5,  /* indented by 3 columns or more */
    BP_MK_TABLE = 1u << 6,   /* cells between pipes, or a "---|---" rule */
};
typedef struct bp_span {
    uint32_t b, e;
} bp_span;
/* Where the text of the trimmed line raw[b, e) starts past its Markdown
 * quote marks ("> ", "> > ") and heading marks ("## ", setting
 * BP_MK_HEADING in *marks): the only marks short text, read as written, is
 * read past too (a "#tag" or a "* " stays). */
size_t bp_norm_lead(const char *raw, size_t b, size_t e, unsigned *marks);
/* The bytes of the bullet a renderer writes before a list item at s[0, n)
 * (lynx's "* ", "+ ", and "o " or "# " where it indents, w3m's "• ", "◦ ",
 * "□ "...), a space following; 0 when s opens no bullet. */
size_t bp_norm_bullet(const char *s, size_t n, int indented);
/* bp_norm_line's options: BP_NORM_LYNX strips lynx's link numbers
 * ("[12]Home"), in a text bp_norm_lynx_doc finds them in. */
enum { BP_NORM_LYNX = 1u << 0 };
/* The spans of raw[b, e) (one trimmed line; ls is where the line starts,
 * before its indentation) that hold text once the marks are stripped, at
 * most max (>= 1) of them; *marks says which marks were seen. A form line
 * is kept whole (its text stays in the layer); a table rule has no span. */
size_t bp_norm_line(const char *raw, size_t ls, size_t b, size_t e, bp_span *sp, size_t max,
                    unsigned opts, unsigned *marks);
/* Whether raw[0, n) holds lynx's link numbers: BP_NORM_LYNX_MIN of them at
 * least, rising down the text from a small one (lynx numbers every link of
 * a page from 1; a lone "[4141]Name", or years and ids in brackets, are
 * other marks, left as written). */
#define BP_NORM_LYNX_MIN 3
int bp_norm_lynx_doc(const char *raw, size_t n);
/* Text of at most this many bytes is read as written, marks included. */
#define BP_NORM_MIN_BYTES 1000
/* Plain text of at most this many characters is a message or a snippet, not
 * a page (plain.c, prose.c). */
#define BP_SHORT_TEXT 1000

/* plain.c: split raw text into lines and paragraphs and classify them. */
int bp_plain(bp_work *w, const char *raw, size_t n);
/* Rules, metadata lines and classification of the plain-text blocks. */
int bp_plain_classify(bp_work *w); /* 0, or -1 out of memory */
/* The bytes of a separator at s[k] inside a byline or a title ("|", "·",
 * "•", "–", "—", or " - "'s hyphen), else 0. */
size_t bp_sep_len(const char *s, size_t n, size_t k);
/* A byline's author and date into w->meta ("By Jane Doe | 4 May 2026",
 * "Posted on 12 March 2024 by Jane Doe", "Published 3 May 2026, 09:12"):
 * the name after "by", the date from its first number, month or weekday
 * on, Markdown emphasis read past. The date is set only when none is. */
void bp_take_byline(bp_work *w, const char *s, size_t n);

/* classify.c: jusText-style classification with context smoothing over
 * w->blocks[from, to), for blocks still kept. */
void bp_classify(bp_work *w, size_t from, size_t to, int plain);

int bp_sentence_end(const char *s, size_t n);

/* refine.c: phrase rules, link density, title and duplicate checks over the
 * blocks bp_select kept. */
void bp_refine(bp_work *w);

/* Fills nchars of every block and, with stopwords set (plain text), nwords
 * and nstop and the rest of each block's counts (plainline.h, w->lines;
 * after the stoplist is chosen). 0, or -1 out of memory. */
int bp_features(bp_work *w, int stopwords);
/* Frees every buffer w owns and zeroes it, keeping sh and stop (work.c). */
void bp_work_release(bp_work *w);

/* out.c: a removed block's record in the boilerplate layer, [begin, end)
 * of raw: from its first character to its last; 0 when its span is not
 * known exactly (it then has no record). */
int bp_block_span(const bp_block *b, size_t raw_len, uint32_t *begin, uint32_t *end);
/* prose.c: what a line says about being written text. Words exclude
 * @mentions, #hashtags and URLs (tags, of them urls links); cjk counts characters of scripts
 * written without spaces; ends counts sentence ends (. ! ? 。 …). */
typedef struct bp_prose {
    uint32_t words, stops, cjk, ends, tags, urls;
} bp_prose;
void bp_prose_scan(const bp_stoplist *stop, const char *s, size_t n, bp_prose *p);
/* Whether s[0..n), a block of nchars characters, is at least half in a
 * script without spaces (p.cjk * 2 >= nchars) and reads as prose
 * (bp_prose_is): bp_prose_scan's answer, reading a long run of Han or kana
 * only as far as it takes. */
int bp_prose_spaceless(const bp_stoplist *stop, const char *s, size_t n, size_t nchars);
/* Reads as running prose: sentences with function words, any length. */
int bp_prose_is(const bp_prose *p);
int bp_prose_line(const bp_work *w, const char *s, size_t n);
/* The last word on plain text: content that reads as prose is not eaten
 * (a short clean document is kept whole, a document is never left empty
 * while it holds prose, text in scripts without stopword lists is judged
 * as prose). Changes only verdicts the classifier gave. */
void bp_prose_guard(bp_work *w);

/* out.c: build the text view, its map and the layer. */
int bp_emit(const weft_host *host, bp_work *w, weft_doc *doc, weft_error *err, size_t raw_len);

#endif
