# weft run end to end: inputs (file, folder, stdin, JSON Lines), output
# formats parsed by a real JSON parser, offsets checked against the text,
# --set, -o, error records and exit codes.
. tests/e2e/lib.sh
P="--plugin-path $FIX/good.so"

cat >"$T/mark.lua" <<'LUA'
return weft.pipeline {
  name = "marking",
  weft.stage "mark" { needle = "cat", ratio = 0.25 },
}
LUA
printf 'The cat sat. Another cat, café cat.\n' >"$T/a.txt"
mkdir -p "$T/dir/sub"
printf 'no animals here\n' >"$T/dir/b.txt"
printf 'cat\n' >"$T/dir/sub/c.txt"
printf 'hidden cat\n' >"$T/dir/.hidden"

# one file
run file 0 $WEFT run "$T/mark.lua" "$T/a.txt" $P
cp "$T/out" "$T/file.jsonl"
pycheck file-json "$T/file.jsonl" '
assert len(docs) == 1, docs
d = docs[0]
assert list(d)[:4] == ["id", "view", "offsets", "text"], list(d)
assert d["id"].endswith("a.txt") and d["view"] == "raw" and d["offsets"] == "bytes"
marks = d["layers"]["mark"]
assert len(marks) == 3, marks
raw = d["text"].encode("utf-8")
for m in marks:
    assert raw[m["begin"]:m["end"]] == b"cat", m
    assert m["label"] == "MARK" and m["score"] == 0.25 and m["attrs"] == {"tags": "a"}, m
assert d["errors"] == []
'
# offsets in code points and UTF-16 index the same text
run codepoints 0 $WEFT run "$T/mark.lua" "$T/a.txt" $P --offsets codepoints
cp "$T/out" "$T/cp.jsonl"
pycheck codepoints-match "$T/cp.jsonl" '
d = docs[0]
assert d["offsets"] == "codepoints"
for m in d["layers"]["mark"]:
    assert d["text"][m["begin"]:m["end"]] == "cat", m
assert d["layers"]["mark"][2]["begin"] == d["text"].index("cat", 26) == 31, d["layers"]["mark"]
'
run utf16 0 $WEFT run "$T/mark.lua" "$T/a.txt" $P --offsets utf16 --span-text
cp "$T/out" "$T/u16.jsonl"
pycheck utf16-span-text "$T/u16.jsonl" '
for m in docs[0]["layers"]["mark"]:
    assert m["text"] == "cat", m
'

# a folder: sorted, recursive, hidden files skipped
run dir 0 $WEFT run "$T/mark.lua" "$T/dir" $P
cp "$T/out" "$T/dir.jsonl"
pycheck dir-docs "$T/dir.jsonl" '
ids = [d["id"] for d in docs]
assert len(ids) == 2 and ids[0].endswith("dir/b.txt") and ids[1].endswith("dir/sub/c.txt"), ids
assert "mark" not in docs[0]["layers"] or docs[0]["layers"]["mark"] == []
assert len(docs[1]["layers"]["mark"]) == 1
'
# stdin, explicitly and by default
printf 'cat on stdin' | $WEFT run "$T/mark.lua" - $P >"$T/stdin.jsonl" 2>"$T/err"
pycheck stdin-dash "$T/stdin.jsonl" 'assert docs[0]["id"] == "-" and docs[0]["text"] == "cat on stdin"'
printf 'cat cat' | $WEFT run "$T/mark.lua" $P >"$T/stdin2.jsonl" 2>"$T/err"
pycheck stdin-default "$T/stdin2.jsonl" 'assert len(docs[0]["layers"]["mark"]) == 2'

# JSON Lines: ids, line numbers, a malformed line and a missing field
cat >"$T/in.jsonl" <<'JL'
{"id": "first", "text": "one cat"}
{"text": "no id cat cat"}

{"id": 7, "text": "numeric id"}
{"id": "broken", "text": "unterminated
{"id": "notext", "body": "cat"}
{"id": "last", "text": "the last cat"}
JL
run jsonl 1 $WEFT run "$T/mark.lua" "$T/in.jsonl" $P
cp "$T/out" "$T/jl.jsonl"
contains jsonl-summary "$T/err" "2 of 6 documents failed"
pycheck jsonl-docs "$T/jl.jsonl" '
ids = [d["id"] for d in docs]
assert len(docs) == 6, ids
assert ids[0] == "first" and ids[1].endswith("in.jsonl:2") and ids[2] == "7", ids
# a failed record goes by its own id, also when its JSON breaks after it;
# the message names file and line
assert ids[3] == "broken" and ids[4] == "notext" and ids[5] == "last", ids
assert docs[3]["errors"] and docs[3]["errors"][0]["stage"] == "input"
assert "in.jsonl:5: column" in docs[3]["errors"][0]["message"], docs[3]["errors"]
assert "in.jsonl:6: no string field" in docs[4]["errors"][0]["message"], docs[4]["errors"]
assert len(docs[5]["layers"]["mark"]) == 1 and docs[5]["errors"] == []
'
cat "$T/in.jsonl" | $WEFT run "$T/mark.lua" --input jsonl - $P >"$T/jl2.jsonl" 2>"$T/err"
pycheck jsonl-stdin "$T/jl2.jsonl" 'assert len(docs) == 6 and docs[0]["id"] == "first"'
run jsonl-fields 0 $WEFT run "$T/mark.lua" --input jsonl --id-field key --text-field body $P - <<'JL'
{"key": "k1", "body": "a cat"}
JL
cp "$T/out" "$T/jf.jsonl"
pycheck jsonl-fields-used "$T/jf.jsonl" 'assert docs[0]["id"] == "k1" and len(docs[0]["layers"]["mark"]) == 1'

# a document that fails in a stage: error record with stage, message and offset; others kept
printf 'fine cat\n' >"$T/e1.txt"
printf 'bad POISON cat\n' >"$T/e2.txt"
printf 'also fine cat\n' >"$T/e3.txt"
run stage-error 1 $WEFT run "$T/mark.lua" "$T/e1.txt" "$T/e2.txt" "$T/e3.txt" $P
cp "$T/out" "$T/se.jsonl"
pycheck stage-error-record "$T/se.jsonl" '
assert len(docs) == 3
e = docs[1]["errors"]
assert e == [{"stage": "mark", "message": "found poison '"'"'POISON'"'"' at byte 4", "offset": 4}], e
assert len(docs[0]["layers"]["mark"]) == 1 and len(docs[2]["layers"]["mark"]) == 1
'
run fail-fast 1 $WEFT run "$T/mark.lua" "$T/e1.txt" "$T/e2.txt" "$T/e3.txt" $P --fail-fast
pycheck fail-fast-stops "$T/out" 'assert len(docs) == 2, len(docs)'

# --set goes through the same validation as the script
run set-ok 0 $WEFT run "$T/mark.lua" "$T/a.txt" $P --set mark.mode=first --set mark.ratio=1
cp "$T/out" "$T/set.jsonl"
pycheck set-applied "$T/set.jsonl" 'm = docs[0]["layers"]["mark"]; assert len(m) == 1 and m[0]["score"] == 1, m'
run set-range 2 $WEFT run "$T/mark.lua" "$T/a.txt" $P --set mark.ratio=2
contains set-range-msg "$T/err" "parameter 'ratio' = 2 is out of range [0, 1]"
run set-typo 2 $WEFT run "$T/mark.lua" "$T/a.txt" $P --set mark.ration=1
contains set-typo-msg "$T/err" "did you mean 'ratio'"
run set-type 2 $WEFT run "$T/mark.lua" "$T/a.txt" $P --set mark.max=lots
contains set-type-msg "$T/err" "'lots' is not an integer"
run set-stage 2 $WEFT run "$T/mark.lua" "$T/a.txt" $P --set nostage.x=1
contains set-stage-msg "$T/err" "the pipeline has no stage 'nostage'"

# -o writes atomically; json and text formats
run output-file 0 $WEFT run "$T/mark.lua" "$T/a.txt" $P -o "$T/o.jsonl"
pycheck output-file-json "$T/o.jsonl" 'assert len(docs) == 1'
if ls "$T"/o.jsonl.tmp.* >/dev/null 2>&1; then fail output-no-temp "temp file left"; else pass output-no-temp; fi
run output-bad-dir 3 $WEFT run "$T/mark.lua" "$T/a.txt" $P -o "$T/no/such/dir/o.jsonl"
run format-json 0 $WEFT run "$T/mark.lua" "$T/a.txt" "$T/dir" $P -f json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d)==3' "$T/out"; then pass format-json-valid; else fail format-json-valid "not a JSON array of 3"; fi
printf '' >"$T/empty.txt"
mkdir -p "$T/emptydir"
run format-json-empty 0 $WEFT run "$T/mark.lua" "$T/emptydir" $P -f json
if python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$T/out"; then pass format-json-empty-valid; else fail format-json-empty-valid "$(cat "$T/out")"; fi
run format-text 0 $WEFT run "$T/mark.lua" "$T/a.txt" $P -f text
contains format-text-header "$T/out" "a.txt"
contains format-text-layer "$T/out" "mark"

# invalid UTF-8 and control characters never reach the output raw
printf 'caf\303\251 \303\251t\303\251 cat \377\376 cat \001\n' >"$T/bin.txt"
run invalid-utf8 0 $WEFT run "$T/mark.lua" "$T/bin.txt" $P
cp "$T/out" "$T/bin.jsonl"
pycheck invalid-utf8-replaced "$T/bin.jsonl" '
d = docs[0]
assert "\ufffd\ufffd" in d["text"] and "\x01" in d["text"], repr(d["text"])
raw = d["text"].encode("utf-8")
for m in d["layers"]["mark"]:
    assert raw[m["begin"]:m["end"]] == b"cat", (m, raw)
'
# raw itself, written: the same U+FFFD
run invalid-utf8-raw 0 $WEFT run "$T/mark.lua" "$T/bin.txt" $P --view raw
pycheck invalid-utf8-raw-replaced "$T/out" 'assert docs[0]["view"] == "raw" and "\ufffd\ufffd" in docs[0]["text"], docs[0]'
# empty input file: a valid empty document
run empty-doc 0 $WEFT run "$T/mark.lua" "$T/empty.txt" $P
pycheck empty-doc-json "$T/out" 'assert docs[0]["text"] == ""'
# an unreadable input is an error record, the others still run
run missing-input 1 $WEFT run "$T/mark.lua" "$T/a.txt" "$T/nope.txt" $P
cp "$T/out" "$T/mi.jsonl"
pycheck missing-input-record "$T/mi.jsonl" '
assert len(docs) == 2 and docs[1]["errors"][0]["stage"] == "input", docs
assert "No such file" in docs[1]["errors"][0]["message"]
'
# requires/provides chain is checked before reading
cat >"$T/chain.lua" <<'LUA'
return weft.pipeline {
  weft.stage "after_mark" {},
  weft.stage "mark" { needle = "x" },
}
LUA
run chain 2 $WEFT run "$T/chain.lua" "$T/a.txt" $P
contains chain-msg "$T/err" "chain.lua:2: stage 'after_mark': requires 'mark', which no earlier stage provides (add weft.stage \"mark\" before it)"
run chain-check 2 $WEFT check "$T/chain.lua" $P
run check-ok 0 $WEFT check "$T/mark.lua" $P
contains check-ok-msg "$T/out" "ok: pipeline 'marking', 1 stage"
# -o gives the file the usual mode (umask applied), not mkstemp's 0600
(umask 022 && $WEFT run "$T/mark.lua" "$T/a.txt" $P -o "$T/mode.jsonl")
if [ "$(stat -c %a "$T/mode.jsonl")" = 644 ]; then pass output-mode; else fail output-mode "mode $(stat -c %a "$T/mode.jsonl")"; fi
