# Descriptor and thread counts are exact; written bytes (wchar) are exact.
. "$(dirname "$0")/lib.sh" "$@"

one_sample() {
	"$PSREC" -q -o "$T/$1.psr" -p "$2" -s 1 || fail "$1: psrec exit $?"
	"$PSREPORT" --csv "$T/$1.csv" "$T/$1.psr" || fail "$1: psreport"
}

start_workload fds --count 50
one_sample fds "$wl_pid"
expect "fds of a process holding 50" "$(csv_values "$T/fds.csv" fds)" 50
stop_workload "$wl_pid"

start_workload threads --count 7
one_sample threads "$wl_pid"
expect "threads of a process with 7" "$(csv_values "$T/threads.csv" threads)" 7
stop_workload "$wl_pid"

start_workload write --bytes 3333333 --out "$T/data" --hold
one_sample write "$wl_pid"
expect "wchar of a process that wrote 3333333 bytes" \
	"$(csv_values "$T/write.csv" wchar_bytes)" 3333333
stop_workload "$wl_pid"
finish
