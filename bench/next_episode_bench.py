#!/usr/bin/env python3
"""Next-episode benchmark: the gap between two episodes of a torrent, watched in one run.

A plain two-episode torrent (a folder with ep01.mp4 and ep02.mp4, 720p H.264/AAC of about
--kbps kbit/s, made by the ffmpeg CLI) is seeded by `swarmtv seed` processes on loopback whose
upload limits add up to --factor (1.5) times the media bitrate. `swarmtv play` headless (null
outputs, timed) plays episode 1 from its start in real time; near its end the player prefetches
episode 2's head and index, and at the end it advances with the countdown set to 0. The run stops
a few seconds into episode 2 (--frames).

Per run, from --stats-json's segments: the gap from the last frame of episode 1 to the first frame
of episode 2 (process times `last_frame_at`, `first_frame_at`), episode 2's start-up buffering
(the clock's wait after its first picture) and stalls, and the bytes its first frame still had to
fetch after episode 1 ended (0: the prefetch brought everything). Medians over --runs.
Targets: gap <= 0.5 s, no start-up buffering (and no stall) in episode 2.
Loopback only (127.0.0.x); DHT/LSD/UPnP/NAT-PMP off. Prints JSON; --out writes it too.
Usage: bench/next_episode_bench.py [--runs N] [--episode-seconds S] [--kbps K] [--factor F]
       [--binary PATH] [--out FILE]
"""
import argparse
import json
import os
import shutil
import subprocess
import tempfile

from bench_common import (ROOT, isolate_state, magnet_peer, median, release_binary,
                          seeder_magnet)

TAIL_SECONDS = 5  # of episode 2 played before the run stops
FPS = 25


def ff(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def make_episodes(folder, seconds, kbps):
    """Two episodes in `folder`/show (ep02 shorter: only its start is watched)."""
    show = os.path.join(folder, f"show-{seconds}s-{kbps}k")
    if os.path.exists(os.path.join(show, "ep02.mp4")):
        return show
    tmp = show + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for name, length in (("ep01.mp4", seconds), ("ep02.mp4", TAIL_SECONDS * 4)):
        ff("-f", "lavfi", "-i", f"testsrc2=size=1280x720:rate={FPS}:duration={length}",
           "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={length}",
           "-c:v", "libx264", "-preset", "veryfast", "-b:v", f"{kbps}k",
           "-maxrate", f"{int(kbps * 1.1)}k", "-bufsize", f"{kbps}k", "-g", "50",
           "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart",
           os.path.join(tmp, name))
    os.rename(tmp, show)
    return show


class Swarm:
    """`swarmtv seed` of the show folder, one process per limit, each on its own address."""

    def __init__(self, binary, show, limits, workdir):
        self.procs, self.peers, self.magnet = [], [], None
        torrent = None
        for i, limit in enumerate(limits):
            d = os.path.join(workdir, f"seeder{i}")
            os.makedirs(d)
            shutil.copytree(show, os.path.join(d, "show"))
            log = open(os.path.join(d, "log"), "w+")
            loopback = f"--loopback=127.0.0.{10 + i}"
            if torrent is None:
                cmd = [binary, "seed", os.path.join(d, "show"), loopback,
                       f"--upload-limit={limit}", "--piece-size=262144", "--state-dir", d,
                       "--torrent-out", os.path.join(d, "t.torrent")]
            else:
                cmd = [binary, "seed", torrent, "--content-dir", d, loopback,
                       f"--upload-limit={limit}", "--state-dir", d]
            self.procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT))
            magnet = seeder_magnet(log, lambda text, first=torrent is None: first or "peers " in text, self.close, i)
            self.magnet = self.magnet or magnet
            torrent = torrent or os.path.join(d, "t.torrent")
            self.peers.append(magnet_peer(magnet))
        self.torrent = torrent

    def close(self):
        for p in self.procs:
            p.terminate()
        for p in self.procs:
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def one_run(binary, swarm, workdir, seconds):
    dl = tempfile.mkdtemp(dir=workdir, prefix="viewer")
    stats_file = os.path.join(dl, "stats.json")
    frames = (seconds + TAIL_SECONDS) * FPS
    cmd = [binary, "play", swarm.torrent, "--loopback", "--vo=null", "--ao=null",
           "--no-status-line", "--resume-playback=no", "--download-dir", dl, "--stats-json", stats_file,
           "--watch-later-dir", os.path.join(dl, "watch-later"), "--file=0",
           "--next-episode-countdown=0", f"--frames={frames}"]
    cmd += [f"--peer={p}" for p in swarm.peers]
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=seconds * 3 + 120, check=False)
    with open(stats_file) as f:
        stats = json.load(f)
    segs = [s for s in stats["segments"] if s["kind"] == "content"]
    if len(segs) < 2 or segs[1]["first_frame_at"] < 0:
        return {"advanced": False}
    one, two = segs[0], segs[1]
    stalls_two = [s for s in stats["stalls"] if s["start"] >= two["started"]]
    return {
        "advanced": True,
        "gap": two["first_frame_at"] - one["last_frame_at"],
        "startbuf": two.get("startup_buffering", 0.0),
        "stalls": sum(s["duration"] for s in stalls_two),
        "fetched": two["bytes_fetched_before_first_frame"],
        "ep1_stalls": sum(s["duration"] for s in stats["stalls"] if s["start"] < two["started"]),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--episode-seconds", type=int, default=45)
    ap.add_argument("--kbps", type=int, default=1500, help="video bitrate of the episodes")
    ap.add_argument("--factor", type=float, default=1.5, help="swarm upload / media bitrate")
    ap.add_argument("--binary")
    ap.add_argument("--out")
    args = ap.parse_args()
    isolate_state()
    binary = release_binary(args.binary)
    show = make_episodes(os.path.join(ROOT, "build/bench-media"), args.episode_seconds,
                         args.kbps)
    ep1 = os.path.join(show, "ep01.mp4")
    bitrate = os.path.getsize(ep1) / args.episode_seconds  # bytes/s
    total = int(bitrate * args.factor)
    limits = [total // 2, total - total // 2]
    rows = []
    for _ in range(args.runs):
        work = tempfile.mkdtemp(prefix="swarmtv-next-")
        swarm = Swarm(binary, show, limits, work)
        try:
            rows.append(one_run(binary, swarm, work, args.episode_seconds))
        finally:
            swarm.close()
            shutil.rmtree(work, ignore_errors=True)
    done = [r for r in rows if r["advanced"]]
    gap = median([r["gap"] for r in done])
    startbuf = median([r["startbuf"] for r in done])
    stalls = median([r["stalls"] for r in done])
    result = {
        "benchmark": "next_episode",
        "runs": args.runs,
        "advanced_runs": len(done),
        "episode_seconds": args.episode_seconds,
        "media_bytes_per_s": round(bitrate),
        "swarm_upload_bytes_per_s": total,
        "swarm_over_bitrate": args.factor,
        "gap_last_to_first_frame_s": gap,
        "gaps_s": [round(r["gap"], 3) for r in done],
        "episode2_startup_buffering_s": startbuf,
        "episode2_stall_s": stalls,
        "episode2_bytes_fetched_before_first_frame": median([r["fetched"] for r in done]),
        "episode1_stall_s": median([r["ep1_stalls"] for r in done]),
        "targets": {"gap_s": 0.5, "startup_buffering_s": 0.0},
        "meets_targets": bool(done) and len(done) == len(rows) and gap is not None and
        gap <= 0.5 and startbuf == 0.0 and stalls == 0.0,
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
