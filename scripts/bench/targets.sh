#!/usr/bin/env bash
# Every figure of issue 19 in one run, each beside its target and the ceiling it is measured against, then one table:
#   1. in-process lexical median vs Java Lucene 8.7 (five shared collections and the 100k synthetic corpus) and the
#      seeds over HTTP vs Kestrel's own minimal endpoint (scripts/bench/run.sh);
#   2. indexing the 100k corpus as 10,000 article files (lexical, one sources pass, SearchService.Benchmarks);
#   3. the service over those files (BM25 + LSA, no sentence encoder: encoding 100k passages takes over an hour here):
#      lexical/hybrid HTTP with one connection (scripts/bench/modes.sh), then restarts with unchanged data, launch to
#      /health/ready (scripts/bench/host-restart.sh);
#   4. with a 1M BEIR folder: the in-process 1M row (scripts/bench/million.sh) and a 1M restart end to end.
# Took 6 min on a quiet 2-core machine with the 1M index already built (a first 1M build adds ~6 min); without a
# 1M folder, from a fresh clone (builds and the 100k corpus included), 5.5 min. Nothing else should run meanwhile:
# every figure is a latency. 127.0.0.1 only, every load run bounded.
#
#   scripts/bench/targets.sh WORK_DIR                      # 100k synthetic corpus made in WORK_DIR if missing
#   scripts/bench/targets.sh WORK_DIR /tmp/synth1m         # and the 1M row (python3 ../shared/peers/synth_beir.py ../shared/seeds /tmp/synth1m 1000000)
#   SKIP_BUILD=1 DURATION=8 scripts/bench/targets.sh /tmp/targets
set -euo pipefail

WORK=${1:?usage: targets.sh WORK_DIR [BEIR_1M_DIR]}
MILLION=${2:-}
DURATION=${DURATION:-8}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
B=$ROOT/tests/SearchService.Benchmarks/bin/Release/net10.0/SearchService.Benchmarks.dll
if [[ -z ${SKIP_BUILD:-} ]]; then
  dotnet build SearchService.sln -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet build scripts/bench/ceiling -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet publish src/SearchService -c Release -o "$WORK/published" -nologo -v quiet -clp:ErrorsOnly
fi
DLL=$WORK/published/SearchService.dll
[[ -f $DLL ]] || DLL=$ROOT/src/SearchService/bin/Release/net10.0/SearchService.dll

SYNTH=$WORK/synth100k
if [[ ! -f $SYNTH/corpus.jsonl ]]; then
  python3 ../shared/peers/synth_beir.py ../shared/seeds "$SYNTH" 100000
fi
SOURCES=$WORK/sources100k
if [[ ! -d $SOURCES ]]; then
  # 10,000 article files of 10 passages (one passage per line, as the seeds).
  python3 - "$SYNTH/corpus.jsonl" "$SOURCES" <<'PY'
import json, os, sys
texts = [json.loads(line)['text'].replace('\n', ' ') for line in open(sys.argv[1], encoding='utf-8')]
os.makedirs(sys.argv[2])
for i in range(0, len(texts), 10):
    with open(os.path.join(sys.argv[2], f'syn_{i // 10:05d}.txt'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(texts[i:i + 10]) + '\n')
PY
fi

echo "== 1. collections vs Java Lucene, seeds over HTTP vs Kestrel ($(date -u +%FT%TZ))"
SKIP_BUILD=1 DLL=$DLL DURATION=$DURATION WARMUP=${WARMUP:-20} COLLECTIONS="adi cacm cisi cranfield med $SYNTH" \
  scripts/bench/run.sh | tee "$WORK/run.txt"

echo "== 2. indexing 100k passages from 10,000 files (lexical)"
rm -rf "$WORK/index-throughput"
dotnet "$B" index-throughput sources "$SOURCES" "$WORK/index-throughput" | tee "$WORK/indexing.txt"
rm -rf "$WORK/index-throughput"

echo "== 3. the service over the 100k files: one connection, then restarts"
INDEX100K=$WORK/service-index100k
PORT=${PORT_BASE:-6610}
Search__SeedsPath=$SOURCES Search__IndexPath=$INDEX100K Search__Embeddings__Model=none \
  Kestrel__Endpoints__Http__Url=http://127.0.0.1:$PORT Kestrel__Endpoints__Grpc__Url=http://127.0.0.1:$((PORT + 1)) \
  dotnet "$DLL" >"$WORK/service100k.log" 2>&1 &
SERVICE=$!
trap 'kill "$SERVICE" 2>/dev/null || true' EXIT
# Waits (at most 10 min) until the command succeeds; stops with the service's log when it exits or never does.
wait_for() {
  local what=$1
  shift
  for _ in $(seq 1 1200); do
    "$@" && return 0
    kill -0 "$SERVICE" 2>/dev/null || { echo "the service exited before $what; its log:" >&2; cat "$WORK/service100k.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "no $what after 10 min" >&2
  exit 1
}
semantic_answers() { [[ $(curl -s "http://127.0.0.1:$PORT/search?q=bamboo&mode=semantic" -o /dev/null -w '%{http_code}') == 200 ]]; }
graph_saved() { [[ -n $(find "$INDEX100K/vectors" -name ann.usearch 2>/dev/null) ]]; }
wait_for "semantic answers" semantic_answers
# Above 50,000 rows the LSA set's graph is built when its vectors are saved; hybrid serves from the scan until then.
wait_for "the LSA graph" graph_saved
CONNECTIONS=1 DURATION=$DURATION MODES="lexical hybrid" scripts/bench/modes.sh "http://127.0.0.1:$PORT" | tee "$WORK/modes100k.txt"
kill "$SERVICE" 2>/dev/null || true
wait "$SERVICE" 2>/dev/null || true
Search__Embeddings__Model=none DLL=$DLL PORT=$((PORT + 2)) scripts/bench/host-restart.sh "$SOURCES" "$INDEX100K" 5 | tee "$WORK/restart100k.txt"

if [[ -n $MILLION ]]; then
  echo "== 4. 1M passages"
  scripts/bench/million.sh "$MILLION" "$WORK/index1m" "$DURATION" | tee "$WORK/million.txt"
  # The service on the 1M index with a sources folder that does not exist: it keeps the index as it is (degraded
  # sources, still ready), so the restart measures the open alone, as with unchanged data.
  Search__Embeddings__Model=none DLL=$DLL PORT=$((PORT + 4)) scripts/bench/host-restart.sh "$WORK/no-sources" "$WORK/index1m" 5 | tee "$WORK/restart1m.txt"
fi

# ---- the table -------------------------------------------------------------------------------------------------
ratio() { awk -v c="$1" -F'|' '{ gsub(/ /, "", $1) } $1 == c { gsub(/[ x]/, "", $4); print $4 }' "$WORK/run.txt" | tail -1; }
share() { awk -v m="$1" -F'|' 'index($1, "search mode=" m) { gsub(/[ %]/, "", $3); print $3 }' "$WORK/run.txt"; }
mode1() { awk -v m="$1 c=1:" -v key="$2" 'index($0, m) == 1 { for (i = 1; i <= NF; i++) if ($i == key) { v = $(i + 1); sub(/,$/, "", v); print v } }' "$WORK/modes100k.txt"; }
median() { awk '/^restart to \/health\/ready/ { for (i = 1; i <= NF; i++) if ($i == "median") print $(i + 1) }' "$1"; }
row1m() { awk -F'|' -v m="$1" 'index($2, m) { gsub(/^ +| +$/, "", $3); print $3; exit }' "$WORK/million.txt"; }
num() { awk '{ print $1 + 0 }' <<<"$1"; }
met() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "") print "?"; else if ((op == "<=" && v + 0 <= t + 0) || (op == "<" && v + 0 < t + 0) || (op == ">=" && v + 0 >= t + 0)) print "yes"; else print "no" }'; }
row() { printf '| %-46s | %-34s | %-10s | %-4s |\n' "$1" "$2" "$3" "$4"; }

echo
echo "== issue 19 targets, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
row "target" "measured" "target" "met"
printf '|%s|%s|%s|%s|\n' "------------------------------------------------" "------------------------------------" "------------" "------"
for c in adi cacm cisi cranfield med "$SYNTH"; do
  r=$(ratio "$c")
  row "in-process lexical median vs Java, $(basename "$c")" "${r:-?}x" "<= 1.5x" "$(met "$r" "<=" 1.5)"
done
s=$(share lexical); row "seeds HTTP lexical, share of Kestrel" "${s:-?} %" ">= 30 %" "$(met "$s" ">=" 30)"
s=$(share hybrid); row "seeds HTTP hybrid, share of Kestrel" "${s:-?} %" ">= 20 %" "$(met "$s" ">=" 20)"
p=$(mode1 lexical p50); row "100k HTTP lexical p50, 1 connection" "${p:-?} ms" "<= 2 ms" "$(met "$p" "<=" 2)"
p=$(mode1 lexical p99); row "100k HTTP lexical p99, 1 connection" "${p:-?} ms" "<= 10 ms" "$(met "$p" "<=" 10)"
p=$(mode1 hybrid p50); row "100k HTTP hybrid p50, 1 connection" "${p:-?} ms" "-" ""
r=$(awk '/^index-throughput sources:/ { for (i = 1; i <= NF; i++) if ($i == "passages/s;") { v = $(i - 1); gsub(/,/, "", v); print v } }' "$WORK/indexing.txt")
row "indexing, lexical (100k from files)" "${r:-?} passages/s" ">= 5000" "$(met "$r" ">=" 5000)"
m=$(median "$WORK/restart100k.txt"); row "restart 100k, launch to ready (median)" "${m:-?} ms" "< 1000 ms" "$(met "$m" "<" 1000)"
if [[ -n $MILLION ]]; then
  v=$(row1m "lexical Search k=10 p50"); row "1M lexical p50" "$v" "<= 5 ms" "$(met "$(num "$v")" "<=" 5)"
  v=$(row1m "semantic Search k=10 p50"); row "1M semantic p50" "$v" "<= 3 ms" "$(met "$(num "$v")" "<=" 3)"
  v=$(row1m "graph recall@10"); row "1M semantic recall@10 vs the exact scan" "$v" ">= 0.98" "$(met "$(num "$v")" ">=" 0.98)"
  v=$(row1m "hybrid Search k=10 p50"); row "1M hybrid p50" "$v" "<= 8 ms" "$(met "$(num "$v")" "<=" 8)"
  v=$(row1m "process RSS"); row "1M RSS" "$v" "<= 1536 MB" "$(met "$(num "$v")" "<=" 1536)"
  m=$(median "$WORK/restart1m.txt"); row "restart 1M, launch to ready (median)" "${m:-?} ms" "< 2000 ms" "$(met "$m" "<" 2000)"
fi
