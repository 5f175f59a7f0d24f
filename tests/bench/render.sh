#!/bin/sh
# Rendering benchmark (by hand; not a test): the sample report with one
# day of 1 Hz samples (86,400 per series, decimated to 2,000 buckets on
# the fly) for three processes: an 11-page PDF, then the 6 SVGs, then the
# 7 PNGs, each timed on its own, and the PDF's size. Targets from issue 5:
# PDF under 2 s and 1 MB, all SVGs under 1 s (for one process; this is
# three). Also the 1-hour sample (3,600 samples, not decimated) for scale.
# Usage: sh tests/bench/render.sh
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps || exit 1
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

now() { date +%s.%N; }
run() { # run LABEL SAMPLES WHAT
	d=$T/$1-$2-$3
	t0=$(now)
	TZ=UTC "$build/tests/render_sample" "$d" light "$2" 1 "$3" || exit 1
	t1=$(now)
	case $3 in
	pdf) size=$(stat -c %s "$d/report.pdf")
	     pages=$(pdfinfo "$d/report.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}') ;;
	*) size=$(cat "$d/$3"/* | wc -c); pages=$(ls "$d/$3" | wc -l) ;;
	esac
	printf '%-8s %6s samples  %-4s %3s files/pages  %8.3f s  %9d bytes\n' \
		"$1" "$2" "$3" "$pages" "$(awk "BEGIN { print $t1 - $t0 }")" "$size"
}
for what in pdf svg png; do
	run day 86400 $what
	run hour 3600 $what
done
