# Text from a log is escaped in every output (issue 21, item 16 and the
# smaller one of --info): a crafted log whose process state is a comma, a
# quote, a newline, NUL, a backslash, 0xff or a large value still gives
# whole CSV (every row as wide as the header), whole JSON lines and no
# NUL byte - the state is a letter or '?'; --info prints invalid UTF-8
# and control bytes as \xNN and a backslash as \\, and is valid UTF-8.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
HOSTILE=$4
"$HOSTILE" --write-states "$T/st.psr" || fail "writing the log"
"$PSREPORT" --csv "$T/st.csv" --export "$T/st.exp" --jsonl "$T/st.jsonl" \
	"$T/st.psr" >/dev/null 2>"$T/err"
expect "psreport on odd states" "$?" 0
for f in st.csv st.exp st.jsonl; do
	expect "$f: no NUL byte" "$(tr -cd '\000' <"$T/$f" | wc -c)" 0
done
rows=$("$HOSTILE" --check-csv "$T/st.csv") || fail "--csv is RFC 4180: $rows"
expect "--csv: a header, 9 samples and the avg row" "$rows" 11
rows=$("$HOSTILE" --check-csv "$T/st.exp") || fail "--export is RFC 4180: $rows"
expect "--export: a header and 9 samples" "$rows" 10
expect "--csv states" "$(csv_values "$T/st.csv" state | tr -d '\n')" "R???????S"
expect "--jsonl: one object per line" "$(wc -l <"$T/st.jsonl")" 9
python3 -c '
import json, sys
print("".join(json.loads(l)["state"] for l in open(sys.argv[1])))
' "$T/st.jsonl" >"$T/states" 2>&1 || fail "--jsonl is JSON: $(cat "$T/states")"
expect "--jsonl states" "$(cat "$T/states")" "R???????S"

# --info: escaped, one line per process, valid UTF-8
"$HOSTILE" --write-odd "$T/odd.psr" || fail "writing the odd log"
"$PSREPORT" --info "$T/odd.psr" >"$T/info" || fail "--info"
iconv -f UTF-8 -t UTF-8 "$T/info" >/dev/null 2>&1 || fail "--info is valid UTF-8"
grep -qF '/x/we"ird,\x0d\x0a\xc3( --arg=\xed\xa0\x80' "$T/info" ||
	fail "--info escapes the command line: $(grep x/we "$T/info")"
"$PSREPORT" --info "$T/st.psr" >"$T/info2" || fail "--info of the states log"
grep -qF '[back\\slash]' "$T/info2" ||
	fail "--info escapes a backslash: $(grep 4242 "$T/info2")"
expect "--info lines" "$(grep -c '^  100[12] ' "$T/info")" 2
finish
