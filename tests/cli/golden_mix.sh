# The reports of a committed recording are pinned byte for byte: the
# text table, --summary, --json, --info, --rss-top, --csv --window and
# the closing avg rows of --csv, --markdown of samples/recorded/mix.psr (four
# workloads: a leak, a steady process, a sawtooth, a CPU duty cycle);
# and the other modes on it and the golden logs: --baseline, --runs,
# --fleet, --index.
# A change of any report shows here as a diff; when it is meant, remake
# the files with tests/golden/mix/remake.sh and say why in the commit.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
EXP=$(abs "$4")/mix
# the logs' path as the reports print it: relative, from samples/recorded
cd "$EXP/../../../samples/recorded" || exit 1
same() { # same DESC EXPECTED ACTUAL
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		fail "$1 differs:"
		diff "$2" "$3" | head -n 20 >&2
	fi
}
# the version of psreport that wrote the JSON is not part of the report
unversioned() { sed 's/"generator": "psreport [^"]*"/"generator": "psreport"/' "$1"; }

"$PSREPORT" mix.psr >"$T/text.txt" 2>"$T/err" || fail "psreport exit $?"
same "the text table" "$EXP/text.txt" "$T/text.txt"
expect "nothing on stderr" "$(cat "$T/err")" ""
"$PSREPORT" --summary "$T/summary.csv" --json "$T/analysis.json" mix.psr \
	>"$T/stdout" || fail "--summary --json exit $?"
same "--summary and --json: the table on stdout" "$EXP/text.txt" "$T/stdout"
same "--summary" "$EXP/summary.csv" "$T/summary.csv"
unversioned "$EXP/analysis.json" >"$T/want.json"
unversioned "$T/analysis.json" >"$T/got.json"
same "--json" "$T/want.json" "$T/got.json"
"$PSREPORT" --info mix.psr >"$T/info.txt" || fail "--info exit $?"
same "--info" "$EXP/info.txt" "$T/info.txt"
"$PSREPORT" --rss-top - mix.psr >"$T/rss-top.csv" || fail "--rss-top exit $?"
same "--rss-top" "$EXP/rss-top.csv" "$T/rss-top.csv"
"$PSREPORT" --csv - --window 10 mix.psr >"$T/windows.csv" || fail "--window exit $?"
same "--csv --window 10" "$EXP/windows.csv" "$T/windows.csv"
"$PSREPORT" --csv "$T/mix.csv" mix.psr || fail "--csv exit $?"
grep '^avg,' "$T/mix.csv" >"$T/avg.csv"
same "the avg rows of --csv" "$EXP/avg.csv" "$T/avg.csv"
"$PSREPORT" --markdown "$T/table.md" mix.psr >"$T/stdout" || fail "--markdown exit $?"
same "--markdown" "$EXP/table.md" "$T/table.md"
same "--markdown: the table on stdout as well" "$EXP/text.txt" "$T/stdout"
# the same cells as the text table: pid, samples, CPU and RSS, verdict
awk 'NR > 2 { print $1, $4, $5, $6, $7, $8, $9 $10, $11 $12, $13 $14, $15 }' \
	"$EXP/text.txt" >"$T/text.cells"
awk -F' [|] ' '/^[|] [0-9]/ { sub(/^[|] /, ""); gsub(/ /, "", $9); \
	gsub(/ /, "", $10); gsub(/ /, "", $11); \
	print $1, $4, $5, $6, $7, $8, $9, $10, $11, $12 }' "$T/table.md" |
	sed 's/ [|]$//; s/ (.*//' >"$T/md.cells"
same "--markdown: the text table's cells" "$T/text.cells" "$T/md.cells"

G=../../tests/golden
"$PSREPORT" --baseline mix.psr --compare-csv "$T/baseline.csv" mix.psr \
	>"$T/baseline.txt" || fail "--baseline exit $?"
same "--baseline: the text" "$EXP/baseline.txt" "$T/baseline.txt"
same "--baseline: --compare-csv" "$EXP/baseline.csv" "$T/baseline.csv"
"$PSREPORT" --runs --compare-csv "$T/runs.csv" $G/v1.psr $G/v2.psr mix.psr \
	>"$T/runs.txt" || fail "--runs exit $?"
same "--runs: the text" "$EXP/runs.txt" "$T/runs.txt"
same "--runs: --compare-csv" "$EXP/runs.csv" "$T/runs.csv"
"$PSREPORT" --fleet --fleet-csv "$T/fleet.csv" $G/v1.psr $G/v2.psr mix.psr \
	>"$T/fleet.txt" || fail "--fleet exit $?"
same "--fleet: the text" "$EXP/fleet.txt" "$T/fleet.txt"
same "--fleet: --fleet-csv" "$EXP/fleet.csv" "$T/fleet.csv"
mkdir "$T/logs"
cp $G/v1.psr $G/v2.psr mix.psr "$T/logs"
"$PSREPORT" --index "$T/logs" >"$T/index.txt" || fail "--index exit $?"
same "--index" "$EXP/index.txt" "$T/index.txt"
finish
