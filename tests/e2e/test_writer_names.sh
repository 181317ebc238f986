# The layer and attribute names -f tsv, -f conll and -f text read are
# options (--entity-layer, --token-layer, --sentence-layer, --source-attr,
# --report-attr) and script declarations (weft.pipeline { output = {...} }),
# fed here by the other_names fixture, which uses none of the default names.
. tests/e2e/lib.sh
P="--plugin-path $FIX/other_names.so"

cat >"$T/plain.lua" <<'LUA'
return weft.pipeline { weft.stage "other_names" {} }
LUA
cat >"$T/declared.lua" <<'LUA'
return weft.pipeline {
  output = { entity_layer = "ne", token_layer = "tok", sentence_layer = "sent",
             source_attr = "via", report_attr = "digest" },
  weft.stage "other_names" {},
}
LUA
printf 'Ann met Bob in Paris. They left.\n' >"$T/a.txt"

cat >"$T/tsv.want" <<WANT
id	label	begin	end	text	score	source
$T/a.txt	CAP	0	3	Ann	1.0	caps
$T/a.txt	CAP	8	11	Bob	1.0	caps
$T/a.txt	CAP	15	21	Paris.	1.0	caps
$T/a.txt	CAP	22	26	They	1.0	caps
WANT
cat >"$T/conll.want" <<WANT
# id = $T/a.txt
Ann	B-CAP
met	O
Bob	B-CAP
in	O
Paris.	B-CAP

They	B-CAP
left.	O

WANT
printf '7 tokens, 4 names\n' >"$T/text.want"

same() { # NAME WANT GOT
    if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff "$2" "$3" | head -20)"; fi
}

# default names: nothing of the fixture's is shown
run tsv-default 0 $WEFT run "$T/plain.lua" $P -f tsv "$T/a.txt"
if [ "$(wc -l <"$T/out")" -eq 1 ]; then pass tsv-default-empty; else fail tsv-default-empty "$(cat "$T/out")"; fi
run conll-default 0 $WEFT run "$T/plain.lua" $P -f conll "$T/a.txt"
lacks conll-default-no-tokens "$T/out" "Ann"
run text-default 0 $WEFT run "$T/plain.lua" $P -f text "$T/a.txt"
contains text-default-summary "$T/out" "digest: 7 tokens, 4 names"

# the options
run tsv-opts 0 $WEFT run "$T/plain.lua" $P -f tsv --entity-layer ne --source-attr via "$T/a.txt"
same tsv-opts-out "$T/tsv.want" "$T/out"
run conll-opts 0 $WEFT run "$T/plain.lua" $P -f conll --entity-layer ne --token-layer tok \
    --sentence-layer sent "$T/a.txt"
same conll-opts-out "$T/conll.want" "$T/out"
run text-opts 0 $WEFT run "$T/plain.lua" $P -f text --report-attr digest "$T/a.txt"
same text-opts-out "$T/text.want" "$T/out"
run opt-equals 0 $WEFT run "$T/plain.lua" $P -f tsv --entity-layer=ne --source-attr=via "$T/a.txt"
same opt-equals-out "$T/tsv.want" "$T/out"

# the script's declaration, without flags
run tsv-declared 0 $WEFT run "$T/declared.lua" $P -f tsv "$T/a.txt"
same tsv-declared-out "$T/tsv.want" "$T/out"
run conll-declared 0 $WEFT run "$T/declared.lua" $P -f conll "$T/a.txt"
same conll-declared-out "$T/conll.want" "$T/out"
run text-declared 0 $WEFT run "$T/declared.lua" $P -f text "$T/a.txt"
same text-declared-out "$T/text.want" "$T/out"
# an option wins over the declaration
run tsv-opt-over-script 0 $WEFT run "$T/declared.lua" $P -f tsv --entity-layer tok "$T/a.txt"
contains tsv-opt-over-script-tok "$T/out" "	met	"
# jsonl is not affected by the names
run jsonl-declared 0 $WEFT run "$T/declared.lua" $P "$T/a.txt"
cp "$T/out" "$T/d.jsonl"
run jsonl-plain 0 $WEFT run "$T/plain.lua" $P "$T/a.txt"
same jsonl-same "$T/d.jsonl" "$T/out"

# shipped profiles keep their output with the default names spelled out
printf 'Sen. Rand Paul met officials in Berlin on Friday.\n' >"$T/b.txt"
run profile-default 0 $WEFT run -p entities -f conll "$T/b.txt"
cp "$T/out" "$T/p1"
contains profile-default-per "$T/p1" "Rand	B-PER"
run profile-explicit 0 $WEFT run -p entities -f conll --entity-layer entity --token-layer token \
    --sentence-layer sentence "$T/b.txt"
same profile-explicit-same "$T/p1" "$T/out"

# bad names: a usage error naming the option, or script:line
run bad-opt 2 $WEFT run "$T/plain.lua" $P -f tsv --entity-layer 'n e' "$T/a.txt"
contains bad-opt-msg "$T/err" "--entity-layer 'n e': expected a layer or attribute name"
run bad-opt-empty 2 $WEFT run "$T/plain.lua" $P --report-attr= "$T/a.txt"
contains bad-opt-empty-msg "$T/err" "--report-attr ''"
cat >"$T/bad1.lua" <<'LUA'
return weft.pipeline {
  output = { entity_layer = "view:text" },
  weft.stage "other_names" {},
}
LUA
run bad-declared 2 $WEFT check "$T/bad1.lua" $P
contains bad-declared-msg "$T/err" "bad1.lua:1: weft.pipeline: output.entity_layer must be a layer or attribute name"
cat >"$T/bad2.lua" <<'LUA'
return weft.pipeline { output = { entity = "ne" }, weft.stage "other_names" {} }
LUA
run bad-key 2 $WEFT check "$T/bad2.lua" $P
contains bad-key-msg "$T/err" "unknown output field 'entity' (did you mean 'entity_layer'?) (expected entity_layer"
cat >"$T/bad3.lua" <<'LUA'
return weft.pipeline { output = "ne", weft.stage "other_names" {} }
LUA
run bad-type 2 $WEFT check "$T/bad3.lua" $P
contains bad-type-msg "$T/err" "output must be a table"
# a layer name no stage provides is a typo, caught before any document is
# read, from an option and from the script's declaration
run typo-opt 2 $WEFT run "$T/plain.lua" $P -f tsv --entity-layer nee "$T/a.txt"
contains typo-opt-msg "$T/err" "--entity-layer 'nee': no stage of the pipeline provides layer 'nee' (its layers: tok, sent, ne)"
if [ -s "$T/out" ]; then fail typo-opt-no-output "output written"; else pass typo-opt-no-output; fi
run typo-opt-conll 2 $WEFT run "$T/plain.lua" $P -f conll --sentence-layer sentence "$T/a.txt"
contains typo-opt-conll-msg "$T/err" "--sentence-layer 'sentence': no stage"
cat >"$T/typo.lua" <<'LUA'
return weft.pipeline { output = { token_layer = "toks" }, weft.stage "other_names" {} }
LUA
run typo-declared 2 $WEFT check "$T/typo.lua" $P
contains typo-declared-msg "$T/err" "typo.lua: output.token_layer 'toks': no stage of the pipeline provides layer 'toks'"
