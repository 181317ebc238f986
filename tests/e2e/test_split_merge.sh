# weft is a stateless per-document filter over JSON Lines: splitting the
# input across several weft processes with GNU parallel and merging in
# order gives byte-identical output to one process.
. tests/e2e/lib.sh
if ! command -v parallel >/dev/null 2>&1; then
    skip_all "GNU parallel not installed (make test installs it)"
fi
python3 - "$T/in.jsonl" <<'PY'
import json, random, sys
random.seed(3)
words = ["Mayor", "Helen", "Brandt", "opened", "the", "bridge", "in", "Port", "Elden", "on",
         "Saturday", "for", "$48", "million", "great", "terrible", "day", "."]
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        text = " ".join(random.choice(words) for _ in range(random.randint(3, 40)))
        f.write(json.dumps({"id": "doc-%d" % i, "text": text}) + "\n")
PY
cat >"$T/p.lua" <<'LUA'
return weft.pipeline {
  weft.lua "stats" { run = function(doc)
    local n = 0
    for _ in doc:text():gmatch("%S+") do n = n + 1 end
    doc:set("words", n)
    doc:add("first", 0, (doc:text():find(" ") or (#doc:text() + 1)) - 1)
  end },
}
LUA
$WEFT run "$T/p.lua" --input jsonl - <"$T/in.jsonl" >"$T/single.jsonl" 2>"$T/err"
# --block small enough to give each of the 4 jobs many chunks
parallel --pipe --keep-order --block 20k -j 4 "$WEFT run '$T/p.lua' --input jsonl -j 1 -" \
    <"$T/in.jsonl" >"$T/split.jsonl" 2>"$T/err"
if cmp -s "$T/single.jsonl" "$T/split.jsonl"; then pass split-merge-identical; else fail split-merge-identical "outputs differ"; fi
pycheck split-merge-count "$T/split.jsonl" 'assert len(docs) == 3000 and docs[-1]["id"] == "doc-2999"'
if command -v jq >/dev/null 2>&1 && jq -e . "$T/split.jsonl" >/dev/null 2>&1; then pass jq-parses; else fail jq-parses "jq rejects the output"; fi
