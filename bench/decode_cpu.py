#!/usr/bin/env python3
"""Decoder benchmark: CPU time of `swarmtv play --untimed --vo=null --ao=null` against
`ffmpeg -f null -` on the same 1080p H.264/AAC file, and swarmtv's peak RSS.

Prints JSON: medians over --runs runs. Targets: CPU ratio <= 1.10, peak RSS < 150 MB.
Usage: bench/decode_cpu.py [--runs N] [--seconds S] [--binary build/release/swarmtv]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from bench_common import ROOT, release_binary


def measure(cmd):
    """Runs cmd; returns (cpu seconds of the child, peak RSS in MB, wall seconds)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--binary", default=None)
    args = ap.parse_args()

    binary = release_binary(args.binary)
    media_dir = os.path.join(ROOT, "build/bench-media")
    os.makedirs(media_dir, exist_ok=True)
    media = os.path.join(media_dir, f"h264_1080p_{args.seconds}s.mp4")
    if not os.path.exists(media):
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y",
                        "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=25:duration={args.seconds}",
                        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={args.seconds}",
                        "-c:v", "libx264", "-preset", "veryfast", "-b:v", "6M", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-b:a", "128k", "-movflags", "+faststart", media], check=True)

    ours, theirs, rss, walls = [], [], [], []
    for _ in range(args.runs):
        cpu, peak, wall = measure([binary, "play", media, "--untimed", "--vo=null", "--ao=null",
                                   "--no-status-line", "--resume-playback=no"])
        ours.append(cpu)
        rss.append(peak)
        walls.append(wall)
        cpu, _, _ = measure(["ffmpeg", "-nostdin", "-v", "error", "-i", media, "-f", "null", "-"])
        theirs.append(cpu)

    ratios = [a / b for a, b in zip(ours, theirs)]
    result = {
        "benchmark": "decode_cpu",
        "media": os.path.basename(media),
        "runs": args.runs,
        "swarmtv_cpu_seconds_median": statistics.median(ours),
        "ffmpeg_cpu_seconds_median": statistics.median(theirs),
        "cpu_ratio_median": statistics.median(ratios),
        "swarmtv_wall_seconds_median": statistics.median(walls),
        "swarmtv_peak_rss_mb_median": statistics.median(rss),
        "targets": {"cpu_ratio_max": 1.10, "peak_rss_mb_max": 150},
    }
    result["meets_targets"] = (result["cpu_ratio_median"] <= 1.10
                               and result["swarmtv_peak_rss_mb_median"] < 150)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
