#!/bin/sh
# Generalisation of the plain-text line classifier (issue 14): models trained
# on one half of the dev pages (split.py) scored on the other half, and
# models trained without one renderer scored on that renderer's pages.
#   sh bench/boilerplate/heldout.sh [BUILD_DIR]
# The shipped model (trained on everything) is what quality.py scores; the
# figures here are the honest ones. Needs ../shared/data/boilerplate.
B=${1:-build}
DATA=../shared/data/boilerplate
echo "== boilerplate: plain-text classifier on pages it was not trained on (bench/boilerplate/heldout.sh) =="
if [ ! -d "$DATA" ]; then
    echo "boilerplate held-out: $DATA is absent, skipped"
    exit 0
fi
W=$(mktemp -d /tmp/weft-bp-heldout.XXXXXX)
trap 'rm -rf "$W"' EXIT
train() { # OUT ARGS...
    out=$1
    shift
    make --no-print-directory B="$B" train-boilerplate BP_MODEL="$out" TRAIN_ARGS="$*" >"$W/train.log" 2>&1 ||
        { cat "$W/train.log"; exit 1; }
}
table() { # MODEL [--set S]...: quality.py's table rows only
    m=$1
    shift
    python3 bench/boilerplate/quality.py "$B" --halves --set-param "boilerplate.plain_model=$m" "$@" |
        grep '^| [a-z]' | grep -v '^| set'
}
TEXT_SETS=""
for s in aeb-text aeb-text-w3m aeb-text-html2text aeb-text-lynx trafilatura-eval-text-w3m \
    trafilatura-eval-text-html2text trafilatura-eval-text-lynx; do
    TEXT_SETS="$TEXT_SETS --set $s"
done
train "$W/A.txt" --half A
train "$W/B.txt" --half B
# shellcheck disable=SC2086
table "$W/A.txt" $TEXT_SETS >"$W/A.rows"
# shellcheck disable=SC2086
table "$W/B.txt" $TEXT_SETS >"$W/B.rows"
echo
echo "Trained on one half, scored on the other (F1; target: AEB renderings >= 0.93, trafilatura-eval >= 0.86):"
echo
echo "| rendering | trained on A, scored on B | trained on B, scored on A | worse half |"
echo "|---|---|---|---|"
# rows: | set | F1 | P | R | F1 A | F1 B | target |
awk -F'|' 'NR == FNR { b[$2] = $7; next } { a = $6; w = (a + 0 < b[$2] + 0) ? a : b[$2]; print "|" $2 "|" b[$2] "|" a "|" w "|" }' \
    "$W/A.rows" "$W/B.rows" | sed 's/  */ /g'
echo
echo "One renderer left out of training (F1 on that renderer's pages, whole and halves):"
echo
echo "| left out | set | F1 | P | R | F1 half A | F1 half B |"
echo "|---|---|---|---|---|---|---|"
for r in html-text w3m html2text lynx; do
    train "$W/no-$r.txt" --exclude-renderer "$r"
    case $r in
    html-text) sets="--set aeb-text" ;;
    *) sets="--set aeb-text-$r --set trafilatura-eval-text-$r" ;;
    esac
    # shellcheck disable=SC2086
    table "$W/no-$r.txt" $sets | awk -F'|' -v r="$r" '{ print "| " r " |" $2 "|" $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" }'
done
