# weft run --isolate: a plugin that crashes (SIGSEGV, abort, SIGFPE) or
# spins forever costs the document it was on, not the run; every other
# document is written byte for byte as a run without the bad ones writes
# it, in input order, with -j 1 and -j 2; exit 1; no worker left behind.
. tests/e2e/lib.sh
P="--plugin-path $FIX/good.so:$FIX/crashy.so"
# 60 documents, every third one (2, 5, 8...) marked BOOM
python3 - "$T/in.jsonl" "$T/good.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as all_, open(sys.argv[2], "w") as good:
    for i in range(60):
        text = "doc %d: the cat sat on the mat %s" % (i, "cat " * (i % 7))
        if i % 3 == 2:
            text += " BOOM"
        line = json.dumps({"id": "d%d" % i, "text": text}) + "\n"
        all_.write(line)
        if i % 3 != 2:
            good.write(line)
PY
pipeline() { # pipeline HOW: mark, then crashy misbehaving HOW, then Lua
    cat >"$T/$1.lua" <<LUA
return weft.pipeline {
  weft.stage "mark" { needle = "cat", max = 100 },
  weft.stage "crashy" { how = "$1" },
  weft.lua "after" { run = function(doc) doc:set("n", #doc:layer("mark")) end },
}
LUA
}
for how in segv abort fpe spin print; do pipeline $how; done
# the reference: the good documents alone, without --isolate
run reference 0 $WEFT run "$T/segv.lua" "$T/good.jsonl" $P -j 1 -o "$T/ref.jsonl"

# check NAME OUT SIGNAL: the good documents as in the reference, the bad ones
# with one error record naming the stage, the plugin file and SIGNAL
check() {
    if grep -v BOOM "$2" | cmp -s - "$T/ref.jsonl"; then pass "$1-others-identical"; else
        fail "$1-others-identical" "$(grep -v BOOM "$2" | diff - "$T/ref.jsonl" | head -5)"
    fi
    WANT=$3 CRASHY=$FIX/crashy.so
    export WANT CRASHY
    pycheck "$1-errors" "$2" "
import os
assert [d['id'] for d in docs] == ['d%d' % i for i in range(60)], [d['id'] for d in docs]
bad = [d for d in docs if d['errors']]
assert [d['id'] for d in bad] == ['d%d' % i for i in range(2, 60, 3)], [d['id'] for d in bad]
for d in bad:
    (e,) = d['errors']
    assert e['stage'] == 'crashy', e
    assert os.environ['WANT'] in e['message'] and os.environ['CRASHY'] in e['message'], e
    # what the stages added is lost; the declared layers are there, empty
    assert d['layers'] == {k: [] for k in docs[0]['layers']} and d['layers'] and d['attrs'] == {}, d
"
}
for j in 1 2; do
    run "segv-j$j" 1 $WEFT run "$T/segv.lua" "$T/in.jsonl" $P --isolate -j $j -o "$T/segv$j.jsonl"
    check "segv-j$j" "$T/segv$j.jsonl" "crashed the worker process (SIGSEGV) in stage 'crashy'"
    contains "segv-j$j-summary" "$T/err" "20 of 60 documents failed"
    contains "segv-j$j-retried" "$T/err" "d2: crashed the worker process (SIGSEGV) in stage 'crashy' of plugin $FIX/crashy.so; trying it once more in a new worker"
    # 20 documents crash twice each: three lines of each kind, then a count
    n=$(grep -c "crashed the worker process" "$T/err")
    if [ "$n" = 8 ]; then pass "segv-j$j-warnings-counted"; else
        fail "segv-j$j-warnings-counted" "$n lines: $(head -c 600 "$T/err")"; fi
    contains "segv-j$j-count" "$T/err" "17 more documents: crashed the worker process (SIGSEGV) in stage 'crashy' of plugin $FIX/crashy.so; tried twice"
done
contains segv-tried-twice "$T/segv1.jsonl" "tried twice, in two worker processes"
run abort-j2 1 $WEFT run "$T/abort.lua" "$T/in.jsonl" $P --isolate -j 2 -q -o "$T/abort.jsonl"
check abort-j2 "$T/abort.jsonl" "(SIGABRT)"
run fpe-j1 1 $WEFT run "$T/fpe.lua" "$T/in.jsonl" $P --isolate -j 1 -q -o "$T/fpe.jsonl"
check fpe-j1 "$T/fpe.jsonl" "(SIGFPE)"
lacks quiet-no-warnings "$T/err" "warning"
# the JSON array and the TSV header come out right when the first document crashes
printf '{"id":"a","text":"BOOM"}\n{"id":"b","text":"cat"}\n' >"$T/first.jsonl"
run first-json 1 $WEFT run "$T/segv.lua" "$T/first.jsonl" $P --isolate -f json -q -o "$T/first.json"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [x["id"] for x in d]==["a","b"]' "$T/first.json"; then
    pass first-json-valid; else fail first-json-valid "$(cat "$T/first.json")"; fi
run first-tsv 1 $WEFT run "$T/segv.lua" "$T/first.jsonl" $P --isolate -f tsv -q -o "$T/first.tsv"
if [ "$(head -1 "$T/first.tsv")" = "$(printf 'id\tlabel\tbegin\tend\ttext\tscore\tsource')" ]; then
    pass first-tsv-header; else fail first-tsv-header "$(head -2 "$T/first.tsv")"; fi

# Lua stages, errors and every format are the same as without --isolate
for f in jsonl json text tsv conll; do
    $WEFT run "$T/segv.lua" "$T/good.jsonl" $P -j 2 -f $f -o "$T/plain.$f" 2>/dev/null
    $WEFT run "$T/segv.lua" "$T/good.jsonl" $P -j 2 -f $f --isolate -o "$T/iso.$f" 2>/dev/null
    if cmp -s "$T/plain.$f" "$T/iso.$f"; then pass "same-$f"; else fail "same-$f" "differs"; fi
done
printf '{"id":"p1","text":"cat"}\n{"id":"p2","text":"POISON cat"}\n{"id":"p3","text":"cat"}\n' >"$T/poison.jsonl"
run poison-plain 1 $WEFT run "$T/segv.lua" "$T/poison.jsonl" $P --fail-fast -o "$T/ff-plain.jsonl"
run poison-isolated 1 $WEFT run "$T/segv.lua" "$T/poison.jsonl" $P --fail-fast --isolate -j 2 -o "$T/ff-iso.jsonl"
if cmp -s "$T/ff-plain.jsonl" "$T/ff-iso.jsonl"; then pass fail-fast-same; else fail fail-fast-same "differs"; fi
# --fail-fast: the documents still out when the first one fails are not
# waited for, and their crashes are not reported (d5, d8... are past it)
run ff-many 1 $WEFT run "$T/segv.lua" "$T/in.jsonl" $P --fail-fast --isolate -j 2 -o "$T/ff-many.jsonl"
lacks ff-many-no-later-warnings "$T/err" "d5:"
if [ "$(wc -l <"$T/ff-many.jsonl")" = 3 ]; then pass ff-many-three; else
    fail ff-many-three "$(wc -l <"$T/ff-many.jsonl") lines"; fi
# a plugin that prints: its line goes to stderr, not into the output
$WEFT run "$T/print.lua" "$T/in.jsonl" $P --isolate -j 2 >"$T/print.jsonl" 2>"$T/print.err"
if python3 -c '
import json, sys
n = sum(1 for line in open(sys.argv[1]) if json.loads(line))
assert n == 60, n' "$T/print.jsonl"; then pass print-output-clean; else
    fail print-output-clean "$(grep -v '^{' "$T/print.jsonl" | head -2)"; fi
contains print-on-stderr "$T/print.err" "garbage from plugin"
run stats 1 $WEFT run "$T/segv.lua" "$T/in.jsonl" $P --isolate -j 2 -q --stats -o /dev/null
contains stats-docs "$T/err" "60 documents (20 failed)"

run timeout-needs-isolate 2 $WEFT run "$T/spin.lua" "$T/in.jsonl" $P --doc-timeout 1
contains timeout-needs-isolate-msg "$T/err" "--doc-timeout needs --isolate"
run timeout-bad 2 $WEFT run "$T/spin.lua" "$T/in.jsonl" $P --isolate --doc-timeout 0
contains timeout-bad-msg "$T/err" "expected seconds above 0"

if [ -n "$WEFT_VALGRIND" ]; then
    echo "test_isolate: the timeout, zombie and SIGINT cases are timing-based: skipped under valgrind" >&2
    exit 0
fi
# results come back through shared segments (8 of 256 KiB a child, noted
# one at a time): many short documents fill them faster than the parent
# takes them (a child waits for one given back), and results bigger than a
# segment go through the socket between them; the bytes are those of a run
# without --isolate (a lost wake-up hangs: timeout)
python3 - "$T/seg.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        if i % 4000 == 7:  # about 1.3 MB of tokens as JSON: bigger than a segment
            t = ("word%d, " % i) * 30000
        else:
            t = "Short text %d: the cat sat on the mat, and it was %s." % (i, "good " * (i % 9))
        f.write(json.dumps({"id": "s%d" % i, "text": t}) + "\n")
PY
$WEFT run -p tokens --input jsonl "$T/seg.jsonl" -o "$T/seg-plain.jsonl" 2>/dev/null
for j in 1 2; do
    run "segments-j$j" 0 timeout 300 $WEFT run -p tokens --input jsonl "$T/seg.jsonl" --isolate -j $j -o "$T/seg$j.jsonl"
    if cmp -s "$T/seg-plain.jsonl" "$T/seg$j.jsonl"; then pass "segments-j$j-same"; else fail "segments-j$j-same" "$(cmp "$T/seg-plain.jsonl" "$T/seg$j.jsonl")"; fi
done

# bounded memory: the parent and each worker peak at nearly the same RSS
# over 6 MB and 60 MB of JSON Lines (GNU time reports the larger of the
# parent and its largest child)
if [ -x /usr/bin/time ]; then
    case "$B" in *asan*) echo "test_isolate: memory case skipped under ASan (shadow memory)" >&2 ;; *)
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
    rss() { # peak RSS in kB over FILE
        /usr/bin/time -f %M -o "$T/rss" $B/weft run "$T/segv.lua" "$1" $P --isolate -j 2 -o /dev/null 2>/dev/null
        tail -1 "$T/rss"
    }
    small=$(rss "$T/small.jsonl")
    large=$(rss "$T/large.jsonl")
    echo "test_isolate: peak RSS $small kB for 6 MB, $large kB for 60 MB of JSON Lines" >&2
    if [ "$large" -lt 65536 ]; then pass rss-under-64mb; else fail rss-under-64mb "$large kB"; fi
    if [ "$large" -lt $((small * 13 / 10 + 2048)) ]; then pass rss-flat; else fail rss-flat "$small kB -> $large kB"; fi
    ;;
    esac
fi

# a document that spins forever: failed after --doc-timeout, worker replaced
head -12 "$T/in.jsonl" >"$T/spin.jsonl" # two marked documents: d2, d5, d8, d11
grep -v BOOM "$T/spin.jsonl" >"$T/spin-good.jsonl"
$WEFT run "$T/spin.lua" "$T/spin-good.jsonl" $P -o "$T/spin-ref.jsonl" 2>/dev/null
for j in 1 2; do
    run "spin-j$j" 1 $WEFT run "$T/spin.lua" "$T/spin.jsonl" $P --isolate -j $j --doc-timeout 0.4 -o "$T/spin$j.jsonl"
    if grep -v BOOM "$T/spin$j.jsonl" | cmp -s - "$T/spin-ref.jsonl"; then pass "spin-j$j-others-identical"; else
        fail "spin-j$j-others-identical" "differs"; fi
    pycheck "spin-j$j-errors" "$T/spin$j.jsonl" "
bad = [d for d in docs if d['errors']]
assert [d['id'] for d in bad] == ['d2', 'd5', 'd8', 'd11'], bad
for d in bad:
    assert d['errors'][0]['message'].startswith(\"ran longer than the document timeout (0.4 s) in stage 'crashy' of plugin $FIX/crashy.so\"), d
"
done

# an inline Lua stage that spins (no instruction budget): named as one
printf '{"id":"a","text":"cat"}\n{"id":"b","text":"LOOP"}\n' >"$T/lspin.jsonl"
cat >"$T/lspin.lua" <<'LUA'
return weft.pipeline {
  weft.lua "spin" { run = function(doc)
    if doc:text():find("LOOP") then while true do end end
  end },
}
LUA
run lua-spin 1 $WEFT run "$T/lspin.lua" "$T/lspin.jsonl" --isolate --lua-budget 0 --doc-timeout 0.4 -o "$T/lspin.out"
contains lua-spin-named "$T/lspin.out" "ran longer than the document timeout (0.4 s) in inline Lua stage 'spin'"

# no zombie: while an isolated run goes through crashes, a worker that died
# is reaped at once (no zombie seen twice, 0.3 s apart) and replaced (never
# more than the -j 2 workers alive); none is left afterwards
python3 -c '
import json
for i in range(1500):
    t = "doc %d" % i + (" BOOM" if i % 50 == 7 else "")
    print(json.dumps({"id": "z%d" % i, "text": t}))' >"$T/many.jsonl"
cat >"$T/slowcrash.lua" <<'LUA'
return weft.pipeline {
  weft.stage "crashy" {},
  weft.lua "slow" { run = function(doc) local x = 0 for i = 1, 2e5 do x = x + i end doc:set("x", x) end },
}
LUA
$B/weft run "$T/slowcrash.lua" "$T/many.jsonl" $P --isolate -j 2 -q -o "$T/z.jsonl" 2>"$T/zerr" &
pid=$!
sleep 0.5
bad="" zprev=""
for _ in 1 2 3 4 5; do
    ps -o pid=,stat= --ppid $pid >"$T/ps"
    z=$(awk '$2 ~ /Z/ { print $1 }' "$T/ps" | sort | tr '\n' ' ')
    live=$(awk '$2 !~ /Z/' "$T/ps" | wc -l)
    for p in $z; do case " $zprev " in *" $p "*) bad="$bad zombie $p;" ;; esac; done
    [ "$live" -le 2 ] || bad="$bad $live workers alive;"
    zprev=$z
    sleep 0.3
done
if [ -z "$bad" ]; then pass no-zombies; else fail no-zombies "$bad"; fi
wait $pid
rc=$?
if [ $rc -eq 1 ]; then pass many-exit; else fail many-exit "exit $rc: $(head -c 300 "$T/zerr")"; fi
pycheck many-all-written "$T/z.jsonl" '
assert [d["id"] for d in docs] == ["z%d" % i for i in range(1500)]
assert [d["id"] for d in docs if d["errors"]] == ["z%d" % i for i in range(7, 1500, 50)]
'
if pgrep -f "$T/slowcrash.lua" >/dev/null; then fail no-workers-left "$(pgrep -af "$T/slowcrash.lua")"; else pass no-workers-left; fi

# SIGINT, as a terminal sends it (to the parent and its workers): what was
# done is written in order, the JSON array closed, exit 130
cat >"$T/slow.lua" <<'LUA'
return weft.pipeline {
  weft.lua "slow" { run = function(doc) local x = 0 for i = 1, 2e5 do x = x + i end doc:set("x", x) end },
}
LUA
python3 -c '
import json
for i in range(100000): print(json.dumps({"id": "d%d" % i, "text": "t"}))' >"$T/big.jsonl"
$B/weft run "$T/slow.lua" "$T/big.jsonl" --isolate -f json -j 2 >"$T/out" 2>"$T/err" &
pid=$!
sleep 1.5
kill -INT $pid $(ps -o pid= --ppid $pid)
wait $pid
rc=$?
if [ $rc -eq 130 ]; then pass sigint-exit; else fail sigint-exit "exit $rc: $(head -c 300 "$T/err")"; fi
contains sigint-msg "$T/err" "interrupted after"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert 0 < len(d) < 100000, len(d)
assert [x["id"] for x in d] == ["d%d" % i for i in range(len(d))]
' "$T/out"; then pass sigint-wellformed; else fail sigint-wellformed "$(tail -c 300 "$T/out")"; fi
if pgrep -f "$T/slow.lua" >/dev/null; then fail sigint-no-workers-left "$(pgrep -af "$T/slow.lua")"; else pass sigint-no-workers-left; fi
# every document in flight (a short input, slow documents): ^C is not held
# up until all of them are done (the workers start nothing more, finish the
# one in hand), the output is the in-order prefix of what was done, exit 130
cat >"$T/slower.lua" <<'LUA'
return weft.pipeline {
  weft.lua "slower" { run = function(doc) local x = 0 for i = 1, 1e8 do x = x + i end doc:set("x", x) end },
}
LUA
python3 -c '
import json
for i in range(40): print(json.dumps({"id": "s%d" % i, "text": "t"}))' >"$T/few.jsonl"
for j in 1 2; do
    $B/weft run "$T/slower.lua" "$T/few.jsonl" --isolate -j $j --lua-budget 0 >"$T/out" 2>"$T/err" &
    pid=$!
    sleep 1.5
    kill -INT $pid $(ps -o pid= --ppid $pid)
    wait $pid
    rc=$?
    if [ $rc -eq 130 ]; then pass sigint-inflight-exit-j$j; else fail sigint-inflight-exit-j$j "exit $rc: $(head -c 300 "$T/err")"; fi
    contains sigint-inflight-msg-j$j "$T/err" "interrupted after"
    if python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert len(ids) < 40, len(ids)
assert ids == ["s%d" % i for i in range(len(ids))], ids
' "$T/out"; then pass sigint-inflight-prefix-j$j; else fail sigint-inflight-prefix-j$j "$(tail -c 300 "$T/out")"; fi
    if pgrep -f "$T/slower.lua" >/dev/null; then fail sigint-inflight-no-workers-j$j "$(pgrep -af "$T/slower.lua")"; else pass sigint-inflight-no-workers-j$j; fi
done

# --fail-fast names the document that stopped the run by its id, as without
# --isolate: a crash (the parent decodes the record again) and a stage's
# failure in a child (the child decodes the record and sends the id)
printf '{"id":"q1","text":"a dog"}\n{"id":"q2","text":"a cat BOOM"}\n{"id":"q3","text":"a dog"}\n' >"$T/ff.jsonl"
run ff-crash-id 1 $WEFT run "$T/segv.lua" $P --isolate --fail-fast "$T/ff.jsonl" -o /dev/null
contains ff-crash-id-msg "$T/err" "stopped early (--fail-fast) at the first failed document, 'q2' (document 2)"
printf 'return weft.pipeline { weft.stage "mark" { needle = "x", poison = "cat" } }\n' >"$T/poison.lua"
run ff-fail-id 1 $WEFT run "$T/poison.lua" $P --isolate --fail-fast "$T/ff.jsonl" -o /dev/null
contains ff-fail-id-msg "$T/err" "stopped early (--fail-fast) at the first failed document, 'q2' (document 2)"
