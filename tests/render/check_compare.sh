#!/bin/sh
# check_compare.sh - the comparison's charts from compare_sample, read
# back with xmllint and poppler: files per process and chart, valid SVGs,
# real PNGs, the PDF's titles and legends.
# usage: check_compare.sh <compare_sample>
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }

"$1" "$dir" <&- >"$dir/stdout" || { echo "FAIL: compare_sample" >&2; exit 1; }
[ -s "$dir/stdout" ] && fail "output on stdout"

for c in compare-cpu compare-rss compare-cpu-dist compare-rss-dist compare-diff; do
	for p in 2000-app 2001-db; do
		[ -s "$dir/svg/$p-$c.svg" ] || fail "no $p-$c.svg"
		[ -s "$dir/png/$p-$c.png" ] || fail "no $p-$c.png"
	done
done
[ "$(ls "$dir/svg" | wc -l)" = 10 ] || fail "svg: $(ls "$dir/svg")"
for f in "$dir"/svg/*.svg "$dir"/runs/*.svg; do
	xmllint --noout "$f" || fail "xmllint: $f"
done
for f in "$dir"/png/*.png; do
	sig=$(od -An -tx1 -N8 "$f" | tr -d ' \n')
	[ "$sig" = 89504e470d0a1a0a ] || fail "not a PNG: $f"
done
[ -s "$dir/runs/1-app-runs-cpu.svg" ] && [ -s "$dir/runs/2-db-runs-rss.svg" ] ||
	fail "runs charts: $(ls "$dir/runs")"

text=$(xmllint --xpath 'string(/)' "$dir/svg/2000-app-compare-cpu.svg")
for want in 'baseline (pid 1000)' 'new (pid 2000)' 'baseline and new from their start'; do
	case $text in *"$want"*) ;; *) fail "cpu overlay: no '$want'" ;; esac
done
text=$(xmllint --xpath 'string(/)' "$dir/svg/2000-app-compare-diff.svg")
for want in 'CPU' 'RSS' 'new against baseline' '+99.3%'; do
	case $text in *"$want"*) ;; *) fail "bar chart: no '$want'" ;; esac
done

pages=$(pdfinfo "$dir/compare.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" = 5 ] || fail "pdf: $pages pages, want 5 (summary, 2 per process)"
pages=$(pdfinfo "$dir/runs.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[ "$pages" = 2 ] || fail "runs pdf: $pages pages, want 2"
pdftotext "$dir/runs.pdf" - 2>/dev/null | grep -qF 'app: CPU per run' ||
	fail "runs pdf: no CPU chart"
text=$(pdftotext "$dir/compare.pdf" - 2>/dev/null)
for want in 'Comparison: new against baseline' '2 worse, 0 better over 2' \
	'/bin/app -x: worse' 'Metrics' 'Cliff' 'RSS growth/h' 'worse, leak appeared' '/bin/app -x: CPU' '/bin/app -x: memory (RSS)' \
	'RSS distribution, baseline (bars) and new (line)' \
	'/bin/db: new against baseline'; do
	printf '%s\n' "$text" | grep -qF -- "$want" || fail "pdftotext: no '$want'"
done
[ "$failed" = 0 ] && echo "ok: comparison charts"
exit $failed
