#!/usr/bin/env bash
# Throughput of `facealign cluster` with 1, 2 and 3 silos on this machine (localhost membership, one worker each),
# against one `facealign align --threads 1` process on the same images (the peer of the ratio).
# Usage: scripts/cluster-throughput.sh [images (default 200, AFLW2000-3D dev)] [membership args...]
# Example with PostgreSQL: scripts/cluster-throughput.sh 200 --membership postgres --postgres "$(scripts/cluster-postgres.sh)"
set -euo pipefail
cd "$(dirname "$0")/.."
images="${1:-200}"; shift || true
extra=("$@")
nice -n 10 dotnet build src/FaceAlign3D.Cli -c Release -v q -nologo >/dev/null
nice -n 10 dotnet build src/FaceAlign3D.Cluster -c Release -v q -nologo >/dev/null
tool="src/FaceAlign3D.Cli/bin/Release/net10.0/facealign.dll"
export FACEALIGN3D_MODELS="${FACEALIGN3D_MODELS:-$(cd ../shared/models && pwd)}"
work="$(mktemp -d)"
trap 'for p in "${pids[@]:-}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT
ls "$(cd ../shared/data/aflw2000-3d/images && pwd)"/*.jpg | head -n "$images" > "$work/manifest.txt"

seconds_since() { awk -v s="$1" -v e="$(date +%s%N)" 'BEGIN { printf "%.2f", (e - s) / 1e9 }'; }
start=$(date +%s%N)
nice -n 10 dotnet "$tool" align $(cat "$work/manifest.txt") --output "$work/single" --format json --threads 1 >/dev/null
single=$(seconds_since "$start")
awk -v n="$images" -v t="$single" 'BEGIN { printf "one process (align --threads 1): %d images in %.1f s, %.2f images/s\n", n, t, n / t }'

port=$((23000 + RANDOM % 1000 * 16))
for silos in 1 2 3; do
  pids=()
  for ((i = 0; i < silos; i++)); do
    nice -n 10 dotnet "$tool" cluster silo --instance "$i" --port "$port" --cluster-id "throughput$silos" "${extra[@]}" > "$work/silo$i.log" 2>&1 &
    pids+=($!)
    until grep -qs listening "$work/silo$i.log"; do sleep 0.2; done
  done
  start=$(date +%s%N)
  nice -n 10 dotnet "$tool" cluster submit "$work/manifest.txt" --output "$work/cluster$silos" --wait --port "$port" --cluster-id "throughput$silos" "${extra[@]}" >/dev/null
  took=$(seconds_since "$start")
  for f in "$work"/single/*.json; do cmp -s "$f" "$work/cluster$silos/$(basename "$f")" || { echo "differs: $(basename "$f")"; exit 1; }; done
  awk -v k="$silos" -v n="$images" -v t="$took" -v one="$single" \
    'BEGIN { printf "%d silo(s): %d images in %.1f s, %.2f images/s, %.2f x one process; every JSON equal to one process'"'"'s\n", k, n, t, n / t, one / t }'
  for p in "${pids[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  pids=()
  port=$((port + 16))
done
