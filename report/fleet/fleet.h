/* fleet.h - psreport --fleet: many logs of many hosts, one table per
 * command across hosts and one per host; with --pdf, --svg or --png, one
 * chart per chosen metric with a line per host over wall-clock time.
 *
 * The session reads the logs one recording at a time (an engine for a
 * log, or for the rotated parts of one run); each result is reduced here
 * into per-host and per-command totals, then freed, so memory follows
 * hosts x commands, not logs or samples; the charts add hosts x metrics x
 * FLEET_BUCKETS. Logs that cannot be read, or only in part, are listed
 * with the reason; the rest is reported.
 *
 * The files: fleet.c the reduction (hosts, commands, problems);
 * fleetgrid.c the charts' time grid; fleetmetric.c --fleet-metric;
 * fleettext.c the tables as text and CSV; fleetview.c the charts' view
 * and fleetvis.c their drawing. */
#ifndef PSREPORT_FLEET_H
#define PSREPORT_FLEET_H

#include <stdbool.h>
#include <stddef.h>

#include <psr/analysis.h>

/* Time buckets of a fleet chart: the host totals of a metric are kept
 * per bucket of a grid over the fleet's time span, whose width grows
 * (runs of buckets merge) as later recordings arrive. */
#define FLEET_BUCKETS 512

/* --fleet-metric takes at most this many metrics. */
#define FLEET_MAX_METRICS 8

/* The metrics of --fleet-metric: "cpu,rss", names as in --csv's columns
 * (gauges and rates), with or without their unit suffix (_percent,
 * _bytes, _per_s); repeats are dropped. 0, or -EINVAL with "--fleet-metric
 * 'x': ..." in err. */
int fleet_metric_parse(const char *arg, unsigned *idx, size_t *n,
		       char *err, size_t errlen);

/* The default metrics (cpu and rss) into idx; returns their count. */
size_t fleet_metric_defaults(unsigned *idx);

struct fleet;
struct input;
struct input_set;

/* Where the charts' grid starts: the first start of the logs, on a whole
 * minute, or --from. */
double fleet_t0(const struct input_set *s, const struct psr_analysis_opts *an);

/* The fleet's totals, with the time grid of metrics[0..nmetrics) when
 * charts (from its first start t0, Unix seconds). NULL: out of memory. */
struct fleet *fleet_new(bool charts, const unsigned *metrics,
			size_t nmetrics, double t0);

/* A log read (counted), or not; with the problem it had, if any: it could
 * not be opened, or read to its end (in->why), or only in part
 * (in->warnings). 0 or -ENOMEM. */
int fleet_log(struct fleet *f, const struct input *in);

/* One recording's result into its hosts and commands. 0 or -ENOMEM. */
int fleet_reduce(struct fleet *f, const struct psr_result *r);

/* No more recordings: the tables in their order. */
void fleet_done(struct fleet *f);

/* How many logs were read, and how many had problems. */
uint64_t fleet_logs_read(const struct fleet *f);
size_t fleet_problems(const struct fleet *f);

void fleet_free(struct fleet *f);

/* The analysis options the fleet needs: each recording's CPU
 * distribution (for the p95 of a command across its processes). */
void fleet_analysis_opts(struct psr_analysis_opts *an);

#endif
