#!/usr/bin/env bash
# The issue's large-corpus row, in process, one thread: lexical / semantic / hybrid latency of the engine's Search
# (k = 10, hits with snippets and highlights), lexical Rank, the HNSW graph's recall@10 against the exact scan,
# the process's memory, and a restart with unchanged data — each beside its target (issue 19, 1M passages).
# Builds INDEX_DIR from BEIR_DIR first when it holds no finished build (lexical + LSA vectors + the graph, streamed;
# prints passages/s of the lexical and vector phases apart). Latency on a busy machine is mostly waiting for a core:
# the CPU time per query and KB allocated per query are printed too and are the load-independent figures.
#
#   python3 ../shared/peers/synth_beir.py seeds /tmp/synth1m 1000000     # the 1M BEIR corpus (1.1 GB)
#   scripts/bench/million.sh /tmp/synth1m /tmp/ss-idx1m                  # build once, then measure (20 s per loop)
#   scripts/bench/million.sh /tmp/synth100k /tmp/ss-idx100k-v 10         # the same row at 100k
#   B=/tmp/old/SearchService.Benchmarks.dll scripts/bench/million.sh ...  # another build
#
# INDEX_DIR may also be an index made by `SearchService.Benchmarks restart PATH` (with vectors); the queries are then
# BEIR_DIR's, whatever corpus the index holds.
set -euo pipefail

BEIR=${1:?usage: million.sh BEIR_DIR INDEX_DIR [SECONDS_PER_LOOP]}
INDEX=${2:?usage: million.sh BEIR_DIR INDEX_DIR [SECONDS_PER_LOOP]}
LOOP=${3:-20}
if ! [[ $LOOP =~ ^[0-9]+$ ]] || (( LOOP < 1 || LOOP > 600 )); then
  echo "SECONDS_PER_LOOP must be whole seconds between 1 and 600; it was '$LOOP'." >&2
  exit 2
fi

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
B=${B:-$ROOT/tests/SearchService.Benchmarks/bin/Release/net10.0/SearchService.Benchmarks.dll}
if [[ ! -f $B ]]; then
  dotnet build "$ROOT/tests/SearchService.Benchmarks" -c Release -nologo -v quiet
fi

OUT=$(mktemp -d /tmp/searchservice-million.XXXXXX)
trap 'rm -rf "$OUT"' EXIT

if [[ ! -f $INDEX/benchmark-complete.txt && ! -f $INDEX/restart-complete.txt ]]; then
  echo "== building $INDEX from $BEIR"
  dotnet "$B" million build "$BEIR" "$INDEX" | tee "$OUT/build.txt"
fi

echo "== restart with unchanged data (three opens in one fresh process; the first pays the JIT)"
dotnet "$B" restart "$INDEX" unused 3 | tee "$OUT/restart.txt"

echo "== queries (one thread, warm, ${LOOP} s per loop)"
dotnet "$B" million run "$BEIR" "$INDEX" "$LOOP" | tee "$OUT/run.txt"

# "label: N queries, p50 X ms, p99 Y ms, process CPU Z ms/query, W KB/query"
field() { awk -v label="$1:" -v key="$2" 'index($0, label) == 1 { for (i = 1; i <= NF; i++) if ($i == key) { v = $(i + 1); sub(/,$/, "", v); print v; exit } }' "$OUT/run.txt"; }
cpu() { awk -v label="$1:" 'index($0, label) == 1 { for (i = 1; i <= NF; i++) if ($i == "CPU") { print $(i + 1); exit } }' "$OUT/run.txt"; }
met() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { if (v == "") print "?"; else if ((op == "<=" && v + 0 <= t + 0) || (op == "<" && v + 0 < t + 0) || (op == ">=" && v + 0 >= t + 0)) print "yes"; else print "no" }'; }

RECALL=$(awk '/^graph recall@10/ { print $6 }' "$OUT/run.txt")
RSS=$(awk '/^memory:/ { print $3 }' "$OUT/run.txt")
ANON=$(awk '/^memory:/ { print $6 }' "$OUT/run.txt")
OPEN1=$(awk '/^open 1:/ { print $3 }' "$OUT/restart.txt")
OPENBEST=$(awk '/^open [0-9]+:/ { if (best == "" || $3 + 0 < best + 0) best = $3 } END { print best }' "$OUT/restart.txt")
PASSAGES=$(awk '/Lucene records/ { for (i = 1; i < NF; i++) if ($(i + 1) == "Lucene") { sub(/^\(/, "", $i); print $i } }' "$OUT/run.txt")

echo
echo "== row: $PASSAGES Lucene records, passages + their document records ($INDEX), $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-40s | %-34s | %-12s | %-4s |\n' "measure" "measured" "target (1M)" "met"
printf '|%s|%s|%s|%s|\n' "------------------------------------------" "------------------------------------" "--------------" "------"
row() { printf '| %-40s | %-34s | %-12s | %-4s |\n' "$1" "$2" "$3" "$4"; }
P50=$(field "lexical Search k=10" p50)
row "lexical Search k=10 p50" "$P50 ms (CPU $(cpu 'lexical Search k=10') ms/q)" "<= 5 ms" "$(met "$P50" "<=" 5)"
row "lexical Search k=10 p99" "$(field 'lexical Search k=10' p99) ms" "-" ""
row "lexical Rank depth 10 p50 / p99" "$(field 'lexical Rank depth 10' p50) / $(field 'lexical Rank depth 10' p99) ms (CPU $(cpu 'lexical Rank depth 10'))" "-" ""
S50=$(field "semantic Search k=10" p50)
row "semantic Search k=10 p50 (LSA + HNSW)" "$S50 ms (CPU $(cpu 'semantic Search k=10') ms/q)" "<= 3 ms" "$(met "$S50" "<=" 3)"
row "graph recall@10 vs exact scan" "$RECALL" ">= 0.98" "$(met "$RECALL" ">=" 0.98)"
H50=$(field "hybrid Search k=10" p50)
row "hybrid Search k=10 p50" "$H50 ms (CPU $(cpu 'hybrid Search k=10') ms/q)" "<= 8 ms" "$(met "$H50" "<=" 8)"
row "process RSS after the loops" "$RSS MB (anonymous $ANON MB)" "<= 1536 MB" "$(met "$RSS" "<=" 1536)"
row "restart to a searcher, 1st / best open" "$OPEN1 / $OPENBEST ms" "< 2000 ms" "$(met "$OPEN1" "<" 2000)"
