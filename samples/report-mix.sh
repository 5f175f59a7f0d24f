#!/bin/sh
# report-mix.sh - remake the reports in samples/recorded/ from the
# committed log mix.psr: the summary table, the summary CSV and the JSON.
# Needs a build in build/ (sh samples/demo.sh makes one). The recording is
# 60 s, under the 2 minutes a leak verdict wants by default: the reports
# ask for verdicts from 30 s (--leak-min-time 30) to show them.
set -eu
cd "$(dirname "$0")/.."
out=samples/recorded
TZ=UTC ./build/report/psreport --leak-min-time 30 --force --summary "$out/mix-summary.csv" \
	--json "$out/mix.json" --peaks 3 --window 10 "$out/mix.psr" \
	>"$out/mix-report.txt"
