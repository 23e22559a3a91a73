#!/usr/bin/python3
"""Median single-thread cv2.imdecode time per JPEG, the peer figure for JpegDecodeBenchmarks.

Uses Debian's python3-opencv (OpenCV 4.6, libjpeg-turbo). Usage:
    /usr/bin/python3 bench/peers/opencv_decode.py [--shared ../shared] [--repeat N] [files...]
Without files it times the same set as JpegDecodeBenchmarks: the first 50 AFLW2000-3D images (sorted by
name) and samples/emma.jpg, and prints the mean of per-file medians (the benchmark reports a mean per file).
"""
import argparse
import glob
import os
import statistics
import time

import cv2
import numpy as np

AFLW_COUNT = 50  # keep equal to JpegDecodeBenchmarks.AflwCount


def default_files(shared):
    aflw = sorted(glob.glob(os.path.join(shared, "data", "aflw2000-3d", "images", "*.jpg")))[:AFLW_COUNT]
    return aflw, [os.path.join(shared, "data", "samples", "emma.jpg")]


def median_ms(buf, repeat):
    for _ in range(3):
        cv2.imdecode(buf, cv2.IMREAD_COLOR)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        cv2.imdecode(buf, cv2.IMREAD_COLOR)
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times), min(times)


def find_shared():
    """FACEALIGN3D_SHARED, else the first folder named shared (with data/) beside an ancestor of this script."""
    env = os.environ.get("FACEALIGN3D_SHARED")
    if env and os.path.isdir(env):
        return env
    folder = os.path.dirname(os.path.abspath(__file__))
    while True:
        candidate = os.path.join(folder, "shared")
        if os.path.isdir(os.path.join(candidate, "data")):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            raise SystemExit("../shared not found; pass --shared or set FACEALIGN3D_SHARED")
        folder = parent


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=None)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    shared = args.shared or find_shared()
    cv2.setNumThreads(1)

    groups = {"files": args.files} if args.files else dict(zip(("aflw2000-3d", "emma"), default_files(shared)))
    print(f"OpenCV {cv2.__version__}, threads={cv2.getNumThreads()}")
    for name, files in groups.items():
        per_file = []
        for path in files:
            buf = np.fromfile(path, dtype=np.uint8)
            median, best = median_ms(buf, args.repeat)
            per_file.append(median)
            if len(files) <= 5:
                print(f"  {os.path.basename(path)}: median {median:.3f} ms, min {best:.3f} ms")
        print(f"{name}: {len(files)} files, median of per-file medians {statistics.median(per_file):.3f} ms, "
              f"mean {statistics.mean(per_file):.3f} ms per file")


if __name__ == "__main__":
    main()
