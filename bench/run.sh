#!/bin/sh
# make bench: every benchmark, each printing its figures beside a peer run
# in the same process or script.
B=${1:-build}
set -e
. bench/wording.sh
echo "== core overhead (bench/core_overhead.c) =="
"$B/bench/core_overhead" "$B/tests/plugins/good.so" "${WEFT_BENCH_DOCS:-1000000}"

# The same pipeline from the command line over JSON Lines (reader, stages,
# writer), beside jq re-serialising the same file: both parse and write
# every record.
N=${WEFT_BENCH_DOCS:-1000000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
awk -v n="$N" 'BEGIN { for (i = 0; i < n; i++)
    printf "{\"id\":\"doc-%d\",\"text\":\"Report %d: markets were calm on day %d as traders waited for news.\"}\n", i, i, i % 365 }' >"$W/in.jsonl"
cat >"$W/p.lua" <<'LUA'
return weft.pipeline {
  weft.stage 'noop' { as = 'n1' }, weft.stage 'noop' { as = 'n2' },
  weft.stage 'noop' { as = 'n3' }, weft.stage 'noop' { as = 'n4' },
  weft.lua 'nothing' { run = function(doc) end },
}
LUA
secs() { # best of 3 wall-clock seconds of a command
    best=""
    for _ in 1 2 3; do
        s=$(date +%s.%N)
        "$@" >/dev/null
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}
echo
echo "== weft run over $N JSON Lines records (4 no-op C stages + no-op Lua stage) =="
tw=$(secs "$B/weft" run "$W/p.lua" --plugin-path "$B/tests/plugins/good.so" --input jsonl "$W/in.jsonl")
printf '%-40s %8.3f s %8.3f us/doc\n' "weft run -> JSON Lines" "$tw" "$(echo "$tw * 1000000 / $N" | bc -l)"
if command -v jq >/dev/null 2>&1; then
    tj=$(secs jq -c . "$W/in.jsonl")
    printf '%-40s %8.3f s %8.3f us/doc\n' "(peer) jq -c . (parse + write only)" "$tj" "$(echo "$tj * 1000000 / $N" | bc -l)"
    printf 'ratio: weft is %s than jq on the same records\n' "$(ratio_words "$tj" "$tw")"
fi

# Each plugin's benchmarks: bench/NAME/run.sh BUILD_DIR
for s in bench/*/run.sh; do
    [ -f "$s" ] || continue
    echo
    sh "$s" "$B"
done
