"""A TCP relay that delays every byte by half a round trip each way, for benchmarks that need
peers 50-100 ms apart on a machine whose kernel has no netem (tc's qdisc, the usual way).

DelayProxies(rtt_ms).relay("127.0.0.10:6881") starts a relay on its own loopback address and
returns "ADDR:PORT" to give the viewer instead; every connection to it is forwarded to the
target with rtt_ms / 2 added to each direction. Data keeps its order; throughput is not
limited beyond what one Python thread moves (several MB/s).
"""
import asyncio
import itertools
import socket
import threading
import time


class DelayProxies:
    _addresses = itertools.count(10)

    def __init__(self, rtt_ms):
        self.delay = rtt_ms / 2000.0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def relay(self, target):
        host, port = target.rsplit(":", 1)
        address = f"127.0.2.{next(self._addresses)}"
        future = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(lambda r, w: self._connect(r, w, host, int(port)), address, 0),
            self.loop)
        server = future.result(timeout=10)
        return f"{address}:{server.sockets[0].getsockname()[1]}"

    async def _connect(self, reader, writer, host, port):
        try:
            up_reader, up_writer = await asyncio.open_connection(host, port)
        except OSError:
            writer.close()
            return
        for s in (writer, up_writer):
            sock = s.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        await asyncio.gather(self._pump(reader, up_writer), self._pump(up_reader, writer),
                             return_exceptions=True)

    async def _pump(self, reader, writer):
        queue = asyncio.Queue()

        async def deliver():
            while True:
                due, data = await queue.get()
                if data is None:
                    break
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = asyncio.ensure_future(deliver())
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    break
                queue.put_nowait((time.monotonic() + self.delay, data))
        except (OSError, asyncio.IncompleteReadError):
            pass
        queue.put_nowait((time.monotonic() + self.delay, None))
        await sender

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
