#!/usr/bin/env python3
"""Splits a CoNLL gold file and its predictions (score.py span JSONL, one
line a document, ids in document order) into two halves by document: even
documents (0, 2, 4, ...) and odd ones, each renumbered from 0.

usage: halves.py GOLD.conll PRED.jsonl OUTPREFIX
writes OUTPREFIX.{0,1}.conll and OUTPREFIX.{0,1}.jsonl

The entities bench reports wikigold on each half beside the whole, so that
a choice made by looking at one half (a default, a threshold) can be
checked on the other, and the gap between halves shows how much a figure
moves with the documents drawn.
"""
import json
import sys

gold, pred, out = sys.argv[1:4]
docs, head = [], []
with open(gold, encoding="utf-8") as f:
    for line in f:
        if line.startswith("-DOCSTART-"):
            docs.append([])
        (docs[-1] if docs else head).append(line)
if not docs:
    sys.exit("halves.py: %s has no -DOCSTART- lines" % gold)
preds = {}
with open(pred, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            d = json.loads(line)
            preds[int(d["id"])] = d
for h in (0, 1):
    with open("%s.%d.conll" % (out, h), "w", encoding="utf-8") as f:
        f.write("".join(head))
        for i in range(h, len(docs), 2):
            f.write("".join(docs[i]))
    with open("%s.%d.jsonl" % (out, h), "w", encoding="utf-8") as f:
        for i in range(h, len(docs), 2):
            d = dict(preds.get(i, {"entities": []}))
            d["id"] = i // 2
            f.write(json.dumps(d) + "\n")
