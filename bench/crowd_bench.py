#!/usr/bin/env python3
"""Premiere-night benchmark: a flash crowd of viewers joining one episode's swarm at once.

One seeder capped at --seeder-factor x the episode's bitrate (2 by default), behind a loopback
tracker (opentracker) that the viewers also use to find each other; --viewers viewers (8) join
at even intervals over --join-window seconds (10), each with an upload limit of
--viewer-factor x the bitrate (1.5) and its own loopback address (127.0.0.20 on), and play
--realtime seconds (60) of the episode in real time. A viewer that reaches its end keeps
seeding (`--keep-seeding`) until the crowd is done, as a BitTorrent user's client does.

Seeders (--seeder): `stock` is Debian's stock libtorrent 2.0.8 with default settings
(bench/stock_seeder.py, python3-libtorrent); `stock-super` the same with libtorrent's
super-seeding; `transmission` is Debian's Transmission 3.00 (transmission-daemon, default
settings but for loopback, bench/transmission_seeder.py); `swarmtv` is `swarmtv seed`;
`swarmtv-premiere` is `swarmtv seed --premiere`.
Viewers (--viewer): `swarmtv` (`swarmtv play`, headless, decoding every frame);
`sequential` is a stock libtorrent client with `sequential_download`, the usual way to stream
with libtorrent, whose playback is simulated (it starts once the first two pieces are there
and plays at the bitrate; a missing piece at the playhead is a stall).

Per viewer: time to first frame, the wait after it (startup buffering), stall count and stall
seconds over its --realtime seconds, bytes downloaded, bytes from the seeder (the seeder's own
count of what it sent to that viewer's address, stock and swarmtv seeders only) and from other
viewers.
For the crowd: the share of the viewers' bytes that came from other viewers (1 - what the
seeder uploaded / what the viewers downloaded). Medians over --runs. Prints JSON.
Loopback only (127.0.0.0/8); DHT/LSD/UPnP/NAT-PMP off.

Usage: bench/crowd_bench.py [--viewers N] [--join-window S] [--realtime S] [--runs N]
       [--seeder stock|stock-super|transmission|swarmtv|swarmtv-premiere]
       [--viewer swarmtv|sequential]
       [--container mp4-front|mp4-end|mkv] [--piece-size BYTES] [--binary PATH]
"""
import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

import loopback_tracker
from bench_common import ROOT, isolate_state, median, release_binary, stop_processes
from stream_bench import DURATION, make_media
from loopback_tracker import STOCK_PYTHON, free_port
from transmission_seeder import TransmissionSeeder, create_torrent

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDER_ADDRESS = "127.0.0.10"
SEEDER_CLIENTS = {
    "stock": "stock libtorrent 2.0.8 (python3-libtorrent, default settings)",
    "stock-super": "stock libtorrent 2.0.8 (python3-libtorrent, super-seeding)",
    "transmission": "Transmission 3.00 (transmission-daemon, default settings but loopback)",
}


def wait_for(predicate, seconds, what):
    loopback_tracker.wait_for(predicate, seconds, what, "crowd_bench")


class Crowd:
    """The tracker, the seeder and the torrent of one run."""

    def __init__(self, args, binary, media, bitrate, work):
        self.work, self.procs, self.transmission, self.upload_at_stop = work, [], None, None
        port = free_port()
        self.tracker = f"http://127.0.0.1:{port}/announce"
        d = os.path.join(work, "seeder")
        os.makedirs(d)
        content = os.path.join(d, os.path.basename(media))
        shutil.copy(media, content)
        self.torrent = os.path.join(work, "episode.torrent")
        self.seeder_stats = os.path.join(d, "stats.json")
        self.seeder_port = free_port()
        self.seeder_log = os.path.join(d, "log")
        limit = int(bitrate * args.seeder_factor)
        # The torrent is made by stock libtorrent for every seeder but Transmission, which
        # makes its own, with the tracker in it.
        if args.seeder == "transmission":
            create_torrent(content, self.torrent, args.piece_size, self.tracker)
        else:
            loopback_tracker.make_stock_torrent(content, self.torrent, args.piece_size,
                                                self.tracker)
        self.start_tracker(port)
        listen = f"{SEEDER_ADDRESS}:{self.seeder_port}"
        if args.seeder == "transmission":
            self.seeder_log = os.path.join(d, "transmission.log")
            try:
                self.transmission = TransmissionSeeder(content, self.torrent, SEEDER_ADDRESS,
                                                       self.seeder_port, limit, d)
            except RuntimeError as e:
                self.close()  # the tracker
                sys.exit(f"crowd_bench: transmission seeder: {e}")
            self.seeder = self.transmission.proc
            self.procs.append(self.seeder)
            return
        if args.seeder.startswith("stock"):
            cmd = [STOCK_PYTHON, os.path.join(HERE, "stock_seeder.py"), "--content", content,
                   "--torrent", self.torrent, "--listen", listen, "--upload-limit", str(limit),
                   "--stats", self.seeder_stats]
            if args.seeder == "stock-super":
                cmd.append("--super-seeding")
        else:
            cmd = [binary, "seed", self.torrent, "--content-dir", d,
                   f"--loopback={SEEDER_ADDRESS}", f"--port={self.seeder_port}",
                   f"--upload-limit={limit}", "--state-dir", d,
                   f"--stats-json={self.seeder_stats}"]
            if args.seeder == "swarmtv-premiere":
                cmd.append("--premiere")
        log = open(self.seeder_log, "w")
        env = dict(os.environ)
        if args.seeder_lt_settings:  # libtorrent settings for a swarmtv seeder (experiments)
            env["SWARMTV_LT_SETTINGS"] = args.seeder_lt_settings
        self.seeder = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        self.procs.append(self.seeder)
        wait_for(lambda: "seeding" in open(self.seeder_log).read() and (
            args.seeder.startswith("stock") or "peers " in open(self.seeder_log).read()),
            120, "the seeder's start")

    def start_tracker(self, port):
        self.procs.append(loopback_tracker.start_tracker(port, self.torrent, self.work,
                                                         "crowd_bench"))

    def stop_seeder(self):
        if self.transmission:  # asked over its RPC while it runs
            self.upload_at_stop = self.transmission.uploaded()
        stop_processes([self.seeder])

    def seeder_upload(self):
        """Total payload bytes the seeder sent, what it sent to each address, and the pieces by
        copies sent ([never, once, twice, three times, more])."""
        if self.transmission:
            return self.upload_at_stop, {}, None
        if os.path.exists(self.seeder_stats):
            with open(self.seeder_stats) as f:
                s = json.load(f)
            return s["total_upload"], s["by_address"], s.get("piece_copies_histogram")
        m = re.findall(r"uploaded (\d+) bytes", open(self.seeder_log).read())
        return (int(m[-1]) if m else None), {}, None

    def close(self):
        stop_processes([p for p in self.procs if p is not self.seeder])


def start_swarmtv_viewer(args, binary, crowd, address, upload, folder):
    stats = os.path.join(folder, "stats.json")
    cmd = [binary, "play", crowd.torrent, f"--loopback={address}", "--vo=null", "--ao=null",
           "--no-status-line", "--resume-playback=no", "--download-dir", folder, "--stats-json", stats,
           f"--end={args.realtime}", "--keep-seeding", f"--upload-limit={upload}",
           f"--peer={SEEDER_ADDRESS}:{crowd.seeder_port}"] + shlex.split(args.viewer_args)
    log = open(os.path.join(folder, "log"), "w")
    env = dict(os.environ)
    if args.viewer_lt_settings:  # libtorrent settings for the viewers' sessions (experiments)
        env["SWARMTV_LT_SETTINGS"] = args.viewer_lt_settings
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env), stats


def start_sequential_viewer(args, crowd, address, upload, folder, bitrate):
    stats = os.path.join(folder, "stats.json")
    cmd = [STOCK_PYTHON, os.path.join(HERE, "sequential_viewer.py"), "--torrent", crowd.torrent,
           "--listen", f"{address}:{free_port()}", "--upload-limit", str(upload),
           "--peer", f"{SEEDER_ADDRESS}:{crowd.seeder_port}", "--save", folder,
           "--bitrate", str(bitrate), "--realtime", str(args.realtime), "--stats", stats]
    log = open(os.path.join(folder, "log"), "w")
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT), stats


def viewer_row(stats_file, seeder_by_address, address):
    try:
        with open(stats_file) as f:
            s = json.load(f)
    except (OSError, ValueError):
        return {"address": address, "error": "no stats"}
    downloaded = (s.get("network") or {}).get("downloaded")
    from_seeder = seeder_by_address.get(address)
    return {
        "address": address,
        "time_to_first_frame_s": s.get("time_to_first_frame"),
        "startup_buffering_s": s.get("startup_buffering"),
        "stalls": len(s.get("stalls", [])),
        "stall_seconds": s.get("stall_time"),
        "downloaded": downloaded,
        "uploaded": (s.get("network") or {}).get("uploaded"),
        "from_seeder": from_seeder,
        "from_peers": (downloaded - from_seeder) if downloaded is not None and
        from_seeder is not None else None,
    }


def run_once(args, binary, media, bitrate):
    if args.keep:  # kept for its logs (SWARMTV_TRACE=1)
        return run_in(args, binary, media, bitrate,
                      tempfile.mkdtemp(prefix="crowd-", dir=args.keep))
    with tempfile.TemporaryDirectory(prefix="crowd") as work:
        return run_in(args, binary, media, bitrate, work)


def run_in(args, binary, media, bitrate, work):
    crowd = Crowd(args, binary, media, bitrate, work)
    viewers = []
    try:
        upload = int(bitrate * args.viewer_factor)
        gap = args.join_window / max(args.viewers - 1, 1)
        for i in range(args.viewers):
            address = f"127.0.0.{20 + i}"
            folder = os.path.join(work, f"viewer{i}")
            os.makedirs(folder)
            if args.viewer == "swarmtv":
                p, stats = start_swarmtv_viewer(args, binary, crowd, address, upload, folder)
            else:
                p, stats = start_sequential_viewer(args, crowd, address, upload, folder,
                                                   bitrate)
            viewers.append((p, stats, address))
            if i + 1 < args.viewers:
                time.sleep(gap)
        # Every viewer writes its stats at its end and then seeds on: wait for all of them
        # (a stalling viewer takes longer than its --realtime), then stop the crowd.
        deadline = time.monotonic() + args.realtime * 4 + 120
        while time.monotonic() < deadline and not all(
                os.path.exists(s) or p.poll() is not None for p, s, _ in viewers):
            time.sleep(0.5)
        stop_processes([p for p, _, _ in viewers])
        time.sleep(1.0)  # a stock seeder's last stats (written twice a second)
        crowd.stop_seeder()  # a swarmtv seeder says what it uploaded as it stops
        seeder_total, by_address, copies = crowd.seeder_upload()
    finally:
        stop_processes([p for p, _, _ in viewers])
        stop_processes([crowd.seeder])
        crowd.close()
    rows = [viewer_row(s, by_address, a) for _, s, a in viewers]
    total = sum(r["downloaded"] or 0 for r in rows)
    return {
        "viewers": rows,
        "seeder_uploaded": seeder_total,
        "seeder_piece_copies_histogram": copies,
        "viewers_downloaded": total,
        "share_from_peers": (1 - seeder_total / total) if total and seeder_total is not None
        else None,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--viewers", type=int, default=8)
    ap.add_argument("--join-window", type=float, default=10.0)
    ap.add_argument("--realtime", type=int, default=60)
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--seeder", default="stock",
                    choices=["stock", "stock-super", "transmission", "swarmtv",
                             "swarmtv-premiere"])
    ap.add_argument("--viewer", default="swarmtv", choices=["swarmtv", "sequential"])
    ap.add_argument("--seeder-factor", type=float, default=2.0)
    ap.add_argument("--viewer-factor", type=float, default=1.5)
    ap.add_argument("--container", default="mp4-front")
    ap.add_argument("--piece-size", type=int, default=256 * 1024)
    ap.add_argument("--binary")
    ap.add_argument("--seeder-lt-settings", help="name=value,... for a swarmtv seeder's session")
    ap.add_argument("--viewer-args", default="",
                    help="more `swarmtv play` options for every swarmtv viewer (one string)")
    ap.add_argument("--viewer-lt-settings", help="name=value,... for swarmtv viewers' sessions")
    ap.add_argument("--keep", metavar="DIR",
                    help="run in a folder under DIR and keep it (for SWARMTV_TRACE logs)")
    args = ap.parse_args()
    isolate_state()
    binary = release_binary(args.binary) if args.viewer == "swarmtv" or \
        args.seeder.startswith("swarmtv") else None
    media = make_media(os.path.join(ROOT, "build/bench-media"))[args.container]
    bitrate = os.path.getsize(media) / DURATION  # bytes/s
    runs = [run_once(args, binary, media, bitrate) for _ in range(args.runs)]
    for r in runs:
        print(json.dumps(r), file=sys.stderr)

    def per_run(key):
        # Over the viewers of a run: the median and the worst.
        med = [median([v.get(key) for v in r["viewers"]]) for r in runs]
        worst = [max([v.get(key) or 0 for v in r["viewers"]]) for r in runs]
        return {"median": median(med), "worst": median(worst)}

    result = {
        "benchmark": "crowd", "runs": args.runs, "viewers": args.viewers,
        "viewer": args.viewer, "seeder": args.seeder,
        "seeder_client": SEEDER_CLIENTS.get(args.seeder, "swarmtv seed"),
        "join_window_s": args.join_window, "realtime_s": args.realtime,
        "container": args.container, "piece_size": args.piece_size,
        "seeder_lt_settings": args.seeder_lt_settings,
        "viewer_lt_settings": args.viewer_lt_settings,
        "viewer_args": args.viewer_args,
        "media_bytes_per_s": round(bitrate),
        "seeder_limit_bytes_per_s": int(bitrate * args.seeder_factor),
        "viewer_upload_limit_bytes_per_s": int(bitrate * args.viewer_factor),
        "time_to_first_frame_s": per_run("time_to_first_frame_s"),
        "startup_buffering_s": per_run("startup_buffering_s"),
        "stall_seconds": per_run("stall_seconds"),
        "stalls": per_run("stalls"),
        "share_from_peers": median([r["share_from_peers"] for r in runs]),
        "viewers_with_stalls": median([sum(1 for v in r["viewers"] if v.get("stalls"))
                                       for r in runs]),
        "runs_detail": runs,
    }
    result["meets_targets"] = (result["stalls"]["worst"] == 0 and
                               (result["share_from_peers"] or 0) >= 0.75)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
