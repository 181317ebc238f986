#!/bin/sh
# Instructions a byte of the tokenizer stage (tokens only, and tokens +
# sentences), counted by callgrind around the core calls of tokbench's pass (documents of
# <= 64 KiB through the core, as the bench runs them), beside
# `LC_ALL=C.UTF-8 wc -w` on the same bytes (its whole run, start-up
# included): the speed figure that holds on a shared machine, where CPU
# time does not. Also prints a hash of the spans, to compare two builds.
#   sh bench/tokenizer/instr.sh [BUILD_DIR] [BYTES] [SKIP]
# BYTES (default 2000000) from byte SKIP (default 0) of the bench corpus
# (WEFT_BENCH_CORPUS, built by run.sh).
set -e
B=${1:-build}
N=${2:-2000000}
S=${3:-0}
C=${WEFT_BENCH_CORPUS:-/tmp/weft-bench-corpus}/corpus.txt
if [ ! -s "$C" ]; then
    echo "tokenizer instr bench: $C not found (run sh bench/tokenizer/run.sh first); skipped"
    exit 0
fi
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null || {
    echo "tokenizer instr bench: valgrind not found; skipped"
    exit 0
}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
tail -c +$((S + 1)) "$C" | head -c "$N" >"$W/in.txt"
mkdir -p "$B/bench"
cc -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude -Icore \
    $(pkg-config --cflags lua5.4 libpcre2-8 libxml-2.0 jansson) -o "$B/bench/tokbench" \
    bench/tokenizer/tokbench.c "$B/libweft.a" \
    $(pkg-config --libs lua5.4 libpcre2-8 libxml-2.0 jansson) -ldl -lpthread -lm
total() {
    callgrind_annotate "$1" 2>/dev/null | sed -n 's/^ *\([0-9,]*\) .*PROGRAM TOTALS.*/\1/p' | tr -d ,
}
LC_ALL=C.UTF-8 valgrind --tool=callgrind --callgrind-out-file="$W/wc" wc -w <"$W/in.txt" \
    >/dev/null 2>&1
wc=$(total "$W/wc")
bytes=$(wc -c <"$W/in.txt")
echo "input: $bytes bytes from byte $S of $C"
printf '%-22s %14s %10s %8s\n' run instructions "a byte" "wc -w /"
printf '%-22s %14s %10.2f %8s\n' "LC_ALL=C.UTF-8 wc -w" "$wc" "$(echo "$wc / $bytes" | bc -l)" 1.00x
for m in tokens sentences; do
    valgrind --tool=callgrind --callgrind-out-file="$W/$m" --toggle-collect=weft_worker_process --toggle-collect=weft_doc_set_raw \
        "$B/bench/tokbench" "$B/plugins/tokenizer.so" "$W/in.txt" --once $m >"$W/$m.out" 2>/dev/null
    ir=$(total "$W/$m")
    printf '%-22s %14s %10.2f %7.2fx   %s\n' "tokenizer $m" "$ir" "$(echo "$ir / $bytes" | bc -l)" \
        "$(echo "$wc / $ir" | bc -l)" "$(sed 's/.*: //' "$W/$m.out")"
done
