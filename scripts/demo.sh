#!/usr/bin/env bash
# The README's main command: installs what is needed, builds swarmtv, and runs the demo season
# streamed from a local swarm (scripts/run-demo.sh). Pass --licence for the ad-free + bonus run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release >/dev/null
exec bash scripts/run-demo.sh build/release/swarmtv "$@"
