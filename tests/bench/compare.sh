#!/bin/sh
# Recorder comparison (by hand; not part of the pass/fail suite; run by
# tests/bench/run.sh, which writes results.md).
#
# Starts its own targets, 100 idle processes and 10 busy ones (3 spinning
# 20% of the time, 2 with memory in a sawtooth, 2 growing, 3 writing a
# steady stream to disk), and records all 110 for SECONDS at 1 Hz, then
# for SECONDS at 10 Hz, with every contender AT THE SAME TIME, so that all
# see the same targets and the same machine: psrec (default set, -x,
# --uss), pidstat -h -u -r -d -w (sysstat), a psutil script
# (psutil_sampler.py), atop's raw log (atop -w) if atop is installable,
# and the floor (floor.c: the same reads as psrec with kept-open
# descriptors, and nothing else; -x: with status). pidstat and atop take
# whole seconds only: they have no 10 Hz round. Each is charged the CPU
# time of its process and its children (cost.c, wait4's rusage), which a
# noisy machine does not change much, unlike wall time; ratios are taken
# within one round. REPEATS rounds of each; the table gives the median and
# the spread (min-max).
#
# usage: sh tests/bench/compare.sh [SECONDS [REPEATS]]   (60 3: about
# 2 x SECONDS x REPEATS). Markdown on standard output, progress on stderr.
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps time sysstat python3-psutil || exit 1
# atop is optional: its rows are left out when it cannot be installed
psr_install_deps atop >/dev/null 2>&1 || echo "compare: atop not installable, left out" >&2
secs=${1:-60}
reps=${2:-3}
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
for prog in cost iowriter floor; do
	cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$build/bench-$prog" "tests/bench/$prog.c" || exit 1
done
COST=$build/bench-cost
PSREC=$build/record/psrec
WL=$build/samples/psr-workload
PY=/usr/bin/python3 # Debian's, where python3-psutil is
# logs go to a disk, as a recorder's would (not to a tmpfs)
T=$(mktemp -d /var/tmp/psr-compare.XXXXXX)
pids=""
trap 'kill $pids 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM

for i in $(seq 1 100); do "$WL" idle & pids="$pids $!"; done
for i in 1 2 3; do "$WL" cpu --duty 0.2 & pids="$pids $!"; done
for i in 1 2; do "$WL" sawtooth --size 64M --period 2 & pids="$pids $!"; done
for i in 1 2; do "$WL" grow --rate 256K & pids="$pids $!"; done
for i in 1 2 3; do "$build/bench-iowriter" "$T/io$i" 1000000 & pids="$pids $!"; done
list=$(echo $pids | tr ' ' ,)
nproc_t=$(echo $pids | wc -w)
sleep 1 # the targets' first allocations

atop_ok=0
command -v atop >/dev/null && atop_ok=1

# round REP HZ: every contender at once on the same targets
round() {
	d=$T/r$1-$2
	mkdir -p "$d"
	iv=$(awk -v h="$2" 'BEGIN { print 1 / h }')
	n=$((secs * $2 + 1)) # psrec -d, floor and the script: both ends
	cpids=""
	"$COST" "$d/psrec.cost" "$PSREC" -q -o "$d/psrec.out" -p "$list" -i "$iv" -d "$secs" &
	cpids="$cpids $!"
	"$COST" "$d/psrec-x.cost" "$PSREC" -q -x -o "$d/psrec-x.out" -p "$list" -i "$iv" -d "$secs" &
	cpids="$cpids $!"
	"$COST" "$d/psrec-uss.cost" "$PSREC" -q --uss -o "$d/psrec-uss.out" -p "$list" -i "$iv" -d "$secs" &
	cpids="$cpids $!"
	"$COST" "$d/psutil.cost" "$PY" tests/bench/psutil_sampler.py "$iv" "$secs" "$list" "$d/psutil.out" &
	cpids="$cpids $!"
	"$COST" "$d/floor.cost" "$build/bench-floor" "$iv" "$secs" $pids >/dev/null &
	cpids="$cpids $!"
	"$COST" "$d/floor-x.cost" "$build/bench-floor" -x "$iv" "$secs" $pids >/dev/null &
	cpids="$cpids $!"
	if [ "$2" = 1 ]; then
		# one report per interval after the first reading
		LC_ALL=C "$COST" "$d/pidstat.cost" pidstat -h -u -r -d -w -p "$list" 1 "$secs" >"$d/pidstat.out" &
		cpids="$cpids $!"
		if [ $atop_ok = 1 ]; then
			"$COST" "$d/atop.cost" atop -w "$d/atop.out" 1 "$secs" >/dev/null 2>&1 &
			cpids="$cpids $!"
		fi
	fi
	wait $cpids
	for c in "$d"/*.cost; do
		name=$(basename "$c" .cost)
		case $name in pidstat|atop) ns=$secs ;; *) ns=$n ;; esac
		bytes=0
		[ -f "$d/$name.out" ] && bytes=$(stat -c %s "$d/$name.out")
		echo "$1 $2 $name $(cat "$c") $bytes $((ns * nproc_t))" >>"$T/rows"
	done
}

procs_before=$(ls /proc | grep -c '^[0-9]')
for r in $(seq 1 "$reps"); do
	for hz in 1 10; do
		echo "compare: round $r of $reps at $hz Hz ($secs s)" >&2
		round "$r" "$hz"
	done
done

pidstat_v=$(pidstat -V 2>&1 | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -1)
psutil_v=$("$PY" -c 'import psutil; print(psutil.__version__)')
atop_v=$( [ $atop_ok = 1 ] && atop -V 2>&1 | sed -n 's/^Version: \([0-9.]*\).*/\1/p' | head -1)
"$PY" - "$T/rows" "$secs" "$reps" "$nproc_t" "$procs_before" \
	"${pidstat_v:-?}" "$psutil_v" "${atop_v:-}" <<'EOF_PY'
import statistics, sys
rows_file, secs, reps, ntargets, nprocs, pidstat_v, psutil_v, atop_v = sys.argv[1:]
rows = {}
for line in open(rows_file):
    rep, hz, name, cpu, rss, size, ps = line.split()
    rows[(int(rep), int(hz), name)] = (float(cpu), int(rss), int(size), int(ps))

order = [
    ("floor", "floor (kept-open pread of stat, statm, io; fstat of fd dir)"),
    ("psrec", "**psrec** default set"),
    ("floor-x", "floor -x (+ status)"),
    ("psrec-x", "psrec -x (extended set)"),
    ("psrec-uss", "psrec --uss (default + smaps_rollup)"),
    ("pidstat", f"pidstat {pidstat_v} -h -u -r -d -w -p LIST"),
    ("psutil", f"psutil {psutil_v} script, oneshot(), CSV"),
    ("atop", f"atop {atop_v} -w raw log (all ~{nprocs} processes)"),
]
floor_of = {"psrec": "floor", "psrec-x": "floor-x"}
NOTES = """What each reads: psrec's default set, stat, statm, io and the count of
descriptors; -x adds status (context switches, swap, HWM, RSS breakdown).
pidstat -u -r -d -w: stat, status and io, opened afresh at each sample, and
a text line per process and sample. The psutil script: stat, statm, status,
io and a listing of the fd directory per process (the default set without
page faults, which psutil 5.9 does not give, plus context switches). atop:
every process of the machine, not only the targets, and system-wide
figures. Bytes: the log, the text or the CSV each writes, per
process-sample."""

def med(xs):
    return statistics.median(xs)

def spread(xs, fmt):
    return f"{fmt.format(med(xs))} ({fmt.format(min(xs))}–{fmt.format(max(xs))})"

print(f"{ntargets} targets (100 idle, 10 busy), {secs} s per round, "
      f"{reps} rounds at each rate, all contenders at once. CPU: user + system "
      "of the contender and its children, µs per process-sample (one process "
      "sampled once); median (min–max) over the rounds. × psrec: the ratio to "
      "psrec's default set in the same round (median of the ratios).\n")
print("| recorder | rate | CPU µs / process-sample | × psrec | × its floor | "
      "max RSS | bytes / process-sample | bytes × psrec |")
print("|---|---|---|---|---|---|---|---|")
verdicts = []
for hz in (1, 10):
    for name, label in order:
        keys = [(r, hz, name) for r in range(1, int(reps) + 1)]
        have = [k for k in keys if k in rows]
        if not have:
            if name in ("pidstat", "atop") and hz == 10:
                print(f"| {label} | 10 Hz | not possible: whole seconds only "
                      "(minimum interval 1 s) | | | | | |")
            continue
        us = [rows[k][0] * 1e6 / rows[k][3] for k in have]
        ratio = [rows[k][0] / rows[(k[0], hz, "psrec")][0] for k in have]
        rss = [rows[k][1] / 1024 for k in have]
        b = [rows[k][2] / rows[k][3] for k in have]
        bpsrec = [rows[(k[0], hz, "psrec")][2] / rows[(k[0], hz, "psrec")][3]
                  for k in have]
        fl = ""
        if name in floor_of:
            f = [rows[k][0] / rows[(k[0], hz, floor_of[name])][0] for k in have]
            fl = spread(f, "{:.2f}") + "x"
        if name.startswith("floor"):
            bcol, bx = "—", ""
        else:
            bcol = f"{med(b):.2f}"
            bx = "1" if name == "psrec" else f"{med(b) / med(bpsrec):.1f}x"
        rx = "1" if name == "psrec" else spread(ratio, "{:.2f}") + "x"
        print(f"| {label} | {hz} Hz | {spread(us, '{:.1f}')} | {rx} | {fl} | "
              f"{med(rss):.1f} MiB | {bcol} | {bx} |")
        if name in ("pidstat", "psutil", "atop"):
            r = med(ratio)
            if name == "atop":
                verdicts.append(f"- atop reads all {nprocs} processes of the machine, not "
                                f"just the {ntargets} targets: "
                                f"{med(us) * int(ntargets) / int(nprocs):.1f} µs per "
                                "process it recorded.")
            if name == "atop":
                goal = "no target set"
            else:
                goal = ("meets" if r >= 10 else "does NOT meet") + " the 10x target"
            verdicts.append(f"- {name} at {hz} Hz: {r:.1f}x psrec's CPU "
                            f"({goal}), {med(b) / med(bpsrec):.1f}x its bytes.")
        if name in floor_of:
            f = med([rows[k][0] / rows[(k[0], hz, floor_of[name])][0] for k in have])
            verdicts.append(f"- {name} at {hz} Hz: {f:.2f}x its floor "
                            f"({'within' if f <= 1.5 else 'NOT within'} the 1.5x goal).")
print()
print(NOTES)
print()
print("\n".join(verdicts))
EOF_PY
