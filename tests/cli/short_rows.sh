# A real churn (issue 17): a shell starts 1,600 short `sleep`s (0.1 s) in batches
# of 100 under psrec -c at 50 Hz, each seen in at most 6 samples. Beyond
# 1,000 short-lived processes psreport summarises each by a row of its
# totals and peaks; the report must say what --every-process (every one
# a full result) says: each sleep counted once, the same totals per
# command, the same tree (members and exact CPU), a row's figures its
# full result's.
. "$(dirname "$0")/lib.sh" "$@"
job='b=0
while [ $b -lt 16 ]; do
	b=$((b + 1)); i=0
	while [ $i -lt 100 ]; do i=$((i + 1)); sleep 0.1 & done
	"$1" cpu --duty 1 --duration 0.05
	wait
done'
"$PSREC" -q -c -i 0.02 -o "$T/x.psr" -- sh -c "$job" sh "$WORKLOAD" 2>"$T/rec.err" ||
	fail "psrec: exit $? $(cat "$T/rec.err")"
"$PSREPORT" --json "$T/s.json" --summary "$T/s.csv" "$T/x.psr" >"$T/s.txt" ||
	fail "psreport: exit $?"
"$PSREPORT" --every-process --json "$T/e.json" "$T/x.psr" >"$T/e.txt" ||
	fail "psreport --every-process: exit $?"
python3 - "$T" <<'PY' >"$T/check" || fail "the JSON"
import csv, json, sys
T = sys.argv[1]
s = json.load(open(T + "/s.json"))["runs"][0]
e = json.load(open(T + "/e.json"))["runs"][0]
rows = [x for x in s["exited"] if x["samples"] > 0]
print("short", s["short"], len(rows), e["short"])
def sleeps(run):
    return [p["pid"] for p in run["processes"] + run["exited"] if p["name"] == "sleep"]
print("sleeps", len(sleeps(s)), len(set(sleeps(s))), len(sleeps(e)))
def key(g):
    return (g["key"], g["processes"], g["ended"], round(g["cpu_seconds"], 6),
            g["rss_peak_bytes"])
print("groups", sorted(map(key, s["groups"]["groups"])) ==
      sorted(map(key, e["groups"]["groups"])))
ts, te = s["trees"][0], e["trees"][0]
print("tree", ts["tree_members"] == te["tree_members"],
      abs(ts["cpu_total_seconds"] - te["cpu_total_seconds"]) < 1e-9)
full = {p["pid"]: p for p in e["processes"]}
bad = [x["pid"] for x in rows if not (
    x["samples"] == full[x["pid"]]["samples"] and
    x["rss_peak_bytes"] == full[x["pid"]]["metrics"]["rss_bytes"]["max"] and
    abs(x["cpu_seconds"] - full[x["pid"]]["cpu_seconds"]) < 1e-9 and
    x["cmdline"] == full[x["pid"]]["cmdline"] and
    x.get("exit_code") == full[x["pid"]].get("exit_code"))]
print("rows", len(bad))
summ = {r["pid"] for r in csv.DictReader(open(T + "/s.csv")) if r["kind"] == "short"}
print("summary", len(summ) == s["short"])
PY
short=$(awk '$1 == "short" { print ($2 > 1000 && $2 == $3 && $4 == 0) }' "$T/check")
expect "more than 1,000 short-lived: summarised, --every-process: none" "$short" 1
expect "each sleep once, as with --every-process" \
	"$(awk '$1 == "sleeps" { print ($2 == 1600 && $3 == 1600 && $4 == 1600) }' "$T/check")" 1
expect "the same totals per command" "$(awk '$1 == "groups" { print $2 }' "$T/check")" True
expect "the same tree: members, exact CPU" "$(awk '$1 == "tree" { print $2, $3 }' "$T/check")" "True True"
expect "rows that differ from their full result" "$(awk '$1 == "rows" { print $2 }' "$T/check")" 0
expect "--summary: a row set per short one" "$(awk '$1 == "summary" { print $2 }' "$T/check")" True
expect "the text's line" "$(grep -c '^+ [0-9]* short-lived processes' "$T/s.txt")" 1
# only summarised ones selected: their line and totals, not "no
# process-samples selected"
"$PSREPORT" --name sleep "$T/x.psr" >"$T/name.txt" || fail "--name sleep: exit $?"
expect "--name sleep: the short-lived line" \
	"$(grep -c '^+ [0-9]* short-lived processes' "$T/name.txt")" 1
expect "--name sleep: not 'no process-samples'" \
	"$(grep -c 'no process-samples selected' "$T/name.txt")" 0
# --fleet: the same tables, summarised or not
"$PSREPORT" --fleet --fleet-csv "$T/f1.csv" "$T/x.psr" >/dev/null 2>&1 || fail "--fleet: exit $?"
"$PSREPORT" --fleet --every-process --fleet-csv "$T/f2.csv" "$T/x.psr" >/dev/null 2>&1 ||
	fail "--fleet --every-process: exit $?"
fleet=$(python3 "$(dirname "$0")/fleet_same.py" "$T/f1.csv" "$T/f2.csv")
expect "--fleet: the same per command and host" "$fleet" same
finish
