#!/usr/bin/env python3
"""Multi-view consistency of aligned landmarks on a multi-view set (docs/training.md, Multi-view consistency).

usage: multiview_consistency.py SET ALIGN_DIR [ALIGN_DIR ...]

SET is a folder in the layout of `facealign synth multiview` (annotations.json, views/); each ALIGN_DIR holds the
`facealign align --format json` output of SET/images with one model. For every group whose views all have a face,
every view in turn is the target: each of its 68 landmarks is triangulated (linear least squares, as the
`multiview` loss term) from the other views through their cameras and projected into it. Printed per model: the
mean distance between the aligned and the reprojected points, pixels and % of the square root of the aligned
landmarks' box area, over groups, target views and points.
"""
import json, math, os, sys


def camera(entry):
    if "P" in entry:
        return [list(map(float, row)) for row in entry["P"]]
    k, r, t = entry["K"], entry["R"], entry["t"]
    return [[sum(k[i][m] * (r[m][j] if j < 3 else t[m]) for m in range(3)) for j in range(4)] for i in range(3)]


def solve3(a, b):
    det = lambda m: (m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                     + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]))
    d = det(a)
    return [det([[b[r] if c == i else a[r][c] for c in range(3)] for r in range(3)]) / d for i in range(3)]


def triangulate(cameras, points):
    rows, rhs = [], []
    for p, (x, y) in zip(cameras, points):
        for row, v in ((p[0], x), (p[1], y)):
            a = [row[j] - p[2][j] * v for j in range(4)]
            rows.append(a[:3])
            rhs.append(-a[3])
    normal = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    return solve3(normal, [sum(r[i] * b for r, b in zip(rows, rhs)) for i in range(3)])


def project(p, x):
    s = [sum(p[i][j] * (x[j] if j < 3 else 1) for j in range(4)) for i in range(3)]
    return s[0] / s[2], s[1] / s[2]


def landmarks(folder, image):
    path = os.path.join(folder, os.path.splitext(os.path.basename(image))[0] + ".json")
    if not os.path.exists(path):
        return None
    faces = json.load(open(path)).get("faces", [])
    if not faces:
        return None
    return [(q[0], q[1]) for q in max(faces, key=lambda f: f["score"])["landmarks68"]]


def main():
    root, models = sys.argv[1], sys.argv[2:]
    groups = {}
    for s in json.load(open(os.path.join(root, "annotations.json")))["samples"]:
        r = s["recipe"]
        groups.setdefault(r["group"], {})[r["view"]] = (s["image"], r["views_file"])
    for model in models:
        px, rel, count, used = 0.0, 0.0, 0, 0
        for group in sorted(groups):
            views = groups[group]
            order = sorted(views)
            entries = json.load(open(os.path.join(root, views[order[0]][1])))["views"]
            cams = [camera(entries[v]) for v in order]
            points = [landmarks(model, views[v][0]) for v in order]
            if any(p is None for p in points):
                continue
            used += 1
            for q in range(len(order)):
                others = [i for i in range(len(order)) if i != q]
                xs, ys = [p[0] for p in points[q]], [p[1] for p in points[q]]
                size = math.sqrt((max(xs) - min(xs)) * (max(ys) - min(ys)))
                for k in range(68):
                    x = triangulate([cams[i] for i in others], [points[i][k] for i in others])
                    u, v = project(cams[q], x)
                    d = math.hypot(u - points[q][k][0], v - points[q][k][1])
                    px += d
                    rel += 100 * d / size
                    count += 1
        print(f"{model}: {used}/{len(groups)} groups, consistency {px / max(count, 1):.3f} px, {rel / max(count, 1):.3f} %")


if __name__ == "__main__":
    main()
