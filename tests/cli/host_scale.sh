# A churning host (issue 17): the log of a build server's 1,200 short
# processes and 5 long-lived ones (tests/bench/churn.c) gets totals per
# command before its processes without --by, counting every process
# once and every one's CPU; a run of 800 does not; --json has them too.
# Beyond 1,000 short-lived ones, those are summarised as rows: the totals
# per command stay those of --every-process, which keeps them all.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
CHURN=$4

"$CHURN" "$T/big.psr" 1200 600 5 || fail "psr-churn 1200"
"$CHURN" "$T/small.psr" 800 600 5 || fail "psr-churn 800"
"$PSREPORT" --json "$T/big.json" "$T/big.psr" >"$T/big.txt" 2>"$T/err"
expect "1,205 processes: exit" "$?" 0
expect "1,205 processes: the first table is per command" \
	"$(sed -n 2p "$T/big.txt" | cut -c1-18)" "totals per command"
# the table's PROCS add up to every process, its CPU to theirs
"$PSREPORT" --every-process --json "$T/every.json" "$T/big.psr" >"$T/every.txt" 2>"$T/err"
expect "--every-process: exit" "$?" 0
python3 - "$T" <<'PY' >"$T/check" || fail "the groups of 1,205 processes"
import json, sys
T = sys.argv[1]
d = json.load(open(T + "/big.json"))["runs"][0]
procs = d["processes"]
rows = [e for e in d["exited"] if e["samples"] > 0]
groups = d["groups"]["groups"]
print("procs", len(procs) + len(rows), sum(g["processes"] for g in groups))
print("short", len(rows), d["short"], len(procs))
cpu = sum(p["cpu_total_seconds"] for p in procs) + \
    sum(e["cpu_seconds"] + e["children_cpu_seconds"] for e in rows)
gcpu = sum(g["cpu_seconds"] for g in groups)
print("cpu", "equal" if abs(cpu - gcpu) <= 1e-6 * max(cpu, 1) else "%r %r" % (cpu, gcpu))
text = {}
for line in open(T + "/big.txt"):
    w = line.split()
    if len(w) > 2 and w[0] in ("cc1", "as", "gcc", "make") and w[1].isdigit():
        text.setdefault(w[0], int(w[1]))
want = {}
for p in procs + rows:
    want[p["name"]] = want.get(p["name"], 0) + 1
print("text", all(text[k] == want[k] for k in text) and len(text) == 4)
# summarised or not, the same totals per command: count, CPU, peak, I/O
e = json.load(open(T + "/every.json"))["runs"][0]
print("every", len(e["processes"]), e["short"],
      len([x for x in e["exited"] if x["samples"] > 0]))
def key(g):
    return (g["key"], g["processes"], g["ended"], round(g["cpu_seconds"], 6),
            g["rss_peak_bytes"], g["read_bytes"], g["write_bytes"])
same = sorted(map(key, groups)) == sorted(map(key, e["groups"]["groups"]))
print("same", same)
# a short one keeps what its full result said of it
full = {p["pid"]: p for p in e["processes"]}
ok = 0
for x in rows:
    p = full[x["pid"]]
    m = p["metrics"]["rss_bytes"]
    ok += (p["samples"] == x["samples"] and m["max"] == x["rss_peak_bytes"] and
           abs(p["cpu_seconds"] - x["cpu_seconds"]) < 1e-9 and
           p["cmdline"] == x["cmdline"] and p["name"] == x["name"])
print("rows", ok == len(rows))
PY
expect "every process in one group" "$(awk '$1 == "procs" { print ($2 == $3 && $2 == 1205) }' "$T/check")" 1
expect "the short ones summarised, the long ones not" \
	"$(awk '$1 == "short" { print ($2 == $3 && $2 >= 1190 && $4 <= 15) }' "$T/check")" 1
expect "the groups' CPU is their processes'" "$(awk '$1 == "cpu" { print $2 }' "$T/check")" equal
expect "the text's counts per command" "$(awk '$1 == "text" { print $2 }' "$T/check")" True
expect "--every-process: none summarised" \
	"$(awk '$1 == "every" { print ($2 == 1205 && $3 == 0 && $4 == 0) }' "$T/check")" 1
expect "summarised or not, the same totals per command" \
	"$(awk '$1 == "same" { print $2 }' "$T/check")" True
expect "a row says what the full result says" "$(awk '$1 == "rows" { print $2 }' "$T/check")" True
expect "the text says how many were summarised" \
	"$(grep -c '^+ [0-9]* short-lived processes (ended within 7 samples)' "$T/big.txt")" 1
expect "--every-process: no such line" \
	"$(grep -c 'short-lived processes' "$T/every.txt")" 0
# --summary: the summarised ones are rows of their figures, kind "short"
"$PSREPORT" --summary "$T/sum.csv" "$T/big.psr" >/dev/null 2>"$T/err"
expect "--summary: exit" "$?" 0
python3 - "$T" <<'PY' >"$T/sum" || fail "--summary's short rows"
import csv, json, sys
T = sys.argv[1]
d = json.load(open(T + "/big.json"))["runs"][0]
rows = [r for r in csv.DictReader(open(T + "/sum.csv")) if r["kind"] == "short"]
pids = {r["pid"] for r in rows}
cpu = sum(float(r["total"]) for r in rows if r["metric"] == "cpu_total_seconds")
print("sum", len(pids) == d["short"], abs(cpu - d["short_cpu_seconds"]) < 1e-6 * max(cpu, 1))
PY
expect "--summary: a short one's rows, its CPU" "$(cat "$T/sum")" "sum True True"
"$PSREPORT" "$T/small.psr" >"$T/small.txt" 2>"$T/err"
expect "805 processes: exit" "$?" 0
expect "805 processes: no table per command" \
	"$(grep -c "^totals per command" "$T/small.txt")" 0
"$PSREPORT" --by user "$T/big.psr" >"$T/user.txt" 2>"$T/err"
expect "--by user wins" "$(grep -c -E "^totals per (user|command)" "$T/user.txt")" 1
grep -q "^totals per user" "$T/user.txt" || fail "--by user: $(sed -n 2p "$T/user.txt")"
# --fleet: the same tables, summarised or not
"$PSREPORT" --fleet --fleet-csv "$T/f1.csv" "$T/big.psr" >/dev/null 2>&1 || fail "--fleet: exit $?"
"$PSREPORT" --fleet --every-process --fleet-csv "$T/f2.csv" "$T/big.psr" >/dev/null 2>&1 ||
	fail "--fleet --every-process: exit $?"
fleet=$(python3 "$(dirname "$0")/fleet_same.py" "$T/f1.csv" "$T/f2.csv")
expect "--fleet: the same per command and host" "$fleet" same
# --baseline pools each command's processes, the short-lived ones too:
# the comparison has every cc1, as many as the totals per command
"$PSREPORT" --force --baseline "$T/big.psr" --compare-csv "$T/cmp.csv" "$T/big.psr" \
	>/dev/null 2>"$T/err" || fail "--baseline: exit $?"
cc1=$(awk '$1 == "cc1" && $2 ~ /^[0-9]+$/ { print $2; exit }' "$T/big.txt")
expect "--baseline: every cc1 on both sides" \
	"$(awk -F, '$1 == "cc1" && $6 == "cpu_percent" { print $4, $5 }' "$T/cmp.csv")" "$cc1 $cc1"
finish
