#!/usr/bin/python3
"""python-example.py - remake samples/recorded/python-block.png (README
"Python"): a block of Python code recorded by psr.record(), read back with
psr.read() into pandas and drawn with matplotlib. The block builds four
lists of 32 MiB each while it computes, then drops them; the figure shows
its RSS steps and its CPU, and the summary's figures in the title.

Needs a build in build/ and Debian's python3-pandas, python3-matplotlib:
    /usr/bin/python3 samples/python-example.py
"""
import os
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
os.environ.setdefault("PSR_LIBPSR", os.path.join(root, "build", "libpsr.so.0"))
os.environ.setdefault("PSR_PSREC", os.path.join(root, "build", "record", "psrec"))
sys.path.insert(0, os.path.join(root, "report", "python"))

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import psr

out = os.path.join(here, "recorded")
log = os.path.join(out, "python-block.psr")


def work():
    """Four steps of 32 MiB, each built while computing for ~0.4 s."""
    held = []
    for step in range(4):
        t0 = time.process_time()
        chunk = bytearray(32 << 20)
        chunk[::4096] = b"\x01" * (len(chunk) // 4096)
        held.append(chunk)
        while time.process_time() - t0 < 0.4:
            sum(range(10000))
        time.sleep(0.2)  # idle between steps: CPU falls, RSS holds
    held.clear()
    time.sleep(0.3)


# --- the notebook-style example of README "Python" ---
with psr.record(log, interval=0.05, force=True) as rec:
    work()

me = rec.read(pid=os.getpid())[0]          # this process's samples
df = me.samples                            # a DataFrame indexed by time
stats = rec.process                        # psreport's statistics of it
print(df[["t", "cpu_percent", "rss_bytes"]].describe())
print("CPU %.2f s, RSS max %.0f MiB, verdict %s" % (
    stats["cpu_percent"].total, stats["rss_bytes"].max / 2**20, stats.verdict))

fig, (mem, cpu) = plt.subplots(2, 1, sharex=True, figsize=(7, 4.2))
mem.plot(df["t"], df["rss_bytes"] / 2**20, color="tab:blue")
mem.set_ylabel("RSS (MiB)")
cpu.fill_between(df["t"], df["cpu_percent"], step="pre", color="tab:orange", alpha=0.6)
cpu.set_ylabel("CPU (% of one)")
cpu.set_xlabel("seconds since the block started")
fig.suptitle("psr.record(): %.2f CPU s, RSS +%.0f MiB at most, leak verdict: %s" % (
    stats["cpu_percent"].total,
    (stats["rss_bytes"].max - stats["rss_bytes"].first) / 2**20, stats.verdict))
fig.tight_layout()
fig.savefig(os.path.join(out, "python-block.png"), dpi=90)
