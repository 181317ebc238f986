# Checks shared by the prebuilt-table tests (test_gaztable.sh, test_stoptable.sh).
# A plugin maps a table file that `make` builds beside its data lists when the
# file matches them; otherwise (absent, damaged, made from other lists) it
# builds the table from the lists, writes the same output and notes why.
# Source after lib.sh; the caller has set:
#   TF_NAME   test-name prefix           TF_FILE   table path under $B
#   TF_SCRIPT pipeline script            TF_NOTE   note prefix ("gazetteer built from the lists")
#   TF_REL    table name in notes        TF_GARBAGE why given for a file not a table
#   TF_STALE  why given for a stale one  TF_LIST   data list under plugins/ that the table comes from
#   TF_LINE   a line appended to TF_LIST to make the table stale

# tf_setup: the mapped run, then a weft of its own whose table we damage ($W)
tf_setup() {
    if [ -f "$B/$TF_FILE" ]; then pass "$TF_NAME-made"; else fail "$TF_NAME-made" "no $B/$TF_FILE"; fi
    run "$TF_NAME-mapped" 0 $WEFT run -v "$TF_SCRIPT" examples/news
    lacks "$TF_NAME-mapped-note" "$T/err" "$TF_NOTE"
    cp "$T/out" "$T/mapped.jsonl"
    mkdir -p "$T/w"
    cp "$B/weft" "$T/w/weft"
    cp -r "$B/plugins" "$T/w/plugins"
    VG=
    [ -n "$WEFT_VALGRIND" ] && VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
    W="$VG $T/w/weft"
}

# tf_same NAME WHY: the run fell back, said why, and wrote what the table gives
tf_same() {
    contains "$1-note" "$T/err" "$TF_NOTE ($TF_REL: $2)"
    if cmp -s "$T/out" "$T/mapped.jsonl"; then pass "$1-same"; else fail "$1-same" "output differs"; fi
}

# tf_damage: absent, truncated, flipped, garbage, stale, then the copy mapped again
tf_damage() {
    rm "$T/w/$TF_FILE"
    run "$TF_NAME-absent" 0 $W run -v "$TF_SCRIPT" examples/news
    tf_same "$TF_NAME-absent" "no table file"
    tf_absent_extra
    head -c 5000 "$B/$TF_FILE" >"$T/w/$TF_FILE"
    run "$TF_NAME-truncated" 0 $W run -v "$TF_SCRIPT" examples/news
    tf_same "$TF_NAME-truncated" "truncated or padded"
    python3 - "$B/$TF_FILE" "$T/w/$TF_FILE" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[len(b) // 2] ^= 0x10
open(sys.argv[2], "wb").write(b)
PY
    run "$TF_NAME-flipped" 0 $W run -v "$TF_SCRIPT" examples/news
    tf_same "$TF_NAME-flipped" "checksum mismatch"
    printf 'not a table\n' >"$T/w/$TF_FILE"
    run "$TF_NAME-garbage" 0 $W run -v "$TF_SCRIPT" examples/news
    tf_same "$TF_NAME-garbage" "$TF_GARBAGE"
    # a list edited after the table was made: the edit is what counts
    cp "$B/$TF_FILE" "$T/w/$TF_FILE"
    printf '%s\n' "$TF_LINE" >>"$T/w/plugins/$TF_LIST"
    run "$TF_NAME-stale" 0 $W run -v "$TF_SCRIPT" examples/news
    contains "$TF_NAME-stale-note" "$T/err" "$TF_NOTE ($TF_REL: $TF_STALE)"
    # the table as made, in the copy: mapped again
    cp "$B/plugins/$TF_LIST" "$T/w/plugins/$TF_LIST"
    run "$TF_NAME-copy" 0 $W run -v "$TF_SCRIPT" examples/news
    lacks "$TF_NAME-copy-note" "$T/err" "$TF_NOTE"
    if cmp -s "$T/out" "$T/mapped.jsonl"; then pass "$TF_NAME-copy-same"; else fail "$TF_NAME-copy-same" "output differs"; fi
}
