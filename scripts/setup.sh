#!/usr/bin/env bash
# Installs what FaceAlign3D needs on a fresh Debian machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet was not found on PATH)" >&2
  exit 1
fi

# Installs Debian packages when running as root; otherwise says what is missing.
apt_updated=0
require_package() {
  local package=$1 why=$2
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    if [ $apt_updated -eq 0 ]; then
      apt-get update -qq
      apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  else
    echo "setup: $package is missing ($why); install it (Debian/Ubuntu: sudo apt-get install $package)" >&2
    exit 1
  fi
}

# Video input and output go through the ffmpeg program.
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
  require_package ffmpeg "video input and output"
fi

# The browser tests of `facealign serve` drive Debian's chromium (Playwright cannot download browsers here).
if [ ! -x /usr/bin/chromium ]; then
  require_package chromium "browser tests of the serve page"
fi

# The serve page's three.js, pinned by src/FaceAlign3D.Server/web/package-lock.json; copied into the build output.
if ! command -v npm >/dev/null; then
  require_package npm "three.js for the serve page"
fi
npm ci --prefix src/FaceAlign3D.Server/web --no-audit --no-fund --silent

dotnet restore FaceAlign3D.sln --nologo

# MediaPipe's Apache-2.0 models come from their npm package, pinned and checksummed by our manifest.
if [ ! -f models/mediapipe/face_mesh/face_landmark.tflite ]; then
  if ! command -v npm >/dev/null; then
    echo "setup: npm is needed once to fetch MediaPipe's models (Debian: apt-get install npm)" >&2
    exit 1
  fi
  dotnet run --project src/FaceAlign3D.Cli -c Release -- models fetch mediapipe-face-mesh-npm --into models
fi
