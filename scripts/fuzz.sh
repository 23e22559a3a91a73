#!/usr/bin/env bash
# One coverage-guided fuzz campaign: AFL++ drives a SharpFuzz-instrumented build of the library through one parser.
# usage: scripts/fuzz.sh TARGET SECONDS [EXECS]   (targets: png jpeg bmp pnm onnx tflite safetensors npy pickle
#                                                   aflw-json pts coco predictions align-json views-json)
# The campaign stops after SECONDS, or earlier once it has run about EXECS executions.
# Work goes to fuzz/out/TARGET (gitignored): seeds/, findings/default/{queue,crashes,hangs,fuzzer_stats}.
# A finding is replayed with: dotnet run --project fuzz/FaceAlign3D.Fuzz -c Release -- replay TARGET FILE...
# It runs at the lowest priority on one core; the machine's other work comes first.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [EXECS]" >&2
  exit 2
fi
target=$1
seconds=$2
limit=()
if [ $# -eq 3 ]; then limit=(-E "$3"); fi

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
dotnet tool restore >/dev/null

# A fresh publish each time: sharpfuzz refuses an assembly it has already instrumented.
build=fuzz/out/build
if [ ! -f "$build/.instrumented" ] || [ -n "$(find src/FaceAlign3D fuzz/FaceAlign3D.Fuzz -name '*.cs' -newer "$build/.instrumented" | head -1)" ]; then
  rm -rf "$build"
  dotnet publish fuzz/FaceAlign3D.Fuzz -c Release -o "$build" --nologo -v quiet
  dotnet tool run sharpfuzz "$build/FaceAlign3D.dll"
  touch "$build/.instrumented"
fi

work=fuzz/out/$target
rm -rf "$work"
# Seeds come from the plain build: instrumented code only runs under afl-fuzz.
dotnet run --project fuzz/FaceAlign3D.Fuzz -c Release -- seeds "$target" "$work/seeds"

# The .NET host is not compiled by afl's compiler, so skip its binary check; a 1 GiB managed heap makes
# unbounded allocation surface as an OutOfMemoryException (a crash) instead of swapping the machine.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export DOTNET_GCHeapHardLimit=0x40000000 DOTNET_gcServer=0
nice -n 19 afl-fuzz -i "$work/seeds" -o "$work/findings" -t 2000 -m none -V "$seconds" "${limit[@]}" \
  -- dotnet "$build/FaceAlign3D.Fuzz.dll" run "$target" >"$work/afl.log" 2>&1 || {
  tail -20 "$work/afl.log" >&2
  exit 1
}

stats=$work/findings/default/fuzzer_stats
awk -F' *: *' -v t="$target" '
  { v[$1] = $2 }
  END { printf "%s: %s execs in %s s (%s/s), %s crashes, %s hangs, %s paths\n", t, v["execs_done"], v["run_time"], v["execs_per_sec"], v["saved_crashes"], v["saved_hangs"], v["corpus_count"] }' "$stats"
