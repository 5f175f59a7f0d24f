# lib.sh - the set-up the report benchmarks share, sourced from the
# project root: install what is missing (the packages in $bench_deps too),
# build release into build-bench/, name the programs, make a scratch
# directory $T removed at exit.
. tests/deps.sh
psr_install_deps ${bench_deps:-} || exit 1
build=build-bench
[ -f "$build/build.ninja" ] || meson setup "$build" -Dbuildtype=release >/dev/null || exit 1
ninja -C "$build" >/dev/null || exit 1
SYNTH=$build/tests/psr-synth
PSREPORT=$build/report/psreport
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
