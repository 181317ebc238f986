-- A pipeline script: the example plugin, then an inline Lua stage.
-- Run it from the repository after `make` (which builds the plugin into build/examples/):
--   build/weft run examples/wordlen.lua --plugin-path build/examples examples/docs/
return weft.pipeline {
  name = "wordlen-demo", doc = "Word lengths per document, and its longest words",
  weft.stage "wordlen" { min_len = 2, unit = "chars" },
  weft.lua "longest" {
    requires = { "word" }, provides = { "attr:longest" },
    run = function(doc)
      local best, words = 0, {}
      for w in doc:each("word") do
        if w.score > best then best, words = w.score, { w.text }
        elseif w.score == best then words[#words + 1] = w.text end
      end
      doc:set("longest", table.concat(words, ", "))
    end,
  },
}
