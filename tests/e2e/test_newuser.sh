# What a new user meets first: lists and typos in --set, options and
# commands mistyped, HTML given to a pipeline that does not read HTML,
# --fail-fast that stops the output and the warnings at the failing
# document. Every text here is written for the test.
. tests/e2e/lib.sh

printf 'Maria Lopez flew from Berlin to Lisbon for Acme Corporation on Monday.\n' >"$T/trip.txt"

# --- --set with a list in brackets: the items, as a script's { ... } ---
run set-list-brackets 0 $WEFT run -p entities --set 'entities.labels=[PER, LOC]' -f tsv "$T/trip.txt"
contains set-list-brackets-per "$T/out" "Maria Lopez"
contains set-list-brackets-loc "$T/out" "Lisbon"
lacks set-list-brackets-no-org "$T/out" "	ORG	"
lacks set-list-brackets-no-date "$T/out" "	DATE	"
# the plain form still works, and gives the same
$WEFT run -p entities --set 'entities.labels=PER,LOC' -f tsv "$T/trip.txt" >"$T/plain" 2>/dev/null
if cmp -s "$T/out" "$T/plain"; then pass set-list-plain-same; else fail set-list-plain-same "brackets and plain commas differ"; fi
# quoted items keep their commas; an empty item in the middle is an error
run set-list-empty-item 2 $WEFT check -p entities --set 'entities.labels=[PER,,LOC]'
contains set-list-empty-item-msg "$T/err" "item 2 of '[PER,,LOC]' is empty"
# a list where one value goes
run set-list-not-accepted 2 $WEFT run -p entities --set 'entities.min_score=[0.5,0.9]' "$T/trip.txt"
contains set-list-not-accepted-msg "$T/err" "parameter 'min_score' takes one value (number), not a list"
contains set-list-not-accepted-names "$T/err" "--set entities.min_score"
run set-list-not-string 2 $WEFT check -p entities --set 'entities.model=[a.model,b.model]'
contains set-list-not-string-msg "$T/err" "parameter 'model' takes one value (string), not a list"

# --- typos: the closest name, or the names to pick from ---
run set-stage-typo 2 $WEFT check -p entities --set entitis.min_score=0.5
contains set-stage-typo-msg "$T/err" "no stage 'entitis' (did you mean 'entities'?)"
run set-param-typo 2 $WEFT check -p entities --set entities.min_scor=0.5
contains set-param-typo-msg "$T/err" "--set entities.min_scor: unknown parameter (did you mean 'min_score'?)"
run set-param-far 2 $WEFT check -p entities --set entities.threshold=0.5
contains set-param-far-msg "$T/err" "--set entities.threshold: unknown parameter (its parameters: labels, min_score,"
printf 'return weft.pipeline { weft.stage "tokenizer" { sentense = false } }\n' >"$T/typo.lua"
run script-param-far 2 $WEFT check "$T/typo.lua"
contains script-param-typo-msg "$T/err" "unknown parameter 'sentense' (did you mean 'sentences'?)"
printf 'return weft.pipeline { weft.stage "tokenizer" { frobnicate = 1 } }\n' >"$T/far.lua"
run script-param-far 2 $WEFT check "$T/far.lua"
contains script-param-far-msg "$T/err" "unknown parameter 'frobnicate' (its parameters: style,"
run option-typo 2 $WEFT run -p tokens --fail-fst "$T/trip.txt"
contains option-typo-msg "$T/err" "unknown option '--fail-fst' (did you mean '--fail-fast'?)"
run option-typo-value 2 $WEFT run -p tokens --jbos=2 "$T/trip.txt"
contains option-typo-value-msg "$T/err" "unknown option '--jbos=2' (did you mean '--jobs'?)"
run option-far 2 $WEFT run -p tokens --no-such-thing "$T/trip.txt"
contains option-far-msg "$T/err" "unknown option '--no-such-thing' (try \`weft run --help\`)"
run command-typo 2 $WEFT chekc
contains command-typo-msg "$T/err" "unknown command 'chekc' (did you mean 'check'?)"
run plugins-sub-typo 2 $WEFT plugins lsit
contains plugins-sub-typo-msg "$T/err" "unknown subcommand 'lsit' (did you mean 'list'?)"
run plugins-option-typo 2 $WEFT plugins list --verbos
contains plugins-option-typo-msg "$T/err" "unknown option '--verbos' (did you mean '--verbose'?)"
run plugins-info-typo 2 $WEFT plugins info tokenzier
contains plugins-info-typo-msg "$T/err" "no plugin or stage named 'tokenzier' (did you mean 'tokenizer'?)"
run test-stage-option-typo 2 $WEFT test-stage x.so tokenizer --txt hello
contains test-stage-option-typo-msg "$T/err" "unknown option '--txt' (did you mean '--text'?)"
