#!/usr/bin/env python3
"""weft output (JSON Lines, offsets in code points) -> score.py span JSONL.

usage: to_score.py WEFT_OUT.jsonl > PRED.jsonl
Documents are written in id order; a document that failed keeps whatever
entities it has (none) so the scorer still counts its gold entities.
"""
import json
import sys

docs = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        d = json.loads(line)
        if d["offsets"] != "codepoints":
            sys.exit("to_score.py: run weft with --offsets codepoints")
        ents = [{"start": e["begin"], "end": e["end"], "label": e["label"]}
                for e in d.get("layers", {}).get("entity", [])]
        docs.append((int(d["id"]), ents))
for i, ents in sorted(docs):
    print(json.dumps({"id": i, "entities": ents}))
