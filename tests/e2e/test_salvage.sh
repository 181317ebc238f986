# A stage's exit() outside the documents, and one whose salvage must wait
# for a document that never ends (the other exit() cases are in
# test_signals.sh): the output is never left half-written and the process
# never hangs.
. tests/e2e/lib.sh
P="--plugin-path $FIX/crashy.so"
python3 -c '
for i in range(200): print("{\"id\": \"d%d\", \"text\": \"fine %d\"}" % (i, i))' >"$T/in.jsonl"

# exit() in destroy(), after every document was run, on the calling thread:
# every document is written and a JSON array is closed (before, the writer
# was never finished: 1 or 64 of 200 lines, an open array); in create(),
# before any: nothing, and a JSON array is "[]"
check_ids() { # NAME FILE FORMAT COUNT
    if python3 -c '
import json, sys
t = open(sys.argv[1]).read()
ids = [d["id"] for d in json.loads(t)] if sys.argv[2] == "json" else [json.loads(l)["id"] for l in t.splitlines()]
sys.exit(ids != ["d%d" % i for i in range(int(sys.argv[3]))])' "$2" "$3" "$4" 2>/dev/null; then
        pass "$1"
    else
        fail "$1" "$(wc -l <"$2") lines: $(tail -c 200 "$2")"
    fi
}
for cb in create destroy; do
    printf 'return weft.pipeline { weft.stage "crashy" { how = "exit", ["in"] = "%s" } }\n' $cb >"$T/$cb.lua"
    # with --isolate, create() and destroy() run in the parent, which writes
    for j in 1 2 "2 --isolate"; do
        for f in jsonl json; do
            name=exit-in-$cb-j$(echo $j | tr -d ' ')-$f
            run $name 1 $WEFT run "$T/$cb.lua" "$T/in.jsonl" $P -j $j -f $f
            contains $name-said "$T/err" "weft: the process was ended by exit() in $cb() of stage 'crashy'"
            if [ $cb = destroy ]; then check_ids $name-all "$T/out" $f 200; else check_ids $name-none "$T/out" $f 0; fi
        done
    done
done

# exit() in destroy() after the run went to the end: the output is whole,
# so it says so, and -o's file is written (it was left out, all or nothing)
printf 'return weft.pipeline { weft.stage "crashy" { how = "exit", ["in"] = "destroy" } }\n' >"$T/destroy.lua"
for j in 1 2 "2 --isolate"; do
    name=exit-in-destroy-o-j$(echo $j | tr -d ' ')
    rm -f "$T/o.jsonl"
    run $name 1 $WEFT run "$T/destroy.lua" "$T/in.jsonl" $P -j $j -o "$T/o.jsonl"
    contains $name-whole "$T/err" "in destroy() of stage 'crashy' of plugin $FIX/crashy.so after the run: the output is complete"
    if [ -f "$T/o.jsonl" ]; then check_ids $name-all "$T/o.jsonl" jsonl 200; else fail $name-all "no output file"; fi
    if ls "$T"/o.jsonl.tmp.* >/dev/null 2>&1; then fail $name-no-tmp "a temporary file is left"; else pass $name-no-tmp; fi
done

# exit() in open(), before anything is read: nothing written, the setup's
# status (it was 0, silently); in close(), after the run: the output is
# whole, but the status says the stages were not all closed (it was 0)
for cb in open close; do
    printf 'return weft.pipeline { weft.stage "crashy" { how = "exit", ["in"] = "%s" } }\n' $cb >"$T/$cb.lua"
    for j in 1 2 "2 --isolate"; do
        for f in jsonl json; do
            name=exit-in-$cb-j$(echo $j | tr -d ' ')-$f
            if [ $cb = open ]; then want=2; else want=1; fi
            run $name $want $WEFT run "$T/$cb.lua" "$T/in.jsonl" $P -j $j -f $f
            contains $name-said "$T/err" "weft: the process was ended by exit() in $cb() of stage 'crashy'"
            if [ $cb = close ]; then
                contains $name-whole "$T/err" "after the run: the output is complete"
                check_ids $name-all "$T/out" $f 200
            elif [ -s "$T/out" ]; then
                fail $name-nothing "$(head -c 200 "$T/out")"
            else
                pass $name-nothing
            fi
        done
    done
done

# an output that cannot be opened ends the run before it began: an exit()
# in close() then is still before anything ran (status 2, not "complete")
run exit-in-close-no-output 2 $WEFT run "$T/close.lua" "$T/in.jsonl" $P -o "$T/missing/dir/out.jsonl"
contains exit-in-close-no-output-said "$T/err" "before the run began: nothing was read"

# A document that never ends before the one whose stage calls exit(): the
# exiting thread waits for it a bounded time (2 s), then writes the batches
# finished before it. The wait's deadline was read on another clock than
# the one it waited on, so it never came and weft hung until SIGKILL.
python3 -c '
for i in range(700): print("{\"id\": \"d%d\", \"text\": \"%s\"}" % (i, "SPIN" if i == 100 else "BOOM" if i == 200 else "fine %d" % i))' >"$T/spin.jsonl"
cat >"$T/spin.lua" <<'LUA'
return weft.pipeline {
  weft.stage "crashy" { how = "spin", marker = "SPIN" },
  weft.stage "crashy" { as = "quit", how = "exit", marker = "BOOM" },
}
LUA
timeout -s KILL 60 $WEFT run "$T/spin.lua" "$T/spin.jsonl" $P -j 3 >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -eq 1 ]; then pass exit-waits-bounded; else fail exit-waits-bounded "exit $rc (137: killed after 60 s)"; fi
contains exit-waits-said "$T/err" "exit() in stage 'quit' of plugin $FIX/crashy.so on document 'd200'"
# what is written is the input's first documents, none past the endless one
if python3 -c '
import json, sys
ids = [json.loads(l)["id"] for l in open(sys.argv[1])]
sys.exit(ids != ["d%d" % i for i in range(len(ids))] or len(ids) > 100)' "$T/out"; then
    pass exit-waits-prefix
else
    fail exit-waits-prefix "$(wc -l <"$T/out") lines"
fi
