# SIGINT mid-run: well-formed partial output, exit 130, -o left untouched;
# a crashing plugin is named;
# a closed pipe ends the run quietly.
. tests/e2e/lib.sh
cat >"$T/slow.lua" <<'LUA'
return weft.pipeline {
  weft.lua "slow" { run = function(doc) local x = 0 for i = 1, 2e5 do x = x + i end doc:set("x", x) end },
}
LUA
python3 -c '
import json
for i in range(100000): print(json.dumps({"id": "d%d" % i, "text": "t"}))' >"$T/in.jsonl"
printf "x" >"$T/d.txt"
# until_true COND: true once the shell condition holds, checked every 0.1 s for
# up to a minute (a loaded machine or a sanitizer build starts slowly; a
# signal sent before the run is under way would test nothing)
until_true() {
    i=0
    while [ $i -lt 600 ]; do
        eval "$1" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
# SIGINT once the run has written something
$B/weft run "$T/slow.lua" "$T/in.jsonl" -f json -j 2 >"$T/out" 2>"$T/err" &
pid=$!
until_true '[ -s "$T/out" ]'
sleep 0.3
kill -INT $pid
wait $pid
rc=$?
if [ $rc -eq 130 ]; then pass sigint-exit; else fail sigint-exit "exit $rc"; fi
contains sigint-msg "$T/err" "interrupted after"
# said at once, for a stage that keeps the run busy long after ^C
contains sigint-notice "$T/err" "weft: interrupted: finishing the documents being processed (again to stop at once)"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert 0 < len(d) < 100000, len(d)
assert [x["id"] for x in d] == ["d%d" % i for i in range(len(d))]
' "$T/out"; then pass sigint-wellformed; else fail sigint-wellformed "$(tail -c 300 "$T/out")"; fi
# every document in flight (a short input, slow documents): ^C is not held
# up until all of them are done, and the run still says it was interrupted
cat >"$T/slower.lua" <<'LUA'
return weft.pipeline {
  weft.lua "slower" { run = function(doc) local x = 0 for i = 1, 1e8 do x = x + i end doc:set("x", x) end },
}
LUA
python3 -c '
import json
for i in range(40): print(json.dumps({"id": "s%d" % i, "text": "t"}))' >"$T/few.jsonl"
for j in 1 2; do
    $B/weft run "$T/slower.lua" "$T/few.jsonl" -j $j --lua-budget 0 >"$T/out" 2>"$T/err" &
    pid=$!
    sleep 1.5
    kill -INT $pid
    wait $pid
    rc=$?
    if [ $rc -eq 130 ]; then pass sigint-inflight-exit-j$j; else fail sigint-inflight-exit-j$j "exit $rc"; fi
    contains sigint-inflight-msg-j$j "$T/err" "interrupted after"
    if python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
assert len(ids) < 40, len(ids)
assert ids == ["s%d" % i for i in range(len(ids))], ids
' "$T/out"; then pass sigint-inflight-prefix-j$j; else fail sigint-inflight-prefix-j$j "$(tail -c 300 "$T/out")"; fi
done
echo keep >"$T/o.json"
$B/weft run "$T/slow.lua" "$T/in.jsonl" -f json -o "$T/o.json" 2>"$T/err" &
pid=$!
# the temporary output file is made after the handlers are set
until_true 'ls "$T"/o.json.tmp.* >/dev/null 2>&1'
sleep 0.3
kill -TERM $pid
wait $pid
rc=$?
if [ $rc -eq 130 ]; then pass sigterm-exit; else fail sigterm-exit "exit $rc"; fi
contains sigterm-untouched "$T/o.json" "keep"
if ls "$T"/o.json.tmp.* >/dev/null 2>&1; then fail sigterm-no-temp "temp file left"; else pass sigterm-no-temp; fi
contains sigterm-msg "$T/err" "the output file was not written"
# a closed pipe: quiet, exit 0, and prompt (not all 100000 documents)
start=$(date +%s)
$B/weft run "$T/slow.lua" "$T/in.jsonl" -j 2 2>"$T/err" | head -1 >"$T/head"
rc=$?
end=$(date +%s)
if [ -s "$T/head" ] && [ ! -s "$T/err" ]; then pass closed-pipe-quiet; else fail closed-pipe-quiet "$(cat "$T/err")"; fi
if [ $((end - start)) -lt 20 ]; then pass closed-pipe-prompt; else fail closed-pipe-prompt "took $((end - start)) s"; fi
# output to a full disk: exit 3 with a message
if [ -w /dev/full ]; then
    run full-disk 3 $WEFT run "$T/slow.lua" "$T/in.jsonl" -o /dev/full
    run full-disk-stdout 3 sh -c "$WEFT run '$T/slow.lua' '$T/in.jsonl' >/dev/full"
    contains full-disk-msg "$T/err" "No space left on device"
fi
# -o onto a device writes to it, never replaces it
if [ -c /dev/full ]; then pass device-kept; else fail device-kept "/dev/full is no longer a device"; fi
run dev-null 0 $WEFT run "$T/slow.lua" "$T/d.txt" -o /dev/null
if [ -c /dev/null ]; then pass dev-null-kept; else fail dev-null-kept "/dev/null replaced"; fi

# a plugin that crashes: the process dies with the signal, after naming the
# stage, the plugin file and the document
cat >"$T/crash.lua" <<'LUA'
return weft.pipeline { weft.stage "crash" {} }
LUA
printf 'fine\n' >"$T/ok.txt"
printf 'this will CRASH\n' >"$T/bad.txt"
$WEFT run "$T/crash.lua" "$T/ok.txt" "$T/bad.txt" --plugin-path "$FIX/good.so" -j 1 >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -gt 128 ]; then pass crash-signal; else fail crash-signal "exit $rc"; fi
contains crash-names-stage "$T/err" "weft: crashed (SIGSEGV) in stage 'crash' of plugin $FIX/good.so on document '$T/bad.txt'"
# with -o, the crash leaves neither FILE nor a temporary file beside it
mkdir -p "$T/oc"
$WEFT run "$T/crash.lua" "$T/ok.txt" "$T/bad.txt" --plugin-path "$FIX/good.so" -j 1 -o "$T/oc/out" 2>/dev/null
if [ -z "$(ls -A "$T/oc")" ]; then pass crash-no-temp-file; else fail crash-no-temp-file "$(ls "$T/oc")"; fi

# a stage that calls exit(0) mid-run: not a success with half the output
cat >"$T/exit.lua" <<'LUA'
return weft.pipeline { weft.stage "crashy" { how = "exit" } }
LUA
printf 'fine\n' >"$T/e1.txt"
printf 'BOOM here\n' >"$T/e2.txt"
mkdir -p "$T/oe"
run exit-in-stage 1 $WEFT run "$T/exit.lua" "$T/e1.txt" "$T/e2.txt" --plugin-path "$FIX/crashy.so" -j 1 -o "$T/oe/out"
contains exit-in-stage-named "$T/err" "weft: the process was ended by exit() in stage 'crashy' of plugin $FIX/crashy.so on document '$T/e2.txt'"
if [ -z "$(ls -A "$T/oe")" ]; then pass exit-no-temp-file; else fail exit-no-temp-file "$(ls "$T/oe")"; fi
# ... and what was finished before it is written, in input order, as after
# SIGINT: with one worker and with several (batches done by other threads,
# the exiting thread's own batch up to its document), in JSON Lines and in a
# JSON array that is closed
python3 -c '
import json
for i in range(700): print(json.dumps({"id": "d%d" % i, "text": "BOOM" if i == 500 else "fine %d" % i}))' >"$T/e700.jsonl"
for j in 1 2 3; do
    for f in jsonl json; do
        $WEFT run "$T/exit.lua" "$T/e700.jsonl" --plugin-path "$FIX/crashy.so" -j $j -f $f >"$T/out" 2>"$T/err"
        rc=$?
        if [ $rc -eq 1 ]; then pass "exit-salvage-rc-j$j-$f"; else fail "exit-salvage-rc-j$j-$f" "exit $rc"; fi
        if python3 -c '
import json, sys
t = open(sys.argv[1]).read()
ids = [d["id"] for d in json.loads(t)] if sys.argv[2] == "json" else [json.loads(l)["id"] for l in t.splitlines()]
sys.exit(ids != ["d%d" % i for i in range(500)])' "$T/out" $f; then
            pass "exit-salvage-j$j-$f"
        else
            fail "exit-salvage-j$j-$f" "$(wc -l <"$T/out") lines"
        fi
    done
done

# a plugin that crashes outside process(): in open() and create() (run once,
# before any document; with --isolate in the parent, before the workers are
# forked) and in close() and destroy(): the message names the callback, the
# stage and the plugin file, and the process still dies with the signal
for cb in open create close destroy; do
    cat >"$T/crash-$cb.lua" <<LUA
return weft.pipeline { weft.stage "crashy" { ["in"] = "$cb" } }
LUA
    for iso in "" --isolate; do
        name="crash-in-$cb${iso:+-isolate}"
        $WEFT run "$T/crash-$cb.lua" "$T/ok.txt" --plugin-path "$FIX/crashy.so" -j 2 $iso >"$T/out" 2>"$T/err"
        rc=$?
        if [ $rc -gt 128 ]; then pass "$name-signal"; else fail "$name-signal" "exit $rc"; fi
        contains "$name-named" "$T/err" "weft: crashed (SIGSEGV) in $cb() of stage 'crashy' of plugin $FIX/crashy.so"
    done
done
