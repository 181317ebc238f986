# -j N hands documents to the workers in batches and the workers render
# them: every output format is byte-identical to -j 1 (separators, the tsv
# header, blank lines depend on a document's position), a document too
# big to render in memory is written by the writing thread, and a slow
# pipe is not held back to fill a batch.
. tests/e2e/lib.sh
python3 - "$T/in.jsonl" <<'PY'
import json, random, sys
random.seed(11)
words = ["Paris", "is", "nice", ",", "said", "Mr.", "Smith", "on", "Monday", "!", "\"quoted\"",
         "caf\u00e9", "tab\there", "line\nbreak", "\u2028", "good", "bad", "terrible", "great"]
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        n = random.choice([0, 1, 3, 8, 20, 60])
        f.write(json.dumps({"id": "d%d" % i, "text": " ".join(random.choice(words) for _ in range(n))}) + "\n")
        if i == 1500:  # a document whose token layer alone is several MiB of JSON
            f.write(json.dumps({"id": "big", "text": "word " * 150000}) + "\n")
        if i == 2000:
            f.write("{not json\n")
PY
# under valgrind two formats (one rendered per document, one with a header
# and separators): the others take the same hand-over path, and each run
# there costs a minute of CI
FMTS="jsonl json tsv text conll"
[ -n "$WEFT_VALGRIND" ] && FMTS="jsonl tsv"
for fmt in $FMTS; do
    run "j1-$fmt" 1 $WEFT run -p sentiment "$T/in.jsonl" -f $fmt -j 1 -o "$T/j1.$fmt"
    for j in 2 4; do
        run "j$j-$fmt" 1 $WEFT run -p sentiment "$T/in.jsonl" -f $fmt -j $j -o "$T/j$j.$fmt"
        if cmp -s "$T/j1.$fmt" "$T/j$j.$fmt"; then pass "j$j-$fmt-same"; else fail "j$j-$fmt-same" "differs from -j 1"; fi
    done
done
pycheck big-written "$T/j1.jsonl" '
assert len(docs) == 3002, len(docs)
big = [d for d in docs if d["id"] == "big"][0]
assert len(big["layers"]["token"]) == 150000
'
if [ "$(wc -c <"$T/j2.jsonl")" -gt 8000000 ]; then pass big-past-render-limit; else fail big-past-render-limit "output too small to test the limit"; fi
# --stats says what its bytes are (text, beside the input read, which the
# progress line counts), that stage times are wall-clock, and how much time
# went outside the stages; the shares add up to 100%
for j in 1 2; do
    $WEFT run -p tokens "$T/in.jsonl" --stats -q -j $j -o /dev/null 2>"$T/stats$j"
    contains "stats-j$j-bytes" "$T/stats$j" "MB of text ("
    contains "stats-j$j-read" "$T/stats$j" "MB of input read) in "
    contains "stats-j$j-wall" "$T/stats$j" "times: wall-clock time of each stage's calls"
    contains "stats-j$j-outside" "$T/stats$j" "(outside stages)"
    if awk '/%/ { for (i = 1; i <= NF; i++) if ($i ~ /%$/) { sub(/%/, "", $i); t += $i } }
            END { exit !(t > 99.5 && t < 100.5) }' "$T/stats$j"; then
        pass "stats-j$j-shares"; else fail "stats-j$j-shares" "$(cat "$T/stats$j")"; fi
done
# --fail-fast in the middle of a batch: the documents after the failed one
# are dropped as with one worker
run ff1 1 $WEFT run -p tokens "$T/in.jsonl" --fail-fast -j 1 -o "$T/ff1.jsonl"
run ff2 1 $WEFT run -p tokens "$T/in.jsonl" --fail-fast -j 2 -o "$T/ff2.jsonl"
if cmp -s "$T/ff1.jsonl" "$T/ff2.jsonl"; then pass fail-fast-same; else fail fail-fast-same "differs"; fi
pycheck fail-fast-count "$T/ff2.jsonl" 'assert len(docs) == 2003, len(docs)'
# and the end message says the run stopped there, not "1 of 2003 failed"
contains fail-fast-says-stopped "$T/err" "weft run: stopped early (--fail-fast) at the first failed document, '$T/in.jsonl:2003' (document 2003); the documents after it were not read or run"
lacks fail-fast-no-count "$T/err" "1 of 2003 documents failed"
# a pipe that brings one line and then waits: that document is written
# before the next line comes
mkfifo "$T/fifo.jsonl"
$WEFT run -p tokens -j 2 "$T/fifo.jsonl" >"$T/slow.jsonl" 2>"$T/slow.err" &
pid=$!
exec 7>"$T/fifo.jsonl"
echo '{"id":"first","text":"one"}' >&7
i=0
while [ $i -lt 300 ] && ! grep -q first "$T/slow.jsonl" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
if grep -q first "$T/slow.jsonl"; then pass slow-pipe-not-held; else fail slow-pipe-not-held "nothing written after 30 s"; fi
echo '{"id":"second","text":"two"}' >&7
exec 7>&-
wait $pid
rc=$?
if [ $rc -eq 0 ] && [ "$(grep -c '"id"' "$T/slow.jsonl")" -eq 2 ]; then pass slow-pipe-both; else fail slow-pipe-both "exit $rc: $(cat "$T/slow.err")"; fi
# the same through stdin, plain and gzip-compressed (read as it comes, not
# a zlib buffer at a time)
for z in plain gz; do
    rm -f "$T/fifo2" "$T/slow2.jsonl"
    mkfifo "$T/fifo2"
    if [ $z = gz ]; then
        python3 -c '
import sys, time, zlib
z = zlib.compressobj(wbits=31)
o = sys.stdout.buffer
o.write(z.compress(b"{\"id\":\"first\",\"text\":\"one\"}\n") + z.flush(zlib.Z_SYNC_FLUSH)); o.flush()
sys.stdin.readline()
o.write(z.compress(b"{\"id\":\"second\",\"text\":\"two\"}\n") + z.flush()); o.flush()
' <"$T/fifo2" | $WEFT run -p tokens -j 2 --input jsonl - >"$T/slow2.jsonl" 2>"$T/slow2.err" &
    else
        (echo '{"id":"first","text":"one"}'; read x; echo '{"id":"second","text":"two"}') <"$T/fifo2" |
            $WEFT run -p tokens -j 2 --input jsonl - >"$T/slow2.jsonl" 2>"$T/slow2.err" &
    fi
    pid=$!
    exec 8>"$T/fifo2"
    i=0
    while [ $i -lt 300 ] && ! grep -q first "$T/slow2.jsonl" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
    if grep -q first "$T/slow2.jsonl"; then pass slow-stdin-$z-not-held; else fail slow-stdin-$z-not-held "nothing written after 30 s"; fi
    echo go >&8
    exec 8>&-
    wait $pid
    rc=$?
    if [ $rc -eq 0 ] && [ "$(grep -c '"id"' "$T/slow2.jsonl")" -eq 2 ]; then pass slow-stdin-$z-both; else fail slow-stdin-$z-both "exit $rc: $(cat "$T/slow2.err")"; fi
done
# Batches whose rendered output is past the size a worker's scratch buffer
# and a batch's buffer are kept at once written (1 MiB; they are freed, not
# given back to the thread's stack) but under the render limit, between
# small ones: the same bytes at -j 1, 2 and 3 (#17: workers render into a
# scratch buffer of their own and copy each batch out).
python3 - "$T/mid.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(400):
        n = [3, 20000, 5, 35000, 1, 8][i % 6] if i % 50 < 6 else (i % 7) + 1
        f.write(json.dumps({"id": "m%d" % i, "text": "word, " * n}) + "\n")
PY
run mid-j1 0 $WEFT run -p tokens "$T/mid.jsonl" -j 1 -o "$T/mid1.jsonl"
for j in 2 3; do
    run "mid-j$j" 0 $WEFT run -p tokens "$T/mid.jsonl" -j $j -o "$T/mid$j.jsonl"
    if cmp -s "$T/mid1.jsonl" "$T/mid$j.jsonl"; then pass "mid-j$j-same"; else fail "mid-j$j-same" "differs from -j 1"; fi
done
if [ "$(wc -c <"$T/mid1.jsonl")" -gt 20000000 ]; then pass mid-big-enough; else fail mid-big-enough "output too small to pass 1 MiB per batch"; fi
