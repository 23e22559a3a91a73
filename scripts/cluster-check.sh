#!/usr/bin/env bash
# The cluster integration test (three silos, one killed mid-job) on 2,000 images: AFLW2000-3D's dev images and
# 300-W's AFW and HELEN training images. The test suite runs it on 80.
# Usage: scripts/cluster-check.sh [images]
set -euo pipefail
cd "$(dirname "$0")/.."
FACEALIGN3D_CLUSTER_IMAGES="${1:-2000}" nice -n 10 dotnet test tests/FaceAlign3D.Tests -c Release \
  --filter "FullyQualifiedName~ClusterJobTests" --logger "console;verbosity=normal"
