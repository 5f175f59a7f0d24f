# psrec killed with SIGKILL at random moments, KILLS times (default 20;
# tests/bench/kill9-soak.sh runs it 200 times and more): every log reads
# back with --info and --csv (exit 0, at most a truncation warning), and
# the newest sample on disk is at most one flush interval (plus one
# sampling interval and SLACK for the write) older than the kill.
# Prints "kill9: N kills, loss max X s, median Y s" for the benchmark.
. "$(dirname "$0")/lib.sh" "$@"
KILLS=${KILLS:-20}
I=${INTERVAL:-0.01}
F=${FLUSH:-0.1}
SLACK=${SLACK:-0.4}   # scheduling and the block write; the bench is tighter
MAXRUN_MS=${MAXRUN_MS:-600}

rand_ms() { # a random delay in [20, MAXRUN_MS] ms
	r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
	echo $((20 + r % (MAXRUN_MS - 20)))
}

start_workload idle
idle=$wl_pid
start_workload cpu --duty 0.5
busy=$wl_pid
: >"$T/losses"
empty=0
for k in $(seq 1 "$KILLS"); do
	log=$T/k$k.psr
	"$PSREC" -q -x -o "$log" -p "$idle,$busy" -i "$I" --flush "$F" &
	rec=$!
	sleep "$(awk -v ms="$(rand_ms)" 'BEGIN { printf "%.3f", ms / 1000 }')"
	killed_at=$(date +%s.%N)
	kill -KILL "$rec"
	wait "$rec" 2>/dev/null
	if [ ! -s "$log" ]; then
		# killed before its header was written: nothing to read, and
		# nothing was recorded either
		empty=$((empty + 1))
		rm -f "$log"
		continue
	fi
	"$PSREPORT" --info "$log" >"$T/info" 2>"$T/err1"
	rc1=$?
	"$PSREPORT" --csv "$T/k.csv" --force "$log" 2>"$T/err2"
	rc2=$?
	if [ "$rc1" -ne 0 ] || [ "$rc2" -ne 0 ]; then
		fail "kill $k: psreport exit $rc1/$rc2: $(cat "$T/err1" "$T/err2")"
		cp "$log" "$T/../psrec-kill9-$k.psr" 2>/dev/null
		continue
	fi
	other=$(cat "$T/err1" "$T/err2" | grep -v "truncated after [0-9]* samples")
	[ -n "$other" ] && fail "kill $k: unexpected warning: $other"
	# the newest sample on disk against the moment of the kill
	last=$(awk -F, 'NR > 1 && $1 != "avg" && $1 > m { m = $1 } END { printf "%.3f", m + 0 }' "$T/k.csv")
	if [ "$last" = 0.000 ]; then
		# no block on disk yet: everything since the start was lost
		echo "no-sample" >>"$T/nosample"
		start=$(sed -n 's/^start: *//p' "$T/info")
		last=$(date -d "$start" +%s.%N)
	fi
	awk -v k="$killed_at" -v l="$last" 'BEGIN { printf "%.3f\n", k - l }' >>"$T/losses"
	rm -f "$log"
done
bound=$(awk -v f="$F" -v i="$I" -v s="$SLACK" 'BEGIN { print f + i + s }')
nosample=$(cat "$T/nosample" 2>/dev/null | wc -l)
sort -n "$T/losses" >"$T/sorted"
n=$(wc -l <"$T/sorted")
max=$(tail -n 1 "$T/sorted")
median=$(awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }' "$T/sorted")
echo "kill9: $KILLS kills, $n logs read back, $nosample of them before the first block, $empty before the header; loss max ${max:-0} s, median ${median:-0} s (bound $bound s)"
within "logs read back" "$n" $((KILLS * 3 / 4)) "$KILLS"
within "largest loss (s)" "${max:-0}" -1 "$bound"
stop_workload "$idle"
stop_workload "$busy"
finish
