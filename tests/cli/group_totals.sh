# Totals per command (psr_result_groups, issue 17) on a real recording:
# psrec -c follows a shell that starts 40 CPU-bound psr-workload
# processes and 20 sleep processes one after the other. For every
# command, the engine's count, CPU seconds, peak RSS and process-samples
# must equal the sum (the max for RSS) over that command's processes as
# psreport --json lists them one by one (sampled, and those only the exit
# accounting saw); by user, one group holds them
# all. Usage: group_totals.sh psrec psreport workload groups_dump
. "$(dirname "$0")/lib.sh" "$@"
DUMP=$(abs "$4")
job='i=0
while [ $i -lt 20 ]; do "$0" cpu --duty 1 --duration 0.15; sleep 0.15; "$0" cpu --duty 1 --duration 0.1; i=$((i + 1)); done'
"$PSREC" -q -c -i 0.05 -o "$T/g.psr" -- sh -c "$job" "$WORKLOAD"
expect "psrec exits with the loop's status" "$?" 0
"$PSREPORT" --json "$T/g.json" "$T/g.psr" >/dev/null || fail "psreport --json"
"$DUMP" "$T/g.psr" command >"$T/groups" || fail "groups_dump"
# the same sums from the JSON, per name: count cpu peak samples
python3 -c 'import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
g = {}
for p in run["processes"]:
    e = g.setdefault(p["name"], [0, 0.0, -1.0, 0])
    e[0] += 1
    e[1] += p["cpu_seconds"]
    m = p["metrics"].get("rss_bytes", {}).get("max")
    if m is not None and m > e[2]:
        e[2] = m
    e[3] += p["samples"]
# a process that ran between two samples: its EXIT record only
for x in run.get("exited", []):
    e = g.setdefault(x["name"], [0, 0.0, -1.0, 0])
    e[0] += 1
    e[1] += x["cpu_seconds"]
    if x["rss_peak_bytes"] is not None and x["rss_peak_bytes"] > e[2]:
        e[2] = x["rss_peak_bytes"]
for k in sorted(g):
    print("%s\t%d\t%.6f\t%.0f\t%d" % (k, *g[k]))' "$T/g.json" >"$T/want" ||
	fail "the JSON's processes"
awk -F'\t' '{ printf "%s\t%d\t%.6f\t%.0f\t%d\n", $1, $2, $4, $5, $6 }' "$T/groups" |
	sort >"$T/got"
if cmp -s "$T/got" "$T/want"; then
	ok "per-command totals equal the sums over their processes ($(wc -l <"$T/want") commands)"
else
	fail "per-command totals: $(diff "$T/want" "$T/got")"
fi
wl=$(awk -F'\t' '$1 == "psr-workload" { print $2 }' "$T/groups")
within "psr-workload processes in one group (40 started)" "${wl:-0}" 30 40
wl_cpu=$(awk -F'\t' '$1 == "psr-workload" { print $4 }' "$T/groups")
# (busy for wall time: less CPU on a loaded host)
within "their CPU seconds (40 x 0.1-0.15 s busy)" "${wl_cpu:-0}" 0.01 6.5
within "sleep processes in one group (20 started)" \
	"$(awk -F'\t' '$1 == "sleep" { print $2 }' "$T/groups")" 10 20
# the first group is the largest CPU user
expect "groups ordered by CPU, the largest first" \
	"$(head -n 1 "$T/groups" | cut -f1)" psr-workload
expect "by user: one group of every process" \
	"$("$DUMP" "$T/g.psr" user | awk -F'\t' '{ n++; c += $2 } END { print n, c }')" \
	"1 $(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["runs"][0]; print(len(r["processes"]) + len(r["exited"]))' "$T/g.json")"
"$DUMP" "$T/g.psr" name >"$T/names" || fail "groups_dump name"
expect "by program (argv[0]'s base name): the workload's processes together" \
	"$(awk -F'\t' '$1 == "psr-workload" { print $2 }' "$T/names")" "$wl"
[ "$failures" -eq 0 ]
