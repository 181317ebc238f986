-- sentiment: VADER scores per sentence and for the document (weft run -p sentiment reviews.jsonl).
return weft.pipeline {
  name = "sentiment", doc = "Sentences and their VADER sentiment (neg, neu, pos, compound), means per document",
  weft.stage "tokenizer" {},
  weft.stage "sentiment" { scope = "sentence" },
}
