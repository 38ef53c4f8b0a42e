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
# An MP4 whose sample table asks FFmpeg for 1 GiB (found by embedded_subtitles_fuzz).
cp "$(dirname "$0")/../fuzz/corpus/embedded_subtitles_fuzz/mp4-gigabyte-table" \
  "$out/gigabyte_table.mp4"
: >"$out/empty.mp4"
# A subtitle-only file: a container with no decodable audio or video stream.
printf '1\n00:00:00,000 --> 00:00:02,000\nhello\n' >"$out/only_subtitles.srt"
ff -i "$out/only_subtitles.srt" -c:s mov_text "$out/no_av_stream.mp4"

# Subtitles: three cues (the second in two lines, with SubRip markup), 8 s of video with a
# keyframe every second. An MKV with a SubRip (eng) and an ASS (fra, styled) track, an MP4 with
# mov_text, an MP4 with the .srt beside it, and an MP4 beside a broken .srt.
cat >"$out/subs.srt" <<'SRT'
1
00:00:01,000 --> 00:00:02,500
First line

2
00:00:03,000 --> 00:00:04,000
<i>Second</i> cue
with two lines

3
00:00:05,200 --> 00:00:06,800
Third cue
SRT
cat >"$out/subs.ass" <<'ASS'
[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.50,0:00:03.00,Default,,0,0,0,,{\an8}{\b1}Styled, with commas{\b0}\Nsecond line{\p1}m 0 0 l 10 10{\p0}
ASS
ff -f lavfi -i "$video:duration=8" -f lavfi -i "$tone:duration=8" -i "$out/subs.srt" \
  -i "$out/subs.ass" -map 0 -map 1 -map 2 -map 3 "${x264[@]}" -c:a aac -b:a 96k \
  -c:s:0 srt -c:s:1 ass -metadata:s:s:0 language=eng -metadata:s:s:1 language=fra \
  -metadata:s:s:1 title=Styled "$out/subs_srt_ass.mkv"
ff -f lavfi -i "$video:duration=8" -f lavfi -i "$tone:duration=8" -i "$out/subs.srt" \
  -map 0 -map 1 -map 2 "${x264[@]}" -c:a aac -b:a 96k -c:s mov_text -movflags +faststart \
  "$out/subs_mov_text.mp4"
ff -f lavfi -i "$video:duration=8" -f lavfi -i "$tone:duration=8" "${x264[@]}" \
  -c:a aac -b:a 96k -movflags +faststart "$out/beside.mp4"
cp "$out/subs.srt" "$out/beside.srt"
# A cue from 2 s to 9 s in 10 s of video: a start at 6.3 s lands on the keyframe at 6 s, 4 s
# after the cue's packet.
printf '1\n00:00:02,000 --> 00:00:09,000\nLong cue\n' >"$out/long_cue.srt"
ff -f lavfi -i "$video:duration=10" -f lavfi -i "$tone:duration=10" -i "$out/long_cue.srt" \
  -map 0 -map 1 -map 2 "${x264[@]}" -c:a aac -b:a 96k -c:s srt "$out/subs_long_cue.mkv"
# A WebM with a WebVTT track: browsers play WebM, and serve adds the track to the page.
ff -f lavfi -i "$video:duration=8" -f lavfi -i "$tone:duration=8" -i "$out/subs.srt" \
  -map 0 -map 1 -map 2 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 400k -g 25 \
  -c:a libopus -b:a 64k -c:s webvtt "$out/subs_webvtt.webm"
cp "$out/beside.mp4" "$out/broken_beside.mp4"
printf '1\n00:00:0x,000 -> 00:00:02\nhello\n\nnot a cue at all\n' >"$out/broken_beside.srt"
# WebVTT, for --sub-file.
cat >"$out/subs.vtt" <<'VTT'
WEBVTT

00:00:02.000 --> 00:00:03.500
From <b>WebVTT</b>
VTT

echo "$version" >"$stamp"
