#!/bin/sh
# sweep-verdicts.sh - the smallest leak psreport calls a leak, by run
# length: the C leaker (leak.c) at several rates side by side for
# <seconds> (default 600), each recorded at 1 s, then psreport's verdict
# on the first 2, 5 and 10 minutes of each (--to). Prints a Markdown
# table (README "What a verdict means"). Takes <seconds> plus a little.
# usage: sh tests/corpus/sweep-verdicts.sh [<seconds> [<KiB/s>...]]
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
psrec=$top/build/record/psrec psreport=$top/build/report/psreport
secs=${1:-600}
[ $# -gt 0 ] && shift
rates=${*:-2 4 8 16 32 64}
T=$(mktemp -d /tmp/psr-sweep.XXXXXX)
trap 'rm -rf "$T"' EXIT INT TERM
gcc -O2 -o "$T/leak" "$here/leak.c" -lm || exit 1
for r in $rates; do
	"$psrec" -q -i 1 -o "$T/$r.psr" -- "$T/leak" "$r" "$secs" &
done
wait
cuts="150 300 600"
printf '| leak rate |'; for c in $cuts; do [ "$c" -le "$secs" ] && printf ' first %s |' "$(($c / 60))m$(($c % 60))s" | sed 's/m0s/ min/'; done; echo
printf '|---|'; for c in $cuts; do [ "$c" -le "$secs" ] && printf -- '---|'; done; echo
for r in $rates; do
	printf '| %s KiB/s |' "$r"
	for c in $cuts; do
		[ "$c" -le "$secs" ] || continue
		"$psreport" --to "+$c" --json "$T/j.json" --force "$T/$r.psr" >/dev/null
		python3 - "$T/j.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["runs"][0]["processes"][0]
t = p["metrics"]["rss_bytes"]["trend"]
why = " (%s)" % t["gate"] if t["gate"] else ""
print(" %s, grew %.1f MiB%s |" % (t["verdict"], t["grown"] / 2**20, why), end="")
PY
	done
	echo
done
