# lib.sh - shared by the cli tests: programs, a scratch dir, checks.
# Usage in a test: . "$(dirname "$0")/lib.sh" "$@"   (psrec psreport workload)
set -u
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
PSREC=$(abs "$1")
PSREPORT=$(abs "$2")
WORKLOAD=$(abs "$3")
export TZ=UTC LC_ALL=C
T=$(mktemp -d)
failures=0
bg_pids=""

cleanup() {
	for p in $bg_pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	echo "ok: $*"
}

# expect DESC ACTUAL EXPECTED
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: got '$2', want '$3'"; fi
}

# within DESC VALUE LOW HIGH  (numbers, compared with awk)
within() {
	if awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'; then
		ok "$1 ($2 in [$3, $4])"
	else
		fail "$1: $2 not in [$3, $4]"
	fi
}

# Start the workload in the background and wait until it says it is ready
# (it closes fd 3, the write end of a fifo we read to EOF): no sleeps.
# Sets $wl_pid.
start_workload() {
	fifo="$T/ready.$$.$(date +%s%N)"
	mkfifo "$fifo"
	"$WORKLOAD" "$@" --ready-fd 3 3>"$fifo" &
	wl_pid=$!
	bg_pids="$bg_pids $wl_pid"
	cat "$fifo" >/dev/null
	rm -f "$fifo"
}

stop_workload() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# csv_col FILE NAME: the column number of NAME in the CSV header
csv_col() {
	head -n 1 "$1" | tr ',' '\n' | grep -n -x "$2" | cut -d: -f1
}

# csv_values FILE NAME: that column of the sample rows (not the avg rows)
csv_values() {
	c=$(csv_col "$1" "$2")
	awk -F, -v c="$c" 'NR > 1 && $1 != "avg" { print $c }' "$1"
}

finish() {
	if [ "$failures" -eq 0 ]; then
		echo "all checks passed"
		exit 0
	fi
	echo "$failures check(s) failed" >&2
	exit 1
}

# wait_samples LOG N: wait (bounded, 10 s) until LOG holds N samples on
# disk; a recorder's flushes are the only signal there is to wait on.
wait_samples() {
	for i in $(seq 1 200); do
		n=$("$PSREPORT" --info "$1" 2>/dev/null | sed -n 's/^samples: *\([0-9]*\).*/\1/p')
		[ "${n:-0}" -ge "$2" ] && return 0
		sleep 0.05
	done
	fail "$1 never reached $2 samples"
}
