#!/usr/bin/env bash
# Cost of one seeds search over HTTP, measured under wrk load in a way a busy machine skews little: the service
# process's CPU time per request (/proc/PID/stat utime + stime) and, when dotnet-counters is installed
# (dotnet tool install --tool-path /tmp/tools dotnet-counters) and DOTNET_gcServer=0, the bytes it allocated per
# request — next to req/s; with dotnet-counters also GCs per 1,000 requests, GC pause per request (wall time: inflated
# on a loaded machine) and monitor lock contentions per request, under either GC; and the process's RSS after each run.
# Compare two builds back to back with DLL=...; everything listens on 127.0.0.1.
#
#   scripts/bench/http-cost.sh                                  # this worktree's Release build, port 6300
#   DLL=/tmp/old/SearchService.dll PORT=6310 scripts/bench/http-cost.sh
#   MODES="lexical" DURATION=8 CONNECTIONS=32 scripts/bench/http-cost.sh
#   DOTNET_gcServer=0 scripts/bench/http-cost.sh                # workstation GC: also KB allocated per request
set -euo pipefail

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
MODEL=${MODEL:-none}
MODES=${MODES:-"lexical hybrid"}
PORT=${PORT:-6300}
QUERY=${QUERY:-"bamboo+diplomacy"}
if ! [[ $DURATION =~ ^[0-9]+$ ]] || (( DURATION < 1 || DURATION > 60 )); then
  echo "DURATION must be whole seconds between 1 and 60; it was '$DURATION'." >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DLL=${DLL:-$ROOT/src/SearchService/bin/Release/net10.0/SearchService.dll}
COUNTERS=${COUNTERS:-$(command -v dotnet-counters || echo /tmp/tools/dotnet-counters)}
BASE=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/searchservice-httpcost.XXXXXX)
PID=
cleanup() {
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  if [[ -z ${KEEP:-} ]]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT

Search__IndexPath=$WORK/index Search__SeedsPath=$ROOT/seeds Search__Embeddings__Model=$MODEL \
Search__Embeddings__CacheFolder=${Search__Embeddings__CacheFolder:-/tmp/searchservice-embedding-cache} \
Kestrel__Endpoints__Http__Url=$BASE Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$((PORT + 1)) \
Logging__LogLevel__Default=Warning \
  dotnet "$DLL" >"$WORK/service.log" 2>&1 &
PID=$!

# Ready for this measurement = the first indexing pass is over (/health/ready: before it a search can find nothing
# and cost next to nothing) and semantic answers as semantic (the vectors are complete: no background fit competes).
for _ in $(seq 1 1800); do
  if curl -fs "$BASE/health/ready" >/dev/null 2>&1 && curl -fs "$BASE/search?q=bamboo&mode=semantic" 2>/dev/null | grep -q '"mode":"semantic"'; then break; fi
  sleep 0.1
done
curl -fs "$BASE/health/ready" >/dev/null || { echo "never ready" >&2; cat "$WORK/service.log" >&2; exit 1; }
curl -fs "$BASE/search?q=bamboo&mode=semantic" | grep -q '"mode":"semantic"' || { echo "vectors never completed" >&2; cat "$WORK/service.log" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
TICKS=$(getconf CLK_TCK)
echo "== $DLL, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s | %9s | %14s | %12s | %10s | %15s | %15s | %8s | %s\n' mode "req/s" "CPU µs/request" "KB/request" "GCs/1k req" "GC pause µs/req" "contentions/req" "RSS MB" "latency"
for mode in $MODES; do
  url="$BASE/search?q=$QUERY&k=10&mode=$mode"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d3s "$url" >/dev/null   # warm-up: JIT, tiered compilation, pools
  alloc=-
  # Server GC's allocated-bytes counter undercounts badly (10-20 KB/request where workstation GC shows ~400), so
  # bytes are only reported with DOTNET_gcServer=0 (which also changes the req/s: compare like with like).
  # The GC counts are read under either GC.
  if [[ -x $COUNTERS ]]; then
    span=$((DURATION + 4))
    "$COUNTERS" collect -p "$PID" --counters System.Runtime --refresh-interval 1 --format csv -o "$WORK/$mode.csv" \
      --duration "00:00:$(printf '%02d:%02d' $((span / 60)) $((span % 60)))" >/dev/null 2>&1 &
    CPID=$!
    sleep 2
  fi
  before=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$url" >"$WORK/$mode.txt"
  after=$(cpu_ticks)
  if [[ -n ${CPID:-} ]]; then
    wait "$CPID" 2>/dev/null || true; CPID=   # stops by itself (--duration); SIGINT is ignored by background jobs
  fi
  n=$(awk '/requests in/ {print $1}' "$WORK/$mode.txt")
  gcs=- pause=- locks=-
  if [[ -f $WORK/$mode.csv ]]; then
    gcs=$(awk -F, -v n="$n" '$3 ~ /gc.collections/ {sum += $5} END { if (n > 0) printf "%.1f", sum / n * 1000 }' "$WORK/$mode.csv")
    pause=$(awk -F, -v n="$n" '$3 ~ /gc.pause.time/ {sum += $5} END { if (n > 0) printf "%.0f", sum / n * 1e6 }' "$WORK/$mode.csv")
    locks=$(awk -F, -v n="$n" '$3 ~ /lock_contentions/ {sum += $5} END { if (n > 0) printf "%.2f", sum / n }' "$WORK/$mode.csv")
  fi
  if [[ -f $WORK/$mode.csv && ${DOTNET_gcServer:-} == 0 ]]; then
    # bytes allocated per second, one row a second: their sum is what the process allocated while collecting
    # (wrk's run plus an idle second or two either side, which allocate next to nothing)
    alloc=$(awk -F, -v n="$n" '$3 ~ /gc.heap.total_allocated/ {sum += $5} END { if (n > 0) printf "%.0f", sum / n / 1024 }' "$WORK/$mode.csv")
  fi
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$WORK/$mode.txt")
  lat=$(awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print "p50 " p50 ", p99 " p99}' "$WORK/$mode.txt")
  cpu=$(awk -v a="$before" -v b="$after" -v n="$n" -v t="$TICKS" 'BEGIN { printf "%.0f", (b - a) / t * 1e6 / n }')
  rss=$(awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$PID/status")
  printf '%-8s | %9s | %14s | %12s | %10s | %15s | %15s | %8s | %s\n' "$mode" "$rps" "$cpu" "$alloc" "$gcs" "$pause" "$locks" "$rss" "$lat"
done
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
