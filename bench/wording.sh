# Shared wording of the benchmarks' verdicts, sourced by bench/*.sh (and
# mirrored in the Python and C benchmarks): a ratio says "faster" or
# "slower" (never "0.9x faster"), and every target is marked "met" or "not
# met".

# ratio_words PEER_TIME OURS_TIME: "2.5x faster" or "1.1x slower"
ratio_words() {
    awk -v p="$1" -v w="$2" 'BEGIN {
        if (w <= 0 || p <= 0) { printf "(no ratio)"; exit }
        r = p / w
        if (sprintf("%.1f", r) + 0 >= 1) printf "%.1fx faster", r; else printf "%.1fx slower", w / p }'
}

# target_mark OK: "met" when OK is 1, "not met" otherwise
target_mark() {
    if [ "$1" = 1 ]; then printf 'met'; else printf 'not met'; fi
}
