# The boilerplate stage's offsets into raw. Plain text in a legacy
# encoding: Latin-1 and windows-1252 texts are decoded (with a note), give
# the same text as their UTF-8 version, and the boilerplate layer's spans are
# their raw bytes; a UTF-8 text with a broken byte and a Cyrillic
# windows-1251 text are not decoded. HTML: each record of the layer is its
# block's bytes of the page, not an earlier occurrence of its first word (in
# the <title>, an attribute, a comment, a script). Without the boilerplate
# stage, the core decodes the same texts into view "decoded" for the other
# stages.
. tests/e2e/lib.sh

# The same article three times: Latin-1 (ISO-8859-1 bytes only), windows-1252
# (curly quotes 0x93/0x94, euro 0x80, ellipsis 0x85) and UTF-8.
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
body = ("Café owner Müller wins award\n\n"
        "The owner of the small café on the market square, Klaus Müller, won the regional "
        "prize for the best coffee on Saturday, after a jury of five tasted more than forty "
        "cups from across the region.\n\n"
        "“We did not expect it at all,” Müller said, adding that the prize money of 500 € "
        "would go to the staff, who had worked through the summer… and beyond.\n\n"
        "Share this article\n\n"
        "© 2024 The Market Weekly\n")
open(t + "/cp1252.txt", "wb").write(body.encode("cp1252"))
open(t + "/utf8.txt", "wb").write(body.encode("utf-8"))
latin = body.replace("“", '"').replace("”", '"').replace("€", "EUR").replace("…", "...")
open(t + "/latin1.txt", "wb").write(latin.encode("latin-1"))
open(t + "/latin1-utf8.txt", "wb").write(latin.encode("utf-8"))
# UTF-8 with one broken byte: not Latin-1, the byte becomes U+FFFD
open(t + "/broken.txt", "wb").write(body.encode("utf-8").replace(b"jury", b"j\xffry"))
# Russian in windows-1251: not Latin text, not decoded as windows-1252
ru = ("Владелец кафе на рыночной площади получил региональную премию за лучший кофе "
      "в субботу, после того как жюри попробовало более сорока чашек.\n")
open(t + "/cp1251.txt", "wb").write(ru.encode("cp1251"))
PY

# One run per pipeline over all six texts, each document then checked on
# its own (the notes name their file).
NAMES="cp1252 latin1 utf8 latin1-utf8 broken cp1251"
FILES=$(for f in $NAMES; do printf '%s ' "$T/$f.txt"; done)
run enc-news-run 0 $WEFT run -p news --input text -v --offsets codepoints --view raw --span-text $FILES
split_docs "$T/out" jsonl
split_notes "$T/err" err $NAMES
run enc-clean-run 0 $WEFT run -p clean --input text $FILES
split_docs "$T/out" clean.jsonl
contains enc-note-cp1252 "$T/cp1252.err" "not valid UTF-8: read as windows-1252 (Latin-1)"
contains enc-note-latin1 "$T/latin1.err" "not valid UTF-8: read as windows-1252 (Latin-1)"
lacks enc-note-utf8 "$T/utf8.err" "windows-1252"
contains enc-note-broken "$T/broken.err" "not valid UTF-8 in places: bad bytes read as U+FFFD"
contains enc-note-cp1251 "$T/cp1251.err" "not valid UTF-8, nor Latin-1 text"

# The decoded text is exactly the UTF-8 version's, title included.
pycheck enc-same-text "$T/cp1252.clean.jsonl" '
import json
want = json.loads(open("'"$T"'/utf8.clean.jsonl", encoding="utf-8").readline())
got = docs[0]
assert got["text"] == want["text"], (got["text"], want["text"])
assert "Klaus Müller, won" in got["text"] and "500 € would" in got["text"], got["text"]
assert "“We did not expect it at all,” Müller" in got["text"], got["text"]
assert "\ufffd" not in got["text"]
assert got["attrs"]["title"] == "Café owner Müller wins award", got["attrs"]
'
pycheck enc-same-text-latin1 "$T/latin1.clean.jsonl" '
import json
want = json.loads(open("'"$T"'/latin1-utf8.clean.jsonl", encoding="utf-8").readline())
assert docs[0]["text"] == want["text"] and "café on the market" in want["text"], docs[0]["text"]
'

# The layer over raw: with codepoint offsets, a Latin-1 byte is one
# character of raw as written (U+FFFD), so begin/end are raw byte offsets:
# each record is the raw bytes of its line, decoded. Entities and tokens
# are over the text view and name the decoded words.
for f in cp1252 latin1; do
    pycheck enc-layer-$f "$T/$f.jsonl" '
raw = open("'"$T/$f.txt"'", "rb").read()
d = docs[0]
assert d["view"] == "raw" and d["offsets"] == "codepoints"
lines = raw.decode("cp1252").split("\n")
recs = d["layers"]["boilerplate"]
assert recs, d["layers"]
labels = {}
for r in recs:
    assert r.get("view", "raw") == "raw"
    s = raw[r["begin"]:r["end"]].decode("cp1252")
    assert s in lines, (r, s)
    labels[s] = r["label"]
assert labels.get("© 2024 The Market Weekly") == "copyright", labels
assert labels.get("Share this article") == "share", labels
assert "Café owner Müller wins award" in labels, labels
ents = [e["text"] for e in d["layers"]["entity"]]
assert "Klaus Müller" in ents, ents
toks = [t["text"] for t in d["layers"]["token"]]
assert "Müller" in toks and "café" in toks, toks
assert all("\ufffd" not in t for t in toks)
'
done

# A UTF-8 text with a broken byte keeps U+FFFD; its layer is exact too (in
# bytes of raw as written: the bad byte is U+FFFD there).
pycheck enc-broken "$T/broken.clean.jsonl" '
d = docs[0]
assert "j\ufffdry" in d["text"] and "Klaus Müller" in d["text"], d["text"]
raw = open("'"$T"'/broken.txt", "rb").read().decode("utf-8", "replace")
lines = raw.split("\n")
raw = raw.encode("utf-8")
assert d["layers"]["boilerplate"]
for r in d["layers"]["boilerplate"]:
    assert raw[r["begin"]:r["end"]].decode("utf-8") in lines, r
'
pycheck enc-cp1251 "$T/cp1251.clean.jsonl" '
assert "ð" not in docs[0]["text"] and "Ï" not in docs[0]["text"], docs[0]["text"]
'

# HTML: the nav's first words are also the title's, an image's alt text and
# a comment's; its record is the nav's own bytes.
cat >"$T/page.html" <<'HTML'
<html><head><title>Breaking news: storm hits the coast</title></head><body>
<img src=a.jpg alt="Breaking news"><!-- Breaking news -->
<script>var s = "Breaking news";</script>
<nav><a href=/>Breaking news</a> <a href=/s>Sport</a></nav>
<article><h1>Storm hits the coast</h1><p>A storm hit the coast on Monday, cutting power to
thousands of homes and closing the main road for most of the day, officials said, while crews
worked through the night to clear fallen trees.</p><p>Schools will reopen on Wednesday, the
council said in a statement, and the ferry will run to its normal timetable again from Thursday
morning.</p></article>
<footer><p class=copyright>&copy; 2024 Coast Post &amp; Partners</p></footer></body></html>
HTML
run html-run 0 $WEFT run -p clean --view raw --span-text "$T/page.html"
pycheck html-layer-exact "$T/out" '
d = docs[0]
recs = {r["label"]: r for r in d["layers"]["boilerplate"]}
assert recs["nav"]["text"] == "Breaking news</a> <a href=/s>Sport", recs["nav"]
assert recs["footer"]["text"] == "&copy; 2024 Coast Post &amp; Partners", recs
for r in d["layers"]["boilerplate"]:
    assert "<title>" not in r["text"] and "alt=" not in r["text"] and "<!--" not in r["text"], r
'

# Without the boilerplate stage the core decodes the legacy texts (view
# "decoded", a note with -v): tokens and sentiment see the UTF-8 version's
# text, word for word; written with --view raw, the tokens name their view.
# (with the byte-order-mark text of the end)
printf '\357\273\277Hello world. Caf\303\251 ok.\n' >"$T/bom.txt"
run dec-tokens-run 0 $WEFT run -p tokens -v $FILES "$T/bom.txt"
split_docs "$T/out" tok.jsonl
split_notes "$T/err" tok.err $NAMES
run dec-tokens-raw-run 0 $WEFT run -p tokens --view raw $FILES
split_docs "$T/out" tokraw.jsonl
contains dec-note-cp1252 "$T/cp1252.tok.err" "not valid UTF-8: read as windows-1252 (Latin-1)"
contains dec-note-broken "$T/broken.tok.err" "not valid UTF-8 in places: bad bytes read as U+FFFD"
lacks dec-note-utf8 "$T/utf8.tok.err" "UTF-8"
for pair in cp1252:utf8 latin1:latin1-utf8; do
    f=${pair%%:*} u=${pair#*:}
    pycheck "dec-same-tokens-$f" "$T/$f.tok.jsonl" '
import json
want = json.loads(open("'"$T/$u.tok.jsonl"'", encoding="utf-8").readline())
got = docs[0]
assert got["view"] == "decoded" and want["view"] == "raw", (got["view"], want["view"])
assert got["text"] == want["text"], (got["text"][:200], want["text"][:200])
assert got["layers"] == want["layers"]
words = [got["text"].encode()[t["begin"]:t["end"]].decode() for t in got["layers"]["token"]]
assert "Müller" in words and "café" in words, words[:40]
'
    pycheck "dec-raw-view-$f" "$T/$f.tokraw.jsonl" '
d = docs[0]
assert d["view"] == "raw" and d["layers"]["token"], d["view"]
assert all(t["view"] == "decoded" for t in d["layers"]["token"]), d["layers"]["token"][:2]
'
done
pycheck dec-cp1251-no-cuts "$T/cp1251.tok.jsonl" '
d = docs[0]
assert d["view"] == "decoded" and "\ufffd" in d["text"], d["text"][:80]
'
run dec-sentiment 0 $WEFT run -p sentiment "$T/utf8.txt" "$T/cp1252.txt"
split_docs "$T/out" sent.jsonl
pycheck dec-sentiment-same "$T/cp1252.sent.jsonl" '
import json
u = json.loads(open("'"$T/utf8.sent.jsonl"'", encoding="utf-8").readline())
assert docs[0]["attrs"] == u["attrs"], (docs[0]["attrs"], u["attrs"])
'
# A UTF-8 byte order mark is no token (bom.txt ran with the tokens above).
pycheck dec-bom-tokens "$T/bom.tok.jsonl" '
d = docs[0]
assert d["view"] == "decoded" and d["text"].startswith("Hello"), d
assert d["layers"]["token"][0] == {"begin": 0, "end": 5, "label": "word"}, d["layers"]["token"][0]
'

# UTF-16, with a byte order mark or without one (told by its NULs), in both
# byte orders: the same text as the UTF-8 version through the boilerplate
# stage and through the core's decoding, a note that says UTF-16 (not
# windows-1252), and the boilerplate layer's spans are whole code units of
# raw (with codepoint offsets over raw as written, each raw byte is one
# character: a NUL, or a bad byte as U+FFFD).
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
body = open(t + "/utf8.txt", encoding="utf-8").read()
open(t + "/u16le-bom.txt", "wb").write(b"\xff\xfe" + body.encode("utf-16-le"))
open(t + "/u16be-bom.txt", "wb").write(b"\xfe\xff" + body.encode("utf-16-be"))
open(t + "/u16le.txt", "wb").write(body.encode("utf-16-le"))
open(t + "/u16be.txt", "wb").write(body.encode("utf-16-be"))
PY
for f in u16le-bom u16be-bom u16le u16be; do
    $WEFT run -p news --input text -v --offsets codepoints --view raw --span-text "$T/$f.txt" \
        >"$T/$f.jsonl" 2>"$T/$f.err"
    $WEFT run -p clean "$T/$f.txt" >"$T/$f.clean.jsonl" 2>/dev/null
    $WEFT run -p tokens -v "$T/$f.txt" >"$T/$f.tok.jsonl" 2>"$T/$f.tok.err"
    lacks "u16-note-$f" "$T/$f.tok.err" "windows-1252"
done
contains u16-note-le-bom "$T/u16le-bom.tok.err" "UTF-16LE (byte order mark)"
contains u16-note-be-bom "$T/u16be-bom.tok.err" "UTF-16BE (byte order mark)"
contains u16-note-le "$T/u16le.tok.err" "no byte order mark, but NULs in every other byte: read as UTF-16LE"
contains u16-note-be "$T/u16be.tok.err" "read as UTF-16BE"
for f in u16le-bom u16be-bom u16le u16be; do
    pycheck "u16-clean-$f" "$T/$f.clean.jsonl" '
import json
want = json.loads(open("'"$T"'/utf8.clean.jsonl", encoding="utf-8").readline())
got = docs[0]
assert got["text"] == want["text"], (got["text"][:200], want["text"][:200])
assert got["attrs"]["charset"] in ("UTF-16LE", "UTF-16BE"), got["attrs"]
'
    pycheck "u16-tokens-$f" "$T/$f.tok.jsonl" '
import json
want = json.loads(open("'"$T"'/utf8.tok.jsonl", encoding="utf-8").readline())
got = docs[0]
assert got["view"] == "decoded", got["view"]
assert got["text"] == want["text"] and got["layers"] == want["layers"]
'
    pycheck "u16-layer-$f" "$T/$f.jsonl" '
raw = open("'"$T/$f.txt"'", "rb").read()
enc = "utf-16-be" if "be" in "'"$f"'" else "utf-16-le"
skip = 2 if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else 0
lines = raw[skip:].decode(enc).split("\n")
d = docs[0]
recs = d["layers"]["boilerplate"]
assert recs, d["layers"]
labels = {}
for r in recs:
    assert (r["begin"] - skip) % 2 == 0 and (r["end"] - skip) % 2 == 0, r
    s = raw[r["begin"]:r["end"]].decode(enc)
    assert s in lines, (r, s)
    labels[s] = r["label"]
assert labels.get("© 2024 The Market Weekly") == "copyright", labels
assert labels.get("Share this article") == "share", labels
ents = [e["text"] for e in d["layers"]["entity"]]
assert "Klaus Müller" in ents, ents
'
done
# Binary data with zeros is still binary, not UTF-16: zeros on both sides.
python3 -c 'import sys; sys.stdout.buffer.write(bytes((i * 7) % 5 * 40 for i in range(4000)))' >"$T/bin.dat"
run u16-binary 1 $WEFT run -p clean "$T/bin.dat"
pycheck u16-binary-empty "$T/out" '
assert docs[0]["text"] == "", docs[0]["text"][:80]
e = docs[0]["errors"]
assert [x["stage"] for x in e] == ["input"] and "binary data, not text" in e[0]["message"], e
'
