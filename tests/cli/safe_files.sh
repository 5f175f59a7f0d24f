# psrec's own files in a directory others can write (issue 21, items 2, 4,
# 5 and 6): the textfile never replaces the log (same name, another
# spelling, its temporary name, a later part); a second psrec on the same
# log, or on the same textfile, is refused, --force or not; a FIFO or a hard link planted at the
# log's path (with --force), at a later part's path or at the textfile's
# temporary name neither hangs psrec nor is written through. Every psrec
# that could hang runs under timeout: a regression fails, it does not hang.
. "$(dirname "$0")/lib.sh" "$@"

D="$T/shared"
mkdir "$D"
start_workload idle
wl=$wl_pid

# guarded ARGS...: psrec ARGS, killed after 20 s; exit status in $rc
guarded() {
	timeout -s KILL 20 "$PSREC" -q -p "$wl" -i 0.05 "$@" \
		>"$T/stdout" 2>"$T/stderr"
	rc=$?
	[ "$rc" -eq 137 ] && fail "psrec $*: hung (killed after 20 s)"
	[ -s "$T/stdout" ] && fail "psrec $*: output on stdout"
}

# stderr_says TEXT: one line on stderr, holding TEXT
stderr_says() {
	expect "$1: one line on stderr" "$(wc -l <"$T/stderr")" 1
	grep -q -F -- "$1" "$T/stderr" || fail "stderr says '$1': $(cat "$T/stderr")"
}

# ---- item 2: the textfile is not the log, nor a part of it ----
collides() {
	desc=$1
	shift
	rm -f "$D"/*
	guarded -s 3 "$@"
	expect "$desc: exit 2" "$rc" 2
	stderr_says "would replace the log"
	expect "$desc: nothing created" "$(ls -A "$D")" ""
}
collides "the same path" -o "$D/a.psr" --textfile "$D/a.psr"
collides "another spelling" -o "$D/a.psr" --textfile "$T/shared/../shared/./a.psr"
collides "a later part" -o "$D/a.psr" --rotate-size 1K --textfile "$D/a.2.psr"
collides "a later part without .psr" -o "$D/a.log" --textfile "$D/a.log.7"
collides "the textfile's temporary name" -o "$D/.a.prom.tmp" --textfile "$D/a.prom"
collides "a later part at a temporary name" -o "$D/.a.prom.tmp.psr" \
	--textfile "$D/a.prom"
# a strftime -o is compared once expanded
collides "a % output" -o "$D/x%%.psr" --textfile "$D/x%.psr"
rm -f "$D"/*
guarded -s 3 -o "$D/a.psr" --textfile "$D/a.prom"
expect "different names: exit 0" "$rc" 0
"$PSREPORT" --info "$D/a.psr" >/dev/null || fail "different names: the log reads"
grep -q '^psrec_up' "$D/a.prom" || fail "different names: the textfile is written"
ls -A "$D" | grep -q 'tmp' && fail "a temporary file is left: $(ls -A "$D")"

# ---- item 4: one psrec per log, --force or not ----
rm -f "$D"/*
mkfifo "$T/ready"
"$PSREC" -q -p "$wl" -i 0.05 -o "$D/one.psr" --ready-fd 3 3>"$T/ready" \
	2>"$T/first.err" &
first=$!
bg_pids="$bg_pids $first"
# EOF: the first psrec took its first sample, so it holds the lock
cat "$T/ready" >/dev/null
guarded -s 2 --force -o "$D/one.psr"
expect "a second psrec with --force: exit 1" "$rc" 1
stderr_says "'$D/one.psr' is being written by another psrec"
guarded -s 2 --force -o "$T/shared/./one.psr"
expect "another spelling: exit 1" "$rc" 1
kill -TERM "$first"
wait "$first"
expect "the first psrec: exit 0" "$?" 0
"$PSREPORT" --csv "$T/one.csv" "$D/one.psr" >/dev/null 2>"$T/one.err" ||
	fail "the first psrec's log reads: $(cat "$T/one.err")"
guarded -s 2 --force -o "$D/one.psr"
expect "--force once the first is gone: exit 0" "$rc" 0

# ---- one psrec per textfile too: each write replaces the file whole,
# so a second one would replace the first one's series ----
rm -f "$D"/* "$T/ready"
mkfifo "$T/ready"
"$PSREC" -q -p "$wl" -i 0.05 --no-log --textfile "$D/t.prom" \
	--ready-fd 3 3>"$T/ready" 2>"$T/first.err" &
first=$!
bg_pids="$bg_pids $first"
cat "$T/ready" >/dev/null
guarded -s 2 --force -o "$D/two.psr" --textfile "$D/t.prom"
expect "a second psrec on the same textfile: exit 1" "$rc" 1
stderr_says "'$D/t.prom' is being written by another psrec"
expect "the second created no log" "$(ls "$D" | grep -c two)" 0
guarded -s 2 --no-log --textfile "$T/shared/./t.prom"
expect "another spelling of the textfile: exit 1" "$rc" 1
kill -TERM "$first"
wait "$first"
expect "the first psrec: exit 0" "$?" 0
expect "its lock file is gone with it" "$(ls -A "$D")" "t.prom"
guarded -s 2 --no-log --textfile "$D/t.prom"
expect "the textfile once the first is gone: exit 0" "$rc" 0
collides "the textfile's lock file" -o "$D/.t.prom.tmp.lock" \
	--textfile "$D/t.prom"

# ---- items 5 and 6: FIFOs and hard links planted at the paths ----
rm -f "$D"/*
mkfifo "$D/fifo.psr"
guarded -s 2 --force -o "$D/fifo.psr"
expect "a FIFO at -o with --force: exit 1" "$rc" 1
stderr_says "'$D/fifo.psr' is not a regular file"
[ -p "$D/fifo.psr" ] || fail "the FIFO is left as it was"

echo "someone else's file" >"$T/victim"
chmod 600 "$T/victim"
ln "$T/victim" "$D/link.psr"
guarded -s 2 --force -o "$D/link.psr"
expect "a hard link at -o with --force: exit 1" "$rc" 1
stderr_says "'$D/link.psr' has 2 hard links"
expect "the linked file is untouched" "$(cat "$T/victim")" "someone else's file"
expect "and keeps its mode" "$(stat -c %a "$T/victim")" 600

# the next part's name: psrec stops there with an error, the parts
# before stay readable
mkfifo "$D/rot.1.psr"
guarded -d 5 --rotate-time 0.1 --force -o "$D/rot.psr"
expect "a FIFO at the next part with --force: exit 1" "$rc" 1
grep -q -F "'$D/rot.1.psr' is not a regular file" "$T/stderr" ||
	fail "the next part's FIFO is named: $(cat "$T/stderr")"
"$PSREPORT" --info "$D/rot.psr" >/dev/null 2>&1 || fail "the first part reads"

ln "$T/victim" "$D/hl.1.psr"
guarded -d 5 --rotate-time 0.1 --force -o "$D/hl.psr"
expect "a hard link at the next part with --force: exit 1" "$rc" 1
expect "the file linked at the next part is untouched" "$(cat "$T/victim")" \
	"someone else's file"

# the textfile's old fixed temporary name, .NAME.tmp: a FIFO and a hard
# link there are never opened (temporary files are new, random names)
mkfifo "$D/.t.prom.tmp"
guarded -s 3 --textfile-every 0.05 --textfile "$D/t.prom" -o "$D/t.psr"
expect "a FIFO at the textfile's temporary name: exit 0" "$rc" 0
grep -q '^psrec_up' "$D/t.prom" || fail "the textfile is written past the FIFO"
rm "$D/.t.prom.tmp"
ln "$T/victim" "$D/.t.prom.tmp"
guarded -s 3 --force --textfile-every 0.05 --textfile "$D/t.prom" -o "$D/t.psr"
expect "a hard link at the textfile's temporary name: exit 0" "$rc" 0
expect "the file linked there is untouched" "$(cat "$T/victim")" \
	"someone else's file"
expect "and keeps its mode" "$(stat -c %a "$T/victim")" 600
expect "the textfile is 0644" "$(stat -c %a "$D/t.prom")" 644

[ "$failures" -eq 0 ]
