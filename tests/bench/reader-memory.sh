#!/bin/sh
# Reader memory against log size (run by hand): psreport streams, so its
# memory follows processes and metrics, not samples. Writes a log of 10
# busy processes (every value changing at random: ~50 bytes per
# process-sample, incompressible) of 50 MB and one of GB gigabytes
# (default 1; 10 for the issue's 10 GB), reads each with psreport --info
# and compares max RSS: the large one must stay within 1.5x the small.
# Usage: sh tests/bench/reader-memory.sh [GB]
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps time || exit 1
gb=${1:-1}
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
T=$(mktemp -d "${TMPDIR:-/var/tmp}/psr-mem.XXXXXX")
trap 'rm -rf "$T"' EXIT
status=0
small=""
# 1,000 samples of 10 processes are 0.5 MB
for size in 50 $((gb * 1000)); do
	samples=$((size * 2000))
	"$build/tests/test_hostile" --write-long "$T/log.psr" "$samples" 10 || exit 1
	bytes=$(wc -c <"$T/log.psr")
	out=$(/usr/bin/time -f "%M %e" "$build/report/psreport" --info "$T/log.psr" 2>&1 >/dev/null | tail -n 1)
	kb=${out% *}
	echo "log of $bytes bytes ($samples samples x 10 processes): psreport --info max RSS $kb KiB, ${out#* } s"
	[ -z "$small" ] && small=$kb
	rm -f "$T/log.psr"
done
awk -v a="$small" -v b="$kb" 'BEGIN { printf "ratio large/small: %.2f\n", b / a; exit !(b <= 1.5 * a) }' || status=1
exit $status
