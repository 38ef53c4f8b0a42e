"""Shared by the benchmarks."""
import atexit
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def release_binary(given=None):
    """`given`, or the swarmtv binary of a release build (built first, incrementally)."""
    if given:
        return given
    subprocess.run(["bash", os.path.join(ROOT, "scripts/build.sh"), "release"], check=True,
                   stdout=subprocess.DEVNULL)
    return os.path.join(ROOT, "build/release/swarmtv")



def isolate_state():
    """Gives the swarmtv processes a benchmark starts a state directory of their own, so a
    benchmark never writes into the user's watch-later positions. (Viewers also get
    --resume-playback=no: runs of one benchmark share this directory, and their torrents are the
    same, so a viewer would resume where the previous run's stopped.)"""
    state = tempfile.mkdtemp(prefix="swarmtv-bench-state-")
    atexit.register(shutil.rmtree, state, True)
    os.environ["XDG_STATE_HOME"] = state
