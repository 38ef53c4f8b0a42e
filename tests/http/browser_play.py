#!/usr/bin/env python3
"""Plays the page's <video> in headless Chromium and prints the highest currentTime it reached.

usage: browser_play.py CHROMIUM URL USER_DATA_DIR SECONDS [MIN_CUES]
Drives Chromium over --remote-debugging-pipe (DevTools protocol, NUL-separated JSON on fds 3/4):
no port is opened, and the page itself (index.html?autoplay=0) starts playback. Exit status 0
when currentTime went past 2 s and the video's text tracks held at least MIN_CUES cues (default
0), 1 otherwise."""
import json
import os
import subprocess
import sys
import time

chromium, url, user_data_dir, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
min_cues = int(sys.argv[5]) if len(sys.argv) > 5 else 0
to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()


def child_fds():
    os.dup2(to_chrome_r, 3)
    os.dup2(from_chrome_w, 4)


proc = subprocess.Popen(
    [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
     "--disable-background-networking", "--disable-component-update", "--disable-sync",
     "--autoplay-policy=no-user-gesture-required", "--remote-debugging-pipe",
     "--user-data-dir=" + user_data_dir, "about:blank"],
    pass_fds=(3, 4), preexec_fn=child_fds, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_chrome_r)
os.close(from_chrome_w)
out = os.fdopen(to_chrome_w, "wb")
inp = os.fdopen(from_chrome_r, "rb")
buffered = b""
next_id = 0


def call(method, params=None, session=None):
    global buffered, next_id
    next_id += 1
    message = {"id": next_id, "method": method, "params": params or {}}
    if session:
        message["sessionId"] = session
    out.write(json.dumps(message).encode() + b"\0")
    out.flush()
    while True:
        while b"\0" not in buffered:
            chunk = os.read(inp.fileno(), 65536)
            if not chunk:
                raise SystemExit("chromium closed the pipe")
            buffered += chunk
        raw, buffered = buffered.split(b"\0", 1)
        reply = json.loads(raw)
        if reply.get("id") == next_id:
            if "error" in reply:
                raise SystemExit(method + ": " + json.dumps(reply["error"]))
            return reply["result"]


best = 0.0
cues = 0
try:
    target = call("Target.createTarget", {"url": url})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    deadline = time.time() + seconds
    while time.time() < deadline and (best <= 2.0 or cues < min_cues):
        time.sleep(0.2)
        r = call("Runtime.evaluate", {"expression": "document.getElementById('playback') ? "
                                      "document.getElementById('playback').textContent : ''",
                                      "returnByValue": True}, session)
        text = r.get("result", {}).get("value", "")
        if text.startswith("currentTime="):
            best = max(best, float(text.split()[0].split("=")[1]))
            for word in text.split()[1:]:
                if word.startswith("cues="):
                    cues = max(cues, int(word.split("=")[1]))
        if "error=" in text:
            print(text)
            break
    call("Browser.close")
finally:
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
print("currentTime=%.2f cues=%d" % (best, cues))
sys.exit(0 if best > 2.0 and cues >= min_cues else 1)
