"""A BitTorrent tracker on loopback for the benchmarks: Debian's opentracker, whitelisted.

Debian's opentracker is built with a whitelist and answers "Requested download is not
authorized" to any other torrent, so each run writes the torrent's info-hashes (v1, and v2
truncated, as libtorrent announces a hybrid torrent under both) and waits until an announce is
accepted."""
import os
import socket
import subprocess
import sys
import time

STOCK_PYTHON = "/usr/bin/python3"  # Debian's python, where python3-libtorrent is


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, seconds, what, who="bench"):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    sys.exit(f"{who}: {what} did not happen within {seconds} s")


def make_stock_torrent(content, torrent, piece_size, tracker):
    """The .torrent stock libtorrent makes (bench/stock_seeder.py's make_torrent), naming
    `tracker`, made by Debian's python where python3-libtorrent is."""
    subprocess.run([STOCK_PYTHON, "-c", (
        "import sys; sys.path.insert(0, sys.argv[1]); import stock_seeder as s; "
        "s.make_torrent(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])"),
        os.path.dirname(os.path.abspath(__file__)), content, torrent, str(piece_size), tracker],
        check=True)


def info_hashes(torrent):
    return subprocess.run([STOCK_PYTHON, "-c", (
        "import sys, libtorrent as lt; h = lt.torrent_info(sys.argv[1]).info_hashes(); "
        "print(h.v1); print(str(h.v2)[:40] if h.has_v2() else '')"), torrent],
        check=True, capture_output=True, text=True).stdout.split()


def tracker_answers(port, info_hash):
    """An announce (refused until the whitelist is read, by a thread of its own, a moment after
    the start; a "stopped" one is never refused), then its "stopped"."""
    query = "".join(f"%{info_hash[i:i + 2]}" for i in range(0, 40, 2))
    replies = []
    for event in ("", "&event=stopped"):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as c:
                c.sendall((f"GET /announce?info_hash={query}&peer_id=-CB0000-000000000000"
                           f"&port=1&uploaded=0&downloaded=0&left=0{event}&compact=1"
                           " HTTP/1.0\r\n\r\n").encode())
                reply = b""
                while chunk := c.recv(4096):
                    reply += chunk
        except OSError:
            return False
        replies.append(reply)
    return b"failure" not in replies[0] and b" 200 " in replies[0].split(b"\r\n", 1)[0]


def start_tracker(port, torrent, work, who="bench"):
    """opentracker on 127.0.0.1:`port` for `torrent` alone; returns its process once it answers.
    `work` is the run's folder (made 0711: opentracker reads the whitelist after dropping
    root)."""
    hashes = info_hashes(torrent)
    whitelist = os.path.join(work, "tracker-whitelist.txt")
    with open(whitelist, "w") as f:
        f.write("".join(h + "\n" for h in hashes))
    os.chmod(work, 0o711)
    os.chmod(whitelist, 0o644)
    proc = subprocess.Popen(
        ["opentracker", "-i", "127.0.0.1", "-p", str(port), "-P", str(port), "-w", whitelist],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(lambda: tracker_answers(port, hashes[0]), 10, "the tracker's start", who)
    return proc
