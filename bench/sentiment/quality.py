#!/usr/bin/env python3
"""Quality of the sentiment stage on the VADER dev split, through the weft binary.

Runs `weft run` (scope = "document") over every dev text of the four gold
corpora, then prints per corpus: exact matches against the reference VADER's
scores (reference_scores.tsv), Pearson r of compound against the mean human
rating, and 3-class accuracy / weighted F1 (thresholds +-0.05 on compound and
on mean/4, the convention of VADER_SPEC.md section 13). The texts are read from
../shared/data/sentiment/dev/ into a temporary folder, never into the repo.

    python3 bench/sentiment/quality.py [BUILD_DIR]
"""
import json
import math
import os
import subprocess
import sys
import tempfile

DEV = "../shared/data/sentiment/dev"
STEMS = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def cls(v):
    return 1 if v >= 0.05 else (-1 if v <= -0.05 else 0)


def weighted_f1(gold, pred):
    total, f1 = len(gold), 0.0
    for c in (-1, 0, 1):
        tp = sum(1 for g, p in zip(gold, pred) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred) if g == c and p != c)
        support = tp + fn
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / support if support else 0.0
        f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        f1 += f * support / total
    return f1


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    if not os.path.isdir(DEV):
        print(f"skipped: {DEV} is absent")
        return 0
    ref = {}
    with open(os.path.join(DEV, "reference_scores.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            r = line.rstrip("\n").split("\t")
            ref[(r[0], r[1])] = [float(x) for x in r[3:7]]
    with tempfile.TemporaryDirectory() as tmp:
        docs, gold = os.path.join(tmp, "dev.jsonl"), {}
        with open(docs, "w", encoding="utf-8") as out:
            for stem in STEMS:
                with open(os.path.join(DEV, stem + "_GroundTruth.txt"), encoding="utf-8") as f:
                    for line in f:
                        rid, mean, text = line.rstrip("\n").split("\t", 2)
                        gold[(stem, rid)] = float(mean)
                        out.write(json.dumps({"id": stem + "\t" + rid, "text": text}) + "\n")
        script = os.path.join(tmp, "doc.lua")
        with open(script, "w") as f:
            f.write('return weft.pipeline { weft.stage "sentiment" { scope = "document" } }\n')
        run = subprocess.run([os.path.join(build, "weft"), "run", script, "--input", "jsonl", docs],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            return 1
        got = {}
        for line in run.stdout.splitlines():
            d = json.loads(line)
            a = d["attrs"]
            got[tuple(d["id"].split("\t"))] = [a["sentiment." + k] for k in ("neg", "neu", "pos", "compound")]
    print(f"{'corpus':<22} {'texts':>6} {'= reference':>12} {'pearson r':>10} {'accuracy':>9} {'F1 (w)':>7}")
    for stem in STEMS + ["all"]:
        keys = [k for k in got if stem in ("all", k[0])]
        same = sum(1 for k in keys if got[k] == ref[k])
        comp = [got[k][3] for k in keys]
        g = [gold[k] for k in keys]
        gc, pc = [cls(v / 4) for v in g], [cls(v) for v in comp]
        acc = sum(1 for a, b in zip(gc, pc) if a == b) / len(keys)
        print(f"{stem:<22} {len(keys):>6} {same:>12} {pearson(comp, g):>10.3f} {acc:>9.3f} "
              f"{weighted_f1(gc, pc):>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
