#!/usr/bin/python3
"""psutil_host.py - the host-wide psutil contender of churn_peers.sh.

What an in-house script watching a whole host does: at every tick, walk
psutil.process_iter() and keep, per pid, its name and the CPU times last
seen. A process that starts and ends between two ticks is never seen;
that is what churn_peers.sh measures.

usage: psutil_host.py INTERVAL OUT

Walks on absolute deadlines until SIGINT or SIGTERM, then writes OUT: one
line per pid seen, "pid name cpu_seconds_last_seen walks_seen".
"""
import signal
import sys
import time

import psutil


stop = False


def on_signal(signum, frame):
    global stop
    stop = True


def main():
    interval, out = float(sys.argv[1]), sys.argv[2]
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    seen = {}
    start = time.monotonic()
    k = 0
    while not stop:
        for p in psutil.process_iter(["pid", "name", "cpu_times"]):
            t = p.info["cpu_times"]
            if t is None:
                continue
            prev = seen.get(p.info["pid"])
            seen[p.info["pid"]] = (p.info["name"], t.user + t.system,
                                   prev[2] + 1 if prev else 1)
        k += 1
        delay = start + k * interval - time.monotonic()
        if delay > 0 and not stop:
            time.sleep(delay)
    with open(out, "w", errors="replace") as f:
        for pid, (name, cpu, walks) in sorted(seen.items()):
            f.write("%d %s %.2f %d\n" % (pid, name.replace(" ", "_"), cpu, walks))


if __name__ == "__main__":
    main()
