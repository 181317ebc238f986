return weft.pipeline {
  weft.lua "a" { provides = { "x" }, run = function(doc) doc:add("x", 0, 5) doc:add("x", 3, 99) end },
  weft.lua "b" { requires = { "x", "view:text", "attr:title" }, run = function(doc) local h = doc; doc:text("nope"); keep = h end },
  weft.lua "c" { run = function(doc) return keep and keep:count("x") end },
  weft.stage "boilerplate" { input = "html", favor = "recall", max_link_density = 2 },
}
