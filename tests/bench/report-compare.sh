#!/bin/sh
# Report speed and size (by hand; not part of the pass/fail suite; run by
# tests/bench/run.sh, which writes results.md).
#
# 1. One day at 1 Hz (86,400 s) of 1 and of 100 processes, written by
#    psr-synth through the format library: CPU time (user + system, cost.c)
#    and output size of psreport's text, --csv, --summary, --json, and
#    --pdf/--svg when this psreport has them.
# 2. sysstat's `sadf -g` (SVG) over a sysstat file. sadc samples at most
#    once a second and cannot be hurried, so a day of samples takes a day:
#    the file is a shorter one (SA_FILE, or SA_SECONDS recorded here) and
#    its figures are scaled to 86,400 samples, next to psreport on a log
#    with the same number of samples.
# 3. Growth: 1 hour, 1 day, 1 week at 1 Hz.
#
# Median (min-max) of REPEATS runs; logs and outputs on /dev/shm, so that
# what is timed is psreport, not the disk.
# usage: [SA_FILE=file] [SA_SECONDS=60] [PARTS="day sadf growth"]
#        sh tests/bench/report-compare.sh [REPEATS]
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps sysstat || exit 1
reps=${1:-3}
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$build/bench-cost" tests/bench/cost.c || exit 1
COST=$build/bench-cost
SYNTH=$build/tests/psr-synth
PSREPORT=${PSREPORT:-$build/report/psreport}
T=$(mktemp -d /dev/shm/psr-reports.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
visual=0
"$PSREPORT" --help 2>&1 | grep -q -e '--svg' && visual=1

# size PATH: bytes of a file, or of every file under a directory
size() { du -sb "$1" | cut -f1; }
# stats: "median (min–max)" of the numbers on standard input
stats() {
	sort -g | awk -v f="${1:-%.2f}" '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf f " (" f "–" f ")", m, v[1], v[NR] }'
}
# run LOG KIND [REPS]: "cpu-stats|size|max RSS KiB" of psreport making
# KIND (text csv summary json pdf svg) from LOG
run() {
	log=$1 kind=$2 n=${3:-$reps}
	: >"$T/cpus"
	for i in $(seq 1 "$n"); do
		out=$T/out.$kind
		rm -rf "$out"
		case $kind in
		text) "$COST" "$T/c" "$PSREPORT" "$log" >"$out" ;;
		svg) mkdir -p "$out"; "$COST" "$T/c" "$PSREPORT" --force --svg "$out" "$log" >/dev/null ;;
		*) "$COST" "$T/c" "$PSREPORT" --force "--$kind" "$out" "$log" >/dev/null ;;
		esac || { echo "report-compare: psreport --$kind failed on $log" >&2; exit 1; }
		cut -d' ' -f1 "$T/c" >>"$T/cpus"
	done
	echo "$(stats "${fmt:-%.3f}" <"$T/cpus")|$(size "$out")|$(cut -d' ' -f2 "$T/c")"
	rm -rf "$out"
}
human() {
	awk -v b="$1" 'BEGIN { split("B KiB MiB GiB", u); i = 1
		while (b >= 1024 && i < 4) { b /= 1024; i++ }
		printf (i == 1 ? "%d %s" : "%.1f %s"), b, u[i] }'
}
kinds="text csv summary json"
[ $visual = 1 ] && kinds="$kinds pdf svg"

part() { case " ${PARTS:-day sadf growth} " in *" $1 "*) return 0 ;; esac; return 1; }

if part day; then
echo "### One day at 1 Hz: psreport's outputs"
echo
echo "CPU seconds (user + system), median (min–max) of $reps runs; logs from psr-synth (one process in ten busy)."
echo
echo "| log | output | CPU s | output size | max RSS |"
echo "|---|---|---|---|---|"
for procs in 1 100; do
	"$SYNTH" "$T/day$procs.psr" "$procs" 86400 || exit 1
	logsz=$(human "$(size "$T/day$procs.psr")")
	for kind in $kinds; do
		n=$reps
		# 1.6 GB of CSV and half a minute each: once is enough
		[ "$procs" = 100 ] && [ "$kind" = csv ] && n=1
		echo "report-compare: day of $procs, $kind" >&2
		IFS='|' read -r cpu sz rss <<EOT
$(run "$T/day$procs.psr" "$kind" "$n")
EOT
		[ "$n" != "$reps" ] && cpu="$cpu, 1 run"
		echo "| 1 day, $procs process$([ "$procs" = 1 ] || echo es) ($logsz log) | $kind | $cpu | $(human "$sz") | $((rss / 1024)) MiB |"
	done
	[ $visual = 1 ] || echo "| 1 day, $procs process$([ "$procs" = 1 ] || echo es) | pdf, svg | not in this psreport (\`psreport --help\` has no --pdf/--svg): they come with the visual reports | | |"
done
rm -f "$T/day100.psr"
fi

if part sadf; then
echo
echo "### sysstat's sadf -g against psreport, same number of samples"
echo
if [ -n "${SA_FILE:-}" ] && [ -s "$SA_FILE" ]; then
	sa=$SA_FILE
else
	sa=$T/sa
	echo "report-compare: recording ${SA_SECONDS:-60} s with sadc" >&2
	/usr/lib/sysstat/sadc -S XALL 1 "${SA_SECONDS:-60}" "$sa" || exit 1
fi
tab=$(printf '\t')
ns=$(sadf "$sa" -- -u 2>/dev/null | grep -c "${tab}all${tab}%user${tab}")
[ "$ns" -gt 1 ] || { echo "report-compare: no samples in $sa" >&2; exit 1; }
# sadf_run [-e HH:MM:SS] -- ARGS: like run, for sadf -g
sadf_run() {
	: >"$T/cpus"
	for i in $(seq 1 "$reps"); do
		TZ=UTC "$COST" "$T/c" sadf -g "$@" >"$T/sa.svg" || exit 1
		cut -d' ' -f1 "$T/c" >>"$T/cpus"
	done
	echo "$(stats '%.3f' <"$T/cpus")|$(size "$T/sa.svg")"
}
# the time of the middle sample: sadf on the first half gives the cost of
# a sample (the slope), without sadf's start-up in it
half=$((ns / 2))
mid=$(TZ=UTC sadf "$sa" -- -u | grep "${tab}all${tab}%user${tab}" | sed -n "${half}p" | cut -f3 | cut -d' ' -f2)
"$SYNTH" "$T/short.psr" 1 "$ns" || exit 1
echo "sysstat's file holds $ns samples at 1 Hz (system-wide activities, \`sadc -S XALL\`, recorded while the recorders ran; sadc samples at most once a second, so a day of samples takes a day). sadf's one-day figures are extrapolated: its cost and size on all $ns samples and on the first $half give the cost of one more sample (sadf -g draws every sample), times 86,400. psreport's day figures are measured on the one-day log above; its $ns-sample figures are on a log of $ns samples of one process."
echo
echo "| tool, output | CPU s, $ns samples | size, $ns samples | CPU s, 1 day | size, 1 day |"
echo "|---|---|---|---|---|"
for spec in "sadf -g (CPU charts)|-u" "sadf -g -- -A (every activity's charts)|-A"; do
	IFS='|' read -r label arg <<EOT
$spec
EOT
	IFS='|' read -r cpu sz <<EOT
$(sadf_run "$sa" -- $arg)
EOT
	IFS='|' read -r hcpu hsz <<EOT
$(sadf_run -e "$mid" "$sa" -- $arg)
EOT
	awk -v l="$label" -v c="$cpu" -v s="$sz" -v hc="${hcpu%% *}" -v hs="$hsz" \
		-v n="$ns" -v h="$half" 'BEGIN { m = c + 0
		dc = (m - hc) / (n - h); ds = (s - hs) / (n - h)
		printf "| %s | %s | %d B | %.1f (extrapolated) | %.1f MB (extrapolated) |\n",
			l, c, s, m + dc * (86400 - n), (s + ds * (86400 - n)) / 1e6 }'
done
fmt=%.3f
for kind in $kinds; do
	IFS='|' read -r cpu sz rss <<EOT
$(run "$T/short.psr" "$kind")
EOT
	echo "| psreport $kind, 1 process | $cpu | $sz B | (see the day table) | |"
done
fmt=%.3f

fi

if part growth; then
echo
echo "### Growth with the length of the log (1 Hz)"
echo
echo "| log | output | 1 hour | 1 day | 1 week | week / hour (168x the samples) |"
echo "|---|---|---|---|---|---|"
for procs in 1 100; do
	for len in 3600 86400 604800; do
		"$SYNTH" "$T/g$procs-$len.psr" "$procs" "$len" || exit 1
	done
	ks=$kinds
	[ "$procs" = 100 ] && ks="text json" # 100 x a week of CSV is 11 GB
	for kind in $ks; do
		echo "report-compare: growth, $procs process(es), $kind" >&2
		line="| $procs process$([ "$procs" = 1 ] || echo es) | $kind CPU s |"
		sline="| $procs process$([ "$procs" = 1 ] || echo es) | $kind size |"
		first="" firsts=""
		for len in 3600 86400 604800; do
			IFS='|' read -r cpu sz rss <<EOT
$(run "$T/g$procs-$len.psr" "$kind")
EOT
			m=${cpu%% *}
			line="$line $cpu |"
			sline="$sline $(human "$sz") |"
			[ -z "$first" ] && first=$m firsts=$sz
		done
		echo "$line $(awk -v a="$m" -v b="$first" 'BEGIN { printf "%.0fx", a / (b > 0 ? b : 1e-9) }') |"
		echo "$sline $(awk -v a="$sz" -v b="$firsts" 'BEGIN { printf "%.1fx", a / b }') |"
	done
	rm -f "$T"/g$procs-*.psr
done
fi
