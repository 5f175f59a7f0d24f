# Signals on a long run: SIGUSR1 writes buffered samples now; SIGHUP after
# logrotate moved the log creates it again as the next part of the run
# (the old one is closed and complete), and does nothing when the log was
# not moved; SIGTERM takes a last sample and closes. Checked on the files.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
SYSDUMP=$(abs "$4")
start_workload idle
info() { "$PSREPORT" --info "$1" 2>/dev/null; }
nsamples() { info "$1" | sed -n 's/^samples: *\([0-9]*\).*/\1/p'; }
# flush only when told: a 1000 s flush interval
"$PSREC" -q -p "$wl_pid" -i 0.02 --flush 1000 -o "$T/h.psr" 2>"$T/err" &
rec=$!
bg_pids="$bg_pids $rec"
# the header is written at once (after the signal handlers are set):
# samples only by a flush
for i in $(seq 1 200); do
	[ -s "$T/h.psr" ] && break
	sleep 0.05
done
hsize=$(stat -c %s "$T/h.psr")
ok=0
for i in $(seq 1 100); do
	kill -USR1 "$rec"
	sleep 0.05
	[ "$(nsamples "$T/h.psr")" -ge 2 ] && ok=1 && break
done
expect "SIGUSR1 writes the samples taken so far" "$ok" 1
size=$(stat -c %s "$T/h.psr")
within "a block follows the header" "$size" $((hsize + 1)) 100000

# logrotate: move the log, then SIGHUP
mv "$T/h.psr" "$T/h.psr.1"
kill -HUP "$rec"
for i in $(seq 1 100); do
	[ -f "$T/h.psr" ] && break
	sleep 0.05
done
[ -f "$T/h.psr" ] || fail "SIGHUP creates the log again"
# SIGHUP without a move: nothing changes but a message
kill -HUP "$rec"
for i in $(seq 1 100); do
	grep -q "was not moved" "$T/err" && break
	sleep 0.05
done
grep -q "^psrec: SIGHUP: '$T/h.psr' was not moved; writing on$" "$T/err" || fail "says the log was not moved: $(cat "$T/err")"
for i in $(seq 1 100); do
	kill -USR1 "$rec"
	sleep 0.05
	[ "$(nsamples "$T/h.psr")" -ge 2 ] && break
done
kill -TERM "$rec"
wait "$rec"
expect "psrec exits 0 after SIGTERM" "$?" 0
[ -f "$T/h.psr.2" ] || [ -f "$T/h.1.psr" ] && fail "no other file made"
info "$T/h.psr.1" >"$T/i1"
info "$T/h.psr" >"$T/i2"
grep -q "^closed: *yes (rotated to the next part)" "$T/i1" || fail "the moved log is closed: $(grep closed "$T/i1")"
grep -q "^closed: *yes (signal)" "$T/i2" || fail "the new log is closed by SIGTERM: $(grep closed "$T/i2")"
"$PSREPORT" --info "$T/h.psr.1" "$T/h.psr" >/dev/null 2>"$T/rerr"
expect "both read without a warning" "$(cat "$T/rerr")" ""
set -- $("$SYSDUMP" "$T/h.psr.1" | head -n 1) $("$SYSDUMP" "$T/h.psr" | head -n 1)
expect "same run" "$3" "$8"
expect "parts 0 and 1" "$4 $9" "0 1"
[ "$5" != "${10}" ] || fail "each file has its own log id"
# every sample in one file only: the first file ends before the second
# starts (the CSV's times have milliseconds: a last sample on SIGTERM may
# share one with the sample before it, in the same file)
"$PSREPORT" --csv "$T/h1.csv" "$T/h.psr.1"
"$PSREPORT" --csv "$T/h2.csv" "$T/h.psr"
end1=$(csv_values "$T/h1.csv" timestamp | tail -n 1)
start2=$(csv_values "$T/h2.csv" timestamp | head -n 1)
awk -v a="$end1" -v b="$start2" 'BEGIN { exit !(a < b) }' ||
	fail "the second file starts after the first ends: $end1 $start2"
n1=$(sed -n 's/^samples: *\([0-9]*\).*/\1/p' "$T/i1")
n2=$(sed -n 's/^samples: *\([0-9]*\).*/\1/p' "$T/i2")
"$PSREPORT" --csv "$T/h.csv" "$T/h.psr.1" "$T/h.psr"
expect "read together: every sample of both" "$(csv_values "$T/h.csv" t | wc -l)" $((n1 + n2))
stop_workload "$wl_pid"
finish
