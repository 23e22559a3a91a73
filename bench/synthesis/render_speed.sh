#!/usr/bin/env bash
# Rendering and profiling speed, one thread, before and after a change in the same run (docs/synthesis.md): builds the
# benchmark project of BASE_COMMIT (with this tree's render-timing command copied in) in WORK_DIR, then runs
# `render-timing` of both builds alternately ROUNDS times. Each line gives median wall and thread-CPU ms per call.
# Usage: bench/synthesis/render_speed.sh BASE_COMMIT WORK_DIR [ROUNDS] [REPEAT]
set -euo pipefail
base=$1
work=$2
rounds=${3:-2}
repeat=${4:-100}
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=$(cd "$repo/../shared" && pwd)
rm -rf "$work/before" && mkdir -p "$work/before"
git -C "$repo" archive "$base" | tar -x -C "$work/before"
cp "$repo/bench/FaceAlign3D.Benchmarks/Rendering/RenderTiming.cs" "$work/before/bench/FaceAlign3D.Benchmarks/Rendering/"
cp "$repo/bench/FaceAlign3D.Benchmarks/Program.cs" "$work/before/bench/FaceAlign3D.Benchmarks/"
nice -n 10 dotnet build "$work/before/bench/FaceAlign3D.Benchmarks" -c Release > "$work/before_build.log"
nice -n 10 dotnet build "$repo/bench/FaceAlign3D.Benchmarks" -c Release > "$work/after_build.log"
binary=bin/Release/net10.0/FaceAlign3D.Benchmarks
for round in $(seq "$rounds"); do
    uptime
    for side in after before; do
        root=$repo; [ "$side" = before ] && root=$work/before
        echo "$side $round"
        FACEALIGN3D_SHARED=$shared nice -n 10 "$root/bench/FaceAlign3D.Benchmarks/$binary" render-timing "$repeat"
    done
done
