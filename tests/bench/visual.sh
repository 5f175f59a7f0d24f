#!/bin/sh
# psreport's visual reports on a one-day 1 Hz log of one busy process
# (86,401 samples, made by psr-synth): the text summary alone (decode and
# analysis: the floor every report pays), then --pdf, --svg and --png,
# each run on its own, best of 3 for wall-clock and CPU (user + system)
# time, and the output size. Issue 5's targets: PDF under 2 s and 1 MB,
# all SVGs under 1 s. By hand; not a test.
# Usage: sh tests/bench/visual.sh [<processes>]
set -u
cd "$(dirname "$0")/../.." || exit 1
bench_deps="time"
. tests/bench/lib.sh
procs=${1:-1}
"$build/tests/psr-synth" "$T/day.psr" "$procs" 86400 1 1 || exit 1
log_size=$(stat -c %s "$T/day.psr")

run() { # run LABEL OPTION...
	label=$1
	shift
	best_wall=999 best_cpu=999
	for i in 1 2 3; do
		out=$T/$label-$i
		case $label in
		pdf) set -- --pdf "$out.pdf" ;;
		svg) set -- --svg "$out" ;;
		png) set -- --png "$out" ;;
		*) set -- ;;
		esac
		TZ=UTC /usr/bin/time -f '%e %U %S' -o "$T/time" \
			"$build/report/psreport" "$@" "$T/day.psr" >/dev/null || exit 1
		read -r wall user sys <"$T/time"
		best_wall=$(awk -v a="$best_wall" -v b="$wall" 'BEGIN { print (b < a ? b : a) }')
		best_cpu=$(awk -v a="$best_cpu" -v b="$user" -v c="$sys" \
			'BEGIN { print (b + c < a ? b + c : a) }')
	done
	case $label in
	pdf) size=$(stat -c %s "$out.pdf")
	     n="$(pdfinfo "$out.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') pages" ;;
	svg|png) size=$(cat "$out"/* | wc -c); n="$(ls "$out" | wc -l) files" ;;
	*) size=0 n="-" ;;
	esac
	printf '%-5s %-10s wall %5.2f s  cpu %5.2f s  %8d bytes (%d KiB)\n' \
		"$label" "$n" "$best_wall" "$best_cpu" "$size" $((size / 1024))
}
echo "one day at 1 Hz, $procs process(es), log $log_size bytes"
run text
run pdf
run svg
run png
