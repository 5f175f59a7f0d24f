#!/bin/sh
# Scale benchmark (run by hand, as root; not part of the pass/fail suite):
# psrec --all on a host with N processes (default 2,000 idle psr-workload
# processes plus what runs anyway) at 1 Hz for S seconds (default 60),
# default metric set, then the same with --system. Reports psrec's CPU as
# a share of one core and per process-sample, its max RSS, bytes per
# process-sample, a week's size at that rate, and the floor (the bare
# kept-open preads of the same processes, tests/bench/floor.c) measured
# in the same run, as a ratio. Then where the bytes of the -a --system
# logs go, by record type (tests/bench/bytes.c), and what other zstd
# levels would make of the same blocks, with their CPU time.
#
# usage: sh tests/bench/scale.sh [N] [SECONDS]
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps || exit 1
n=${1:-2000}
secs=${2:-60}
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
cc -O2 -o "$build/floor" tests/bench/floor.c || exit 1
cc -O2 -o "$build/psr-bytes" tests/bench/bytes.c -lzstd || exit 1
PSREC=$build/record/psrec
PSREPORT=$build/report/psreport
WL=$build/samples/psr-workload
T=$(mktemp -d)
list=""
trap 'kill $list 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
# 6 descriptors per process for psrec, 4 for the floor
ulimit -n "$(ulimit -H -n)" 2>/dev/null

for i in $(seq 1 "$n"); do
	"$WL" idle & list="$list $!"
done
sleep 2 # let every workload reach its idle wait
total=$(ls /proc | grep -c '^[0-9]')

field() { "$PSREPORT" --info "$1" | sed -n "$2"; }
cpu_ms() { field "$1" 's/.*psrec used \([0-9.]*\) ms CPU.*/\1/p'; }
us_ps() { field "$1" 's/.*(\([0-9.]*\) us per process-sample).*/\1/p'; }
bytes_ps() { field "$1" 's/.*, \([0-9.]*\) bytes per process-sample.*/\1/p'; }
pss() { field "$1" 's/.*(\([0-9]*\) process-samples).*/\1/p'; }
maxrss() { field "$1" 's/.*max RSS \(.*\)$/\1/p'; }
size() { stat -c %s "$1"; }

# the floor over the workloads (processes that end meanwhile would stop it)
# shellcheck disable=SC2086
floor=$("$build/floor" 1 "$secs" $list)
"$PSREC" -q -a -i 1 -d "$secs" -o "$T/all.psr"
"$PSREC" -q -a --system -i 1 -d "$secs" -o "$T/sys.psr"
# the start (opening every process's files, reading command lines, the
# first full reads) is paid once: the steady cost per sample is the
# difference between a run and a quarter-length one
"$PSREC" -q -a -i 1 -d "$((secs / 4))" -o "$T/short.psr"
# fewer blocks, fewer repeated process definitions: smaller, but a kill -9
# may lose a minute
"$PSREC" -q -a --system --flush 60 -i 1 -d "$secs" -o "$T/sys60.psr"

a_ms=$(cpu_ms "$T/all.psr"); s_ms=$(cpu_ms "$T/sys.psr")
a_us=$(us_ps "$T/all.psr")
short_ms=$(cpu_ms "$T/short.psr")
steady_us=$(awk -v a="$a_ms" -v b="$short_ms" -v pa="$(pss "$T/all.psr")" -v pb="$(pss "$T/short.psr")" \
	'BEGIN { printf "%.2f", (a - b) * 1000 / (pa - pb) }')
steady_pct=$(awk -v a="$a_ms" -v b="$short_ms" -v s="$secs" \
	'BEGIN { printf "%.2f", (a - b) / (s - int(s / 4)) / 1000 * 100 }')
pct() { awk -v ms="$1" -v s="$secs" 'BEGIN { printf "%.2f", ms / (s * 1000) * 100 }'; }
week() { # bytes over S seconds -> MB per week
	awk -v b="$1" -v s="$secs" 'BEGIN { printf "%.0f", b / s * 604800 / 1e6 }'
}
cat <<EOT
## psrec --all at scale ($(nproc) cores, $(uname -r), $(date -u +%Y-%m-%d))

$total processes on the host ($n idle psr-workload), 1 Hz, $secs s, default set.

| measure | value | target |
|---|---|---|
| floor: pread stat+statm+io, fstat fd dir of the $n workloads (µs CPU per process-sample) | $floor | |
| psrec -a (µs CPU per process-sample) | $a_us ($(awk -v a="$a_us" -v b="$floor" 'BEGIN{printf "%.2f", a/b}')x floor) | |
| psrec -a, CPU share of one core, start included | $(pct "$a_ms") % | |
| psrec -a, steady state (after the start), µs per process-sample | $steady_us ($(awk -v a="$steady_us" -v b="$floor" 'BEGIN{printf "%.2f", a/b}')x floor) | |
| psrec -a, steady state, CPU share of one core | $steady_pct % | < 1 % |
| psrec -a --system, CPU share of one core | $(pct "$s_ms") % | |
| psrec -a max RSS | $(maxrss "$T/all.psr") | < 32 MiB |
| psrec -a --system max RSS | $(maxrss "$T/sys.psr") | |
| bytes per process-sample, -a | $(bytes_ps "$T/all.psr") ($(pss "$T/all.psr") process-samples) | |
| bytes per process-sample, -a --system | $(bytes_ps "$T/sys.psr") | |
| a week at this rate, -a --system | $(week "$(size "$T/sys.psr")") MB | a few hundred MB |
| bytes per process-sample, -a --system --flush 60 | $(bytes_ps "$T/sys60.psr") | |
| a week at this rate, -a --system --flush 60 | $(week "$(size "$T/sys60.psr")") MB | |
EOT
week_n() { # bytes per process-sample, processes -> MB per week at 1 Hz
	awk -v b="$1" -v n="$2" 'BEGIN { printf "%.0f", b * n * 604800 / 1e6 }'
}
b10=$(bytes_ps "$T/sys.psr"); b60=$(bytes_ps "$T/sys60.psr")
cat <<EOT

A week at 1 Hz at these rates (bytes grow with the processes):

| processes | -a --system | --flush 60 |
|---|---|---|
| 300 | $(week_n "$b10" 300) MB | $(week_n "$b60" 300) MB |
| 1,000 | $(week_n "$b10" 1000) MB | $(week_n "$b60" 1000) MB |
| 2,000 | $(week_n "$b10" 2000) MB | $(week_n "$b60" 2000) MB |

Where the bytes go (-a --system, default flush; then --flush 60):

\`\`\`
$("$build/psr-bytes" "$T/sys.psr" 1 3 6 9 19)
$("$build/psr-bytes" "$T/sys60.psr" 3 6)
\`\`\`
EOT
