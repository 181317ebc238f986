-- clean: the main text of web pages or scraped text, boilerplate removed
-- (weft run -p clean -f text page.html prints just the text).
return weft.pipeline {
  name = "clean", doc = "Main text of HTML pages or scraped text, with boilerplate removed",
  weft.stage "boilerplate" {},
  weft.lua "report" {
    provides = { "attr:report" },
    -- -f text prints the "report" attribute as it is: here, the text alone
    run = function(doc) doc:set("report", doc:text()) end,
  },
}
