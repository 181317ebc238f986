# Parameters of inline Lua stages: declared in weft.lua's params (a default
# alone, or { type =, default =, min =, max =, choices =, doc =, required =
# }), set by the script (calling the stage: s { n = 3 }) and by --set, read
# by run(doc, params); mistakes are errors naming the script, line and
# stage, with did-you-mean; weft check lists them.
. tests/e2e/lib.sh
printf 'one two three four\nfive six\nseven\n' >"$T/d.txt"
cat >"$T/lines.lua" <<'LUA'
-- lines of at least min_words words, counted or listed
local long_lines = weft.lua "long_lines" {
  params = {
    min_words = { type = "int", default = 2, min = 1, max = 50, doc = "fewest words a line has" },
    mode = { choices = { "count", "list" }, default = "count" },
    sep = " | ",
    stop = { "seven" },
    weight = 0.5,
    words = { type = "path", default = "words.txt" },
  },
  provides = { "attr:long_lines", "attr:setting" },
  run = function(doc, p)
    local skip, out = {}, {}
    for _, w in ipairs(p.stop) do skip[w] = true end
    for line in doc:text():gmatch("[^\n]+") do
      local n = 0
      for w in line:gmatch("%S+") do if not skip[w] then n = n + 1 end end
      if n >= p.min_words then out[#out + 1] = line end
    end
    doc:set("long_lines", p.mode == "count" and #out or table.concat(out, p.sep))
    doc:set("setting", string.format("%s %s %d %s", p.words:match("[^/]*$"), p.weight, #p.stop,
                                     p.words:sub(1, 1)))
  end,
}
return weft.pipeline {
  long_lines { min_words = 3 },
}
LUA
run defaults-and-script 0 $WEFT run "$T/lines.lua" "$T/d.txt"
pycheck script-value "$T/out" 'assert docs[0]["attrs"]["long_lines"] == 1, docs[0]["attrs"]'
# a path is made absolute against the script's folder, as a plugin's is
pycheck path-absolute "$T/out" 'assert docs[0]["attrs"]["setting"] == "words.txt 0.5 1 /", docs[0]["attrs"]'
run set-overrides 0 $WEFT run "$T/lines.lua" "$T/d.txt" --set long_lines.min_words=1 \
    --set long_lines.mode=list --set 'long_lines.sep=;' --set long_lines.stop=
pycheck set-values "$T/out" 'assert docs[0]["attrs"]["long_lines"] == "one two three four;five six;seven", docs[0]["attrs"]'
run set-list 0 $WEFT run "$T/lines.lua" "$T/d.txt" --set long_lines.min_words=1 \
    --set long_lines.stop='[five, seven]' --set long_lines.weight=2
pycheck set-list-value "$T/out" 'assert docs[0]["attrs"]["long_lines"] == 2 and docs[0]["attrs"]["setting"].startswith("words.txt 2.0 2"), docs[0]["attrs"]'

# weft check lists each parameter: the value in force, type, default, doc
run check-lists 0 $WEFT check "$T/lines.lua" --set long_lines.mode=list
contains check-value "$T/out" "min_words = 3 (int, default 2, set by the script): fewest words a line has"
contains check-set "$T/out" 'mode = "list" (enum, default "count", set by --set long_lines.mode)'
contains check-list "$T/out" 'stop = {"seven"} (list, default {"seven"})'
contains check-number "$T/out" "weight = 0.5 (number, default 0.5)"

# mistakes on the command line: named with the stage and the --set
bad_set() { # name setting expected
    run "$1" 2 $WEFT run "$T/lines.lua" "$T/d.txt" --set "$2"
    contains "$1-msg" "$T/err" "lines.lua:26: stage 'long_lines': $3"
    if [ -s "$T/out" ]; then fail "$1-no-output" "output written"; else pass "$1-no-output"; fi
}
bad_set set-unknown long_lines.min_word=1 "unknown parameter 'min_word' (did you mean 'min_words'?) (set by --set long_lines.min_word)"
bad_set set-type long_lines.min_words=many "parameter 'min_words': 'many' is not an integer (set by --set long_lines.min_words)"
bad_set set-range long_lines.min_words=99 "parameter 'min_words' = 99 is out of range [1, 50] (set by --set long_lines.min_words)"
bad_set set-enum long_lines.mode=lst "parameter 'mode': 'lst' is not one of count|list (did you mean 'list'?) (set by --set long_lines.mode)"
bad_set set-one-value 'long_lines.weight=[1,2]' "parameter 'weight' takes one value (number), not a list"
run check-set-unknown 2 $WEFT check "$T/lines.lua" --set long_lines.mdoe=list
contains check-set-unknown-msg "$T/err" "unknown parameter 'mdoe' (did you mean 'mode'?)"

# mistakes in the script: named with the script, line and stage
bad_script() { # name lua expected
    printf '%s\n' "$2" >"$T/$1.lua"
    run "$1" 2 $WEFT run "$T/$1.lua" "$T/d.txt"
    contains "$1-msg" "$T/err" "$T/$1.lua:$3"
}
S='local s = weft.lua "s" { params = { n = 1, label = "X" }, provides = { "attr:x" }, run = function(doc, p) doc:set("x", p.label .. p.n) end }'
bad_script script-unknown "$S
return weft.pipeline { s { lable = \"Y\" } }" "2: stage 's': unknown parameter 'lable' (did you mean 'label'?)"
bad_script script-type "$S
return weft.pipeline { s { n = \"two\" } }" "2: stage 's': parameter 'n' must be an integer, not a string"
bad_script script-none 'local s = weft.lua "s" { run = function(doc) end }
return weft.pipeline { s { n = 1 } }' "2: stage 's': unknown parameter 'n' (this inline Lua stage declares none"
bad_script decl-type 'return weft.pipeline { weft.lua "s" { params = { n = { type = "integr" } }, run = function(doc) end } }' \
    "1: weft.lua 's': params.n: unknown type 'integr' (did you mean 'integer'?)"
bad_script decl-field 'return weft.pipeline { weft.lua "s" { params = { n = { tpye = "int" } }, run = function(doc) end } }' \
    "1: weft.lua 's': params.n: unknown field 'tpye' (did you mean 'type'?)"
bad_script decl-default 'return weft.pipeline { weft.lua "s" { params = { n = { type = "int", default = "x" } }, run = function(doc) end } }' \
    "1: stage 's': params.n: its default does not fit its declaration: parameter 'n' must be an integer, not a string"
bad_script decl-required 'return weft.pipeline { weft.lua "s" { params = { n = { type = "int", required = true } }, run = function(doc) end } }' \
    "1: stage 's': missing required parameter 'n' (int)"
bad_script decl-params-typo 'return weft.pipeline { weft.lua "s" { parms = { n = 1 }, run = function(doc) end } }' \
    "1: weft.lua 's': unknown field 'parms' (did you mean 'params'?)"
bad_script plugin-call 'local t = weft.stage "tokenizer" {}
return weft.pipeline { t { style = "x" } }' "2: stage 'tokenizer' is a plugin's stage"
printf 'return weft.pipeline { weft.lua "s" { run = function(doc) end } }\n' >"$T/none.lua"
run set-none 2 $WEFT run "$T/none.lua" "$T/d.txt" --set s.n=1
contains set-none-msg "$T/err" "stage 's': unknown parameter 'n' (this inline Lua stage declares none: weft.lua \"s\" { params = { n = DEFAULT }, ... }) (set by --set s.n)"

# one stage twice with other values (as =), each reading its own; the
# declared-only stage runs with its defaults; a required one set by --set
cat >"$T/twice.lua" <<'LUA'
local tag = weft.lua "tag" {
  params = { label = "A", times = { type = "int", required = true } },
  provides = { "attr:tags" },
  run = function(doc, p)
    doc:set("tags", (doc:get("tags") or "") .. string.rep(p.label, p.times))
  end,
}
return weft.pipeline { tag { times = 1 }, tag { as = "tag_b", label = "B", times = 2 } }
LUA
# weft check says where each value came from: per instance, --set last
run check-twice 0 $WEFT check "$T/twice.lua" --set tag_b.times=3
contains check-twice-script "$T/out" "times = 1 (int, default nil, set by the script)"
contains check-twice-set "$T/out" "times = 3 (int, default nil, set by --set tag_b.times)"
contains check-twice-default "$T/out" 'label = "A" (string, default "A")'
run twice 0 $WEFT run "$T/twice.lua" "$T/d.txt" --set tag_b.times=3 -j 2
pycheck twice-values "$T/out" 'assert docs[0]["attrs"]["tags"] == "ABBB", docs[0]["attrs"]'
run twice-isolate 0 $WEFT run "$T/twice.lua" "$T/d.txt" --set tag_b.times=3 --isolate
pycheck twice-isolate-values "$T/out" 'assert docs[0]["attrs"]["tags"] == "ABBB", docs[0]["attrs"]'

# the parameters are read-only: a stage that writes them fails the document
cat >"$T/ro.lua" <<'LUA'
return weft.pipeline { weft.lua "ro" { params = { n = 1, l = { "a" } }, run = function(doc, p) p.l[1] = "b" end } }
LUA
run read-only 1 $WEFT run "$T/ro.lua" "$T/d.txt"
contains read-only-msg "$T/out" "the parameters of an inline stage are read-only"

# reading a parameter the stage does not declare is an error of the
# document naming the stage and the name (not a silent nil); a declared one
# without a value is nil; a table parameter's own keys stay free
cat >"$T/undeclared.lua" <<'LUA'
local s = weft.lua "s" {
  params = { min_words = 2, cap = { type = "int" }, opts = { type = "table", default = { a = 1 } } },
  provides = { "attr:x" },
  run = function(doc, p)
    local k = 0
    for _ in pairs(p) do k = k + 1 end
    for _ in ipairs(p) do k = k + 100 end
    doc:set("x", tostring(p.cap) .. " " .. tostring(p.opts.b) .. " " .. k)
    if doc:text():find("typo") then doc:set("x", tostring(p.min_word)) end
    if doc:text():find("far") then doc:set("x", tostring(p.zzz)) end
  end,
}
return weft.pipeline { s {} }
LUA
printf 'fine\n' >"$T/fine.txt"
run undeclared-ok 0 $WEFT run "$T/undeclared.lua" "$T/fine.txt"
pycheck undeclared-nil "$T/out" 'assert docs[0]["attrs"]["x"] == "nil nil 2", docs[0]'
printf 'a typo\n' >"$T/typo.txt"
for mode in jobs isolate; do
    if [ $mode = jobs ]; then opt="-j 2"; else opt=--isolate; fi
    run "undeclared-read-$mode" 1 $WEFT run "$T/undeclared.lua" "$T/typo.txt" $opt
    contains "undeclared-read-msg-$mode" "$T/out" "undeclared.lua:9: stage 's' has no parameter 'min_word' (did you mean 'min_words'?)"
done
printf 'far\n' >"$T/far.txt"
run undeclared-far 1 $WEFT run "$T/undeclared.lua" "$T/far.txt"
contains undeclared-far-msg "$T/out" "stage 's' has no parameter 'zzz' (it declares cap, min_words, opts)"
printf 'return weft.pipeline { weft.lua "s" { run = function(doc, p) local _ = p.n end } }\n' >"$T/nodecl.lua"
run undeclared-none 1 $WEFT run "$T/nodecl.lua" "$T/fine.txt"
contains undeclared-none-msg "$T/out" "stage 's' has no parameter 'n' (it declares none"

# `as` is the stage call's own (it names a copy): no parameter of that name
bad_script decl-as 'return weft.pipeline { weft.lua "s" { params = { as = "x" }, run = function(doc) end } }' \
    "1: weft.lua 's': params.as: 'as' is reserved"

# infinity: refused alike from the script and from --set, unless the range
# declares it (max = math.huge)
cat >"$T/inf.lua" <<'LUA'
local s = weft.lua "s" {
  params = { ratio = 0.5, big = { type = "number", default = 1, max = math.huge },
             n = { type = "int", default = 2, min = 2 }, m = { type = "int", default = 1, max = 9 } },
  provides = { "attr:x" },
  run = function(doc, p) doc:set("x", tostring(p.big)) end,
}
return weft.pipeline { s {} }
LUA
INF_MSG="parameter 'ratio' = inf is not a finite number (infinity is taken only when the range declares it"
run inf-set 2 $WEFT check "$T/inf.lua" --set s.ratio=inf
contains inf-set-msg "$T/err" "$INF_MSG"
run inf-set-neg 2 $WEFT check "$T/inf.lua" --set s.ratio=-inf
contains inf-set-neg-msg "$T/err" "parameter 'ratio' = -inf is not a finite number"
bad_script inf-script "$(sed 's/s {}/s { ratio = 1\/0 }/' "$T/inf.lua")" "7: stage 's': $INF_MSG"
bad_script inf-default 'return weft.pipeline { weft.lua "s" { params = { r = 1/0 }, run = function(doc) end } }' \
    "1: stage 's': params.r: its default does not fit its declaration: parameter 'r' = inf is not a finite number"
run inf-allowed-set 0 $WEFT run "$T/inf.lua" "$T/fine.txt" --set s.big=inf
pycheck inf-allowed-value "$T/out" 'assert docs[0]["attrs"]["x"] == "inf", docs[0]'
run nan-set 2 $WEFT check "$T/inf.lua" --set s.ratio=nan
contains nan-set-msg "$T/err" "parameter 'ratio': 'nan' is not a number"
bad_script int-inf "$(sed 's/s {}/s { n = 1\/0 }/' "$T/inf.lua")" "7: stage 's': parameter 'n' must be an integer, not infinity"

# an integer too large: out of the integer range, not "not an integer"
bad_script int-2p53 "$(sed 's/s {}/s { n = 2^53 }/' "$T/inf.lua")" \
    "7: stage 's': parameter 'n' = 9.0072e+15 is out of the integer range of a float (|n| < 2^53)"
run int-1e15 0 $WEFT check "$T/inf.lua" --set s.n=1000000000000000
run int-set-huge 2 $WEFT check "$T/inf.lua" --set s.n=99999999999999999999
contains int-set-huge-msg "$T/err" "parameter 'n': '99999999999999999999' is out of the integer range [-2^63, 2^63 - 1]"
printf '%s\n' "$(sed 's/s {}/s { n = 1e15 }/' "$T/inf.lua")" >"$T/e15.lua"
run int-1e15-script 0 $WEFT check "$T/e15.lua"

# a range with one side: "at least" / "at most", not "[2, inf]"
run range-min 2 $WEFT check "$T/inf.lua" --set s.n=1
contains range-min-msg "$T/err" "parameter 'n' must be at least 2, not 1 (set by --set s.n)"
run range-max 2 $WEFT check "$T/inf.lua" --set s.m=12
contains range-max-msg "$T/err" "parameter 'm' must be at most 9, not 12"

# a label nearly one the earlier stage writes: did-you-mean
cat >"$T/label.lua" <<'LUA'
return weft.pipeline {
  weft.lua "mark" { provides = { token = { "word", "punct" } }, run = function(doc) end },
  weft.lua "cnt" { requires = { token = { "wrd" } }, provides = { "attr:n" }, run = function(doc) end },
}
LUA
run label-near 2 $WEFT check "$T/label.lua"
contains label-near-msg "$T/err" "expects label 'wrd' in layer 'token', which stage 'mark' (inline Lua, $T/label.lua:2) does not write (its labels: word, punct) (did you mean 'word'?)"

# (review) rawset cannot write the values either (a userdata), and pairs,
# ipairs, # and table.concat still read them; a copy of a copy keeps the
# first call's values (s2 = s { n = 2 }; s2 { as = "s3" } runs with n = 2)
cat >"$T/copy.lua" <<'LUA'
local s = weft.lua "s" {
  params = { n = 1, tags = { type = "list", default = { "a", "b" } } },
  provides = { "attr:n", "attr:raw", "attr:tags", "attr:keys" },
  run = function(doc, p)
    local ok = pcall(rawset, p, "n", 99)
    local k = 0
    for _ in pairs(p) do k = k + 1 end
    doc:set("n", (doc:get("n") or "") .. p.n)
    doc:set("raw", ok and "yes" or "no")
    doc:set("tags", table.concat(p.tags, ",") .. #p.tags)
    doc:set("keys", k)
  end,
}
local s2 = s { n = 2 }
return weft.pipeline { s2, s2 { as = "s3" } }
LUA
run copy-of-copy 0 $WEFT run "$T/copy.lua" "$T/d.txt"
pycheck copy-keeps-values "$T/out" 'a = docs[0]["attrs"]; assert a["n"] == "22", a'
pycheck rawset-refused "$T/out" 'a = docs[0]["attrs"]; assert a["raw"] == "no" and a["tags"] == "a,b2" and a["keys"] == 2, a'
