"""A Transmission 3.00 seeder (Debian's transmission-daemon) for the benchmarks: a BitTorrent
client that is neither swarmtv nor libtorrent, with its default settings except what loopback
needs: it listens on one 127.0.0.x address, with DHT, local peer discovery, peer exchange and
port forwarding off, and its upload capped at the benchmark's limit."""
import json
import os
import re
import subprocess
import time

from bench_common import stop_processes


def create_torrent(content, torrent, piece_size, tracker=None):
    """A .torrent of `content` with `piece_size`-byte pieces, made by transmission-create (which
    refuses libtorrent 2.0's hybrid v1+v2 torrents as corrupt)."""
    cmd = ["transmission-create", "-o", torrent, "-s", str(piece_size // 1024), content]
    if tracker:
        cmd += ["-t", tracker]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def magnet_of(torrent):
    out = subprocess.run(["transmission-show", "-m", torrent], check=True, capture_output=True,
                         text=True).stdout
    return re.search(r"(magnet:\?\S+)", out).group(1)


class TransmissionSeeder:
    def __init__(self, content, torrent, address, port, upload_limit, workdir):
        self.content, self.torrent, self.address, self.port = content, torrent, address, port
        self.dir = workdir
        self.rpc = f"127.0.0.1:{port + 1000}"
        config = os.path.join(workdir, "transmission")
        os.makedirs(config, exist_ok=True)
        settings = {
            "bind-address-ipv4": address,
            "bind-address-ipv6": "::1",
            "peer-port": port,
            "peer-port-random-on-start": False,
            "dht-enabled": False,
            "lpd-enabled": False,
            "pex-enabled": False,
            "port-forwarding-enabled": False,
            "blocklist-enabled": False,
            "rpc-enabled": True,
            "rpc-bind-address": "127.0.0.1",
            "rpc-port": port + 1000,
            "rpc-authentication-required": False,
            "rpc-whitelist-enabled": False,
            "rpc-host-whitelist-enabled": False,
            "download-dir": os.path.dirname(content),
            "incomplete-dir-enabled": False,
            "watch-dir-enabled": False,
            "ratio-limit-enabled": False,
            "idle-seeding-limit-enabled": False,
            # Transmission counts speed limits in kB/s of 1000 bytes.
            "speed-limit-up": max(1, upload_limit // 1000),
            "speed-limit-up-enabled": True,
            "message-level": 1,
        }
        with open(os.path.join(config, "settings.json"), "w") as f:
            json.dump(settings, f)
        self.log = open(os.path.join(workdir, "transmission.log"), "w")
        self.proc = subprocess.Popen(["transmission-daemon", "-f", "-g", config],
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self._add_and_wait()

    def _remote(self, *args):
        return subprocess.run(["transmission-remote", self.rpc, *args], capture_output=True,
                              text=True)

    def _add_and_wait(self):
        for _ in range(100):  # the RPC server comes up first
            if self._remote("-l").returncode == 0:
                break
            time.sleep(0.1)
        added = self._remote("-a", self.torrent, "-w", os.path.dirname(self.content))
        if added.returncode != 0:
            raise RuntimeError(f"transmission-remote -a failed: {added.stderr.strip()}")
        # It checks the files first, then seeds.
        for _ in range(600):
            info = self._remote("-t", "all", "-i").stdout
            if re.search(r"Percent Done:\s*100%", info) and re.search(r"State:\s*(Seeding|Idle)",
                                                                       info):
                return
            time.sleep(0.1)
        raise RuntimeError("transmission did not start seeding")

    def uploaded(self):
        """Payload bytes it has sent (transmission-remote's figure, to its 3 significant digits),
        or None."""
        info = self._remote("-t", "all", "-i").stdout
        m = re.search(r"Uploaded:\s*([\d.]+)\s*(B|kB|MB|GB)", info)
        if not m:
            return None
        scale = {"B": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}[m.group(2)]  # Transmission's SI units
        return int(float(m.group(1)) * scale)

    def close(self):
        stop_processes([self.proc], timeout=10)
