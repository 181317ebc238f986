# weft run --isolate hands its worker processes documents in batches and
# gets their results back in batches (issue #17). What must still hold:
# - the children decode what the reader found (JSON Lines records, files,
#   .gz files, bad records): output and stderr as without --isolate;
# - a crash or a timeout in the middle of a batch fails only that document:
#   the documents the worker finished before it are kept (not run again,
#   even those whose results it had not sent yet), the ones after it are
#   run by the replacement, each exactly once.
. tests/e2e/lib.sh
P="--plugin-path $FIX/good.so:$FIX/crashy.so"

# 1. Decoding in the children: every kind of input, good and bad
mkdir -p "$T/mix/sub"
python3 tests/e2e/mixed_input.py "$T/mix" 600
cat >"$T/light.lua" <<'LUA'
return weft.pipeline { weft.stage "mark" { needle = "cat", max = 100 } }
LUA
run mix-threads 1 $WEFT run "$T/light.lua" "$T/mix" $P -j 1 -o "$T/x.jsonl"
cp "$T/err" "$T/x.err"
for j in 1 2; do
    run "mix-iso-j$j" 1 $WEFT run "$T/light.lua" "$T/mix" $P -j $j --isolate -o "$T/xi$j.jsonl"
    if cmp -s "$T/x.jsonl" "$T/xi$j.jsonl"; then pass "mix-iso-j$j-same"; else
        fail "mix-iso-j$j-same" "$(diff "$T/x.jsonl" "$T/xi$j.jsonl" | head -c 600)"; fi
    if cmp -s "$T/x.err" "$T/err"; then pass "mix-iso-j$j-same-stderr"; else
        fail "mix-iso-j$j-same-stderr" "$(diff "$T/x.err" "$T/err" | head -c 600)"; fi
done
contains mix-warns-surrogate "$T/x.err" "a.jsonl:202: 1 lone surrogate escape"
contains mix-stats "$T/x.err" "documents"
run mix-iso-stats 1 $WEFT run "$T/light.lua" "$T/mix" $P -j 2 --isolate --stats -q -o /dev/null
grep "documents" "$T/err" >"$T/s-iso"
$WEFT run "$T/light.lua" "$T/mix" $P -j 2 --stats -q -o /dev/null 2>&1 | grep "documents" >"$T/s-thr"
# the same documents, failures and bytes of text in the summary line
if [ -s "$T/s-iso" ] && [ "$(sed 's/ in [0-9.]* s.*//' "$T/s-iso")" = "$(sed 's/ in [0-9.]* s.*//' "$T/s-thr")" ]; then
    pass mix-iso-stats-same; else fail mix-iso-stats-same "$(cat "$T/s-iso" "$T/s-thr")"; fi

# a file that crashes its worker, among files read by the children
mkdir -p "$T/files"
python3 - "$T/files" <<'PY'
import gzip, os, sys
os.makedirs(sys.argv[1] + "-good")
for i in range(30):
    text = ("file %d cat " % i) * (i + 1) + (" BOOM" if i == 17 else "")
    for d in (sys.argv[1], sys.argv[1] + "-good"):
      name = os.path.join(d, "f%02d.txt" % i)
      if i == 17 and d.endswith("-good"):
        pass
      elif i % 2:
        with gzip.open(name + ".gz", "wb") as f:
            f.write(text.encode())
      else:
        with open(name, "w") as f:
            f.write(text)
PY
cat >"$T/crash.lua" <<'LUA'
return weft.pipeline {
  weft.stage "mark" { needle = "cat", max = 100 },
  weft.stage "crashy" { how = "segv" },
}
LUA
run files-threads-good 0 $WEFT run "$T/crash.lua" "$T/files-good" $P -j 1 -o "$T/fref.jsonl"
sed "s|$T/files-good/|$T/files/|g" "$T/fref.jsonl" >"$T/fref2.jsonl"
for j in 1 2; do
    run "files-iso-j$j" 1 $WEFT run "$T/crash.lua" "$T/files" $P -j $j --isolate -q -o "$T/fi$j.jsonl"
    if grep -v f17 "$T/fi$j.jsonl" | cmp -s - "$T/fref2.jsonl"; then pass "files-iso-j$j-others-same"; else
        fail "files-iso-j$j-others-same" "$(grep -v f17 "$T/fi$j.jsonl" | diff - "$T/fref2.jsonl" | head -c 400)"; fi
    pycheck "files-iso-j$j-error" "$T/fi$j.jsonl" "
(bad,) = [d for d in docs if d['errors']]
assert bad['id'].endswith('f17.txt.gz'), bad['id']
assert 'crashed the worker process (SIGSEGV)' in bad['errors'][0]['message'], bad
good = [d for d in docs if not d['errors']][0]
assert bad['layers'] and bad['layers'] == {k: [] for k in good['layers']}, bad
"
done

# 2. A crash or a hang in the middle of a batch. A Lua stage after the
# crashing one logs every document it finishes (appending to a file, from
# whichever worker process runs it): each good document exactly once. The
# timeout is generous: on a loaded machine a good document may wait long.
python3 - "$T/in.jsonl" "$T/good.jsonl" <<'PY'
import json, sys
bad = (11, 40, 41, 90)  # mid-batch, two in a row, late
with open(sys.argv[1], "w") as all_, open(sys.argv[2], "w") as good:
    for i in range(120):
        line = json.dumps({"id": "d%d" % i, "text": "doc %d cat%s" % (i, " BOOM" if i in bad else "")}) + "\n"
        all_.write(line)
        if i not in bad:
            good.write(line)
PY
logged() { # logged HOW: pipeline crashy HOW, then a Lua stage logging ids to $T/log
    cat >"$T/$1-log.lua" <<LUA
return weft.pipeline {
  weft.stage "mark" { needle = "cat", max = 100 },
  weft.stage "crashy" { how = "$1" },
  weft.lua "log" { run = function(doc)
    local f = assert(io.open("$T/log", "a")); f:write(doc.id, "\n"); f:close()
  end },
}
LUA
}
logged segv
logged spin
run batch-ref 0 $WEFT run "$T/segv-log.lua" "$T/good.jsonl" $P --unsafe-lua -j 1 -o "$T/bref.jsonl"
# once_each NAME: every good id in $T/log exactly once, no bad one
once_each() {
    if python3 - "$T/log" <<'PY'; then pass "$1"; else fail "$1" "$(sort "$T/log" | uniq -c | awk '$1 != 1' | head -5)"; fi
import collections, sys
bad = {11, 40, 41, 90}
got = collections.Counter(open(sys.argv[1]).read().split())
want = collections.Counter("d%d" % i for i in range(120) if i not in bad)
assert got == want, sorted((got - want).items())[:5] or sorted((want - got).items())[:5]
PY
}
for j in 1 2; do
    : >"$T/log"
    run "batch-segv-j$j" 1 $WEFT run "$T/segv-log.lua" "$T/in.jsonl" $P --unsafe-lua --isolate -j $j -q -o "$T/bs$j.jsonl"
    if grep -v BOOM "$T/bs$j.jsonl" | cmp -s - "$T/bref.jsonl"; then pass "batch-segv-j$j-others-same"; else
        fail "batch-segv-j$j-others-same" "differs"; fi
    once_each "batch-segv-j$j-each-once"
done
if [ -n "$WEFT_VALGRIND" ]; then
    echo "test_isolate_batch: the timeout case is timing-based: skipped under valgrind" >&2
    exit 0
fi
: >"$T/log"
run batch-spin 1 $WEFT run "$T/spin-log.lua" "$T/in.jsonl" $P --unsafe-lua --isolate -j 1 --doc-timeout 1 -q -o "$T/bt.jsonl"
if grep -v BOOM "$T/bt.jsonl" | cmp -s - "$T/bref.jsonl"; then pass batch-spin-others-same; else
    fail batch-spin-others-same "differs"; fi
once_each batch-spin-each-once
pycheck batch-spin-errors "$T/bt.jsonl" "
bad = [d['id'] for d in docs if d['errors']]
assert bad == ['d11', 'd40', 'd41', 'd90'], bad
assert all(d['errors'][0]['message'].startswith('ran longer than the document timeout') for d in docs if d['errors'])
"

# 3. The parent writes results from the child's shared segments and holds a
# segment until its results are written. With -j 2 and a slow document
# early in one child's stream, the other child's results wait behind it:
# once that child has filled every segment it asks for one back and the
# parent copies the held results out; a crash in that child while its
# segments are held (d1500, d2500) is copied out before its replacement
# reuses them. Whatever the timing, the output is that of a run without
# the bad documents, each good one logged once.
python3 - "$T/held.jsonl" "$T/held-good.jsonl" <<'PY'
import json, sys
bad = (1500, 2500)
with open(sys.argv[1], "w") as all_, open(sys.argv[2], "w") as good:
    for i in range(6000):
        t = "doc %d cat%s%s" % (i, " SLOW" if i == 5 else "", " BOOM" if i in bad else "")
        line = json.dumps({"id": "d%d" % i, "text": t}) + "\n"
        all_.write(line)
        if i not in bad:
            good.write(line)
PY
cat >"$T/held.lua" <<LUA
return weft.pipeline {
  weft.stage "mark" { needle = "cat", max = 100 },
  weft.stage "crashy" { how = "segv" },
  weft.lua "slow" { run = function(doc)
    if doc:text():find("SLOW", 1, true) then
      local t = os.clock()
      while os.clock() - t < 1.5 do end
    end
    local f = assert(io.open("$T/log", "a")); f:write(doc.id, "\n"); f:close()
  end },
}
LUA
run held-ref 0 $WEFT run "$T/held.lua" "$T/held-good.jsonl" $P --unsafe-lua -j 1 -q -o "$T/href.jsonl"
: >"$T/log"
run held-iso 1 timeout 300 $WEFT run "$T/held.lua" "$T/held.jsonl" $P --unsafe-lua --isolate -j 2 -q -o "$T/hiso.jsonl"
if grep -v BOOM "$T/hiso.jsonl" | cmp -s - "$T/href.jsonl"; then pass held-others-same; else
    fail held-others-same "$(grep -v BOOM "$T/hiso.jsonl" | cmp - "$T/href.jsonl")"; fi
pycheck held-errors "$T/hiso.jsonl" "
bad = [d['id'] for d in docs if d['errors']]
assert bad == ['d1500', 'd2500'], bad
"
if python3 - "$T/log" <<'PY'; then pass held-each-once; else fail held-each-once "$(sort "$T/log" | uniq -c | awk '$1 != 1' | head -5)"; fi
import collections, sys
got = collections.Counter(open(sys.argv[1]).read().split())
want = collections.Counter("d%d" % i for i in range(6000) if i not in (1500, 2500))
assert got == want, sorted((got - want).items())[:5] or sorted((want - got).items())[:5]
PY

# 4. Tasks reach the children through a shared ring of 1 MiB each, kept
# until answered so that a replacement runs what its predecessor left
# from there; a task over 256 KiB goes through the socket in its place.
# 3,000 records of about 700 bytes fill the ring three times over, with
# records of 300 KB among them (one marked, one just before a marked
# one), and crashes after the ring has wrapped; read from a file
# (records) and from stdin (whole documents). Output as a run without the
# bad documents, each good one logged once, at -j 1 and -j 2.
python3 - "$T/ring.jsonl" "$T/ring-good.jsonl" <<'PY'
import json, sys
bad = {7, 400, 1201, 1202, 1999, 2600, 2999}
big = {399, 1200, 2600}
with open(sys.argv[1], "w") as all_, open(sys.argv[2], "w") as good:
    for i in range(3000):
        body = ("word%d cat " % i) * (30000 if i in big else 70)
        t = "doc %d %s%s" % (i, body, " BOOM" if i in bad else "")
        line = json.dumps({"id": "d%d" % i, "text": t}) + "\n"
        all_.write(line)
        if i not in bad:
            good.write(line)
PY
run ring-ref 0 $WEFT run "$T/segv-log.lua" "$T/ring-good.jsonl" $P --unsafe-lua -j 1 -q -o "$T/rref.jsonl"
for j in 1 2; do
    for src in file stdin; do
        : >"$T/log"
        if [ $src = file ]; then
            run "ring-$src-j$j" 1 timeout 300 $WEFT run "$T/segv-log.lua" "$T/ring.jsonl" $P --unsafe-lua --isolate -j $j -q -o "$T/ri.jsonl"
        else
            run "ring-$src-j$j" 1 timeout 300 $WEFT run "$T/segv-log.lua" $P --unsafe-lua --isolate -j $j -q --input jsonl -o "$T/ri.jsonl" <"$T/ring.jsonl"
        fi
        if grep -v BOOM "$T/ri.jsonl" | cmp -s - "$T/rref.jsonl"; then pass "ring-$src-j$j-others-same"; else
            fail "ring-$src-j$j-others-same" "$(grep -v BOOM "$T/ri.jsonl" | cmp - "$T/rref.jsonl")"; fi
        pycheck "ring-$src-j$j-errors" "$T/ri.jsonl" "
bad = [d['id'] for d in docs if d['errors']]
assert bad == ['d7', 'd400', 'd1201', 'd1202', 'd1999', 'd2600', 'd2999'], bad
assert len(docs) == 3000, len(docs)
"
        if python3 - "$T/log" <<'PY'; then pass "ring-$src-j$j-each-once"; else fail "ring-$src-j$j-each-once" "$(sort "$T/log" | uniq -c | awk '$1 != 1' | head -5)"; fi
import collections, sys
bad = {7, 400, 1201, 1202, 1999, 2600, 2999}
got = collections.Counter(open(sys.argv[1]).read().split())
want = collections.Counter("d%d" % i for i in range(3000) if i not in bad)
assert got == want, sorted((got - want).items())[:5] or sorted((want - got).items())[:5]
PY
    done
done

# 5. Slow documents: results are written as they are done, not once a
# segment's worth (128) is: a parent that hears nothing for 200 ms tells
# the children to hand over what they have. 14 documents of about 0.3 s
# of CPU each: the first lines arrive well before the run ends.
python3 - "$T/slow.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(14):
        f.write(json.dumps({"id": "s%d" % i, "text": "doc %d cat" % i}) + "\n")
PY
cat >"$T/slow.lua" <<LUA
return weft.pipeline {
  weft.lua "slow" { run = function(doc)
    local t = os.clock()
    while os.clock() - t < 0.3 do end
  end },
}
LUA
for j in 1 2; do
    # prints the seconds from the first line to the end of the output
    $WEFT run "$T/slow.lua" "$T/slow.jsonl" --unsafe-lua --isolate -j $j -q 2>"$T/err" | python3 -c "
import sys, time
first = None
n = 0
for line in sys.stdin:
    n += 1
    if first is None:
        first = time.monotonic()
print(n, '%.2f' % (time.monotonic() - first if first else 0))
" >"$T/gap"
    read -r n gap <"$T/gap"
    # at -j 1 the last document alone takes 0.3 s of CPU, the first line
    # follows its document by 0.2-0.5 s: a gap of 1 s leaves room for load
    if [ "$n" = 14 ] && python3 -c "import sys; sys.exit(0 if float('$gap') >= $((3 - j)).0 / 2 else 1)"; then
        pass "slow-j$j-streams"
    else
        fail "slow-j$j-streams" "$n lines, first line ${gap}s before the end"
    fi
done

# 6. Slow input (a feed down a pipe): each document is written before the
# next one arrives, as without --isolate. The feeder sends a record, then
# waits (10 s at most) until its line is in the output before it sends
# the next; a parent blocked reading the pipe would write nothing until
# the next record came, and the feeder would time out.
for j in 1 2; do
    : >"$T/sin.out"
    rm -f "$T/sin.late"
    {
        for id in a b c; do
            printf '{"id":"%s","text":"word %s"}\n' "$id" "$id"
            i=0
            while ! grep -q "^$id	" "$T/sin.out" && [ $i -lt 100 ]; do
                sleep 0.1
                i=$((i + 1))
            done
            [ $i -lt 100 ] || echo "$id" >>"$T/sin.late"
        done
    } | $WEFT run -p tokens --input jsonl --isolate -j $j -f tsv --entity-layer token - \
        >"$T/sin.out" 2>"$T/err"
    if [ ! -e "$T/sin.late" ] && [ "$(grep -c '	word	' "$T/sin.out")" = 6 ]; then
        pass "slow-input-j$j-each-before-the-next"
    else
        fail "slow-input-j$j-each-before-the-next" "late: $(cat "$T/sin.late" 2>/dev/null)"
    fi
done
