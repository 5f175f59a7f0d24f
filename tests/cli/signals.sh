# SIGTERM and SIGINT stop psrec with one last sample and a closed log;
# with a command, SIGTERM is passed on and psrec ends when it does.
. "$(dirname "$0")/lib.sh" "$@"
start_workload idle

# stop_by SIGNAL: record the workload, stop psrec with SIGNAL
stop_by() {
	"$PSREC" -q -o "$T/$1.psr" -p "$wl_pid" -i 0.05 --flush 0.05 &
	rec=$!
	wait_samples "$T/$1.psr" 3
	kill -"$1" "$rec"
	wait "$rec"
	expect "psrec stopped by SIG$1 exits 0" "$?" 0
	"$PSREPORT" --info "$T/$1.psr" >"$T/info" 2>"$T/err"
	grep -q "^closed: *yes (signal)" "$T/info" ||
		fail "SIG$1 closes the log: $(grep closed "$T/info")"
	expect "no warning for a log closed by SIG$1" "$(cat "$T/err")" ""
}
stop_by TERM
stop_by INT
stop_workload "$wl_pid"

# a command: SIGTERM reaches it, psrec records until it exits, then
# exits with its status (the workload exits 0 on SIGTERM)
"$PSREC" -q -o "$T/c.psr" -i 0.05 --flush 0.05 -- "$WORKLOAD" idle --exit 5 &
rec=$!
wait_samples "$T/c.psr" 3
kill -TERM "$rec"
wait "$rec"
expect "the command's status after a forwarded SIGTERM" "$?" 5
"$PSREPORT" --info "$T/c.psr" >"$T/info"
grep -q "^closed: *yes (every target exited)" "$T/info" || fail "closed when the command ended: $(grep closed "$T/info")"
grep -q "exit 5" "$T/info" || fail "the command's end and status are recorded"
finish
