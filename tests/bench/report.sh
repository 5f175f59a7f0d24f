#!/bin/sh
# Report speed benchmark (by hand; not part of the pass/fail suite).
#
# Writes synthetic logs through the format library (tests/bench/synth.c)
# and times psreport on them: decode and every statistic, for one day at
# 1 Hz of 1 busy process, 10 busy ones, 100 with one in ten busy, 100
# idle, and 100 in the "host" mix (sleeping, light, batch and busy
# processes in one process tree, like psrec -a on a real host), and the
# text + summary CSV + JSON outputs of the one-process day. CPU time from
# /usr/bin/time (user + system), max RSS, and instructions per idle and
# per busy process-sample from callgrind on 6-hour logs of 10 processes
# (repeatable on a noisy machine). Usage: sh tests/bench/report.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
bench_deps="time valgrind"
. tests/bench/lib.sh

# cpu LOG ARGS...: "seconds maxrss_kib" of psreport ARGS LOG, best of 3
cpu() {
	log=$1; shift
	best=""
	for i in 1 2 3; do
		/usr/bin/time -f "%U %S %M" -o "$T/time" "$PSREPORT" --force "$@" "$log" >/dev/null ||
			{ echo "psreport failed on $log" >&2; exit 1; }
		s=$(awk '{ printf "%.3f %d", $1 + $2, $3 }' "$T/time")
		if [ -z "$best" ] || awk -v a="${s%% *}" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
			best=$s
		fi
	done
	echo "$best"
}

echo "| log | process-samples | psreport (text) CPU s | M process-samples/s | max RSS |"
echo "|---|---|---|---|---|"
for spec in "1 1 10" "10 1 1" "100 1 10" "100 1 0" "100 1 host"; do
	set -- $spec
	procs=$1 busy=$3
	"$SYNTH" "$T/log.psr" "$procs" 86400 "$2" "$busy"
	n=$((procs * 86401))
	r=$(cpu "$T/log.psr")
	desc="1 day, 1 Hz, $procs processes"
	[ "$busy" = 1 ] && desc="$desc, all busy"
	[ "$busy" = 10 ] && [ "$procs" -gt 1 ] && desc="$desc, 1 in 10 busy"
	[ "$busy" = 0 ] && desc="$desc, all idle"
	[ "$busy" = host ] && desc="$desc, host mix"
	awk -v d="$desc" -v n="$n" -v s="${r%% *}" -v m="${r##* }" 'BEGIN {
		printf "| %s | %d | %.2f | %.1f | %.0f MiB |\n", d, n, s, n / s / 1e6, m / 1024 }'
done

"$SYNTH" "$T/day.psr" 1 86400
r=$(cpu "$T/day.psr" --text --summary "$T/s.csv" --json "$T/j.json")
echo
echo "one day at 1 Hz of one busy process to text + --summary + --json:" \
	"${r%% *} s CPU, max RSS $((${r##* } / 1024)) MiB" \
	"(JSON $(($(wc -c <"$T/j.json") / 1024)) KiB)"

# instructions per process-sample: repeatable whatever the machine does
for busy in 0 1; do
	"$SYNTH" "$T/small.psr" 10 21600 1 "$busy"
	valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$PSREPORT" "$T/small.psr" >/dev/null 2>"$T/vg"
	ir=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$T/vg")
	what=idle
	[ "$busy" = 1 ] && what=busy
	echo "instructions (callgrind), 6 h of 10 $what processes: $ir for" \
		"$((10 * 21601)) process-samples, $((ir / (10 * 21601))) per $what process-sample"
done
