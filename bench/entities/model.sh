#!/bin/sh
# The entities stage with its statistical tagger (model = MODEL) against its
# targets (issue 16): CoNLL-2003 dev P/R/F1 per type, wikigold dev, WNUT-17
# dev (labels mapped: person=PER, location=LOC, corporation and group=ORG,
# product and creative-work=MISC), process() tokens/s single thread and the
# model's load time, each printed with met / not met; the rule-only stage's
# figures beside them. wikigold is also scored on each half by document
# (even, odd: bench/entities/halves.py): the model becomes the profiles'
# default only if it beats the rules on both halves (and on CoNLL-2003).
# Then wikigold's errors by kind, model and rules (bench/entities/confusion.py:
# which gold type became which predicted type, boundaries, spurious, missed).
#   sh bench/entities/model.sh [BUILD_DIR] [MODEL]
B=${1:-build}
M=${2:-plugins/entities/data/ner-conll2003.model}
D=../shared/data/entities
HERE=$(dirname "$0")
if [ ! -f "$D/score.py" ]; then
    echo "entities model bench: $D not found (needs the shared data folder next to the repo); skipped"
    exit 0
fi
if [ ! -f "$M" ]; then
    echo "entities model bench: no model $M (make train-entities)" >&2
    exit 2
fi
[ -x "$B/weft" ] && [ -f "$B/plugins/entities.so" ] && [ -f "$B/tests/plugins/ent_tok.so" ] || {
    echo "entities model bench: build first (make all unit)" >&2
    exit 2
}
case $M in /*) ;; *) M="$PWD/$M" ;; esac
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
verdict() { # verdict VALUE OP TARGET
    if [ "$(echo "$1 $2 $3" | bc -l)" = 1 ]; then echo met; else echo "not met"; fi
}
# f1 SET MODEL_OR_none [score.py options...]: prints the scorer's report, sets F1
f1() {
    set=$1 model=$2
    shift 2
    gold="$D/dev/$set.dev.conll"
    [ -f "$W/$set.in.jsonl" ] || python3 "$D/score.py" --emit-text --unit doc "$gold" >"$W/$set.in.jsonl" || exit 1
    "$B/weft" run "$HERE/ner.lua" --plugin-path "$B/tests/plugins/ent_tok.so" --input jsonl \
        --offsets codepoints -q --set "entities.model=$model" -o "$W/$set.out.jsonl" "$W/$set.in.jsonl" || exit 1
    python3 "$HERE/to_score.py" "$W/$set.out.jsonl" >"$W/$set.pred.jsonl" || exit 1
    python3 "$D/score.py" --unit doc "$@" "$gold" "$W/$set.pred.jsonl" >"$W/report" || exit 1
    F1=$(sed -n 's/.*FB1: *\([0-9.]*\).*/\1/p' "$W/report" | head -1)
}
WNUT_MAP="person=PER,location=LOC,corporation=ORG,group=ORG,product=MISC,creative-work=MISC"
echo "== entities with the model $(basename "$M") =="
f1 conll2003 "$M"
cat "$W/report"
conll=$F1
f1 wikigold "$M"
echo "-- wikigold dev"
cat "$W/report"
wiki=$F1
cp "$W/wikigold.pred.jsonl" "$W/wikigold.model.jsonl"
f1 wnut17 "$M" --map "$WNUT_MAP"
echo "-- WNUT-17 dev (mapped labels)"
cat "$W/report"
wnut=$F1
f1 conll2003 none
rconll=$F1
f1 wikigold none
rwiki=$F1
cp "$W/wikigold.pred.jsonl" "$W/wikigold.rules.jsonl"
# half_f1 PRED HALF: F1 of one half of wikigold dev
half_f1() {
    python3 "$HERE/halves.py" "$D/dev/wikigold.dev.conll" "$W/wikigold.$1.jsonl" "$W/wg.$1" || exit 1
    python3 "$D/score.py" --unit doc "$W/wg.$1.$2.conll" "$W/wg.$1.$2.jsonl" |
        sed -n 's/.*FB1: *\([0-9.]*\).*/\1/p' | head -1
}
# confusion PRED: wikigold's errors by kind and type pair, 3 examples each
confusion() {
    python3 "$D/score.py" --unit doc --errors "$W/wg.$1.errors.tsv" "$D/dev/wikigold.dev.conll" \
        "$W/wikigold.$1.jsonl" >/dev/null || exit 1
    python3 "$HERE/confusion.py" "$W/wg.$1.errors.tsv" 3 || exit 1
}
wm0=$(half_f1 model 0) wm1=$(half_f1 model 1) wr0=$(half_f1 rules 0) wr1=$(half_f1 rules 1)
f1 wnut17 none --map "$WNUT_MAP"
rwnut=$F1

# speed: process() alone on CoNLL dev text, best of 3 (bench/entities/speed.c)
python3 - "$W/conll2003.in.jsonl" >"$W/docs.nul" <<'PY'
import json, sys
sys.stdout.write("".join(json.loads(l)["text"] + "\0" for l in open(sys.argv[1])))
PY
make --no-print-directory -s B="$B" "$B/bench/entities/speed" >/dev/null || exit 1
REPS=${WEFT_ENT_REPS:-5}
best=""
for _ in 1 2 3; do
    set -- $("$B/bench/entities/speed" "$B" "$W/docs.nul" "$REPS" "model = '$M'") || exit 1
    if [ -z "$best" ] || [ "$(echo "$2 < $best" | bc -l)" = 1 ]; then best=$2 toks=$1; fi
done
tps=$(echo "$toks / $best" | bc -l)
printf 'return weft.pipeline { weft.stage "ent_tok" {}, weft.stage "entities" { model = "%s" } }\n' "$M" >"$W/p.lua"
: >"$W/empty.txt"
"$B/weft" run "$W/p.lua" --plugin-path "$B/tests/plugins/ent_tok.so" -v "$W/empty.txt" >/dev/null 2>"$W/note"
load=$(sed -n 's/.*entities: model .* loaded in [0-9.]* ms (\([0-9.]*\) ms CPU).*/\1/p' "$W/note")
loadwall=$(sed -n 's/.*entities: model .* loaded in \([0-9.]*\) ms (.*/\1/p' "$W/note")
# a model trained with --wordcase loads the word list too: part of its load
wl=$(sed -n 's/.*entities: word list .* loaded in [0-9.]* ms (\([0-9.]*\) ms CPU).*/\1/p' "$W/note")
wlwall=$(sed -n 's/.*entities: word list .* loaded in \([0-9.]*\) ms (.*/\1/p' "$W/note")
if [ -n "$wl" ]; then
    load=$(echo "$load + $wl" | bc -l) loadwall=$(echo "$loadwall + $wlwall" | bc -l)
fi
printf 'return weft.pipeline { weft.stage "ent_tok" {}, weft.stage "entities" {} }\n' >"$W/r.lua"
rss_m=$(/usr/bin/time -f %M "$B/weft" run "$W/p.lua" --plugin-path "$B/tests/plugins/ent_tok.so" "$W/empty.txt" 2>&1 >/dev/null | tail -1)
rss_r=$(/usr/bin/time -f %M "$B/weft" run "$W/r.lua" --plugin-path "$B/tests/plugins/ent_tok.so" "$W/empty.txt" 2>&1 >/dev/null | tail -1)

echo
echo "-- wikigold dev errors with the model (gold type -> predicted type)"
confusion model
echo "-- wikigold dev errors, rules only"
confusion rules | grep -v '^  '

echo
printf '%-44s %10s %10s %10s  %s\n' "measure" "model" "rules" "target" "model vs target"
printf '%-44s %10s %10s %10s  %s\n' "CoNLL-2003 dev F1" "$conll" "$rconll" ">= 92" "$(verdict "$conll" ">=" 92)"
printf '%-44s %10s %10s %10s  %s\n' "wikigold dev F1" "$wiki" "$rwiki" ">= 70" "$(verdict "$wiki" ">=" 70)"
printf '%-44s %10s %10s %10s  %s\n' "  wikigold half 0 (even documents)" "$wm0" "$wr0" "> rules" "$(verdict "$wm0" ">" "$wr0")"
printf '%-44s %10s %10s %10s  %s\n' "  wikigold half 1 (odd documents)" "$wm1" "$wr1" "> rules" "$(verdict "$wm1" ">" "$wr1")"
printf '%-44s %10s %10s\n' "  gap between the halves" "$(echo "$wm0 - $wm1" | bc -l)" "$(echo "$wr0 - $wr1" | bc -l)"
printf '%-44s %10s %10s %10s  %s\n' "WNUT-17 dev F1 (mapped)" "$wnut" "$rwnut" "-" "reported"
printf '%-44s %10.0f %10s %10s  %s\n' "process() tokens/s, 1 thread (CPU time)" "$tps" "" ">= 1e6" "$(verdict "$tps" ">=" 1000000)"
printf '%-44s %10s %10s %10s  %s\n' "model load${wl:+ with word list} (ms CPU; wall $loadwall)" "$load" "" "<= 200" "$(verdict "$load" "<=" 200)"
printf '%-44s %10s %10s\n' "resident memory (KiB, empty run)" "$rss_m" "$rss_r"
