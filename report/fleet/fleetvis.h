/* fleetvis.h - the visual outputs of psreport --fleet, drawn from plain
 * structs that fleet.c fills once the logs are read:
 *  - --pdf: a first page (continued as needed) with the per-command and
 *    per-host tables and the logs with problems, then a page per metric
 *    with one line per host over wall-clock time (the host's total over
 *    its processes, per time bucket) and a table of those hosts;
 *  - --svg DIR, --png DIR: those charts, one file per metric, named
 *    fleet-METRIC.svg (.png).
 * At most FLEETVIS_LINES hosts are drawn per chart: the ones with the
 * highest bucket; the page and the chart's title say how many are left
 * out. Errors: 0 or a negative code with a one-line message in err (no
 * "psreport:" prefix); files are complete or absent. */
#ifndef PSREPORT_FLEETVIS_H
#define PSREPORT_FLEETVIS_H

#include "theme.h"

#include <stddef.h>
#include <stdint.h>

struct visual_opts;

#define FLEETVIS_LINES THEME_NSERIES /* one colour per host */

struct fleetvis_cmd {
	const char *name;
	size_t hosts;
	uint64_t procs, samples;
	double cpu_mean, cpu_p95; /* percent, NaN: none */
	double rss_max, growth_max; /* bytes, bytes per hour */
	unsigned leak, possible;
};

struct fleetvis_host {
	const char *name;
	uint64_t logs, procs, samples;
	double cpu_s, rss_max;
	unsigned leak, possible;
};

struct fleetvis_bad {
	const char *path, *why;
};

/* One host on one metric's chart: its total per bucket. */
struct fleetvis_line {
	const char *host;
	double *t, *v;  /* n bucket centres (Unix s) and totals, NaN: none */
	size_t n;
	double mean;    /* time-weighted over its recorded time */
	double peak, peak_t; /* its highest bucket and when */
	double seconds; /* recorded time */
};

struct fleetvis_metric {
	unsigned series;      /* index into psr_series_table() */
	const char *name;     /* short: "cpu", "rss", file names */
	struct fleetvis_line *lines; /* the hosts drawn, highest peak first */
	size_t nlines;
	size_t nhosts;        /* hosts with any value of this metric */
	double width;         /* bucket width, seconds */
	double t0, t1;        /* the fleet's recorded span, Unix seconds */
};

struct fleetvis {
	uint64_t logs_read, samples;
	const struct fleetvis_cmd *cmds; /* by CPU seconds, most first */
	size_t ncmds;
	const struct fleetvis_host *hosts; /* by name */
	size_t nhosts;
	const struct fleetvis_bad *bad;
	size_t nbad;
	const struct fleetvis_metric *metrics;
	size_t nmetrics;
	double first, last; /* the first and last sample charted (Unix s;
			     * first > last: none) */
};

/* Before any log is read: the PDF or a chart file that exists without
 * --force is refused (-EEXIST), so that a long read is not wasted. */
int fleetvis_check(const struct visual_opts *v, const unsigned *metrics,
		   size_t nmetrics, char *err, size_t errlen);

/* Every visual output asked for in v; all of them or none. */
int fleetvis_write(const struct fleetvis *f, const struct visual_opts *v,
		   char *err, size_t errlen);

/* The short name of a series: its name without _percent, _bytes or
 * _per_s ("cpu", "rss", "read_bytes"), into buf. */
void fleetvis_short_name(unsigned series, char *buf, size_t len);

#endif
