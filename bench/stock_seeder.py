#!/usr/bin/python3
"""A seeder that is not swarmtv: stock libtorrent (Debian's python3-libtorrent, 2.0.8) with its
default settings, for the benchmarks. Only what a loopback benchmark needs is changed: it listens
on one loopback address, DHT/LSD/UPnP/NAT-PMP are off, and loopback peers are put in the global
peer class so that the upload limit applies to them (libtorrent exempts local peers by default).

Creates the .torrent (with a tracker, if given) when --torrent does not exist yet, then seeds.
Every second it writes --stats: its total payload upload and the bytes it sent to each peer
address (the benchmarks give each viewer its own loopback address), so a benchmark can tell the
bytes a viewer got from the seeder from those it got from other viewers.

Usage: stock_seeder.py --content FILE --torrent T [--piece-size N] [--tracker URL]
       --listen ADDR:PORT --upload-limit BYTES_PER_S --stats FILE [--super-seeding]
Runs until SIGTERM/SIGINT. Prints "seeding <magnet>" once it seeds.
"""
import argparse
import json
import os
import signal
import sys
import time

import libtorrent as lt


def make_torrent(content, torrent, piece_size, tracker):
    fs = lt.file_storage()
    lt.add_files(fs, content)
    ct = lt.create_torrent(fs, piece_size)
    if tracker:
        ct.add_tracker(tracker)
    lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(content)))
    with open(torrent, "wb") as f:
        f.write(lt.bencode(ct.generate()))


def session(listen, upload_limit):
    s = lt.session({
        "listen_interfaces": listen,
        "outgoing_interfaces": listen.rsplit(":", 1)[0],
        "enable_dht": False, "enable_lsd": False, "enable_upnp": False, "enable_natpmp": False,
        "upload_rate_limit": upload_limit,
        "alert_mask": lt.alert.category_t.error_notification,
    })
    everyone = lt.ip_filter()
    everyone.add_rule("0.0.0.0", "255.255.255.255", 1 << lt.session.global_peer_class_id)
    s.set_peer_class_filter(everyone)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--content", required=True)
    ap.add_argument("--torrent", required=True)
    ap.add_argument("--piece-size", type=int, default=256 * 1024)
    ap.add_argument("--tracker")
    ap.add_argument("--listen", required=True)
    ap.add_argument("--upload-limit", type=int, default=0)
    ap.add_argument("--stats", required=True)
    ap.add_argument("--super-seeding", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(args.torrent):
        make_torrent(args.content, args.torrent, args.piece_size, args.tracker)
    ses = session(args.listen, args.upload_limit)
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(args.torrent)
    params.save_path = os.path.dirname(os.path.abspath(args.content))
    if args.super_seeding:
        params.flags |= lt.torrent_flags.super_seeding
    handle = ses.add_torrent(params)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    announced = False
    sent = {}  # (ip, port) of a connection -> bytes sent on it
    while not stop:
        st = handle.status()
        if st.is_seeding and not announced:
            print("seeding", lt.make_magnet_uri(handle), flush=True)
            announced = True
        for p in handle.get_peer_info():
            ip, port = p.ip
            sent[f"{ip}:{port}"] = max(sent.get(f"{ip}:{port}", 0), p.total_upload)
        by_address = {}
        for endpoint, n in sent.items():
            ip = endpoint.rsplit(":", 1)[0]
            by_address[ip] = by_address.get(ip, 0) + n
        tmp = args.stats + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"seeding": st.is_seeding, "total_upload": st.all_time_upload,
                       "by_address": by_address}, f)
        os.replace(tmp, args.stats)
        time.sleep(0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
