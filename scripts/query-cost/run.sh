#!/usr/bin/env bash
# Sends issue 14's costly queries (and a few ordinary ones) to a freshly started service and prints, for each,
# the HTTP status, the wall time, the service's resident memory after it, and the refusal message. Every query
# must answer or be refused within 1 s, and RSS must stay flat. Also checks that a cancelled request stops work.
# Lexical only (semantic off), so no background embedding work is counted in the CPU column.
#
#   scripts/query-cost/run.sh            (from the repository root; builds Release; free ports, or HTTP_PORT/GRPC_PORT)
#
# Needs: dotnet, curl, python3 (for URL encoding).
set -euo pipefail
cd "$(dirname "$0")/../.."

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP_PORT=${HTTP_PORT:-$(free_port)}
GRPC_PORT=${GRPC_PORT:-$(free_port)}
WORK=$(mktemp -d)
BASE="http://127.0.0.1:$HTTP_PORT"

dotnet build src/SearchService -c Release -v q -nologo >/dev/null
dotnet src/SearchService/bin/Release/net10.0/SearchService.dll \
  --Kestrel:Endpoints:Http:Url="$BASE" --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$GRPC_PORT" \
  --Search:SeedsPath="$PWD/seeds" --Search:IndexPath="$WORK/index" --Search:SemanticEnabled=false >"$WORK/service.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

for _ in $(seq 1 600); do
  kill -0 $PID 2>/dev/null || { echo "The service did not start:"; grep -v HealthCheck "$WORK/service.log" | head -5; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready" || true)" = 200 ] && break
  sleep 0.1
done

cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }   # utime + stime, in 1/100 s
rss() { awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$PID/status"; }
hwm() { awk '/VmHWM/ {print int($2/1024) " MB"}' "/proc/$PID/status"; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# Warm up (JIT, first fuzzy query's Levenshtein tables) so the numbers below are per-query costs.
for q in 'vi*nam' 'diplomacy~2' '/vi.*nam/' 'doi moi'; do
  curl -s -o /dev/null "$BASE/search?syntax=lucene&mode=lexical&q=$(enc "$q")"
done

ALPHABET='a*b*c*d*e*f*g*h*i*j*k*l*m*n*o*p*q*r*s*t*u*v*w*x*y*z*'
FUZZY=$(printf 'abcdefghijklmnopqrstuvwxyz~2 %.0s' $(seq 1 34))
queries=(
  '/[ab]*a[ab]{18}/'
  '/[ab]*a[ab]{16}/'
  '/[ab]*a[ab]{12}/'
  '/[ab]*a[ab]{9}/'
  '/[ab]*a[ab]{8}/'
  '/[ab]*a[ab]{7}/'
  '/a{50000}/'
  '/a{16}/'
  '/~([ab]*a[ab]{12})/'
  '/a{99999999999}/'
  '/a{1,99999999999}/'
  "$ALPHABET$ALPHABET$ALPHABET$ALPHABET$ALPHABET$ALPHABET"
  'a*b*c*d*e*f*g*h*'
  "$FUZZY"
  "$(printf 'abcdefghijklmnopqrstuvwxyz~2 %.0s' $(seq 1 5))"
  'diplomacy~2 vietnam~2 relations~2 countries~2 foreign~2'
  'vi*nam'
  '/vi.*nam/'
  'doi moi'
)

echo "RSS at start: $(rss)"
# Wall time depends on what else the machine runs; the service's CPU time per query (1/100 s ticks) much less.
printf '%-6s %-8s %-5s %-8s %s\n' status seconds cpu-s rss query
for q in "${queries[@]}"; do
  ticks=$(cpu)
  read -r code secs < <(curl -s -o "$WORK/out" -w '%{http_code} %{time_total}\n' "$BASE/search?syntax=lucene&mode=lexical&q=$(enc "$q")")
  detail=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("detail") or ("total %d" % d.get("total", -1)))' "$WORK/out" 2>/dev/null || head -c 120 "$WORK/out")
  used=$(( $(cpu) - ticks ))
  printf '%-6s %-8s %-5s %-8s %.60s\n        -> %s\n' "$code" "$secs" "$(printf '%d.%02d' $((used / 100)) $((used % 100)))" "$(rss)" "$q" "$detail"
done

# A client that gives up after 0.2 s: the service must not keep burning CPU for it.
before=$(cpu)
for _ in 1 2 3 4 5; do
  curl -s -o /dev/null -m 0.2 "$BASE/search?mode=lexical&syntax=lucene&q=$(enc 'diplomacy~2 vietnam~2 relations~2 countries~2 foreign~2')" || true
done
sleep 2
echo "CPU ticks (1/100 s) used by 5 requests abandoned after 0.2 s, including 2 s after: $(( $(cpu) - before ))"

echo "RSS at end: $(rss); peak (VmHWM): $(hwm)"
if grep -v HealthCheck "$WORK/service.log" | grep -q "fail:"; then
  echo "Errors in the service log:"; grep -A3 "fail:" "$WORK/service.log" | grep -v HealthCheck | head -20
fi
