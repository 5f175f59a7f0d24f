#!/usr/bin/python3
"""python_read.py - psr.read() against the CSV route (by hand; not part of
the pass/fail suite).

A synthetic hour at 1 Hz of 200 processes (tests/bench/synth.c): 720,200
process-samples into one pandas DataFrame, by psr.read().frame() and by
psreport --csv parsed with pd.read_csv (its avg rows dropped), CPU time
(this process and its children, user + system), best of 3 each, in one
run; psr.summary() beside them.
Usage: /usr/bin/python3 tests/bench/python_read.py [BUILD_DIR]"""
import io
import os
import resource
import subprocess
import sys
import tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build"))
os.environ.setdefault("PSR_LIBPSR", os.path.join(build, "libpsr.so.0"))
sys.path.insert(0, os.path.join(root, "report", "python"))
import pandas as pd  # noqa: E402

import psr  # noqa: E402

PSREPORT = os.path.join(build, "report", "psreport")


def cpu():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def best(fn):
    times = []
    for _ in range(3):
        t = cpu()
        rows = fn()
        times.append(cpu() - t)
    return min(times), rows


def by_psr(log):
    return len(psr.read(log).frame())


def by_csv(log):
    out = subprocess.run([PSREPORT, "--csv", "-", log], capture_output=True,
                         check=True).stdout
    df = pd.read_csv(io.BytesIO(out), low_memory=False)
    return len(df[df["timestamp"] != "avg"])


with tempfile.TemporaryDirectory() as d:
    log = os.path.join(d, "hour.psr")
    subprocess.run([os.path.join(build, "tests", "psr-synth"), log, "200", "3600", "1"],
                   check=True, stdout=subprocess.DEVNULL)
    a, n = best(lambda: by_psr(log))
    b, m = best(lambda: by_csv(log))
    c, _ = best(lambda: psr.summary(log) and 0)
    assert n == m, (n, m)
    print("%d process-samples into a DataFrame" % n)
    print("psr.read().frame():           %6.2f s CPU" % a)
    print("psreport --csv + pd.read_csv: %6.2f s CPU (%.1fx)" % (b, b / a))
    print("psr.summary():                %6.2f s CPU" % c)
