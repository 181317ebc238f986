#!/usr/bin/env python3
"""The document title as context, measured without titled gold: each
document's first sentence leaves the text and becomes its title (attribute
`title`), and the rest is scored with and without it.

usage: title_proxy.py GOLD.conll OUTDIR
writes OUTDIR/rest.conll (the documents of two sentences or more, without
their first) and OUTDIR/title.lua (bench/entities/ner.lua's pipeline behind
a Lua stage that sets each document's title by its id, the document's
number in rest.conll, as score.py --emit-text numbers them).

A proxy: the first sentence of a wikigold article ("X is a ...") names its
subject in full as a headline does; CoNLL-2003's first sentences are
headlines, most in capitals, which the stage does not read.
"""
import json
import sys


def docs_of(path):
    docs, cur, sent = [], None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-"):
                if cur is not None:
                    if sent:
                        cur.append(sent)
                    docs.append(cur)
                cur, sent = [], []
            elif not line.strip():
                if sent:
                    cur.append(sent)
                    sent = []
            elif cur is not None:
                sent.append(line)
    if cur is not None:
        if sent:
            cur.append(sent)
        docs.append(cur)
    return docs


def main():
    gold, out = sys.argv[1], sys.argv[2]
    keep = [d for d in docs_of(gold) if len(d) >= 2]
    with open(f"{out}/rest.conll", "w", encoding="utf-8") as f:
        for d in keep:
            f.write("-DOCSTART- O\n\n")
            for s in d[1:]:
                f.write("\n".join(s) + "\n\n")
    with open(f"{out}/title.lua", "w", encoding="utf-8") as f:
        f.write("local titles = {\n")
        for i, d in enumerate(keep):
            title = " ".join(line.split()[0] for line in d[0])
            # a JSON string without \\u escapes is a Lua string
            f.write(f'  ["{i}"] = {json.dumps(title, ensure_ascii=False)},\n')
        f.write("}\n")
        f.write(
            "return weft.pipeline {\n"
            '  weft.lua "title" { run = function(doc)\n'
            "    local t = titles[tostring(doc.id)]\n"
            '    if t then doc:set("title", t) end\n'
            "  end },\n"
            '  weft.stage "ent_tok" {},\n'
            '  weft.stage "entities" { labels = { "PER", "ORG", "LOC", "MISC" } },\n'
            "}\n"
        )
    print(f"{len(keep)} documents of two sentences or more", file=sys.stderr)


main()
