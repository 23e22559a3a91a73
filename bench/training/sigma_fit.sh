#!/usr/bin/env bash
# ICT fit accuracy with a regressor's predicted landmark sigmas against the uniform sigma (docs/training.md,
# "Uncertainty head"): 12 `synth video` clips (24 frames, seed 17) from the first 12 faces of 300-W's held-out
# fold 0, then bench/FaceAlign3D.FitAccuracy on them.
# Usage: bench/training/sigma_fit.sh [out-folder] [regressor.onnx with the log_sigma output]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-out/sigma-fit}
model=${2:-out/train/sigma-head/model.onnx}
facealign=${FACEALIGN:-src/FaceAlign3D.Cli/bin/Release/net10.0/facealign}
src="$out/src"
bench/training/link_holdout_faces.sh "$src" 12
[ -f "$out/video/annotations.json" ] || "$facealign" synth video --from "$src" --output "$out/video" --count 12 --frames 24 --seed 17
dotnet build bench/FaceAlign3D.FitAccuracy -c Release >/dev/null
dotnet bench/FaceAlign3D.FitAccuracy/bin/Release/net10.0/FaceAlign3D.FitAccuracy.dll "$out/video" "$model"
