"""fleet_same.py A.csv B.csv: 'same' when two --fleet-csv tables agree
(a summarised short-lived process is two CPU points, its peak and the
mean of the rest, so the p95 across processes moves; the time-weighted
mean by float rounding only), else 'differ'."""
import csv
import sys

a, b = (list(csv.DictReader(open(p))) for p in sys.argv[1:3])
exact = ("kind", "name", "hosts", "processes", "samples", "cpu_seconds",
         "rss_max_bytes", "leak", "possible")


def close(x, y):
    x, y = float(x or 0), float(y or 0)
    return abs(x - y) <= 1e-3 * max(abs(x), abs(y), 1)


same = len(a) == len(b) and all(
    all(x[k] == y[k] for k in exact) and
    close(x["cpu_mean_percent"], y["cpu_mean_percent"]) for x, y in zip(a, b))
print("same" if same else "differ")
