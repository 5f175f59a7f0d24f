# The recorder and the reader under valgrind memcheck: zero errors and no
# definite or indirect leaks, on a whole run of psrec (a launched command
# and an attached pid, -x --uss, --textfile both ways), psreport --info and --csv on its log,
# and psreport on a cut and a damaged log (the reader's error paths).
# Runs on a build without sanitizers (they exclude valgrind): tests/run.sh
# builds build-valgrind/ for it.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
HOSTILE=$4
if ! command -v valgrind >/dev/null; then
	echo "valgrind is not installed: skipped"
	exit 77
fi
VG="valgrind -q --error-exitcode=99 --leak-check=full
	--errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect --track-fds=no"

# vg DESC EXPECTED_EXIT CMD...: no valgrind report, the expected exit
vg() {
	desc=$1 want=$2
	shift 2
	$VG --log-file="$T/vg.log" "$@" >"$T/out" 2>"$T/err"
	expect "$desc: exit status under valgrind" "$?" "$want"
	if [ -s "$T/vg.log" ]; then
		fail "$desc: valgrind says:"
		sed 's/^/    /' "$T/vg.log" | head -40 >&2
	else
		ok "$desc: no valgrind report"
	fi
}

vg "psrec with a command" 0 "$PSREC" -q -x --uss -i 0.05 -o "$T/c.psr" \
	-- "$WORKLOAD" grow --rate 10000000 --duration 0.5
start_workload idle
vg "psrec on a pid" 0 "$PSREC" -q -x -i 0.05 -s 4 -o "$T/p.psr" -p "$wl_pid"
vg "psrec --textfile per process" 0 "$PSREC" -q -c -i 0.05 -s 4 -o "$T/t.psr" \
	--textfile "$T/p.prom" --textfile-every 0.05 -p "$wl_pid"
vg "psrec --textfile-by target --no-log" 0 "$PSREC" -q -i 0.05 -s 4 \
	--textfile "$T/t.prom" --textfile-by target --no-log -p "$wl_pid"
grep -q '^psrec_up{.*} 0$' "$T/t.prom" || fail "--textfile under valgrind: no file"
vg "psrec with a bad option" 2 "$PSREC" -i 0 -p "$wl_pid"
vg "psrec on an existing output" 1 "$PSREC" -s 1 -p "$wl_pid" -o "$T/p.psr"
stop_workload "$wl_pid"

vg "psreport --info" 0 "$PSREPORT" --info "$T/c.psr"
vg "psreport --csv" 0 "$PSREPORT" --csv "$T/c.csv" "$T/c.psr" "$T/p.psr"
size=$(wc -c <"$T/c.psr")
head -c $((size * 2 / 3)) "$T/c.psr" >"$T/cut.psr"
vg "psreport on a cut log" 0 "$PSREPORT" --info "$T/cut.psr"
cp "$T/c.psr" "$T/flip.psr"
printf '\377' | dd of="$T/flip.psr" bs=1 seek=$((size - 20)) conv=notrunc 2>/dev/null
vg "psreport on a damaged log" 0 "$PSREPORT" --csv - "$T/flip.psr"
head -c 40 "$T/c.psr" >"$T/head.psr"
vg "psreport on a cut header" 1 "$PSREPORT" --info "$T/head.psr"
"$HOSTILE" --write-odd "$T/odd.psr"
vg "psreport on odd names" 0 "$PSREPORT" --info "$T/odd.psr"
finish
