#!/bin/sh
# make bench: the tokenizer stage against `LC_ALL=C.UTF-8 wc -w` on the same
# >= 50 MB English corpus, built once from the machine's own text and cached
# outside the repo (WEFT_BENCH_CORPUS, default /tmp/weft-bench-corpus).
#   sh bench/tokenizer/run.sh BUILD_DIR
# TOKBENCH_ROUNDS (default 7): interleaved rounds of wc -w and the tokenizer.
set -e
B=${1:-build}
DIR=${WEFT_BENCH_CORPUS:-/tmp/weft-bench-corpus}
C="$DIR/corpus.txt"
echo "== tokenizer (bench/tokenizer) =="
mkdir -p "$DIR"
if [ ! -s "$C" ]; then
    echo "building the corpus in $C (a few minutes, once)..."
    bash bench/tokenizer/corpus.sh "$C"
fi
bytes=$(wc -c <"$C")
if [ "$bytes" -lt 50000000 ]; then
    echo "note: the corpus has only $bytes bytes (< 50 MB): this machine ships less text"
fi
mkdir -p "$B/bench"
cc -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Icore \
    $(pkg-config --cflags lua5.4 libpcre2-8 libxml-2.0 jansson) -o "$B/bench/tokbench" \
    bench/tokenizer/tokbench.c "$B/libweft.a" \
    $(pkg-config --libs lua5.4 libpcre2-8 libxml-2.0 jansson) -ldl -lpthread -lm

make --no-print-directory -s B="$B" "$B/bench/tokenizer/train_sentences" >/dev/null || exit 1
cat "$C" >/dev/null # into the page cache
"$B/bench/tokbench" "$B/plugins/tokenizer.so" "$C" ${TOKBENCH_ROUNDS:-7}

# quality: sentence P/R/F1 on UD English-EWT dev (whole and per half) beside
# npm sbd and compromise, and the held-out figures of the learned model
echo
python3 bench/tokenizer/sentences.py "$B" --heldout
