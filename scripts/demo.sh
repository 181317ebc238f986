#!/bin/sh
# make demo: the news profile (boilerplate -> tokenizer -> entities ->
# sentiment -> a Lua summary) over the bundled examples: one news page as
# HTML and one already-scraped article with the usual boilerplate.
B=${1:-build}
set -e
echo "\$ weft run -p news -f text examples/news/"
echo
"$B/weft" run -p news -f text examples/news/
