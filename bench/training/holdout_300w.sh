#!/usr/bin/env bash
# 300-W-style 2D accuracy with detection on the 300-W fold that the fine-tuning configs hold out
# (data set entry `folds: 5, holdout_fold: 0`: every fifth .pts in path order, starting with the first).
# FaceBoxes finds the face, the tddfa aligner runs each model, `eval predictions` scores the 68 points by the
# outer inter-ocular distance (report.md has the contour 0-16 / inner 17-67 split). --contour silhouette marches
# the far side's jaw landmarks to the visible outline (docs/align-output.md); its results go to <model>-silhouette.
# --training-folds scores folds 1-4 instead (where the marching's settings were chosen; the fine-tuned models
# trained on them, so only mb05's figures there are fair).
# Usage: bench/training/holdout_300w.sh [--contour fixed|silhouette] [--training-folds] [out-folder] [model ...]
#        (a model is an ONNX file or a model id)
set -euo pipefail
cd "$(dirname "$0")/../.."
contour=fixed; pick='NR % 5 == 1'; label=held-out
while [ $# -gt 0 ]; do
  case "$1" in
    --contour) contour=$2; shift 2 ;;
    --training-folds) pick='NR % 5 != 1'; label=training; shift ;;
    *) break ;;
  esac
done
suffix=""; [ "$contour" = fixed ] || suffix="-$contour"
out=${1:-out/holdout-300w}; shift || true
models=("$@"); [ ${#models[@]} -gt 0 ] || models=(tddfa-mb05 facealign-mb05-ft)
shared=${SHARED:-../shared}
facealign=${FACEALIGN:-src/FaceAlign3D.Cli/bin/Release/net10.0/facealign}
fold="$out/fold"
rm -rf "$fold"; mkdir -p "$fold"
find "$shared/data/300w" -name '*.pts' | LC_ALL=C sort | awk "$pick" | while read -r pts; do
  stem="${pts%.pts}"
  for ext in jpg jpeg png bmp; do [ -f "$stem.$ext" ] && { ln -s "$(realpath "$stem.$ext")" "$fold/"; break; }; done
  ln -s "$(realpath "$pts")" "$fold/"
done
echo "$label fold(s): $(ls "$fold"/*.pts | wc -l) faces"
for model in "${models[@]}"; do
  name=$(basename "${model%.onnx}")$suffix
  "$facealign" align "$fold" --aligner tddfa --model "$model" --contour "$contour" --threads 1 --format json --output "$out/$name/pred" >/dev/null
  "$facealign" eval predictions --gt "$fold" --pred "$out/$name/pred" --normalizer inter-ocular --output "$out/$name"
done
