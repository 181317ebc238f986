# The boilerplate plugin's prebuilt stop lists (plugins/boilerplate/stopfile.c):
# made by `make` beside the lists, mapped by open() when it matches them, and
# otherwise the tables are built from the lists as before (tablefile.sh).
. tests/e2e/lib.sh
. tests/e2e/tablefile.sh
TF_NAME=stoptable TF_FILE=plugins/boilerplate/stoplists.weftstp
TF_SCRIPT=scripts/profiles/clean.lua TF_NOTE="stop lists built from the lists"
TF_REL=boilerplate/stoplists.weftstp TF_GARBAGE="not a table file of this kind"
TF_STALE="made from other data files" TF_LIST=boilerplate/stop-English.txt TF_LINE=zzyzx
# a named language reads the lists from the file without the index: same output without it
tf_absent_extra() {
    run stoptable-absent-de 0 $W run -v "$TF_SCRIPT" --set boilerplate.language=de examples/news
    if cmp -s "$T/out" "$T/mapped-de.jsonl"; then pass stoptable-absent-de-same; else fail stoptable-absent-de-same "output differs"; fi
}
tf_setup
run stoptable-mapped-de 0 $WEFT run -v "$TF_SCRIPT" --set boilerplate.language=de examples/news
cp "$T/out" "$T/mapped-de.jsonl"
tf_damage
