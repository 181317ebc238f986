return weft.pipeline { weft.stage "x" { 1, 2, [3] = {}, [true] = 1, f = function() end } }
