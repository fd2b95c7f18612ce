#!/usr/bin/env bash
# Issue 19 figures side by side, one command, one machine state:
#   1. in-process lexical median per shared collection (eval --mode lexical: parse + search + the top 100 ids, one
#      thread, warm) next to Java Lucene 8.7 (../shared/peers/lucene_run.py, same collections, timed in the JVM);
#   2. HTTP req/s over the seeds for lexical and hybrid search (wrk, CONNECTIONS connections) next to the ceiling of
#      Kestrel itself on this machine: a minimal endpoint returning an ~11 KB JSON body (scripts/bench/ceiling),
#      measured in the same run.
# Everything listens on 127.0.0.1 only and every wrk run is bounded (DURATION seconds, at most 60).
#
#   scripts/bench/run.sh                         # 10 s per HTTP run, 32 connections, all five collections
#   DURATION=5 COLLECTIONS="adi med" scripts/bench/run.sh
#   COLLECTIONS=none scripts/bench/run.sh        # the HTTP part only
#   COLLECTIONS="adi /tmp/synth100k" scripts/bench/run.sh   # a path is a BEIR folder of its own, e.g. the 100k synthetic
#                                                # one (python3 ../shared/peers/synth_beir.py ../shared/seeds /tmp/synth100k 100000)
#   SKIP_BUILD=1 scripts/bench/run.sh            # use the Release builds already there
#   SKIP_LUCENE=1 scripts/bench/run.sh           # without Java Lucene (prints BASELINES.md's reference figures instead)
#   PORT_BASE=5520 scripts/bench/run.sh          # fixed loopback ports 5520-5522 instead of free ones
#   MODEL=minilm scripts/bench/run.sh            # hybrid with the sentence encoder (default: none, so hybrid = BM25 + LSA)
set -euo pipefail

DURATION=${DURATION:-10}
# Each HTTP endpoint first runs under the same load for WARMUP seconds, unmeasured: .NET's tiered JIT recompiles hot
# methods with profile data only after they have run for a while, and 3 warm-up requests left the first measured
# mode (lexical) running tier-0 code (lexical measured below hybrid because of it: 1,033 vs 1,443 req/s).
WARMUP=${WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
MODEL=${MODEL:-none}
COLLECTIONS=${COLLECTIONS:-"adi cacm cisi cranfield med"}
if ! [[ $DURATION =~ ^[0-9]+$ ]] || (( DURATION < 1 || DURATION > 60 )); then
  echo "DURATION must be whole seconds between 1 and 60; it was '$DURATION'." >&2
  exit 2
fi
if ! [[ $WARMUP =~ ^[0-9]+$ ]] || (( WARMUP < 1 || WARMUP > 60 )); then
  echo "WARMUP must be whole seconds between 1 and 60; it was '$WARMUP'." >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SHARED=${SHARED:-$ROOT/../shared}
BENCHDATA=$SHARED/benchdata
PEERS=$SHARED/peers

if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing it (Debian package)." >&2
  if [[ $(id -u) == 0 ]]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else sudo apt-get install -y wrk >/dev/null; fi
fi

if [[ -z ${SKIP_BUILD:-} ]]; then
  echo "== building Release (service and ceiling)"
  dotnet build src/SearchService -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet build scripts/bench/ceiling -c Release -nologo -v quiet -clp:ErrorsOnly
fi
DLL=${DLL:-$ROOT/src/SearchService/bin/Release/net10.0/SearchService.dll}   # DLL=... compares another build (before/after)
CEILING=$ROOT/scripts/bench/ceiling/bin/Release/net10.0/Ceiling.dll
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews every figure)"

WORK=$(mktemp -d /tmp/searchservice-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------------------
echo
echo "== 1. in-process lexical median (ms per query, top 100 ids)"
HAVE_LUCENE=0
if [[ -z ${SKIP_LUCENE:-} ]] && command -v java >/dev/null && ls /usr/share/java/lucene-core*.jar >/dev/null 2>&1; then HAVE_LUCENE=1; fi
printf '%-10s | %12s | %12s | %7s | %s\n' collection searchservice "java lucene" ratio "lucene source"
[[ $COLLECTIONS == none ]] && COLLECTIONS=
# eval warms up with 10,000 queries before timing (its default --warmup-queries), as lucene_run.py warms Java up.
for c in $COLLECTIONS; do
  dir=$BENCHDATA/$c
  [[ $c == /* ]] && dir=$c
  ours=$(dotnet "$DLL" eval --beir "$dir" --mode lexical 2>/dev/null | awk -F'|' '$2 ~ /lexical/ {gsub(/ /, "", $9); print $9}' | tail -1)
  if (( HAVE_LUCENE )); then
    theirs=$(PEERS_OUT=$WORK/peers /usr/bin/python3 "$PEERS/lucene_run.py" "$dir" 2>/dev/null | grep -o 'median=[0-9.]*' | head -1 | cut -d= -f2)
    source="measured now"
  else
    theirs=$(awk -F'|' -v c="$c" '$1 ~ c && $2 ~ /lucene/ {gsub(/ /, "", $8); print $8}' "$BENCHDATA/BASELINES.md")
    source="BASELINES.md"
  fi
  ratio=$(awk -v a="${ours:-0}" -v b="${theirs:-0}" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')
  printf '%-10s | %12s | %12s | %7s | %s\n' "$c" "${ours:--}" "${theirs:--}" "$ratio" "$source"
done

# ---------------------------------------------------------------------------------------------------------------
# PORT_BASE=N uses ports N, N+1, N+2 (a shared machine's assigned range); otherwise free ports the kernel picks.
free_port() {
  if [[ -n ${PORT_BASE:-} ]]; then echo $((PORT_BASE + $1)); return; fi
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
wait_ready() {
  for _ in $(seq 1 1200); do
    if curl -fs "$1" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "not ready: $1" >&2
  return 1
}
wait_semantic() {
  for _ in $(seq 1 1200); do
    if curl -fs "$1" 2>/dev/null | grep -q '"mode":"semantic"'; then return 0; fi
    sleep 0.1
  done
  echo "semantic never answered as semantic (vectors not complete): $1" >&2
  return 1
}
reqs() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
# Answers that were not 2xx (e.g. 429s of the search limiter: fast, so they would inflate req/s) are printed beside
# the latency; a row with any is not a measurement of search.
lat() { awk '/^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /^ +Non-2xx or 3xx responses:/ {bad=$NF} /^ +Socket errors:/ {sock=$0}
  END {printf "p50 %s, p99 %s, non-2xx %d%s\n", p50, p99, bad, (sock == "" ? "" : ";" sock)}' "$1"; }

echo
echo "== 2. HTTP over the seeds: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (Search:Embeddings:Model=$MODEL)"
PORT=$(free_port 0); GRPC_PORT=$(free_port 1); BASE=http://127.0.0.1:$PORT
Search__IndexPath=$WORK/index Search__Embeddings__Model=$MODEL \
Search__Embeddings__CacheFolder=${Search__Embeddings__CacheFolder:-/tmp/searchservice-embedding-cache} \
Kestrel__Endpoints__Http__Url=$BASE Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$GRPC_PORT \
Logging__LogLevel__Default=Warning \
  dotnet "$DLL" >"$WORK/service.log" 2>&1 &
PIDS+=($!)
wait_ready "$BASE/health/ready" || { cat "$WORK/service.log" >&2; exit 1; }
# Ready means lexical is searchable; the vectors are still being fitted in the background and would compete with
# the lexical run for the cores. While they are, mode=semantic answers 200 with the lexical fallback
# ("mode":"lexical"), so wait until it answers as semantic (at most 120 s).
wait_semantic "$BASE/search?q=bamboo&mode=semantic" || { cat "$WORK/service.log" >&2; exit 1; }
for mode in lexical hybrid; do
  for _ in 1 2 3; do curl -fs -o /dev/null "$BASE/search?q=bamboo+diplomacy&mode=$mode"; done
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "$BASE/search?q=bamboo+diplomacy&k=10&mode=$mode" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$BASE/search?q=bamboo+diplomacy&k=10&mode=$mode" >"$WORK/$mode.txt"
done
kill "${PIDS[-1]}" 2>/dev/null || true

CEILING_PORT=$(free_port 2)
ASPNETCORE_URLS=http://127.0.0.1:$CEILING_PORT dotnet "$CEILING" >"$WORK/ceiling.log" 2>&1 &
PIDS+=($!)
wait_ready "http://127.0.0.1:$CEILING_PORT/search" || { cat "$WORK/ceiling.log" >&2; exit 1; }
curl -fs -o /dev/null "http://127.0.0.1:$CEILING_PORT/search"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "http://127.0.0.1:$CEILING_PORT/search" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "http://127.0.0.1:$CEILING_PORT/search" >"$WORK/ceiling.txt"
kill "${PIDS[-1]}" 2>/dev/null || true

CEIL=$(reqs "$WORK/ceiling.txt")
printf '%-22s | %10s | %8s | %s\n' endpoint "req/s" "of ceil" latency
for mode in lexical hybrid; do
  r=$(reqs "$WORK/$mode.txt")
  printf '%-22s | %10s | %8s | %s\n' "search mode=$mode" "$r" "$(awk -v a="$r" -v b="$CEIL" 'BEGIN { printf "%.1f%%", 100 * a / b }')" "$(lat "$WORK/$mode.txt")"
done
printf '%-22s | %10s | %8s | %s\n' "kestrel ceiling (11 KB)" "$CEIL" "100%" "$(lat "$WORK/ceiling.txt")"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
