# -f html from the command line (the browser checks are in
# test_html_report.sh): the same bytes for any -j and with --isolate, one
# article per document and an index, --show-removed, profiles without
# entities or tones, and the help.
. tests/e2e/lib.sh
run html-j1 0 $WEFT run -p news -f html -j 1 examples/news/ examples/docs/ examples/news/ -o "$T/j1.html"
run html-j3 0 $WEFT run -p news -f html -j 3 examples/news/ examples/docs/ examples/news/ -o "$T/j3.html"
run html-isolate 0 $WEFT run -p news -f html -j 2 --isolate examples/news/ examples/docs/ examples/news/ -o "$T/iso.html"
if cmp -s "$T/j1.html" "$T/j3.html"; then pass html-same-j; else fail html-same-j "-j 1 and -j 3 differ"; fi
if cmp -s "$T/j1.html" "$T/iso.html"; then pass html-same-isolate; else fail html-same-isolate "--isolate differs"; fi
n=$(grep -c '^<article class="doc"' "$T/j1.html")
if [ "$n" -eq 6 ]; then pass html-articles; else fail html-articles "$n articles"; fi
contains html-index "$T/j1.html" '<li><a href="#d5" title="examples/news/harbour-bridge.html">Port Elden opens new harbour bridge after six years</a></li>'
contains html-csp "$T/j1.html" "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
# the model's score is a calibrated confidence (a sure name: over 0.9)
if grep -qE '<mark data-label="PER" title="PER · score 0\.9[0-9]* · source model">Helen Brandt</mark>' "$T/j1.html"; then
    pass html-mark
else
    fail html-mark "no PER mark of Helen Brandt scored 0.9x by the model"
fi
contains html-tone "$T/j1.html" '<span class="s tp2" title="tone +0.79">'
lacks html-no-removed "$T/j1.html" 'class="removed"'
lacks html-no-script "$T/j1.html" '<script'
# the report attribute is the -f text output's, not shown again
lacks html-no-report-attr "$T/j1.html" '<dt>report</dt>'

# --show-removed: in place (both pages' offset maps only go forward; a view
# without one gets a <details> list, tests/unit/test_html.c), HTML tags out
run html-removed 0 $WEFT run -p news -f html --show-removed examples/news/ -o "$T/rm.html"
contains html-removed-inline "$T/rm.html" '<div class="text"><span class="removed" title="removed: duplicate-title">Farmers welcome record grain exports</span>'
contains html-removed-html-page "$T/rm.html" '<div class="text"><span class="removed" title="removed: nav">Home  |  News'
lacks html-removed-no-list "$T/rm.html" '<details'
contains html-removed-tags-dropped "$T/rm.html" 'title="removed: share">Share this:  Facebook   Twitter   Email</span>'
# a removed block reads as the page showed it: in the page's charset, with
# character references decoded (and escaped again for the report)
printf '<html><head><meta charset="iso-8859-1"><title>Harbour</title></head><body><nav><a href="/">Home</a> | <a href="/m">M\374nchen &amp; more</a></nav><article><h1>Harbour</h1><p>Anna M\374ller of the port authority said on Monday that the harbour would open a new terminal next year.</p><p>The plan was welcomed by the mayor, who called it good news for the city and its workers.</p></article><footer>&copy; 2026 Example &lt;News&gt;</footer></body></html>' >"$T/latin1.html"
run html-removed-latin1 0 $WEFT run -p news -f html --show-removed "$T/latin1.html" -o "$T/l1.html"
contains html-removed-charset "$T/l1.html" 'title="removed: nav">Home  |  München &amp; more</span>'
contains html-removed-references "$T/l1.html" '>© 2026 Example &lt;News&gt;</span>'
contains html-kept-charset "$T/l1.html" 'Anna Müller'
lacks html-removed-no-fffd "$T/l1.html" '�'

# other profiles: just the text (and what they have)
run html-clean 0 $WEFT run -p clean -f html examples/news/grain-exports.txt -o "$T/clean.html"
lacks html-clean-no-marks "$T/clean.html" '<mark'
contains html-clean-text "$T/clean.html" '<div class="text">Grain exports from the Valmont region'
run html-tokens 0 $WEFT run -p tokens -f html examples/docs/market.txt -o "$T/tokens.html"
lacks html-tokens-no-marks "$T/tokens.html" '<mark'
contains html-tokens-sentences "$T/tokens.html" '<span class="s t-">'

# no documents: a page with an empty index
printf '' >"$T/empty.jsonl"
run html-empty 0 $WEFT run -p clean -f html "$T/empty.jsonl" -o "$T/empty.html"
contains html-empty-index "$T/empty.html" '<p>0 documents</p>'
if [ "$(tail -1 "$T/empty.html")" = "</html>" ]; then pass html-empty-closed; else fail html-empty-closed "$(tail -1 "$T/empty.html")"; fi

run html-help 0 $WEFT run --help
contains html-help-format "$T/out" "or html (one"
contains html-help-removed "$T/out" "--show-removed"
run html-bad-format 2 $WEFT run -p clean -f htm examples/news/
contains html-bad-format-msg "$T/err" "expected jsonl|json|text|tsv|conll|html"

# --show-removed without the report is said, not ignored
run show-removed-needs-html 2 $WEFT run -p news --show-removed examples/news/grain-exports.txt
contains show-removed-needs-html-msg "$T/err" "--show-removed shows removed text in the report: add -f html"
