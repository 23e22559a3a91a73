#!/usr/bin/env bash
# Installs what FaceAlign3D needs on a fresh Debian machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet was not found on PATH)" >&2
  exit 1
fi

dotnet restore FaceAlign3D.sln --nologo
