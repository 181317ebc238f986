-- Exercises the document API on the document test_lua.c builds:
-- raw "Hello big world. Zoë is here.", layers sentence, token, sentiment.
local function eq(a, b, what)
  if a ~= b then
    error(what .. ": expected " .. tostring(b) .. ", got " .. tostring(a), 2)
  end
end

local function fails(pattern, f, ...)
  local ok, err = pcall(f, ...)
  if ok then error("expected an error matching " .. pattern, 2) end
  if not tostring(err):find(pattern) then error("unexpected error: " .. tostring(err), 2) end
end

return weft.pipeline {
  weft.lua "check" {
    run = function(doc)
      eq(doc.id, "doc-1", "id")
      eq(tostring(doc), "weft.doc: doc-1", "tostring")
      local text = doc:text()
      eq(text, "Hello big world. Zoë is here.", "text")
      eq(doc:text("raw"), text, "text('raw')")
      eq(doc:text("nope"), nil, "missing view")
      local views = doc:views()
      eq(#views, 1, "#views")
      eq(views[1], "raw", "views[1]")

      local toks = doc:layer("token")
      eq(#toks, 8, "#token")
      eq(toks[1].begin, 0, "begin")
      eq(toks[1]["end"], 5, "end")
      eq(toks[1].text, "Hello", "text")
      eq(text:sub(toks[5].begin + 1, toks[5]["end"]), "Zoë", "sub")
      eq(toks[5].text, "Zoë", "utf8 text")
      eq(toks[1].label, "word", "label")
      eq(toks[4].label, "punct", "label")
      eq(toks[1].score, nil, "unset score")
      eq(toks[1].attrs.lemma, "hello", "string attr")
      eq(toks[2].attrs.n, 2, "int attr")
      eq(math.type(toks[2].attrs.n), "integer", "int attr type")
      eq(toks[2].attrs.flag, true, "bool attr")
      eq(toks[2].attrs.w, 0.5, "num attr")
      eq(next(toks[3].attrs), nil, "no attrs")
      fails("read%-only", function() toks[3].attrs.x = 1 end)

      eq(doc:count("token"), 8, "count")
      eq(doc:count("missing"), 0, "count missing")
      eq(#doc:layer("missing"), 0, "layer missing")
      eq(doc:first("missing"), nil, "first missing")
      local s1 = doc:first("sentence")
      eq(s1.begin, 0, "first.begin")
      eq(s1["end"], 16, "first.end")

      local n = 0
      for _ in doc:each("token") do n = n + 1 end
      eq(n, 8, "each")
      local words = {}
      for r in doc:each("token", s1) do words[#words + 1] = r.text end
      eq(table.concat(words, " "), "Hello big world .", "each within")
      n = 0
      for _ in doc:each("missing") do n = n + 1 end
      eq(n, 0, "each missing")

      local cov = doc:covering("sentence", 6, 9)
      eq(#cov, 1, "#covering")
      eq(cov[1].begin, 0, "covering begin")
      eq(#doc:covering("sentence", 10, 20), 0, "covering across")
      eq(#doc:covering("token", toks[2]), 1, "covering a record")
      eq(#doc:contained("token", s1), 4, "contained record")
      eq(#doc:contained("token", 0, 5), 1, "contained span")
      eq(#doc:contained("token", 0, 30), 8, "contained all")

      eq(doc:score_within("sentiment", s1), 0.5, "score_within")
      eq(doc:score_within("sentiment", 17, 30), nil, "score_within none")
      eq(doc:score_within("missing", s1), nil, "score_within missing layer")
      local sent = doc:layer("sentiment")
      eq(sent[1].score, 0.25, "score")
      eq(sent[2].score, nil, "NaN score is absent")

      eq(doc:get("lang"), "en", "get string")
      eq(doc:get("n"), 42, "get int")
      eq(doc:get("missing"), nil, "get missing")

      doc:set("flag", true)
      doc:set("count", 7)
      doc:set("ratio", 0.25)
      doc:set("label", "ok")
      doc:set("nothing", nil)
      eq(doc:get("count"), 7, "get after set")
      eq(doc:get("nothing"), nil, "set nil")

      local i = doc:add("ents", 17, 21, {
        label = "PER", score = 0.5, attrs = { gender = "f", rank = 1, known = true, w = 1.5 },
      })
      eq(i, 1, "add index")
      eq(doc:add("ents", 0, 5, { label = "X" }), 2, "add index 2") -- out of order
      local e = doc:layer("ents") -- re-sorted
      eq(e[1].label, "X", "sorted 1")
      eq(e[2].label, "PER", "sorted 2")
      eq(e[2].text, "Zoë", "added text")
      eq(e[2].score, 0.5, "added score")
      eq(e[2].attrs.gender, "f", "added attr")
      eq(e[2].attrs.rank, 1, "added int attr")
      eq(doc:add("plain", 22, 24), 1, "add without options")

      fails("outside the view", doc.add, doc, "ents", 5, 1000)
      fails("UTF%-8", doc.add, doc, "ents", 19, 20)
      fails("out of range", doc.add, doc, "ents", -1, 2)
      fails("unknown option 'lable'", doc.add, doc, "ents", 0, 1, { lable = "x" })
      fails("attribute 't' cannot be a table", doc.add, doc, "ents", 0, 1, { attrs = { t = {} } })
      fails("score must be a number", doc.add, doc, "ents", 0, 1, { score = "high" })
      fails("cannot be a table", doc.set, doc, "k", {})
      fails("cannot be assigned", function() doc.x = 1 end)
      fails("weft.doc expected", doc.text, "not a doc")
      fails("ends before it begins", doc.contained, doc, "token", 5, 2)
      eq(doc:count("ents"), 2, "failed adds add nothing")

      -- doc:records: the same records as doc:layer, field by field
      for _, name in ipairs({ "token", "sentiment", "sentence", "ents" }) do
        local v, arr = doc:records(name), doc:layer(name)
        eq(#v, #arr, name .. ": #records")
        for k = 1, #v do
          local r, b, e = arr[k], v:span(k)
          eq(b, r.begin, name .. " span begin " .. k)
          eq(e, r["end"], name .. " span end " .. k)
          eq(v:begin(k), r.begin, name .. " begin " .. k)
          eq(v:finish(k), r["end"], name .. " finish " .. k)
          eq(v:text(k), r.text, name .. " text " .. k)
          eq(v:label(k), r.label, name .. " label " .. k)
          eq(v:score(k), r.score, name .. " score " .. k)
          for key, val in pairs(r.attrs) do eq(v:attr(k, key), val, name .. " attr " .. key) end
          local c = v:record(k)
          eq(c.text, r.text, name .. " record " .. k)
          eq(c ~= r, true, "record() is a fresh table")
        end
      end
      local tv = doc:records("token")
      eq(tv:attr(1, "nope"), nil, "attr missing")
      eq(tv:attr(3, "lemma"), nil, "attr of a record without attributes")
      eq(tostring(tv), "weft.records: token (8 records)", "records tostring")
      local inside = {}
      for k in tv:inside(s1) do inside[#inside + 1] = tv:text(k) end
      eq(table.concat(inside, " "), "Hello big world .", "inside a record")
      inside = {}
      for k in tv:inside(17, 24) do inside[#inside + 1] = k end
      eq(table.concat(inside, ","), "5,6", "inside a span")
      fails("record 9 is out of range %(layer 'token' has 8 records%)", tv.text, tv, 9)
      fails("record 0 is out of range", tv.span, tv, 0)
      fails("weft.records expected", tv.label, doc, 1)
      fails("ends before it begins", tv.inside, tv, 5, 2)
      -- a view of a layer that does not exist yet sees what the stage adds
      local fresh = doc:records("fresh")
      eq(#fresh, 0, "#records missing")
      doc:add("fresh", 6, 9, { label = "B" })
      doc:add("fresh", 0, 5, { label = "A" })
      eq(#fresh, 2, "#records after add")
      eq(fresh:label(2), "A", "appended, not re-sorted")
      eq(doc:records("fresh"):label(1), "A", "a new view sorts")
    end,
  },
}
