#!/usr/bin/env bash
# The demo, given a built swarmtv: makes the demo season, bundles and signs it with a fresh
# demo key, seeds it from three rate-limited seeders on loopback, and plays episode 1 in the
# free tier (sponsor clips at its chapters). With --licence: an ad-free + bonus (premium)
# licence is issued and added first, so the episode plays without clips and the bonus unlocks.
#   run-demo.sh SWARMTV [--licence] [extra play options...]
# Environment: SWARMTV_DEMO_DIR (default build/demo), SWARMTV_DEMO_SECONDS (episode length).
set -euo pipefail
swarmtv=$(realpath "${1:?usage: run-demo.sh SWARMTV [--licence] [play options]}")
shift
licence=0
if [ "${1:-}" = "--licence" ] || [ "${1:-}" = "--license" ]; then licence=1; shift; fi
root=$(cd "$(dirname "$0")/.." && pwd)
demo=${SWARMTV_DEMO_DIR:-$root/build/demo}
seconds=${SWARMTV_DEMO_SECONDS:-150}
mkdir -p "$demo"
demo=$(realpath "$demo")
# The demo's trust store, licences and caches stay inside its folder.
export XDG_CONFIG_HOME="$demo/home/config" XDG_DATA_HOME="$demo/home/data"
export XDG_CACHE_HOME="$demo/home/cache" XDG_STATE_HOME="$demo/home/state"

echo "== Making the demo season ($seconds s episodes)"
bash "$root/scripts/make-demo-season.sh" "$demo/season-$seconds" "$seconds"
rm -rf "$demo/keys" "$demo/home" "$demo/bundle" "$demo/seeders" "$demo/premium.licence"
"$swarmtv" keygen --out "$demo/keys" >/dev/null
"$swarmtv" trust add "$demo/keys/publisher.pub" >/dev/null
echo "== Bundling and signing"
"$swarmtv" bundle create "$demo/season-$seconds" --key "$demo/keys/publisher.key" \
  --out "$demo/bundle" | sed 's/^/   /'
torrent=$(ls "$demo"/bundle/*.torrent)

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
echo "== Starting 3 seeders on 127.0.0.1 (600 kB/s each)"
peers=()
for i in 1 2 3; do
  mkdir -p "$demo/seeders/$i"
  "$swarmtv" seed "$torrent" --loopback --upload-limit=600000 --state-dir "$demo/seeders/$i" \
    >"$demo/seeders/$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2 3; do
  for _ in $(seq 600); do grep -q "^magnet:" "$demo/seeders/$i.log" && break; sleep 0.1; done
  magnet=$(grep -o 'magnet:?[^ ]*' "$demo/seeders/$i.log" | head -1)
  [ -n "$magnet" ] || { echo "seeder $i did not start:"; cat "$demo/seeders/$i.log"; exit 1; }
  peers+=("--peer=$(echo "$magnet" | sed -n 's/.*x\.pe=\([^&]*\).*/\1/p')")
done

if [ "$licence" = 1 ]; then
  echo "== Issuing and adding a premium licence (ad-free + bonus)"
  "$swarmtv" licence issue --key "$demo/keys/publisher.key" --series starlane --season 1 \
    --grant premium --bonus-key "$demo/bundle/bonus.key" --out "$demo/premium.licence" >/dev/null
  "$swarmtv" licence add "$demo/premium.licence"
fi

outputs=()
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "== No display: playing headless with the terminal status line"
  outputs=(--vo=null --ao=null --status-line)
fi
common=(--loopback "${peers[@]}" --download-dir "$demo/home/downloads")
echo "== The season"
"$swarmtv" play "$magnet" "${common[@]}" --list
echo "== Playing episode 1 (keys: Space pause, arrows seek, Enter skip a clip, q quit)"
"$swarmtv" play "$magnet" "${common[@]}" --episode=1 --next-episode=no "${outputs[@]}" "$@"
if [ "$licence" = 1 ]; then
  echo "== Playing the unlocked bonus"
  "$swarmtv" play "$magnet" "${common[@]}" --bonus=0 "${outputs[@]}" "$@"
fi
