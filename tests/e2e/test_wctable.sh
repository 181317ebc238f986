# The entities plugin's word list with case as a table file
# (plugins/entities/wordcase.h): made by `make` beside data/wordcase.txt,
# mapped by open() when it matches the list, and otherwise the table is
# built from the list as before, with the same output (tablefile.sh); then
# the same for the WordNet noun table, at the end.
. tests/e2e/lib.sh
. tests/e2e/tablefile.sh
TF_NAME=wctable TF_FILE=plugins/entities/wordcase.weftwc
TF_SCRIPT=scripts/profiles/entities.lua TF_NOTE="word list built from the lists"
TF_REL=entities/wordcase.weftwc TF_GARBAGE="not a table file of this kind"
TF_STALE="made from other data files" TF_LIST=entities/wordcase.txt TF_LINE=zzyzx
tf_absent_extra() { :; }
tf_setup
grep -E 'entities: word list entities/wordcase.txt, [0-9]+ words, [0-9.]+ MiB from the table file' "$T/err" >/dev/null &&
    pass wctable-mapped-said || fail wctable-mapped-said "$(grep 'word list' "$T/err")"
tf_damage
# The WordNet noun table (wordnet.h) is a table file too (a gazetteer
# table, made by gazpack --wordnet): mapped when it matches
# wordnet_nouns.tsv, else built from it, with the same output.
WN=plugins/entities/wordnet_nouns.weftgaz
if [ -f "$B/$WN" ]; then pass wntable-made; else fail wntable-made "no $B/$WN"; fi
lacks wntable-mapped-note "$T/err" "WordNet table built"
rm "$T/w/$WN"
run wntable-absent 0 $W run -v "$TF_SCRIPT" examples/news
contains wntable-absent-note "$T/err" "WordNet table built from the lists (entities/wordnet_nouns.weftgaz: no table file)"
if cmp -s "$T/out" "$T/mapped.jsonl"; then pass wntable-absent-same; else fail wntable-absent-same "output differs"; fi
python3 - "$B/$WN" "$T/w/$WN" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 3] ^= 0x04
open(sys.argv[2], "wb").write(b)
PY
run wntable-flipped 0 $W run -v "$TF_SCRIPT" examples/news
contains wntable-flipped-note "$T/err" "WordNet table built from the lists (entities/wordnet_nouns.weftgaz: checksum mismatch)"
if cmp -s "$T/out" "$T/mapped.jsonl"; then pass wntable-flipped-same; else fail wntable-flipped-same "output differs"; fi
