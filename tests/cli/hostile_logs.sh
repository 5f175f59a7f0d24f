# psreport on hostile logs: every input of the reader's fuzz corpus
# (real logs cut, flipped, with huge declared sizes and counts, unknown
# records, wrong versions, odd names, and the crashers the fuzzer found)
# gives exit 0 with warnings or exit 1 with one clear line, never a crash;
# and a log with process ids up to 2^24-1 is read in bounded memory.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
HOSTILE=$4
shift 4 # then the corpus directories

n=0
for f in $(for d in "$@"; do ls -d "$d"/*; done); do
	n=$((n + 1))
	for out in --info "--csv -"; do
		$PSREPORT $out "$f" >"$T/out" 2>"$T/err"
		rc=$?
		name="$(basename "$f") $out"
		case $rc in
		0) ;;
		1) [ "$(wc -l <"$T/err")" -eq 1 ] ||
			fail "$name: exit 1 with $(wc -l <"$T/err") lines on stderr" ;;
		*) fail "$name: exit $rc: $(tail -n 3 "$T/err")"; continue ;;
		esac
		# every line names the file: "psreport: ... 'FILE'..."
		bad=$(grep -v -F "psreport: " "$T/err"; grep -F "psreport: " "$T/err" | grep -v -F "'$f'")
		[ -n "$bad" ] && fail "$name: stray stderr: $(echo "$bad" | head -n 2)"
	done
done
within "corpus files read" "$n" 20 100000

"$HOSTILE" --write-sparse "$T/sparse.psr" || fail "writing the sparse log"
"$PSREPORT" --csv "$T/sparse.csv" "$T/sparse.psr"
expect "--csv of ids up to 2^24-1" "$?" 0
expect "three processes, two samples each" \
	"$(csv_values "$T/sparse.csv" pid | sort | uniq -c | awk '{ print $1 }' | tr '\n' ' ')" "2 2 2 "
if [ -x /usr/bin/time ]; then
	# before: an array by id, 657 MiB for --info and 14 GB for --csv
	for out in --info "--csv -"; do
		kb=$(/usr/bin/time -f %M "$PSREPORT" $out "$T/sparse.psr" 2>&1 >/dev/null | tail -n 1)
		within "max RSS of psreport $out on ids up to 2^24-1 (KiB)" "$kb" 1 100000
	done
else
	echo "no /usr/bin/time: memory not measured"
fi
finish
