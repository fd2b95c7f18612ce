-- wrk: rotate over a few seed queries (MODE is set by bench.sh through the environment).
local queries = { "vaccine+trial+results", "diplomacy", "foreign+investment+growth", "water+supply", "the+economy+of+vietnam", "international+integration" }
local mode = os.getenv("MODE") or "lexical"
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/search?k=10&mode=" .. mode .. "&q=" .. queries[i])
end
