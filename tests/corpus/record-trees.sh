#!/bin/sh
# record-trees.sh - re-record the process-tree part of the corpus
# (tests/corpus/trees/): real jobs launched by psrec, each under
# /usr/bin/time, whose user + system time is the truth the exact totals
# are checked against (tests/cli/corpus_trees.sh, README "Totals of a
# tree"). Each recording NAME gives NAME.psr and NAME.time (time's
# "user system" line). By hand, from the project root, after a build:
#
#   sh tests/corpus/record-trees.sh [BUILD_DIR]    (default: build)
#
# About 3 minutes on a 2-core VM, most of it the two builds.
set -u
cd "$(dirname "$0")/../.." || exit 1
build=${1:-build}
PSREC=$PWD/$build/record/psrec
WL=$PWD/$build/samples/psr-workload
out=$PWD/tests/corpus/trees
[ -x "$PSREC" ] && [ -x "$WL" ] || { echo "build first: $build/record/psrec" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$out"

# rec NAME DIR PSREC-OPTIONS... -- COMMAND...: NAME.psr and NAME.time
rec() {
	name=$1 dir=$2
	shift 2
	rm -f "$out/$name.psr"
	echo "recording $name" >&2
	(cd "$dir" && "$PSREC" -q -o "$out/$name.psr" "$@") || echo "$name: exit $?" >&2
	tail -n 1 "$T/time" >"$out/$name.time"
}

# 500 children of about 5 ms each, far shorter than the interval, and
# three CPU-bound ones
short='i=0
while [ $i -lt 500 ]; do "$0" cpu --duty 1 --duration 0.005; i=$((i + 1)); done &
for k in 1 2 3; do "$0" cpu --duty 1 --duration 1.5 & done
wait'
rec short-children "$T" -i 0.5 -- /usr/bin/time -f "%U %S" -o "$T/time" sh -c "$short" "$WL"
rec short-children-no-children "$T" -i 0.5 --no-children -- /usr/bin/time -f "%U %S" -o "$T/time" sh -c "$short" "$WL"

# issue 16's second case: a shell that runs three short Python jobs
py='for i in 1 2 3; do python3 -c "sum(range(3*10**7))"; done'
rec python-loop "$T" -- /usr/bin/time -f "%U %S" -o "$T/time" sh -c "$py"
rec python-loop-no-children "$T" --no-children -- /usr/bin/time -f "%U %S" -o "$T/time" sh -c "$py"

# this project's build (meson setup + ninja, everything), -c at 0.2 s as
# in issue 16, and with --no-children; a copy of the sources, built anew
mkdir "$T/proj"
tar --exclude='./build*' --exclude=./.git -cf - . | tar -x -C "$T/proj"
b='meson setup b >/dev/null && ninja -C b >/dev/null'
rec build-c "$T/proj" -c -i 0.2 -- /usr/bin/time -f "%U %S" -o "$T/time" sh -c "$b"
rm -rf "$T/proj/b"
rec build-no-children "$T/proj" -i 0.2 --no-children -- /usr/bin/time -f "%U %S" -o "$T/time" sh -c "$b"
ls -l "$out" >&2
