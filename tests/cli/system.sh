# --system records whole-host figures each sample: alone (no process),
# and with processes. Values are plausible: MemTotal is /proc/meminfo's,
# the memory parts fit in it, CPU counters only grow and add up to about
# the elapsed time times the CPUs.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
SYSDUMP=$(abs "$4")
"$PSREC" -q --system -i 0.1 -s 4 -o "$T/s.psr" || fail "psrec --system exit $?"
"$SYSDUMP" "$T/s.psr" >"$T/dump" || fail "sysdump"
expect "four SYSTEM records" "$(grep -c '^system ' "$T/dump")" 4
# field NAME: that metric in each SYSTEM record
field() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" "$T/dump"; }
memtotal=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
expect "mem_total is MemTotal of /proc/meminfo" "$(field mem_total | sort -u)" "$memtotal"
for m in mem_free mem_available buffers cached sreclaimable shmem; do
	v=$(field $m | head -n 1)
	within "$m fits in mem_total" "${v:-x}" 0 "$memtotal"
done
swaptotal=$(awk '/^SwapTotal:/ { print $2 }' /proc/meminfo)
expect "swap_total" "$(field swap_total | sort -u)" "$swaptotal"
within "swap_free" "$(field swap_free | head -n 1)" 0 "$swaptotal"
# CPU: the sum of all fields grows by about 0.3 s x CPUs x ticks/s
sum() { awk '$1 == "system" { s = 0; for (i = 4; i <= NF; i++) if ($i ~ /^cpu_(user|nice|system|idle|iowait|irq|softirq|steal)=/) { split($i, kv, "="); s += kv[2] } print s }' "$T/dump"; }
first=$(sum | head -n 1); last=$(sum | tail -n 1)
prev=0
for s in $(sum); do [ "$s" -ge "$prev" ] || fail "CPU counters go backwards"; prev=$s; done
hz=$(getconf CLK_TCK)
within "host CPU ticks over 0.3 s" "$((last - first))" "$((hz * $(nproc) * 1 / 10))" "$((hz * $(nproc)))"
load=$(field load1 | head -n 1)
within "load1 in hundredths" "$load" 0 100000
within "forks since boot" "$(field forks | head -n 1)" 1 1e15
# the times of SYSTEM records are the samples' times: scheduled at 0,
# 0.1 s, ... and taken then or a little after
t=$(awk '$1 == "system" { print $2 }' "$T/dump" | tr '\n' ' ')
set -- $t
within "second record at 0.1 s" "$2" 100000 150000
st=$(awk '$1 == "sample" { print $2 }' "$T/dump" | tr '\n' ' ')
expect "each SYSTEM record has the time of its sample" "$st" "$t"
"$PSREPORT" --info "$T/s.psr" >"$T/info" 2>"$T/err" || fail "psreport --info"
expect "no warning" "$(cat "$T/err")" ""
grep -q "^system: *mem_total mem_free .* (4 records)$" "$T/info" || fail "--info lists the system metrics: $(grep system "$T/info")"
grep -q "^closed: *yes (duration or sample count reached)" "$T/info" || fail "closed"

# with a process: one SYSTEM record per sample
start_workload idle
"$PSREC" -q --system -p "$wl_pid" -i 0.05 -s 3 -o "$T/p.psr" || fail "psrec -p --system exit $?"
"$SYSDUMP" "$T/p.psr" >"$T/dump"
expect "three SYSTEM records with a process" "$(grep -c '^system ' "$T/dump")" 3
"$PSREPORT" --csv "$T/p.csv" "$T/p.psr"
expect "three process samples" "$(awk -F, 'NR > 1 && $1 != "avg" && $5 != "host"' "$T/p.csv" | wc -l)" 3
expect "three host rows" "$(awk -F, '$5 == "host"' "$T/p.csv" | wc -l)" 3
stop_workload "$wl_pid"
finish
