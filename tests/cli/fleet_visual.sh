# psreport --fleet with --pdf, --svg and --png: real recordings of two
# hosts (psrec in UTS namespaces of their own, so that each log carries
# its host's name), one host recorded twice at different times, plus a
# broken log. The PDF is read back with pdfinfo, pdftotext and pdftoppm:
# the tables hold the --fleet-csv figures of the same run, each metric has
# its page with a chart and its hosts, and a host's mean on a chart equals
# the sum of its processes' means from --summary. Synthetic logs of ten
# hosts check that only the eight highest are drawn, and say so. Bad
# --fleet-metric values are one-line usage errors; a failed output leaves
# none.
# usage: fleet_visual.sh psrec psreport workload psr-synth pgmstat
. "$(dirname "$0")/lib.sh" "$@"
SYNTH=$(abs "$4")
PGMSTAT=$(abs "$5")
export LC_ALL=C.UTF-8

if unshare --uts sh -c 'hostname fleet-test' 2>/dev/null; then
	as_host() { unshare --uts sh -c 'hostname "$0" && exec "$@"' "$@"; }
elif unshare --uts --map-root-user sh -c 'hostname fleet-test' 2>/dev/null; then
	as_host() { unshare --uts --map-root-user sh -c 'hostname "$0" && exec "$@"' "$@"; }
else
	echo "skipped: no UTS namespace (unshare) to record two hosts under"
	exit 77
fi

mkdir -p "$T/fleet/web" "$T/fleet/db"
start_workload cpu --duty 0.5
c=$wl_pid
start_workload steady --size 16M
s=$wl_pid
start_workload grow --rate 4M
g=$wl_pid
as_host web-17 "$PSREC" -q -o "$T/fleet/web/a.psr" -i 0.05 -d 1.5 -p "$c,$s" &
w1=$!
as_host db-3 "$PSREC" -q -o "$T/fleet/db/a.psr" -i 0.05 -d 1.5 -p "$g" ||
	fail "psrec on db-3 exit $?"
wait "$w1" || fail "psrec on web-17 exit $?"
stop_workload "$g"
sleep 1 # db-3's second recording starts later, on the same wall clock
as_host db-3 "$PSREC" -q -o "$T/fleet/db/b.psr" -i 0.05 -d 1 -p "$c" ||
	fail "psrec on db-3, again, exit $?"
stop_workload "$c"
stop_workload "$s"
echo "not a log" >"$T/fleet/db/broken.psr"

"$PSREPORT" --fleet --fleet-csv "$T/f.csv" --pdf "$T/f.pdf" --svg "$T/svg" \
	--png "$T/png" "$T/fleet" >"$T/out" 2>"$T/err" <&-
expect "exit status with a broken log" "$?" 1
grep -v "broken.psr" "$T/err" | grep . && fail "stderr: $(head -3 "$T/err")"
cat "$T/out"
expect "pages: the tables, then cpu and rss" \
	"$(pdfinfo "$T/f.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" 3
pdftotext -layout "$T/f.pdf" "$T/f.txt" 2>/dev/null || fail "pdftotext"
for p in 1 2 3; do
	pdftotext -layout -f $p -l $p "$T/f.pdf" "$T/p$p.txt" 2>/dev/null
done
grep -q "psreport: a fleet of 2 hosts" "$T/p1.txt" || fail "title"
grep -q "^ *3 logs read, 1 with problems, 2 hosts, 1 command" "$T/p1.txt" ||
	fail "headline: $(grep 'logs read' "$T/p1.txt")"
grep -q "broken.psr: .*not a psrec log" "$T/p1.txt" || fail "broken log listed"
grep -q "CPU (cpu) per host" "$T/p2.txt" || fail "CPU page title"
grep -q "RSS (rss) per host" "$T/p3.txt" || fail "RSS page title"
for p in 2 3; do
	grep -q "All 2 hosts are drawn" "$T/p$p.txt" || fail "page $p: all drawn"
	for h in web-17 db-3; do
		[ "$(grep -c "$h" "$T/p$p.txt")" -ge 2 ] ||
			fail "page $p: $h in the legend and the table"
	done
done
grep -q "time (UTC+00:00) from 20[0-9-]* [0-9:]*" "$T/p2.txt" ||
	fail "the time axis is wall-clock time"

# the tables say what the CSV says; the charts what --summary says
"$PSREPORT" --summary "$T/web.sum" "$T/fleet/web/a.psr" >/dev/null ||
	fail "psreport --summary"
python3 - "$T/f.csv" "$T/p1.txt" "$T/p2.txt" "$T/p3.txt" "$T/web.sum" \
	>"$T/checks" <<'PY' || fail "checks"
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
p1 = open(sys.argv[2]).read()
def cells(text, first):
    for line in text.splitlines():
        f = line.split()
        if f and f[0] == first:
            return f
    return None
# numbers as printed (one decimal) against the CSV's: within half the
# last digit, since the CSV's own cells are rounded too
def near(cell, csv_value):
    return abs(float(cell.rstrip("%")) - float(csv_value)) <= 0.0501
for r in rows:
    if r["kind"] == "command":
        f = cells(p1, r["name"])
        print("command", r["name"], f is not None and
              f[1:4] == [r["hosts"], r["processes"], r["samples"]] and
              near(f[4], r["cpu_mean_percent"]) and
              near(f[5], r["cpu_p95_percent"]))
    elif r["kind"] == "host":
        f = cells(p1, r["name"])
        print("host", r["name"], f is not None and
              f[1:4] == [r["logs"], r["processes"], r["samples"]] and
              near(f[4], r["cpu_seconds"]))
units = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3}
def value(s, u):
    return float(s[:-1]) if s.endswith("%") else float(s) * units[u]
# a host's mean on a chart: the sum of its processes' means (web-17's
# two processes were recorded over the same time)
summ = {}
for r in csv.DictReader(open(sys.argv[5])):
    if r["kind"] == "process" and r["metric"] in ("cpu_percent", "rss_bytes"):
        summ[r["metric"]] = summ.get(r["metric"], 0) + float(r["mean"])
for page, metric in ((sys.argv[3], "cpu_percent"), (sys.argv[4], "rss_bytes")):
    # the table under the chart (the legend holds the name too)
    f = [l.split() for l in open(page).read().splitlines()
         if l.split()[:1] == ["web-17"]][-1]
    if metric == "cpu_percent":
        mean = value(f[1], None)
    else:
        mean = value(f[1], f[2])
    ok = abs(mean - summ[metric]) <= 0.05 * summ[metric] + 1
    print("mean", metric, ok, mean, summ[metric])
PY
cat "$T/checks"
for k in "command psr-workload" "host web-17" "host db-3"; do
	expect "PDF table row = CSV row: $k" "$(sed -n "s/^$k //p" "$T/checks")" True
done
for m in cpu_percent rss_bytes; do
	expect "web-17's $m on the chart = the sum of its processes' means" \
		"$(awk -v m=$m '$1 == "mean" && $2 == m { print $3 }' "$T/checks")" True
done

# the chart pages are drawn on, not empty
pdftoppm -r 30 -gray -f 2 -l 3 "$T/f.pdf" "$T/page" 2>/dev/null
for pg in "$T"/page-*.pgm; do
	set -- $("$PGMSTAT" "$pg")
	within "ink on $(basename "$pg")" "$3" 15 400
done
# one SVG and one PNG per metric
for ext in svg png; do
	expect "$ext files" "$(ls "$T/$ext" | tr '\n' ' ')" \
		"fleet-cpu.$ext fleet-rss.$ext "
done
xmllint --noout "$T/svg/fleet-rss.svg" || fail "SVG is not XML"
case $(xmllint --xpath 'string(/)' "$T/svg/fleet-cpu.svg") in
*"CPU per host"*web-17*) ;; *) fail "CPU SVG: no title or host" ;; esac

# --fleet-metric: names with or without their unit, no repeats
"$PSREPORT" --fleet --fleet-metric fds,rss_bytes,rss,read_bytes \
	--pdf "$T/m.pdf" "$T/fleet/web" >/dev/null 2>&1 || fail "--fleet-metric exit $?"
expect "pages: tables, fds, rss, read_bytes" \
	"$(pdfinfo "$T/m.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" 4
pdftotext "$T/m.pdf" - 2>/dev/null | grep -q "descriptors (fds) per host" ||
	fail "fds page"
pdftotext "$T/m.pdf" - 2>/dev/null | grep -q "disk read (read_bytes) per host" ||
	fail "read_bytes page"

# bad values: one line on stderr, exit 2, nothing written
bad() { # DESC ARGS...
	d=$1
	shift
	"$PSREPORT" "$@" >"$T/bad.out" 2>"$T/bad.err"
	expect "$d: exit" "$?" 2
	expect "$d: one line" "$(wc -l <"$T/bad.err")" 1
	[ -e "$T/bad.pdf" ] && fail "$d: a PDF was written"
}
bad "unknown metric" --fleet --fleet-metric cpu,bogus --pdf "$T/bad.pdf" "$T/fleet"
grep -q "^psreport: --fleet-metric 'cpu,bogus': 'bogus' is not" "$T/bad.err" ||
	fail "message: $(cat "$T/bad.err")"
bad "a total is not charted" --fleet --fleet-metric cpu_user_seconds --pdf "$T/bad.pdf" "$T/fleet"
bad "a state is not charted" --fleet --fleet-metric state --pdf "$T/bad.pdf" "$T/fleet"
bad "empty name" --fleet --fleet-metric cpu,,rss --pdf "$T/bad.pdf" "$T/fleet"
bad "no chart output" --fleet --fleet-metric cpu "$T/fleet"
bad "no --fleet" --fleet-metric cpu --pdf "$T/bad.pdf" "$T/fleet/web/a.psr"
bad "--fleet with --json" --fleet --json "$T/x.json" --pdf "$T/bad.pdf" "$T/fleet"

# an existing PDF is refused before any log is read; a failing output
# leaves none of the others (the CSV, the SVGs)
"$PSREPORT" --fleet --pdf "$T/f.pdf" "$T/fleet/web" >/dev/null 2>"$T/err"
expect "existing PDF: exit" "$?" 1
grep -q "^psreport: --pdf: '.*f.pdf' exists" "$T/err" || fail "$(cat "$T/err")"
echo x >"$T/notdir"
"$PSREPORT" --fleet --fleet-csv "$T/g.csv" --pdf "$T/g.pdf" --svg "$T/svg2" \
	--png "$T/notdir" "$T/fleet/web" >/dev/null 2>"$T/err"
expect "--png on a file: exit" "$?" 1
[ -e "$T/g.csv" ] || [ -e "$T/g.pdf" ] || [ -n "$(ls "$T/svg2" 2>/dev/null)" ] &&
	fail "a failed run left outputs: $(ls "$T")"

# ten hosts at different times: the eight highest are drawn, the page
# says so; a day between the first and the last start
mkdir "$T/ten"
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$SYNTH" "$T/ten/h$i.psr" "$i" 600 10 1 "$(printf 'host-%02d' $i)" \
		$((1795536000 + i * 9000)) || fail "psr-synth $i"
done
"$PSREPORT" --fleet --pdf "$T/ten.pdf" --fleet-metric cpu "$T/ten" \
	>/dev/null 2>&1 || fail "ten hosts exit $?"
pdftotext -layout -f 2 -l 2 "$T/ten.pdf" "$T/ten.txt" 2>/dev/null
grep -q "(the 8 highest of 10 hosts)" "$T/ten.txt" || fail "chart title says 8 of 10"
tr -s ' \n' ' ' <"$T/ten.txt" | grep -q "the 8 with the highest bucket are drawn, the other 2 are not" ||
	fail "the page says 2 are not drawn"
grep -q "host-10" "$T/ten.txt" || fail "the busiest host is drawn"
grep -q "host-0[12]" "$T/ten.txt" && fail "the two least busy hosts are drawn"
pdftotext -f 1 -l 1 "$T/ten.pdf" - 2>/dev/null | grep -q "host-01" ||
	fail "every host is in the first page's table"
grep -q "Nov 2[45]" "$T/ten.txt" || fail "a day's span is labelled with dates"
finish
