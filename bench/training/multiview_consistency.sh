#!/usr/bin/env bash
# Multi-view consistency of each model's landmarks on a multi-view set (docs/training.md).
# usage: bench/training/multiview_consistency.sh SET OUT MODEL [MODEL ...]   (MODEL: an ONNX file or a model id)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
facealign="${FACEALIGN:-$here/src/FaceAlign3D.Cli/bin/Release/net10.0/facealign}"
set_dir="$1"; out="$2"; shift 2
dirs=()
for model in "$@"; do
  name="$(basename "$(dirname "$model")")"; [ -f "$model" ] || name="$model"
  dir="$out/$name"
  [ -d "$dir" ] || "$facealign" align "$set_dir/images" --model "$model" --format json --threads 1 -o "$dir" > /dev/null
  dirs+=("$dir")
done
python3 "$here/bench/training/multiview_consistency.py" "$set_dir" "${dirs[@]}"
