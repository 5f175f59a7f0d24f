# -a records every process: one that starts while psrec runs is added,
# one that exits is ended; --max-procs caps how many are recorded, the
# busiest by CPU share first.
. "$(dirname "$0")/lib.sh" "$@"
"$PSREC" -q -a -i 0.05 --flush 0.05 -o "$T/a.psr" 2>"$T/err" &
rec=$!
bg_pids="$bg_pids $rec"
wait_samples "$T/a.psr" 2
start_workload idle
late=$wl_pid
# wait (bounded) until the new process is in the log, then end it
pids() { "$PSREPORT" --info "$T/a.psr" 2>/dev/null | awk '/^processes:/ { on = 1; next } on && $1 ~ /^[0-9]+$/ { print $1, $7 }'; }
for i in $(seq 1 200); do
	pids | grep -q "^$late " && break
	sleep 0.05
done
pids | grep -q "^$late " || fail "the process started later is recorded"
stop_workload "$late"
for i in $(seq 1 200); do
	pids | grep -q "^$late exited" && break
	sleep 0.05
done
kill -TERM "$rec"
wait "$rec"
expect "psrec -a stopped by SIGTERM exits 0" "$?" 0
expect "nothing said on stderr" "$(cat "$T/err")" ""
"$PSREPORT" --info "$T/a.psr" >"$T/info" 2>"$T/rerr" || fail "psreport --info"
expect "no warning" "$(cat "$T/rerr")" ""
grep -q "^  $late .* exited " "$T/info" || fail "the process that exited is ended: $(grep "^  $late " "$T/info")"
grep -q "^  $$ " "$T/info" || fail "a process that was there before (the test's shell $$) is recorded"
grep -q "^  $rec " "$T/info" && fail "psrec does not record itself"
n=$(awk '/^processes:/ { on = 1; next } on && $1 ~ /^[0-9]+$/' "$T/info" | wc -l)
within "many processes" "$n" 5 100000

# --max-procs: at most N at once; a spinning process is among them
start_workload cpu --duty 1
spin=$wl_pid
# a share needs CPU time to show: wait for 0.2 s of it (bounded)
for i in $(seq 1 200); do
	[ "$(awk '{ print $14 + $15 }' "/proc/$spin/stat")" -ge "$(($(getconf CLK_TCK) / 5))" ] && break
	sleep 0.02
done
# CPU share as ps computes it (CPU time over lifetime), as psrec ranks
spinners() { ps -eo pid=,pcpu= | awk -v s="$spin" '$1 != s && $2 >= 30' | wc -l; }
before=$(spinners)
"$PSREC" -q -a --max-procs 3 -i 0.05 -s 3 -o "$T/m.psr" || fail "psrec --max-procs exit $?"
after=$(spinners)
"$PSREPORT" --csv "$T/m.csv" "$T/m.psr"
# at most three at once; three at the start (one that exits between two
# samples leaves its place empty until the next sample finds another)
most=0
for t in $(csv_values "$T/m.csv" t | sort -u); do
	c=$(awk -F, -v t="$t" 'NR > 1 && $1 != "avg" && $2 == t' "$T/m.csv" | wc -l)
	[ "$c" -le 3 ] || fail "at most three processes at t=$t: $c"
	[ "$c" -gt "$most" ] && most=$c
done
expect "three processes at once" "$most" 3
# on a busy test machine other processes may spin too: only then skip
others=$((before > after ? before : after))
if [ "$others" -lt 3 ]; then
	csv_values "$T/m.csv" pid | grep -qx "$spin" || fail "the busiest process is recorded"
else
	ok "skipped the busiest check: $others other processes spin"
fi
stop_workload "$spin"
finish
