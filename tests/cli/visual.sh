# psreport's visual reports from real recordings, read back by the tools a
# reader would use: a leaking, a steady and a busy workload, and a
# launched command with a UTF-8 argument; --pdf, --svg, --png with the
# text, CSV and JSON outputs in the same run; poppler (pdfinfo, pdffonts,
# pdftotext, pdftoppm) and xmllint check the files; failures leave nothing.
# usage: visual.sh psrec psreport workload pgmstat
. "$(dirname "$0")/lib.sh" "$@"
PGMSTAT=$(abs "$4")

start_workload grow --rate 4M
grow=$wl_pid
start_workload steady --size 16M
steady=$wl_pid
start_workload cpu --duty 0.3
cpu=$wl_pid
"$PSREC" -q -x -o "$T/a.psr" -i 0.1 -d 3 -p "$grow,$steady,$cpu" ||
	fail "psrec exit $?"
for p in $grow $steady $cpu; do stop_workload "$p"; done
# a process tree: a parent and its two children
start_workload children --count 2
parent=$wl_pid
kids=$(cat /proc/"$parent"/task/*/children | tr ' ' '\n' | grep . | paste -sd, -)
"$PSREC" -q -o "$T/tree.psr" -i 0.2 -d 1 -p "$parent,$kids" ||
	fail "psrec of a tree exit $?"
stop_workload "$parent"
# psrec's own command line carries the argument (and the launched
# process's, unless sh execs)
"$PSREC" -q -o "$T/u.psr" -i 0.1 -- sh -c 'sleep 0.3' 'café-€' ||
	fail "psrec -- sh exit $?"

# every output from one decode; stdin closed: PLplot must never prompt
# 3 s recordings: verdicts asked with --leak-min-time (the default wants 2 min)
"$PSREPORT" --leak-min-time 2 --pdf "$T/r.pdf" --svg "$T/svg" --csv "$T/a.csv" \
	--json "$T/a.json" "$T/a.psr" "$T/u.psr" "$T/tree.psr" >"$T/text" \
	2>"$T/err" <&-
expect "psreport --pdf --svg --csv --json exit" "$?" 0
[ -s "$T/err" ] && fail "stderr: $(head -3 "$T/err")"
grep -q "^$grow .*leak" "$T/text" || fail "the text summary is there too"
[ -s "$T/a.csv" ] || fail "the CSV is there too"

# what the report must hold, from the JSON of the same run
python3 - "$T/a.json" "$grow" "$steady" >"$T/facts" <<'PY' || fail "JSON"
import json, sys
d = json.load(open(sys.argv[1]))
grow, steady = int(sys.argv[2]), int(sys.argv[3])
runs = d["runs"]
# a page of who used what for runs of two processes or more
def overview(r):
    return sum("rss_bytes" in p["metrics"] for p in r["processes"]) >= 2
print("pages", sum(1 + overview(r) + 4 * len(r["processes"]) +
                   len(r.get("trees", [])) for r in runs))
print("procs", sum(len(r["processes"]) for r in runs))
procs = {p["pid"]: p for p in runs[0]["processes"]}
print("grow", procs[grow]["metrics"]["rss_bytes"]["trend"]["verdict"])
print("steady", procs[steady]["metrics"]["rss_bytes"]["trend"]["verdict"])
PY
fact() { sed -n "s/^$1 //p" "$T/facts"; }
expect "the growing workload is a leak" "$(fact grow)" leak
expect "the steady one is not" "$(fact steady)" none

pdf=$T/r.pdf
expect "pdfinfo: a title page per run, 4 pages per process, 1 per tree" \
	"$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" \
	"$(fact pages)"
pdfinfo "$pdf" 2>/dev/null | grep -q '^Page size: *842 x 595 pts (A4)' ||
	fail "pdfinfo: not A4 landscape"
pdfinfo "$pdf" 2>/dev/null | grep -q '^Creator: *psreport ' ||
	fail "pdfinfo: creator"
pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 { n++; if ($(NF-4) != "yes") bad = 1 }
	END { exit (bad || n == 0) }' || fail "pdffonts: a font is not embedded"
pdftotext -enc UTF-8 "$pdf" "$T/r.txt" 2>/dev/null || fail "pdftotext"
for want in "psr-workload (pid $grow)" "psr-workload (pid $steady)" \
	"psr-workload (pid $cpu)" "psr-workload $grow: memory (RSS)" \
	'LEAK: grew ' 'no leak: grew ' 'LEAK (RSS)' 'RSS grew' "sh -c 'sleep 0.3' café-€" \
	'Verdicts' 'Statistics' 'page 1 of ' 'CPU (%)' 'RSS (MiB)' \
	"Process tree of psr-workload (pid $parent): 3 processes" \
	'3 processes, summed'; do
	grep -qF -- "$want" "$T/r.txt" || fail "pdftotext: no '$want'"
done
# who used what: before the first process's pages, naming the processes
pdftotext -f 2 -l 2 "$pdf" - 2>/dev/null >"$T/p2.txt"
grep -q "Who used the CPU and the memory" "$T/p2.txt" ||
	fail "page 2 is not the page of who used what"
grep -q "CPU by process, stacked (3 processes" "$T/p2.txt" ||
	fail "the CPU stack does not hold the run's 3 processes"
for p in $grow $steady $cpu; do
	grep -q "psr-workload $p" "$T/p2.txt" || fail "the stack's legend has no $p"
done
# the argument comes out exactly: as one word, these bytes
grep -o 'café-€' "$T/r.txt" | head -1 | od -An -tx1 | tr -d ' \n' >"$T/bytes"
expect "café-€ exactly" "$(cat "$T/bytes")" "636166c3a92de282ac0a"

# the outline: an entry per process with its sections
utf16() { printf '%s' "$1" | iconv -t UTF-16BE | od -An -tx1 | tr -d ' \n' |
	tr a-f A-F; }
grep -aq "/Title <FEFF$(utf16 "psr-workload (pid $grow)")>" "$pdf" ||
	fail "outline: no entry for the process"
expect "outline: a Statistics section per process" \
	"$(grep -ao "/Title <FEFF$(utf16 'Statistics')>" "$pdf" | wc -l)" \
	"$(fact procs)"
# charts are vectors, not pictures
expect "pdfimages: no images" \
	"$(pdfimages -list "$pdf" 2>/dev/null | tail -n +3 | wc -l)" 0

# a chart page is not blank, on a light background
pdftoppm -r 30 -gray -f 2 -l 2 "$pdf" "$T/page" 2>/dev/null
set -- $("$PGMSTAT" "$T"/page-*2.pgm)
[ "${3:-0}" -ge 20 ] || fail "page 2 looks blank (${3:-0} per mille ink)"
[ "${1:-0}" -gt 200 ] || fail "light page background is ${1:-none}"

# SVGs: well-formed, named PID-NAME-CHART.svg, carrying their titles
n=0
for f in "$T"/svg/*.svg; do
	n=$((n + 1))
	xmllint --noout "$f" 2>>"$T/xml" || fail "xmllint: $f"
done
within "SVG files (up to 11 charts per process, 4 per tree)" "$n" 20 81
for c in overview-cpu overview-rss; do
	[ -f "$T/svg/$c.svg" ] || fail "no $c.svg"
done
case $(xmllint --xpath 'string(/)' "$T/svg/overview-rss.svg" 2>/dev/null) in
*"psr-workload $grow"*) ;; *) fail "overview-rss.svg: no line of $grow" ;; esac
for c in cpu memory vms memory-breakdown io-total io-rate ctxsw fds-threads \
	correlation; do
	[ -f "$T/svg/$grow-psr-workload-$c.svg" ] || fail "no $grow-psr-workload-$c.svg"
done
for c in cpu memory io-rate fds-threads; do
	[ -f "$T/svg/$parent-psr-workload-tree-$c.svg" ] ||
		fail "no $parent-psr-workload-tree-$c.svg"
done
svgtext() { xmllint --xpath 'string(/)' "$T/svg/$1"; }
case $(svgtext "$grow-psr-workload-memory.svg") in
*"psr-workload $grow: memory (RSS)"*) ;; *) fail "memory SVG: no title" ;; esac
case $(svgtext "$grow-psr-workload-memory.svg") in
*'LEAK: grew '*) ;; *) fail "memory SVG: no verdict" ;; esac
case $(svgtext "$steady-psr-workload-memory.svg") in
*'no leak'*) ;; *) fail "steady memory SVG: no verdict" ;; esac
case $(svgtext "$cpu-psr-workload-cpu.svg") in
*"psr-workload $cpu: CPU"*) ;; *) fail "CPU SVG: title missing" ;; esac

# PNGs of one process: --dpi and --transparent; dark theme, letter paper
"$PSREPORT" --pid "$cpu" --png "$T/png" --dpi 50 --transparent \
	--theme dark --pdf "$T/dark.pdf" --paper letter --svg "$T/dsvg" \
	"$T/a.psr" >/dev/null 2>"$T/err" || fail "psreport --png exit $?"
grep -q 'fill="#1E2024"' "$T/dsvg/$cpu-psr-workload-cpu.svg" ||
	fail "dark SVG background"
grep -q 'fill="#1E2024"' "$T/svg/$cpu-psr-workload-cpu.svg" &&
	fail "light SVG with a dark background"
n=0
for f in "$T"/png/*.png; do
	n=$((n + 1))
	[ "$(od -An -tx1 -N8 "$f" | tr -d ' \n')" = 89504e470d0a1a0a ] ||
		fail "not a PNG: $f"
done
within "PNG files" "$n" 6 11
f=$T/png/$cpu-psr-workload-cpu.png
expect "PNG width at 50 dpi (720 pt)" \
	"$(od -An -tu1 -j16 -N4 "$f" | awk '{ print $1*16777216+$2*65536+$3*256+$4 }')" 500
expect "--transparent: PNG colour type with alpha" \
	"$(od -An -tu1 -j25 -N1 "$f" | tr -d ' ')" 6
pdfinfo "$T/dark.pdf" 2>/dev/null | grep -q '^Page size: *792 x 612 pts (letter)' ||
	fail "--paper letter"
pdftoppm -r 30 -gray -f 2 -l 2 "$T/dark.pdf" "$T/dark" 2>/dev/null
set -- $("$PGMSTAT" "$T"/dark-*2.pgm)
[ "${1:-255}" -lt 64 ] || fail "dark page background is ${1:-none}"
[ "${3:-0}" -ge 20 ] || fail "dark page 2 looks blank"

# nothing selected: a title page that says so
"$PSREPORT" --name nosuchname --pdf "$T/none.pdf" "$T/a.psr" >/dev/null ||
	fail "--pdf of nothing selected: exit $?"
expect "nothing selected: one page" \
	"$(pdfinfo "$T/none.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" 1
pdftotext "$T/none.pdf" - 2>/dev/null | grep -q 'no process-samples selected' ||
	fail "nothing selected: not said"

# failures: a clear message, exit 1, nothing left behind (no PDF, no
# temporary, and no CSV of the same run)
mkdir "$T/f"
"$PSREPORT" --pdf "$T/f/missing/r.pdf" --csv "$T/f/a.csv" "$T/a.psr" \
	>/dev/null 2>"$T/err"
expect "--pdf into a missing directory: exit" "$?" 1
grep -q "^psreport: --pdf: cannot .*'$T/f/missing/r.pdf'" "$T/err" ||
	fail "--pdf message: $(head -1 "$T/err")"
expect "nothing left" "$(ls -A "$T/f")" ""
"$PSREPORT" --svg "$T/f/missing/svg" "$T/a.psr" >/dev/null 2>"$T/err"
expect "--svg under a missing directory: exit" "$?" 1
grep -q "^psreport: --svg: cannot create directory" "$T/err" ||
	fail "--svg message: $(head -1 "$T/err")"
expect "nothing left" "$(ls -A "$T/f")" ""
# an existing SVG is refused before anything is drawn
before=$(ls -l --time-style=+%s.%N "$T/svg" | md5sum)
"$PSREPORT" --svg "$T/svg" --pdf "$T/f/r.pdf" "$T/a.psr" >/dev/null 2>"$T/err"
expect "existing SVGs without --force: exit" "$?" 1
grep -q "exists (use --force" "$T/err" || fail "exists message: $(head -1 "$T/err")"
expect "the SVGs are untouched" "$(ls -l --time-style=+%s.%N "$T/svg" | md5sum)" "$before"
expect "and the PDF of that run is not left" "$(ls -A "$T/f")" ""
"$PSREPORT" --force --svg "$T/svg" "$T/a.psr" >/dev/null 2>&1
expect "--force overwrites" "$?" 0

# one command to one figure: --png FILE.png and --svg FILE.svg write one
# file of who used what (a run of several processes), not a directory
"$PSREPORT" --png "$T/fig.png" --svg "$T/fig.svg" "$T/tree.psr" >/dev/null \
	2>"$T/err" || fail "--png FILE.png: exit $? $(cat "$T/err")"
[ -f "$T/fig.png" ] || fail "--png fig.png: not a file"
expect "fig.png is a PNG" "$(od -An -tx1 -N8 "$T/fig.png" | tr -d ' \n')" \
	89504e470d0a1a0a
# two panels of 250 pt at 100 dpi
expect "fig.png: two panels high" \
	"$(od -An -tu1 -j20 -N4 "$T/fig.png" | awk '{print $1*16777216+$2*65536+$3*256+$4}')" 694
xmllint --noout "$T/fig.svg" 2>/dev/null || fail "fig.svg: not well-formed"
case $(xmllint --xpath 'string(/)' "$T/fig.svg" 2>/dev/null) in
*'CPU by process, stacked'*'RSS of the 3 processes'*) ;;
*) fail "fig.svg: not the CPU stack and the RSS lines" ;; esac
"$PSREPORT" --png "$T/fig.png" "$T/tree.psr" >/dev/null 2>"$T/err"
expect "--png over an existing figure: exit" "$?" 1
grep -q "^psreport: --png: '$T/fig.png' exists (use --force" "$T/err" ||
	fail "--png exists: message: $(cat "$T/err")"
# an existing directory named like a figure is still a directory
mkdir "$T/dir.svg"
"$PSREPORT" --svg "$T/dir.svg" "$T/tree.psr" >/dev/null 2>&1 ||
	fail "--svg into dir.svg/: exit $?"
[ -f "$T/dir.svg/overview-cpu.svg" ] || fail "--svg dir.svg/: not written into"
# a single process: its CPU, memory and I/O
"$PSREPORT" --png "$T/one.png" --pid "$grow" "$T/a.psr" >/dev/null 2>"$T/err" ||
	fail "--png one process: exit $? $(cat "$T/err")"
expect "one.png: three panels high" \
	"$(od -An -tu1 -j20 -N4 "$T/one.png" | awk '{print $1*16777216+$2*65536+$3*256+$4}')" 1042

# the host (psrec --system): a page of its charts and its statistics,
# and its SVGs
start_workload idle
"$PSREC" -q -o "$T/sys.psr" -i 0.1 -d 1 --system -p "$wl_pid" ||
	fail "psrec --system exit $?"
stop_workload "$wl_pid"
"$PSREPORT" --pdf "$T/sys.pdf" --svg "$T/syssvg" "$T/sys.psr" >/dev/null ||
	fail "psreport --pdf of a --system log exit $?"
pdftotext "$T/sys.pdf" "$T/sys.txt" 2>/dev/null
grep -q "Host .*CPUs, Linux" "$T/sys.txt" || fail "the host page"
grep -q "RAM used (htop's way) and swap used" "$T/sys.txt" || fail "the host memory chart"
grep -q "load averages" "$T/sys.txt" || fail "the load chart"
for c in cpu memory ram-percent load ram-available running; do
	xmllint --noout "$T/syssvg/0-host-host-$c.svg" 2>/dev/null ||
		fail "host SVG $c"
done
# RAM used on its own axis (not one set by RAM available), the running
# count off the load averages' axis
svgtext() { xmllint --xpath 'string(/)' "$T/syssvg/0-host-host-$1.svg" 2>/dev/null; }
case $(svgtext memory) in *'RAM available'*) fail "RAM used shares RAM available's axis" ;; esac
case $(svgtext load) in *running*) fail "the running count on the load axis" ;; esac
case $(svgtext running) in *running*) ;; *) fail "no running chart" ;; esac
# a process that did no I/O says so (where /proc/PID/io is readable)
if [ -r /proc/self/io ]; then
	grep -q "no I/O" "$T/sys.txt" || fail "the idle process's I/O chart does not say 'no I/O'"
fi

# the time axis: a launched command counts seconds since its start; the
# wall clock on request
pdftotext "$T/r.pdf" - 2>/dev/null | grep -q "seconds since the start" ||
	fail "no elapsed time axis for a launched command"
"$PSREPORT" --time-axis wall --pdf "$T/wall.pdf" "$T/u.psr" >/dev/null ||
	fail "--time-axis wall exit $?"
pdftotext "$T/wall.pdf" - 2>/dev/null >"$T/wall.txt"
grep -q "since the start" "$T/wall.txt" && fail "--time-axis wall: elapsed axis"
grep -q "time (UTC" "$T/wall.txt" || fail "--time-axis wall: no wall-clock caption"

# usage errors name the option, exit 2
for args in "--dpi 5 --png $T/p" "--dpi x --png $T/p" "--theme blue --pdf $T/x.pdf" \
	"--paper a3 --pdf $T/x.pdf" "--dpi 100" "--transparent" "--pdf -" \
	"--time-axis sideways --pdf $T/x.pdf" "--time-axis wall"; do
	opt=${args%% *}
	"$PSREPORT" $args "$T/a.psr" >/dev/null 2>"$T/err"
	expect "psreport $args: exit" "$?" 2
	grep -q "^psreport: $opt" "$T/err" || fail "$args: message: $(cat "$T/err")"
done
finish
