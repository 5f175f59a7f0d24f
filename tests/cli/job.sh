# psrec -- CMD is the job's subreaper: an orphan of the command is waited
# for by psrec, its costs are in the job's total and its exit is never
# taken for the command's. The orphan here is /usr/bin/time running a
# CPU-bound workload (exit 7), started by a subshell that exits at once;
# the command itself (exit 5) outlives it. Truth for the orphan is that
# time's own report. Then a command that leaves a process running: psrec
# stops when the command exits, with its status, and says what still
# runs; and a signal passed on to the command.
. "$(dirname "$0")/lib.sh" "$@"
[ -x /usr/bin/time ] || { echo "skip: no /usr/bin/time"; exit 77; }
field() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
print(eval(sys.argv[2]))' "$T/$1.json" "$2"
}

# the orphan ends first, the command last
"$PSREC" -i 0.1 -o "$T/o.psr" -- sh -c '( /usr/bin/time -f "%U %S" -o "$1" \
	"$0" cpu --duty 1 --duration 0.4 --exit 7 & )
"$0" idle --duration 1.2; exit 5' "$WORKLOAD" "$T/orphan.time" 2>"$T/o.err"
expect "psrec exits with the command's status, not the orphan's" "$?" 5
"$PSREPORT" --json "$T/o.json" "$T/o.psr" >"$T/o.txt" || fail "psreport"
expect "one orphan reaped" "$(field o 'r["job"]["orphans_reaped"]')" 1
expect "the job's exit code is the command's" "$(field o 'r["job"]["exit_code"]')" 5
orphan=$(tail -n 1 "$T/orphan.time" | awk '{ printf "%.2f", $1 + $2 }')
within "the orphan used CPU" "$orphan" 0.05 10
# the job's total less the command's own wait4 figure: the orphan's
extra=$(field o 'r["job"]["cpu_seconds"] - [p for p in r["processes"] if p["launched"]][0]["rusage"]["cpu_seconds"]')
within "the orphan in the job's total (truth $orphan s)" "$extra" \
	"$(awk -v t="$orphan" 'BEGIN { print t * 0.98 - 0.01 }')" \
	"$(awk -v t="$orphan" 'BEGIN { print t * 1.02 + 0.02 }')"
# followed once orphaned (a child of psrec), in the command's tree; by
# its status, not its name (seen before its exec, it is still "sh")
expect "the orphan recorded, ended with its status and wait4's figures" \
	"$(field o 'len([p for p in r["processes"] if p.get("exit_code") == 7 and "rusage" in p])')" 1
expect "one tree: the job's" "$(field o 'len(r["trees"])')" 1
job=$(field o 'r["job"]["cpu_seconds"]')
within "the tree's CPU time is the job's ($job s)" \
	"$(field o 'r["trees"][0]["cpu_total_seconds"]')" \
	"$(awk -v t="$job" 'BEGIN { print t * 0.98 - 0.01 }')" \
	"$(awk -v t="$job" 'BEGIN { print t * 1.02 + 0.01 }')"
grep -q "wait4 of the command and of the orphans psrec reaped" "$T/o.txt" ||
	fail "the text says orphans are in the total: $(head -3 "$T/o.txt")"

# a command that leaves a process running: psrec does not wait for it
start=$(date +%s%N)
"$PSREC" -i 0.1 -o "$T/r.psr" -- sh -c '"$0" idle --duration 5 & exit 4' \
	"$WORKLOAD" 2>"$T/r.err"
expect "psrec exits with the command's status at once" "$?" 4
within "psrec did not wait for the process left running (ms)" \
	"$((($(date +%s%N) - start) / 1000000))" 0 3000
grep -q "1 process started by the command still ran when it exited" "$T/r.err" ||
	fail "psrec says a process still runs: $(cat "$T/r.err")"
"$PSREPORT" --json "$T/r.json" "$T/r.psr" >/dev/null || fail "psreport r"
expect "CLOSE counts it as still running" "$(field r 'r["job"]["still_running"]')" 1
left=$(field r '[p["pid"] for p in r["processes"] if p["name"] == "psr-workload"][0]')
kill "$left" 2>/dev/null

# SIGTERM is passed on: the command's status (143), its totals kept
"$PSREC" -q -i 0.1 -o "$T/s.psr" -- sleep 30 &
rec=$!
wait_samples "$T/s.psr" 0
kill -TERM "$rec"
wait "$rec"
expect "psrec exits with the signalled command's status" "$?" 143
"$PSREPORT" --json "$T/s.json" "$T/s.psr" >/dev/null || fail "psreport s"
expect "the job ended by signal 15" "$(field s 'r["job"].get("signal")')" 15
finish
