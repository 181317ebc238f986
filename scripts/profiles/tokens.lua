-- tokens: tokens with their kinds, and sentences (weft run -p tokens file.txt).
return weft.pipeline {
  name = "tokens", doc = "Tokens (with kinds) and sentences",
  weft.stage "tokenizer" {},
}
