#!/usr/bin/env bash
# Person-specific adaptation against the unadapted regressor (docs/training.md, "Person-specific adaptation"):
# jitter on the real talking-head clip (adapted on all of it, and on its first 100 frames only, scored on the last
# 100), and NME / stability on two `synth video` clips of one person each (72 frames, from the first two faces of
# 300-W's held-out fold 0). Tracking is unsmoothed (--smooth none) so that only the regressor differs.
# Usage: bench/training/adapt.sh [out-folder] [temporal weight]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-out/adapt-bench}
weight=${2:-20}
shared=${SHARED:-../shared}
facealign=${FACEALIGN:-src/FaceAlign3D.Cli/bin/Release/net10.0/facealign}
score=bench/training/adapt_stability.py
track() { "$facealign" track "$1" --smooth none --no-video --output "$2" "${@:3}" >/dev/null; }

clip="$shared/data/videos/talking_head_aoc.mp4"
mkdir -p "$out/aoc_first100"
ffmpeg -v error -y -i "$clip" -frames:v 100 "$out/aoc_first100/%04d.png"
track "$clip" "$out/aoc/base"
for run in all:"$clip" first100:"$out/aoc_first100"; do
  name=${run%%:*}
  "$facealign" adapt "${run#*:}" --output "$out/aoc/adapt_$name" --temporal-weight "$weight" >/dev/null
  track "$clip" "$out/aoc/track_$name" --model "$out/aoc/adapt_$name/model.onnx"
done
echo "talking_head_aoc, all 200 frames:  base $(python3 $score jitter "$out/aoc/base/tracks.csv"), adapted on all $(python3 $score jitter "$out/aoc/track_all/tracks.csv")"
echo "talking_head_aoc, frames 100-199: base $(python3 $score jitter "$out/aoc/base/tracks.csv" 99 199), adapted on 0-99 $(python3 $score jitter "$out/aoc/track_first100/tracks.csv" 99 199)"

src="$out/synth_src"
bench/training/link_holdout_faces.sh "$src" 2
[ -f "$out/synth/annotations.json" ] || "$facealign" synth video --from "$src" --output "$out/synth" --count 2 --frames 72 --seed 3 >/dev/null
for c in 0 1; do
  frames="$out/synth/images/c00000$c"
  track "$frames" "$out/synth/base$c"
  "$facealign" adapt "$frames" --output "$out/synth/adapt$c" --temporal-weight "$weight" >/dev/null
  track "$frames" "$out/synth/track$c" --model "$out/synth/adapt$c/model.onnx"
  echo "synth clip $c: base $(python3 $score synth "$out/synth/base$c/tracks.csv" "$out/synth/annotations.json" $c); adapted $(python3 $score synth "$out/synth/track$c/tracks.csv" "$out/synth/annotations.json" $c)"
done
