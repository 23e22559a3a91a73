#!/usr/bin/env bash
# Full-image resize, ours against OpenCV (one thread each), run back to back ROUNDS times; prints the
# per-case median over rounds of both medians and of their ratio (ours / OpenCV), the same for the fastest
# decile (p10, what preemption on a loaded machine disturbs least), and the load average.
# Usage: bench/peers/resize_ratio.sh [rounds] [repeat]   (after: dotnet build bench/FaceAlign3D.Benchmarks -c Release)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
rounds="${1:-5}" repeat="${2:-100}"
bench="$here/../FaceAlign3D.Benchmarks/bin/Release/net10.0/FaceAlign3D.Benchmarks.dll"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  dotnet "$bench" resize "$repeat" >>"$out"
  /usr/bin/python3 "$here/opencv_resize.py" "$repeat" >>"$out"
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
for case in dict.fromkeys(r["case"] for r in rows):
    line = f"{case}:"
    for key in ("median_ms", "p10_ms"):
        ours = [r[key] for r in rows if r["case"] == case and r["runtime"] == "facealign3d"]
        peer = [r[key] for r in rows if r["case"] == case and r["runtime"] != "facealign3d"]
        ratio = statistics.median(o / p for o, p in zip(ours, peer))
        line += f" {key[:-3]} ours {statistics.median(ours):.3f} ms, opencv {statistics.median(peer):.3f} ms, ratio {ratio:.2f};"
    print(line + f" (medians over {sys.argv[2]} rounds)")
PY
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
