# The entities stage reads the document title (attribute `title`, which the
# boilerplate stage fills) as context for the body: the names it finds there
# teach the body's later mentions, with the model and with the rules alone
# (model = false), and no span is added for the title, which is not in the
# text view. Made-up names; a Lua stage sets each document's title by id.
. tests/e2e/lib.sh

cat >"$T/title.lua" <<'LUA'
local titles = {
  full = "Olympic champion Tamsin Okoro retires at 31",
  place = "Floods cut off Lincoln as the river rises",
  person = "Senator Dana Lincoln wins a third term",
  empty = "",
  blank = "  \n ",
  nonames = "what we know so far",
  titlecase = "Olympic Champion Tamsin Okoro Retires At 31",
  caps = "OLYMPIC CHAMPION TAMSIN OKORO RETIRES AT 31",
}
return weft.pipeline {
  weft.lua "title" { run = function(doc)
    local t = titles[doc.id:match("([%w]+)%.txt$")]
    if t then doc:set("title", t) end
  end },
  weft.stage "tokenizer" {},
  weft.stage "entities" { model = "entities/ner-conll2003.model" },
}
LUA
# the subject named in full only in the title
R='Okoro, who won gold in Rome and twice in Oslo, said on Monday that her body needed rest.

Okoro will now coach young runners. "I gave everything," Okoro said.'
# a surname that is also a town's name
L='Lincoln said the roads would reopen on Friday. Residents of Lincoln were told to stay at home.'
for id in full notitle empty blank nonames titlecase caps; do printf '%s\n' "$R" >"$T/$id.txt"; done
for id in place person lnotitle; do printf '%s\n' "$L" >"$T/$id.txt"; done
# the same documents with the title as the body's first paragraph
printf 'Olympic champion Tamsin Okoro retires at 31\n\n%s\n' "$R" >"$T/infull.txt"
printf 'Senator Dana Lincoln wins a third term\n\n%s\n' "$L" >"$T/inperson.txt"

for mode in model rules; do
    set -- "$T/title.lua"
    [ $mode = rules ] && set -- "$@" --set entities.model=false
    F="$T/full.txt $T/notitle.txt $T/empty.txt $T/blank.txt $T/nonames.txt $T/titlecase.txt"
    F="$F $T/caps.txt"
    F="$F $T/place.txt $T/person.txt $T/lnotitle.txt $T/infull.txt $T/inperson.txt"
    # shellcheck disable=SC2086 # F is a list of paths without blanks
    run title-$mode 0 $WEFT run "$@" -j 1 $F
    pycheck title-$mode-spans "$T/out" '
import re
by = {}
for d in docs:
    raw = d["text"].encode("utf-8")
    ents = []
    for e in d["layers"]["entity"]:
        assert 0 <= e["begin"] < e["end"] <= len(raw), e  # inside the text view
        ents.append((raw[e["begin"]:e["end"]].decode(), e["label"]))
    by[re.search(r"(\w+)\.txt$", d["id"]).group(1)] = ents
    assert d["errors"] == [], d["errors"]
    assert d["attrs"].get("title", "") == "" or d["text"].find(d["attrs"]["title"]) < 0
def labels(doc, word):
    return [l for t, l in by[doc] if t == word]
# the full name in the title: every lone "Okoro" is a person, no span of the
# title itself ("Tamsin", "Olympic") lands in the body
assert labels("full", "Okoro") == ["PER"] * 3, by["full"]
assert not any(t in ("Tamsin", "Tamsin Okoro", "Olympic") for t, _ in by["full"]), by["full"]
# the title teaches as the same words opening the body do (the body spans of
# infull are the title-less document shifted: compare the labels of Okoro)
assert labels("infull", "Okoro")[-3:] == labels("full", "Okoro"), (by["infull"], by["full"])
# no title, an empty one, a blank one: the same spans; a title without names
# teaches nothing about Okoro
assert by["empty"] == by["notitle"] == by["blank"], (by["empty"], by["notitle"], by["blank"])
assert labels("nonames", "Okoro") == labels("notitle", "Okoro"), (by["nonames"], by["notitle"])
assert ("Rome", "LOC") in by["nonames"] and ("Oslo", "LOC") in by["nonames"], by["nonames"]
# a title in title case or in capitals says nothing by its capitals (its
# words tagged as one name would teach the body wrong): it teaches nothing
assert by["titlecase"] == by["notitle"] == by["caps"], (by["titlecase"], by["caps"], by["notitle"])
# a title naming the town keeps the town; one naming a person of that name
# makes the lone surname that person, as the same title opening the body does
assert labels("place", "Lincoln") == ["LOC", "LOC"], by["place"]
assert labels("person", "Lincoln") == ["PER", "PER"], by["person"]
assert labels("inperson", "Lincoln")[-2:] == labels("person", "Lincoln"), by["inperson"]
'
done
# the news profile: a headline printed twice leaves the text for the title
# (the boilerplate stage); the body's lone surname is the title's person
printf 'Olympic champion Tamsin Okoro retires at 31\n\n%s\n\n%s\n' \
    'Olympic champion Tamsin Okoro retires at 31' "$R" >"$T/news.txt"
for mode in model rules; do
    set -- -p news --input text
    [ $mode = rules ] && set -- "$@" --set entities.model=false
    run news-$mode 0 $WEFT run "$@" "$T/news.txt"
    pycheck news-$mode-okoro "$T/out" '
d = docs[0]
assert d["view"] == "text" and d["attrs"]["title"].startswith("Olympic champion"), d["attrs"]
raw = d["text"].encode("utf-8")
ents = [(raw[e["begin"]:e["end"]].decode(), e["label"]) for e in d["layers"]["entity"]]
assert [l for t, l in ents if t == "Okoro"] == ["PER"] * 3, ents
assert not any("Tamsin" in t for t, _ in ents), ents
'
done
