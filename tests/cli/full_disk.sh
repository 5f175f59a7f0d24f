# A write error (here a file size limit, which fails write() with EFBIG
# as a full disk fails it with ENOSPC): psrec says so in one message,
# stops and exits 1; the log holds whole blocks only and reads back up to
# the last good one.
. "$(dirname "$0")/lib.sh" "$@"
start_workload idle
# 3 KiB: the header and a few blocks fit, then a write fails
(ulimit -f 3 && exec "$PSREC" -q -o "$T/f.psr" -p "$wl_pid" -i 0.01 --flush 0.05 -d 30) 2>"$T/err"
expect "psrec exit on a write error" "$?" 1
expect "one message" "$(wc -l <"$T/err")" 1
grep -q "^psrec: cannot write '$T/f.psr': write: File too large; stopped (the log is readable up to its last complete block)$" "$T/err" ||
	fail "the message names the file and the error: $(cat "$T/err")"
size=$(stat -c %s "$T/f.psr")
within "log size stays within the limit" "$size" 1 3072
zstd -q -t "$T/f.psr" || fail "every block in the log is whole (zstd -t)"
"$PSREPORT" --info "$T/f.psr" >"$T/info" 2>"$T/rerr"
expect "psreport reads it" "$?" 0
grep -q "truncated after [1-9][0-9]* samples" "$T/rerr" || fail "warns: $(cat "$T/rerr")"
# the samples on disk are those of the whole blocks written before
"$PSREPORT" --csv "$T/f.csv" "$T/f.psr" 2>/dev/null
n=$(csv_values "$T/f.csv" t | wc -l)
within "samples kept" "$n" 1 1000
stop_workload "$wl_pid"
finish
