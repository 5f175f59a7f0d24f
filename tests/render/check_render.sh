#!/bin/sh
# check_render.sh - render the sample report, SVGs and PNGs in a theme and
# check them with the tools a reader would use: poppler's pdfinfo,
# pdffonts, pdftotext and pdftoppm, and libxml2's xmllint.
# usage: check_render.sh <render_sample> <pgmstat> light|dark
set -u
sample=$1 pgmstat=$2 theme=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

# stdin closed: PLplot must never prompt; nothing may come out on stdout
"$sample" "$dir" "$theme" <&- >"$dir/stdout" ||
	{ echo "FAIL: render_sample" >&2; exit 1; }
[ -s "$dir/stdout" ] && fail "output on stdout: $(head -c 200 "$dir/stdout")"
pdf=$dir/report.pdf

# title page, 3 pages per process for 3 processes, 1 comparison page
pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" = 11 ] || fail "pdfinfo: $pages pages, expected 11"
pdfinfo "$pdf" 2>/dev/null | grep -q '^Title: *psreport: host-α café-€$' ||
	fail "pdfinfo: title"

pdfinfo "$pdf" 2>/dev/null | grep -q '^Page size: *842 x 595 pts (A4)' ||
	fail "pdfinfo: not A4 landscape"
letter=$dir/letter.pdf
pdfinfo "$letter" 2>/dev/null | grep -q '^Page size: *792 x 612 pts (letter)' ||
	fail "pdfinfo: letter.pdf is not letter landscape"
[ "$(pdftotext "$letter" - 2>/dev/null | tr -d '\f' | grep -c '^row$')" = 3 ] ||
	fail "letter.pdf: the table header is not repeated on its 3 pages"
pdftotext "$letter" - 2>/dev/null | grep -q '^row 100$' ||
	fail "letter.pdf: the last row is missing"

# a document saved after a refused path: one footer per page, not two
[ "$(pdftotext -raw "$dir/second.pdf" - 2>/dev/null | grep -c 'page 1 of 1')" = 1 ] ||
	fail "second.pdf: footer drawn more than once"

# every font embedded (the emb column), and there are three
pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 { n++; if ($(NF-4) != "yes") bad = 1 }
	END { exit (bad || n != 3) }' || fail "pdffonts: not all 3 fonts embedded"

text=$(pdftotext -enc UTF-8 "$pdf" - 2>/dev/null)
for want in 'café-€ worker' 'nginx' 'postgres' 'LEAK: +3.5 MiB/h' \
	'no leak: flat' 'growing: +0.4 MiB/h' '--tag café-€ #1' \
	'café-€ worker: memory (RSS)' 'page 1 of 11' 'page 11 of 11' \
	'host-α · 2025-11-24' 'time (UTC+00:00) from 2025-11-24 16:00:00' \
	'RSS (MiB)' 'I/O (MiB/s)' 'CPU (%)' 'undefined' \
	'run #2 vs run #1 (100% = double)' 'peak 314 MiB' 'p95 48.2%' \
	'postgres�日本: memory (RSS)' 'main ��'; do
	printf '%s\n' "$text" | grep -qF -- "$want" || fail "pdftotext: no '$want'"
done

# the outline: an entry per process (UTF-16 titles) with nested sections
utf16() { printf '%s' "$1" | iconv -t UTF-16BE | od -An -tx1 | tr -d ' \n' |
	tr a-f A-F; }
grep -aq "/Title <FEFF$(utf16 'café-€ worker (pid 1200)')>" "$pdf" ||
	fail "outline: no entry for the process"
[ "$(grep -ao "/Title <FEFF$(utf16 'Statistics')>" "$pdf" | wc -l)" = 3 ] ||
	fail "outline: not 3 Statistics sections"

# charts are vectors and text, not pasted bitmaps: no images at all
images=$(pdfimages -list "$pdf" 2>/dev/null | tail -n +3 | wc -l)
[ "$images" = 0 ] || fail "pdfimages: $images images in the PDF"

# a chart page is not blank; the background follows the theme
pdftoppm -r 30 -gray -f 2 -l 2 "$pdf" "$dir/page" 2>/dev/null
set -- $("$pgmstat" "$dir"/page-*2.pgm)
corner=${1:-0} ink=${3:-0}
[ "$ink" -ge 20 ] || fail "page 2 looks blank ($ink per mille ink)"
if [ "$theme" = dark ]; then
	[ "$corner" -lt 64 ] || fail "dark page background is $corner"
else
	[ "$corner" -gt 200 ] || fail "light page background is $corner"
fi

# SVGs: well-formed, one per chart, each carrying its title
n=0
for f in "$dir"/svg/*.svg; do
	n=$((n + 1))
	xmllint --noout "$f" || fail "xmllint: $f"
done
[ "$n" = 6 ] || fail "$n SVGs, expected 6"
title=$(xmllint --xpath 'string(/)' "$dir/svg/1200-worker-memory.svg")
case $title in *'café-€ worker: memory (RSS)'*) ;;
*) fail "SVG title missing" ;; esac
case $title in *'LEAK: +3.5 MiB/h'*) ;;
*) fail "SVG verdict missing" ;; esac
# PLplot's escape character prints as itself
case $(xmllint --xpath 'string(/)' "$dir/svg/comparison.svg") in
*'run #2 vs run #1 (100% = double)'*) ;;
*) fail "SVG: '#' in a title did not print as is" ;; esac
grep -q "fill=\"#$( [ "$theme" = dark ] && echo 1E2024 || echo FFFFFF)\"" \
	"$dir/svg/1200-worker-cpu.svg" || fail "SVG background colour"

# PNGs: real PNGs, 720 pt at 100 dpi = 1000 pixels wide
for f in "$dir"/png/*.png; do
	sig=$(od -An -tx1 -N8 "$f" | tr -d ' \n')
	[ "$sig" = 89504e470d0a1a0a ] || fail "not a PNG: $f"
	w=$(od -An -tu1 -j16 -N4 "$f" | awk '{print $1*16777216+$2*65536+$3*256+$4}')
	[ "$w" = 1000 ] || fail "$f is $w pixels wide"
	# colour type: 6 (with alpha) for --transparent only, else 2 (RGB)
	ct=$(od -An -tu1 -j25 -N1 "$f" | tr -d ' ')
	case $f in */transparent.png) want=6 ;; *) want=2 ;; esac
	[ "$ct" = "$want" ] || fail "$f has PNG colour type $ct, want $want"
done

# without its driver the library fails cleanly: an error naming the
# directory, no output file and no temporary left behind
mkdir "$dir/nodrv"
if PSREPORT_DRIVER_DIR=$dir/none "$sample" "$dir/nodrv" "$theme" 60 1 svg \
	2>"$dir/nodrv.err"; then
	fail "render_sample succeeded without its driver"
fi
grep -q "driver 'psrharu' not found in '$dir/none'" "$dir/nodrv.err" ||
	fail "no driver: message: $(head -1 "$dir/nodrv.err")"
[ -z "$(ls -A "$dir/nodrv/svg")" ] || fail "no driver: files left behind"

# a driver PLplot cannot load makes PLplot call plexit(): the exit
# handler turns that into an error return (the program goes on, later
# charts are refused), and the temporary file is removed
drv=$dir/brokendrv
mkdir "$drv" "$dir/broken"
real=$(dirname "$sample")/../report/render/plharu
ln -s "$(cd "$real" && pwd)/psrharu.so" "$drv/psrharu.so"
cp "$real/psrharu.driver_info" "$real/svg.driver_info" "$drv/"
echo 'not a shared object' >"$drv/svg.so"
if PSREPORT_DRIVER_DIR=$drv "$sample" "$dir/broken" "$theme" 60 1 svg \
	2>"$dir/broken.err"; then
	fail "render_sample succeeded with a broken svg driver"
fi
grep -q 'plplot: Unable to load driver' "$dir/broken.err" ||
	fail "plexit did not come back as an error: $(tail -1 "$dir/broken.err")"
grep -q 'charts disabled after an earlier plplot failure' "$dir/broken.err" ||
	fail "later charts not refused after plexit"
[ -z "$(ls -A "$dir/broken/svg")" ] || fail "broken driver: files left behind"
# an unloadable psrharu is caught before PLplot starts
rm "$drv/psrharu.so"
echo 'not a shared object' >"$drv/psrharu.so"
PSREPORT_DRIVER_DIR=$drv "$sample" "$dir/broken" "$theme" 60 1 svg \
	2>"$dir/broken2.err"
grep -q "cannot load plplot driver '$drv/psrharu.so'" "$dir/broken2.err" ||
	fail "unloadable psrharu: $(head -1 "$dir/broken2.err")"

[ "$failed" = 0 ] && echo "ok: $theme"
exit $failed
