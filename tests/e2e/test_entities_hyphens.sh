# Hyphenated names through weft's own tokenizer (uax29 cuts "Coca-Cola" into
# "Coca" "-" "Cola"): the entities stage reads a capitalised chain as one
# token, as the CoNLL-2003 text its model learnt keeps it (join_hyphen_chains
# in entities.c). Sentences of our own. Checked by label and text.
. tests/e2e/lib.sh
cat >"$T/firms.txt" <<'TXT'
Shares of Pepsi-Cola fell 3% on Friday.
Bentley-Vauxhall said it would close two plants.
Analysts at Hewlett-Packard and Mercedes-Benz expect lower sales.
Tourists took the Trans-Siberian Railway from Moscow.
TXT
cat >"$T/places.txt" <<'TXT'
She grew up in Stratford-upon-Avon and later moved to Schleswig-Holstein.
The ferry from Southend-on-Sea was cancelled.
TXT
cat >"$T/people.txt" <<'TXT'
Captain Jean-Luc Picard met Dr Helen Smith-Jones in Geneva.
TXT
cat >"$T/lower.txt" <<'TXT'
It is a well-known fact that the state-of-the-art lab in Leeds is half-empty.
TXT
cat >"$T/modifier.txt" <<'TXT'
A Paris-based bank bought a Google-owned start-up.
The Berlin-born singer joined a Tokyo-listed firm.
TXT
cat >"$T/pairs.txt" <<'TXT'
The Israel-Hamas talks stalled, and the Paris-Berlin train was late.
TXT
for f in firms places people lower modifier pairs; do
    run "hyphens-$f" 0 $WEFT run -p entities -f tsv "$T/$f.txt"
    awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/$f.got"
done
# the whole name, of the type the model gives the whole
for p in "ORG|Pepsi-Cola" "ORG|Hewlett-Packard" "ORG|Mercedes-Benz" "LOC|Stratford-upon-Avon" \
    "LOC|Southend-on-Sea" "PER|Jean-Luc Picard" "PER|Helen Smith-Jones" "LOC|Moscow" "LOC|Leeds"; do
    grep -rqxF "$p" "$T"/*.got && pass "hyphens-has-$p" || fail "hyphens-has-$p: not in $(cat "$T"/*.got | tr '\n' ' ')"
done
# a chain is one span, whatever type the model gives it
for w in "Bentley-Vauxhall" "Trans-Siberian Railway" "Schleswig-Holstein"; do
    grep -rqE "^[A-Z]+\|$w\$" "$T"/*.got && pass "hyphens-whole-$w" || fail "hyphens-whole-$w: $(cat "$T"/*.got | tr '\n' ' ')"
done
# never a piece alone
for w in Pepsi Cola Bentley Vauxhall Hewlett Packard Mercedes Benz Trans Siberian Stratford Avon Schleswig \
    Jean Luc Smith Jones; do
    grep -rqE "\|(.* )?$w( .*)?\$" "$T"/*.got && fail "hyphens-piece-$w: $(cat "$T"/*.got | tr '\n' ' ')" ||
        pass "hyphens-piece-$w"
done
# lower-case compounds are no names
[ -s "$T/lower.got" ] && ! grep -v '^LOC|Leeds$' "$T/lower.got" | grep -q . && pass hyphens-lower ||
    fail "hyphens-lower: $(tr '\n' ' ' <"$T/lower.got")"
# a name before a hyphenated modifier: the name alone
for p in "LOC|Paris" "ORG|Google" "LOC|Berlin" "LOC|Tokyo"; do
    grep -qxF "$p" "$T/modifier.got" && pass "hyphens-modifier-$p" ||
        fail "hyphens-modifier-$p: $(tr '\n' ' ' <"$T/modifier.got")"
done
lacks hyphens-modifier-whole "$T/modifier.got" "-based"
lacks hyphens-modifier-whole-2 "$T/modifier.got" "-owned"
# two names side by side, each a place or a body, stay two
for p in "LOC|Israel" "ORG|Hamas" "LOC|Paris" "LOC|Berlin"; do
    grep -qxF "$p" "$T/pairs.got" && pass "hyphens-pair-$p" || fail "hyphens-pair-$p: $(tr '\n' ' ' <"$T/pairs.got")"
done
# the spans' offsets are the text's: the joined token's bytes
run hyphens-offsets 0 $WEFT run -p entities -f jsonl "$T/firms.txt"
pycheck hyphens-offsets-json "$T/out" '
d = docs[0]
t = d["text"].encode()
got = {(e["label"], t[e["begin"]:e["end"]].decode()) for e in d["layers"]["entity"]}
assert ("ORG", "Pepsi-Cola") in got, got
assert all(not x.startswith("-") and not x.endswith("-") for _, x in got), got
'
# the news summary counts the firm once, by its whole name
printf 'Bentley-Vauxhall said on Tuesday it would cut 900 jobs.\n\nThe chief executive of Bentley-Vauxhall called the cuts painful, and Bentley-Vauxhall shares fell.\n' >"$T/news.txt"
run hyphens-news 0 $WEFT run -p news -f jsonl "$T/news.txt"
pycheck hyphens-news-summary "$T/out" '
top = docs[0]["attrs"]["summary.top_entities"]
assert top.startswith("Bentley-Vauxhall (ORG) x3"), top
'
