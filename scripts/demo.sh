#!/usr/bin/env bash
# The README's main command: installs what is needed, builds swarmtv, makes a sample episode
# with ffmpeg and plays it — in a window when there is a display, otherwise headless with the
# terminal status line.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release >/dev/null
demo=build/demo
mkdir -p "$demo"
episode="$demo/sample-episode.mp4"
if [ ! -f "$episode" ]; then
  echo "Making a 60 s sample episode with ffmpeg..."
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=1280x720:rate=25:duration=60" \
    -f lavfi -i "sine=frequency=330:sample_rate=48000:duration=60" \
    -c:v libx264 -preset veryfast -g 50 -pix_fmt yuv420p -c:a aac -b:a 128k \
    -movflags +faststart "$episode"
fi
outputs=()
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: playing headless (add a display for the window)."
  outputs=(--vo=null --ao=null --status-line)
fi
exec build/release/swarmtv play "$episode" "${outputs[@]}" "$@"
