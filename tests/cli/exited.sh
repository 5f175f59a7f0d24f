# Processes between samples (issue 22): a shell starts 300 `true` and 20
# busy loops of 0.1 s, most of them gone long before the next sample; with
# the kernel's exit accounting (psrec's EXIT records) psreport counts
# every one exactly once, in the totals per command, the tree and the
# JSON, and the tree's CPU equals the job's as wait4 accounted it.
# Needs taskstats (root or CAP_NET_ADMIN, not in a container's pid
# namespace): skipped otherwise.
. "$(dirname "$0")/lib.sh" "$@"
n=300
job='i=0
while [ $i -lt '$n' ]; do
	i=$((i + 1))
	/bin/true
	if [ $((i % 15)) -eq 0 ]; then "$1" cpu --duty 1 --duration 0.1; fi
done'
"$PSREC" -q -c -i 1 -o "$T/x.psr" -- sh -c "$job" sh "$WORKLOAD" 2>"$T/rec.err" ||
	fail "psrec: exit $? $(cat "$T/rec.err")"
exits=$("$PSREPORT" --info "$T/x.psr" | sed -n 's/^exits: *\([0-9]*\) records.*/\1/p')
if [ -z "$exits" ] || [ "$exits" -eq 0 ]; then
	echo "skipped: no exit accounting here (taskstats refused: $(head -n 1 "$T/rec.err"))"
	exit 77
fi
"$PSREPORT" --by command --groups "$T/g.csv" --json "$T/x.json" "$T/x.psr" \
	>"$T/x.txt" || fail "psreport: exit $?"
python3 - "$T/x.json" <<'PY' >"$T/check" || fail "the JSON"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
procs, exited = run["processes"], run["exited"]
true_s = [p["pid"] for p in procs if p["name"] == "true"]
true_x = [e["pid"] for e in exited if e["name"] == "true"]
print("true", len(true_s) + len(true_x))
# each process once: no pid both sampled and an EXIT-only row
print("twice", len(set(p["pid"] for p in procs) & set(e["pid"] for e in exited)))
print("distinct", len(set(true_s + true_x)))
g = {x["key"]: x for x in run["groups"]["groups"]}
print("group", g["true"]["processes"] if "true" in g else 0)
print("busy", g["psr-workload"]["processes"] if "psr-workload" in g else 0)
tree = run["trees"][0]
print("members", tree["tree_members"], len(procs) + len(exited))
print("tree_cpu", tree["cpu_total_seconds"])
print("job_cpu", run["job"]["cpu_seconds"])
print("sum_cpu", sum(p["cpu_total_seconds"] for p in procs) + run["exited_cpu_seconds"])
print("in_trees", sum(1 for e in exited if e["tree"] == 0), len(exited))
print("detail", [(p["pid"], p["ppid"], p["name"], p["samples"]) for p in procs],
      sorted((e["name"], e["tree"]) for e in exited if e["name"] != "true"))
PY
val() { sed -n "s/^$1 //p" "$T/check"; }
expect "every true counted once in the JSON" "$(val true)" "$n"
[ "$(val true)" = "$n" ] || echo "  processes: $(val detail)" >&2
expect "no process both sampled and an EXIT-only row" "$(val twice)" 0
expect "the true ones are $n processes" "$(val distinct)" "$n"
expect "--by command: true has $n processes" "$(val group)" "$n"
expect "--groups CSV: true has $n processes" \
	"$(awk -F, '$4 == "true" { print $6 }' "$T/g.csv")" "$n"
expect "--by command: the 20 busy loops" "$(val busy)" 20
set -- $(val members)
expect "the tree counts every process" "$1" "$2"
set -- $(val in_trees)
expect "every EXIT-only process is in the command's tree" "$1" "$2"
# the kernel's figures, two ways: the job's wait4 total and the tree's
# sum of each process's own CPU (ticks: 10 ms each way)
job_cpu=$(val job_cpu)
within "the tree's CPU is the job's (wait4)" "$(val tree_cpu)" \
	"$(awk -v j="$job_cpu" 'BEGIN { print j * 0.95 - 0.05 }')" \
	"$(awk -v j="$job_cpu" 'BEGIN { print j * 1.05 + 0.05 }')"
# each process's own figure: an EXIT record's CPU is the kernel's
# tick-sampled time (0 or 10 ms for a 1 ms process: unbiased, not exact),
# so the sum is near the job's; counted twice, it would be far above
within "all processes' CPU is about the job's" "$(val sum_cpu)" \
	"$(awk -v j="$job_cpu" 'BEGIN { print j * 0.85 - 0.05 }')" \
	"$(awk -v j="$job_cpu" 'BEGIN { print j * 1.15 + 0.05 }')"
grep -q "^+ [0-9]* processes that ran between two samples" "$T/x.txt" ||
	fail "text: no line for the processes between samples"
"$PSREPORT" --pdf "$T/x.pdf" "$T/x.psr" >/dev/null || fail "--pdf: exit $?"
pdftotext -f 1 -l 1 "$T/x.pdf" - 2>/dev/null |
	grep -q "processes that ran between two samples" ||
	fail "PDF: the title page does not count the processes between samples"
pdftotext "$T/x.pdf" - 2>/dev/null | grep -q "Totals per command" ||
	fail "PDF: no page of the totals per command"
grep -q '^totals per command' "$T/x.txt" ||
	fail "text: no totals per command for a run with EXIT-only processes"
finish
