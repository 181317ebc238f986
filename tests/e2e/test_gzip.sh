# gzip-compressed input: .gz documents, .jsonl.gz streams, compressed and
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
$WEFT run "$T/p.lua" - <"$T/a.txt.gz" >"$T/o3" 2>"$T/err"
pycheck gz-stdin-doc "$T/o3" 'assert docs[0]["text"] == "hello compressed world\n"'
head -c 30 "$T/a.txt.gz" >"$T/cut.txt.gz"
printf 'garbage that is not gzip' | gzip -c | head -c 12 >"$T/trunc.jsonl.gz"
run gz-corrupt 1 $WEFT run "$T/p.lua" "$T/cut.txt.gz" "$T/a.txt.gz"
pycheck gz-corrupt-record "$T/out" '
assert len(docs) == 2 and docs[0]["errors"] and docs[0]["errors"][0]["stage"] == "input", docs
assert docs[1]["attrs"]["len"] == 23
'
