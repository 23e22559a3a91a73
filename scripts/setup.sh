#!/usr/bin/env bash
# Installs what FaceAlign3D needs on a fresh Debian machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet was not found on PATH)" >&2
  exit 1
fi

# Video input and output go through the ffmpeg program.
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null
  else
    echo "setup: ffmpeg is missing; install it (Debian/Ubuntu: sudo apt-get install ffmpeg)" >&2
    exit 1
  fi
fi

dotnet restore FaceAlign3D.sln --nologo

# MediaPipe's Apache-2.0 models come from their npm package, pinned and checksummed by our manifest.
if [ ! -f models/mediapipe/face_mesh/face_landmark.tflite ]; then
  if ! command -v npm >/dev/null; then
    echo "setup: npm is needed once to fetch MediaPipe's models (Debian: apt-get install npm)" >&2
    exit 1
  fi
  dotnet run --project src/FaceAlign3D.Cli -c Release -- models fetch mediapipe-face-mesh-npm --into models
fi
