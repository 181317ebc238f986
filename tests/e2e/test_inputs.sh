# Inputs: gzip-compressed documents and streams, --include and --exclude.
# plain stdin, and corrupt data reported as an error record.
. tests/e2e/lib.sh
cat >"$T/p.lua" <<'LUA'
return weft.pipeline { weft.lua "len" { run = function(doc) doc:set("len", #doc:text()) end } }
LUA
printf 'hello compressed world\n' >"$T/a.txt"
gzip -c "$T/a.txt" >"$T/a.txt.gz"
printf '{"id":"x","text":"one"}\n{"id":"y","text":"two two"}\n' >"$T/s.jsonl"
gzip -c "$T/s.jsonl" >"$T/s.jsonl.gz"
run gz-doc 0 $WEFT run "$T/p.lua" "$T/a.txt.gz"
pycheck gz-doc-text "$T/out" 'assert docs[0]["text"] == "hello compressed world\n" and docs[0]["attrs"]["len"] == 23, docs'
run gz-jsonl 0 $WEFT run "$T/p.lua" "$T/s.jsonl.gz"
pycheck gz-jsonl-docs "$T/out" 'assert [d["id"] for d in docs] == ["x", "y"] and docs[1]["text"] == "two two"'
$WEFT run "$T/p.lua" --input jsonl - <"$T/s.jsonl.gz" >"$T/o1" 2>"$T/err"
pycheck gz-stdin "$T/o1" 'assert [d["id"] for d in docs] == ["x", "y"]'
$WEFT run "$T/p.lua" --input jsonl - <"$T/s.jsonl" >"$T/o2" 2>"$T/err"
pycheck plain-stdin "$T/o2" 'assert [d["id"] for d in docs] == ["x", "y"]'
# JSON Lines on stdin without --input jsonl: one document, and a warning that says so
$WEFT run "$T/p.lua" - <"$T/s.jsonl" >"$T/o4" 2>"$T/err"
pycheck jsonl-stdin-auto "$T/o4" 'assert len(docs) == 1 and docs[0]["id"] == "-", docs'
contains jsonl-stdin-auto-warn "$T/err" "stdin looks like JSON Lines but was read as one document: pass --input jsonl"
printf '{"id":"x","title":"no text field"}\n' | $WEFT run "$T/p.lua" - >"$T/o4" 2>"$T/err"
lacks jsonl-stdin-other-no-warn "$T/err" "JSON Lines"
printf '{braces} in prose, "text": and all}\nbut a second line of prose\n' | $WEFT run "$T/p.lua" - >"$T/o4" 2>"$T/err"
lacks jsonl-stdin-prose-no-warn "$T/err" "JSON Lines"
$WEFT run "$T/p.lua" - <"$T/a.txt.gz" >"$T/o3" 2>"$T/err"
pycheck gz-stdin-doc "$T/o3" 'assert docs[0]["text"] == "hello compressed world\n"'
head -c 30 "$T/a.txt.gz" >"$T/cut.txt.gz"
printf 'garbage that is not gzip' | gzip -c | head -c 12 >"$T/trunc.jsonl.gz"
run gz-corrupt 1 $WEFT run "$T/p.lua" "$T/cut.txt.gz" "$T/a.txt.gz"
pycheck gz-corrupt-record "$T/out" '
assert len(docs) == 2 and docs[0]["errors"] and docs[0]["errors"][0]["stage"] == "input", docs
assert docs[1]["attrs"]["len"] == 23
'

# --include / --exclude filter what folders contribute
mkdir -p "$T/tree/keep" "$T/tree/skip" "$T/tree/keep/deep"
printf 'a' >"$T/tree/keep/a.txt"
printf 'b' >"$T/tree/keep/b.html"
printf 'c' >"$T/tree/keep/deep/c.txt"
printf 'd' >"$T/tree/skip/d.txt"
run include 0 $WEFT run "$T/p.lua" "$T/tree" --include '*.txt'
pycheck include-ids "$T/out" '
ids = [d["id"].split("/tree/")[1] for d in docs]
assert ids == ["keep/a.txt", "keep/deep/c.txt", "skip/d.txt"], ids
'
run exclude 0 $WEFT run "$T/p.lua" "$T/tree" --exclude skip --exclude '*.html'
pycheck exclude-ids "$T/out" '
ids = [d["id"].split("/tree/")[1] for d in docs]
assert ids == ["keep/a.txt", "keep/deep/c.txt"], ids
'
run include-path 0 $WEFT run "$T/p.lua" "$T/tree" --include '*/deep/*'
pycheck include-path-ids "$T/out" 'assert [d["id"].split("/tree/")[1] for d in docs] == ["keep/deep/c.txt"]'
run named-always 0 $WEFT run "$T/p.lua" "$T/tree/keep/b.html" --include '*.txt'
pycheck named-always-read "$T/out" 'assert len(docs) == 1'

# JSON Lines round trip: weft's output is valid input (id and text fields),
# and a second pass over it keeps ids and text
run roundtrip-1 0 $WEFT run -p clean examples/news/ -j 2
cp "$T/out" "$T/pass1.jsonl"
run roundtrip-2 0 $WEFT run -p tokens "$T/pass1.jsonl" -j 2
cp "$T/out" "$T/pass2.jsonl"
python3 - "$T/pass1.jsonl" "$T/pass2.jsonl" <<'PY' && pass roundtrip-same || fail roundtrip-same "ids or texts differ"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1])]
b = [json.loads(l) for l in open(sys.argv[2])]
assert [d["id"] for d in a] == [d["id"] for d in b]
assert [d["text"] for d in a] == [d["text"] for d in b]
assert all(d["layers"]["token"] for d in b)
PY
