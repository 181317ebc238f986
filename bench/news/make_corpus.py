#!/usr/bin/env python3
"""Build a news-like JSON Lines corpus ({"id", "text"} per line) of at least
TARGET_MB megabytes for bench/news/run.sh, out of text the machine already
has: the article bodies of the boilerplate dev pages (aeb ground truth) and the NYT
editorial snippets of the sentiment dev split (both read from the shared data
folder, never copied into the repository), else plain-text files under
/usr/share/doc. Documents are a headline and 3 to 14 paragraphs drawn with a
fixed seed from that pool, so every run builds the same bytes and no two
documents are the same text repeated.

    python3 make_corpus.py DATA_ROOT TARGET_MB OUT.jsonl

Prints "documents bytes largest_document_bytes source" on stdout.
"""
import gzip
import json
import os
import random
import re
import sys

MIN_PARA = 40  # shorter lines are captions, bylines and labels, not prose


def paragraphs_of(text):
    for p in re.split(r"\n\s*\n", text):
        p = " ".join(p.split())
        if len(p) >= MIN_PARA:
            yield p


def from_articles(path):
    """The article bodies of the boilerplate ground truth: clean news prose,
    without the menus and teasers of the page."""
    out = []
    if not os.path.isfile(path):
        return out
    with open(path, encoding="utf-8") as fh:
        truth = json.load(fh)
    for key in sorted(truth):
        out.extend(paragraphs_of(truth[key].get("articleBody") or ""))
    return out


def from_editorials(path):
    """Group the snippets of one editorial (ids GROUP_N) into paragraphs of
    four sentences, in their order."""
    out = []
    if not os.path.isfile(path):
        return out
    groups = {}
    order = []
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) != 3:
                continue
            g = parts[0].split("_")[0]
            if g not in groups:
                groups[g] = []
                order.append(g)
            groups[g].append(parts[2].strip())
    for g in order:
        s = groups[g]
        for i in range(0, len(s), 4):
            p = " ".join(s[i : i + 4])
            if len(p) >= MIN_PARA:
                out.append(p)
    return out


def from_docs(root="/usr/share/doc", limit=20000):
    """Fallback when the shared data folder is absent: READMEs and other
    plain-text files of the installed packages."""
    out = []
    for dirpath, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if not (f.startswith("README") or f.endswith(".txt") or f.endswith(".txt.gz")):
                continue
            p = os.path.join(dirpath, f)
            try:
                raw = gzip.open(p).read() if f.endswith(".gz") else open(p, "rb").read()
            except OSError:
                continue
            out.extend(paragraphs_of(raw.decode("utf-8", "replace")))
            if len(out) >= limit:
                return out
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: make_corpus.py DATA_ROOT TARGET_MB OUT.jsonl")
    data, target, out_path = sys.argv[1], float(sys.argv[2]) * 1e6, sys.argv[3]
    pool = from_articles(os.path.join(data, "boilerplate/dev/aeb/ground-truth.json"))
    pool += from_editorials(os.path.join(data, "sentiment/dev/nytEditorialSnippets_GroundTruth.txt"))
    source = "aeb article bodies + NYT editorial snippets"
    if len(pool) < 500:
        pool = from_docs()
        source = "/usr/share/doc plain text"
    if len(pool) < 50:
        sys.exit("make_corpus.py: fewer than 50 paragraphs of text found under %s or /usr/share/doc" % data)
    rng = random.Random(20261127)
    n = size = largest = 0
    tmp = out_path + ".part"
    with open(tmp, "w", encoding="utf-8") as out:
        while size < target:
            head = re.split(r"(?<=[.!?])\s", rng.choice(pool), maxsplit=1)[0][:120].strip().rstrip(".")
            body = [rng.choice(pool) for _ in range(rng.randint(3, 14))]
            line = json.dumps({"id": "news-%06d" % n, "text": "\n\n".join([head] + body)},
                              ensure_ascii=False, separators=(",", ":")) + "\n"
            b = len(line.encode("utf-8"))
            out.write(line)
            n += 1
            size += b
            largest = max(largest, b)
    os.replace(tmp, out_path)
    print(n, size, largest, source.replace(" ", "_"))


if __name__ == "__main__":
    main()
