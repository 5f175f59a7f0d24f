#!/usr/bin/python3
"""psutil_sampler.py - a contender in the recorder comparison (compare.sh).

Samples the given processes the way many in-house monitoring scripts do:
one psutil.Process per pid, kept, and at every tick, inside oneshot(), the
same metrics as psrec's default set (CPU times, the statm memory figures,
threads, descriptors, I/O counters, state) plus context switches, which
psutil reads from the same status file it needs for the thread count; one
CSV row per process and sample. psutil 5.9 (Debian 12) has no page-fault
accessor, so minflt/majflt are the only fields of psrec's set missing.

usage: psutil_sampler.py INTERVAL DURATION PID[,PID...] OUT.csv

Takes DURATION / INTERVAL + 1 samples on absolute deadlines, as psrec -d
does, and writes OUT.csv as it goes (a buffered file, as such scripts do).
"""
import csv
import sys
import time

import psutil

FIELDS = ["time", "pid", "user_s", "system_s", "rss", "vms", "shared",
          "text", "data", "threads", "fds", "read_count", "write_count",
          "read_bytes", "write_bytes", "read_chars", "write_chars",
          "vctxsw", "nvctxsw", "status"]


def sample(proc, now):
    with proc.oneshot():
        cpu = proc.cpu_times()
        mem = proc.memory_info()
        io = proc.io_counters()
        ctx = proc.num_ctx_switches()
        return [f"{now:.3f}", proc.pid, cpu.user, cpu.system, mem.rss,
                mem.vms, mem.shared, mem.text, mem.data, proc.num_threads(),
                proc.num_fds(), io.read_count, io.write_count, io.read_bytes,
                io.write_bytes, io.read_chars, io.write_chars,
                ctx.voluntary, ctx.involuntary, proc.status()]


def main():
    if len(sys.argv) != 5:
        sys.stderr.write("usage: psutil_sampler.py INTERVAL DURATION "
                         "PID[,PID...] OUT.csv\n")
        return 2
    interval, duration = float(sys.argv[1]), float(sys.argv[2])
    procs = [psutil.Process(int(p)) for p in sys.argv[3].split(",")]
    count = int(round(duration / interval)) + 1
    with open(sys.argv[4], "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(FIELDS)
        start = time.monotonic()
        for i in range(count):
            delay = start + i * interval - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            now = time.time()
            for proc in list(procs):
                try:
                    writer.writerow(sample(proc, now))
                except psutil.NoSuchProcess:
                    procs.remove(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
