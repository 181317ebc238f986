#!/bin/sh
# entities speed: tokens per second of the entities stage alone (thread CPU
# time and wall time of its process(), single thread, best of 3; driver
# bench/entities/speed.c) on CoNLL-2003 dev text, beside npm `compromise`
# (people + places + organisations) on the same text; the gazetteer's load
# time and the resident memory it adds.
#   sh bench/entities/run.sh BUILD_DIR
# Peer installed at bench time into /tmp/weft-bench-npm (never committed).
B=${1:-build}
. bench/wording.sh
D=../shared/data/entities
HERE=$(dirname "$0")
echo "== entities: stage throughput on CoNLL-2003 dev text =="
if [ ! -f "$D/score.py" ]; then
    echo "skipped: $D not found (needs the shared data folder next to the repo)"
    exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
REPS=${WEFT_ENT_REPS:-20}
python3 "$D/score.py" --emit-text --unit doc "$D/dev/conll2003.dev.conll" >"$W/one.jsonl" || exit 1
TOK1=$(python3 -c 'import json,sys; print(sum(len(json.loads(l)["text"].split()) for l in open(sys.argv[1])))' "$W/one.jsonl")
python3 - "$W/one.jsonl" >"$W/docs.nul" <<'PY'
import json, sys
sys.stdout.write("".join(json.loads(l)["text"] + "\0" for l in open(sys.argv[1])))
PY
# bench/entities/speed.c: tokenise each document (the real tokenizer when
# built, else the blank-splitting fixture: CoNLL text is tokenised already),
# then time the entities stage's process() alone. Best of 3.
make --no-print-directory -s B="$B" "$B/bench/entities/speed" >/dev/null || exit 1
best=""
for _ in 1 2 3; do
    set -- $("$B/bench/entities/speed" "$B" "$W/docs.nul" "$REPS") || exit 1
    if [ -z "$best" ] || [ "$(echo "$2 < $best" | bc -l)" = 1 ]; then
        best=$2 toks=$1 wall=$3 openms=$4
    fi
done
ours=$(echo "$toks / $best" | bc -l)
ours_wall=$(echo "$toks / $wall" | bc -l)
TOKNAME=$([ -f "$B/plugins/tokenizer.so" ] && echo tokenizer || echo "ent_tok fixture")
if [ -f "$B/plugins/tokenizer.so" ]; then
    TOKSTAGE='weft.stage "tokenizer" {}'
    PP=""
else
    TOKSTAGE='weft.stage "ent_tok" {}'
    PP="--plugin-path $B/tests/plugins/ent_tok.so"
fi
cat >"$W/p.lua" <<LUA
return weft.pipeline { $TOKSTAGE, weft.stage "entities" {} }
LUA
cat >"$W/t.lua" <<LUA
return weft.pipeline { $TOKSTAGE }
LUA
# load time (the plugin's own note) and resident memory with and without it
: >"$W/empty.txt"
"$B/weft" run "$W/p.lua" $PP -v "$W/empty.txt" >/dev/null 2>"$W/note"
# "N phrases, M MiB, loaded in T ms", or "M MiB from the table file" when mapped
load=$(sed -n 's/.*entities: \([0-9]*\) phrases, \([0-9.]*\) MiB[^,]*, loaded in \([0-9.]*\) ms.*/\1 \2 \3/p' "$W/note")
rss_with=$(/usr/bin/time -f %M "$B/weft" run "$W/p.lua" $PP "$W/empty.txt" 2>&1 >/dev/null | tail -1)
rss_without=$(/usr/bin/time -f %M "$B/weft" run "$W/t.lua" $PP "$W/empty.txt" 2>&1 >/dev/null | tail -1)

NPM=/tmp/weft-bench-npm
peer=""
if command -v node >/dev/null 2>&1; then
    if [ ! -d "$NPM/node_modules/compromise" ]; then
        mkdir -p "$NPM" && npm install --silent --no-audit --no-fund --prefix "$NPM" compromise@14.17.0 >/dev/null 2>&1
    fi
    if [ -d "$NPM/node_modules/compromise" ]; then
        set -- $(node "$HERE/compromise_peer.js" "$NPM/node_modules" "$W/one.jsonl")
        peer=$(echo "$TOK1 / $1" | bc -l)
        peer_wall=$(echo "$TOK1 / $2" | bc -l)
    fi
fi
printf '%-50s %12s %12s %8s\n' "system (single thread)" "tokens/s CPU" "tokens/s wall" "target"
printf '%-50s %12.0f %12.0f %8s  %s\n' "weft entities stage ($toks tokens, after $TOKNAME)" "$ours" \
    "$ours_wall" ">= 1e6" "$(target_mark "$(echo "$ours >= 1000000" | bc -l)")"
if [ -n "$peer" ]; then
    printf '%-50s %12.0f %12.0f %8s\n' "(peer) compromise 14.17.0 ($TOK1 tokens)" "$peer" "$peer_wall" "-"
    # rates, not times: the peer's time per token over ours
    printf 'ratio: the entities stage is %s than compromise on the same text (CPU time)\n' \
        "$(ratio_words "$ours" "$peer")"
else
    echo "(peer) compromise: not available (node or npm missing)"
fi
set -- $load
printf 'gazetteer: %s phrases, %s MiB in the table, loaded in %s ms at open() (pipeline open %s ms)\n' \
    "$1" "$2" "$3" "$openms"
printf 'resident memory: %s KiB with entities, %s KiB without (+%s KiB)\n' "$rss_with" "$rss_without" \
    "$((rss_with - rss_without))"

# quality on the same data kit: per-type P/R/F1 on CoNLL-2003 dev and wikigold dev
echo
sh "$HERE/eval.sh" "$B"

# the statistical tagger (model = ...) against its targets (issue 16)
echo
sh "$HERE/model.sh" "$B"
