local n = 0
return weft.pipeline {
  weft.lua "loop" { run = function(doc) while true do n = n + 1 end end },
  weft.lua "bomb" { run = function(doc) local t = {} for i = 1, 1e9 do t[i] = string.rep("x", 1024) end end },
  weft.lua "err" { run = function(doc) error({ not_a = "string" }) end },
}
