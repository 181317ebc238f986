/*
 * UAX #29 word boundaries, rules WB3-WB999, evaluated forward from a known
 * boundary. The state is the raw class of the previous character (for the
 * rules that look at adjacent characters: WB3c, WB3d) and the classes of the
 * last two characters that WB4 does not ignore (for WB6/7, WB7b/c, WB11/12).
 */
#include "wordbreak.h"

#include "uprops.h"

static inline int ahl(unsigned c) {
    return c == WB_ALETTER || c == WB_HLETTER;
}
static inline int midnumletq(unsigned c) {
    return c == WB_MIDNUMLET || c == WB_SQUOTE;
}
static inline int ignored(unsigned c) {
    return c == WB_EXTEND || c == WB_FORMAT || c == WB_ZWJ;
}

static inline unsigned props_at(const unsigned char *s, size_t len, size_t j, size_t *n) {
    if (s[j] < 0x80) {
        *n = 1;
        return tok_uprop(s[j]);
    }
    return tok_uprop_of(tok_decode(s, len, j, n));
}

/* Class of the first character at or after j that WB4 does not skip;
 * WB_OTHER at the end of the text (no rule needs to tell them apart). */
static unsigned next_class(const unsigned char *s, size_t len, size_t j) {
    while (j < len) {
        size_t n;
        unsigned c = props_at(s, len, j, &n) & UP_WB_MASK;
        if (!ignored(c)) return c;
        j += n;
    }
    return WB_OTHER;
}

size_t tok_wb_next(const unsigned char *s, size_t len, size_t i) {
    size_t n;
    unsigned p = props_at(s, len, i, &n);
    unsigned raw = p & UP_WB_MASK;
    size_t j = i + n;
    if (raw == WB_CR) return (j < len && s[j] == '\n') ? j + 1 : j; /* WB3 */
    if (raw == WB_LF || raw == WB_NEWLINE) return j;                /* WB3a */
    unsigned prev = raw, prev2 = WB_OTHER;
    unsigned ri = raw == WB_RI; /* regional indicators in the current run */
    while (j < len) {
        p = props_at(s, len, j, &n);
        unsigned c = p & UP_WB_MASK;
        /* The common case first: letters and digits continuing a word. */
        if ((c == WB_ALETTER || c == WB_NUMERIC) && (prev == WB_ALETTER || prev == WB_NUMERIC) &&
            raw != WB_ZWJ)
            goto join;
        if (c == WB_CR || c == WB_LF || c == WB_NEWLINE) return j; /* WB3b */
        if (raw == WB_ZWJ && (p & UP_EXTPICT)) goto join;          /* WB3c */
        if (raw == WB_WSEGSPACE && c == WB_WSEGSPACE) goto join;   /* WB3d */
        if (ignored(c)) {                                          /* WB4 */
            raw = c;
            j += n;
            continue;
        }
        if (ahl(prev) && ahl(c)) goto join; /* WB5 */
        if (ahl(prev) && (c == WB_MIDLETTER || midnumletq(c)) && ahl(next_class(s, len, j + n)))
            goto join;                                                                     /* WB6 */
        if (ahl(prev2) && (prev == WB_MIDLETTER || midnumletq(prev)) && ahl(c)) goto join; /* WB7 */
        if (prev == WB_HLETTER && c == WB_SQUOTE) goto join; /* WB7a */
        if (prev == WB_HLETTER && c == WB_DQUOTE && next_class(s, len, j + n) == WB_HLETTER)
            goto join;                                                              /* WB7b */
        if (prev2 == WB_HLETTER && prev == WB_DQUOTE && c == WB_HLETTER) goto join; /* WB7c */
        if ((prev == WB_NUMERIC || ahl(prev)) && c == WB_NUMERIC) goto join;        /* WB8, 9 */
        if (prev == WB_NUMERIC && ahl(c)) goto join;                                /* WB10 */
        if (prev2 == WB_NUMERIC && (prev == WB_MIDNUM || midnumletq(prev)) && c == WB_NUMERIC)
            goto join; /* WB11 */
        if (prev == WB_NUMERIC && (c == WB_MIDNUM || midnumletq(c)) &&
            next_class(s, len, j + n) == WB_NUMERIC)
            goto join;                                          /* WB12 */
        if (prev == WB_KATAKANA && c == WB_KATAKANA) goto join; /* WB13 */
        if ((ahl(prev) || prev == WB_NUMERIC || prev == WB_KATAKANA || prev == WB_EXTENDNUMLET) &&
            c == WB_EXTENDNUMLET)
            goto join; /* WB13a */
        if (prev == WB_EXTENDNUMLET && (ahl(c) || c == WB_NUMERIC || c == WB_KATAKANA))
            goto join;                                          /* WB13b */
        if (prev == WB_RI && c == WB_RI && (ri & 1)) goto join; /* WB15, 16 */
        return j;                                               /* WB999 */
    join:
        ri = c == WB_RI ? ri + 1 : 0;
        prev2 = prev;
        prev = c;
        raw = c;
        j += n;
    }
    return j;
}
