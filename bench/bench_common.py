"""Shared by the benchmarks."""
import os
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binary(given=None):
    """`given`, or the swarmtv binary of a release build (built first, incrementally)."""
    if given:
        return given
    subprocess.run(["bash", os.path.join(ROOT, "scripts/build.sh"), "release"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, "build/release/swarmtv")


class LoopbackDelay:
    """Adds `rtt_ms` of round trip to every packet on the loopback interface for the duration of
    a `with` block (tc netem: half the round trip each way; needs root), so a benchmark's
    loopback swarm behaves like peers 50-100 ms apart. 0 does nothing."""

    def __init__(self, rtt_ms):
        self.rtt_ms = rtt_ms

    def __enter__(self):
        if self.rtt_ms > 0:
            subprocess.run(["tc", "qdisc", "replace", "dev", "lo", "root", "netem", "delay",
                            f"{self.rtt_ms / 2:g}ms", "limit", "100000"], check=True)
        return self

    def __exit__(self, *exc):
        if self.rtt_ms > 0:
            subprocess.run(["tc", "qdisc", "del", "dev", "lo", "root"], check=False)
        return False
