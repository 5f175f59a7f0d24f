# Bad input to psreport: one clear line naming the file, exit 1, and no
# output file left behind. Usage errors exit 2.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
GOLDEN=$4

# bad DESC EXPECTED_TEXT FILE
bad() {
	"$PSREPORT" --csv "$T/out.csv" "$3" >"$T/out" 2>"$T/err"
	expect "$1: exit code" "$?" 1
	expect "$1: one line on stderr" "$(wc -l <"$T/err")" 1
	grep -q "'$3'" "$T/err" || fail "$1: the message names the file: $(cat "$T/err")"
	grep -q "$2" "$T/err" || fail "$1: says '$2': $(cat "$T/err")"
	[ -e "$T/out.csv" ] && fail "$1: an output file was left"
	[ -s "$T/out" ] && fail "$1: something on stdout"
	rm -f "$T/out.csv"
}

echo "hello, world" >"$T/text"
bad "a text file" "not a psrec log" "$T/text"
: >"$T/empty"
bad "an empty file" "not a psrec log" "$T/empty"
bad "a missing file" "No such file" "$T/missing.psr"
mkdir "$T/dir"
bad "a directory" "is a directory" "$T/dir"
head -c 30 "$GOLDEN/v1.psr" >"$T/cut.psr"
bad "a cut header" "header" "$T/cut.psr"
# a log that declares it needs reader version 9
cp "$GOLDEN/v1.psr" "$T/v9.psr"
printf '\011\000' | dd of="$T/v9.psr" bs=1 seek=18 conv=notrunc 2>/dev/null
bad "a log from the future" "needs a newer psreport: its min_reader is format 9, this one reads format" "$T/v9.psr"

"$PSREPORT" 2>"$T/err"
expect "no log is a usage error" "$?" 2
"$PSREPORT" --bogus "$GOLDEN/v1.psr" 2>"$T/err"
expect "an unknown option is a usage error" "$?" 2
grep -q -- "--bogus" "$T/err" || fail "the message names the option"

# bad option values: one line naming the option, exit 2, nothing written
badopt() {
	opt=$1
	shift
	"$PSREPORT" "$@" --json "$T/o.json" "$GOLDEN/v1.psr" >"$T/out" 2>"$T/err"
	expect "$opt $*: exit code" "$?" 2
	expect "$opt $*: one line on stderr" "$(wc -l <"$T/err")" 1
	grep -q -- "$opt" "$T/err" || fail "$opt: the message names it: $(cat "$T/err")"
	[ -e "$T/o.json" ] && fail "$opt: an output file was left"
	[ -s "$T/out" ] && fail "$opt: something on stdout"
}
badopt --window --window 0
badopt --window --window -5
badopt --peaks --peaks many
badopt --leak-p --leak-p 2
badopt --leak-min --leak-min 3X
badopt --leak-min-pct --leak-min-pct -1
badopt --leak-min-time --leak-min-time soon
badopt --gate --baseline "$GOLDEN/v1.psr" --gate no_such_metric
badopt --leak-growth --leak-growth -1
badopt --from --from yesterday
badopt --to --to 2026-13-40T00:00
badopt --pid --pid 12x
"$PSREPORT" "$GOLDEN/v1.psr" --peaks >"$T/out" 2>"$T/err"
expect "a missing value: exit code" "$?" 2
grep -q -- "'--peaks' needs a value" "$T/err" || fail "a missing value: said: $(cat "$T/err")"
"$PSREPORT" --csv - --jsonl - "$GOLDEN/v1.psr" >"$T/out" 2>"$T/err"
expect "two outputs on stdout: exit code" "$?" 2
grep -q "standard output" "$T/err" || fail "two outputs on stdout: said"

# an existing output is kept unless --force
echo keep >"$T/exists.csv"
"$PSREPORT" --csv "$T/exists.csv" "$GOLDEN/v1.psr" 2>"$T/err"
expect "existing output without --force" "$?" 1
expect "existing output untouched" "$(cat "$T/exists.csv")" keep
"$PSREPORT" --force --csv "$T/exists.csv" "$GOLDEN/v1.psr"
expect "--force overwrites" "$?" 0
expect "no temporary file left" "$(ls "$T" | grep -c tmp)" 0
finish
