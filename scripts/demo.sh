#!/bin/sh
# make demo: run the example pipeline (example plugin + inline Lua stage)
# over the bundled example documents, as a human-readable report.
B=${1:-build}
set -e
echo "\$ weft run examples/wordlen.lua -f text examples/docs/"
"$B/weft" run examples/wordlen.lua -f text --plugin-path "$B/examples" examples/docs/
