#!/bin/sh
# The entities stage behind weft's own tokenizer (not the bench's blank
# splitter): CoNLL-2003 dev and wikigold dev text, each sentence a line, run
# through `tokenizer` (newline_boundaries = single) then `entities` with the
# shipped model (as the profiles run it), scored by the data kit's score.py
# on the gold spans. The model bench (model.sh) feeds the gold tokens, so it
# never sees what the tokenizer does to a token like "Coca-Cola" (uax29 cuts
# it at its hyphen) or "1996-08-30"; this one does. Each set is scored on
# two texts: "space", the gold tokens joined by blanks (as model.sh reads
# them), and "detok", score.py's light detokenisation (no blank before
# , . 's n't...: "England's", "said."), nearer what users feed. A span that
# does not fall on gold token boundaries counts as an error here ("Corp."
# against CoNLL's "Corp" "." at a sentence end, "Paris" of "Paris-based"),
# so the figures sit below model.sh's; compare them with each other (before
# / after a change), not with model.sh.
#   sh bench/entities/realtok.sh [BUILD_DIR] [TOKENIZER_SETTINGS...]
# e.g. sh bench/entities/realtok.sh build hyphens=keep
# WEFT_ENT_MODEL=PATH scores another model (none: the rules alone);
# WEFT_ENT_TEXTS="space" scores one text kind; WEFT_ENT_ERRORS=PREFIX writes
# score.py's errors to PREFIX.SET.TEXT.tsv.
B=${1:-build}
[ $# -gt 0 ] && shift
D=../shared/data/entities
HERE=$(dirname "$0")
M=${WEFT_ENT_MODEL:-plugins/entities/data/ner-conll2003.model}
case $M in /* | none) ;; *) M="$PWD/$M" ;; esac
if [ ! -f "$D/score.py" ]; then
    echo "entities realtok bench: $D not found (needs the shared data folder next to the repo); skipped"
    exit 0
fi
[ -x "$B/weft" ] && [ -f "$B/plugins/tokenizer.so" ] && [ -f "$B/plugins/entities.so" ] || {
    echo "entities realtok bench: build first (make all)" >&2
    exit 2
}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
SETS=""
for kv in "$@"; do SETS="$SETS --set tokenizer.$kv"; done
cat >"$W/p.lua" <<'LUA'
return weft.pipeline {
  name = "entities-realtok",
  weft.stage "tokenizer" { newline_boundaries = "single" },
  weft.stage "entities" { labels = { "PER", "ORG", "LOC", "MISC" } },
}
LUA
for text in ${WEFT_ENT_TEXTS:-space detok}; do
    for set in conll2003 wikigold; do
        gold="$D/dev/$set.dev.conll"
        python3 "$D/score.py" --emit-text --unit doc --text "$text" "$gold" >"$W/$set.in.jsonl" || exit 1
        # shellcheck disable=SC2086
        "$B/weft" run "$W/p.lua" --input jsonl --offsets codepoints -q $SETS \
            --set "entities.model=$M" -o "$W/$set.out.jsonl" "$W/$set.in.jsonl" || exit 1
        python3 "$HERE/to_score.py" "$W/$set.out.jsonl" >"$W/$set.pred.jsonl" || exit 1
        echo "== $set dev, $text text: tokenizer${SETS:+ ($*)} + entities (model $(basename "$M")), score.py --unit doc =="
        python3 "$D/score.py" --unit doc --text "$text" "$gold" "$W/$set.pred.jsonl" \
            ${WEFT_ENT_ERRORS:+--errors "$WEFT_ENT_ERRORS.$set.$text.tsv"}
    done
done
