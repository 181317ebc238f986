/*
 * VADER's "but" rule with the reference's list.index() quirk (VADER_SPEC.md
 * §7): for k = 0..n-1, the value x = S[k] is looked up again and the FIRST
 * slot holding an equal value is scaled (x0.5 before the "but", x1.5 after).
 * The reference does that with a linear search per token, O(n^2); here it
 * runs in O(n log n) with one pairing heap of positions per distinct value.
 */
#ifndef VADER_BUTRULE_H
#define VADER_BUTRULE_H

#include <stddef.h>
#include <stdint.h>

typedef struct vader_but_scratch {
    /* pairing-heap nodes, one per nonzero slot: position, child, sibling */
    int32_t *pos, *child, *sib, *stack;
    size_t node_cap;
    /* value -> heap root, open addressing on the double's bits */
    uint64_t *keys;
    int32_t *roots;
    size_t map_cap;
} vader_but_scratch;

/* Rewrite S[0..n) in place as the reference does; bi is the position of the
 * first "but". Returns 0, or -1 when out of memory (S is then unchanged). */
int vader_but_rule(double *s, size_t n, size_t bi, vader_but_scratch *bs);
/* The reference's quadratic procedure, literally; used for short inputs
 * and as the oracle in tests. */
void vader_but_rule_naive(double *s, size_t n, size_t bi);
void vader_but_scratch_free(vader_but_scratch *bs);

#endif
