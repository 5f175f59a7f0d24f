# libpsr as a user gets it: `meson install --destdir` a tree, then build
# samples/psrtop.c out of the source tree against it through pkg-config
# (shared, and static from libpsr.a), run it on the golden logs and compare
# its figures with psreport's --summary. The shared library exports the
# functions of the public headers and nothing else; psrec still links only
# libc and libzstd.
# Usage: libpsr.sh PSREC PSREPORT WORKLOAD BUILD_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
BUILD=$4
SRC=$5
GOLDEN=$SRC/tests/golden
CC=${CC:-cc}

meson install -C "$BUILD" --destdir "$T/dest" --no-rebuild --quiet >"$T/out" 2>&1 ||
	fail "meson install: $(tail -n 5 "$T/out")"
pc=$(find "$T/dest" -name psr.pc)
[ -n "$pc" ] || { fail "installs psr.pc: $(cd "$T/dest" && find . -type f)"; finish; }
export PKG_CONFIG_PATH="$(dirname "$pc")" PKG_CONFIG_SYSROOT_DIR="$T/dest"
expect "pkg-config version" "$(pkg-config --modversion psr)" \
	"$(sed -n "s/^ *version: '\([^']*\)'.*/\1/p" "$SRC/meson.build" | head -n 1)"
# pkgconf puts the sysroot before the variables too; pkg-config did not
under_dest() { case $1 in "$T/dest"/*) echo "$1" ;; *) echo "$T/dest$1" ;; esac; }
libdir=$(under_dest "$(pkg-config --variable=libdir psr)")
incdir=$(under_dest "$(pkg-config --variable=includedir psr)")
for h in analysis.h compare.h dist.h error.h flat.h log.h metric.h series.h \
	stats.h trend.h; do
	[ -f "$incdir/psr/$h" ] || fail "installs psr/$h"
done
# each installed header compiles alone against the installed tree (opt.h,
# the programs' option tables, is not one of them)
[ -e "$incdir/psr/opt.h" ] && fail "installs psr/opt.h"
for h in "$incdir"/psr/*.h; do
	printf '#include <psr/%s>\n' "$(basename "$h")" |
		${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -fsyntax-only -x c \
			$(pkg-config --cflags psr) - 2>"$T/hdr" ||
		fail "psr/$(basename "$h") alone: $(cat "$T/hdr")"
done
so="$libdir/libpsr.so"
[ -f "$libdir/libpsr.a" ] || fail "installs libpsr.a"
expect "soname" "$(readelf -d "$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')" "libpsr.so.0"

# exports: exactly the functions the installed headers declare
for h in "$incdir"/psr/*.h; do echo "#include <psr/$(basename "$h")>"; done |
	$CC -E -P -x c -I"$incdir" - | tr '\n' ' ' >"$T/headers"
# static inline functions are the headers' own, not the library's
grep -o 'static inline [^(;{}]*[^A-Za-z0-9_]psr_[a-z0-9_]*[[:space:]]*(' "$T/headers" |
	grep -o 'psr_[a-z0-9_]*[[:space:]]*($' | sed 's/[[:space:]]*($//' |
	sort -u >"$T/inline"
grep -o '[^A-Za-z0-9_]psr_[a-z0-9_]*[[:space:]]*(' "$T/headers" |
	sed 's/^.//; s/[[:space:]]*($//' | sort -u | comm -23 - "$T/inline" >"$T/declared"
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "D" || $2 == "B" || $2 == "R" { print $3 }' |
	sed 's/@.*//' | sort -u >"$T/exported"
n=$(wc -l <"$T/declared")
[ "$n" -gt 100 ] || fail "the headers declare $n functions"
if cmp -s "$T/declared" "$T/exported"; then
	ok "libpsr.so exports the $n functions the headers declare, nothing else"
else
	fail "exports differ from the headers' declarations: $(diff "$T/declared" "$T/exported" | grep '^[<>]' | tr '\n' ' ')"
fi
nm -D --defined-only "$so" | grep -qw -e psr_crc32 -e buf_reserve -e header_decode &&
	fail "libpsr.so exports internal helpers"

# psrec links only libc and libzstd (and the sanitizers' runtimes in a
# sanitized build)
needed=$(readelf -d "$PSREC" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p' |
	grep -v -e '^libasan\.' -e '^libubsan\.' | sort | tr '\n' ' ')
case "$needed" in
"libc.so.6 libzstd.so.1 " | "libc.so.6 " | "") ok "psrec needs only: $needed" ;;
*) fail "psrec needs $needed" ;;
esac

# the example, built out of tree like any user's program
cp "$SRC/samples/psrtop.c" "$T/"
cd "$T" || exit 1
# a sanitized libpsr needs its runtime in the program that links it
san=$(nm -D "$so" | grep -q ' U __asan_' && echo "-fsanitize=address,undefined")
$CC -std=gnu11 -Wall -Wextra -Werror $san -o psrtop psrtop.c \
	$(pkg-config --cflags --libs psr) 2>"$T/ccerr" ||
	fail "cc psrtop.c \$(pkg-config --cflags --libs psr): $(cat "$T/ccerr")"
$CC -std=gnu11 -Wall -Wextra -Werror $san -o psrtop-static psrtop.c \
	$(pkg-config --cflags psr) -L"$libdir" -Wl,-Bstatic -lpsr -Wl,-Bdynamic \
	$(pkg-config --static --libs-only-l psr | sed 's/-lpsr//') 2>"$T/ccerr" ||
	fail "cc psrtop.c libpsr.a: $(cat "$T/ccerr")"
readelf -d psrtop-static | grep -q 'libpsr' && fail "psrtop-static needs libpsr.so"
readelf -d psrtop | grep -q 'NEEDED.*libpsr.so.0' || fail "psrtop needs libpsr.so.0"

# the installed library, as the destdir tree has it
export LD_LIBRARY_PATH="$libdir"
ldd ./psrtop | grep -q "libpsr.so.0 => $libdir/" || fail "psrtop loads $libdir/libpsr.so.0: $(ldd ./psrtop)"

# what psrtop must print, from psreport --summary: per run, processes by
# CPU seconds (total of cpu_percent), with its mean and max and the max RSS
expected() {
	"$PSREPORT" --summary - "$@" | awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["kind"] != "process" { next }
	{ k = $col["run"] SUBSEP $col["pid"]; run[k] = $col["run"]; pid[k] = $col["pid"]
	  name[k] = $col["name"] }
	$col["metric"] == "cpu_percent" { cpu[k] = $col["total"]; avg[k] = $col["mean"]; mx[k] = $col["max"] }
	$col["metric"] == "rss_bytes" { rss[k] = $col["max"] }
	END { for (k in run) printf "%d %012.3f %d %s %.3f %.3f %.3f %.3f\n", run[k],
		1e6 - cpu[k], pid[k], name[k], cpu[k], avg[k], mx[k], rss[k] / 1048576 }' |
	sort -k1,1n -k2,2 -k3,3n | awk '{ print $3, $4, $5, $6, $7, $8 }'
}
for build in psrtop psrtop-static; do
	"./$build" "$GOLDEN/v1.psr" "$GOLDEN/v2.psr" >"$T/top" 2>"$T/toperr" ||
		fail "$build: $(cat "$T/toperr")"
	grep -v -e '^run on' -e 'PID' "$T/top" | awk '{ $1 = $1; print }' >"$T/got"
	expected "$GOLDEN/v1.psr" "$GOLDEN/v2.psr" >"$T/want"
	if [ -s "$T/want" ] && cmp -s "$T/got" "$T/want"; then
		ok "$build matches psreport --summary ($(wc -l <"$T/got") processes)"
	else
		fail "$build differs from psreport: $(diff "$T/want" "$T/got" | tr '\n' '|')"
	fi
	expect "$build runs" "$(grep -c '^run on vm' "$T/top")" 2
done
# a log that is not one: the library's message, exit 1
echo "not a log" >"$T/bad.psr"
./psrtop "$T/bad.psr" >/dev/null 2>"$T/err"
expect "psrtop on a non-log exits 1" "$?" 1
grep -q "cannot read '.*bad.psr': not a psrec log" "$T/err" ||
	fail "psrtop's message: $(cat "$T/err")"
finish
