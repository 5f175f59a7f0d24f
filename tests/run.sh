#!/bin/sh
# Install what is missing, build with address and undefined-behaviour
# sanitizers into build-san/, run every test, and end with the line
# "N passed, N failed". Exit 0 only when nothing failed.
set -u
cd "$(dirname "$0")/.." || exit 1
. tests/deps.sh
psr_install_deps valgrind time || exit 1

build=build-san
if [ -f "$build/build.ninja" ]; then
	meson setup --reconfigure "$build" >/dev/null || exit 1
else
	meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false \
		-Dbuildtype=debug >/dev/null || exit 1
fi
ninja -C "$build" || exit 1

# any sanitizer report fails the test that triggered it
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
log="$build/meson-logs/testlog.json"

# valgrind memcheck, on a build without sanitizers (they exclude each
# other): the recorder and the reader once, zero errors, no leaks
vg=build-valgrind
if [ $# -eq 0 ] && command -v valgrind >/dev/null; then
	if [ ! -f "$vg/build.ninja" ]; then
		meson setup "$vg" -Dbuildtype=debug >/dev/null || exit 1
	fi
	ninja -C "$vg" >/dev/null || exit 1
	meson test -C "$vg" --suite valgrind --print-errorlogs
	log="$log $vg/meson-logs/testlog.json"
fi

count() { cat $log 2>/dev/null | grep -c "$1"; }
passed=$(count '"result": "OK"')
total=$(count '"result": ')
skipped=$(count '"result": "SKIP"')
failed=$((total - passed - skipped))
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
