# Issue 19: the commands of the README and the guides work as written, and
# every message says what to do next. One check (or a few) per item.
. tests/e2e/lib.sh

# --- Commands in the docs ---------------------------------------------------

# The example script: without its plugin folder, the unknown stage says
# where weft looked and how to add a folder; with it (as the README and the
# script's own comment write it), it checks and runs.
run wordlen-no-path 2 $WEFT check examples/wordlen.lua
contains wordlen-no-path-looked "$T/err" "unknown stage 'wordlen'; weft looked in "
contains wordlen-no-path-how "$T/err" "add a plugin folder with --plugin-path DIRS or WEFT_PLUGIN_PATH"
contains readme-wordlen-check-line README.md "build/weft check examples/wordlen.lua --plugin-path build/examples"
contains wordlen-comment-line examples/wordlen.lua "build/weft run examples/wordlen.lua --plugin-path build/examples examples/docs/"
run wordlen-check 0 $WEFT check examples/wordlen.lua --plugin-path "$B/examples"
run wordlen-run 0 $WEFT run examples/wordlen.lua --plugin-path "$B/examples" examples/docs/
pycheck wordlen-run-output "$T/out" '
d = [d for d in docs if d["id"] == "examples/docs/market.txt"][0]
assert d["attrs"]["wordlen.max"] == 12 and d["attrs"]["longest"] == "expectations", d["attrs"]
assert d["layers"]["word"][0] == {"begin": 0, "end": 6, "score": 6.0}, d["layers"]["word"][0]
'

# The README's plugin build block, run as written with a fresh HOME (no
# ~/weft-plugins yet), weft as build/weft.
mkdir -p "$T/home"
awk '/^Build it with one line and drop it into a plugin folder:/ { want = 1; next }
     want && /^```sh/ { inblock = 1; next }
     inblock && /^```/ { exit }
     inblock { print }' README.md | sed "s#build/weft#$WEFT#g" >"$T/readme-plugin.sh"
contains readme-plugin-block-mkdir "$T/readme-plugin.sh" "mkdir -p ~/weft-plugins"
run readme-plugin-block 0 env HOME="$T/home" sh -e "$T/readme-plugin.sh"
contains readme-plugin-block-info "$T/out" "stage wordlen"

# new-plugin creates missing parent folders (`~/src/mystage` with no ~/src)
run new-plugin-parents 0 $WEFT new-plugin mystage "$T/src/deep/mystage"
if [ -f "$T/src/deep/mystage/mystage.c" ]; then pass new-plugin-parents-file; else fail new-plugin-parents-file "no mystage.c"; fi
: >"$T/afile"
run new-plugin-not-dir 2 $WEFT new-plugin mystage "$T/afile/mystage"
contains new-plugin-not-dir-msg "$T/err" "cannot create $T/afile/mystage"

# Embedding: a program linked with libweft.a finds profiles through
# WEFT_PROFILE_PATH (and plugins through WEFT_PLUGIN_PATH).
if [ "$B" = build ]; then
    cat >"$T/prof.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "weft/weft.h"
int main(void) {
    char err[4096];
    weft_engine *e = weft_open(NULL, err, sizeof err);
    if (!e) { fprintf(stderr, "%s\n", err); return 1; }
    weft_pipeline *p = weft_load_profile(e, "entities", err, sizeof err);
    if (!p) { fprintf(stderr, "%s\n", err); weft_close(e); return 1; }
    printf("loaded %s\n", weft_pipeline_name(p));
    weft_pipeline_free(p);
    weft_close(e);
    return 0;
}
C
    mkdir -p "$T/app/bin"
    LIBS="$(pkg-config --libs lua5.4 libpcre2-8 libxml-2.0 jansson zlib) -ldl -lpthread -lm"
    if cc -std=c11 -Wall -Werror -Iinclude -o "$T/app/bin/prof" "$T/prof.c" "$B/libweft.a" $LIBS 2>"$T/cc"; then
        pass embed-static-profile-builds
    else
        fail embed-static-profile-builds "$(cat "$T/cc")"
    fi
    run embed-static-no-profile-path 1 env HOME="$T/home" XDG_CONFIG_HOME= WEFT_PLUGIN_PATH="$PWD/$B/plugins" "$T/app/bin/prof"
    contains embed-static-no-profile-msg "$T/err" "no profile named 'entities'"
    run embed-static-profile-path 0 env HOME="$T/home" XDG_CONFIG_HOME= WEFT_PLUGIN_PATH="$PWD/$B/plugins" \
        WEFT_PROFILE_PATH="$T/nowhere:$PWD/scripts/profiles" "$T/app/bin/prof"
    contains embed-static-profile-loaded "$T/out" "loaded entities"
fi
contains readme-embed-rpath README.md "-Wl,-rpath,\$(pkg-config --variable=libdir weft)"
contains readme-embed-ldconfig README.md "ldconfig"
contains readme-profile-path-env README.md "WEFT_PROFILE_PATH"
run profiles-env 0 env WEFT_PROFILE_PATH="$T/nowhere:$PWD/tests" $WEFT profiles list
run help-env 0 $WEFT --help
contains help-profile-path-env "$T/out" "WEFT_PROFILE_PATH"

# --- Docs that disagree with behaviour ---------------------------------------

# Error records of input errors: stage input, no offset, line and column in
# the message (as the README now says).
printf '{"id":"a","text":"x"}\n{"id":"b","text":\n' >"$T/bad.jsonl"
run input-error-record 1 $WEFT run -p tokens "$T/bad.jsonl"
pycheck input-error-no-offset "$T/out" '
e = docs[1]["errors"][0]
assert e["stage"] == "input" and "offset" not in e and "bad.jsonl:2: column" in e["message"], e
assert docs[1]["id"] == "b", docs[1]["id"]
'
contains readme-error-offset README.md 'no `offset` (the record has no text yet)'

# An output that cannot be opened is exit 3 (the output), as documented.
run output-unopenable 3 $WEFT run -p tokens -o "$T/no/such/dir/x.jsonl" examples/docs/market.txt
contains output-unopenable-msg "$T/err" "cannot write $T/no/such/dir/x.jsonl"
contains readme-exit-3 README.md "**3** the output could not
be opened or written"

# --profile-path takes DIRS everywhere; make help names every target.
for v in run check profiles; do
    run "$v-help" 0 $WEFT $v --help
    contains "$v-help-profile-path" "$T/out" "--profile-path DIRS"
done
make -s help >"$T/mhelp" 2>&1
for t in install uninstall fuzz test asan demo bench; do contains "make-help-$t" "$T/mhelp" "make $t "; done

# --- Messages ------------------------------------------------------------------

run profile-as-script 2 $WEFT run news examples/news/harbour-bridge.html
contains profile-as-script-hint "$T/err" "to run the profile 'news', use -p news"
run profile-typo 2 $WEFT run -p newz examples/news/harbour-bridge.html
contains profile-typo-hint "$T/err" "no profile named 'newz' (did you mean 'news'?)"
run profile-unknown 2 $WEFT run -p zzzzzzzz
contains profile-unknown-hint "$T/err" "weft profiles list"
run profile-twice 2 $WEFT run -p news -p clean examples/news/harbour-bridge.html
contains profile-twice-msg "$T/err" "-p given twice ('news' and 'clean')"
run profile-same-twice 0 $WEFT run -p clean -p clean examples/news/harbour-bridge.html
run jobs-range 2 $WEFT run -p tokens -j 1025
contains jobs-range-msg "$T/err" "from 1 to 1024"

# The sandbox says why os is nil and how to have it.
cat >"$T/os.lua" <<'LUA'
return weft.pipeline { weft.lua "clock" { run = function(doc) doc:set("t", os.time()) end } }
LUA
printf 'hi' >"$T/hi.txt"
run sandbox-os 1 $WEFT run "$T/os.lua" "$T/hi.txt"
pycheck sandbox-os-note "$T/out" '
m = docs[0]["errors"][0]["message"]
assert "(global '"'"'os'"'"') ('"'"'os'"'"' is not available in the sandbox of inline stages; --unsafe-lua allows it)" in m, m
'
run sandbox-os-unsafe 0 $WEFT run "$T/os.lua" "$T/hi.txt" --unsafe-lua

# plugins info on a plugin file that was found but refused
mkdir -p "$T/pl"
cp "$FIX/good.so" "$T/pl/good.so"
chmod 666 "$T/pl/good.so"
run plugins-info-rejected 2 $WEFT plugins info good --plugin-path "$T/pl"
contains plugins-info-rejected-msg "$T/err" "$T/pl/good.so was found but not loaded: "
contains plugins-info-rejected-why "$T/err" "writable"
cp "$FIX/abi_v2.so" "$T/pl/abi_v2.so"
rm -f "$T/pl/good.so"
run plugins-info-bad-abi 2 $WEFT plugins info abi_v2 --plugin-path "$T/pl"
contains plugins-info-bad-abi-msg "$T/err" "abi_v2.so was found but not loaded: "
run plugins-info-unknown 2 $WEFT plugins info nosuchplugin
contains plugins-info-unknown-msg "$T/err" "--plugin-path DIRS adds a folder"

# plugins info: whole numbers in ranges, columns aligned per stage
run plugins-info-columns 0 $WEFT plugins info tokenizer
lacks plugins-info-no-exp "$T/out" "e+0"
python3 - "$T/out" <<'PY' && pass plugins-info-aligned || fail plugins-info-aligned "$(cat "$T/out")"
import sys
rows = [l for l in open(sys.argv[1]) if l.startswith("      ") and not l.startswith("       ")]
assert len(rows) >= 5, rows
# the type column starts at the same place on every row of the stage
starts = {len(l) - len(l[6:].split(None, 1)[1]) for l in rows}
assert len(starts) == 1, starts
PY
run plugins-info-wide 0 $WEFT plugins info entities
lacks plugins-info-wide-no-exp "$T/out" "e+0"

# test-stage with a plugin file that is not there
run test-stage-missing 2 $WEFT test-stage "$T/no/such.so" tokenizer --text hi
contains test-stage-missing-msg "$T/err" "plugin file $T/no/such.so: No such file or directory"

# --include/--exclude apply to broken symbolic links too
mkdir -p "$T/tree"
printf 'one' >"$T/tree/a.txt"
ln -s "$T/nowhere.txt" "$T/tree/dangling.lnk"
run exclude-broken-link 0 $WEFT run -p tokens "$T/tree" --exclude '*.lnk'
run include-broken-link 0 $WEFT run -p tokens "$T/tree" --include '*.txt'
pycheck include-broken-link-docs "$T/out" 'assert [d["id"].rsplit("/", 1)[1] for d in docs] == ["a.txt"], docs'
run broken-link-not-filtered 1 $WEFT run -p tokens "$T/tree"

# The same plugin stage twice (renamed with as =): its records would be
# there twice; weft check and weft run say so, one stage each does not
printf 'return weft.pipeline { weft.stage "tokenizer" {}, weft.stage "tokenizer" { as = "tok2" } }\n' >"$T/twice.lua"
run stage-twice-check 0 $WEFT check "$T/twice.lua"
contains stage-twice-warn "$T/err" "stage 'tok2': a second 'tokenizer' stage (stage 2; the first is stage 1) adds its records to the same layers ('token', ...)"
run stage-once-check 0 $WEFT check -p news
lacks stage-once-no-warn "$T/err" "a second"

# --view NAME that no stage makes: written in the default view, with a warning
run view-missing 0 $WEFT run -p tokens --view nosuch "$T/hi.txt"
contains view-missing-warn "$T/err" "warning: --view nosuch: no stage of this pipeline provides view 'nosuch'"
run view-text-no-bp 0 $WEFT run -p tokens --view text "$T/hi.txt"
contains view-text-no-bp-warn "$T/err" "--view text: no stage of this pipeline provides view 'text'"
run view-text-bp 0 $WEFT run -p clean --view text "$T/hi.txt"
lacks view-text-bp-no-warn "$T/err" "warning"
run view-raw 0 $WEFT run -p tokens --view raw "$T/hi.txt"
lacks view-raw-no-warn "$T/err" "warning"

# -f tsv / -f conll with nothing to write: one warning, before any document
run tsv-no-entities 0 $WEFT run -p tokens -f tsv "$T/hi.txt" "$T/hi.txt"
contains tsv-no-entities-warn "$T/err" "warning: -f tsv reads layer 'entity', which no stage of this pipeline provides"
if [ "$(grep -c warning "$T/err")" -eq 1 ]; then pass tsv-warn-once; else fail tsv-warn-once "$(cat "$T/err")"; fi
run conll-no-tokens 0 $WEFT run -p clean -f conll "$T/hi.txt"
contains conll-no-tokens-warn "$T/err" "warning: -f conll reads layer 'token'"
run conll-no-entities 0 $WEFT run -p tokens -f conll "$T/hi.txt"
contains conll-no-entities-warn "$T/err" "warning: -f conll reads layer 'entity', which no stage of this pipeline provides"
contains conll-no-entities-o "$T/err" "O for every token"
run conll-entities 0 $WEFT run -p entities -f conll "$T/hi.txt"
lacks conll-entities-no-warn "$T/err" "warning"
run tsv-entities 0 $WEFT run -p entities -f tsv "$T/hi.txt"
lacks tsv-entities-no-warn "$T/err" "warning"
run tsv-quiet 0 $WEFT run -p tokens -f tsv -q "$T/hi.txt"
lacks tsv-quiet-no-warn "$T/err" "warning"

# -f text report of the news profile: no id twice without a title, "1 sentence"
printf 'a quiet day\n' >"$T/untitled.txt"
run news-text-untitled 0 $WEFT run -p news -f text "$T/untitled.txt"
if [ "$(grep -c -F "$T/untitled.txt" "$T/out")" -eq 1 ]; then pass news-text-id-once; else fail news-text-id-once "$(cat "$T/out")"; fi
contains news-text-one-sentence "$T/out" "over 1 sentence)"
run news-text-titled 0 $WEFT run -p news -f text examples/news/harbour-bridge.html
contains news-text-sentences "$T/out" "sentences)"
contains news-text-id-under-title "$T/out" "examples/news/harbour-bridge.html"

# JSON Lines: a lone surrogate escape (Python's \udc00) becomes U+FFFD with a
# warning; the record keeps its id and text; a pair and an escaped
# backslash are left alone.
printf '{"id":"py","text":"bad \\udc00 byte \\ud83d\\ude00 and \\\\udc00 and \\ud800"}\n' >"$T/sur.jsonl"
run lone-surrogate 0 $WEFT run -p tokens "$T/sur.jsonl"
pycheck lone-surrogate-doc "$T/out" '
d = docs[0]
assert d["id"] == "py" and d["errors"] == [], d
assert d["text"] == "bad \ufffd byte \U0001F600 and \\udc00 and \ufffd", repr(d["text"])
'
contains lone-surrogate-note "$T/err" "sur.jsonl:1: 2 lone surrogate escapes (first \\udc00) read as U+FFFD"
run lone-surrogate-quiet 0 $WEFT run -p tokens -q "$T/sur.jsonl"
lacks lone-surrogate-quiet-note "$T/err" "surrogate"

# JSON Lines with raw bytes that are not UTF-8 in a string (a Latin-1 or
# windows-1252 export): the record is decoded as a plain text would be
# (windows-1252 when it reads as Latin text, else U+FFFD for each bad byte,
# valid UTF-8 kept), with a warning naming the file and line; a record that
# is malformed besides still fails; the other records are untouched.
printf '{"id":"de","text":"M\374ller sagte in M\374nchen: \223gut\224, 5 \200."}\n' >"$T/lat.jsonl"
printf '{"id":"ok","text":"plain ASCII"}\n' >>"$T/lat.jsonl"
printf '{"id":"mix","text":"caf\303\251, \303\240 la fa\303\247on, na\303\257ve \377 r\303\264le"}\n' >>"$T/lat.jsonl"
printf '{"id":"\351t\351","text":"\311t\351 \340 Paris"}\n' >>"$T/lat.jsonl"
printf '{"id":"bad","text":"M\374ller\n' >>"$T/lat.jsonl"
for j in 1 2; do
    run latin-jsonl-j$j 1 $WEFT run -p tokens -j $j "$T/lat.jsonl"
    pycheck latin-jsonl-docs-j$j "$T/out" '
d = {x["id"]: x for x in docs}
assert d["de"]["errors"] == [] and d["de"]["text"] == "Müller sagte in München: “gut”, 5 €.", d["de"]
assert "München" in [d["de"]["text"].encode()[t["begin"]:t["end"]].decode() for t in d["de"]["layers"]["token"]]
assert d["ok"]["text"] == "plain ASCII"
assert d["mix"]["text"] == "café, à la façon, naïve � rôle", d["mix"]["text"]
assert d["été"]["text"] == "Été à Paris", d
bad = [x for x in docs if x["errors"]]
assert len(bad) == 1 and bad[0]["id"] == "bad" and "lat.jsonl:5: column" in bad[0]["errors"][0]["message"], bad
'
    contains latin-jsonl-warn-j$j "$T/err" "lat.jsonl:1: not valid UTF-8: read as windows-1252 (Latin-1)"
    contains latin-jsonl-warn-mix-j$j "$T/err" "lat.jsonl:3: not valid UTF-8 in places: bad bytes read as U+FFFD"
    lacks latin-jsonl-warn-ok-j$j "$T/err" "lat.jsonl:2"
done
run latin-jsonl-isolate 1 $WEFT run -p tokens --isolate "$T/lat.jsonl"
contains latin-jsonl-isolate-doc "$T/out" '"text":"Müller sagte in München'

# On a terminal, the progress line is cleared before a warning. script(1)
# gives weft a terminal; a slow inline stage lets the progress line appear.
if command -v script >/dev/null 2>&1 && [ -z "$WEFT_VALGRIND" ]; then
    cat >"$T/slow.lua" <<'LUA'
return weft.pipeline { weft.lua "slow" { run = function(doc)
  local t = os.clock() while os.clock() - t < 0.6 do end
  warn("slow stage done with " .. doc.id)
end } }
LUA
    for i in 1 2 3; do printf 'doc %s' "$i" >"$T/slow$i.txt"; done
    script -qec "$WEFT run $T/slow.lua --unsafe-lua -j 1 -o $T/slow.jsonl $T/slow1.txt $T/slow2.txt $T/slow3.txt" \
        /dev/null >"$T/tty" 2>&1 </dev/null
    python3 - "$T/tty" <<'PY' && pass progress-cleared || fail progress-cleared "$(od -c "$T/tty" | head -20)"
import sys
out = open(sys.argv[1], "rb").read()
assert b"documents," in out, out            # a progress line was drawn
key = b"weft: warning: Lua warning: slow stage done"
i, seen = out.find(key), 0
while i >= 0:
    # every warning starts on a clean line: after a newline or after the
    # clear-line sequence, never right after progress text
    before = out[:i]
    assert before.endswith(b"\n") or before.endswith(b"\r\x1b[K") or before == b"", before[-60:]
    seen += 1
    i = out.find(key, i + 1)
assert seen == 3, (seen, out)
assert b"\r\x1b[Kweft: warning" in out, out   # at least one came after a progress line
PY
else
    skip progress-cleared "script(1) missing or under valgrind"
fi

# --- Test runner and bench wording ---------------------------------------------

. bench/wording.sh
[ "$(ratio_words 0.9 1)" = "1.1x slower" ] && pass ratio-slower || fail ratio-slower "$(ratio_words 0.9 1)"
[ "$(ratio_words 2.5 1)" = "2.5x faster" ] && pass ratio-faster || fail ratio-faster "$(ratio_words 2.5 1)"
[ "$(ratio_words 0.96 1)" = "1.0x faster" ] && pass ratio-even || fail ratio-even "$(ratio_words 0.96 1)"
[ "$(target_mark 0)" = "not met" ] && pass target-not-met || fail target-not-met "$(target_mark 0)"
if grep -rn "MISSED\|target >= 50x\|target >= 100x" bench/ >"$T/g"; then fail bench-wording "$(cat "$T/g")"; else pass bench-wording; fi
python3 - <<'PY' && pass bench-py-words || fail bench-py-words "python words()"
import re
src = open("bench/boilerplate/run.sh").read()
m = re.search(r"^def words\(r\):\n(?:    .*\n)+", src, re.M)
ns = {}
exec(m.group(0), ns)
assert ns["words"](0.9) == "1.1x slower" and ns["words"](50) == "50.0x faster", (ns["words"](0.9),)
PY

# an input that cannot be read is named on stderr too (its error record may go to a file)
run input-error-exit 1 $WEFT run -p tokens -o "$T/o.jsonl" "$T/no-such-input.txt"
contains input-error-stderr "$T/err" "no-such-input.txt: No such file or directory"
printf '{"id":"a","text":"ok"}\n{bad\n' >"$T/bad.jsonl"
run input-error-jsonl 1 $WEFT run -p tokens -o "$T/o.jsonl" "$T/bad.jsonl"
contains input-error-jsonl-line "$T/err" "bad.jsonl:2: column"

# --set and weft train name a close stage
run set-stage-typo 2 $WEFT run -p tokens --set tokeniser.style=ptb /dev/null
contains set-stage-typo-hint "$T/err" "(did you mean 'tokenizer'?) (its stages: tokenizer)"
# a value out of range names the setting it came from, not only the script line
run set-out-of-range 2 $WEFT run -p news --set entities.min_score=5 /dev/null
contains set-out-of-range-msg "$T/err" "stage 'entities': parameter 'min_score' = 5 is out of range [0, 1] (set by --set entities.min_score)"
# an integer's range is written out in full, not as 1e+08
run set-int-range 2 $WEFT run -p entities --set entities.match_limit=0 /dev/null
contains set-int-range-msg "$T/err" "'match_limit' = 0 is out of range [1000, 100000000]"
# a bad value the script gave is the script's, even when --set sets another parameter of the stage
cat >"$T/minscore.lua" <<'LUA'
return weft.pipeline { weft.stage "tokenizer" {}, weft.stage "entities" { min_score = 5 } }
LUA
run script-out-of-range 2 $WEFT run "$T/minscore.lua" --set entities.jit=false /dev/null
contains script-out-of-range-msg "$T/err" "parameter 'min_score' = 5 is out of range [0, 1]"
lacks script-out-of-range-not-set "$T/err" "set by"
# a plugin folder the user named that does not exist is a warning, not silence
run plugin-path-missing 0 $WEFT run -p tokens --plugin-path "$T/no-such-folder" /dev/null
contains plugin-path-missing-msg "$T/err" "plugin folder $T/no-such-folder does not exist (named in --plugin-path DIRS)"
run plugin-path-exists 0 $WEFT run -p tokens --plugin-path "$T" /dev/null
lacks plugin-path-exists-quiet "$T/err" "does not exist"
run profile-path-missing 0 $WEFT run -p tokens --profile-path "$T/no-profiles" /dev/null
contains profile-path-missing-msg "$T/err" "profile folder $T/no-profiles does not exist"
run train-stage-typo 2 $WEFT train entitis
contains train-stage-typo-hint "$T/err" "(did you mean 'entities'?)"

# a warning every document gives: three of them, then a count (-v: each one)
for i in 1 2 3 4 5 6 7 8; do printf '{"id":"nav%s","text":"Home | News | Sport"}\n' "$i"; done >"$T/nav.jsonl"
run warn-repeats 0 $WEFT run -p clean "$T/nav.jsonl"
[ "$(grep -c 'no main text found' "$T/err")" = 4 ] && pass warn-repeats-count || fail warn-repeats-count "$(cat "$T/err")"
contains warn-repeats-summary "$T/err" "5 more documents: boilerplate: no main text found (-v lists every one)"
run warn-repeats-v 0 $WEFT run -p clean -v "$T/nav.jsonl"
[ "$(grep -c 'no main text found' "$T/err")" = 8 ] && pass warn-repeats-verbose || fail warn-repeats-verbose "$(cat "$T/err")"
# ... counted by kind, not by text: the same warning about documents of
# different sizes (a number differs, and the document's name) is one warning
mkdir -p "$T/big"
for i in 1 2 3 4 5 6 7; do head -c $((600 + 37 * i)) /dev/zero | tr '\0' 'a' >"$T/big/d$i.txt"; done
run warn-kind 1 $WEFT run -p tokens --max-doc-bytes 500 "$T/big"
[ "$(grep -c 'big/d[0-9].txt: document of' "$T/err")" = 3 ] && pass warn-kind-count || fail warn-kind-count "$(cat "$T/err")"
contains warn-kind-summary "$T/err" "4 more documents with a warning like: document of 637 bytes is larger than --max-doc-bytes 500 (-v lists every one)"
run warn-kind-v 1 $WEFT run -p tokens --max-doc-bytes 500 -v "$T/big"
[ "$(grep -c 'big/d[0-9].txt: document of' "$T/err")" = 7 ] && pass warn-kind-verbose || fail warn-kind-verbose "$(cat "$T/err")"

# every warning of `weft run` has one shape, "weft: warning: ...", whichever
# part of weft says it: the command's own (--view, -f tsv, --input html), a
# document's (the boilerplate stage), the reader's (a record's bad bytes) and
# the count line at the end
printf '{"id":"r1","text":"caf\351"}\n' >"$T/latin.jsonl"
run warn-shape 0 $WEFT run -p clean --view nosuch -f tsv --input html "$T/nav.jsonl"
run warn-shape-reader 0 $WEFT run -p tokens --view nosuch "$T/latin.jsonl"
cat "$T/err" >>"$T/err.all"
$WEFT run -p clean --view nosuch -f tsv --input jsonl "$T/nav.jsonl" >/dev/null 2>>"$T/err.all"
if [ "$(grep -c 'warning' "$T/err.all")" -ge 6 ] && ! grep 'warning' "$T/err.all" | grep -qv '^weft: warning: '; then
    pass warn-one-shape
else
    fail warn-one-shape "$(cat "$T/err.all")"
fi

# tests/run.sh: a script that checks nothing is a skip, named; skip() too
mkdir -p "$T/rt/tests/e2e"
cp tests/run.sh "$T/rt/tests/run.sh"
cp tests/e2e/lib.sh "$T/rt/tests/e2e/lib.sh"
printf '. tests/e2e/lib.sh\npass one\nskip two "not here"\n' >"$T/rt/tests/e2e/test_a.sh"
printf '. tests/e2e/lib.sh\necho "nothing to do" >&2\nexit 0\n' >"$T/rt/tests/e2e/test_b.sh"
printf '. tests/e2e/lib.sh\nskip_all "needs a unicorn"\npass never\n' >"$T/rt/tests/e2e/test_c.sh"
(cd "$T/rt" && WEFT_RESULTS= sh tests/run.sh "$T/rt/nobuild" e2e) >"$T/rt.out" 2>&1
contains runner-summary "$T/rt.out" "1 passed, 0 failed, 3 skipped"
contains runner-names-skip "$T/rt.out" "test_a: two: not here"
contains runner-names-empty "$T/rt.out" "test_b: no check ran (nothing to do)"
contains runner-names-skip-all "$T/rt.out" "test_c: test_c: needs a unicorn"
lacks runner-skip-all-stops "$T/rt.out" "never"

# profiles show suggests too
run profiles-show-typo 2 $WEFT profiles show tokns
contains profiles-show-typo-hint "$T/err" "no profile named 'tokns' (did you mean 'tokens'?)"
