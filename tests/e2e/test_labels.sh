# Label vocabularies end to end: shipped plugins declare the labels they
# write and read (weft plugins info shows them), weft check and weft run
# catch a consumer expecting a label its provider does not write, an
# undeclared provider satisfies everyone, and a class of ABI 1.0's size
# loads with its missing fields unread.
. tests/e2e/lib.sh

run info-tokenizer 0 $WEFT plugins info tokenizer
contains info-tokenizer-labels "$T/out" "labels    token: word number punct symbol url email mention hashtag emoji emoticon abbreviation"
contains info-tokenizer-sentence "$T/out" "sentence: (no labels)"
run info-entities 0 $WEFT plugins info entities
contains info-entities-labels "$T/out" "labels    entity: PER ORG LOC MISC DATE TIME MONEY PERCENT QUANTITY EMAIL URL PHONE (and others)"
contains info-entities-expects "$T/out" "expects   token: word number punct url email"
run info-boilerplate 0 $WEFT plugins info boilerplate
contains info-boilerplate-labels "$T/out" "labels    boilerplate: nav link-dense share"

# the shipped declarations agree with each other
run check-entities-profile 0 $WEFT check -p entities
run check-news-profile 0 $WEFT check -p news

# a tokenizer of one's own that renamed "number" to "num"
cat >"$T/renamed.lua" <<'LUA'
return weft.pipeline {
  weft.lua "mytok" {
    provides = { "sentence", token = { "word", "num", "punct", "url", "email" } },
    run = function(doc)
      for b, e in doc:text():gmatch("()%S+()") do doc:add("token", b - 1, e - 1, { label = "word" }) end
      doc:add("sentence", 0, #doc:text())
    end,
  },
  weft.stage "entities" {},
}
LUA
run check-renamed 2 $WEFT check "$T/renamed.lua"
contains check-renamed-msg "$T/err" "renamed.lua:9: stage 'entities': expects label 'number' in layer 'token', which stage 'mytok' (inline Lua, $T/renamed.lua:2) does not write (its labels: word, num, punct, url, email)"
printf 'Ann paid 5 dollars.\n' >"$T/a.txt"
run run-renamed 2 $WEFT run "$T/renamed.lua" "$T/a.txt"
contains run-renamed-msg "$T/err" "expects label 'number' in layer 'token'"
# the same stage declaring every kind entities reads passes
sed 's/"num"/"number"/' "$T/renamed.lua" >"$T/fixed.lua"
run check-fixed 0 $WEFT check "$T/fixed.lua"
run run-fixed 0 $WEFT run "$T/fixed.lua" "$T/a.txt"
# and so does one that declares nothing
sed 's/provides = {.*},$/provides = { "sentence", "token" },/' "$T/renamed.lua" >"$T/silent.lua"
contains silent-rewritten "$T/silent.lua" 'provides = { "sentence", "token" },'
run check-silent 0 $WEFT check "$T/silent.lua"
# an inline consumer's expectation against the tokenizer's declaration
cat >"$T/consumer.lua" <<'LUA'
return weft.pipeline {
  weft.stage "tokenizer" {},
  weft.lua "hashtags" {
    requires = { token = { "hashtag", "cashtag" } },
    run = function(doc) end,
  },
}
LUA
run check-consumer 2 $WEFT check "$T/consumer.lua"
contains check-consumer-msg "$T/err" "consumer.lua:3: stage 'hashtags': expects label 'cashtag' in layer 'token', which stage 'tokenizer' (plugin tokenizer, $T/consumer.lua:2) does not write"
sed -i 's/, "cashtag"//' "$T/consumer.lua"
run check-consumer-ok 0 $WEFT check "$T/consumer.lua"

# a stage class of ABI 1.0's size: loads, shows no labels, feeds entities
P="--plugin-path $FIX/old_class.so"
run old-info 0 $WEFT plugins info old_class $P
lacks old-info-no-labels "$T/out" "labels "
cat >"$T/old.lua" <<'LUA'
return weft.pipeline {
  weft.stage "old_class" {},
  weft.lua "sent" { provides = { "sentence" }, run = function(doc) doc:add("sentence", 0, #doc:text()) end },
  weft.stage "entities" {},
}
LUA
run old-check 0 $WEFT check "$T/old.lua" $P
printf 'Helen Brandt visited Berlin.\n' >"$T/b.txt"
run old-run 0 $WEFT run "$T/old.lua" $P -f tsv "$T/b.txt"
contains old-run-entity "$T/out" "Helen Brandt"
