#!/usr/bin/env bash
# Optional: prepares a fresh Debian machine ahead of time (the tests do the same on first use); safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet was not found on PATH)" >&2
  exit 1
fi

bash scripts/install-tools.sh ffmpeg npm chromium

# The serve page's three.js, pinned by src/FaceAlign3D.Server/web/package-lock.json (the server's build does the same when missing).
npm ci --prefix src/FaceAlign3D.Server/web --no-audit --no-fund --silent
dotnet restore FaceAlign3D.sln --nologo

# MediaPipe's Apache-2.0 models come from their npm package, pinned and checksummed by our manifest.
if [ ! -f models/mediapipe/face_mesh/face_landmark.tflite ]; then
  dotnet run --project src/FaceAlign3D.Cli -c Release -- models fetch mediapipe-face-mesh-npm --into models
fi
