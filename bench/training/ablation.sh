#!/usr/bin/env bash
# The fine-tuning ablation: every config of docs/training/mb05-ft/ablation in turn (or those named), each a new
# run under out/train/ablation/<name>; prints name, dev-half NME (mean of buckets, %) and training seconds.
# Usage: bench/training/ablation.sh [name ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
facealign=${FACEALIGN:-src/FaceAlign3D.Cli/bin/Release/net10.0/facealign}
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(full no_teacher no_aflw21 no_300w teacher_fwpdc batchnorm_trained flip lrr awing)
for name in "${names[@]}"; do
  rm -rf "out/train/ablation/$name"
  "$facealign" train "docs/training/mb05-ft/ablation/$name.yaml" > "out/train/ablation-$name.log" 2>&1
  awk -F, -v n="$name" 'END { printf "%s, dev NME %.3f %%, %.0f s\n", n, $5, $7 }' "out/train/ablation/$name/train_log.csv"
done
