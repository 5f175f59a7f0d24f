# A churning host (issue 17): the log of a build server's 1,200 short
# processes and 5 long-lived ones (tests/bench/churn.c) gets totals per
# command before its processes without --by, counting every process
# once and every one's CPU; a run of 800 does not; --json has them too.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
CHURN=$4

"$CHURN" "$T/big.psr" 1200 600 5 || fail "psr-churn 1200"
"$CHURN" "$T/small.psr" 800 600 5 || fail "psr-churn 800"
"$PSREPORT" --json "$T/big.json" "$T/big.psr" >"$T/big.txt" 2>"$T/err"
expect "1,205 processes: exit" "$?" 0
expect "1,205 processes: the first table is per command" \
	"$(sed -n 2p "$T/big.txt" | cut -c1-18)" "totals per command"
# the table's PROCS add up to every process, its CPU to theirs
python3 - "$T" <<'PY' >"$T/check" || fail "the groups of 1,205 processes"
import json, sys
T = sys.argv[1]
d = json.load(open(T + "/big.json"))["runs"][0]
procs = d["processes"]
groups = d["groups"]["groups"]
print("procs", len(procs), sum(g["processes"] for g in groups))
cpu = sum(p["cpu_total_seconds"] for p in procs)
gcpu = sum(g["cpu_seconds"] for g in groups)
print("cpu", "equal" if abs(cpu - gcpu) <= 1e-6 * max(cpu, 1) else "%r %r" % (cpu, gcpu))
rows = {}
for line in open(T + "/big.txt"):
    w = line.split()
    if len(w) > 2 and w[0] in ("cc1", "as", "gcc", "make") and w[1].isdigit():
        rows.setdefault(w[0], int(w[1]))
want = {}
for p in procs:
    want[p["name"]] = want.get(p["name"], 0) + 1
print("text", all(rows[k] == want[k] for k in rows) and len(rows) == 4)
PY
expect "every process in one group" "$(awk '$1 == "procs" { print ($2 == $3 && $2 == 1205) }' "$T/check")" 1
expect "the groups' CPU is their processes'" "$(awk '$1 == "cpu" { print $2 }' "$T/check")" equal
expect "the text's counts per command" "$(awk '$1 == "text" { print $2 }' "$T/check")" True
"$PSREPORT" "$T/small.psr" >"$T/small.txt" 2>"$T/err"
expect "805 processes: exit" "$?" 0
expect "805 processes: no table per command" \
	"$(grep -c "^totals per command" "$T/small.txt")" 0
"$PSREPORT" --by user "$T/big.psr" >"$T/user.txt" 2>"$T/err"
expect "--by user wins" "$(grep -c -E "^totals per (user|command)" "$T/user.txt")" 1
grep -q "^totals per user" "$T/user.txt" || fail "--by user: $(sed -n 2p "$T/user.txt")"
finish
