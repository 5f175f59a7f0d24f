# Exit accounting (issue 22, format 4): with -a, -c and -- CMD psrec
# records every process that ended between two samples from the kernel's
# taskstats exit notifications, as EXIT records; one of a sampled process
# only completes it. N runs of a uniquely named copy of true(1), each far
# shorter than the interval, must all be there, each once. Unprivileged,
# psrec says once that it falls back to the parents' cutime and cstime;
# --no-exits turns it off. Skips (77) where taskstats is not available
# (not root, a container's pid namespace, no CONFIG_TASKSTATS).
. "$(dirname "$0")/lib.sh" "$@"
N=300
B="$T/pxtrue"
for d in /usr/bin /bin; do [ -x "$d/true" ] && { cp "$d/true" "$B"; break; }; done
loop='i=0; while [ $i -lt '$N' ]; do "$0"; i=$((i + 1)); done'

"$PSREC" -i 1 -o "$T/cmd.psr" -- sh -c "$loop" "$B" 2>"$T/cmd.err"
expect "psrec -- CMD exits 0" "$?" 0
if grep -q "no exit accounting" "$T/cmd.err"; then
	echo "skip: $(cat "$T/cmd.err")"
	exit 77
fi
expect "nothing on stderr" "$(cat "$T/cmd.err")" ""
"$PSREPORT" --info "$T/cmd.psr" >"$T/cmd.info" || fail "psreport --info"
grep -q "^format: *5 (reader needs 1)" "$T/cmd.info" ||
	fail "format: $(grep format: "$T/cmd.info")"
# the N children, whether sampled or not, and the shell itself (sampled:
# its record completes it), each exactly once
expect "EXIT records of -- CMD: the children and the shell" \
	"$(sed -n 's/^exits: *\([0-9]*\) records.*/\1/p' "$T/cmd.info")" $((N + 1))

# -a: every process on the host; others run too, so at least N
fifo="$T/ready"
mkfifo "$fifo"
"$PSREC" -q -a -i 1 -o "$T/all.psr" --ready-fd 3 3>"$fifo" &
rec=$!
bg_pids="$bg_pids $rec"
cat "$fifo" >/dev/null
sh -c "$loop" "$B"
kill -INT "$rec"
wait "$rec"
expect "psrec -a exits 0" "$?" 0
"$PSREPORT" --info "$T/all.psr" >"$T/all.info" || fail "psreport --info -a"
within "EXIT records of processes never sampled with -a" \
	"$(sed -n 's/^exits: .* records, \([0-9]*\) of.*/\1/p' "$T/all.info")" \
	$((N - 2)) 10000000

# --no-exits: none
"$PSREC" -q -i 1 --no-exits -o "$T/off.psr" -- sh -c "$loop" "$B"
"$PSREPORT" --info "$T/off.psr" >"$T/off.info"
expect "--no-exits: no EXIT record" "$(grep -c '^exits:' "$T/off.info")" 0
"$PSREC" -q -p $$ --no-exits -o "$T/bad.psr" -d 1 2>"$T/bad.err"
expect "--no-exits without -a, -c or a command is a usage error" "$?" 2
grep -q "^psrec: --no-exits goes with -a, -c or -- <command>" "$T/bad.err" ||
	fail "usage message: $(cat "$T/bad.err")"

# unprivileged: the fallback, said once
if command -v setpriv >/dev/null; then
	chmod 755 "$T"
	mkdir "$T/user"
	chmod 777 "$T/user"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$PSREC" -i 0.2 -o "$T/user/user.psr" -- sh -c "$loop" "$B" \
		2>"$T/user.err"
	expect "unprivileged psrec exits 0" "$?" 0
	expect "the fallback said once" \
		"$(grep -c "no exit accounting (taskstats: .*cutime and cstime" "$T/user.err")" 1
	"$PSREPORT" --info "$T/user/user.psr" >"$T/user.info"
	expect "unprivileged: no EXIT record" "$(grep -c '^exits:' "$T/user.info")" 0
fi
finish
