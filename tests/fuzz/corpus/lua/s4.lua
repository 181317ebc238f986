local ok1 = pcall(function() return os.exit end)
local ok2 = pcall(load, "\27Lua bytecode")
local ok3 = pcall(collectgarbage, "count")
local mt = getmetatable("")
pcall(function() mt.__index = function() return 1 end end)
pcall(setmetatable, {}, { __gc = function() end })
local function deep(n) return n > 0 and deep(n - 1) + 1 or 0 end
pcall(deep, 1e6)
pcall(string.rep, "x", 1 << 40)
return weft.pipeline { weft.stage "sentiment" { scope = "document" }, name = tostring(ok1) .. tostring(ok2) .. tostring(ok3) }
