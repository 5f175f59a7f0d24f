# The recorded RSS of the growing-memory workload grows at its rate (±5%).
. "$(dirname "$0")/lib.sh" "$@"

rate=$((20 * 1024 * 1024))
"$PSREC" -q -o "$T/g.psr" -i 0.1 -- "$WORKLOAD" grow --rate "$rate" --duration 3 ||
	fail "psrec exit $?"
"$PSREPORT" --csv "$T/g.csv" "$T/g.psr" || fail "psreport"
tcol=$(csv_col "$T/g.csv" t)
rcol=$(csv_col "$T/g.csv" rss_bytes)
# least-squares slope of rss over t, away from the start and the end
slope=$(awk -F, -v t="$tcol" -v r="$rcol" '
	NR > 1 && $1 != "avg" && $t >= 0.5 && $t <= 2.5 && $r != "" {
		n++; sx += $t; sy += $r; sxx += $t * $t; sxy += $t * $r }
	END { if (n > 2) printf "%.0f", (n * sxy - sx * sy) / (n * sxx - sx * sx) }' "$T/g.csv")
within "RSS growth rate (bytes/s)" "${slope:-0}" $((rate * 95 / 100)) $((rate * 105 / 100))
finish
