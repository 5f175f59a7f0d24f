-- schema.sql - psreport --export rows in ClickHouse (current releases).
--
-- psr_samples: one row per process-sample, as `psreport --export` writes
-- it (CSV with a header, or JSON lines for a .jsonl file); the column
-- order is the export's. psr_samples_all: a Distributed table over the
-- psr_samples of every shard of the cluster `psr_cluster` (define it in
-- the servers' remote_servers; rows go to a shard by host).
--
-- Load:   psreport --export day.csv --host web-17 /var/log/psrec/*.psr
--         clickhouse-client --query 'INSERT INTO psr_samples FORMAT CSVWithNames' < day.csv
--
-- Codecs: timestamps grow by the interval (DoubleDelta), gauges and
-- counters change little from one sample to the next (Delta), rates
-- and percentages are floats that repeat (Gorilla); then ZSTD.
-- ClickHouse 18.16 (Debian 12) has no CODEC clauses and needs
-- allow_experimental_low_cardinality_type = 1: tests/cli/clickhouse.sh
-- shows the two-line sed that adapts this file to it.

CREATE TABLE IF NOT EXISTS psr_samples
(
    host                        LowCardinality(String),
    log_id                      LowCardinality(String),
    ts_ms                       Int64                      CODEC(DoubleDelta, ZSTD(1)),
    t                           Float64                    CODEC(Gorilla, ZSTD(1)),
    pid                         UInt32                     CODEC(ZSTD(1)),
    ppid                        UInt32                     CODEC(ZSTD(1)),
    start_ms                    Int64                      CODEC(ZSTD(1)),
    comm                        LowCardinality(String),
    cmdline                     String                     CODEC(ZSTD(3)),
    cpu_percent                 Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    cpu_user_percent            Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    cpu_system_percent          Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    rss_bytes                   Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    vms_bytes                   Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    shared_bytes                Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    text_bytes                  Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    data_bytes                  Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    threads                     Nullable(UInt32)           CODEC(Delta, ZSTD(1)),
    fds                         Nullable(UInt32)           CODEC(Delta, ZSTD(1)),
    state                       Nullable(FixedString(1))  ,
    minflt_per_s                Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    majflt_per_s                Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    read_bytes_per_s            Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    write_bytes_per_s           Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    cancelled_write_bytes_per_s Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    rchar_bytes_per_s           Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    wchar_bytes_per_s           Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    syscr_per_s                 Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    syscw_per_s                 Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    vctxsw_per_s                Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    nvctxsw_per_s               Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    swap_bytes                  Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    hwm_bytes                   Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    rss_anon_bytes              Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    rss_file_bytes              Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    rss_shmem_bytes             Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    uss_bytes                   Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    pss_bytes                   Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    smaps_swap_bytes            Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    swap_pss_bytes              Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    cpu_user_seconds            Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    cpu_system_seconds          Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    children_cpu_user_seconds   Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    children_cpu_system_seconds Nullable(Float64)          CODEC(Gorilla, ZSTD(1)),
    minflt                      Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    majflt                      Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    read_bytes                  Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    write_bytes                 Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    cancelled_write_bytes       Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    rchar_bytes                 Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    wchar_bytes                 Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    syscr                       Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    syscw                       Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    vctxsw                      Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    nvctxsw                     Nullable(UInt64)           CODEC(Delta, ZSTD(1)),
    time                        DateTime MATERIALIZED toDateTime(intDiv(ts_ms, 1000))
)
ENGINE = MergeTree
PARTITION BY toDate(time)
ORDER BY (host, pid, start_ms, ts_ms);

-- The database '' is each replica's <default_database> in the cluster's
-- definition, which lets two shards share a server (tests/cli/clickhouse.sh
-- runs psr_s1 and psr_s2 on one); with one shard per server, write the
-- database's name (or currentDatabase()) there instead. Rows inserted here
-- go to a shard by host; loading each host into its shard's psr_samples
-- works as well.
CREATE TABLE IF NOT EXISTS psr_samples_all AS psr_samples
ENGINE = Distributed(psr_cluster, '', psr_samples, cityHash64(host));
