#!/bin/sh
# The entities stage's use of the document title (attribute `title`), on a
# proxy (bench/entities/title_proxy.py): each dev document's first sentence
# becomes its title and leaves the text; the rest is scored without a title
# and with it, with the model and with the rules alone, on the whole set and
# on each half by document (bench/entities/halves.py). Nothing is tuned on
# it. Needs the shared data folder next to the repo.
#   sh bench/entities/title.sh [BUILD_DIR] [MODEL]
B=${1:-build}
M=${2:-plugins/entities/data/ner-conll2003.model}
D=../shared/data/entities
HERE=$(dirname "$0")
if [ ! -f "$D/score.py" ]; then
    echo "entities title bench: $D not found; skipped"
    exit 0
fi
[ -x "$B/weft" ] && [ -f "$B/tests/plugins/ent_tok.so" ] || {
    echo "entities title bench: build first (make all unit)" >&2
    exit 2
}
case $M in /*) ;; *) M="$PWD/$M" ;; esac
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
f1() { sed -n 's/.*FB1: *\([0-9.]*\).*/\1/p' | head -1; }
printf '%-10s %-6s %-8s %8s %8s %8s\n' set model title F1 half0 half1
for set in conll2003 wikigold; do
    python3 "$HERE/title_proxy.py" "$D/dev/$set.dev.conll" "$W" 2>/dev/null || exit 1
    python3 "$D/score.py" --emit-text --unit doc "$W/rest.conll" >"$W/in.jsonl" || exit 1
    for model in "$M" none; do
        for cond in none first-sentence; do
            S="$HERE/ner.lua"
            [ $cond = none ] || S="$W/title.lua"
            "$B/weft" run "$S" --plugin-path "$B/tests/plugins/ent_tok.so" --input jsonl \
                --offsets codepoints -q --set "entities.model=$model" -o "$W/out.jsonl" \
                "$W/in.jsonl" || exit 1
            python3 "$HERE/to_score.py" "$W/out.jsonl" >"$W/pred.jsonl" || exit 1
            all=$(python3 "$D/score.py" --unit doc "$W/rest.conll" "$W/pred.jsonl" | f1)
            python3 "$HERE/halves.py" "$W/rest.conll" "$W/pred.jsonl" "$W/h" || exit 1
            h0=$(python3 "$D/score.py" --unit doc "$W/h.0.conll" "$W/h.0.jsonl" | f1)
            h1=$(python3 "$D/score.py" --unit doc "$W/h.1.conll" "$W/h.1.jsonl" | f1)
            name=model
            [ "$model" = none ] && name=rules
            printf '%-10s %-6s %-8s %8s %8s %8s\n' $set $name ${cond%%-*} "$all" "$h0" "$h1"
        done
    done
done
