# An interrupted psreport (issue 21, item 10) removes its temporary files
# and the part of a chart set it had put in place: SIGTERM or SIGINT
# arrives (delivered by strace exactly at the 5th rename, the 4th chart
# put in place, so no timing decides) while --csv's temporary file is open
# and some SVGs are in place; none of them stays, nor the --svg directory
# psreport made (one that was there before stays). Skipped without strace.
. "$(dirname "$0")/lib.sh" "$@"
cp "$4" "$T/app.psr"
if ! command -v strace >/dev/null ||
	! strace -qq -o /dev/null true 2>/dev/null; then
	echo "skipped: no strace, or it cannot trace here"
	exit 77
fi
renames=rename,renameat,renameat2
for sig in TERM:15 INT:2 HUP:1; do
	num=${sig#*:}
	sig=${sig%:*}
	rm -rf "$T/out"
	mkdir "$T/out"
	strace -f -qq -o /dev/null -e trace=$renames \
		-e inject=$renames:signal=SIG$sig:when=5 \
		"$PSREPORT" --csv "$T/out/a.csv" --json "$T/out/a.json" \
		--svg "$T/out/svg" "$T/app.psr" >/dev/null 2>"$T/err"
	rc=$?
	expect "SIG$sig ends psreport by the signal" "$rc" "$((128 + num))"
	expect "SIG$sig: nothing of the run stays (charts, temporaries)" \
		"$(find "$T/out" -type f | wc -l)" 0
	# the --svg directory it made goes too (issue 21)
	expect "SIG$sig: the directory psreport made is removed" \
		"$(find "$T/out" -mindepth 1 | wc -l)" 0
done
# a directory that was there before stays, emptied of the run's charts
rm -rf "$T/out"
mkdir -p "$T/out/svg"
strace -f -qq -o /dev/null -e trace=$renames \
	-e inject=$renames:signal=SIGTERM:when=5 \
	"$PSREPORT" --svg "$T/out/svg" "$T/app.psr" >/dev/null 2>"$T/err"
expect "SIGTERM with an existing --svg directory" "$?" 143
expect "the directory it did not make stays, empty" \
	"$(find "$T/out" -mindepth 1)" "$T/out/svg"

# the run itself, without the signal, writes them all
"$PSREPORT" --csv "$T/out/a.csv" --json "$T/out/a.json" --svg "$T/out/svg" \
	"$T/app.psr" >/dev/null || fail "the run without a signal"
within "and more than the 4 charts the signal saw" \
	"$(ls "$T/out/svg" | wc -l)" 5 1000
finish
