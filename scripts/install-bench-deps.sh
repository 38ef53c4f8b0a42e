#!/usr/bin/env bash
# Installs what the benchmarks in bench/ need beside the build's packages (scripts/install-deps.sh):
# stock libtorrent for Python (seeders and viewers that are not swarmtv) and a BitTorrent tracker
# (opentracker) for the crowd benchmark. Debian 12 packages only. Not needed to build or test.
set -euo pipefail
bash "$(dirname "$0")/install-deps.sh"
packages=(python3-libtorrent opentracker)
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
