#!/usr/bin/env python3
"""Reads the viewers' traces of one crowd run (`SWARMTV_TRACE=1 bench/crowd_bench.py --keep DIR`)
and says where the seeder's upload went and how the crowd's frontier grew.

Per --bucket seconds of the crowd's time (viewer i joined i x join-window / (viewers - 1) s after
the first): blocks the seeder sent of pieces no viewer had verified yet ("fresh") and of pieces
some viewer already held ("again"), blocks viewers sent each other, how many pieces some viewer
held, and the first piece no viewer held ("contiguous": what the crowd's playheads wait for).
With --pieces A:B, per piece: when a viewer first had it, and which viewers took how many of its
blocks from the seeder, from when. The seeder is the peer that sent the first viewer its first
block (it was alone).

Usage: bench/crowd_trace.py DIR/crowd-XXXX [--join-window 10] [--bucket 2] [--pieces 0:40]
"""
import argparse
import collections
import glob
import os
import re

GAVE = re.compile(r"\[\s*([\d.]+) ms\] stream: (\d+) gave (\d+)\.(\d+)")
VERIFIED = re.compile(r"\[\s*([\d.]+) ms\] stream: piece (\d+) verified")


def read(run, join_window):
    logs = sorted(glob.glob(os.path.join(run, "viewer*", "log")),
                  key=lambda p: int(re.search(r"viewer(\d+)", p).group(1)))
    gap = join_window / max(len(logs) - 1, 1)
    blocks, verified, seeder = [], collections.defaultdict(dict), None
    for i, log in enumerate(logs):
        for line in open(log, errors="replace"):
            if m := GAVE.match(line):
                seeder = seeder or m.group(2)
                blocks.append((float(m.group(1)) / 1000 + i * gap, i, m.group(2), int(m.group(3))))
            elif m := VERIFIED.match(line):
                verified[int(m.group(2))][i] = float(m.group(1)) / 1000 + i * gap
    return blocks, verified, seeder


def timeline(blocks, verified, seeder, bucket):
    first = {p: min(v.values()) for p, v in verified.items()}
    rows = collections.defaultdict(lambda: [0, 0, 0])
    for t, _, sender, piece in blocks:
        kind = 2 if sender != seeder else 1 if first.get(piece, t + 1) < t else 0
        rows[int(t // bucket)][kind] += 1
    print("from_s seeder_fresh seeder_again peers held contiguous")
    for b in sorted(rows):
        end = (b + 1) * bucket
        contiguous = 0
        while first.get(contiguous, end + 1) <= end:
            contiguous += 1
        held = sum(1 for t in first.values() if t <= end)
        print(f"{b * bucket:6d} {rows[b][0]:12d} {rows[b][1]:12d} {rows[b][2]:5d} {held:4d} "
              f"{contiguous:10d}")


def pieces(blocks, verified, seeder, first_piece, end_piece):
    taken = collections.defaultdict(collections.Counter)
    since = collections.defaultdict(dict)
    for t, viewer, sender, piece in blocks:
        if sender == seeder:
            taken[piece][viewer] += 1
            since[piece].setdefault(viewer, t)
    for p in range(first_piece, end_piece):
        had = verified.get(p)
        when = f"{min(had.values()):6.2f} s by viewer {min(had, key=had.get)}" if had else "never"
        who = " ".join(f"v{v}:{n}@{since[p][v]:.1f}" for v, n in sorted(taken[p].items()))
        print(f"piece {p:4d} first had {when}; from the seeder: {who}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--join-window", type=float, default=10.0)
    ap.add_argument("--bucket", type=int, default=2)
    ap.add_argument("--pieces", help="A:B, per piece")
    args = ap.parse_args()
    blocks, verified, seeder = read(args.run, args.join_window)
    if seeder is None:
        raise SystemExit("crowd_trace: no trace lines (run the crowd with SWARMTV_TRACE=1)")
    if args.pieces:
        a, b = (int(x) for x in args.pieces.split(":"))
        pieces(blocks, verified, seeder, a, b)
    else:
        timeline(blocks, verified, seeder, args.bucket)


if __name__ == "__main__":
    main()
