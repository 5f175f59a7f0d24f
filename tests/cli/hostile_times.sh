# The log's own order, gaps and times (issue 21, items 11-15): crafted
# logs with extreme times (tests/unit/craftlog.c) read by every output
# with one clear line per problem and no sanitizer report (tests/run.sh
# builds with -fsanitize=address,undefined, halt_on_error); a clock step
# does not make a duration; a real log concatenated to itself or given
# twice counts its host samples once; reversed blocks are said, give no
# negative duration and still make a PDF; a missing middle part of a
# rotated run is said in the text, --info and --fleet; a million
# processes declared and never sampled cost a few hundred MB, and more
# alive at once than Linux can run is refused.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
CRAFT=$(abs "$4")

# rss_kb CMD...: the command's max RSS in KiB (stdout and stderr dropped)
rss_kb() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}

# clean NAME: psreport's stderr in $T/err has only lines naming the log,
# and no sanitizer report
clean() {
	if grep -q -E "runtime error|AddressSanitizer|LeakSanitizer" "$T/err"; then
		fail "$1: sanitizer: $(grep -m 1 -E "runtime error|Sanitizer" "$T/err")"
		return
	fi
	bad=$(grep -v -F "psreport: " "$T/err" | grep -v "^  " | grep -v "^\(fleet\|per \|logs with\)")
	[ -n "$bad" ] && fail "$1: stray stderr: $(echo "$bad" | head -n 2)"
}

# ---- item 14: every crafted case, every output ----
for c in $("$CRAFT" --list); do
	"$CRAFT" "$c" "$T/$c.psr" || fail "craftlog $c"
	for out in "" --info "--csv -" "--json -" "--jsonl -" "--summary -" \
		"--export -" --fleet "--pdf $T/$c.pdf --force"; do
		# shellcheck disable=SC2086
		"$PSREPORT" $out "$T/$c.psr" >"$T/out" 2>"$T/err"
		rc=$?
		case $rc in
		0 | 1) ;;
		*) fail "$c [$out]: exit $rc: $(tail -n 2 "$T/err")" ;;
		esac
		clean "$c [$out]"
	done
done
ok "every crafted case read without a sanitizer report"

# times beyond what a log can hold: the block is corrupt, said once
for c in t-max t-wrap t-int64 skew-max skew-146k span-146k; do
	"$PSREPORT" --info "$T/$c.psr" >"$T/out" 2>"$T/err"
	grep -q "'$T/$c.psr': corrupt record (type 3)" "$T/err" ||
		fail "$c: not said corrupt: $(head -n 1 "$T/err")"
done
"$PSREPORT" --info "$T/mono-max.psr" >"$T/out" 2>"$T/err"
expect "a monotonic start of 2^64-1 ns: exit 1" "$?" 1
grep -q "cannot read '$T/mono-max.psr': corrupt header (monotonic start" "$T/err" ||
	fail "mono-max: $(cat "$T/err")"

# ---- item 15: a log spanning 146,000 years, and one of 146 years ----
if [ -x /usr/bin/time ]; then
	# before: 54 s and 1.7 GB drawing one tick per 28 days
	kb=$(rss_kb "$PSREPORT" --pdf "$T/span.pdf" --force "$T/span-146k.psr")
	within "--pdf of a 146,000-year log: max RSS (KiB)" "$kb" 1 300000
	kb=$(rss_kb "$PSREPORT" --pdf "$T/span.pdf" --force "$T/span-max.psr")
	within "--pdf of a 146-year log: max RSS (KiB)" "$kb" 1 300000
else
	echo "no /usr/bin/time: memory not measured"
fi
# 200,000 processes declared in one block, one of them sampled (a few
# bytes each in the log): each held its series' accumulators from its
# declaration, 15 KB, 3 GB in all; then its state, 1.3 KB, 250 MB; now
# its declaration until a first sample
"$CRAFT" procs 200000 "$T/procs.psr" || fail "craftlog procs"
"$PSREPORT" "$T/procs.psr" >"$T/out" 2>"$T/err"
expect "200,000 declared processes: exit" "$?" 0
expect "200,000 declared processes: the one sampled is the one row" \
	"$(awk '$2 == "crafted" { n++ } END { print n + 0 }' "$T/out")" 1
if [ -x /usr/bin/time ]; then
	for out in "" "--json $T/procs.json" "--pdf $T/procs.pdf"; do
		kb=$(rss_kb "$PSREPORT" --force $out "$T/procs.psr")
		# (62 MB here, 116 to 152 MB under the sanitizers; 248 MB
		# before the declarations were held compact)
		within "psreport $out of 200,000 declared processes: max RSS (KiB)" \
			"$kb" 1 200000
	done
fi
# 1,000,000 declared, one sampled: a declaration is held in about 100
# bytes in the reader and as many in the analysis until something needs
# its state (before: 1.3 KB, 1.2 GB in all)
# (280 MB; 450 MB in the sanitizer build)
"$CRAFT" procs 1000000 "$T/procs.psr" || fail "craftlog procs 1000000"
if [ -x /usr/bin/time ]; then
	for out in "" "--json $T/procs.json"; do
		kb=$(rss_kb "$PSREPORT" --force $out "$T/procs.psr")
		within "psreport $out of 1,000,000 declared processes: max RSS (KiB)" \
			"$kb" 1 600000
	done
fi
rm -f "$T/procs.psr" "$T/procs.json"
# more processes declared and not ended at once than Linux can run
# (PID_MAX_LIMIT, 4,194,304) is not a recording: one line, exit 1; one
# of them ended (END) leaves room for one more
"$CRAFT" live 4194305 0 "$T/live.psr" || fail "craftlog live"
"$PSREPORT" "$T/live.psr" >"$T/out" 2>"$T/err"
expect "4,194,305 alive at once: exit" "$?" 1
expect "4,194,305 alive at once: one line on stderr" "$(wc -l <"$T/err")" 1
grep -q "^psreport: cannot read '$T/live.psr': more than 4194304 processes declared and not ended at once" "$T/err" ||
	fail "4,194,305 alive at once: $(head -c 300 "$T/err")"
"$CRAFT" live 4194305 1 "$T/live.psr" || fail "craftlog live"
"$PSREPORT" "$T/live.psr" >"$T/out" 2>"$T/err"
expect "4,194,305 declared, one ended: exit" "$?" 0
expect "4,194,305 declared, one ended: stderr" "$(cat "$T/err")" ""
rm -f "$T/live.psr"
# 20,000 processes declared and all sampled (a 60 KB log): 15 KB of
# accumulators each while they live; --memory-limit stops the analysis
# with one line instead of the machine's OOM killer
"$CRAFT" sampled 20000 "$T/sampled.psr" || fail "craftlog sampled"
"$PSREPORT" --memory-limit 64M "$T/sampled.psr" >"$T/out" 2>"$T/err"
expect "20,000 sampled at once over --memory-limit 64M: exit" "$?" 1
expect "20,000 sampled at once over --memory-limit 64M: one line" "$(wc -l <"$T/err")" 1
grep -q "^psreport: '$T/sampled.psr': more than 64 MiB for its processes ([0-9]* alive at once), their declarations and results (--memory-limit)" "$T/err" ||
	fail "--memory-limit: $(head -c 300 "$T/err")"
expect "--memory-limit: nothing on stdout" "$(wc -c <"$T/out")" 0
# 3,000 processes one after the other: one alive at a time, the ended
# ones' rows and states held to the end of the run, and counted
"$CRAFT" stagger 3000 "$T/stagger.psr" || fail "craftlog stagger"
"$PSREPORT" --memory-limit 1M "$T/stagger.psr" >"$T/out" 2>"$T/err"
expect "3,000 ended over --memory-limit 1M: exit" "$?" 1
grep -q "^psreport: '$T/stagger.psr': more than 1 MiB for its processes (1 alive at once), their declarations and results (--memory-limit)\$" "$T/err" ||
	fail "--memory-limit, ended ones: $(head -c 300 "$T/err")"
"$PSREPORT" "$T/stagger.psr" >"$T/out" 2>"$T/err"
expect "3,000 ended, no limit given: the group counts them" \
	"$(awk '$1 == "crafted" { print $2 }' "$T/out")" 3000
"$PSREPORT" --memory-limit 1G "$T/sampled.psr" >"$T/out" 2>"$T/err"
expect "20,000 sampled at once within --memory-limit 1G: exit" "$?" 0
expect "within --memory-limit: every process a row" \
	"$("$PSREPORT" --memory-limit 0 --summary - "$T/sampled.psr" | awk -F, '$8 == "rss_bytes"' | wc -l)" 20000
# a command line longer than a writer keeps (32 KiB) is corrupt: a
# crafted log's 1-MiB ones (a few bytes compressed) would be held for
# each of its processes
"$CRAFT" cmdline 32768 "$T/cmd.psr" || fail "craftlog cmdline"
"$PSREPORT" "$T/cmd.psr" >"$T/out" 2>"$T/err"
expect "a 32-KiB command line: exit" "$?" 0
expect "a 32-KiB command line: its row" \
	"$(awk '$2 == "crafted" { n++ } END { print n + 0 }' "$T/out")" 1
"$CRAFT" cmdline 32769 "$T/cmd.psr" || fail "craftlog cmdline"
"$PSREPORT" "$T/cmd.psr" >"$T/out" 2>"$T/err"
expect "a command line of 32 KiB + 1: exit" "$?" 0
grep -q "'$T/cmd.psr': corrupt record (type 2)" "$T/err" ||
	fail "a command line of 32 KiB + 1: not said corrupt: $(head -n 1 "$T/err")"
expect "a command line of 32 KiB + 1: no row" \
	"$(awk '$2 == "crafted" { n++ } END { print n + 0 }' "$T/out")" 0
"$PSREPORT" --pdf "$T/span.pdf" --force "$T/span-max.psr" 2>"$T/err"
expect "--pdf of a 146-year log" "$?" 0
if command -v pdfinfo >/dev/null; then
	pages=$(pdfinfo "$T/span.pdf" | awk '/^Pages:/ { print $2 }')
	within "its PDF's pages" "${pages:-0}" 1 20
fi

# ---- item 13: a wall clock step is not a duration ----
# samples 1 s apart; the clock jumps from 1970 to 2026 after 3 s
"$PSREPORT" "$T/clockstep.psr" >"$T/out" 2>"$T/err"
expect "clock step: the run's line says 10 s" \
	"$(head -n 1 "$T/out" | grep -o '([^)]*)' | head -n 1)" "(10.0s)"
expect "clock step: the process's duration" \
	"$(awk '$2 == "crafted" { print $3 }' "$T/out")" "10.0s"
"$PSREPORT" --json - "$T/clockstep.psr" >"$T/out" 2>"$T/err"
expect "clock step: JSON duration" \
	"$(grep -m 1 '"duration"' "$T/out" | tr -d ' ,')" '"duration":10'
"$PSREPORT" --info "$T/clockstep.psr" >"$T/out" 2>"$T/err"
grep -q "^samples: *11 from 1970-01-01 00:00:05.000 UTC to 2026-.*(10.000 s)" "$T/out" ||
	fail "clock step: --info: $(grep '^samples' "$T/out")"

# ---- item 11: a real log's blocks repeated or reversed ----
"$PSREC" -q --system -i 0.02 --flush 0.1 -s 61 -o "$T/s.psr" ||
	fail "psrec --system exit $?"
host_rows() { csv_values "$1" name | grep -c -x host; }
"$PSREPORT" --csv "$T/s.csv" "$T/s.psr" 2>"$T/err" || fail "--csv of the log"
rows=$(host_rows "$T/s.csv")
within "host rows of the log" "$rows" 55 61
blocks=$("$PSREPORT" --info "$T/s.psr" | sed -n 's/.* in \([0-9]*\) blocks.*/\1/p')
within "blocks of the log" "${blocks:-0}" 3 100

cat "$T/s.psr" "$T/s.psr" >"$T/ss.psr"
"$CRAFT" twice "$T/s.psr" "$T/tw.psr" 2>/dev/null || fail "craftlog twice"
for f in ss tw; do
	"$PSREPORT" --csv "$T/$f.csv" "$T/$f.psr" 2>"$T/err"
	expect "$f: a log holding a copy of itself reads" "$?" 0
	expect "$f: host rows counted once (before: twice)" "$(host_rows "$T/$f.csv")" "$rows"
	expect "$f: one warning for the copy" "$(wc -l <"$T/err")" 1
	grep -q "'$T/$f.psr': block 0 at offset [0-9]* repeats a block read before" "$T/err" ||
		fail "$f: $(cat "$T/err")"
	"$PSREPORT" "$T/$f.psr" 2>/dev/null | grep -q "^host (61 samples" ||
		fail "$f: host samples: $("$PSREPORT" "$T/$f.psr" 2>/dev/null | grep '^host')"
	clean "$f"
done
cp "$T/s.psr" "$T/copy.psr"
"$PSREPORT" --csv "$T/two.csv" "$T/s.psr" "$T/copy.psr" 2>"$T/err"
expect "the log given twice: host rows once" "$(host_rows "$T/two.csv")" "$rows"
grep -q "the same log as" "$T/err" || fail "given twice: $(cat "$T/err")"

"$CRAFT" reverse "$T/s.psr" "$T/rev.psr" 2>/dev/null || fail "craftlog reverse"
"$PSREPORT" --json "$T/rev.json" "$T/rev.psr" 2>"$T/err"
expect "reversed blocks: --json" "$?" 0
clean "reversed"
grep -q "'$T/rev.psr': block [0-9]* at offset [0-9]* comes after block [0-9]*: blocks out of order" "$T/err" ||
	fail "reversed: out of order not said: $(cat "$T/err")"
# the samples the analysis cannot use are counted, not dropped silently
grep -q "'$T/rev.psr': [0-9]* of 61 samples are not after the samples before them" "$T/err" ||
	fail "reversed: left-out samples not said: $(cat "$T/err")"
grep -q '"duration": -' "$T/rev.json" && fail "reversed: a negative duration"
"$PSREPORT" "$T/rev.psr" 2>/dev/null | head -n 1 | grep -q '(-' &&
	fail "reversed: negative run duration in the text"
"$PSREPORT" --pdf "$T/rev.pdf" "$T/rev.psr" 2>/dev/null
expect "reversed blocks: --pdf" "$?" 0
if command -v pdftotext >/dev/null; then
	pdftotext "$T/rev.pdf" - | grep -q "host" || fail "reversed: the PDF has no host page"
fi

# ---- item 12: a missing middle part of a rotated run ----
"$PSREC" -q --system -i 0.02 --flush 0.05 --rotate-size 2K -s 150 -o "$T/r.psr" ||
	fail "psrec --rotate-size exit $?"
[ -f "$T/r.2.psr" ] || fail "the rotated run has parts 0 to 2"
rm -f "$T/r.1.psr"
parts="$T/r.psr"
for f in "$T"/r.[2-9].psr; do parts="$parts $f"; done
# shellcheck disable=SC2086
"$PSREPORT" $parts >/dev/null 2>"$T/err"
grep -q "'$T/r.2.psr': part 1 of run [0-9a-f]\{32\} is missing (read: parts 0 and 2)" "$T/err" ||
	fail "text: missing part not said: $(cat "$T/err")"
# shellcheck disable=SC2086
"$PSREPORT" --info $parts >"$T/out" 2>/dev/null
grep -q "^warning: *part 1 of run [0-9a-f]* is missing" "$T/out" ||
	fail "--info: missing part not said"
# shellcheck disable=SC2086
"$PSREPORT" --fleet $parts >"$T/out" 2>/dev/null
grep -q "1 with problems" "$T/out" || fail "--fleet: $(head -n 1 "$T/out")"
grep -q "r.2.psr: .*part 1 of run [0-9a-f]* is missing" "$T/out" ||
	fail "--fleet does not list the missing part"
# a part given alone is not a gap
"$PSREPORT" "$T/r.2.psr" 2>"$T/err" >/dev/null
expect "one part alone: no warning" "$(cat "$T/err")" ""
finish
