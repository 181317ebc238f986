#!/bin/sh
# Instructions a token of the entities stage's process(), counted by
# callgrind (valgrind) around ent_process on CoNLL-2003 dev text (one
# repetition, the tokenizer outside the count): the speed figure that holds
# on a shared machine, where CPU time does not. Needs valgrind and the shared
# data folder next to the repo.
#   sh bench/entities/instr.sh [BUILD_DIR] [MODEL|none]
B=${1:-build}
M=${2:-plugins/entities/data/ner-conll2003.model}
D=../shared/data/entities
if [ ! -f "$D/score.py" ]; then
    echo "entities instr bench: $D not found; skipped"
    exit 0
fi
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null || {
    echo "entities instr bench: valgrind not found; skipped"
    exit 0
}
case $M in /* | none) ;; *) M="$PWD/$M" ;; esac
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 "$D/score.py" --emit-text --unit doc "$D/dev/conll2003.dev.conll" >"$W/in.jsonl" || exit 1
python3 - "$W/in.jsonl" >"$W/docs.nul" <<'PY'
import json, sys
sys.stdout.write("".join(json.loads(l)["text"] + "\0" for l in open(sys.argv[1])))
PY
make --no-print-directory -s B="$B" "$B/bench/entities/speed" >/dev/null || exit 1
valgrind --tool=callgrind --callgrind-out-file="$W/cg" --toggle-collect=ent_process \
    "$B/bench/entities/speed" "$B" "$W/docs.nul" 1 "model = '$M'" >"$W/out" 2>/dev/null || exit 1
toks=$(cut -d' ' -f1 "$W/out")
ir=$(callgrind_annotate "$W/cg" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,)
printf 'model %s: %s tokens, %s instructions in process(), %s a token\n' "$(basename "$M")" \
    "$toks" "$ir" "$(echo "$ir / $toks" | bc)"
