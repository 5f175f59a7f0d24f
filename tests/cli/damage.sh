# A freshly recorded real log, cut at every offset of its last block and
# with a byte flipped in each block, never crashes the reader and loses
# only the damaged block (tests/unit/test_damage.c does the damaging).
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
DAMAGE=$4
"$PSREC" -q -o "$T/d.psr" -i 0.02 --flush 0.1 -x -- "$WORKLOAD" cpu --duty 0.3 --duration 0.8 ||
	fail "psrec exit $?"
"$DAMAGE" "$T/d.psr" || fail "test_damage"
zstd -q -t "$T/d.psr" || fail "zstd -t accepts a closed log"
zstd -q -dc "$T/d.psr" | head -c 1 | od -An -tx1 | grep -q 01 ||
	fail "zstd -dc yields the record stream, starting with a BLOCK record"
finish
