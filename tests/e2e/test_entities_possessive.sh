# A possessive glued to its word by weft's own tokenizer ("Germany's" is one
# uax29 word) is a token apart for the entities stage, as CoNLL-2003, which
# its model learnt, writes it ("Germany 's"; possessive_end in entities.c):
# the name after the possessive is found, and no name runs on over it.
# Sentences of our own. Checked by label and text.
. tests/e2e/lib.sh
cat >"$T/poss.txt" <<'TXT'
Canada's Globe and Mail reported on Monday that the deal had collapsed.
Germany's Siemens said profits rose, while France's Alstom cut jobs.
The coach praised Brazil's Neymar after Saturday's match.
Italy’s Enel and Japan’s Toyota signed a supply deal.
TXT
for style in uax29 ptb; do
    run "possessive-$style" 0 $WEFT run -p entities -f tsv --set "tokenizer.style=$style" "$T/poss.txt"
    awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/$style.got"
    for p in "LOC|Canada" "ORG|Globe and Mail" "LOC|Germany" "ORG|Siemens" "LOC|France" "ORG|Alstom" \
        "LOC|Brazil" "PER|Neymar" "LOC|Italy" "LOC|Japan" "ORG|Toyota"; do
        grep -qxF "$p" "$T/$style.got" && pass "possessive-$style-$p" ||
            fail "possessive-$style-$p: $(tr '\n' ' ' <"$T/$style.got")"
    done
    # the name after a possessive is found, whatever its type
    grep -qE '^[A-Z]+\|Enel$' "$T/$style.got" && pass "possessive-$style-Enel" ||
        fail "possessive-$style-Enel: $(tr '\n' ' ' <"$T/$style.got")"
    # no name runs over a possessive
    grep -qE "['’]s " "$T/$style.got" && fail "possessive-$style-over: $(tr '\n' ' ' <"$T/$style.got")" ||
        pass "possessive-$style-over"
done
# the spans' offsets are the text's (the possessive's bytes are not in the name)
run possessive-offsets 0 $WEFT run -p entities -f jsonl "$T/poss.txt"
pycheck possessive-offsets-json "$T/out" '
d = docs[0]
t = d["text"].encode()
got = {(e["label"], t[e["begin"]:e["end"]].decode()) for e in d["layers"]["entity"]}
assert ("LOC", "Germany") in got and ("ORG", "Siemens") in got, got
assert ("LOC", "Italy") in got, got
'
