/*
 * weft/sorted.h: binary search over a sorted array, for the core and for
 * plugins.
 *
 * Header-only so that a plugin can use it without linking any weft symbol.
 * WEFT_LOWER_BOUND defines a typed function instead of taking a comparison
 * callback: the searches it serves (a layer's records by begin, VADER's
 * emoji by code point, the entity stage's pattern matches) sit on hot paths,
 * where an indirect call per step would cost more than the search itself.
 *
 *     #define REC_BEGIN_LESS(rec, key) ((rec).begin < (key))
 *     WEFT_LOWER_BOUND(first_at, weft_ann, uint32_t, REC_BEGIN_LESS)
 *     size_t i = first_at(records, n, 42);   // first record with begin >= 42
 *
 * Self-contained C11: includes only <stddef.h>.
 */
#ifndef WEFT_SORTED_H
#define WEFT_SORTED_H

#include <stddef.h>

/* Defines `static inline size_t NAME(const TYPE *a, size_t n, KEY key)`,
 * which returns the first index i in [0, n] at which LESS(a[i], key) is
 * false, for an array in which LESS holds for a prefix and fails after it
 * (n when it holds everywhere). LESS(elem, key) is a macro or function. */
#define WEFT_LOWER_BOUND(NAME, TYPE, KEY, LESS)                                                    \
    static inline size_t NAME(const TYPE *a, size_t n, KEY key) {                                  \
        size_t lo = 0, hi = n;                                                                     \
        while (lo < hi) {                                                                          \
            size_t mid = lo + (hi - lo) / 2;                                                       \
            if (LESS(a[mid], key))                                                                 \
                lo = mid + 1;                                                                      \
            else                                                                                   \
                hi = mid;                                                                          \
        }                                                                                          \
        return lo;                                                                                 \
    }

#endif /* WEFT_SORTED_H */
