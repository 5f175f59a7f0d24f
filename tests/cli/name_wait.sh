# psrec -n NAME when nothing has that name yet (issue 18): psrec records,
# waits for the name at each --rescan, records the process that appears
# and ends when it has exited; a run that ends before the name appears is
# exit 1 with one line and no log left (psrec_bad_options.sh).
. "$(dirname "$0")/lib.sh" "$@"
name="psrw$$"
cp "$WORKLOAD" "$T/$name"
fifo="$T/rec.ready"
mkfifo "$fifo"
# -d 60 only bounds the test: psrec ends when the process has exited
"$PSREC" -n "$name" --rescan 0.05 -i 0.05 --flush 0.05 -d 60 \
	-o "$T/n.psr" --ready-fd 3 3>"$fifo" 2>"$T/err" &
rec=$!
bg_pids="$bg_pids $rec"
cat "$fifo" >/dev/null # its first sample, with nothing matching, is in
kill -0 "$rec" 2>/dev/null || fail "psrec exited with nothing matching"
WORKLOAD="$T/$name"
start_workload idle --duration 0.5
wl=$wl_pid
wait "$wl"
wait "$rec"
expect "psrec exits 0 once the late process has exited" "$?" 0
grep -q "no process named '$name' yet" "$T/err" ||
	fail "says it waits: $(cat "$T/err")"
grep -q "'$name': 1 new process: $wl" "$T/err" ||
	fail "says it found it: $(cat "$T/err")"
"$PSREPORT" --csv "$T/n.csv" "$T/n.psr" || fail "psreport: exit $?"
within "samples of the late process" \
	"$(awk -F, -v p="$wl" 'NR > 1 && $1 != "avg" && $3 == p' "$T/n.csv" | wc -l)" 2 20
"$PSREPORT" --info "$T/n.psr" | grep -q "^closed: *yes (every target exited)" ||
	fail "closed when the target exited: $("$PSREPORT" --info "$T/n.psr" | grep closed:)"
finish
