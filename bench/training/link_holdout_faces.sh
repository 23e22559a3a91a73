#!/usr/bin/env bash
# Links the first COUNT faces of 300-W's held-out fold 0 (every fifth .pts of AFW + HELEN train in path order, as
# `folds: 5, holdout_fold: 0` leaves out) with their images into FOLDER, emptied first.
# Usage: bench/training/link_holdout_faces.sh FOLDER COUNT   (SHARED overrides ../shared)
set -euo pipefail
folder=$1 count=$2
shared=${SHARED:-../shared}
rm -rf "$folder"; mkdir -p "$folder"
find "$shared/data/300w" -name '*.pts' | LC_ALL=C sort | awk 'NR % 5 == 1' | head -"$count" | while read -r pts; do
  stem="${pts%.pts}"
  for ext in jpg jpeg png bmp; do [ -f "$stem.$ext" ] && { ln -s "$(realpath "$stem.$ext")" "$folder/"; break; }; done
  ln -s "$(realpath "$pts")" "$folder/"
done
