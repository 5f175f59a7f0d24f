# A committed log of format version 1 reads back with known values: the
# CSV made from it is compared byte for byte with the committed one, and
# --info shows the recorded header.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
GOLDEN=$4
"$PSREPORT" --csv "$T/g.csv" "$GOLDEN/v1.psr" || fail "psreport --csv exit $?"
if cmp -s "$T/g.csv" "$GOLDEN/v1.csv"; then
	ok "CSV of the v1 golden log is unchanged"
else
	fail "CSV of the v1 golden log differs:"
	diff "$GOLDEN/v1.csv" "$T/g.csv" | head -n 10 >&2
fi
"$PSREPORT" --info "$GOLDEN/v1.psr" >"$T/info" || fail "psreport --info exit $?"
grep -q "^format: *1 " "$T/info" || fail "format 1"
grep -q "written by psrec 0.1.0" "$T/info" || fail "writer version"
grep -q "psr-workload" "$T/info" || fail "the recorded command"
grep -q "^closed: *yes" "$T/info" || fail "closed"
# a log given twice is one run read once: no sample is duplicated
"$PSREPORT" --csv "$T/same.csv" "$GOLDEN/v1.psr" "$GOLDEN/v1.psr" || fail "same log twice"
expect "same log twice: rows" "$(wc -l <"$T/same.csv")" "$(wc -l <"$GOLDEN/v1.csv")"
# ... and the run is its 31 samples of one log, with a warning; a copy
# of it (another file, the same log) too
cp "$GOLDEN/v1.psr" "$T/copy.psr"
"$PSREPORT" "$GOLDEN/v1.psr" "$GOLDEN/v1.psr" "$T/copy.psr" >"$T/same.txt" 2>"$T/same.err" ||
	fail "same log twice: text"
grep -q "interval 0.05s, 31 samples, .*v1.psr$" "$T/same.txt" ||
	fail "same log twice: $(head -n 1 "$T/same.txt")"
expect "same log twice: a warning per copy" \
	"$(grep -c "copy.psr': the same log as\|v1.psr': the same log as" "$T/same.err")" 2
# logs of different runs make one CSV: the rows of both, one header
MIX="$GOLDEN/../../samples/recorded/mix.psr"
"$PSREPORT" --csv "$T/mix.csv" "$MIX" || fail "mix log"
"$PSREPORT" --csv "$T/two.csv" "$GOLDEN/v1.psr" "$MIX" || fail "two logs"
expect "two logs: rows" "$(wc -l <"$T/two.csv")" \
	$(( $(wc -l <"$GOLDEN/v1.csv") + $(wc -l <"$T/mix.csv") - 1 ))
expect "two logs: one header" "$(grep -c '^timestamp,' "$T/two.csv")" 1
# the raw record stream is what FORMAT.md says: zstd sees the blocks
zstd -q -t "$GOLDEN/v1.psr" || fail "zstd -t accepts the golden log"
expect "first record is BLOCK 0" "$(zstd -q -dc "$GOLDEN/v1.psr" | head -c 3 | od -An -tx1 | tr -d ' ')" 010100
finish
