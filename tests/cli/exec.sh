# A process that execs (issue 21): psrec sees its comm change in the
# stat it reads anyway, reads its command line again and writes a RENAME
# record (format 5); psreport names the process as it was last seen in
# text, JSON (with its earlier names under "exec"), CSV rows (the name at
# each sample), --by command and --name. A shell launched by psrec and a
# shell it starts both sleep, then exec the workload.
. "$(dirname "$0")/lib.sh" "$@"
printf 'sleep 0.3; exec "$1" idle --duration 0.6\n' >"$T/child.sh"
job='sh "$1" "$0" & sleep 0.3; exec "$0" cpu --duty 1 --duration 0.5'
"$PSREC" -q -c -i 0.05 -o "$T/e.psr" -- sh -c "$job" "$WORKLOAD" \
	"$T/child.sh" || fail "psrec: exit $?"
"$PSREPORT" --info "$T/e.psr" >"$T/info" || fail "--info: exit $?"
grep -q "^format: *5 (reader needs 1)" "$T/info" ||
	fail "format: $(grep format: "$T/info")"
renames=$(awk '$1 == "renames:" { print $2 }' "$T/info")
within "RENAME records (the two shells, maybe sleeps seen before exec)" \
	"${renames:-0}" 2 10
# its process list: the latest command line, and the first comm
expect "--info lists them under their exec" \
	"$(grep -c "psr-workload \(cpu\|idle\) .* (exec'd; first sh)$" "$T/info")" 2

"$PSREPORT" --json "$T/e.json" --csv "$T/e.csv" "$T/e.psr" >"$T/e.txt" ||
	fail "psreport: exit $?"
python3 - "$T/e.json" <<'PY' >"$T/check" || fail "the JSON"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
procs = {p["cmdline"][1] if len(p["cmdline"]) > 1 else p["name"]: p
         for p in run["processes"] if p["name"] == "psr-workload"}
for mode in ("cpu", "idle"):
    p = procs.get(mode)
    if p is None:
        print(mode, "missing", [(q["name"], q["cmdline"]) for q in run["processes"]])
        continue
    ex = p.get("exec") or []
    print(mode, "named", p["name"], "exec", ",".join(e["name"] for e in ex),
          "first_args", ex[0]["cmdline"][0] if ex else "-",
          "until_in_life", ex and p["first_sample"] <= ex[0]["until"] <= p["last_sample"])
print("sh left", sum(1 for p in run["processes"] if p["name"] == "sh"))
PY
expect "the launched shell: named by its exec" "$(grep '^cpu ' "$T/check")" \
	"cpu named psr-workload exec sh first_args sh until_in_life True"
expect "its child shell: named by its exec" "$(grep '^idle ' "$T/check")" \
	"idle named psr-workload exec sh first_args sh until_in_life True"
expect "no process left named sh" "$(grep '^sh left' "$T/check")" "sh left 0"

# text: both under the new name, none as sh
expect "text rows named psr-workload" \
	"$(awk '$2 == "psr-workload"' "$T/e.txt" | wc -l)" 2
expect "text rows named sh" "$(awk '$1 ~ /^[0-9]+$/ && $2 == "sh"' "$T/e.txt" | wc -l)" 0
# CSV rows carry the name at each sample: the launched pid is sh first,
# psr-workload at its last rows
c=$(csv_col "$T/e.csv" name) p=$(csv_col "$T/e.csv" pid)
pid=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]; print([p["pid"] for p in r["processes"] if p.get("exec") and p["cmdline"][1] == "cpu"][0])' "$T/e.json")
names=$(awk -F, -v c="$c" -v p="$p" -v pid="$pid" 'NR > 1 && $p == pid && $1 != "avg" { if ($c != last) printf "%s ", $c; last = $c }' "$T/e.csv")
expect "CSV names of the launched process over time" "$names" "sh psr-workload "

# --by command groups them under the new name; --name finds them by it
"$PSREPORT" --by command --json "$T/g.json" "$T/e.psr" >/dev/null ||
	fail "--by command: exit $?"
expect "--by command: the psr-workload group" "$(python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["runs"][0]["groups"]["groups"]
print([x["processes"] for x in g if x["key"] == "psr-workload"], [x["key"] for x in g if x["key"] == "sh"])' "$T/g.json")" "[2] []"
"$PSREPORT" --name psr-workload --json "$T/n.json" "$T/e.psr" >/dev/null ||
	fail "--name: exit $?"
expect "--name psr-workload selects both" "$(python3 -c '
import json, sys
print(len(json.load(open(sys.argv[1]))["runs"][0]["processes"]))' "$T/n.json")" 2
finish
