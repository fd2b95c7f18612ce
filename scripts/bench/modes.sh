#!/usr/bin/env bash
# Query latency and throughput per ranking mode against a running service (127.0.0.1 only), with wrk rotating
# through the 20 benchmark queries (tests/SearchService.Benchmarks/QueryBenchmarks.cs), k=10:
#   scripts/bench/modes.sh http://127.0.0.1:5080                # 10 s per run: 1 connection (latency), then 32
#   DURATION=5 MODES="lexical hybrid" scripts/bench/modes.sh URL
# Prints one line per mode and connection count: req/s, p50, p99. Start the service first (docs/benchmarks.md).
set -euo pipefail
URL=${1:?usage: modes.sh BASE-URL}
DURATION=${DURATION:-10}
MODES=${MODES:-"lexical semantic hybrid"}
CONNECTIONS=${CONNECTIONS:-"1 32"}
case $URL in http://127.0.0.1:*|http://localhost:*) ;; *) echo "modes.sh measures loopback services only" >&2; exit 2;; esac
if ! [[ $DURATION =~ ^[0-9]+$ ]] || (( DURATION < 1 || DURATION > 60 )); then echo "DURATION must be 1-60 s" >&2; exit 2; fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LUA=$(mktemp /tmp/modes.XXXXXX.lua)
trap 'rm -f "$LUA"' EXIT
# The queries, URL-encoded, from the benchmark's list (one source of truth).
QUERIES=$(sed -n '/public static readonly string\[\] Queries/,/\];/p' "$ROOT/tests/SearchService.Benchmarks/QueryBenchmarks.cs" \
  | grep -o '"[^"]*"' | python3 -c 'import sys,urllib.parse; print(",".join("\""+urllib.parse.quote_plus(l.strip().strip("\""))+"\"" for l in sys.stdin))')
echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(curl -s "$URL/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["passages"], "passages, vectors", d.get("vectors"))')"
for mode in $MODES; do
  cat > "$LUA" <<LUA
local queries = { $QUERIES }
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", "/search?k=10&mode=$mode&q=" .. queries[i])
end
done = function(summary, latency, requests)
  io.write(string.format("$mode c=%d: %.0f req/s, p50 %.1f ms, p99 %.1f ms, errors %d\n", wrk.connections or 0,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
  curl -sf "$URL/search?k=10&mode=$mode&q=bamboo" >/dev/null || { echo "$mode: the service refused a warm-up query" >&2; continue; }
  for c in $CONNECTIONS; do
    threads=$(( c < 2 ? 1 : 2 ))
    wrk -t$threads -c$c -d${DURATION}s -s "$LUA" "$URL" | grep -E "req/s, p50" | sed "s/c=0/c=$c/"
  done
done
