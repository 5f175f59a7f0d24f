#!/bin/sh
# record-mix.sh - remake samples/recorded/: four workloads whose effects
# are known (memory growing at 2 MiB/s, steady 32 MiB, a 48 MiB sawtooth
# with a 10 s period, a 30% CPU duty cycle) recorded together for 60 s
# with the extended set, and the reports psreport makes of them
# (samples/report-mix.sh remakes the reports alone).
# Needs a build in build/ (sh samples/demo.sh makes one).
# --reports: remake only the reports from the committed mix.psr.
set -eu
cd "$(dirname "$0")/.."
WL=./build/samples/psr-workload
out=samples/recorded
mkdir -p "$out"

# The visual report, a few of its SVGs and one PNG (shown in README.md).
reports() {
	tmp=$(mktemp -d)
	# 60 s: verdicts from 30 s (the default wants 2 minutes)
	TZ=UTC ./build/report/psreport --leak-min-time 30 --force \
		--pdf "$out/mix-report.pdf" \
		--svg "$tmp/svg" --png "$tmp/png" "$out/mix.psr" >/dev/null
	rm -rf "$out/svg"
	mkdir -p "$out/svg"
	for c in 12184-psr-workload-memory 12186-psr-workload-memory \
		12187-psr-workload-cpu 12184-psr-workload-correlation; do
		cp "$tmp/svg/$c.svg" "$out/svg/"
	done
	cp "$tmp/png/12186-psr-workload-memory.png" "$out/mix-memory.png"
	rm -rf "$tmp"
}
if [ "${1:-}" = --reports ]; then
	reports
	exit 0
fi
pids=""
$WL grow --rate 2M --duration 70 & pids="$pids $!"
$WL steady --size 32M --duration 70 & pids="$pids $!"
$WL sawtooth --size 48M --period 10 --duration 70 & pids="$pids $!"
$WL cpu --duty 0.3 --duration 70 & pids="$pids $!"
trap 'kill $pids 2>/dev/null' EXIT
./build/record/psrec -q --force -x -i 0.5 -d 60 -o "$out/mix.psr" \
	-p "$(echo $pids | tr ' ' ,)"
TZ=UTC ./build/report/psreport --info "$out/mix.psr" >"$out/mix-info.txt"
TZ=UTC ./build/report/psreport --force --csv "$out/mix.csv" "$out/mix.psr"
reports
sh samples/report-mix.sh
chmod 644 "$out/mix.psr"
