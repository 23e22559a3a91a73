#!/usr/bin/env python3
"""Stability of `facealign track --smooth none` outputs (tracks.csv), for person-specific adaptation (docs/training.md).

jitter TRACKS.csv [FIRST LAST]
    Unlabeled video: mean over frames t (FIRST < t < LAST) of the mean landmark |q(t+1) - 2 q(t) + q(t-1)|
    (the 68 points' acceleration) over sqrt of the landmark box area, in %, for track 1.
synth TRACKS.csv ANNOTATIONS.json CLIP
    A `synth video` clip: NME (mean landmark distance over sqrt of the true box area) and 3DDFA_V2's stability
    (mean |dp - dq| of frame-to-frame offsets, same normaliser), in %, for track 1 against the truth of clip CLIP.
"""
import csv
import json
import math
import sys


def track_landmarks(path):
    frames = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["track"] != "1":
                continue
            frames[int(row["frame"])] = [(float(row[f"x{k}"]), float(row[f"y{k}"])) for k in range(68)]
    return frames


def size(points):
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return math.sqrt((max(xs) - min(xs)) * (max(ys) - min(ys)))


def jitter(frames, first, last):
    values = []
    for t in range(first + 1, last):
        if t - 1 in frames and t in frames and t + 1 in frames:
            a, b, c = frames[t - 1], frames[t], frames[t + 1]
            acc = sum(math.hypot(c[k][0] - 2 * b[k][0] + a[k][0], c[k][1] - 2 * b[k][1] + a[k][1]) for k in range(68)) / 68
            values.append(acc / size(b))
    return 100 * sum(values) / len(values), len(values)


def synth(frames, annotations, clip):
    samples = [s for s in json.load(open(annotations))["samples"] if s["recipe"]["clip"] == clip]
    truth = {s["recipe"]["frame"]: [(p[0], p[1]) for p in s["landmarks68_3d"]] for s in samples}
    nme, stab = [], []
    for t in sorted(truth):
        if t not in frames:
            continue
        q, p = frames[t], truth[t]
        nme.append(sum(math.hypot(q[k][0] - p[k][0], q[k][1] - p[k][1]) for k in range(68)) / 68 / size(p))
        if t - 1 in frames and t - 1 in truth:
            q0, p0 = frames[t - 1], truth[t - 1]
            d = sum(math.hypot((p[k][0] - p0[k][0]) - (q[k][0] - q0[k][0]), (p[k][1] - p0[k][1]) - (q[k][1] - q0[k][1])) for k in range(68)) / 68
            stab.append(d / size(p))
    return 100 * sum(nme) / len(nme), 100 * sum(stab) / len(stab), len(nme), len(truth)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "jitter":
        frames = track_landmarks(sys.argv[2])
        first, last = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) == 5 else (min(frames), max(frames))
        value, count = jitter(frames, first, last)
        print(f"jitter {value:.4f} % over {count} frames")
    elif len(sys.argv) == 5 and sys.argv[1] == "synth":
        nme, stab, tracked, total = synth(track_landmarks(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
        print(f"NME {nme:.3f} %, stability {stab:.4f} % ({tracked} of {total} frames tracked)")
    else:
        sys.exit(__doc__)
