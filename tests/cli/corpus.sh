# The leak verdicts and comparisons on the corpus of real recordings
# (tests/corpus, verdicts.tsv says what each is; record-verdicts.sh
# re-records them): no 'leak' and no 'possible' anywhere in a healthy
# recording, its host included, and --fail-on-leak passes; every real leak
# is a leak within the time verdicts.tsv gives; no growth per hour from a
# run shorter than 15 minutes; the chart's verdict box says what the
# verdict table says; two back-to-back runs of one server are not worse,
# and twice the RSS on too few samples is inconclusive, not same.
# usage: corpus.sh psrec psreport workload corpus-dir
. "$(dirname "$0")/lib.sh" "$@"
C=$(abs "$4")

# every verdict of a --json file, one "where verdict gate" line each
verdicts() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["runs"]:
    procs = [("process %d %s" % (p["pid"], p["name"]), p) for p in r["processes"]]
    procs += [("tree %d %s" % (p["pid"], p["name"]), p) for p in r["trees"]]
    if r.get("system"):
        procs.append(("host", r["system"]))
    for where, p in procs:
        for k, s in p["metrics"].items():
            t = s.get("trend") if isinstance(s, dict) else None
            if t:
                print("%s %s: %s %s hourly=%s" % (where, k, t["verdict"],
                      t["gate"], t["growth_per_h"] is not None and
                      t["seconds"] < 900))
PY
}

grep -v '^#' "$C/verdicts.tsv" | while IFS='	' read -r name truth by what; do
	log=$C/$name.psr
	[ -f "$log" ] || { fail "$name: no $log"; continue; }
	if [ "$truth" = healthy ]; then
		"$PSREPORT" --json "$T/$name.json" --fail-on-leak "$log" >"$T/$name.txt"
		expect "$name ($what): --fail-on-leak" "$?" 0
		verdicts "$T/$name.json" >"$T/$name.v" || fail "$name: JSON"
		bad=$(grep -E ': (leak|possible) ' "$T/$name.v" | head -3)
		expect "$name: no leak, no possible" "$bad" ""
	else
		"$PSREPORT" --json "$T/$name.json" --to "$by" "$log" >"$T/$name.txt"
		verdicts "$T/$name.json" >"$T/$name.v" || fail "$name: JSON"
		expect "$name ($what): RSS is a leak by $by" \
			"$(grep -c '^process .* rss_bytes: leak ' "$T/$name.v")" 1
		grep -q ' leak (RSS: trend.*; grew .* MiB over .* (+[0-9]*%))' "$T/$name.txt" ||
			fail "$name: the text says how much it grew over how long"
		"$PSREPORT" --fail-on-leak "$log" >/dev/null
		expect "$name: --fail-on-leak" "$?" 3
	fi
	expect "$name: no growth per hour from a short run" \
		"$(grep -c 'hourly=True' "$T/$name.v")" 0
done

# the PDF: the verdict table and the memory chart's box agree
for name in c-leak node-server; do
	"$PSREPORT" --pdf "$T/$name.pdf" --svg "$T/$name-svg" "$C/$name.psr" \
		>/dev/null 2>"$T/err" || fail "$name: --pdf exit $?"
	pdftotext -layout "$T/$name.pdf" "$T/$name.pdf.txt" 2>/dev/null
	box=$(xmllint --xpath 'string(/)' "$T/$name-svg"/*-memory.svg)
	if grep -q 'LEAK (RSS)' "$T/$name.pdf.txt"; then
		case $box in *'LEAK: grew '*' over '*) ;; *) fail "$name: table LEAK, chart '$box'" ;; esac
	else
		case $box in *LEAK*) fail "$name: table no leak, chart '$box'" ;; esac
		case $box in *'no leak: grew '*) ;; *) fail "$name: chart box '$box'" ;; esac
	fi
	grep -q 'RSS grew' "$T/$name.pdf.txt" || fail "$name: the table's growth column"
done
ok "the PDF's verdict table and chart boxes agree"

# a leak of address space only (mapped, never touched): VMS decides the
# verdict, and the RSS chart, flat, says whose verdict it carries
# (the interpreter itself: a python3 on PATH may be a wrapper script,
# pyenv's, whose shells run first under the same pid and cut the growth
# short of --leak-min-time now and then)
py=$(python3 -c 'import sys; print(sys.executable)')
"$PSREC" -q -i 0.1 -o "$T/vms.psr" -- "$py" -c '
import mmap, time
kept = []
for _ in range(60):
    kept.append(mmap.mmap(-1, 8 << 20))
    time.sleep(0.1)' || fail "psrec of the mapping program exit $?"
"$PSREPORT" --leak-min-time 4 --pdf "$T/vms.pdf" --svg "$T/vms-svg" \
	"$T/vms.psr" >"$T/vms.txt" 2>"$T/err" || fail "vms --pdf exit $?"
grep -q ' leak (VMS: trend' "$T/vms.txt" || fail "VMS decides: $(cat "$T/vms.txt")"
pdftotext -layout "$T/vms.pdf" - 2>/dev/null | grep -q 'LEAK (VMS)' ||
	fail "the PDF's table: LEAK (VMS)"
box=$(xmllint --xpath 'string(/)' "$T/vms-svg"/*-memory.svg)
case $box in
*'no leak: '*'the process: LEAK (VMS)'*) ok "the RSS chart names the VMS verdict" ;;
*) fail "the RSS chart of a VMS leak: '$box'" ;;
esac

# two back-to-back runs of one server: not worse (switches are not gated)
"$PSREPORT" --baseline "$C/http-run1.psr" --match name --fail-on-regression \
	--json "$T/runs.json" "$C/http-run2.psr" >"$T/runs.txt"
expect "one server twice: --fail-on-regression" "$?" 0
python3 - "$T/runs.json" >"$T/runs.v" <<'PY' || fail "runs JSON"
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
p = [p for p in c["processes"] if p["name"] == "python3"][0]
print("verdict", p["verdict"])
print("gated", " ".join(c["gated_metrics"]))
print("ungated-worse", sum(1 for m in p["metrics"].values()
      if not m["gated"] and m["verdict"] == "worse"))
PY
case $(sed -n 's/^verdict //p' "$T/runs.v") in
same | inconclusive) ok "one server twice: same or inconclusive" ;;
*) fail "one server twice: $(sed -n 's/^verdict //p' "$T/runs.v")" ;;
esac
expect "the gated metrics" "$(sed -n 's/^gated //p' "$T/runs.v")" \
	"cpu_percent cpu_user_percent cpu_system_percent rss_bytes fds read_bytes_per_s write_bytes_per_s uss_bytes pss_bytes"
# --gate all: every metric decides; whatever the switches did, they count
"$PSREPORT" --baseline "$C/http-run1.psr" --match name --gate all \
	--json "$T/all.json" "$C/http-run2.psr" >/dev/null || fail "--gate all exit $?"
expect "--gate all gates every metric" "$(python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
print(all(m["gated"] for p in c["processes"] for m in p["metrics"].values()))' "$T/all.json")" True

# twice the RSS on 21 samples of a sawtooth: inconclusive, not same
"$PSREPORT" --baseline "$C/node-thin-base.psr" --match name --json "$T/thin.json" \
	"$C/node-thin-double.psr" >"$T/thin.txt" || fail "thin exit $?"
python3 - "$T/thin.json" >"$T/thin.v" <<'PY' || fail "thin JSON"
import json, sys
c = json.load(open(sys.argv[1]))["comparison"]
m = c["processes"][0]["metrics"]["rss_bytes"]
print("ratio", m["new"]["mean"] / m["baseline"]["mean"])
print("verdict", m["verdict"])
print("detectable", m["detectable"] > m["least"])
PY
within "node thin: the new mean over the baseline's" "$(sed -n 's/^ratio //p' "$T/thin.v")" 1.3 3
case $(sed -n 's/^verdict //p' "$T/thin.v") in
inconclusive | worse) ok "node thin: not 'same'" ;;
*) fail "node thin: RSS $(sed -n 's/^verdict //p' "$T/thin.v")" ;;
esac
if [ "$(sed -n 's/^verdict //p' "$T/thin.v")" = inconclusive ]; then
	expect "inconclusive: the detectable difference is above the least" \
		"$(sed -n 's/^detectable //p' "$T/thin.v")" True
	grep -q '^  RSS .* inconclusive (n=[0-9]*+[0-9]*, detects only +-' "$T/thin.txt" ||
		fail "the text says inconclusive (n=...) with what it could detect"
fi
finish
