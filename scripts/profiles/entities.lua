-- entities: named entities and dates, money, percentages... in news text (weft run -p entities news.txt).
return weft.pipeline {
  name = "entities", doc = "Tokens, sentences and entities (PER ORG LOC MISC, DATE TIME MONEY PERCENT QUANTITY EMAIL URL PHONE)",
  weft.stage "tokenizer" {},
  weft.stage "entities" { model = "entities/ner-conll2003.model" },
}
