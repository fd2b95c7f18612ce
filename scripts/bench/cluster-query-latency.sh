#!/bin/bash
# Sequential HTTP latency of one cluster node (3 shards, MiniLM, LSA off) for the 30 dev-set queries, twice each, in
# semantic and hybrid mode: for comparing two builds of SearchService.dll on the same machine (docs/scale.md).
#   scripts/bench/cluster-query-latency.sh <path/to/SearchService.dll> <label>
# Needs redis-server; uses 127.0.0.1 ports 6250 (redis), 6260-6261 (HTTP, gRPC), 6270-6271 (silo, gateway).
set -euo pipefail
DLL=$(realpath "$1"); LABEL=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/cluster-query-latency-XXXXXX)
trap 'kill $NODE $REDIS 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

redis-server --port 6250 --bind 127.0.0.1 --save "" --appendonly no > "$WORK/redis.log" 2>&1 & REDIS=$!
sleep 1
python3 - "$ROOT/eval/devset/queries.jsonl" > "$WORK/queries.txt" <<'PY'
import json, sys, urllib.parse
for line in open(sys.argv[1]):
    if line.strip():
        print(urllib.parse.quote(json.loads(line)["query"]))
PY

env Kestrel__Endpoints__Http__Url=http://127.0.0.1:6260 Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:6261 \
    Search__SeedsPath="$ROOT/seeds" Search__IndexPath="$WORK/index" Search__Embeddings__Lsa=false Search__Embeddings__ReadyWhenEncoded=true \
    Search__Cluster__Enabled=true Search__Cluster__Redis=127.0.0.1:6250 Search__Cluster__Shards=3 \
    Search__Cluster__SiloPort=6270 Search__Cluster__GatewayPort=6271 Search__Cluster__DataPath="$WORK/shards" \
    Logging__LogLevel__Default=Warning dotnet "$DLL" > "$WORK/node.log" 2>&1 & NODE=$!
for _ in $(seq 1 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:6260/health/ready)" = 200 ] && break
    sleep 2
done

for mode in semantic hybrid; do
    for q in warm up query; do curl -s -o /dev/null "http://127.0.0.1:6260/search?q=$q&mode=$mode"; done
    start=$(date +%s%N); n=0
    for _ in 1 2; do
        while read -r q; do
            curl -s -o /dev/null "http://127.0.0.1:6260/search?q=$q&mode=$mode&k=10"; n=$((n + 1))
        done < "$WORK/queries.txt"
    done
    end=$(date +%s%N)
    echo "$LABEL $mode: $n queries, mean $(( (end - start) / n / 1000000 )) ms/query (sequential, load $(cut -d' ' -f1 /proc/loadavg))"
done
