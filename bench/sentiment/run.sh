#!/bin/sh
# Sentiment bench: sentences per second of the sentiment stage on every VADER
# dev text (text in memory, single thread), beside the npm port
# vader-sentiment on the same texts, and how many of the port's scores differ
# from ours (ours equal the reference's; see tests/unit/test_sentiment_stage.c).
#   sh bench/sentiment/run.sh BUILD_DIR
# The port is installed with npm into $WEFT_BENCH_NPM (/tmp/weft-bench-npm),
# outside the repository; it is never a dependency of weft.
B=${1:-build}
DEV=../shared/data/sentiment/dev
NPM=${WEFT_BENCH_NPM:-/tmp/weft-bench-npm}
PASSES=${WEFT_BENCH_PORT_PASSES:-2}
set -e
echo "== sentiment: VADER stage vs npm vader-sentiment (bench/sentiment/run.sh) =="
if [ ! -f "$DEV/tweets_GroundTruth.txt" ]; then
    echo "skipped: $DEV is absent (the dev texts are read from the shared data, never copied)"
    exit 0
fi
PKGS="lua5.4 libpcre2-8 libxml-2.0 jansson"
mkdir -p "$B/bench"
# shellcheck disable=SC2046
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
    -Iinclude -Icore $(pkg-config --cflags $PKGS) -o "$B/bench/sentiment_bench" \
    bench/sentiment/sentiment_bench.c "$B/libweft.a" $(pkg-config --libs $PKGS) -ldl -lpthread -lm
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

"$B/bench/sentiment_bench" "$B/plugins/sentiment.so" "$DEV" "$W/texts.txt" "$W/ours.tsv" >"$W/ours"
port=ok
if ! command -v node >/dev/null 2>&1; then
    port="node not found"
elif [ ! -f "$NPM/node_modules/vader-sentiment/package.json" ]; then
    mkdir -p "$NPM"
    (cd "$NPM" && npm install --silent --no-audit --no-fund vader-sentiment@1.1.3 >/dev/null 2>&1) ||
        port="npm install vader-sentiment failed"
fi
if [ "$port" = ok ]; then
    node bench/sentiment/port.js "$NPM/node_modules/vader-sentiment" "$W/texts.txt" \
        "$W/port.tsv" "$PASSES" >"$W/port"
else
    : >"$W/port"
fi

python3 - "$W/ours" "$W/port" "$W/ours.tsv" "$W/port.tsv" "$port" <<'PY'
import sys
n, nbytes, best, base = open(sys.argv[1]).read().split()
n, nbytes, best, base = int(n), int(nbytes), float(best), float(base)
ours_rate = n / best
stage_rate = n / (best - base) if best > base else float("inf")
print(f"{n} dev texts ({nbytes / n:.0f} bytes on average), one sentence or snippet each, "
      f"single thread, best pass")
print(f"{'implementation':<52} {'sentences/s':>12} {'us/sentence':>12}")
print(f"{'weft sentiment stage (pipeline: doc in, stage, reset)':<52} {ours_rate:>12,.0f} "
      f"{1e6 / ours_rate:>12.3f}")
print(f"{'  the stage alone (minus an empty pipeline pass)':<52} {stage_rate:>12,.0f} "
      f"{1e6 / stage_rate:>12.3f}")
target = 500000
print(f"target >= {target:,} sentences/s: {'met' if ours_rate >= target else 'not met'}")
port = open(sys.argv[2]).read().split()
if not port:
    print(f"(peer) npm vader-sentiment: not run ({sys.argv[5]})")
    sys.exit(0)
pn, pbest = int(port[0]), float(port[1])
assert pn == n, (pn, n)
port_rate = n / pbest
print(f"{'(peer) npm vader-sentiment 1.1.3 on node ' :<52} {port_rate:>12,.0f} "
      f"{1e6 / port_rate:>12.3f}")
r = ours_rate / port_rate
print("ratio: weft is " + (f"{r:,.1f}x faster" if round(r, 1) >= 1 else f"{1 / r:,.1f}x slower")
      + " than the JavaScript port")
ours = [list(map(float, l.split("\t"))) for l in open(sys.argv[3])]
theirs = [list(map(float, l.split("\t"))) for l in open(sys.argv[4])]
assert len(ours) == len(theirs) == n
comp = sum(1 for a, b in zip(ours, theirs) if a[3] != b[3])
anyd = sum(1 for a, b in zip(ours, theirs) if a != b)
worst = max(abs(a[3] - b[3]) for a, b in zip(ours, theirs))
print(f"port vs ours (ours = reference VADER): compound differs on {comp} of {n} texts "
      f"({100 * comp / n:.1f}%), any of neg/neu/pos/compound on {anyd} ({100 * anyd / n:.1f}%), "
      f"max |compound diff| {worst:.4f}")
PY
