# psrec --textfile read by a real prometheus-node-exporter (its textfile
# collector, on a loopback port of our own): no scrape error, a TYPE for
# every family, values against /proc read at the same moment (descriptor
# and thread counts exact, RSS within 5% of statm), labels escaped,
# --textfile-by target sums that never go down, --no-log, psrec_up 0 at
# exit, mode 0644 under any umask, and the errors. Exit 77 (skipped) when
# no node_exporter can be started.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"

skip() { echo "skipped: $*"; exit 77; }
NE=$(command -v prometheus-node-exporter || command -v node_exporter) ||
	skip "prometheus-node-exporter is not installed"
command -v curl >/dev/null || skip "curl is not installed"

D="$T/textfiles"
mkdir "$D"

# ---- node_exporter on a free loopback port, textfile collector only ----
ne_pid=""
for try in 1 2 3 4 5; do
	port=$(awk -v s="$$$try" 'BEGIN { srand(s); print 20000 + int(rand() * 40000) }')
	"$NE" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$D" \
		>"$T/ne.log" 2>&1 &
	ne_pid=$!
	bg_pids="$bg_pids $ne_pid"
	# wait for it to answer (or to die: port taken), at most 10 s
	i=0
	while [ $i -lt 100 ] && kill -0 "$ne_pid" 2>/dev/null &&
		! curl -sf "http://127.0.0.1:$port/metrics" >/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	curl -sf "http://127.0.0.1:$port/metrics" >/dev/null && break
	kill "$ne_pid" 2>/dev/null
	ne_pid=""
done
[ -n "$ne_pid" ] || skip "node_exporter did not start: $(tail -1 "$T/ne.log")"

scrape() { curl -sf "http://127.0.0.1:$port/metrics" >"$1"; }

# value FILE NAME FRAGMENT...: the value of the line of family NAME whose
# labels hold every fragment (e.g. 'pid="12"'); empty when none
value() {
	f=$1 name=$2
	shift 2
	awk -v name="$name" -v frags="$*" '
		BEGIN { n = split(frags, want, " ") }
		index($0, name "{") == 1 || $0 ~ ("^" name " ") {
			for (i = 1; i <= n; i++) if (!index($0, want[i])) next
			print $NF; exit
		}' "$f"
}

# wait_for FILE AWK-CONDITION: poll psrec's file (written every 0.1 s here)
# until the condition holds, at most 20 s
wait_for() {
	i=0
	while [ $i -lt 200 ]; do
		[ -f "$1" ] && awk "$2 { found = 1 } END { exit !found }" "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# ---- one series per process ----
start_workload fds --count 7
fds_pid=$wl_pid
start_workload threads --count 5
thr_pid=$wl_pid
start_workload steady --size 24M
mem_pid=$wl_pid
# comm with a quote, a backslash, a newline and a byte that is not UTF-8
odd=$(printf 'q"b\\s\nn\377')
cp "$WORKLOAD" "$T/$odd"
fifo="$T/odd.ready"
mkfifo "$fifo"
"$T/$odd" idle --ready-fd 3 3>"$fifo" &
odd_pid=$!
bg_pids="$bg_pids $odd_pid"
cat "$fifo" >/dev/null

(umask 077 && exec "$PSREC" -q -p "$fds_pid,$thr_pid,$mem_pid,$odd_pid" \
	-i 0.1 --textfile-every 0.1 --textfile "$D/psrec.prom" \
	-o "$T/live.psr") 2>"$T/psrec.err" &
psrec_pid=$!
bg_pids="$bg_pids $psrec_pid"
wait_for "$D/psrec.prom" '/^psrec_samples_total\{[^}]*\} ([3-9]|[0-9][0-9])$/' ||
	fail "psrec wrote no textfile with 3 samples: $(cat "$T/psrec.err")"

scrape "$T/scrape1"
rss_truth=$(awk -v p="$(getconf PAGESIZE)" '{ print $2 * p }' "/proc/$mem_pid/statm")
expect "node_exporter reads it without error" \
	"$(value "$T/scrape1" node_textfile_scrape_error)" 0
for fam in psrec_cpu_seconds_total:counter psrec_resident_memory_bytes:gauge \
	psrec_virtual_memory_bytes:gauge psrec_read_bytes_total:counter \
	psrec_written_bytes_total:counter psrec_open_fds:gauge \
	psrec_threads:gauge psrec_major_faults_total:counter \
	psrec_minor_faults_total:counter psrec_syscall_read_bytes_total:counter \
	psrec_up:gauge psrec_samples_total:counter \
	psrec_last_sample_timestamp_seconds:gauge psrec_processes:gauge; do
	name=${fam%:*} type=${fam#*:}
	grep -qx "# TYPE $name $type" "$T/scrape1" || fail "no '# TYPE $name $type'"
done
ok "every family has its TYPE"
# the extended set is not recorded: its families are not there
grep -q '^# TYPE psrec_voluntary_context_switches_total' "$T/scrape1" &&
	fail "an extended family without -x"

fds_truth=$(ls "/proc/$fds_pid/fd" | wc -l)
expect "descriptors, exact" \
	"$(value "$T/scrape1" psrec_open_fds "pid=\"$fds_pid\"")" "$fds_truth"
expect "the workload holds 7 descriptors" "$fds_truth" 7
expect "threads, exact" "$(value "$T/scrape1" psrec_threads "pid=\"$thr_pid\"")" 5
expect "threads as /proc says" \
	"$(awk '/^Threads:/ { print $2 }' "/proc/$thr_pid/status")" 5
rss=$(value "$T/scrape1" psrec_resident_memory_bytes "pid=\"$mem_pid\"")
within "RSS within 5% of statm" "${rss:-0}" \
	"$(awk -v t="$rss_truth" 'BEGIN { print t * 0.95 }')" \
	"$(awk -v t="$rss_truth" 'BEGIN { print t * 1.05 }')"
within "RSS holds the 24 MiB touched" "${rss:-0}" 25165824 40000000
# labels: target is the -p pid; start is the process start in Unix time
start=$(awk -v b="$(awk '/^btime/ { print $2 }' /proc/stat)" \
	-v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); split($0, f, " ");
	printf "%d.%02d", b + int(f[20] / hz), (f[20] % hz) * 100 / hz }' \
	"/proc/$fds_pid/stat")
grep -q "^psrec_open_fds{.*pid=\"$fds_pid\".*start=\"$start\".*target=\"$fds_pid\"" \
	"$T/scrape1" || fail "pid, start and target labels: $(grep "pid=\"$fds_pid\"" "$T/scrape1" | head -1)"
ok "labels pid, start ($start), target"
grep -q "comm=\"$(printf 'q\\\\"b\\\\\\\\s\\\\nn\357\277\275')\"" "$T/scrape1" ||
	fail "the odd comm escaped: $(grep "pid=\"$odd_pid\"" "$T/scrape1" | head -1)"
ok "an odd comm is escaped and made UTF-8"
expect "psrec_up while recording" "$(value "$T/scrape1" psrec_up)" 1
expect "psrec_processes" "$(value "$T/scrape1" psrec_processes)" 4
expect "mode 0644 under umask 077" "$(stat -c %a "$D/psrec.prom")" 644
# (the lock, .psrec.prom.tmp.lock, is held while psrec runs)
ls -a "$D" | grep '\.tmp' | grep -qv '^\.psrec\.prom\.tmp\.lock$' &&
	fail "a temporary file is left"

kill -TERM "$psrec_pid"
wait "$psrec_pid"
expect "psrec exit status" "$?" 0
expect "psrec_up 0 in the file left at exit" \
	"$(value "$D/psrec.prom" psrec_up)" 0
"$PSREPORT" --csv "$T/live.csv" "$T/live.psr" >/dev/null ||
	fail "the log is readable"
rm "$D/psrec.prom" # the next part's file alone in the directory
within "the log went on as before" "$(grep -c "^" "$T/live.csv")" 13 100000

# ---- --textfile-by target: sums per -n name, kept when a process ends ----
cp "$WORKLOAD" "$T/tfw"
pids=""
for bytes in 100000 300000; do
	fifo="$T/w.$bytes"
	mkfifo "$fifo"
	"$T/tfw" write --bytes "$bytes" --hold --ready-fd 3 3>"$fifo" &
	pids="$pids $!"
	bg_pids="$bg_pids $!"
	cat "$fifo" >/dev/null
done
set -- $pids
wchar_truth=$(cat "/proc/$1/io" "/proc/$2/io" | awk '/^wchar/ { s += $2 } END { print s }')
mkdir "$T/nolog"
(cd "$T/nolog" && exec "$PSREC" -q -n tfw -i 0.1 --textfile-every 0.1 \
	--textfile-by target --textfile "$D/group.prom" --no-log) \
	2>"$T/group.err" &
group_pid=$!
bg_pids="$bg_pids $group_pid"
wait_for "$D/group.prom" '/^psrec_target_processes\{target="tfw",[^}]*\} 2$/' ||
	fail "by target: two processes: $(cat "$T/group.err")"
scrape "$T/scrape2"
expect "by target: no scrape error" "$(value "$T/scrape2" node_textfile_scrape_error)" 0
expect "by target: written bytes summed" \
	"$(value "$T/scrape2" psrec_syscall_written_bytes_total 'target="tfw"')" \
	"$wchar_truth"
within "by target: at least what they wrote" "$wchar_truth" 400000 500000
expect "by target: descriptors summed" \
	"$(value "$T/scrape2" psrec_open_fds 'target="tfw"')" \
	$(($(ls "/proc/$1/fd" | wc -l) + $(ls "/proc/$2/fd" | wc -l)))
grep '^psrec_open_fds{' "$T/scrape2" | grep -q 'pid=' && fail "by target: a pid label"
grep -q '^# HELP psrec_resident_memory_bytes .*shared pages count once' "$T/scrape2" ||
	fail "by target: the RSS help says that sums double-count"
kill "$1"
wait "$1" 2>/dev/null
wait_for "$D/group.prom" '/^psrec_target_processes\{target="tfw",[^}]*\} 1$/' ||
	fail "by target: the ended process is seen"
expect "by target: an ended process's counters stay" \
	"$(value "$D/group.prom" psrec_syscall_written_bytes_total 'target="tfw"')" \
	"$wchar_truth"
kill -TERM "$group_pid"
wait "$group_pid"
expect "--no-log: exit status" "$?" 0
expect "--no-log writes no log" "$(ls -A "$T/nolog")" ""

# ---- two psrec in one directory (issue 21, item 17): every series carries
# textfile="<its file>", so two instances recording the same process, one
# by pid and one by target, neither collide nor disagree on a HELP line ----
rm -f "$D"/*
Dreal=$(cd "$D" && pwd -P) # the label's path has no symlink
for inst in a:pid b:target; do
	name=${inst%:*} by=${inst#*:}
	"$PSREC" -q -p "$fds_pid" -i 0.1 --textfile-every 0.1 --textfile-by "$by" \
		--textfile "$D/psrec-$name.prom" --no-log 2>"$T/two-$name.err" &
	bg_pids="$bg_pids $!"
	eval "two_$name=\$!"
done
for name in a b; do
	wait_for "$D/psrec-$name.prom" '/^psrec_samples_total\{[^}]*\} ([2-9]|[0-9][0-9])$/' ||
		fail "instance $name wrote no textfile: $(cat "$T/two-$name.err")"
done
cp "$T/ne.log" "$T/ne.log.before"
scrape "$T/scrape3" || fail "two instances: the scrape fails"
expect "two instances: no scrape error" \
	"$(value "$T/scrape3" node_textfile_scrape_error)" 0
for name in a b; do
	expect "two instances: psrec_up of $name" \
		"$(value "$T/scrape3" psrec_up "textfile=\"$Dreal/psrec-$name.prom\"")" 1
done
expect "two instances: the process's descriptors by pid" \
	"$(value "$T/scrape3" psrec_open_fds "pid=\"$fds_pid\"" "psrec-a.prom")" 7
expect "two instances: and by target" \
	"$(value "$T/scrape3" psrec_open_fds "target=\"$fds_pid\"" "psrec-b.prom")" 7
expect "two instances: one HELP per family" \
	"$(grep -c '^# HELP psrec_resident_memory_bytes ' "$T/scrape3")" 1
expect "two instances: two psrec_samples_total series" \
	"$(grep -c '^psrec_samples_total{' "$T/scrape3")" 2
# node_exporter logs a dropped duplicate ("collected before") or a HELP
# mismatch; it said nothing of this scrape
diff "$T/ne.log.before" "$T/ne.log" | grep -i 'collected before\|help\|error' &&
	fail "node_exporter complains of the two instances"
kill -TERM "$two_a" "$two_b"
wait "$two_a"
expect "instance a: exit 0" "$?" 0
wait "$two_b"
expect "instance b: exit 0" "$?" 0

# ---- errors ----
"$PSREC" -q -p "$fds_pid" -s 1 --textfile "$T/no/such/dir/x.prom" -o "$T/e.psr" \
	2>"$T/err1"
expect "an unwritable textfile: exit 1" "$?" 1
expect "one line naming it" "$(grep -c "no/such/dir/x.prom" "$T/err1")" 1
"$PSREC" -q -o "$T/cmd.psr" --textfile "$T/no/such/dir/x.prom" \
	-- sh -c 'touch "$0"' "$T/ran" 2>/dev/null
expect "an unwritable textfile with a command: exit 1" "$?" 1
[ -e "$T/ran" ] && fail "the command was started all the same"
[ -e "$T/cmd.psr" ] && fail "a log was left all the same"
"$PSREC" -q -p "$fds_pid" -s 1 --no-log 2>"$T/err2"
expect "--no-log alone: exit 2" "$?" 2
"$PSREC" -q -p "$fds_pid" -s 1 --textfile "$D/x.prom" --textfile-by host 2>"$T/err3"
expect "--textfile-by host: exit 2" "$?" 2
grep -q "textfile-by: 'host'" "$T/err3" || fail "the message names the value"
"$PSREC" -q -p "$fds_pid" -s 1 --textfile "$D/x.prom" --no-log -o "$T/y.psr" 2>"$T/err4"
expect "--no-log with -o: exit 2" "$?" 2

[ "$failures" -eq 0 ]
