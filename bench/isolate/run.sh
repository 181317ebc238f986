#!/bin/sh
# Overhead of weft run --isolate (issue 17): the same run with and without
# it, at the same -j, on (a) the news profile over the boilerplate dev pages
# (aeb and trafilatura-eval, 453 pages, 13 MB, read WEFT_BENCH_ISO_ROUNDS
# times, default 2) and (b) the sentiment profile over the short texts of
# ../shared/data/sentiment/dev (9,666 texts as JSON Lines, repeated
# WEFT_BENCH_ISO_REPEAT times, default 20: 193,320 texts, about the 168,000
# of the issue's own example; at 10 a -j 2 run took 0.19 s, so a fork's
# fixed cost and the timer's step weighed as much as the per-document
# cost). Wall time is read in nanoseconds (date +%s%N); GNU time's %e
# steps by 10 ms, 5 % of that run. Target: at most 10 % more wall
# time. Prints the ratio and "met" / "not met" per row: WEFT_BENCH_REPS
# rounds (default 5), each a run without and a run with --isolate back to
# back, so a change in the machine's load hits both alike; the figures are
# medians over the rounds, the verdict the median of the rounds' ratios.
#   sh bench/isolate/run.sh BUILD_DIR
B=${1:-build}
DATA=../shared/data
ROUNDS=${WEFT_BENCH_ISO_ROUNDS:-2}
REPEAT=${WEFT_BENCH_ISO_REPEAT:-20}
REPS=${WEFT_BENCH_REPS:-5}
WEFT=$B/weft
echo "== --isolate overhead: news over the dev pages, sentiment over short texts (bench/isolate/run.sh) =="
if [ ! -d "$DATA/boilerplate/dev/aeb/html" ] || [ ! -d "$DATA/sentiment/dev" ]; then
    echo "skipped: $DATA is absent (the dev sets are read from the shared data, never copied)"
    exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 - "$DATA/sentiment/dev" "$REPEAT" "$W/short.jsonl" <<'PY'
import glob, json, os, sys
src, repeat, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
texts = []
for path in sorted(glob.glob(os.path.join(src, "*_GroundTruth.txt"))):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3:
                texts.append(parts[2])
with open(out, "w", encoding="utf-8") as f:
    for r in range(repeat):
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": "%d-%d" % (r, i), "text": t}) + "\n")
PY
PAGES=""
r=0
while [ $r -lt "$ROUNDS" ]; do
    PAGES="$PAGES $DATA/boilerplate/dev/aeb/html $DATA/boilerplate/dev/trafilatura-eval/html"
    r=$((r + 1))
done
# timed CMD...: one run, stdout discarded; sets WALL and CPU (user + sys of
# the process and its workers, s). Exits the bench if weft fails to run.
timed() {
    t0=$(date +%s%N)
    /usr/bin/time -f '%e %U %S' -o "$W/time" "$@" >/dev/null 2>"$W/err"
    rc=$?
    t1=$(date +%s%N)
    if [ $rc -ge 2 ]; then
        echo "isolate bench: failed (exit $rc): $*" >&2
        cat "$W/err" >&2
        exit 1
    fi
    # shellcheck disable=SC2046
    set -- $(tail -n 1 "$W/time")
    WALL=$(echo "scale=4; ($t1 - $t0) / 1000000000" | bc -l) CPU=$(echo "$2 + $3" | bc -l)
}
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %e true >/dev/null 2>&1; then
    echo "isolate bench: skipped, GNU time (/usr/bin/time -f) is needed (apt-get install time)"
    exit 0
fi
ndocs=$(wc -l <"$W/short.jsonl")
echo "machine: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at start (shared: wall times are noisy)"
echo "columns: median wall s and CPU s (user + sys, workers included) of $REPS rounds; wall x and CPU x: median of the rounds' ratios"
printf '%-40s %3s %9s %9s %9s %9s %7s %7s  %s\n' corpus -j "wall" "wall iso" "CPU" "CPU iso" "wall x" "CPU x" "target wall x <= 1.10"
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
row() { # row LABEL J ARGS...: REPS rounds of both modes, back to back
    label=$1 j=$2
    shift 2
    : >"$W/rounds"
    n=0
    while [ $n -lt "$REPS" ]; do
        timed "$WEFT" run -q -j "$j" "$@"
        wp=$WALL cpp=$CPU
        timed "$WEFT" run -q -j "$j" --isolate "$@"
        echo "$wp $WALL $cpp $CPU" >>"$W/rounds"
        n=$((n + 1))
    done
    bp=$(cut -d' ' -f1 "$W/rounds" | median) bi=$(cut -d' ' -f2 "$W/rounds" | median)
    cp=$(cut -d' ' -f3 "$W/rounds" | median) ci=$(cut -d' ' -f4 "$W/rounds" | median)
    ratio=$(awk '{print $2 / $1}' "$W/rounds" | median)
    cratio=$(awk '{print ($3 > 0) ? $4 / $3 : 0}' "$W/rounds" | median)
    verdict=$(echo "$ratio <= 1.10" | bc -l)
    [ "$verdict" = 1 ] && verdict=met || verdict="not met"
    printf '%-40s %3s %9.3f %9.3f %9.3f %9.3f %7.3f %7.3f  %s\n' "$label" "$j" "$bp" "$bi" "$cp" "$ci" "$ratio" "$cratio" "$verdict"
    echo "    rounds, wall x: $(awk '{printf "%.3f ", $2 / $1}' "$W/rounds")"
}
for j in 1 2; do
    row "news, dev pages x$ROUNDS" $j -p news $PAGES
done
for j in 1 2; do
    row "sentiment, $ndocs short texts" $j -p sentiment --input jsonl "$W/short.jsonl"
done
echo "load average $(cut -d" " -f1-3 /proc/loadavg) at the end"
