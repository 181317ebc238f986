return weft.pipeline {
  name = "demo", doc = "two stages",
  weft.stage "tokenizer" { style = "ptb", abbreviations = { "Dept.", "approx" } },
  weft.stage "entities" { as = "ents", min_score = 0.5, labels = "PER",
    patterns = { { label = "X", regex = "[0-9]+", caseless = false }, nested = { a = { b = 1.5 } } } },
}
