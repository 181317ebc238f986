# Boundaries the tokenizer's learned sentence model puts inside a line with
# no terminator, after a number or a sign ("The 1896 Atlantic | City",
# "Since 1990 Deutsche | Bank", "Bear Stearns & | Co"): the entities stage
# reads the sentence on (sentence_goes_on in entities.c), so a name is not
# cut in two there. Sentences of our own. Checked by label and text.
. tests/e2e/lib.sh
cat >"$T/s.txt" <<'TXT'
The 1896 Atlantic City rail crash killed 50 people.
In 2004 New York City hosted the convention.
Since 1990 Deutsche Bank has doubled its staff.
The lead underwriter was Bear Stearns & Co Inc and the fee was 2 percent.
The talks ended in Geneva. Berlin said no.
TXT
run sentences-names 0 ents_tsv "$T/s.txt"
awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/s.got"
for w in "Atlantic City" "New York City" "Deutsche Bank" "Bear Stearns & Co Inc"; do
    grep -qE "^[A-Z]+\|$w\$" "$T/s.got" && pass "sentences-whole-$w" ||
        fail "sentences-whole-$w: $(tr '\n' ' ' <"$T/s.got")"
done
# a terminator still ends the sentence: two places, not one name
for p in "LOC|Geneva" "LOC|Berlin"; do
    grep -qxF "$p" "$T/s.got" && pass "sentences-$p" || fail "sentences-$p: $(tr '\n' ' ' <"$T/s.got")"
done
# the sentence layer stays the tokenizer's
run sentences-layer 0 $WEFT run -p entities -f jsonl "$T/s.txt"
cp "$T/out" "$T/with.jsonl"
printf 'return weft.pipeline { weft.stage "tokenizer" {} }\n' >"$T/tok.lua"
run sentences-layer-tok 0 $WEFT run "$T/tok.lua" -f jsonl "$T/s.txt"
pycheck sentences-layer-same "$T/with.jsonl" '
import json
mine = docs[0]["layers"]["sentence"]
theirs = json.loads(open("'"$T"'/out").readline())["layers"]["sentence"]
assert mine == theirs, (mine, theirs)
'
# a boundary after an opening quote goes on too; one after a terminator and
# its closing quote does not
printf 'Fans voted for " The Lost Harbour " and " Night Rain " in the poll.\nHe said "I am done." Paris was quiet.\n' >"$T/q.txt"
run sentences-quotes 0 ents_tsv "$T/q.txt"
awk -F'\t' 'NR > 1 { print $2 "|" $5 }' "$T/out" >"$T/q.got"
for w in "The Lost Harbour" "Night Rain"; do
    grep -qE "^[A-Z]+\|$w\$" "$T/q.got" && pass "sentences-quoted-$w" ||
        fail "sentences-quoted-$w: $(tr '\n' ' ' <"$T/q.got")"
done
grep -qxF "LOC|Paris" "$T/q.got" && pass sentences-quote-end || fail sentences-quote-end "$(tr '\n' ' ' <"$T/q.got")"

# the texts of ents_tsv above, under memcheck in one run (lib.sh)
ents_tsv_memcheck
