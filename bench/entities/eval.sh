#!/bin/sh
# Entity quality on the dev sets: CoNLL-2003 dev and wikigold dev, scored by
# the data kit's score.py (exact span and type; PER ORG LOC MISC).
#   sh bench/entities/eval.sh [BUILD_DIR]
# The gold files are pre-tokenised: each document's sentences become lines
# of blank-separated tokens (score.py --emit-text --unit doc), read by the
# ent_tok fixture, so every predicted span falls on gold token boundaries.
B=${1:-build}
D=../shared/data/entities
if [ ! -f "$D/score.py" ]; then
    echo "entities eval: $D not found (needs the shared data folder next to the repo); skipped"
    exit 0
fi
[ -x "$B/weft" ] && [ -f "$B/plugins/entities.so" ] && [ -f "$B/tests/plugins/ent_tok.so" ] || {
    echo "entities eval: build first (make all unit)" >&2
    exit 2
}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
HERE=$(dirname "$0")
for set in conll2003 wikigold; do
    gold="$D/dev/$set.dev.conll"
    python3 "$D/score.py" --emit-text --unit doc "$gold" >"$W/$set.in.jsonl" || exit 1
    "$B/weft" run "$HERE/ner.lua" --plugin-path "$B/tests/plugins/ent_tok.so" --input jsonl \
        --offsets codepoints -q -o "$W/$set.out.jsonl" "$W/$set.in.jsonl" || exit 1
    python3 "$HERE/to_score.py" "$W/$set.out.jsonl" >"$W/$set.pred.jsonl" || exit 1
    echo "== $set dev: entities stage (PER ORG LOC MISC), score.py --unit doc =="
    python3 "$D/score.py" --unit doc "$gold" "$W/$set.pred.jsonl" ${WEFT_ENT_ERRORS:+--errors "$WEFT_ENT_ERRORS.$set.tsv"}
done
