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
    run "hyphens-$f" 0 ents_tsv "$T/$f.txt"
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
# Numbers cut at their hyphens ("2023 - 11 - 02", "4 - 1") are one token for
# the stage, as for hyphens = "keep": a dateline's place stays a place, a
# team's name ends before its score, and the date, the phone number and the
# ISO time stay whole patterns, with the default tokenizer and with "keep".
cat >"$T/numbers.txt" <<'TXT'
ZAGREB 2023-11-02
Croatia will hold early elections, the government said.

WELLINGTON 2022-05-17
The dollar fell.

The Giants beat the Eagles 4-1 on Sunday, and the Rovers lost 3-2 at home.

Call 555-201-3344 before 2024-03-20, or see the log of 2024-03-20T09:30:00Z today.
TXT
for hy in auto keep; do
    run "hyphens-numbers-$hy" 0 $WEFT run -p entities -f tsv --set "tokenizer.hyphens=$hy" "$T/numbers.txt"
    awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/numbers.$hy.got"
    for p in "LOC|ZAGREB" "LOC|WELLINGTON" "DATE|2023-11-02" "ORG|Eagles" "PHONE|555-201-3344" \
        "DATE|2024-03-20" "DATE|2024-03-20T09:30:00Z"; do
        grep -qxF "$p" "$T/numbers.$hy.got" && pass "hyphens-numbers-$hy-$p" ||
            fail "hyphens-numbers-$hy-$p: $(tr '\n' ' ' <"$T/numbers.$hy.got")"
    done
    grep -qE '^(PER|ORG|LOC|MISC)\|.*[0-9]' "$T/numbers.$hy.got" &&
        fail "hyphens-numbers-$hy-name-with-score: $(tr '\n' ' ' <"$T/numbers.$hy.got")" ||
        pass "hyphens-numbers-$hy-name-with-score"
done
# Arabic and Urdu names with a lower-case particle ("al-Rashidi",
# "Misbah-ul-Haq"): one token for the stage, as CoNLL-2003 writes them, so
# the name is whole; lower-case compounds stay no names.
cat >"$T/particles.txt" <<'TXT'
Police arrested Khalid al-Rashidi in Amman on Tuesday.
Thousands prayed at the al-Noor mosque on Friday.
Shoaib Akhtar bowled to Misbah-ul-Haq, who was caught by Mushtaq-ur-Rahman.
The al-fresco cafe and the ad-hoc panel met.
TXT
run hyphens-particles 0 ents_tsv "$T/particles.txt"
awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/particles.got"
for p in "PER|Khalid al-Rashidi" "PER|Mushtaq-ur-Rahman" "LOC|Amman"; do
    grep -qxF "$p" "$T/particles.got" && pass "hyphens-particles-$p" ||
        fail "hyphens-particles-$p: $(tr '\n' ' ' <"$T/particles.got")"
done
for w in "al-Noor" "Misbah-ul-Haq"; do
    grep -qE "^[A-Z]+\|$w\$" "$T/particles.got" && pass "hyphens-particles-whole-$w" ||
        fail "hyphens-particles-whole-$w: $(tr '\n' ' ' <"$T/particles.got")"
done
for w in Rashidi Noor Misbah Haq Rahman fresco hoc; do
    grep -qE "\|(.* )?$w( .*)?\$" "$T/particles.got" &&
        fail "hyphens-particles-piece-$w: $(tr '\n' ' ' <"$T/particles.got")" ||
        pass "hyphens-particles-piece-$w"
done
# A range of two numbers joined by a hyphen is one amount for the percent,
# money and quantity patterns, with the default tokenizer and with "keep";
# a score before "in" is none
printf 'Prices rose 10-20%% and the plant costs $10-20 million.\nThe walk is 5-10 km long and a ticket costs 10-15 dollars.\nThe Giants beat the Eagles 6-2 in the ninth.\n' >"$T/ranges.txt"
for hy in auto keep; do
    run "hyphens-ranges-$hy" 0 $WEFT run -p entities -f tsv --set "tokenizer.hyphens=$hy" "$T/ranges.txt"
    awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/ranges.$hy.got"
    for p in "PERCENT|10-20%" "MONEY|\$10-20 million" "QUANTITY|5-10 km" "MONEY|10-15 dollars"; do
        grep -qxF "$p" "$T/ranges.$hy.got" && pass "hyphens-ranges-$hy-$p" ||
            fail "hyphens-ranges-$hy-$p: $(tr '\n' ' ' <"$T/ranges.$hy.got")"
    done
    grep -q "6-2" "$T/ranges.$hy.got" && fail "hyphens-ranges-$hy-score: $(tr '\n' ' ' <"$T/ranges.$hy.got")" ||
        pass "hyphens-ranges-$hy-score"
done
# Korean given names with a lower-case second syllable ("Jong - un" as the
# tokenizer cuts it) end the person's name; a modifier after a person's name
# ("Johnson-led", "Blair-style") does not join it
printf 'Kim Jong-un met Moon Jae-in at the border, and Ban Ki-moon praised Yoon Suk-yeol.\nThe Seoul-based firm hired Lee Jae-myung.\nThe Boris Johnson-led government liked a Tony Blair-style speech.\n' >"$T/given.txt"
run hyphens-given 0 ents_tsv "$T/given.txt"
awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/given.got"
for p in "PER|Kim Jong-un" "PER|Moon Jae-in" "PER|Ban Ki-moon" "PER|Yoon Suk-yeol" "PER|Lee Jae-myung" \
    "LOC|Seoul" "PER|Boris Johnson" "PER|Tony Blair"; do
    grep -qxF "$p" "$T/given.got" && pass "hyphens-given-$p" || fail "hyphens-given-$p: $(tr '\n' ' ' <"$T/given.got")"
done
# every hyphen joins alike (U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN, as
# "-"); a dash (U+2013 EN DASH, U+2014 EM DASH) links two names, which stay two
for h in '-' '‐' '‑'; do
    printf 'Captain Jean%sLuc Picard flew from Stratford%supon%sAvon to Geneva.\n' "$h" "$h" "$h" >"$T/h.txt"
    run "hyphens-kind-$h" 0 ents_tsv "$T/h.txt"
    awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/h.got"
    for p in "PER|Jean${h}Luc Picard" "LOC|Stratford${h}upon${h}Avon"; do
        grep -qxF "$p" "$T/h.got" && pass "hyphens-kind-has-$p" || fail "hyphens-kind-has-$p" "$(tr '\n' ' ' <"$T/h.got")"
    done
done
for h in '–' '—'; do
    printf 'The Paris%sBerlin train was late.\n' "$h" >"$T/d.txt"
    run "dash-kind-$h" 0 ents_tsv "$T/d.txt"
    awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/d.got"
    for p in "LOC|Paris" "LOC|Berlin"; do
        grep -qxF "$p" "$T/d.got" && pass "dash-kind-$h-$p" || fail "dash-kind-$h-$p" "$(tr '\n' ' ' <"$T/d.got")"
    done
done

# the texts of ents_tsv above, under memcheck in one run (lib.sh)
ents_tsv_memcheck
