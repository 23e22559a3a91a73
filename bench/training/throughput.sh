#!/usr/bin/env bash
# Training throughput of bench/training/throughput.yaml: a fresh run, then images/s and seconds per epoch.
# Usage: bench/training/throughput.sh [threads]   (FACEALIGN, FACEALIGN3D_TRAINING pick other builds)
set -euo pipefail
cd "$(dirname "$0")/../.."
facealign=${FACEALIGN:-src/FaceAlign3D.Cli/bin/Release/net10.0/facealign}
config=bench/training/throughput.yaml
out=out/train/throughput
if [ -n "${1:-}" ]; then
  config=out/train/throughput-$1.yaml
  sed "s/^threads: .*/threads: $1/; s#^output: ../../out/train/throughput#output: throughput-$1#" bench/training/throughput.yaml > "$config"
  out=out/train/throughput-$1
fi
rm -rf "$out"
"$facealign" train "$config" > "$out.log" 2>&1
awk -F, 'NR > 1 { printf "epoch %d: %.1f images/s, %.1f s\n", $1, $6, $7 }' "$out/train_log.csv"
grep -E "^(teacher|sha256)" "$out.log"
