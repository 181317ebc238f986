# The Lua module: require "weft" from the Debian lua5.4 interpreter.
. tests/e2e/lib.sh
case "$B" in build) ;; *) echo "test_luamod: runs on the default build only" >&2; exit 0 ;; esac
if ! command -v lua5.4 >/dev/null 2>&1; then
    fail lua-interpreter "lua5.4 not installed (make test installs it)"
    exit 0
fi
export LUA_CPATH="$PWD/$B/lua/?.so"
cat >"$T/t.lua" <<'LUA'
local weft = require "weft"
assert(weft.version)
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
print("lua module ok")
LUA
run lua-module 0 lua5.4 "$T/t.lua"
contains lua-module-ok "$T/out" "lua module ok"
