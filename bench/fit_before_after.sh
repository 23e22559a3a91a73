#!/usr/bin/env bash
# One-image ICT fits, two builds of the benchmarks run alternately ROUNDS times (`fit-timing`): prints per case the
# median over rounds of each build's p10 and median (wall and thread CPU time) and of the per-round ratios
# (after / before), and the load average. BEFORE is a copy of an earlier bin/Release/net10.0 folder.
# Usage: bench/fit_before_after.sh BEFORE_DIR [rounds] [repeat]   (after: dotnet build bench/FaceAlign3D.Benchmarks -c Release)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
before="$1/FaceAlign3D.Benchmarks.dll" rounds="${2:-5}" repeat="${3:-60}"
after="$here/FaceAlign3D.Benchmarks/bin/Release/net10.0/FaceAlign3D.Benchmarks.dll"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$rounds"); do
  dotnet "$before" fit-timing "$repeat" | sed 's/^{/{"build": "before", /' >>"$out"
  dotnet "$after" fit-timing "$repeat" | sed 's/^{/{"build": "after", /' >>"$out"
done
/usr/bin/python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
for case in dict.fromkeys(r["case"] for r in rows):
    line = f"{case}:"
    for key in ("p10_ms", "median_ms", "cpu_p10_ms", "cpu_median_ms"):
        b = [r[key] for r in rows if r["case"] == case and r["build"] == "before"]
        a = [r[key] for r in rows if r["case"] == case and r["build"] == "after"]
        ratio = statistics.median(x / y for x, y in zip(a, b))
        line += f" {key[:-3]} before {statistics.median(b):.2f} after {statistics.median(a):.2f} ratio {ratio:.2f};"
    print(line + f" (medians over {sys.argv[2]} rounds)")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
