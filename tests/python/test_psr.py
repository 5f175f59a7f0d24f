"""The psr Python module against the real programs: its samples equal
psreport --csv's cells, its statistics psreport --json's, a recorded block
of code costs what the block did, and bad logs raise exceptions with the
library's message. Run by tests/python/run.sh (which sets PSR_LIBPSR,
PSR_PSREC, PSREPORT, WORKLOAD, GOLDEN, CORPUS)."""

import csv
import gc
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
import unittest
import warnings

import numpy as np
import pandas as pd

import psr

PSREPORT = os.environ["PSREPORT"]
WORKLOAD = os.environ["WORKLOAD"]
GOLDEN = os.environ["GOLDEN"]
LOGS = [os.path.join(GOLDEN, "v1.psr"), os.path.join(GOLDEN, "v2.psr")] + [
    p for p in os.environ.get("MORE_LOGS", "").split(":") if p]


def psreport(*args):
    out = subprocess.run([PSREPORT, *args], capture_output=True, check=True)
    return out.stdout.decode()


def psreport_error(*args):
    out = subprocess.run([PSREPORT, "--csv", "-", *args], capture_output=True)
    assert out.returncode == 1, out
    return out.stderr.decode().strip()


def csv_rows(path):
    """psreport --csv's sample rows (not its avg rows) as dicts."""
    text = psreport("--csv", "-", path)
    return [r for r in csv.DictReader(io.StringIO(text)) if r["timestamp"] != "avg"]


def cell(value, fmt):
    """A value as psreport --csv prints it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    return fmt % value


def rss_now():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def burn(seconds):
    t0 = time.process_time()
    x = 0
    while time.process_time() - t0 < seconds:
        x += 1
    return x


class ReadMatchesCsv(unittest.TestCase):
    def check_log(self, path):
        rows = csv_rows(path)
        frame = psr.read(path).frame()
        header = next(csv.reader(io.StringIO(psreport("--csv", "-", path))))
        self.assertEqual(list(frame.columns), header, path)
        self.assertEqual(len(frame), len(rows), path)
        # the CSV's row order: by time, processes in log order, host last
        self.assertEqual(str(frame["timestamp"].dtype), "datetime64[ns, UTC]")
        self.assertEqual(frame["pid"].dtype, np.int64)
        key = lambda r: (r["timestamp"], int(r["pid"]), r["name"])
        got = sorted(frame.to_dict("records"), key=lambda r: (
            "%d.%03d" % divmod(r["timestamp"].value // 1000000, 1000),
            r["pid"], r["name"]))
        want = sorted(rows, key=key)
        checked = 0
        for g, w in zip(got, want):
            ms = g["timestamp"].value // 1000000
            self.assertEqual("%d.%03d" % divmod(ms, 1000), w["timestamp"])
            for c in header[1:]:
                v, cw = g[c], w[c]
                what = "%s: %s of pid %s at %s" % (path, c, w["pid"], w["timestamp"])
                if c in ("pid", "ppid"):
                    self.assertEqual(str(v), cw, what)
                elif c == "start_epoch":
                    self.assertEqual("%.2f" % v, cw, what)
                elif isinstance(v, str) or cw == "":
                    self.assertEqual(cell(v, "%s"), cw, what)
                elif "." in cw:  # printed with 3 decimals
                    self.assertEqual("%.3f" % v, cw, what)
                else:  # a whole number, printed as one: exact
                    self.assertEqual(v, int(cw), what)
                checked += 1
        self.assertGreater(checked, len(rows) * 10)

    def test_every_value_equals_the_csv(self):
        for path in LOGS:
            with self.subTest(log=path):
                self.check_log(path)

    def test_columns_are_typed(self):
        procs = psr.read(LOGS[0])
        df = procs[0].samples
        self.assertIsInstance(df.index, pd.DatetimeIndex)
        self.assertEqual(str(df.index.tz), "UTC")
        self.assertEqual(df["rss_bytes"].dtype, np.float64)
        self.assertTrue(math.isnan(df["cpu_percent"].iloc[0]))  # no rate yet
        self.assertEqual(set(df["state"].dropna()), {"S"})
        self.assertEqual(procs[0].name, "bash")
        self.assertEqual(procs[0].cmdline, ["bash", "/dev/fd/3"])

    def test_plain_lists_equal_the_frames(self):
        for path in LOGS:
            with_pd = psr.read(path)
            plain = psr.read(path, pandas=False)
            self.assertEqual([(p.pid, p.name, p.host) for p in with_pd],
                             [(p.pid, p.name, p.host) for p in plain])
            for a, b in zip(with_pd, plain):
                self.assertIsInstance(b.samples, dict)
                self.assertEqual(list(a.samples.columns), list(b.samples)[1:])
                self.assertEqual(list(a.samples.index.to_pydatetime()),
                                 b.samples["timestamp"])
                for c in a.samples.columns:
                    x, y = list(a.samples[c]), b.samples[c]
                    self.assertEqual(len(x), len(y))
                    for u, v in zip(x, y):
                        self.assertTrue(u == v or (u != u and v != v), (c, u, v))
                        self.assertIs(type(v), str if c in ("state", "cpus_allowed")
                                      and v == v else type(v))

    def test_selection(self):
        procs = psr.read(LOGS[0], name="psr-workload")
        self.assertEqual([p.name for p in procs], ["psr-workload"])
        all_rows = len(psr.read(LOGS[0], pid=procs[0].pid)[0])
        later = psr.read(LOGS[0], pid=procs[0].pid, start="+0.5s")
        self.assertLess(len(later[0]), all_rows)
        self.assertGreaterEqual(later[0].samples["t"].min(), 0.5)
        want = len(csv_rows_args(LOGS[0], "--pid", str(procs[0].pid), "--from", "+0.5s"))
        self.assertEqual(len(later[0]), want)


def csv_rows_args(path, *args):
    text = psreport("--csv", "-", *args, path)
    return [r for r in csv.DictReader(io.StringIO(text)) if r["timestamp"] != "avg"]


class SummaryMatchesJson(unittest.TestCase):
    def close(self, got, want, what):
        if want is None:
            self.assertTrue(got is None or got != got, "%s: %r, want null" % (what, got))
        elif isinstance(want, str):
            self.assertEqual(got, want, what)
        else:
            self.assertTrue(math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12),
                            "%s: %r, want %r" % (what, got, want))

    def check_proc(self, got, want, what):
        for k in ("pid", "ppid", "uid", "name", "samples", "ended", "verdict"):
            self.close(getattr(got, k), want[k], "%s %s" % (what, k))
        if "cmdline" in want:
            self.assertEqual(got.cmdline, want["cmdline"])
        for k in ("start", "first_sample", "last_sample"):
            self.close(getattr(got, k).timestamp(), want[k], "%s %s" % (what, k))
        self.assertEqual(set(got.series), set(want["metrics"]), what)
        for name, m in want["metrics"].items():
            st = got.series[name]
            for k, v in m.items():
                if k in ("histogram", "kde", "peaks", "windows"):
                    continue
                if k == "trend":
                    for tk, tv in v.items():
                        if tk == "mann_kendall":
                            for mk, mv in tv.items():
                                gk = "mk_autocorrelation_factor" if mk == "autocorrelation_factor" else "mk_" + mk
                                self.close(st[gk], mv, "%s %s %s" % (what, name, gk))
                        elif tk == "rules":
                            self.assertEqual(st["rules"], tv)
                        elif tk == "gate":
                            self.assertEqual(st["gate"], tv, "%s %s gate" % (what, name))
                        elif tk in ("seconds", "start", "end"):
                            self.close(st["trend_" + tk], tv, "%s %s trend %s" % (what, name, tk))
                        else:
                            self.close(st[tk], tv, "%s %s %s" % (what, name, tk))
                else:
                    self.close(st[k], v, "%s %s %s" % (what, name, k))

    def test_every_statistic_equals_the_json(self):
        for path in LOGS:
            want = json.loads(psreport("--json", "-", path))
            got = psr.summary(path)
            self.assertEqual(got.worst, want["worst_verdict"])
            self.assertEqual(len(got.runs), len(want["runs"]))
            for gr, wr in zip(got.runs, want["runs"]):
                for k in ("host", "kernel", "machine", "writer", "cpus", "interval",
                          "samples", "process_samples", "warnings", "duration"):
                    self.close(getattr(gr, k), wr[k], "%s run %s" % (path, k))
                self.assertEqual(gr.paths, wr["logs"])
                self.assertEqual(len(gr.processes), len(wr["processes"]))
                for gp, wp in zip(gr.processes, wr["processes"]):
                    self.check_proc(gp, wp, "%s pid %d" % (path, wp["pid"]))
                self.assertEqual(len(gr.trees), len(wr["trees"]))
                for gp, wp in zip(gr.trees, wr["trees"]):
                    self.check_proc(gp, wp, "%s tree %d" % (path, wp["pid"]))
                    self.assertEqual(gp.tree_members, wp["tree_members"])
                if wr["system"] is None:
                    self.assertIsNone(gr.system)
                else:
                    self.check_proc(gr.system, wr["system"], "%s host" % path)

    def test_frame(self):
        df = psr.summary(LOGS[0]).frame()
        want = list(csv.DictReader(io.StringIO(psreport("--summary", "-", LOGS[0]))))
        self.assertEqual(len(df), len(want))
        for (_, g), w in zip(df.iterrows(), want):
            self.assertEqual((g["pid"], g["metric"]), (int(w["pid"]), w["metric"]))
            if w["mean"]:
                self.close(g["mean"], float(w["mean"]), "mean")
            else:  # a row of one figure: the exact CPU times, the job's
                self.close(g["total"], float(w["total"]) if w["total"] else None,
                           "total of %s" % w["metric"])

    def test_leak_options(self):
        # a 1% per hour threshold: the workload's sawtooth is no leak; at a
        # p of 0.5 the trend rule fires as psreport says
        want = json.loads(psreport("--json", "-", "--leak-p", "0.5", LOGS[0]))
        got = psr.summary(LOGS[0], leak_p=0.5)
        self.assertEqual(got.worst, want["worst_verdict"])
        for gp, wp in zip(got.processes, want["runs"][0]["processes"]):
            self.assertEqual(gp.verdict, wp["verdict"])


class RecordedBlock(unittest.TestCase):
    def test_cpu_and_rss_of_the_block(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "block.psr")
            with psr.record(path, interval=0.1) as rec:
                c0 = time.process_time()
                burn(0.5)
                r0 = rss_now()
                buf = bytearray(64 << 20)
                buf[::4096] = b"\x01" * (len(buf) // 4096)  # every page
                r1 = rss_now()
                c1 = time.process_time()
            self.assertEqual(rec.returncode, 0)
            self.assertEqual(rec.path, path)
            self.assertTrue(os.path.getsize(path) > 0)
            p = rec.process
            self.assertEqual(p.pid, os.getpid())
            cpu = p["cpu_percent"].total
            # the block's CPU, to a clock tick at either end (and the few
            # statements between the first sample and the block)
            self.assertLess(abs(cpu - (c1 - c0)), 0.05, (cpu, c1 - c0))
            grown = p["rss_bytes"].max - p["rss_bytes"].first
            self.assertGreaterEqual(r1 - r0, 64 << 20)
            self.assertLess(abs(grown - (r1 - r0)), 2 << 20, (grown, r1 - r0))
            # read() gives the same samples the summary came from
            samples = rec.read(pid=os.getpid())[0].samples
            self.assertEqual(len(samples), p.samples)
            self.assertEqual(samples["rss_bytes"].max(), p["rss_bytes"].max)
            del buf

    def test_children_and_not_psrec(self):
        code = "import time\nt=time.process_time()\nwhile time.process_time()-t<0.5: pass"
        with psr.record(interval=0.05, children=True) as rec:
            child = subprocess.Popen([sys.executable, "-c", code])
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        try:
            self.assertEqual(child.returncode, 0)
            names = [p.name for p in rec.summary.processes]
            self.assertNotIn("psrec", names)  # psrec never records itself
            found = [p for p in rec.summary.processes if p.pid == child.pid]
            self.assertEqual(len(found), 1, names)
            spent = usage.ru_utime + usage.ru_stime
            got = found[0]["cpu_percent"].total
            # found at the first sample after it started (0.05 s), and
            # what its start cost before that is not seen
            self.assertLessEqual(got, spent + 0.02)
            self.assertGreater(got, spent - 0.15, (got, spent))
            tree = rec.tree
            self.assertIsNotNone(tree)
            self.assertGreaterEqual(tree["cpu_percent"].total, got - 1e-9)
        finally:
            os.unlink(rec.path)

    def test_profile_decorator(self):
        seen = []

        @psr.profile(interval=0.05, report=seen.append)
        def work(n):
            burn(0.2)
            return n * 2

        t0 = time.process_time()
        self.assertEqual(work(21), 42)
        spent = time.process_time() - t0
        rec = work.last
        try:
            self.assertEqual(seen, [rec])
            self.assertTrue(os.path.exists(rec.path))
            cpu = rec.process["cpu_percent"].total
            self.assertGreater(cpu, 0.15)
            self.assertLessEqual(cpu, spent + 0.02)
        finally:
            os.unlink(rec.path)

        @psr.profile
        def bare():
            return "x"

        self.assertEqual(bare(), "x")
        os.unlink(bare.last.path)

    def test_launched_command(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "cmd.psr")
            cmd = [WORKLOAD, "write", "--bytes", "3000000", "--hold",
                   "--duration", "0.3", "--exit", "3"]
            rec = psr.run(cmd, path, interval=0.05)
            self.assertEqual(rec.returncode, 3)
            p = rec.process
            self.assertIsNotNone(p, [q.cmdline for q in rec.summary.processes])
            self.assertEqual(p.cmdline, cmd)
            self.assertTrue(p.ended)
            self.assertEqual(p.exit_code, 3)
            samples = rec.read()[0].samples
            self.assertEqual(samples["wchar_bytes"].iloc[-1], 3000000)

    def test_psrec_errors_raise(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.psr")
            open(path, "w").close()
            with self.assertRaises(psr.PsrError) as e:
                with psr.record(path):
                    self.fail("the block ran without a recording")
            self.assertIn("exists", str(e.exception))
            with self.assertRaises(psr.PsrError) as e:
                with psr.record(os.path.join(d, "y.psr"), interval=0.001):
                    pass
            self.assertIn("interval", str(e.exception))


class Errors(unittest.TestCase):
    def expect(self, path, fn=psr.read):
        want = psreport_error(path)
        self.assertTrue(want.startswith("psreport: "), want)
        with self.assertRaises(psr.PsrError) as e:
            fn(path)
        self.assertEqual(str(e.exception), want[len("psreport: "):])
        return e.exception

    def test_bad_logs(self):
        with tempfile.TemporaryDirectory() as d:
            text = os.path.join(d, "text.psr")
            with open(text, "w") as f:
                f.write("hello, world\n")
            e = self.expect(text)
            self.assertIn("not a psrec log", str(e))
            self.expect(text, psr.summary)
            empty = os.path.join(d, "empty.psr")
            open(empty, "w").close()
            self.expect(empty)
            cut = os.path.join(d, "cut.psr")
            with open(LOGS[0], "rb") as f, open(cut, "wb") as g:
                g.write(f.read(30))
            self.assertIn("header", str(self.expect(cut)))
            e = self.expect(os.path.join(d, "missing.psr"))
            self.assertIsInstance(e, FileNotFoundError)
            self.expect(d)  # a directory

    def test_damaged_block_warns_and_reads_on(self):
        with tempfile.TemporaryDirectory() as d:
            bad = os.path.join(d, "damaged.psr")
            with open(LOGS[0], "rb") as f:
                data = bytearray(f.read())
            data[900:904] = b"\xff\xff\xff\xff"
            with open(bad, "wb") as f:
                f.write(data)
            out = subprocess.run([PSREPORT, "--csv", "-", bad], capture_output=True)
            want = out.stderr.decode().strip()
            self.assertIn("damaged", want)
            with warnings.catch_warnings(record=True) as w:
                warnings.simplefilter("always")
                procs = psr.read(bad)
            self.assertEqual([str(x.message) for x in w], [want[len("psreport: "):]])
            self.assertIs(w[0].category, psr.PsrWarning)
            rows = [r for r in csv.DictReader(io.StringIO(out.stdout.decode()))
                    if r["timestamp"] != "avg"]
            self.assertEqual(sum(len(p) for p in procs), len(rows))
            with warnings.catch_warnings():
                warnings.simplefilter("error", psr.PsrWarning)
                with self.assertRaises(psr.PsrWarning):
                    psr.read(bad)

    def test_bad_arguments(self):
        with self.assertRaises(psr.PsrError) as e:
            psr.read(LOGS[0], start="yesterday")
        self.assertIn("'yesterday'", str(e.exception))
        with self.assertRaises(TypeError):
            psr.read(LOGS[0], end=[1])
        with self.assertRaises(ValueError):
            psr.read([])

    def test_hostile_inputs_never_crash(self):
        """The reader's fuzz corpus: each input is read or refused with a
        PsrError, in this interpreter (a crash would end the test run)."""
        n = 0
        for d in os.environ.get("CORPUS", "").split(":"):
            if not os.path.isdir(d):
                continue
            for name in sorted(os.listdir(d)):
                path = os.path.join(d, name)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", psr.PsrWarning)
                    try:
                        psr.read(path)
                        psr.summary(path)
                    except psr.PsrError as e:
                        self.assertTrue(str(e))
                n += 1
        self.assertGreater(n, 10)
        gc.collect()


if __name__ == "__main__":
    unittest.main(verbosity=2)
