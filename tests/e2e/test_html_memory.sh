# -f html streams: the index of every document is kept in a temporary file,
# not in memory, so 100,000 tiny documents peak at about the RSS of 10,000
# (and under 32 MB), and the page still indexes every one of them.
. tests/e2e/lib.sh
if [ -n "$WEFT_VALGRIND" ] || [ ! -x /usr/bin/time ]; then
    skip_all "needs /usr/bin/time, and not under valgrind"
fi
case "$B" in *asan*) skip_all "not under ASan (its shadow memory dominates RSS)" ;; esac
gen() { # FILE N
    python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"id": "doc-%d" % i, "text": "Doc %d <b>&</b> text." % i}) + "\n")
PY
}
gen "$T/small.jsonl" 10000
gen "$T/large.jsonl" 100000
cat >"$T/p.lua" <<'LUA'
return weft.pipeline {
  weft.lua "title" { run = function(doc) doc:set("title", "Title of " .. doc.id) end },
}
LUA
rss() { # FILE OUT: peak RSS in kB of weft writing FILE as html to OUT
    /usr/bin/time -f %M -o "$T/rss" $B/weft run "$T/p.lua" "$1" -f html -j 2 -o "$2" 2>"$T/err"
    cat "$T/rss"
}
small=$(rss "$T/small.jsonl" "$T/small.html")
large=$(rss "$T/large.jsonl" "$T/large.html")
echo "test_html_memory: peak RSS $small kB for 10,000 documents, $large kB for 100,000 (-f html)" >&2
if [ "$large" -lt 32768 ]; then pass html-rss-under-32mb; else fail html-rss-under-32mb "$large kB"; fi
if [ "$large" -lt $((small * 13 / 10 + 2048)) ]; then pass html-rss-flat; else fail html-rss-flat "$small kB -> $large kB"; fi
n=$(grep -c '^<li><a href="#d' "$T/large.html")
if [ "$n" -eq 100000 ]; then pass html-index-all; else fail html-index-all "$n index entries"; fi
contains html-index-last "$T/large.html" '<li><a href="#d99999" title="doc-99999">Title of doc-99999</a></li>'
contains html-escaped "$T/large.html" 'Doc 99999 &lt;b&gt;&amp;&lt;/b&gt; text.'
if [ "$(tail -1 "$T/large.html")" = "</html>" ]; then pass html-page-closed; else fail html-page-closed "$(tail -1 "$T/large.html")"; fi
