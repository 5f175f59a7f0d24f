#!/bin/sh
# remake.sh - write the pinned reports of samples/recorded/mix.psr again
# (tests/cli/golden_mix.sh compares with them). Needs a build in build/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
P=$here/../../../build/report/psreport
export TZ=UTC LC_ALL=C
cd "$here/../../../samples/recorded"
"$P" mix.psr >"$here/text.txt"
"$P" --force --summary "$here/summary.csv" --json "$here/analysis.json" mix.psr \
	>/dev/null
"$P" --info mix.psr >"$here/info.txt"
"$P" --markdown - mix.psr >"$here/table.md"
"$P" --rss-top - mix.psr >"$here/rss-top.csv"
"$P" --csv - --window 10 mix.psr >"$here/windows.csv"
"$P" --csv - mix.psr | grep '^avg,' >"$here/avg.csv"
G=../../tests/golden
"$P" --baseline mix.psr --force --compare-csv "$here/baseline.csv" mix.psr \
	>"$here/baseline.txt"
"$P" --runs --force --compare-csv "$here/runs.csv" $G/v1.psr $G/v2.psr mix.psr \
	>"$here/runs.txt"
"$P" --fleet --force --fleet-csv "$here/fleet.csv" $G/v1.psr $G/v2.psr mix.psr \
	>"$here/fleet.txt"
tmp=$(mktemp -d)
cp $G/v1.psr $G/v2.psr mix.psr "$tmp"
"$P" --index "$tmp" >"$here/index.txt"
rm -r "$tmp"
