#!/bin/sh
# Rendering benchmark (by hand; not a test): the sample report with one
# day of 1 Hz samples (86,400 per series, decimated to 2,000 buckets on
# the fly) for three processes: an 11-page PDF, then the 6 SVGs, then the
# 7 PNGs, each run on its own, best of 3 for wall-clock and CPU (user +
# system) time, and the output size. The one-hour sample (3,600 samples
# per series, drawn as they are) is there for scale. Targets from issue
# 5, for ONE process: PDF under 2 s and 1 MB, all SVGs under 1 s.
# Usage: sh tests/bench/render.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
bench_deps="time"
. tests/bench/lib.sh

run() { # run LABEL SAMPLES WHAT
	best_wall=999 best_cpu=999
	for i in 1 2 3; do
		d=$T/$1-$2-$3-$i
		TZ=UTC /usr/bin/time -f '%e %U %S' -o "$T/time" \
			"$build/tests/render_sample" "$d" light "$2" 1 "$3" || exit 1
		set -- "$@" $(cat "$T/time")
		best_wall=$(awk -v a="$best_wall" -v b="$4" 'BEGIN { print (b < a ? b : a) }')
		best_cpu=$(awk -v a="$best_cpu" -v b="$5" -v c="$6" \
			'BEGIN { print (b + c < a ? b + c : a) }')
		set -- "$1" "$2" "$3"
	done
	case $3 in
	pdf) size=$(stat -c %s "$d/report.pdf")
	     n=$(pdfinfo "$d/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') ;;
	*) size=$(cat "$d/$3"/* | wc -c); n=$(ls "$d/$3" | wc -l) ;;
	esac
	printf '%-5s %6s samples  %-4s %3s files/pages  wall %5.2f s  cpu %5.2f s  %8d bytes\n' \
		"$1" "$2" "$3" "$n" "$best_wall" "$best_cpu" "$size"
}
for what in pdf svg png; do
	run day 86400 $what
	run hour 3600 $what
done
