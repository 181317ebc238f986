# One rule for the output whatever the run (from a try-out): the layers every
# document lists, the warnings --isolate repeats, a report attribute no stage
# provides.
. tests/e2e/lib.sh

# Every layer a stage declares is a key of "layers" in every document, [] when
# it holds nothing: a Lua stage that found nothing (it creates no layer), the
# stages after a failed one, a record the input failed; -f jsonl and -f json,
# with and without --isolate, alike.
cat >"$T/lay.lua" <<'LUA'
return weft.pipeline { name = "lay",
  weft.stage "tokenizer" {},
  weft.lua "caps" { requires = { "token" }, provides = { "cap", "attr:ncap" }, run = function(doc)
    local n = 0
    for t in doc:each("token") do
      if t.text:match("^%u") then doc:add("cap", t.begin, t["end"]); n = n + 1 end
    end
    doc:set("ncap", n)
  end },
  weft.lua "boom" { requires = { "cap" }, provides = { "late" }, run = function(doc)
    if doc:text():match("boom") then error("no booms here") end
    if doc:text():match("Late") then doc:add("late", 0, 4) end
  end },
}
LUA
printf '{"id":"lower","text":"all lower case words"}\n{"id":"caps","text":"Late Capitals Here"}\n{"id":"fails","text":"a boom in Rome"}\n{"id":"bad","text":7}\n{"id":"empty","text":""}\n' >"$T/lay.jsonl"
for iso in "" --isolate; do
    for fmt in jsonl json; do
        run "layers-$fmt$iso" 1 $WEFT run "$T/lay.lua" $iso -f $fmt "$T/lay.jsonl"
        if [ $fmt = json ]; then python3 -c 'import json,sys; [print(json.dumps(d)) for d in json.load(open(sys.argv[1]))]' "$T/out" >"$T/lay-$fmt$iso.jsonl"
        else cp "$T/out" "$T/lay-$fmt$iso.jsonl"; fi
        pycheck "layers-keys-$fmt$iso" "$T/lay-$fmt$iso.jsonl" '
assert [d["id"] for d in docs] == ["lower", "caps", "fails", "bad", "empty"], docs
want = {"token", "sentence", "cap", "late"}
for d in docs:
    assert set(d["layers"]) == want, (d["id"], sorted(d["layers"]))
by = {d["id"]: d for d in docs}
assert by["lower"]["layers"]["cap"] == [] and by["lower"]["layers"]["late"] == []
assert len(by["caps"]["layers"]["cap"]) == 3 and len(by["caps"]["layers"]["late"]) == 1
assert by["fails"]["errors"] and len(by["fails"]["layers"]["cap"]) == 1 and by["fails"]["layers"]["late"] == []
assert by["bad"]["errors"] and all(v == [] for v in by["bad"]["layers"].values())
'
    done
done

# A warning many documents give is said three times, then counted, with
# --isolate as without (the worker processes count it together)
mkdir -p "$T/empty"
for i in 1 2 3 4 5 6 7 8; do printf '<html><body></body></html>' >"$T/empty/e$i.html"; done
for iso in "" --isolate; do
    run "warn-repeats$iso" 0 $WEFT run -p clean $iso -j 2 "$T/empty"
    n=$(grep -c 'no main text found$' "$T/err")
    if [ "$n" -eq 3 ]; then pass "warn-repeats-three$iso"; else fail "warn-repeats-three$iso" "$n lines: $(cat "$T/err")"; fi
    contains "warn-repeats-summary$iso" "$T/err" "5 more documents: boilerplate: no main text found"
done
run warn-repeats-verbose-isolate 0 $WEFT run -p clean --isolate -j 2 -v "$T/empty"
n=$(grep -c 'no main text found$' "$T/err")
if [ "$n" -eq 8 ]; then pass warn-verbose-isolate-all; else fail warn-verbose-isolate-all "$n lines"; fi

# --report-attr (or the script's output.report_attr) naming an attribute no stage
# provides: said before the run, each document then written as the generic summary
printf 'Some words here.\n' >"$T/r.txt"
run report-missing 0 $WEFT run -p tokens -f text --report-attr brief "$T/r.txt"
contains report-missing-msg "$T/err" "weft: warning: --report-attr brief: no stage of this pipeline provides attribute 'brief'"
contains report-missing-summary "$T/out" "sentence: 1 record"
cat >"$T/rep.lua" <<'LUA'
return weft.pipeline { name = "rep", output = { report_attr = "brief" }, weft.stage "tokenizer" {} }
LUA
run report-missing-script 0 $WEFT run "$T/rep.lua" -f text "$T/r.txt"
contains report-missing-script-msg "$T/err" "weft: warning: output.report_attr brief: no stage"
# provided: no warning; not given (the default name): no warning; -f jsonl: none
run report-declared 0 $WEFT run -p news -f text --report-attr report "$T/r.txt"
lacks report-declared-quiet "$T/err" "report-attr"
run report-default 0 $WEFT run -p tokens -f text "$T/r.txt"
lacks report-default-quiet "$T/err" "report_attr"
run report-jsonl 0 $WEFT run -p tokens --report-attr brief "$T/r.txt"
lacks report-jsonl-quiet "$T/err" "report-attr"
