# Descriptors running out: psrec keeps up to six per process and, past
# its limit (here a hard limit of 32), reads the rest by path each sample.
# Every process is recorded with all its values, none missing.
. "$(dirname "$0")/lib.sh" "$@"
pids=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	start_workload idle
	pids="$pids,$wl_pid"
done
pids=${pids#,}
(ulimit -n 32 && exec "$PSREC" -q -p "$pids" -s 3 -i 0.05 -o "$T/f.psr") 2>"$T/err"
expect "psrec with 32 descriptors for 10 processes exits 0" "$?" 0
expect "nothing said" "$(cat "$T/err")" ""
"$PSREPORT" --csv "$T/f.csv" "$T/f.psr" || fail "psreport"
expect "ten processes" "$(csv_values "$T/f.csv" pid | sort -u | wc -l)" 10
expect "three samples each" "$(csv_values "$T/f.csv" pid | wc -l)" 30
for col in rss_bytes fds rchar_bytes threads; do
	expect "no $col missing" "$(csv_values "$T/f.csv" $col | grep -c '^$')" 0
done
expect "the same descriptor count for every idle workload, kept-open or by path" \
	"$(csv_values "$T/f.csv" fds | sort -u | wc -l)" 1
for p in $(echo "$pids" | tr , ' '); do stop_workload "$p"; done
finish
