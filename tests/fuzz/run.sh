#!/bin/sh
# Runs the fuzz targets built by `make fuzz-build`:
#   tests/fuzz/run.sh BUILD_DIR SECONDS [TARGET...]
# For each target: replay tests/fuzz/regressions/TARGET/* (every past crash
# must stay fixed), then fuzz for SECONDS from the seeds in
# tests/fuzz/corpus/TARGET/. New inputs go to BUILD_DIR/fuzz/corpus/TARGET
# (kept between runs, never committed); a crash leaves its input in
# BUILD_DIR/fuzz/crashes/ and fails the run, and the log shows the input in
# base64 so a CI log alone reproduces it. Prints one line of libFuzzer's
# final figures per target. FUZZ_SEED=N fixes libFuzzer's random seed
# (make fuzz-smoke does, to keep CI's runs close to one search; not an
# exact replay, see README.md); unset, each run explores afresh.
# FUZZ_JOBS=N fuzzes N targets at a time (default 1; make fuzz-smoke: the
# online CPUs), each on its own core for its SECONDS; the lines print in
# the targets' order whatever N is.
set -u
B=${1:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
SECS=${2:?usage: run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
HERE=tests/fuzz
if [ $# -eq 0 ]; then
    set -- $(ls $HERE/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||')
fi
# A smaller quarantine keeps long runs well under -rss_limit_mb.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=64}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
# A span the core refused is a stage bug too (see pipeline_harness.h).
export WEFT_FUZZ_STRICT=${WEFT_FUZZ_STRICT:-1}
mkdir -p "$B/fuzz/crashes" "$B/fuzz/logs"
# one TARGET: replays and fuzzes it; its line goes to logs/TARGET.result,
# and a crash's "TARGET:INPUT" to logs/TARGET.crash.
one() {
    t=$1
    res=$B/fuzz/logs/$t.result
    rm -f "$B/fuzz/logs/$t.crash"
    bin=$B/fuzz/fuzz_$t
    if [ ! -x "$bin" ]; then
        echo "fuzz: $bin missing (run make fuzz-build)" >"$res"
        return 1
    fi
    regs=$(ls $HERE/regressions/$t/* 2>/dev/null)
    if [ -n "$regs" ]; then
        # shellcheck disable=SC2086
        if ! "$bin" $regs >"$B/fuzz/logs/$t.regressions.log" 2>&1; then
            echo "FAIL fuzz $t: a regression input crashes again, see $B/fuzz/logs/$t.regressions.log" >"$res"
            return 1
        fi
    fi
    mkdir -p "$B/fuzz/corpus/$t"
    log=$B/fuzz/logs/$t.log
    dict=""
    case $t in
    boilerplate_html | prune) dict=-dict=$HERE/dict/html.dict ;;
    linear_load) dict=-dict=$HERE/dict/linear.dict ;;
    esac
    # shellcheck disable=SC2086
    "$bin" ${FUZZ_SEED:+-seed=$FUZZ_SEED} $dict -max_total_time="$SECS" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$B/fuzz/crashes/$t-" "$B/fuzz/corpus/$t" "$HERE/corpus/$t" >"$log" 2>&1
    rc=$?
    stats=$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 | sed 's/^#\([0-9]*\)[[:space:]]*DONE */execs \1 /')
    [ -z "$stats" ] && stats=$(grep -a -E '^#[0-9]+' "$log" | tail -1)
    if [ $rc -ne 0 ]; then
        crash=$(ls -t "$B/fuzz/crashes/$t-"* 2>/dev/null | head -1)
        {
            echo "FAIL fuzz $t (exit $rc): $(grep -a -m1 -E 'ERROR|runtime error|fuzz:' "$log")"
            echo "     log: $log; input: $crash"
        } >"$res"
        [ -n "$crash" ] && echo "$t:$crash" >"$B/fuzz/logs/$t.crash"
        return 1
    fi
    echo "PASS fuzz $t ${SECS}s: $stats" >"$res"
    return 0
}

# FUZZ_JOBS targets at a time, a group waited for whole (every target
# runs its SECONDS, so a group ends together), then its lines in order.
N=${FUZZ_JOBS:-1}
failed=0
details=""
while [ $# -gt 0 ]; do
    group="" pids=""
    k=0
    while [ $# -gt 0 ] && [ $k -lt "$N" ]; do
        one "$1" &
        pids="$pids $!" group="$group $1"
        k=$((k + 1))
        shift
    done
    for p in $pids; do wait "$p" || failed=1; done
    for t in $group; do
        cat "$B/fuzz/logs/$t.result"
        [ -s "$B/fuzz/logs/$t.crash" ] && details="$details $(cat "$B/fuzz/logs/$t.crash")"
    done
done
# Last, so the end of a CI log holds it: each failing input, made smaller
# by libFuzzer (30 s at most), what the target says of it, and its bytes.
for d in $details; do
    t=${d%%:*}
    crash=${d#*:}
    bin=$B/fuzz/fuzz_$t
    "$bin" -minimize_crash=1 -max_total_time=30 -exact_artifact_path="$crash.min" "$crash" \
        >"$B/fuzz/logs/$t.minimize.log" 2>&1
    [ -s "$crash.min" ] || cp "$crash" "$crash.min"
    echo "fuzz $t failing input, $(wc -c <"$crash.min") bytes (base64 -d >in && $bin in):"
    head -c 6000 "$crash.min" | base64 | sed 's/^/    /'
    "$bin" "$crash.min" 2>&1 | grep -a -v -E '^(INFO:|MS:|base unit:|0x|Running:|Executed)' |
        head -c 3000 | sed 's/^/    | /'
done
exit $failed
