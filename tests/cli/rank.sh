# --sort, --top and the line of what used nothing (issue 18), on real
# processes: 25 idle ones, one steady in memory, three spinning, and
# kthreadd (a kernel thread), each past its exec when psrec
# starts, so the idle ones use exactly no CPU and do no I/O in the run.
. "$(dirname "$0")/lib.sh" "$@"

# start NAME ARGS...: a workload in the background, once it is set up
start() {
	name=$1
	shift
	mkfifo "$T/ready.$name"
	"$WORKLOAD" "$@" --ready-fd 3 3>"$T/ready.$name" &
	bg_pids="$bg_pids $!"
	cat "$T/ready.$name" # EOF once it closed the fd
	echo $! >"$T/pid.$name"
}
for i in $(seq 1 25); do
	start idle$i idle --duration 30
done
start steady steady --size 96M --duration 30
start spin8 cpu --duty 0.8 --duration 30
start spin3 cpu --duty 0.3 --duration 30
start spin1 cpu --duty 0.1 --duration 30
pids=$(cat "$T"/pid.* | tr '\n' ',')
kernel="" nk=0
[ "$(cat /proc/2/comm 2>/dev/null)" = kthreadd ] && kernel=2 nk=1
"$PSREC" -q -p "${pids}${kernel}" -i 0.1 -d 1.5 -o "$T/r.psr" ||
	fail "psrec: exit $?"
total=$((29 + nk)) idle=$((26 + nk)) # the steady one used no CPU either
spin8=$(cat "$T/pid.spin8") spin3=$(cat "$T/pid.spin3")
steady=$(cat "$T/pid.steady") spin1=$(cat "$T/pid.spin1")

# the pids of the first table
rows() { awk '/^$/ { exit } $1 ~ /^[0-9]+$/ { print $1 }' "$1"; }

# the default: by CPU time, the biggest first, what did nothing in a line
"$PSREPORT" "$T/r.psr" >"$T/text" || fail "psreport: exit $?"
expect "the busiest first" "$(rows "$T/text" | tr '\n' ' ')" \
	"$spin8 $spin3 $spin1 "
expect "the idle processes are not rows" "$(rows "$T/text" | wc -l)" \
	$((total - idle))
if [ -n "$kernel" ]; then
	want="+ $idle processes that used nothing (kernel threads: 1)"
else
	want="+ $idle processes that used nothing"
fi
expect "they are counted in one line" \
	"$(grep '^+ .*used nothing' "$T/text")" "$want"
grep -q "^$steady " "$T/text" && fail "the steady process used no CPU, yet is a row"

# --top N: N rows, the busy rest counted with its CPU time
"$PSREPORT" --top 2 "$T/r.psr" >"$T/top2"
expect "--top 2: two rows" "$(rows "$T/top2" | wc -l)" 2
grep -q "^+ $((total - idle - 2)) more process.*of CPU time in all (--top all" \
	"$T/top2" || fail "--top 2: the rest not counted: $(grep '^+' "$T/top2")"

# --top all: every process, the idle ones too
"$PSREPORT" --top all "$T/r.psr" >"$T/all"
expect "--top all: every process" "$(rows "$T/all" | wc -l)" "$total"
grep -q '^+' "$T/all" && fail "--top all still leaves something out"

# --sort rss: by RSS max; memory is not nothing then
"$PSREPORT" --sort rss "$T/r.psr" >"$T/rss"
expect "--sort rss: the 96 MiB one first" "$(rows "$T/rss" | head -n 1)" \
	"$steady"
# --sort start: the order they were started in
"$PSREPORT" --sort start --top all "$T/r.psr" >"$T/start"
expect "--sort start: the first started first" \
	"$(rows "$T/start" | grep -v "^${kernel:-x}\$" | head -n 1)" \
	"$(cat "$T/pid.idle1")"

# --summary is data: the log's order, unless --sort or --top is given
"$PSREPORT" --summary "$T/s.csv" "$T/r.psr" >/dev/null
"$PSREPORT" --summary "$T/s2.csv" --sort cpu --top 2 "$T/r.psr" >/dev/null
expect "--summary: every process" \
	"$(awk -F, 'NR > 1 && $5 == "process" { print $3 }' "$T/s.csv" | sort -u | wc -l)" \
	"$total"
expect "--summary --sort cpu --top 2: the two busiest, in order" \
	"$(awk -F, 'NR > 1 && $5 == "process" && !seen[$3]++ { print $3 }' "$T/s2.csv" | tr '\n' ' ')" \
	"$spin8 $spin3 "

# the PDF: the title page ranks and says what it left out; pages of
# their own for the busy processes only (4 each), after the page of who
# used what
"$PSREPORT" --pdf "$T/r.pdf" "$T/r.psr" >/dev/null || fail "--pdf: exit $?"
pdftotext -l 1 "$T/r.pdf" "$T/p1" 2>/dev/null
grep -q "Verdicts and the top consumers (by CPU time)" "$T/p1" ||
	fail "PDF: no heading of the top consumers"
grep -q "+ $idle processes that used nothing" "$T/p1" ||
	fail "PDF: the idle ones not counted"
expect "PDF: pages for the busy processes only" \
	"$(pdfinfo "$T/r.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" \
	$((2 + 4 * (total - idle)))
"$PSREPORT" --pdf "$T/all.pdf" --top all "$T/r.psr" >/dev/null
within "PDF --top all: pages for every process" \
	"$(pdfinfo "$T/all.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" \
	$((2 + 4 * total)) $((5 + 4 * total))
# --svg: the charts of the top processes only (and the run's overview)
"$PSREPORT" --svg "$T/svg" --top 1 "$T/r.psr" >/dev/null || fail "--svg: exit $?"
expect "--svg --top 1: one process's charts" \
	"$(ls "$T/svg" | grep -v '^overview-' | cut -d- -f1 | sort -u)" "$spin8"

# bad values: a usage error naming the option
"$PSREPORT" --top 0 "$T/r.psr" 2>"$T/err" >/dev/null
expect "--top 0: exit 2" "$?" 2
grep -q "^psreport: --top: '0' is not" "$T/err" || fail "--top 0: $(cat "$T/err")"
"$PSREPORT" --sort mem "$T/r.psr" 2>"$T/err" >/dev/null
expect "--sort mem: exit 2" "$?" 2
grep -q "^psreport: --sort: 'mem' is not cpu, rss, growth, io or start" \
	"$T/err" || fail "--sort mem: $(cat "$T/err")"
finish
