#!/usr/bin/env bash
# Load test: a Release build of the service on free loopback ports with its own temporary index, driven by wrk with
# scripts/load/mix.lua (~30 queries x lexical/semantic/hybrid, every 10th request an /ask). Prints throughput,
# latency percentiles, status counts and the service's resident memory before and after; stops the service.
# Traffic goes to 127.0.0.1 only, and the run is bounded to at most 60 s.
#
#   scripts/load/run.sh                      # 30 s, 4 connections, 2 threads
#   DURATION=10 CONNECTIONS=8 THREADS=2 scripts/load/run.sh
#
# Exit status: 0 when every response was 2xx (429s from a rate limiter are reported apart and do not fail the run),
# 1 otherwise.
set -euo pipefail

DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-4}
THREADS=${THREADS:-2}
if ! [[ $DURATION =~ ^[0-9]+$ ]] || (( DURATION < 1 || DURATION > 60 )); then
  echo "DURATION must be whole seconds between 1 and 60; it was '$DURATION'." >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

if ! command -v wrk >/dev/null; then
  echo "wrk is missing; installing it (Debian package)." >&2
  if [[ $(id -u) == 0 ]]; then apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  else sudo apt-get install -y wrk >/dev/null; fi
fi

echo "== building Release"
dotnet build src/SearchService -c Release -nologo -v quiet -clp:ErrorsOnly
DLL=$ROOT/src/SearchService/bin/Release/net10.0/SearchService.dll

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
PORT=$(free_port)
GRPC_PORT=$(free_port)
WORK=$(mktemp -d /tmp/searchservice-load.XXXXXX)
BASE=http://127.0.0.1:$PORT

SERVICE_PID=
cleanup() {
  if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== starting the service on $BASE (gRPC 127.0.0.1:$GRPC_PORT), index $WORK/index"
Search__IndexPath=$WORK/index \
Kestrel__Endpoints__Http__Url=$BASE \
Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$GRPC_PORT \
Logging__LogLevel__Default=Warning \
  dotnet "$DLL" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!

for _ in $(seq 1 600); do
  if curl -fs "$BASE/health/ready" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "the service exited:" >&2; cat "$WORK/service.log" >&2; exit 1; fi
  sleep 0.1
done
curl -fs "$BASE/health/ready" >/dev/null || { echo "not ready within 60 s" >&2; cat "$WORK/service.log" >&2; exit 1; }

rss() { awk '/^VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$SERVICE_PID/status"; }
hwm() { awk '/^VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$SERVICE_PID/status"; }

# One request per mode first, so the figures are not the first call's JIT and model loading.
for mode in lexical semantic hybrid; do
  curl -fs -o /dev/null "$BASE/search?q=doi+moi&mode=$mode"
  curl -fs -o /dev/null "$BASE/ask?q=vietnam&mode=$mode"
done
echo "== stats: $(curl -fs "$BASE/stats")"
RSS_BEFORE=$(rss)
LOG_LINES=$(wc -l <"$WORK/service.log")
echo "== RSS before: $RSS_BEFORE (peak so far $(hwm))"

echo "== wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --timeout 10s --latency -s scripts/load/mix.lua $BASE"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s scripts/load/mix.lua "$BASE" | tee "$WORK/wrk.txt"

echo "== RSS after: $(rss) (before $RSS_BEFORE; peak $(hwm))"
if ! kill -0 "$SERVICE_PID" 2>/dev/null; then echo "the service died during the run" >&2; exit 1; fi
# Only what the service logged during the run (readiness probes before it log 'fail' by design).
if tail -n +"$((LOG_LINES + 1))" "$WORK/service.log" | grep -qiE "fail|exception"; then
  echo "== the service logged errors during the run:"
  tail -n +"$((LOG_LINES + 1))" "$WORK/service.log" | grep -iE -m 20 "fail|exception"
fi

FAILED=$(awk -F': ' '/^non-2xx excluding 429:/ {print $2}' "$WORK/wrk.txt")
SOCKET=$(awk '/^socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$WORK/wrk.txt")
if [[ ${FAILED:-1} != 0 || ${SOCKET:-1} != 0 ]]; then
  echo "== FAILED: $FAILED non-2xx responses (429 excluded), $SOCKET socket errors" >&2
  exit 1
fi
echo "== OK: every response 2xx (or 429), no socket errors"
