# -j N: output order equals input order whatever N is, errors and
# --fail-fast behave as with one worker, each worker has its own Lua state.
. tests/e2e/lib.sh
P="--plugin-path $FIX/good.so"
# documents whose processing time varies a lot, so workers finish out of order
python3 - "$T/in.jsonl" <<'PY'
import json, random, sys
random.seed(7)
with open(sys.argv[1], "w") as f:
    for i in range(400):
        text = "doc %d %s" % (i, "cat " * random.randint(0, 30))
        if i in (57, 211):
            text += " POISON"
        f.write(json.dumps({"id": "d%d" % i, "text": text, "spin": random.randint(0, 20000)}) + "\n")
PY
# the busy loop's length: valgrind runs it some fifty times slower and
# serialises the threads anyway, so there it is shorter (the order still
# varies: the work per document still differs)
K=20
[ -n "$WEFT_VALGRIND" ] && K=1
cat >"$T/p.lua" <<LUA
return weft.pipeline {
  weft.stage "mark" { needle = "cat", max = 100 },
  weft.lua "spin" {
    run = function(doc)
      -- uneven work: a busy loop whose length depends on the text
      local n = (#doc:text() * 7919) % 20000
      local x = 0
      for i = 1, n * $K do x = x + i end
      doc:set("n", n)
      doc:set("state", tostring(kept == nil))
    end,
  },
}
LUA
run j1 1 $WEFT run "$T/p.lua" "$T/in.jsonl" $P -j 1 -o "$T/j1.jsonl"
for j in 2 3 8; do
    run "j$j" 1 $WEFT run "$T/p.lua" "$T/in.jsonl" $P -j $j -o "$T/j$j.jsonl"
    if cmp -s "$T/j1.jsonl" "$T/j$j.jsonl"; then pass "j$j-same-output"; else fail "j$j-same-output" "differs from -j 1"; fi
done
pycheck j1-order "$T/j1.jsonl" '
assert [d["id"] for d in docs] == ["d%d" % i for i in range(400)]
assert [i for i, d in enumerate(docs) if d["errors"]] == [57, 211]
'
contains j8-summary "$T/err" "2 of 400 documents failed"
run j4-fail-fast 1 $WEFT run "$T/p.lua" "$T/in.jsonl" $P -j 4 --fail-fast -o "$T/ff4.jsonl"
run j1-fail-fast 1 $WEFT run "$T/p.lua" "$T/in.jsonl" $P -j 1 --fail-fast -o "$T/ff1.jsonl"
if cmp -s "$T/ff1.jsonl" "$T/ff4.jsonl"; then pass fail-fast-same; else fail fail-fast-same "differs"; fi
pycheck fail-fast-stops-at-58 "$T/ff4.jsonl" 'assert len(docs) == 58, len(docs)'
run bad-jobs 2 $WEFT run "$T/p.lua" "$T/in.jsonl" $P -j 0
contains bad-jobs-msg "$T/err" "expected a number of workers"
# a Lua error in one worker's state does not affect the others
cat >"$T/err.lua" <<'LUA'
return weft.pipeline {
  weft.lua "every_third" {
    run = function(doc)
      local i = tonumber(doc.id:match("%d+"))
      if i % 3 == 0 then error("third " .. i) end
      doc:set("ok", i)
    end,
  },
}
LUA
run lua-errors-j3 1 $WEFT run "$T/err.lua" "$T/in.jsonl" $P -j 3 -o "$T/le.jsonl"
pycheck lua-errors-every-third "$T/le.jsonl" '
for i, d in enumerate(docs):
    if i % 3 == 0:
        assert "third %d" % i in d["errors"][0]["message"], d
    else:
        assert d["attrs"]["ok"] == i and d["errors"] == [], d
'
# Many short documents fill the ring: the writing thread then sleeps until
# half of what is in flight is done and writes several batches at once;
# a document failing (--fail-fast) in the middle of such a run still stops
# the output where one worker stops it.
python3 - "$T/many.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write(json.dumps({"id": "m%d" % i, "text": "cat %d %s" % (i, "POISON" if i == 15001 else "")}) + "\n")
PY
cat >"$T/light.lua" <<'LUA'
return weft.pipeline { weft.stage "mark" { needle = "cat", max = 100 } }
LUA
run many-j1 1 $WEFT run "$T/light.lua" "$T/many.jsonl" $P -j 1 -o "$T/m1.jsonl"
for j in 2 3; do
    run "many-j$j" 1 $WEFT run "$T/light.lua" "$T/many.jsonl" $P -j $j -o "$T/m$j.jsonl"
    if cmp -s "$T/m1.jsonl" "$T/m$j.jsonl"; then pass "many-j$j-same"; else fail "many-j$j-same" "differs from -j 1"; fi
done
pycheck many-all "$T/m2.jsonl" 'assert [d["id"] for d in docs] == ["m%d" % i for i in range(20000)]'
run many-ff-j1 1 $WEFT run "$T/light.lua" "$T/many.jsonl" $P -j 1 --fail-fast -o "$T/mf1.jsonl"
run many-ff-j2 1 $WEFT run "$T/light.lua" "$T/many.jsonl" $P -j 2 --fail-fast -o "$T/mf2.jsonl"
if cmp -s "$T/mf1.jsonl" "$T/mf2.jsonl"; then pass many-ff-same; else fail many-ff-same "differs"; fi
pycheck many-ff-stops "$T/mf2.jsonl" 'assert len(docs) == 15002, len(docs)'
# Workers decode what the reading thread found (issue #17): JSON Lines
# records are parsed and files read and inflated on the workers, so a mix
# of every kind of input, good and bad, must come out as with one worker:
# same records, same error records naming file and line, and the same
# warnings on stderr in the same order.
mkdir -p "$T/mix/sub"
python3 tests/e2e/mixed_input.py "$T/mix" 3000
run mix-j1 1 $WEFT run "$T/light.lua" "$T/mix" $P -j 1 -o "$T/x1.jsonl"
cp "$T/err" "$T/x1.err"
for j in 2 3; do
    run "mix-j$j" 1 $WEFT run "$T/light.lua" "$T/mix" $P -j $j -o "$T/x$j.jsonl"
    if cmp -s "$T/x1.jsonl" "$T/x$j.jsonl"; then pass "mix-j$j-same"; else fail "mix-j$j-same" "differs from -j 1"; fi
    if cmp -s "$T/x1.err" "$T/err"; then pass "mix-j$j-same-stderr"; else
        fail "mix-j$j-same-stderr" "$(diff "$T/x1.err" "$T/err" | head -c 600)"; fi
done
pycheck mix-records "$T/x1.jsonl" '
ids = [d["id"] for d in docs]
assert len(docs) == 3000 + 4 + 50, len(docs)
assert ids[0] == "first" and ids[301] == "7", ids[:3]
bad = {d["id"]: d["errors"][0]["message"] for d in docs if d["errors"]}
a = [k for k in bad if "a.jsonl:" in k]
assert sorted(int(k.rsplit(":", 1)[1]) for k in a) == [102, 602], bad
# a record that failed goes by its own id, its message names file and line
assert "a.jsonl:502: no string field" in bad["x"], bad
assert any(k.endswith("e.txt.gz") and "corrupt or truncated" in v for k, v in bad.items()), bad
assert "f.jsonl:26: no string field" in bad["f25"], bad
byid = {d["id"]: d for d in docs}
assert len(byid[[k for k in byid if k.endswith("c.txt.gz")][0]]["text"]) == 9 * 20000
assert byid[[k for k in byid if k.endswith("d.txt.gz")][0]]["text"].endswith("member and the second")
'
contains mix-warns-surrogate "$T/x1.err" "a.jsonl:202: 1 lone surrogate escape"
contains mix-warns-bad-line "$T/x1.err" "a.jsonl:102: column"
contains mix-warns-bad-id "$T/x1.err" "x: $T/mix/a.jsonl:502: no string field"
# -j N runs N - 1 worker threads: the calling thread, which reads and
# writes, processes batches too when it has nothing to read, so -j 2 keeps
# two threads busy on two cores rather than three (#17)
if [ -r /proc/self/status ]; then
    cat >"$T/threads.lua" <<'LUA'
return weft.pipeline {
  weft.lua "threads" {
    run = function(doc)
      local f = assert(io.open("/proc/self/status"))
      local n = tonumber(f:read("a"):match("Threads:%s*(%d+)"))
      f:close()
      doc:set("threads", n)
    end,
  },
}
LUA
    for j in 2 3; do
        run "threads-j$j" 0 $WEFT run "$T/threads.lua" --unsafe-lua "$T/in.jsonl" -j $j -o "$T/th$j.jsonl"
        pycheck "threads-j$j-at-most-$j" "$T/th$j.jsonl" "
n = [d['attrs']['threads'] for d in docs]
assert len(n) == 400 and max(n) <= $j and min(n) >= 2, sorted(set(n))
"
    done
else
    skip threads-per-job "no /proc/self/status"
fi
# Batches rendered into a quarter of a MiB or more change buffers with the
# worker's scratch instead of being copied into the batch's own, and the
# written buffers go back warm, whatever their size, up to a cap for all
# the stacks (#17): documents from a few bytes to 1.2 MB in a random order
# must still come out as with one worker.
python3 - "$T/sizes.jsonl" <<'PY'
import json, random, sys
random.seed(11)
with open(sys.argv[1], "w") as f:
    for i in range(48):
        n = random.choice([3, 40, 3000, 70000, 300000, 1200000])
        f.write(json.dumps({"id": "s%d" % i, "text": ("cat %d " % i) * (n // 6 + 1)}) + "\n")
PY
run sizes-j1 0 $WEFT run "$T/light.lua" "$T/sizes.jsonl" $P -j 1 -o "$T/z1.jsonl"
for j in 2 3; do
    run "sizes-j$j" 0 $WEFT run "$T/light.lua" "$T/sizes.jsonl" $P -j $j -o "$T/z$j.jsonl"
    if cmp -s "$T/z1.jsonl" "$T/z$j.jsonl"; then pass "sizes-j$j-same"; else fail "sizes-j$j-same" "differs from -j 1"; fi
done
pycheck sizes-all "$T/z2.jsonl" 'assert [d["id"] for d in docs] == ["s%d" % i for i in range(48)]'
