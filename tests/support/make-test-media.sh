#!/usr/bin/env bash
# Generates the media every test uses, with the ffmpeg CLI, into $1. Skips files already made
# by the same version of this script, so repeated test runs stay fast.
set -euo pipefail
out=${1:?usage: make-test-media.sh DIR}
mkdir -p "$out"
stamp="$out/.stamp"
version=$(sha1sum "$0" | cut -c1-12)
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$version" ] && exit 0

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
video="testsrc2=size=320x240:rate=25"
tone="sine=frequency=440:sample_rate=48000"
x264=(-c:v libx264 -preset veryfast -pix_fmt yuv420p -g 25 -keyint_min 25 -sc_threshold 0)

# H.264/AAC, 20 s, index at the front and at the end.
ff -f lavfi -i "$video:duration=20" -f lavfi -i "$tone:duration=20" "${x264[@]}" \
  -c:a aac -b:a 96k -movflags +faststart "$out/h264_aac_front.mp4"
ff -i "$out/h264_aac_front.mp4" -c copy "$out/h264_aac_end.mp4"
# A short H.264/AAC file for timed tests.
ff -f lavfi -i "$video:duration=6" -f lavfi -i "$tone:duration=6" "${x264[@]}" \
  -c:a aac -b:a 96k -movflags +faststart "$out/short_av.mp4"
# Matroska with VP9/Opus.
ff -f lavfi -i "$video:duration=6" -f lavfi -i "$tone:duration=6" \
  -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 400k -g 25 -c:a libopus -b:a 64k \
  "$out/vp9_opus.mkv"
# Audio only, video only, an odd frame size.
ff -f lavfi -i "$tone:duration=5" -c:a aac -b:a 96k "$out/audio_only.m4a"
ff -f lavfi -i "$video:duration=5" "${x264[@]}" "$out/video_only.mp4"
ff -f lavfi -i "testsrc2=size=176x98:rate=30:duration=3" -vf format=rgb24,crop=173:97:0:0 -c:v libvpx-vp9 -deadline realtime \
  -cpu-used 8 -g 30 -pix_fmt yuv444p "$out/odd_size.webm"

# Bad input.
size=$(stat -c %s "$out/h264_aac_end.mp4")
head -c $((size / 2)) "$out/h264_aac_end.mp4" >"$out/truncated_no_index.mp4"
size=$(stat -c %s "$out/h264_aac_front.mp4")
head -c $((size / 2)) "$out/h264_aac_front.mp4" >"$out/truncated_half.mp4"
head -c 300000 /dev/urandom >"$out/random.bin"
: >"$out/empty.mp4"
# A subtitle-only file: a container with no decodable audio or video stream.
printf '1\n00:00:00,000 --> 00:00:02,000\nhello\n' >"$out/only_subtitles.srt"
ff -i "$out/only_subtitles.srt" -c:s mov_text "$out/no_av_stream.mp4"

echo "$version" >"$stamp"
