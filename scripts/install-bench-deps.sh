#!/usr/bin/env bash
# Installs what the benchmarks in bench/ need beside the build's packages: stock libtorrent for
# Python (seeders and viewers that are not swarmtv) and a BitTorrent tracker (opentracker) for
# the crowd benchmark, and Transmission (a seeder of another client). Debian 12 packages only.
# Not needed to build or test.
set -euo pipefail
exec bash "$(dirname "$0")/install-deps.sh" python3-libtorrent opentracker transmission-daemon transmission-cli
