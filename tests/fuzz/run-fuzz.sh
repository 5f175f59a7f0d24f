#!/bin/sh
# run-fuzz.sh - build and run the libFuzzer targets (by hand, not part of
# the suite; the suite replays the committed corpus, see meson.build).
#
#   sh tests/fuzz/run-fuzz.sh build                  build every target
#   sh tests/fuzz/run-fuzz.sh run TARGET [SECONDS]   fuzz one (default 1800 s)
#   sh tests/fuzz/run-fuzz.sh merge TARGET           minimise its corpus into
#                                                    tests/fuzz/corpus/TARGET
#                                                    (edges only: kept small)
#   sh tests/fuzz/run-fuzz.sh cov TARGET             edges and lines the corpus
#                                                    reaches
#
# Targets: reader (a whole log file), blocks (record streams wrapped in
# valid blocks), stat, statm, io, status, smaps (the /proc parsers).
# Inputs: tests/fuzz/seeds/TARGET (made by hand: real logs cut, flipped,
# with huge sizes..., see make-seeds.py; fixture /proc texts), the merged
# corpus and the crashers. Binaries, the working corpus and new crashers
# go to build-fuzz/. Installs
# clang and its runtime when missing (Debian 12: clang-14,
# libclang-rt-14-dev). A crasher found lands in build-fuzz/artifacts/TARGET;
# once fixed, copy it into tests/fuzz/crashers/TARGET so the suite replays
# it for good (a merge may drop it from the corpus).
set -u
cd "$(dirname "$0")/../.." || exit 1
. tests/deps.sh
psr_install_deps clang libclang-rt-14-dev || exit 1

B=build-fuzz
TARGETS="reader blocks stat statm io status smaps"
CORPUS=tests/fuzz/corpus
CC=${CC:-clang}
# the libraries are instrumented for coverage, the targets link libFuzzer
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=gnu11 -g -O1 -Wall -Wextra -Iinclude $SAN"

build() {
	mkdir -p "$B/obj" || exit 1
	objs=""
	for src in format/codec.c format/error.c format/header.c \
		format/metric.c format/reader.c format/writer.c record/procfs.c; do
		o="$B/obj/$(basename "$src" .c).o"
		$CC $CFLAGS -fsanitize=fuzzer-no-link -c "$src" -o "$o" || exit 1
		objs="$objs $o"
	done
	zstd=$(pkg-config --libs libzstd)
	link() { # link NAME SOURCE [CFLAGS...]
		name=$1 src=$2
		shift 2
		$CC $CFLAGS -fsanitize=fuzzer "$@" "$src" $objs $zstd \
			-o "$B/fuzz_$name" || exit 1
	}
	link reader tests/fuzz/fuzz_reader.c
	link blocks tests/fuzz/fuzz_blocks.c
	for p in stat statm io status smaps; do
		P=$(echo "$p" | tr a-z A-Z)
		link "$p" tests/fuzz/fuzz_procfs.c "-DPARSER_$P"
	done
}

check_target() {
	case " $TARGETS " in
	*" $1 "*) ;;
	*) echo "run-fuzz.sh: unknown target '$1' (one of: $TARGETS)" >&2; exit 2 ;;
	esac
}

dict_for() {
	case $1 in
	reader | blocks) echo "-dict=tests/fuzz/log.dict" ;;
	*) echo "-dict=tests/fuzz/proc.dict" ;;
	esac
}

run() {
	t=$1 secs=${2:-1800}
	work=$B/corpus/$t
	mkdir -p "$work" "$B/artifacts/$t" || exit 1
	# -rss_limit_mb and -timeout: unbounded memory and hangs are bugs too
	"$B/fuzz_$t" "$work" "$CORPUS/$t" tests/fuzz/seeds/$t $(dict_for "$t") \
		-max_total_time="$secs" -rss_limit_mb=512 -timeout=10 \
		-max_len=65536 -print_final_stats=1 \
		-artifact_prefix="$B/artifacts/$t/"
}

merge() {
	t=$1
	new=$B/merged/$t
	rm -rf "$new" && mkdir -p "$new" || exit 1
	mkdir -p "$B/corpus/$t"
	# edges only (no hit counts) and inputs up to 16 KiB: the committed
	# corpus stays small, the full one stays in build-fuzz/corpus
	"$B/fuzz_$t" -merge=1 -use_counters=0 -max_len=16384 \
		-rss_limit_mb=512 -timeout=10 "$new" \
		"$CORPUS/$t" "$B/corpus/$t" || exit 1
	rm -rf "$CORPUS/$t" && mkdir -p "$CORPUS/$t" && cp "$new"/* "$CORPUS/$t/"
	echo "$CORPUS/$t: $(ls "$CORPUS/$t" | wc -l) files, $(du -sh "$CORPUS/$t" | cut -f1)"
}

cov() {
	# libFuzzer's count of edges the corpus reaches...
	t=$1
	inputs="$CORPUS/$t tests/fuzz/seeds/$t"
	[ -d "tests/fuzz/crashers/$t" ] && inputs="$inputs tests/fuzz/crashers/$t"
	"$B/fuzz_$t" -runs=0 -rss_limit_mb=512 $inputs 2>&1 |
		grep -E "DONE" | tail -n 1
	# ...and source lines, replaying it with clang's coverage mapping
	c=$B/cov
	mkdir -p "$c" || exit 1
	flags="-std=gnu11 -O0 -Iinclude -fprofile-instr-generate -fcoverage-mapping"
	case $t in
	reader) src=tests/fuzz/fuzz_reader.c file=format/reader.c ;;
	blocks) src=tests/fuzz/fuzz_blocks.c file=format/reader.c ;;
	*) src=tests/fuzz/fuzz_procfs.c file=record/procfs.c
	   flags="$flags -DPARSER_$(echo "$t" | tr a-z A-Z)" ;;
	esac
	$CC $flags "$src" tests/fuzz/replay.c format/codec.c format/error.c \
		format/header.c format/metric.c format/reader.c format/writer.c \
		record/procfs.c $(pkg-config --libs libzstd) -o "$c/$t" || exit 1
	LLVM_PROFILE_FILE="$c/$t.profraw" "$c/$t" $inputs >/dev/null || exit 1
	llvm-profdata-14 merge -o "$c/$t.profdata" "$c/$t.profraw" || exit 1
	case $t in
	reader | blocks)
		llvm-cov-14 report "$c/$t" -instr-profile="$c/$t.profdata" \
			format/reader.c format/header.c format/codec.c | tail -n 1 ;;
	*)
		fn=procfs_parse_$t
		[ "$t" = smaps ] && fn=procfs_parse_smaps
		llvm-cov-14 report --show-functions "$c/$t" \
			-instr-profile="$c/$t.profdata" record/procfs.c |
			grep -E "^Name|^$fn |parse_num |parse_keyed |skip_field |copy_line " ;;
	esac
}

case ${1:-} in
build) build ;;
run) check_target "${2:-}"; [ -x "$B/fuzz_$2" ] || build; run "$2" "${3:-}" ;;
merge) check_target "${2:-}"; merge "$2" ;;
cov) check_target "${2:-}"; cov "$2" ;;
*) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
