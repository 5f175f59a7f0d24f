#!/bin/sh
# kill -9 soak (run by hand; the suite runs 20 kills in
# tests/cli/kill9_random.sh): psrec killed with SIGKILL at random moments
# at least 200 times, over two schedules; every log must read back with
# at most a truncation warning, and the newest sample on disk must be no
# older than one flush interval plus one sampling interval plus SLACK
# (default 0.1 s) at the moment of the kill.
# Usage: sh tests/bench/kill9-soak.sh [KILLS]   (default 200 per schedule)
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps || exit 1
kills=${1:-200}
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
progs="$build/record/psrec $build/report/psreport $build/samples/psr-workload"
status=0
# fast schedule: kills land in flushes often; slow one: long blocks
for sched in "0.01 0.1 600" "0.05 1 3000"; do
	set -- $sched
	echo "interval $1 s, flush $2 s, kill after 20..$3 ms:"
	KILLS=$kills INTERVAL=$1 FLUSH=$2 MAXRUN_MS=$3 SLACK=${SLACK:-0.1} \
		sh tests/cli/kill9_random.sh $progs >"$build/kill9.out" 2>&1 || status=1
	grep -E "^kill9:|^FAIL" "$build/kill9.out"
done
exit $status
