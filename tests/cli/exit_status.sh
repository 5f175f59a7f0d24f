# psrec passes a launched command's exit status through (128+N for a
# signal), and uses 1 for runtime and 2 for usage errors.
. "$(dirname "$0")/lib.sh" "$@"

"$PSREC" -q -o "$T/a.psr" -i 0.05 -- "$WORKLOAD" idle --duration 0.2 --exit 7
expect "command exit code passes through" "$?" 7

"$PSREC" -q -o "$T/b.psr" -i 0.05 -- sh -c 'kill -KILL $$'
expect "killed command gives 128+9" "$?" 137

"$PSREC" -q -o "$T/c.psr" -i 0.05 -- "$WORKLOAD" idle --duration 0.1
expect "successful command gives 0" "$?" 0
"$PSREPORT" --csv "$T/c.csv" "$T/c.psr"
rows=$(csv_values "$T/c.csv" pid | wc -l)
within "the launched command was recorded" "$rows" 1 100

"$PSREC" -q -o "$T/d.psr" -- "$T/no-such-program" 2>"$T/err"
expect "missing command gives 127" "$?" 127
grep -q "no-such-program" "$T/err" || fail "the error names the command"
[ -e "$T/d.psr" ] && fail "no log is left when the command cannot run"

"$PSREC" -q -o "$T/e.psr" -i 0 -p 1 2>"$T/err"
expect "interval 0 is a usage error" "$?" 2
grep -q -- "--interval" "$T/err" || fail "the error names --interval"
expect "one line on stderr" "$(wc -l <"$T/err")" 1

"$PSREC" -q -o "$T/e.psr" -d 0 -p 1 2>"$T/err"
expect "duration 0 is a usage error" "$?" 2

"$PSREC" -q -o "$T/e.psr" 2>"$T/err"
expect "no target is a usage error" "$?" 2

"$PSREC" -q -o "$T/e.psr" -p 2147483647 2>"$T/err"
expect "an absent pid is a runtime error" "$?" 1
grep -q "no process 2147483647" "$T/err" || fail "says which pid is absent"
expect "one line for one absent target" "$(wc -l <"$T/err")" 1
[ -e "$T/e.psr" ] && fail "no log is left when nothing can be recorded"

finish
