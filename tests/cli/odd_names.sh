# Names and command lines with commas, quotes, newlines and invalid
# UTF-8, from a crafted log and from a real process whose executable is
# named so: psreport reads them, and its CSV stays valid RFC 4180 (every
# row as wide as the header) with the name quoted byte for byte.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
HOSTILE=$4

# check_csv DESC CSV: valid, and print nothing more
check_csv() {
	rows=$("$HOSTILE" --check-csv "$2" 2>"$T/csverr")
	expect "$1: valid CSV" "$?" 0
	[ -s "$T/csverr" ] && fail "$1: $(cat "$T/csverr")"
	within "$1: rows" "${rows:-0}" 2 100000
}

# a crafted log: comm 'a,b"c<LF>d<FF><FE>', a command line with CR LF
# and broken UTF-8, and a 300-byte comm
"$HOSTILE" --write-odd "$T/odd.psr" || fail "writing the odd log"
"$PSREPORT" --info "$T/odd.psr" >"$T/info" 2>"$T/err"
expect "--info of odd names" "$?" 0
expect "--info: no warning" "$(cat "$T/err")" ""
"$PSREPORT" --csv "$T/odd.csv" "$T/odd.psr" 2>"$T/err"
expect "--csv of odd names" "$?" 0
check_csv "crafted log" "$T/odd.csv"
tr '\n' '|' <"$T/odd.csv" | grep -q -F "$(printf ',"a,b""c|d\377\376",')" ||
	fail "the crafted comm is quoted byte for byte"

# a real process: its comm is the first 15 bytes of the executable's name
odd=$(printf 'x,"y\nz\377.')
cp "$WORKLOAD" "$T/$odd"
"$PSREC" -q -o "$T/real.psr" -i 0.05 -s 3 -- "$T/$odd" idle --duration 0.3
expect "psrec records an odd name" "$?" 0
"$PSREPORT" --csv "$T/real.csv" "$T/real.psr"
expect "--csv of a real odd name" "$?" 0
check_csv "real process" "$T/real.csv"
tr '\n' '|' <"$T/real.csv" | grep -q -F "$(printf ',"x,""y|z\377.",')" ||
	fail "the real comm is quoted byte for byte: $(head -c 300 "$T/real.csv")"
"$PSREPORT" --info "$T/real.psr" >"$T/info" 2>"$T/err"
expect "--info of a real odd name" "$?" 0

# JSON and JSON lines stay valid (invalid UTF-8 as U+FFFD), the summary
# CSV too, and the text table keeps one line per process
for log in odd real; do
	"$PSREPORT" --json "$T/$log.json" --jsonl "$T/$log.jsonl" \
		--summary "$T/$log-s.csv" "$T/$log.psr" >"$T/$log.txt" 2>"$T/err"
	expect "$log: JSON, JSON lines, summary exit" "$?" 0
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
names = [p["name"] for r in d["runs"] for p in r["processes"]]
rows = [json.loads(l) for l in open(sys.argv[2])]
print(len(names) > 0 and len(rows) > 0 and any("\ufffd" in n or "," in n for n in names))' \
		"$T/$log.json" "$T/$log.jsonl" >"$T/ok" 2>"$T/err"
	expect "$log: JSON parses with the odd name in it" "$(cat "$T/ok")" True
	check_csv "$log: summary" "$T/$log-s.csv"
	expect "$log: every table line starts with a pid" \
		"$(sed -n '/^PID /,/^$/p' "$T/$log.txt" | grep -v '^PID ' | grep -v '^$' | grep -c -v '^[0-9]')" 0
	expect "$log: the text table has one line per process" \
		"$(grep -c -E ' (none|possible|leak|-)$' "$T/$log.txt")" \
		"$(python3 -c 'import json,sys; print(sum(len(r["processes"]) for r in json.load(open(sys.argv[1]))["runs"]))' "$T/$log.json")"
done
# --markdown: a name with '|' (and the odd ones) stays one cell
cp "$WORKLOAD" "$T/a|b"
"$PSREC" -q -o "$T/pipe.psr" -i 0.05 -s 3 -- "$T/a|b" idle --duration 0.3 ||
	fail "psrec of a|b"
for log in odd real pipe; do
	"$PSREPORT" --markdown "$T/$log.md" "$T/$log.psr" >/dev/null ||
		fail "$log: --markdown exit $?"
	expect "$log: every Markdown row has 12 cells" \
		"$(grep '^| [0-9]' "$T/$log.md" | sed 's/\\[|\\]//g' | awk -F'|' 'NF != 14' | wc -l)" 0
done
grep -q -F 'a\|b' "$T/pipe.md" || fail "the '|' of a name is escaped: $(cat "$T/pipe.md")"
finish
