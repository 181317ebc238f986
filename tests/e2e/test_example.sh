# The plugin guide's worked example: built with the one cc line the README
# shows, dropped into a folder, used from the README's pipeline script.
. tests/e2e/lib.sh
mkdir -p "$T/plugins"
if cc -std=c11 -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden -I include \
    -o "$T/plugins/wordlen.so" examples/plugins/wordlen.c 2>"$T/cc"; then
    pass example-compiles
else
    fail example-compiles "$(cat "$T/cc")"
fi
run example-list 0 $WEFT plugins list --plugin-path "$T/plugins"
contains example-listed "$T/out" "wordlen"
run example-info 0 $WEFT plugins info wordlen --plugin-path "$T/plugins"
contains example-info-enum "$T/out" "bytes|chars"
run example-run 0 $WEFT run examples/wordlen.lua examples/docs --plugin-path "$T/plugins"
cp "$T/out" "$T/ex.jsonl"
pycheck example-output "$T/ex.jsonl" '
assert len(docs) == 2
for d in docs:
    raw = d["text"].encode("utf-8")
    words = d["layers"]["word"]
    assert d["attrs"]["wordlen.count"] == len(words) > 10
    for w in words:
        assert len(raw[w["begin"]:w["end"]].decode("utf-8")) == w["score"] >= 2, w
    assert d["attrs"]["wordlen.max"] == max(w["score"] for w in words)
    assert d["attrs"]["longest"], d["attrs"]
    best = [raw[w["begin"]:w["end"]].decode() for w in words if w["score"] == d["attrs"]["wordlen.max"]]
    assert d["attrs"]["longest"] == ", ".join(best), (d["attrs"], best)
assert docs[0]["attrs"]["longest"] == "complained", docs[0]["attrs"]
'
run example-bytes 0 $WEFT run examples/wordlen.lua examples/docs --plugin-path "$T/plugins" --set wordlen.unit=bytes -f text
contains example-text-format "$T/out" "harbour.txt"

# the README shows the example plugin in full, exactly as the tests compile it
if python3 - <<'PY'
import sys
src = open("examples/plugins/wordlen.c").read()
readme = open("README.md").read()
sys.exit(0 if "```c\n" + src + "```" in readme else 1)
PY
then pass readme-has-example; else fail readme-has-example "README.md's plugin listing differs from examples/plugins/wordlen.c"; fi

# weft test-stage: one stage of one plugin file on one text
run test-stage 0 $WEFT test-stage "$T/plugins/wordlen.so" wordlen --text 'tiny "quoted" words' --set min_len=5
contains test-stage-id "$T/out" "== --text =="
contains test-stage-records "$T/out" '[6,12) 6.0 "quoted"'
contains test-stage-count "$T/out" "wordlen.count: 2"
printf 'abc defgh' >"$T/in.txt"
run test-stage-file 0 $WEFT test-stage "$T/plugins/wordlen.so" wordlen "$T/in.txt" -f jsonl
pycheck test-stage-jsonl "$T/out" 'assert docs[0]["attrs"]["wordlen.count"] == 2'
run test-stage-bad-param 2 $WEFT test-stage "$T/plugins/wordlen.so" wordlen --text x --set min_len=0
contains test-stage-bad-param-msg "$T/err" "parameter 'min_len' = 0 is out of range"
# the one-stage pipeline is built in memory: messages name the plugin file
# and the stage, never a temporary script or `weft run`
contains test-stage-bad-param-names "$T/err" "weft test-stage: $T/plugins/wordlen.so: stage 'wordlen': parameter"
lacks test-stage-no-tmp-script "$T/err" "stage.lua"
lacks test-stage-not-run "$T/err" "weft run"
run test-stage-bad-set 2 $WEFT test-stage "$T/plugins/wordlen.so" wordlen --text x --set min_len
contains test-stage-bad-set-msg "$T/err" "--set 'min_len': expected PARAM=VALUE"
run test-stage-unknown-param 2 $WEFT test-stage "$T/plugins/wordlen.so" wordlen --text x --set min_lenn=3
contains test-stage-unknown-param-msg "$T/err" "stage 'wordlen': unknown parameter 'min_lenn' (did you mean 'min_len'?) (set by --set wordlen.min_lenn)"
run test-stage-requires 2 $WEFT test-stage "$B/plugins/entities.so" entities --text x
contains test-stage-requires-msg "$T/err" "requires 'token', which no earlier stage provides (stage 'tokenizer' provides it)"
run test-stage-with 0 $WEFT test-stage "$B/plugins/entities.so" entities --with tokenizer --text "Mayor Helen Brandt spoke." -f tsv
contains test-stage-with-tsv "$T/out" "--text	PER	6	18	Helen Brandt"
run test-stage-bad-stage 2 $WEFT test-stage "$T/plugins/wordlen.so" 'x" } os.exit() --' --text x
# the same plugin file reached twice (a relative and an absolute path) loads once
ln -s "$T/plugins" "$T/link"
run same-file-twice 0 $WEFT plugins list --plugin-path "$T/plugins/wordlen.so:$T/link/wordlen.so:$T/plugins"
lacks same-file-twice-no-dup "$T/err" "already loaded"
