# This project's own build, recorded as a user would: psrec -c -i 0.2 --
# (meson setup && ninja) of a copy of the source, psrec alone (-Dreport=
# disabled, ninja record/psrec: about 20 compilations, most of them
# shorter than the interval). Truth is /usr/bin/time's user + system of
# the build (wait4 of its shell). The tree's CPU time must be within 3%
# of it; with --no-children (one process recorded, the shell) the job's
# total psrec stored and the shell's CPU time too. The copy is built
# twice, from scratch each time. Usage: build_totals.sh PSREC PSREPORT
# WORKLOAD SRCDIR
. "$(dirname "$0")/lib.sh" "$@"
src=$4
[ -x /usr/bin/time ] || { echo "skip: no /usr/bin/time"; exit 77; }
command -v meson >/dev/null && command -v ninja >/dev/null ||
	{ echo "skip: no meson or ninja"; exit 77; }
mkdir "$T/proj"
# the sources only: no build directories, no git
tar -C "$src" --exclude='./build*' --exclude=./.git -cf - . |
	tar -x -C "$T/proj" || { fail "copy of the project"; finish; }

field() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
print(eval(sys.argv[2]))' "$T/$1.json" "$2"
}
close() {
	within "$1 (truth $3 s)" "$2" "$(awk -v t="$3" -v p="$4" 'BEGIN { print t * (1 - p / 100) }')" \
		"$(awk -v t="$3" -v p="$4" 'BEGIN { print t * (1 + p / 100) }')"
}
# build LOG PSREC-OPTIONS...: a fresh build of the copy under time, under
# psrec; sets $t to time's user + system
build() {
	log=$1; shift
	rm -rf "$T/proj/b"
	(cd "$T/proj" && "$PSREC" -q -i 0.2 -o "$T/$log.psr" "$@" -- \
		/usr/bin/time -f "%U %S" -o "$T/$log.time" sh -c \
		'meson setup -Dreport=disabled b >/dev/null && ninja -C b record/psrec >/dev/null')
	expect "the build under psrec $* succeeds" "$?" 0
	[ -x "$T/proj/b/record/psrec" ] || fail "no psrec built ($log)"
	"$PSREPORT" --json "$T/$log.json" "$T/$log.psr" >"$T/$log.txt" ||
		fail "psreport $log"
	t=$(awk '{ printf "%.2f", $1 + $2 }' "$T/$log.time")
	within "the build used CPU ($log)" "$t" 1 10000
}

build c -c
close "tree CPU time, -c" "$(field c 'r["trees"][0]["cpu_total_seconds"]')" "$t" 3
close "job total, -c" "$(field c 'r["job"]["cpu_seconds"]')" "$t" 3
within "compilers recorded one by one" \
	"$(field c 'len([p for p in r["processes"] if p["name"] in ("cc1", "cc", "ld")])')" 3 10000

build n --no-children
close "job total, --no-children" "$(field n 'r["job"]["cpu_seconds"]')" "$t" 3
close "the build's CPU time, --no-children" \
	"$(field n '[p for p in r["processes"] if p["launched"]][0]["cpu_total_seconds"]')" "$t" 3
expect "one process recorded, --no-children" "$(field n 'len(r["processes"])')" 1
finish
