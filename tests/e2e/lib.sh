# Helpers for the end-to-end tests: each check appends PASS or FAIL to
# $WEFT_RESULTS. Sourced by tests/e2e/test_*.sh, run from the repo root.
B=${WEFT_BUILD:-build}
if [ -n "$WEFT_VALGRIND" ]; then
    WEFT="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite $B/weft"
else
    WEFT="$B/weft"
fi
FIX="$B/tests/plugins"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
: "${WEFT_RESULTS:=/dev/stdout}"

pass() { echo "PASS $1" >>"$WEFT_RESULTS"; }
fail() { echo "FAIL $1: $2" >>"$WEFT_RESULTS"; }
# skip NAME REASON: a check that could not run here (counted and named as a
# skip by tests/run.sh, never as a pass)
skip() { echo "SKIP $1: $2" >>"$WEFT_RESULTS"; }
# skip_all REASON: the rest of this script cannot run here; ends it
skip_all() {
    skip "$(basename "$0" .sh)" "$1"
    exit 0
}

# once_only WHY: a script whose checks are about timing or an outside program
# (a browser, a Dask cluster, a slow pipe), not about the memory safety of
# weft's C code, runs in `make test` only. The sanitizer runs (`make asan`,
# `make valgrind`, which set WEFT_SANITIZED) end it as one named skip: running
# it there again would add minutes to CI and find nothing new.
once_only() {
    [ -n "$WEFT_SANITIZED" ] && skip_all "runs in make test only ($1)"
    return 0
}

# run NAME EXPECTED_EXIT CMD... : stdout in $T/out, stderr in $T/err
run() {
    name=$1 want=$2
    shift 2
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" -eq "$want" ]; then
        pass "$name"
    else
        fail "$name" "exit $got, wanted $want; stderr: $(head -c 600 "$T/err")"
    fi
}

# contains NAME FILE TEXT : fixed-string search
contains() {
    if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1" "'$3' not in $2: $(head -c 600 "$2")"; fi
}
lacks() {
    if grep -qF -- "$3" "$2"; then fail "$1" "'$3' unexpectedly in $2"; else pass "$1"; fi
}
# pycheck NAME FILE PYTHON : the python code sees `docs` (parsed JSON Lines)
pycheck() {
    if python3 - "$2" "$3" >"$T/py" 2>&1 <<'PY'
import json, sys
path, code = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    docs = [json.loads(line) for line in f if line.strip()]
exec(code)
PY
    then pass "$1"; else fail "$1" "$(tail -5 "$T/py")"; fi
}

# split_docs FILE SUFFIX: the documents of a run over many files (each
# id a path) one by one, to $T/NAME.SUFFIX, NAME the id's file name without
# its extension: one weft process checks many inputs (a process per input
# is what made the valgrind leg slow), each checked on its own.
split_docs() {
    python3 - "$1" "$T" "$2" <<'PY'
import json, os, sys
src, t, suf = sys.argv[1:]
with open(src, encoding="utf-8") as f:
    lines = [line for line in f if line.strip()]
for line in lines:
    name = os.path.splitext(os.path.basename(json.loads(line)["id"]))[0]
    with open(os.path.join(t, name + "." + suf), "w", encoding="utf-8") as out:
        out.write(line if line.endswith("\n") else line + "\n")
PY
}
# split_notes FILE SUFFIX NAME...: the lines of a run's stderr FILE that
# name the input $T/NAME.txt, to $T/NAME.SUFFIX (empty when none does)
split_notes() {
    src=$1 suf=$2
    shift 2
    for n in "$@"; do grep -F -- "$T/$n.txt:" "$src" >"$T/$n.$suf" || :; done
}

# ents_tsv FILE...: `$WEFT run -p entities -f tsv FILE...`, the entity
# profile's spans of the files. Under valgrind, weft runs natively here (the
# checks read what it wrote, as in make test and make asan) and the files
# are noted: ents_tsv_memcheck, at the end of the script, runs them all
# through one weft under memcheck and checks that it writes the same spans.
# Every text still runs once under memcheck, without a model load (most of a
# run's time under valgrind) per text.
ents_tsv() {
    if [ -z "$WEFT_VALGRIND" ]; then
        $WEFT run -p entities -f tsv "$@"
        return
    fi
    "$B/weft" run -p entities -f tsv "$@" >"$T/ents-one"
    ents_rc=$?
    cat "$T/ents-one"
    # the spans without the id (the memcheck run reads copies: a script
    # may write the next text to the same file)
    tail -n +2 "$T/ents-one" | cut -f2- >>"$T/ents-native"
    ents_k=$(($(wc -l <"$T/ents-files" 2>/dev/null || echo 0) + 1))
    for ents_f in "$@"; do # (sh has no locals: a name of its own, not the caller's f)
        mkdir -p "$T/ents-copies/$ents_k"
        cp "$ents_f" "$T/ents-copies/$ents_k/" &&
            echo "$T/ents-copies/$ents_k/$(basename "$ents_f")" >>"$T/ents-files"
        ents_k=$((ents_k + 1))
    done
    return $ents_rc
}
# ents_tsv_memcheck: the texts of the script's ents_tsv calls, in one run
# under valgrind (nothing to do outside valgrind)
ents_tsv_memcheck() {
    [ -n "$WEFT_VALGRIND" ] || return 0
    if [ ! -s "$T/ents-files" ]; then
        fail ents-memcheck "no ents_tsv call noted a file"
        return 0
    fi
    # (the paths are mktemp's and the repo's: no blanks)
    run ents-memcheck 0 $WEFT run -p entities -f tsv $(cat "$T/ents-files")
    if tail -n +2 "$T/out" | cut -f2- | cmp -s - "$T/ents-native"; then
        pass ents-memcheck-same
    else
        fail ents-memcheck-same "the run over all the texts differs from the runs one by one"
    fi
}
