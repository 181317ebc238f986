#!/usr/bin/env python3
"""Which gold type becomes which predicted type, from the errors of
score.py (--errors FILE: kind, unit, start, end, type, text; FN = a gold
span not predicted exactly, FP = a predicted span not in gold).

usage: confusion.py ERRORS.tsv [EXAMPLES]

Every error falls in one class, counted per type and printed largest first
with up to EXAMPLES (default 5) texts:
  type     the same span in gold and prediction, another type (FN + FP pair)
  boundary a predicted span overlapping a gold span it does not match
  spurious a predicted span overlapping no gold span
  missed   a gold span no predicted span overlaps
A boundary error counts once, by the predicted span; the gold spans it
overlaps are not counted again as missed. Spans score.py could not place
on tokens (start "charN") overlap nothing.

The entities bench prints it for wikigold, model and rules side by side: it
says whether a domain's errors are types or boundaries, and which type
pair to work on first.
"""
import collections
import sys


def tokpos(v):
    return int(v) if v.isdigit() else None


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: confusion.py ERRORS.tsv [EXAMPLES]")
    nex = int(sys.argv[2]) if len(sys.argv) == 3 else 5
    fn, fp = [], []
    with open(sys.argv[1], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            r = line.rstrip("\n").split("\t")
            if n == 1 and r[0] == "kind":
                continue
            if len(r) != 6 or r[0] not in ("FN", "FP"):
                sys.exit("confusion.py: %s:%d: not a score.py --errors line" % (sys.argv[1], n))
            span = (r[1], tokpos(r[2]), tokpos(r[3]))
            (fn if r[0] == "FN" else fp).append((span, r[4], r[5]))

    def overlap(a, b):
        return (a[0] == b[0] and None not in a[1:] and None not in b[1:] and a[1] < b[2]
                and b[1] < a[2])

    gold_at = {s: (t, x) for s, t, x in fn}
    pred_at = {s for s, _, _ in fp}
    count = collections.Counter()
    ex = collections.defaultdict(list)
    hit = set()

    def note(key, text):
        count[key] += 1
        if len(ex[key]) < nex:
            ex[key].append(text)

    for s, t, x in fp:
        if s in gold_at and s[1] is not None:
            note(("type", gold_at[s][0] + " -> " + t), x)
            hit.add(s)
            continue
        over = [g for g in gold_at if overlap(g, s)]
        if over:
            hit.update(over)
            g = min(over)
            note(("boundary", "%s (gold %s)" % (t, gold_at[g][0])),
                 "%s | gold %s" % (x, gold_at[g][1]))
        else:
            note(("spurious", t), x)
    for s, t, x in fn:
        if s not in hit and s not in pred_at:
            note(("missed", t), x)
    total = collections.Counter()
    for (kind, _), c in count.items():
        total[kind] += c
    for kind in ("type", "boundary", "spurious", "missed"):
        print("%s errors: %d" % (kind, total[kind]))
        for (k, what), c in count.most_common():
            if k == kind:
                print("  %5d  %-22s %s" % (c, what, "; ".join(ex[(k, what)])))


if __name__ == "__main__":
    main()
