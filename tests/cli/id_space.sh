# Issue 22: a log holds at most 16.7 M processes (ids below 2^24): an
# unrotated psrec goes on in the log's next part when the new processes
# would not fit, instead of stopping with "too many processes in one
# log". PSREC_TEST_MAX_IDS=40 (for tests only) makes the id space tiny:
# psrec -c of a shell that starts about 150 short processes, 5 at a time,
# crosses it several times; psreport reads the parts as one run, each
# process once, the shell with its samples of every part.
. "$(dirname "$0")/lib.sh" "$@"
# (a counter of builtins: no short-lived subshell that could be seen as
# a second "sh -c")
job='i=0; while [ $i -lt 30 ]; do
	for j in 1 2 3 4 5; do "$0" idle --duration 0.12 & done; wait
	i=$((i + 1))
done'
PSREC_TEST_MAX_IDS=40 "$PSREC" -c -i 0.03 -o "$T/r.psr" --no-exits \
	-- sh -c "$job" "$WORKLOAD" 2>"$T/err"
expect "psrec: exit 0" "$?" 0
ls "$T" | grep '\.psr$' >"$T/parts"
parts=$(wc -l <"$T/parts")
within "parts written (about 150 processes, 40 per part)" "$parts" 3 40
expect "one line on stderr per new part" "$(grep -c 'the most one log holds: going on in its next part' "$T/err")" \
	"$((parts - 1))"
expect "nothing else on stderr" "$(grep -vc 'going on in its next part' "$T/err")" 0

# each part a whole log of at most 40 processes, parts 0 .. N-1 of one run
: >"$T/sum"
for f in $(cat "$T/parts"); do
	"$PSREPORT" --info "$T/$f" >"$T/$f.info" 2>"$T/$f.err" ||
		fail "--info $f: exit $?"
	[ -s "$T/$f.err" ] && fail "$f: a warning: $(cat "$T/$f.err")"
	"$PSREPORT" --json "$T/$f.json" "$T/$f" >/dev/null ||
		fail "psreport $f: exit $?"
done
python3 - "$T" $(cat "$T/parts") <<'PY' >"$T/check" || fail "the JSONs"
import json, sys
T, parts = sys.argv[1], sys.argv[2:]
seen, most, shell = {}, 0, 0
for f in parts:
    run = json.load(open("%s/%s.json" % (T, f)))["runs"][0]
    most = max(most, len(run["processes"]))
    for p in run["processes"]:
        k = (p["pid"], p["start"])
        seen[k] = seen.get(k, 0) + p["samples"]
        if p["cmdline"][:2] == ["sh", "-c"]:
            shell += p["samples"]
print("most", most)
print("union", len(seen))
print("shell", shell)
PY
"$PSREPORT" --json "$T/all.json" $(sed "s|^|$T/|" "$T/parts") >"$T/all.txt" \
	2>"$T/all.err" || fail "psreport of every part: exit $?"
expect "psreport of every part: no warning (no part missing)" \
	"$(cat "$T/all.err")" ""
python3 - "$T/all.json" <<'PY' >"$T/all" || fail "the run's JSON"
import json, sys
d = json.load(open(sys.argv[1]))
run = d["runs"][0]
print("runs", len(d["runs"]))
print("processes", len(run["processes"]))
print("idle", sum(1 for p in run["processes"] if p["cmdline"][1:2] == ["idle"]))
print("shell", sum(p["samples"] for p in run["processes"] if p["cmdline"][:2] == ["sh", "-c"]))
print("shells", sum(1 for p in run["processes"] if p["cmdline"][:2] == ["sh", "-c"]))
PY
most=$(awk '$1 == "most" { print $2 }' "$T/check")
within "processes in one part (the limit)" "$most" 1 40
expect "one run" "$(awk '$1 == "runs" { print $2 }' "$T/all")" 1
expect "each process once: the union of the parts" \
	"$(awk '$1 == "processes" { print $2 }' "$T/all")" \
	"$(awk '$1 == "union" { print $2 }' "$T/check")"
within "workers seen (150 started, each alive for 4 samples)" \
	"$(awk '$1 == "idle" { print $2 }' "$T/all")" 100 150
expect "the shell: one process over every part" \
	"$(awk '$1 == "shells" { print $2 }' "$T/all")" 1
expect "the shell's samples: those of every part" \
	"$(awk '$1 == "shell" { print $2 }' "$T/all")" \
	"$(awk '$1 == "shell" { print $2 }' "$T/check")"
finish
