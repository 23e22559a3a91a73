#!/usr/bin/env bash
# Profiling quality (docs/synthesis.md): profiles 100 near-frontal AFLW2000-3D dev images by +30 and +60 degrees of
# yaw and scores the tddfa aligner (detect protocol) on them against their synthetic ground truth, beside its score
# on the real dev images; then checks the ground truth of the same photos turned by 0 degrees against AFLW2000-3D's.
# Usage: bench/synthesis/profile_quality.sh FACEALIGN_BINARY WORK_DIR
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

# The ground truth itself: turned by 0 degrees, the synthetic landmarks against AFLW2000-3D's landmarks68_3d (2D NME, % of
# the box's square root; jaw 0-16, inner 17-67), and the jaw's depth against the inner points', synthetic minus real.
nice -n 10 "$facealign" synth profile --from "$work/sources" --output "$work/profiled_0" --yaw 0 --pitch 0 --count 100 --seed 1
python3 - "$data" "$work/profiled_0" <<'PY'
import json, math, os, sys
real = {s["image"]: s for s in json.load(open(os.path.join(sys.argv[1], "annotations.json")))["samples"]}
synthetic = json.load(open(os.path.join(sys.argv[2], "annotations.json")))["samples"]
sums = {"all": [], "jaw": [], "inner": [], "jaw depth": []}
for s in synthetic:
    g, p = real[s["recipe"]["source_image"]]["landmarks68_3d"], s["landmarks68_3d"]
    xs, ys = [q[0] for q in g], [q[1] for q in g]
    d = math.sqrt((max(xs) - min(xs)) * (max(ys) - min(ys))) / 100
    e = [math.hypot(p[i][0] - g[i][0], p[i][1] - g[i][1]) / d for i in range(68)]
    sums["all"].append(sum(e) / 68)
    sums["jaw"].append(sum(e[:17]) / 17)
    sums["inner"].append(sum(e[17:]) / 51)
    gz, pz = sum(g[i][2] for i in range(17, 68)) / 51, sum(p[i][2] for i in range(17, 68)) / 51
    sums["jaw depth"].append(sum(abs((p[i][2] - pz) - (g[i][2] - gz)) for i in range(17)) / 17 / d)
print("== turned by 0 degrees vs AFLW2000-3D, %d images: " % len(synthetic) + ", ".join("%s %.3f" % (k, sum(v) / len(v)) for k, v in sums.items()))
PY
