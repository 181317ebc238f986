# Streaming: peak memory does not grow with the size of the input. The same
# pipeline over 6 MB and over 60 MB of JSON Lines (the full 1 GB run is in
# make bench) must peak at nearly the same RSS, under 64 MB.
. tests/e2e/lib.sh
if [ -n "$WEFT_VALGRIND" ] || [ ! -x /usr/bin/time ]; then
    skip_all "needs /usr/bin/time, and not under valgrind"
fi
case "$B" in *asan*) skip_all "not under ASan (its shadow memory dominates RSS)" ;; esac
gen() { # FILE N
    python3 - "$1" "$2" <<'PY'
import json, sys
line = "Traders said demand from millers remained firm, while exporters waited for clearer signals. " * 4
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"id": "d%d" % i, "text": "%d %s" % (i, line)}) + "\n")
PY
}
gen "$T/small.jsonl" 15000
gen "$T/large.jsonl" 150000
cat >"$T/p.lua" <<'LUA'
return weft.pipeline {
  weft.lua "words" { run = function(doc)
    local n = 0
    for w in doc:text():gmatch("%a+") do n = n + 1 end
    doc:set("words", n)
  end },
}
LUA
rss() { # peak RSS in kB of weft over FILE
    /usr/bin/time -f %M -o "$T/rss" $B/weft run "$T/p.lua" "$1" -j 2 -o /dev/null 2>/dev/null
    cat "$T/rss"
}
small=$(rss "$T/small.jsonl")
large=$(rss "$T/large.jsonl")
echo "test_memory: peak RSS $small kB for 6 MB, $large kB for 60 MB of JSON Lines" >&2
if [ "$large" -lt 65536 ]; then pass rss-under-64mb; else fail rss-under-64mb "$large kB"; fi
if [ "$large" -lt $((small * 13 / 10 + 2048)) ]; then pass rss-flat; else fail rss-flat "$small kB -> $large kB"; fi

# --max-doc-bytes: a 40 MB JSON Lines record is skipped with a clear error,
# without being read into memory, and the records after it still run
python3 - "$T/huge.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "a", "text": "small"}) + "\n")
    f.write(json.dumps({"id": "b", "text": "x" * 40_000_000}) + "\n")
    f.write(json.dumps({"id": "c", "text": "small again"}) + "\n")
PY
printf 'x%.0s' $(seq 1 3000) >"$T/big.txt"
/usr/bin/time -f %M -o "$T/rss" $B/weft run "$T/p.lua" "$T/huge.jsonl" "$T/big.txt" --max-doc-bytes 1000 -j 1 -o "$T/huge.out" 2>"$T/err"
pycheck max-doc-bytes-records "$T/huge.out" '
assert [d["id"] for d in docs][0::2] == ["a", "c"], [d["id"] for d in docs]
assert "larger than --max-doc-bytes 1000" in docs[1]["errors"][0]["message"]
assert docs[1]["id"] == "b" and "huge.jsonl:2: record of" in docs[1]["errors"][0]["message"], docs[1]
assert "larger than --max-doc-bytes 1000" in docs[3]["errors"][0]["message"], docs[3]
'
if [ "$(tail -1 "$T/rss")" -lt 30000 ]; then pass max-doc-bytes-bounded; else fail max-doc-bytes-bounded "$(cat "$T/rss") kB"; fi
# --max-doc-bytes takes size suffixes (K = 1024); a bad one names the forms
run max-doc-bytes-suffix 1 $WEFT run "$T/p.lua" "$T/big.txt" --max-doc-bytes 2K
contains max-doc-bytes-suffix-msg "$T/out" "larger than --max-doc-bytes 2048"
run max-doc-bytes-suffix-fits 0 $WEFT run "$T/p.lua" "$T/big.txt" --max-doc-bytes 3kB
run max-doc-bytes-bad 2 $WEFT run "$T/p.lua" "$T/big.txt" --max-doc-bytes 3x
contains max-doc-bytes-bad-msg "$T/err" "--max-doc-bytes '3x': expected a size in bytes (65536, 64K, 10M, 1G"
