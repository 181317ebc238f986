/*
 * Cues of page furniture for the plain-text classifier (plainml.c), aimed
 * at its false keeps on pages it was not trained on: photo captions and
 * credits ("Photo: ...", "(Getty Images)", "Image caption ...",
 * "Name/Agency"), the bracketed image names w3m and lynx print
 * ("[how-to-ret]", "[IMG]"), runs of headline-like lines (related-story
 * lists, menus of titles), and lines repeated with another tail (a promo
 * printed under every teaser). Every cue is a shape or a word of a closed
 * list, never a site's text, and reads the same in every renderer.
 */
#include <stdlib.h>
#include <string.h>

#include "bp.h"
#include "plaincue.h"

/* The lists below are sorted by length, then bytes, and indexed by length:
 * a word is compared only with the listed words of its length. */
#define CUE_MAXN 12

/* Words that open a caption or a credit line. */
static const char *const cue_first[] = {"pic",
                                        "bild",
                                        "foto",
                                        "fotos",
                                        "image",
                                        "media",
                                        "photo",
                                        "bilder",
                                        "credit",
                                        "imagem",
                                        "imagen",
                                        "images",
                                        "photos",
                                        "quelle",
                                        "source",
                                        "caption",
                                        "credits",
                                        "cr\xC3\xA9"
                                        "dit",
                                        "picture",
                                        "courtesy",
                                        "pictured",
                                        "pictures",
                                        "zdj\xC4\x99"
                                        "cie",
                                        "\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE",
                                        "\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE",
                                        "copyright",
                                        "bildquelle",
                                        "fotografie",
                                        "photograph",
                                        "screenshot",
                                        "symbolbild",
                                        "illustration",
                                        "photographie"};
/* cue_first[cue_first_at[n], cue_first_at[n + 1]) are the words of n bytes. */
static const unsigned char cue_first_at[CUE_MAXN + 2] = {0,  0,  0,  0,  1,  3,  7,
                                                         15, 19, 25, 26, 31, 31, 33};

/* Words of a credit: picture agencies and the words around them. */
static const char *const cue_credit[] = {"ap",
                                         "afp",
                                         "dpa",
                                         "efe",
                                         "epa",
                                         "ansa",
                                         "file",
                                         "foto",
                                         "sipa",
                                         "tass",
                                         "alamy",
                                         "belga",
                                         "fotos",
                                         "getty",
                                         "image",
                                         "imago",
                                         "kyodo",
                                         "photo",
                                         "corbis",
                                         "credit",
                                         "fuente",
                                         "images",
                                         "istock",
                                         "photos",
                                         "quelle",
                                         "source",
                                         "xinhua",
                                         "yonhap",
                                         "anadolu",
                                         "caption",
                                         "handout",
                                         "picture",
                                         "pixabay",
                                         "reuters",
                                         "courtesy",
                                         "keystone",
                                         "pictured",
                                         "unsplash",
                                         "\xD0\xA4\xD0\xBE\xD1\x82\xD0\xBE",
                                         "\xD1\x84\xD0\xBE\xD1\x82\xD0\xBE",
                                         "copyright",
                                         "wikimedia",
                                         "symbolbild",
                                         "\xD0\xB0\xD1\x80\xD1\x85\xD0\xB8\xD0\xB2",
                                         "istockphoto",
                                         "shutterstock"};
/* cue_credit[cue_credit_at[n], cue_credit_at[n + 1]) are the words of n bytes. */
static const unsigned char cue_credit_at[CUE_MAXN + 2] = {0,  0,  0,  1,  5,  10, 18,
                                                          28, 34, 40, 42, 44, 45, 46};

/* Bracketed words that name an image. */
static const char *const cue_img[] = {"gif",  "img",  "jpg",  "pic",   "png",  "svg",
                                      "bild", "foto", "webp", "image", "photo"};
/* cue_img[cue_img_at[n], cue_img_at[n + 1]) are the words of n bytes. */
static const unsigned char cue_img_at[CUE_MAXN + 2] = {0,  0,  0,  0,  6,  9,  11,
                                                       11, 11, 11, 11, 11, 11, 11};

static int cue_in(const char *const *l, const unsigned char *at, const char *w, size_t n) {
    if (n > CUE_MAXN) return 0;
    for (unsigned k = at[n]; k < at[n + 1]; k++)
        if (l[k][0] == w[0] && memcmp(l[k], w, n) == 0) return 1;
    return 0;
}

static int cue_letter(unsigned char c) {
    return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80;
}

/* Does the bracketed text t[0, n) name an image: a listed word in it
 * (ASCII case folded), or a file name? */
static int cue_img_token(const char *t, size_t n) {
    char low[48];
    if (n >= sizeof low) return 0;
    for (size_t i = 0; i < n; i++)
        low[i] =
            (char)((unsigned char)t[i] < 0x80 && t[i] >= 'A' && t[i] <= 'Z' ? t[i] | 0x20 : t[i]);
    for (size_t i = 0; i < n;) {
        while (i < n && !cue_letter((unsigned char)low[i])) i++;
        size_t b = i;
        while (i < n && cue_letter((unsigned char)low[i])) i++;
        if (i > b && cue_in(cue_img, cue_img_at, low + b, i - b)) return 1;
    }
    return 0;
}

/* The bracketed tokens of a line: "[how-to-ret]" at its end, "[IMG]". */
static unsigned cue_brackets(const char *s, size_t n) {
    unsigned f = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '[') continue;
        size_t j = i + 1;
        while (j < n && j - i <= 41 && s[j] != ']' && s[j] != '[') j++;
        if (j >= n || s[j] != ']' || j - i > 41) continue;
        const char *t = s + i + 1;
        size_t tn = j - i - 1, d = 0;
        while (d < tn && t[d] >= '0' && t[d] <= '9') d++;
        if (tn && d == tn) {
            f |= BP_CUE_BRK_NUM;
        } else if (tn) {
            size_t after = j + 1;
            while (after < n && (s[after] == ' ' || s[after] == '.')) after++;
            f |= i == 0 ? BP_CUE_BRK_START : after == n ? BP_CUE_BRK_END : BP_CUE_BRK_MID;
            if (cue_img_token(t, tn)) f |= BP_CUE_BRK_IMG;
        }
        i = j;
    }
    return f;
}

/* The caption and credit cues of a line, word by word (ASCII case folded;
 * the lists spell other scripts in both cases). */
static unsigned cue_caption(const char *s, size_t n) {
    unsigned f = 0;
    int first = 1, depth = 0, credit_in_paren = 0, last_credit = 0;
    if (n > 600) n = 600; /* a caption is not longer; the start decides */
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (!cue_letter(c)) {
            if (c == '(' || c == '[') depth++;
            if ((c == ')' || c == ']') && depth) depth--;
            if (c >= '0' && c <= '9') last_credit = 0;
            i++;
            continue;
        }
        size_t b = i;
        char low[24];
        size_t ln = 0;
        while (i < n && cue_letter((unsigned char)s[i])) {
            if (ln < sizeof low) {
                unsigned char x = (unsigned char)s[i];
                low[ln] = (char)(x >= 'A' && x <= 'Z' ? x | 0x20 : x);
            }
            ln++;
            i++;
        }
        if (ln > sizeof low) {
            first = 0;
            last_credit = 0;
            continue;
        }
        if (first && cue_in(cue_first, cue_first_at, low, ln))
            f |= BP_CUE_CAP_FIRST | BP_CUE_CAP_ANY;
        first = 0;
        last_credit = cue_in(cue_credit, cue_credit_at, low, ln);
        if (last_credit) {
            f |= BP_CUE_CAP_ANY;
            if (depth) credit_in_paren = 1;
            if ((b && s[b - 1] == '/') || (i < n && s[i] == '/')) f |= BP_CUE_CAP_PAREN;
        }
    }
    /* the credit closes the line: "(Getty Images)", "Name/Reuters file" */
    size_t e = n;
    while (e && (s[e - 1] == ' ' || s[e - 1] == '.')) e--;
    if (e && (s[e - 1] == ')' || s[e - 1] == ']') && credit_in_paren) f |= BP_CUE_CAP_PAREN;
    if (last_credit) f |= BP_CUE_CAP_LAST;
    return f;
}

/* The first 24 letters and digits, case folded: a line repeated with
 * another tail ("Title 1", "Title 2", "Title image") shares them. */
static uint32_t cue_key(const char *s, size_t n) {
    uint32_t h = 2166136261u;
    size_t k = 0;
    for (size_t i = 0; i < n && k < 24; i++) {
        unsigned char c = (unsigned char)s[i];
        int digit = c >= '0' && c <= '9';
        if (!digit && !cue_letter(c)) continue;
        if (c >= 'A' && c <= 'Z') c |= 0x20;
        h = (h ^ c) * 16777619u;
        k++;
    }
    return k >= 16 ? h | 1u : 0;
}

void bp_cue_line(const char *s, size_t n, uint32_t nchars, uint32_t words, int send, int prose,
                 bp_cueb *c) {
    memset(c, 0, sizeof *c);
    c->cap = (uint8_t)cue_caption(s, n);
    c->brk = (uint8_t)(memchr(s, '[', n) ? cue_brackets(s, n) : 0);
    c->key = cue_key(s, n);
    c->head = !send && !prose && words >= 3 && words <= 25 && nchars <= 160;
    c->shortl = !send && words >= 1 && nchars < 80;
}

void bp_cue_set(const char *s, size_t n, unsigned cap, int bracket, uint32_t key, uint32_t nchars,
                uint32_t words, int send, int prose, bp_cueb *c) {
    memset(c, 0, sizeof *c);
    c->cap = (uint8_t)cap;
    c->brk = (uint8_t)(bracket ? cue_brackets(s, n) : 0);
    c->key = key;
    c->head = !send && !prose && words >= 3 && words <= 25 && nchars <= 160;
    c->shortl = !send && words >= 1 && nchars < 80;
}

/* Per length up to CUE_MAXN, the first bytes of the listed caption and
 * credit words of that length as bits of (byte & 31), and their second and
 * last bytes the same way: most words of a text are ruled out before the lists
 * are read (the unit tests hold the tables to the lists). */
_Static_assert(CUE_MAXN == BP_CUE_MAXN, "the filters cover every listed length");
const uint32_t bp_cue_word_firsts[BP_CUE_MAXN + 1] = {
    0x00000000u, 0x00000000u, 0x00000002u, 0x00010032u, 0x00180046u, 0x00012AC6u, 0x030B024Cu,
    0x0005010Au, 0x04230808u, 0x00800008u, 0x00090044u, 0x00000200u, 0x00090200u};
const uint32_t bp_cue_word_seconds[BP_CUE_MAXN + 1] = {
    0x00000000u, 0x00000000u, 0x00010000u, 0x00010240u, 0x0000C202u, 0x0200B120u, 0x002CA300u,
    0x00044222u, 0x0000C230u, 0x00008200u, 0x02018308u, 0x00080000u, 0x00001100u};
const uint32_t bp_cue_word_lasts[BP_CUE_MAXN + 1] = {
    0x00000000u, 0x00000000u, 0x00010000u, 0x0001002Au, 0x00088032u, 0x02088022u, 0x001D6822u,
    0x02384020u, 0x42080130u, 0x00100002u, 0x00140130u, 0x00008000u, 0x00004820u};

unsigned bp_cue_word(const char *s, size_t n, int first) {
    if (!bp_cue_word_may(s, n)) return 0;
    char low[CUE_MAXN];
    for (size_t j = 0; j < n; j++) {
        unsigned char x = (unsigned char)s[j];
        low[j] = (char)(x >= 'A' && x <= 'Z' ? x | 0x20 : x);
    }
    return (first && cue_in(cue_first, cue_first_at, low, n) ? BP_CUE_WORD_FIRST : 0u) |
           (cue_in(cue_credit, cue_credit_at, low, n) ? BP_CUE_WORD_CREDIT : 0u);
}

static uint16_t cue_clamp16(size_t v) {
    return (uint16_t)(v > 65535 ? 65535 : v);
}

void bp_cue_doc(bp_cueb *c, size_t nb, uint64_t *scratch, uint64_t *spare) {
    /* runs of headline-like and of short lines */
    for (size_t i = 0; i < nb;) {
        size_t j = i;
        while (j < nb && c[j].head) j++;
        for (size_t k = i; k < j; k++) c[k].run = cue_clamp16(j - i);
        i = j > i ? j : i + 1;
    }
    for (size_t i = 0; i < nb;) {
        size_t j = i;
        while (j < nb && c[j].shortl) j++;
        for (size_t k = i; k < j; k++) c[k].srun = cue_clamp16(j - i);
        i = j > i ? j : i + 1;
    }
    /* same first letters elsewhere in the document */
    size_t m = 0;
    for (size_t i = 0; i < nb; i++)
        if (c[i].key) scratch[m++] = (uint64_t)c[i].key << 32 | (uint32_t)i;
    /* only equal keys side by side matter, not their order */
    scratch = bp_group_hi32(scratch, spare, m);
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && scratch[j] >> 32 == scratch[i] >> 32) j++;
        for (size_t k = i; k < j; k++) c[(uint32_t)scratch[k]].prep = cue_clamp16(j - i - 1);
        i = j;
    }
}

static unsigned cue_min(unsigned v, unsigned max) {
    return v > max ? max : v;
}

/* A run's size as 1, 2, 3-4, 5-8, 9 or more (0 to 4). */
static unsigned cue_runb(unsigned v) {
    return v <= 1 ? 0 : v == 2 ? 1 : v <= 4 ? 2 : v <= 8 ? 3 : 4;
}

/* A neighbour's cue in two bits: a caption word, a bracketed image. */
static unsigned cue_of(const bp_cueb *c) {
    return (c->cap & (BP_CUE_CAP_FIRST | BP_CUE_CAP_LAST | BP_CUE_CAP_PAREN) ? 1u : 0u) |
           (c->brk & (BP_CUE_BRK_START | BP_CUE_BRK_END | BP_CUE_BRK_MID) ? 2u : 0u);
}

unsigned bp_cue_code(const bp_cueb *c) {
    return cue_of(c) | (c->prep ? 4u : 0u) | (c->head && c->run >= 3 ? 8u : 0u);
}

size_t bp_cue_feats(const bp_cueb *c, size_t nb, size_t i, unsigned len, bp_cue_kv *out) {
    const bp_cueb *b = &c[i];
    size_t k = 0;
    unsigned l12 = cue_min(len, 12), l15 = cue_min(len, 15);
    for (unsigned bit = 0; bit < BP_CUE_CAP_BITS; bit++)
        if (b->cap & (1u << bit)) out[k++] = (bp_cue_kv){BP_CUE_F_CAP + bit, l12};
    for (unsigned bit = 0; bit < BP_CUE_BRK_BITS; bit++)
        if (b->brk & (1u << bit)) out[k++] = (bp_cue_kv){BP_CUE_F_BRK + bit, l12};
    if (b->head) out[k++] = (bp_cue_kv){BP_CUE_F_RUN, cue_runb(b->run) * 16 + l15};
    if (b->shortl) out[k++] = (bp_cue_kv){BP_CUE_F_SRUN, cue_runb(b->srun) * 16 + l15};
    if (b->key) out[k++] = (bp_cue_kv){BP_CUE_F_PREP, cue_min(b->prep, 3) * 16 + l15};
    unsigned prev = i > 0 ? cue_of(&c[i - 1]) : 0, next = i + 1 < nb ? cue_of(&c[i + 1]) : 0;
    out[k++] = (bp_cue_kv){BP_CUE_F_NEAR, prev * 4 + next};
    return k;
}
