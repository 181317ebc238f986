# Never eat content: short clean texts (tweets, review sentences, news
# snippets, a short article, a Japanese paragraph), each run as its own
# document through the clean profile as scraped text, come back unchanged
# (whitespace aside), without a "no main text found" warning.
. tests/e2e/lib.sh
S=tests/boilerplate/short

run prose-run 0 $WEFT run -p clean --input jsonl --set boilerplate.input=text "$S/texts.jsonl"
cp "$T/out" "$T/prose.jsonl"
cp "$T/err" "$T/prose.err"
pycheck prose-unchanged "$T/prose.jsonl" '
src = [json.loads(l) for l in open("tests/boilerplate/short/texts.jsonl", encoding="utf-8")]
assert len(src) == len(docs) >= 19, (len(src), len(docs))
norm = lambda s: " ".join(s.split())
bad = ["%s: %r -> %r" % (s["id"], s["text"], d["text"]) for s, d in zip(src, docs)
       if norm(s["text"]) != norm(d["text"])]
assert not bad, "\n".join(bad)
'
lacks prose-no-warning "$T/prose.err" "no main text found"
# A text of one block has no title: the tweet is not its own headline.
pycheck prose-no-title "$T/prose.jsonl" '
d = [d for d in docs if d["id"] == "tweet-mentions"][0]
assert "title" not in d["attrs"], d["attrs"]
'
# favor = precision may remove more, but a sentence is still kept.
run prose-precision 0 $WEFT run -p clean --input jsonl --set boilerplate.input=text \
    --set boilerplate.favor=precision "$S/texts.jsonl"
pycheck prose-precision-kept "$T/out" '
d = [d for d in docs if d["id"] == "snippet-rate"][0]
assert d["text"].startswith("The central bank"), d
# a sentence that opens with a cue word ("Subscribe numbers fell") is prose
cue = [d for d in docs if d["id"].startswith("cue-")]
assert len(cue) >= 4, len(cue)
bad = [d["id"] for d in cue if not d["text"].strip()]
assert not bad, bad
# nor is such a sentence taken for a headline and dropped
d = [d for d in docs if d["id"] == "cue-first-line"][0]
assert d["text"].startswith("Subscribe numbers fell"), d
'
# Nothing but boilerplate phrases still comes back empty.
printf '{"id":"prompts","text":"Subscribe to our newsletter\\nShare on Facebook\\nAccept all cookies"}\n' >"$T/prompts.jsonl"
run prose-prompts 0 $WEFT run -p clean --input jsonl --set boilerplate.input=text "$T/prompts.jsonl"
pycheck prose-prompts-empty "$T/out" '
assert docs[0]["text"] == "", docs[0]
'

# A clean article longer than a snippet (no menus, no rule-named lines, every
# paragraph prose, hard-wrapped as lynx writes it) comes back whole too.
python3 - "$T/article.txt" <<'PY'
import sys
paras = [
    "The city council voted on Tuesday evening to approve a new ferry line linking the eastern "
    "harbour districts with the central station, ending a debate that has run for almost a decade.",
    "Council member Helen Brandt, who has campaigned for the project since 2017, said the decision "
    "was a relief for residents who currently spend more than an hour commuting to the centre.",
    "Opponents argued that the cost, estimated at 340 million euros, would divert money from bus "
    "services and cycling lanes, and said they would ask the regional auditor to review the plan.",
    "The transport department plans to order four electric vessels from a shipyard in the north, "
    "and construction of two new piers is set to start in early 2027.",
    "Residents will be able to comment on the final route during a public consultation in the "
    "autumn, and the first crossings are planned for the spring of 2028.",
] * 2
out = []
for p in paras:
    line = "  "
    for w in p.split():
        if len(line) + len(w) > 72:
            out.append(line.rstrip())
            line = "  "
        line += w + " "
    out.append(line.rstrip())
    out.append("")
open(sys.argv[1], "w").write("\n".join(out))
PY
run prose-article 0 $WEFT run -p clean --input text "$T/article.txt"
pycheck prose-article-whole "$T/out" '
raw = open(path.rsplit("/", 1)[0] + "/article.txt").read()
norm = lambda s: " ".join(s.split())
assert len(norm(raw)) > 1500, len(norm(raw))
assert norm(docs[0]["text"]) == norm(raw), docs[0]["layers"].get("boilerplate")
'

# The title stays an attribute that later stages see: a Lua stage that
# requires attr:title reads it with doc:get("title"); the headline's copies
# are gone from the text.
cat >"$T/title.lua" <<'LUA'
return weft.pipeline {
  weft.stage "boilerplate" { input = "text" },
  weft.lua "headline" {
    requires = { "attr:title" }, provides = { "attr:headline" },
    run = function(doc) doc:set("headline", "seen: " .. (doc:get("title") or "none")) end,
  },
}
LUA
grep -v '^#' tests/boilerplate/text/38-headline-twice-merged.doc | cut -c3- >"$T/headline.txt"
run prose-title-lua 0 $WEFT run "$T/title.lua" "$T/headline.txt"
pycheck prose-title-lua-seen "$T/out" '
h = "Harbour authority approves plans for a second ferry terminal on the east quay"
a = docs[0]["attrs"]
assert a["title"] == h and a["headline"] == "seen: " + h, a
assert h not in docs[0]["text"] and "second ferry terminal" in docs[0]["text"], docs[0]["text"]
'

# Every attribute the stage sets can be required by a later stage.
cat >"$T/meta.lua" <<'LUA'
return weft.pipeline {
  weft.stage "boilerplate" { input = "text" },
  weft.lua "meta" {
    requires = { "attr:title", "attr:author", "attr:date", "attr:language" },
    run = function(doc) doc:set("byline", (doc:get("author") or "?") .. " / " .. (doc:get("date") or "?")) end,
  },
}
LUA
run prose-meta-check 0 $WEFT check "$T/meta.lua"

# A headline printed once under the site's name and a menu: the title is never
# a menu item, the site's name or a <link> lynx wrote ("#... RSS feed").
python3 - "$T/page1h.txt" <<'PY'
import sys
lines = ["   #Daily Courier RSS feed", "", "   Skip to main content", "", "   Daily Courier",
         "     * Home", "     * World", "     * Politics", "", "Ferry line approved after a decade of debate", ""]
body = ("   The city council voted on Tuesday evening to approve a new ferry line linking the "
        "eastern harbour districts with the central station, ending a debate that has run for "
        "almost a decade, and residents welcomed the decision. ")
lines += [body * 2, "", body.replace("Tuesday", "Wednesday") * 2, ""]
open(sys.argv[1], "w").write("\n".join(lines))
PY
run prose-title-once 0 $WEFT run -p clean --input text "$T/page1h.txt"
pycheck prose-title-not-menu "$T/out" '
t = docs[0]["attrs"].get("title")
assert t in (None, "Ferry line approved after a decade of debate"), t
'
