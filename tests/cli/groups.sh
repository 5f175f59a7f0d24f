# --by command|name|user|tree (issue 18): totals per group of a real
# recording (psrec -c of a shell starting spinners, sleepers and a
# writer) equal the sums over the group's processes in --json; the text
# table, --groups CSV, --json's groups and the PDF page show them.
. "$(dirname "$0")/lib.sh" "$@"
job='for i in 1 2 3 4; do "$1" cpu --duty 0.5 --duration 1.2 & done
for i in 1 2 3; do sleep 1.2 & done
"$1" write --bytes 8M --out "$2" --duration 1.2 --hold &
wait'
"$PSREC" -q -c -i 0.05 -o "$T/g.psr" -- sh -c "$job" sh "$WORKLOAD" \
	"$T/out" || fail "psrec: exit $?"
for by in command name user tree; do
	"$PSREPORT" --by "$by" --json "$T/$by.json" --groups "$T/$by.csv" \
		"$T/g.psr" >"$T/$by.txt" || fail "--by $by: exit $?"
done
# per group: processes, CPU time (own and unseen children's), disk
# bytes, from the JSON's processes; and the groups' own figures
python3 - "$T" <<'PY' >"$T/check" || fail "the JSON's groups"
import csv, json, math, os, pwd, sys
T = sys.argv[1]
def close(a, b):
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-6 * max(1, abs(a)))
def total(p, m):
    s = p["metrics"].get(m)
    return None if not s or s.get("total") is None else s["total"]
for by in ("command", "name", "user"):
    run = json.load(open(os.path.join(T, by + ".json")))["runs"][0]
    want = {}
    for p in run["processes"]:
        if by == "command":
            k = p["name"]
        elif by == "name":
            k = os.path.basename(p["cmdline"][0]) if p["cmdline"] else p["name"]
        else:
            k = "uid %d" % p["uid"]
        w = want.setdefault(k, [0, 0.0, None, None])
        w[0] += 1
        w[1] += p["cpu_seconds"] + (p.get("children_cpu_seconds") or 0)
        for i, m in ((2, "read_bytes_per_s"), (3, "write_bytes_per_s")):
            t = total(p, m)
            if t is not None:
                w[i] = (w[i] or 0) + t
    got = {g["key"]: g for g in run["groups"]["groups"]}
    bad = [k for k in want if k not in got or got[k]["processes"] != want[k][0]
           or not close(got[k]["cpu_seconds"], want[k][1])
           or not close(got[k]["read_bytes"], want[k][2])
           or not close(got[k]["write_bytes"], want[k][3])]
    print(by, "groups", len(got), "match" if not bad and len(got) == len(want) else "differ %s" % bad)
    rows = list(csv.DictReader(open(os.path.join(T, by + ".csv"))))
    same = len(rows) == len(got) and all(
        close(float(r["cpu_seconds"]), got[r["key"]]["cpu_seconds"]) for r in rows)
    print(by, "csv", "match" if same else "differs")
    cpus = [g["cpu_seconds"] for g in run["groups"]["groups"]]
    print(by, "order", "ok" if cpus == sorted(cpus, reverse=True) else "wrong")
run = json.load(open(os.path.join(T, "tree.json")))["runs"][0]
t = run["trees"][0]
g = run["groups"]["groups"][0]
print("tree", "match" if g["processes"] == t["tree_members"] and
      close(g["cpu_seconds"], t["cpu_seconds"] + (t.get("children_cpu_seconds") or 0))
      else "differs %s %s" % (g, t["tree_members"]))
PY
for by in command name user; do
	expect "--by $by: totals equal the sums over the processes" \
		"$(grep "^$by groups" "$T/check" | cut -d' ' -f4)" match
	expect "--by $by: --groups CSV is the JSON's" \
		"$(grep "^$by csv" "$T/check" | cut -d' ' -f3)" match
	expect "--by $by: the largest CPU user first" \
		"$(grep "^$by order" "$T/check" | cut -d' ' -f3)" ok
done
expect "--by tree: the tree's totals" "$(grep '^tree' "$T/check")" "tree match"
expect "--by command: psr-workload, sh and sleep" \
	"$(grep -c '^[a-z]' "$T/command.csv" >/dev/null; cut -d, -f4 "$T/command.csv" | sed 1d | sort | tr '\n' ' ')" \
	"psr-workload sh sleep "
# the text: the group table first, the workload's five processes on top
grep -q '^totals per command (3 groups' "$T/command.txt" ||
	fail "text: no group table: $(head -n 3 "$T/command.txt")"
expect "text: the workloads' group first" \
	"$(awk '/^GROUP/ { getline; print $1; exit }' "$T/command.txt")" \
	"psr-workload"
grep -q 'counts a shared page' "$T/command.txt" || fail "text: no shared-page caveat"
# the PDF: a page of the totals
"$PSREPORT" --by command --pdf "$T/g.pdf" "$T/g.psr" >/dev/null || fail "--pdf: exit $?"
pdftotext "$T/g.pdf" - 2>/dev/null | grep -q 'Totals per command' ||
	fail "PDF: no page of the totals per command"
# usage errors
"$PSREPORT" --by host "$T/g.psr" >/dev/null 2>"$T/err"
expect "--by host: exit 2" "$?" 2
grep -q "^psreport: --by: 'host' is not command, name, user or tree" "$T/err" ||
	fail "--by host: $(cat "$T/err")"
"$PSREPORT" --by user --runs "$T/g.psr" >/dev/null 2>"$T/err"
expect "--by with --runs: exit 2" "$?" 2
grep -q "^psreport: --by goes with a report of logs, not --runs" "$T/err" ||
	fail "--by --runs: $(cat "$T/err")"
finish
