#!/bin/sh
# Python bench: Pipeline.pipe against weft run on the same input, with the
# same profile, the same worker threads and the same output (every result's
# JSON line written to a file), warm, in WEFT_BENCH_ROUNDS (default 5)
# alternating rounds; bench/python/pipe.py says exactly what each side's
# time covers and which ratios it prints. Target (issue 18): Python within
# 1.2x of the CLI.
#   sh bench/python/run.sh BUILD_DIR
# Inputs: the 9,666 VADER dev texts (as JSON Lines records) with the
# profiles WEFT_BENCH_PROFILES (default: sentiment news tokens), and the
# dev HTML pages (one .html.gz per document) with WEFT_BENCH_PAGE_PROFILES
# (default: news, the profile made for pages: sentiment and tokens would
# read the raw markup as text), each with -j in WEFT_BENCH_JOBS (default:
# 1 2). Then the start-up each side pays once per process, which the
# rounds leave out.
B=${1:-build}
PY=${PYTHON:-/usr/bin/python3}
JOBS=${WEFT_BENCH_JOBS:-1 2}
ROUNDS=${WEFT_BENCH_ROUNDS:-5}
PROFILES=${WEFT_BENCH_PROFILES:-sentiment news tokens}
PAGE_PROFILES=${WEFT_BENCH_PAGE_PROFILES:-news}
SENT=../shared/data/sentiment/dev
BP=../shared/data/boilerplate/dev
set -e
echo "== python: Pipeline.pipe vs weft run (bench/python/run.sh) =="
if [ ! -f "$B/python/weft/.built" ]; then
    echo "skipped: $B/python not built (make python)"
    exit 0
fi
if [ ! -d "$SENT" ] || [ ! -d "$BP" ]; then
    echo "skipped: the dev sets under ../shared/data are absent"
    exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export PYTHONPATH="$PWD/$B/python"

# the sentiment texts as JSON Lines records (id = file:id)
"$PY" - "$SENT" "$W/sent.jsonl" <<'PY'
import glob, json, os, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*_GroundTruth.txt"))):
        stem = os.path.basename(path).split("_")[0]
        with open(path, "rb") as f:
            for line in f:
                parts = line.rstrip(b"\r\n").decode("utf-8", "replace").split("\t", 2)
                if len(parts) == 3:
                    out.write(json.dumps({"id": stem + ":" + parts[0], "text": parts[2]}) + "\n")
PY
ls "$BP"/*/html/*.gz >"$W/pages"

echo "$ROUNDS alternating rounds. Python / CLI: best = of the best wall-clock times (judged"
echo "against the target), med = median of the rounds' ratios, cpu = of the median CPU times"
echo "-- the 9,666 sentiment dev texts (JSON Lines)"
for p in $PROFILES; do
    for j in $JOBS; do
        "$PY" bench/python/pipe.py "$B/weft" "$p" "$j" "$ROUNDS" "$W" jsonl "$W/sent.jsonl"
    done
done
echo "-- the $(wc -l <"$W/pages") dev HTML pages (.html.gz)"
for p in $PAGE_PROFILES; do
    for j in $JOBS; do
        # shellcheck disable=SC2046
        "$PY" bench/python/pipe.py "$B/weft" "$p" "$j" "$ROUNDS" "$W" files $(cat "$W/pages")
    done
done

# Once per process, outside the rounds: python3 starting, importing weft
# and loading the profile, against weft run starting and loading it (over
# an empty input).
: >"$W/empty.jsonl"
"$PY" - "$B/weft" "$PY" "$ROUNDS" "$W/empty.jsonl" $PROFILES <<'PY'
import statistics, subprocess, sys, time
weft, py, rounds, empty = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
for prof in sys.argv[5:]:
    cmds = [
        [weft, "run", "-p", prof, "-q", empty],
        [py, "-c", "import weft; weft.load_profile(%r, verbosity='error')" % prof],
    ]
    t = [[], []]
    for r in range(rounds):
        for k in (0, 1) if r % 2 == 0 else (1, 0):
            s = time.perf_counter()
            subprocess.run(cmds[k], stdout=subprocess.DEVNULL, check=True)
            t[k].append(time.perf_counter() - s)
    print("start-up, %-10s weft run %.3f s, python3 + import weft + load %.3f s (medians)"
          % (prof, statistics.median(t[0]), statistics.median(t[1])))
PY
