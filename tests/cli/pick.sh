# --pick with -n on a terminal: the matches are listed (number, pid,
# user, start, command) and only the chosen one is recorded. script(1)
# gives psrec a pseudo-terminal; our answer goes in through it.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
if ! command -v script >/dev/null; then
	echo "SKIP: no script(1) for a pseudo-terminal"
	exit 77
fi
name="pick$$"
cp "$WORKLOAD" "$T/$name"
WORKLOAD="$T/$name"
start_workload idle
a=$wl_pid
start_workload idle
b=$wl_pid
# the list is in pid order: choose the second line
first=$(printf '%s\n' "$a" "$b" | sort -n | head -n 1)
second=$(printf '%s\n' "$a" "$b" | sort -n | tail -n 1)
printf '2\n' | script -q -e -c "'$PSREC' -q -n '$name' --pick -s 2 -i 0.05 -o '$T/p.psr'" "$T/typescript" >/dev/null
expect "psrec exit" "$?" 0
tr -d '\r' <"$T/typescript" >"$T/out"
grep -q "2 processes named '$name':" "$T/out" || fail "lists the matches: $(cat "$T/out")"
grep -q "^   1  $first .*root\|^   1  $first " "$T/out" || fail "line 1 is pid $first"
grep -q "^   2  $second .*$name idle" "$T/out" || fail "line 2 is pid $second with its command"
"$PSREPORT" --csv "$T/p.csv" "$T/p.psr"
expect "only the chosen process is recorded" "$(csv_values "$T/p.csv" pid | sort -u)" "$second"
# without a terminal, --pick records every match, as -n does
"$PSREC" -q -n "$name" --pick -s 1 -i 0.05 -o "$T/q.psr" </dev/null 2>/dev/null || fail "psrec without a tty"
"$PSREPORT" --csv "$T/q.csv" "$T/q.psr"
expect "no terminal: both" "$(csv_values "$T/q.csv" pid | sort -u | wc -l)" 2
stop_workload "$a"
stop_workload "$b"
finish
