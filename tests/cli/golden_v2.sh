# A committed log of format version 2 (psrec 0.2.0 -c --system of a
# psr-workload tree) reads back with known values: its CSV and what the
# reader delivers of the format-2 additions (ids, part, SYSTEM records)
# are compared byte for byte with committed files; --info shows them.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
SYSDUMP=$(abs "$4")
GOLDEN=$5
same() { # same DESC EXPECTED ACTUAL
	if cmp -s "$2" "$3"; then
		ok "$1"
	else
		fail "$1 differs:"
		diff "$2" "$3" | head -n 10 >&2
	fi
}
"$PSREPORT" --csv "$T/g.csv" "$GOLDEN/v2.psr" || fail "psreport --csv exit $?"
same "CSV of the v2 golden log" "$GOLDEN/v2.csv" "$T/g.csv"
"$SYSDUMP" "$GOLDEN/v2.psr" >"$T/g.sys" || fail "sysdump"
same "ids and SYSTEM records of the v2 golden log" "$GOLDEN/v2.sysdump" "$T/g.sys"
"$PSREPORT" --info "$GOLDEN/v2.psr" >"$T/info" 2>"$T/err" || fail "psreport --info exit $?"
expect "no warning" "$(cat "$T/err")" ""
grep -q "^format: *2 (reader needs 1)" "$T/info" || fail "format 2, readable by format 1"
run=$(awk '$1 == "ids" { print $3 }' "$T/g.sys")
grep -q "^run: *$run part 0$" "$T/info" || fail "run id and part: $(grep '^run' "$T/info")"
grep -q "^system: *mem_total .* forks ([1-9][0-9]* records)$" "$T/info" || fail "system metrics"
zstd -q -t "$GOLDEN/v2.psr" || fail "zstd -t accepts the v2 golden log"
# a --system log given twice is read once: no host row doubled, and no
# "RAM used grows" made of the same samples seen twice
cp "$GOLDEN/v2.psr" "$T/copy.psr"
"$PSREPORT" --csv "$T/twice.csv" "$GOLDEN/v2.psr" "$T/copy.psr" "$GOLDEN/v2.psr" \
	>"$T/twice.txt" 2>"$T/twice.err" || fail "twice: exit $?"
same "a --system log given twice: its CSV" "$GOLDEN/v2.csv" "$T/twice.csv"
grep -q "grows" "$T/twice.txt" && fail "a --system log given twice: $(grep grows "$T/twice.txt")"
grep -q "^host (6 samples" "$T/twice.txt" || fail "twice: $(grep '^host' "$T/twice.txt")"
expect "twice: a warning per copy" "$(grep -c 'the same log as' "$T/twice.err")" 2
finish
