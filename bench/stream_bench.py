#!/usr/bin/env python3
"""Streaming benchmark (issue 3): swarmtv playing from a loopback swarm of `swarmtv seed`
processes, against the lower bound the swarm allows.

Scenarios: A = 3 seeders x 400 kB/s; B = 1 seeder x 1 MB/s; C = about 1.25x the media bitrate
from one slow seeder plus one seeder serving corrupt data. Media: a 3-minute 720p H.264/AAC
episode of about 3 Mbit/s as MP4 (index at the front), MP4 (index at the end) and Matroska;
torrents with 256 KiB and 1 MiB pieces.

For each case, medians over --runs runs of: time from launch to the first frame, bytes read before
it, latency of a start at 50 % and 90 % (data not yet downloaded), and stall time over
--realtime seconds of real-time playback. The lower bound of a first frame is the bytes the
demuxer consumed for it (it blocks on missing data) divided by the swarm's upload rate.
Targets: first frame and seek within 1.25x their bound + 0.1 s; no stall when the swarm gives
>= 1.25x the bitrate. Prints JSON. Loopback only (127.0.0.1); DHT/LSD/UPnP/NAT-PMP off.
Usage: bench/stream_bench.py [--runs N] [--realtime S] [--quick] [--binary PATH]
"""
import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DURATION = 180


def ff(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def make_media(folder):
    os.makedirs(folder, exist_ok=True)
    src = [
        "-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate=25:duration={DURATION}",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={DURATION}",
    ]
    enc = ["-c:v", "libx264", "-preset", "veryfast", "-b:v", "2900k", "-maxrate", "3200k",
           "-bufsize", "3000k", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k"]
    files = {
        "mp4-front": os.path.join(folder, "episode-front.mp4"),
        "mp4-end": os.path.join(folder, "episode-end.mp4"),
        "mkv": os.path.join(folder, "episode.mkv"),
    }
    if not os.path.exists(files["mp4-front"]):
        ff(*src, *enc, "-movflags", "+faststart", files["mp4-front"])
    if not os.path.exists(files["mp4-end"]):
        ff("-i", files["mp4-front"], "-c", "copy", files["mp4-end"])
    if not os.path.exists(files["mkv"]):
        ff("-i", files["mp4-front"], "-c", "copy", files["mkv"])
    return files


def run_stats(cmd, stats_file, timeout):
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout,
                   check=False)
    with open(stats_file) as f:
        return json.load(f)


class Swarm:
    """`swarmtv seed` processes on loopback, one content copy each."""

    def __init__(self, binary, media, piece_size, limits, corrupt, workdir):
        self.procs, self.peers, self.magnet = [], [], None
        for i, limit in enumerate(limits):
            d = os.path.join(workdir, f"seeder{i}")
            os.makedirs(d)
            content = os.path.join(d, os.path.basename(media))
            shutil.copy(media, content)
            log = open(os.path.join(d, "log"), "w+")
            p = subprocess.Popen([binary, "seed", content, "--loopback", f"--upload-limit={limit}",
                                  f"--piece-size={piece_size}", "--state-dir", d,
                                  "--torrent-out", os.path.join(d, "t.torrent")],
                                 stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(p)
            magnet = None
            for _ in range(600):
                log.seek(0)
                m = re.search(r"(magnet:\?\S+)", log.read())
                if m:
                    magnet = m.group(1)
                    break
                time.sleep(0.1)
            if not magnet:
                self.close()
                sys.exit(f"seeder {i} did not start")
            self.magnet = self.magnet or magnet
            self.peers.append(re.search(r"x\.pe=([^&]+)", magnet).group(1))
            if i in corrupt:
                # Altered after the seeder checked it: it serves bad bytes (POSIX backend).
                with open(content, "r+b") as f:
                    size = os.path.getsize(content)
                    for at in range(1000, size, 8192):
                        f.seek(at)
                        f.write(b"\x5a")

    def close(self):
        for p in self.procs:
            p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


def play(binary, swarm, workdir, extra, timeout):
    dl = tempfile.mkdtemp(dir=workdir, prefix="viewer")
    stats = os.path.join(dl, "stats.json")
    cmd = [binary, "play", swarm.magnet, "--loopback", "--vo=null", "--ao=null",
           "--no-status-line", "--download-dir", dl, "--stats-json", stats]
    cmd += [f"--peer={p}" for p in swarm.peers] + extra
    started = time.monotonic()
    s = run_stats(cmd, stats, timeout)
    s["_wall"] = time.monotonic() - started
    return s



def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--realtime", type=int, default=60)
    ap.add_argument("--quick", action="store_true", help="scenario A, MP4 front, 256 KiB only")
    ap.add_argument("--binary")
    args = ap.parse_args()
    binary = args.binary
    if not binary:
        subprocess.run(["bash", os.path.join(ROOT, "scripts/build.sh"), "release"], check=True,
                       stdout=subprocess.DEVNULL)
        binary = os.path.join(ROOT, "build/release/swarmtv")
    media = make_media(os.path.join(ROOT, "build/bench-media"))
    bitrate = os.path.getsize(media["mp4-front"]) / DURATION  # bytes/s
    scenarios = {
        "A": {"limits": [400_000] * 3, "corrupt": []},
        "B": {"limits": [1_000_000], "corrupt": []},
        "C": {"limits": [int(bitrate * 1.25), int(bitrate * 0.5)], "corrupt": [1]},
    }
    cases = [(s, c, p) for s in scenarios for c in media for p in (256 * 1024, 1024 * 1024)]
    if args.quick:
        cases = [("A", "mp4-front", 256 * 1024)]
    results = []
    for scenario, container, piece in cases:
        cfg = scenarios[scenario]
        rate = sum(l for i, l in enumerate(cfg["limits"]) if i not in cfg["corrupt"])
        rows = {"ttff": [], "bytes": [], "seek50": [], "seek90": [], "stall": [],
                "bytes50": [], "bytes90": []}
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as work:
                swarm = Swarm(binary, media[container], piece, cfg["limits"], cfg["corrupt"], work)
                try:
                    s = play(binary, swarm, work, ["--frames=1"], 120)
                    rows["ttff"].append(s["time_to_first_frame"])
                    rows["bytes"].append(s["bytes_before_first_frame"])
                    for key, frac in (("seek50", 0.5), ("seek90", 0.9)):
                        s = play(binary, swarm, work, ["--frames=1", f"--start={DURATION * frac}"], 120)
                        rows[key].append(s["time_to_first_frame"])
                        rows["bytes" + key[4:]].append(s["bytes_before_first_frame"])
                    s = play(binary, swarm, work, [f"--end={args.realtime}"], args.realtime + 120)
                    rows["stall"].append(s["stall_time"])
                finally:
                    swarm.close()
        # The bytes the demuxer had consumed when the frame appeared (it blocks on what is not
        # there, so this is what the frame needed, rounded up to the data at hand) over the
        # swarm's rate.
        bound = {k: median(rows[b]) / rate
                 for k, b in (("ttff", "bytes"), ("seek50", "bytes50"), ("seek90", "bytes90"))}
        row = {
            "scenario": scenario, "container": container, "piece_size": piece,
            "swarm_upload_bytes_per_s": rate, "media_bytes_per_s": round(bitrate),
            "time_to_first_frame_s": median(rows["ttff"]),
            "bytes_before_first_frame": median(rows["bytes"]),
            "seek_50_latency_s": median(rows["seek50"]),
            "seek_90_latency_s": median(rows["seek90"]),
            "stall_seconds": median(rows["stall"]),
            "lower_bound_s": bound,
        }
        row["meets_targets"] = all(
            row[k] is not None and row[k] <= 1.25 * bound[b] + 0.1
            for k, b in (("time_to_first_frame_s", "ttff"), ("seek_50_latency_s", "seek50"),
                         ("seek_90_latency_s", "seek90"))) and (
            rate < 1.25 * bitrate or (row["stall_seconds"] or 0) == 0)
        results.append(row)
        print(json.dumps(row), file=sys.stderr)
    print(json.dumps({"benchmark": "stream", "runs": args.runs, "realtime_s": args.realtime,
                      "cases": results}, indent=2))


if __name__ == "__main__":
    main()
