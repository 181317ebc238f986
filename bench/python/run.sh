#!/bin/sh
# Python bench: Pipeline.pipe against weft run on the same input and the
# same number of worker threads, whole processes, best of 3 wall-clock
# runs each (startup, loading, reading, processing and writing every
# result's JSON line). Target (issue 18): Python within 1.2x of the CLI.
#   sh bench/python/run.sh BUILD_DIR
# Inputs: the 9,666 VADER dev texts (sentiment profile, as JSON Lines) and
# the dev HTML pages (news profile, one .html.gz per document).
B=${1:-build}
PY=${PYTHON:-/usr/bin/python3}
J=${WEFT_BENCH_JOBS:-2}
SENT=../shared/data/sentiment/dev
BP=../shared/data/boilerplate/dev
set -e
echo "== python: Pipeline.pipe vs weft run (bench/python/run.sh) =="
if [ ! -f "$B/python/weft/.built" ]; then
    echo "skipped: $B/python not built (make python)"
    exit 0
fi
if [ ! -d "$SENT" ] || [ ! -d "$BP" ]; then
    echo "skipped: the dev sets under ../shared/data are absent"
    exit 0
fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export PYTHONPATH="$PWD/$B/python"

# the sentiment texts as JSON Lines records (id = file:id)
"$PY" - "$SENT" "$W/sent.jsonl" <<'PY'
import glob, json, os, sys
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob(os.path.join(sys.argv[1], "*_GroundTruth.txt"))):
        stem = os.path.basename(path).split("_")[0]
        with open(path, "rb") as f:
            for line in f:
                parts = line.rstrip(b"\r\n").decode("utf-8", "replace").split("\t", 2)
                if len(parts) == 3:
                    out.write(json.dumps({"id": stem + ":" + parts[0], "text": parts[2]}) + "\n")
PY
ls "$BP"/*/html/*.gz >"$W/pages"

secs() { # best of 3 wall-clock seconds of a command, stdout to $W/last
    best=""
    for _ in 1 2 3; do
        s=$(date +%s.%N)
        "$@" >"$W/last"
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    echo "$best"
}
verdict() { # NAME PY_SECONDS CLI_SECONDS
    r=$(echo "$2 / $3" | bc -l)
    v=$(echo "$r <= 1.2" | bc -l)
    printf '%-44s %8.3f s  (CLI %.3f s)  ratio %.2f  target <= 1.20: %s\n' "$1" "$2" "$3" "$r" \
        "$([ "$v" = 1 ] && echo met || echo 'not met')"
}
same() { # NAME: the last two outputs equal byte for byte
    if cmp -s "$W/a" "$W/b"; then echo "  $1: Python output = CLI output, byte for byte"; else echo "  $1: OUTPUTS DIFFER"; fi
}

n=$(wc -l <"$W/sent.jsonl")
echo "$n sentiment dev texts, profile sentiment, $J worker threads"
tc=$(secs "$B/weft" run -p sentiment -j "$J" --offsets codepoints "$W/sent.jsonl")
cp "$W/last" "$W/a"
tp=$(secs "$PY" bench/python/pipe.py jsonl sentiment "$J" "$W/sent.jsonl")
cp "$W/last" "$W/b"
verdict "p.pipe(texts) -> doc.to_json()" "$tp" "$tc"
same sentiment
tq=$(secs "$PY" bench/python/pipe.py jsonl sentiment "$J" "$W/sent.jsonl" parse)
r=$(echo "$tq / $tc" | bc -l)
printf '%-44s %8.3f s  ratio %.2f (no target: parsing is work the consumer asks for)\n' \
    "  the same, every result parsed (doc.attrs)" "$tq" "$r"

n=$(wc -l <"$W/pages")
echo "$n dev HTML pages (.html.gz), profile news, $J worker threads"
# shellcheck disable=SC2046
tc=$(secs "$B/weft" run -p news -q -j "$J" --offsets codepoints $(cat "$W/pages"))
cp "$W/last" "$W/a"
# shellcheck disable=SC2046
tp=$(secs "$PY" bench/python/pipe.py files news "$J" $(cat "$W/pages"))
cp "$W/last" "$W/b"
verdict "p.pipe(pages) -> doc.to_json()" "$tp" "$tc"
same html
