# The entities plugin's prebuilt gazetteer (plugins/entities/gazfile.h): made
# by `make` beside the lists, mapped by open() when it matches them, and
# otherwise (absent, damaged, built from other lists) the table is built
# from the lists as before, with the same output and a note saying why.
. tests/e2e/lib.sh
G=plugins/entities/gazetteer.weftgaz
if [ -f "$B/$G" ]; then pass gaztable-made; else fail gaztable-made "no $B/$G"; fi
VG=
[ -n "$WEFT_VALGRIND" ] && VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
S=scripts/profiles/entities.lua
run gaztable-mapped 0 $WEFT run -v $S examples/news
lacks gaztable-mapped-note "$T/err" "gazetteer built from the lists"
contains gaztable-mapped-said "$T/err" "from the table file"
cp "$T/out" "$T/mapped.jsonl"

# a weft of its own (plugins found beside the binary), whose table we damage
mkdir -p "$T/w"
cp "$B/weft" "$T/w/weft"
cp -r "$B/plugins" "$T/w/plugins"
W="$VG $T/w/weft"
# same_as NAME WHY: the run fell back, said why, and wrote what the table gives
same_as() {
    contains "$1-note" "$T/err" "gazetteer built from the lists (entities/gazetteer.weftgaz: $2)"
    if cmp -s "$T/out" "$T/mapped.jsonl"; then pass "$1-same"; else fail "$1-same" "output differs"; fi
}
rm "$T/w/$G"
run gaztable-absent 0 $W run -v $S examples/news
same_as gaztable-absent "no table file"
head -c 5000 "$B/$G" >"$T/w/$G"
run gaztable-truncated 0 $W run -v $S examples/news
same_as gaztable-truncated "truncated or padded"
python3 - "$B/$G" "$T/w/$G" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x10
open(sys.argv[2], "wb").write(b)
PY
run gaztable-flipped 0 $W run -v $S examples/news
same_as gaztable-flipped "checksum mismatch"
printf 'not a table\n' >"$T/w/$G"
run gaztable-garbage 0 $W run -v $S examples/news
same_as gaztable-garbage "not a weftgaz file"
# a list edited after the table was made: the edit is what counts
cp "$B/$G" "$T/w/$G"
printf 'Brotherhood\n' >>"$T/w/plugins/entities/org_head_words.txt"
run gaztable-stale 0 $W run -v $S examples/news
contains gaztable-stale-note "$T/err" "gazetteer built from the lists (entities/gazetteer.weftgaz: built from other lists)"
# the table as made, in the copy: mapped again
cp "$B/plugins/entities/org_head_words.txt" "$T/w/plugins/entities/org_head_words.txt"
run gaztable-copy 0 $W run -v $S examples/news
lacks gaztable-copy-note "$T/err" "gazetteer built from the lists"
if cmp -s "$T/out" "$T/mapped.jsonl"; then pass gaztable-copy-same; else fail gaztable-copy-same "output differs"; fi
