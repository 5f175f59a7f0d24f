"""psr.read(): a log's samples, one table per process, as pandas DataFrames
(or plain lists without pandas)."""

import ctypes
import datetime
import math
import os

from . import _lib

try:
    import numpy as np
except ImportError:  # optional
    np = None
try:
    import pandas as pd
except ImportError:  # optional
    pd = None

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def _time_text(v, what):
    """A start/end argument as psr_time_parse() reads it."""
    if isinstance(v, str):
        return v
    if isinstance(v, datetime.timedelta):
        return "+%.6f" % v.total_seconds()
    if isinstance(v, datetime.datetime):
        if v.tzinfo is None:
            v = v.astimezone()  # local time, as psreport reads it
        return "%.6f" % v.timestamp()
    if pd is not None and isinstance(v, pd.Timestamp):
        return _time_text(v.to_pydatetime(), what)
    if isinstance(v, (int, float)):
        return "%.6f" % v
    raise TypeError("%s: a time is a str, a number of Unix seconds, a "
                    "datetime or a timedelta (from the start), not %r"
                    % (what, type(v).__name__))


def _listify(v):
    if v is None:
        return []
    if isinstance(v, (str, bytes, int)):
        return [v]
    return list(v)


def options(pid=None, name=None, start=None, end=None, leak_p=None,
            leak_growth=None):
    """(key, value) pairs for psr_flat_set()."""
    opts = [("pid", str(int(p))) for p in _listify(pid)]
    opts += [("name", n) for n in _listify(name)]
    if start is not None:
        opts.append(("from", _time_text(start, "start")))
    if end is not None:
        opts.append(("to", _time_text(end, "end")))
    if leak_p is not None:
        opts.append(("leak-p", repr(float(leak_p))))
    if leak_growth is not None:
        opts.append(("leak-growth", repr(float(leak_growth))))
    return opts


def paths_of(path):
    """One log or several (the rotated parts of a recording, or runs)."""
    if isinstance(path, (str, bytes, os.PathLike)):
        return [path]
    paths = list(path)
    if not paths:
        raise ValueError("no log given")
    return paths


class Process:
    """One process of a run and its samples.

    ``samples`` is a pandas DataFrame indexed by ``timestamp`` (UTC
    datetimes) with ``t`` (seconds since the start of the run), one float
    column per series of ``psreport --csv`` (NaN where the CSV cell is
    empty: a rate at the first sample, a metric the log lacks), ``state``
    as a one-letter string and ``cpus_allowed`` when recorded; without
    pandas (or with ``pandas=False``), a dict of column name to list.
    The host (``psrec --system``) is a Process with ``host`` True, pid 0
    and the host's series."""

    def __init__(self, ident, name, cmdline, samples):
        self.pid = int(ident["pid"])
        self.ppid = int(ident["ppid"])
        self.uid = int(ident["uid"])
        self.start = EPOCH + datetime.timedelta(seconds=ident["start"])
        self.run = int(ident["run"])
        self.host = bool(ident["host"])
        self.name = name
        self.cmdline = cmdline
        self.samples = samples

    def __len__(self):
        return len(self.samples["t"])

    def __repr__(self):
        return "<psr.Process %s %s, %d samples>" % (
            "host" if self.host else self.pid, self.name, len(self))


class Samples(list):
    """The processes psr.read() found, in the order of their first sample."""

    def frame(self):
        """Every sample of every process in one pandas DataFrame, the rows
        of ``psreport --csv`` without its ``avg`` rows: ``timestamp``,
        ``t``, ``pid``, ``ppid``, ``name``, ``start_epoch``, the series."""
        if pd is None:
            raise ImportError("Samples.frame() needs pandas")
        parts = []
        for p in self:
            if not isinstance(p.samples, pd.DataFrame):
                raise TypeError("Samples.frame(): read with pandas=False")
            df = p.samples.reset_index()
            n = len(df)
            ident = pd.DataFrame({
                "pid": np.full(n, p.pid, dtype=np.int64),
                "ppid": np.full(n, p.ppid, dtype=np.int64),
                "name": [p.name] * n,
                "start_epoch": np.full(n, p.start.timestamp()),
            })
            parts.append(pd.concat([df[["timestamp", "t"]], ident,
                                    df.drop(columns=["timestamp", "t"])],
                                   axis=1))
        if not parts:
            return pd.DataFrame(columns=["timestamp", "t", "pid", "ppid",
                                         "name", "start_epoch"])
        out = pd.concat(parts, ignore_index=True, sort=False)
        return out.sort_values("timestamp", kind="mergesort",
                               ignore_index=True)


def _doubles(ptr, n, use_pandas):
    if use_pandas:
        return np.ctypeslib.as_array(ptr, shape=(n,)).copy()
    return ptr[:n]


def _chars(values):
    """ASCII codes (the process state) as one-letter strings, NaN kept."""
    if np is not None and isinstance(values, np.ndarray):
        lut = np.array([chr(i) for i in range(128)] + [math.nan], dtype=object)
        codes = np.nan_to_num(values, nan=128).astype(np.int64)
        return lut[np.clip(codes, 0, 128)]
    return [chr(int(v)) if v == v else math.nan for v in values]


def _table(L, f, t, use_pandas):
    ident = _lib.numbers(L.psr_flat_table_numbers, t, _lib.fields(_lib.TABLE))
    n = L.psr_flat_table_rows(t)
    length = ctypes.c_size_t()
    cmd = L.psr_flat_table_cmdline(t, ctypes.byref(length))
    cols = {"t": _doubles(L.psr_flat_table_t(t), n, use_pandas)}
    for c in range(L.psr_flat_table_columns(t)):
        name = _lib.text(L.psr_flat_table_column_name(t, c))
        values = _doubles(L.psr_flat_table_column(t, c), n, use_pandas)
        if L.psr_flat_table_column_type(t, c) == _lib.CHAR:
            values = _chars(values)
        cols[name] = values
    cpus = L.psr_flat_table_cpus(t)
    if cpus:
        pool = {}
        idx = cpus[:n]
        for k in set(idx):
            pool[k] = _lib.text(L.psr_flat_text(f, k))
        cols["cpus_allowed"] = [pool[k] for k in idx]
    epoch = L.psr_flat_table_epoch_us(t)
    if use_pandas:
        us = np.ctypeslib.as_array(epoch, shape=(n,)).copy()
        index = pd.DatetimeIndex(pd.to_datetime(us, unit="us", utc=True),
                                 name="timestamp")
        samples = pd.DataFrame(cols, index=index)
    else:
        samples = {"timestamp": [EPOCH + datetime.timedelta(microseconds=u)
                                 for u in epoch[:n]]}
        samples.update((k, list(v)) for k, v in cols.items())
    return Process(ident, _lib.text(L.psr_flat_table_name(t)),
                   _lib.args_of(cmd, length.value), samples)


def read(path, *, pid=None, name=None, start=None, end=None, pandas=None):
    """The samples of a log (or of several: the rotated parts of one
    recording are one run), one Process per process and run.

    pid, name: only these processes (an int or str, or lists of them);
    start, end: only samples in this range (Unix seconds, a datetime, a
    timedelta from the start of each run, or psreport's --from text such
    as "+90s" or "2026-11-24T10:00:00Z"); pandas: None uses pandas when
    it is installed, False gives plain lists, True requires pandas.

    Raises psr.PsrError (psr.PsrFileNotFoundError for a missing file) with
    the library's message; damage the reader stepped over is a
    psr.PsrWarning."""
    use_pandas = pd is not None if pandas is None else bool(pandas)
    if use_pandas and pd is None:
        raise ImportError("psr.read(pandas=True) needs pandas")
    with _lib.Flat(paths_of(path), options(pid, name, start, end)) as f:
        L = f.L
        return Samples(_table(L, f.h, L.psr_flat_table(f.h, i), use_pandas)
                       for i in range(L.psr_flat_tables(f.h)))
