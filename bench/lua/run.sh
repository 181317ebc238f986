#!/bin/sh
# make bench: an inline Lua stage walking the token layer (doc:each and the
# index-based doc:records view), in ns per record beside the tokenizer's own
# ns per record measured in the same run, on the tokenizer bench's corpus
# (WEFT_BENCH_CORPUS, default /tmp/weft-bench-corpus; built once if absent)
# cut to its first WEFT_LUA_BENCH_MB megabytes (8).
#   sh bench/lua/run.sh BUILD_DIR
set -e
B=${1:-build}
DIR=${WEFT_BENCH_CORPUS:-/tmp/weft-bench-corpus}
C="$DIR/corpus.txt"
echo "== Lua stages reading records (bench/lua) =="
mkdir -p "$DIR"
if [ ! -s "$C" ]; then
    echo "building the corpus in $C (a few minutes, once)..."
    bash bench/tokenizer/corpus.sh "$C"
fi
make --no-print-directory -s B="$B" "$B/bench/lua/luabench" >/dev/null || exit 1
"$B/bench/lua/luabench" "$B/plugins/tokenizer.so" "$C"
