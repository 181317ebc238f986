-- A pipeline that uses every kind of parameter value (test_lua.c checks
-- the spec it turns into, line numbers included).
return weft.pipeline {
  name = "news", doc = "one line",
  weft.stage "tokenizer" { style = "uax29" },
  weft.stage "entities" {
    as = "ents2", labels = { "PER", "ORG" }, threshold = 0.5, max = 3, lower = true,
    opts = { b = { 1, 2.5 }, a = "x", empty = {} },
  },
  false, -- skipped: how a stage is made optional
  weft.lua "headline_tone" {
    requires = { "sentence", "sentiment" }, provides = "attr:headline_tone",
    run = function(doc)
      local first = doc:first("sentence")
      if first then doc:set("headline_tone", doc:score_within("sentiment", first)) end
    end,
  },
  weft.stage "entities" { },
}
