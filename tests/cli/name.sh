# -n NAME records every process whose comm or argv[0] basename is NAME,
# lists them on stderr, and goes on when one of them exits.
. "$(dirname "$0")/lib.sh" "$@"
name="psrw$$"
cp "$WORKLOAD" "$T/$name"
WORKLOAD="$T/$name"
start_workload idle
a=$wl_pid
start_workload idle
b=$wl_pid
"$PSREC" -q -o "$T/n.psr" -n "$name" -s 2 -i 0.05 2>"$T/err" || fail "psrec exit $?"
grep -q "'$name': 2 processes: .*$a" "$T/err" || fail "lists the matches: $(cat "$T/err")"
"$PSREPORT" --csv "$T/n.csv" "$T/n.psr"
expect "both recorded" "$(csv_values "$T/n.csv" pid | sort -u | tr '\n' ' ')" \
	"$(printf '%s\n' "$a" "$b" | sort | tr '\n' ' ')"

# one target exits: reported once, the other goes on being recorded (40
# samples, 2 s: room for the poll of wait_samples on a loaded machine)
"$PSREC" -q -o "$T/x.psr" -p "$a,$b" -i 0.05 -s 40 --flush 0.05 2>"$T/err" &
rec=$!
wait_samples "$T/x.psr" 2
stop_workload "$a"
wait "$rec"
expect "psrec goes on after a target exits" "$?" 0
grep -q "process $a exited" "$T/err" || fail "reports the exit: $(cat "$T/err")"
"$PSREPORT" --csv "$T/x.csv" "$T/x.psr"
expect "the survivor has all 40 samples" \
	"$(awk -F, -v p="$b" 'NR > 1 && $1 != "avg" && $3 == p' "$T/x.csv" | wc -l)" 40
within "the one that exited has fewer" \
	"$(awk -F, -v p="$a" 'NR > 1 && $1 != "avg" && $3 == p' "$T/x.csv" | wc -l)" 2 39
stop_workload "$b"
finish
