#!/usr/bin/env python3
"""Soak benchmark: one viewer plays from a loopback swarm for hours while it is disturbed.

A long episode (generated with ffmpeg) is seeded by one seeder on 127.0.0.10; one headless
`swarmtv play` (null outputs, decoding every frame) plays it in real time for --duration
seconds. Every --seek-every seconds it seeks to a random position (commands through
--input-file); every --restart-every seconds the seeder is stopped (SIGTERM) and started again
on the same address and port --outage seconds later, so the viewer must reconnect.

Sampled every --sample-every seconds from /proc: the viewer's resident set (VmRSS), open file
descriptors and threads. Reported (JSON on stdout): RSS after 5 minutes and its range since,
descriptors and threads at 5 minutes and their maximum since, the stalls (count, longest), the
seeks (how many finished, the longest wait for a frame after one: a seek that never shows a
frame leaves the viewer stuck, which is not a stall), and whether the viewer lived to the end.

Goals (issue 14): RSS within +-10 % of its value after 5 minutes, descriptors flat, no stall
longer than a seeder outage. Loopback only; DHT/LSD/UPnP/NAT-PMP off.

Usage: bench/soak_bench.py [--duration S] [--seek-every S] [--restart-every S] [--outage S]
       [--seeder swarmtv|stock] [--episode-minutes M] [--binary PATH] [--keep DIR]
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

from bench_common import ROOT, isolate_state, release_binary, stop_processes

SEEDER_ADDRESS = "127.0.0.10"


def ff(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def make_episode(folder, minutes):
    """A 640x360 episode at about 1 Mbit/s: light enough to decode for hours beside builds."""
    os.makedirs(folder, exist_ok=True)  # a fresh clone has no build/bench-media yet
    path = os.path.join(folder, f"soak-{minutes}min.mp4")
    if not os.path.exists(path):
        seconds = int(minutes * 60)
        partial = path + ".partial.mp4"  # renamed when done: an interrupted run leaves no episode
        ff("-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=25:duration={seconds}",
           "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
           "-c:v", "libx264", "-preset", "veryfast", "-b:v", "900k", "-maxrate", "1000k",
           "-bufsize", "1000k", "-g", "50", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k",
           "-movflags", "+faststart", partial)
        os.replace(partial, path)
    return path


class Seeder:
    """One seeder that can be stopped and started again on the same port."""

    def __init__(self, kind, binary, media, limit, workdir):
        self.kind, self.binary, self.limit, self.dir = kind, binary, limit, workdir
        os.makedirs(workdir, exist_ok=True)
        self.content = os.path.join(workdir, os.path.basename(media))
        shutil.copy(media, self.content)
        self.torrent = os.path.join(workdir, "t.torrent")
        self.port = 20000 + os.getpid() % 20000
        self.proc, self.starts = None, 0

    def start(self):
        log = open(os.path.join(self.dir, f"log{self.starts}"), "w+")
        if self.kind == "stock":
            cmd = ["/usr/bin/python3", os.path.join(ROOT, "bench", "stock_seeder.py"), "--content",
                   self.content, "--torrent", self.torrent, "--piece-size", str(256 * 1024),
                   "--listen", f"{SEEDER_ADDRESS}:{self.port}", "--upload-limit", str(self.limit)]
            ready = r"seeding magnet:"
        elif self.starts == 0:
            cmd = [self.binary, "seed", self.content, f"--loopback={SEEDER_ADDRESS}",
                   f"--port={self.port}", f"--upload-limit={self.limit}", "--state-dir",
                   self.dir, "--torrent-out", self.torrent]
            ready = r"magnet:\?"
        else:  # the same torrent again: its files are checked, not hashed into a new one
            cmd = [self.binary, "seed", self.torrent, "--content-dir", self.dir,
                   f"--loopback={SEEDER_ADDRESS}", f"--port={self.port}",
                   f"--upload-limit={self.limit}", "--state-dir", self.dir]
            ready = r"peers "
        self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
        self.starts += 1
        for _ in range(1200):
            log.seek(0)
            if re.search(ready, log.read()):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        sys.exit(f"seeder did not start (see {log.name})")

    def stop(self):
        if self.proc:
            stop_processes([self.proc])


def sample(pid):
    """(rss_bytes, fds, threads) of a live process, or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            status = f.read()
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None
    rss = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) * 1024
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    return rss, fds, threads


def soak(args, binary, workdir):
    media = make_episode(os.path.join(ROOT, "build", "bench-media"), args.episode_minutes)
    episode_s = args.episode_minutes * 60
    bitrate = os.path.getsize(media) / episode_s
    seeder = Seeder(args.seeder, binary, media, int(args.seeder_factor * bitrate),
                    os.path.join(workdir, "seeder"))
    seeder.start()
    viewer_dir = os.path.join(workdir, "viewer")
    os.makedirs(viewer_dir)
    stats_file = os.path.join(viewer_dir, "stats.json")
    cmd = [binary, "play", seeder.torrent, "--loopback", "--vo=null", "--ao=null",
           "--no-status-line", "--resume-playback=no", "--download-dir", viewer_dir, "--stats-json", stats_file,
           f"--peer={SEEDER_ADDRESS}:{seeder.port}", "--input-file=-"]
    log = open(os.path.join(viewer_dir, "log"), "w")
    viewer = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=log, stderr=subprocess.STDOUT)
    rng = random.Random(args.seed)
    started = time.monotonic()
    next_seek = started + args.seek_every
    next_restart = started + args.restart_every
    next_sample = started
    samples, seeks, outages = [], [], []
    while viewer.poll() is None and time.monotonic() - started < args.duration:
        now = time.monotonic()
        if now >= next_sample:
            s = sample(viewer.pid)
            if s:
                samples.append({"t": round(now - started, 1), "rss": s[0], "fds": s[1],
                                "threads": s[2]})
            next_sample += args.sample_every
        if now >= next_seek:
            # Never closer to the end than one seek interval: the episode must not end.
            target = rng.uniform(0, max(episode_s - 2 * args.seek_every, 1))
            viewer.stdin.write(f"seek {target:.1f} absolute\n".encode())
            viewer.stdin.flush()
            seeks.append({"t": round(now - started, 1), "to": round(target, 1)})
            next_seek += args.seek_every
        if now >= next_restart:
            seeder.stop()
            down = time.monotonic()
            time.sleep(args.outage)
            seeder.start()
            outages.append({"t": round(down - started, 1),
                            "seconds": round(time.monotonic() - down, 1)})
            next_restart += args.restart_every
        time.sleep(0.2)
    alive = viewer.poll() is None
    if alive:
        viewer.stdin.write(b"quit\n")
        viewer.stdin.flush()
        try:
            viewer.wait(timeout=30)
        except subprocess.TimeoutExpired:
            viewer.kill()
            viewer.wait()
    seeder.stop()
    stats = {}
    if os.path.exists(stats_file):
        with open(stats_file) as f:
            stats = json.load(f)
    return summarise(args, seeder, alive, viewer.returncode, samples, seeks, outages, stats,
                     time.monotonic() - started)


def summarise(args, seeder, alive, code, samples, seeks, outages, stats, wall):
    # The reference point: 5 minutes in (a third of a shorter run), when buffers are full.
    warmup = min(300.0, args.duration / 3)
    after = [s for s in samples if s["t"] >= warmup] or samples
    base = after[0] if after else {"rss": 0, "fds": 0, "threads": 0}
    stalls = stats.get("stalls", [])
    longest_outage = max((o["seconds"] for o in outages), default=0.0)
    rss = [s["rss"] for s in after]
    recorded = stats.get("seeks", [])
    result = {
        "benchmark": "soak",
        "seeder": args.seeder,
        "seeder_client": "stock libtorrent 2.0.8 (python3-libtorrent, default settings)"
                         if args.seeder == "stock" else "swarmtv seed",
        "duration_s": round(wall, 1),
        "episode_minutes": args.episode_minutes,
        "seek_every_s": args.seek_every,
        "restart_every_s": args.restart_every,
        "outage_s": args.outage,
        "seeder_starts": seeder.starts,
        "viewer_alive_at_end": alive,
        "viewer_exit_code": code,
        "end_reason": stats.get("end_reason"),
        "warmup_s": warmup,
        "rss_after_warmup": base["rss"],
        "rss_min": min(rss, default=0),
        "rss_max": max(rss, default=0),
        "rss_range_vs_warmup": [round(min(rss) / base["rss"] - 1, 4),
                              round(max(rss) / base["rss"] - 1, 4)] if rss and base["rss"] else None,
        "fds_after_warmup": base["fds"],
        "fds_max": max((s["fds"] for s in after), default=0),
        "threads_after_warmup": base["threads"],
        "threads_max": max((s["threads"] for s in after), default=0),
        "seeks": len(seeks),
        "seeks_recorded": len(recorded),
        # A seek whose first frame never came (latency -1) left playback stuck.
        "seeks_unfinished": sum(1 for s in recorded if s.get("latency", -1) < 0),
        "longest_seek_s": round(max((s.get("latency", 0) for s in recorded), default=0.0), 2),
        "last_position_s": max((seg.get("last_position", 0) for seg in stats.get("segments", [])),
                               default=0.0),
        "stalls": len(stalls),
        "stall_seconds": round(sum(s["duration"] for s in stalls), 2),
        "longest_stall_s": round(max((s["duration"] for s in stalls), default=0.0), 2),
        "longest_outage_s": longest_outage,
        "outages": outages,
        "samples": samples,
    }
    result["meets_targets"] = bool(
        alive and result["rss_range_vs_warmup"]
        and abs(result["rss_range_vs_warmup"][0]) <= 0.10 and result["rss_range_vs_warmup"][1] <= 0.10
        and result["fds_max"] <= result["fds_after_warmup"] + 4
        and result["seeks_unfinished"] == 0 and result["seeks_recorded"] == result["seeks"]
        and result["longest_seek_s"] <= longest_outage + 5.0
        and result["longest_stall_s"] <= longest_outage + 1.0)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--duration", type=float, default=7200)
    ap.add_argument("--seek-every", type=float, default=30)
    ap.add_argument("--restart-every", type=float, default=600)
    ap.add_argument("--outage", type=float, default=5)
    ap.add_argument("--sample-every", type=float, default=10)
    ap.add_argument("--seeder", default="swarmtv", choices=["swarmtv", "stock"])
    ap.add_argument("--seeder-factor", type=float, default=3.0)
    ap.add_argument("--episode-minutes", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1, help="random seed of the seek positions")
    ap.add_argument("--binary")
    ap.add_argument("--keep", metavar="DIR", help="run in a folder under DIR and keep it")
    args = ap.parse_args()
    isolate_state()
    binary = release_binary(args.binary)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        workdir = tempfile.mkdtemp(prefix="soak-", dir=args.keep)
    else:
        workdir = tempfile.mkdtemp(prefix="swarmtv-soak-")
    try:
        print(json.dumps(soak(args, binary, workdir), indent=1))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
