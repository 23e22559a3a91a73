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
