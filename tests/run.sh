#!/bin/sh
# The test runner: every cmocka unit test binary, then every end-to-end
# script in tests/e2e/. Prints a final "N passed, N failed" line and exits
# non-zero when anything failed.
#   sh tests/run.sh BUILD_DIR [unit|e2e]
# WEFT_VALGRIND=1 runs the weft binary of the e2e tests under valgrind.
B=${1:-build}
ONLY=${2:-all}
passed=0
failed=0
skipped=0
failures=""

export WEFT_FIXTURES="$B/tests/plugins"
if [ "$ONLY" != e2e ]; then
    for t in "$B"/tests/test_*; do
        [ -x "$t" ] || continue
        name=$(basename "$t")
        out=$("$t" 2>&1)
        rc=$?
        # cmocka's own summary lines: "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s)..."
        p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
        k=$(printf '%s\n' "$out" | sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' | tail -1)
        p=${p:-0}
        f=${f:-0}
        skipped=$((skipped + ${k:-0}))
        if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
        printf '%s\n' "$out" | grep -E '^\[  (FAILED|  OK|PASSED|ERROR)|^\[==========\]' | grep -v '^\[       OK' | sed "s/^/$name: /"
        if [ "$f" -ne 0 ]; then
            printf '%s\n' "$out" | tail -40
            failures="$failures $name"
        fi
        passed=$((passed + p))
        failed=$((failed + f))
    done
fi

if [ "$ONLY" != unit ]; then
    export WEFT_BUILD="$B"
    for t in tests/e2e/test_*.sh; do
        name=$(basename "$t" .sh)
        res=$(mktemp)
        WEFT_RESULTS="$res" sh "$t"
        rc=$?
        # a script that breaks (a shell syntax error, say) is a failure too
        [ $rc -ne 0 ] && echo "FAIL $name: the script exited with status $rc" >>"$res"
        p=$(grep -c '^PASS' "$res")
        f=$(grep -c '^FAIL' "$res")
        grep '^FAIL' "$res" | sed "s/^/$name: /"
        [ "$f" -ne 0 ] && failures="$failures $name"
        echo "$name: $p passed, $f failed"
        passed=$((passed + p))
        failed=$((failed + f))
        rm -f "$res"
    done
fi

[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
