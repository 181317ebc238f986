# The bad-input catalogue: every case gives a clear error naming the file or
# document, a documented exit code, and the other documents' results.
. tests/e2e/lib.sh
cat >"$T/p.lua" <<'LUA'
return weft.pipeline {
  weft.stage "tokenizer" {},
  weft.lua "count" { run = function(doc) doc:set("tokens", doc:count("token")) end },
}
LUA
printf 'fine words here\n' >"$T/good.txt"

# empty input: no documents, valid (empty) output, exit 0
: >"$T/empty.jsonl"
run empty-input 0 $WEFT run "$T/p.lua" "$T/empty.jsonl"
if [ ! -s "$T/out" ]; then pass empty-input-no-output; else fail empty-input-no-output "$(cat "$T/out")"; fi
run empty-dir-json 0 $WEFT run "$T/p.lua" "$T/empty.jsonl" -f json
if python3 -c 'import json,sys; assert json.load(open(sys.argv[1])) == []' "$T/out"; then pass empty-json-array; else fail empty-json-array "$(cat "$T/out")"; fi

# binary files in a folder of texts (an image, a program): each fails as
# an input that is binary data, named with the byte and its offset, and is
# written without its bytes; the texts around it are processed; exit 1.
# Same with --isolate.
mkdir -p "$T/bin"
printf 'fine words here\n' >"$T/bin/a.txt"
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\001' >"$T/bin/b.png"
printf 'Report\tof the year, with a tab and a form feed\f\n' >"$T/bin/c.txt"
for iso in "" --isolate; do
    run "binary-entry$iso" 1 $WEFT run $iso "$T/p.lua" "$T/bin"
    cp "$T/out" "$T/b.jsonl"
    pycheck "binary-entry-record$iso" "$T/b.jsonl" '
assert [d["id"].rsplit("/", 1)[1] for d in docs] == ["a.txt", "b.png", "c.txt"]
e = docs[1]["errors"]
assert len(e) == 1 and e[0]["stage"] == "input", e
assert e[0]["message"].endswith("/b.png: binary data, not text (control byte 0x1A at offset 6)"), e
assert "offset" not in e[0] and docs[1]["text"] == "", docs[1]
# not run, it still lists the layers the pipeline declares, empty
assert docs[1]["layers"] and docs[1]["layers"] == {k: [] for k in docs[0]["layers"]}, docs[1]
assert docs[0]["attrs"]["tokens"] == 3 and docs[2]["attrs"]["tokens"] >= 10, docs
assert docs[0]["errors"] == [] and docs[2]["errors"] == []
'
done
run binary-entry-tsv 1 $WEFT run -f tsv "$T/p.lua" "$T/bin"
contains binary-entry-tsv-row "$T/out" "b.png	!error			input: $T/bin/b.png: binary data, not text (control byte 0x1A at offset 6)"
contains binary-entry-warns "$T/err" "$T/bin/b.png: binary data, not text (control byte 0x1A at offset 6)"

# a folder with an entry that cannot be read (a dangling link stands in for
# a permission error, which root does not get) and a file that vanishes
mkdir -p "$T/dir"
printf 'one' >"$T/dir/a.txt"
ln -s "$T/nowhere.txt" "$T/dir/b.txt"
printf 'three' >"$T/dir/c.txt"
run unreadable-entry 1 $WEFT run "$T/p.lua" "$T/dir"
cp "$T/out" "$T/u.jsonl"
pycheck unreadable-entry-record "$T/u.jsonl" '
assert [d["id"].rsplit("/", 1)[1] for d in docs] == ["a.txt", "b.txt", "c.txt"]
assert docs[1]["errors"][0]["stage"] == "input" and "No such file" in docs[1]["errors"][0]["message"]
assert docs[0]["attrs"]["tokens"] == 1 and docs[2]["attrs"]["tokens"] == 1
'
if [ -n "$WEFT_VALGRIND" ]; then
    skip bad-input-vanishing "timing-based: not under valgrind"
else
mkdir -p "$T/many"
for i in $(seq 10 59); do printf 'document %s' "$i" >"$T/many/f$i.txt"; done
cat >"$T/slow.lua" <<'LUA'
return weft.pipeline {
  weft.lua "slow" { run = function(doc) local x = 0 for i = 1, 4e6 do x = x + i end doc:set("ok", true) end },
}
LUA
$WEFT run "$T/slow.lua" "$T/many" -j 1 >"$T/v.jsonl" 2>"$T/err" &
pid=$!
# remove it once the run is under way (the folder has been listed): when
# the first results arrive, however slow the machine (or valgrind) is
for _ in $(seq 1 300); do [ -s "$T/v.jsonl" ] && break; sleep 0.1; done
rm -f "$T/many/f55.txt"
wait $pid
rc=$?
if [ $rc -eq 1 ]; then pass vanished-exit; else fail vanished-exit "exit $rc (the file may have been read before it was removed)"; fi
pycheck vanished-record "$T/v.jsonl" '
assert len(docs) == 50
bad = [d for d in docs if d["errors"]]
assert len(bad) == 1 and bad[0]["id"].endswith("f55.txt"), [d["id"] for d in bad]
assert all(d["attrs"].get("ok") for d in docs if not d["errors"])
'
fi

# binary input (fails, see above), a stray NUL and invalid UTF-8 (read):
# valid JSON, offsets index the text
head -c 4096 /bin/ls >"$T/binary.html"
printf 'nul\000inside and \377\376 bad bytes, then words\n' >"$T/nul.txt"
run binary 1 $WEFT run "$T/p.lua" "$T/binary.html" "$T/nul.txt" "$T/good.txt"
cp "$T/out" "$T/b.jsonl"
pycheck binary-valid "$T/b.jsonl" '
assert len(docs) == 3
assert [e["stage"] for e in docs[0]["errors"]] == ["input"] and docs[0]["text"] == "", docs[0]
assert docs[1]["errors"] == [] and docs[2]["errors"] == []
for d in docs:
    t = d["text"].encode("utf-8")
    for tok in d["layers"].get("token", []):
        assert 0 <= tok["begin"] <= tok["end"] <= len(t), tok
        t[tok["begin"]:tok["end"]].decode("utf-8")  # never splits a character
n = docs[1]
# not UTF-8, read as windows-1252 (view "decoded"): the two bad bytes are two letters
assert n["view"] == "decoded" and "\x00" in n["text"] and "\u00ff\u00fe" in n["text"], repr(n["text"])
words = [n["text"].encode()[k["begin"]:k["end"]].decode() for k in n["layers"]["token"] if k.get("label") == "word"]
assert "inside" in words and "words" in words, words
'

# JSON Lines: malformed line (line number), missing text field, the rest processed
printf '{"id":"a","text":"alpha beta"}\n{"id":"b","text":\n{"id":"c"}\n{"id":"d","text":"delta"}\n' >"$T/mixed.jsonl"
run jsonl-bad 1 $WEFT run "$T/p.lua" "$T/mixed.jsonl"
cp "$T/out" "$T/m.jsonl"
pycheck jsonl-bad-records "$T/m.jsonl" '
# failed records go by their own ids, the messages name file and line
assert [d["id"] for d in docs] == ["a", "b", "c", "d"], [d["id"] for d in docs]
assert "mixed.jsonl:2: column" in docs[1]["errors"][0]["message"], docs[1]["errors"]
assert "mixed.jsonl:3: no string field" in docs[2]["errors"][0]["message"], docs[2]["errors"]
assert docs[0]["attrs"]["tokens"] == 2 and docs[3]["attrs"]["tokens"] == 1
'
contains jsonl-bad-summary "$T/err" "2 of 4 documents failed"

# pipeline script problems stop before any document is read (exit 2)
bad_script() { # name script expected
    printf '%s\n' "$2" >"$T/$1.lua"
    run "$1" 2 $WEFT run "$T/$1.lua" "$T/good.txt"
    contains "$1-msg" "$T/err" "$3"
    if [ -s "$T/out" ]; then fail "$1-nothing-read" "output written"; else pass "$1-nothing-read"; fi
}
bad_script syntax 'return weft.pipeline { weft.stage "tokenizer" { }' "syntax.lua:2: '}' expected (to close '{' at line 1)"
bad_script unknown-stage 'return weft.pipeline { weft.stage "tokeniser" {} }' "unknown stage 'tokeniser' (did you mean 'tokenizer'?)"
bad_script unknown-param 'return weft.pipeline { weft.stage "tokenizer" { styel = "ptb" } }' "unknown parameter 'styel' (did you mean 'style'?)"
bad_script wrong-type 'return weft.pipeline { weft.stage "tokenizer" { style = 3 } }' "parameter 'style' must be one of"
bad_script missing-requirement 'return weft.pipeline { weft.stage "entities" {} }' "requires 'token', which no earlier stage provides (add weft.stage \"tokenizer\" before it)"
