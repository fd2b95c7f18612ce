#!/usr/bin/env bash
# Cluster overhead on one machine (docs/scale.md): HTTP req/s and latency of /search on the seeds for a single node
# (cluster mode off) and for clusters of 1, 2 and 3 nodes over Redis (Shards shards, queries sent to node 0), and the
# mean duration of each phase of a cluster query (statistics, rank, fetch) from the node's Prometheus metrics.
# Everything listens on 127.0.0.1 only (ports PORT_BASE+1 .. PORT_BASE+59, default 5701-5759, and REDIS_PORT, default
# 6393); every wrk run is bounded (DURATION s, at most 60). A cluster is measured once its shards have settled on the
# layout over its nodes (each node hosts a shard when there are at least as many shards as nodes).
#
#   scripts/cluster/bench.sh                   # 10 s per run, 8 connections, 3 shards, MiniLM, 1, 2 and 3 nodes
#   DURATION=5 NODES="1 3" SKIP_BUILD=1 scripts/cluster/bench.sh
set -euo pipefail

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-8}
SHARDS=${SHARDS:-3}
NODES=${NODES:-"1 2 3"}
MODEL=${MODEL:-minilm}
PORT_BASE=${PORT_BASE:-5700}
REDIS_PORT=${REDIS_PORT:-6393}
if ! [[ $DURATION =~ ^[0-9]+$ ]] || (( DURATION < 1 || DURATION > 60 )); then echo "DURATION must be 1-60 s" >&2; exit 2; fi
if ! [[ $PORT_BASE =~ ^[0-9]+$ && $REDIS_PORT =~ ^[0-9]+$ ]] || (( PORT_BASE < 1024 || PORT_BASE > 65400 )); then echo "PORT_BASE must be 1024-65400" >&2; exit 2; fi
for n in $NODES; do [[ $n =~ ^[1-9]$ ]] || { echo "NODES holds node counts 1-9" >&2; exit 2; }; done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is missing (apt-get install jq)" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "redis-server is missing (apt-get install redis-server)" >&2; exit 2; }
if [[ -z ${SKIP_BUILD:-} ]]; then dotnet build src/SearchService -c Release -nologo -v quiet -clp:ErrorsOnly; fi
DLL=$ROOT/src/SearchService/bin/Release/net10.0/SearchService.dll
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"

WORK=$(mktemp -d /tmp/searchservice-cluster-bench.XXXXXX)
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do timeout 15 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true; done
  PIDS=()
}
cleanup() { stop_all; [[ -n ${REDIS_PID:-} ]] && kill "$REDIS_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

redis-server --port $REDIS_PORT --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
REDIS_PID=$!

# start NAME HTTP_PORT [cluster args...]: one SearchService process on the seeds.
start() {
  local name=$1 http=$2; shift 2
  Search__SeedsPath="$ROOT/seeds" Search__IndexPath="$WORK/$name/index" Search__Embeddings__Model=$MODEL Search__Embeddings__Lsa=false \
  Search__Embeddings__CacheFolder=/tmp/searchservice-test-embedding-cache Search__Embeddings__ReadyWhenEncoded=true \
  Kestrel__Endpoints__Http__Url=http://127.0.0.1:$http Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$((http + 1)) \
  Search__Telemetry__Metrics__Url=http://127.0.0.1:$((http + 2)) Logging__LogLevel__Default=Warning \
  env "$@" dotnet "$DLL" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}

healthy() {  # wait (bounded) until /health/ready says Healthy
  for _ in $(seq 1 600); do
    curl -s "http://127.0.0.1:$1/health/ready" | grep -q '^{"status":"Healthy"' && return 0
    sleep 0.5
  done
  echo "port $1 not healthy in 300 s" >&2; return 1
}

settled() {  # settled HTTP_PORT NODES: wait (bounded) until every shard is ready and min(shards, nodes) nodes host them
  local want=$(( $2 < SHARDS ? $2 : SHARDS ))
  for _ in $(seq 1 240); do
    curl -s "http://127.0.0.1:$1/stats" | jq -e --argjson want "$want" \
      '.cluster.shards | (all(.status == "ready")) and ((map(.node) | unique | length) == $want)' >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the shards did not settle over $2 node(s) in 120 s" >&2; return 1
}

measure() {  # measure LABEL HTTP_PORT
  local label=$1 port=$2
  for mode in lexical hybrid; do
    curl -s "http://127.0.0.1:$port/search?q=warm+up&mode=$mode" >/dev/null
    MODE=$mode wrk -t"$(( CONNECTIONS < 2 ? 1 : 2 ))" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$ROOT/scripts/cluster/queries.lua" "http://127.0.0.1:$port" >"$WORK/wrk.txt"
    local rps p50 p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
    p50=$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")
    p99=$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")
    printf "%-22s %-8s %10s req/s   p50 %8s   p99 %8s\n" "$label" "$mode" "$rps" "$p50" "$p99"
  done
}

phases() {  # mean duration of each cluster phase from node 0's Prometheus metrics
  curl -s "http://127.0.0.1:$(($1 + 2))/metrics" | awk '
    /^searchservice_cluster_phase_duration_milliseconds_sum/ { match($0, /phase="[a-z]+"/); p = substr($0, RSTART + 7, RLENGTH - 8); sum[p] = $NF }
    /^searchservice_cluster_phase_duration_milliseconds_count/ { match($0, /phase="[a-z]+"/); p = substr($0, RSTART + 7, RLENGTH - 8); n[p] = $NF }
    END { line = "  phase means:"; for (p in n) if (n[p] > 0) line = line sprintf("  %s %.2f ms (%d calls)", p, sum[p] / n[p], n[p]); print line }'
}

echo "== single node (cluster mode off)"
SINGLE=$((PORT_BASE + 1)) FIRST=$((PORT_BASE + 10))
start single $SINGLE
healthy $SINGLE
measure "single node" $SINGLE
stop_all

for n in $NODES; do
  echo "== cluster of $n node(s), $SHARDS shards"
  for i in $(seq 0 $((n - 1))); do
    start "c$n-node$i" $((FIRST + i * 3)) Search__Cluster__Enabled=true Search__Cluster__Redis=127.0.0.1:$REDIS_PORT \
      Search__Cluster__ClusterId=bench-$n Search__Cluster__Shards=$SHARDS Search__Cluster__SiloPort=$((PORT_BASE + 40 + i)) \
      Search__Cluster__GatewayPort=$((PORT_BASE + 50 + i)) Search__Cluster__DataPath="$WORK/c$n-node$i/shards"
  done
  for i in $(seq 0 $((n - 1))); do healthy $((FIRST + i * 3)); done
  settled $FIRST "$n"
  curl -s "http://127.0.0.1:$FIRST/stats" | jq -c '[.cluster.shards[] | {id, node}]'
  measure "cluster, $n node(s)" $FIRST
  phases $FIRST
  stop_all
done
