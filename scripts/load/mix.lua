-- wrk script for scripts/load/run.sh: rotates through ~30 queries (plain words, accents, phrases, Lucene-looking
-- text, a question) and the three retrieval modes; every 10th request is an /ask. done() prints the status counts
-- summed over all wrk threads (wrk's own "Non-2xx" line does not separate 429 from real failures).

local queries = {
  "doi+moi", "%C4%91%E1%BB%95i+m%E1%BB%9Bi", "vietnam", "viet+nam", "Vi%E1%BB%87t+Nam", "bamboo+diplomacy",
  "ASEAN", "foreign+affairs", "foreign+minister", "strategic+partnership", "comprehensive+strategic+partnership",
  "United+Nations", "Hanoi", "trade+agreement", "economic+diplomacy", "international+integration",
  "peacekeeping", "climate+change", "South+China+Sea", "East+Sea", "investment", "Party+Congress",
  "How+many+countries+has+Vietnam+established+diplomatic+relations+with%3F", "What%27s+Vietnam%27s+%22bamboo%22+diplomacy%3F",
  "AND+%28%28", "relations+OR+ties", "2024+achievements", "President+visit", "overseas+Vietnamese", "multilateral+forums",
}
local modes = { "lexical", "semantic", "hybrid" }

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counter = id * 7
  ok2xx, s429, s4xx, s5xx, other = 0, 0, 0, 0, 0
  asks, searches = 0, 0
end

function request()
  counter = counter + 1
  local q = queries[(counter % #queries) + 1]
  local mode = modes[(math.floor(counter / #queries) % #modes) + 1]
  if counter % 10 == 0 then
    asks = asks + 1
    return wrk.format("GET", "/ask?q=" .. q .. "&mode=" .. mode)
  end
  searches = searches + 1
  return wrk.format("GET", "/search?q=" .. q .. "&k=10&mode=" .. mode)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok2xx = ok2xx + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local t = { ok2xx = 0, s429 = 0, s4xx = 0, s5xx = 0, other = 0, asks = 0, searches = 0 }
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
  end
  local non2xx = t.s429 + t.s4xx + t.s5xx + t.other
  io.write(string.format("mix: %d /search and %d /ask requests sent\n", t.searches, t.asks))
  io.write(string.format("status 2xx: %d\n", t.ok2xx))
  io.write(string.format("status 429 (rate limited): %d\n", t.s429))
  io.write(string.format("status other 4xx: %d\n", t.s4xx))
  io.write(string.format("status 5xx: %d\n", t.s5xx))
  io.write(string.format("non-2xx excluding 429: %d\n", non2xx - t.s429))
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("throughput %.1f requests/s\n", summary.requests / (summary.duration / 1e6)))
end
