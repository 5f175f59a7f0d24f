#!/bin/sh
# Recording cost benchmark (run by hand; not part of the pass/fail suite).
#
# Records 100 idle processes at 10 Hz for 10 s with psrec's default and
# extended sets, and runs the floor (tests/bench/floor.c: the same /proc
# reads with kept-open descriptors, nothing else) in the same run, so the
# figures are ratios measured side by side. Then measures bytes on disk per
# process-sample for idle and busy processes, and psrec's max RSS for one
# target. Run by tests/bench/run.sh, which puts its table in results.md.
# Usage: sh tests/bench/psrec.sh [SECONDS]   (default 10; about
# 14 x SECONDS in all)
# With PSREC_OLD=/path/to/an/older/psrec, that binary is measured in the
# same run, alternating with this one (new, old, new, old) on the same
# 100 idle and 10 busy targets: rows "before/after" at the end (about
# 8 x SECONDS more).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps || exit 1
secs=${1:-10}
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release -Dreport=enabled >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
cc -O2 -o "$build/floor" tests/bench/floor.c || exit 1
PSREC=$build/record/psrec
PSREPORT=$build/report/psreport
WL=$build/samples/psr-workload
T=$(mktemp -d)
pids=""
trap 'kill $pids 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT

spawn() { # spawn N ARGS...: N workloads, pids appended to $list
	n=$1; shift
	for i in $(seq 1 "$n"); do
		"$WL" "$@" & list="$list $!"
	done
	pids="$pids $list"
}
field() { # field LOG PATTERN: a number from psreport --info
	"$PSREPORT" --info "$1" | sed -n "$2"
}
cpu_us() { field "$1" 's/.*(\([0-9.]*\) us per process-sample).*/\1/p'; }
bytes_ps() { field "$1" 's/.*, \([0-9.]*\) bytes per process-sample.*/\1/p'; }
maxrss() { field "$1" 's/.*max RSS \(.*\)$/\1/p'; }

list=""; spawn 100 idle; idle=$(echo $list | tr ' ' ,)

# floor before and after psrec, nothing else running: the mean is the floor
pidlist=$(echo "$idle" | tr , ' ')
floor1=$("$build/floor" 0.1 "$secs" $pidlist)
"$PSREC" -q -o "$T/default.psr" -p "$idle" -i 0.1 -d "$secs"
floor2=$("$build/floor" 0.1 "$secs" $pidlist)
floorx1=$("$build/floor" -x 0.1 "$secs" $pidlist)
"$PSREC" -q -o "$T/extended.psr" -p "$idle" -i 0.1 -d "$secs" -x
floorx2=$("$build/floor" -x 0.1 "$secs" $pidlist)
mean() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (a + b) / 2 }'; }
floor=$(mean "$floor1" "$floor2")
floorx=$(mean "$floorx1" "$floorx2")
"$PSREC" -q -o "$T/idle1hz.psr" -p "$idle" -i 1 -d $((secs * 6))

list=""; spawn 4 cpu --duty 0.3; spawn 3 sawtooth --size 64M --period 2; spawn 3 grow --rate 1M
busy=$(echo $list | tr ' ' ,)
"$PSREC" -q -o "$T/busy.psr" -p "$busy" -i 0.1 -d "$secs"
"$PSREC" -q -o "$T/busy1hz.psr" -p "$busy" -i 1 -d $((secs * 6))
"$PSREC" -q -o "$T/one.psr" -p "${idle%%,*}" -i 0.1 -d "$secs"

# new against old, alternating, on the same targets (PSREC_OLD)
ab=""
if [ -n "${PSREC_OLD:-}" ]; then
	for r in 1 2; do
		for who in new old; do
			bin=$PSREC
			[ "$who" = old ] && bin=$PSREC_OLD
			"$bin" -q -o "$T/ab-idle-$who$r.psr" -p "$idle" -i 0.1 -d "$secs"
			"$bin" -q -o "$T/ab-busy-$who$r.psr" -p "$busy" -i 0.1 -d "$secs"
		done
	done
	for kind in idle busy; do
		n1=$(cpu_us "$T/ab-$kind-new1.psr"); n2=$(cpu_us "$T/ab-$kind-new2.psr")
		o1=$(cpu_us "$T/ab-$kind-old1.psr"); o2=$(cpu_us "$T/ab-$kind-old2.psr")
		bn=$(bytes_ps "$T/ab-$kind-new1.psr"); bo=$(bytes_ps "$T/ab-$kind-old1.psr")
		ab="$ab
| $kind at 10 Hz, µs CPU per process-sample: this psrec ($n1, $n2) / PSREC_OLD ($o1, $o2) | $(awk -v a="$n1" -v b="$n2" -v c="$o1" -v d="$o2" 'BEGIN { printf "%.2fx", (a + b) / (c + d) }') | |
| $kind at 10 Hz, bytes per process-sample: this psrec / PSREC_OLD | $bn / $bo | |"
	done
fi

d=$(cpu_us "$T/default.psr"); x=$(cpu_us "$T/extended.psr")
cat <<EOT
## psrec recording cost ($(nproc) cores, $(uname -r), $(date -u +%Y-%m-%d))

| measure | value | target |
|---|---|---|
| floor: pread of stat+statm+io, fstat of fd dir (µs CPU per process-sample) | $floor ($floor1, $floor2) | |
| psrec default set, 100 idle at 10 Hz (µs CPU per process-sample) | $d ($(awk -v a="$d" -v b="$floor" 'BEGIN{printf "%.2f", a/b}')x floor) | ≤ 8 |
| floor with status too (the extended set's reads) | $floorx ($floorx1, $floorx2) | |
| psrec extended set, 100 idle at 10 Hz (µs CPU per process-sample) | $x ($(awk -v a="$x" -v b="$floorx" 'BEGIN{printf "%.2f", a/b}')x its floor) | ≤ 20 |
| bytes per process-sample, 100 idle, 10 Hz | $(bytes_ps "$T/default.psr") | ≤ 2 |
| bytes per process-sample, 100 idle, 10 Hz, extended | $(bytes_ps "$T/extended.psr") | |
| bytes per process-sample, 10 busy, 10 Hz | $(bytes_ps "$T/busy.psr") | ≤ 8 |
| bytes per process-sample, 100 idle, 1 Hz, $((secs * 6)) s | $(bytes_ps "$T/idle1hz.psr") | |
| bytes per process-sample, 10 busy, 1 Hz, $((secs * 6)) s | $(bytes_ps "$T/busy1hz.psr") | |
| psrec max RSS, one target | $(maxrss "$T/one.psr") | ≤ 8 MiB |
| psrec max RSS, 100 targets | $(maxrss "$T/default.psr") | |$ab
EOT
