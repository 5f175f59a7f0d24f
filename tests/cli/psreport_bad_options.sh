# psreport's options with bad values (bad_input.sh covers bad logs): one
# line on stderr naming the option or the file, exit 2 for usage and 1 at
# run time, no output file left behind.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
LOG=$4/v1.psr

# bad DESC CODE TEXT ARGS...
bad() {
	desc=$1 code=$2 text=$3
	shift 3
	"$PSREPORT" "$@" >"$T/stdout" 2>"$T/stderr"
	expect "$desc: exit code" "$?" "$code"
	expect "$desc: one line on stderr" "$(wc -l <"$T/stderr")" 1
	grep -q -F -- "$text" "$T/stderr" ||
		fail "$desc: stderr names '$text': $(cat "$T/stderr")"
	[ -s "$T/stdout" ] && fail "$desc: output on stdout"
	[ -n "$(ls "$T" | grep '\.tmp\.')" ] && fail "$desc: a temporary file was left"
}

mkdir "$T/dir"
bad "--csv to a directory" 1 "'$T/dir' is a directory" --csv "$T/dir" "$LOG"
bad "--csv in a missing directory" 1 "'$T/none/x.csv'" --csv "$T/none/x.csv" "$LOG"
bad "--csv without a value" 2 "--csv" "$LOG" --csv
bad "unknown option" 2 "--bogus" --bogus "$LOG"
bad "no log" 2 "no log" --info
bad "--fleet-metric unknown" 2 "--fleet-metric 'cpu,nope': 'nope' is not" \
	--fleet --fleet-metric cpu,nope --pdf "$T/f.pdf" "$LOG"
bad "--fleet-metric without a chart" 2 "--fleet-metric needs --pdf" \
	--fleet --fleet-metric cpu "$LOG"
bad "--fleet-metric without --fleet" 2 "--fleet-metric needs --fleet" \
	--fleet-metric cpu --pdf "$T/f.pdf" "$LOG"
[ -e "$T/f.pdf" ] && fail "a PDF was written after a usage error"
bad "a missing log" 1 "'$T/missing.psr'" --info "$T/missing.psr"
bad "a directory as log" 1 "'$T/dir': is a directory" --csv - "$T/dir"
printf 'PSRLOG not really\n' >"$T/fake.psr"
bad "a non-log file" 1 "'$T/fake.psr': not a psrec log" --info "$T/fake.psr"
# the second log is bad: no output at all, nothing half written
bad "one bad log among good ones" 1 "'$T/fake.psr'" --csv "$T/two.csv" "$LOG" "$T/fake.psr"
[ -e "$T/two.csv" ] && fail "an output was written although a log was bad"

# a full standard output is said, once, with exit 1, in every mode
for args in "" "--summary -" "--json -" "--csv -" "--jsonl -" "--info" \
	"--rss-top -" "--export -" "--runs" "--runs --compare-csv -" "--fleet" \
	"--fleet --fleet-csv -" "--baseline $LOG" "--baseline $LOG --compare-csv -"; do
	"$PSREPORT" $args "$LOG" >/dev/full 2>"$T/stderr"
	expect "'$args' >/dev/full: exit code" "$?" 1
	expect "'$args' >/dev/full: said once" "$(cat "$T/stderr")" \
		"psreport: cannot write standard output: No space left on device"
done
"$PSREPORT" --index "$4" >/dev/full 2>"$T/stderr"
expect "--index >/dev/full: exit code" "$?" 1
expect "--index >/dev/full: said once" "$(cat "$T/stderr")" \
	"psreport: cannot write standard output: No space left on device"

mkdir "$T/ro"
chmod 555 "$T/ro"
chmod 755 "$T"
if [ "$(id -u)" -eq 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_user() { "$@"; }
fi
cp "$LOG" "$T/v1.psr" && chmod 644 "$T/v1.psr"
as_user "$PSREPORT" --csv "$T/ro/x.csv" "$T/v1.psr" >"$T/stdout" 2>"$T/stderr"
expect "--csv in an unwritable directory: exit code" "$?" 1
expect "--csv in an unwritable directory: one line" "$(wc -l <"$T/stderr")" 1
grep -q -F "'$T/ro/x.csv': Permission denied" "$T/stderr" ||
	fail "--csv in an unwritable directory: $(cat "$T/stderr")"
chmod 000 "$T/v1.psr"
as_user "$PSREPORT" --info "$T/v1.psr" >"$T/stdout" 2>"$T/stderr"
expect "an unreadable log: exit code" "$?" 1
grep -q -F "'$T/v1.psr': Permission denied" "$T/stderr" ||
	fail "an unreadable log: $(cat "$T/stderr")"
finish
