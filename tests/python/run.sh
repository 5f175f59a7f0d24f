#!/bin/sh
# run.sh PSREC PSREPORT WORKLOAD LIBPSR SOURCE_DIR [CORPUS_DIR...]: the psr
# Python module's tests (test_psr.py) with Debian's python3 and its pandas
# and numpy (tests/deps.sh), over the libpsr and psrec of this build.
# A sanitized libpsr needs the sanitizers' runtimes loaded first into an
# interpreter that was not built with them: LD_PRELOAD, and no leak check
# (the interpreter keeps its objects to the end by design).
set -u
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no $PY: skipped"; exit 77; }
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
export PSR_PSREC="$(abs "$1")" PSREPORT="$(abs "$2")" WORKLOAD="$(abs "$3")"
export PSR_LIBPSR="$(abs "$4")"
src=$5
shift 5
export GOLDEN="$src/tests/golden" MORE_LOGS="$src/samples/recorded/mix.psr"
export CORPUS="$(echo "$@" | tr ' ' ':')"
export PYTHONPATH="$src/report/python" PYTHONDONTWRITEBYTECODE=1 TZ=UTC LC_ALL=C
if nm -D "$PSR_LIBPSR" | grep -q ' U __asan_init'; then
	cc=${CC:-cc}
	export LD_PRELOAD="$($cc -print-file-name=libasan.so) $($cc -print-file-name=libubsan.so)"
	export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:halt_on_error=1"
fi
exec "$PY" "$src/tests/python/test_psr.py" -v
