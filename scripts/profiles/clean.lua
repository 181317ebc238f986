-- clean: the main text of web pages or scraped text, boilerplate removed (weft run -p clean page.html).
return weft.pipeline {
  name = "clean", doc = "Main text of HTML pages or scraped text, with boilerplate removed",
  weft.stage "boilerplate" {},
}
