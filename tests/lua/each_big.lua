-- doc:each over a layer of many records (tests/unit/test_lua.c adds one
-- "xy " token a record, labelled w, then runs this under a small memory
-- limit): the walk must not need memory for the whole layer, and its records
-- read right on both sides of every chunk boundary, also once kept.
local function check(t, n, what)
  local b = 3 * (n - 1)
  if t.begin ~= b or t['end'] ~= b + 2 or t.text ~= 'xy' or t.label ~= 'w' then
    error(string.format('%s: record %d is %s..%s %q %s', what, n, tostring(t.begin),
      tostring(t['end']), tostring(t.text), tostring(t.label)))
  end
end

return weft.pipeline {
  weft.lua 'walk' {
    run = function(doc)
      local n, kept = 0, {}
      for t in doc:each('token') do
        n = n + 1
        check(t, n, 'walk')
        -- a few on both sides of a chunk boundary (each keeps its chunk)
        if n % 1024 <= 1 and (n // 1024) % 50 == 0 then kept[#kept + 1] = { n, t } end
      end
      if #kept ~= 15 then error('kept ' .. #kept) end
      for _, k in ipairs(kept) do check(k[2], k[1], 'kept') end
      -- walks inside windows, again and again over the same records
      for round = 1, 300 do
        local m = 0
        for t in doc:each('token', { begin = 3 * 1020, ['end'] = 3 * 1030 }) do
          m = m + 1
          check(t, 1020 + m, 'window')
        end
        if m ~= 10 then error('window: ' .. m .. ' records') end
      end
      for _, k in ipairs(kept) do check(k[2], k[1], 'kept after windows') end
      -- a record added mid-walk (out of order: the layer is re-sorted by the
      -- next query): the walk goes on over the records as they are, past the
      -- chunk boundary, and records made before it keep what they were
      local m, before = 0, nil
      for t in doc:each('token') do
        m = m + 1
        if m <= 1500 then check(t, m, 'growing walk') end
        if m == 1000 then before = t; doc:add('token', 0, 1) end
        if m == 1500 then break end
      end
      check(before, 1000, 'made before the add')
      local first = doc:each('token')()
      if first.begin ~= 0 or first['end'] ~= 2 then error('re-sorted: first is ' .. first.text) end
      if doc:count('token') ~= n + 1 then error('count ' .. doc:count('token')) end
      local again = 0
      for t in doc:each('token', { begin = 0, ['end'] = 3 * 2000 }) do again = again + 1 end
      if again ~= 2001 then error('after the add: ' .. again .. ' records in the window') end
      check(before, 1000, 'kept past the re-sort')
      doc:set('n', n)
    end,
  },
}
