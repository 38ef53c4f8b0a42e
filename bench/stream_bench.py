#!/usr/bin/env python3
"""Streaming benchmark: swarmtv playing from a loopback swarm of `swarmtv seed`
processes, against the lower bound the swarm allows.

Scenarios: A = 3 seeders x 400 kB/s; B = 1 seeder x 1 MB/s; C = about 1.25x the media bitrate
from one slow seeder plus one seeder serving corrupt data. Media: a 3-minute 720p H.264/AAC
episode of about 3 Mbit/s as MP4 (index at the front), MP4 (index at the end) and Matroska;
torrents with 256 KiB and 1 MiB pieces.

For each case, medians over --runs runs of: time from launch to the first frame (from the .torrent
file; from the magnet link too, which adds the metadata exchange), bytes read before it, latency of
seeks during playback to 50 % and 90 % (sent 3 s apart through --input-file, the first 3 s after
the case's first frame, into data not downloaded yet), and stall time over --realtime seconds of
real-time playback. The same for `ffmpeg` reading the file through `swarmtv serve`: first
decoded frame, `-ss` at 50 % and 90 %, and how far `ffmpeg -re` falls behind real time. Also the
player's peak RSS. The lower bound of a first frame (or of a seek) is the bytes the demuxer
consumed for it (it blocks on missing data) divided by the swarm's upload rate; the serve figures
are held to the same bounds. Reads return only verified bytes, so a frame really waits for whole
pieces: the verified bound counts the bytes of every piece its reads touched that was missing when
it was asked for (`bytes_fetched` in the player's stats), over the same rate;
`meets_verified_targets` holds first frame and seeks to 1.25x that bound + 0.1 s.
Targets: first frame and seek within 1.25x their bound + 0.1 s; no stall when the swarm gives
>= 1.25x the bitrate; peak RSS under 150 MB. Prints JSON. Loopback only (127.0.0.1); DHT/LSD/UPnP/NAT-PMP off.
Seeders (--seeders): `swarmtv seed` processes, stock libtorrent 2.0.8 with its default settings
(bench/stock_seeder.py, Debian's python3-libtorrent), or Transmission 3.00 daemons
(bench/transmission_seeder.py, Debian's transmission-daemon), each on its own loopback address.
--rtt-ms N puts the viewer N ms of round trip from each seeder: it reaches them through relays
that delay each direction by N/2 (bench/delay_proxy.py; this machine's kernel has no netem).
--tracker (stock seeders): the viewer finds them only through a loopback opentracker named in
the torrent, as a real viewer does, instead of --peer.
Usage: bench/stream_bench.py [--seeders swarmtv|stock|transmission] [--tracker] [--rtt-ms N] [--runs N] [--realtime S] [--quick] [--scenarios A,B,C]
       [--containers mp4-front,mp4-end,mkv] [--pieces 262144,1048576] [--no-serve] [--binary PATH]
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from bench_common import (ROOT, corrupt_copy, isolate_state, median, release_binary,
                          magnet_peer, seeder_magnet, stop_processes, wait_for_log)
import loopback_tracker
from delay_proxy import DelayProxies
from transmission_seeder import TransmissionSeeder, create_torrent, magnet_of

PROXIES = None  # DelayProxies when --rtt-ms is given
TRACKER = False  # --tracker: the viewer finds stock seeders through opentracker only
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


def seeder_folder(workdir, i, media):
    """Seeder i's folder under `workdir`, holding its own copy of `media`: (folder, copy)."""
    d = os.path.join(workdir, f"seeder{i}")
    os.makedirs(d)
    content = os.path.join(d, os.path.basename(media))
    shutil.copy(media, content)
    return d, content

class Swarm:
    """`swarmtv seed` processes on loopback, one content copy each. A corrupt seeder seeds the
    first seeder's .torrent (so its copy is checked when added, not verified again when served,
    as `seed_mode` does for a seeder that creates the torrent), then its copy is altered: it
    serves bad bytes until the viewer bans it."""

    def __init__(self, binary, media, piece_size, limits, corrupt, workdir, kind="swarmtv"):
        self.procs, self.peers, self.magnet = [], [], None
        self.transmission = []
        self.via_tracker = False  # the viewer finds the seeders through the tracker alone
        if kind == "stock":
            self._start_stock(media, piece_size, limits, corrupt, workdir)
            return
        if kind == "transmission":
            self._start_transmission(media, piece_size, limits, corrupt, workdir)
            return
        torrent = None
        for i, limit in enumerate(limits):
            d, content = seeder_folder(workdir, i, media)
            log = open(os.path.join(d, "log"), "w+")
            # Each seeder on its own loopback address, as peers on the Internet have theirs:
            # libtorrent bans (and smart-bans) corrupt peers by address.
            loopback = f"--loopback=127.0.0.{10 + i}"
            cmd = [binary, "seed", content, loopback, f"--upload-limit={limit}",
                   f"--piece-size={piece_size}", "--state-dir", d,
                   "--torrent-out", os.path.join(d, "t.torrent")]
            if i in corrupt:
                cmd = [binary, "seed", torrent, "--content-dir", d, loopback,
                       f"--upload-limit={limit}", "--state-dir", d]
            p = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(p)
            # A .torrent is checked first: wait for the status line that follows.
            magnet = seeder_magnet(log, lambda text, i=i: i not in corrupt or "peers " in text, self.close, i)
            self.magnet = self.magnet or magnet
            torrent = torrent or os.path.join(d, "t.torrent")
            self.peers.append(magnet_peer(magnet))
            if i in corrupt:
                time.sleep(1.0)  # let the check finish before the bytes change under it
                with open(content, "r+b") as f:
                    size = os.path.getsize(content)
                    for at in range(1000, size, 8192):
                        f.seek(at)
                        f.write(b"\x5a")

    def _start_stock(self, media, piece_size, limits, corrupt, workdir):
        """Stock libtorrent seeders (bench/stock_seeder.py, libtorrent's default settings). The
        first one makes the .torrent (seeder0/t.torrent); a corrupt one's copy is altered once it
        seeds. With --tracker, the torrent names a loopback opentracker, made before the
        seeders start so that their first announce is accepted, and the viewer gets no --peer."""
        torrent = os.path.join(workdir, "seeder0", "t.torrent")
        for i, limit in enumerate(limits):
            d, content = seeder_folder(workdir, i, media)
            if i == 0 and TRACKER:
                port = loopback_tracker.free_port()
                url = f"http://127.0.0.1:{port}/announce"
                loopback_tracker.make_stock_torrent(content, torrent, piece_size, url)
                self.procs.append(loopback_tracker.start_tracker(port, torrent, workdir,
                                                                 "stream_bench"))
                self.via_tracker = True
            port = 20000 + os.getpid() % 20000 + i
            log = open(os.path.join(d, "log"), "w+")
            p = subprocess.Popen(
                ["/usr/bin/python3", os.path.join(ROOT, "bench", "stock_seeder.py"), "--content",
                 content, "--torrent", torrent, "--piece-size", str(piece_size), "--listen",
                 f"127.0.0.{10 + i}:{port}", "--upload-limit", str(limit), "--stats",
                 os.path.join(d, "stats.json")], stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(p)
            m = wait_for_log(log, r"seeding (magnet:\?\S+)")
            if not m:
                self.close()
                sys.exit(f"stock seeder {i} did not start")
            self.peers.append(f"127.0.0.{10 + i}:{port}")
            # Through the tracker, the magnet link names it (libtorrent's make_magnet_uri).
            self.magnet = self.magnet or m.group(1) + (
                "" if self.via_tracker else "&x.pe=" + self.peers[0])
            if i in corrupt:
                corrupt_copy(content)

    def _start_transmission(self, media, piece_size, limits, corrupt, workdir):
        """Transmission 3.00 daemons (bench/transmission_seeder.py), one per limit. The first one's
        folder holds the .torrent, made by transmission-create; a corrupt one's copy is altered
        once it seeds (Transmission does not check a piece again before it sends it)."""
        torrent = os.path.join(workdir, "seeder0", "t.torrent")
        for i, limit in enumerate(limits):
            d, content = seeder_folder(workdir, i, media)
            if i == 0:
                create_torrent(content, torrent, piece_size)
            address, port = f"127.0.0.{10 + i}", 20000 + os.getpid() % 20000 + i
            try:
                self.transmission.append(
                    TransmissionSeeder(content, torrent, address, port, limit, d))
            except RuntimeError as e:
                self.close()
                sys.exit(f"transmission seeder {i}: {e}")
            self.peers.append(f"{address}:{port}")
            if i in corrupt:
                corrupt_copy(content)
        self.magnet = magnet_of(torrent) + "&x.pe=" + self.peers[0]

    def peer_options(self):
        return [] if self.via_tracker else [f"--peer={p}" for p in self.peers]

    def close(self):
        for t in self.transmission:
            t.close()
        stop_processes(self.procs, timeout=10)


def play(binary, source, swarm, workdir, extra, timeout, script=None):
    """One viewer: `swarmtv play` headless. `script` is a list of (delay_s, command) sent to its
    --input-file=- (stdin) while it plays."""
    dl = tempfile.mkdtemp(dir=workdir, prefix="viewer")
    stats = os.path.join(dl, "stats.json")
    cmd = [binary, "play", source, "--loopback", "--vo=null", "--ao=null",
           "--no-status-line", "--resume-playback=no", "--download-dir", dl, "--stats-json", stats]
    cmd += swarm.peer_options() + extra
    if script:
        cmd.append("--input-file=-")
    started = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    peak = [0]

    def wait(seconds):
        # Polls the peak resident set (VmHWM only grows) while waiting.
        end = time.monotonic() + seconds
        while p.poll() is None and time.monotonic() < end:
            try:
                with open(f"/proc/{p.pid}/status") as f:
                    m = re.search(r"VmHWM:\s+(\d+) kB", f.read())
                    if m:
                        peak[0] = max(peak[0], int(m.group(1)) * 1024)
            except OSError:
                pass
            time.sleep(0.1)

    try:
        for delay, command in script or []:
            wait(delay)
            p.stdin.write((command + "\n").encode())
            p.stdin.flush()
        p.stdin.close()
        wait(timeout)
        if p.poll() is None:
            p.kill()
        p.wait()
    except BrokenPipeError:
        p.wait()
    with open(stats) as f:
        s = json.load(f)
    s["_wall"] = time.monotonic() - started
    s["_peak_rss"] = peak[0]
    return s


class Server:
    """`swarmtv serve` on the swarm's torrent, for ffmpeg to read over HTTP."""

    def __init__(self, binary, torrent, swarm, workdir):
        dl = tempfile.mkdtemp(dir=workdir, prefix="serve")
        self.log = open(os.path.join(dl, "log"), "w+")
        self.proc = subprocess.Popen(
            [binary, "serve", torrent, "--loopback", "--port", "0", "--download-dir", dl]
            + swarm.peer_options(), stdout=self.log, stderr=subprocess.STDOUT)
        self.url = None
        for _ in range(300):
            self.log.seek(0)
            m = re.search(r"Serving .* at (http://\S+)", self.log.read())
            if m:
                self.url = m.group(1)
                break
            time.sleep(0.05)
        if not self.url:
            self.close()
            sys.exit("swarmtv serve did not start")
        with urllib.request.urlopen(self.url + "playlist.m3u", timeout=10) as r:
            entries = [l for l in r.read().decode().splitlines() if l.startswith("http")]
        self.file_url = entries[0]

    def ffmpeg_seconds(self, *args, timeout=120):
        """Wall time of `ffmpeg ... -i <file> ... -f null -`."""
        started = time.monotonic()
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", *args, "-f", "null", "-"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=timeout,
                       check=False)
        return time.monotonic() - started

    def realtime_lag(self, seconds):
        """ffmpeg -re reading `seconds` of media: how far it fell behind real time after its
        first frame (its stall time)."""
        p = subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-re", "-i", self.file_url,
                              "-t", str(seconds), "-progress", "pipe:1", "-f", "null", "-"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        first = None
        lag = 0.0
        for line in p.stdout:
            if not line.startswith("out_time_us="):
                continue
            try:
                media = int(line.split("=")[1]) / 1e6
            except ValueError:
                continue
            now = time.monotonic()
            if first is None and media > 0:
                first = (now, media)
            elif first is not None:
                lag = max(lag, (now - first[0]) - (media - first[1]))
        p.wait(timeout=seconds + 120)
        return lag

    def close(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def seek_script(realtime_wait, first_frame):
    """Seeks during playback into data not downloaded yet: 50 %, then 90 %, then quit. The first
    seek waits for playback to have begun: `first_frame` is this case's time to first frame, as
    just measured (a seek sent before the first frame would be measured with part of the start)."""
    return [(realtime_wait + max(first_frame, 0), "seek 50 absolute-percent"),
            (realtime_wait, "seek 90 absolute-percent"), (realtime_wait, "quit")]


def run_case(binary, media, cfg, piece, args):
    rows = {k: [] for k in ("ttff", "bytes", "fetched", "ttff_magnet", "seek50", "seek90",
                            "bytes50", "bytes90", "fetched50", "fetched90", "stall", "startbuf", "rss", "serve_ttff", "serve_seek50", "serve_seek90",
                            "serve_stall")}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as work:
            swarm = Swarm(binary, media, piece, cfg["limits"], cfg["corrupt"], work, args.seeders)
            if PROXIES is not None:  # the viewer reaches each seeder through a delaying relay
                direct = swarm.peers
                swarm.peers = [PROXIES.relay(p) for p in direct]
                if swarm.magnet:
                    swarm.magnet = swarm.magnet.replace(direct[0], swarm.peers[0])
            torrent = os.path.join(work, "seeder0", "t.torrent")
            try:
                if not args.cold_seeders:
                    # A rate-limited libtorrent seeder makes the first peer of its life wait
                    # about 1.2 s for upload quota (the later ones do not, even after an idle
                    # while): a seeder that has served before is what a viewer meets.
                    play(binary, torrent, swarm, work, ["--frames=1"], 120)
                s = play(binary, torrent, swarm, work, ["--frames=1"], 120)
                rows["ttff"].append(s["time_to_first_frame"])
                rows["bytes"].append(s["bytes_before_first_frame"])
                rows["fetched"].append(s["bytes_fetched_before_first_frame"])
                s = play(binary, swarm.magnet, swarm, work, ["--frames=1"], 120)
                rows["ttff_magnet"].append(s["time_to_first_frame"])
                s = play(binary, torrent, swarm, work, [], 120,
                         seek_script(3, rows["ttff"][-1] or 0))
                seeks = [x for x in s["seeks"] if x["latency"] >= 0]
                for key, i in (("50", 0), ("90", 1)):
                    if i < len(seeks):
                        rows["seek" + key].append(seeks[i]["latency"])
                        rows["bytes" + key].append(seeks[i]["bytes_read"])
                        rows["fetched" + key].append(seeks[i]["bytes_fetched"])
                s = play(binary, torrent, swarm, work, [f"--end={args.realtime}"],
                         args.realtime + 120)
                rows["stall"].append(s["stall_time"])
                rows["startbuf"].append(s["startup_buffering"])
                rows["rss"].append(s["_peak_rss"])
                if not args.no_serve:
                    server = Server(binary, torrent, swarm, work)
                    try:
                        rows["serve_ttff"].append(server.ffmpeg_seconds(
                            "-i", server.file_url, "-frames:v", "1"))
                        for key, frac in (("50", 0.5), ("90", 0.9)):
                            rows["serve_seek" + key].append(server.ffmpeg_seconds(
                                "-ss", str(DURATION * frac), "-i", server.file_url,
                                "-frames:v", "1"))
                    finally:
                        server.close()
                    server = Server(binary, torrent, swarm, work)
                    try:
                        rows["serve_stall"].append(server.realtime_lag(args.realtime))
                    finally:
                        server.close()
            finally:
                swarm.close()
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--realtime", type=int, default=60)
    ap.add_argument("--quick", action="store_true", help="scenario A, MP4 front, 256 KiB only")
    ap.add_argument("--scenarios", default="A,B,C", help="comma-separated subset of A,B,C")
    ap.add_argument("--containers", default="mp4-front,mp4-end,mkv")
    ap.add_argument("--pieces", default="262144,1048576", help="piece sizes in bytes")
    ap.add_argument("--no-serve", action="store_true", help="skip the swarmtv serve + ffmpeg runs")
    ap.add_argument("--binary")
    ap.add_argument("--seeders", default="swarmtv", choices=["swarmtv", "stock", "transmission"],
                    help="swarmtv seed, stock libtorrent 2.0.8 with default settings, or "
                         "Transmission 3.00 (transmission-daemon)")
    ap.add_argument("--cold-seeders", action="store_true",
                    help="measure the first viewer of freshly started seeders (no warm-up play)")
    ap.add_argument("--rtt-ms", type=float, default=0,
                    help="round trip from the viewer to each seeder (delaying relays)")
    ap.add_argument("--tracker", action="store_true",
                    help="stock seeders only: the viewer finds them through a loopback "
                         "opentracker alone, without --peer")
    args = ap.parse_args()
    if args.tracker and (args.seeders != "stock" or args.rtt_ms > 0):
        ap.error("--tracker needs --seeders stock and no --rtt-ms")
    isolate_state()
    global PROXIES, TRACKER
    TRACKER = args.tracker
    if args.rtt_ms > 0:
        PROXIES = DelayProxies(args.rtt_ms)
    run_all(args)


def run_all(args):
    binary = release_binary(args.binary)
    media = make_media(os.path.join(ROOT, "build/bench-media"))
    bitrate = os.path.getsize(media["mp4-front"]) / DURATION  # bytes/s
    scenarios = {
        "A": {"limits": [400_000] * 3, "corrupt": []},
        "B": {"limits": [1_000_000], "corrupt": []},
        "C": {"limits": [int(bitrate * 1.25), int(bitrate * 0.5)], "corrupt": [1]},
    }
    cases = [(s, c, int(p)) for s in args.scenarios.split(",") for c in args.containers.split(",")
             for p in args.pieces.split(",")]
    if args.quick:
        cases = [("A", "mp4-front", 256 * 1024)]
    results = []
    for scenario, container, piece in cases:
        cfg = scenarios[scenario]
        rate = sum(l for i, l in enumerate(cfg["limits"]) if i not in cfg["corrupt"])
        rows = run_case(binary, media[container], cfg, piece, args)
        # The bytes the demuxer had consumed when the frame appeared (it blocks on what is not
        # there, so this is what the frame needed, rounded up to the data at hand) over the
        # swarm's rate.
        bound = {k: (median(rows[b]) / rate if median(rows[b]) is not None else None)
                 for k, b in (("ttff", "bytes"), ("seek50", "bytes50"), ("seek90", "bytes90"))}
        # Reads return only verified bytes, so a frame waits for whole pieces: the bytes of the
        # pieces its reads touched that were not there when it was asked for, over the rate.
        verified = {k: (median(rows[b]) / rate if median(rows[b]) is not None else None)
                    for k, b in (("ttff", "fetched"), ("seek50", "fetched50"),
                                 ("seek90", "fetched90"))}
        row = {
            "scenario": scenario, "container": container, "piece_size": piece,
            "swarm_upload_bytes_per_s": rate, "media_bytes_per_s": round(bitrate),
            "time_to_first_frame_s": median(rows["ttff"]),
            "time_to_first_frame_magnet_s": median(rows["ttff_magnet"]),
            "bytes_before_first_frame": median(rows["bytes"]),
            "seek_50_latency_s": median(rows["seek50"]),
            "seek_90_latency_s": median(rows["seek90"]),
            "stall_seconds": median(rows["stall"]),
            # The clock's wait for a buffer after the first picture (not a stall, not in the
            # time to first frame): the player buffers a piece's download time (two once a
            # piece failed) when pieces are slow.
            "startup_buffering_s": median(rows["startbuf"]),
            "peak_rss_bytes": max(rows["rss"]) if rows["rss"] else None,
            "lower_bound_s": bound,
            "bytes_fetched_before_first_frame": median(rows["fetched"]),
            "verified_lower_bound_s": verified,
            "serve": {
                "time_to_first_frame_s": median(rows["serve_ttff"]),
                "seek_50_latency_s": median(rows["serve_seek50"]),
                "seek_90_latency_s": median(rows["serve_seek90"]),
                "stall_seconds": median(rows["serve_stall"]),
            },
        }

        def within(value, b, bounds=bound):
            return value is not None and bounds[b] is not None and value <= 1.25 * bounds[b] + 0.1

        no_stall_needed = rate >= 1.25 * bitrate
        no_stall_and_rss = (not no_stall_needed or (row["stall_seconds"] or 0) == 0) and (
            (row["peak_rss_bytes"] or 0) < 150e6)
        row["meets_targets"] = all(
            within(row[k], b) for k, b in (("time_to_first_frame_s", "ttff"),
                                           ("seek_50_latency_s", "seek50"),
                                           ("seek_90_latency_s", "seek90"))) and no_stall_and_rss
        row["meets_verified_targets"] = all(
            within(row[k], b, verified) for k, b in (("time_to_first_frame_s", "ttff"),
                                                     ("seek_50_latency_s", "seek50"),
                                                     ("seek_90_latency_s", "seek90"))) and (
            no_stall_and_rss)
        if not args.no_serve:
            sv = row["serve"]
            row["serve"]["meets_targets"] = all(
                within(sv[k], b) for k, b in (("time_to_first_frame_s", "ttff"),
                                              ("seek_50_latency_s", "seek50"),
                                              ("seek_90_latency_s", "seek90"))) and (
                not no_stall_needed or (sv["stall_seconds"] or 0) < 0.05)
        results.append(row)
        print(json.dumps(row), file=sys.stderr)
    print(json.dumps({"benchmark": "stream", "runs": args.runs, "realtime_s": args.realtime,
                      "rtt_ms": args.rtt_ms,
                      "peers_found_by": "tracker (opentracker on loopback)" if args.tracker
                      else "--peer and the magnet link's x.pe",
                      # Warmed: each swarm's seeders served one throwaway viewer first.
                      "seeders_warmed_up": not args.cold_seeders,
                      "seeders": {
                          "swarmtv": "swarmtv seed",
                          "stock": "stock libtorrent 2.0.8 (python3-libtorrent, default settings)",
                          "transmission": "Transmission 3.00 (transmission-daemon, default "
                                          "settings; DHT, LPD, PEX, port forwarding off)",
                      }[args.seeders],
                      "cases": results}, indent=2))


if __name__ == "__main__":
    main()
