#!/usr/bin/env bash
# Restart with unchanged data, end to end: the time from launching the service process to /health/ready answering
# 200, for an index that already holds SOURCES. Unlike `SearchService.Benchmarks restart` (the engine's open alone),
# this includes .NET start-up, the host's composition and the indexing worker's "ready at once" check.
# The first run builds the index when INDEX holds none (not timed); every later run is a timed restart.
#
#   scripts/bench/host-restart.sh SOURCES INDEX [RUNS]
#   scripts/bench/host-restart.sh /tmp/enc100k/sources /tmp/svc100k/index 5
#   DLL=/tmp/old/SearchService.dll PORT=6490 scripts/bench/host-restart.sh seeds /tmp/seeds-index 5
set -euo pipefail

SOURCES=${1:?usage: host-restart.sh SOURCES INDEX [RUNS]}
INDEX=${2:?usage: host-restart.sh SOURCES INDEX [RUNS]}
RUNS=${3:-5}
if ! [[ $RUNS =~ ^[0-9]+$ ]] || (( RUNS < 1 || RUNS > 50 )); then
  echo "RUNS must be a whole number between 1 and 50; it was '$RUNS'." >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DLL=${DLL:-$ROOT/src/SearchService/bin/Release/net10.0/SearchService.dll}
PORT=${PORT:-6490}
BASE=http://127.0.0.1:$PORT
LOG=$(mktemp /tmp/searchservice-restart.XXXXXX.log)
PID=
stop() {
  if [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  PID=
}
trap 'stop; rm -f "$LOG"' EXIT

launch() {
  dotnet "$DLL" --Search:SeedsPath="$SOURCES" --Search:IndexPath="$INDEX" \
    --Kestrel:Endpoints:Http:Url="$BASE" --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$((PORT + 1))" >"$LOG" 2>&1 &
  PID=$!
}

# The probe is bash alone (/dev/tcp, a timed read for the pause): no process per probe. A curl and a sleep every 5 ms
# cost ~17 ms of CPU per probe, most of a core of the two the service starts on. PROBE=curl: the former probe.
PROBE=${PROBE:-bash}
exec {PAUSE}<> <(:)  # a pipe nobody writes to: `read -t` on it is a sleep without a process
pause() { read -r -t 0.005 -u "$PAUSE" _ || true; }
ready() {
  if [[ $PROBE == curl ]]; then
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready" || true) == 200 ]]
    return
  fi
  local fd status=
  { exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 1
  printf 'GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&"$fd"
  IFS= read -r -t 10 -u "$fd" status || true
  exec {fd}>&-
  [[ $status == "HTTP/1.1 200 "* ]]
}

# Sets ELAPSED to the milliseconds from launch to the first 200 from /health/ready (polled every ~5 ms), and CPU to
# the process's CPU time at that moment; fails after LIMIT seconds. Not called in a subshell, so that PID stays
# visible to stop().
ELAPSED=
CPU=
time_to_ready() {
  local limit=$1 started now
  started=${EPOCHREALTIME/./}
  launch
  until ready; do
    if ! kill -0 "$PID" 2>/dev/null; then echo "the service exited; its log:" >&2; cat "$LOG" >&2; exit 1; fi
    now=${EPOCHREALTIME/./}
    if (( (now - started) / 1000000 > limit )); then echo "not ready after ${limit} s" >&2; exit 1; fi
    if [[ $PROBE == curl ]]; then sleep 0.005; else pause; fi
  done
  now=${EPOCHREALTIME/./}
  ELAPSED=$(( (now - started) / 1000 ))
  CPU=$(cpu_ms "$PID")
}

# The process's CPU time so far (user + system, all threads) in milliseconds: load-independent, unlike ELAPSED.
TICKS=$(getconf CLK_TCK)
cpu_ms() {
  local stat fields
  stat=$(<"/proc/$1/stat")
  stat=${stat##*) }  # the fields after "(comm) "; utime and stime are the 12th and 13th of them
  read -r -a fields <<<"$stat"
  echo $(( (fields[11] + fields[12]) * 1000 / TICKS ))
}

# Build (or confirm) the index first; the service only counts as ready once its first pass has finished.
echo "preparing $INDEX from $SOURCES (not timed) ..."
time_to_ready 3600
stop

times=()
cpus=()
for ((run = 1; run <= RUNS; run++)); do
  time_to_ready 120
  times+=("$ELAPSED")
  cpus+=("$CPU")
  echo "restart $run: ready after $ELAPSED ms (process CPU $CPU ms)"
  stop
done
summary() {
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -n)
  echo "min $(head -1 <<<"$sorted") ms, median $(sed -n "$(( ($# + 1) / 2 ))p" <<<"$sorted") ms, max $(tail -1 <<<"$sorted") ms"
}
echo "restart to /health/ready over $RUNS runs: $(summary "${times[@]}")"
echo "process CPU (user + system) until ready: $(summary "${cpus[@]}")"
