#!/bin/sh
# Every benchmark in one run (by hand; not part of the pass/fail suite):
# builds, runs each part, and writes tests/bench/results.md with the
# machine described and what else it was doing.
#
#   compare.sh         psrec against pidstat, a psutil script, atop and the
#                      floor, all at once on the same 110 targets, at 1 and
#                      10 Hz (SECONDS per round, REPEATS rounds); sadc
#                      records the machine meanwhile, for the sadf part
#   psrec.sh           psrec alone against the floor alone, 100 idle at
#                      10 Hz, and its bytes for idle and busy targets
#   report-compare.sh  psreport's speed and output sizes on one-day logs,
#                      sadf -g on the sysstat file, growth hour/day/week
#
# usage: sh tests/bench/run.sh [SECONDS [REPEATS]]   (60 3: about 13
# minutes on a 2-core VM; 20 1 for a quick look)
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps time sysstat python3-psutil || exit 1
psr_install_deps atop >/dev/null 2>&1 || echo "run: atop not installable, left out" >&2
secs=${1:-60}
reps=${2:-3}
out=tests/bench/results.md
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
T=$(mktemp -d)
sapid=""
trap '[ -n "$sapid" ] && kill "$sapid" 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

# what else the machine does: the busiest commands now, the load
busiest() {
	ps -eo pcpu=,comm= --sort=-pcpu | awk 'NR <= 6 { printf "%s%s %s%%", (NR > 1 ? ", " : ""), $2, $1 }'
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
load0=$(load) busy0=$(busiest) procs0=$(ls /proc | grep -c '^[0-9]')
start=$(date -u '+%Y-%m-%d %H:%M UTC')
t0=$(date +%s)

/usr/lib/sysstat/sadc -S XALL 1 1000000 "$T/sa" &
sapid=$!
echo "run: compare.sh $secs $reps" >&2
sh tests/bench/compare.sh "$secs" "$reps" >"$T/compare.md" || exit 1
kill "$sapid"
wait "$sapid" 2>/dev/null
sapid=""
# the machine's CPU use while the recorders ran (100 - %idle, mean)
tab=$(printf '\t')
machine_busy=$(sadf "$T/sa" -- -u | grep "${tab}all${tab}%idle${tab}" |
	awk -F"$tab" '{ s += $6; n++ } END { if (n) printf "%.0f", 100 - s / n }')
load1=$(load)

echo "run: psrec.sh" >&2
sh tests/bench/psrec.sh >"$T/psrec.md" || exit 1
echo "run: report-compare.sh $reps" >&2
SA_FILE=$T/sa sh tests/bench/report-compare.sh "$reps" >"$T/reports.md" || exit 1
load2=$(load) busy2=$(busiest)
mins=$((($(date +%s) - t0 + 30) / 60))

{
	cat <<EOT
# Benchmark results

Written by \`sh tests/bench/run.sh $secs $reps\` (about $mins minutes), $start.
Do not edit by hand: run it again.

## Machine

- CPU: $(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//'), $(nproc) cores
- kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME"), $(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM
- psrec $("$build/record/psrec" --version 2>&1 | head -1 | sed 's/^psrec //'), built with meson -Dbuildtype=release
- what else ran: the machine is shared and was busy throughout: load average $load0 at the start, $load1 after the recordings, $load2 at the end; $procs0 processes; the machine's CPU was ${machine_busy:-?}% busy on average while the recorders ran (sadc); the busiest commands at the start: $busy0; at the end: $busy2. Hence CPU time (not wall time), and ratios measured within one round.

## Recording: psrec against the tools people use

EOT
	cat "$T/compare.md"
	cat <<EOT

## psrec alone against the floor alone (tests/bench/psrec.sh)

One after the other, 100 idle processes at 10 Hz for 10 s, the floor run
before and after psrec; bytes on disk for idle and busy targets.

EOT
	sed 1,2d "$T/psrec.md"
	cat <<EOT

## Reports: psreport's speed and sizes

EOT
	sed 's/^### /### /' "$T/reports.md"
} >"$T/results.md" || exit 1
mv "$T/results.md" "$out" || exit 1
echo "run: wrote $out" >&2
