# The weft command: help, version, verbs, exit codes for usage errors.
. tests/e2e/lib.sh

run help 0 $WEFT --help
contains help-lists-run "$T/out" "run (-p PROFILE | SCRIPT.lua)"
contains help-exit-codes "$T/out" "Exit codes"
run version 0 $WEFT --version
# the ABI the header declares (the minor grows as fields are appended)
abi="$(sed -n 's/^#define WEFT_ABI_MAJOR \([0-9]*\)$/\1/p' include/weft/plugin.h).$(sed -n 's/^#define WEFT_ABI_MINOR \([0-9]*\)$/\1/p' include/weft/plugin.h)"
contains version-abi "$T/out" "plugin ABI $abi"
contains version-lua "$T/out" "Lua 5.4"
run no-args 2 $WEFT
run unknown-command 2 $WEFT frobnicate
contains unknown-command-msg "$T/err" "unknown command 'frobnicate'"
for verb in run check plugins profiles new-plugin test-stage; do
    run "$verb-help" 0 $WEFT $verb --help
    contains "$verb-help-usage" "$T/out" "Usage: weft $verb"
done
run run-no-script 2 $WEFT run
contains run-no-script-msg "$T/err" "give a SCRIPT.lua or -p PROFILE"
run run-bad-option 2 $WEFT run --no-such-option x.lua
contains run-bad-option-msg "$T/err" "unknown option '--no-such-option'"
run run-bad-format 2 $WEFT run -f yaml x.lua
contains run-bad-format-msg "$T/err" "expected jsonl|json|text|tsv|conll"
run run-bad-set 2 $WEFT run --set nodot x.lua
contains run-bad-set-msg "$T/err" "expected STAGE.PARAM=VALUE"
run run-missing-script 2 $WEFT run "$T/nope.lua"
contains run-missing-script-msg "$T/err" "nope.lua: No such file or directory"
run run-missing-profile 2 $WEFT run -p no_such_profile
contains run-missing-profile-msg "$T/err" "no profile named 'no_such_profile'"

# the man page documents every option of every verb's --help
sed 's/\\-/-/g' docs/weft.1 >"$T/man.txt"
for verb in run check plugins profiles new-plugin test-stage; do
    $WEFT $verb --help >"$T/help"
    for opt in $(grep -oE -- '--[a-z][a-z-]+' "$T/help" | sort -u); do
        if grep -qF -- "$opt" "$T/man.txt"; then pass "man-$verb$opt"; else fail "man-$verb$opt" "$opt not in docs/weft.1"; fi
    done
done

# -p and a .lua among the inputs: the script is read as a page; said so
printf 'return weft.pipeline { weft.stage "tokenizer" {} }\n' >"$T/mine.lua"
run p-and-lua 0 $WEFT run -p tokens "$T/mine.lua" -f tsv --entity-layer sentence -o /dev/null
contains p-and-lua-warned "$T/err" "$T/mine.lua is read as a document: -p tokens names the pipeline"
