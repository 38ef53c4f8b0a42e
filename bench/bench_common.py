"""Shared by the benchmarks."""
import atexit
import os
import shutil
import subprocess
import sys
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


def median(values):
    """The median of the values that are not None, or None."""
    import statistics
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def stop_processes(procs, timeout=15):
    """SIGTERM to each process still running, then waits; kills what does not end in time."""
    import signal
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def seeder_magnet(log, ready, close, index):
    """The magnet link a `swarmtv seed` writing to `log` printed once `ready(text)`; if none
    comes, close() and exit with a message naming seeder `index`."""
    m = wait_for_log(log, r"(magnet:\?\S+)", ready)
    if not m:
        close()
        sys.exit(f"seeder {index} did not start")
    return m.group(1)


def magnet_peer(magnet):
    """The HOST:PORT of a magnet link's x.pe parameter."""
    import re
    return re.search(r"x\.pe=([^&]+)", magnet).group(1)


def wait_for_log(log, pattern, ready=lambda text: True, tries=600):
    """Polls the open log file `log` (every 0.1 s) until `pattern` matches and `ready(text)`;
    the match, or None."""
    import re
    import time
    for _ in range(tries):
        log.seek(0)
        text = log.read()
        m = re.search(pattern, text)
        if m and ready(text):
            return m
        time.sleep(0.1)
    return None


def corrupt_copy(path):
    """Alters one byte every 8 KiB of a seeder's copy of the media: a lying seeder."""
    with open(path, "r+b") as f:
        for at in range(1000, os.path.getsize(path), 8192):
            f.seek(at)
            f.write(b"\x5a")
