/* fleet.h - psreport --fleet: many logs of many hosts, one table per
 * command across hosts and one per host; with --pdf, --svg or --png, one
 * chart per chosen metric with a line per host over wall-clock time.
 *
 * Logs are read one recording at a time (one analysis for a log, or for
 * the rotated parts of one run, reduced into per-host and per-command
 * totals, then freed), so memory follows hosts x commands, not logs or
 * samples; the charts add hosts x metrics x FLEET_BUCKETS. Logs that
 * cannot be read, or only in part, are listed with the reason; the rest
 * is reported. */
#ifndef PSREPORT_FLEET_H
#define PSREPORT_FLEET_H

#include <stdbool.h>
#include <stddef.h>

#include <psr/analysis.h>

struct visual_opts;

/* Time buckets of a fleet chart: the host totals of a metric are kept
 * per bucket of a grid over the fleet's time span, whose width grows
 * (runs of buckets merge) as later samples arrive. */
#define FLEET_BUCKETS 512

/* --fleet-metric takes at most this many metrics. */
#define FLEET_MAX_METRICS 8

struct fleet_opts {
	const struct psr_analysis_opts *an; /* leak options, filters */
	char **args;      /* logs and directories (read recursively) */
	size_t nargs;
	const char *csv;  /* --fleet-csv, or NULL */
	bool text;        /* the tables on standard output */
	bool force;
	/* --pdf, --svg, --png (none wanted: no charts, no time buckets) */
	const struct visual_opts *vis;
	const unsigned *metrics; /* series indexes (psr/series.h) to chart */
	size_t nmetrics;
};

/* The metrics of --fleet-metric: "cpu,rss", names as in --csv's columns
 * (gauges and rates), with or without their unit suffix (_percent,
 * _bytes, _per_s); repeats are dropped. 0, or -EINVAL with "--fleet-metric
 * 'x': ..." in err. */
int fleet_metric_parse(const char *arg, unsigned *idx, size_t *n,
		       char *err, size_t errlen);

/* The default metrics (cpu and rss) into idx; returns their count. */
size_t fleet_metric_defaults(unsigned *idx);

/* The whole --fleet run; returns the exit code: 0, or 1 when a log or
 * directory could not be read (the rest still reported) or an output
 * failed. */
int fleet_main(const struct fleet_opts *o);

#endif
