# The CPU of a job whose processes mostly live far less than the
# interval is exact in psreport: a shell starts 500 children of about
# 5 ms each and three CPU-bound ones, under /usr/bin/time, all launched
# by psrec at -i 0.5. Truth is /usr/bin/time's user + system (wait4 of
# the shell: the kernel's own sum, and a program other than psrec). The
# tree's CPU time (its members' counters: own CPU, and cutime growth no
# recorded child accounts for) must be within 2% of it; so must the
# job's total psrec stored (its own wait4) and, recorded with
# --no-children, the command's CPU time alone. psrec says at exit when
# most of the CPU was in children no sample showed.
. "$(dirname "$0")/lib.sh" "$@"
[ -x /usr/bin/time ] || { echo "skip: no /usr/bin/time"; exit 77; }
job='i=0
while [ $i -lt 500 ]; do "$0" cpu --duty 1 --duration 0.005; i=$((i + 1)); done &
for k in 1 2 3; do "$0" cpu --duty 1 --duration 1.5 & done
wait'
# run LOG PSREC-OPTIONS...: the job under time, under psrec
run() {
	log=$1; shift
	"$PSREC" -i 0.5 -o "$T/$log.psr" "$@" -- /usr/bin/time -f "%U %S" \
		-o "$T/$log.time" sh -c "$job" "$WORKLOAD" 2>"$T/$log.err"
	expect "psrec exits with the command's status ($log)" "$?" 0
	"$PSREPORT" --json "$T/$log.json" "$T/$log.psr" >"$T/$log.txt" ||
		fail "psreport $log"
}
# field LOG EXPR: a number from the JSON (python3's json, no jq)
field() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
print(eval(sys.argv[2]))' "$T/$1.json" "$2"
}
truth() { awk '{ printf "%.2f", $1 + $2 }' "$T/$1.time"; }
# close DESC VALUE TRUTH PCT: VALUE within PCT% of TRUTH
close() {
	within "$1 (truth $3 s)" "$2" "$(awk -v t="$3" -v p="$4" 'BEGIN { print t * (1 - p / 100) }')" \
		"$(awk -v t="$3" -v p="$4" 'BEGIN { print t * (1 + p / 100) }')"
}

run c
t=$(truth c)
within "the job used CPU (time's user + system)" "$t" 1 1000
tree=$(field c 'r["trees"][0]["cpu_total_seconds"]')
close "tree CPU time, children followed" "$tree" "$t" 2
close "job total psrec stored" "$(field c 'r["job"]["cpu_seconds"]')" "$t" 2
# most children were too short to be sampled: their CPU came from cutime,
# or, with the kernel's exit accounting (root), from their EXIT records
within "processes recorded one by one" "$(field c 'len(r["processes"])')" 4 400
within "the tree's CPU no sample showed, s (a quarter at least)" \
	"$(field c 'r["trees"][0]["children_cpu_seconds"] + sum(e["cpu_seconds"] for e in r["exited"] if e["tree"] == 0)')" \
	"$(awk -v t="$t" 'BEGIN { print t / 4 }')" "$t"
if [ "$(field c 'len(r["exited"])')" -gt 0 ]; then
	# each of the 500 in a row of its own: what no record shows is little
	within "with exit accounting, the tree's CPU in no record, s" \
		"$(field c 'r["trees"][0]["children_cpu_seconds"]')" 0 \
		"$(awk -v t="$t" 'BEGIN { print t / 10 }')"
fi
grep -q "^job total, as the kernel accounted it" "$T/c.txt" ||
	fail "the text shows the job total"

run n --no-children
t=$(truth n)
close "the command's CPU time, children not followed" \
	"$(field n '[p for p in r["processes"] if p["launched"]][0]["cpu_total_seconds"]')" "$t" 2
close "job total psrec stored, --no-children" "$(field n 'r["job"]["cpu_seconds"]')" "$t" 2
expect "one process recorded" "$(field n 'len(r["processes"])')" 1
grep -q "was used by child processes that were not recorded one by one" "$T/n.txt" ||
	fail "psreport says the CPU was in children not followed: $(cat "$T/n.txt")"
grep -q "of the job's CPU .* was used by child processes, which --no-children does not record" "$T/n.err" ||
	fail "psrec says so at exit: $(cat "$T/n.err")"
finish
