-- Evaluation pipeline: pre-tokenised text (one gold token per blank-separated
-- token, one sentence a line) into the entities stage.
return weft.pipeline {
  name = "entities-eval",
  weft.stage "ent_tok" {},
  weft.stage "entities" { labels = { "PER", "ORG", "LOC", "MISC" } },
}
