#!/usr/bin/env bash
# Optional: prepares a fresh Debian machine ahead of time (the tests do the same on first use); safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet was not found on PATH)" >&2
  exit 1
fi

bash scripts/install-tools.sh ffmpeg npm
dotnet restore FaceAlign3D.sln --nologo

# MediaPipe's Apache-2.0 models come from their npm package, pinned and checksummed by our manifest.
if [ ! -f models/mediapipe/face_mesh/face_landmark.tflite ]; then
  dotnet run --project src/FaceAlign3D.Cli -c Release -- models fetch mediapipe-face-mesh-npm --into models
fi
