# The Lua module: require "weft" from the Debian lua5.4 interpreter.
. tests/e2e/lib.sh
case "$B" in build) ;; *) skip_all "runs on the default build only (B=$B)" ;; esac
if ! command -v lua5.4 >/dev/null 2>&1; then
    fail lua-interpreter "lua5.4 not installed (make test installs it)"
    exit 0
fi
export LUA_CPATH="$PWD/$B/lua/?.so"
cat >"$T/t.lua" <<'LUA'
local weft = require "weft"
assert(weft.version)
-- the same numbers a pipeline script sees (docs/lua-dsl.md documents both)
assert(math.type(weft.api_version) == "integer" and weft.api_version >= 1, tostring(weft.api_version))
local p = weft.load_profile("news")
local text = io.open("examples/news/grain-exports.txt"):read("a")
local d = p:run(text, "grain")
local json = d:json()
assert(json:find('"id":"grain"', 1, true), json:sub(1, 80))
local labels = {}
for _, e in ipairs(d:layer("entity")) do labels[e.label .. ":" .. e.text] = true end
assert(labels["ORG:Valmont Farmers Union"], "entity missing")
assert(d:attr("title") == "Farmers welcome record grain exports", d:attr("title"))
assert(type(d:attr("sentiment.compound")) == "number")
assert(d:text():find("^Grain exports"))
assert(#d:errors() == 0)
-- a pipeline from Lua text, and a result that outlives later runs
local q = weft.load([[return weft.pipeline { weft.stage "tokenizer" {} }]], "inline.lua")
local a = q:run("one two")
local b = q:run("three four five")
assert(#a:layer("token") == 2 and #b:layer("token") == 3)
assert(a:layer("token")[2].text == "two" and a:layer("token")[2].label == "word")
-- errors raise with weft's message
local ok, err = pcall(weft.load_profile, "no_such_profile")
assert(not ok and err:find("no profile named 'no_such_profile'"), err)
ok, err = pcall(weft.load, [[return weft.pipeline { weft.stage "tokenizr" {} }]])
assert(not ok and err:find("did you mean 'tokenizer'"), err)
-- one engine, several pipelines: loaded first, then run (names freeze at
-- the first run); settings of weft.open apply to all of them
local e = weft.open { verbosity = "error", lua_budget = 1000 }
local toks, ents = e:load_profile("tokens"), e:load_profile("entities")
local sent, clean = e:load_profile("sentiment"), e:load_profile("clean")
assert(#toks:run("Mayor Helen Brandt spoke."):layer("token") == 5)
local found = false
for _, x in ipairs(ents:run("Mayor Helen Brandt spoke."):layer("entity")) do
  found = found or (x.label == "PER" and x.text == "Helen Brandt")
end
assert(found, "entities on a shared engine")
assert(type(sent:run("What a great day!"):attr("sentiment.compound")) == "number")
assert(clean:run("<p>short</p>"):attr("report") ~= nil)
-- a pipeline needing new names after the first run says why it fails
local ok2, err2 = pcall(e.load, e, [[return weft.pipeline { weft.stage "tokenizer" {},
  weft.lua "x" { provides = "attr:x", run = function(doc) doc:set("brand_new_name", 1) end } }]])
assert(ok2, err2) -- inline names are document-local: no new engine name needed
local spin = e:load([[return weft.pipeline { weft.lua "spin" { run = function() while true do end end } }]])
local r = spin:run("x")
assert(#r:errors() == 1 and r:errors()[1]:find("budget"), r:errors()[1]) -- lua_budget applied
local e2 = weft.open {}
e2:load_profile("tokens"):run("x")
ok2, err2 = pcall(e2.load_profile, e2, "entities")
assert(not ok2 and err2:find("names are frozen") and not err2:find("out of memory"), err2)
ok2, err2 = pcall(weft.open, { verbosity = "loud" })
assert(not ok2 and err2:find([[verbosity 'loud': expected "error", "warning", "note" or "debug"]], 1, true), err2)
ok2, err2 = pcall(weft.open, { plugin_pth = "/x" })
assert(not ok2 and err2:find("unknown option 'plugin_pth'"), err2)
ok2, err2 = pcall(weft.open, { lua_memory = -1 })
assert(not ok2 and err2:find("lua_memory = -1: expected MiB", 1, true), err2)
-- lua_memory is in MiB, as weft run's --lua-memory: 1 MiB is enough to run
assert(#weft.open({ lua_memory = 1 }):load_profile("tokens"):run("a b"):layer("token") == 2)
-- a script given as text is named "(lua)" in messages
ok2, err2 = pcall(e2.load, e2, [[return weft.pipeline { weft.stage "tokenizr" {} }]])
assert(not ok2 and err2:find("(lua):1: unknown stage 'tokenizr'", 1, true) and not err2:find("=(lua)", 1, true), err2)
print("lua module ok")
LUA
run lua-module 0 lua5.4 "$T/t.lua"
contains lua-module-ok "$T/out" "lua module ok"
