# psrec --ready-fd: the descriptor is closed once the first sample is in,
# so a caller that reads a pipe to its end then starts its work knows the
# work is recorded from its start; a launched command does not hold it.
. "$(dirname "$0")/lib.sh" "$@"

start_workload idle
fifo="$T/ready"
mkfifo "$fifo"
"$PSREC" -q -i 0.05 --flush 0.05 -o "$T/idle.psr" -p "$wl_pid" --ready-fd 3 3>"$fifo" &
rec=$!
bg_pids="$bg_pids $rec"
cat "$fifo" >/dev/null
# EOF came after the first sample: SIGUSR1 writes it out, and it is there
kill -USR1 "$rec"
wait_samples "$T/idle.psr" 1
kill -TERM "$rec"
wait "$rec"
expect "psrec exits 0 after --ready-fd" "$?" 0

# the command psrec launches does not inherit the descriptor: EOF comes
# while it still runs (it would hold the pipe open until it exits)
"$PSREC" -q -i 0.05 -o "$T/cmd.psr" --ready-fd 3 -- \
	sh -c 'if [ -e /dev/fd/3 ]; then echo inherited; fi; exec "$0" idle --duration 30' \
	"$WORKLOAD" 3>"$fifo" >"$T/cmdout" &
rec=$!
bg_pids="$bg_pids $rec"
cat "$fifo" >/dev/null
kill -0 "$rec" 2>/dev/null || fail "psrec ended before the ready EOF reached us"
kill -TERM "$rec"
wait "$rec"
expect "the command does not see the descriptor" "$(cat "$T/cmdout")" ""
finish
