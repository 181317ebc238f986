# -f html in a real browser: headless Chromium loads the report of the
# bundled examples plus a hostile document, and the DOM it built is checked:
# entity marks with the right labels, the index, the hostile text shown as
# text, and none of its scripts run (no element with id "pwned", the page
# title unchanged). A control page first shows that this browser does run a
# page's script, so "nothing ran" means something.
. tests/e2e/lib.sh
once_only "starts a browser"
CHROME=$(command -v chromium || true)
if [ -z "$CHROME" ]; then
    fail html-chromium "chromium not installed (make test installs it: scripts/install-deps.sh)"
    exit 0
fi
# dump URL OUT : the DOM after load, as the browser serialises it
dump() {
    timeout 60 "$CHROME" --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$T/chrome" --dump-dom "$1" >"$2" 2>"$T/chrome.err"
}

PWN="document.title='pwned';document.body.insertAdjacentHTML('beforeend','<p id=\"pwned\">owned</p>')"
printf '<!DOCTYPE html><html><head><title>ok</title></head><body><p>control</p><script>%s</script></body></html>\n' \
    "$PWN" >"$T/control.html"
dump "file://$T/control.html" "$T/control.dom"
if grep -q 'id="pwned"' "$T/control.dom"; then
    pass html-browser-runs-scripts
else
    fail html-browser-runs-scripts "the control page's script did not run: $(head -c 300 "$T/control.dom") $(tail -3 "$T/chrome.err")"
fi

python3 - "$T/hostile.jsonl" "$PWN" <<'PY'
import json, sys
pwn = sys.argv[2]
doc = {
    "id": "evil\"><svg onload=\"%s\">'" % pwn,
    "text": "Mayor Helen Brandt said on Monday that the <script>%s</script> plan was fine.\n\n"
            "The council in Port Elden agreed <img src=x onerror=\"%s\"> on Tuesday.\n\n"
            "Critics said \"><svg onload=\"%s\"> it was a terrible idea.\n" % (pwn, pwn, pwn),
}
open(sys.argv[1], "w").write(json.dumps(doc) + "\n")
PY
run html-report 0 $WEFT run -p news -f html examples/news/ "$T/hostile.jsonl" -o "$T/r.html"
dump "file://$T/r.html" "$T/r.dom"
if python3 - "$T/r.dom" >"$T/py" 2>&1 <<'PY'
import sys
from html.parser import HTMLParser

class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.marks, self.ids, self.tags = [], [], set(), []
        self.title, self.articles, self.index, self.text = "", [], [], []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "article":
            self.articles.append(a)
        if tag == "a" and a.get("href", "").startswith("#d") and any(t == "nav" for t, _ in self.stack):
            self.index.append(a["href"])
        self.stack.append((tag, a))
        if tag == "mark":
            self.marks.append([a.get("data-label"), a.get("title"), ""])
    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
    def handle_data(self, data):
        if any(t == "title" for t, _ in self.stack):
            self.title += data
        open_marks = sum(1 for t, _ in self.stack if t == "mark")
        if open_marks:
            # the text of every open mark (nested marks: the outer ones too)
            for m in self.marks[len(self.marks) - open_marks:]:
                m[2] += data
        self.text.append(data)

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
marks = {(m[0], m[2]) for m in dom.marks}
for want in [("PER", "Helen Brandt"), ("ORG", "Port Elden Chamber of Commerce"),
             ("ORG", "Northwind Construction Ltd."),
             ("MONEY", "$48 million"), ("PER", "Priya Natarajan"), ("PERCENT", "8%"),
             ("DATE", "Monday")]:
    assert want in marks, (want, sorted(marks))
for label, title, _ in dom.marks:
    assert title.startswith(label), (label, title)
# the news profile's names come from the shipped model, the amounts from the patterns
assert any("source model" in m[1] for m in dom.marks), dom.marks[:3]
assert any("score 0.9 · source pattern" in m[1] for m in dom.marks), dom.marks[:3]
assert len(dom.articles) == 3, dom.articles
assert dom.index == ["#d0", "#d1", "#d2"], dom.index
assert dom.articles[2]["data-id"].startswith('evil"><svg onload="document.title='), dom.articles[2]
# no script ran, and none of the document became an element
assert "pwned" not in dom.ids, "a script from the document ran"
assert dom.title == "weft report", dom.title
for tag in ("script", "img", "svg"):
    assert tag not in dom.tags, tag
text = "".join(dom.text)
assert "the <script>document.title='pwned';" in text, "hostile text not shown as text"
assert "agreed <img src=x onerror=" in text
assert "Critics said \"><svg onload=" in text
print("ok: %d marks" % len(dom.marks))
PY
then
    pass html-dom
else
    fail html-dom "$(tail -5 "$T/py") $(head -c 300 "$T/r.dom") $(tail -3 "$T/chrome.err")"
fi
