# The plugin loader: each broken fixture is rejected with its own message
# naming the file, and a run stops before reading any document.
. tests/e2e/lib.sh

cat >"$T/p.lua" <<'LUA'
return weft.pipeline { weft.stage "mark" { needle = "x" } }
LUA
echo "x marks the spot" >"$T/doc.txt"

# plugins list sees the good fixture with its metadata
run list-good 0 $WEFT plugins list --plugin-path "$FIX/good.so"
contains list-good-name "$T/out" "good"
contains list-good-version "$T/out" "1.2.3"
contains list-good-stages "$T/out" "stages: mark noop after_mark"
contains list-good-path "$T/out" "$FIX/good.so"
run list-verbose 0 $WEFT plugins list -v --plugin-path "$FIX/good.so:$T/missing-dir"
contains list-verbose-path "$T/out" "search path"
contains list-verbose-missing "$T/out" "$T/missing-dir  (does not exist)"
run info-good 0 $WEFT plugins info good --plugin-path "$FIX/good.so"
contains info-param-required "$T/out" "needle"
contains info-param-range "$T/out" "[1, 100]"
contains info-param-choices "$T/out" "first|all"
contains info-provides "$T/out" "provides  mark"
run info-by-stage 0 $WEFT plugins info after_mark --plugin-path "$FIX/good.so"
contains info-requires "$T/out" "requires  mark"
run info-unknown 2 $WEFT plugins info nothing --plugin-path "$FIX/good.so"

check_rejected() { # name file expected-message
    run "$1-run" 2 $WEFT run "$T/p.lua" "$T/doc.txt" --plugin-path "$FIX/good.so:$FIX/$2"
    contains "$1-names-file" "$T/err" "$FIX/$2"
    contains "$1-reason" "$T/err" "$3"
    if [ -s "$T/out" ]; then fail "$1-no-output" "output written"; else pass "$1-no-output"; fi
    run "$1-list-v" 0 $WEFT plugins list -v --plugin-path "$FIX/$2"
    contains "$1-list-v-reason" "$T/out" "$3"
    run "$1-check" 2 $WEFT check "$T/p.lua" --plugin-path "$FIX/good.so:$FIX/$2"
}
check_rejected no-entry no_entry.so "not a weft plugin: it exports no weft_plugin_v1 symbol"
check_rejected abi-v2 abi_v2.so "built for weft plugin ABI 2"
check_rejected fingerprint bad_fingerprint.so "layout fingerprint"
check_rejected undefined undefined_sym.so "undefined symbol: weft_fixture_missing_function"

# a plugin whose open() fails: named with the plugin, file and message
cat >"$T/o.lua" <<'LUA'
return weft.pipeline { weft.stage "broken_open" {} }
LUA
run open-fails 2 $WEFT run "$T/o.lua" "$T/doc.txt" --plugin-path "$FIX/open_fails.so"
contains open-fails-msg "$T/err" "cannot read lexicon /nonexistent/lexicon.tsv"
contains open-fails-plugin "$T/err" "plugin 'open_fails' ($FIX/open_fails.so) failed to open"
contains open-fails-line "$T/err" "o.lua:1: stage 'broken_open'"
if [ -s "$T/out" ]; then fail open-fails-no-output "output written"; else pass open-fails-no-output; fi
# check does not open stages, so it passes
run open-fails-check 0 $WEFT check "$T/o.lua" --plugin-path "$FIX/open_fails.so"
# a stage whose create() fails: a plugin error before any document (exit 2,
# not 3: nothing failed to be written), with one worker and with two
cat >"$T/c.lua" <<'LUA'
return weft.pipeline { weft.stage "broken_create" {} }
LUA
for j in 1 2; do
    run create-fails-j$j 2 $WEFT run "$T/c.lua" "$T/doc.txt" -j $j --plugin-path "$FIX/open_fails.so"
    contains create-fails-msg-j$j "$T/err" "c.lua:1: stage 'broken_create': failed to create worker state: no scratch memory for this worker"
done

# a plugin built against an older ABI minor (a smaller weft_host) still
# loads and runs
cat >"$T/old.lua" <<'LUA'
return weft.pipeline { weft.stage "old_minor" {} }
LUA
run old-minor 0 $WEFT run "$T/old.lua" "$T/doc.txt" --plugin-path "$FIX/old_minor.so"
pycheck old-minor-layer "$T/out" '
assert docs[0]["layers"]["old"][0]["end"] == 17, docs[0]["layers"]'

# the same plugin twice: the second file is rejected naming the first
cp "$FIX/good.so" "$T/good-copy.so"
run duplicate 2 $WEFT run "$T/p.lua" "$T/doc.txt" --plugin-path "$FIX/good.so:$T/good-copy.so"
contains duplicate-msg "$T/err" "plugin 'good' is already loaded from $FIX/good.so"

# not a shared object at all
echo "not elf" >"$T/junk.so"
run junk 2 $WEFT run "$T/p.lua" "$T/doc.txt" --plugin-path "$FIX/good.so:$T/junk.so"
contains junk-msg "$T/err" "$T/junk.so: cannot be loaded"

# WEFT_PLUGIN_PATH is searched too
export WEFT_PLUGIN_PATH="$FIX/good.so"
run env-path 0 $WEFT run "$T/p.lua" "$T/doc.txt"
unset WEFT_PLUGIN_PATH
contains env-path-out "$T/out" '"mark"'

# files others could have written are refused, unless --allow-insecure-plugins
mkdir -p "$T/open"
cp "$FIX/good.so" "$T/open/good.so"
chmod 666 "$T/open/good.so"
run insecure-file 2 $WEFT run "$T/p.lua" "$T/doc.txt" --plugin-path "$T/open/good.so"
contains insecure-file-msg "$T/err" "writable by everyone: refusing to load it (--allow-insecure-plugins)"
run insecure-allowed 0 $WEFT run "$T/p.lua" "$T/doc.txt" --plugin-path "$T/open/good.so" --allow-insecure-plugins
chmod 644 "$T/open/good.so"
chmod 777 "$T/open"
run insecure-dir 2 $WEFT run "$T/p.lua" "$T/doc.txt" --plugin-path "$T/open/good.so"
contains insecure-dir-msg "$T/err" "its folder $T/open is writable by everyone"
chmod 1777 "$T/open"
run sticky-dir-ok 0 $WEFT run "$T/p.lua" "$T/doc.txt" --plugin-path "$T/open/good.so"
chmod 755 "$T/open"
chown 12345 "$T/open/good.so" 2>/dev/null && {
    run foreign-owner-list 0 $WEFT plugins list -v --plugin-path "$T/open/good.so"
    contains foreign-owner-msg "$T/out" "owned by uid 12345, neither you nor root"
}
