-- doc:each gives lazy records (core/lua_doc.c): every check here holds for
-- the plain tables doc:layer() makes, and must hold for them too.
local kept, count = nil, 0

local function eq(a, b, what)
  if a ~= b then error(what .. ': ' .. tostring(a) .. ' ~= ' .. tostring(b), 2) end
end

-- a record's fields through pairs, sorted: "attrs={lemma} begin=0 ..."
local function dump(r)
  local ks = {}
  for k, v in pairs(r) do
    if type(v) == 'table' then v = '{' .. tostring(next(v) or '') .. '}' end
    ks[#ks + 1] = tostring(k) .. '=' .. tostring(v)
  end
  table.sort(ks)
  return table.concat(ks, ' ')
end

local function texts(it)
  local out = {}
  for t in it do out[#out + 1] = t.text end
  return table.concat(out, ',')
end

return weft.pipeline {
  weft.lua 'lazy' {
    run = function(doc)
      count = count + 1
      if kept then -- records of the previous document, read past its stage
        eq(kept[1].text, 'Hello', 'kept text')
        eq(kept[1].label, 'word', 'kept label')
        eq(kept[2]['end'], 11, 'kept end')
        eq(kept[3].score, 0.5, 'kept score')
        eq(dump(kept[3]), 'attrs={} begin=11 end=12 label=punct score=0.5 text=!', 'kept pairs')
        eq(dump(kept[4]), 'attrs={lemma} begin=13 end=16 label=word text=Bye', 'kept attrs')
      end
      -- "Hello world! Bye."
      doc:add('token', 0, 5, { label = 'word' })
      doc:add('token', 6, 11, { label = 'word' })
      doc:add('token', 11, 12, { label = 'punct', score = 0.5 })
      doc:add('token', 13, 16, { label = 'word', attrs = { lemma = 'bye' } })
      doc:add('token', 16, 17)
      doc:add('sentence', 0, 12)
      doc:add('sentence', 13, 17)

      local untouched = {}
      for t in doc:each('token') do untouched[#untouched + 1] = t end
      -- the same fields, values and keys as the plain records of doc:layer
      local eager, all = doc:layer('token'), {}
      for t in doc:each('token') do all[#all + 1] = t end
      eq(#all, 5, 'records')
      for i, t in ipairs(all) do
        for _, k in ipairs({ 'begin', 'end', 'text', 'label', 'score', 'nope' }) do
          eq(t[k], eager[i][k], k .. ' of record ' .. i)
        end
        eq(type(t.attrs), 'table', 'attrs of record ' .. i)
        eq(next(t.attrs), next(eager[i].attrs), 'attrs of record ' .. i)
        eq(#t, 0, 'length of record ' .. i)
        eq(dump(t), dump(eager[i]), 'pairs of record ' .. i)
      end
      eq(all[1] ~= all[2], true, 'two records are two values')
      eq(all[1] == all[1], true, 'a record equals itself')
      local again = doc:each('token')()
      eq(again ~= untouched[1], true, 'each walk makes fresh tables')
      eq(again.text, 'Hello', 'again')
      eq(pcall(function() again.attrs.x = 1 end), false, 'shared empty attrs stay read-only')

      -- the raw functions see the plain table
      local r = doc:each('token')()
      eq(rawget(r, 'text'), 'Hello', 'rawget')
      r = doc:each('token')()
      eq(getmetatable(r), nil, 'getmetatable')
      r = doc:each('token')()
      local seen = {}
      local k = next(r)
      while k ~= nil do seen[#seen + 1] = k; k = next(r, k) end
      table.sort(seen)
      eq(table.concat(seen, ','), 'attrs,begin,end,label,text', 'next')
      r = doc:each('token')()
      eq(setmetatable(r, { __index = function() return 'own' end }), r, 'setmetatable')
      eq(r.text, 'Hello', 'text after setmetatable')
      eq(r.other, 'own', 'the script\'s metatable')
      r = doc:each('token')()
      rawset(r, 'text', 'y')
      eq(r.text, 'y', 'rawset')
      eq(r.label, 'word', 'label after rawset')

      -- writes: a record is the script's own table
      r = doc:each('token')()
      r.text = nil
      eq(r.text, nil, 'a deleted field stays deleted')
      eq(r.label, 'word', 'other fields kept')
      r = doc:each('token')()
      r.begin = 99
      eq(r.begin, 99, 'written field')
      eq(r.text, 'Hello', 'text is that of the record as it was made')
      r = doc:each('token')()
      r.mine = 1
      eq(dump(r), 'attrs={} begin=0 end=5 label=word mine=1 text=Hello', 'added field')
      r = doc:each('token')()
      r.attrs = nil
      eq(r.attrs, nil, 'deleted attrs')
      eq(doc:count('token'), 5, 'writes leave the document alone')

      -- nested loops, a record as `within`
      local parts = {}
      for s in doc:each('sentence') do
        parts[#parts + 1] = texts(doc:each('token', s))
      end
      eq(table.concat(parts, '|'), 'Hello,world,!|Bye,.', 'nested')
      eq(#doc:contained('token', untouched[1]), 1, 'a lazy record as a span')

      -- the stage adds to the layer it walks, and a query re-sorts it
      local walked = {}
      for t in doc:each('token') do
        walked[#walked + 1] = t
        if #walked == 1 then
          doc:add('token', 0, 1, { label = 'x' })
          eq(doc:first('token').text, 'Hello', 'first after add')
        end
      end
      eq(#walked, 5, 'a walk stops where the layer ended when it began')
      eq(walked[1].text, 'Hello', 'made before the add')
      eq(walked[2].text, 'H', 'made after the re-sort')
      eq(walked[2].label, 'x', 'label made after the re-sort')
      eq(walked[5].text, 'Bye', 'last record made after the re-sort')
      eq(untouched[2].text, 'world', 'made before: unchanged')
      eq(texts(doc:each('token')), 'Hello,H,world,!,Bye,.', 'a new walk sees the new layer')
      kept = untouched
      doc:set('checked', count)
    end,
  },
}
