return weft.pipeline {
  weft.lua "longest" {
    requires = { "token" }, provides = { "attr:longest", "mark" },
    run = function(doc)
      local best, words = 0, {}
      for w in doc:each("token") do
        local n = utf8.len(w.text) or 0
        if n > best then best, words = n, { w.text } elseif n == best then words[#words + 1] = w.text end
      end
      doc:set("longest", table.concat(words, ", "))
      doc:set("n", doc:count("token"))
      local f = doc:first("token")
      if f then doc:add("mark", f.begin, f["end"], { label = "FIRST", score = 1, attrs = { k = "v", b = true } }) end
      for _, r in ipairs(doc:covering("token", 0, 3)) do doc:set("cov", r.text) end
      for _, r in ipairs(doc:contained("token", 0, 17)) do doc:set("last", r.text) end
      doc:set("mean", doc:score_within("token", { begin = 0, ["end"] = 17 }) or -1)
      doc:set("views", #doc:views()); doc:set("id", doc.id); doc:set("t", doc:text():sub(1, 5))
    end,
  },
}
