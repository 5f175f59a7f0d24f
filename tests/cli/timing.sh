# Samples follow t = 0, I, 2I, ... with one trailing sample at D, within
# 50 ms of the schedule (the log holds the actual times).
. "$(dirname "$0")/lib.sh" "$@"

start_workload idle
pid=$wl_pid

# schedule DESC EXPECTED_TIMES PSREC_ARGS...
schedule() {
	desc=$1 want=$2
	shift 2
	log="$T/$(echo "$desc" | tr -c 'a-z0-9' _).psr"
	"$PSREC" -q -o "$log" -p "$pid" "$@" || fail "$desc: psrec exit $?"
	"$PSREPORT" --csv "$T/t.csv" --force "$log" || fail "$desc: psreport"
	got=$(csv_values "$T/t.csv" t | tr '\n' ' ')
	n_got=$(echo $got | wc -w)
	n_want=$(echo $want | wc -w)
	expect "$desc: sample count" "$n_got" "$n_want"
	worst=$(echo "$got|$want" | awk -F'|' '{
		n = split($1, g, " "); split($2, w, " "); m = 0
		for (i = 1; i <= n; i++) { d = g[i] - w[i]; if (d < 0) d = -d; if (d > m) m = d }
		print m }')
	within "$desc: worst deviation from the schedule (s)" "$worst" 0 0.050
	# epoch timestamps advance with t
	skew=$(awk -F, 'NR > 1 && $1 != "avg" { d = $1 - $2; if (!s) s = d; x = d - s; if (x < 0) x = -x; if (x > m) m = x } END { print m + 0 }' "$T/t.csv")
	within "$desc: timestamp - t stays constant" "$skew" 0 0.050
}

schedule "I=0.25 D=1.1" "0 0.25 0.5 0.75 1.0 1.1" -i 0.25 -d 1.1
schedule "I=0.5 D=1" "0 0.5 1.0" -i 0.5 -d 1
schedule "I=0.2 samples=4" "0 0.2 0.4 0.6" -i 0.2 -s 4

stop_workload "$pid"
finish
