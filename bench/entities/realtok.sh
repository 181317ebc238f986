#!/bin/sh
# The entities stage behind weft's own tokenizer (not the bench's blank
# splitter): CoNLL-2003 dev and wikigold dev text, each sentence a line, run
# through `tokenizer` (newline_boundaries = single) then `entities` with the
# shipped model, scored by the data kit's score.py on the gold spans. The
# model bench (model.sh) feeds the gold tokens, so it never sees what the
# tokenizer does to a token like "Coca-Cola" (uax29 cuts it at its hyphen);
# this one does. A span that does not fall on gold token boundaries counts
# as an error here, so the figures sit below model.sh's; compare them with
# each other (before / after a change), not with model.sh.
#   sh bench/entities/realtok.sh [BUILD_DIR] [TOKENIZER_SETTINGS...]
# e.g. sh bench/entities/realtok.sh build hyphens=keep
B=${1:-build}
[ $# -gt 0 ] && shift
D=../shared/data/entities
HERE=$(dirname "$0")
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
for set in conll2003 wikigold; do
    gold="$D/dev/$set.dev.conll"
    python3 "$D/score.py" --emit-text --unit doc "$gold" >"$W/$set.in.jsonl" || exit 1
    # shellcheck disable=SC2086
    "$B/weft" run "$W/p.lua" --input jsonl --offsets codepoints -q $SETS \
        -o "$W/$set.out.jsonl" "$W/$set.in.jsonl" || exit 1
    python3 "$HERE/to_score.py" "$W/$set.out.jsonl" >"$W/$set.pred.jsonl" || exit 1
    echo "== $set dev: tokenizer${SETS:+ ($*)} + entities, score.py --unit doc =="
    python3 "$D/score.py" --unit doc "$gold" "$W/$set.pred.jsonl" \
        ${WEFT_ENT_ERRORS:+--errors "$WEFT_ENT_ERRORS.$set.tsv"}
done
