# psreport --at TIME (issue 18): the table of every process alive at one
# moment, its sample at or just before it, sorted. A launched shell runs
# a busy process and an idle one for the whole run, and one after the
# other an idle one that ends early and one that starts late (the shell
# waits for each: no sleeps). At a moment after the late one started,
# the busy one ranks first, the early one is gone, the late one is there.
. "$(dirname "$0")/lib.sh" "$@"
cat >"$T/job.sh" <<'SH'
"$1" cpu --duty 1 --duration 3 &
"$1" idle --duration 3.1 &
"$1" idle --duration 0.5
"$1" idle --duration 1.2
wait
SH
"$PSREC" -q -i 0.05 -o "$T/a.psr" -- sh "$T/job.sh" "$WORKLOAD" ||
	fail "psrec: exit $?"
"$PSREPORT" --csv "$T/a.csv" "$T/a.psr" >/dev/null || fail "--csv: exit $?"
# roles by the samples (a command line may be read before the exec):
# the late one starts last, the early one ends first, the busy one uses
# the most CPU; the moment: 0.4 s after the late one's first sample
/usr/bin/python3 - "$T/a.csv" >"$T/roles" <<'PY' || fail "the CSV"
import csv, sys
first, last, cpu = {}, {}, {}
for r in csv.DictReader(open(sys.argv[1])):
    if r["timestamp"] == "avg" or r["name"] != "psr-workload":
        continue
    p, ts = r["pid"], float(r["timestamp"])
    first.setdefault(p, ts)
    last[p] = ts
    cpu[p] = cpu.get(p, 0) + float(r["cpu_percent"] or 0)
late = max(first, key=first.get)
early = min(last, key=last.get)
busy = max(cpu, key=cpu.get)
idle = [p for p in first if p not in (late, early, busy)]
print("busy", busy); print("early", early); print("late", late)
print("idle", idle[0] if len(idle) == 1 else "?")
print("at %.3f" % (first[late] + 0.4))
PY
role() { awk -v r="$1" '$1 == r { print $2 }' "$T/roles"; }
at=$(role at)
"$PSREPORT" --at "$at" "$T/a.psr" >"$T/at.txt" 2>"$T/at.err"
expect "--at: exit status" "$?" 0
expect "--at: nothing on stderr" "$(cat "$T/at.err")" ""
rows() { awk '$1 ~ /^[0-9]+$/ { print $1 }' "$1"; }
expect "--at: the busy process first" "$(rows "$T/at.txt" | head -1)" "$(role busy)"
expect "--at: the early one, ended, absent" \
	"$(rows "$T/at.txt" | grep -cx "$(role early)")" 0
expect "--at: the late one there" "$(rows "$T/at.txt" | grep -cx "$(role late)")" 1
expect "--at: the idle one there" "$(rows "$T/at.txt" | grep -cx "$(role idle)")" 1
grep -q "^.* at .*: [0-9]* processes alive, by cpu$" "$T/at.txt" ||
	fail "--at: the title: $(head -1 "$T/at.txt")"

# --top 1 shows one row and says how many more; --sort start puts the
# launched shell (the oldest) first
"$PSREPORT" --at "$at" --top 1 "$T/a.psr" >"$T/top.txt" || fail "--top 1: exit $?"
expect "--at --top 1: one row" "$(rows "$T/top.txt" | wc -l)" 1
grep -q "more processes (--top)" "$T/top.txt" || fail "--top 1: no 'more' line"
"$PSREPORT" --at "$at" --sort start "$T/a.psr" >"$T/start.txt" ||
	fail "--sort start: exit $?"
expect "--at --sort start: the shell first" \
	"$(awk '$1 ~ /^[0-9]+$/ { print $3; exit }' "$T/start.txt")" sh

# the clock time of the second after that moment (TZ=UTC here, from
# lib.sh): a whole second, inside the busy one's 3 s (the second before
# could fall before the run's first samples on a loaded machine)
clock=$(date -u -d "@$((${at%.*} + 1))" +%H:%M:%S)
"$PSREPORT" --at "$clock" "$T/a.psr" >"$T/clock.txt" || fail "--at $clock: exit $?"
expect "--at HH:MM:SS: the busy process first" "$(rows "$T/clock.txt" | head -1)" \
	"$(role busy)"

# outside the run, or not a time: one line naming --at, exit 2
for t in +1h 1000000000 25:00 soon; do
	"$PSREPORT" --at "$t" "$T/a.psr" >"$T/out" 2>"$T/err"
	expect "--at $t: exit 2" "$?" 2
	expect "--at $t: one line on stderr" "$(wc -l <"$T/err")" 1
	grep -q -- "--at" "$T/err" || fail "--at $t: $(cat "$T/err")"
	expect "--at $t: nothing on stdout" "$(wc -c <"$T/out")" 0
done
# --at writes standard output: another output there is refused
"$PSREPORT" --at "$at" --csv - "$T/a.psr" >/dev/null 2>"$T/err"
expect "--at --csv -: exit 2" "$?" 2
grep -q -- "--at and an output on standard output would mix" "$T/err" ||
	fail "--at --csv -: $(cat "$T/err")"
# --at goes with a report, not a mode
"$PSREPORT" --at +1 --runs "$T/a.psr" >/dev/null 2>"$T/err"
expect "--at --runs: exit 2" "$?" 2
exit $((failures > 0))
