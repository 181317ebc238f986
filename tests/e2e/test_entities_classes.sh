# Classes of errors of the entities stage (with its shipped model, through
# weft's own tokenizer) found in a try-out (issue 16), each checked on
# sentences of our own: the rules after the model (entities.c) fix the
# class, not these sentences. Checked by label and text ("LABEL|text").
. tests/e2e/lib.sh
# Each sentence is a document of its own, and one weft run reads them all
# (a run per sentence paid the model's load each time, most of this test's
# time under valgrind): ents writes the sentence, has and hasnt note their
# check, and check_all runs weft once and makes the checks, in order.
# ents NAME SENTENCE: the sentence, to $T/NAME.txt; its spans, one
# "LABEL|text" a line, are $T/NAME.got once check_all has run
ents() {
    printf '%s\n' "$2" >"$T/$1.txt"
    echo "$1" >>"$T/names"
}
# has NAME LABEL|TEXT / hasnt NAME LABEL|TEXT
has() { printf 'has\t%s\t%s\n' "$1" "$2" >>"$T/checks"; }
hasnt() { printf 'hasnt\t%s\t%s\n' "$1" "$2" >>"$T/checks"; }
check_all() {
    run classes-run 0 $WEFT run -p entities -f tsv $(sed "s|.*|$T/&.txt|" "$T/names")
    # a document's lines start with its id, the file's path
    while read -r n; do
        awk -F'\t' -v id="$T/$n.txt" 'NR > 1 && $1 == id { print $2 "|" $5 }' "$T/out" >"$T/$n.got"
    done <"$T/names"
    while IFS="$(printf '\t')" read -r how n want; do
        if grep -qxF "$want" "$T/$n.got"; then found=has; else found=hasnt; fi
        if [ "$how" = "$found" ]; then
            pass "$n-$how-$want"
        else
            fail "$n-$how-$want" "$(tr '\n' ' ' <"$T/$n.got")"
        fi
    done <"$T/checks"
}

# A possessive ends a person's name: what follows is the person's thing,
# unless it is the last word of a place named so ("St John's Wood")
ents poss1 "Peter's Wood carvings sold well at the fair."
has poss1 "PER|Peter"
hasnt poss1 "LOC|Peter's Wood"
# "Marta's Garden tools": Marta's tools, or tools of a brand "Marta's
# Garden" (the model, reading the possessive as a token apart as CoNLL-2003
# writes it, takes the brand); either way no place named by its head word
ents poss2 "Marta's Garden tools are cheap in Leeds."
hasnt poss2 "LOC|Marta's Garden"
has poss2 "LOC|Leeds"
ents poss3 "They walked from St John's Wood to the river."
has poss3 "LOC|St John's Wood"
ents poss4 "We met at King's Cross station."
has poss4 "LOC|King's Cross"

# A name right after a noun of works is a work (MISC), after a noun of bands
# a band (ORG), whatever the model read; a noun between, or a verb that is
# spelt as a noun ("to play"), leaves the name as it was
ents work1 "The film Oppenheimer opened in July."
has work1 "MISC|Oppenheimer"
hasnt work1 "PER|Oppenheimer"
ents work2 "Critics loved her novel Beloved when it came out."
has work2 "MISC|Beloved"
ents work3 "He praised the film director Christopher Nolan."
has work3 "PER|Christopher Nolan"
ents work4 "The band Atoms for Peace released a record in Leeds."
has work4 "ORG|Atoms for Peace"
ents work5 "Last year the duo Daft Punk split up."
has work5 "ORG|Daft Punk"
ents work6 "Ireland will play Austria in Dublin."
hasnt work6 "MISC|Austria"

# Villages whose first word is an adjective of place names and is also a
# surname: a place, whole, unless a given name makes it a person
ents village1 "Little Snoring is a village in Norfolk."
has village1 "LOC|Little Snoring"
hasnt village1 "PER|Little"
ents village2 "Great Ayton lies on the river Leven."
has village2 "LOC|Great Ayton"
# (the village rule must leave a person with a given name alone; whether
# the model takes "Little" into the name is the model's)
ents village3 "Little Richard sang in Macon."
hasnt village3 "LOC|Little Richard"
hasnt village3 "LOC|Richard"
ents village4 "Mr Little said no."
has village4 "PER|Little"

# A given name alone before a verb of what people do is a person; a big
# city's name before "said" speaks for the city
ents given1 "Bob lives in Oslo."
has given1 "PER|Bob"
has given1 "LOC|Oslo"
ents given2 "Ann works at IBM."
has given2 "PER|Ann"
hasnt given2 "LOC|Ann"
ents given3 "After the war, Edith married a baker."
has given3 "PER|Edith"
ents given4 "Paris said it would not sign."
hasnt given4 "PER|Paris"

# Hyphenated names keep their types through the hyphen join: bodies are
# ORG, places LOC, adjectives of nations MISC; a hyphenated name the model
# reads as an adjective is a body after a preposition of bodies
# (the shipped model of session 14, averaged over three runs, leaves
# "T-Mobile" here unlabelled: the repair has no MISC to retype; a recall
# miss of the model, listed in the closing note)
ents hyph1 "He works for T-Mobile in Bonn."
hasnt hyph1 "MISC|T-Mobile"
hasnt hyph1 "LOC|T-Mobile"
ents hyph2 "Sales at Coca-Cola rose, and Rolls-Royce cut jobs."
has hyph2 "ORG|Coca-Cola"
hasnt hyph2 "LOC|Rolls-Royce"
hasnt hyph2 "PER|Rolls-Royce"
ents hyph3 "She moved to Stratford-upon-Avon."
has hyph3 "LOC|Stratford-upon-Avon"
ents hyph4 "The Anglo-French envoys met pro-Russian rebels."
has hyph4 "MISC|Anglo-French"
has hyph4 "MISC|Russian"
ents hyph5 "It was a town of Anglo-Saxon origin."
has hyph5 "MISC|Anglo-Saxon"

# No one's name ends in the plural of a common noun: a band, a team (ORG);
# a surname that is also such a word stays a person's
ents group1 "Arctic Monkeys toured Europe."
has group1 "ORG|Arctic Monkeys"
ents group2 "Foo Fighters headlined the festival in Leeds."
has group2 "ORG|Foo Fighters"
hasnt group2 "PER|Foo Fighters"
ents group3 "James Mills said no."
has group3 "PER|James Mills"
ents group4 "Anna Brooks and Carl Banks met in Oslo."
has group4 "PER|Anna Brooks"
has group4 "PER|Carl Banks"
ents work7 "The first movie I saw as a child was about the sea."
hasnt work7 "MISC|I"
ents work8 "She loved the film The Third Man as a child."
has work8 "MISC|The Third Man"

# Railways and junctions are places (LOC); a railway named after the places
# it joins is one name; a railway company, or a railway as the subject of a
# verb only a company has, stays an organisation; "Railways" (an operator)
# is left to the model
ents rail1 "The Kessling and Marrow Valley Railroad opened in 1881 and ran north from Kessling."
has rail1 "LOC|Kessling and Marrow Valley Railroad"
hasnt rail1 "ORG|Marrow Valley Railroad"
ents rail2 "Trains on the Harwick, Ollen and Stavely Railway were slow."
has rail2 "LOC|Harwick, Ollen and Stavely Railway"
ents rail3 "The line ran from Corran Junction to the harbour."
has rail3 "LOC|Corran Junction"
ents rail4 "The Ardlow Railway Company raised fares."
has rail4 "ORG|Ardlow Railway Company"
ents rail5 "The Brenning Railroad announced a merger."
has rail5 "ORG|Brenning Railroad"
ents rail6 "Coal came down the Tarlow Valley Railway to the docks."
has rail6 "LOC|Tarlow Valley Railway"
# the railway's name without its head is the same line, elsewhere in the text
ents rail7 "The Pell and Dorrow Railroad bought new engines. The Pell and Dorrow ran trains to the coast."
has rail7 "LOC|Pell and Dorrow Railroad"
has rail7 "LOC|Pell and Dorrow"
hasnt rail7 "ORG|Pell and Dorrow"
ents rail8 "Maine Coastal Railroad trains ran daily. The Maine Coastal carried coal."
has rail8 "LOC|Maine Coastal"

# A name in the possessive with no noun after it is a shop or a firm, with
# its possessive (ORG); a person's possessive before a noun, or after a full
# name, stays the person's
ents shop1 "The mall opened in 1985 with Pellham's and Sears as anchors."
has shop1 "ORG|Pellham's"
hasnt shop1 "PER|Pellham"
ents shop2 "Garrow's became Tilley's in 2001."
has shop2 "ORG|Tilley's"
ents shop3 "Kessler's was added a year later."
has shop3 "ORG|Kessler's"
ents shop4 "The decision was Anna Berg's."
has shop4 "PER|Anna Berg"
ents shop5 "Peter's car was red."
has shop5 "PER|Peter"
# "the" before a plural name: a group even when a word of it is also a given
# name ("Shadow" is one of the given-name lists')
ents group5 "The Last Shadow Puppets released a new album."
has group5 "ORG|Last Shadow Puppets"
hasnt group5 "PER|Shadow Puppets"

# A hyphenated name ending in a firm's word is a firm (ORG), also where the
# model tagged nothing; places, people and adjectives keep their types
ents hfirm1 "T-Mobile raised prices again."
has hfirm1 "ORG|T-Mobile"
ents hfirm2 "He worked for Bertelsmann-Verlag in Gütersloh."
has hfirm2 "ORG|Bertelsmann-Verlag"
hasnt hfirm2 "LOC|Bertelsmann-Verlag"
ents hfirm3 "The Anglo-French envoys met."
has hfirm3 "MISC|Anglo-French"
ents hfirm4 "Jean-Luc Picard smiled."
has hfirm4 "PER|Jean-Luc Picard"
# the score of a span a repair made is a rule's (REPAIR_SCORE), not the
# model's certainty of the reading the repair replaced ("T-Mobile", which
# the model left out, scored 1.0)
ents hfirm5 "T-Mobile raised prices again."

# A list after "such as", "including" or "like" and a plural noun of a kind
# of names, or before "and other" and that noun, holds names of that kind
# (Hearst's patterns); a name the gazetteer knows whole as another kind
# keeps its type
ents kind1 "He played with guitarists such as Tomas Perle, Anik Dover and Jorro."
has kind1 "PER|Jorro"
hasnt kind1 "ORG|Jorro"
ents kind2 "The tour featured Velvet Ash, Copper Lanterns, and several other bands."
has kind2 "ORG|Velvet Ash"
hasnt kind2 "PER|Velvet Ash"
ents kind3 "Players such as Paris Hilton and Berlin Smith joined."
has kind3 "PER|Berlin Smith"
ents kind4 "Artists such as Gwen Stefani and Linkin Park attended."
has kind4 "PER|Gwen Stefani"
# (review) a person before "and" is not part of a railway's name; a plural's
# curly apostrophe and a given name alone before a full stop are a person's;
# a prefix before a hyphen makes no firm; "like" as a verb lists nothing
ents rail9 "Anna Berg and Midland Railway managers met on Monday."
has rail9 "PER|Anna Berg"
hasnt rail9 "LOC|Anna Berg and Midland Railway"
ents shop6 "We met the Jones’ and Sears opened."
hasnt shop6 "ORG|Jones’"
ents shop7 "The decision was Peter's."
hasnt shop7 "ORG|Peter's"
ents shop8 "That book is Mary's, not mine."
hasnt shop8 "ORG|Mary's"
ents hfirm6 "The Cross-Party group met on Monday."
hasnt hfirm6 "ORG|Cross-Party"
ents kind5 "Many players like Reebok and Umbro boots."
hasnt kind5 "PER|Reebok"
hasnt kind4 "PER|Linkin Park"


# A currency code alone is an amount's unit, not an ORG or MISC; a name
# that starts with one keeps it
ents cur1 "The penalty was a fine (GBP) of 300, paid in CHF."
hasnt cur1 "ORG|GBP"
hasnt cur1 "MISC|GBP"
hasnt cur1 "ORG|CHF"
ents cur2 "Analysts said the USD weakened while SEK held steady."
hasnt cur2 "ORG|USD"
hasnt cur2 "ORG|SEK"
ents cur3 "EUR Holdings said it would appeal the ruling."
has cur3 "ORG|EUR Holdings"
# A title stays out of the PER span, before a surname particle too
ents tpart1 "Ms van der Linden chaired the hearing."
has tpart1 "PER|van der Linden"
hasnt tpart1 "PER|Ms van der Linden"
ents tpart2 "On Friday Dr de Groot and Mr Hale presented the findings."
has tpart2 "PER|de Groot"
hasnt tpart2 "PER|Dr de Groot"
has tpart2 "PER|Hale"
hasnt tpart2 "PER|Mr Hale"
# "Washington, D.C." is one place; a city and its state stay two (CoNLL-2003)
ents dc1 "The delegation spent a week in Washington, D.C., before flying home."
has dc1 "LOC|Washington, D.C."
hasnt dc1 "LOC|D.C."
ents dc2 "Their office in Washington, DC closed in May."
has dc2 "LOC|Washington, DC"
ents dc3 "The plant opened in Fresno, Calif., two years ago."
has dc3 "LOC|Fresno"
has dc3 "LOC|Calif."
# A place in the possessive before a noun only a firm has is a firm; a
# country keeps its type (session 16 try-out)
ents owner1 "Amazon's shareholders voted against the plan on Tuesday."
has owner1 "ORG|Amazon"
hasnt owner1 "LOC|Amazon"
ents owner2 "Orlen Valley's chief executive resigned in March."
hasnt owner2 "LOC|Orlen Valley"
has owner2 "ORG|Orlen Valley"
ents owner4 "South Korea's earnings from chip exports rose while Hong Kong's chief executive met bankers."
has owner4 "LOC|South Korea"
has owner4 "LOC|Hong Kong"
ents owner5 "Amazon's shares fell while Tokyo's shares rose and California's revenue grew."
has owner5 "ORG|Amazon"
has owner5 "LOC|Tokyo"
has owner5 "LOC|California"
ents owner3 "Norway's economy grew while Brazil's profits from oil rose."
has owner3 "LOC|Norway"
has owner3 "LOC|Brazil"
# A ship's prefix and name are one MISC; "MS" or "SS" only after a word for a ship
ents ship1 "The cruise ship MS Aurelia Star docked in Bergen on Monday."
has ship1 "MISC|MS Aurelia Star"
hasnt ship1 "PER|Aurelia Star"
ents ship2 "Tourists queue to board HMS Valorous in Portsmouth."
has ship2 "MISC|HMS Valorous"
ents ship3 "The MS Society said Dr Lena Holt would lead the study."
hasnt ship3 "MISC|MS Society"
check_all
# (whether the model types "Rolls-Royce" ORG or MISC varies with the
# training run; the join keeps it one name either way)
grep -q '|Rolls-Royce$' "$T/hyph2.got" && pass hyph2-one-Rolls-Royce || fail hyph2-one-Rolls-Royce "$(tr '\n' ' ' <"$T/hyph2.got")"
awk -F'\t' -v id="$T/hfirm5.txt" '$1 == id && $2 == "ORG" && $5 == "T-Mobile" && $6 < 0.9 { ok = 1 } END { exit !ok }' "$T/out" &&
    pass repaired-score || fail repaired-score "$(awk -F'\t' -v id="$T/hfirm5.txt" '$1 == id { print $2, $5, $6 }' "$T/out" | tr '\n' ' ')"
