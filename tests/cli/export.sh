# psreport --export against psreport --csv on a real recording with the
# extended set: the same process-samples in the same order, every value
# equal to the CSV's (3 decimals) in CSV and in JSON lines, a missing
# value \N / null exactly where the CSV cell is empty, and the identity
# columns (ts_ms, t, pid, ppid, start_ms, comm) matching. Idle processes
# take the engine's fast path, so repeated rows are checked too.
. "$(dirname "$0")/lib.sh" "$@"

start_workload cpu --duty 0.3
c=$wl_pid
start_workload steady --size 8M
s=$wl_pid
start_workload grow --rate 2M
g=$wl_pid
"$PSREC" -q -x -o "$T/a.psr" -i 0.05 -d 1.5 -p "$c,$s,$g" || fail "psrec exit $?"
for p in $c $s $g; do stop_workload "$p"; done

"$PSREPORT" --csv "$T/a.csv" --export "$T/e.csv" "$T/a.psr" >/dev/null ||
	fail "psreport exit $?"
"$PSREPORT" --export "$T/e.jsonl" --host other "$T/a.psr" >/dev/null ||
	fail "psreport jsonl exit $?"

python3 - "$T/a.csv" "$T/e.csv" "$T/e.jsonl" >"$T/checks" <<'PY' || fail "comparison"
import csv, json, sys
ref = [r for r in csv.DictReader(open(sys.argv[1])) if r["timestamp"] != "avg"]
exp = list(csv.DictReader(open(sys.argv[2])))
js = [json.loads(l) for l in open(sys.argv[3])]
print("rows", len(ref), len(exp), len(js))
bad = []
series = [k for k in exp[0] if k not in
          ("host", "log_id", "ts_ms", "t", "pid", "ppid", "start_ms", "comm", "cmdline")]
for i, (r, e, j) in enumerate(zip(ref, exp, js)):
    if (int(e["ts_ms"]) != round(float(r["timestamp"]) * 1000) or e["pid"] != r["pid"]
            or e["ppid"] != r["ppid"] or e["comm"] != r["name"]
            or abs(float(e["t"]) - float(r["t"])) > 0.0011
            or abs(int(e["start_ms"]) / 1000 - float(r["start_epoch"])) > 0.011
            or j["host"] != "other" or j["pid"] != int(e["pid"])):
        bad.append(("identity", i))
    for k in series:
        rv = r.get(k)
        ev, jv = e[k], j[k]
        if rv is None:  # a series this log does not record
            if ev != "\\N" or jv is not None:
                bad.append((k, i, ev, jv))
            continue
        if rv == "":
            if ev != "\\N" or jv is not None:
                bad.append((k, i, ev, jv))
        elif k == "state":
            if ev != rv or jv != rv:
                bad.append((k, i, rv, ev, jv))
        elif (ev == "\\N" or abs(float(ev) - float(rv)) > 0.0011
              or jv is None or abs(float(jv) - float(rv)) > 0.0011):
            bad.append((k, i, rv, ev, jv))
print("mismatches", len(bad), bad[:5])
print("series", len(series))
print("ids", len({e["log_id"] for e in exp}), len(exp[0]["log_id"]))
PY
cat "$T/checks"
r=$(sed -n 's/^rows //p' "$T/checks")
set -- $r
expect "rows in CSV export = --csv rows" "$2" "$1"
expect "rows in JSON lines = --csv rows" "$3" "$1"
expect "every value as in --csv" "$(sed -n 's/^mismatches \([0-9]*\).*/\1/p' "$T/checks")" 0
expect "one 32-hex log id" "$(sed -n 's/^ids //p' "$T/checks")" "1 32"
finish
