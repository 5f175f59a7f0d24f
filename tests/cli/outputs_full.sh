# psreport on a full file system (issue 21, items 8 and 9): every output
# says "No space left on device" with its file name, exits 1 and leaves
# nothing behind - no temporary file, none of the run's charts (PLplot's
# own writes are checked too: they made 0-byte SVGs before). On a 64 KiB
# tmpfs the test mounts; skipped where mount is not allowed. A file size
# limit (SIGXFSZ ignored, EFBIG) is said the same way.
. "$(dirname "$0")/lib.sh" "$@"
cp "$4" "$T/app.psr"
mkdir "$T/full"
if ! mount -t tmpfs -o size=64k psreport-full "$T/full" 2>/dev/null; then
	echo "skipped: cannot mount a tmpfs here (not root, or no mount)"
	exit 77
fi
umount_full() { umount "$T/full" 2>/dev/null; }
trap 'umount_full; cleanup' EXIT
mkdir "$T/full/svg" "$T/full/png"
# fill it: whatever is written next fails with ENOSPC
dd if=/dev/zero of="$T/full/fill" bs=4096 2>/dev/null
expect "the tmpfs is full" "$(df --output=avail "$T/full" | tail -n 1 | tr -d ' ')" 0

# a log of every process: its outputs fail midway, not at their end
start_workload idle
"$PSREC" -q -a -i 0.1 -s 5 -o "$T/all.psr" || fail "psrec -a"
stop_workload "$wl_pid"
for opt in json summary export csv jsonl rss-top markdown pdf; do
	"$PSREPORT" "--$opt" "$T/full/out.$opt" "$T/all.psr" >/dev/null 2>"$T/err"
	expect "--$opt on a full disk: exit" "$?" 1
	grep -q "cannot write '$T/full/out.$opt': No space left on device$" "$T/err" ||
		fail "--$opt says so with the file name: $(cat "$T/err")"
	expect "--$opt: one line" "$(wc -l <"$T/err")" 1
done
for kind in svg png; do
	"$PSREPORT" "--$kind" "$T/full/$kind" "$T/app.psr" >/dev/null 2>"$T/err"
	expect "--$kind on a full disk: exit" "$?" 1
	grep -q "^psreport: --$kind: cannot write '$T/full/$kind/.*': No space left on device$" "$T/err" ||
		fail "--$kind says so with the file name: $(cat "$T/err")"
	expect "--$kind leaves none of its charts" "$(ls -A "$T/full/$kind" | wc -l)" 0
done
# a PDF whole elsewhere, then charts that do not fit: none of the run stays
"$PSREPORT" --pdf "$T/r.pdf" --svg "$T/full/svg" "$T/app.psr" >/dev/null 2>"$T/err"
expect "--pdf and a full --svg: exit" "$?" 1
[ -e "$T/r.pdf" ] && fail "the PDF of the failed run was left"
left=$(ls -A "$T/full" | grep -v '^fill$' | grep -v '^svg$' | grep -v '^png$')
expect "no temporary file is left" "$left" ""
umount_full
trap cleanup EXIT

# a file size limit: the write fails (EFBIG), said, exit 1, nothing left
(ulimit -f 2 && exec "$PSREPORT" --csv "$T/big.csv" --jsonl "$T/big.jsonl" "$T/app.psr") \
	>/dev/null 2>"$T/err"
expect "a file size limit: exit" "$?" 1
grep -q "cannot write '$T/big\.\(csv\|jsonl\)': File too large$" "$T/err" ||
	fail "says so: $(cat "$T/err")"
expect "nothing left" "$(ls "$T" | grep -c big)" 0
finish
