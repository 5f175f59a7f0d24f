# --rotate-size and --rotate-time split a run into NAME.psr, NAME.1.psr,
# NAME.2.psr...: each a complete log (readable alone, closed, no warning),
# all with one run id and parts 0, 1, 2...; read together they hold every
# sample once: none lost, none twice.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
SYSDUMP=$(abs "$4")
start_workload cpu --duty 0.2

# check_run BASE: the files of one run, by part; sets $nfiles
check_run() {
	base=$1
	files=""
	i=0
	while :; do
		if [ $i -eq 0 ]; then f="$T/$base.psr"; else f="$T/$base.$i.psr"; fi
		[ -f "$f" ] || break
		files="$files $f"
		i=$((i + 1))
	done
	nfiles=$i
	runs=""
	total=0
	i=0
	for f in $files; do
		"$PSREPORT" --info "$f" >"$T/info" 2>"$T/err" || fail "$f reads alone"
		expect "$f: no warning" "$(cat "$T/err")" ""
		grep -q "^closed: *yes" "$T/info" || fail "$f is closed"
		part=$("$SYSDUMP" "$f" | awk '$1 == "ids" { print $4 }')
		expect "$f is part $i" "$part" "$i"
		runs="$runs $("$SYSDUMP" "$f" | awk '$1 == "ids" { print $3 }')"
		n=$(sed -n 's/^samples: *\([0-9]*\).*/\1/p' "$T/info")
		total=$((total + n))
		i=$((i + 1))
	done
	expect "$base: one run id" "$(echo $runs | tr ' ' '\n' | sort -u | wc -l)" 1
	# shellcheck disable=SC2086
	"$PSREPORT" --csv "$T/$base.csv" $files 2>/dev/null || fail "--csv of all parts"
	expect "$base: --csv of all parts has every sample" "$(csv_values "$T/$base.csv" t | wc -l)" "$total"
	# sample times to the microsecond, in part order
	for f in $files; do "$SYSDUMP" "$f"; done | awk '$1 == "sample" { print $3 }' >"$T/ts"
	expect "$base: every sample once" "$(wc -l <"$T/ts")" "$total"
	expect "$base: no sample twice" "$(sort "$T/ts" | uniq -d | wc -l)" 0
	expect "$base: samples in order across parts" "$(sort -c -n "$T/ts" 2>&1)" ""
}

"$PSREC" -q -p "$wl_pid" -i 0.01 --flush 0.05 --rotate-size 2K -s 200 -o "$T/r.psr" ||
	fail "psrec --rotate-size exit $?"
check_run r
within "--rotate-size 2K: several files" "$nfiles" 3 100
expect "--rotate-size: the run holds its 200 samples" "$total" 200
for f in $files; do
	size=$(stat -c %s "$f")
	# closed once a flush takes it past 2K: at most one block more
	within "$f size" "$size" 1 8192
done

"$PSREC" -q -p "$wl_pid" -i 0.02 --flush 0.05 --rotate-time 0.5 -s 100 -o "$T/t" ||
	fail "psrec --rotate-time exit $?"
# a name without .psr: NAME, NAME.1, ...
i=0; tfiles=""
while [ -f "$T/t$([ $i -gt 0 ] && echo .$i)" ]; do tfiles="$tfiles $T/t$([ $i -gt 0 ] && echo .$i)"; i=$((i + 1)); done
within "--rotate-time 0.5 over about 2 s: several files" "$i" 3 30
for f in $tfiles; do "$SYSDUMP" "$f"; done | awk '$1 == "sample" { print $3 }' >"$T/ts"
expect "--rotate-time: no sample twice" "$(sort "$T/ts" | uniq -d | wc -l)" 0
expect "--rotate-time: in order" "$(sort -c -n "$T/ts" 2>&1)" ""
expect "--rotate-time: every sample" "$(wc -l <"$T/ts")" 100

# the next name exists: refused, nothing overwritten
: >"$T/x.1.psr"
"$PSREC" -q -p "$wl_pid" -i 0.01 --flush 0.02 --rotate-size 1K -d 2 -o "$T/x.psr" 2>"$T/err"
expect "an existing next file stops psrec" "$?" 1
grep -q "'$T/x.1.psr' exists" "$T/err" || fail "says so: $(cat "$T/err")"
expect "the existing file is untouched" "$(stat -c %s "$T/x.1.psr")" 0
"$PSREPORT" --info "$T/x.psr" >/dev/null 2>&1 || fail "the first part reads"
stop_workload "$wl_pid"
finish
