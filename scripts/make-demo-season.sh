#!/usr/bin/env bash
# Generates the demo season's media and season.json with the ffmpeg CLI into $1:
# a pilot and two episodes (chapters every third of the way: the sponsor breaks), three sponsor
# clips from different advertisers, and one bonus film. Speech-free test pictures and tones.
#   make-demo-season.sh DIR [EPISODE_SECONDS]
set -euo pipefail
out=${1:?usage: make-demo-season.sh DIR [EPISODE_SECONDS]}
seconds=${2:-150}
mkdir -p "$out/ads" "$out/bonus"
stamp="$out/.made-$seconds"
[ -f "$stamp" ] && exit 0

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
video() { echo "testsrc2=size=640x360:rate=25:duration=$1"; }
tone() { echo "sine=frequency=$2:sample_rate=48000:duration=$1"; }
enc=(-c:v libx264 -preset veryfast -pix_fmt yuv420p -g 50 -c:a aac -b:a 96k -movflags +faststart)

# Chapters at 0, 1/3 and 2/3 of each episode (ffmetadata, milliseconds).
third=$((seconds * 1000 / 3))
{
  echo ";FFMETADATA1"
  for i in 0 1 2; do
    printf '[CHAPTER]\nTIMEBASE=1/1000\nSTART=%d\nEND=%d\ntitle=Part %d\n' \
      $((i * third)) $(((i + 1) * third)) $((i + 1))
  done
} >"$out/chapters.txt"

for n in 0 1 2; do
  ff -f lavfi -i "$(video "$seconds")" -f lavfi -i "$(tone "$seconds" $((330 + 110 * n)))" \
    -i "$out/chapters.txt" -map 0:v -map 1:a -map_chapters 2 "${enc[@]}" "$out/s01e0$n.mp4"
done
clip=$((seconds < 60 ? 2 : 6))
skip=$((clip / 2))
i=0
for advertiser in acme bolt comet; do
  i=$((i + 1))
  ff -f lavfi -i "testsrc=size=640x360:rate=25:duration=$clip" \
    -f lavfi -i "$(tone "$clip" $((600 + 100 * i)))" -filter:a "volume=0.$((3 * i))" \
    "${enc[@]}" "$out/ads/$advertiser.mp4"
done
ff -f lavfi -i "mandelbrot=size=640x360:rate=25" -f lavfi -i "$(tone 20 220)" -t 20 \
  "${enc[@]}" "$out/bonus/making-of.mp4"
rm -f "$out/chapters.txt"

cat >"$out/season.json" <<JSON
{
  "series": {"id": "starlane", "title": "Starlane"},
  "season": 1,
  "episodes": [
    {"file": "s01e00.mp4", "number": 0, "title": "Pilot: First Light", "pilot": true},
    {"file": "s01e01.mp4", "number": 1, "title": "The Long Orbit"},
    {"file": "s01e02.mp4", "number": 2, "title": "Drift"}
  ],
  "sponsor_clips": [
    {"id": "acme-1", "file": "ads/acme.mp4", "advertiser": "Acme Rockets", "category": "travel",
     "skip_offset": $skip},
    {"id": "bolt-1", "file": "ads/bolt.mp4", "advertiser": "Bolt Cola", "category": "drinks"},
    {"id": "comet-1", "file": "ads/comet.mp4", "advertiser": "Comet Bank", "category": "finance"}
  ],
  "ad_policy": {"clips_per_break": 2, "pre_roll": false, "post_roll": false},
  "bonus": [{"file": "bonus/making-of.mp4", "title": "The Making of Starlane"}]
}
JSON
touch "$stamp"
