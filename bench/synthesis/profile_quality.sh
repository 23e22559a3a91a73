#!/usr/bin/env bash
# Profiling quality (docs/synthesis.md): profiles 100 near-frontal AFLW2000-3D dev images by +30 and +60 degrees of
# yaw and scores the tddfa aligner (detect protocol) on them against their synthetic ground truth, beside its score
# on the real dev images. Usage: bench/synthesis/profile_quality.sh FACEALIGN_BINARY WORK_DIR
set -euo pipefail
facealign=$1
work=$2
data=$(cd "$(dirname "$0")/../../../shared/data/aflw2000-3d" && pwd)
mkdir -p "$work/sources"

# The first 100 dev images with |yaw| < 20 degrees, with their re-annotated 68 points as iBUG .pts beside links to them.
python3 - "$data" "$work/sources" <<'PY'
import json, math, os, sys
data, out = sys.argv[1], sys.argv[2]
samples = json.load(open(os.path.join(data, "annotations.json")))["samples"]
chosen = [s for s in samples if abs(s["pose_radians"]["yaw"]) < math.radians(20) and s.get("landmarks68_2d_reannotated")][:100]
for s in chosen:
    name = s["image"]
    link = os.path.join(out, name)
    if not os.path.lexists(link):
        os.symlink(os.path.join(data, "images", name), link)
    with open(os.path.splitext(link)[0] + ".pts", "w") as f:
        f.write("version: 1\nn_points: 68\n{\n")
        for x, y in s["landmarks68_2d_reannotated"]:
            f.write(f"{x + 1} {y + 1}\n")  # iBUG points are 1-based
        f.write("}\n")
print(f"{len(chosen)} source images")
PY

for yaw in 30 60; do
    nice -n 10 "$facealign" synth profile --from "$work/sources" --output "$work/profiled_$yaw" --yaw "$yaw" --pitch 0 --count 100 --seed 1
    nice -n 10 "$facealign" eval aflw2000-3d --data "$work/profiled_$yaw" --protocol detect --threads 1 --output "$work/eval_$yaw"
done
nice -n 10 "$facealign" eval aflw2000-3d --data "$data" --protocol detect --threads 1 --output "$work/eval_real"
for run in real 30 60; do
    echo "== $run"
    grep -i -A8 "bucket" "$work/eval_$run/report.md" | head -12
done
