#!/bin/sh
# Big-host benchmark (issue 22; run by hand, as root; not in the suite).
#
# For each count N (default 2,000 5,000 10,000 20,000) starts N idle
# processes (tests/bench/sleepers.c: forked, pause()), then records them
# at 1 Hz for S seconds (default 20) under two descriptor limits (soft
# and hard RLIMIT_NOFILE 20,000 and 1,024, set with prlimit), with
# `psrec -p LIST` and with `psrec -a`. With PSREC_OLD=/path/to/psrec, that
# older psrec records the same processes at the same time (side by side,
# the machine may be loaded: compare the ratio). Then pidstat and the
# psutil script (tests/bench/psutil_sampler.py) follow the same N, at the
# same time as each other, when they are installed (stopped after three
# times the duration when they cannot keep up).
#
# Reports, per row: µs CPU per process-sample (psrec: its own getrusage,
# stored in the log's CLOSE record and printed by psreport --info; pidstat
# and psutil: user + system time from /usr/bin/time over N x samples), the
# samples taken against S + 1 expected (a lost sample is one missing), and
# for psrec how late the first sample came after the start.
#
# usage: sh tests/bench/bighost.sh [SECONDS [N...]]
set -u
cd "$(dirname "$0")/../.." || exit 1
secs=${1:-20}
[ $# -gt 0 ] && shift
counts=${*:-2000 5000 10000 20000}
limits="20000 1024"
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" record/psrec report/psreport >/dev/null || exit 1
cc -O2 -o "$build/sleepers" tests/bench/sleepers.c || exit 1
PSREC=$build/record/psrec
PSREPORT=$build/report/psreport
OLD=${PSREC_OLD:-}
T=$(mktemp -d)
holder=""
trap '[ -n "$holder" ] && kill $holder 2>/dev/null; wait 2>/dev/null; rm -rf "$T"' EXIT
PY=/usr/bin/python3
have_pidstat=0; command -v pidstat >/dev/null && have_pidstat=1
have_psutil=0; "$PY" -c 'import psutil' 2>/dev/null && have_psutil=1

field() { "$PSREPORT" --info "$1" | grep -a -v '^command:' | sed -n "$2"; }
us_ps() { field "$1" 's/.*(\([0-9.]*\) us per process-sample).*/\1/p'; }
nsamples() { field "$1" 's/^samples: *\([0-9]*\).*/\1/p'; }
# seconds from the log's start to its first sample
first_late() {
	"$PSREPORT" --info "$1" | grep -a -v '^command:' | awk '
		function secs(d, t) { split(t, a, ":"); return a[1] * 3600 + a[2] * 60 + a[3] }
		/^start:/ { s = secs($2, $3) }
		/^samples:/ { f = secs($4, $5) }
		END { printf "%.2f", f - s }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
# CPU seconds (user + system) and wall seconds of a command, from
# /usr/bin/time -f (its last line: a killed one's first says so)
cpu_of() { tail -n 1 "$1" | awk '{ print $1 + $2 }'; }
wall_of() { tail -n 1 "$1" | awk '{ print $3 }'; }

nproc_limit() { awk '/^Max processes/ { print $3 }' /proc/self/limits; }
# What the kernel allows: free pids, threads, memory (about 40 KB each)
fits() { # fits N: 0 when N more processes fit, else says why
	n=$1
	running=$(ls /proc | grep -c '^[0-9]')
	pid_max=$(cat /proc/sys/kernel/pid_max)
	threads_max=$(cat /proc/sys/kernel/threads-max)
	avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	nproc_lim=$(nproc_limit)
	if [ $((running + n + 200)) -gt "$pid_max" ]; then
		why="pid_max $pid_max, $running running"
	elif [ $((running + n + 200)) -gt "$threads_max" ]; then
		why="threads-max $threads_max"
	elif [ $((n * 40)) -gt $((avail_kb / 2)) ]; then
		why="MemAvailable $((avail_kb / 1024)) MiB"
	elif [ "$(id -u)" != 0 ] && [ "$nproc_lim" != unlimited ] && [ "$n" -gt "$nproc_lim" ]; then
		why="ulimit -u $nproc_lim (not root)"
	else
		return 0
	fi
	return 1
}

# one recording by this psrec and, at the same time, by the old one
record_pair() { # record_pair TAG LIMIT ARGS...: logs $T/TAG.{new,old}.psr
	tag=$1 lim=$2; shift 2
	rm -f "$T/$tag.new.psr" "$T/$tag.old.psr"
	prlimit --nofile="$lim:$lim" "$PSREC" -q "$@" -i 1 -d "$secs" -o "$T/$tag.new.psr" &
	a=$!
	b=""
	if [ -n "$OLD" ]; then
		prlimit --nofile="$lim:$lim" "$OLD" -q "$@" -i 1 -d "$secs" -o "$T/$tag.old.psr" &
		b=$!
	fi
	wait $a $b
}

row() { # row LABEL TAG
	new=$(us_ps "$T/$2.new.psr")
	line="| $1 | $new | $(nsamples "$T/$2.new.psr")/$((secs + 1)) | $(first_late "$T/$2.new.psr") s"
	if [ -n "$OLD" ]; then
		old=$(us_ps "$T/$2.old.psr")
		line="$line | $old | $(nsamples "$T/$2.old.psr")/$((secs + 1)) | $(first_late "$T/$2.old.psr") s | $(ratio "$new" "$old")"
	fi
	echo "$line |"
}

cat <<EOT
## psrec on a big host ($(nproc) cores, $(uname -r), $(date -u '+%Y-%m-%d %H:%M UTC'))

Idle forked processes, 1 Hz, $secs s ($((secs + 1)) samples expected), default set,
load average at the start $(cut -d' ' -f1-3 /proc/loadavg). µs: CPU per process-sample.
pid_max $(cat /proc/sys/kernel/pid_max), threads-max $(cat /proc/sys/kernel/threads-max), ulimit -u $(nproc_limit) (root is not held to it), fs.nr_open $(cat /proc/sys/fs/nr_open).
EOT
[ -n "$OLD" ] && echo "old: $OLD ($("$OLD" --version 2>/dev/null | head -n 1)), recording at the same time."
echo
head="| N, limit, mode | µs | samples | first sample"
[ -n "$OLD" ] && head="$head | old µs | old samples | old first | new/old"
sep="|---|---|---|---"
[ -n "$OLD" ] && sep="$sep|---|---|---|---"
echo "$head |"
echo "$sep|"

others=""
for n in $counts; do
	if ! fits "$n"; then
		echo "| $n | did not fit: $why | | |"
		continue
	fi
	rm -f "$T/pids"
	"$build/sleepers" "$n" "$T/pids" &
	holder=$!
	while [ ! -s "$T/pids" ] && kill -0 "$holder" 2>/dev/null; do sleep 0.2; done
	[ -s "$T/pids" ] || { echo "| $n | sleepers failed | | |"; holder=""; continue; }
	list=$(paste -s -d, "$T/pids")
	for lim in $limits; do
		record_pair "p$n-$lim" "$lim" -p "$list"
		row "$n, $lim, -p" "p$n-$lim"
		record_pair "a$n-$lim" "$lim" -a
		row "$n, $lim, -a" "a$n-$lim"
	done
	# the other recorders, side by side with each other; stopped at three
	# times the duration when they cannot keep up (SIGINT: the psutil
	# script flushes what it wrote, pidstat prints its averages)
	bound=$((secs * 3))
	pp="" ps=""
	if [ "$have_pidstat" = 1 ]; then
		/usr/bin/time -f '%U %S %e' -o "$T/pidstat.time" \
			timeout -s INT "$bound" env LC_ALL=C pidstat -h -u -r -d -p "$list" 1 "$secs" >"$T/pidstat.out" 2>&1 &
		pp=$!
	fi
	if [ "$have_psutil" = 1 ]; then
		/usr/bin/time -f '%U %S %e' -o "$T/psutil.time" \
			timeout -s INT "$bound" "$PY" tests/bench/psutil_sampler.py 1 "$secs" "$list" "$T/psutil.csv" 2>"$T/psutil.err" &
		ps=$!
	fi
	wait $pp $ps
	if [ -n "$pp" ]; then
		# one line per process and interval; the samples are the distinct times
		k=$(awk '$1 ~ /^[0-9:]+$/ && $3 ~ /^[0-9]+$/ { print $1 }' "$T/pidstat.out" | sort -u | wc -l)
		rows=$(awk '$1 ~ /^[0-9:]+$/ && $3 ~ /^[0-9]+$/' "$T/pidstat.out" | wc -l)
		us=$(awk -v c="$(cpu_of "$T/pidstat.time")" -v r="$rows" 'BEGIN { if (r) printf "%.1f", c * 1e6 / r; else print "-" }')
		others="$others
| $n | pidstat | $us | $k/$secs intervals, $((rows / (k > 0 ? k : 1))) of $n processes each, $(wall_of "$T/pidstat.time") s |"
	fi
	if [ -n "$ps" ]; then
		rows=$(($(wc -l <"$T/psutil.csv") - 1))
		k=$(awk -F, 'NR > 1 { print $1 }' "$T/psutil.csv" | sort -u | wc -l)
		us=$(awk -v c="$(cpu_of "$T/psutil.time")" -v r="$rows" 'BEGIN { if (r > 0) printf "%.1f", c * 1e6 / r; else print "-" }')
		others="$others
| $n | psutil script | $us | $k/$((secs + 1)) samples in $(wall_of "$T/psutil.time") s (due in $secs s) |"
	fi
	kill "$holder"
	wait "$holder" 2>/dev/null
	holder=""
done
if [ -n "$others" ]; then
	echo
	echo "The other recorders on the same processes (at the same time as each other; limit $(ulimit -n)):"
	echo
	echo "| N | recorder | µs | kept up |"
	echo "|---|---|---|---|"
	echo "$others" | sed '/^$/d'
fi
