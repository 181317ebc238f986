# Profiles: found by name in --profile-path, the user's config folder and the
# shipped folder; a user profile shadows a shipped one of the same name.
. tests/e2e/lib.sh
mkdir -p "$T/a" "$T/cfg/weft/profiles"
cat >"$T/a/one.lua" <<'LUA'
return weft.pipeline { doc = "first profile", weft.lua "one" { run = function(doc) doc:set("who", "a") end } }
LUA
cat >"$T/cfg/weft/profiles/one.lua" <<'LUA'
return weft.pipeline { doc = "shadowed one", weft.lua "one" { run = function(doc) doc:set("who", "cfg") end } }
LUA
cat >"$T/cfg/weft/profiles/two.lua" <<'LUA'
return weft.pipeline { doc = "second profile", weft.lua "two" { run = function(doc) doc:set("who", "two") end } }
LUA
printf 'text\n' >"$T/d.txt"
export XDG_CONFIG_HOME="$T/cfg"
run list 0 $WEFT profiles list --profile-path "$T/a"
contains list-one "$T/out" "first profile"
contains list-two "$T/out" "second profile"
contains list-shadowed "$T/out" "(shadowed by the profile above of the same name)"
run show 0 $WEFT profiles show two --profile-path "$T/a"
contains show-path "$T/out" "-- $T/cfg/weft/profiles/two.lua"
contains show-text "$T/out" 'doc = "second profile"'
run show-missing 2 $WEFT profiles show nope
run run-first-wins 0 $WEFT run -p one --profile-path "$T/a" "$T/d.txt"
contains run-first-wins-out "$T/out" '"who":"a"'
run run-user 0 $WEFT run -p two "$T/d.txt"
contains run-user-out "$T/out" '"who":"two"'
run check-profile 0 $WEFT check -p one
contains check-profile-out "$T/out" "ok: an unnamed pipeline"
run no-path-names 2 $WEFT run -p ../a/one "$T/d.txt"
unset XDG_CONFIG_HOME

# clean: the report attribute (the text again) only where -f text prints it
run clean-jsonl 0 $WEFT run -p clean examples/news/harbour-bridge.html
lacks clean-jsonl-no-report "$T/out" '"report"'
run clean-text 0 $WEFT run -p clean -f text examples/news/harbour-bridge.html
contains clean-text-body "$T/out" "Mayor Helen Brandt cut the ribbon"
