#!/bin/sh
# Export speed benchmark (by hand; not part of the pass/fail suite).
#
# psreport --export on a synthetic day at 1 Hz of 100 processes, one in
# ten busy (tests/bench/synth.c): 8,640,100 process-samples. CPU time
# (user + system, best of 3) of the CSV export to /dev/null and to a file
# in $TMPDIR, of the JSON lines export to a file, and, as the floor
# measured in the same run, of the analysis alone (the text table).
# Instructions per process-sample from callgrind on a one-hour log.
# Target from issue 11: 3 million process-samples per second, one core.
# Usage: sh tests/bench/export.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
bench_deps="time valgrind"
. tests/bench/lib.sh

# best LABEL ARGS...: CPU seconds of psreport ARGS, best of 3
best() {
	label=$1; shift
	b=""
	for i in 1 2 3; do
		/usr/bin/time -f "%U %S" -o "$T/time" "$PSREPORT" "$@" >/dev/null ||
			{ echo "psreport failed: $*" >&2; exit 1; }
		s=$(awk '{ printf "%.3f", $1 + $2 }' "$T/time")
		if [ -z "$b" ] || awk -v a="$s" -v b="$b" 'BEGIN { exit !(a < b) }'; then
			b=$s
		fi
	done
	awk -v l="$label" -v s="$b" -v n="$n" 'BEGIN {
		printf "| %s | %.2f | %.2f |\n", l, s, n / s / 1e6 }'
}

"$SYNTH" "$T/day.psr" 100 86400
n=$((100 * 86401))
echo "$n process-samples"
echo "| psreport | CPU s | M process-samples/s |"
echo "|---|---|---|"
best "analysis alone (text table; the floor)" "$T/day.psr"
best "--export CSV to /dev/null" --export - "$T/day.psr"
best "--export CSV to a file" --force --export "$T/out.csv" "$T/day.psr"
echo "(the CSV: $(($(wc -c <"$T/out.csv") >> 20)) MiB)"
rm -f "$T/out.csv"
best "--export JSON lines to a file" --force --export "$T/out.jsonl" "$T/day.psr"

"$SYNTH" "$T/small.psr" 100 3600
for what in "" "--export -"; do
	valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$PSREPORT" $what \
		"$T/small.psr" >/dev/null 2>"$T/vg"
	ir=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$T/vg")
	echo "instructions (callgrind) ${what:-analysis alone}:" \
		"$((ir / (100 * 3601))) per process-sample"
done
