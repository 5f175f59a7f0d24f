# -c follows a process tree: every descendant is found, also those started
# after recording began, each is its own process with its parent, and the
# counts are exact. The tree: a shell that, once psrec records it, starts
# two psr-workload "children --count 2": 1 + 2 + 4 = 7 processes.
. "$(dirname "$0")/lib.sh" "$@"
go="$T/go"
mkfifo "$go"
sh -c 'read x <"$1"
"$2" children --count 2 --duration 1.5 &
"$2" children --count 2 --duration 1.5 &
wait' tree "$go" "$WORKLOAD" &
root=$!
bg_pids="$bg_pids $root"
"$PSREC" -q -c -p "$root" -i 0.02 --flush 0.05 -o "$T/c.psr" 2>"$T/err" &
rec=$!
wait_samples "$T/c.psr" 2
echo go >"$go"
wait "$rec"
expect "psrec ends when the whole tree has exited" "$?" 0
expect "only the named root's exit is said" "$(cat "$T/err")" "psrec: process $root exited"
"$PSREPORT" --info "$T/c.psr" >"$T/info" || fail "psreport --info"
grep -q "^closed: *yes (every target exited)" "$T/info" || fail "closed: $(grep closed "$T/info")"
# PID PPID per recorded process
awk '/^processes:/ { on = 1; next } on && $1 ~ /^[0-9]+$/ { print $1, $2 }' "$T/info" >"$T/procs"
expect "seven processes recorded" "$(wc -l <"$T/procs")" 7
expect "the root is recorded" "$(awk -v r="$root" '$1 == r' "$T/procs" | wc -l)" 1
awk -v r="$root" '$2 == r { print $1 }' "$T/procs" >"$T/kids"
expect "two children of the root" "$(wc -l <"$T/kids")" 2
for k in $(cat "$T/kids"); do
	expect "two grandchildren under $k" "$(awk -v k="$k" '$2 == k' "$T/procs" | wc -l)" 2
done
expect "no process twice" "$(cut -d' ' -f1 "$T/procs" | sort | uniq -d)" ""
# every one of them was started after recording began and was sampled
"$PSREPORT" --csv "$T/c.csv" "$T/c.psr"
first=$(csv_values "$T/c.csv" t | head -n 1)
for p in $(awk -v r="$root" '$1 != r { print $1 }' "$T/procs"); do
	n=$(awk -F, -v p="$p" 'NR > 1 && $1 != "avg" && $3 == p' "$T/c.csv" | wc -l)
	within "process $p sampled" "$n" 1 1000
done
expect "the first sample holds the root alone" \
	"$(awk -F, -v t="$first" 'NR > 1 && $1 != "avg" && $2 == t' "$T/c.csv" | wc -l)" 1
finish
