"""psr.summary(): the analysis engine's statistics and verdicts, the figures
of ``psreport --json`` as Python objects."""

import ctypes
import datetime

from . import _lib
from ._read import EPOCH, options, paths_of

try:
    import pandas as pd
except ImportError:  # optional
    pd = None


def _when(seconds):
    return None if seconds != seconds else EPOCH + datetime.timedelta(seconds=seconds)


class Stats(dict):
    """One series of one process: ``n``, ``seconds``, ``min``, ``max``,
    ``mean``, ``stddev``, ``p5`` ... ``p99``, ``first``, ``last``, ``total``
    (rates: the counter's growth, e.g. CPU seconds), and for memory series
    the trend (``growth_per_h``, ``mk_p``, ``ls_slope_per_h``, ...) with
    ``rules`` (list) and ``verdict`` ("none", "possible", "leak"; None for
    series without a trend). Keys read as attributes too: ``s.mean``."""

    def __getattr__(self, k):
        try:
            return self[k]
        except KeyError:
            raise AttributeError(k) from None


def _num(x):
    """A number of the library, None where it is undefined (NaN)."""
    return None if x != x else x


class ProcessSummary:
    """A process (or a tree total, or the host) of a run: identity, what
    was recorded, its verdict, and ``series``: name -> Stats."""

    def __init__(self, L, p, kind):
        nums = _lib.numbers(L.psr_flat_proc_numbers, p, _lib.fields(_lib.PROC))
        length = ctypes.c_size_t()
        cmd = L.psr_flat_proc_cmdline(p, ctypes.byref(length))
        self.kind = kind  # "process", "tree" or "host"
        self.pid = int(nums["pid"])
        self.ppid = int(nums["ppid"])
        self.uid = int(nums["uid"])
        self.name = _lib.text(L.psr_flat_proc_name(p))
        self.cmdline = _lib.args_of(cmd, length.value)
        self.start = _when(nums["start"])
        self.first_sample = _when(nums["first_sample"])
        self.last_sample = _when(nums["last_sample"])
        self.samples = int(nums["samples"])
        self.ended = bool(nums["ended"])
        self.exit_code = None if nums["exit_code"] != nums["exit_code"] else int(nums["exit_code"])
        self.signal = None if nums["signal"] != nums["signal"] else int(nums["signal"])
        self.verdict = _lib.verdict_name(nums["verdict"])
        self.tree_members = None if kind != "tree" else int(nums["tree_members"])
        # exact CPU time, from the counters (README "Totals of a tree")
        self.cpu_seconds = _num(nums["cpu_seconds"])
        self.children_cpu_seconds = _num(nums["children_cpu_seconds"])
        self.cpu_total_seconds = _num(nums["cpu_total_seconds"])
        self.launched = bool(nums["launched"])
        names = _lib.fields(_lib.SERIES)
        self.series = {}
        for i in range(L.psr_flat_proc_series(p)):
            s = L.psr_flat_proc_series_at(p, i)
            st = Stats(_lib.numbers(L.psr_flat_series_numbers, s, names))
            st["unit"] = _lib.text(L.psr_flat_series_unit(s))
            if st["verdict"] == st["verdict"]:  # a memory series' trend
                st["verdict"] = _lib.verdict_name(st["verdict"])
                st["rules"] = _lib.rules_text(st["rules"])
                st["gate"] = _lib.gate_name(st["gate"])
            else:
                st["verdict"] = None
                st["rules"] = None
                st["gate"] = None
            self.series[_lib.text(L.psr_flat_series_name(s))] = st

    def __getitem__(self, series):
        return self.series[series]

    def __repr__(self):
        return "<psr.ProcessSummary %s %d %s: %s>" % (
            self.kind, self.pid, self.name, self.verdict)


class RunSummary:
    """One recording (its rotated parts together): the header's host,
    kernel, machine, writer and command, its times and counts, and its
    ``processes``, ``trees`` (totals of recorded parents and children)
    and ``system`` (the host with psrec --system, else None)."""

    def __init__(self, L, r):
        nums = _lib.numbers(L.psr_flat_run_numbers, r, _lib.fields(_lib.RUN))
        for k in ("host", "kernel", "machine", "writer"):
            setattr(self, k, _lib.text(L.psr_flat_run_text(r, k.encode())))
        length = ctypes.c_size_t()
        cmd = L.psr_flat_run_command(r, ctypes.byref(length))
        self.command = _lib.args_of(cmd, length.value)
        self.paths = [_lib.text(L.psr_flat_run_path(r, i))
                      for i in range(L.psr_flat_run_paths(r))]
        self.cpus = int(nums["cpus"])
        self.interval = nums["interval"]
        self.start = _when(nums["start"])
        self.end = _when(nums["end"])
        self.duration = nums["duration"]
        self.samples = int(nums["samples"])
        self.process_samples = int(nums["process_samples"])
        self.warnings = int(nums["warnings"])
        self.format_version = int(nums["format_version"])
        # psrec -- CMD's job as the kernel accounted it, or None
        self.job = None
        if nums["job_cpu_seconds"] == nums["job_cpu_seconds"]:
            self.job = {k[4:]: _num(nums[k]) for k in nums
                        if k.startswith("job_")}

        def group(g, kind):
            return [ProcessSummary(L, L.psr_flat_run_proc(r, g, i), kind)
                    for i in range(L.psr_flat_run_procs(r, g))]

        self.processes = group(_lib.PROCESSES, "process")
        self.trees = group(_lib.TREES, "tree")
        host = group(_lib.HOST, "host")
        self.system = host[0] if host else None

    def __repr__(self):
        return "<psr.RunSummary %s %s, %d processes>" % (
            self.host, self.start, len(self.processes))


class Summary:
    """What psreport computes from logs: ``runs`` (RunSummary), and over
    all of them ``processes``, ``worst`` (the worst leak verdict) and
    ``warnings`` (damage the reader stepped over)."""

    def __init__(self, L, f):
        self.runs = [RunSummary(L, L.psr_flat_run(f, i))
                     for i in range(L.psr_flat_runs(f))]
        self.worst = _lib.verdict_name(L.psr_flat_worst(f))
        self.warnings = [_lib.text(L.psr_flat_warning(f, i))
                         for i in range(L.psr_flat_warnings(f))]

    @property
    def processes(self):
        return [p for r in self.runs for p in r.processes]

    def process(self, pid=None, name=None):
        """The first process with this pid or name (KeyError if none)."""
        for p in self.processes:
            if (pid is None or p.pid == pid) and (name is None or p.name == name):
                return p
        raise KeyError(pid if name is None else name)

    def frame(self):
        """One row per run, process and series with every statistic, as
        ``psreport --summary`` (needs pandas)."""
        if pd is None:
            raise ImportError("Summary.frame() needs pandas")
        rows = []

        def figure(k, r, p, kind, metric, v):
            # a row of one figure, in the total column, as psreport's
            rows.append({"run": k, "host": r.host,
                         "pid": p.pid if p else 0, "ppid": p.ppid if p else 0,
                         "kind": kind, "name": p.name if p else "",
                         "metric": metric, "total": v})

        for k, r in enumerate(self.runs, 1):
            for p in r.processes + r.trees + ([r.system] if r.system else []):
                for name, st in p.series.items():
                    row = {"run": k, "host": r.host, "pid": p.pid,
                           "ppid": p.ppid, "kind": p.kind, "name": p.name,
                           "metric": name}
                    row.update(st)
                    row["rules"] = ",".join(st["rules"]) if st["rules"] else None
                    rows.append(row)
                if p.kind != "host" and p.cpu_seconds is not None:
                    for m in ("cpu_seconds", "children_cpu_seconds",
                              "cpu_total_seconds"):
                        figure(k, r, p, p.kind, m, getattr(p, m))
            if r.job:
                cmd = next((p for p in r.processes if p.launched), None)
                for m in ("cpu_seconds", "cpu_user_seconds",
                          "cpu_system_seconds", "max_rss_bytes", "minflt",
                          "majflt", "block_read_bytes", "block_write_bytes",
                          "vctxsw", "nvctxsw", "orphans_reaped",
                          "still_running"):
                    figure(k, r, cmd, "job", m, r.job[m])
        return pd.DataFrame(rows)

    def __repr__(self):
        return "<psr.Summary %d runs, %d processes, worst %s>" % (
            len(self.runs), len(self.processes), self.worst)


def summary(path, *, pid=None, name=None, start=None, end=None,
            leak_p=None, leak_growth=None):
    """The statistics and verdicts of a log (or of several), as psreport
    computes them: a Summary. The arguments are psr.read()'s, and
    leak_p / leak_growth are psreport's --leak-p / --leak-growth."""
    with _lib.Flat(paths_of(path), options(pid, name, start, end, leak_p,
                                           leak_growth), samples=False) as f:
        return Summary(f.L, f.h)
