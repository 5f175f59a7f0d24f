# psreport --baseline, --runs, --index on workloads recorded for real.
# Two logs recorded side by side, the new one with: CPU duty 0.3 -> 0.6,
# memory growth 2 -> 4 MiB/s, the same steady workload, a steady process
# that now leaks, and a process only the new log has. Processes are told
# apart by name: each runs psr-workload through its own symlink.
. "$(dirname "$0")/lib.sh" "$@"

# start_as NAME ARGS...: the workload under another name (comm)
start_as() {
	ln -sf "$WORKLOAD" "$T/$1"
	name=$1
	shift
	real=$WORKLOAD
	WORKLOAD=$T/$name
	start_workload "$@"
	WORKLOAD=$real
}

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

start_as wl-cpu cpu --duty 0.3; b_cpu=$wl_pid
start_as wl-grow grow --rate 2M; b_grow=$wl_pid
start_as wl-steady steady --size 32M; b_steady=$wl_pid
start_as wl-leak steady --size 16M; b_leak=$wl_pid
start_as wl-cpu cpu --duty 0.6; n_cpu=$wl_pid
start_as wl-grow grow --rate 4M; n_grow=$wl_pid
start_as wl-steady steady --size 32M; n_steady=$wl_pid
start_as wl-leak grow --rate 2M; n_leak=$wl_pid
start_as wl-only idle; n_only=$wl_pid
# a parent with two children on each side: the tree totals match too
kids() { cat /proc/"$1"/task/*/children | tr ' ' '\n' | grep . | paste -sd, -; }
start_as wl-kids children --count 2; b_kids=$wl_pid,$(kids "$wl_pid")
start_as wl-kids children --count 2; n_kids=$wl_pid,$(kids "$wl_pid")

"$PSREC" -q -o "$T/base.psr" -i 0.1 -d 8 -p "$b_cpu,$b_grow,$b_steady,$b_leak,$b_kids" &
rec1=$!
"$PSREC" -q -o "$T/new.psr" -i 0.1 -d 8 -p "$n_cpu,$n_grow,$n_steady,$n_leak,$n_only,$n_kids" &
rec2=$!
wait "$rec1" || fail "psrec of the baseline exit $?"
wait "$rec2" || fail "psrec of the new run exit $?"
# a third, later run of the new CPU workload, for --runs
"$PSREC" -q -o "$T/later.psr" -i 0.1 -d 1 -p "$n_cpu" || fail "psrec exit $?"
for p in $b_cpu $b_grow $b_steady $b_leak $n_cpu $n_grow $n_steady $n_leak \
	$n_only ${b_kids%%,*} ${n_kids%%,*}; do
	stop_workload "$p"
done

# 8 s recordings: leak verdicts asked with --leak-min-time (the default
# wants 2 minutes)
"$PSREPORT" --leak-min-time 4 --baseline "$T/base.psr" --match name --json "$T/c.json" \
	--compare-csv "$T/c.csv" "$T/new.psr" >"$T/text"
expect "a comparison without --fail-on-regression exits 0" "$?" 0

python3 - "$T/c.json" >"$T/checks" <<'PY' || fail "the comparison JSON"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["comparison"]
print("runs", len(d["runs"]), c["baseline_runs"], c["new_runs"])
procs = {p["key"]: p for p in c["processes"]}
print("matched", " ".join(sorted(procs)))
print("unmatched", " ".join(u["side"] + ":" + u["name"] for u in c["unmatched"]))
cpu = procs["wl-cpu"]["metrics"]["cpu_percent"]
print("cpu", cpu["baseline"]["mean"], cpu["new"]["mean"], cpu["verdict"], cpu["p"])
g = procs["wl-grow"]["metrics"]["rss_bytes"]
print("growth-ratio", g["new"]["growth_per_h"] / g["baseline"]["growth_per_h"])
print("growth", g["growth"]["verdict"], g["growth"]["leak_change"])
s = procs["wl-steady"]["metrics"]
print("steady", " ".join(sorted(set(m["verdict"] for m in s.values()) |
      set(m["growth"]["verdict"] for m in s.values() if "growth" in m))))
print("steady-metrics", " ".join(k for k in ("cpu_percent", "rss_bytes",
      "vms_bytes", "threads", "fds", "read_bytes_per_s", "minflt_per_s") if k in s))
k = procs["wl-kids"]
t = procs["tree: wl-kids"]
print("kids", len(k["baseline_pids"]), len(k["new_pids"]), t["verdict"],
      t["metrics"]["rss_bytes"]["new"]["mean"] > 2 * k["metrics"]["rss_bytes"]["new"]["mean"])
l = procs["wl-leak"]["metrics"]["rss_bytes"]
print("leak", l["baseline"]["leak"], l["new"]["leak"], l["growth"]["leak_change"],
      l["growth"]["verdict"])
PY
val() { sed -n "s/^$1 //p" "$T/checks"; }
expect "both sides' runs in the JSON" "$(val runs)" "2 [0] [1]"
expect "matched by name" "$(val matched)" \
	"tree: wl-kids wl-cpu wl-grow wl-kids wl-leak wl-steady"
expect "a parent and two children pooled; their tree matched, same" \
	"$(val kids)" "3 3 same True"
expect "the new-only process is unmatched" "$(val unmatched)" "new:wl-only"

# CPU: what each log says decides. On a loaded machine the duty cycles
# get less than their share, and unevenly over time: a test that accounts
# for autocorrelation then rightly finds less evidence. The verdict must
# be 'worse' when the baseline got most of its 30%; else it must at least
# not be 'better' and must agree with its own figures.
set -- $(val cpu)
echo "note: CPU baseline $1%, new $2%, verdict $3 (p $4)"
if awk -v b="$1" -v n="$2" 'BEGIN { exit !(b >= 25 && n >= 1.6 * b) }'; then
	expect "duty 0.3 -> 0.6 is worse on CPU" "$3" worse
else
	echo "note: the machine is loaded; the duty cycles did not get their share"
	[ "$3" != better ] || fail "a CPU rise is not 'better'"
	v=$(awk -v p="$4" -v b="$1" -v n="$2" \
		'BEGIN { print (p < 0.05 && n - b >= 0.5 && n >= 1.05 * b) ? "worse" : "same" }')
	expect "the CPU verdict follows its p-value and difference" "$3" "$v"
fi
within "growth 4 MiB/s against 2 MiB/s" "$(val growth-ratio)" 1.9 2.1
expect "twice the growth is worse, both leaks" "$(val growth)" "worse None"
expect "the same workload twice is the same on every metric" "$(val steady)" same
expect "metrics compared" "$(val steady-metrics)" \
	"cpu_percent rss_bytes vms_bytes threads fds read_bytes_per_s minflt_per_s"
expect "a leak that appears is called out and worse" "$(val leak)" \
	"none leak appeared worse"
grep -q "note: leak appeared in RSS" "$T/text" || fail "the text calls out the leak"
grep -q "^  new .* wl-only" "$T/text" || fail "the text lists the unmatched process"
grep -q "^wl-cpu " "$T/text" || fail "the text names the process"

# the CSV: a row per matched process and metric, same verdicts as JSON
expect "CSV rows for RSS" "$(grep -c ',rss_bytes,' "$T/c.csv")" 6
col=$(csv_col "$T/c.csv" growth_verdict)
expect "CSV growth verdict" \
	"$(awk -F, -v c="$col" '$1 == "wl-grow" && $6 == "rss_bytes" { print $c }' "$T/c.csv")" worse

# outputs are never overwritten without --force, and --force does
before=$(cksum <"$T/c.csv")
"$PSREPORT" --baseline "$T/new.psr" --compare-csv "$T/c.csv" "$T/new.psr" \
	>/dev/null 2>"$T/err"
expect "an existing --compare-csv without --force" "$?" 1
expect "the existing CSV is untouched" "$(cksum <"$T/c.csv")" "$before"
"$PSREPORT" --baseline "$T/new.psr" --force --compare-csv "$T/c.csv" \
	"$T/new.psr" >/dev/null || fail "--force exit $?"
[ "$(cksum <"$T/c.csv")" != "$before" ] || fail "--force rewrote the CSV"
ls "$T" | grep -q '\.tmp\|^\.c\.csv' && fail "a temporary file is left"

# a log against itself: every difference is zero, no verdict worse or
# better; same where 8 s of samples could have shown a difference,
# inconclusive where they could not
"$PSREPORT" --baseline "$T/new.psr" --json "$T/self.json" --fail-on-regression \
	"$T/new.psr" >/dev/null
expect "a log against itself, --fail-on-regression" "$?" 0
python3 - "$T/self.json" >"$T/self" <<'PY' || fail "self JSON"
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
ms = [m for p in c["processes"] for m in p["metrics"].values()]
print("n", len(c["processes"]), len(c["unmatched"]))
print("diffs", sum(1 for m in ms for k in ("diff", "diff_p95", "diff_max", "rel")
      if m[k] != 0))
print("growth", sum(1 for m in ms if "growth" in m and m["growth"]["diff_per_h"] != 0))
print("verdicts", " ".join(sorted(set(m["verdict"] for m in ms))))
PY
expect "itself: every process and tree matched" "$(sed -n 's/^n //p' "$T/self")" "7 0"
expect "itself: no difference" "$(sed -n 's/^diffs //p' "$T/self")" 0
expect "itself: no growth difference" "$(sed -n 's/^growth //p' "$T/self")" 0
case "$(sed -n 's/^verdicts //p' "$T/self")" in
"inconclusive same" | same) ;;
*) fail "itself: verdicts $(sed -n 's/^verdicts //p' "$T/self")" ;;
esac

# --fail-on-regression: 4 on a regression; 0 the other way round
"$PSREPORT" --baseline "$T/base.psr" --match name --fail-on-regression \
	"$T/new.psr" >/dev/null
expect "--fail-on-regression with a regression" "$?" 4
"$PSREPORT" --baseline "$T/new.psr" --match name --fail-on-regression \
	--pid "$n_steady,$b_steady,$n_grow,$b_grow" "$T/base.psr" >"$T/rev"
expect "--fail-on-regression on an improvement" "$?" 0
grep -q "RSS growth/h .* better" "$T/rev" || fail "half the growth is better"
# --match cmd: the command lines differ, so the name fallback matches
"$PSREPORT" --baseline "$T/base.psr" "$T/new.psr" >"$T/cmd"
grep -q "(matched by name)" "$T/cmd" || fail "--match cmd falls back to the name"
"$PSREPORT" --baseline "$T/base.psr" --match bogus "$T/new.psr" 2>/dev/null
expect "--match bogus" "$?" 2
"$PSREPORT" --baseline "$T/base.psr" --threshold 1000 --match name \
	--json "$T/t.json" --pid "$n_cpu,$b_cpu" "$T/new.psr" >/dev/null ||
	fail "--threshold exit $?"
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
m = c["processes"][0]["metrics"]["cpu_percent"]
print(m["verdict"] if m["rel"] < 10 else "same")' "$T/t.json" >"$T/t" ||
	fail "--threshold JSON"
expect "a threshold of 1000% hides the CPU rise" "$(cat "$T/t")" same

# two baselines: their runs are pooled per key
"$PSREPORT" --baseline "$T/base.psr" --baseline "$T/later.psr" --match name \
	--json "$T/two.json" "$T/new.psr" >/dev/null || fail "two baselines exit $?"
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
p = {x["key"]: x for x in c["processes"]}["wl-cpu"]
print(c["baseline_runs"], c["new_runs"], len(p["baseline_pids"]), len(p["new_pids"]))' \
	"$T/two.json" >"$T/two" || fail "two baselines JSON"
expect "two baselines: two runs, wl-cpu pooled from both" "$(cat "$T/two")" \
	"[0, 1] [2] 2 1"

# usage errors
"$PSREPORT" --fail-on-regression "$T/new.psr" >/dev/null 2>"$T/err"
expect "--fail-on-regression without --baseline" "$?" 2
grep -q "need --baseline" "$T/err" || fail "says what it needs"
"$PSREPORT" --baseline "$T/base.psr" --summary "$T/s.csv" "$T/new.psr" 2>/dev/null
expect "--baseline with --summary" "$?" 2
"$PSREPORT" --index "$T" "$T/new.psr" 2>/dev/null
expect "--index with logs" "$?" 2
"$PSREPORT" --baseline "$T/nosuch.psr" "$T/new.psr" 2>"$T/err"
expect "a missing baseline" "$?" 1
grep -q "cannot read '.*nosuch.psr'" "$T/err" || fail "names the missing baseline"

# --runs: one row per run, in start order
mkdir "$T/runs"
cp "$T/later.psr" "$T/runs/a.psr"
cp "$T/base.psr" "$T/runs/b.psr"
"$PSREPORT" --runs --match name --compare-csv "$T/runs.csv" \
	"$T/later.psr" "$T/base.psr" >"$T/runs.txt" || fail "--runs exit $?"
awk '/^wl-cpu$/ { on = 1; next } on && /^  [0-9]/ { print $2, $3, $4 } /^$/ { on = 0 }' \
	"$T/runs.txt" >"$T/rows"
expect "--runs: a row per run" "$(wc -l <"$T/rows")" 2
expect "--runs: in start order" "$(cut -d' ' -f3 "$T/rows" | paste -sd' ')" \
	"base.psr later.psr"
expect "--runs CSV: CPU rows of wl-cpu" "$(grep -c ',wl-cpu,cpu_percent,' "$T/runs.csv")" 2
# in a directory, logs are known by their first bytes (util/logdir.h):
# notes are passed over in silence, a file named like a log that is not
# one is said, a log named otherwise is read
echo "not a log" >"$T/runs/notes.txt"
echo "not a log" >"$T/runs/broken.psr"
"$PSREPORT" --runs --match name "$T/runs" >"$T/runs2.txt" 2>"$T/runs2.err" ||
	fail "--runs DIR"
grep -q "skipped: cannot read '.*broken.psr'" "$T/runs2.err" ||
	fail "--runs DIR says it skips a file named like a log"
grep -q "notes.txt" "$T/runs2.err" && fail "--runs DIR: notes are not logs"
expect "--runs DIR: a row per process and run" \
	"$(grep -c '^  [0-9] .* [ab]\.psr' "$T/runs2.txt")" 10

# charts: --svg, --png and --pdf with --baseline, --svg with --runs
"$PSREPORT" --baseline "$T/base.psr" --match name --svg "$T/svg" \
	--png "$T/png" --pdf "$T/c.pdf" --pid "$b_cpu,$n_cpu,$b_grow,$n_grow" \
	"$T/new.psr" >/dev/null || fail "charts exit $?"
for c in cpu rss cpu-dist rss-dist diff; do
	[ -s "$T/svg/$n_cpu-wl-cpu-compare-$c.svg" ] || fail "no wl-cpu $c SVG"
	[ -s "$T/png/$n_grow-wl-grow-compare-$c.png" ] || fail "no wl-grow $c PNG"
done
expect "SVGs: 5 charts for each of 2 processes" "$(ls "$T/svg" | wc -l)" 10
expect "PNGs too" "$(ls "$T/png" | wc -l)" 10
expect "PDF: a first page, then 2 per process" \
	"$(pdfinfo "$T/c.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')" 5
for f in "$T"/svg/*.svg; do
	xmllint --noout "$f" || fail "xmllint: $f"
done
case $(xmllint --xpath 'string(/)' "$T/svg/$n_grow-wl-grow-compare-rss.svg") in
*"baseline (pid $b_grow)"*"new (pid $n_grow)"*) ok "RSS overlay names both" ;;
*) fail "the RSS overlay names both processes" ;;
esac
pdftotext "$T/c.pdf" - 2>/dev/null >"$T/c.txt" || fail "pdftotext"
grep -q "Comparison: new against baseline" "$T/c.txt" || fail "PDF first page"
grep -q "wl-grow: worse" "$T/c.txt" || fail "PDF: wl-grow page"
grep -q "RSS growth/h" "$T/c.txt" || fail "PDF: the growth row"
"$PSREPORT" --runs --match name --svg "$T/rsvg" "$T/later.psr" "$T/base.psr" \
	>/dev/null || fail "--runs --svg exit $?"
[ -s "$T/rsvg/1-wl-cpu-runs-cpu.svg" ] && [ -s "$T/rsvg/1-wl-cpu-runs-rss.svg" ] ||
	fail "--runs charts: $(ls "$T/rsvg")"
touch "$T/afile"
"$PSREPORT" --baseline "$T/base.psr" --svg "$T/afile" "$T/new.psr" \
	>/dev/null 2>"$T/err"
expect "--svg onto a file" "$?" 1
grep -q "not a directory" "$T/err" || fail "says it is not a directory"

# --index: every log, unreadable ones with the reason
"$PSREPORT" --index "$T/runs" >"$T/index" || fail "--index exit $?"
expect "--index: a line per log and a header" "$(wc -l <"$T/index")" 4
grep -q "^a.psr .* $(hostname | cut -c1-16) .*wl-cpu" "$T/index" ||
	fail "--index: host and process of a.psr"
grep -q "^b.psr .*wl-cpu,wl-grow,wl-steady,+2" "$T/index" ||
	fail "--index: the processes of b.psr"
grep -q "^broken.psr *unreadable: not a psrec log" "$T/index" ||
	fail "--index: the reason"
grep -q "notes.txt" "$T/index" && fail "--index: notes are not logs"
# a log whatever its name, in a directory of a directory
mkdir "$T/runs/old"
cp "$T/runs/a.psr" "$T/runs/old/baseline-2025"
"$PSREPORT" --index "$T/runs" >"$T/index2" || fail "--index exit $?"
grep -q "^old/baseline-2025 .*wl-cpu" "$T/index2" ||
	fail "--index: a log in a subdirectory, named otherwise"
"$PSREPORT" --index "$T/nosuchdir" 2>"$T/err"
expect "--index of a missing directory" "$?" 1
grep -q "cannot read" "$T/err" || fail "says why"
finish
