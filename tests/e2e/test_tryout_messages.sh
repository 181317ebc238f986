# Messages a fresh-eyes try-out found unhelpful (session 14): each names the
# fix, or the near name that was meant.
. tests/e2e/lib.sh
printf 'Hello there.\n' >"$T/h.txt"

# a choice given in the wrong case: the choice, and that case matters
cat >"$T/case.lua" <<'LUA'
return weft.pipeline { weft.stage "tokenizer" { style = "UAX29" } }
LUA
run choice-case 2 $WEFT run "$T/case.lua" "$T/h.txt"
contains choice-case-msg "$T/err" "(did you mean 'uax29'? choices are case-sensitive)"

# a layer required under a near name
cat >"$T/req.lua" <<'LUA'
return weft.pipeline { weft.stage "tokenizer" {}, weft.lua "x" { requires = "sentences", run = function(doc) end } }
LUA
run require-near 2 $WEFT run "$T/req.lua" "$T/h.txt"
contains require-near-msg "$T/err" "requires 'sentences', which no earlier stage provides (did you mean 'sentence'?)"

# a method of the document object misspelt; and when every document fails,
# the first error is on stderr
cat >"$T/meth.lua" <<'LUA'
return weft.pipeline { weft.stage "tokenizer" {}, weft.lua "x" { run = function(doc) doc:cuont("token") end } }
LUA
printf 'Another one.\n' >"$T/h2.txt"
for j in 1 2; do
    run doc-method-j$j 1 $WEFT run "$T/meth.lua" "$T/h.txt" "$T/h2.txt" -j $j
    contains doc-method-near-j$j "$T/out" "a weft.doc has no method or field 'cuont' (did you mean 'count'?)"
    contains doc-method-first-error-j$j "$T/err" "2 of 2 documents failed (see their \"errors\"); the first, '$T/h.txt': x: "
done

# weft check: a refused plugin is said as weft check's; an unnamed pipeline
mkdir -p "$T/gw"
cp "$FIX/good.so" "$T/gw/"
chmod g+w "$T/gw/good.so"
cat >"$T/tok.lua" <<'LUA'
return weft.pipeline { weft.stage "tokenizer" {} }
LUA
run check-refused 2 $WEFT check "$T/tok.lua" --plugin-path "$T/gw"
contains check-refused-prefix "$T/err" "weft check: plugin $T/gw/good.so: writable by its group"
lacks check-refused-not-generic "$T/err" "weft: error: plugin"
run check-unnamed 0 $WEFT check "$T/tok.lua"
contains check-unnamed-msg "$T/out" "ok: an unnamed pipeline, 1 stage"
lacks check-unnamed-not-empty "$T/out" "pipeline ''"

# test-stage of a stage that needs another first names --with
run test-stage-with 2 $WEFT test-stage "$B/plugins/entities.so" entities --text "Hello Bob"
contains test-stage-with-msg "$T/err" "run it first with --with tokenizer"

# --report-attr naming an attribute near one the pipeline provides
printf 'return weft.pipeline { weft.stage "tokenizer" {}, weft.lua "d" { provides = "attr:digest", run = function(doc) doc:set("digest", "x") end } }\n' >"$T/dig.lua"
run report-attr-near 0 $WEFT run "$T/dig.lua" -f text --report-attr digestt "$T/h.txt"
contains report-attr-near-msg "$T/err" "(did you mean 'digest'?)"

# --input jsonl on a JSON array: what JSON Lines is
printf '[{"id":"a","text":"Paris"},\n {"id":"b","text":"Rome"}]\n' >"$T/arr.json"
run jsonl-array 1 $WEFT run -p tokens --input jsonl "$T/arr.json"
contains jsonl-array-msg "$T/err" "not a JSON object but an array: JSON Lines is one object a line"

# a Lua stage adding records to a layer another stage writes: the layer's
# labels are both stages' (records are added, never taken away)
cat >"$T/addent.lua" <<'LUA'
return weft.pipeline {
  weft.stage "tokenizer" {},
  weft.stage "entities" {},
  weft.lua "tickers" { provides = { entity = { "TICKER" } }, run = function(doc)
    for b, e in doc:text():gmatch("()%$%u+()") do doc:add("entity", b - 1, e - 1, { label = "TICKER" }) end
  end },
  weft.lua "count" { requires = { entity = { "PER", "TICKER" } }, provides = "attr:n", run = function(doc) doc:set("n", doc:count("entity")) end },
}
LUA
run labels-union 0 $WEFT check "$T/addent.lua"
# (the entities stage's vocabulary is open, "*": two closed ones here)
sed -e 's/"PER", "TICKER"/"PER", "CASHTAG"/' -e 's/weft.stage "entities" {}/weft.lua "people" { provides = { entity = { "PER" } }, run = function(doc) end }/' "$T/addent.lua" >"$T/addent2.lua"
run labels-union-none 2 $WEFT check "$T/addent2.lua"
contains labels-union-none-msg "$T/err" "expects label 'CASHTAG' in layer 'entity', which none of the earlier stages that write it writes (stage 'people' (inline Lua, $T/addent2.lua:3): PER; stage 'tickers' (inline Lua, $T/addent2.lua:4): TICKER)"
