-- clean: the main text of web pages or scraped text, boilerplate removed
-- (weft run -p clean -f text page.html prints just the text).
return weft.pipeline {
  name = "clean", doc = "Main text of HTML pages or scraped text, with boilerplate removed",
  weft.stage "boilerplate" {},
  weft.lua "report" {
    provides = { "attr:report" },
    -- -f text prints the "report" attribute as it is: here, the text alone
    -- (only then: in JSON Lines it would be the whole text a second time)
    run = function(doc)
      if weft.output and weft.output ~= "text" then return end
      doc:set("report", doc:text())
    end,
  },
}
