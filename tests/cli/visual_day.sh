# A one-day 1 Hz log of one busy process (86,401 samples, psr-synth)
# makes a PDF under 1 MB and SVGs of bounded size: charts are drawn from
# time buckets, not from the samples. (Its speed is measured by
# tests/bench/visual.sh, not here.)
# usage: visual_day.sh psrec psreport workload psr-synth
. "$(dirname "$0")/lib.sh" "$@"
SYNTH=$(abs "$4")

"$SYNTH" "$T/day.psr" 1 86400 1 1 || fail "psr-synth exit $?"
"$PSREPORT" --pdf "$T/day.pdf" --svg "$T/svg" "$T/day.psr" >/dev/null ||
	fail "psreport exit $?"
expect "pages: a title page and 4 for the process" \
	"$(pdfinfo "$T/day.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" 5
within "PDF bytes, under 1 MB" "$(stat -c %s "$T/day.pdf")" 1 1048575
within "SVG bytes per file, under 200 KiB" \
	"$(cat "$T"/svg/*.svg | wc -c | awk -v n="$(ls "$T/svg" | wc -l)" '{ print int($1 / n) }')" \
	1 204799

# 30 processes: the ten whose RSS varied most get a table, their RSS
# charts and full pages; the others are in the verdict table only
"$SYNTH" "$T/many.psr" 30 120 1 3 || fail "psr-synth of 30 exit $?"
"$PSREPORT" --pdf "$T/many.pdf" --rss-top "$T/top.csv" "$T/many.psr" >/dev/null ||
	fail "psreport of 30 exit $?"
pdftotext "$T/many.pdf" "$T/many.txt" 2>/dev/null
grep -q "The processes whose RSS varied most" "$T/many.txt" || fail "the RSS table page"
expect "full pages for the ten busy ones only" \
	"$(grep -c "^busy [0-9]*: CPU (" "$T/many.txt")" 10
expect "the same ten in --rss-top" "$(awk -F, 'NR > 1 { print $4 }' "$T/top.csv" | sort -u)" busy
finish
