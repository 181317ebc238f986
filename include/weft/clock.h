/*
 * weft/clock.h: the words written after a clock time, for every plugin
 * that reads times: "8:00 PM ET", "10:15 a.m. EDT", "14.05 BST".
 *
 * Two plugins need the same lists: the entity patterns (a TIME span takes
 * them) and the sentence splitter (no sentence ends between "8:00 PM" and
 * "ET" although a capitalised word follows a number there). The lists are
 * kept here once so that both read a time alike.
 *
 * Header-only so that a plugin can use it without linking any weft symbol.
 * Self-contained C11: includes only <stddef.h>.
 */
#ifndef WEFT_CLOCK_H
#define WEFT_CLOCK_H

#include <stddef.h>

/* The half of the day: "am", "pm", "a.m.", "p.m." ("a.m" when the
 * tokenizer gave the final period to the sentence); lower case, NULL
 * ended. */
static inline const char *const *weft_clock_ampm(void) {
    static const char *const w[] = {"am", "pm", "a.m.", "p.m.", "a.m", "p.m", NULL};
    return w;
}

/* Time zone abbreviations written after a clock time; lower case, NULL
 * ended. The short ones that are also words or initials ("ET", "PT", "CT",
 * "MT", "IST") name a zone only after a time: callers check that. */
static inline const char *const *weft_clock_zones(void) {
    static const char *const w[] = {"gmt",  "utc",  "bst", "cet", "cest", "eet", "eest", "wet",
                                    "west", "ist",  "jst", "kst", "hkt",  "sgt", "aest", "aedt",
                                    "est",  "edt",  "cst", "cdt", "mst",  "mdt", "pst",  "pdt",
                                    "akst", "akdt", "hst", "et",  "ct",   "mt",  "pt",   NULL};
    return w;
}

/* Is s[0, n) one of the words of list, ASCII letters compared without
 * case? */
static inline int weft_clock_is(const char *s, size_t n, const char *const *list) {
    for (; *list; list++) {
        size_t i = 0;
        const char *w = *list;
        while (i < n && w[i] && (s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]) == w[i]) i++;
        if (i == n && !w[i]) return 1;
    }
    return 0;
}

#endif /* WEFT_CLOCK_H */
