/*
 * weft/grow.h: growing a malloc'ed array, for the core and for plugins.
 *
 * Header-only (static inline) so that a plugin can use it without linking
 * any weft symbol. Every growable array in weft goes through weft_grow, so
 * the size arithmetic that guards against wrap-around is written (and
 * tested) once: a copy of it without the check once let a huge request wrap
 * to a small allocation.
 *
 * Self-contained C11: includes only <stddef.h>, <stdint.h> and <stdlib.h>.
 */
#ifndef WEFT_GROW_H
#define WEFT_GROW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Makes the array *arr of elem-byte elements hold at least need of them,
 * doubling *cap (8 at first) so that appends cost amortised O(1). Returns
 * 0, or -1 (leaving *arr and *cap as they were) when out of memory or when
 * need * elem would not fit in a size_t. The pointer moves: do not keep
 * pointers into the array across a call. */
static inline int weft_grow(void **arr, size_t *cap, size_t need, size_t elem) {
    if (need <= *cap) return 0;
    if (elem == 0 || need > SIZE_MAX / elem) return -1;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / elem) {
            ncap = need; /* doubling would overflow: exactly what was asked */
            break;
        }
        ncap *= 2;
    }
    void *p = realloc(*arr, ncap * elem);
    if (!p) return -1;
    *arr = p;
    *cap = ncap;
    return 0;
}

#ifdef __cplusplus
}
#endif
#endif /* WEFT_GROW_H */
