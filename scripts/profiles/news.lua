-- news: the whole news pipeline, with a per-document summary and a terminal report
-- (weft run -p news page.html -f text).
local function bar(score)
  -- a small tone bar: 5 cells each side of the centre
  local cells = math.floor(math.abs(score) * 5 + 0.5)
  if score >= 0 then
    return string.rep(" ", 5) .. "|" .. "\27[32m" .. string.rep("+", cells) .. "\27[0m" .. string.rep(" ", 5 - cells)
  end
  return string.rep(" ", 5 - cells) .. "\27[31m" .. string.rep("-", cells) .. "\27[0m" .. "|" .. string.rep(" ", 5)
end

local function one_line(s)
  return (s:gsub("%s+", " "))
end

-- legal forms after a company name: "NS-Arriva Rail" is "NS-Arriva Rail BV"
local legal = {}
for f in ("bv b.v. nv n.v. ltd ltd. inc inc. plc llc llp corp corp. co co. gmbh ag sa s.a. se "
          .. "spa s.p.a. pty bhd oy ab asa kg"):gmatch("%S+") do legal[f] = true end

-- the key under which mentions of one name meet: lower case, one space between
-- words, no possessive ("Rail's", "Rail’s", "Jones'"), and for an ORG no legal form
-- at the end (kept when it is the whole name)
local function name_key(label, text)
  local key = text:lower():gsub("%s+", " "):gsub("^ ", ""):gsub(" $", "")
  key = key:gsub("'s$", ""):gsub("\226\128\153s$", ""):gsub("s'$", "s")
  if label == "ORG" then
    local head, last = key:match("^(.+) (%S+)$")
    if head and legal[last] then key = head:gsub(",$", "") end
  end
  return key
end

-- the labels of names, which the summary ranks before dates, times and amounts
local is_name = { PER = true, ORG = true, LOC = true, MISC = true }

local order = { "PER", "ORG", "LOC", "MISC", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY",
                "EMAIL", "URL", "PHONE" }

return weft.pipeline {
  name = "news",
  doc = "Clean a news page, tokenize, tag entities, score sentiment, summarise each document",
  weft.stage "boilerplate" { input = "auto" },
  weft.stage "tokenizer" {},
  weft.stage "entities" { model = "entities/ner-conll2003.model" },
  weft.stage "sentiment" { scope = "sentence" },
  weft.lua "summary" {
    requires = { "entity", "sentiment", "sentence" },
    provides = { "attr:summary.top_entities", "attr:summary.tone", "attr:report" },
    run = function(doc)
      -- mentions per (label, text); a partial mention counts for its entity,
      -- before or after the full name ("Brandt said ... Helen Brandt")
      local counts, first_seen, n = {}, {}, 0
      -- doc:records reads fields by position, without a table per record
      local ents = doc:records("entity")
      local m = #ents
      local texts, names = {}, {}
      for i = 1, m do
        local label = ents:label(i)
        texts[i] = one_line(ents:text(i))
        if label == "PER" or label == "ORG" or label == "LOC" then names[#names + 1] = i end
      end
      -- label -> { key -> the name that key stands for }: the keys of a
      -- multi-word mention are its words and its word suffixes ("van der meer" of
      -- "Pieter van der Meer"), in lower case so that a particle opening a sentence
      -- ("Van der Meer") is the same; an ORG's keys also drop a legal form
      -- ("NS-Arriva Rail" of "NS-Arriva Rail BV"). Longer names claim their keys
      -- first (in document order among names of one length), so a short mention
      -- meets its full name wherever the full name stands; a mention is looked
      -- up, not compared with every other mention.
      local nwords, keyof = {}, {}
      for _, i in ipairs(names) do
        keyof[i] = name_key(ents:label(i), texts[i])
        local _, c = keyof[i]:gsub("%S+", "")
        nwords[i] = c
      end
      table.sort(names, function(a, b)
        if nwords[a] ~= nwords[b] then return nwords[a] > nwords[b] end
        return a < b
      end)
      local full = {}
      for _, i in ipairs(names) do
        local label, key, text = ents:label(i), keyof[i], texts[i]
        local words = full[label] or {}
        full[label] = words
        if words[key] then
          texts[i] = words[key]
        else
          words[key] = text
          if nwords[i] > 1 then
            local ws = {}
            for w in key:gmatch("%S+") do ws[#ws + 1] = w end
            for j = 1, #ws do
              if words[ws[j]] == nil then words[ws[j]] = text end
              if j > 1 then
                local suffix = table.concat(ws, " ", j)
                if words[suffix] == nil then words[suffix] = text end
              end
            end
          end
        end
      end
      for i = 1, m do
        local key = ents:label(i) .. "\0" .. texts[i]
        if not counts[key] then
          n = n + 1
          first_seen[key] = n
          counts[key] = 0
        end
        counts[key] = counts[key] + 1
      end
      local keys = {}
      for k in pairs(counts) do keys[#keys + 1] = k end
      -- names first: a date or an amount mentioned twice says less about what the
      -- story is about than a person mentioned once
      local function named(k) return is_name[k:match("^(.-)%z")] and 0 or 1 end
      table.sort(keys, function(a, b)
        if named(a) ~= named(b) then return named(a) < named(b) end
        if counts[a] ~= counts[b] then return counts[a] > counts[b] end
        return first_seen[a] < first_seen[b]
      end)
      local top = {}
      for i = 1, math.min(5, #keys) do
        local label, text = keys[i]:match("^(.-)%z(.*)$")
        top[#top + 1] = string.format("%s (%s) x%d", text, label, counts[keys[i]])
      end
      doc:set("summary.top_entities", table.concat(top, "; "))

      local tone = doc:get("sentiment.compound") or 0
      doc:set("summary.tone", tone >= 0.05 and "positive" or tone <= -0.05 and "negative" or "neutral")
      local sents = doc:records("sentiment")
      local best, worst -- positions in sents
      for i = 1, #sents do
        local score = sents:score(i)
        if not best or score > sents:score(best) then best = i end
        if not worst or score < sents:score(worst) then worst = i end
      end
      -- only a sentence of that tone (VADER's thresholds, as for summary.tone):
      -- the "most negative" of a story with no negative sentence is none
      if best and sents:score(best) >= 0.05 then
        doc:set("summary.most_positive", one_line(sents:text(best)))
      end
      if worst and sents:score(worst) <= -0.05 then
        doc:set("summary.most_negative", one_line(sents:text(worst)))
      end

      -- the -f text report (skipped when the run writes another format)
      if weft.output and weft.output ~= "text" then return end
      local out = {}
      local function add(...) out[#out + 1] = string.format(...) end
      local title = doc:get("title")
      add("\27[1m%s\27[0m", title or doc.id)
      local meta = {}
      for _, k in ipairs({ "author", "date", "canonical" }) do
        if doc:get(k) then meta[#meta + 1] = tostring(doc:get(k)) end
      end
      local about = #meta > 0 and ("(" .. table.concat(meta, ", ") .. ")") or nil
      -- the id under the title; with no title it is the heading already
      if title then add("%s", doc.id .. (about and ("  " .. about) or ""))
      elseif about then add("%s", about) end
      add("")
      add("\27[1mEntities\27[0m")
      local by_label = {}
      for _, k in ipairs(keys) do
        local label, text = k:match("^(.-)%z(.*)$")
        by_label[label] = by_label[label] or {}
        local l = by_label[label]
        l[#l + 1] = counts[k] > 1 and string.format("%s (%d)", text, counts[k]) or text
      end
      local any = false
      for _, label in ipairs(order) do
        if by_label[label] then
          any = true
          add("  %-9s %s", label, table.concat(by_label[label], ", "))
        end
      end
      if not any then add("  (none)") end
      add("")
      local nsent = doc:count("sentiment")
      add("\27[1mTone\27[0m  %s (compound %.2f over %d sentence%s)", doc:get("summary.tone"), tone,
          nsent, nsent == 1 and "" or "s")
      for i = 1, #sents do
        local text, score = one_line(sents:text(i)), sents:score(i)
        if #text > 70 then text = text:sub(1, 67):gsub("[\128-\191]*$", ""):gsub("[\192-\255]$", "") .. "..." end
        add("  %s %+.2f  %s", bar(score), score, text)
      end
      doc:set("report", table.concat(out, "\n"))
    end,
  },
}
