#!/usr/bin/env bash
# Kill-and-resume check of `facealign align` on a 500-image folder (the test suite runs it on 200 images).
# Usage: scripts/resume-check.sh [images]
set -euo pipefail
cd "$(dirname "$0")/.."
FACEALIGN3D_RESUME_IMAGES="${1:-500}" nice -n 10 dotnet test tests/FaceAlign3D.Tests -c Release \
  --filter "FullyQualifiedName~AlignResumeTests" --logger "console;verbosity=normal"
