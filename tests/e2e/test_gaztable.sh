# The entities plugin's prebuilt gazetteer (plugins/entities/gazfile.h): made
# by `make` beside the lists, mapped by open() when it matches them, and
# otherwise the table is built from the lists as before (tablefile.sh).
. tests/e2e/lib.sh
. tests/e2e/tablefile.sh
TF_NAME=gaztable TF_FILE=plugins/entities/gazetteer.weftgaz
TF_SCRIPT=scripts/profiles/entities.lua TF_NOTE="gazetteer built from the lists"
TF_REL=entities/gazetteer.weftgaz TF_GARBAGE="not a weftgaz file"
TF_STALE="built from other lists" TF_LIST=entities/org_head_words.txt TF_LINE=Brotherhood
tf_absent_extra() { :; }
tf_setup
contains gaztable-mapped-said "$T/err" "from the table file"
tf_damage
