# A full disk (here: a file size limit, which fails write() the same way)
# never leaves a half-written block: the log holds whole blocks only and
# reads back, psrec says so once and exits 1.
. "$(dirname "$0")/lib.sh" "$@"
start_workload idle
# 3 KiB: the header and a few blocks fit, then writes fail
(ulimit -f 3 && exec "$PSREC" -q -o "$T/f.psr" -p "$wl_pid" -i 0.01 --flush 0.05 -d 1.5) 2>"$T/err"
expect "psrec exit on a full disk" "$?" 1
# said once per failure spell: a small block may still fit later
# ("works again"), then the next failure is said again; and once at close
spells=$(grep -c "still recording" "$T/err")
recoveries=$(grep -c "works again" "$T/err")
expect "the write error is said once per spell" "$spells" $((recoveries + 1))
expect "and once at close" "$(grep -c "cannot write" "$T/err")" $((spells + 1))
size=$(stat -c %s "$T/f.psr")
within "log size stays within the limit" "$size" 1 3072
zstd -q -t "$T/f.psr" || fail "every block in the log is whole (zstd -t)"
"$PSREPORT" --info "$T/f.psr" >"$T/info" 2>"$T/rerr"
expect "psreport reads it" "$?" 0
grep -q "truncated after [1-9][0-9]* samples" "$T/rerr" || fail "warns: $(cat "$T/rerr")"
stop_workload "$wl_pid"
finish
