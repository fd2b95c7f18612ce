#!/usr/bin/env bash
# Compares hybrid fusion settings on the dev set and the shared collections, each indexed (and embedded) once:
# every setting is an `eval --variant` over the same index. Prints nDCG@10 per setting and dataset, the worst
# difference to lexical, and how many datasets each setting wins against lexical and against RRF (the old default).
#
#   scripts/fusion-sweep.sh [variants-file] [datasets...]
#
# variants-file: one `Key=Value;Key=Value` line per setting (keys of Search:Ranking); '#' starts a comment.
# datasets: "dev" and/or folders under $BENCHDATA (default: dev adi cacm cisi cranfield med).
# Environment: BENCHDATA (default /work/shared/benchdata), SEARCH_DLL (default the Release build), OUT (JSON folder),
# EVAL_ARGS (extra eval arguments, e.g. "--Search..." overrides of the embedding model).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
variants_file="${1:-$root/scripts/fusion-variants.txt}"
shift || true
datasets=("${@:-dev adi cacm cisi cranfield med}")
read -r -a datasets <<< "${datasets[*]}"
benchdata="${BENCHDATA:-/work/shared/benchdata}"
dll="${SEARCH_DLL:-$root/src/SearchService/bin/Release/net10.0/SearchService.dll}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
[ -f "$dll" ] || dotnet build "$root/src/SearchService/SearchService.csproj" -c Release >/dev/null

args=()
while IFS= read -r line; do
  line="${line%%#*}"; line="$(echo "$line" | xargs)"
  [ -n "$line" ] && args+=(--variant "$line")
done < "$variants_file"

for dataset in "${datasets[@]}"; do
  if [ "$dataset" = dev ]; then source=(); else source=(--beir "$benchdata/$dataset"); fi
  # shellcheck disable=SC2086
  dotnet "$dll" eval "${source[@]}" --mode all --json "${args[@]}" ${EVAL_ARGS:-} 2>"$out/$dataset.log" > "$out/$dataset.json"
done

python3 - "$out" "${datasets[@]}" <<'PY'
import json, sys
out, datasets = sys.argv[1], sys.argv[2:]
reports = {d: json.load(open(f"{out}/{d}.json")) for d in datasets}
rows = {}
for d, r in reports.items():
    for m in r["modes"]:
        rows.setdefault(m["mode"], {})[d] = m["mean"]["ndcgAt10"]
    for v in r.get("variants", []):
        rows.setdefault(v["label"], {})[d] = v["mean"]["ndcgAt10"]
lexical = rows["lexical"]
rrf = next((v for k, v in rows.items() if k.startswith("Fusion=Rrf;LexicalWeight=1;LsaWeight=0.5")), None)
width = max(len(k) for k in rows)
print(f"{'setting':<{width}} " + " ".join(f"{d:>9}" for d in datasets) + "  min Δlex  >lex  >rrf")
for label, values in rows.items():
    cells = " ".join(f"{values.get(d, float('nan')):9.3f}" for d in datasets)
    delta = min(values[d] - lexical[d] for d in datasets)
    wins = sum(values[d] > lexical[d] for d in datasets)
    beats_rrf = sum(values[d] > rrf[d] for d in datasets) if rrf else 0
    print(f"{label:<{width}} {cells}  {delta:+8.3f}  {wins:4d}  {beats_rrf:4d}")
PY
