#!/bin/sh
# Batch runs (issue #17): documents/s of `weft run` at 1, 2 and 4 workers
# on (a) short texts, the sentiment dev texts repeated (-p sentiment and
# -p tokens) and (b) the boilerplate dev HTML pages (-p news); user/sys CPU;
# the machine's headroom in the same run (two busy threads against one);
# JSON Lines writing speed per thread. Each target is marked met or not met.
#   sh bench/batch/run.sh BUILD_DIR
# WEFT_BASE_BIN=path/to/an/older/weft adds its -j 1 figures on the short
# texts, for the "2x today" target. WEFT_BENCH_RUNS (default 5) rounds per
# corpus, each the headroom probe then -j 1, 2, 4 back to back, medians
# printed (the machine is shared: a round's -j 2 / -j 1 is set against that
# round's headroom); WEFT_BENCH_REPEAT (default 12) copies of the dev texts.
B=${1:-build}
SDEV=../shared/data/sentiment/dev
HDEV=../shared/data/boilerplate/dev
RUNS=${WEFT_BENCH_RUNS:-5}
REPEAT=${WEFT_BENCH_REPEAT:-12}
set -e
echo "== batch runs: documents/s by workers, CPU split, headroom (bench/batch/run.sh) =="
if [ ! -f "$SDEV/tweets_GroundTruth.txt" ]; then
    echo "skipped: $SDEV is absent (the dev texts are read from the shared data, never copied)"
    exit 0
fi
PKGS="lua5.4 libpcre2-8 libxml-2.0 jansson"
CF="-std=c11 -Wall -Wextra -Wpedantic -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2"
mkdir -p "$B/bench"
# shellcheck disable=SC2046,SC2086
cc $CF -Iinclude -Icore $(pkg-config --cflags $PKGS) -o "$B/bench/jsonl_write" \
    bench/batch/jsonl_write.c "$B/libweft.a" $(pkg-config --libs $PKGS) -lz -ldl -lpthread -lm
# shellcheck disable=SC2086
cc $CF -o "$B/bench/busy" bench/batch/busy.c -lpthread
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# The dev texts as JSON Lines (as tools and tests build them) and as plain
# lines for jsonl_write; the JSON Lines repeated REPEAT times.
python3 - "$SDEV" "$W/dev.jsonl" "$W/texts.txt" <<'PY'
import glob, json, os, sys
with open(sys.argv[2], "w") as out, open(sys.argv[3], "w") as txt:
    for f in sorted(glob.glob(os.path.join(sys.argv[1], "*_GroundTruth.txt"))):
        for i, line in enumerate(open(f, encoding="utf-8", errors="surrogateescape")):
            p = line.rstrip("\n").split("\t")
            if len(p) >= 3:
                try:
                    out.write(json.dumps({"id": f"{os.path.basename(f)}:{i}", "text": p[2]}) + "\n")
                    txt.write(p[2].replace("\n", " ") + "\n")
                except UnicodeEncodeError:
                    pass
PY
i=0
while [ $i -lt "$REPEAT" ]; do
    cat "$W/dev.jsonl"
    i=$((i + 1))
done >"$W/short.jsonl"

for p in sentiment tokens; do
    printf '%s ' "$p"
    "$B/bench/jsonl_write" "$B/plugins" scripts/profiles "$p" "$W/texts.txt" 10
done >"$W/jsonl"

set --
for d in aeb trafilatura-eval; do
    [ -d "$HDEV/$d/html" ] && set -- "$@" "$HDEV/$d/html"
done
BASE=
[ -n "$WEFT_BASE_BIN" ] && BASE="--base $WEFT_BASE_BIN"
# shellcheck disable=SC2086
python3 bench/batch/measure.py "$B/weft" "$B/bench/busy" "$RUNS" "$W/jsonl" "$W/short.jsonl" "$@" $BASE
