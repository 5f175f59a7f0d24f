# A metric that cannot be read is stored as missing and reads back as an
# empty cell, never as 0: psrec run as 'nobody' cannot read the io file
# nor the descriptors of a root process.
. "$(dirname "$0")/lib.sh" "$@"

if [ "$(id -u)" -ne 0 ]; then
	# not root: any root process is unreadable for us
	target=1
else
	start_workload idle
	target=$wl_pid
	chmod 777 "$T"
fi
run_as() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}
run_as "$PSREC" -q -o "$T/m.psr" -p "$target" -s 2 -i 0.05 || fail "psrec exit $?"
"$PSREPORT" --csv "$T/m.csv" "$T/m.psr" || fail "psreport"
expect "io is missing" "$(csv_values "$T/m.csv" rchar_bytes | sort -u)" ""
expect "descriptors are missing" "$(csv_values "$T/m.csv" fds | sort -u)" ""
rss=$(csv_values "$T/m.csv" rss_bytes | head -n 1)
within "rss is still read" "${rss:-0}" 1 1e12
expect "two samples" "$(csv_values "$T/m.csv" t | wc -l)" 2

# the whole host and a process tree, unprivileged: what cannot be read is
# missing, nothing crashes
if [ "$(id -u)" -eq 0 ]; then
	start_workload children --count 2
	tree=$wl_pid
	run_as "$PSREC" -q -a -s 2 -i 0.05 -o "$T/a.psr" || fail "psrec -a unprivileged: exit $?"
	"$PSREPORT" --csv "$T/a.csv" "$T/a.psr" || fail "psreport -a log"
	rchar=$(awk -F, -v c="$(csv_col "$T/a.csv" rchar_bytes)" -v p="$target" \
		'NR > 1 && $1 != "avg" && $3 == p { print $c }' "$T/a.csv" | sort -u)
	expect "-a: the root process is there, its io missing" "$rchar" ""
	run_as "$PSREC" -q -c -p "$tree" -s 2 -i 0.05 -o "$T/c.psr" || fail "psrec -c unprivileged: exit $?"
	"$PSREPORT" --csv "$T/c.csv" "$T/c.psr"
	expect "-c: the root tree's children are found" "$(csv_values "$T/c.csv" pid | sort -u | wc -l)" 3
	expect "-c: their io is missing" "$(csv_values "$T/c.csv" rchar_bytes | sort -u)" ""
	stop_workload "$tree"
fi
finish
