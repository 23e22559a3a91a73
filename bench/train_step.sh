#!/usr/bin/env bash
# Training-step throughput of MobileNetV1 x0.5 on TorchSharp against Debian's python3-torch, back to back,
# same batch, threads and steps. Usage: bench/train_step.sh [batch] [threads] [steps] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
batch=${1:-64} threads=${2:-2} steps=${3:-20} rounds=${4:-3}
python=${PYTHON:-/usr/bin/python3}   # Debian's interpreter, where python3-torch installs
"$python" -c "import torch" 2>/dev/null || { echo "train_step: python3-torch is needed (apt-get install python3-torch)" >&2; exit 1; }
dotnet build bench/FaceAlign3D.TrainingBench -c Release --nologo -v q >/dev/null
for round in $(seq "$rounds"); do
  dotnet bench/FaceAlign3D.TrainingBench/bin/Release/net10.0/linux-x64/FaceAlign3D.TrainingBench.dll "$batch" "$threads" "$steps"
  "$python" bench/peers/torch_train_step.py "$batch" "$threads" "$steps"
done
