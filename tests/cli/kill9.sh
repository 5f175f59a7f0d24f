# psrec killed with SIGKILL after a few flushes leaves a log that reads
# back with at least the flushed samples, and a warning.
. "$(dirname "$0")/lib.sh" "$@"

start_workload idle
"$PSREC" -q -o "$T/k.psr" -p "$wl_pid" -i 0.02 --flush 0.1 &
rec=$!
# wait (bounded) until at least 4 blocks are on disk: polling the file is
# the only signal a SIGKILL test has
for i in $(seq 1 200); do
	blocks=$("$PSREPORT" --info "$T/k.psr" 2>/dev/null | sed -n 's/.* in \([0-9]*\) blocks.*/\1/p')
	[ "${blocks:-0}" -ge 4 ] && break
	sleep 0.05
done
kill -KILL "$rec"
wait "$rec" 2>/dev/null
"$PSREPORT" --info "$T/k.psr" >"$T/info" 2>"$T/err"
expect "psreport reads a killed log" "$?" 0
grep -q "truncated after [0-9]* samples" "$T/err" ||
	fail "warning on stderr: $(cat "$T/err")"
n=$(sed -n 's/^samples: *\([0-9]*\).*/\1/p' "$T/info")
blocks=$(sed -n 's/.* in \([0-9]*\) blocks.*/\1/p' "$T/info")
within "blocks on disk" "$blocks" 4 100000
# each flush holds about 0.1/0.02 = 5 samples; at least the first in each
within "samples kept" "$n" "$blocks" 100000
grep -q "^closed: *no" "$T/info" || fail "info says the log was not closed"
stop_workload "$wl_pid"
finish
