#!/bin/sh
# Host-scale benchmark (issue 17; by hand, not part of the pass/fail
# suite): psreport on the log of a churning build host, written by
# tests/bench/churn.c: N short-lived processes (1 to 5 samples each, an
# END record each, named cc1, as, ld, sh...) spread over a day, plus 300
# long-lived ones at 1 Hz. For N = 1k, 10k, 100k, 1M: CPU seconds (user
# + system) and max RSS (/usr/bin/time) of psreport's text, --summary,
# --json, --export, --csv and --pdf, then the least-squares fit of CPU
# and RSS against N (the slope is the cost of one more process). Then
# the 400-sleeper log: psrec -p of 400 sleeping processes at 100 Hz for
# 15 s, in process-samples per second.
#
# usage: sh tests/bench/hostscale.sh [N...]   (default 1000 10000 100000 1000000)
# env: SECS (the day's length, default 86400), OUTPUTS (default all six),
#      PSREPORT_OLD (an older psreport, measured on the same logs: ratios)
set -u
cd "$(dirname "$0")/../.." || exit 1
bench_deps="time"
. tests/bench/lib.sh
CHURN=$build/tests/psr-churn
PSREC=$build/record/psrec
WL=$build/samples/psr-workload
secs=${SECS:-86400}
outputs=${OUTPUTS:-"text summary json export csv pdf"}
[ $# -gt 0 ] || set -- 1000 10000 100000 1000000

# run PSREPORT OUT LOG: "cpu_s maxrss_mib" of one output
run() {
	case $2 in
	text) set -- "$1" "$3" ;;
	*) set -- "$1" "$3" "--$2" "$T/out.$2" ;;
	esac
	prog=$1 log=$2; shift 2
	/usr/bin/time -f "%U %S %M" -o "$T/time" "$prog" --force "$@" "$log" \
		>/dev/null 2>"$T/err" || { echo "psreport $* failed: $(tail -n 2 "$T/err")" >&2; echo "- -"; return; }
	awk '{ printf "%.2f %.0f", $1 + $2, $3 / 1024 }' "$T/time"
}

echo "## psreport on a churning host ($(nproc) cores, $(date -u +%Y-%m-%d), ${secs} s, 300 long-lived at 1 Hz)"
echo
printf "| short processes | output | CPU s | max RSS MiB |"
[ -n "${PSREPORT_OLD:-}" ] && printf " old CPU s | old max RSS MiB |"
echo
printf "|---|---|---|---|"
[ -n "${PSREPORT_OLD:-}" ] && printf -- "---|---|"
echo
: >"$T/fit"
for n in "$@"; do
	"$CHURN" "$T/churn.psr" "$n" "$secs" || exit 1
	for o in $outputs; do
		r=$(run "$PSREPORT" "$o" "$T/churn.psr")
		echo "$n $o $r" >>"$T/fit"
		printf "| %d | %s | %s | %s |" "$n" "$o" "${r% *}" "${r#* }"
		if [ -n "${PSREPORT_OLD:-}" ]; then
			r=$(run "$PSREPORT_OLD" "$o" "$T/churn.psr")
			printf " %s | %s |" "${r% *}" "${r#* }"
		fi
		echo
	done
done
echo
echo "least squares over N (the cost of one more short process):"
for o in $outputs; do
	awk -v o="$o" '$2 == o && $3 != "-" { n++; x += $1; y += $3; m += $4; xx += $1 * $1; xy += $1 * $3; xm += $1 * $4 }
	END { if (n < 2) exit; d = n * xx - x * x; b = (n * xy - x * y) / d; a = (y - b * x) / n
		bm = (n * xm - x * m) / d; am = (m - bm * x) / n
		printf "  %-8s CPU %.3f s + %.2f us/process, RSS %.0f MiB + %.0f bytes/process\n", o, a, b * 1e6, am, bm * 1048576 }' "$T/fit"
done

# 400 sleepers at 100 Hz for 15 s
pids=""
for i in $(seq 1 400); do "$WL" idle & pids="$pids,$!"; done
trap 'kill $(echo "$pids" | tr , " ") 2>/dev/null; rm -rf "$T"' EXIT
"$PSREC" -q -p "${pids#,}" -i 0.01 -d 15 -o "$T/sleep.psr" || exit 1
kill $(echo "$pids" | tr , " ") 2>/dev/null
ps_n=$("$PSREPORT" --info "$T/sleep.psr" | sed -n 's/.*(\([0-9]*\) process-samples).*/\1/p' | head -n 1)
# ten reports in one shell: /usr/bin/time's 10 ms would be most of one
# run10 PSREPORT: "cpu_s maxrss_mib" of ten text reports of the log
run10() {
	/usr/bin/time -f "%U %S %M" -o "$T/time" sh -c \
		'for i in 1 2 3 4 5 6 7 8 9 10; do "$1" --force "$2" >/dev/null || exit 1; done' \
		sh "$1" "$T/sleep.psr" 2>"$T/err" || { echo "- -"; return; }
	awk '{ printf "%.3f %.0f", ($1 + $2) / 10, $3 / 1024 }' "$T/time"
}
r=$(run10 "$PSREPORT")
echo
awk -v n="$ps_n" -v s="${r% *}" -v m="${r#* }" 'BEGIN {
	printf "400 sleepers, 100 Hz, 15 s: %d process-samples, %.3f s CPU (of 10 runs), %.1f M process-samples/s, max RSS %s MiB\n", n, s, n / s / 1e6, m }'
if [ -n "${PSREPORT_OLD:-}" ]; then
	r=$(run10 "$PSREPORT_OLD")
	awk -v n="$ps_n" -v s="${r% *}" -v m="${r#* }" 'BEGIN {
	printf "  old psreport: %.3f s CPU, %.1f M process-samples/s, max RSS %s MiB\n", s, n / s / 1e6, m }'
fi
