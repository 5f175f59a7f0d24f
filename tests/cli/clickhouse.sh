# psreport --export into a real ClickHouse: a server of our own on
# loopback ports with its own data directory and a two-shard cluster
# (both shards on this one server, each with its own database), the
# schema of samples/clickhouse/schema.sql, two recordings exported as two
# hosts (one as CSV, one as JSON lines) loaded one host per shard; row
# counts, mean CPU and max RSS per host and process must equal psreport's
# own --summary, through each shard's psr_samples and through the
# Distributed table psr_samples_all. Exit 77 (skipped) when no server can
# be started. Extra argument: the schema file.
. "$(dirname "$0")/lib.sh" "$@"
SCHEMA=$(abs "$4")

skip() { echo "skipped: $*"; exit 77; }

SERVER=$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)
[ -x "$SERVER" ] || skip "clickhouse-server is not installed"
command -v clickhouse-client >/dev/null || skip "clickhouse-client is not installed"

# two recordings: "alpha" runs a CPU duty cycle and a growing process,
# "beta" a steady one and another duty cycle
start_workload cpu --duty 0.5
a1=$wl_pid
start_workload grow --rate 2M
a2=$wl_pid
"$PSREC" -q -o "$T/alpha.psr" -i 0.05 -d 2 -p "$a1,$a2" || fail "psrec alpha exit $?"
stop_workload "$a1"
stop_workload "$a2"
start_workload steady --size 16M
b1=$wl_pid
start_workload cpu --duty 0.3
b2=$wl_pid
"$PSREC" -q -o "$T/beta.psr" -i 0.05 -d 2 -p "$b1,$b2" || fail "psrec beta exit $?"
stop_workload "$b1"
stop_workload "$b2"

"$PSREPORT" --export "$T/alpha.csv" --host alpha --summary "$T/alpha.sum" \
	"$T/alpha.psr" >/dev/null || fail "psreport alpha exit $?"
"$PSREPORT" --export "$T/beta.jsonl" --host beta --summary "$T/beta.sum" \
	"$T/beta.psr" >/dev/null || fail "psreport beta exit $?"
"$PSREPORT" --export "$T/both.csv" "$T/alpha.psr" "$T/beta.psr" >/dev/null ||
	fail "psreport two logs exit $?"

# the export's own promises, before any server
expect "CSV header" "$(head -n 1 "$T/alpha.csv" | cut -d, -f1-10)" \
	"host,log_id,ts_ms,t,pid,ppid,start_ms,comm,cmdline,cpu_percent"
expect "no empty cells" "$(awk -F, 'NR > 1 && /,,|,$/' "$T/alpha.csv" | wc -l)" 0
expect "first CPU of a process is \\N" \
	"$(awk -F, -v p="$a1" '$5 == p { print $10; exit }' "$T/alpha.csv")" '\N'
expect "two logs in one export" "$(($(wc -l <"$T/both.csv") - 1))" \
	"$(($(wc -l <"$T/alpha.csv") + $(wc -l <"$T/beta.jsonl") - 1))"
expect "log ids of two logs" \
	"$(tail -n +2 "$T/both.csv" | cut -d, -f2 | sort -u | wc -l)" 2
grep -q '"cpu_percent":null' "$T/beta.jsonl" || fail "JSON lines: no null"
# a command line with a space, a single and a double quote, a comma
"$PSREC" -q -o "$T/args.psr" -i 0.05 -- sh -c 'sleep 0.3' "it's" 'a "b",c' ||
	fail "psrec launch exit $?"
"$PSREPORT" --export "$T/args.csv" "$T/args.psr" >/dev/null || fail "args export"
"$PSREPORT" --export "$T/args.jsonl" "$T/args.psr" >/dev/null || fail "args export"
want_cmd="sh -c 'sleep 0.3' 'it'\\''s' 'a \"b\",c'"
expect "cmdline in CSV" "$(python3 -c 'import csv, sys
print(list(csv.reader(open(sys.argv[1])))[1][8])' "$T/args.csv")" "$want_cmd"
expect "cmdline in JSON lines" "$(python3 -c 'import json, sys
print(json.loads(open(sys.argv[1]).readline())["cmdline"])' "$T/args.jsonl")" \
	"$want_cmd"

# the server: ports from our pid, away from the defaults
port=$((20000 + $$ % 20000))
http=$((port + 1))
mkdir -p "$T/ch/data" "$T/ch/tmp" "$T/ch/files"
cat >"$T/ch/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$T/ch/server.log</log>
    <errorlog>$T/ch/server.err</errorlog><console>0</console></logger>
  <tcp_port>$port</tcp_port>
  <http_port>$http</http_port>
  <listen_host>127.0.0.1</listen_host>
  <path>$T/ch/data/</path>
  <tmp_path>$T/ch/tmp/</tmp_path>
  <user_files_path>$T/ch/files/</user_files_path>
  <users_config>$T/ch/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <remote_servers>
    <psr_cluster>
      <shard><replica><default_database>psr_s1</default_database>
        <host>127.0.0.1</host><port>$port</port></replica></shard>
      <shard><replica><default_database>psr_s2</default_database>
        <host>127.0.0.1</host><port>$port</port></replica></shard>
    </psr_cluster>
  </remote_servers>
</yandex>
EOF
cat >"$T/ch/users.xml" <<'EOF'
<?xml version="1.0"?>
<yandex>
  <profiles><default></default></profiles>
  <users><default><password></password>
    <networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
EOF
"$SERVER" --config-file="$T/ch/config.xml" >"$T/ch/stdout" 2>&1 &
ch_pid=$!
bg_pids="$bg_pids $ch_pid"
CH() { clickhouse-client --host 127.0.0.1 --port "$port" "$@"; }
# the server says nothing when ready: ask it, for at most 30 s
up=0
for _ in $(seq 1 150); do
	kill -0 "$ch_pid" 2>/dev/null || break
	if CH -q 'SELECT 1' >/dev/null 2>&1; then up=1; break; fi
	sleep 0.2
done
if [ "$up" -ne 1 ]; then
	tail -n 3 "$T/ch/server.err" "$T/ch/stdout" 2>/dev/null >&2
	skip "clickhouse-server did not start on 127.0.0.1:$port"
fi
version=$(CH -q 'SELECT version()')
echo "clickhouse-server $version on port $port"

# Before 19.1 (Debian 12 ships 18.16) there are no column codecs and
# LowCardinality is experimental: drop the CODEC(...) clauses, allow it.
schema() {
	case $version in
	1[0-8].*|19.0.*)
		echo 'SET allow_experimental_low_cardinality_type = 1;'
		sed -E 's/ +CODEC\(([^()]|\([^()]*\))*\)//g' "$SCHEMA" ;;
	*) cat "$SCHEMA" ;;
	esac
}
for db in psr_s1 psr_s2; do
	CH -q "CREATE DATABASE $db" || fail "create $db"
	schema | CH --database "$db" --multiquery || fail "schema in $db"
done
# the table's columns are the export's, in order
cols=$(CH -q "SELECT name FROM system.columns WHERE database = 'psr_s1'
	AND table = 'psr_samples' AND default_kind != 'MATERIALIZED'" | paste -sd, -)
expect "table columns = export header" "$cols" "$(head -n 1 "$T/alpha.csv")"

CH --database psr_s1 -q 'INSERT INTO psr_samples FORMAT CSVWithNames' \
	<"$T/alpha.csv" || fail "load alpha (CSV)"
CH --database psr_s2 -q 'INSERT INTO psr_samples FORMAT JSONEachRow' \
	<"$T/beta.jsonl" || fail "load beta (JSON lines)"

# per host and pid: samples, mean CPU (time-weighted like psreport's:
# CPU seconds over the seconds between the first and last sample), max
# RSS
query() {
	CH --database "$1" -q "SELECT host, pid, count(),
		100 * (argMax(cpu_user_seconds + cpu_system_seconds, ts_ms)
		  - argMin(cpu_user_seconds + cpu_system_seconds, ts_ms))
		  / (max(t) - min(t)),
		max(rss_bytes)
		FROM $2 GROUP BY host, pid ORDER BY host, pid FORMAT CSV" | tr -d '"'
}
truth() { # host summary.csv
	awk -F, -v h="$1" '
	$5 == "process" && $8 == "rss_bytes" { n[$3] = $10; rss[$3] = $13 }
	$5 == "process" && $8 == "cpu_percent" { cpu[$3] = $14 }
	END { for (p in n) printf "%s,%s,%s,%s,%s\n", h, p, n[p], cpu[p], rss[p] }
	' "$2"
}
{ truth alpha "$T/alpha.sum"; truth beta "$T/beta.sum"; } | sort >"$T/want"
{ query psr_s1 psr_samples; query psr_s2 psr_samples; } | sort >"$T/shards"
query psr_s1 psr_samples_all | sort >"$T/dist"
cat "$T/want"
expect "processes" "$(wc -l <"$T/want")" 4
# same processes, same counts and max RSS; the mean CPU to 0.1% of itself
# or 0.01 point (the export's t has 3 decimals: over a few seconds that
# moves the mean by about a thousandth)
same() { # want got
	awk -F, 'NR == FNR { w[$1 "," $2] = $0; nw++; next }
	{ k = $1 "," $2; split(w[k], a, ",")
	  if (!(k in w) || a[3] != $3 || a[5] != $5 ||
	      (a[4] - $4 > 0.01 + a[4] / 1000) || ($4 - a[4] > 0.01 + a[4] / 1000)) bad++
	  seen++ }
	END { exit !(bad == 0 && seen == nw) }' "$1" "$2"
}
if same "$T/want" "$T/shards"; then ok "psr_samples per shard = --summary"
else fail "psr_samples: $(paste -d' ' "$T/want" "$T/shards" | tr '\n' ' ')"; fi
if same "$T/want" "$T/dist"; then ok "psr_samples_all = --summary"
else fail "psr_samples_all: $(paste -d' ' "$T/want" "$T/dist" | tr '\n' ' ')"; fi
expect "rows through the Distributed table" \
	"$(CH --database psr_s1 -q 'SELECT count() FROM psr_samples_all')" \
	"$(($(wc -l <"$T/alpha.csv") - 1 + $(wc -l <"$T/beta.jsonl")))"
expect "NULLs loaded as NULL" \
	"$(CH --database psr_s1 -q 'SELECT countIf(cpu_percent IS NULL) FROM psr_samples_all')" 4
# the command line comes back from the server as it was written
CH --database psr_s2 -q 'INSERT INTO psr_samples FORMAT CSVWithNames' \
	<"$T/args.csv" || fail "load args"
expect "cmdline through ClickHouse" "$(CH --database psr_s2 -q \
	"SELECT DISTINCT cmdline FROM psr_samples WHERE comm = 'sh'" -f TSVRaw)" \
	"$want_cmd"
# the queries shipped with the schema run
for q in $(seq 1 4); do
	awk -v q="$q" '/^-- [0-9]+\./ { n++ } n == q' "$(dirname "$SCHEMA")/queries.sql" |
		CH --database psr_s1 --multiquery >/dev/null 2>"$T/qerr" ||
		fail "queries.sql query $q: $(head -c 300 "$T/qerr")"
done

kill "$ch_pid" 2>/dev/null
wait "$ch_pid" 2>/dev/null
finish
