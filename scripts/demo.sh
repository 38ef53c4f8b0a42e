#!/usr/bin/env bash
# The README's main command: installs what is needed, builds swarmtv, and runs the demo season
# streamed from a local swarm (scripts/run-demo.sh). Pass --licence for the ad-free + bonus run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mkdir -p build
echo "== Building swarmtv (log: build/release-build.log)"
bash scripts/build.sh release >build/release-build.log 2>&1 || { tail -40 build/release-build.log; exit 1; }
exec bash scripts/run-demo.sh build/release/swarmtv "$@"
