# The entities plugin's word list with case as a table file
# (plugins/entities/wordcase.h): made by `make` beside data/wordcase.txt,
# mapped by open() when it matches the list, and otherwise the table is
# built from the list as before, with the same output (tablefile.sh).
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
