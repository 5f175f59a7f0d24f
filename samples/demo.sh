#!/bin/sh
# demo.sh - from a fresh clone: install what is missing, build into build/,
# record the bundled sample workload, and write its report.
set -eu
cd "$(dirname "$0")/.."
. tests/deps.sh
psr_install_deps

if [ ! -f build/build.ninja ]; then
	meson setup build >/dev/null
fi
ninja -C build >/dev/null

out=build/demo
mkdir -p "$out"
echo "recording the sample workload for 5 seconds (memory growing at 8 MiB/s)..." >&2
./build/record/psrec -q --force -x -i 0.25 -o "$out/demo.psr" -- \
	./build/samples/psr-workload grow --rate 8M --duration 5
./build/report/psreport --info "$out/demo.psr" >"$out/demo-info.txt"
# one decode, every output: the table on stdout, CSV, summary, JSON, and
# the visual report (a PDF and one SVG per chart; the pid changes every
# run, so the old SVGs go)
rm -rf "$out/svg"
./build/report/psreport --force --text --csv "$out/demo.csv" \
	--summary "$out/summary.csv" --json "$out/report.json" \
	--pdf "$out/report.pdf" --svg "$out/svg" \
	"$out/demo.psr" | tee "$out/report.txt"

echo
echo "log:      $out/demo.psr"
echo "info:     $out/demo-info.txt"
echo "report:   $out/report.txt"
echo "summary:  $out/summary.csv"
echo "json:     $out/report.json"
echo "csv:      $out/demo.csv"
echo "pdf:      $out/report.pdf"
echo "charts:   $out/svg/ ($(ls "$out/svg" | wc -l) SVGs)"
