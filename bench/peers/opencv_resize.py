#!/usr/bin/python3
"""Median single-thread cv2.resize time on a 1280x720 BGR frame, the peer of ResizeTiming / ResizeBenchmarks.

Uses Debian's python3-opencv. Prints one JSON line per case, like `FaceAlign3D.Benchmarks resize`.
Usage: /usr/bin/python3 bench/peers/opencv_resize.py [repeat]
"""
import json
import sys
import time

import cv2
import numpy as np

CASES = [  # keep equal to ResizeTiming.Cases
    ("linear_960x540", 960, 540, cv2.INTER_LINEAR),
    ("linear_1080x720", 1080, 720, cv2.INTER_LINEAR),
    ("area_640x360", 640, 360, cv2.INTER_AREA),
    ("area_480x270", 480, 270, cv2.INTER_AREA),
]


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    cv2.setNumThreads(1)
    frame = np.random.default_rng(1).integers(0, 256, (720, 1280, 3), dtype=np.uint8)
    for name, width, height, mode in CASES:
        for _ in range(5):
            cv2.resize(frame, (width, height), interpolation=mode)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            cv2.resize(frame, (width, height), interpolation=mode)
            times.append((time.perf_counter() - start) * 1e3)
        times.sort()
        print(json.dumps({"case": name, "runtime": "opencv " + cv2.__version__, "median_ms": round(times[repeat // 2], 4),
                          "p10_ms": round(times[repeat // 10], 4)}))


if __name__ == "__main__":
    main()
