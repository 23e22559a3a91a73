#!/usr/bin/python3
"""Median single-thread cv2.imdecode time per JPEG, the peer figure for JpegDecodeBenchmarks.

Uses Debian's python3-opencv (OpenCV 4.6, libjpeg-turbo). Usage:
    /usr/bin/python3 bench/peers/opencv_decode.py [--shared ../shared] [--repeat N] [files...]
Without files it times the same set as the benchmark: every AFLW2000-3D dev image and samples/emma.jpg.
"""
import argparse
import glob
import os
import statistics
import time

import cv2
import numpy as np


def default_files(shared):
    aflw = sorted(glob.glob(os.path.join(shared, "data", "aflw2000-3d", "images", "*.jpg")))
    return aflw, [os.path.join(shared, "data", "samples", "emma.jpg")]


def median_ms(buf, repeat):
    for _ in range(3):
        cv2.imdecode(buf, cv2.IMREAD_COLOR)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        cv2.imdecode(buf, cv2.IMREAD_COLOR)
        times.append((time.perf_counter() - t0) * 1000.0)
    return statistics.median(times)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=os.path.normpath(os.path.join(here, "..", "..", "..", "shared")))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    cv2.setNumThreads(1)

    groups = {"files": args.files} if args.files else dict(zip(("aflw2000-3d", "emma"), default_files(args.shared)))
    print(f"OpenCV {cv2.__version__}, threads={cv2.getNumThreads()}")
    for name, files in groups.items():
        per_file = []
        for path in files:
            buf = np.fromfile(path, dtype=np.uint8)
            per_file.append(median_ms(buf, args.repeat))
        print(f"{name}: {len(files)} files, median of per-file medians {statistics.median(per_file):.3f} ms, "
              f"mean {statistics.mean(per_file):.3f} ms per file")


if __name__ == "__main__":
    main()
