#!/bin/sh
# A change to the tagger's features is judged over training seeds, not one
# model: retraining alone moves wikigold by as much as most changes do (see
# docs/design-notes.md, issue 16). This trains one model a seed with `make
# train-entities`'s settings (into a temporary folder; the shipped model is
# not touched) and prints, a line a seed and then the means, CoNLL-2003 dev
# F1 with its four types, wikigold dev F1 and its two halves by document
# (even, odd: bench/entities/halves.py) and WNUT-17 dev (mapped labels), as
# `sh bench/entities/model.sh` scores them.
#   sh bench/entities/seeds.sh [BUILD_DIR] [SEED...]    (default: build 1 2 3)
# ENT_TRAIN_ARGS adds trainer options to every seed (--wordcase).
# make train-entities averages three runs (--runs 3: seeds S, S+1, S+2), so
# seeds 1 2 3 share runs; for models with no run in common use 1 4 7.
B=${1:-build}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- 1 2 3
D=../shared/data/entities
HERE=$(dirname "$0")
if [ ! -f "$D/score.py" ]; then
    echo "entities seeds bench: $D not found (needs the shared data folder next to the repo); skipped"
    exit 0
fi
[ -x "$B/weft" ] && [ -f "$B/plugins/entities.so" ] && [ -f "$B/tests/plugins/ent_tok.so" ] || {
    echo "entities seeds bench: build first (make all unit)" >&2
    exit 2
}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
WNUT_MAP="person=PER,location=LOC,corporation=ORG,group=ORG,product=MISC,creative-work=MISC"
fb1() { sed -n 's/.*FB1: *\([0-9.]*\).*/\1/p' "$1" | head -1; }
# score SET MODEL [score.py options]: the report into $W/SET.report
score() {
    set=$1 model=$2
    shift 2
    gold="$D/dev/$set.dev.conll"
    [ -f "$W/$set.in.jsonl" ] || python3 "$D/score.py" --emit-text --unit doc "$gold" >"$W/$set.in.jsonl" || exit 1
    "$B/weft" run "$HERE/ner.lua" --plugin-path "$B/tests/plugins/ent_tok.so" --input jsonl \
        --offsets codepoints -q --set "entities.model=$model" -o "$W/$set.out.jsonl" "$W/$set.in.jsonl" || exit 1
    python3 "$HERE/to_score.py" "$W/$set.out.jsonl" >"$W/$set.pred.jsonl" || exit 1
    python3 "$D/score.py" --unit doc "$@" "$gold" "$W/$set.pred.jsonl" >"$W/$set.report" || exit 1
}
printf '%-5s %7s %7s %7s %7s %7s %8s %7s %7s %7s\n' seed CoNLL LOC MISC ORG PER wikigold even odd WNUT-17
: >"$W/rows"
for s in "$@"; do
    M="$W/seed$s.model"
    make --no-print-directory B="$B" train-entities ENT_MODEL="$M" \
        ENT_TRAIN_ARGS="--seed $s ${ENT_TRAIN_ARGS:-}" >"$W/train.log" 2>&1 || {
        cat "$W/train.log" >&2
        exit 1
    }
    score conll2003 "$M"
    c=$(fb1 "$W/conll2003.report")
    types=$(for ty in LOC MISC ORG PER; do
        sed -n "s/^ *$ty: .*FB1: *\([0-9.]*\).*/\1/p" "$W/conll2003.report"
    done | tr '\n' ' ')
    score wikigold "$M"
    w=$(fb1 "$W/wikigold.report")
    python3 "$HERE/halves.py" "$D/dev/wikigold.dev.conll" "$W/wikigold.pred.jsonl" "$W/wg" || exit 1
    python3 "$D/score.py" --unit doc "$W/wg.0.conll" "$W/wg.0.jsonl" >"$W/h0" || exit 1
    python3 "$D/score.py" --unit doc "$W/wg.1.conll" "$W/wg.1.jsonl" >"$W/h1" || exit 1
    score wnut17 "$M" --map "$WNUT_MAP"
    row="$s $c $types $w $(fb1 "$W/h0") $(fb1 "$W/h1") $(fb1 "$W/wnut17.report")"
    echo "$row" >>"$W/rows"
    # shellcheck disable=SC2086
    printf '%-5s %7s %7s %7s %7s %7s %8s %7s %7s %7s\n' $row
done
awk '{ for (i = 2; i <= NF; i++) t[i] += $i; n++ }
     END { printf "%-5s", "mean"
           for (i = 2; i <= 10; i++) printf " %" (i == 7 ? 8 : 7) ".2f", t[i] / n; printf "\n" }' "$W/rows"
