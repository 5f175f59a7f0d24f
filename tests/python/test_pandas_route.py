"""The README's pandas example (psreport --csv --no-avg, --jsonl, --export
into typed DataFrames) run as it is, on a recording this test makes, with
Debian's pandas: the time columns are datetime64, the series float64.
Arguments: PSREC PSREPORT WORKLOAD README."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

import pandas as pd

PSREC, PSREPORT, WORKLOAD, README = map(os.path.abspath, sys.argv[1:5])
del sys.argv[1:5]


def readme_block():
    text = open(README, encoding="utf-8").read()
    m = re.search(r"<!-- tests/python/test_pandas_route.py runs this block "
                  r"as it is -->\n```python\n(.*?)```", text, re.S)
    if not m:
        raise AssertionError("README: the pandas example is missing")
    return m.group(1)


class PandasRoute(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.TemporaryDirectory()
        d = cls.dir.name
        subprocess.run([PSREC, "-q", "-i", "0.05", "-o", d + "/app.psr", "--",
                        WORKLOAD, "cpu", "--duty", "0.5", "--duration", "0.6"],
                       check=True)
        for args in (["--csv", "app.csv", "--no-avg"], ["--jsonl", "app.jsonl"],
                     ["--export", "app.export.csv"], ["--csv", "avg.csv"]):
            subprocess.run([PSREPORT, *args, "app.psr"], cwd=d, check=True,
                           stdout=subprocess.DEVNULL)
        cwd = os.getcwd()
        os.chdir(d)
        try:
            cls.g = {}
            exec(readme_block(), cls.g)
        finally:
            os.chdir(cwd)

    @classmethod
    def tearDownClass(cls):
        cls.dir.cleanup()

    def check(self, name, time):
        df = self.g[name]
        self.assertGreater(len(df), 5, name)
        self.assertEqual(str(df[time].dtype), "datetime64[ns]", name)
        for col in ("cpu_percent", "rss_bytes", "threads", "fds"):
            self.assertEqual(str(df[col].dtype), "float64", (name, col))
        self.assertEqual(str(df["pid"].dtype), "int64", name)
        # the first sample's rate is undefined: NaN, not 0 or text
        self.assertTrue(df["cpu_percent"].isna().any(), name)
        self.assertGreater(df["cpu_percent"].max(), 5, name)
        # times in the recording's minute, not 1970
        self.assertGreater(df[time].min(), pd.Timestamp("2020-01-01"), name)
        return df

    def test_csv(self):
        self.check("csv", "timestamp")

    def test_jsonl(self):
        self.check("jsonl", "timestamp")

    def test_export(self):
        self.check("export", "ts_ms")

    def test_same_rows(self):
        self.assertEqual(len(self.g["csv"]), len(self.g["jsonl"]))
        self.assertEqual(len(self.g["csv"]), len(self.g["export"]))

    def test_avg_rows_are_why(self):
        # without --no-avg the timestamp column is text: the reason for it
        plain = pd.read_csv(os.path.join(self.dir.name, "avg.csv"))
        self.assertEqual(plain["timestamp"].dtype, object)
        self.assertIn("avg", set(plain["timestamp"]))


if __name__ == "__main__":
    unittest.main()
