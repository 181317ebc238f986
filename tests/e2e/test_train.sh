# weft train entities end to end: a tiny CoNLL file trained into a model,
# the model used by the stage, and bad input (malformed file, unknown
# stage, missing options) with its exit code and message.
. tests/e2e/lib.sh
P="--plugin-path $FIX/ent_tok.so"
[ -n "$WEFT_VALGRIND" ] && P="$P --set entities.jit=false"

# a tiny world, written here: the same names in a few patterns
for i in 1 2 3 4 5 6; do
    printf -- '-DOCSTART- O\n\n'
    printf 'Zorbla B-PER\nQuint I-PER\nvisited O\nFlimton B-LOC\n. O\n\n'
    printf 'Mirna B-PER\nworks O\nfor O\nGrobnix B-ORG\nLabs I-ORG\nin O\nFlimton B-LOC\n. O\n\n'
    printf 'Grobnix B-ORG\nLabs I-ORG\nhired O\nZorbla B-PER\nQuint I-PER\n. O\n\n'
done >"$T/tiny.conll"
run train-ok 0 $WEFT train entities --data "$T/tiny.conll" --dev "$T/tiny.conll" -o "$T/tiny.model" --epochs 10 --bits 16 --seed 3
contains train-progress "$T/err" "dev: P 100.00 R 100.00 F1 100.00"
lacks train-docstart "$T/err" "no -DOCSTART- lines"
contains train-file "$T/tiny.model" "weft-linear 1"
contains train-meta "$T/tiny.model" "meta features entities-tagger-"
# deterministic: the same seed gives the same bytes
run train-again 0 $WEFT train entities --data "$T/tiny.conll" --dev "$T/tiny.conll" -o "$T/tiny2.model" --epochs 10 --bits 16 --seed 3 -q
if cmp -s "$T/tiny.model" "$T/tiny2.model"; then pass train-deterministic; else fail train-deterministic "models differ"; fi
# relative names are found from the current folder
(cd "$T" && "$OLDPWD/$B/weft" train entities --data tiny.conll -o rel.model --epochs 2 --bits 16 -q --plugin-path "$OLDPWD/$B/plugins") >"$T/out" 2>"$T/err"
if [ -s "$T/rel.model" ]; then pass train-relative; else fail train-relative "$(head -c 300 "$T/err")"; fi

# the stage with the model: names from the model, dates still from the rules
cat >"$T/m.lua" <<LUA
return weft.pipeline { weft.stage "ent_tok" {}, weft.stage "entities" { model = "$T/tiny.model" } }
LUA
printf 'Mirna visited Flimton on 1996-08-30 .\nGrobnix Labs hired Zorbla Quint .\n' >"$T/a.txt"
run tag 0 $WEFT run "$T/m.lua" $P "$T/a.txt"
pycheck tag-json "$T/out" '
d = docs[0]
raw = d["text"].encode("utf-8")
got = {(raw[e["begin"]:e["end"]].decode(), e["label"], e["attrs"]["source"]) for e in d["layers"]["entity"]}
for want in [("Mirna", "PER", "model"), ("Flimton", "LOC", "model"), ("1996-08-30", "DATE", "pattern"),
             ("Grobnix Labs", "ORG", "model"), ("Zorbla Quint", "PER", "model")]:
    assert want in got, (want, sorted(got))
assert all(0 < e["score"] <= 1 for e in d["layers"]["entity"])
'
# --beam 4: the model says so and the stage decodes it with the beam, same names
run train-beam 0 $WEFT train entities --data "$T/tiny.conll" --dev "$T/tiny.conll" -o "$T/beam.model" --epochs 10 --bits 16 --seed 3 --beam 4
contains train-beam-progress "$T/err" "dev: P 100.00 R 100.00 F1 100.00"
contains train-beam-meta "$T/beam.model" "meta beam 4"
# (sentences of the training patterns: 18 sentences teach a structured
# perceptron less than they teach the greedy one, which updates token by token)
printf 'Zorbla Quint visited Flimton .\nMirna works for Grobnix Labs in Flimton .\n' >"$T/b.txt"
run tag-beam 0 $WEFT run "$T/m.lua" $P "$T/b.txt" --set "entities.model=$T/beam.model"
pycheck tag-beam-json "$T/out" '
d = docs[0]
raw = d["text"].encode("utf-8")
got = {(raw[e["begin"]:e["end"]].decode(), e["label"], e["attrs"]["source"]) for e in d["layers"]["entity"]}
for want in [("Mirna", "PER", "model"), ("Flimton", "LOC", "model"),
             ("Grobnix Labs", "ORG", "model"), ("Zorbla Quint", "PER", "model")]:
    assert want in got, (want, sorted(got))
assert len(d["layers"]["entity"]) == 5, sorted(got)
assert all(0 < e["score"] <= 1 for e in d["layers"]["entity"])
'
run train-beam-bad 2 $WEFT train entities --data "$T/tiny.conll" -o "$T/x.model" --beam 17
contains train-beam-bad-msg "$T/err" "--beam: bad value '17'"
# --wordcase: the model names the feature set with the word list, the stage
# loads the list for it and tags the same names; the list loads with any
# model (the repairs after the model read it), never in the rule-only mode
run train-wordcase 0 $WEFT train entities --data "$T/tiny.conll" --dev "$T/tiny.conll" -o "$T/wc.model" --epochs 10 --bits 16 --seed 3 --wordcase
contains train-wordcase-meta "$T/wc.model" "meta features entities-tagger-4+wordcase"
run tag-wordcase 0 $WEFT run -v "$T/m.lua" $P "$T/a.txt" --set "entities.model=$T/wc.model"
contains tag-wordcase-list "$T/err" "word list entities/wordcase.txt"
pycheck tag-wordcase-json "$T/out" '
d = docs[0]
raw = d["text"].encode("utf-8")
got = {(raw[e["begin"]:e["end"]].decode(), e["label"]) for e in d["layers"]["entity"]}
for want in [("Mirna", "PER"), ("Flimton", "LOC"), ("Grobnix Labs", "ORG"), ("Zorbla Quint", "PER")]:
    assert want in got, (want, sorted(got))
'
run tag-no-wordcase 0 $WEFT run -v "$T/m.lua" $P "$T/a.txt" --set "entities.model=$T/tiny.model"
contains tag-no-wordcase-list "$T/err" "word list entities/wordcase.txt"
run tag-rules-only 0 $WEFT run -v "$T/m.lua" $P "$T/a.txt" --set "entities.model=none"
lacks tag-rules-only-list "$T/err" "word list"
# a model of an older feature set (the word list without the WordNet
# templates) is refused, saying what it is and what to do
sed 's/^meta features .*/meta features entities-tagger-3+wordcase/' "$T/wc.model" >"$T/old.model"
run tag-old-set 2 $WEFT run "$T/m.lua" $P "$T/a.txt" --set "entities.model=$T/old.model"
contains tag-old-set-msg "$T/err" "features 'entities-tagger-3+wordcase', want 'entities-tagger-4' or 'entities-tagger-4+wordcase'): retrain it"
# model = "none" is the rule-only stage: no model span
run tag-none 0 $WEFT run "$T/m.lua" $P "$T/a.txt" --set entities.model=none
lacks tag-none-source "$T/out" '"model"'

# a file without -DOCSTART- lines: each sentence is a document, and the count says so
grep -v DOCSTART "$T/tiny.conll" >"$T/nodoc.conll"
run train-nodoc 0 $WEFT train entities --data "$T/nodoc.conll" -o "$T/nodoc.model" --epochs 2 --bits 16
contains train-nodoc-says "$T/err" "documents (no -DOCSTART- lines: a sentence is a document)"

# errors: a malformed file names its line; a corrupt model fails at open
printf 'a O\nb I-PER\nc\n' >"$T/bad.conll"
run bad-file 1 $WEFT train entities --data "$T/bad.conll" -o "$T/x.model"
contains bad-file-line "$T/err" "bad.conll:3: a token line needs a token and a tag"
head -c 200 "$T/tiny.model" >"$T/trunc.model"
run bad-model 2 $WEFT run "$T/m.lua" $P "$T/a.txt" --set "entities.model=$T/trunc.model"
contains bad-model-msg "$T/err" "trunc.model: line"
run no-model 2 $WEFT run "$T/m.lua" $P "$T/a.txt" --set "entities.model=$T/missing.model"
contains no-model-msg "$T/err" "missing.model"
# bad or missing arguments are a usage error (exit 2), bad data exit 1
run no-out 2 $WEFT train entities --data "$T/tiny.conll"
run no-data 2 $WEFT train entities -o "$T/x.model"
contains no-out-msg "$T/err" "need --data FILE and -o MODEL"
run no-stage 2 $WEFT train nosuch --data x
contains no-stage-msg "$T/err" "no loaded plugin has a stage 'nosuch'"
run no-train 2 $WEFT train tokenizer --data x
contains no-train-msg "$T/err" "stage 'tokenizer' has nothing to train"
run train-help 0 $WEFT train entities --help
contains train-help-text "$T/out" "Usage: weft train entities"
run train-usage 2 $WEFT train

# the shipped model (make train-entities) loads from the plugin's data and tags news
if [ -f "$B/plugins/entities/ner-conll2003.model" ]; then
    cat >"$T/s.lua" <<'LUA'
return weft.pipeline { weft.stage "ent_tok" {},
  weft.stage "entities" { model = "entities/ner-conll2003.model" } }
LUA
    printf 'German Chancellor Helmut Kohl met Reuters reporters in Bonn on 1996-08-30 .\n' >"$T/k.txt"
    run shipped 0 $WEFT run "$T/s.lua" $P -f tsv "$T/k.txt"
    for want in "MISC	0	6	German" "PER	18	29	Helmut Kohl" "ORG	34	41	Reuters" "LOC	55	59	Bonn" \
        "DATE	63	73	1996-08-30"; do
        contains "shipped-$want" "$T/out" "$want"
    done
    # sentences written for it, a class each, tagged through the packed weights (tgpack.c);
    # the second "Barack Obama" is PER as its titled mention is ("President Barack Obama")
    printf '%s\n' 'Angela Merkel met Microsoft executives in Paris on Monday .' \
        'Shares of Siemens AG rose in Frankfurt after the Tour de France .' \
        'French farmers protested outside the European Commission in Brussels .' \
        'President Barack Obama spoke .' 'Barack Obama visited Berlin .' >"$T/c.txt"
    run shipped-classes 0 $WEFT run "$T/s.lua" $P -f tsv "$T/c.txt"
    for want in "PER	0	13	Angela Merkel" "ORG	18	27	Microsoft" "LOC	42	47	Paris" \
        "ORG	70	80	Siemens AG" "LOC	89	98	Frankfurt" "MISC	109	123	Tour de France" \
        "MISC	126	132	French" "ORG	163	182	European Commission" "LOC	186	194	Brussels" \
        "PER	207	219	Barack Obama" "PER	228	240	Barack Obama" "LOC	249	255	Berlin"; do
        contains "shipped-$want" "$T/out" "$want"
    done
fi
