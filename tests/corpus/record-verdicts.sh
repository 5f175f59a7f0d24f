#!/bin/sh
# record-verdicts.sh - re-record the corpus of real recordings that the
# leak verdicts are judged on (tests/cli/corpus.sh, README "What a verdict
# means"): healthy programs whose memory moves the ways real memory moves
# (buffers that fill, caches, GC sawtooths, plateaus), and real leaks.
# Each NAME.psr is written next to this script; verdicts.tsv says what
# each one is. Takes about 25 minutes for all (most run side by side);
# name some to record only those.
#
# usage: sh tests/corpus/record-verdicts.sh [<psrec>] [<name>...]
#   <psrec> defaults to build/record/psrec of this tree.
# Needs: xz, tar, sort, shuf, curl, python3, node (nodejs), gcc, unshare
# (util-linux), apt-get and root for host-apt (it reinstalls one package).
# The process-tree recordings (tests/corpus/trees/: exact CPU totals
# against /usr/bin/time) have their own: sh tests/corpus/record-trees.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
psrec=$top/build/record/psrec
case "${1:-}" in
*/*) psrec=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift ;;
esac
[ -x "$psrec" ] || { echo "record-verdicts: no psrec at '$psrec' (build first)" >&2; exit 1; }
T=$(mktemp -d /tmp/psr-corpus.XXXXXX)
trap 'kill $(cat "$T"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$T"' EXIT INT TERM
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

rec() { # NAME PSREC-ARGS...: record into $here/NAME.psr
	name=$1; shift
	"$psrec" -q -o "$T/$name.psr" --force "$@" >/dev/null 2>"$T/$name.err" ||
		{ echo "record-verdicts: $name: psrec failed: $(cat "$T/$name.err")" >&2; return 1; }
	mv "$T/$name.psr" "$here/$name.psr"
	echo "$name: $(wc -c <"$here/$name.psr") bytes" >&2
}

# a free TCP port on 127.0.0.1
port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait until a local HTTP server answers
await() { i=0; until curl -s -o /dev/null "http://127.0.0.1:$1/"; do
	i=$((i + 1)); [ $i -gt 100 ] && return 1; sleep 0.1; done; }

# input: real files, not random bytes, so xz works as it does on real data
data() {
	[ -f "$T/data.bin" ] && return 0
	tar cf - /usr/lib/x86_64-linux-gnu /usr/share/doc /usr/include 2>/dev/null |
		head -c 200000000 >"$T/data.bin"
}

# ---- healthy programs -------------------------------------------------
xz_t1() { data && rec xz-t1 -c -i 1 -- xz -T1 -6 -c "$T/data.bin" >/dev/null; }
xz_t2() { data && rec xz-t2 -c -i 1 -- xz -T2 -6 -c "$T/data.bin" >/dev/null; }
tar_xz() { rec tar-xz -c -i 1 -- sh -c \
	'tar cf - /usr/include /usr/share/doc /usr/share/perl 2>/dev/null | xz -T1 -3 >/dev/null'; }
sort_big() {
	seq 1 40000000 | shuf --random-source=/dev/zero >"$T/lines.txt"
	rec sort -c -i 0.5 -- sort -o /dev/null "$T/lines.txt"
	rm -f "$T/lines.txt"
}
ninja_build() {
	rec ninja-build -c -i 0.5 -- sh -c "meson setup '$T/b' '$top' >/dev/null && ninja -C '$T/b' >/dev/null"
	rm -rf "$T/b"
}
http_server() { # NAME SECONDS [PSREC-ARGS]: python's http.server under a curl loop
	p=$(port); mkdir -p "$T/www"; head -c 65536 /dev/zero >"$T/www/f"
	$PY -m http.server "$p" --bind 127.0.0.1 -d "$T/www" >/dev/null 2>&1 &
	echo $! >"$T/$1.pid"; await "$p" || return 1
	( end=$(($(date +%s) + $2 + 5)); while [ "$(date +%s)" -lt $end ]; do
		curl -s -o /dev/null "http://127.0.0.1:$p/f"; sleep 0.05; done ) &
	echo $! >"$T/$1.curl.pid"
	n=$1 d=$2; shift 2
	rec "$n" -i 1 -d "$d" "$@" -p "$(cat "$T/$n.pid")"
	kill "$(cat "$T/$n.curl.pid")" "$(cat "$T/$n.pid")"
	rm -f "$T/$n.curl.pid" "$T/$n.pid"
}
node_server() { # NAME LEAK-KIB-PER-REQUEST SECONDS [RECENT [WARM-UP]]
	p=$(port)
	node "$here/nodeserver.js" "$p" "$2" "${4:-100}" >/dev/null &
	echo $! >"$T/$1.pid"; await "$p" || return 1
	node "$here/load.js" "$p" $(($3 + ${5:-0} + 5)) 4 100 &
	load=$!
	sleep "${5:-0}" # recorded once warm, when asked
	rec "$1" -i 1 -d "$3" -p "$(cat "$T/$1.pid")"
	kill "$(cat "$T/$1.pid")" "$load" 2>/dev/null; rm -f "$T/$1.pid"
	wait "$load" 2>/dev/null; return 0 # the load ends with the server
}
pid1() { # pid 1 of a PID namespace: a shell as init, starting and reaping
	unshare --pid --fork --mount-proc sh -c '
		( while :; do sleep 1 & wait; done ) &
		"$1" -q -o "$2" --force -i 1 -d 180 -p 1 >/dev/null 2>&1
		kill $!' sh "$psrec" "$T/pid1.psr" &&
		mv "$T/pid1.psr" "$here/pid1.psr" &&
		echo "pid1: $(wc -c <"$here/pid1.psr") bytes" >&2
}
host_apt() { # the whole host while apt-get fetches and reinstalls a package
	# in a PID namespace of its own: -a then sees apt-get's processes and
	# not the other tenants of a shared machine, while --system still
	# reads the host's /proc/meminfo and /proc/stat
	unshare --pid --fork --mount-proc sh -c '
		( sleep 20; apt-get update -q
		  apt-get install -y -q --reinstall fpc-source-3.2.2 ) >"$3" 2>&1 &
		"$1" -q -o "$2" --force -a --system -i 2 -d 180 >/dev/null
		wait' sh "$psrec" "$T/host-apt.psr" "$T/apt.log" &&
		mv "$T/host-apt.psr" "$here/host-apt.psr" &&
		echo "host-apt: $(wc -c <"$here/host-apt.psr") bytes" >&2
}

# ---- real leaks -------------------------------------------------------
leaker() { # NAME: the C leaker built for one recording
	gcc -O2 -o "$T/leak-$1" "$here/leak.c" -lm
}
c_leak() { leaker c-leak && rec c-leak -i 1 -- "$T/leak-c-leak" 256 180; }
saw_leak() { # 64 KiB/s under a 16 MiB cache dropped every 20 s
	leaker saw-leak && rec saw-leak -i 1 -- "$T/leak-saw-leak" 64 300 16 20
}
py_leak() { rec py-leak -i 1 -- $PY "$here/pyleak.py" 200 180; }
node_leak() { rec node-leak -i 1 -- node "$here/nodeleak.js" 200 180; }

all="xz-t1 xz-t2 tar-xz sort ninja-build http-server node-server pid1 host-apt
c-leak saw-leak py-leak node-leak node-saw-leak http-run1 http-run2
node-thin-base node-thin-double"
[ $# -gt 0 ] && all="$*"
run() {
	case $1 in
	xz-t1) xz_t1 ;; xz-t2) xz_t2 ;; tar-xz) tar_xz ;; sort) sort_big ;;
	ninja-build) ninja_build ;; http-server) http_server http-server 180 ;;
	# the comparisons: one server twice, back to back, with context
	# switches (the same server); a warm node server keeping 50 or 250
	# recent requests for 20 s (about twice the RSS, on too few samples of
	# its sawtooth to be sure)
	http-run1) http_server http-run1 60 -x ;; http-run2) http_server http-run2 60 -x ;;
	node-thin-base) node_server node-thin-base 0 20 50 30 ;;
	node-thin-double) node_server node-thin-double 0 20 250 30 ;;
	node-server) node_server node-server 0 180 ;; pid1) pid1 ;;
	host-apt) host_apt ;; c-leak) c_leak ;; saw-leak) saw_leak ;;
	py-leak) py_leak ;; node-leak) node_leak ;;
	node-saw-leak) node_server node-saw-leak 8 300 ;;
	*) echo "record-verdicts: unknown recording '$1'" >&2; return 1 ;;
	esac
}
# the host alone first (the others would be in it); then the CPU-bound ones
# one after another and the light ones beside them
heavy="" light=""
for n in $all; do
	case $n in
	host-apt) run host-apt || exit 1 ;;
	xz-*|tar-xz|sort|ninja-build|http-run*|node-thin-*) heavy="$heavy $n" ;;
	*) light="$light $n" ;;
	esac
done
fail=0
( f=0; for n in $light; do run "$n" & echo $! >"$T/job.$n"; done
  for n in $light; do wait "$(cat "$T/job.$n")" || f=1; done; exit $f ) &
lightjob=$!
for n in $heavy; do run "$n" || fail=1; done
wait $lightjob || fail=1
exit $fail
