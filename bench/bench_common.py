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

