#!/bin/sh
# entities speed: tokens per second of the entities stage alone (from
# weft --stats, single worker, best of 3) on CoNLL-2003 dev text, beside npm
# `compromise` (people + places + organisations) on the same text; the
# gazetteer's load time and the resident memory it adds.
#   sh bench/entities/run.sh BUILD_DIR
# Peer installed at bench time into /tmp/weft-bench-npm (never committed).
B=${1:-build}
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
python3 - "$W/one.jsonl" "$REPS" >"$W/in.jsonl" <<'PY'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
for r in range(int(sys.argv[2])):
    for d in docs:
        print(json.dumps({"id": f"{r}-{d['id']}", "text": d["text"]}))
PY
TOKS=$((TOK1 * REPS))
# The real tokenizer when it is built (CoNLL text is already tokenised, so
# it yields the same tokens); the blank-splitting fixture otherwise.
if [ -f "$B/plugins/tokenizer.so" ]; then
    TOKSTAGE='weft.stage "tokenizer" { style = "ptb", newline_boundaries = "single" }'
    TOKNAME=tokenizer
    PP=""
else
    TOKSTAGE='weft.stage "ent_tok" {}'
    TOKNAME="ent_tok fixture"
    PP="--plugin-path $B/tests/plugins/ent_tok.so"
fi
cat >"$W/p.lua" <<LUA
return weft.pipeline { $TOKSTAGE, weft.stage "entities" {} }
LUA
cat >"$W/t.lua" <<LUA
return weft.pipeline { $TOKSTAGE }
LUA
best=""
for _ in 1 2 3; do
    "$B/weft" run "$W/p.lua" $PP -j 1 --stats -o /dev/null "$W/in.jsonl" 2>"$W/stats" || { cat "$W/stats"; exit 1; }
    ms=$(awk '$1 == "entities" { print $2 }' "$W/stats")
    if [ -z "$best" ] || [ "$(echo "$ms < $best" | bc -l)" = 1 ]; then best=$ms; fi
done
ours=$(echo "$TOKS / ($best / 1000)" | bc -l)
# load time (the plugin's own note) and resident memory with and without it
"$B/weft" run "$W/p.lua" $PP -v -o /dev/null /dev/null 2>"$W/note"
load=$(sed -n 's/.*entities: \([0-9]*\) phrases, \([0-9.]*\) MiB, loaded in \([0-9.]*\) ms.*/\1 \2 \3/p' "$W/note")
rss_with=$(/usr/bin/time -f %M "$B/weft" run "$W/p.lua" $PP -o /dev/null /dev/null 2>&1 | tail -1)
rss_without=$(/usr/bin/time -f %M "$B/weft" run "$W/t.lua" $PP -o /dev/null /dev/null 2>&1 | tail -1)

NPM=/tmp/weft-bench-npm
peer=""
if command -v node >/dev/null 2>&1; then
    if [ ! -d "$NPM/node_modules/compromise" ]; then
        mkdir -p "$NPM" && npm install --silent --no-audit --no-fund --prefix "$NPM" compromise@14.17.0 >/dev/null 2>&1
    fi
    if [ -d "$NPM/node_modules/compromise" ]; then
        out=$(node "$HERE/compromise_peer.js" "$NPM/node_modules" "$W/one.jsonl")
        psecs=${out% *}
        peer=$(echo "$TOK1 / $psecs" | bc -l)
    fi
fi
printf '%-52s %14s %10s\n' "system (single thread)" "tokens/s" "target"
printf '%-52s %14.0f %10s  %s\n' "weft entities stage ($TOKS tokens, after $TOKNAME)" "$ours" ">= 1e6" \
    "$([ "$(echo "$ours >= 1000000" | bc -l)" = 1 ] && echo met || echo MISSED)"
if [ -n "$peer" ]; then
    printf '%-52s %14.0f %10s\n' "(peer) compromise 14.17.0 ($TOK1 tokens)" "$peer" "-"
    printf 'ratio: the entities stage is %.0fx faster than compromise on the same text\n' "$(echo "$ours / $peer" | bc -l)"
else
    echo "(peer) compromise: not available (node or npm missing)"
fi
set -- $load
printf 'gazetteer: %s phrases, %s MiB in the table, loaded in %s ms at open()\n' "$1" "$2" "$3"
printf 'resident memory: %s KiB with entities, %s KiB without (+%s KiB)\n' "$rss_with" "$rss_without" \
    "$((rss_with - rss_without))"
