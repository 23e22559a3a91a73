#!/usr/bin/env bash
# Installs the programs FaceAlign3D calls (ffmpeg/ffprobe for video, npm to fetch MediaPipe's models) when
# they are missing, through apt on Debian/Ubuntu as root, and Debian's chromium for the browser tests of the serve
# page. Usage: install-tools.sh [ffmpeg] [npm] [chromium]; safe to run again.
set -euo pipefail

tools=("$@")
[ $# -eq 0 ] && tools=(ffmpeg npm)
# The two test assemblies (and several tests in one) may ask at once: one apt at a time, and each caller looks
# again for what is missing once it holds the lock.
if command -v flock >/dev/null; then
  exec 9>"${TMPDIR:-/tmp}/facealign-install-tools.lock"
  flock 9
fi
missing=()
for tool in "${tools[@]}"; do
  case "$tool" in
    ffmpeg) command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || missing+=(ffmpeg) ;;
    npm) command -v npm >/dev/null || missing+=(npm) ;;
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    *) echo "install-tools: unknown tool '$tool' (known: ffmpeg, npm, chromium)" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-tools: ${missing[*]} missing; install with your package manager (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "install-tools: installing ${missing[*]} with apt-get" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -o DPkg::Lock::Timeout=300 -y -qq --no-install-recommends "${missing[@]}" >/dev/null
