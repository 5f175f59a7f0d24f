#!/bin/sh
# check_defects.sh - the chart defects of issue 18, measured on the pages
# of defects.c as a reader sees them: where pdftotext -bbox finds the
# words (points, y down from the top of the page) and what pdftoppm
# paints between them.
# usage: check_defects.sh <defects> <pgmstat>
set -u
defects=$1 pgmstat=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

pdf=$dir/d.pdf
"$defects" "$pdf" >"$dir/out" || { echo "FAIL: defects" >&2; exit 1; }
[ -s "$dir/out" ] && fail "output on stdout"
for p in 1 2 3 4 5 6 7 8 9; do
	pdftotext -f $p -l $p -bbox "$pdf" - 2>/dev/null |
		sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/p' \
		>"$dir/p$p"
done
# word PAGE TEXT: "xmin ymin xmax ymax" of its first occurrence
word() { awk -v w="$2" '$5 == w { print $1, $2, $3, $4; exit }' "$dir/p$1"; }
pagew=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Page size:/ { print $3 }')

# 1: a 0.8 s process fills its own axis: no minute around it
grep -q ' 15:59:' "$dir/p1" && fail "short process: the axis starts before it"
grep -q ' 16:00:30' "$dir/p1" && fail "short process: a minute-long axis"
[ -n "$(word 1 16:00:00.4)" ] || fail "short process: no sub-second ticks"

# 2: layers without values at 55 and 60 s are a gap, not a slope to zero:
# half-way between 50 and 55 s, nothing is painted above the baseline
set -- $(word 2 16:00:50) && x50=$(echo "$1 $3" | awk '{print ($1+$2)/2}')
set -- $(word 2 16:01:00) && x60=$(echo "$1 $3" | awk '{print ($1+$2)/2}')
set -- $(awk '$5 == "0" { print ($2+$4)/2; exit }' "$dir/p2") && y0=$1
set -- $(awk '$5 == "100" { print ($2+$4)/2; exit }' "$dir/p2") && y100=$1
if [ -n "${x50:-}" ] && [ -n "${x60:-}" ] && [ -n "${y0:-}" ] && [ -n "${y100:-}" ]; then
	set -- $(echo "$x50 $x60 $y0 $y100" | awk '{
		printf "%d %d %d\n", $1 + ($2 - $1) * 0.2, $4, ($3 - $4) * 0.8 }')
	pdftoppm -r 72 -gray -f 2 -l 2 -x "$1" -y "$2" -W 6 -H "$3" "$pdf" \
		"$dir/gap" 2>/dev/null
	# the mean grey of the column: the page's white and grid lines, or
	# a layer's fill
	set -- $("$pgmstat" "$dir"/gap-*2.pgm)
	[ "${2:-0}" -ge 230 ] ||
		fail "stack: painted (grey ${2:-?}) after the layers ended (drawn as zero)"
else
	fail "stack: no tick labels to measure by"
fi

# 3: a series at 100% has room above it: the axis goes past 100
top=$(awk '$5 ~ /^[0-9]+$/ && $1 < 80 { if ($5 + 0 > m) m = $5 + 0 } END { print m + 0 }' "$dir/p3")
[ "$top" -gt 100 ] || fail "headroom: the axis ends at $top, the series' value"

# 4: the p95 label stays inside the chart
set -- $(word 4 p95) $(word 4 edge\)) 
[ $# -ge 8 ] || fail "p95: label not found"
[ $# -ge 8 ] && awk -v a="$7" -v w="$pagew" 'BEGIN { exit !(a <= w - 28) }' ||
	fail "p95: the label runs past the chart (x ${7:-?} on a $pagew pt page)"

# 5: the heatmap's title and the key to undefined cells are on two rows
set -- $(word 5 a-rather-long-process-name-for-a-heatmap) $(word 5 undefined)
if [ $# -ge 8 ]; then
	awk -v ty="$4" -v uy="$6" 'BEGIN { exit !(uy >= ty - 0.5) }' ||
		fail "heatmap: 'undefined (hatched)' on the title's row"
else
	fail "heatmap: title or 'undefined' missing"
fi

# 6: a 400-character title is cut to the chart, with an ellipsis
grep -q ' TITLEEND$' "$dir/p6" && fail "long title: printed whole"
awk -v w="$pagew" '$2 < 60 && $3 > w - 28 { bad = 1 } END { exit bad }' \
	"$dir/p6" || fail "long title: runs past the chart"
grep -q '…' "$dir/p6" || fail "long title: no ellipsis"

# 7: 29 bar labels in a quarter page never overlap
awk '$5 ~ /^bar[0-9][0-9]$/ { n++; y0[n] = $2; y1[n] = $4 }
	END { if (n < 5) exit 1
	      for (i = 2; i <= n; i++) if (y0[i] < y1[i-1] - 0.5) exit 1 }' \
	"$dir/p7" || fail "bars: labels overlap or are missing"

# 8: a chart of zeros says so instead of drawing 0-1 axes
pdftotext -f 8 -l 8 "$pdf" - 2>/dev/null | grep -q 'no I/O' ||
	fail "no I/O: not said"
grep -q ' 1\.0$' "$dir/p8" && fail "no I/O: a 0-1 axis drawn"

# 9: an elapsed axis: seconds from 0, not the wall clock
for t in 0 30 60 90; do
	[ -n "$(word 9 $t)" ] || fail "elapsed: no tick '$t'"
done
grep -q ' 16:00:30$' "$dir/p9" && fail "elapsed: wall-clock ticks"
pdftotext -f 9 -l 9 "$pdf" - 2>/dev/null | grep -q 'seconds since the start' ||
	fail "elapsed: no caption"

exit $failed
