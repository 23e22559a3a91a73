#!/usr/bin/env bash
# Tracking stability on synthetic clips (docs/tracking.md): `synth video` turns near-frontal AFLW2000-3D dev stills into
# clips with smooth out-of-plane and in-plane head motion, an expression change and exact per-frame truth; `track`
# follows each clip with every temporal filter, and the 68 landmarks are scored as 3DDFA_V2 does (stability: the
# mean difference between predicted and true frame-to-frame motion; NME), both in % of the true box's square root.
# Usage: bench/synthesis/track_stability.sh FACEALIGN_BINARY WORK_DIR [CLIPS]
set -euo pipefail
facealign=$1
work=$2
clips=${3:-6}
data=$(cd "$(dirname "$0")/../../../shared/data/aflw2000-3d" && pwd)
mkdir -p "$work/sources"

# The first CLIPS dev images with |yaw| < 20 degrees, their re-annotated 68 points as iBUG .pts beside links to them.
python3 - "$data" "$work/sources" "$clips" <<'PY'
import json, math, os, sys
data, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
samples = json.load(open(os.path.join(data, "annotations.json")))["samples"]
for s in [s for s in samples if abs(s["pose_radians"]["yaw"]) < math.radians(20) and s.get("landmarks68_2d_reannotated")][:count]:
    link = os.path.join(out, s["image"])
    if not os.path.lexists(link):
        os.symlink(os.path.join(data, "images", s["image"]), link)
    with open(os.path.splitext(link)[0] + ".pts", "w") as f:
        f.write("version: 1\nn_points: 68\n{\n" + "".join(f"{x + 1} {y + 1}\n" for x, y in s["landmarks68_2d_reannotated"]) + "}\n")
PY

nice -n 10 "$facealign" synth video --from "$work/sources" --output "$work/clips" --count "$clips" --frames 48 --seed 1
for clip in "$work"/clips/images/c*; do
    for filter in none oneeuro kalman; do
        nice -n 10 "$facealign" track "$clip" --smooth "$filter" --detect-every 0 --fps 30 --threads 1 --no-video \
            --output "$work/tracks/$(basename "$clip")_$filter" > /dev/null
    done
done

python3 - "$work" <<'PY'
import json, math, os, sys
work = sys.argv[1]
truth = {}
for s in json.load(open(os.path.join(work, "clips", "annotations.json")))["samples"]:
    clip, frame = s["image"].split("/")
    truth.setdefault(clip, {})[int(frame.split(".")[0])] = [p[:2] for p in s["landmarks68_3d"]]
def size(g):
    xs, ys = [p[0] for p in g], [p[1] for p in g]
    return math.sqrt((max(xs) - min(xs)) * (max(ys) - min(ys)))
def mean_distance(a, b):
    return sum(math.hypot(p[0] - q[0], p[1] - q[1]) for p, q in zip(a, b)) / len(a)
print("| filter | stability | NME | frames tracked |")
print("|---|---|---|---|")
for filt in ["none", "oneeuro", "kalman"]:
    stab, nme, tracked, total = [], [], 0, 0
    for clip, frames in sorted(truth.items()):
        predicted = {}
        for line in open(os.path.join(work, "tracks", f"{clip}_{filt}", "tracks.jsonl")):
            row = json.loads(line)
            if row["faces"]:
                predicted[row["frame"]] = [p[:2] for p in row["faces"][0]["landmarks68"]]
        total += len(frames)
        tracked += len(predicted)
        for t, g in frames.items():
            if t in predicted:
                nme.append(mean_distance(predicted[t], g) / size(g))
            if t in predicted and t - 1 in predicted:
                dp = [(a[0] - b[0], a[1] - b[1]) for a, b in zip(g, frames[t - 1])]
                dq = [(a[0] - b[0], a[1] - b[1]) for a, b in zip(predicted[t], predicted[t - 1])]
                stab.append(mean_distance(dp, dq) / size(g))
    print(f"| {filt} | {100 * sum(stab) / len(stab):.3f} % | {100 * sum(nme) / len(nme):.3f} % | {tracked} of {total} |")
PY
