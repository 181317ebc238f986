/*
 * Splitting the document title into tokens (title.h).
 */
#include "title.h"

#include "weft/unicode.h"
#include "weft/utf8.h"

enum { C_SPACE, C_LETTER, C_DIGIT, C_MARK, C_APOS, C_DOT, C_COMMA, C_OTHER };

/* Class of the character at s[i] and its length in bytes. */
static int cclass(const char *s, size_t n, size_t i, size_t *len) {
    int32_t cp;
    *len = weft_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (cp == WEFT_UTF8_INVALID) return C_OTHER;
    if (cp == '\'' || cp == 0x2019) return C_APOS;
    if (cp == '.') return C_DOT;
    if (cp == ',') return C_COMMA;
    uint32_t u = (uint32_t)cp;
    if (weft_uc_is_space(u)) return C_SPACE;
    if (weft_uc_is_letter(u)) return C_LETTER;
    if (weft_uc_is_digit(u) || weft_uc_is_number(u)) return C_DIGIT;
    enum weft_uc_gc gc = weft_uc_gc(u);
    if (gc == WEFT_GC_MN || gc == WEFT_GC_MC || gc == WEFT_GC_ME) return C_MARK;
    return C_OTHER;
}

static int wordish(int c) {
    return c == C_LETTER || c == C_DIGIT || c == C_MARK;
}

size_t ent_title_split(const char *s, size_t n, ent_tok *out, size_t max) {
    size_t nt = 0, i = 0;
    while (i < n) {
        size_t l;
        int c = cclass(s, n, i, &l);
        if (c == C_SPACE) {
            i += l;
            continue;
        }
        size_t b = i;
        uint8_t kind = K_PUNCT;
        if (wordish(c)) {
            kind = c == C_DIGIT ? K_NUMBER : K_WORD;
            int prev = c, dots = 0;
            i += l;
            while (i < n) {
                size_t l2, l3 = 0;
                int c2 = cclass(s, n, i, &l2);
                if (wordish(c2)) {
                    prev = c2;
                    i += l2;
                    continue;
                }
                int next = i + l2 < n ? cclass(s, n, i + l2, &l3) : C_SPACE;
                /* joiners: O'Neil, 3.5, 1,000, U.S */
                int join = (c2 == C_APOS && prev == C_LETTER && next == C_LETTER) ||
                           ((c2 == C_DOT || c2 == C_COMMA) && prev == C_DIGIT && next == C_DIGIT) ||
                           (c2 == C_DOT && prev == C_LETTER && next == C_LETTER);
                if (join) {
                    dots += c2 == C_DOT;
                    i += l2;
                    continue;
                }
                /* the final dot of an abbreviation with dots inside: U.S. */
                if (c2 == C_DOT && dots && prev == C_LETTER) {
                    i += l2;
                    kind = K_OTHER;
                }
                break;
            }
        } else {
            i += l;
        }
        if (nt < max) {
            out[nt] = (ent_tok){.b = (uint32_t)b, .e = (uint32_t)i, .kind = kind};
        }
        nt++;
    }
    return nt;
}

int ent_title_has_letter(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        size_t l;
        if (cclass(s, n, i, &l) == C_LETTER) return 1;
        i += l;
    }
    return 0;
}

int ent_title_cased(const ent_tok *T, size_t n) {
    size_t words = 0;
    for (size_t i = 0; i < n; i++) {
        if (T[i].letters < 4) continue;
        if (T[i].shape == SH_LOWER) return 0;
        words++;
    }
    return words >= 2;
}
