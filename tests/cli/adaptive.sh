# --adaptive MAX: while nothing changes the interval doubles from -i up to
# MAX; a change (here: a target exits) brings it back to -i. Every
# sample keeps its exact time.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
start_workload idle
steady=$wl_pid
start_workload idle --duration 1.6
leaving=$wl_pid
"$PSREC" -q -p "$steady,$leaving" -i 0.02 --adaptive 0.32 -d 3 -o "$T/a.psr" 2>/dev/null ||
	fail "psrec exit $?"
"$PSREPORT" --csv "$T/a.csv" "$T/a.psr"
# the steady process's sample times and the gaps between them
awk -F, -v p="$steady" 'NR > 1 && $1 != "avg" && $3 == p { print $2 }' "$T/a.csv" >"$T/t"
awk 'NR > 1 { printf "%.3f\n", $1 - prev } { prev = $1 }' "$T/t" >"$T/gaps"
n=$(wc -l <"$T/t")
within "far fewer samples than 3 s at 0.02 s (151)" "$n" 8 40
max=$(sort -n "$T/gaps" | tail -n 1)
within "the interval grows up to MAX" "$max" 0.30 0.40
expect "never beyond MAX (but for the last sample at -d)" \
	"$(awk '$1 > 0.40' "$T/gaps" | wc -l)" 0
# the interval doubles: samples are scheduled at 0, 0.02, 0.06, 0.14,
# 0.30 (offsets do not drift: a late sample does not delay the next), and
# each is taken at its time or a little after
n=1
for sched in 0 0.02 0.06 0.14 0.30; do
	within "sample $n at its scheduled $sched s" "$(sed -n ${n}p "$T/t")" "$sched" "$(awk -v s="$sched" 'BEGIN { print s + 0.06 }')"
	n=$((n + 1))
done
# after the other process is found gone, back to -i
gone=$(awk -F, -v p="$leaving" 'NR > 1 && $1 != "avg" && $3 == p { t = $2 } END { print t }' "$T/a.csv")
after=$(awk -v g="$gone" '$1 > g' "$T/t" | head -n 3 | tr '\n' ' ')
set -- $after
within "the gap after the exit is found is -i" \
	"$(awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }')" 0 0.05
within "a last sample at -d" "$(tail -n 1 "$T/t")" 3.000 3.05
stop_workload "$steady"
finish
