# Every bad value given to psrec: one line on stderr naming the option or
# the file, exit 2 for a usage error and 1 for a runtime one (psrec.1),
# nothing on stdout, and no log left behind.
. "$(dirname "$0")/lib.sh" "$@"

# bad DESC CODE TEXT ARGS...: psrec ARGS fails with CODE, saying TEXT
bad() {
	desc=$1 code=$2 text=$3
	shift 3
	rm -f "$T/out.psr"
	"$PSREC" "$@" </dev/null >"$T/stdout" 2>"$T/stderr"
	expect "$desc: exit code" "$?" "$code"
	expect "$desc: one line on stderr" "$(wc -l <"$T/stderr")" 1
	grep -q -F -- "$text" "$T/stderr" ||
		fail "$desc: stderr names '$text': $(cat "$T/stderr")"
	grep -q '^psrec: ' "$T/stderr" || fail "$desc: message starts with 'psrec: '"
	[ -s "$T/stdout" ] && fail "$desc: output on stdout"
	[ -e "$T/out.psr" ] && fail "$desc: a log was left"
}

start_workload idle
p=$wl_pid
o="-o $T/out.psr"

# usage errors: exit 2
bad "negative interval" 2 "--interval" -p "$p" -i -1 $o
bad "zero interval" 2 "--interval" -p "$p" -i 0 $o
bad "interval below 0.01" 2 "--interval" -p "$p" -i 0.001 $o
bad "interval not a number" 2 "--interval" -p "$p" -i abc $o
bad "interval with junk" 2 "--interval" -p "$p" -i 1s $o
bad "interval in hexadecimal" 2 "--interval: '0x10'" -p "$p" -s 1 -i 0x10 $o
bad "interval infinite" 2 "--interval: 'inf'" -p "$p" -s 1 -i inf $o
bad "interval with a leading blank" 2 "--interval" -p "$p" -s 1 -i " 1" $o
bad "rotate-time not a number" 2 "--rotate-time: 'nan'" -p "$p" -s 1 --rotate-time nan $o
bad "empty output name" 2 "--output: ''" -p "$p" -s 1 -o ""
bad "duration 0" 2 "--duration" -p "$p" -d 0 $o
bad "negative duration" 2 "--duration" -p "$p" -d -5 $o
bad "samples 0" 2 "--samples" -p "$p" -s 0 $o
bad "negative samples" 2 "--samples" -p "$p" -s -1 $o
bad "flush 0" 2 "--flush" -p "$p" --flush 0 $o
bad "level out of range" 2 "--level" -p "$p" --level 99 $o
bad "pid not a number" 2 "--pid" -p "1x" $o
bad "negative pid" 2 "--pid" -p "-3" $o
bad "empty name" 2 "--name" -n "" $o
bad "unknown long option" 2 "--bogus" --bogus -p "$p" $o
bad "ready-fd not open" 2 "--ready-fd" -p "$p" --ready-fd 97 $o
bad "ready-fd not a number" 2 "--ready-fd" -p "$p" --ready-fd x $o
bad "unknown short option" 2 "'-z'" -z -p "$p" $o
bad "missing value (short)" 2 "'-i' needs a value" -p "$p" $o -i
bad "missing value (long)" 2 "'--duration' needs a value" -p "$p" $o --duration
bad "no target" 2 "no target" $o
bad "duration with samples" 2 "--duration and --samples" -p "$p" -d 1 -s 2 $o
bad "stray argument" 2 "'stray'" -p "$p" $o stray
bad "--no-children without a command" 2 "--no-children goes with -- <command>" \
	-p "$p" --no-children $o
bad "-c with --no-children" 2 "-c and --no-children exclude each other" \
	-c --no-children $o -- true

# runtime errors: exit 1
bad "no such process" 1 "no process 999999999" -p 999999999 -s 1 $o
bad "no such name" 1 "no process named 'no-such-name-here'" \
	-n no-such-name-here -s 1 $o
bad "missing output directory" 1 "'$T/none/x.psr'" -p "$p" -s 1 -o "$T/none/x.psr"
mkdir "$T/dir"
bad "a directory as output" 1 "'$T/dir' is a directory" -p "$p" -s 1 -o "$T/dir"
bad "a directory as output, --force" 1 "'$T/dir' is a directory" \
	-p "$p" -s 1 --force -o "$T/dir"
echo keep >"$T/exists.psr"
bad "existing output" 1 "'$T/exists.psr' exists (use --force" \
	-p "$p" -s 1 -o "$T/exists.psr"
expect "existing output untouched" "$(cat "$T/exists.psr")" keep
bad "missing proc root" 1 "'$T/noproc'" -p "$p" -s 1 --proc-root "$T/noproc" $o
bad "command not found" 127 "'$T/no-such-command'" -s 1 $o -- "$T/no-such-command"

# an unwritable directory: permission checks do not apply to root, so
# run psrec as nobody there
mkdir "$T/ro"
chmod 555 "$T/ro"
chmod 755 "$T"
if [ "$(id -u)" -eq 0 ]; then
	as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	as_user() { "$@"; }
fi
as_user "$PSREC" -p "$p" -s 1 -o "$T/ro/x.psr" >"$T/stdout" 2>"$T/stderr"
expect "unwritable directory: exit code" "$?" 1
expect "unwritable directory: one line" "$(wc -l <"$T/stderr")" 1
grep -q -F "cannot create '$T/ro/x.psr': Permission denied" "$T/stderr" ||
	fail "unwritable directory: $(cat "$T/stderr")"

# and the documented good cases still work
"$PSREC" -q -p "$p" -s 1 -i 0.01 -o "$T/good.psr" 2>"$T/stderr"
expect "a good run" "$?" 0
expect "a good run is silent with -q" "$(wc -c <"$T/stderr")" 0
"$PSREC" -q -p "$p" -s 1 -i 0.01 --force -o "$T/exists.psr"
expect "--force overwrites" "$?" 0
"$PSREC" --help >"$T/stdout" 2>"$T/stderr"
expect "--help exits 0" "$?" 0
expect "--help writes to stdout only" "$(wc -c <"$T/stderr")" 0
grep -q '^usage: psrec' "$T/stdout" || fail "--help prints the usage"
stop_workload "$p"
finish
