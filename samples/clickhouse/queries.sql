-- queries.sql - questions fleets ask of psreport --export rows, over
-- every shard (psr_samples_all; use psr_samples for one server). They
-- run on ClickHouse 18.16 and later. Each starts with "-- N.".

-- 1. The top processes by CPU across hosts: CPU seconds used and mean
-- CPU per process (a process is host, pid and start).
SELECT host, comm, pid,
       round(max(cpu_user_seconds + cpu_system_seconds)
             - min(cpu_user_seconds + cpu_system_seconds), 2) AS cpu_seconds,
       round(avg(cpu_percent), 1) AS cpu_mean_pct
FROM psr_samples_all
GROUP BY host, comm, pid, start_ms
ORDER BY cpu_seconds DESC
LIMIT 20;

-- 2. RSS growth per host and command: the least-squares slope of each
-- process's RSS over time, in MiB per hour, summed over the processes.
SELECT host, comm, count() AS processes,
       round(sum(slope_per_h) / 1048576, 2) AS mib_per_h,
       round(sum(rss_max) / 1048576, 1) AS rss_max_mib
FROM
(
    SELECT host, comm, pid, start_ms,
           covarPop(t / 3600, toFloat64(rss_bytes))
             / varPop(t / 3600) AS slope_per_h,
           max(rss_bytes) AS rss_max
    FROM psr_samples_all
    WHERE rss_bytes IS NOT NULL
    GROUP BY host, comm, pid, start_ms
    HAVING count() >= 2 AND max(t) > min(t)
)
GROUP BY host, comm
ORDER BY mib_per_h DESC
LIMIT 20;

-- 3. p95 CPU per command per day, over every host that ran it.
SELECT toDate(time) AS day, comm,
       uniqExact(host) AS hosts,
       count() AS samples,
       round(quantile(0.95)(cpu_percent), 1) AS cpu_p95_pct
FROM psr_samples_all
GROUP BY day, comm
ORDER BY day, cpu_p95_pct DESC;

-- 4. Hosts where a command leaks: processes whose RSS grows steadily
-- (correlation with time above 0.8) by more than 1 % of their mean
-- per hour, over at least 10 samples.
SELECT comm, host, count() AS processes,
       round(avg(slope_per_h) / 1048576, 2) AS mib_per_h,
       round(avg(growth_pct), 1) AS pct_per_h
FROM
(
    SELECT host, comm, pid, start_ms,
           covarPop(t / 3600, toFloat64(rss_bytes))
             / varPop(t / 3600) AS slope_per_h,
           slope_per_h / avg(rss_bytes) * 100 AS growth_pct,
           corr(t, toFloat64(rss_bytes)) AS r
    FROM psr_samples_all
    WHERE rss_bytes IS NOT NULL
    GROUP BY host, comm, pid, start_ms
    HAVING count() >= 10 AND max(t) > min(t)
)
WHERE r > 0.8 AND growth_pct > 1
GROUP BY comm, host
ORDER BY comm, mib_per_h DESC;
