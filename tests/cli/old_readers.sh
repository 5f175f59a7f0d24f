# Readers of format 1 and 2 read a log of format 3 (cutime and cstime,
# ids 30 and 31, in the header's metric list and in every entry; END
# with wait4's figures; CLOSE with the job's) and get every value they
# know exactly as this tree's reader does. The old readers are the
# format libraries of four commits, taken from git history: the first
# (format 1), the last of format 1, of format 2 and of format 3 (which
# skips the EXIT records of format 4), each built
# here with tests/compat/olddump.c, which prints every record through the
# format-1 API. Skips (77) when the source is not a git checkout with
# that history. Usage: old_readers.sh PSREC PSREPORT WORKLOAD SRCDIR
#   OLDDUMP OLDDUMP32 (this tree's olddump: ids < 30, and all 32)
. "$(dirname "$0")/lib.sh" "$@"
src=$4 dump=$(abs "$5") dump32=$(abs "$6")
commits="ceebc9a 36a3b134 21b895b 7d8641d cc0f981"
for c in $commits; do
	git -C "$src" cat-file -e "$c^{commit}" 2>/dev/null || {
		echo "skip: no git history with commit $c in $src"
		exit 77
	}
done

# a shell that waits for CPU-bound children (its cutime grows), recorded
# with the default set and with -x (the metric list then has the
# extended ids between the format-2 ones and cutime, cstime); a child
# shell that sleeps, then execs the workload: a RENAME record (format 5)
job='"$0" cpu --duty 1 --duration 0.3; "$0" cpu --duty 1 --duration 0.3
sh -c "sleep 0.2; exec \"\$0\" idle --duration 0.2" "$0"; exit 3'
"$PSREC" -q -i 0.05 -o "$T/d.psr" -- sh -c "$job" "$WORKLOAD"
expect "psrec exits with the command's status" "$?" 3
"$PSREC" -q -x -i 0.05 -o "$T/x.psr" -- sh -c "$job" "$WORKLOAD"
"$PSREPORT" --info "$T/d.psr" >"$T/info" || fail "psreport --info"
grep -q "^format: *5 (reader needs 1)" "$T/info" || fail "format: $(grep format: "$T/info")"
grep -q "^renames: " "$T/info" || fail "no RENAME record in the log"
# as root with taskstats, the command's children that ended between two
# samples are EXIT records (format 4), which the old readers must skip
if grep -q "^exits: " "$T/info"; then
	ok "the log holds EXIT records: $(grep '^exits:' "$T/info")"
else
	echo "note: no exit accounting here (not root, or no taskstats)"
fi
grep -q "^metrics: .* cancelled_write_bytes cutime cstime$" "$T/info" ||
	fail "cutime and cstime listed last: $(grep metrics: "$T/info")"

# the new values are there, and grew: the shell waited for two children
# that spun (for 0.3 s each, on a CPU it may share)
"$dump32" "$T/d.psr" >"$T/d32" || fail "olddump32"
reaped=$(awk '$1 ~ /^[0-9]+$/ { for (i = 2; i <= NF; i++) if ($i ~ /^30=/) { split($i, a, "="); if (a[2] > m) m = a[2] } } END { print m + 0 }' "$T/d32")
within "the shell's cutime, ticks" "$reaped" 1 "$(($(getconf CLK_TCK) * 2))"

for c in $commits; do
	d="$T/src-$c"
	mkdir -p "$d"
	git -C "$src" archive "$c" format include | tar -x -C "$d" ||
		{ fail "git archive $c"; continue; }
	cc -std=gnu11 -O1 -w -I"$d/include" -I"$d/format" -o "$d/olddump" \
		"$d"/format/codec.c "$d"/format/error.c "$d"/format/header.c \
		"$d"/format/metric.c "$d"/format/reader.c \
		"$(dirname "$0")/../compat/olddump.c" -lzstd ||
		{ fail "build the reader of $c"; continue; }
	for log in d x; do
		"$d/olddump" "$T/$log.psr" >"$T/$c.$log" 2>"$T/$c.$log.err"
		expect "reader of $c reads the $log log" "$?" 0
		"$dump" "$T/$log.psr" >"$T/new.$log"
		if cmp -s "$T/$c.$log" "$T/new.$log"; then
			ok "reader of $c: every record and value as this tree's ($log)"
		else
			fail "reader of $c differs ($log): $(diff "$T/$c.$log" "$T/new.$log" | head -5)"
		fi
		expect "reader of $c: no warning ($log)" "$(grep -c '^W' "$T/$c.$log")" 0
		# not an empty comparison: samples, values, ENDs and CLOSE
		within "samples read by $c ($log)" "$(grep -c '^S' "$T/$c.$log")" 8 100000
		within "utime values read by $c ($log)" "$(grep -c ' 0=' "$T/$c.$log")" 8 100000
		expect "the command's exit status read by $c ($log)" \
			"$(awk '$1 == "E" && $4 == 768' "$T/$c.$log" | wc -l)" 1
		expect "CLOSE read by $c ($log)" "$(grep -c '^C ' "$T/$c.$log")" 1
	done
done
finish
