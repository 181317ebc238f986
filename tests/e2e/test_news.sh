# The news profile end to end on the bundled examples: cleaned text, entities,
# sentence tones, the Lua summary, and the -f text report (no colour when
# not on a terminal). Also the report mechanism itself.
. tests/e2e/lib.sh
run news-json 0 $WEFT run -p news examples/news/ -j 2
cp "$T/out" "$T/news.jsonl"
pycheck news-docs "$T/news.jsonl" '
assert [d["id"] for d in docs] == ["examples/news/grain-exports.txt", "examples/news/harbour-bridge.html"]
for d in docs:
    assert d["view"] == "text" and d["errors"] == [], d["errors"]
    t = d["text"]
    for bad in ("Related Articles", "cookies", "Share this", "All rights reserved", "More news"):
        assert bad not in t, (bad, t)
    ents = {(e["label"], t.encode()[e["begin"]:e["end"]].decode()) for e in d["layers"]["entity"]}
    sents = d["layers"]["sentence"]
    assert len(d["layers"]["sentiment"]) == len(sents) > 3
    assert d["attrs"]["summary.tone"] in ("positive", "negative", "neutral")
    assert d["attrs"]["summary.top_entities"]
    assert d["attrs"]["summary.most_positive"] and d["attrs"]["summary.most_negative"]
    assert "report" not in d["attrs"]  # built only when the output is -f text
g, h = docs
assert g["attrs"]["title"] == "Farmers welcome record grain exports"
# "By Daniel Reyes | Published 10 May 2026, 14:05": the author and the date
assert g["attrs"]["author"] == "Daniel Reyes" and g["attrs"]["date"] == "10 May 2026, 14:05", g["attrs"]
assert g["text"].startswith("Grain exports from the Valmont region")  # repeated headline and byline gone
assert ("PERCENT", "8%") in {(e["label"], g["text"].encode()[e["begin"]:e["end"]].decode()) for e in g["layers"]["entity"]}
assert h["attrs"]["author"] == "Maria Okafor"
hents = {(e["label"], h["text"].encode()[e["begin"]:e["end"]].decode()) for e in h["layers"]["entity"]}
assert ("PER", "Helen Brandt") in hents and ("MONEY", "$48 million") in hents, hents
assert "Helen Brandt (PER) x2" in h["attrs"]["summary.top_entities"], h["attrs"]["summary.top_entities"]
assert "great day" in h["attrs"]["summary.most_positive"]
# issue 16: names rank before dates and amounts ("3.2 million tonnes (QUANTITY)" and
# "April (DATE)" led the top entities of the grain story, before its union and its people)
import re
for d in docs:
    labels = re.findall(r"\(([A-Z]+)\) x\d+", d["attrs"]["summary.top_entities"])
    named = [l in ("PER", "ORG", "LOC", "MISC") for l in labels]
    assert named == sorted(named, reverse=True), d["attrs"]["summary.top_entities"]
top = g["attrs"]["summary.top_entities"]
assert "Valmont Farmers Union (ORG) x1" in top and "Priya Natarajan (PER) x1" in top, top
assert "QUANTITY" not in top and "DATE" not in top, top
'
run news-text 0 $WEFT run -p news -f text examples/news/harbour-bridge.html
contains news-text-title "$T/out" "Port Elden opens new harbour bridge after six years"
contains news-text-entities "$T/out" "  PER       Helen Brandt (2)"
contains news-text-tone "$T/out" "Tone  "
if grep -q "$(printf '\033')" "$T/out"; then fail news-text-no-colour "ANSI codes written to a file"; else pass news-text-no-colour; fi

# the report mechanism: a "report" attribute replaces the generic text output
cat >"$T/r.lua" <<'LUA'
return weft.pipeline {
  weft.lua "r" { run = function(doc) doc:set("report", "\27[1mBold\27[0m " .. doc.id .. "\27") end },
}
LUA
printf 'x' >"$T/a.txt"
run report 0 $WEFT run "$T/r.lua" "$T/a.txt" "$T/a.txt" -f text
python3 - "$T/out" "$T/a.txt" <<'PY' && pass report-plain || fail report-plain "$(cat "$T/out")"
import sys
out = open(sys.argv[1], encoding="utf-8").read()
a = sys.argv[2]
assert out == "Bold %s\n\nBold %s\n" % (a, a), repr(out)
PY

# -f tsv: one entity per line after a header; -f conll: BIO tags per token
run tsv 0 $WEFT run -p news -f tsv examples/news/ -j 2
python3 - "$T/out" <<'PY' && pass tsv-format || fail tsv-format "$(head -5 "$T/out")"
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert lines[0] == "id\tlabel\tbegin\tend\ttext\tscore\tsource", lines[0]
rows = [l.split("\t") for l in lines[1:]]
assert all(len(r) == 7 for r in rows), rows
assert ["examples/news/harbour-bridge.html", "MONEY"] == [r for r in rows if r[4] == "$48 million"][0][:2]
# the profile's entities stage has the shipped model: it names the people
assert any(r[1] == "PER" and r[4] == "Helen Brandt" and r[6] == "model" for r in rows), rows
assert len({r[0] for r in rows}) == 2
PY
run conll 0 $WEFT run -p news -f conll examples/news/harbour-bridge.html
python3 - "$T/out" <<'PY' && pass conll-format || fail conll-format "$(head -20 "$T/out")"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
assert text.startswith("# id = examples/news/harbour-bridge.html\n"), text[:80]
sents = [s for s in text.split("\n\n") if s.strip()]
assert len(sents) >= 6, len(sents)
toks = [l.split("\t") for l in text.splitlines() if l and not l.startswith("#")]
assert all(len(t) == 2 for t in toks)
pairs = [tuple(t) for t in toks]
i = pairs.index(("Helen", "B-PER"))
assert pairs[i + 1] == ("Brandt", "I-PER") and pairs[i - 1] == ("Mayor", "O"), pairs[i - 1:i + 2]
assert ("$", "B-MONEY") in pairs or ("$48", "B-MONEY") in pairs, [p for p in pairs if "MONEY" in p[1]]
PY

# the clean profile prints just the main text with -f text
run clean-text 0 $WEFT run -p clean -f text examples/news/harbour-bridge.html
python3 - "$T/out" <<'PY' && pass clean-text-only || fail clean-text-only "$(head -3 "$T/out")"
import sys
out = open(sys.argv[1], encoding="utf-8").read()
assert out.startswith("Mayor Helen Brandt cut the ribbon"), out[:80]
assert "==" not in out and "view:" not in out and "Related Articles" not in out
assert out.rstrip().endswith("from April 1.")
PY

# weft.output tells scripts the output format (nil for embedders)
cat >"$T/o.lua" <<'LUA'
return weft.pipeline { weft.lua "o" { run = function(doc) doc:set("out", tostring(weft.output)) end } }
LUA
printf 'x' >"$T/x.txt"
run output-jsonl 0 $WEFT run "$T/o.lua" "$T/x.txt"
contains output-jsonl-value "$T/out" '"out":"jsonl"'
run output-tsv 0 $WEFT run "$T/o.lua" "$T/x.txt" -f json
contains output-json-value "$T/out" '"out":"json"'
# a story with no negative (or positive) sentence has no most negative (positive) one
printf 'The council met on Tuesday in the town hall. The meeting lasted two hours. Members discussed the budget for next year.\n' >"$T/flat.txt"
printf 'The council met on Tuesday. Residents were delighted with the wonderful new park.\n' >"$T/glad.txt"
run news-flat 0 $WEFT run -p news "$T/flat.txt" "$T/glad.txt"
pycheck news-flat-extremes "$T/out" '
a, b = docs[0]["attrs"], docs[1]["attrs"]
assert a["summary.tone"] == "neutral" and "summary.most_negative" not in a and "summary.most_positive" not in a, a
assert "delighted" in b["summary.most_positive"] and "summary.most_negative" not in b, b
'
# the summary merges a later partial mention whatever the case of a surname's particle,
# and an ORG mention without its legal form or with a possessive
printf 'Harwick Shipping Ltd bought two ships. Harwick Shipping'"'"'s bid was the lowest, its chief executive said.\n\nLucia da Silva met Anna Kowalski in Leiden. Da Silva spoke first.\n' >"$T/particles.txt"
run news-merge 0 $WEFT run -p news -f text --input text "$T/particles.txt"
contains news-merge-particle "$T/out" "  PER       Lucia da Silva (2), Anna Kowalski"
contains news-merge-legal-form "$T/out" "  ORG       Harwick Shipping Ltd (2)"
# a short mention before the full name meets it too, and the longest name
# claims its words whatever comes first ("Van der Meer" before "Pieter van der Meer")
printf 'Brandt opened the bridge in Port Elden on Saturday, the council said. Later, Mayor Helen Brandt thanked the builders. Van der Meer was there. Pieter van der Meer spoke too.\n' >"$T/before.txt"
run news-merge-before 0 $WEFT run -p news -f text --input text "$T/before.txt"
contains news-merge-before-names "$T/out" "  PER       Helen Brandt (2), Pieter van der Meer (2)"
