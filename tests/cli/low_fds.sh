# Far fewer descriptors than processes (issue 22): under ulimit -n 64,
# psrec -p and -a record 200 idle processes, a busy one and one that
# exits, every one at every sample with all its values. Past what the
# budget lets each keep, files are opened at each read (schedstat first,
# for the idle ones), never left out.
. "$(dirname "$0")/lib.sh" "$@"
pids=""
for i in $(seq 1 200); do
	start_workload idle
	pids="$pids,$wl_pid"
done
start_workload cpu --duty 0.3
busy=$wl_pid
start_workload idle
quits=$wl_pid
pids="${pids#,},$busy,$quits"
samples=6

# every listed process at every sample, none of its values missing
check() { # check NAME CSV COUNT: COUNT of the listed processes in CSV
	pc=$(csv_col "$2" pid)
	for col in rss_bytes fds rchar_bytes threads cpu_user_seconds state; do
		c=$(csv_col "$2" "$col")
		[ -n "$c" ] || { fail "$1: no column $col"; continue; }
		missing=$(awk -F, -v c="$c" -v pc="$pc" -v list="$pids" '
			BEGIN { n = split(list, p, ","); for (i = 1; i <= n; i++) want[p[i]] = 1 }
			NR > 1 && $1 != "avg" && ($pc in want) && $c == "" { m++ }
			END { print m + 0 }' "$2")
		expect "$1: no $col missing" "$missing" 0
	done
	got=$(csv_values "$2" pid | grep -c -x -F "$(echo "$pids" | tr , '\n')")
	expect "$1: every process at every sample" "$got" "$3"
}

# -p: the one that exits is ended after two samples, the rest go on
(ulimit -n 64 && exec "$PSREC" -q -p "$pids" -s "$samples" -i 0.2 --flush 0.1 \
	-o "$T/p.psr") 2>"$T/err" &
rec=$!
bg_pids="$bg_pids $rec"
wait_samples "$T/p.psr" 2
stop_workload "$quits"
wait "$rec"
expect "psrec -p with 64 descriptors for 202 processes exits 0" "$?" 0
expect "-p: only the exit said" "$(cat "$T/err")" "psrec: process $quits exited"
"$PSREPORT" --info "$T/p.psr" >"$T/p.info" || fail "psreport --info"
grep -q "^  $quits .* exited " "$T/p.info" ||
	fail "-p: the process that exited is ended: $(grep "^  $quits " "$T/p.info")"
"$PSREPORT" --csv "$T/p.csv" "$T/p.psr" >/dev/null || fail "psreport --csv"
n_quit=$(csv_values "$T/p.csv" pid | grep -c -x "$quits")
within "-p: the one that exited, in the samples before" "$n_quit" 2 "$((samples - 1))"
check "-p" "$T/p.csv" "$((201 * samples + n_quit))"
# the busy one's CPU is read (its files by path or promoted to kept)
c=$(csv_col "$T/p.csv" cpu_user_seconds)
pc=$(csv_col "$T/p.csv" pid)
first=$(awk -F, -v c="$c" -v pc="$pc" -v p="$busy" 'NR > 1 && $1 != "avg" && $pc == p { print $c; exit }' "$T/p.csv")
last=$(awk -F, -v c="$c" -v pc="$pc" -v p="$busy" 'NR > 1 && $1 != "avg" && $pc == p { v = $c } END { print v }' "$T/p.csv")
if awk -v a="$first" -v b="$last" 'BEGIN { exit !(b > a) }'; then
	ok "-p: the busy process's CPU time grows ($first -> $last)"
else
	fail "-p: the busy process's CPU time grows ('$first' -> '$last')"
fi

# -a: the same 201 (the one that quit is gone) among the host's others
pids="${pids%,*}"
(ulimit -n 64 && exec "$PSREC" -q -a -s "$samples" -i 0.2 -o "$T/a.psr") 2>"$T/aerr"
expect "psrec -a with 64 descriptors exits 0" "$?" 0
expect "-a: nothing said" "$(cat "$T/aerr")" ""
"$PSREPORT" --csv "$T/a.csv" "$T/a.psr" >/dev/null || fail "psreport --csv -a"
check "-a" "$T/a.csv" "$((201 * samples))"
expect "-a: $samples samples" \
	"$("$PSREPORT" --info "$T/a.psr" | sed -n 's/^samples: *\([0-9]*\).*/\1/p')" "$samples"
for p in $(echo "$pids" | tr , ' '); do stop_workload "$p"; done
finish
