#!/usr/bin/env bash
# Installs the Debian 12 packages swarmtv needs to build, test and run.
# Idempotent and non-interactive; run as root (or with sudo available). Packages given as
# arguments are installed too (scripts/install-bench-deps.sh uses this).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  ffmpeg libavformat-dev libavcodec-dev libavutil-dev libswresample-dev libswscale-dev
  libsdl2-dev libsdl2-ttf-dev fonts-dejavu-core
  libtorrent-rasterbar-dev libboost-dev libboost-system-dev libssl-dev
  catch2 nlohmann-json3-dev libsodium-dev libspdlog-dev libfmt-dev
  xvfb xauth curl ca-certificates python3 chromium
  clang libclang-rt-14-dev  # the libFuzzer targets (scripts/build.sh fuzz, scripts/fuzz.sh)
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
