#!/usr/bin/env bash
# Generates the fuzz seeds that are binary or signed into DIR/<target>/ (the text seeds are
# committed in tests/fuzz/corpus/): MP4/MOV/Matroska heads made by the ffmpeg CLI, .torrent
# files, and the manifest, signature and licences signed with the fuzz key (make_fuzz_seeds).
# Skips the work when DIR was made by the same version of this script.
#   scripts/fuzz-seeds.sh build/fuzz/seeds
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: fuzz-seeds.sh DIR}
stamp="$out/.stamp"
version=$( (cat "$0" tests/fuzz/make_fuzz_seeds.cpp) | sha1sum | cut -c1-12)
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ] && exit 0
rm -rf "$out"
mkdir -p "$out/mp4_head_fuzz" "$out/torrent_input_fuzz" "$out/media"

build/fuzz/fuzz/make_fuzz_seeds "$out"

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
src=(-f lavfi -i "testsrc2=size=64x48:rate=10:duration=1" -f lavfi -i "sine=duration=1")
ff "${src[@]}" -c:v libx264 -preset ultrafast -c:a aac -movflags +faststart "$out/media/front.mp4"
ff -i "$out/media/front.mp4" -c copy "$out/media/end.mp4"
ff -i "$out/media/front.mp4" -c copy "$out/media/clip.mov"
ff -i "$out/media/front.mp4" -c copy -f mp4 -movflags +frag_keyframe+empty_moov "$out/media/frag.mp4"
ff "${src[@]}" -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -c:a libopus "$out/media/clip.mkv"

# mp4_head_fuzz input: 8 bytes of file size (little-endian, the target reads size = raw >> 2),
# then the first 4 KiB.
python3 - "$out" <<'PY'
import hashlib, os, struct, sys
out = sys.argv[1]
for name in sorted(os.listdir(f"{out}/media")):
    data = open(f"{out}/media/{name}", "rb").read()
    with open(f"{out}/mp4_head_fuzz/{name}", "wb") as f:
        f.write(struct.pack("<Q", len(data) << 2) + data[:4096])

def benc(v):
    if isinstance(v, int): return b"i%de" % v
    if isinstance(v, str): v = v.encode()
    if isinstance(v, bytes): return b"%d:%s" % (len(v), v)
    if isinstance(v, list): return b"l" + b"".join(benc(x) for x in v) + b"e"
    return b"d" + b"".join(benc(k) + benc(v[k]) for k in sorted(v)) + b"e"

piece = 16384
single = {"announce": "http://127.0.0.1:6969/announce", "info": {
    "name": "ep1.mp4", "length": 40000, "piece length": piece,
    "pieces": hashlib.sha1(b"a").digest() * 3}}
multi = {"info": {"name": "Show", "piece length": piece,
    "files": [{"length": 20000, "path": ["ep1.mkv"]}, {"length": 5, "path": ["sub", "ep1.srt"]},
              {"length": 100, "path": ["swarmtv.bundle.json"]}],
    "pieces": hashlib.sha1(b"b").digest() * 2}}
for name, t in (("single", single), ("multi", multi)):
    open(f"{out}/torrent_input_fuzz/{name}.torrent", "wb").write(b"\0" + benc(t))
PY
rm -rf "$out/media"
echo "$version" >"$stamp"
echo "$out"
