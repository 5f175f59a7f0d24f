#!/bin/sh
# Churn benchmark (issue 22; by hand, as root; not in the suite): how many
# of the processes that ran does each recorder count, how much of their
# CPU, and at what cost of its own?
#
# A driver shell (a copy of dash named churndrv) starts N processes one
# after the other: /bin/true, and every 50th a busy loop (a copy of dash
# named churnbusy, about 20 ms of CPU), as a build's or a cron host's
# short commands; most live far less than the 1 s interval. At the same
# time, from before the first start to after the last end:
#   psrec -a -i 1 (its exit accounting: taskstats, needs root)
#   pidstat -u -h -p ALL 1 (sysstat; every process each interval)
#   tests/bench/psutil_host.py 1 (psutil.process_iter() each second)
# The truth: N, and the CPU of the driver and its children from
# /usr/bin/time (the driver waited for every one).
#
# Reports per recorder: the `true` processes counted of N, the CPU of
# the three commands counted against the truth, the recorder's own CPU
# (psrec: its getrusage in the log's CLOSE record; the others:
# /usr/bin/time).
#
# usage: sh tests/bench/churn_peers.sh [N...]   (default 5000 20000 50000)
set -u
cd "$(dirname "$0")/../.." || exit 1
counts=${*:-5000 20000 50000}
build=${BUILD:-build-bench}
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" record/psrec report/psreport >/dev/null || exit 1
PSREC=$build/record/psrec
PSREPORT=$build/report/psreport
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
have_pidstat=0; command -v pidstat >/dev/null && have_pidstat=1
PY=/usr/bin/python3
have_psutil=0; "$PY" -c 'import psutil' 2>/dev/null && have_psutil=1
cp /bin/dash "$T/churndrv" && cp /bin/dash "$T/churnbusy" || exit 1
cat >"$T/drv.sh" <<'EOF'
n=$1 busy=$2 i=0
while [ $i -lt "$n" ]; do
	i=$((i + 1))
	if [ $((i % 50)) -eq 0 ]; then
		"$busy" -c 'j=0; while [ $j -lt 20000 ]; do j=$((j + 1)); done'
	else
		/bin/true
	fi
done
EOF
cpu_of() { tail -n 1 "$1" | awk '{ printf "%.2f", $1 + $2 }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f %%", 100 * a / b; else print "-" }'; }

cat <<EOT
## Counting a churn ($(nproc) cores, $(uname -r), $(date -u '+%Y-%m-%d %H:%M UTC'))

N processes started one after the other (/bin/true; every 50th a 20 ms busy
loop), recorded at 1 s by each recorder at the same time; load average
at the start $(cut -d' ' -f1-3 /proc/loadavg).

| N | recorder | \`true\` counted | CPU counted / truth | own CPU |
|---|---|---|---|---|
EOT
for n in $counts; do
	rm -f "$T/a.psr"
	"$PSREC" -q -a -i 1 -o "$T/a.psr" &
	rec=$!
	pst=""
	if [ "$have_pidstat" = 1 ]; then
		/usr/bin/time -f '%U %S' -o "$T/pidstat.time" \
			env LC_ALL=C S_TIME_FORMAT=ISO pidstat -u -h -p ALL 1 >"$T/pidstat.out" 2>&1 &
		pst=$!
	fi
	psu=""
	if [ "$have_psutil" = 1 ]; then
		/usr/bin/time -f '%U %S' -o "$T/psutil.time" \
			"$PY" tests/bench/psutil_host.py 1 "$T/psutil.out" &
		psu=$!
	fi
	sleep 1.5 # every recorder has taken its first sample
	/usr/bin/time -f '%U %S %e' -o "$T/drv.time" "$T/churndrv" "$T/drv.sh" "$n" "$T/churnbusy"
	sleep 1.5 # and one after the last process ended
	kill -INT $rec $pst $psu 2>/dev/null
	# /usr/bin/time passes the signal on; pidstat ends on SIGINT
	[ -n "$pst" ] && pkill -INT -x pidstat
	[ -n "$psu" ] && pkill -INT -f psutil_host.py
	wait
	truth=$(cpu_of "$T/drv.time")
	wall=$(awk '{ print $3 }' "$T/drv.time")
	echo "| $n | truth | $((n - n / 50)) (and $((n / 50)) busy) | $truth CPU-s in $wall s | |"

	# the driver's children only: other `true` run on a busy machine
	"$PSREPORT" --force --json "$T/a.json" "$T/a.psr" >/dev/null 2>&1
	"$PY" - "$T/a.json" "$n" "$truth" "$("$PSREPORT" --info "$T/a.psr" |
		sed -n 's/.*psrec used \([0-9.]* [a-z]*\) CPU.*/\1/p')" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
n, truth, own = int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
drv = [p for p in run["processes"] if p["name"] == "churndrv"]
pid = max(drv, key=lambda p: p["samples"])["pid"] if drv else -1
rows = [(p["name"], p["ppid"], p["cpu_total_seconds"] or 0) for p in run["processes"]]
rows += [(e["name"], e["ppid"], e["cpu_seconds"]) for e in run.get("exited", [])]
t = sum(1 for name, ppid, _ in rows if name == "true" and ppid == pid)
c = sum(cpu for name, ppid, cpu in rows if ppid == pid and name in ("true", "churnbusy"))
c += sum(p["cpu_total_seconds"] or 0 for p in run["processes"] if p["pid"] == pid)
print("| %d | psrec -a | %d | %.2f (%.1f %%) | %s |" % (n, t, c, 100 * c / truth if truth > 0 else 0, own))
EOF
	if [ -n "$pst" ]; then
		# rows: time UID PID %usr %system %guest %wait %CPU CPU Command
		awk -v n="$n" -v truth="$truth" -v own="$(cpu_of "$T/pidstat.time") s" '
			$1 !~ /^#/ && NF >= 10 && $3 ~ /^[0-9]+$/ {
				if ($10 == "true" && !($3 in seen)) { seen[$3] = 1; t++ }
				if ($10 == "true" || $10 == "churnbusy" || $10 == "churndrv") c += $8 / 100
			}
			END { printf "| %d | pidstat -p ALL 1 | %d | %.2f (%.1f %%) | %s |\n", n, t, c, (truth > 0 ? 100 * c / truth : 0), own }' "$T/pidstat.out"
	fi
	if [ -n "$psu" ]; then
		awk -v n="$n" -v truth="$truth" -v own="$(cpu_of "$T/psutil.time") s" '
			$2 == "true" { t++ }
			$2 == "true" || $2 == "churnbusy" || $2 == "churndrv" { c += $3 }
			END { printf "| %d | psutil script | %d | %.2f (%.1f %%) | %s |\n", n, t, c, (truth > 0 ? 100 * c / truth : 0), own }' "$T/psutil.out"
	fi
done
