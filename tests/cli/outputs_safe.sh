# psreport's outputs never destroy an input and never replace what is not
# a regular file (issue 21, items 1, 3, 6, 7 and the smaller ones): one
# place opens every output (report/util/outfile.c), so every output
# option is tried against it. The log is a golden one (4th argument).
. "$(dirname "$0")/lib.sh" "$@"
cp "$4" "$T/app.psr"
chmod 640 "$T/app.psr"
sum=$(cksum <"$T/app.psr")
cd "$T" || exit 1

# 1: an output that is one of the logs is refused, even with --force,
# under any spelling (./app.psr, a hard link, a symlink), for every option
ln app.psr hard.psr
ln -s app.psr soft.psr
for opt in csv json summary jsonl rss-top markdown export pdf; do
	for spelling in app.psr ./app.psr hard.psr soft.psr "$T/app.psr"; do
		"$PSREPORT" --force "--$opt" "$spelling" app.psr >/dev/null 2>err
		rc=$?
		[ "$rc" = 1 ] || fail "--$opt $spelling: exit $rc, want 1"
		grep -q "^psreport: --$opt: '$spelling' is one of the logs read" err ||
			fail "--$opt $spelling: says why: $(cat err)"
	done
done
ok "every output option refuses an input, with --force, in 5 spellings"
expect "the log is intact" "$(cksum <app.psr)" "$sum"
# the same for --baseline's log, for --fleet-csv, and for a chart file
cp app.psr base.psr
"$PSREPORT" --force --baseline base.psr --compare-csv base.psr app.psr >/dev/null 2>err
expect "--baseline's log refused as an output" "$?" 1
"$PSREPORT" --force --fleet --fleet-csv app.psr app.psr >/dev/null 2>err
expect "--fleet-csv onto the log" "$?" 1
grep -q "is one of the logs read" err || fail "--fleet-csv says why: $(cat err)"
mkdir svg
"$PSREPORT" --svg svg app.psr >/dev/null 2>err || fail "--svg: $(cat err)"
chart=$(ls svg | head -n 1)
rm -rf svg/*
cp app.psr "svg/$chart"
"$PSREPORT" --force --svg svg "svg/$chart" >/dev/null 2>err
expect "a chart onto its own log" "$?" 1
grep -q "is one of the logs read" err || fail "--svg says why: $(cat err)"
expect "that log is intact" "$(cksum <"svg/$chart")" "$sum"

# 3: devices and fifos are written in place, /dev/null without --force
"$PSREPORT" --csv /dev/null app.psr 2>err
expect "--csv /dev/null without --force" "$?" 0
[ -c /dev/null ] || fail "/dev/null is still a character device"
"$PSREPORT" --force --json /dev/null app.psr 2>err
expect "--force --json /dev/null" "$?" 0
[ -c /dev/null ] || fail "/dev/null is still a character device after --force"
"$PSREPORT" --csv - app.psr >out.csv 2>err
expect "--csv - without --force" "$?" 0
mkfifo out.fifo
# the test holds the fifo open (read and write: no open blocks), the CSV
# (6 KB) fits in the pipe, and is read back to its known size
exec 5<>out.fifo
"$PSREPORT" --csv out.fifo app.psr 2>err
expect "--csv to a fifo someone reads" "$?" 0
head -c "$(stat -c %s out.csv)" <&5 >fifo.csv
exec 5<&-
[ -p out.fifo ] || fail "the fifo is still a fifo"
cmp -s out.csv fifo.csv || fail "the fifo got the CSV"
# nobody reads the fifo: an error, not a hang (the test's timeout)
"$PSREPORT" --force --csv out.fifo app.psr 2>err
expect "a fifo nobody reads" "$?" 1
grep -q "^psreport: --csv: cannot write 'out.fifo': a fifo nobody reads$" err ||
	fail "says so: $(cat err)"
[ -p out.fifo ] || fail "the fifo was not replaced"
# a dangling symlink is replaced only with --force
ln -s nowhere dangling.csv
"$PSREPORT" --csv dangling.csv app.psr 2>err
expect "a dangling symlink output without --force" "$?" 1
grep -q "symlink to a missing file (use --force" err || fail "says so: $(cat err)"
[ -L dangling.csv ] || fail "the symlink stays"
[ -e nowhere ] && fail "nothing was created through it"
"$PSREPORT" --force --csv dangling.csv app.psr 2>err
expect "a dangling symlink output with --force" "$?" 0

# 6: a fifo (or a device) given as a log is refused at once, never read
mkfifo in.fifo
timeout 20 "$PSREPORT" in.fifo >/dev/null 2>err
expect "a fifo input" "$?" 1
grep -q "^psreport: cannot read 'in.fifo': not a regular file$" err ||
	fail "says so: $(cat err)"
"$PSREPORT" /dev/zero >/dev/null 2>err
expect "a device input" "$?" 1

# 7: outputs no wider than the log: 0640 in, 0640 out; 0600 in, 0600 out
umask 022
"$PSREPORT" --csv m640.csv --json m640.json --export m640.exp app.psr || fail "csv"
expect "--csv of a 0640 log" "$(stat -c %a m640.csv)" 640
expect "--json of a 0640 log" "$(stat -c %a m640.json)" 640
expect "--export of a 0640 log" "$(stat -c %a m640.exp)" 640
"$PSREPORT" --pdf m640.pdf app.psr >/dev/null || fail "pdf"
expect "--pdf of a 0640 log" "$(stat -c %a m640.pdf)" 640
"$PSREPORT" --svg svg --force app.psr >/dev/null 2>err || fail "--svg: $(cat err)"
expect "--svg of a 0640 log" "$(stat -c %a "svg/$chart")" 640
cp app.psr private.psr
chmod 600 private.psr
"$PSREPORT" --csv m600.csv private.psr app.psr 2>/dev/null || fail "csv of two"
expect "--csv of a 0600 and a 0640 log" "$(stat -c %a m600.csv)" 600
chmod 666 private.psr
"$PSREPORT" --csv m644.csv private.psr || fail "csv 0666"
expect "--csv of a 0666 log, umask 022" "$(stat -c %a m644.csv)" 644

# two outputs to one file, and an empty --host: usage errors
"$PSREPORT" --csv X --json X app.psr 2>err
expect "--csv X --json X" "$?" 2
grep -q "^psreport: --csv and --json both write 'X'" err || fail "says so: $(cat err)"
"$PSREPORT" --csv X --summary ./X app.psr 2>err
expect "--csv X --summary ./X" "$?" 2
"$PSREPORT" --csv X --pdf "$T/X" app.psr 2>err
expect "--csv X --pdf \$T/X" "$?" 2
[ -e X ] && fail "nothing written"
"$PSREPORT" --csv /dev/null --json /dev/null app.psr 2>err
expect "two outputs to /dev/null" "$?" 0
"$PSREPORT" --export e.csv --host '' app.psr 2>err
expect "--export --host ''" "$?" 2
grep -q "^psreport: --host: an empty host name" err || fail "says so: $(cat err)"
cd /
finish
