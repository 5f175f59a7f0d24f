# psrec's output: mode 0640, never overwritten without --force, never
# through a symlink; the default name; --help on stdout.
. "$(dirname "$0")/lib.sh" "$@"
start_workload idle

"$PSREC" -q -o "$T/o.psr" -p "$wl_pid" -s 1 || fail "psrec exit $?"
expect "log mode" "$(stat -c %a "$T/o.psr")" 640
zstd -q -t "$T/o.psr" || fail "zstd -t accepts the log"

"$PSREC" -q -o "$T/o.psr" -p "$wl_pid" -s 1 2>"$T/err"
expect "existing log without --force" "$?" 1
grep -q "exists" "$T/err" || fail "says it exists"
"$PSREC" -q --force -o "$T/o.psr" -p "$wl_pid" -s 2 || fail "--force"
expect "--force overwrote it" "$("$PSREPORT" --info "$T/o.psr" | sed -n 's/^samples: *\([0-9]*\).*/\1/p')" 2

echo secret >"$T/victim"
ln -s "$T/victim" "$T/link.psr"
"$PSREC" -q --force -o "$T/link.psr" -p "$wl_pid" -s 1 2>"$T/err"
expect "a symlink output is refused" "$?" 1
expect "the symlink target is untouched" "$(cat "$T/victim")" secret

(cd "$T" && "$PSREC" -q -p "$wl_pid" -s 1) || fail "default output name"
ls "$T" | grep -q "^psrec-$(hostname)-[0-9]\{8\}-[0-9]\{6\}\.psr$" ||
	fail "default name psrec-HOST-YYYYMMDD-HHMMSS.psr: $(ls "$T")"

# a % in -o: strftime of the local start time (TZ=UTC here)
year=$(date +%Y)
"$PSREC" -q -p "$wl_pid" -s 1 -o "$T/s-%Y.psr" || fail "psrec -o with % exit $?"
[ -f "$T/s-$year.psr" ] || fail "-o s-%Y.psr makes s-$year.psr: $(ls "$T")"

"$PSREC" --help >"$T/help" 2>"$T/err"
expect "--help exit" "$?" 0
grep -q "^usage: psrec" "$T/help" || fail "--help on stdout"
expect "--help writes nothing on stderr" "$(wc -c <"$T/err")" 0
stop_workload "$wl_pid"
finish
