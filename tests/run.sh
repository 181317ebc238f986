#!/bin/sh
# The test runner: every cmocka unit test binary, then every end-to-end
# script in tests/e2e/. Prints a final "N passed, N failed" line and exits
# non-zero when anything failed.
#   sh tests/run.sh BUILD_DIR [unit|e2e]
# WEFT_VALGRIND=1 runs the weft binary of the e2e tests under valgrind.
# WEFT_TEST_JOBS=N runs N tests at a time (default: the online CPUs); each
# test's report is printed whole and in the listed order, whatever N is.
# WEFT_SLOWEST=N names the N slowest tests at the end (default 6), with
# their wall-clock and CPU seconds.
# The tests share nothing but the build: each e2e script works in its own
# mktemp folder.
B=${1:-build}
ONLY=${2:-all}

# --one KIND PATH OUT: runs one test, writes its report to OUT and its
# counts ("passed failed skipped") to OUT.n.
if [ "$1" = --one ]; then
    kind=$2 t=$3 o=$4
    t0=$(date +%s%N)
    if [ "$kind" = unit ]; then
        name=$(basename "$t")
        out=$("$t" 2>&1)
        rc=$?
        # cmocka's own summary lines: "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
        p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        k=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
        p=${p:-0} f=${f:-0} k=${k:-0}
        # the skipped tests by name ("[  SKIPPED ] test_x" lines)
        printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([a-z_][a-z0-9_]*\)$/\1/p' |
            sort -u | sed "s/^/$name: /" >"$o.skips"
        if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        {
            printf '%s\n' "$out" | grep -E '^\[  (FAILED|  OK|PASSED|ERROR)|^\[==========\]' |
                grep -v '^\[       OK' | sed "s/^/$name: /"
            [ "$f" -ne 0 ] && printf '%s\n' "$out" | tail -40
        } >"$o"
    else
        name=$(basename "$t" .sh)
        res=$o.res
        : >"$res"
        WEFT_RESULTS="$res" sh "$t" >"$o.log" 2>&1
        rc=$?
        # a script that breaks (a shell syntax error, say) is a failure too
        [ $rc -ne 0 ] && echo "FAIL $name: the script exited with status $rc" >>"$res"
        p=$(grep -c '^PASS' "$res")
        f=$(grep -c '^FAIL' "$res")
        k=$(grep -c '^SKIP' "$res")
        grep '^SKIP' "$res" | sed "s/^SKIP /$name: /" >"$o.skips"
        # a script that checked nothing did not run: a skip, not "0 passed"
        if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$k" -eq 0 ]; then
            k=1
            echo "$name: no check ran ($(tail -1 "$o.log" 2>/dev/null))" >"$o.skips"
        fi
        {
            cat "$o.log"
            grep '^FAIL' "$res" | sed "s/^/$name: /"
            echo "$name: $p passed, $f failed, $k skipped"
        } >"$o"
    fi
    # milliseconds, wall-clock and CPU (the test's processes, valgrind
    # included): the "slowest" line shows where CI time goes, and on a
    # shared machine the CPU figure is the one that compares across runs
    times >"$o.cpu" # here, not in $(...): a subshell has no children yet
    cpu=$(tail -1 "$o.cpu" | awk '{ n = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); n += a[1] * 60 + a[2] } printf "%d", n * 1000 }')
    echo "$((($(date +%s%N) - t0) / 1000000)) $name ${cpu:-0}" >"$o.t"
    echo "$p $f $k $name" >"$o.n"
    exit 0
fi

export WEFT_FIXTURES="$B/tests/plugins"
export WEFT_BUILD="$B"
J=${WEFT_TEST_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
R=$(mktemp -d)
trap 'rm -rf "$R"' EXIT INT TERM

# The list, in order: "KIND PATH OUT" per line.
i=0
{
    if [ "$ONLY" != e2e ]; then
        for t in "$B"/tests/test_*; do
            [ -x "$t" ] || continue
            i=$((i + 1))
            printf 'unit %s %s/%04d\n' "$t" "$R" "$i"
        done
    fi
    if [ "$ONLY" != unit ]; then
        for t in tests/e2e/test_*.sh; do
            i=$((i + 1))
            printf 'e2e %s %s/%04d\n' "$t" "$R" "$i"
        done
    fi
} >"$R/list"

# xargs starts the slowest tests first, by their wall-clock time in the
# last run (B's, else the default build's; a test not timed yet counts as
# slow): a long test started last would run alone at the end while the
# other cores idle. Each report is printed in the list's order, as soon as
# it and every report before it are done.
TIMES=$B/tests/times
HINT=$TIMES
[ -f "$HINT" ] || HINT=build/tests/times
[ -f "$HINT" ] && cp "$HINT" "$R/hint" || : >"$R/hint"
awk 'FILENAME == ARGV[1] { ms[$1] = $2; next } { print (($2 in ms) ? ms[$2] : 999999999), FNR, $0 }' "$R/hint" "$R/list" |
    sort -k1,1nr -k2,2n | cut -d' ' -f3- >"$R/start"
xargs -P "$J" -L 1 sh "$0" --one <"$R/start" &
xpid=$!

passed=0 failed=0 skipped=0 failures=""
while read -r kind t o; do
    while [ ! -f "$o.n" ] && kill -0 "$xpid" 2>/dev/null; do sleep 0.2; done
    cat "$o" 2>/dev/null
    if [ ! -f "$o.n" ]; then
        echo "$t: no result (the runner was interrupted?)"
        failed=$((failed + 1)) failures="$failures $t"
        continue
    fi
    read -r p f k name <"$o.n"
    [ -f "$o.t" ] && echo "$t $(cut -d' ' -f1 "$o.t")" >>"$R/times"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
    [ -s "$o.skips" ] && cat "$o.skips" >>"$R/skips"
    [ "$f" -ne 0 ] && failures="$failures $name"
done <"$R/list"

wait "$xpid"
# this run's times over the last ones (tests not run now keep theirs)
if [ -d "$B/tests" ] && [ -s "$R/times" ]; then
    awk 'FILENAME == ARGV[1] { ms[$1] = $2; next } !($1 in ms) { print } END { for (t in ms) print t, ms[t] }' \
        "$R/times" "$R/hint" >"$TIMES.tmp" && mv -f "$TIMES.tmp" "$TIMES"
fi
cat "$R"/*.t 2>/dev/null | sort -rn | head -${WEFT_SLOWEST:-6} |
    awk '{ s = s sprintf(" %s %.1fs (cpu %.1fs)", $2, $1 / 1000, $3 / 1000) } END { if (s != "") print "slowest:" s }'
cat "$R"/*.t 2>/dev/null |
    awk '{ w += $1; c += $3 } END { if (NR) printf "time: %d tests, %.1fs wall and %.1fs cpu in all\n", NR, w / 1000, c / 1000 }'
[ -n "$failures" ] && echo "failing:$failures"
if [ -s "$R/skips" ]; then
    echo "skipped:"
    sed 's/^/  /' "$R/skips"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
