"""Checks a `facealign synth profile` set made from 300-W with --folds 5 --holdout-fold 0: how many of its source
photos lie in the held-out fold 0 (every fifth .pts in path order, starting with the first, as the training configs
and bench/training/holdout_300w.sh count it; must be 0), how many training photos it covers, and the yaw and pitch
the faces ended at (pose_radians), with the share of inpainted face pixels.
Usage: python3 bench/training/profiled_set_stats.py SET_FOLDER [SHARED]   (SHARED defaults to ../shared)"""
import collections
import json
import math
import os
import sys

folder = sys.argv[1]
shared = sys.argv[2] if len(sys.argv) > 2 else "../shared"
pts = sorted((os.path.join(root, name) for root, _, names in os.walk(os.path.join(shared, "data", "300w"))
              for name in names if name.endswith(".pts")), key=lambda p: p.encode())
names = [os.path.basename(p)[:-4] for p in pts]
assert len(set(names)) == len(names), "300-W file names are not unique; compare full paths instead"
held_out = {n for i, n in enumerate(names) if i % 5 == 0}
training = set(names) - held_out
samples = json.load(open(os.path.join(folder, "annotations.json")))["samples"]
sources = {os.path.splitext(os.path.basename(s["recipe"]["source_image"]))[0] for s in samples}
print(f"{len(samples)} samples from {len(sources)} photos: {len(sources & held_out)} of the {len(held_out)} held-out photos, "
      f"{len(sources & training)} of the {len(training)} training photos")
yaws = [abs(math.degrees(s["pose_radians"]["yaw"])) for s in samples]
pitches = [math.degrees(s["pose_radians"]["pitch"]) for s in samples]
buckets = collections.Counter("0-30" if y < 30 else "30-60" if y < 60 else "60-90" for y in yaws)
print("|yaw| buckets: " + ", ".join(f"{b} {buckets[b]}" for b in ("0-30", "30-60", "60-90")) +
      f"; |yaw| {min(yaws):.1f}-{max(yaws):.1f}, pitch {min(pitches):.1f} to {max(pitches):.1f}, "
      f"|pitch| > 30 in {sum(abs(p) > 30 for p in pitches)}")
print(f"inpainted face fraction: mean {sum(s['recipe']['inpainted_fraction'] for s in samples) / len(samples):.3f}")
