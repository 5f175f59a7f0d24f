#!/bin/sh
# psrec carries the memory figures of a process that has not run since its
# last read while no host-wide counter of reclaim, swap, THP or OOM events
# moved (record/procfs.c, proc_sample). Sleeping processes whose memory
# changes from outside must still be recorded right: reclaim (a memory
# cgroup's limit, as root), a vfork child growing the shared memory while
# its parent waits in state D (at once), a clone(CLONE_VM) child doing the
# same while its parent sleeps in S (no counter shows it: within the 16
# samples of the safety net). 20 idle processes are recorded besides: the
# shortcut needs 16 candidates.
# usage: memory_carry.sh PSREC PSREPORT WORKLOAD MEMHOLD
. "$(dirname "$0")/lib.sh" "$@"
MEMHOLD=$(abs "$4")

fillers=""
for i in $(seq 1 20); do
	start_workload idle
	fillers="$fillers,$wl_pid"
done

# start_hold ARGS...: memhold in the background, waits for its ready file
start_hold() {
	rm -f "$T/ready"
	"$MEMHOLD" "$@" "$T/ready" &
	hold_pid=$!
	bg_pids="$bg_pids $hold_pid"
	for i in $(seq 1 200); do
		[ -e "$T/ready" ] && return 0
		sleep 0.05
	done
	fail "memhold $1 never got ready"
}

# rss_series LOG PID: "t rss_bytes" of pid's sample rows
rss_series() {
	"$PSREPORT" --force --csv "$T/s.csv" "$1" >/dev/null 2>&1 || fail "psreport $1"
	tc=$(csv_col "$T/s.csv" t)
	pc=$(csv_col "$T/s.csv" pid)
	rc=$(csv_col "$T/s.csv" rss_bytes)
	awk -F, -v tc="$tc" -v pc="$pc" -v rc="$rc" -v p="$2" \
		'NR > 1 && $1 != "avg" && $pc == p { print $tc, $rc }' "$T/s.csv"
}

# 1. a clone(CLONE_VM|CLONE_VFORK) child grows the memory by 40 MiB over
# 3 s while the parent waits (D): every sample must see its size at once
start_hold vfork 40 3
"$PSREC" -q -o "$T/vfork.psr" -p "$hold_pid$fillers" -i 0.1 -d 4.5 ||
	fail "vfork: psrec exit $?"
# distinct sizes among the samples of the growth (20 steps over 3 s, at
# 10 Hz): a carried size would change only every 16 samples (about 3)
n=$(rss_series "$T/vfork.psr" "$hold_pid" | awk '$1 > 1.2 && $1 < 3.9 { print $2 }' | sort -u | wc -l)
within "vfork parent: distinct RSS values while its child grows it" "$n" 12 40
stop_workload "$hold_pid"

# 2. the same with a plain clone(CLONE_VM) child: the parent sleeps in S
# and no counter moves, only the periodic re-read (16 samples) sees it
start_hold clone 40 3
"$PSREC" -q -o "$T/clone.psr" -p "$hold_pid$fillers" -i 0.1 -d 6 ||
	fail "clone: psrec exit $?"
rss_series "$T/clone.psr" "$hold_pid" >"$T/clone.rss"
final=$(awk '$1 > 4.5 { print $2 }' "$T/clone.rss" | sort -n | tail -1)
first=$(awk 'NR == 1 { print $2 }' "$T/clone.rss")
within "clone parent: RSS grown by the child, recorded (MiB)" \
	"$(awk -v a="$final" -v b="$first" 'BEGIN { print (a - b) / 1048576 }')" 38 42
# the longest run of samples with an unchanged size while it grew
run=$(awk '$1 > 1.2 && $1 < 3.9 { if ($2 == last) n++; else n = 1; if (n > m) m = n; last = $2 } END { print m + 0 }' "$T/clone.rss")
within "clone parent: samples in a row with a stale RSS while it grows" "$run" 1 17
stop_workload "$hold_pid"

# 3. reclaim: memory cgroup (v1) limits below a sleeping process's file
# pages take them away, in three steps; the samples from 0.25 s after each
# must show it (a carried size would stay until its re-read, up to 16
# samples later: 1.6 s)
cg=/sys/fs/cgroup/memory
if [ "$(id -u)" = 0 ] && [ -w "$cg" ] && [ -e "$cg/memory.limit_in_bytes" ] &&
	mkdir "$cg/psr-test-$$" 2>/dev/null; then
	cgd=$cg/psr-test-$$
	rm -f "$T/ready"
	# in the cgroup before it maps anything, so its pages are charged there
	sh -c 'echo $$ >"$1/cgroup.procs" && exec "$2" file "$3" 64 "$4"' sh \
		"$cgd" "$MEMHOLD" /var/tmp/psr-memhold.$$ "$T/ready" &
	hold_pid=$!
	bg_pids="$bg_pids $hold_pid"
	for i in $(seq 1 200); do [ -e "$T/ready" ] && break; sleep 0.05; done
	"$PSREC" -q -o "$T/reclaim.psr" -p "$hold_pid$fillers" -i 0.1 -d 4.5 &
	rec=$!
	: >"$T/limits"
	page=$(getconf PAGESIZE)
	for mb in 48 32 16; do
		sleep 1.2
		now=$(date +%s.%N)
		echo "${mb}M" >"$cgd/memory.limit_in_bytes" 2>/dev/null ||
			fail "cannot set the cgroup's limit to $mb MiB"
		# its resident size now (shared libraries charged elsewhere
		# may keep it above the limit), which must show from then on
		echo "$now $(($(cut -d' ' -f2 /proc/$hold_pid/statm) * page))" >>"$T/limits"
	done
	wait "$rec" || fail "reclaim: psrec exit $?"
	"$PSREPORT" --force --csv "$T/s.csv" "$T/reclaim.psr" >/dev/null 2>&1 ||
		fail "psreport reclaim.psr"
	ec=$(csv_col "$T/s.csv" timestamp)
	pc=$(csv_col "$T/s.csv" pid)
	rc=$(csv_col "$T/s.csv" rss_bytes)
	awk -F, -v ec="$ec" -v pc="$pc" -v rc="$rc" -v p="$hold_pid" \
		'NR > 1 && $1 != "avg" && $pc == p { print $ec, $rc }' "$T/s.csv" >"$T/reclaim.rss"
	before=$(awk 'NR == 2 { print $2 / 1048576 }' "$T/reclaim.rss")
	within "reclaimed process: RSS before the limits (MiB)" "$before" 60 80
	# samples later than 0.25 s after a limit that show neither the
	# resident size read then nor that after a later limit (within 1 MiB)
	late=$(awk 'function near(a, b) { return a <= b + 1048576 && a >= b - 1048576 }
		NR == FNR { at[NR] = $1; rss[NR] = $2; n = NR; next }
		{ k = 0; for (i = 1; i <= n; i++) if ($1 > at[i] + 0.25) k = i
		  if (!k) next
		  ok = near($2, rss[k])
		  for (j = k + 1; j <= n; j++) if ($1 > at[j] && near($2, rss[j])) ok = 1
		  bad += !ok }
		END { print bad + 0 }' "$T/limits" "$T/reclaim.rss")
	expect "reclaimed process: samples with a stale RSS 0.25 s after a limit" "$late" 0
	drop=$(awk 'END { print $2 / 1048576 }' "$T/limits")
	within "reclaimed process: RSS after the last limit (MiB)" "$drop" 0 40
	stop_workload "$hold_pid"
	rmdir "$cgd" 2>/dev/null
	rm -f /var/tmp/psr-memhold.$$
else
	echo "skip: reclaim part (needs root and a v1 memory cgroup)"
fi
finish
