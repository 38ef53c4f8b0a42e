#!/usr/bin/python3
"""A baseline streaming viewer for the crowd benchmark: stock libtorrent 2.0.8 (Debian's
python3-libtorrent) with `sequential_download`, the usual way to stream with libtorrent, and a
simulated playhead instead of a decoder. Playback starts once the first two pieces are verified
(the "first frame"), then moves at --bitrate bytes/s; whenever the piece at the playhead is
missing it stalls until that piece arrives. After --realtime seconds of playback it writes
--stats in the shape of `swarmtv play --stats-json` (time_to_first_frame, stalls, stall_time,
network) and keeps seeding until SIGTERM.

Loopback only: DHT/LSD/UPnP/NAT-PMP off; loopback peers in the global peer class so that the
upload limit applies to them. Otherwise libtorrent's default settings.
"""
import argparse
import json
import signal
import sys
import time

import libtorrent as lt

from stock_seeder import session  # the same stock session, loopback-only


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--torrent", required=True)
    ap.add_argument("--listen", required=True)
    ap.add_argument("--upload-limit", type=int, default=0)
    ap.add_argument("--peer", action="append", default=[])
    ap.add_argument("--save", required=True)
    ap.add_argument("--bitrate", type=float, required=True)
    ap.add_argument("--realtime", type=float, default=60)
    ap.add_argument("--stats", required=True)
    args = ap.parse_args()
    started = time.monotonic()
    ses = session(args.listen, args.upload_limit)
    params = lt.add_torrent_params()
    params.ti = lt.torrent_info(args.torrent)
    params.save_path = args.save
    params.flags |= lt.torrent_flags.sequential_download
    handle = ses.add_torrent(params)
    for peer in args.peer:
        host, port = peer.rsplit(":", 1)
        handle.connect_peer((host, int(port)))
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))

    piece_length = params.ti.piece_length()
    first_frame, stalls, stall_start = None, [], None
    played = 0.0  # media seconds
    last = time.monotonic()
    written = False
    while not stop:
        time.sleep(0.02)
        now = time.monotonic()
        pieces = handle.status(lt.status_flags_t.query_pieces).pieces
        if first_frame is None:
            if len(pieces) > 1 and pieces[0] and pieces[1]:
                first_frame, last = now - started, now
            continue
        if written:
            continue
        piece = int(played * args.bitrate) // piece_length
        if piece < len(pieces) and not pieces[piece]:
            if stall_start is None:
                stall_start = now
        else:
            if stall_start is not None:
                stalls.append({"start": stall_start - started, "duration": now - stall_start,
                               "position": played})
                stall_start = None
            played += now - last
        last = now
        if played >= args.realtime:
            st = handle.status()
            with open(args.stats, "w") as f:
                json.dump({"time_to_first_frame": first_frame, "startup_buffering": 0.0,
                           "stalls": stalls, "stall_time": sum(s["duration"] for s in stalls),
                           "network": {"downloaded": st.total_payload_download,
                                       "uploaded": st.total_payload_upload},
                           "simulated": True}, f)
            written = True
    if not written:
        st = handle.status()
        with open(args.stats, "w") as f:
            json.dump({"time_to_first_frame": first_frame, "stalls": stalls,
                       "stall_time": sum(s["duration"] for s in stalls) +
                       (time.monotonic() - stall_start if stall_start else 0),
                       "network": {"downloaded": st.total_payload_download,
                                   "uploaded": st.total_payload_upload},
                       "simulated": True, "unfinished": True}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
