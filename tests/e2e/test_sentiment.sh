# The sentiment stage end to end: weft run over JSON Lines of hand-written
# texts, both scopes (sentences from an inline Lua stage), parameters from
# the script and --set, lexicon errors with file and line, and the 91 quirk
# probes of the shared data when it is present.
. tests/e2e/lib.sh

cat >"$T/in.jsonl" <<'JSONL'
{"id":"plain","text":"The soup tastes good"}
{"id":"two","text":"The soup was lovely! But the room was not nice."}
{"id":"empty","text":""}
{"id":"punct","text":"?!?! ..."}
{"id":"emoji","text":"Dinner \ud83d\ude00"}
{"id":"caps","text":"The soup is GOOD"}
JSONL

cat >"$T/doc.lua" <<'LUA'
return weft.pipeline { weft.stage "sentiment" { scope = "document" } }
LUA
run doc-scope 0 $WEFT run "$T/doc.lua" "$T/in.jsonl"
cp "$T/out" "$T/doc.jsonl"
pycheck doc-scope-values "$T/doc.jsonl" '
import math
by = {d["id"]: d for d in docs}
def norm(x): return x / math.sqrt(x * x + 15)
a = by["plain"]["attrs"]
assert a["sentiment.compound"] == round(norm(1.9), 4) == 0.4404, a
tot = 2.9 + 3
assert (a["sentiment.neg"], a["sentiment.neu"], a["sentiment.pos"]) == (0.0, round(3 / tot, 3), round(2.9 / tot, 3)), a
assert by["caps"]["attrs"]["sentiment.compound"] == round(norm(1.9 + 0.733), 4), by["caps"]["attrs"]
assert by["emoji"]["attrs"]["sentiment.compound"] == round(norm(1.5), 4), by["emoji"]["attrs"]
for k in ("empty",):
    assert by[k]["attrs"] == {"sentiment.neg": 0.0, "sentiment.neu": 0.0, "sentiment.pos": 0.0, "sentiment.compound": 0.0}, by[k]
assert by["punct"]["attrs"]["sentiment.neu"] == 1.0
for d in docs:
    recs = d["layers"]["sentiment"]
    assert len(recs) == 1 and recs[0]["begin"] == 0 and recs[0]["end"] == len(d["text"].encode()), d
    for k in ("neg", "neu", "pos", "compound"):
        assert recs[0]["attrs"][k] == d["attrs"]["sentiment." + k], d
    assert abs(recs[0]["score"] - d["attrs"]["sentiment.compound"]) < 1e-6
    assert d["errors"] == []
'

cat >"$T/sent.lua" <<'LUA'
return weft.pipeline {
  weft.lua "sentences" {
    provides = { "sentence" },
    run = function(doc)
      local t = doc:text()
      for b, e in t:gmatch("()[^.!?]+[.!?]*()") do
        local lead = #t:sub(b, e - 1):match("^%s*")
        if b + lead < e then doc:add("sentence", b - 1 + lead, e - 1) end
      end
    end,
  },
  weft.stage "sentiment" { },
}
LUA
run sentence-scope 0 $WEFT run "$T/sent.lua" "$T/in.jsonl" --span-text
cp "$T/out" "$T/sent.jsonl"
pycheck sentence-scope-records "$T/sent.jsonl" '
by = {d["id"]: d for d in docs}
d = by["two"]
recs = d["layers"]["sentiment"]
assert [r["text"] for r in recs] == ["The soup was lovely!", "But the room was not nice."], recs
assert recs[0]["attrs"]["compound"] > 0.5 and recs[1]["attrs"]["compound"] < 0, recs
mean = sum(r["attrs"]["compound"] for r in recs) / 2
assert abs(d["attrs"]["sentiment.compound"] - mean) < 1e-15, d["attrs"]
assert d["attrs"]["sentiment.sentences"] == 2
e = by["empty"]
assert e["attrs"]["sentiment.sentences"] == 0 and e["layers"].get("sentiment", []) == [], e
'

# --set goes through the same validation; extra words change scores
run set-extra 0 $WEFT run "$T/doc.lua" "$T/in.jsonl" --set sentiment.unrounded=true
cp "$T/out" "$T/raw.jsonl"
pycheck unrounded "$T/raw.jsonl" '
import math
a = docs[0]["attrs"]
assert a["sentiment.compound"] == 1.9 / math.sqrt(1.9 * 1.9 + 15), a
'
cat >"$T/extra.lua" <<'LUA'
return weft.pipeline { weft.stage "sentiment" {
  scope = "document", extra = { soup = -2 }, negations = { "nae" } } }
LUA
printf '{"id":"x","text":"nae soup"}\n' >"$T/x.jsonl"
run extra 0 $WEFT run "$T/extra.lua" "$T/x.jsonl"
cp "$T/out" "$T/extra.out"
pycheck extra-value "$T/extra.out" '
import math
x = -2 * -0.74
assert docs[0]["attrs"]["sentiment.compound"] == round(x / math.sqrt(x * x + 15), 4), docs[0]
'

# lexicon errors name the file and line; the run stops before any document
printf 'good\t1.9\n\nbad\tworse\n' >"$T/bad.tsv"
cat >"$T/badlex.lua" <<'LUA'
return weft.pipeline { weft.stage "sentiment" { lexicon = "bad.tsv" } }
LUA
run bad-lexicon 2 $WEFT run "$T/badlex.lua" "$T/in.jsonl"
contains bad-lexicon-message "$T/err" "bad.tsv:3: valence 'worse' of 'bad' is not a finite number"
cat >"$T/badparam.lua" <<'LUA'
return weft.pipeline { weft.stage "sentiment" { extra = { Good = 1 } } }
LUA
run bad-extra 2 $WEFT run "$T/badparam.lua" "$T/in.jsonl"
contains bad-extra-message "$T/err" "'Good' has upper-case letters"

# The 91 quirk probes through the binary, when the shared data is here.
Q=../shared/data/sentiment/dev/quirk_cases_reference.tsv
if [ -f "$Q" ]; then
    python3 - "$Q" "$T/q.jsonl" <<'PY'
import json, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")][1:]
with open(sys.argv[2], "w") as f:
    for r in rows:
        f.write(json.dumps({"id": r[0], "text": r[1]}) + "\n")
PY
    run quirks 0 $WEFT run "$T/doc.lua" "$T/q.jsonl"
    cp "$T/out" "$T/q.out"
    pycheck quirks-exact "$T/q.out" "
rows = [l.rstrip('\n').split('\t') for l in open('$Q', encoding='utf-8')][1:]
assert len(rows) == len(docs) == 91
bad = [r[0] for r, d in zip(rows, docs)
       if [d['attrs']['sentiment.' + k] for k in ('neg', 'neu', 'pos', 'compound')] != [float(x) for x in r[2:6]]]
assert not bad, bad
"
else
    skip sentiment-quirk-probes "$Q absent"
fi

# With the real tokenizer (profile -p sentiment), when it is built and loads:
# sentence scope then scores the tokenizer's sentences.
if $WEFT plugins info tokenizer >/dev/null 2>&1; then
    run profile 0 $WEFT run -p sentiment --input jsonl --span-text "$T/in.jsonl"
    cp "$T/out" "$T/prof.jsonl"
    pycheck profile-sentences "$T/prof.jsonl" '
by = {d["id"]: d for d in docs}
d = by["two"]
sents, recs = d["layers"]["sentence"], d["layers"]["sentiment"]
assert [(s["begin"], s["end"]) for s in sents] == [(r["begin"], r["end"]) for r in recs], d
assert d["attrs"]["sentiment.sentences"] == len(sents) == 2, d["attrs"]
assert recs[0]["attrs"]["compound"] > 0.5 and recs[1]["attrs"]["compound"] < 0, recs
'
else
    skip sentiment-profile "the tokenizer plugin is not available"
fi
