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
