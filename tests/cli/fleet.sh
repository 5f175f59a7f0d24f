# psreport --fleet over a directory tree of real recordings plus a broken
# file: the broken one is listed with its reason (exit 1), the rest is
# reported, and the per-command and per-host figures equal what
# psreport's own --summary and --export say of each log.
. "$(dirname "$0")/lib.sh" "$@"

mkdir -p "$T/fleet/x" "$T/fleet/y/z"
start_workload cpu --duty 0.5
c=$wl_pid
start_workload steady --size 16M
s=$wl_pid
"$PSREC" -q -o "$T/fleet/x/one.psr" -i 0.05 -d 1.5 -p "$c,$s" || fail "psrec one exit $?"
stop_workload "$c"
stop_workload "$s"
start_workload grow --rate 4M
g=$wl_pid
"$PSREC" -q -o "$T/fleet/y/z/two.psr" -i 0.05 -d 1.5 -p "$g" || fail "psrec two exit $?"
stop_workload "$g"
# a rotated recording: its parts are one run, one process, not three
mkdir -p "$T/fleet/rot"
start_workload cpu --duty 0.2
r=$wl_pid
"$PSREC" -q -o "$T/fleet/rot/r.psr" -i 0.05 -d 2.5 --rotate-time 1 -p "$r" ||
	fail "psrec rotated exit $?"
stop_workload "$r"
parts=$(ls "$T"/fleet/rot/*.psr | wc -l)
echo "not a log" >"$T/fleet/y/broken.psr"
echo "notes" >"$T/fleet/README"

"$PSREPORT" --fleet --fleet-csv "$T/f.csv" "$T/fleet" >"$T/out" 2>"$T/err"
expect "exit status with a broken log" "$?" 1
cat "$T/out"
grep -q "broken.psr: .*not a psrec log" "$T/out" || fail "broken log not listed"
grep -q "README" "$T/out" && fail "a file not named like a log was read"
grep -q "^fleet: $((2 + parts)) logs read, 1 with problems, 1 host" "$T/out" ||
	fail "fleet headline: $(head -n 1 "$T/out")"

# the truth, log by log
for l in x/one y/z/two; do
	"$PSREPORT" --summary "$T/$(basename $l).sum" --export "$T/$(basename $l).exp" \
		"$T/fleet/$l.psr" >/dev/null || fail "psreport $l"
done
"$PSREPORT" --summary "$T/rot.sum" --export "$T/rot.exp" "$T"/fleet/rot/*.psr \
	>/dev/null || fail "psreport rotated"
python3 - "$T/f.csv" "$T/one.sum" "$T/two.sum" "$T/rot.sum" \
	"$T/one.exp" "$T/two.exp" "$T/rot.exp" \
	>"$T/checks" <<'PY' || fail "fleet CSV checks"
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cmds = [r for r in rows if r["kind"] == "command"]
hosts = [r for r in rows if r["kind"] == "host"]
problems = [r for r in rows if r["kind"] == "problem"]
procs = {}
for f in sys.argv[2:5]:
    for r in csv.DictReader(open(f)):
        if r["kind"] != "process":
            continue
        p = procs.setdefault((f, r["pid"]), {"name": r["name"], "verdicts": []})
        p[r["metric"]] = r
        p["verdicts"].append(r["verdict"])
# the p95 of the processes pooled lies between their own p95s (the
# pooled distribution is a mixture of theirs)
p95s = [float(p["cpu_percent"]["p95"]) for p in procs.values()]
names = {p["name"] for p in procs.values()}
print("commands", len(cmds), len(names))
c = cmds[0]
print("processes", c["processes"], len(procs))
print("samples", c["samples"], sum(int(p["rss_bytes"]["n"]) for p in procs.values()))
w = sum(float(p["cpu_percent"]["seconds"]) for p in procs.values())
wx = sum(float(p["cpu_percent"]["mean"]) * float(p["cpu_percent"]["seconds"]) for p in procs.values())
print("cpu-mean-ok", abs(float(c["cpu_mean_percent"]) - wx / w) < 0.01)
print("cpu-p95-ok", min(p95s) - 0.01 <= float(c["cpu_p95_percent"]) <= max(p95s) + 0.01)
print("rss-max", c["rss_max_bytes"], max(int(float(p["rss_bytes"]["max"])) for p in procs.values()))
print("leak", c["leak"], sum("leak" in p["verdicts"] for p in procs.values()))
print("hosts", len(hosts), c["hosts"])
h = hosts[0]
print("host-logs", h["logs"], h["processes"])
print("problems", len(problems))
PY
cat "$T/checks"
line() { sed -n "s/^$1 //p" "$T/checks"; }
expect "one command (every workload is psr-workload)" "$(line commands)" "1 1"
expect "processes of the command (a rotated run is one)" "$(line processes)" "4 4"
s=$(line samples)
expect "samples = --summary's" "${s% *}" "${s#* }"
expect "CPU mean = the time-weighted mean of --summary's" "$(line cpu-mean-ok)" True
expect "CPU p95 between the processes' p95s of --summary" "$(line cpu-p95-ok)" True
r=$(line rss-max)
expect "RSS max = --summary's" "${r% *}" "${r#* }"
l=$(line leak)
expect "leak verdicts = --summary's" "${l% *}" "${l#* }"
expect "one host, one command host" "$(line hosts)" "1 1"
expect "host: logs and processes" "$(line host-logs)" "$((2 + parts)) 4"
expect "problem rows" "$(line problems)" 1

# a command of one process: its p95 is --summary's, the engine's
"$PSREPORT" --fleet --fleet-csv "$T/one.csv" "$T/fleet/y/z/two.psr" >/dev/null ||
	fail "fleet of one log exit $?"
want=$(awk -F, '$5 == "process" && $8 == "cpu_percent" { print $18 }' "$T/two.sum")
got=$(awk -F, '$1 == "command" { print $8 }' "$T/one.csv")
expect "one process: CPU p95 = --summary's" "$got" "$want"
# the same log twice, or a copy of it, is read once
cp "$T/fleet/y/z/two.psr" "$T/copy.psr"
"$PSREPORT" --fleet "$T/fleet/y/z/two.psr" "$T/fleet/y/z/two.psr" "$T/copy.psr" \
	>"$T/twice" 2>"$T/twice.err" || fail "a log given twice: exit $?"
grep -q "^fleet: 1 log read, 0 with problems" "$T/twice" ||
	fail "a log given twice: $(head -n 1 "$T/twice")"
expect "a log given twice: said twice" "$(grep -c 'the same log as' "$T/twice.err")" 2

# logs given one by one work too, and without a broken one the exit is 0
"$PSREPORT" --fleet "$T/fleet/x/one.psr" "$T/fleet/y/z/two.psr" >"$T/out2" ||
	fail "fleet of two good logs exit $?"
grep -q "^fleet: 2 logs read, 0 with problems" "$T/out2" || fail "two logs headline"
"$PSREPORT" --fleet --csv "$T/x.csv" "$T/fleet" >/dev/null 2>"$T/err2"
expect "--fleet with a per-log output is a usage error" "$?" 2
finish
