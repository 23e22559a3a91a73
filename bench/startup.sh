#!/usr/bin/env bash
# Start-up of the facealign command: wall time of `facealign align <photo> --format json` and `facealign --version`
# (median of N runs each) for the plain build (JIT), the ReadyToRun publish and the Native AOT publish, with a
# breakdown from FACEALIGN3D_STARTUP_REPORT (time to Main, JIT time) and the align summary (time in the image).
# Usage: bench/startup.sh [photo] [runs]   (models from FACEALIGN3D_MODELS, default ../shared/models)
set -euo pipefail
cd "$(dirname "$0")/.."

photo="$(realpath "${1:-../shared/data/samples/emma.jpg}")"
runs="${2:-10}"
export FACEALIGN3D_MODELS="${FACEALIGN3D_MODELS:-$(realpath ../shared/models)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "building the variants (once)..." >&2
dotnet build src/FaceAlign3D.Cli -c Release --nologo -v q >/dev/null
dotnet publish src/FaceAlign3D.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$work/r2r" --nologo -v q >"$work/r2r.log" 2>&1 || { tail -5 "$work/r2r.log" >&2; exit 1; }
aot=""
if dotnet publish src/FaceAlign3D.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$work/aot" --nologo -v q >"$work/aot.log" 2>&1; then
  aot="$work/aot/facealign"
else
  echo "Native AOT publish failed (last lines of its log):" >&2
  tail -5 "$work/aot.log" >&2
fi

# Median wall seconds of a command over $runs runs.
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f", m}'
}

# One instrumented run: time to Main, to exit, JIT time and methods, and the align summary's ms in the image.
breakdown() {
  local report summary
  report=$(FACEALIGN3D_STARTUP_REPORT=1 "$@" align "$photo" --format json -o "$work/out" 2>&1 >"$work/summary.txt" | tail -1)
  summary=$(grep -E '^│ 1 ' "$work/summary.txt" | awk -F'│' '{gsub(/ /, "", $6); print $6}')
  echo "$report, \"image_ms\": ${summary:-null}"
}

printf '| variant | align median s | --version median s | breakdown of one align run |\n|---|---|---|---|\n'
for variant in jit r2r aot; do
  case $variant in
    jit) exe=(src/FaceAlign3D.Cli/bin/Release/net10.0/facealign) ;;
    r2r) exe=("$work/r2r/facealign") ;;
    aot) [ -n "$aot" ] || continue; exe=("$aot") ;;
  esac
  align=$(median "${exe[@]}" align "$photo" --format json -o "$work/out")
  version=$(median "${exe[@]}" --version)
  printf '| %s | %s | %s | %s |\n' "$variant" "$align" "$version" "$(breakdown "${exe[@]}")"
done
