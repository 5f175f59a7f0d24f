# psrec's live line (issue 18), under a pseudo-terminal (script -qfc): the
# values of each target (up to 3: name, CPU %, RSS) or their totals, in
# colour unless NO_COLOR is set, and at the end a hint to run psreport;
# not on a terminal: no line, no hint.
. "$(dirname "$0")/lib.sh" "$@"
command -v script >/dev/null || { echo "no script(1): skipped"; exit 77; }
start_workload cpu --duty 1
busy=$wl_pid
esc=$(printf '\033')
# tty NAME ENV...: psrec -p PIDS on a pty, its terminal output in $T/NAME
tty() {
	name=$1 pids=$2
	shift 2
	rm -f "$T/$name.psr"
	env "$@" script -qefc "'$PSREC' -p $pids -i 0.1 -d 1 -o '$T/$name.psr'" \
		/dev/null >"$T/$name" </dev/null || fail "$name: script: exit $?"
	tr '\r' '\n' <"$T/$name" >"$T/$name.lines"
}
tty one "$busy"
grep -q "psr-workload ${esc}\[3[123]m[0-9.]*%${esc}\[0m ${esc}\[1m[0-9.]* [KMG]iB" \
	"$T/one.lines" || fail "a coloured value line: $(cat -v "$T/one.lines" | tail -3)"
within "the busy process's CPU % on its last line" \
	"$(grep -o "psr-workload ${esc}\[3[123]m[0-9.]*%" "$T/one.lines" | tail -1 |
	   sed "s/.*m//; s/%//")" 20 120
grep -q "report: psreport $T/one.psr" "$T/one.lines" ||
	fail "the psreport hint: $(cat -v "$T/one.lines" | tail -2)"

tty plain "$busy" NO_COLOR=1
grep -q "psr-workload [0-9.]*% [0-9.]* [KMG]iB" "$T/plain.lines" ||
	fail "NO_COLOR: values: $(cat -v "$T/plain.lines" | tail -3)"
expect "NO_COLOR: no colour" "$(grep -c "${esc}\[[0-9;]*m" "$T/plain")" 0

# more than 3 targets: totals
pids=$busy
for i in 1 2 3; do
	start_workload idle
	pids="$pids,$wl_pid"
done
tty many "$pids"
grep -q "4 processes  CPU ${esc}\[3[123]m[0-9.]*%${esc}\[0m  RSS ${esc}\[1m[0-9.]* [KMG]iB" \
	"$T/many.lines" || fail "totals: $(cat -v "$T/many.lines" | tail -3)"

# not a terminal: no line, no hint
"$PSREC" -p "$busy" -i 0.1 -d 0.5 -o "$T/n.psr" 2>"$T/n.err" </dev/null ||
	fail "psrec: exit $?"
expect "no terminal: nothing on stderr" "$(cat "$T/n.err")" ""
# -- CMD: no live line (the command owns the terminal), but the hint at
# the end, after the command's own output
script -qefc "'$PSREC' -i 0.1 -o '$T/cmd.psr' -- sh -c 'echo from-the-command'" \
	/dev/null >"$T/cmd" </dev/null || fail "-- CMD: script: exit $?"
tr -d '\r' <"$T/cmd" | tail -n 1 | grep -q "report: psreport $T/cmd.psr" ||
	fail "-- CMD: no hint at the end: $(tr -d '\r' <"$T/cmd" | tail -n 2)"
grep -q 'from-the-command' "$T/cmd" || fail "-- CMD: the command's output is gone"
finish
