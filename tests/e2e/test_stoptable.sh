# The boilerplate plugin's prebuilt stop lists (plugins/boilerplate/stopfile.c):
# made by `make` beside the lists, mapped by open() when it matches them, and
# otherwise (absent, damaged, made from other lists) the tables are built
# from the lists as before, with the same output and a note saying why.
. tests/e2e/lib.sh
G=plugins/boilerplate/stoplists.weftstp
if [ -f "$B/$G" ]; then pass stoptable-made; else fail stoptable-made "no $B/$G"; fi
VG=
[ -n "$WEFT_VALGRIND" ] && VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
S=scripts/profiles/clean.lua
run stoptable-mapped 0 $WEFT run -v $S examples/news
lacks stoptable-mapped-note "$T/err" "stop lists built from the lists"
cp "$T/out" "$T/mapped.jsonl"
# a named language: the lists from the file, without the index, as built
run stoptable-mapped-de 0 $WEFT run -v $S --set boilerplate.language=de examples/news
cp "$T/out" "$T/mapped-de.jsonl"

# a weft of its own (plugins found beside the binary), whose table we damage
mkdir -p "$T/w"
cp "$B/weft" "$T/w/weft"
cp -r "$B/plugins" "$T/w/plugins"
W="$VG $T/w/weft"
# same_as NAME WHY: the run fell back, said why, and wrote what the table gives
same_as() {
    contains "$1-note" "$T/err" "stop lists built from the lists (boilerplate/stoplists.weftstp: $2)"
    if cmp -s "$T/out" "$T/mapped.jsonl"; then pass "$1-same"; else fail "$1-same" "output differs"; fi
}
rm "$T/w/$G"
run stoptable-absent 0 $W run -v $S examples/news
same_as stoptable-absent "no table file"
run stoptable-absent-de 0 $W run -v $S --set boilerplate.language=de examples/news
if cmp -s "$T/out" "$T/mapped-de.jsonl"; then pass stoptable-absent-de-same; else fail stoptable-absent-de-same "output differs"; fi
head -c 5000 "$B/$G" >"$T/w/$G"
run stoptable-truncated 0 $W run -v $S examples/news
same_as stoptable-truncated "truncated or padded"
python3 - "$B/$G" "$T/w/$G" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x10
open(sys.argv[2], "wb").write(b)
PY
run stoptable-flipped 0 $W run -v $S examples/news
same_as stoptable-flipped "checksum mismatch"
printf 'not a table\n' >"$T/w/$G"
run stoptable-garbage 0 $W run -v $S examples/news
same_as stoptable-garbage "not a table file of this kind"
# a list edited after the table was made: the edit is what counts
cp "$B/$G" "$T/w/$G"
printf 'zzyzx\n' >>"$T/w/plugins/boilerplate/stop-English.txt"
run stoptable-stale 0 $W run -v $S examples/news
contains stoptable-stale-note "$T/err" "stop lists built from the lists (boilerplate/stoplists.weftstp: made from other data files)"
# the table as made, in the copy: mapped again
cp "$B/plugins/boilerplate/stop-English.txt" "$T/w/plugins/boilerplate/stop-English.txt"
run stoptable-copy 0 $W run -v $S examples/news
lacks stoptable-copy-note "$T/err" "stop lists built from the lists"
if cmp -s "$T/out" "$T/mapped.jsonl"; then pass stoptable-copy-same; else fail stoptable-copy-same "output differs"; fi
