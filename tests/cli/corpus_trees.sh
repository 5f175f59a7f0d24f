# The process-tree recordings of the corpus (tests/corpus/trees/, made by
# tests/corpus/record-trees.sh on real jobs): psreport's exact CPU time of
# the command's tree (of the command alone with --no-children) and the
# job's total psrec stored are within 3% of /usr/bin/time's user + system
# (2% for the job of 500 short children); a recording with --no-children
# says its CPU was in children not recorded one by one. Prints the table
# of README "Totals of a tree". Usage: corpus_trees.sh PSREC PSREPORT
# WORKLOAD CORPUS_DIR
. "$(dirname "$0")/lib.sh" "$@"
dir=$4
n=0
printf '| recording | truth: time user+sys | tree CPU time | job total |\n'
for log in "$dir"/*.psr; do
	name=$(basename "$log" .psr)
	n=$((n + 1))
	"$PSREPORT" --json "$T/$name.json" "$log" >/dev/null 2>"$T/$name.err" ||
		{ fail "$name: psreport"; continue; }
	expect "$name: read without a warning" "$(cat "$T/$name.err")" ""
	truth=$(awk '{ printf "%.2f", $1 + $2 }' "$dir/$name.time")
	set -- $(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
cmd = [p for p in r["processes"] if p["launched"]][0]
tree = [t for t in r["trees"] if t["pid"] == cmd["pid"]]
print((tree[0] if tree else cmd)["cpu_total_seconds"], r["job"]["cpu_seconds"],
      len(r["notes"]), sum("not recorded one by one" in s for s in r["notes"]))' "$T/$name.json")
	pct=3
	case $name in short-children*) pct=2 ;; esac
	lo=$(awk -v t="$truth" -v p="$pct" 'BEGIN { print t * (1 - p / 100) }')
	hi=$(awk -v t="$truth" -v p="$pct" 'BEGIN { print t * (1 + p / 100) }')
	within "$name: CPU time of the command's tree (truth $truth s)" "$1" "$lo" "$hi"
	within "$name: the job's total (truth $truth s)" "$2" "$lo" "$hi"
	case $name in
	*-no-children) expect "$name: says the CPU was in children not followed" "$4" 1 ;;
	esac
	printf '| %s | %.2f s | %.2f s (%+.1f%%) | %.2f s (%+.1f%%) |\n' "$name" "$truth" \
		"$1" "$(awk -v a="$1" -v t="$truth" 'BEGIN { print (a / t - 1) * 100 }')" \
		"$2" "$(awk -v a="$2" -v t="$truth" 'BEGIN { print (a / t - 1) * 100 }')"
done
within "recordings in the corpus" "$n" 6 1000
finish
